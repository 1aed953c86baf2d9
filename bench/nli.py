"""The contradiction model in context: SNLI test and RTE validation.

Two readings of each sentence pair (premise, hypothesis):

1. claimgraph's own linker: both sentences go through the pipeline as two reports, and the
   claims of the pair are labelled by ``link.claims.relate`` (agree -> entailment, contradict or
   change -> contradiction, no label -> neutral). It is built for news propositions about named
   actors, so on image captions (SNLI) it mostly abstains: the figure says how much.
2. For scale, a sentence-pair classifier on the same all-MiniLM-L6-v2 embeddings the linker uses
   ([u, v, |u - v|, u * v], logistic regression), trained on SNLI *validation* only, scored on
   SNLI test and, as entailment / not, on RTE validation.

    .venv/bin/python bench/nli.py [--write] [--limit N]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from quotes import RESULTS_PATH, replace_section  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "nli"
HEADING = "## Contradiction in context: SNLI test and RTE"
LABELS = ("entailment", "neutral", "contradiction")


def read_snli(name: str, limit: int | None) -> list[tuple[str, str, int]]:
    with open(DATA / name, encoding="utf-8") as fh:
        rows = [(r["premise"], r["hypothesis"], int(r["label"])) for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
                if r["label"] in ("0", "1", "2")]
    return rows[:limit] if limit else rows


def read_rte(limit: int | None) -> list[tuple[str, str, int]]:
    with open(DATA / "data_rte_validation.tsv", encoding="utf-8") as fh:
        rows = [(r["sentence1"], r["sentence2"], int(r["label"])) for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)]
    return rows[:limit] if limit else rows


def linker_labels(pairs: list[tuple[str, str, int]]) -> list[int]:
    """0 entailment, 1 neutral, 2 contradiction, from claimgraph's events and relate()."""
    from claimgraph.link.claims import ClaimRow, relate
    from claimgraph.nlp.pipeline import load_pipeline

    nlp = load_pipeline()
    texts = [t for p, h, _ in pairs for t in (p, h)]
    docs = list(nlp.pipe(texts, batch_size=64))

    def claims(doc, side: int) -> list[ClaimRow]:
        out = []
        for k, e in enumerate(doc._.cg_events or []):
            actor = (e.get("actor") or {}).get("entity_id")
            if not actor:
                continue
            out.append(ClaimRow(id=side * 1000 + k, doc_id=str(side), type=e["type"], mode=e.get("mode"), subject_id=actor,
                                target_id=(e.get("target") or {}).get("entity_id"),
                                object_id=(e.get("object") or {}).get("entity_id"), object=(e.get("object") or {}).get("text"),
                                polarity=e["polarity"], modality=e["modality"], window_start=None, window_end=None,
                                sentence=doc.text, event_id=side * 1000 + k))
        return out

    out = []
    for i in range(len(pairs)):
        labels = {v[0] for a in claims(docs[2 * i], 1) for b in claims(docs[2 * i + 1], 2)
                  if a.subject_id == b.subject_id and (v := relate(a, b)) is not None}
        out.append(2 if labels & {"contradict", "change"} else 0 if "agree" in labels else 1)
    return out


def features(pairs: list[tuple[str, str, int]]) -> np.ndarray:
    from claimgraph.link.embed import embed

    u = embed([p for p, _, _ in pairs])
    v = embed([h for _, h, _ in pairs])
    return np.hstack([u, v, np.abs(u - v), u * v])


def prf(gold: list[int], pred: list[int], label: int) -> tuple[float, float, float]:
    tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == p == label)
    np_, ng = sum(1 for p in pred if p == label), sum(1 for g in gold if g == label)
    p, r = tp / np_ if np_ else 0.0, tp / ng if ng else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--limit", type=int, default=None, help="first N pairs of each set (quick runs; not written)")
    args = ap.parse_args(argv)
    from sklearn.linear_model import LogisticRegression

    train, test, rte = read_snli("data_snli_validation.tsv", args.limit), read_snli("data_snli_test.tsv", args.limit), read_rte(args.limit)
    t0 = time.perf_counter()
    clf = LogisticRegression(max_iter=2000, C=1.0).fit(features(train), [y for *_, y in train])
    snli_pred = list(clf.predict(features(test)))
    rte_pred = [0 if y == 0 else 1 for y in clf.predict(features(rte))]  # RTE: 0 entailment, 1 not
    emb_s = time.perf_counter() - t0
    snli_gold, rte_gold = [y for *_, y in test], [y for *_, y in rte]
    t0 = time.perf_counter()
    link_snli = linker_labels(test)
    link_rte = [0 if y == 0 else 1 for y in linker_labels(rte)]
    link_s = time.perf_counter() - t0

    def acc(g: list[int], p: list[int]) -> float:
        return sum(1 for a, b in zip(g, p, strict=True) if a == b) / len(g)

    majority = max(set(snli_gold), key=snli_gold.count)
    rows = [
        f"{dt.date.today().isoformat()}. Command: `.venv/bin/python bench/nli.py --write`",
        "",
        f"SNLI test: {len(test)} pairs; RTE validation: {len(rte)} pairs (entailment / not). Classifier trained on SNLI "
        f"validation ({len(train)} pairs) only.",
        "",
        "| system | SNLI test accuracy | SNLI contradiction P / R / F1 | SNLI pairs labelled (not neutral) | RTE accuracy |",
        "|---|---:|---|---:|---:|",
    ]
    for name, sp, rp in (("claimgraph linker (events + relate)", link_snli, link_rte),
                         ("MiniLM pair classifier (LR, SNLI validation)", snli_pred, rte_pred)):
        p, r, f = prf(snli_gold, sp, 2)
        labelled = sum(1 for x in sp if x != 1)
        rows.append(f"| {name} | {acc(snli_gold, sp):.3f} | {p:.3f} / {r:.3f} / {f:.3f} | {labelled} | {acc(rte_gold, rp):.3f} |")
    rows.append(f"| majority class | {acc(snli_gold, [majority] * len(snli_gold)):.3f} | | | "
                f"{acc(rte_gold, [max(set(rte_gold), key=rte_gold.count)] * len(rte_gold)):.3f} |")
    rows += ["", f"Time: linker {link_s:.0f} s (pipeline on both sentences of every pair), classifier {emb_s:.0f} s "
             "(embedding and training). The linker labels only claims about the same canonical actor, so on captions "
             "without named actors it abstains: its figures say how rarely SNLI-style pairs are its kind of evidence, "
             "not how well it reads the news pairs it is built for (`tests/e2e/test_claims.py`, `bench/claims.py`)."]
    body = "\n".join(rows)
    print(body)
    if args.write and not args.limit:
        replace_section(RESULTS_PATH, HEADING, body)
        print(f"updated section '{HEADING}' in {RESULTS_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

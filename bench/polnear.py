"""PolNeAR loader and attribution scorer for the quotation-attribution benchmark.

PolNeAR (Newell, Margolin & Ruths, LREC 2018) ships brat standoff files:

    T<n>\\t<Label> <start> <end>[;<start> <end>...]\\t<text>
    E<n>\\tAttribution:T<a> Content:T<c> Cue:T<u> Source:T<s>

Labels seen in the data besides Source/Cue/Content/Attribution:
``Attribution-no-source`` (the trigger of an attribution without a source),
``Discard`` and ``Discuss`` (annotator bookkeeping, ignored), and
``#<n>\\tAnnotatorNotes`` lines (ignored). An event may carry a second content
argument (``Content2:T<x>``, brat's numbering of repeated roles), usually the
two halves of a quote broken by "he said".

Reduction of one attribution to three character spans:

* every role span is the *envelope* of its fragments (first start to last end),
  also across repeated arguments (Content + Content2);
* an event without a Content argument is dropped (counted in LoadStats);
* Source/Cue may be absent (``None``).

Offsets are character offsets into the UTF-8 decoded .txt (read with
``newline=""`` so no newline translation shifts them). Every T's brat text is
checked against ``text[start:end]`` (fragments joined by one space, brat's
convention); see ``_verify_text`` for how a mismatch is handled.

The scorer (``score``) is defined in its docstring; the benchmark CLI lives in
``bench/quotes.py``. Importing this module has no side effects.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import permutations
from pathlib import Path
from typing import Any

DEFAULT_ROOT = Path(os.environ.get("POLNEAR_ROOT", "/work/shared/data/polnear"))
SPLITS: tuple[str, ...] = ("train", "dev", "test")

Span = tuple[int, int]
# One attribution as exchanged with systems and the scorer:
# {"content": [s, e], "source": [s, e] | None, "cue": [s, e] | None}
Attribution = dict[str, Any]

_T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$")
_E_LINE = re.compile(r"^(E\d+)\t(.*)$")
# Any line brat itself writes starts with an id letter, a number and a tab.
# Anything else is the continuation of the previous T's text (brat writes the
# covered text verbatim, embedded newlines included).
_ANN_LINE = re.compile(r"^[TERAMN#*]\d*\t")
_ROLES = ("Content", "Source", "Cue")


# --------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------


@dataclass
class LoadStats:
    """Counters describing what the parser saw and how it reduced it."""

    counts: Counter[str] = field(default_factory=Counter)

    def add(self, key: str, n: int = 1) -> None:
        self.counts[key] += n

    def merge(self, other: LoadStats) -> None:
        self.counts.update(other.counts)


@dataclass(frozen=True)
class Article:
    """One article with the attributions of its gold annotator."""

    stem: str
    split: str
    text: str
    attributions: list[Attribution]
    annotator: str
    # Every annotator who annotated this article (the gold one included).
    annotators: tuple[str, ...] = ()


@dataclass(frozen=True)
class MultiArticle:
    """An article annotated independently by several annotators."""

    stem: str
    split: str
    text: str
    by_annotator: dict[str, list[Attribution]]


def _envelope(fragments: Iterable[Span]) -> Span:
    frags = list(fragments)
    return min(s for s, _ in frags), max(e for _, e in frags)


def _verify_text(
    text: str, fragments: list[Span], brat_text: str, stats: LoadStats
) -> list[Span]:
    """Check brat's copy of the covered text against the article text.

    Returns the fragments to use. Offsets are authoritative; a mismatch is
    handled by relocating a contiguous span to the nearest exact occurrence of
    brat's text (counted as ``offset_relocated``); if that fails the offsets
    are kept as they are and counted as ``offset_mismatch_kept``. (On PolNeAR
    v1.0 neither happens: every span matches.)
    """
    expected = " ".join(text[s:e] for s, e in fragments)
    # Continuation lines may swallow blank separator lines that follow a T
    # whose text ends the block, so trailing newlines are not significant.
    if expected == brat_text or expected.rstrip("\n") == brat_text.rstrip("\n"):
        stats.add("offset_ok")
        return fragments
    wanted = brat_text.rstrip("\n")
    if len(fragments) == 1 and wanted:
        start = fragments[0][0]
        hits = [m.start() for m in re.finditer(re.escape(wanted), text)]
        if hits:
            best = min(hits, key=lambda h: abs(h - start))
            stats.add("offset_relocated")
            return [(best, best + len(wanted))]
    stats.add("offset_mismatch_kept")
    return fragments


def parse_ann(ann_text: str, text: str, stats: LoadStats | None = None) -> list[Attribution]:
    """Parse one brat .ann file into attribution dicts (document order)."""
    stats = stats if stats is not None else LoadStats()
    # T id -> (label, fragments); brat text is collected line by line.
    entities: dict[str, tuple[str, list[Span]]] = {}
    pending: list[Any] | None = None  # [tid, label, fragments, text lines]
    events: list[tuple[str, list[tuple[str, str]]]] = []

    def flush() -> None:
        nonlocal pending
        if pending is not None:
            tid, label, frags, lines = pending
            entities[tid] = (label, _verify_text(text, frags, "\n".join(lines), stats))
            pending = None

    for line in ann_text.split("\n"):
        if not _ANN_LINE.match(line):
            if pending is not None:
                pending[3].append(line)
            elif line.strip():
                stats.add("stray_line")
            continue
        flush()
        if m := _T_LINE.match(line):
            tid, label, frag_str, brat_text = m.groups()
            frags = [
                (int(a), int(b)) for a, b in (f.split() for f in frag_str.split(";"))
            ]
            if len(frags) > 1:
                stats.add(f"discontinuous_{label}")
            stats.add(f"T_{label}")
            pending = [tid, label, frags, [brat_text]]
        elif m := _E_LINE.match(line):
            eid, args = m.groups()
            # "Content2:T9" -> ("Content", "T9"); trailing spaces occur.
            pairs = []
            for arg in args.split():
                role, _, ref = arg.partition(":")
                pairs.append((role.rstrip("0123456789"), ref))
            events.append((eid, pairs))
        else:
            stats.add("other_line")  # AnnotatorNotes and friends
    flush()

    attributions: list[Attribution] = []
    referenced_content: set[str] = set()
    for _eid, pairs in events:
        stats.add("events")
        by_role: dict[str, list[Span]] = {}
        for role, ref in pairs:
            if role not in _ROLES:
                continue  # the Attribution / Attribution-no-source trigger
            if ref not in entities:
                stats.add("dangling_reference")
                continue
            if role == "Content":
                if role in by_role:
                    stats.add("multi_content_args")
                referenced_content.add(ref)
            by_role.setdefault(role, []).extend(entities[ref][1])
        if "Content" not in by_role:
            stats.add("event_without_content_dropped")
            continue
        attr: Attribution = {
            role.lower(): (list(_envelope(by_role[role])) if role in by_role else None)
            for role in _ROLES
        }
        if attr["source"] is None:
            stats.add("attr_without_source")
        if attr["cue"] is None:
            stats.add("attr_without_cue")
        attributions.append(attr)

    orphans = sum(
        1 for tid, (label, _) in entities.items()
        if label == "Content" and tid not in referenced_content
    )
    stats.add("orphan_content_ignored", orphans)
    stats.add("attributions", len(attributions))
    attributions.sort(key=lambda a: (a["content"][0], a["content"][1]))
    return attributions


def _read(path: Path) -> str:
    # newline="" keeps "\r" and "\n" as-is so offsets stay character-exact.
    with path.open(encoding="utf-8", newline="") as fh:
        return fh.read()


def annotation_files(split: str, root: Path | str = DEFAULT_ROOT) -> dict[str, list[Path]]:
    """Map each article stem of a split to its .ann files, sorted by filename.

    File names are ``<stem>_<annotator>.ann``; the stem itself contains
    underscores, so the annotator id is what follows the *last* one.
    """
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; expected one of {SPLITS}")
    ann_dir = Path(root) / split / "attributions"
    if not ann_dir.is_dir():
        raise FileNotFoundError(f"no PolNeAR attributions at {ann_dir}")
    files: dict[str, list[Path]] = {}
    for path in sorted(ann_dir.glob("*.ann"), key=lambda p: p.name):
        stem = path.stem.rsplit("_", 1)[0]
        files.setdefault(stem, []).append(path)
    return files


def _annotator(path: Path) -> str:
    return path.stem.rsplit("_", 1)[1]


def load_split(
    split: str, root: Path | str = DEFAULT_ROOT, stats: LoadStats | None = None
) -> list[Article]:
    """Load one split: each distinct article once, sorted by stem.

    Gold for an article is the annotator file whose filename sorts first.
    """
    root = Path(root)
    stats = stats if stats is not None else LoadStats()
    articles: list[Article] = []
    for stem, paths in sorted(annotation_files(split, root).items()):
        text = _read(root / split / "text" / f"{stem}.txt")
        gold = paths[0]
        articles.append(
            Article(
                stem=stem,
                split=split,
                text=text,
                attributions=parse_ann(_read(gold), text, stats),
                annotator=_annotator(gold),
                annotators=tuple(_annotator(p) for p in paths),
            )
        )
        stats.add("articles")
        if len(paths) > 1:
            stats.add("multi_annotated_articles")
    return articles


def load_multi_annotated(
    root: Path | str = DEFAULT_ROOT,
    splits: Sequence[str] = SPLITS,
    stats: LoadStats | None = None,
) -> list[MultiArticle]:
    """All articles with more than one annotator file, splits pooled.

    Used for the human ceiling. (PolNeAR v1.0: 20 articles, 16 train + 2 dev +
    2 test; 19 with six annotators, one with five.)
    """
    root = Path(root)
    stats = stats if stats is not None else LoadStats()
    out: list[MultiArticle] = []
    for split in splits:
        for stem, paths in sorted(annotation_files(split, root).items()):
            if len(paths) < 2:
                continue
            text = _read(root / split / "text" / f"{stem}.txt")
            by_annotator = {_annotator(p): parse_ann(_read(p), text, stats) for p in paths}
            out.append(MultiArticle(stem, split, text, by_annotator))
    return out


# --------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------


@dataclass
class Counts:
    """Additive counts behind every figure; summed over articles (micro)."""

    gold: int = 0
    pred: int = 0
    content_exact: int = 0  # one-to-one exact content matches
    content_overlap: int = 0  # one-to-one greedy overlap content matches
    source_right: int = 0  # overlap-matched pairs whose source is right
    pair_exact: int = 0  # exact-matched pairs whose source is right

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            *(getattr(self, f) + getattr(other, f) for f in self.__dataclass_fields__)
        )


def _span(value: Any) -> Span | None:
    if value is None:
        return None
    s, e = value
    return int(s), int(e)


def _content(attr: Attribution) -> Span:
    span = _span(attr.get("content"))
    if span is None:
        raise ValueError(f"attribution without a content span: {attr!r}")
    return span


def _overlap(a: Span, b: Span) -> int:
    """Number of shared characters of two half-open spans."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def source_right(gold: Span | None, pred: Span | None) -> bool:
    """Both absent = right; exactly one absent = wrong; else any shared character."""
    if gold is None or pred is None:
        return gold is None and pred is None
    return _overlap(gold, pred) > 0


def match_exact(gold: Sequence[Span], pred: Sequence[Span]) -> list[tuple[int, int]]:
    """One-to-one exact matching: each prediction (in order) takes the first
    unused gold span with the same start and end."""
    free: dict[Span, list[int]] = {}
    for gi, span in enumerate(gold):
        free.setdefault(span, []).append(gi)
    pairs = []
    for pi, span in enumerate(pred):
        if free.get(span):
            pairs.append((free[span].pop(0), pi))
    return pairs


def match_overlap(gold: Sequence[Span], pred: Sequence[Span]) -> list[tuple[int, int]]:
    """One-to-one greedy overlap matching.

    All (gold, pred) pairs sharing at least one character are sorted by overlap
    size, largest first (ties: gold index, then pred index, i.e. document order
    when the inputs are sorted); a pair is taken if neither side is used yet.
    """
    cands = [
        (ov, gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(pred)
        if (ov := _overlap(g, p)) > 0
    ]
    cands.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, gi, pi in cands:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return pairs


def count_article(gold: Sequence[Attribution], pred: Sequence[Attribution]) -> Counts:
    """Counts for one article (see ``score`` for the definition)."""
    g_content = [_content(a) for a in gold]
    p_content = [_content(a) for a in pred]
    g_src = [_span(a.get("source")) for a in gold]
    p_src = [_span(a.get("source")) for a in pred]

    exact = match_exact(g_content, p_content)
    overlap = match_overlap(g_content, p_content)
    return Counts(
        gold=len(gold),
        pred=len(pred),
        content_exact=len(exact),
        content_overlap=len(overlap),
        source_right=sum(source_right(g_src[gi], p_src[pi]) for gi, pi in overlap),
        pair_exact=sum(source_right(g_src[gi], p_src[pi]) for gi, pi in exact),
    )


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float | int]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f1": f, "tp": tp}


def metrics(c: Counts) -> dict[str, Any]:
    """Turn pooled counts into the figures reported by ``score``."""
    return {
        "n_gold": c.gold,
        "n_pred": c.pred,
        "content_exact": _prf(c.content_exact, c.pred, c.gold),
        "content_overlap": _prf(c.content_overlap, c.pred, c.gold),
        "source": _prf(c.source_right, c.pred, c.gold),
        # Not part of the P/R/F1 definition: how often the source is right
        # *given* an overlap-matched content (the figure usually quoted as
        # "source accuracy"; ~0.94 between PolNeAR annotators).
        "source_accuracy": c.source_right / c.content_overlap if c.content_overlap else 0.0,
        "pair": _prf(c.source_right, c.pred, c.gold),
        "pair_exact": _prf(c.pair_exact, c.pred, c.gold),
        "counts": c,
    }


def score_counts(
    gold: Mapping[str, Sequence[Attribution]], pred: Mapping[str, Sequence[Attribution]]
) -> Counts:
    """Pooled counts over the union of article stems (a stem missing on one
    side counts as an article with no attributions on that side)."""
    total = Counts()
    for stem in sorted(set(gold) | set(pred)):
        total = total + count_article(gold.get(stem, ()), pred.get(stem, ()))
    return total


def score(
    gold: Mapping[str, Sequence[Attribution]], pred: Mapping[str, Sequence[Attribution]]
) -> dict[str, Any]:
    """Score predicted attributions against gold, micro-averaged over articles.

    Definition (per article, counts summed over articles):

    * content_exact: content spans matched one-to-one on identical start and
      end. P = matches / #pred, R = matches / #gold, F1 harmonic mean.
    * content_overlap: content spans matched one-to-one, greedily by overlap
      size (any shared character qualifies), see ``match_overlap``.
    * source: over the overlap-matched content pairs, the source is *right*
      when both sources share a character, or both are None (one None and the
      other not is wrong). P = right / #pred, R = right / #gold.
    * pair: content overlap-matched AND source right, P/R over #pred/#gold.
      By this definition pair == source (a source is only judged on a matched
      pair); both keys are kept so the report reads as specified.
    * pair_exact: as pair, but on the exact content matching.
    * source_accuracy: right / overlap-matched pairs (conditional accuracy).

    Spans are half-open ``[start, end)`` character offsets.
    """
    return metrics(score_counts(gold, pred))


def human_agreement(articles: Sequence[MultiArticle]) -> dict[str, Any]:
    """Inter-annotator agreement with the same scorer.

    Every ordered pair of annotators (a as gold, b as prediction) of every
    article is scored and all counts are pooled, so P and R are symmetric.
    """
    total = Counts()
    n_pairs = 0
    for art in articles:
        for a, b in permutations(sorted(art.by_annotator), 2):
            total = total + count_article(art.by_annotator[a], art.by_annotator[b])
            n_pairs += 1
    result = metrics(total)
    result["n_articles"] = len(articles)
    result["n_pairs"] = n_pairs
    return result

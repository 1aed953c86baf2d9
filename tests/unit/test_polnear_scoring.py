"""Unit tests for the PolNeAR attribution scorer (bench/polnear.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

_BENCH = Path(__file__).resolve().parents[2] / "bench"


def _load_polnear() -> ModuleType:
    # bench/ is a directory of scripts, not a package: load the file directly.
    # Registering in sys.modules first lets dataclasses resolve the module.
    if "polnear" in sys.modules:
        return sys.modules["polnear"]
    spec = importlib.util.spec_from_file_location("polnear", _BENCH / "polnear.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["polnear"] = module
    spec.loader.exec_module(module)
    return module


polnear = _load_polnear()


def attr(content: tuple[int, int], source: tuple[int, int] | None = None,
         cue: tuple[int, int] | None = None) -> dict[str, Any]:
    return {
        "content": list(content),
        "source": list(source) if source else None,
        "cue": list(cue) if cue else None,
    }


def f1(result: dict[str, Any], key: str) -> float:
    return result[key]["f1"]


def test_perfect() -> None:
    gold = {"a": [attr((10, 20), (0, 5)), attr((30, 40), None)], "b": [attr((1, 2), (3, 4))]}
    r = polnear.score(gold, gold)
    for key in ("content_exact", "content_overlap", "source", "pair", "pair_exact"):
        assert r[key]["p"] == r[key]["r"] == f1(r, key) == 1.0
    assert r["source_accuracy"] == 1.0
    assert (r["n_gold"], r["n_pred"]) == (3, 3)


def test_disjoint() -> None:
    gold = {"a": [attr((10, 20), (0, 5))]}
    pred = {"a": [attr((20, 30), (0, 5))]}  # half-open: [10,20) and [20,30) share nothing
    r = polnear.score(gold, pred)
    for key in ("content_exact", "content_overlap", "source", "pair", "pair_exact"):
        assert r[key]["tp"] == 0
        assert f1(r, key) == 0.0


def test_partial_overlap() -> None:
    gold = {"a": [attr((10, 20), (0, 5)), attr((40, 50), (30, 35))]}
    pred = {"a": [attr((15, 25), (2, 3))]}
    r = polnear.score(gold, pred)
    assert r["content_exact"]["tp"] == 0
    assert r["content_overlap"]["tp"] == 1
    assert r["content_overlap"]["p"] == 1.0
    assert r["content_overlap"]["r"] == 0.5
    assert f1(r, "content_overlap") == pytest.approx(2 / 3)
    # Source overlaps gold source -> right; pair follows the overlap matching.
    assert r["source"]["tp"] == r["pair"]["tp"] == 1
    assert r["pair_exact"]["tp"] == 0


def test_one_to_one_greedy() -> None:
    # Two predictions overlap a single gold span: only the larger overlap counts.
    gold = {"a": [attr((10, 30), (0, 5))]}
    pred = {"a": [attr((5, 12), (0, 5)), attr((12, 40), (50, 55))]}
    r = polnear.score(gold, pred)
    assert r["content_overlap"]["tp"] == 1
    assert r["content_overlap"]["p"] == 0.5
    assert r["content_overlap"]["r"] == 1.0
    # The greedy pick is the second prediction (18 shared chars vs 2), whose
    # source is wrong, so no source credit even though the first one was right.
    assert r["source"]["tp"] == 0
    assert r["pair"]["tp"] == 0


def test_greedy_prefers_largest_overlap_globally() -> None:
    # Pred 0 overlaps gold 0 by 5 and gold 1 by 8; pred 1 overlaps gold 1 only.
    # Greedy takes (g1, p0) first, then p1 has nothing left -> 1 match.
    spans = polnear.match_overlap([(0, 10), (10, 30)], [(5, 18), (20, 25)])
    assert spans == [(1, 0)]


def test_exact_matching_is_one_to_one() -> None:
    gold = {"a": [attr((10, 20))]}
    pred = {"a": [attr((10, 20)), attr((10, 20))]}
    r = polnear.score(gold, pred)
    assert r["content_exact"]["tp"] == 1
    assert r["content_exact"]["p"] == 0.5


@pytest.mark.parametrize(
    ("gold_src", "pred_src", "right"),
    [
        (None, None, True),  # both without a source: right
        ((0, 5), None, False),  # one missing: wrong
        (None, (0, 5), False),
        ((0, 5), (4, 9), True),  # any shared character
        ((0, 5), (5, 9), False),  # touching is not sharing
    ],
)
def test_source_none_cases(gold_src: tuple[int, int] | None,
                           pred_src: tuple[int, int] | None, right: bool) -> None:
    r = polnear.score({"a": [attr((10, 20), gold_src)]}, {"a": [attr((10, 20), pred_src)]})
    assert r["source"]["tp"] == int(right)
    assert r["pair"]["tp"] == int(right)
    assert r["pair_exact"]["tp"] == int(right)
    assert r["source_accuracy"] == float(right)


def test_missing_article_sides() -> None:
    # An article only in gold is all misses; one only in pred is all false alarms.
    r = polnear.score({"a": [attr((0, 5))]}, {"b": [attr((0, 5))]})
    assert (r["n_gold"], r["n_pred"]) == (1, 1)
    assert r["content_overlap"]["tp"] == 0


def test_empty() -> None:
    r = polnear.score({}, {})
    assert f1(r, "content_overlap") == 0.0


def test_parse_ann_envelope_and_content2() -> None:
    text = '"Hello there," she said, "and goodbye."'
    ann = (
        "T1\tContent 1 12;26 38\tHello there and goodbye.\n"
        "T2\tSource 15 18\tshe\n"
        "T3\tCue 19 23\tsaid\n"
        "T4\tAttribution 19 23\tsaid\n"
        "E1\tAttribution:T4 Content:T1 Cue:T3 Source:T2 \n"
        "T5\tContent 3 6\tshe\n"  # offsets disagree with the text: relocated
        "T6\tContent 1 6;26 29\tHello and\n"
        "T7\tContent 30 38\tgoodbye.\n"
        "E2\tAttribution-no-source:T4 Content:T6 Content2:T7\n"
        "E3\tAttribution:T4 Cue:T3\n"  # no content: dropped
    )
    stats = polnear.LoadStats()
    attrs = polnear.parse_ann(ann, text, stats)
    assert attrs == [
        {"content": [1, 38], "source": [15, 18], "cue": [19, 23]},
        {"content": [1, 38], "source": None, "cue": None},
    ]
    assert stats.counts["discontinuous_Content"] == 2
    assert stats.counts["multi_content_args"] == 1
    assert stats.counts["event_without_content_dropped"] == 1
    assert stats.counts["offset_relocated"] == 1
    assert stats.counts["orphan_content_ignored"] == 1


def test_parse_ann_multiline_text() -> None:
    text = "He said:\n\nWe won.\n\nThen left."
    ann = "T1\tContent 9 17\t\nWe won.\nT2\tCue 3 7\tsaid\nE1\tCue:T2 Content:T1\n\n"
    stats = polnear.LoadStats()
    assert polnear.parse_ann(ann, text, stats) == [
        {"content": [9, 17], "source": None, "cue": [3, 7]}
    ]
    assert stats.counts["offset_ok"] == 2
    assert stats.counts["offset_mismatch_kept"] == 0


@pytest.mark.skipif(not (polnear.DEFAULT_ROOT / "dev").is_dir(),
                    reason="PolNeAR data not available")
def test_real_dev_article_against_itself() -> None:
    stats = polnear.LoadStats()
    articles = polnear.load_split("dev", stats=stats)
    assert len(articles) == 84
    assert stats.counts["offset_mismatch_kept"] == 0
    art = articles[0]
    assert art.attributions
    for a in art.attributions:
        s, e = a["content"]
        assert 0 <= s < e <= len(art.text)
    gold = {art.stem: art.attributions}
    r = polnear.score(gold, gold)
    for key in ("content_exact", "content_overlap", "source", "pair", "pair_exact"):
        assert f1(r, key) == 1.0

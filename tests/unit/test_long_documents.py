"""A document longer than spaCy's limit is annotated in pieces, with every offset intact."""

from __future__ import annotations

import re

import pytest

import claimgraph.nlp.annotate as annotate_module
from claimgraph.engine.process import process_batch
from claimgraph.ingest.clean import raw_offset
from claimgraph.model import DocResult, RawDocument
from claimgraph.nlp.annotate import pieces
from claimgraph.nlp.pipeline import load_pipeline

from ..conftest import SEED_ADVISERS, SEED_LAVROV


def test_pieces_cover_the_text_within_the_limit_at_paragraph_breaks():
    text = "\n\n".join(f"Paragraph {i}. " + "The minister said the talks would go on. " * (i % 7 + 1) for i in range(6000))
    assert len(text) > 1_000_000
    cut = pieces(text, 40_000)
    assert cut[0][0] == 0 and cut[-1][1] == len(text)
    assert all(a < b and b - a <= 40_000 for a, b in cut)
    assert all(p[1] == q[0] for p, q in zip(cut, cut[1:], strict=False))
    assert all(text[a:].startswith("Paragraph") for a, _ in cut)


@pytest.mark.parametrize("text", ["word " * 30_000, "x" * 100_000, "One sentence here. " * 6000])
def test_pieces_without_paragraphs(text):
    cut = pieces(text, 10_000)
    assert "".join(text[a:b] for a, b in cut) == text and all(b - a <= 10_000 for a, b in cut)


@pytest.fixture
def small_limits(monkeypatch):
    """spaCy's limit and the piece size lowered so that a few reports make a "too long" document."""
    nlp = load_pipeline()
    saved = nlp.max_length
    nlp.max_length = 6000
    monkeypatch.setattr(annotate_module, "PIECE_CHARS", 2500)
    yield nlp
    nlp.max_length = saved


def _long_raw() -> str:
    seeds = [SEED_LAVROV.read_text("utf-8"), SEED_ADVISERS.read_text("utf-8")]
    return "\n\n".join(seeds * 3)


def test_document_over_the_limit_is_annotated_in_pieces_with_offsets_intact(small_limits):
    raw = _long_raw()
    assert len(raw) > small_limits.max_length
    (r,) = process_batch([RawDocument("long.txt", raw, "txt")], None, small_limits)
    assert isinstance(r, DocResult), r
    assert len(r.clean_text) > small_limits.max_length
    assert r.quotes and r.mentions and r.entities and r.events
    words = lambda s: re.findall(r"\w+", s)  # noqa: E731 - raw text keeps hard line breaks and OCR quote marks
    for m in r.mentions:
        assert r.clean_text[m.start : m.end] == m.text
    for q in r.quotes:
        assert r.clean_text[q.start : q.end] == q.content
        assert (q.raw_start, q.raw_end) == (raw_offset(r.offsets, q.start), raw_offset(r.offsets, q.end - 1) + 1)
        assert words(r.raw_text[q.raw_start : q.raw_end]) == words(q.content)
        for s, e in q.fragments:
            assert q.start <= s < e <= q.end
    for e in r.events:
        assert r.clean_text[e.start : e.end] == e.trigger
        assert e.sentence_start <= e.start < e.end <= e.sentence_end
        assert e.quote is None or r.quotes[e.quote].speaker == e.asserter  # the index points into the joined list
    assert len({e.id for e in r.entities}) == len(r.entities)
    # nearly the same quotations as the reports annotated one by one, three times over (pieces
    # of 2,500 characters cut reports in the middle; real pieces are 40,000)
    single = process_batch([RawDocument(f"s{i}.txt", s, "txt") for i, s in
                            enumerate([SEED_LAVROV.read_text("utf-8"), SEED_ADVISERS.read_text("utf-8")])], None, small_limits)
    assert len(r.quotes) >= 0.9 * 3 * sum(len(s.quotes) for s in single)

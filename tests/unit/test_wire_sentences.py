"""Slips seen on one-sentence wire reports (the style of the PLOVER gold records' texts: Reuters,
AFP and Xinhua leads), each pinned on a snippet written for it."""

from __future__ import annotations

import pytest

from ..snippets import Docs, process_snippets, speech_with

SNIPPETS = {
    # the parse makes the member the subject of "trying", and "has said" has no subject
    "participle-speaker": ("The interior ministry has accused the militia of breaking the truce, a member of the Qatari "
                           "team trying to mediate the talks has said."),
    # an "it" in its own sentence is the subject before, not the body named after it
    "it-the-subject": ("Serbia protested to the European Union on Monday about a police raid in which it said 12 "
                       "Serbs were hurt."),
    # a body named in full with its short form in brackets: one body, whatever the initials
    "short-form": ("Journalists were detained in two cities, the Committee to Protect Journalists (CPJ) said on Monday. "
                   "Rebels of the Revolutionary Armed Forces of Colombia (FARC) freed two hostages, the Red Cross said. "
                   "The FARC said more would follow."),
    # the model runs the name into the bracket, or misses the name and keeps the short form
    "bracket-names": ("Fighting has displaced 20,000 people near Malakal, the United Nations Mission in South Sudan "
                      "(UNMISS) said.\n\nPolice beat detainees in custody, Human Rights Watch (HWR) said on Thursday."),
}


@pytest.fixture(scope="module")
def docs() -> Docs:
    return process_snippets(SNIPPETS)


def test_a_speaker_the_parse_made_a_participles_subject(docs):
    q = speech_with(docs["participle-speaker"], "breaking the truce")
    assert q.source_text.startswith("a member of the Qatari team"), q.source_text
    assert "member" not in q.content and q.speaker_id is None and q.resolved is False, (q.content, q.speaker_id)


def test_it_in_its_own_sentence_is_the_subject_before(docs):
    q = speech_with(docs["it-the-subject"], "12 Serbs were hurt")
    assert q.speaker_id == "gpe:serbia", q.speaker_id


def test_a_short_form_in_brackets_is_the_body_named_before_it(docs):
    doc = docs["short-form"]
    assert speech_with(doc, "Journalists were detained").speaker_id == "org:committee-to-protect-journalists"
    farc = speech_with(doc, "more would follow")
    assert farc.speaker_id == "org:revolutionary-armed-forces-of-colombia", farc.speaker_id
    ent = next(e for e in doc.entities if e.id == farc.speaker_id)
    assert "FARC" in ent.aliases and not any(e.id == "org:farc" for e in doc.entities)


def test_a_bracket_is_no_part_of_a_name_and_a_missed_name_is_found_by_its_short_form(docs):
    doc = docs["bracket-names"]
    q = speech_with(doc, "displaced 20,000 people")
    assert q.speaker_id == "org:united-nations-mission-in-south-sudan", q.speaker_id
    assert not any("(" in e.name for e in doc.entities), [e.name for e in doc.entities]
    hrw = speech_with(doc, "beat detainees")
    assert hrw.speaker_id == "org:human-rights-watch", hrw.speaker_id

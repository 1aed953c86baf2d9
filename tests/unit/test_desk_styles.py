"""Slips seen on stories written in the styles of sports desks, Indian wires and British court
reporters, each pinned on a snippet written for it."""

from __future__ import annotations

import pytest

from ..snippets import Docs, process_snippets, speech_with

SNIPPETS = {
    # a nationality noun for one person that the country table's demonyms leave out
    "the-dane": ("Brentford boss Thomas Frank was delighted with his side. \"The boys were magnificent,\" the Dane "
                 "said. \"You need everyone to give everything.\""),
    # a frame the tagger reads in a sentence that reports nothing ("was named man of the match")
    # leaves its subject the one a "he" stands for
    "named-then-he": ("Declan Rice said the dressing room was \"frustrated\".\n\nGoalkeeper Mark Flekken was named man "
                      "of the match. He laughed: \"I just got a hand to it.\""),
    # a wire in brackets after the date and no dash, as Indian wires write datelines
    "indian-wire": ("New Delhi, Aug 4 (PTI) The Lok Sabha on Friday passed the bill amid a walkout.\n\nAgriculture "
                    "Minister Shivraj Singh Chouhan said the law would \"free farmers from middlemen\"."),
    # a British police rank written short before the name
    "police-rank": ("Det Con Sarah Mills, of West Yorkshire Police, said after the hearing that she hoped the sentence "
                    "would bring \"some comfort\" to the victim."),
    # a post "on X." ends its sentence, though the tokenizer keeps the full stop as an initial's
    "on-x": ("Security Minister Patricia Bullrich dismissed the strike. \"Strikes don't stop us,\" she wrote on X. "
             "She added that the government would dock the pay of striking public employees."),
    # "the agency" after a government body whose name says it is one
    "the-agency": ("The Federal Aviation Administration (FAA) grounded the jets on Friday. In a notice to airlines, "
                   "the agency said the inspections would take four hours per plane."),
    # Nigerian press style: a title before a name that opens with a word of English ("Bola"), with
    # a union's president named a paragraph on, and a first name no table knows used alone
    "abuja": ("ABUJA — President Bola Tinubu on Monday defended his decision to scrap the petrol subsidy.\n\n"
              "\"We cannot continue to subsidise smuggling,\" the president said.\n\nThe Nigeria Labour Congress "
              "has threatened a strike. Its president, Joe Ajaero, told journalists that workers \"can no longer "
              "survive.\"\n\nFormer vice president Atiku Abubakar, who lost to Tinubu in the 2023 election, said the policy had been \"poorly implemented.\" In "
              "a statement signed by his media adviser, Paul Ibe, Atiku said ordinary Nigerians were \"bearing the brunt.\""),
    "another-body-since": ("A report by the Government Accountability Office found gaps in the program. Officials at "
                           "Homeland Security Investigations, a division of Immigration and Customs Enforcement, said "
                           "they were concerned. In a 2013 memo, the agency warned that the program should end."),
}


@pytest.fixture(scope="module")
def docs() -> Docs:
    return process_snippets(SNIPPETS)


def test_a_nationality_noun_for_one_person_is_the_person_named_before(docs):
    q = speech_with(docs["the-dane"], "The boys were magnificent")
    assert q.speaker_id == "person:thomas-frank", q.speaker_id


def test_a_frame_that_reports_nothing_leaves_its_subject_for_the_pronoun(docs):
    q = speech_with(docs["named-then-he"], "got a hand to it")
    assert q.speaker_id == "person:mark-flekken", q.speaker_id


def test_a_wire_in_brackets_without_a_dash_is_the_outlet(docs):
    doc = docs["indian-wire"]
    assert doc.outlet == "Press Trust of India", doc.outlet
    q = speech_with(doc, "free farmers")
    assert q.speaker_id == "person:shivraj-singh-chouhan" and q.provenance[0] == "Press Trust of India", q.provenance


def test_a_police_rank_written_short_is_no_part_of_the_name(docs):
    doc = docs["police-rank"]
    assert speech_with(doc, "some comfort").speaker_id == "person:sarah-mills"
    ent = next(e for e in doc.entities if e.id == "person:sarah-mills")
    assert ent.gender == "female" and "Det Con" in ent.roles, (ent.gender, ent.roles)


def test_a_post_on_x_ends_its_sentence_and_the_letter_is_no_person(docs):
    doc = docs["on-x"]
    assert speech_with(doc, "dock the pay").speaker_id == "person:patricia-bullrich"
    assert not any(e.type == "PERSON" and len(e.name) == 1 for e in doc.entities), [e.name for e in doc.entities]


def test_the_agency_is_the_government_body_named_before(docs):
    q = speech_with(docs["the-agency"], "four hours per plane")
    assert q.speaker_id == "org:federal-aviation-administration", q.speaker_id
    # but not when another body was named since: the description stays unresolved, never a guess
    q = speech_with(docs["another-body-since"], "program should end")
    assert q.speaker_id is None and q.resolved is False, q.speaker_id


def test_a_titled_name_opening_with_a_word_of_english_holds_its_office(docs):
    q = speech_with(docs["abuja"], "subsidise smuggling")
    assert q.speaker_id == "person:bola-tinubu", q.speaker_id


def test_a_first_name_no_table_knows_used_alone_is_that_persons(docs):
    doc = docs["abuja"]
    assert speech_with(doc, "bearing the brunt").speaker_id == "person:atiku-abubakar"
    assert not any(e.id == "org:atiku" for e in doc.entities)

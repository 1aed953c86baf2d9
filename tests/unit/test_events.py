"""PLOVER events (nlp/events.py): types, arguments, polarity, modality, quotations and answers.

Each snippet is written for this test (realistic wire copy, not taken from the seed reports) and
runs once through the shared pipeline with ``claimgraph_events`` added last.
"""

from __future__ import annotations

from typing import Any

import pytest
from spacy.tokens import Doc

from claimgraph.nlp import events as events_module
from claimgraph.nlp.pipeline import load_pipeline

SNIPPETS = {
    "plan": "China does not plan to provide military aid to Iran, Foreign Ministry spokeswoman Mao Ning said on Tuesday.",
    "could": "Tehran could supply Damascus with long-range Shahed drones, an Iranian lawmaker told state television.",
    "if": "A retired German general said Germany should station a brigade in Poland if Warsaw formally requests it.",
    "deny_reports": "The Turkish Defence Ministry on Monday denied reports that Ankara had delivered armed drones to Ethiopia.",
    "deny_that": "Pyongyang denied that it had supplied artillery shells to Russia. The ministry declined to comment.",
    "answer": "“No, they have never come to us with that,” Kremlin spokesman Dmitry Peskov said when asked whether "
              "Belgrade had requested S-400 air defence systems.",
    "metonymy": "Washington imposed new sanctions on Havana on Friday, days after a visit to Moscow by the Cuban foreign minister.",
    "we": "“We will send humanitarian aid to Gaza next week,” Egyptian Foreign Ministry spokesman Ahmed Abu Zeid said.",
    "urge": "The EU urged Belgrade to withdraw its troops from the border and said it was ready to hold talks with Serbia.",
    "light": "Cairo extended an offer of mediation, and Algeria announced a suspension of air links with Rabat.",
    "reciprocal": "Israel and Egypt signed an agreement on gas exports and agreed to cooperate on border security.",
}


@pytest.fixture(scope="module")
def docs() -> dict[str, Doc]:
    nlp = load_pipeline()
    if "claimgraph_events" not in nlp.pipe_names:
        nlp.add_pipe("claimgraph_events", last=True)
    return dict(zip(SNIPPETS, nlp.pipe(SNIPPETS.values()), strict=True))


def event(doc: Doc, lemma: str, **match: Any) -> dict[str, Any]:
    hits = [e for e in doc._.cg_events if e["lemma"] == lemma and all(e[k] == v for k, v in match.items())]
    assert len(hits) == 1, (lemma, match, [(e["lemma"], e["type"], e["how"]) for e in doc._.cg_events])
    return hits[0]


def entity(arg: dict[str, Any] | None) -> str | None:
    return arg["entity_id"] if arg else None


def text_at(doc: Doc, span: list[int] | None) -> str:
    assert span is not None
    return doc.text[span[0] : span[1]]


def test_lexicon_covers_the_plover_types() -> None:
    types = {e.type for entries in events_module.lexicon().values() for e in entries}
    assert set(events_module.TYPES) <= types
    assert ("say", "VERB") not in events_module.lexicon()  # reporting verbs are no events
    assert ("tell", "VERB") in events_module.lexicon()  # ... but "told X to do" is an order


def test_negated_and_intended(docs: dict[str, Doc]) -> None:
    doc = docs["plan"]
    ev = event(doc, "provide")
    assert (ev["type"], ev["mode"], ev["polarity"], ev["modality"]) == ("AID", "military", "negated", "intended")
    assert entity(ev["actor"]) == "gpe:china" and entity(ev["target"]) == "gpe:iran"
    assert ev["object"]["text"] == "military aid"
    assert text_at(doc, ev["trigger"]) == "provide"
    assert text_at(doc, ev["sentence"]) == SNIPPETS["plan"]
    quote = doc._.quotes[ev["quote"]]
    assert quote["speaker_id"] == "person:mao-ning"


def test_possible_supply_of_missiles(docs: dict[str, Doc]) -> None:
    ev = event(docs["could"], "supply")
    assert (ev["type"], ev["mode"], ev["polarity"], ev["modality"]) == ("AID", "military", "affirmed", "possible")
    assert entity(ev["actor"]) == "gpe:iran"  # Tehran acting
    assert entity(ev["target"]) == "gpe:syria"  # "supply Damascus with ...": Damascus receives
    assert ev["object"]["text"] == "long-range Shahed drones"


def test_advocated_and_conditional(docs: dict[str, Doc]) -> None:
    doc = docs["if"]
    station = event(doc, "station")
    assert (station["type"], station["modality"], entity(station["actor"])) == ("MOBILIZE", "advocated", "gpe:germany")
    ask = event(doc, "request")
    assert (ask["type"], ask["modality"], entity(ask["actor"])) == ("REQUEST", "conditional", "gpe:poland")
    assert ask["target"] is None  # "requests it": the brigade, a thing


def test_denial_of_reports_is_reject_and_negates_them(docs: dict[str, Doc]) -> None:
    doc = docs["deny_reports"]
    deny = event(doc, "deny")
    assert (deny["type"], deny["polarity"]) == ("REJECT", "affirmed")
    assert deny["actor"]["text"] == "The Turkish Defence Ministry"
    assert deny["object"]["text"].startswith("reports that Ankara")
    delivered = event(doc, "deliver")
    assert (delivered["type"], delivered["polarity"], delivered["mode"]) == ("AID", "negated", "military")
    assert entity(delivered["actor"]) == "gpe:turkey" and entity(delivered["target"]) == "gpe:ethiopia"
    assert delivered["quote"] is not None  # the reports the ministry denies, as its words


def test_deny_that_and_declined_to_comment(docs: dict[str, Doc]) -> None:
    doc = docs["deny_that"]
    supplied = event(doc, "supply")
    assert supplied["polarity"] == "negated"
    assert entity(supplied["actor"]) == "gpe:north-korea"  # "it" is the one that denies
    assert event(doc, "deny")["target"] is None  # a denial is aimed at no one named
    assert not [e for e in doc._.cg_events if e["lemma"] == "decline"]


def test_answer_denies_the_question(docs: dict[str, Doc]) -> None:
    doc = docs["answer"]
    ev = event(doc, "request")
    assert (ev["how"], ev["type"], ev["polarity"], ev["modality"]) == ("answer", "REQUEST", "negated", "asserted")
    assert entity(ev["actor"]) == "gpe:serbia" and ev["mode"] == "military"
    answer = doc._.quotes[ev["quote"]]
    assert text_at(doc, answer["content"]).startswith("“No, they")
    assert text_at(doc, ev["answer_to"]) == "whether Belgrade had requested S-400 air defence systems"


def test_metonymy_and_seats_as_places(docs: dict[str, Doc]) -> None:
    doc = docs["metonymy"]
    sanction = event(doc, "impose sanction")
    assert (sanction["type"], entity(sanction["actor"]), entity(sanction["target"])) == ("SANCTION", "gpe:united-states", "gpe:cuba")
    visit = event(doc, "visit")
    assert (visit["type"], visit["mode"], visit["how"]) == ("CONSULT", "visit", "noun")
    assert entity(visit["target"]) == "gpe:russia"  # "a visit to Moscow": the host, not the city
    assert entity(visit["actor"]) == "gpe:cuba"  # "the Cuban foreign minister"


def test_we_in_a_quotation_is_the_speakers_side(docs: dict[str, Doc]) -> None:
    doc = docs["we"]
    ev = event(doc, "send")
    assert (ev["type"], ev["mode"]) == ("AID", "humanitarian")
    quote = doc._.quotes[ev["quote"]]
    assert quote["speaker_id"] == "person:ahmed-abu-zeid"
    speaker = doc._.cg_entities[quote["speaker_id"]]
    expected = speaker.get("parent") or next(iter(speaker.get("affiliations") or []), None) or quote["speaker_id"]
    side = doc._.cg_entities.get(expected, {}).get("parent") or expected
    assert entity(ev["actor"]) in (expected, side)
    assert ev["actor"]["text"] == "We"


def test_urged_withdrawal_and_readiness(docs: dict[str, Doc]) -> None:
    doc = docs["urge"]
    urge = event(doc, "urge")
    assert (urge["type"], urge["actor"]["text"], entity(urge["target"])) == ("REQUEST", "The EU", "gpe:serbia")
    assert urge["object"]["text"] == "to withdraw its troops from the border"
    withdraw = event(doc, "withdraw")
    assert (withdraw["type"], withdraw["modality"], entity(withdraw["actor"])) == ("RETREAT", "advocated", "gpe:serbia")
    talks = event(doc, "hold talk")
    assert (talks["type"], talks["modality"], entity(talks["target"])) == ("CONSULT", "intended", "gpe:serbia")


def test_light_verbs_and_reductions(docs: dict[str, Doc]) -> None:
    doc = docs["light"]
    offer = event(doc, "extend offer")
    assert (offer["type"], entity(offer["actor"])) == ("AGREE", "gpe:egypt")
    suspension = event(doc, "suspension")
    assert (suspension["type"], suspension["mode"], entity(suspension["actor"])) == ("SANCTION", "sever", "gpe:algeria")


def test_reciprocal_subjects(docs: dict[str, Doc]) -> None:
    doc = docs["reciprocal"]
    sign = event(doc, "sign")
    assert (sign["type"], entity(sign["actor"]), entity(sign["target"])) == ("SUPPORT", "gpe:israel", "gpe:egypt")
    assert sign["object"]["text"] == "an agreement on gas exports"
    cooperate = event(doc, "cooperate")
    assert (cooperate["type"], cooperate["modality"]) == ("COOPERATE", "intended")


def test_every_event_is_plain_json(docs: dict[str, Doc]) -> None:
    import json

    keys = {"type", "mode", "lemma", "trigger", "actor", "target", "object", "polarity", "modality", "sentence", "quote",
            "how", "answer_to"}
    for doc in docs.values():
        for ev in doc._.cg_events:
            assert set(ev) == keys
            assert ev["type"] in events_module.TYPES
            assert ev["polarity"] in ("affirmed", "negated")
            assert ev["modality"] in ("asserted", "possible", "intended", "advocated", "conditional")
            json.dumps(ev)

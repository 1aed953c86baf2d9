"""Who said what on the two seed reports and on real news snippets (PolNeAR train, sample files)."""

from __future__ import annotations

import pytest

from claimgraph.engine.process import process_batch
from claimgraph.ingest.readers import read_file
from claimgraph.model import DocResult, RawDocument
from claimgraph.nlp.pipeline import load_pipeline

from ..conftest import EXAMPLES, SEED_ADVISERS, SEED_LAVROV


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def process(nlp, raw: RawDocument) -> DocResult:
    (result,) = process_batch([raw], None, nlp)
    assert isinstance(result, DocResult)
    return result


@pytest.fixture(scope="module")
def lavrov(nlp) -> DocResult:
    return process(nlp, next(read_file(SEED_LAVROV, 10**8)))


@pytest.fixture(scope="module")
def advisers(nlp) -> DocResult:
    return process(nlp, next(read_file(SEED_ADVISERS, 10**8)))


def speech(doc: DocResult) -> list[tuple[str | None, str, str]]:
    return [(q.speaker, q.kind, q.content) for q in doc.quotes if q.speech]


def assert_quotations(doc: DocResult, expected: list[tuple[str, str, str]]) -> None:
    """Exactly these quotations, in text order: (speaker, kind, a fragment of the content)."""
    got = speech(doc)
    assert len(got) == len(expected), got
    for (speaker, kind, fragment), (g_speaker, g_kind, g_content) in zip(expected, got, strict=True):
        assert (g_speaker, g_kind) == (speaker, kind) and fragment in g_content, (fragment, g_content)


def find(doc: DocResult, fragment: str):
    hits = [q for q in doc.quotes if q.speech and fragment in q.content]
    assert len(hits) == 1, (fragment, [q.content for q in doc.quotes if q.speech])
    return hits[0]


def test_every_quotation_in_lavrov_seed_with_its_speaker(lavrov):
    expected = [
        ("Sergey Lavrov", "indirect", "Russia does not plan to provide military assistance to Venezuela"),
        ("Sergey Lavrov", "indirect", "that Caracas has not requested weapons or troop deployments"),
        ("Sergey Lavrov", "indirect", "that while Venezuela remains a strategic partner"),
        ("Sergey Lavrov", "direct", "“No, they have not come to us,”"),
        ("Sergey Lavrov", "partial", "“incorrect to compare our relations with Belarus"),
        ("Sergey Lavrov", "indirect", "that the partnership with Caracas, though long-standing"),
        ("Sergey Lavrov", "direct", "“Considering geography, it’s incorrect"),
        ("Sergey Lavrov", "indirect", "that Moscow will act strictly within the framework"),
        ("Sergey Lavrov", "direct", "“The agreement has not yet entered into force"),
        ("Alexei Zhuravlyov", "indirect", "Moscow could supply Venezuela with advanced Oreshnik and Kalibr missiles"),
    ]
    assert_quotations(lavrov, expected)


def test_he_said_resolves_to_lavrov(lavrov):
    q = find(lavrov, "No, they have not come to us")
    assert q.source_text == "he" and q.speaker_id == "person:sergey-lavrov" and q.cue == "said"
    assert find(lavrov, "incorrect to compare our relations").source_text == "He"


def test_scare_quote_is_not_a_quotation(lavrov):
    # never a quotation, and never taken on its own as quoted words
    assert not any(q.speech and "strategic partnership agreement" in q.content for q in lavrov.quotes)
    assert not any(q.content.strip("“”\"") == "strategic partnership agreement" for q in lavrov.quotes)
    # nor are the author's inferences ("comments indicate", "Russia signals") quotations
    assert not any(q.speech and q.cue in ("indicate", "signals") for q in lavrov.quotes)


def test_provenance_chains_in_lavrov_seed(lavrov):
    assert find(lavrov, "Moscow could supply Venezuela").provenance == ["Defence Blog", "Gazeta.ru", "Alexei Zhuravlyov"]
    noted = find(lavrov, "that while Venezuela remains a strategic partner")
    assert noted.provenance == ["Defence Blog", "TASS", "Sergey Lavrov"]
    assert noted.channel == "Speaking to Russian media, including TASS"
    # the outlet's own "reported" frames are provenance, not quotations
    assert not any(q.speech and q.speaker == "Defence Blog" for q in lavrov.quotes)


def test_every_quotation_in_advisers_seed_with_its_speaker(advisers):
    expected = [
        ("Russia", "partial", "‘as Long as Necessary,'"),  # the headline: "..., Moscow Vows"
        ("Russian Foreign Ministry", "indirect", "Russian military advisers will stay in Venezuela as long as needed"),
        ("Donald Trump", "partial", "“get out”"),
        ("Donald Trump", "indirect", "to withdraw from Venezuela"),
        ("Donald Trump", "partial", '"all options" were open'),
        ("Russia", "indirect", "its actions there were agreed with"),
        ("Maria Zakharova", "partial", "Russian military advisers will stay in Venezuela “as long as the Venezuelan government needs them,”"),
        ("Maria Zakharova", "indirect", "reports that Moscow was considering a long-term military base"),
        ("Maria Zakharova", "direct", "“It’s the first I’m hearing about bases in Venezuela,”"),
        ("Viktor Bondarev", "indirect", "that Russia should consider a base in Venezuela"),
        ("Viktor Bondarev", "direct", "“Just like the United States of America"),
        ("Vladimir Dzhabarov", "indirect", "that he was against a base"),
        ("Vladimir Dzhabarov", "direct", "“First the situation in the country [Venezuela] must be stabilized,”"),
        ("Vladimir Dzhabarov", "direct", "“Establishing a [military] base"),
        ("Juan Guaido", "indirect", "to prepare to take power in the country"),
    ]
    assert_quotations(advisers, expected)


def test_cited_as_saying_by_interfax(advisers):
    q = find(advisers, "First the situation in the country")
    assert q.source_text == "he" and q.speaker == "Vladimir Dzhabarov" and q.cue == "was cited as saying"
    assert q.provenance == ["The Moscow Times", "Interfax", "Vladimir Dzhabarov"]
    assert find(advisers, "Establishing a [military] base").speaker == "Vladimir Dzhabarov"  # "he added"
    assert find(advisers, "Just like the United States of America").speaker == "Viktor Bondarev"


def test_channels_in_advisers_seed(advisers):
    assert find(advisers, "as long as the Venezuelan government").channel == "told reporters during a weekly briefing on Thursday"
    q = find(advisers, "first I’m hearing")
    assert q.channel == "in an interview with the Ekho Moskvy radio station"
    assert q.provenance == ["The Moscow Times", "Ekho Moskvy", "Maria Zakharova"]


def test_quote_offsets_point_into_clean_and_raw_text(advisers):
    q = find(advisers, "First the situation in the country")
    assert advisers.clean_text[q.start : q.end] == q.content
    assert advisers.raw_text[q.raw_start : q.raw_end] == q.content
    wrapped = find(advisers, "as long as the Venezuelan government")
    assert advisers.raw_text[wrapped.raw_start : wrapped.raw_end].replace("\n", " ") == wrapped.content


def test_entities_are_canonical(lavrov, advisers):
    def ids(doc: DocResult, text: str) -> set[str]:
        return {m.entity_id for m in doc.mentions if m.text.removeprefix("the ") == text}

    assert ids(advisers, "Moscow") == ids(advisers, "Kremlin") == ids(lavrov, "Russia") == {"gpe:russia"}
    assert ids(lavrov, "Caracas") == {"gpe:venezuela"}
    assert ids(lavrov, "Nicolás Maduro") == ids(advisers, "Nicolas Maduro") == {"person:nicolas-maduro"}
    assert ids(advisers, "Zakharova") == ids(advisers, "Maria Zakharova") == {"person:maria-zakharova"}
    ents = {e.id: e for e in advisers.entities}
    assert ents["org:russia-foreign-ministry"].parent == "gpe:russia"
    assert "Foreign Ministry spokeswoman" in ents["person:maria-zakharova"].roles
    assert "head of the Federation Council’s defense and security committee" in ents["person:viktor-bondarev"].roles
    assert "Foreign Minister" in {e.id: e for e in lavrov.entities}["person:sergey-lavrov"].roles


# Real paragraphs from PolNeAR train (political news, 2015-16), and what must come out.
SNIPPETS = [
    ("“If these people are radicalized and they don’t support the United States, fine,” Clark said. "
     "“That’s their right and it’s our right and obligation to segregate them.”",
     # one quotation interrupted by its speech tag, in two fragments
     [("Clark", "direct", "“If these people are radicalized")]),
    ("Emanuel acknowledged, however, “As they say in the stock brochures, past performance is no indication of "
     "future performance.”",
     [("Emanuel", "direct", "“As they say in the stock brochures")]),
    ("Barkley also said that CNN, a fellow Turner Broadcasting asset, has done an “awful” job of covering the "
     "“election.”",
     [("Barkley", "partial", "that CNN, a fellow Turner Broadcasting asset, has done an “awful” job")]),
    ("“I am pleased to nominate Mr. Qureshi to serve on the United States District Court bench,” Obama said in a "
     "statement.",
     [("Obama", "direct", "“I am pleased to nominate Mr. Qureshi")]),
]


@pytest.mark.parametrize("text,expected", SNIPPETS)
def test_real_snippets(nlp, text, expected):
    doc = process(nlp, RawDocument("snippet.txt", text, "txt"))
    assert_quotations(doc, expected)


def test_channel_of_a_statement(nlp):
    doc = process(nlp, RawDocument("s.txt", SNIPPETS[3][0], "txt"))
    assert doc.quotes[0].channel == "in a statement"


def test_indefinite_and_described_sources(nlp):
    doc = process(nlp, next(i for i in read_file(EXAMPLES / "articles.jsonl", 10**8)))
    q = find(doc, "The deal as it stands will not pass")
    assert q.speaker == "one former minister"  # not Theresa May, named before it
    assert find(doc, "I am confident we can get this over the line").speaker == "Theresa May"  # "she said"


def test_apposition_names_a_described_speaker(nlp):
    doc = process(nlp, next(read_file(EXAMPLES / "flood-report.pdf", 10**8)))
    assert find(doc, "emergency shelters had been opened").speaker == "Stefan Ivanov"  # "The mayor, Stefan Ivanov,"
    assert find(doc, "the city would cover the cost").speaker == "Stefan Ivanov"  # "He added"
    # "Residents ... were told to prepare": the residents heard it, they did not say it
    told = [q for q in doc.quotes if q.cue == "were told"]
    assert told and told[0].speaker is None


def test_descriptions_resolve_to_people_and_media(nlp):
    text = ("Foreign Minister Sergey Lavrov met his Venezuelan counterpart in Moscow on Monday. "
            "The minister said the talks had been productive.\n\n"
            "The New York Times reported that Washington was preparing new sanctions. "
            "The influential US daily said the measures would target the oil sector.")
    doc = process(nlp, RawDocument("d.txt", text, "txt"))
    assert find(doc, "the talks had been productive").speaker_id == "person:sergey-lavrov"
    daily = find(doc, "the measures would target the oil sector")
    assert daily.source_text == "The influential US daily" and daily.speaker_id == "media:new-york-times"
    assert "US" not in {a.name for a in doc.agencies}  # a place qualifying a medium is not one


def test_interview_transcript_turns(nlp):
    text = ("The moderator pressed the governor on the guest list.\n\n"
            "WALLACE: Governor, why did Mr. Trump invite her to the debate?\n\n"
            "PENCE: Well, look, Hillary Clinton apparently thinks this is an episode of “Shark Tank.” "
            "But this is America, Chris.")
    doc = process(nlp, RawDocument("t.txt", text, "txt"))
    turns = [(q.speaker, q.content[:20]) for q in doc.quotes if q.speech]
    assert turns == [("Wallace", "Governor, why did Mr"), ("Pence", "Well, look, Hillary ")]
    # what a speaker reports inside his own turn is part of his quotation, not Clinton's words
    assert not any(q.speech and q.speaker == "Hillary Clinton" for q in doc.quotes)


def test_a_quoted_transcript_turn_runs_over_its_unlabelled_paragraphs(nlp):
    # a transcript quoted paragraph by paragraph (each opens with a mark): a paragraph with no label
    # goes on with the turn before it; a stage direction and the writer's credit line are nobody's
    text = ("The senator took questions on the farm bill from the host of a Sunday programme. A partial transcript "
            "follows:\n\n"
            "\"HARTMAN: Will the subsidies survive the vote on Tuesday?\n\n"
            "\"OKAFOR: They will survive. The growers call them “the only insurance we have.” They cannot plan a season "
            "without them.\n\n"
            "\"Nobody in the chamber wants to explain a lost harvest to them in an election year.\n\n"
            "\"(CROSSTALK.)\n\n"
            "\"HARTMAN: Senator, we are out of time.\n\n"
            "\"OKAFOR: Then I will say it once more: the bill passes.\n\n"
            "\"Follow Dana Whitcombe on Twitter @danawhitcombe.\"")
    doc = process(nlp, RawDocument("t.txt", text, "txt"))
    turn = find(doc, "They will survive")
    assert turn.source_text == "OKAFOR" and "to explain a lost harvest to them in an election year" in turn.content
    assert "They cannot plan a season" in turn.content  # past the quotation inside the turn
    assert not any("CROSSTALK" in q.content or "Twitter" in q.content for q in doc.quotes)
    assert [q.source_text for q in doc.quotes if q.speech and q.source_text in ("HARTMAN", "OKAFOR")] == [
        "HARTMAN", "OKAFOR", "HARTMAN", "OKAFOR"]

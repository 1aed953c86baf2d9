"""Canonical entities: one id per real-world actor, within and across documents.

The ``claimgraph_entities`` component reads spaCy's NER and the parse and writes
``doc._.cg_mentions`` (one dict per mention) and ``doc._.cg_entities`` (id ->
entity dict).  Ids are stable across documents because they derive from the
canonical name: ``person:nicolas-maduro`` for "Nicolás Maduro" and "Nicolas
Maduro" alike, ``gpe:russia`` for Russia and for Moscow or the Kremlin acting.

Steps (in order, :func:`resolve_entities`):

1. Spans (:func:`entity_spans`): spaCy's named entities of the kept labels, then
   a. titles out of person names ("First Deputy Foreign Minister Anna Petrova" ->
      the person Anna Petrova, the title kept as a role); a span of titles alone is
      no person;
   b. names after a role noun the model missed or mislabelled ("lawmaker Alexei
      Zhuravlyov"), but never inside an institution's name ("the General Assembly");
   c. things the model calls people where the head noun says otherwise ("the
      Oreshnik missile" is a product, "Acme Corp" an organisation);
   d. single tokens that repeat the surname of a person named in the document.
2. People (:func:`_person_ids`): a full name is its own person; a bare surname joins
   the person of that surname named most recently (else the next one named). A
   surname key is never a trailing number, suffix or initial ("Smith 2", "Jr.", "J.").
3. Places and actors (``data/aliases.tsv``): a country's names map to it; a seat
   (capital, government building) maps to the country where it acts or speaks and is
   a place of its own where it is a location ("in Moscow", a dateline); a nationality
   word is a nationality (NORP) whose parent is its country.
4. Ministries and other government bodies qualified by a country ("the Russian
   Foreign Ministry") become sub-actors of that country; an unqualified mention of
   the same body later in the document joins it.
5. Roles from titles and appositions ("Foreign Minister", "the head of the
   Federation Council's defense and security committee"); organisations named in
   them are the person's affiliations ("Acme Corp chief executive Jane Roe").
6. Gender of each person where the text shows it (Mr/Ms, gendered role nouns such as
   "spokeswoman", a first name the ``gender-guesser`` table knows), for pronouns.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import bisect
import re
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..ingest.layout import find_datelines, furniture
from ..names import (
    ROLE_NOUNS,
    TITLE_ABBREVIATIONS,
    TITLE_HEADS,
    TITLE_WORDS,
    Alias,
    MediaNames,
    alias_table,
    clean_name,
    first_name_gender,
    lookup_alias,
    name_tokens,
    slug,
    spelling_key,
    surname_key,
)

# spaCy labels kept as entities (numbers, dates and quantities are not actors or names).
ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART", "LANGUAGE"}
# Lower-case particles inside personal names: "Ursula von der Leyen", "Luiz Inácio Lula da Silva".
NAME_PARTICLES = {"von", "der", "van", "den", "de", "la", "le", "da", "das", "dos", "du", "del", "di", "bin", "al", "ibn",
                  "ten", "ter"}
# Head nouns that show a "person" the model found is a thing: "the Oreshnik missile", "Acme Corp".
THING_NOUNS = {
    "missile": "PRODUCT", "missiles": "PRODUCT", "rocket": "PRODUCT", "rockets": "PRODUCT", "drone": "PRODUCT",
    "drones": "PRODUCT", "system": "PRODUCT", "systems": "PRODUCT", "jet": "PRODUCT", "jets": "PRODUCT",
    "tank": "PRODUCT", "tanks": "PRODUCT", "battery": "PRODUCT", "batteries": "PRODUCT", "fighter": "PRODUCT", "fighters": "PRODUCT", "warhead": "PRODUCT",
    "bomber": "PRODUCT", "bombers": "PRODUCT", "submarine": "PRODUCT", "vaccine": "PRODUCT", "app": "PRODUCT",
    "phone": "PRODUCT", "camera": "PRODUCT", "doorbell": "PRODUCT", "device": "PRODUCT", "speaker": "PRODUCT",
    "console": "PRODUCT", "laptop": "PRODUCT", "tablet": "PRODUCT", "software": "PRODUCT", "car": "PRODUCT", "rifle": "PRODUCT", "howitzer": "PRODUCT", "howitzers": "PRODUCT",
    "company": "ORG", "corp": "ORG", "corporation": "ORG", "inc": "ORG", "group": "ORG", "club": "ORG",
    "bank": "ORG", "party": "ORG", "foundation": "ORG", "institute": "ORG", "university": "ORG", "fc": "ORG",
    "ltd": "ORG", "airlines": "ORG", "motors": "ORG", "holdings": "ORG", "fund": "ORG", "team": "ORG",
    "concern": "ORG", "firm": "ORG", "maker": "ORG", "manufacturer": "ORG", "conglomerate": "ORG", "giant": "ORG",
    "carrier": "ORG", "airline": "ORG", "studio": "ORG", "brand": "ORG", "chain": "ORG", "retailer": "ORG",
    "hurricane": "EVENT", "storm": "EVENT", "operation": "EVENT", "summit": "EVENT",
}
# Endings of the plural names of groups and followers ("Democrats", "Republicans", "Socialists").
GROUP_ENDINGS = ("ans", "ats", "ists", "ites", "ics", "ives", "als", "ims", "ers", "ies", "ees")
# Words that head an institution, never a person's name after a role noun ("the General Assembly").
INSTITUTION_NOUNS = {
    "assembly", "staff", "council", "court", "committee", "congress", "parliament", "office", "department",
    "ministry", "agency", "bank", "secretariat", "command", "prosecutor", "electric", "motors", "dynamics",
    "hospital", "services", "service", "administration", "accounting", "university", "school", "house", "government",
}
# Last words of a body's name the model may take for its place's ("New York State Park Police")
BODY_HEADS = (INSTITUTION_NOUNS - {"house", "electric", "motors", "dynamics", "accounting", "staff"}) | {
    "police", "commission", "authority", "board", "corps", "guard", "forces", "force", "tribunal", "senate", "legislature"}
# Last words of an organisation's name, never of a person's or a place's ("Human Rights Watch",
# "Amnesty International"; not "Court", "Church" or "House", which are also surnames)
ORG_NAME_ENDS = {
    "watch", "international", "foundation", "institute", "institution", "association", "society", "trust",
    "fund", "network", "alliance", "coalition", "federation", "union", "party", "group", "organization",
    "organisation", "center", "centre", "initiative", "inc", "ltd", "llc", "plc", "corp", "corporation", "company",
    "holdings", "bureau", "league", "academy", "caucus", "committee", "council", "commission", "agency"}
# A seat of government used as a location: the object of these prepositions, or of "to"/"from"
# after a word of motion ("a visit to Moscow"), is the place, not the state acting.
LOCATIVE_PREPS = {"in", "at", "near", "outside", "inside", "around", "across", "into", "throughout", "within",
                  "towards", "toward", "via", "between", "through", "beyond", "past", "downtown"}
MOTION = {"visit", "trip", "travel", "fly", "flight", "arrive", "arrival", "return", "go", "come", "move", "journey",
          "drive", "march", "relocate", "head", "road", "route", "train", "embassy", "flee", "evacuate",
          "walk", "ride", "commute", "tour", "pilgrimage", "mission", "delegation", "way"}
FEMALE_WORDS = {"mrs", "ms", "miss", "madam", "dame", "lady", "queen", "princess", "spokeswoman", "chairwoman",
                "congresswoman", "councilwoman", "assemblywoman", "businesswoman", "actress", "mother", "wife",
                "sister", "daughter", "grandmother", "aunt", "widow", "girl", "woman", "sen.-elect", "duchess",
                "countess", "baroness"}
MALE_WORDS = {"mr", "sir", "lord", "king", "prince", "spokesman", "chairman", "congressman", "councilman",
              "assemblyman", "businessman", "actor", "father", "husband", "brother", "son", "grandfather", "uncle",
              "widower", "boy", "man", "pope", "sheikh", "emir", "duke", "baron", "sultan"}
# Nouns for a person that a name in apposition belongs to ("her husband, Klaus").
PERSON_NOUNS = ROLE_NOUNS | FEMALE_WORDS | MALE_WORDS | {
    "farmer", "worker", "resident", "student", "teacher", "nurse", "doctor", "driver", "owner", "manager",
    "lawyer", "attorney", "neighbour", "neighbor", "friend", "colleague", "partner", "child", "cousin", "nephew",
    "niece", "grandson", "granddaughter", "activist", "witness", "victim", "survivor", "fan", "player", "coach",
    "captain", "striker", "goalkeeper", "voter", "shopkeeper", "pensioner", "retiree", "veteran", "soldier"}
# A government body, written with capitals or without ("the Foreign Ministry", "China's foreign ministry")
_BODY = (r"(?i:(?:foreign|defen[cs]e|interior|finance|economy|justice|health|energy|trade|emergencies|agriculture)\s+ministry"
         r"|(?:defense|state|treasury|justice|commerce)\s+department|general\s+staff|security\s+council|central\s+bank"
         r"|armed\s+forces|embassy|ministry\s+of\s+(?:foreign\s+affairs|defen[cs]e|[a-z]+))")
GOV_BODY = re.compile(
    r"^(?:(?P<country>[A-Z][\w.]+(?:\s+[A-Z][\w.]+)?)\s+)?(?P<body>" + _BODY + r"|Ministry\s+of\s+[A-Z][\w ]+"
    r"|Department\s+of\s+[A-Z][\w ]+)$"
)
# the body right after a country or a nationality: "China's foreign ministry", "the Italian interior ministry"
BODY_AFTER = re.compile(r"(?:['\u2019]s)?\s+(?P<body>" + _BODY + r")\b")
# or right before its seat: "the foreign ministry in Beijing"
BODY_BEFORE = re.compile(r"\b(?P<body>" + _BODY + r")\s+in\s+$")


# --- 1. spans --------------------------------------------------------------------------

def _title_head(word: str) -> bool:
    """A word that makes a title by itself, or several ("Senators Warren and Sanders", "Chefs ...")."""
    return word in TITLE_HEADS or len(word) > 3 and word.endswith("s") and word[:-1] in TITLE_HEADS


def _is_title(tok: Token) -> bool:
    word = tok.lower_.rstrip(".")
    return (word in TITLE_WORDS or _title_head(word)) and (tok.text[:1].isupper() or tok.lower_ in ("ex", "then"))


def _strip_titles(span: Span) -> tuple[Span | None, str | None]:
    """A person span without the titles that open it, and those titles. Words that only
    qualify a title ("Foreign", "First") are stripped only where a title noun or honorific
    comes with them: "Defence Blog" keeps its name."""
    i = span.start
    while i < span.end and (_is_title(span.doc[i]) or span.doc[i].is_punct or span.doc[i].lower_ in ("-", "of")):
        i += 1
    if i == span.start or not any(_title_head(t.lower_.rstrip(".")) for t in span.doc[span.start : i]):
        return span, None
    title = span.doc[span.start : i].text.strip(" -,")
    if i >= span.end:
        return None, title
    return Span(span.doc, i, span.end, label=span.label_), title


def _role_name(doc: Doc, t: Token, ents: list[Span]) -> Span | None:
    """Title-case name tokens right after a role noun: "lawmaker Alexei Zhuravlyov"."""
    # A capitalised role word inside an institution's name is no title: "the General Assembly".
    if t.text[:1].isupper() and any(e.start <= t.i < e.end and e.label_ != "PERSON" and len(e) > 1 for e in ents):
        return None
    j = t.i + 1
    while j < len(doc) and (doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper()
                            and (j > t.i + 1 or doc[j].ent_type_ not in ("GPE", "DATE"))
                            or doc[j].lower_ in NAME_PARTICLES and j > t.i + 1 and j + 1 < len(doc)
                            and (doc[j + 1].text[:1].isupper() or doc[j + 1].lower_ in NAME_PARTICLES)):
        j += 1
    while j > t.i + 1 and doc[j - 1].lower_ in NAME_PARTICLES:
        j -= 1
    n = j - (t.i + 1)
    if n == 0 or any(doc[k].lower_ in INSTITUTION_NOUNS or _is_title(doc[k]) for k in range(t.i + 1, j)):
        return None
    if n >= 2 or (doc[t.i + 1].ent_type_ in ("", "PERSON", "ORG", "NORP")
                  and doc[t.i + 1].dep_ in ("nsubj", "nsubjpass", "appos", "pobj", "dobj", "compound")):
        name = Span(doc, t.i + 1, j, label="PERSON")
        # "Chief Minister Punjab Mohsin Naqvi": the place a capitalised title is of, then the name
        # (never an initial, "L. Douglas Wilder", nor after a title in small letters, "spokesman
        # Benali Cherif Abdelaziz")
        place_first = t.text[:1].isupper() and _word_before_name(name) and not name[0].text.endswith(".") and len(name[0]) > 1
        return Span(doc, t.i + 2, j, label="PERSON") if place_first else name
    return None


STORM_WORDS = {"hurricane", "storm", "typhoon", "cyclone"}
# Last words of a company's name ("Tyson Foods", "Fox News", "Ford Motor")
COMPANY_WORDS = {w for w, label in THING_NOUNS.items() if label == "ORG"} - {"party", "team", "foundation", "institute",
                                                                               "university", "club", "fc", "fund"} | {
    "foods", "news", "media", "energy", "pharmaceuticals", "industries", "brands", "entertainment", "airways",
    "technologies", "labs", "networks", "communications", "capital", "partners", "motor", "co", "llc", "plc", "sa", "ag"}


def _storm_name_at(doc: Doc, i: int) -> bool:
    """Token ``i`` names a storm: "Hurricane Otis", "Tropical Storm Nadia", "Storm Ciara" (a given
    name after "Storm"); never a weapon or a thing ("Storm Shadow missiles")."""
    if i == 0 or doc[i - 1].lower_ not in STORM_WORDS or not doc[i - 1].text[:1].isupper():
        return False
    t = doc[i]
    if t.pos_ != "PROPN" or not t.text[:1].isupper() or i + 1 < len(doc) and doc[i + 1].lower_.rstrip(".") in THING_NOUNS:
        return False
    return doc[i - 1].lower_ != "storm" or (i >= 2 and doc[i - 2].lower_ == "tropical") or first_name_gender(t.text) is not None


def _thing_label(span: Span) -> str | None:
    """The label of a "person" whose head noun shows it is a thing: "the Oreshnik missile", or that
    a storm's name follows: "Tropical Storm Irene", "Typhoon Xangsane"."""
    if any(_storm_name_at(span.doc, t.i) for t in span):
        return "EVENT"
    last = span[-1]
    if last.lower_.rstrip(".") in THING_NOUNS:
        return THING_NOUNS[last.lower_.rstrip(".")]
    tok = span.root
    while tok.dep_ == "conj" and tok.head.i < tok.i:  # "the Oreshnik and Kalibr missiles"
        tok = tok.head
    head = tok.head
    if tok.dep_ in ("compound", "amod", "nmod") and head.i >= span.end and head.lower_.rstrip(".") in THING_NOUNS:
        return THING_NOUNS[head.lower_.rstrip(".")]
    return None


def _titled_person(span: Span) -> bool:
    """"Prince Harry" that the NER called a work of art or an organisation: a title that opens a
    person's name, then one or two names, the first a known first name ("Queen Elizabeth Hospital",
    "Prince Edward Island" end in a place or institution word and stay what they are)."""
    if span.label_ not in ("WORK_OF_ART", "ORG", "PRODUCT") or not 2 <= len(span) <= 3:
        return False
    head, names = span[0], span[1:]
    return (_is_title(head) and head.lower_.rstrip(".") in TITLE_HEADS
            and all(t.text[:1].isupper() and t.lower_ not in INSTITUTION_NOUNS and t.lower_ not in THING_NOUNS for t in names)
            and first_name_gender(names[0].text) is not None)


# Endings of the job words a name may open with ("Meteorologist Dan Satterfield", "Historian ...").
JOB_ENDINGS = ("ist", "ian", "er", "or", "ant", "ent", "eer", "ess", "ographer", "ologist")


def _job_word(t: Token) -> bool:
    """A capitalised job word no title list holds ("Meteorologist"), and no first name itself."""
    return t.lower_.endswith(JOB_ENDINGS) and t.text[:1].isupper() and first_name_gender(t.text) is None


def _job_word_first(span: Span) -> bool:
    """A job word before a first name and a surname: "Meteorologist Dan Satterfield" is Dan Satterfield."""
    return len(span) >= 3 and _job_word(span[0]) and first_name_gender(span[1].text) is not None


def _word_before_name(span: Span) -> bool:
    """A first word that is no first name, before a sure first name and a capitalised surname."""
    return (len(span) >= 3 and first_name_gender(span[0].text) is None and first_name_gender(span[1].text, sure=True) is not None
            and span[2].text[:1].isupper())


def _word_before_first_name(span: Span) -> bool:
    """A capitalised word of English, no first name itself, before a first name and a surname; or
    any such word right after a title ("Chief Minister Punjab Mohsin Naqvi": the province's)."""
    return _word_before_name(span) and span[0].text[:1].isupper() and (
        english_word(span[0].lower_) or span.start > 0 and span.doc[span.start - 1].lower_ in ROLE_NOUNS)


def _headline_words_cut(ents: list[Span]) -> list[Span]:
    """Words of English a headline's capitals ran into a name ("Donald Trump Tweets A Wildly ...",
    "Netanyahu Apologizes to Turkey") are cut off where what is left is a person the document
    names otherwise: the same full name, or the first name or surname of a longer one. A name
    whose last word is also a word ("Tim Cook", "Jeb Bush") stays whole unless the shorter one is
    named so elsewhere."""
    persons = [e for e in ents if e.label_ == "PERSON"]
    full = Counter(e.text.lower() for e in persons)
    parts = Counter(w for e in persons if len(e) >= 2 for w in {e[0].lower_, e[-1].lower_})
    out = []
    for e in ents:
        if e.label_ == "PERSON" and len(e) >= 2 and full[e.text.lower()] == 1 and _in_title_case(e):
            least = len(e)
            while (least > 1 and e[least - 1].is_alpha and e[least - 1].text[:1].isupper()
                   and first_name_gender(e[least - 1].text) is None and english_word(e[least - 1].lower_)):
                least -= 1
            own_parts = {e[0].lower_, e[-1].lower_}
            for k in range(len(e) - 1, least - 1, -1):  # the longest name left that is named otherwise
                core = e[:k].text.lower()
                # by another span than this one (whose own words do not count)
                if full[core] > 0 or k == 1 and parts[core] > (core in own_parts):
                    e = Span(e.doc, e.start, e.start + k, label="PERSON")
                    break
            else:
                if least == 1 and english_word(e[0].lower_) and first_name_gender(e[0].text) is None:
                    continue  # words of a headline only ("As Pollution Worsens in China"): no one
        out.append(e)
    return _headline_runs_cut(out)


def _headline_runs_cut(ents: list[Span]) -> list[Span]:
    """A run of a headline's capitals (in the first paragraph) that opens with a name the body
    names ("Trump Addresses Munich Attack", "Schlafly's Final Column Explains ..."): that name,
    with the label the body gives it; the rest are headline words."""
    if not ents:
        return ents
    breaks = paragraph_breaks(ents[0].doc)
    head_end = breaks[0] if breaks else len(ents[0].doc)  # the headline: the document's first paragraph
    titled = [_in_title_case(e) or (e.start < head_end and _whole_line_in_caps(e)) for e in ents]
    known: dict[str, str] = {}
    for e, in_caps in zip(ents, titled, strict=True):
        if not in_caps:
            known.setdefault(e.text.lower(), e.label_)
            if e.label_ == "PERSON" and len(e) >= 2:
                known.setdefault(e[-1].lower_, "PERSON")  # the surname alone
    if not known:
        return ents
    out = []
    for e, in_caps in zip(ents, titled, strict=True):
        if len(e) >= 3 and e.start < head_end and e.text.lower() not in known and in_caps:
            k = next((k for k in range(len(e) - 1, 0, -1) if e[:k].text.lower() in known), None)
            # a possessive after the name, or two headline words or more, "The" and "To" among them
            # (never "New York City")
            if k is not None and (e[k].tag_ == "POS" or len(e) - k >= 2 and all(
                    t.text[:1].isupper() and (english_word(t.lower_) or t.is_stop) for t in e[k:] if t.is_alpha)):
                e = Span(e.doc, e.start, e.start + k, label=known[e[:k].text.lower()])
        out.append(e)
    return out


def paragraph_breaks(doc: Doc) -> list[int]:
    """The tokens that end a paragraph (blank lines), in order; read once per document."""
    breaks = doc.user_data.get("cg_paragraph_breaks")
    if breaks is None:
        breaks = doc.user_data["cg_paragraph_breaks"] = [t.i for t in doc if t.is_space and "\n\n" in t.text]
    return breaks


def _in_title_case(span: Span) -> bool:
    """The span's sentence is written in a headline's capitals: most of its other longer words
    begin with one."""
    words = [t for t in span.sent if t.is_alpha and len(t) > 3 and not span.start <= t.i < span.end]
    return len(words) >= 2 and sum(t.text[:1].isupper() for t in words) >= 0.7 * len(words)


def _whole_line_in_caps(span: Span) -> bool:
    """The span is a whole line of capitals ("Obama Sees Young Voters Deciding The Race", taken
    for one organisation): no word of its sentence lies outside it, and most of its own longer
    words begin with a capital."""
    if any(t.is_alpha for t in span.sent if not span.start <= t.i < span.end):
        return False
    words = [t for t in span if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.text[:1].isupper() for t in words) >= 0.7 * len(words)


def _body_initials(span: Span) -> bool:
    """Initials the model took for a place that are a body's: three letters or more, dotted ("the
    F.B.I.") or after "the" ("the NRA"), and no place the alias table knows ("the UAE", "the DRC")."""
    if span.label_ not in ("GPE", "LOC") or len(span) != 1 or lookup_alias(span.text) is not None:
        return False
    dotted = re.fullmatch(r"(?:[A-Z]\.){3,6}", span.text) is not None
    bare = re.fullmatch(r"[A-Z]{3,6}", span.text) is not None and span.start > 0 and span.doc[span.start - 1].lower_ == "the"
    return dotted or bare


def _name_only(span: Span) -> Span:
    """A person span without the punctuation and small words the model ran on past the name
    ("Joseph Stalin - and")."""
    doc, end = span.doc, span.end
    # a word or mark set apart by a space ("Stalin - and"), never the glued end of a name ("Choi Sang-mok")
    while end - span.start > 1 and doc[end - 2].whitespace_ and (
            doc[end - 1].is_punct or doc[end - 1].is_lower and doc[end - 1].lower_ not in NAME_PARTICLES):
        end -= 1
    return span if end == span.end else Span(span.doc, span.start, end, label=span.label_)


# Nouns for a medium ("the daily said", "the news website Vesti")
MEDIA_NOUNS = {"daily", "newspaper", "paper", "agency", "broadcaster", "outlet", "magazine", "channel", "network",
               "station", "website", "site", "tabloid", "weekly", "publication"}
# Those set right before a medium's name ("broadcaster NHK", "radio Ekho Moskvy"); never "publication",
# which is as often the act ("after the publication Trump tweeted")
_MEDIUM_NOUNS = (MEDIA_NOUNS - {"publication"}) | {"portal", "radio", "television", "tv"}


# Nouns for a company of any kind or of an industry ("the carmaker Toyota", "the automaker said");
# none that is also a person's trade ("the publisher Rupert Murdoch", "the developer ...")
COMPANY_NOUNS = {"company", "firm", "business", "corporation", "conglomerate", "automaker", "carmaker", "retailer",
                 "airline", "lender", "insurer", "drugmaker", "chipmaker", "manufacturer", "brewer", "startup",
                 "supermarket", "utility"}
# Nouns for a body that a name set right after names ("the human rights group Memorial")
_BODY_KIND_NOUNS = COMPANY_NOUNS | {"group", "charity", "organisation", "organization", "ngo", "movement", "party",
                                    "union", "association", "foundation", "watchdog", "coalition", "alliance", "bank",
                                    "fund"}


def _bodies_named(doc: Doc) -> set[str]:
    """Names set right after a lower-case noun for a body, that the noun names ("the human rights
    group Memorial", "the charity Oxfam"), never the subject of a clause on that noun ("the company
    Musk founded"): the names of bodies, wherever the document names them."""
    out: set[str] = set()
    for t in doc:
        if not (t.is_lower and t.lemma_ in _BODY_KIND_NOUNS and t.tag_ == "NN"):
            continue
        end = t.i + 1
        while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper():
            end += 1
        if end > t.i + 1:
            root = doc[t.i + 1 : end].root
            if t.head.i == root.i or root.head.i == t.i and root.dep_ in ("appos", "compound"):
                out.add(doc[t.i + 1 : end].text)
    return out


def _after_medium_noun(span: Span) -> bool:
    return span.start > 0 and span.doc[span.start - 1].lower_ in _MEDIUM_NOUNS and span.doc[span.start - 1].is_lower


def _title_used_alone(span: Span) -> bool:
    """A capitalised word, no first name itself, before a sure first name and a surname, that the
    text also writes alone after "the": a title ("Taoiseach Simon Harris ... The Taoiseach added")."""
    return (_word_before_name(span) and span[0].is_alpha
            and re.search(r"\b[Tt]he " + re.escape(span[0].text) + r"\b", span.doc.text) is not None)


def _whole_name(span: Span) -> Span:
    """A person span with the parts of the name the model left out: capitalised names before it
    ("Ana Rita Santos", where the NER found only "Rita Santos"), each a proper noun the parse
    joins to the name, outside any other entity and no title; and a surname after a lower-case
    particle ("Erik ten Hag", where it found only "Erik"; "Ursula von der Leyen", where it found
    "Ursula von der" and a place "Leyen")."""
    doc = span.doc
    i = span.start
    while (i > 0 and (t := doc[i - 1]).pos_ == "PROPN" and t.dep_ == "compound" and span.start - 1 <= t.i
           and i - 1 <= t.head.i < span.end and t.text[:1].isupper() and t.text.isalpha() and not t.ent_type_
           and not _is_title(t) and t.lower_ not in ROLE_NOUNS and lookup_alias(t.text) is None and not _job_word(t)
           and not _plural_noun(t)):
        i -= 1
    j = span.end
    if (len(span) >= 2 and span[-1].lower_ in NAME_PARTICLES and span[-1].text.islower() and j < len(doc)
            and doc[j].text[:1].isupper() and doc[j].text.isalpha() and lookup_alias(doc[j].text) is None):
        j += 1  # "Ursula von der" + "Leyen", which the model called a place: the surname after the particles
    while j + 1 < len(doc) and doc[j].lower_ in NAME_PARTICLES and doc[j].text.islower():
        k = j
        while k < len(doc) and doc[k].lower_ in NAME_PARTICLES and doc[k].text.islower():
            k += 1
        if k < len(doc) and doc[k].text[:1].isupper() and doc[k].text.isalpha() and doc[k].ent_type_ in ("", "PERSON"):
            j = k + 1
        else:
            break
    return span if (i, j) == (span.start, span.end) else Span(doc, i, j, label=span.label_)


def _plural_noun(t: Token) -> bool:
    """A capitalised plural of a word of English ("Plaintiffs Fumiko Lopez and John Troya",
    "Residents Ana Ruiz and ..."): a word for the people named after it, no part of a name."""
    return t.lower_.endswith("s") and english_word(t.lower_[:-1]) and english_word(t.lower_)


def _person_not_group(span: Span) -> bool:
    """A "nationality or group" (NORP) that is a person's name: a known first name, then proper
    nouns, none a nationality and the last not shaped like a group's name ("Tiago Alves";
    never "Christian Democrats", "Young Republicans" or "Latin Americans")."""
    return (span.label_ == "NORP" and 2 <= len(span) <= 4 and span[0].tag_ == "NNP"
            and all(t.pos_ == "PROPN" and t.text[:1].isupper() and t.text.isalpha() for t in span)
            and not span[-1].lower_.endswith(GROUP_ENDINGS) and first_name_gender(span[0].text) is not None
            and not any(lookup_alias(t.text) for t in span) and lookup_alias(span.text) is None)


def _name_as_subject(span: Span) -> bool:
    """A "work of art", "product", "event" or "law" that is a known first name and a surname and
    the subject of a verb is a person who acts ('"...," Andrii Sybiha told a news conference')."""
    return (span.label_ in ("WORK_OF_ART", "PRODUCT", "EVENT", "LAW") and 2 <= len(span) <= 3
            and all(t.pos_ == "PROPN" and t.text[:1].isupper() and t.text.isalpha() for t in span)
            and span.root.dep_ in ("nsubj", "nsubjpass") and first_name_gender(span[0].text) is not None
            and not any(t.lower_ in THING_NOUNS or t.lower_ in INSTITUTION_NOUNS for t in span))


@lru_cache(maxsize=1)
def _dictionary_words() -> frozenset[str]:
    """The nouns, adjectives, verbs and adverbs of English (WordNet's lemma lists, shipped in the
    small model's lemmatizer tables): a word here ("Research", "Capital", "Heights") can be the last word of an
    institution's or a place's name; a surname outside them ("Petro", "Fiorina") cannot."""
    from spacy.lookups import Lookups
    from spacy.util import get_package_path

    from .pipeline import MODEL

    found = sorted(get_package_path(MODEL).glob("*/lemmatizer/lookups"))
    if not found:
        return frozenset()
    index = Lookups().from_disk(found[0]).get_table("lemma_index")
    return frozenset(w for part in ("noun", "adj", "verb", "adv") for w in index.get(part, ()))


# The verbs whose subject a name the model mislabelled shows to be someone's ("X said", "told")
_SAID_LEMMAS = ("say", "tell", "add")


def _first_name_and_surname(span: Span) -> bool:
    """A name the model called an organisation or a place that is a person's: a first name the
    table is sure of, then one or two capitalised surnames, none of them a word of English, a
    place or an institution ("Gustavo Petro", "Rodrigo Duterte", "Carly Fiorina"; never "Edison
    Research", "Brooks Brothers", "Perry Capital"). A place name stays a place unless it acts, as
    the subject of its clause ("Des Moines", "Santa Catarina" are places where they are)."""
    if span.label_ not in ("ORG", "GPE", "LOC", "FAC") or not 2 <= len(span) <= 5 or lookup_alias(span.text):
        return False
    if span.label_ != "ORG" and span.root.dep_ not in ("nsubj", "nsubjpass"):
        return False
    first, rest = span[0], [t for t in span[1:] if t.text != "-"]
    if (not 1 <= len(rest) <= 2 or span[1].text == "-" or first.lower_ in NAME_PARTICLES
            or first_name_gender(first.text, sure=True) is None):
        return False  # "al-Qaida", "Al Jazeera", "Jean-Marie" are no first name and surname
    if _set_beside_person_noun(span) or span.label_ == "FAC" and span.root.head.lemma_ in _SAID_LEMMAS:
        # "his assistant, Julia Bolus,": set beside a noun for a person, a surname may be a word;
        # so too where a "building" speaks ("North Carolina's Ada Fisher ... said")
        return all(t.text[:1].isupper() and t.text.isalpha() and lookup_alias(t.text) is None for t in rest)
    return all(t.text[:1].isupper() and t.text.isalpha() and not english_word(t.lower_) and lookup_alias(t.text) is None
               for t in rest)


KIN_NOUNS = {"wife", "husband", "son", "daughter", "mother", "father", "brother", "sister", "widow", "partner", "friend"}


def _set_beside_person_noun(span: Span) -> bool:
    """The name stands in apposition to a noun for a person ("his assistant, Julia Bolus")."""
    root = span.root
    nouns = [root.head] if root.dep_ == "appos" else []
    nouns += [c for c in root.children if c.dep_ == "appos"]
    return any(n.pos_ == "NOUN" and (n.lower_ in ROLE_NOUNS or n.lower_ in KIN_NOUNS or _job_word_lower(n)) for n in nouns)


def _job_word_lower(t: Token) -> bool:
    return t.lower_.endswith(JOB_ENDINGS) and t.text.islower()


def english_word(w: str) -> bool:
    """A lower-case word of English, or its plural or third person ("Panthers", "Ministries",
    "Endorses"), in the small model's WordNet lists."""
    words = _dictionary_words()
    return w in words or w.endswith("s") and (w[:-1] in words or w[:-2] in words or w[:-3] + "y" in words)


# One-word names of bodies that speak of a he next ("State said ... He"): never that he
_NO_PERSON_WORDS = INSTITUTION_NOUNS | {"state"}
# A capital inside a word after three small letters: a brand's ("BuzzFeed", "OpenAI", "YouTube"),
# never a name's (McCaskill, DeSantis, MacDonald, LeBron)
BRAND_CAPITAL = re.compile(r"[a-z]{3}[A-Z]")


# Words of a company's or an organisation's name (built once: _one_name reads it per word)
_BODY_NAME_WORDS = COMPANY_WORDS | ORG_NAME_ENDS


def _one_name(span: Span) -> bool:
    """One word, or a name of up to three capitalised words none of which is a word of English
    or of a company's or an organisation's name ("Emmerson Mnangagwa", "Kassym-Jomart Tokayev";
    never "Goldman Sachs Group", "Rio Tinto Foundation")."""
    if len(span) == 1:
        return True
    words = [t for t in span if not (t.is_punct and t.text in "-‐")]
    return len(words) <= 3 and all(t.pos_ == "PROPN" and t.text[:1].isupper() and t.text.isalpha() and not english_word(t.lower_)
                                   and t.lower_ not in _BODY_NAME_WORDS for t in words)


def _says_he(span: Span) -> bool:
    """One capitalised word (or one name, :func:`_one_name`) the model called an organisation, a
    place, a work or a product that says "he" or "she" of itself: the subject of a verb whose
    complement clause opens with the pronoun ("Trump said he would ..."), which an organisation's
    spokesman rarely is of anyone else, or the one who said something just before a sentence that
    opens with the pronoun."""
    if (span.label_ not in ("ORG", "GPE", "WORK_OF_ART", "PRODUCT") or not _one_name(span) or not span.text[:1].isupper() or span.text.isupper()
            or lookup_alias(span.text)):
        return False
    if BRAND_CAPITAL.search(span.text):
        return False  # a brand's inner capital ("BuzzFeed said he ..."; McCaskill, DeSantis are names)
    root = span.root
    if root.dep_ != "nsubj":
        return False
    for clause in root.head.children:
        if clause.dep_ == "ccomp" and clause.i > root.head.i:
            subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and subject.lower_ in ("he", "she"):
                return True
    # "..., Thompson said. He estimated the damage at $100,000.": the next sentence opens with
    # he or she, and the model names no person in between
    doc, end = span.doc, span.sent.end
    if root.head.lemma_ not in _SAID_LEMMAS or span.text.lower() in _NO_PERSON_WORDS:
        return False
    while end < len(doc) and (doc[end].is_space or doc[end].is_punct):
        end += 1
    return (end < len(doc) and doc[end].lower_ in ("he", "she") and doc[end].dep_ in ("nsubj", "nsubjpass")
            and not any(doc[i].ent_type_ == "PERSON" for i in range(span.end, end)))


AMOUNT_WORDS = {"million", "billion", "trillion", "thousand", "hundred", "bn", "m", "percent", "%", "euros", "euro",
                "dollars", "dollar", "pounds", "yen", "yuan", "rupees", "francs", "rubles", "roubles"}


PARTY_WORDS = {"republican", "republicans", "democratic", "democrat", "democrats", "conservative", "liberal", "labour",
               "labor", "tory", "socialist", "communist", "green", "gop"}
# words no name ends with: a span the model ran on into the next phrase
TRAILING_FUNCTION_WORDS = {"of", "and", "for", "the", "in", "at", "to", "on", "&", "by", "with", "from"}
TRAILING_DAY_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday",
                      "tonight"}
TRAILING_PERSON_WORDS = {"spokesman", "spokeswoman", "spokesperson", "official", "officials", "aide", "aides", "envoy",
                         "negotiator", "diplomat", "diplomats", "lawmaker", "lawmakers"}


def _trim_end(span: Span) -> Span:
    """A name without the words the model ran it into: "the National Hurricane Center of (Miami)",
    "Yasser Arafat Wednesday (rejected)", "a State Department spokesman" (the department's), "the
    United Nations Observer Mission in Angola (MONUA" (a bracket it opened and never closed)."""
    e = span.end
    opened = next((t.i for t in span if t.text == "("), None)
    if opened is not None and opened > span.start and not any(t.text == ")" for t in span.doc[opened:e]):
        e = opened
    while e - span.start > 1 and (span.doc[e - 1].lower_ in TRAILING_FUNCTION_WORDS
                                  or span.label_ == "PERSON" and span.doc[e - 1].lower_ in TRAILING_DAY_WORDS
                                  or span.label_ == "ORG" and span.doc[e - 1].lower_ in TRAILING_PERSON_WORDS):
        e -= 1
    return span if e == span.end else Span(span.doc, span.start, e, label=span.label_)


def _without_amount(span: Span) -> Span | None:
    """A name without the amount the model ran it into ("fined Apple 1.8 billion euros": Apple), or
    a person's without a number after it ("Smith 45"); None when nothing but the amount is left."""
    end = span.end
    amount = span.doc[end - 1].lower_ in AMOUNT_WORDS or span.label_ == "PERSON" and span.doc[end - 1].like_num
    if span.label_ not in ("ORG", "PERSON", "GPE", "NORP") or not amount:
        return span  # "Article 33", "Windows 11", "Channel 4": a number that is part of the name
    while end > span.start and (span.doc[end - 1].like_num or span.doc[end - 1].lower_ in AMOUNT_WORDS):
        end -= 1
    return Span(span.doc, span.start, end, label=span.label_) if end > span.start else None


def _listed_with_people(span: Span, person_at: set[int]) -> bool:
    """One name the model called an organisation or a place, listed with two people or more
    ("Trump, Cruz, Kasich, Bush, and Rubio"; "Obama, Biden, and Warren"): a person too, unless it is
    a word of English or a place the alias table knows."""
    if span.label_ not in ("ORG", "GPE", "LOC") or len(span) != 1 or lookup_alias(span.text) or english_word(span[0].lower_):
        return False
    return sum(c.i in person_at for c in span[0].conjuncts) >= 2


def _mostly_a_person(span: Span, votes: dict[str, list[int]]) -> bool:
    """A name the model calls a person at least as often as anything else in the document, and
    that is no country or place of the alias table (a medium's name wins later, in
    resolve_entities). A tie is a person's: the model splits a surname between a person and an
    organisation ("Trump" 8 times each in one report), seldom a body's name; one each says
    nothing ("Ferguson" the town and the man)."""
    person, other = votes.get(span.text, (0, 0))
    return span.label_ != "PERSON" and (person > other or person == other >= 2) and lookup_alias(span.text) is None


def _named_person_noun(span: Span) -> bool:
    """A name in apposition with a noun for a person ("her husband, Klaus", "Klaus, her husband",
    "a farmer, Jean Dupont") is a person's, whatever the model called it."""
    if span.label_ not in ("ORG", "GPE", "NORP", "PRODUCT", "WORK_OF_ART", "FAC", "LOC") or lookup_alias(span.text):
        return False
    root = span.root
    nouns = [root.head] if root.dep_ == "appos" else []
    nouns += [c for c in root.children if c.dep_ == "appos" and not span.start <= c.i < span.end and not trailing_speaker(c)]
    return any(n.pos_ == "NOUN" and n.lower_ in PERSON_NOUNS for n in nouns)


# Verbs of a speech tag that closes a sentence ("..., a spokesman said", "..., an official told PTI")
TAG_VERBS = {"say", "tell", "add", "state", "confirm", "announce", "report", "write", "explain", "claim", "insist",
             "warn", "note", "acknowledge", "admit", "argue", "deny", "reply"}


def trailing_speaker(t: Token) -> bool:
    """A noun phrase after a comma that the parse hung as an apposition on the word before it, but
    is the subject of the speech tag right after it, which has none of its own: in "... in Leeds, a
    spokeswoman for West Yorkshire Police said" the spokeswoman speaks, and Leeds is no person."""
    if t.dep_ != "appos":
        return False
    doc, start, end = t.doc, t.left_edge.i, t.right_edge.i + 1
    if end >= len(doc) or start == 0:
        return False
    # (after a quotation's closing mark: "“Yes, I support Ted Cruz,” Brent Bozell III, founder of ..., tells")
    before = doc[start - 1]
    if before.text != "," and not (before.is_quote and start >= 2 and doc[start - 2].text in (",", "?", "!")):
        return False
    if (doc[end].text == "," and end + 1 < len(doc) and doc[end + 1].tag_ in ("VBD", "VBZ", "VBP")
            and (t.ent_type_ == "PERSON" or t.lemma_.lower() in PERSON_NOUNS) and t.head.ent_type_ != "PERSON"):
        # the comma that closes it ("In a statement to the Observer, her adviser, Jake Sullivan,
        # said"), when it names someone and is set beside no one (never "Cambridge, Mass., said",
        # nor "said Kristen Day, executive director of Democrats for Life, reports USA Today");
        # never before a participle, whose subject is the sentence's ("X slammed Trump, the
        # front-runner, saying")
        end += 1
    v = doc[end]
    return v.pos_ in ("VERB", "AUX") and v.lemma_ in TAG_VERBS and not any(c.dep_ in ("nsubj", "nsubjpass") for c in v.children)


def _no_overlap(spans: list[Span]) -> list[Span]:
    seen: list[tuple[int, int]] = []
    out = []
    for s in sorted(spans, key=lambda s: (s.start, -len(s))):
        if seen and s.start < seen[-1][1]:
            continue
        seen.append((s.start, s.end))
        out.append(s)
    return out


def entity_spans(doc: Doc) -> tuple[list[Span], dict[int, str]]:
    """Entity spans after the repairs of step 1, and the titles stripped off person spans
    (keyed by the person span's start token). The model's spans are relabelled and trimmed
    (:func:`_model_spans`), names after role nouns win over them (:func:`_role_names`), names
    split in two are joined (:func:`_halves_joined`), titles alone and headline words are dropped,
    storms are events (:func:`_storms`), first names before a named person join them
    (:func:`_first_names_joined`), and surnames and names the model missed are found
    (:func:`_missed_people_and_places`)."""
    model_ents = list(doc.ents)  # built once: each doc.ents call makes new Span objects
    ents, titles = _model_spans(doc, model_ents)
    # one pass over the tokens: role nouns now, capitalised words for the missed names
    ents, proper, storm_at = _role_names(doc, model_ents, ents)
    ents = _halves_joined(doc, _no_overlap(ents))
    # a title the document set before a name, later alone after "the" ("Taoiseach Leo Varadkar ...
    # The Taoiseach added"): that person's title, no person of its own (the speaker stage resolves it)
    title_words = {title.split()[-1].lower() for title in titles.values()}
    ents = [e for e in ents if not (len(e) == 1 and e[0].lower_ in title_words and e.start > 0 and doc[e.start - 1].lower_ == "the")]
    ents = _headline_words_cut(ents)
    if storm_at:
        ents = _storms(doc, ents, storm_at)
    ents = _first_names_joined(doc, ents)
    return _missed_people_and_places(doc, ents, proper), titles


def _model_spans(doc: Doc, model_ents: list[Span]) -> tuple[list[Span], dict[int, str]]:
    """a. The model's spans of the kept labels, trimmed, relabelled where the document shows what
    they are (:func:`_relabelled`), and person spans stripped of their titles (:func:`_untitled`)."""
    titles: dict[int, str] = {}
    ents: list[Span] = []
    # the label the model gives a name most often in this document, where that is PERSON: the same
    # name is the same person throughout ("Trump" an organisation once among five people)
    votes: dict[str, list[int]] = {}
    for e in model_ents:
        if e.label_ in ENTITY_LABELS:
            votes.setdefault(e.text, [0, 0])[e.label_ != "PERSON"] += 1
    # "the human rights group Memorial": a body wherever the document names it
    bodies = _bodies_named(doc) if any(e.label_ == "PERSON" for e in model_ents) else set()
    for name in bodies & votes.keys():
        votes[name] = [0, sum(votes[name])]
    person_at = {t for e in model_ents if e.label_ == "PERSON" and e.text not in bodies for t in range(e.start, e.end)}
    common: set[str] | None = None  # the document's common nouns in lower case, read when first needed
    # the surnames of the people the model found named in full
    surnames = {e[-1].text for e in model_ents if e.label_ == "PERSON" and len(e) >= 2 and e[-1].text[:1].isupper()}
    # the first names of the people the model found named in full, where one person has it
    firsts = Counter(e[0].text for e in model_ents if e.label_ == "PERSON" and len(e) >= 2 and e[0].text[:1].isupper())
    for e in model_ents:
        if e.label_ not in ENTITY_LABELS:
            continue
        e = _without_amount(e)
        if e is None or len(e) == 1 and (e[0].lower_ in TITLE_ABBREVIATIONS
                                         or e.label_ == "PERSON" and len(e[0].text.rstrip(".")) == 1):
            continue  # ("the CM said": a title written short, no organisation; "on X.": a letter, no one)
        e = _trim_end(e)
        if e.label_ == "ORG" and len(e) >= 2 and e[0].is_sent_start:
            if common is None:
                common = {t.lower_ for t in doc if t.tag_ == "NN" and t.is_lower}
            e = _without_kind_word(e, common)
        if e.label_ == "PERSON":
            e = _name_only(e)
        if e.label_ in ("GPE", "LOC") and len(e) == 1 and e.text in surnames and _surname_not_place(e):
            e = Span(doc, e.start, e.end, label="PERSON")  # "Daniel Okoro, 34, ... Okoro told the jury"
        elif (e.label_ == "ORG" and len(e) == 1 and firsts.get(e.text) == 1 and e.text not in surnames
              and e[0].dep_ in ("nsubj", "nsubjpass") and lookup_alias(e.text) is None and first_name_gender(e.text) is None):
            # "Former vice president Atiku Abubakar ... Atiku said": a name no first-name table knows,
            # used alone as the subject, as the press of many countries uses it, is that person's
            e = Span(doc, e.start, e.end, label="PERSON")
        e = _relabelled(doc, e, votes, person_at)
        if e.label_ == "PERSON" and e.text in bodies:
            e = Span(doc, e.start, e.end, label="ORG")
        if e.label_ == "PERSON":
            thing = _thing_label(e)
            if thing:
                ents.append(Span(doc, e.start, e.end, label=thing))
                continue
            stripped = _untitled(doc, e, titles)
            if stripped is None:
                continue  # "General", "President" alone: a title, not a person
            e = stripped
        ents.append(e)
    return ents, titles


def _without_kind_word(e: Span, common: set[str]) -> Span:
    """"Carmaker Toyota said ...": a sentence's first word that the document also writes as a
    common noun ("the carmaker said") is the kind of body, no part of its name, when a name
    follows that the document never writes as one. Words that head bodies' names stay ("Bank Leumi")."""
    first = e[0].lower_
    if sum(t.is_lower and t.is_alpha and not t.is_stop for t in e.sent) < 2:
        return e  # a headline in title case ("Veto Power Impedes Peace Efforts")
    if (first in common and first not in BODY_HEADS | INSTITUTION_NOUNS and e[1].pos_ == "PROPN"
            and e[1].lower_ not in common):
        return Span(e.doc, e.start + 1, e.end, label=e.label_)
    return e


# Words that open a sentence before a name the model may take into it
_SENTENCE_OPENERS = {"say", "suppose", "imagine", "let", "if", "when", "as", "while", "but", "and", "so", "then", "yet",
                     "after", "before", "since", "because", "although", "though", "unlike", "like", "unless", "until"}


def _relabelled(doc: Doc, e: Span, votes: dict[str, list[int]], person_at: set[int]) -> Span:
    """The model's span with the label its words and context show: a people, a person, a place,
    a body, a group, a brand."""
    if (e.label_ in ("GPE", "LOC", "ORG", "NORP") and len(e) >= 2 and e[0].is_sent_start and e[0].lower_ in _SENTENCE_OPENERS
            and lookup_alias(e[1:].text) is not None):
        # "Say Mexico demanded ...", "Unlike China, ...": a sentence's first word before a place is
        # no part of its name (a closed list: "New Mexico", "Northern Ireland" start with words too)
        e = Span(doc, e.start + 1, e.end, label=e.label_)
    if e.label_ == "PERSON" and len(e) >= 2 and e[-1].lower_.endswith("s") and (
            (hit := lookup_alias(e[-1].text)) is not None and hit.kind == "demonym" or e[0].tag_ == "JJ" and e[-1].tag_ == "NNPS"):
        e = Span(doc, e.start, e.end, label="NORP")  # "Bosnian Serbs", "Bosnian Croats": a people, no person
    elif _organisation_name(e) or _affiliation_before_role(e, person_at):
        e = Span(doc, e.start, e.end, label="ORG")
    elif (_titled_person(e) or _person_not_group(e) or _named_person_noun(e) or _name_as_subject(e)
            or _first_name_and_surname(e) or _mostly_a_person(e, votes) or _says_he(e) or _listed_with_people(e, person_at)):
        e = Span(doc, e.start, e.end, label="PERSON")
    elif _place_called_person(e):
        e = Span(doc, e.start, e.end, label="GPE")
    elif len(e) >= 2 and (e.label_ in ("GPE", "LOC") and e[-1].lower_ in BODY_HEADS
                          or e.label_ == "PERSON" and e[-1].lower_ in BODY_HEADS - {"court", "bank", "guard", "board"}):
        # "New York State Park Police": a body of the place; "Aurora Police": never a person
        # (but Margaret Court, Tony Banks are people)
        e = Span(doc, e.start, e.end, label="ORG")
    elif _body_initials(e):
        e = Span(doc, e.start, e.end, label="ORG")  # "the I.R.S.", "the NRA": initials are a body's, not a place's
    elif e.label_ == "PERSON" and len(e) >= 2 and e[-1].lower_.endswith("s") and e[-1].lower_[:-1] in ROLE_NOUNS:
        e = Span(doc, e.start, e.end, label="NORP")  # "Tory MPs": a group of people, no one person
    if e.label_ == "PERSON" and (len(e) == 1 and BRAND_CAPITAL.search(e.text) or _after_medium_noun(e)):
        # "Data published by OpenAI", "the Russian news website Vesti": a brand or a medium, no person
        e = Span(doc, e.start, e.end, label="ORG")
    return e


def _affiliation_before_role(e: Span, person_at: set[int]) -> bool:
    """A name the model took for a person, right before a lower-case role noun that is itself set
    before a person's name ("Brighton boss Fabian Hurzeler", "Memorial director Arseny Roginsky"):
    the body that person works for, no person (a place the alias table knows stays a place)."""
    doc = e.doc
    if e.label_ != "PERSON" or e.end + 1 >= len(doc) or lookup_alias(e.text) is not None:
        return False
    role = doc[e.end]
    return (role.is_lower and (role.lower_ in ROLE_NOUNS or role.lower_ == "boss") and e.root.head.i == role.i
            and (role.dep_ in ("compound", "nmod", "amod") and role.head.i in person_at and role.head.i > role.i
                 or any(c.dep_ == "appos" and c.i in person_at and c.i <= role.i + 3 for c in role.children)))


def _organisation_name(e: Span) -> bool:
    """A name of capitalised words that ends in a word only organisations end in ("Human Rights
    Watch", "Transparency International", "Brookings Institution"), which the model took for a
    person or a place."""
    return (len(e) >= 2 and e.label_ in ("PERSON", "GPE", "LOC") and e[-1].lower_ in ORG_NAME_ENDS
            and not (e.label_ != "PERSON" and e[-1].lower_ == "union")  # "the Soviet Union" is a state
            and all(t.text[:1].isupper() or t.lower_ in ("of", "for", "and", "the", "on", "&") for t in e))


def _untitled(doc: Doc, e: Span, titles: dict[int, str]) -> Span | None:
    """A person span without its titles, each title kept in ``titles`` under the name's start;
    None when the span was a title alone."""
    stripped, title = _strip_titles(e)
    if stripped is None:
        return None
    if title is None and _job_word_first(stripped):
        title, stripped = stripped[0].text, Span(doc, stripped.start + 1, stripped.end, label="PERSON")
    elif _word_before_first_name(stripped):
        # "(Miss) Universe Alicia Machado": a word of English before a first name and a surname
        # is the end of a title, not a name
        title = f"{title} {stripped[0].text}" if title else stripped[0].text
        stripped = Span(doc, stripped.start + 1, stripped.end, label="PERSON")
    if not title:
        stripped = _whole_name(stripped)
        if _title_used_alone(stripped):  # "Taoiseach Simon Harris ... The Taoiseach"
            title, stripped = stripped[0].text, Span(doc, stripped.start + 1, stripped.end, label="PERSON")
    if title:
        titles[stripped.start] = title
    return stripped


def _role_names(doc: Doc, model_ents: list[Span], ents: list[Span]) -> tuple[list[Span], list[Token], list[int]]:
    """b. Names after a role noun, which win over what the model made of the same tokens; and,
    from the same pass over the tokens, the capitalised words and the storms' names."""
    repaired: list[Span] = []
    proper: list[Token] = []
    storm_at: list[int] = []
    for t in doc:
        if t.lower_ in ROLE_NOUNS:
            name = _role_name(doc, t, model_ents)
            if name is not None and not _thing_label(name):
                repaired.append(_trim_end(name))
        if t.text[:1].isupper():
            proper.append(t)
            if t.i + 1 < len(doc) and _storm_name_at(doc, t.i + 1):
                storm_at.append(t.i + 1)  # "Tropical Storm Nadia", "Hurricane Otis": a storm's name
    if repaired:
        keep = [e for e in ents if not any(r.start < e.end and e.start < r.end and not (e.label_ == "PERSON" and len(e) >= len(r))
                                           for r in repaired)]
        ents = keep + [r for r in repaired if not any(r.start < e.end and e.start < r.end for e in keep)]
    return ents, proper, storm_at


def _halves_joined(doc: Doc, ents: list[Span]) -> list[Span]:
    """A name the model split in two here and found whole elsewhere ("Islamic" + "State" after
    "Islamic State"): the whole name."""
    if len(ents) < 2:
        return ents
    whole = {e.text: e.label_ for e in ents if len(e) >= 2 and e.label_ in ("ORG", "GPE", "FAC", "EVENT", "LAW", "WORK_OF_ART")}
    joined: list[Span] = []
    for e in ents:
        prev = joined[-1] if joined else None
        if prev is not None and prev.end == e.start and (label := whole.get(doc[prev.start : e.end].text)) is not None:
            joined[-1] = Span(doc, prev.start, e.end, label=label)
        elif (prev is not None and prev.end == e.start and prev.label_ == "NORP" and e.label_ == "ORG"
              and all(t.tag_ == "NNP" and t.dep_ == "compound" and e.start <= t.head.i < e.end
                      and t.lower_ not in PARTY_WORDS for t in prev)):
            # "Islamic" + "State": one name (but a party's word says whose: "a Republican House")
            joined[-1] = Span(doc, prev.start, e.end, label="ORG")
        elif (prev is not None and prev.end == e.start and prev.label_ == "ORG" and e.label_ == "GPE" and len(e) == 1
              and e.root.dep_ != "compound" and prev.root.dep_ == "compound" and all(t.head.i == e.start or prev.start <= t.head.i < prev.end for t in prev)):
            # "Amnesty International Kenya said", "Oxfam America": an organisation's national
            # branch is named by the organisation and the country, the country as the head noun
            # (but in "the EU Turkey deal" the country only qualifies the deal)
            joined[-1] = Span(doc, prev.start, e.end, label="ORG")
        else:
            joined.append(e)
    return joined


def _storms(doc: Doc, ents: list[Span], storm_at: list[int]) -> list[Span]:
    """A storm named after its kind ("Tropical Storm Irene") is an event, whatever the model made
    of it, and so is its name alone after ("Irene is moving west")."""
    storms = {doc[i].text for i in storm_at}
    ents = [Span(doc, e.start, e.end, label="EVENT") if len(e) <= 3 and e[-1].text in storms and (
        len(e) == 1 or e[0].lower_ in STORM_WORDS or e[0].text == "Tropical") else e for e in ents]
    covered = {t for e in ents for t in range(e.start, e.end)}
    ents += [Span(doc, i - 1, i + 1, label="EVENT") for i in storm_at if i not in covered and i - 1 not in covered]
    ents.sort(key=lambda e: e.start)
    return ents


def _first_names_joined(doc: Doc, ents: list[Span]) -> list[Span]:
    """A first name before a person the document names ("Camilla Parker Bowles" an organisation,
    "Mrs Parker Bowles" a person): that person's whole name."""
    person_names = {clean_name(e.text) for e in ents if e.label_ == "PERSON" and len(e) >= 2}
    if not person_names:
        return ents
    return [Span(doc, e.start, e.end, label="PERSON") if e.label_ in ("ORG", "GPE", "WORK_OF_ART") and len(e) >= 3
            and first_name_gender(e[0].text, sure=True) is not None and clean_name(e[1:].text) in person_names else e
            for e in ents]


def _missed_people_and_places(doc: Doc, ents: list[Span], proper: list[Token]) -> list[Span]:
    """d. A single token that repeats a known person's surname is that person, labelled or not
    (but the first word of a company is the company); e. a name the model missed altogether;
    f. a place or seat of two words or more the alias table knows. In text order."""
    surnames = {k for s in ents if s.label_ == "PERSON" and (k := surname_key(s.text)) and len(name_tokens(s.text)) >= 2}
    # the first word of a company the document names, and no one's surname ("Tyson Foods ...
    # Tyson said it plans to appeal"): the company
    firms = {e[0].text for e in ents if e.label_ == "ORG" and len(e) >= 2 and e[0].text[:1].isupper() and e[0].pos_ == "PROPN"
             and e[-1].lower_.rstrip(".") in COMPANY_WORDS}
    if firms:
        ents = [Span(doc, e.start, e.end, label="ORG") if e.label_ == "PERSON" and len(e) == 1 and e.text in firms
                and surname_key(e.text) not in surnames else e for e in ents]
    final = []
    for s in ents:
        if (s.label_ != "PERSON" and len(s.text.split()) == 1 and surname_key(clean_name(s.text)) in surnames
                and lookup_alias(s.text) is None):  # one word, hyphens and all ("Ocasio-Cortez", "O’Malley")
            s = Span(doc, s.start, s.end, label="PERSON")
        final.append(s)
    covered = {t for s in final for t in range(s.start, s.end)}
    full_names = {clean_name(e.text) for e in final if e.label_ == "PERSON" and len(e) == 2}
    for t in proper:
        if t.i not in covered and t.text in surnames and t.pos_ in ("PROPN", "NOUN", "VERB"):
            # with the first name the model also left out right before it, when the document names
            # that full name elsewhere ("CLEVELAND - Donald Trump painted": the whole name, never
            # "Trump" alone for the next namesake, Ivanka Trump, to take)
            first = doc[t.i - 1] if t.i > 0 else None
            start = t.i - 1 if (first is not None and first.i not in covered and first.is_title
                                and f"{first.text} {t.text}" in full_names) else t.i
            final.append(Span(doc, start, t.i + 1, label="PERSON"))
            covered.update(range(start, t.i + 1))
    # e. a name the model missed altogether ("Oleksandra Kovalenko, 71, spent the night ...")
    for t in proper:
        name = _missed_name(t, covered)
        if name is not None:
            final.append(name)
            covered.update(range(name.start, name.end))
    # f. a name of two words or more the alias table knows, which the model missed ("Downing Street
    # said", "the White House"): that place or its seat, so a seat that speaks is its state
    for t in proper:
        place = _missed_alias(t, covered)
        if place is not None:
            final.append(place)
            covered.update(range(place.start, place.end))
    return sorted(final, key=lambda s: s.start)


def _missed_alias(t: Token, covered: set[int]) -> Span | None:
    """The longest run of two to four capitalised words from ``t``, in no entity, that the
    alias table names (a seat written in words of English, "Downing Street", is a building)."""
    doc = t.doc
    if t.i in covered or t.pos_ != "PROPN" or t.i > 0 and doc[t.i - 1].text[:1].isupper() and t.i - 1 not in covered:
        return None  # (a run is tried from its first word only)
    end = t.i
    while end < len(doc) and end - t.i < 4 and end not in covered and doc[end].text[:1].isupper() and doc[end].is_alpha:
        end += 1
    for j in range(end, t.i + 1, -1):
        hit = lookup_alias(doc[t.i : j].text)
        if hit is not None and hit.kind != "demonym":
            label = "FAC" if hit.kind == "seat" and english_word(doc[j - 1].lower_) else hit.type
            return Span(doc, t.i, j, label=label)
    return None


def _missed_name(t: Token, covered: set[int]) -> Span | None:
    """A known first name and one or two capitalised proper nouns after it, in no entity, that
    are the subject of their clause or stand beside an age: a person the model did not find."""
    doc = t.doc
    if (t.i in covered or t.pos_ != "PROPN" or not t.text.isalpha() or first_name_gender(t.text) is None
            or _is_title(t) or t.lower_ in ROLE_NOUNS or lookup_alias(t.text) is not None):
        return None
    j = t.i + 1
    while (j < len(doc) and j - t.i < 3 and j not in covered and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper()
           and doc[j].text.isalpha() and lookup_alias(doc[j].text) is None):
        j += 1
    if j - t.i < 2:
        return None
    span = Span(doc, t.i, j, label="PERSON")
    aged = j + 2 < len(doc) and doc[j].text == "," and doc[j + 1].like_num and doc[j + 2].text == ","
    return span if span.root.dep_ in ("nsubj", "nsubjpass") or aged else None


def _surname_not_place(span: Span) -> bool:
    """A one-word "place" that is the surname of someone the document names in full, which the
    alias table knows as no place and the text does not use as one ("in Okoro"): that person."""
    root = span.root
    return lookup_alias(span.text) is None and not (root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS | {"from", "to"})


def _place_called_person(span: Span) -> bool:
    """A "person" that is one word naming a country or its capital, where it is a place ("in
    central Kyiv"), or a word followed by the region or country that locates it ("from Blackburn,
    West Lothian"): the place."""
    if span.label_ != "PERSON" or len(span) != 1:
        return False
    root = span.root
    if root.dep_ != "pobj" or root.head.lower_ not in LOCATIVE_PREPS | {"from"}:
        return False
    if (hit := lookup_alias(span.text)) is not None:
        return hit.kind != "demonym"
    # "from Blackburn, West Lothian in Scotland": a town the place after the comma locates
    doc, e = span.doc, span.end
    if not (e + 1 < len(doc) and doc[e].text == ","):
        return False
    after = doc[e + 1]
    return (after.ent_type_ in ("GPE", "LOC") and after.ent_iob_ == "B"
            # a county the model did not find, then the country: "from Bolton, Lancashire in England"
            or after.pos_ == "PROPN" and after.text[:1].isupper() and not after.ent_type_
            and any(t.ent_type_ in ("GPE", "LOC") for t in doc[e + 2 : e + 5]))


# --- 2. people ---------------------------------------------------------------------------

_HONORIFIC_GENDER = {"mr": "male", "sir": "male", "lord": "male", "mrs": "female", "ms": "female", "miss": "female",
                     "dame": "female", "lady": "female"}


def _honorific_gender(title: str | None) -> str | None:
    words = (title or "").lower().replace(".", "").split()
    return _HONORIFIC_GENDER.get(words[-1]) if words else None


def _title_before(s: Span, titles: dict[int, str]) -> str | None:
    """The title stripped off a person span, else the word right before it ("Mrs." outside the span)."""
    return titles.get(s.start) or (s.doc[s.start - 1].text if s.start else None)


def _full_name(s: Span) -> str | None:
    """A person span's name as written, when it is a full name (two name words or more, the first
    no particle: "De Boer" is a surname), capitals evened ("PENCE" -> "Pence"); else None."""
    words = name_tokens(s.text)
    if s.label_ != "PERSON" or len(words) < 2 or words[0].lower() in NAME_PARTICLES:
        return None
    name = " ".join(clean_name(s.text).split())
    return name.title() if name.isupper() else name


def _longer_names(spans: list[Span]) -> dict[str, tuple[str, str]]:
    """A full name that ends another, longer one of the document ("Lula da Silva", "Kamal Dahal"
    after "Luiz Inacio Lula da Silva", "Pushpa Kamal Dahal"), lower-cased -> the (id, name) of
    the longer name, where exactly one longer name ends so. Each name indexes its own endings of
    two words or more, so a name costs a lookup per word (never a pass over the other names)."""
    names: dict[tuple[str, ...], str] = {}  # the words of a distinct full name (as spellings vary) -> name
    for s in spans:
        name = _full_name(s)
        if name is not None:
            names.setdefault(tuple(spelling_key(w) for w in name.split()), name)
    ends: dict[tuple[str, ...], set[str]] = {}  # an ending -> the longer names that end so
    for words, name in names.items():
        for k in range(1, len(words) - 1):
            # the words before the ending must be names: a first name, or no word of English (never
            # a headline's verb run into the name, "Rip Donald Trump", "Endorses Ted Cruz")
            if first_name_gender(words[k - 1]) is None and english_word(words[k - 1]):
                break
            ends.setdefault(words[k:], set()).add(name)
    out = {}
    for words, name in names.items():
        longer = ends.get(words, set())
        if len(longer) == 1:
            whole = next(iter(longer))
            out[name.lower()] = (f"person:{slug(whole)}", whole)
    return out


def _latest_namesake(named: list[tuple[int, str, str]], start: int) -> tuple[str, str] | None:
    """(id, name) of the namesake in ``named`` (token start, id, name; text order) named most
    recently before token ``start``, else the next one named; None if there is none."""
    if not named:
        return None
    at = bisect.bisect_left(named, (start,))
    return (named[at - 1] if at else named[0])[1:]


def _person_ids(spans: list[Span], titles: dict[int, str]) -> dict[int, tuple[str, str]]:
    """Person span start -> (entity id, canonical name), per step 2. Full names are indexed by
    surname and by first name, so each mention costs a lookup (never a pass over the others)."""
    own: dict[int, tuple[str, str]] = {}  # token start of a full name -> (id, name)
    by_surname: dict[str, list[tuple[int, str, str]]] = {}  # surname -> (token start, id, name), in text order
    by_first: dict[str, dict[str, str]] = {}  # first name -> {id: name}
    genders: dict[str, str | None] = {}  # full name's id -> gender its honorific or sure first name shows
    bare_by_gender: dict[str, dict[str, tuple[str, str]]] = {}  # surname -> gender -> a bare surname's (id, name)
    longer = _longer_names(spans)
    for s in spans:
        if s.label_ != "PERSON":
            continue
        written = _full_name(s)
        if written is not None:
            own[s.start] = longer.get(written.lower(), (f"person:{slug(written)}", written))
            eid, name = own[s.start]
            by_surname.setdefault(spelling_key(surname_key(name) or ""), []).append((s.start, eid, name))
            for first in {name_tokens(name)[0].lower(), name_tokens(written)[0].lower()}:  # "Lula" for Luiz Inacio Lula da Silva too
                by_first.setdefault(first, {})[eid] = name
            genders[eid] = _honorific_gender(_title_before(s, titles)) or first_name_gender(name_tokens(name)[0], sure=True, local=False)
    out: dict[int, tuple[str, str]] = {}
    for s in spans:
        if s.label_ != "PERSON":
            continue
        if s.start in own:
            out[s.start] = own[s.start]
            continue
        key = spelling_key(surname_key(s.text) or "")  # "Zelensky" after "Volodymyr Zelenskyy"
        same = by_surname.get(key, []) if key else []
        pick = _latest_namesake(same, s.start)
        title = _title_before(s, titles)
        honorific = _honorific_gender(title)
        if honorific and key:
            # "Mr. Johnson ... Mrs. Johnson": a Mrs is never the Mr (nor Boris) of that surname;
            # where another gender holds the surname, the honorific stays in this one's name
            titled = f"{str(title).rstrip('.')}. {clean_name(s.text)}"
            agreeing = [p for p in same if genders.get(p[1]) in (None, honorific)]
            # of those, one whose first name the table gives that gender anywhere ("Mrs. Abedini" after
            # Naghmeh and Saeed Abedini, names the table knows from one country only)
            agreeing = [p for p in agreeing if first_name_gender(name_tokens(p[2])[0]) == honorific] or agreeing
            pick = _latest_namesake(agreeing, s.start)
            if pick is None and same:
                pick = (f"person:{slug(titled)}", titled)
            if pick is None:
                bare = bare_by_gender.setdefault(key, {})
                if honorific not in bare:  # the first bare one of the surname keeps it plain
                    text = titled if bare else clean_name(s.text)
                    bare[honorific] = (f"person:{slug(text)}", text)
                pick = bare[honorific]
        reflexive = {"herself": "female", "himself": "male"}.get(s.doc[s.end].lower_) if s.end < len(s.doc) else None
        if not honorific and reflexive and len(same) > 1:
            # "Clinton herself": of the namesakes, the latest of that gender (never Bill for a "herself")
            pick = _latest_namesake([p for p in same if genders.get(p[1]) == reflexive], s.start) or pick
        if pick is None and len(name_tokens(s.text)) == 1:
            # a first name alone ("Erik has worked tirelessly") is the one person of the document
            # who has it, never a guess between two
            owners = by_first.get(clean_name(s.text).lower(), {})
            pick = next(iter(owners.items())) if len(owners) == 1 else None
        if pick is not None:
            out[s.start] = pick
        else:
            text = clean_name(s.text)
            text = text.title() if text.isupper() and len(text) > 3 else text  # "PENCE:" in a transcript
            out[s.start] = (f"person:{slug(text)}", text)
    return out


# Words an organisation's initials skip: "FCA" is the Financial Conduct Authority.
_INITIALS_SKIP = {"of", "the", "and", "for", "on", "in", "&"}


def _initials(words: Iterable[str]) -> str:
    """A name's initials in capitals, without the words initials skip ("FCA")."""
    return "".join(w[0] for w in words if w.lower() not in _INITIALS_SKIP).upper()


def _abbreviation_after(doc: Doc, end: int) -> Token | None:
    """The short form a name defines in brackets right after it, ending at token ``end``:
    "Human Rights Watch (HRW)", "Revolutionary Armed Forces of Colombia (FARC)"."""
    if end + 2 >= len(doc) or doc[end].text != "(" or doc[end + 2].text != ")":
        return None
    t = doc[end + 1]
    return t if t.is_alpha and t.is_upper and 2 <= len(t) <= 8 else None


def _defined_abbreviations(doc: Doc, spans: list[Span]) -> list[Span]:
    """A body named in full with its short form in brackets: the short form is that body's
    (labelled a body, and made a mention where the model missed it); where the model missed the
    full name, the capitalised words before the brackets are the body when their initials are the
    short form's letters ("Human Rights Watch (HWR)", a writer's slip for HRW, still is)."""
    brackets = [(t, abbr) for t in doc if t.text == "(" and t.i > 0 and (abbr := _abbreviation_after(doc, t.i)) is not None]
    if not brackets:
        return spans
    taken = {t for s in spans for t in range(s.start, s.end)}
    by_end = {s.end: s for s in spans}
    by_start = {s.start: s for s in spans}
    added: list[Span] = []
    relabel: dict[int, Span] = {}
    dropped: set[int] = set()
    for t, abbr in brackets:
        full = by_end.get(t.i)
        if (full is not None and full.label_ in ("GPE", "LOC") and full.start > 1 and doc[full.start - 1].lower_ in ("in", "of", "for")
                and (body := by_end.get(full.start - 1)) is not None and body.label_ == "ORG"
                and _letters_in_order(abbr.text, doc[body.start : t.i].text)):
            # "the United Nations Mission in South Sudan (UNMISS)", which the model cut in two
            dropped |= {body.start, full.start}
            full = Span(doc, body.start, t.i, label="ORG")
            added.append(full)
        if full is None and t.i - 1 not in taken:
            k = t.i
            while k > 0 and k - 1 not in taken and t.i - k < 8 and (
                    doc[k - 1].is_title and doc[k - 1].is_alpha or doc[k - 1].lower_ in _INITIALS_SKIP and k < t.i):
                k -= 1
            while k < t.i and doc[k].lower_ in _INITIALS_SKIP:
                k += 1
            initials = _initials(w.text for w in doc[k : t.i])
            if len(initials) >= 2 and sorted(initials) == sorted(abbr.text):
                full = Span(doc, k, t.i, label="ORG")
                added.append(full)
        if full is None or full.label_ != "ORG":
            continue
        if abbr.i in taken:
            own = by_start.get(abbr.i)
            if own is not None and own.end == abbr.i + 1 and own.label_ != "ORG":
                relabel[own.start] = Span(doc, own.start, own.end, label="ORG")
        else:
            added.append(Span(doc, abbr.i, abbr.i + 1, label="ORG"))
    if not added and not relabel:
        return spans
    return sorted([relabel.get(s.start, s) for s in spans if s.start not in dropped] + added, key=lambda s: s.start)


def _letters_in_order(short: str, name: str) -> bool:
    """Each letter of the short form found in the name, in order ("UNMISS" in "United Nations
    Mission in South Sudan")."""
    rest = iter(name.lower())
    return all(ch in rest for ch in short.lower())


def _org_short_forms(spans: list[Span], media: MediaNames) -> dict[int, tuple[str, str]]:
    """Organisation span start -> (entity id, name) of the longer name it shortens in the same
    document: its initials ("FCA" for the Financial Conduct Authority, "GM" for General Motors)
    or its first word ("Starling" for Starling Bank), where exactly one longer name fits."""
    short: dict[str, dict[str, str]] = {}  # initials or first word -> {id: name} of organisations named in full
    defined: dict[str, tuple[str, str]] = {}  # a short form given in brackets after the full name -> (id, name)
    for s in spans:
        text = clean_name(s.text)
        if s.label_ == "ORG" and len(text.split()) >= 2 and lookup_alias(text) is None and not media.canonical(text):
            eid, words = f"org:{slug(text)}", text.split()
            for form in {_initials(words), words[0]}:
                short.setdefault(form, {})[eid] = text
            if (abbr := _abbreviation_after(s.doc, s.end)) is not None:
                defined.setdefault(abbr.text, (eid, text))
    out: dict[int, tuple[str, str]] = {}
    if not short:
        return out
    for s in spans:
        text = clean_name(s.text)
        if s.label_ != "ORG" or len(text.split()) != 1 or lookup_alias(text) is not None:
            continue
        if text in defined:
            out[s.start] = defined[text]
            continue
        fits = short.get(text, {})
        if len(fits) == 1 and (not text.isupper() or 2 <= len(text) <= 6 or next(iter(fits.values())).split()[0] == text):
            out[s.start] = next(iter(fits.items()))
    return out


# Words after which a role names someone or something else ("adviser to Mr. Trump", "wife of ...")
ROLE_BOUNDARIES = {"for", "of", "to", "at", "in", "with", "on", "from", "by", "under", "who", "whose", "which", "that"}


def person_gender(doc: Doc, span: Span, title: str | None, role: str | None) -> tuple[str | None, str | None]:
    """(gender, what it rests on): "text" for a title or role word, "name" for the first-name
    table (weaker: a pronoun the text uses for the person overrides it)."""
    # the role's own words, up to what it relates the person to: "senior adviser and pollster
    # for Mr. Trump and his running mate" says nothing of the adviser's gender
    own = []
    for w in (role or "").split():
        if w.lower() in ROLE_BOUNDARIES:
            break
        own.append(w)
    words = {w.lower().rstrip(".") for w in f"{title or ''} {' '.join(own)}".split()}
    if span.start > 0:
        words.add(doc[span.start - 1].lower_.rstrip("."))
    if words & FEMALE_WORDS:
        return "female", "text"
    if words & MALE_WORDS:
        return "male", "text"
    first = name_tokens(span.text)
    guess = first_name_gender(first[0], local=False) if len(first) >= 2 else None
    return guess, "name" if guess else None


# --- 3. places ---------------------------------------------------------------------------

def _is_location_use(span: Span, datelines: list[tuple[int, int]]) -> bool:
    """A seat of government used as a place: "in Moscow", "a visit to Moscow", a dateline,
    "Belgrade, Serbia". Anywhere else it acts or speaks for its state."""
    if any(s <= span.start_char < e for s, e in datelines):
        return True
    root = span.root
    doc = span.doc
    if span.end + 1 < len(doc) and doc[span.end].text == "," and doc[span.end + 1].ent_type_ == "GPE":
        return True
    if root.dep_ == "pobj":
        prep = root.head
        if prep.lower_ in LOCATIVE_PREPS:
            return True
        if prep.lower_ in ("to", "from") and (prep.head.lemma_ in MOTION or prep.head.lower_ in MOTION):
            return True
        if prep.lower_ == "of" and prep.head.lower_ in ROLE_NOUNS | {"mayor", "governor", "bishop", "archbishop"}:
            return True  # "the Mayor of London": the city whose mayor, not the state
    return False


def _place_entity(text: str, hit: Alias, label: str, use_as_place: bool) -> tuple[str, str, str, str | None]:
    """(id, name, type, parent) of a place or actor found in the alias table."""
    if hit.kind == "demonym":
        return f"norp:{slug(hit.name)}", _demonym_name(hit), "NORP", hit.id
    if hit.kind == "seat" and use_as_place:
        etype = "FAC" if label == "FAC" or not text[:1].isupper() else "GPE"
        return f"{etype.lower()}:{slug(text)}", text, etype, hit.id
    return hit.id, hit.name, hit.type, None


@lru_cache(maxsize=256)
def _demonym_name(hit: Alias) -> str:
    for alias_key, a in alias_table().items():
        if a.id == hit.id and a.kind == "demonym":
            return alias_key.title()  # the first demonym listed: "Russian"
    return hit.name


# --- 4-5. bodies, roles, affiliations ------------------------------------------------------

def _role_prefix(span: Span) -> tuple[str | None, tuple[int, int] | None]:
    """Title words before a person's name in the same noun phrase ("Foreign Minister"), and their tokens."""
    doc = span.doc
    words: list[Token] = []
    i = span.start - 1
    while i >= 0:
        t = doc[i]
        if t.dep_ in ("compound", "amod", "nmod", "nn") and t.head.i >= span.start and t.head.i < span.end or (
            words and t.dep_ in ("compound", "amod", "nmod") and t.head.i in {w.i for w in words}
        ):
            words.insert(0, t)
            i -= 1
            continue
        if t.text in ("U.S.", "US", "UK", "EU", "UN") and words:
            words.insert(0, t)
            i -= 1
            continue
        break
    if not words:
        words = _role_noun_before(span)
    if not words:
        return _title_written_out(span)
    text = doc[words[0].i : words[-1].i + 1].text
    if any(w.lower_ in ROLE_NOUNS or w.text.istitle() for w in words):
        return text, (words[0].i, words[-1].i + 1)
    return None, None


def _role_noun_before(span: Span) -> list[Token]:
    """A job noun right before the name that the parse made the head, the name its apposition
    ("Former Bill Clinton pollster Douglas Schoen", "Trump campaign manager Kellyanne Conway"):
    the noun with the words before it that modify it, without the article."""
    doc = span.doc
    if span.start == 0:
        return []
    noun = doc[span.start - 1]
    if noun.lower_ not in ROLE_NOUNS or noun.pos_ != "NOUN" or span.root.head.i != noun.i or span.root.dep_ != "appos":
        return []
    first = noun.left_edge.i
    while first < noun.i and doc[first].dep_ in ("det", "poss", "predet"):
        first += 1
    return list(doc[first : noun.i + 1])


def _title_written_out(span: Span) -> tuple[str | None, tuple[int, int] | None]:
    """A long title right before the name that the parse did not join to it as compounds
    ("Federal Minister for Information and Broadcasting Fawad Chaudhry"): capitalised words and
    joining words up to the name, headed by a capitalised role noun linked to the name."""
    doc = span.doc
    i = span.start
    while i > 0 and span.start - i < 10 and (doc[i - 1].text[:1].isupper() and doc[i - 1].is_alpha
                                             or doc[i - 1].lower_ in ("for", "of", "and", "&")):
        i -= 1
    while i < span.start and not doc[i].text[:1].isupper():
        i += 1
    words = doc[i : span.start]
    roles = [t for t in words if t.lower_ in ROLE_NOUNS and t.pos_ == "PROPN"]
    if not roles or not any(t.lower_ in ("for", "of") for t in words):
        return None, None  # (a title of compounds only is _role_prefix's)
    root = span.root
    if not any(r.head.i in range(span.start, span.end) or root.head.i == r.i or r.is_ancestor(root) for r in roles):
        return None, None
    return words.text, (i, span.start)


def _apposition(span: Span) -> tuple[str | None, tuple[int, int] | None]:
    """An apposition after the name: "Viktor Bondarev, the head of ... committee"; or, where the
    parse lost it, a capitalised title right after the comma ("Meghan, Duchess of Sussex's ...")."""
    root = span.root
    doc = span.doc
    if span.end < len(doc) and doc[span.end].text == "(":
        # a short parenthesis right after the name ("(I-Vt.)", "(D-N.Y.)"): all of it, however
        # the parse cut it into appositions
        close = next((t.i for t in doc[span.end + 1 : span.end + 8] if t.text == ")"), None)
        if close is not None and close > span.end + 1 and any(
                t.dep_ == "appos" and t.head.i == root.i for t in doc[span.end + 1 : close]):
            return doc[span.end + 1 : close].text, (span.end + 1, close)
    if span.end + 1 < len(doc) and doc[span.end].text in ("’", "'", "’s", "'s") and doc[span.end + 1].dep_ == "appos":
        return None, None  # "Sanders’ son, Tywanza": a possessive the parse took for a comma; the son is not she
    for child in root.children:
        if child.dep_ == "appos" and child.i >= span.end and not trailing_speaker(child):
            if any(t.dep_ in ("cc", "conj") for t in span.doc[span.end : child.i]):
                continue  # "Charles and Camilla, Duchess of ...": the title is the second name's
            sub = list(child.subtree)
            text = span.doc[sub[0].i : sub[-1].i + 1].text
            return re.sub(r"^(?:the|a|an)\s+", "", text).strip(" ,"), (sub[0].i, sub[-1].i + 1)
    return _title_after_comma(span)


def _title_after_comma(span: Span) -> tuple[str | None, tuple[int, int] | None]:
    """"Name, Duchess of Sussex" / "Name, Secretary of State": a capitalised role noun after the
    comma, with the capitalised words and "of"/"the"/"and" that go on with it."""
    doc = span.doc
    i = span.end
    if i + 1 >= len(doc) or doc[i].text != "," or not doc[i + 1].is_title or doc[i + 1].lower_ not in ROLE_NOUNS:
        return None, None
    j = i + 2
    while j < len(doc) and (doc[j].is_title or doc[j].lower_ in ("of", "the", "and", "for")) and doc[j].ent_type_ != "PERSON":
        j += 1
    while j > i + 2 and doc[j - 1].lower_ in ("of", "the", "and", "for"):
        j -= 1
    return doc[i + 1 : j].text, (i + 1, j)


def _body_spans(doc: Doc, text: str, spans: list[Span]) -> list[Span]:
    """Government bodies the model left out after a country or nationality: "China's foreign
    ministry", "the Italian interior ministry" (it finds the capitalised ones more often)."""
    added = []
    for s in spans:
        if s.label_ not in ("GPE", "NORP") or (s.label_ == "NORP" and lookup_alias(s.text) is None):
            continue  # a place, or a nationality the table knows, says whose the body is
        m = BODY_AFTER.match(text, s.end_char)
        if m is None and s.label_ == "GPE" and lookup_alias(s.text) is not None:
            a = max(0, s.start_char - 40)  # a bounded look back: "<body> in <GPE>"
            m = BODY_BEFORE.search(text[a : s.start_char])
            if m is not None and m.group("body").lower() == "embassy":
                m = None  # "the embassy in London" is another country's
            span = (a + m.start("body"), a + m.end("body")) if m else None
        else:
            span = (m.start("body"), m.end("body")) if m else None
        body = doc.char_span(*span, label="ORG") if span else None
        if body is not None and not any(o.start < body.end and body.start < o.end for o in spans + added):
            added.append(body)
    return sorted(spans + added, key=lambda s: s.start) if added else spans


def _body_name(body: str) -> str:
    """"foreign ministry" -> "Foreign Ministry": one name however the text writes it."""
    return " ".join(w if w.lower() in ("of", "and", "the") else w[:1].upper() + w[1:] for w in body.split())


def _body_of_place(place: str, body: str) -> tuple[str, str, str, str | None]:
    """The body of a place the table does not know, named as written ("Gaza Health Ministry")."""
    return f"org:{slug(place)}-{slug(body)}", f"{place} {body}", "ORG", None


def _gov_body(doc: Doc, s: Span, text: str, bodies: dict[str, str], entities: dict[str, dict[str, Any]],
              home: Alias | None = None) -> tuple[str, str, str, str | None] | None:
    """A government body's entity: its country's ("org:russia-foreign-ministry"), from the words
    that qualify it, else one named before in the document, else the country of the dateline
    (``home``); a place the table does not know qualifies it as written ("the Gaza health
    ministry"). Only a body nothing qualifies is the bare "org:foreign-ministry"."""
    m = GOV_BODY.match(text) if s.label_ in ("ORG", "FAC", "GPE", "NORP") else None
    if not m:
        return None
    body = _body_name(m.group("body"))
    country = lookup_alias(m.group("country")) if m.group("country") else None
    if m.group("country") and country is None and m.group("country").lower() != "the":
        return _body_of_place(clean_name(m.group("country")), body)
    prev: Token | None = None
    if country is None and m.group("country") is None:
        # "Russian Foreign Ministry", "Russia's Defence Ministry": the country may be outside the NER span.
        prev = doc[s.start - 1] if s.start > 0 else None
        if prev is not None and prev.tag_ == "POS" and s.start > 1:
            prev = doc[s.start - 2]
        if prev is not None and prev.ent_type_ in ("NORP", "GPE"):
            first = prev.i  # the whole name: "South Korea's defense ministry", not "Korea"
            while first > 0 and doc[first].ent_iob_ == "I" and first > s.start - 8:
                first -= 1
            place = doc[first : prev.i + 1].text
            country = lookup_alias(place) or lookup_alias(prev.text)
            if country is None and prev.ent_type_ == "GPE" and prev.text[:1].isupper():
                return _body_of_place(clean_name(place), body)  # "Gaza's health ministry"
            prev = doc[first]
        elif (s.end + 1 < len(doc) and doc[s.end].lower_ == "in" and doc[s.end + 1].ent_iob_ == "B"
              and doc[s.end + 1].ent_type_ == "GPE" and body != "Embassy"):
            # "the foreign ministry in Beijing": the seat says whose ("the embassy in London" is another country's)
            end = s.end + 2
            while end < len(doc) and doc[end].ent_iob_ == "I":
                end += 1
            country = lookup_alias(doc[s.end + 1 : end].text)
            prev = None
    if country:
        eid = f"org:{slug(country.name)}-{slug(body)}"
        # the name as written when the text qualifies it ("Russian Foreign Ministry")
        qualifier = m.group("country") or (doc[prev.i : s.start].text if prev is not None else country.name)
        bodies[body] = eid
        return eid, f"{qualifier} {body}", "ORG", country.id
    if body in bodies:
        return bodies[body], entities[bodies[body]]["name"], "ORG", None
    if home is not None and body != "Embassy":  # "MOSCOW (Reuters) - The Foreign Ministry said"
        eid = f"org:{slug(home.name)}-{slug(body)}"
        bodies[body] = eid
        return eid, f"{home.name} {body}", "ORG", home.id
    return f"org:{slug(body)}", body, "ORG", None


def _new_entity(entities: dict[str, dict[str, Any]], eid: str, name: str, etype: str, parent: str | None) -> dict[str, Any]:
    ent = entities.setdefault(eid, {"id": eid, "name": name, "type": etype, "aliases": [], "roles": [], "parent": parent,
                                    "affiliations": [], "gender": None, "gender_by": None})
    if parent and not ent.get("parent"):
        ent["parent"] = parent
    return ent


def _dateline_places(doc: Doc, text: str, spans: list[Span], places: list[tuple[int, int]]) -> list[Span]:
    """A dateline's place ("ROTTERDAM, Netherlands -") is a place, whatever the model called
    it ("ROTTERDAM" a person, "Netherlands - Dockworkers" an organisation) and where it found
    nothing ("ANTWERP"); each part ends where the place does."""
    out = []
    for s in spans:
        place = next(((a, b) for a, b in places if a <= s.start_char < b), None)
        if place is not None:
            end = s.start
            # (up to a comma or dash set apart, never a hyphen inside a name: "AL-AIN , United Arab Emirates")
            while end < s.end and doc[end].idx < place[1] and not (
                    doc[end].is_punct and end > s.start and (doc[end - 1].whitespace_ or doc[end].whitespace_)):
                end += 1
            s = Span(doc, s.start, end, label=s.label_ if s.label_ in ("GPE", "LOC", "FAC") and end == s.end else "GPE")
        out.append(s)
    for a, b in places:  # the parts of a place the model left out: "ANTWERP", "Belgium"
        for part in re.finditer(r"[^,\s][^,]*", text[a:b]):
            span = doc.char_span(a + part.start(), a + len(part.group(0).rstrip()) + part.start(), label="GPE",
                                 alignment_mode="contract")
            if span is not None and len(span) and not any(s.start < span.end and span.start < s.end for s in out):
                out.append(span)
    return sorted(out, key=lambda s: s.start)


def _dateline_country(found: list[re.Match[str]]) -> Alias | None:
    """The country of the story's dateline ("MOSCOW (Reuters) -", "ROTTERDAM, Netherlands -"), if the table knows it."""
    for m in found[:1]:
        for part in reversed(m.group("place").split(",")):
            hit = lookup_alias(part.strip().title() if part.strip().isupper() else part.strip())
            if hit is not None and hit.kind in ("name", "seat") and hit.type == "GPE":
                return hit
    return None


def _display(text: str, in_dateline: bool) -> str:
    """A dateline's place as a name is written: "ROTTERDAM" -> "Rotterdam"."""
    return text.title() if in_dateline and text.isupper() and len(text) > 3 else text


def resolve_entities(doc: Doc, media: MediaNames | None = None) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    media = media or MediaNames(())
    doc_text = doc.text  # built once: the property joins every token on each call
    found = find_datelines(doc_text)
    spans, titles = entity_spans(doc)
    if found:
        spans = _dateline_places(doc, doc_text, spans, [(m.start("place"), m.end("place")) for m in found])
    spans = _defined_abbreviations(doc, _body_spans(doc, doc_text, spans))
    people = _person_ids(spans, titles)
    orgs = _org_short_forms(spans, media)
    datelines = [(m.start(), m.end()) for m in found]
    home = _dateline_country(found)
    captions = furniture(doc_text)
    entities: dict[str, dict[str, Any]] = {}
    mentions: list[dict[str, Any]] = []
    bodies: dict[str, str] = {}  # body name -> entity id (qualified by a country)
    span_ids: dict[int, str] = {}
    for s in spans:
        in_dateline = any(a <= s.start_char < b for a, b in datelines)
        text = _display(clean_name(s.text), in_dateline)
        if not text:
            continue
        label = s.label_
        parent = None
        medium = media.canonical(text)
        if medium and label == "PERSON" and _namesake_of_medium(s, people[s.start][1]):
            medium = None  # "Michael R. Bloomberg ... Bloomberg said": the person, not the news service
        if medium:
            eid, name, etype = f"media:{slug(clean_name(medium))}", medium, "MEDIA"
        elif label == "PERSON":
            eid, name = people[s.start]
            etype = "PERSON"
        elif (hit := lookup_alias(text)) is not None:
            eid, name, etype, parent = _place_entity(text, hit, label, in_dateline or _is_location_use(s, datelines))
        elif (body := _gov_body(doc, s, text, bodies, entities, home)) is not None:
            eid, name, etype, parent = body
        elif label == "ORG" and s.start in orgs:
            eid, name = orgs[s.start]
            etype = "ORG"
        else:
            etype = label
            eid, name = f"{etype.lower()}:{slug(text)}", text
        ent = _new_entity(entities, eid, name, etype, parent)
        if text != ent["name"] and text not in ent["aliases"]:
            ent["aliases"].append(text)
        span_ids[s.start] = eid
        mentions.append({"entity_id": eid, "text": s.text, "start": s.start_char, "end": s.end_char, "label": etype,
                         "token_start": s.start, "token_end": s.end,
                         "furniture": in_dateline or any(a <= s.start_char < b for a, b in captions)})
    _roles_and_affiliations(doc, spans, titles, span_ids, entities)
    return mentions, entities


def _roles_and_affiliations(doc: Doc, spans: list[Span], titles: dict[int, str], span_ids: dict[int, str],
                            entities: dict[str, dict[str, Any]]) -> None:
    """Steps 5 and 6 for every person mention."""
    org_at = {t: span_ids[s.start] for s in spans if s.start in span_ids
              and entities[span_ids[s.start]]["type"] in ("ORG", "MEDIA") for t in range(s.start, s.end)}
    for s in spans:
        eid = span_ids.get(s.start)
        if eid is None or entities[eid]["type"] != "PERSON":
            continue
        ent = entities[eid]
        prefix, p_tokens = _role_prefix(s)
        appos, a_tokens = _apposition(s)
        for role in (titles.get(s.start), prefix, appos):
            if role and role not in ent["roles"]:
                ent["roles"].append(role)
        for tokens in (p_tokens, a_tokens):
            # in text order (a set here made the order of a person's affiliations differ from run to run)
            for org in dict.fromkeys(org_at[i] for i in range(*tokens) if i in org_at) if tokens else ():
                if org not in ent["affiliations"]:
                    ent["affiliations"].append(org)
        noun = _apposed_to(s)
        if noun is not None and noun.lower_ in ROLE_NOUNS and noun.text not in ent["roles"]:
            ent["roles"].append(noun.text)  # "The mayor, Stefan Ivanov,": his role
        if ent["gender_by"] != "text":
            gender, by = person_gender(doc, s, titles.get(s.start),
                                       " ".join(r for r in (prefix, appos, noun.lower_ if noun is not None else None) if r))
            if by == "text" or ent["gender"] is None:
                ent["gender"], ent["gender_by"] = gender, by


def _namesake_of_medium(span: Span, person: str) -> bool:
    """A lone surname that is also a medium's name, where the document names a person of that
    surname in full: the person, unless the words around it make it the medium ("told
    Bloomberg", "Bloomberg reported", "according to Bloomberg")."""
    if len(span) != 1 or len(person.split()) < 2 or person == span.text:
        return False
    doc, root = span.doc, span.root
    before = doc[span.start - 1].lower_ if span.start else ""
    return before not in ("told", "tells", "to", "on", "via", "by") and root.head.lemma_ not in ("report", "publish", "broadcast")


def _apposed_to(span: Span) -> Token | None:
    """The noun a name is set beside, before it ("His wife, Helen, said", "The mayor, Stefan
    Ivanov,"): a word for the person, which can tell the gender a lone first name does not."""
    root = span.root
    head = root.head
    if root.dep_ == "appos" and head.i < span.start and head.pos_ == "NOUN" and head.tag_ == "NN":
        return head
    return None


if not Doc.has_extension("cg_mentions"):
    Doc.set_extension("cg_mentions", default=None)
    Doc.set_extension("cg_entities", default=None)
    Doc.set_extension("cg_media", default=None)


@Language.component("claimgraph_entities", requires=["doc.ents", "token.dep"], assigns=["doc._.cg_mentions", "doc._.cg_entities"])
def entities_component(doc: Doc) -> Doc:
    doc._.cg_mentions, doc._.cg_entities = resolve_entities(doc, MediaNames(tuple(doc._.cg_media or ())))
    return doc


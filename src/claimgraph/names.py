"""Names and aliases: folding, slugs, the table of canonical actors, and the media-name matcher
(no spaCy here).

Shared by ingest (which media and places a text names) and nlp (canonical entities).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, NamedTuple

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})


class _FirstOfDecomposition(dict):  # type: ignore[type-arg]
    """A ``str.translate`` table: each code point to the first character of its NFKD form,
    worked out the first time it is met (then looked up in C)."""

    def __missing__(self, code: int) -> str:
        c = chr(code)
        out = unicodedata.normalize("NFKD", c)[:1] or c
        if len(self) < 100_000:  # bounded, whatever a hostile text holds
            self[code] = out
        return out


_FOLD = _FirstOfDecomposition()


def fold(text: str) -> str:
    """Accents off, apostrophes unified, one character for one: "Nicolás" -> "Nicolas".

    The one accent-folding function of the project. It keeps the length (each character
    becomes the first character of its compatibility decomposition), so offsets found in the
    folded text hold in the original.
    """
    text = text.translate(_APOSTROPHES)
    if text.isascii():
        return text
    return _NON_ASCII.sub(lambda m: m.group(0).translate(_FOLD), text)  # news text is mostly ASCII


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text).lower()).strip("-")


def clean_name(text: str) -> str:
    """Strip a leading article, a trailing possessive and dashes at either end: "the Kremlin's" -> "Kremlin"."""
    text = re.sub(r"^(?:the|The)\s+", "", text.strip())
    text = re.sub(r"\s*['’]s?$", "", text)
    return text.strip(" ,.;:").strip(" -–—").strip(" ,.;:")


# --- person names (shared by the entity stage and the store's cross-document merge) ---

# Nouns that introduce a person's name: "lawmaker Alexei Zhuravlyov".
ROLE_NOUNS = {
    "minister", "president", "spokeswoman", "spokesman", "spokesperson", "lawmaker", "senator", "leader",
    "chairman", "chairwoman", "chair", "head", "director", "secretary", "chancellor", "premier", "governor",
    "mayor", "ambassador", "envoy", "general", "commander", "official", "analyst", "adviser", "advisor",
    "deputy", "representative", "congressman", "congresswoman", "candidate", "nominee", "judge", "prosecutor",
    "economist", "professor", "chief", "ceo", "cm", "pm", "founder", "negotiator", "diplomat", "aide", "strategist",
    "pope", "king", "queen", "prince", "princess", "sheikh", "emir", "rep.", "sen.", "gov.", "dr.", "gen.",
    "campaigner", "activist", "lawyer", "attorney", "pollster", "manager", "coach", "member", "mp", "executive",
    "supervisor", "superintendent", "trustee", "councilmember", "commissioner", "sheriff", "inspector",
    "duke", "duchess", "countess", "baron", "baroness", "sultan", "monarch", "archbishop", "bishop", "cardinal",
    "chef",
}
# Titles written short ("the CM said"): the words a role names them with
TITLE_ABBREVIATIONS = {"cm": "chief minister", "pm": "prime minister", "fm": "foreign minister"}
# Offices and ranks written short before a name ("Sen. Elizabeth Warren", "Lt. Gov. Dan Patrick"):
# the words "the senator", "the lieutenant governor" name them by
ROLE_SHORT_FORMS = {
    "sen": "senator", "rep": "representative", "gov": "governor", "gen": "general", "lt": "lieutenant",
    "col": "colonel", "capt": "captain", "sgt": "sergeant", "adm": "admiral", "pres": "president",
    "sec": "secretary", "atty": "attorney", "supt": "superintendent", "cmdr": "commander", "maj": "major",
    "cpl": "corporal", "pvt": "private", "brig": "brigadier", "insp": "inspector", "det": "detective",
    "prof": "professor", "dr": "doctor", "cllr": "councillor", "dci": "detective chief inspector",
    "dsupt": "detective superintendent", "ch": "chief", "pc": "police constable", "dc": "detective constable",
    "ds": "detective sergeant", "di": "detective inspector",
}
_SHORT_ROLE = re.compile(r"\b(" + "|".join(sorted({**ROLE_SHORT_FORMS, **TITLE_ABBREVIATIONS}, key=len, reverse=True))
                         + r")\b\.?", re.IGNORECASE)


# A party and state tag after a US politician's name ("R-Fla.", "D-Mass.", "I-VT", "R-Texas")
_PARTY_STATE = re.compile(r"\b([rdi])-((?:[a-z]\.){2}|[a-z][a-z.]*)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _us_states() -> dict[str, str]:
    """A US state's postal and AP-style abbreviations, and its name, in lower case and without
    the final dot -> its name in lower case ("fla" -> "florida", "n.y" -> "new york"). From the
    ``us`` package; older AP forms it does not list are added."""
    import us

    out: dict[str, str] = {}
    for state in us.states.STATES:
        for form in (state.abbr, state.ap_abbr, state.name):
            if form:
                out[form.lower().rstrip(".")] = state.name.lower()
    for old, abbr in (("tex", "TX"), ("wisc", "WI"), ("kans", "KS"), ("penn", "PA"), ("cal", "CA")):
        out.setdefault(old, us.states.lookup(abbr).name.lower())
    return out


@lru_cache(maxsize=4096)
def role_spelled_out(role: str) -> str:
    """A role in lower case with its short titles written out: "Sen." -> "senator",
    "Lt. Gov." -> "lieutenant governor", "PM" -> "prime minister", and the state of a party tag
    named: "R-Fla." -> "r-florida", so "the Florida senator" finds "Sen. Marco Rubio (R-Fla.)"."""
    role = _SHORT_ROLE.sub(lambda m: ROLE_SHORT_FORMS.get(m.group(1).lower()) or TITLE_ABBREVIATIONS[m.group(1).lower()],
                           role.lower())
    states = _us_states()
    return _PARTY_STATE.sub(lambda m: f"{m.group(1)}-{states[k]}" if (k := m.group(2).rstrip(".")) in states else m.group(0),
                            role)
# Ranks of forces, police and clergy, titles by themselves ("Commodore Jay Tarriela")
RANKS = {"commodore", "brigadier", "corporal", "cpl", "pvt", "ensign", "cmdr", "brig", "constable", "trooper", "pastor",
         "reverend", "patriarch", "mufti"}
# Words of a title written before a name ("First Deputy Foreign Minister", "Lt. Gen.", "Mrs."):
# never part of the name itself.
TITLE_WORDS = {w.rstrip(".") for w in ROLE_NOUNS} | {
    "first", "vice", "prime", "foreign", "finance", "defense", "defence", "interior", "state", "attorney",
    "supreme", "senior", "acting", "interim", "former", "ex", "then", "lt", "col", "capt", "sgt", "maj", "adm",
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "rev", "father", "speaker", "commissioner",
    "justice", "congressman", "congresswoman", "colonel", "captain", "major", "lieutenant", "sergeant",
    "admiral", "marshal", "emperor", "pres", "secretary-general", "president-elect", "cardinal", "bishop",
    "rabbi", "imam", "ayatollah", "detective", "officer", "inspector", "agent", "sheriff", "assemblyman",
    "assemblywoman", "councilman", "councilwoman", "councillor", "alderman", "magistrate", "chief", "new",
    "rear", "con", *RANKS, *ROLE_SHORT_FORMS,  # ("Det Con Sarah Mills": a detective constable)
}
# Of those, the words that make a title by themselves (the rest only qualify one).
TITLE_HEADS = {w.rstrip(".") for w in ROLE_NOUNS} | {
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "rev", "father", "lt", "col", "capt", "sgt", "maj",
    "adm", "speaker", "commissioner", "justice", "colonel", "captain", "major", "lieutenant", "sergeant", "admiral",
    "marshal", "emperor", "pres", "secretary-general", "president-elect", "cardinal", "bishop", "rabbi", "imam",
    "ayatollah", "detective", "officer", "inspector", "agent", "sheriff", "assemblyman", "assemblywoman",
    "councilman", "councilwoman", "councillor", "alderman", "magistrate", "congressman", "congresswoman", *RANKS,
    *ROLE_SHORT_FORMS}
# Honorifics that are never a surname, even alone.
HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "rev", "mx", "prof", "st"}
# A name ends before these: they are never a surname, so never a merge key.
NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "v", "esq", "phd", "md"}
def name_tokens(name: str) -> list[str]:
    """The words of a personal name that can identify it: no titles, suffixes, numbers or initials."""
    words = clean_name(name).split()
    # a title word alone is a surname ("said King" after "Wayne King"), unless only an honorific
    while len(words) > 1 and words[0].lower().rstrip(".") in TITLE_WORDS:
        words = words[1:]
    if len(words) == 1 and words[0].lower().rstrip(".") in HONORIFICS:
        return []
    return [w for w in words if w.lower().rstrip(".,") not in NAME_SUFFIXES and not any(c.isdigit() for c in w)
            and len(w.rstrip(".")) > 1 and not re.fullmatch(r"(?:[A-Z]\.)+[A-Z]?\.?", w)]


@lru_cache(maxsize=1)
def _gender_detector() -> Any:
    import gender_guesser.detector as gd

    return gd.Detector(case_sensitive=False)


# The table's columns for countries whose names the English-language press writes most; a name it
# knows from one other country alone ("Raila": Finland, a woman's) says little of a Kenyan "Raila".
_PRESS_COUNTRIES = frozenset({"great_britain", "ireland", "usa", "india"})


@lru_cache(maxsize=65536)
def first_name_gender(name: str, sure: bool = False, local: bool = True) -> str | None:
    """"female" / "male" for a first name the table gives a gender (with ``sure``, only one it is
    sure of: not "mostly" one, as Kelly or Jean), else None. Without ``local``, a gender the table
    knows from a single country outside the English-language press, or gives one way in one country
    and the other in another, is none: a guess a text's "Mr" or "he" may well contradict."""
    detector = _gender_detector()
    g = detector.get_gender(name)
    if not local and g not in ("unknown", "andy"):
        columns = detector.__class__.COUNTRIES
        listed = {k: {columns[i] for i, c in enumerate(v) if c != " "} for k, v in detector.names.get(name.lower(), {}).items()}
        press = {k for k, where in listed.items() if where & _PRESS_COUNTRIES}
        if press:  # what the press countries make of it: "Laurence" a man, though a woman in France
            bases = {k.removeprefix("mostly_") for k in press}
            if len(bases) > 1 or sure and any(k.startswith("mostly_") for k in press):
                return None  # a man's name in one and a woman's in another ("Bernie": Ireland, USA)
            return bases.pop()
        countries = {c for where in listed.values() for c in where}
        if len(countries) == 1 and countries != {"other_countries"} or len({k.removeprefix("mostly_") for k in listed}) > 1:
            # known from one country only ("Raila": Finland), or both ways; the table's "other
            # countries" alone is no one country but the names of the rest of the world ("Barack")
            return None
    if sure:
        return g if g in ("female", "male") else None
    return "female" if g in ("female", "mostly_female") else "male" if g in ("male", "mostly_male") else None


# Word endings that transliterations of one name write differently ("Zelensky", "Zelenskiy",
# "Zelenskyy"; "Navalny", "Navalnyy"): all are read as "y".
_Y_ENDINGS = ("iy", "yy", "yi", "ii")


def spelling_key(word: str) -> str:
    """A name word folded and lower-cased, with its transliterated y ending made one."""
    w = fold(word).lower()
    return w[:-2] + "y" if len(w) > 4 and w.endswith(_Y_ENDINGS) else w


def surname_spellings(surname: str) -> list[str]:
    """The ways transliterations write a surname ending in a y sound, the surname itself first
    ("Zelenskiy" -> Zelenskiy, Zelensky, Zelenskyy, ...); other surnames only themselves."""
    low = surname.lower()
    if len(low) <= 4 or not low.endswith("y") and not low.endswith(_Y_ENDINGS):
        return [surname]
    stem = surname[:-2] if low.endswith(_Y_ENDINGS) else surname[:-1]
    return [surname] + [stem + end for end in ("y", *_Y_ENDINGS) if stem + end != surname]


def same_person_name(a: str, b: str) -> bool:
    """Two full names of one person: the same words, spelled as transliterations vary, or the
    shorter (two words or more) ending the longer ("Lula da Silva", "Luiz Inacio Lula da Silva").
    Initials and suffixes count: George W. Bush is not George H. W. Bush, nor John Smith Jr. his father."""
    x, y = ([spelling_key(w.rstrip(",")) for w in clean_name(n).split()] for n in (a, b))
    short, long_ = sorted((x, y), key=len)
    if len(short) >= 2 and long_[len(long_) - len(short) :] == short:
        return True
    # a first name and surname, the longer with middle names written out ("Recep Erdogan",
    # "Recep Tayyip Erdogan"); never initials, which tell namesakes apart
    return (len(short) == 2 and len(long_) > 2 and short == [long_[0], long_[-1]]
            and all(len(w) > 2 and not w.endswith(".") for w in long_[1:-1]))


# gender_guesser's columns for Britain, Ireland and the United States: where English-language
# news names its people
_ENGLISH_COLUMNS = frozenset({0, 1, 2})


def rare_first_name(name: str) -> bool:
    """A first name the gender table knows from one country only, and not an English-speaking one
    ("Raila" is a Finnish woman's name there, and Kenya's Raila Odinga a man): its gender is the
    weakest evidence the table gives."""
    entry = _gender_detector().names.get(name.lower())
    if not entry:
        return False
    columns = {i for row in entry.values() for i, ch in enumerate(row) if ch != " "}
    return len(columns) == 1 and not columns & _ENGLISH_COLUMNS


def surname_key(name: str) -> str | None:
    """The surname that a bare mention may repeat, or None ("Smith 2" -> "Smith"; "Jr." never;
    "O’Malley" and "O'Malley" the same)."""
    words = name_tokens(name)
    if not words:
        return None
    last = words[-1].translate(_APOSTROPHES)
    # an Arabic article joined to the surname is dropped where the press writes it bare too:
    # "Abdel Fattah al-Sisi ... Sisi said", "Bashar al-Assad ... Assad"
    bare = re.sub(r"^(?:al|el)-(?=[A-Z])", "", last, flags=re.IGNORECASE)
    last = bare if len(bare) > 1 else last
    return last.title() if last.isupper() and len(last) > 3 else last



class Alias(NamedTuple):
    """What a name in ``data/aliases.tsv`` stands for."""

    id: str  # the canonical actor: "gpe:russia"
    name: str  # its canonical name: "Russia"
    type: str  # GPE | ORG | LOC
    kind: str  # name (the actor itself) | seat (a city or building that acts for it) | demonym


@lru_cache(maxsize=1)
def alias_table() -> dict[str, Alias]:
    """folded lower-case alias -> Alias: ``data/aliases.tsv`` first, then every other country."""
    text = resources.files("claimgraph").joinpath("data/aliases.tsv").read_text("utf-8")
    out: dict[str, Alias] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, etype, names, seats, demonyms = (line.split("\t") + ["", "", "", ""])[:5]
        eid = f"{etype.lower()}:{slug(name)}"
        for kind, aliases in (("demonym", demonyms), ("seat", seats), ("name", f"{name}|{names}")):
            for alias in (a for a in aliases.split("|") if a):
                out[fold(alias).lower()] = Alias(eid, name, etype, kind)
    listed = {key for key, alias in out.items() if alias.kind == "name"}
    for key, alias in _country_aliases(listed).items():
        out.setdefault(key, alias)
    for noun, country in _PERSON_NATIONALITY.items():
        hit = out.get(country.lower())
        if hit is not None:
            for form in (noun, noun + "s"):
                out.setdefault(form, hit._replace(kind="demonym"))
    return out


# Nouns for one person of a nation that countryinfo's demonyms leave out ("Spanish" but not
# "Spaniard") or give to two territories ("Norwegian": Norway and Svalbard), as sports and wire
# copy write them ("the Dane said"). Never a word that is also a first name or a common noun
# ("Finn", "Pole", "Scot").
_PERSON_NATIONALITY = {"spaniard": "Spain", "dane": "Denmark", "swede": "Sweden", "croat": "Croatia",
                       "norwegian": "Norway", "argentine": "Argentina", "argentinian": "Argentina",
                       "slovene": "Slovenia", "slovenian": "Slovenia", "serb": "Serbia", "icelander": "Iceland",
                       "new zealander": "New Zealand"}


# Capitals that name other things as often: a word ("Malé" folds to "male"), a first name, a
# city elsewhere (Kingston and Hamilton in Ontario, Georgetown in Washington).
_NOT_SEATS = frozenset({"male", "victoria", "city of victoria", "kingston", "hamilton", "georgetown", "plymouth"})


def _country_aliases(listed: set[str]) -> dict[str, Alias]:
    """The names, capitals and nationality words of the world's countries and territories, from
    the ``countryinfo`` package, for the countries ``data/aliases.tsv`` does not list (``listed``:
    its actors' names, folded). A key that would stand for two of them ("Congolese", "Dominican",
    "Guinean") stands for none, and another name that is part of a country's name ("Congo")
    names neither."""
    found: dict[str, set[Alias]] = {}
    countries = _countries()
    parts: dict[str, set[str]] = {}  # every run of words of a country's name -> the countries
    for c in countries:
        words = fold(c["name"]).lower().split()
        for i in range(len(words)):
            for j in range(i + 1, len(words) + 1):
                parts.setdefault(" ".join(words[i:j]), set()).add(c["name"])
    for c in countries:
        names = c["names"]
        if any(fold(n).lower() in listed for n in names):
            continue  # aliases.tsv has it, with its seats of government
        alias = Alias(f"gpe:{slug(c['name'])}", c["name"], "GPE", "name")
        forms = [(n, "name") for n in names if n == c["name"] or parts.get(fold(n).lower(), set()) <= {c["name"]}]
        forms += [(seat, "seat") for seat in c["seats"] if fold(seat).lower() not in _NOT_SEATS]
        for demonym in c["demonyms"]:
            forms += [(demonym, "demonym")] + ([(demonym + "s", "demonym")] if demonym[-1] in "nio" else [])
        for form, kind in forms:
            key = fold(form).lower()
            if key.isascii():  # a name in another script never reaches here folded
                found.setdefault(key, set()).add(alias._replace(kind=kind))
    return {key: next(iter(a)) for key, a in found.items() if len(a) == 1}


def _countries() -> list[dict[str, Any]]:
    """countryinfo's records, one per country: records with the same ISO code (Burma and Myanmar)
    are one, named as the one with a numeric code; ISO codes are left out of the names."""
    from countryinfo._cache import load_countries

    groups: dict[str, list[dict[str, Any]]] = {}
    for c in load_countries()["countries"].values():
        groups.setdefault((c.get("ISO") or {}).get("alpha3") or c["name"], []).append(c)
    out = []
    for records in groups.values():
        main = next((r for r in records if (r.get("ISO") or {}).get("numeric")), records[0])
        codes = {v for r in records for v in (r.get("ISO") or {}).values()}
        names = [main["name"]] + [a for r in records for a in [r["name"], *(r.get("altSpellings") or [])]
                                  if len(a) > 2 and a not in codes and a != main["name"]]
        out.append({"name": main["name"], "names": list(dict.fromkeys(names)),
                    "seats": [x for r in records for x in _strings(r.get("capital"))],
                    "demonyms": [x for r in records for x in _strings(r.get("demonym"))]})
    return out


def _strings(value: Any) -> list[str]:
    """A field that holds one string or several (some countries have two capitals)."""
    values = value if isinstance(value, list) else [value]
    return [v.strip() for v in values if isinstance(v, str) and v.strip()]


def lookup_alias(text: str) -> Alias | None:
    key = fold(clean_name(text)).lower()
    table = alias_table()
    if key in table:
        return table[key]
    # "U.S." and "US", "the United States of America"
    hit = table.get(key.replace(".", "")) or table.get(re.sub(r"^the\s+", "", key))
    if hit is None and key.endswith(("man", "men")) and " " not in key:
        # "Dutchman", "Frenchwoman", "Scotsmen": one of a people, as "Dutch" is
        stem = table.get(key[: -5 if key.endswith(("woman", "women")) else -3])
        hit = stem if stem is not None and stem.kind == "demonym" else None
    return hit


@dataclass(frozen=True)
class MediaNames:
    """The one matcher for the media a document names: built once per document from the
    names ingest found, used by entities, quotations and provenance alike.

    ``canonical`` answers "is this name a medium?" (accent- and case-insensitive, article
    and possessive ignored); ``find`` lists the media named in a stretch of text, in one
    pass of one alternation (longest name first).
    """

    names: tuple[str, ...]

    @staticmethod
    def key(name: str) -> str:
        return fold(clean_name(name)).lower()

    def canonical(self, text: str) -> str | None:
        if not text:
            return None
        by_key, _, shorts, _ = _media_index(self.names)
        found = by_key.get(self.key(text)) or shorts.get(fold(clean_name(text)))
        if found is None and (bare := _MEDIA_KIND_AFTER.sub("", text)) != text and bare.strip():
            return self.canonical(bare)  # "the Associated Press news agency", "the Kommersant daily"
        return found

    def __contains__(self, text: object) -> bool:
        return isinstance(text, str) and self.canonical(text) is not None

    def find(self, text: str) -> list[str]:
        by_key, pattern, shorts, short_pattern = _media_index(self.names)
        folded = fold(text)
        hits = [(m.start(), by_key[m.group(0)]) for m in pattern.finditer(folded.lower())] if pattern else []
        if short_pattern is not None:
            hits += [(m.start(), shorts[m.group(0)]) for m in short_pattern.finditer(folded)]
        found: list[str] = []
        for _, name in sorted(hits, key=lambda h: h[0]):
            if name not in found:
                found.append(name)
        return found


# The kind of medium written after its name ("the Associated Press news agency")
_MEDIA_KIND_AFTER = re.compile(r"\s+(?:news\s+agency|news\s+service|wire\s+service|agency|newspaper|daily|weekly|broadcaster|"
                               r"tv(?:\s+channel)?|television(?:\s+channel)?|radio(?:\s+station)?|channel|website|magazine)$",
                               re.IGNORECASE)

# The word a paper is called by in short once named in full ("the Post", "the Times")
MEDIA_HEAD_WORDS = frozenset({
    "post", "times", "journal", "globe", "herald", "tribune", "telegraph", "guardian", "independent", "express",
    "gazette", "chronicle", "examiner", "observer", "monitor", "mirror", "inquirer", "bulletin", "courier",
    "register", "dispatch", "standard", "star", "sun",
})


def media_short_forms(names: Iterable[str]) -> dict[str, str]:
    """A short form ("Post") -> the one medium of ``names`` it shortens ("The Washington Post"):
    the last word of a longer name when it is a paper's head word and no other name of the list
    ends with it (with the Washington Post and the New York Post, "the Post" is neither). The
    short form is written capitalised: "a Facebook post" names no paper."""
    by_short: dict[str, set[str]] = {}
    for name in names:
        words = fold(clean_name(name)).split()
        if len(words) >= 2 and words[-1].lower() in MEDIA_HEAD_WORDS:
            by_short.setdefault(words[-1].capitalize(), set()).add(name)
    return {short: full.pop() for short, full in by_short.items() if len(full) == 1}


@lru_cache(maxsize=256)
def _media_index(names: tuple[str, ...]) -> tuple[dict[str, str], re.Pattern[str] | None, dict[str, str], re.Pattern[str] | None]:
    """(key -> name, the pattern of the keys in lower-cased text, capitalised short form -> name,
    the pattern of the short forms in text as written)."""
    from .ingest.metadata import media_names  # late: metadata imports this module

    by_key = {MediaNames.key(n): n for n in names if MediaNames.key(n)}
    for alias, name in media_names().items():  # a medium the document names is known by its aliases too ("AP")
        if name in names:
            by_key.setdefault(MediaNames.key(alias), name)
    # "the Post" once the Washington Post is named: matched as written, and ahead of a medium of
    # that bare word ("Post") found before its full name was
    shorts = media_short_forms(names)
    for short in shorts:
        if MediaNames.key(by_key.get(short.lower(), "")) == short.lower():
            del by_key[short.lower()]
    short_pattern = re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, shorts)) + r")(?!\w)") if shorts else None
    if not by_key:
        return by_key, None, shorts, short_pattern
    alts = sorted(by_key, key=len, reverse=True)
    return by_key, re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(a) for a in alts) + r")(?!\w)"), shorts, short_pattern

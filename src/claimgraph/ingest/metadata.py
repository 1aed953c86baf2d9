"""Document metadata: title, language, outlet and the media a report cites.

The outlet is whoever publishes the report: the page's own site name, else the
medium named in the lead ("..., Defence Blog reported."), else the site of a
"Related article" link (sites link their own stories).  Cited media are every
other medium the text names as a source: known agencies from ``data/media.tsv``
anywhere, and names in source frames ("X reported", "told X", "cited by X",
"the X radio station").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from urllib.parse import urlparse

from ..model import Agency, Link
from ..names import first_name_gender, fold, lookup_alias, media_short_forms
from .layout import find_datelines, find_wire_credits


@dataclass(frozen=True)
class Medium:
    name: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...]
    kind: str


@lru_cache(maxsize=1)
def media_table() -> tuple[Medium, ...]:
    text = resources.files("claimgraph").joinpath("data/media.tsv").read_text("utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, aliases, domains, kind = (line.split("\t") + ["", "", ""])[:4]
        rows.append(Medium(name, tuple(a for a in aliases.split("|") if a), tuple(d for d in domains.split("|") if d), kind))
    return tuple(rows)


@lru_cache(maxsize=1)
def media_names() -> dict[str, str]:
    """Every name and alias in ``data/media.tsv`` -> the medium's canonical name ("AP" -> "Associated Press")."""
    return {alias: m.name for m in media_table() for alias in (m.name, *m.aliases)}


@lru_cache(maxsize=1)
def _known_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    # Two-letter aliases (AP, FT, DW) are only trusted with "the" or a source verb.
    by_alias = {alias: name for alias, name in media_names().items() if len(alias) > 2}
    alts = sorted(by_alias, key=len, reverse=True)
    pat = re.compile(r"(?<![\w.])(" + "|".join(re.escape(a) for a in alts) + r")(?![\w])")
    return pat, by_alias


def medium_for_domain(url: str) -> str | None:
    host = (urlparse(url if "//" in url else "//" + url).hostname or "").lower()
    host = host.removeprefix("www.")
    for m in media_table():
        if any(host == d or host.endswith("." + d) for d in m.domains):
            return m.name
    return host or None


# The words of a name sit on one line; a word ending a sentence ("Optics. The New York Post
# reports") ends the name, but "U.S." or "Gazeta.ru" do not.
_NAME_WORD = r"[A-Z](?:[\w&’'-]|\.(?=\w)|(?<=\b[A-Z])\.)*"
_NAME = r"((?:the[^\S\n]+)?" + _NAME_WORD + r"(?:(?:[^\S\n]+(?:of|de|la))?[^\S\n]+" + _NAME_WORD + r")*)"
_BROADCAST_WORD = re.compile(r"\s+(?:radio|tv|television|channel|broadcaster|website|news\s+site|outlet)\b")
_MEDIA_WORD = r"(?:news\s+agency|agency|radio(?:\s+station)?|newspaper|daily|broadcaster|tv(?:\s+channel)?|television(?:\s+channel)?|channel|(?:news\s+)?website|news\s+site|outlet|magazine|weekly)"
# A website with no "news" before it is as often a body's own ("the Kremlin website") as a medium
_OWN_SITE = re.compile(r"(?<!news)\s+website$")
_SOURCE_FRAMES = [
    re.compile(_NAME + r",?\s+(?:reported|reports|has\s+reported|wrote|quoted|cited)\b"),
    re.compile(r"\b(?:according\s+to|cited\s+by|quoted\s+by|reported\s+by|told|in\s+an\s+interview\s+with|speaking\s+to|(?:was\s+)?cited\s+as\s+saying\s+by)\s+" + _NAME),
    re.compile(_NAME + r"\s+" + _MEDIA_WORD + r"\b"),
    # the kind of medium before its name ("quoted by the Russian news website Vesti,", "the
    # newspaper Kommersant reported"): words only media are called ("daily" and "weekly" are as
    # often adjectives: "the weekly GOP Power Rankings"), and the name followed by what ends a name
    # in such a frame, never a clause ("told the magazine Trump was")
    re.compile(r"\b(?:news\s+agency|newspaper|broadcaster|tabloid|magazine|radio\s+station|tv\s+channel|"
               r"television\s+channel|news\s+(?:web)?site)[^\S\n]+" + _NAME
               + r"(?=[,.;:)]|\s+(?:reported|reports|said|says|wrote|writes|quoted|cited|published|that)\b)"),
]
# A name in a source frame must look like a medium unless it is in the table.
_MEDIA_SHAPE = re.compile(
    r"\.(?:ru|com|net|org|ua|by|tv|io|info|co\.uk)\b|\b(?:News|Times|Post|Blog|Agency|Radio|TV|Journal|Daily|Gazette|"
    r"Herald|Tribune|Telegraph|Press|Media|Channel|Magazine|Review|Wire|Today|Insider|Monitor|Observer|Examiner|Weekly)\b"
)
# Capitalised words a source frame can catch that name no medium ("The daily", "Its website").
_NOT_NAMES = {"he", "she", "they", "it", "media", "reporters", "the", "a", "an", "this", "that", "these", "those", "its",
              "his", "her", "their", "our", "my", "your", "one", "another", "local", "state", "national"}
# A single nationality adjective before a medium word qualifies it ("French radio", "Algerian
# state television"); the alias table knows the common ones, this shape the rest.
_NATIONALITY = re.compile(r"[A-Z][a-z]+(?:ian|ean|an|ese|ish|ic|i)(?:\s+state)?")
# An indefinite article right before a name and a medium word: the words qualify a medium the
# text does not name.
_INDEFINITE = re.compile(r"(?<![\w-])(?:a|an|another|one)\s+$", re.IGNORECASE)
_LEAD_REPORTED = re.compile(r"[,;]\s+" + _NAME + r"\s+(?:reported|reports)\s*\.")


def _clean_name(name: str) -> str:
    return re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE).rstrip(".’'")


# Capitalised words a frame takes in that belong to the sentence, not to the medium's name: a
# sentence's first word ("As The Washington Post reported", "On television"), a day or month
# after it ("The New York Times Tuesday reported")
_LEADING_WORDS = re.compile(r"(?:As|If|In|On|At|By|For|From|With|When|While|But|And|Or|So|Then|After|Before|"
                            r"Since|Until|Like|Unlike|Last|This|That|Its|His|Her|Their)\s+")
_TRAILING_DATE = re.compile(r"\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
                            r"April|May|June|July|August|September|October|November|December)$")
_OWNER = re.compile(r"['’]s?(?=\s|$)")


def _medium_part(raw: str, by_alias: dict[str, str]) -> tuple[int, int]:
    """Where the medium's name lies in the words a frame caught, as offsets into them: the
    owner before a possessive ("the Washington Post’s Ishaan Tharoor wrote" is the Post's),
    the medium after "of" ("Bill O'Reilly of Fox News"), without the sentence's first word or
    a trailing weekday."""
    s, e = 0, len(raw)
    m = _LEADING_WORDS.match(raw)
    if m and m.end() < e:
        s = m.end()
    m = _OWNER.search(raw, s)
    if m:
        e = m.start()
    m = _TRAILING_DATE.search(raw, s, e)
    if m:
        e = m.start()
    k = raw.rfind(" of ", s, e)
    if k >= 0 and _clean_name(raw[k + 4 : e]) in by_alias:
        s = k + 4
    return s, e


def _english_word(name: str) -> bool:
    from ..nlp.entities import english_word  # the model's word lists, loaded once when first asked

    return english_word(name.lower())


def _is_place(name: str) -> bool:
    hit = lookup_alias(name)
    return hit is not None and hit.type in ("GPE", "LOC")


_NEXT_WORD = re.compile(r"[ \t]+([A-Z][a-z]+)\b")


def _before_a_name(text: str, end: int) -> bool:
    """A medium's name right before a first name is a title or a word, not the medium."""
    m = _NEXT_WORD.match(text, end)
    return m is not None and first_name_gender(m.group(1)) is not None


def find_agencies(text: str, outlet: str | None) -> list[Agency]:
    """Media the text names as sources, each once, with the first evidence found."""
    pat, by_alias = _known_pattern()
    found: dict[str, Agency] = {}

    def add(name: str, evidence: str, start: int, end: int) -> None:
        canon = by_alias.get(name, name)
        if outlet and canon.lower() == outlet.lower():
            return
        if canon not in found:
            found[canon] = Agency(name=canon, role="cited", evidence=evidence, start=start, end=end)

    for frame in _SOURCE_FRAMES:
        for m in frame.finditer(text):
            s, e = _medium_part(m.group(1), by_alias)
            start, end = m.start(1) + s, m.start(1) + e
            name = _clean_name(text[start:end])
            if frame is _SOURCE_FRAMES[2] and _OWNER.match(text, end) and name not in by_alias:
                continue  # "Clinton’s website", "Glenn Beck’s radio show": an owner, no medium's name
            if (frame is _SOURCE_FRAMES[2] and _OWN_SITE.search(m.group(0)) and name not in by_alias
                    and not _MEDIA_SHAPE.search(name)):
                continue  # "a statement on the Memorial website", "the Kremlin website": a body's own site
            if not name or name.lower() in _NOT_NAMES or _LEADING_WORDS.fullmatch(name + " "):
                continue
            if (_is_place(name) or _NATIONALITY.fullmatch(name)) and name not in by_alias and frame is not _SOURCE_FRAMES[3]:
                continue  # "the US daily", "Russian media", "Algerian radio": a place or nationality qualifies it
            if frame is _SOURCE_FRAMES[2] and _INDEFINITE.search(text, max(0, m.start(1) - 12), m.start(1)):
                continue  # "a Baton Rouge newspaper", "another Moscow daily": what qualifies an unnamed medium
            if frame is _SOURCE_FRAMES[2] and name not in by_alias and (
                    re.fullmatch(r"[A-Z][a-z]+-[a-z]+", name)):
                continue  # "English-language television": a kind, no medium's name
            if name in by_alias or _MEDIA_SHAPE.search(name) or frame is _SOURCE_FRAMES[2] or (
                    frame is _SOURCE_FRAMES[3] and len(name.split()) <= 3):
                if frame is _SOURCE_FRAMES[2] and name not in by_alias and not _MEDIA_SHAPE.search(name):
                    # "the Ekho Moskvy radio station": the medium word vouches for the name,
                    # but only for short proper names.
                    if len(name.split()) > 3:
                        continue
                    if (" " not in name and not re.match(r"the\s", text[start : start + 4], re.IGNORECASE)
                            and _BROADCAST_WORD.match(text, m.end(1)) and _english_word(name)):
                        continue  # "Conservative radio host", "Broadcast television": a kind of broadcaster
                        # ("Time magazine", "Fortune magazine": printed titles are often words)
                add(name, m.group(0).strip(), start, end)
    for m in pat.finditer(text):
        if _before_a_name(text, m.end()):
            continue  # "Economist Rebecca Lin", "Guardian Angela ...": a job or a word before a person's name
        add(m.group(1), text[max(0, m.start() - 30) : m.end() + 30].replace("\n", " ").strip(), m.start(), m.end())
    # "the Post" once the Washington Post is named (or is the outlet itself): one medium, not two
    shorts = media_short_forms([*found, *([outlet] if outlet else [])])
    for name in list(found):
        full = shorts.get(name)
        if full is not None and full != name:
            del found[name]
    return sorted(found.values(), key=lambda a: a.start or 0)


def _known_medium(name: str) -> str | None:
    """The canonical name of a medium in ``data/media.tsv`` ("AP" -> "Associated Press")."""
    name = name.strip()
    if not name:
        return None
    return media_names().get(name) or _names_in_capitals().get(name.upper())


@lru_cache(maxsize=1)
def _names_in_capitals() -> dict[str, str]:
    return {m.name.upper(): m.name for m in media_table()}


def find_outlet(text: str, meta: dict[str, object], links: list[Link]) -> Agency | None:
    """The publisher, with the evidence it was taken from (cascade, first hit wins)."""
    # 1. declared by the container (HTML site name, JSONL outlet field, the page URL)
    for key in ("outlet", "sitename"):
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            return Agency(name=value.strip(), role="outlet", evidence=f"metadata {key}")
    # 2. the wire named in the story's dateline: "LISBON, May 4 (Reuters) -", "PARIS - AFP -"
    #    or credited with no place: "(CNN) — The governor said ..."
    for m in [*find_datelines(text), *find_wire_credits(text)]:
        found = m.groupdict()
        wire = _known_medium(found.get("wire") or found.get("wire2") or found.get("wire3") or "")
        if wire:
            return Agency(name=wire, role="outlet", evidence=f"dateline {m.group(0).strip()}", start=m.start(), end=m.end())
    url = meta.get("url")
    if isinstance(url, str) and url:
        name = medium_for_domain(url)
        if name:
            return Agency(name=name, role="outlet", evidence=f"document URL {url}")
    # 3. "..., X reported." closing a sentence of the lead paragraph
    lead = text.split("\n\n", 1)[0]
    m = _LEAD_REPORTED.search(lead)
    if m:
        return Agency(name=_clean_name(m.group(1)), role="outlet", evidence=m.group(0).strip(", "), start=m.start(1), end=m.end(1))
    # 4. the site a "Related article" points to: sites link their own stories
    for link in links:
        if link.kind == "related" and link.url:
            name = medium_for_domain(link.url)
            if name:
                return Agency(name=name, role="outlet", evidence=f"related-article link {link.url}")
    return None


def match_related_urls(links: list[Link]) -> None:
    """Give a "Related article" title the URL whose slug spells the same words."""
    def words(s: str) -> set[str]:
        return {w for w in re.split(r"[^a-z0-9]+", fold(s).lower().replace("'", "")) if len(w) > 2}

    urls = [ln for ln in links if ln.url]
    for rel in (ln for ln in links if ln.kind == "related" and not ln.url):
        title = words(rel.text)
        best, score = None, 0.0
        for ln in urls:
            slug = words(urlparse(ln.url).path)
            if title and slug:
                s = len(title & slug) / len(title)
                if s > score:
                    best, score = ln, s
        # Most title words in the slug: the same story.
        if best is not None and score >= 0.6:
            rel.url = best.url
            rel.url_date = best.url_date


def detect_language(text: str) -> str | None:
    import py3langid

    sample = text[:3000]
    if len(sample.strip()) < 20:
        return None
    lang, _ = py3langid.classify(sample)
    return str(lang)


def guess_title(text: str, meta: dict[str, object]) -> str | None:
    """Declared title, else a short first paragraph that does not read as a sentence."""
    for key in ("title", "pdf_title"):
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    first = text.split("\n\n", 1)[0].strip()
    if first and len(first) <= 160 and not re.search(r"[.!?]$", first) and first != text.strip():
        return first
    return None

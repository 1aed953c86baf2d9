"""Plain, serialisable result objects.

Everything that crosses a stage boundary (reader -> pipeline -> store, or a Ray
worker -> the driver) is one of these dataclasses: no spaCy objects, no SQLite
rows.  ``to_dict`` gives the JSON shape used by ``claimgraph export``.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any


def content_id(text: str | bytes) -> str:
    """Stable document id: the first 16 hex digits of the SHA-256 of the raw text (or of the
    bytes of an input not yet read)."""
    data = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()[:16]


@dataclass
class RawDocument:
    """What a reader produces: the raw text plus whatever the container declared.

    A container whose reading costs more than the reading of the file (an HTML page's main
    text, a PDF's text) may come unread, as ``container``: ``raw`` is then empty until
    ``ingest.readers.read_container`` reads it where the document is processed (a worker).
    """

    source: str  # file path, "path.jsonl:LINE" or "<stdin>"
    raw: str  # the document text as read (HTML already reduced to its main text)
    format: str  # txt | html | pdf | jsonl
    meta: dict[str, Any] = field(default_factory=dict)  # title, url, date, sitename, ...
    # Hyperlinks found by the reader itself (HTML anchors): dicts with url/text.
    links: list[dict[str, Any]] = field(default_factory=list)
    container: bytes | str | None = None  # the unread page or file (see above)
    # What the input was known by before it was read: the container's digest (or the text's).
    input_id: str | None = None

    @property
    def id(self) -> str:
        return content_id(self.raw)

    @property
    def size(self) -> int:
        """Characters (or, unread, bytes) to process."""
        return len(self.raw) if self.container is None else len(self.container)


@dataclass
class Link:
    url: str
    kind: str  # bare-url | inline-url | related | anchor
    text: str = ""  # anchor or boilerplate text around it
    raw_start: int | None = None
    raw_end: int | None = None
    url_date: str | None = None  # a date in the URL path: evidence about the *linked* page


@dataclass
class DateEvidence:
    """One reason to believe something about when a document was written."""

    kind: str  # declared-meta | declared-field | declared-url | declared-text | pdf-meta |
    # link-url | content-timex | content-role | content-year
    value: str  # ISO date, ISO year-month, year, or "start..end" window
    text: str  # the words or field the evidence came from
    start: int | None = None  # offsets into the clean text, when it came from the text
    end: int | None = None
    note: str = ""


@dataclass
class Timex:
    """A time expression in the clean text, resolved when an anchor is known."""

    text: str
    start: int
    end: int
    value: str | None  # ISO date / month / year, or None when it cannot be resolved
    anchor: str | None  # the date it was resolved against
    granularity: str  # day | week | month | year | weekday


@dataclass
class Agency:
    """A news outlet, agency or medium the document cites (TASS, Interfax, ...)."""

    name: str
    role: str  # outlet | cited
    evidence: str
    start: int | None = None
    end: int | None = None


@dataclass
class Mention:
    entity_id: str
    text: str
    start: int
    end: int
    label: str


@dataclass
class Entity:
    id: str  # canonical id, e.g. "gpe:russia", "person:nicolas-maduro"
    name: str  # canonical display name
    type: str  # PERSON | ORG | GPE | NORP | ...
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)  # titles/appositions seen ("foreign minister")
    parent: str | None = None  # e.g. the Russian Foreign Ministry -> gpe:russia; "French" -> gpe:france
    # Organisations a person speaks for ("Acme Corp chief executive Jane Roe" -> org:acme-corp)
    affiliations: list[str] = field(default_factory=list)
    gender: str | None = None  # "female" / "male" where the text or a sure first name shows it


@dataclass
class Quote:
    """A direct, partial or indirect attribution: who said what, where, through whom."""

    kind: str  # direct | partial | indirect
    content: str
    start: int  # offsets into the clean text
    end: int
    raw_start: int | None = None  # offsets into the raw text
    raw_end: int | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    source_text: str | None = None  # the words naming the speaker here ("he", "the minister")
    source_start: int | None = None
    source_end: int | None = None
    speaker_id: str | None = None  # resolved entity id
    speaker: str | None = None  # resolved canonical name
    channel: str | None = None  # "told reporters during a weekly briefing"
    provenance: list[str] = field(default_factory=list)  # outlet -> cited medium -> speaker
    # False for what is not a quotation of words: a belief or plan ascribed ("Russia does not
    # plan"), an inference ("comments indicate"), or a medium's report kept only as provenance.
    speech: bool = True
    rule: str = ""  # the extraction rule that found it
    # The content's pieces when a speech tag or a paragraph break interrupts it
    # ("“A,” she said, “B.”"): clean-text (start, end) pairs; one pair when unbroken.
    fragments: list[tuple[int, int]] = field(default_factory=list)
    # False when the source is a description the document never names ("the governor"):
    # the speaker is then that description, never a guess.
    resolved: bool = True


@dataclass
class Event:
    """Something a sentence states happened, happens or may happen: actor, action (typed on the
    PLOVER ontology), target, with polarity, modality, time, who asserts it and the evidence."""

    type: str  # PLOVER type: AGREE, CONSULT, SUPPORT, COOPERATE, AID, REQUEST, ACCUSE, REJECT, ...
    lemma: str  # the trigger's lemma: "provide", "request"
    trigger: str
    start: int  # trigger offsets, clean text
    end: int
    sentence_start: int  # the sentence (the evidence span), clean text
    sentence_end: int
    raw_start: int | None = None  # the sentence in the raw text
    raw_end: int | None = None
    mode: str | None = None  # PLOVER mode where the type has one: "military" aid, ...
    actor_id: str | None = None
    actor: str | None = None
    target_id: str | None = None
    target: str | None = None
    object: str | None = None  # what is given, asked or done: "military assistance"
    object_id: str | None = None
    polarity: str = "affirmed"  # affirmed | negated
    modality: str = "asserted"  # asserted | possible | intended | advocated | conditional
    time: str | None = None  # ISO date, month or year, or "start..end" (end empty: open)
    time_source: str = ""  # "timex: on Thursday", "document date", "document window"
    quote: int | None = None  # index into DocResult.quotes of the quotation that states it
    asserter_id: str | None = None  # who asserts it: the speaker, or the outlet in its own voice
    asserter: str | None = None
    provenance: list[str] = field(default_factory=list)  # outlet -> cited medium -> speaker
    how: str = "verb"  # verb | noun | answer (a bare "No" answering "whether X": X, negated)


@dataclass
class DocResult:
    """Everything the pipeline knows about one document; what the store writes."""

    id: str
    source: str
    format: str
    raw_text: str
    clean_text: str
    offsets: list[tuple[int, int, int]]  # (clean_start, raw_start, length) runs
    title: str | None = None
    language: str | None = None
    outlet: str | None = None
    url: str | None = None
    date: str | None = None  # the document date we stand behind (ISO), or None
    date_status: str = "undated"  # declared | content | conflict | undated
    date_window: tuple[str, str] | None = None  # what the content allows
    date_note: str = ""
    dates: list[DateEvidence] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    agencies: list[Agency] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    cleaning: list[str] = field(default_factory=list)  # names of steps that changed the text
    meta: dict[str, Any] = field(default_factory=dict)
    input_id: str | None = None  # RawDocument.input_id: the store skips that input next time

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class Failure:
    """A rejected input: a typed result with its reason, never an exception."""

    source: str
    code: str
    message: str

    def line(self) -> str:
        return f"{self.source}: {self.message} [{self.code}]"

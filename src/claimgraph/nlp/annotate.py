"""Run the spaCy pipeline over prepared documents and fill in entities, mentions and quotes.

This is the only place that turns Doc extensions into plain result objects, so
``nlp/`` stays free of storage and ``store/`` free of spaCy.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from bisect import bisect_right
from collections.abc import Iterator
from typing import Any

from ..ingest.clean import raw_offset
from ..model import DocResult, Entity, Event, Mention, Quote
from ..names import MediaNames, first_name_gender, name_tokens, slug

# A document longer than this is annotated in pieces cut at paragraph breaks (else sentence
# ends, else spaces), each piece's results shifted back to the document's offsets. Far below
# spaCy's 1,000,000-character limit on purpose: a few steps of the pipeline cost more than
# linear time in a Doc's length (the blank-line sentence starts, quotation pairing, the event
# times), so a long Doc in one piece is slow; in pieces every document costs linear time.
# Longer than any PolNeAR article (34,309 characters): real reports stay in one piece.
PIECE_CHARS = 40_000
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s")


def pieces(text: str, limit: int | None = None) -> list[tuple[int, int]]:
    """[start, end) pieces covering ``text``, each at most ``limit`` (``PIECE_CHARS``) characters,
    cut after the last paragraph break in reach, else the last sentence end, else the last space."""
    limit = limit or PIECE_CHARS
    out: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while n - start > limit:
        hi = start + limit
        cut = text.rfind("\n\n", start + 1, hi)
        if cut > start:
            cut += 2
        else:
            ends = [m.end() for m in _SENTENCE_END.finditer(text, start + 1, hi)]
            if ends:
                cut = ends[-1]
            else:
                space = max(text.rfind(" ", start + 1, hi), text.rfind("\n", start + 1, hi))
                cut = space + 1 if space > start else hi
        out.append((start, cut))
        start = cut
    out.append((start, n))
    return out


def annotate(nlp: Any, results: list[DocResult], n_process: int = 1, batch_size: int = 16) -> None:
    """Annotate ``results`` in place: one pass of ``nlp.pipe`` over the batch (engines run
    batches in their own worker processes and call this with ``n_process=1``).

    A document longer than ``PIECE_CHARS`` goes through the pipe as pieces; each piece is
    filled on its own (so per-document steps stay within a piece) and joined.
    """
    if not results:
        return
    limit = min(PIECE_CHARS, getattr(nlp, "max_length", PIECE_CHARS))
    jobs = [(i, a, b) for i, r in enumerate(results) for a, b in pieces(r.clean_text, limit)]

    def docs() -> Iterator[Any]:
        for i, a, b in jobs:
            r = results[i]
            doc = nlp.make_doc(r.clean_text[a:b])
            # The media the document names: the components type and route through them.
            doc._.cg_media = [x.name for x in r.agencies]
            yield doc

    parts: dict[int, list[DocResult]] = {}
    # nlp.pipe takes the prepared Docs and lets each component work in batches.
    for (i, a, b), doc in zip(jobs, nlp.pipe(docs(), n_process=n_process, batch_size=batch_size), strict=True):
        r = results[i]
        if a == 0 and b == len(r.clean_text):
            fill(r, doc)
            continue
        view = _piece_view(r, a, b)
        fill(view, doc)
        parts.setdefault(i, []).append(_shifted(view, a))
        if b == len(r.clean_text):
            _join(r, parts.pop(i))


def _piece_view(r: DocResult, a: int, b: int) -> DocResult:
    """``r`` as if its clean text were clean_text[a:b]: the offset runs and time expressions of
    the piece, shifted to start at 0 (raw offsets found through these runs stay absolute)."""
    view = copy.copy(r)
    view.clean_text = r.clean_text[a:b]
    first = max(0, bisect_right(r.offsets, a, key=lambda run: run[0]) - 1)
    last = bisect_right(r.offsets, b, key=lambda run: run[0])
    view.offsets = [(cs - a, rs, ln) for cs, rs, ln in r.offsets[first:last]]
    view.timexes = [dataclasses.replace(t, start=t.start - a, end=t.end - a) for t in r.timexes if a <= t.start < b]
    view.entities, view.mentions, view.quotes, view.events = [], [], [], []
    return view


def _shifted(view: DocResult, a: int) -> DocResult:
    """The piece's clean-text offsets moved back to the document's (raw offsets already are)."""
    def add(x: int | None) -> int | None:
        return None if x is None else x + a

    for m in view.mentions:
        m.start, m.end = m.start + a, m.end + a
    for q in view.quotes:
        q.start, q.end = q.start + a, q.end + a
        q.cue_start, q.cue_end, q.source_start, q.source_end = (add(q.cue_start), add(q.cue_end), add(q.source_start),
                                                                add(q.source_end))
        q.fragments = [(s + a, e + a) for s, e in q.fragments]
    for e in view.events:
        e.start, e.end, e.sentence_start, e.sentence_end = e.start + a, e.end + a, e.sentence_start + a, e.sentence_end + a
    return view


def _join(r: DocResult, views: list[DocResult]) -> None:
    """One document's results from its pieces: entities merged by id, the rest in text order."""
    entities: dict[str, Entity] = {}
    r.mentions, r.quotes, r.events = [], [], []
    for view in views:
        for e in view.entities:
            known = entities.get(e.id)
            if known is None:
                entities[e.id] = e
                continue
            known.aliases += [x for x in e.aliases if x not in known.aliases]
            known.roles += [x for x in e.roles if x not in known.roles]
            known.affiliations += [x for x in e.affiliations if x not in known.affiliations]
            known.parent = known.parent or e.parent
        base = len(r.quotes)
        for ev in view.events:
            if ev.quote is not None:
                ev.quote += base
        r.mentions += view.mentions
        r.quotes += view.quotes
        r.events += view.events
    r.entities = list(entities.values())


def _shown_gender(e: dict[str, Any]) -> str | None:
    """A person's gender the text shows, or a first name the table is sure of (not a mere guess)."""
    if e.get("type") != "PERSON" or not e.get("gender"):
        return None
    if e.get("gender_by") == "text":
        return str(e["gender"])
    words = name_tokens(e["name"])
    return first_name_gender(words[0], sure=True, local=False) if len(words) >= 2 else None


def fill(r: DocResult, doc: Any) -> None:
    ents = doc._.cg_entities or {}
    r.entities = [Entity(id=e["id"], name=e["name"], type=e["type"], aliases=list(e["aliases"]), roles=list(e["roles"]),
                         parent=e.get("parent"), affiliations=list(e.get("affiliations", [])), gender=_shown_gender(e))
                  for e in ents.values()]
    r.mentions = [Mention(entity_id=m["entity_id"], text=m["text"], start=m["start"], end=m["end"], label=m["label"])
                  for m in doc._.cg_mentions or []]
    r.quotes = _quotes(r, doc._.quotes or [], ents)
    r.events = _events(r, getattr(doc._, "cg_events", None) or [], ents)


def _events(r: DocResult, raw_events: list[dict[str, Any]], ents: dict[str, Any]) -> list[Event]:
    """Events with who asserts each (the quotation's speaker, else the outlet in its own voice)
    and a time: a resolved time expression in the event's sentence, else the document's date
    or window."""
    out: list[Event] = []
    for e in raw_events:
        ss, se = e["sentence"]
        q = r.quotes[e["quote"]] if e.get("quote") is not None and e["quote"] < len(r.quotes) else None
        if q is not None:
            asserter_id, asserter, chain = q.speaker_id, q.speaker, list(q.provenance)
        else:
            asserter_id = f"media:{slug(r.outlet)}" if r.outlet else None
            asserter, chain = r.outlet, [r.outlet] if r.outlet else []
        time, source = _event_time(r, ss, se, e["trigger"][0])
        (actor_id, actor), (target_id, target), (object_id, obj) = (_part(e, k) for k in ("actor", "target", "object"))
        out.append(Event(
            type=e["type"], lemma=e["lemma"], trigger=r.clean_text[e["trigger"][0]:e["trigger"][1]],
            start=e["trigger"][0], end=e["trigger"][1], sentence_start=ss, sentence_end=se,
            raw_start=raw_offset(r.offsets, ss), raw_end=raw_offset(r.offsets, se - 1) + 1 if se > ss else None,
            mode=e.get("mode"), actor_id=actor_id, actor=_name(ents, actor_id, actor), target_id=target_id,
            target=_name(ents, target_id, target), object=obj, object_id=object_id,
            polarity=e.get("polarity", "affirmed"), modality=e.get("modality", "asserted"), time=time,
            time_source=source, quote=e.get("quote") if q is not None else None, asserter_id=asserter_id,
            asserter=asserter, provenance=chain, how=e.get("how", "verb"),
        ))
    return out


def _part(e: dict[str, Any], key: str) -> tuple[str | None, str | None]:
    v = e.get(key)
    return (v.get("entity_id"), v.get("text")) if v else (None, None)


def _name(ents: dict[str, Any], eid: str | None, text: str | None) -> str | None:
    return ents[eid]["name"] if eid and eid in ents else text


def _event_time(r: DocResult, ss: int, se: int, at: int) -> tuple[str | None, str]:
    """The event's time, and what it rests on. A time expression that cannot be resolved
    ("in July" in an undated report) leaves the time unknown rather than the document's."""
    # A weekday ("said on Tuesday") places a report's own week; a month or a year that cannot be
    # resolved ("in July") places the event somewhere else.
    here = [t for t in r.timexes if ss <= t.start < se and (t.value or t.granularity in ("month", "year"))]
    if here:
        t = min(here, key=lambda t: (t.value is None, abs(t.start - at)))
        if t.value:
            return t.value, f"timex: {t.text}"
        return None, f"unresolved timex: {t.text}"
    if r.date:
        return r.date, "document date"
    if r.date_window:
        return f"{r.date_window[0]}..{r.date_window[1]}", "document window"
    return None, ""


def _quotes(r: DocResult, raw_quotes: list[dict[str, Any]], ents: dict[str, Any]) -> list[Quote]:
    text = r.clean_text
    media = MediaNames(tuple({e["name"] for e in ents.values() if e["type"] == "MEDIA"} | {a.name for a in r.agencies}))

    def by_medium(q: dict[str, Any]) -> bool:
        return bool(q["speaker_id"] and q["speaker_id"].startswith("media:")) or q["speaker"] in media

    def relays(q: dict[str, Any]) -> bool:
        """A report others' words come through: a medium's, or "according to the police report"."""
        return by_medium(q) or q["rule"] == "according-to"

    out: list[Quote] = []
    for q in raw_quotes:
        cs, ce = q["content"]
        # A medium's report (or an "according to" source) that holds other attributions is
        # provenance for them, not a quote; reported speech inside someone's quotation is part
        # of that quotation.
        holds = [o for o in raw_quotes if o is not q and o["cue"] and q["content"][0] <= o["cue"][0] < q["content"][1]]
        inside_speech = [o for o in raw_quotes if o is not q and q["cue"] and o["content"][0] <= q["cue"][0] < o["content"][1]
                         and o["speech"] and not relays(o)]
        speech = bool(q["speech"]) and not (relays(q) and holds) and not inside_speech
        chain: list[str] = []
        if r.outlet:
            chain.append(r.outlet)
        for outer in raw_quotes:
            if outer is not q and q["cue"] and outer["content"][0] <= q["cue"][0] < outer["content"][1] and (
                    relays(outer)) and outer["speaker"]:
                if outer["speaker"] not in chain:
                    chain.append(outer["speaker"])
        for name in q["via"]:
            if name not in chain and name != q["speaker"]:
                chain.append(name)
        if q["speaker"] and (not chain or chain[-1] != q["speaker"]):
            chain.append(q["speaker"])
        cue, src = q["cue"], q["source"]
        out.append(Quote(
            kind=q["kind"], content=text[cs:ce], start=cs, end=ce,
            raw_start=raw_offset(r.offsets, cs), raw_end=raw_offset(r.offsets, ce - 1) + 1,
            cue=text[cue[0]:cue[1]] if cue else None, cue_start=cue[0] if cue else None, cue_end=cue[1] if cue else None,
            source_text=text[src[0]:src[1]] if src else None, source_start=src[0] if src else None,
            source_end=src[1] if src else None, speaker_id=q["speaker_id"], speaker=q["speaker"],
            channel=q["channel"], provenance=chain, speech=speech, rule=q["rule"],
            fragments=[(fs, fe) for fs, fe in q["fragments"]], resolved=q["resolved"],
        ))
    return out

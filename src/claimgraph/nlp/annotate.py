"""Run the spaCy pipeline over prepared documents and fill in entities, mentions and quotes.

This is the only place that turns Doc extensions into plain result objects, so
``nlp/`` stays free of storage and ``store/`` free of spaCy.
"""

from __future__ import annotations

from typing import Any

from ..ingest.clean import raw_offset
from ..model import DocResult, Entity, Event, Mention, Quote
from ..names import MediaNames, slug


def annotate(nlp: Any, results: list[DocResult], n_process: int = 1, batch_size: int = 16) -> None:
    """Annotate ``results`` in place (one pass of ``nlp.pipe`` over the batch)."""
    if not results:
        return
    docs = []
    for r in results:
        doc = nlp.make_doc(r.clean_text)
        # The media the document names: the components type and route through them.
        doc._.cg_media = [a.name for a in r.agencies]
        docs.append(doc)
    # nlp.pipe takes the prepared Docs and lets each component work in batches.
    for r, doc in zip(results, nlp.pipe(docs, n_process=n_process, batch_size=batch_size), strict=True):
        fill(r, doc)


def fill(r: DocResult, doc: Any) -> None:
    ents = doc._.cg_entities or {}
    r.entities = [Entity(id=e["id"], name=e["name"], type=e["type"], aliases=list(e["aliases"]), roles=list(e["roles"]),
                         parent=e.get("parent"), affiliations=list(e.get("affiliations", []))) for e in ents.values()]
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

    out: list[Quote] = []
    for q in raw_quotes:
        cs, ce = q["content"]
        is_media = by_medium(q)
        # A medium's report that holds other attributions is provenance for them, not a quote;
        # reported speech inside someone's quotation is part of that quotation.
        holds = [o for o in raw_quotes if o is not q and o["cue"] and q["content"][0] <= o["cue"][0] < q["content"][1]]
        inside_speech = [o for o in raw_quotes if o is not q and q["cue"] and o["content"][0] <= q["cue"][0] < o["content"][1]
                         and o["speech"] and not by_medium(o)]
        speech = bool(q["speech"]) and not (is_media and holds) and not inside_speech
        chain: list[str] = []
        if r.outlet:
            chain.append(r.outlet)
        for outer in raw_quotes:
            if outer is not q and q["cue"] and outer["content"][0] <= q["cue"][0] < outer["content"][1] and (
                    by_medium(outer)) and outer["speaker"]:
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

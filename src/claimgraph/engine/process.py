"""``process_batch``: the one function every engine calls (local loop, Ray workers).

RawDocument -> clean -> metadata -> date -> (annotate with spaCy) -> DocResult.
It never raises for a bad document: that document becomes a Failure.
"""

from __future__ import annotations

from typing import Any

from ..errors import E
from ..ingest.clean import clean, url_date
from ..ingest.dating import date_document
from ..ingest.metadata import detect_language, find_agencies, find_outlet, guess_title, match_related_urls
from ..model import DocResult, Failure, Link, RawDocument


def prepare(raw: RawDocument, steps: list[str] | None = None) -> DocResult:
    """Everything up to the NLP stage, for one document."""
    tr, found = clean(raw.raw, steps)
    links = list(found.links)
    for a in raw.links:  # HTML anchors found by the reader
        links.append(Link(url=a["url"], kind="anchor", text=a.get("text", ""), url_date=url_date(a["url"])))
    match_related_urls(links)
    text = tr.text
    verdict = date_document(text, raw.meta, links)
    outlet = find_outlet(text, raw.meta, links)
    agencies = ([outlet] if outlet else []) + find_agencies(text, outlet.name if outlet else None)
    meta = {k: v for k, v in raw.meta.items() if isinstance(v, (str, int, float, bool)) and v is not None}
    if found.boilerplate:
        meta["boilerplate_removed"] = len(found.boilerplate)
    return DocResult(
        id=raw.id,
        source=raw.source,
        format=raw.format,
        raw_text=raw.raw,
        clean_text=text,
        offsets=tr.runs(),
        title=guess_title(text, raw.meta),
        language=detect_language(text),
        outlet=outlet.name if outlet else None,
        url=raw.meta.get("url") if isinstance(raw.meta.get("url"), str) else None,
        date=verdict.date,
        date_status=verdict.status,
        date_window=verdict.window,
        date_note=verdict.note,
        dates=verdict.evidence,
        timexes=verdict.timexes,
        links=links,
        agencies=agencies,
        cleaning=found.changed,
        meta=meta,
    )


def process_batch(raws: list[RawDocument], cfg: dict[str, Any] | None = None, nlp: Any = None) -> list[DocResult | Failure]:
    """Prepare each document, then annotate the prepared ones in one spaCy pass."""
    steps = cfg["clean"]["steps"] if cfg else None
    out: list[DocResult | Failure] = []
    for raw in raws:
        try:
            out.append(prepare(raw, steps))
        except Exception as exc:  # one bad document never stops the batch
            out.append(Failure(raw.source, E.E013.code, E.E013.fmt(detail=f"{type(exc).__name__}: {exc}"[:160])))
    if nlp is not None:
        from ..nlp.annotate import annotate

        ok = [r for r in out if isinstance(r, DocResult)]
        try:
            annotate(nlp, ok, n_process=cfg["nlp"]["n_process"] if cfg else 1)
        except Exception:
            # Annotation of the whole batch failed: retry one by one so only the culprit is lost.
            for i, r in enumerate(out):
                if isinstance(r, DocResult):
                    try:
                        annotate(nlp, [r], n_process=1)
                    except Exception as exc2:
                        out[i] = Failure(r.source, E.E013.code, E.E013.fmt(detail=f"{type(exc2).__name__}: {exc2}"[:160]))
    return out

"""What each endpoint answers, as plain data: the JSON of an API route and the context of its web page.

Every function here calls ``store/queries.py`` (the CLI calls the same functions), so the CLI,
the API and the web UI show the same rows.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from ..store import queries
from ..store.queries import Filters
from .reader import Reader


def page(items: list[Any], f: Filters, **extra: Any) -> dict[str, Any]:
    """A list answer: the items, the page they are and the filters that chose them."""
    more = bool(f.limit) and len(items) == f.limit
    return {"items": items, "count": len(items), "limit": f.limit, "offset": f.offset,
            "next_offset": f.offset + f.limit if more else None, "filters": f.active(), **extra}


def status(r: Reader, read_only: bool) -> dict[str, Any]:
    conn = r.conn()
    counts = queries.status(conn)
    recent = queries.recent_documents(conn, 10)
    return {"service": "claimgraph", "read_only": read_only, "counts": counts, "recent": recent,
            "openapi": "/api/openapi.json"}


def documents(r: Reader, f: Filters) -> dict[str, Any]:
    return page(queries.list_documents(r.conn(), f), f)


def document(r: Reader, ref: str) -> dict[str, Any]:
    conn = r.conn()
    return queries.get_document(conn, queries.resolve_doc_id(conn, ref))


def search(r: Reader, q: str, f: Filters) -> dict[str, Any]:
    result = queries.search(r.conn(), q, f)
    return page(result.pop("items"), f, **result)


def entities(r: Reader, f: Filters) -> dict[str, Any]:
    return page(queries.list_entities(r.conn(), f), f)


def entity(r: Reader, ref: str) -> dict[str, Any]:
    conn = r.conn()
    ent = queries.get_entity(conn, queries.resolve_entity(conn, ref))
    ent["timeline_picture"] = "/api/timeline.svg?" + urlencode({"entity": ent["id"]}) if any(e.get("time_start") for e in ent["events"]) else None
    return ent


def quotes(r: Reader, f: Filters, doc: str | None = None, include_all: bool = False) -> dict[str, Any]:
    conn = r.conn()
    doc_id = queries.resolve_doc_id(conn, doc) if doc else None
    return page(queries.list_quotes(conn, f, doc_id=doc_id, include_all=include_all), f,
                doc=doc_id, all=include_all)


def events(r: Reader, f: Filters, actor: str | None = None) -> dict[str, Any]:
    return page(queries.list_events(r.conn(), f, actor=actor), f, actor=actor)


def claims(r: Reader, f: Filters) -> dict[str, Any]:
    return page(queries.list_claims(r.conn(), f), f)


def links(r: Reader, label: str, f: Filters) -> dict[str, Any]:
    return page(queries.list_claim_links(r.conn(), label, f), f, label=label)


def board(r: Reader, f: Filters) -> dict[str, Any]:
    """The claims board: contradictions and changes of position, both sides' evidence."""
    conn = r.conn()
    return {"contradictions": queries.list_claim_links(conn, "contradict", f),
            "changes": queries.list_claim_links(conn, "change", f),
            "limit": f.limit, "offset": f.offset, "filters": f.active()}


def timeline(r: Reader, entity_ref: str, with_entity: str | None, f: Filters) -> dict[str, Any]:
    conn = r.conn()
    eid = queries.resolve_entity(conn, entity_ref)
    items = queries.timeline(conn, entity_ref, f, with_entity)
    ent = dict(conn.execute("SELECT id, name, type FROM entities WHERE id = ?", (eid,)).fetchone())
    other = None
    if with_entity:
        other = dict(conn.execute("SELECT id, name, type FROM entities WHERE id = ?",
                                  (queries.resolve_entity(conn, with_entity),)).fetchone())
    params = {"entity": ent["id"], **({"with": other["id"]} if other else {}),
              **{k: v for k, v in f.active().items() if k != "entity"}}
    picture = "/api/timeline.svg?" + urlencode(params) if any(e.get("time_start") for e in items) else None
    return page(items, f, entity=ent, with_entity=other, picture=picture)


def ask(r: Reader, q: str) -> dict[str, Any]:
    from ..link.ask import answer

    conn = r.conn()
    return r.run_nlp(lambda nlp: answer(conn, nlp, q))


def failures(r: Reader, f: Filters) -> dict[str, Any]:
    return page(queries.list_failures(r.conn(), f), f)

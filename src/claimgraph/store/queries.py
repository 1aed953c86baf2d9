"""Read queries as plain functions over a connection: the CLI, the API and exports share them."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

from ..errors import ClaimgraphError, E

DOC_LIST_COLUMNS = (
    "id, source, format, title, outlet, date, date_status, language, length(clean_text) AS chars,"
    " substr(clean_text, 1, 120) AS lead"
)


def list_documents(conn: sqlite3.Connection, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    rows = conn.execute(
        f"SELECT {DOC_LIST_COLUMNS} FROM documents ORDER BY ingested_at, rowid LIMIT ? OFFSET ?", (limit, offset)
    ).fetchall()
    return [dict(r) for r in rows]


def count_documents(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])


def resolve_doc_id(conn: sqlite3.Connection, ref: str) -> str:
    """A full id, a unique id prefix, or a source path."""
    rows = conn.execute("SELECT id FROM documents WHERE id LIKE ? || '%' OR source = ? LIMIT 2", (ref, ref)).fetchall()
    if len(rows) != 1:
        raise ClaimgraphError(E.E021, ref=ref)
    return str(rows[0][0])


def _rows(conn: sqlite3.Connection, sql: str, *args: Any) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(sql, args).fetchall()]


def get_document(conn: sqlite3.Connection, doc_id: str) -> dict[str, Any]:
    """One document with everything stored about it, as plain JSON-able data."""
    row = conn.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row is None:
        raise ClaimgraphError(E.E021, ref=doc_id)
    doc = dict(row)
    for key in ("offsets", "cleaning", "meta"):
        doc[key] = json.loads(doc[key])
    doc["dates"] = _rows(conn, "SELECT kind, value, text, start, \"end\", note FROM date_evidence WHERE doc_id = ?", doc_id)
    doc["timexes"] = _rows(conn, "SELECT text, start, \"end\", value, anchor, granularity FROM timexes WHERE doc_id = ? ORDER BY start", doc_id)
    doc["links"] = _rows(conn, "SELECT url, kind, text, raw_start, raw_end, url_date FROM links WHERE doc_id = ?", doc_id)
    doc["agencies"] = _rows(conn, "SELECT name, role, evidence, start, \"end\" FROM agencies WHERE doc_id = ?", doc_id)
    doc["entities"] = [_entity_row(e) for e in _rows(
        conn, "SELECT DISTINCT e.* FROM entities e JOIN mentions m ON m.entity_id = e.id WHERE m.doc_id = ?"
              " UNION SELECT e.* FROM entities e JOIN quotes q ON q.speaker_id = e.id WHERE q.doc_id = ?", doc_id, doc_id)]
    doc["mentions"] = _rows(conn, "SELECT entity_id, text, start, \"end\", label FROM mentions WHERE doc_id = ? ORDER BY start", doc_id)
    doc["quotes"] = [_quote_row(q) for q in _rows(conn, QUOTE_SELECT + " WHERE q.doc_id = ? ORDER BY q.start", doc_id)]
    doc["events"] = [_event_row(e) for e in _rows(
        conn, "SELECT e.*, c.id AS claim_id FROM events e LEFT JOIN claims c ON c.event_id = e.id"
              " WHERE e.doc_id = ? ORDER BY e.start", doc_id)]
    return doc


QUOTE_SELECT = (
    "SELECT q.id, q.doc_id, q.kind, q.speech, q.content, q.start, q.\"end\", q.raw_start, q.raw_end, q.cue, q.cue_start,"
    " q.cue_end, q.source_text, q.source_start, q.source_end, q.speaker_id, coalesce(e.name, q.speaker) AS speaker,"
    " q.channel, q.provenance, q.rule, q.fragments, q.resolved, coalesce(d.title, substr(d.clean_text, 1, 80) || '…') AS doc_title,"
    " d.date AS doc_date FROM quotes q"
    " JOIN documents d ON d.id = q.doc_id LEFT JOIN entities e ON e.id = q.speaker_id"
)


def _quote_row(q: dict[str, Any]) -> dict[str, Any]:
    q["provenance"] = json.loads(q["provenance"])
    q["fragments"] = json.loads(q["fragments"])
    q["speech"] = bool(q["speech"])
    q["resolved"] = bool(q["resolved"])
    return q


def _entity_row(e: dict[str, Any]) -> dict[str, Any]:
    e["roles"] = json.loads(e["roles"])
    if "affiliations" in e:
        e["affiliations"] = json.loads(e["affiliations"])
    return e


def list_quotes(conn: sqlite3.Connection, speaker: str | None = None, doc_id: str | None = None,
                include_all: bool = False, limit: int = 500) -> list[dict[str, Any]]:
    """Quotations, in document then text order; ``speaker`` matches a name, an alias or an id."""
    where, args = [], []
    if not include_all:
        where.append("q.speech = 1")
    if doc_id:
        where.append("q.doc_id = ?")
        args.append(doc_id)
    if speaker:
        where.append("(q.speaker_id = ? OR q.speaker_id IN (SELECT entity_id FROM entity_aliases WHERE alias LIKE ?)"
                     " OR e.name LIKE ? OR q.speaker LIKE ?)")
        args += [speaker, f"%{speaker}%", f"%{speaker}%", f"%{speaker}%"]
    sql = QUOTE_SELECT + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY d.ingested_at, d.rowid, q.start LIMIT ?"
    return [_quote_row(q) for q in _rows(conn, sql, *args, limit)]


def list_entities(conn: sqlite3.Connection, etype: str | None = None, limit: int = 200) -> list[dict[str, Any]]:
    """Entities with how often they are mentioned, in how many documents, and how many quotes they have."""
    sql = (
        "SELECT e.id, e.name, e.type, e.parent, e.roles,"
        " (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id) AS mentions,"
        " (SELECT count(DISTINCT doc_id) FROM mentions m WHERE m.entity_id = e.id) AS documents,"
        " (SELECT count(*) FROM quotes q WHERE q.speaker_id = e.id AND q.speech = 1) AS quotes"
        " FROM entities e" + (" WHERE e.type = ?" if etype else "") + " ORDER BY mentions DESC, e.name LIMIT ?"
    )
    args: list[Any] = [etype.upper()] if etype else []
    return [_entity_row(e) for e in _rows(conn, sql, *args, limit)]


def resolve_entity(conn: sqlite3.Connection, ref: str) -> str:
    """An id, a name or an alias (case-insensitive); the most mentioned entity wins a tie."""
    row = conn.execute(
        "SELECT e.id FROM entities e LEFT JOIN entity_aliases a ON a.entity_id = e.id"
        " WHERE e.id = ? OR e.name = ? COLLATE NOCASE OR a.alias = ? COLLATE NOCASE"
        " ORDER BY (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id) DESC LIMIT 1", (ref, ref, ref)).fetchone()
    if row is None:
        row = conn.execute("SELECT e.id FROM entities e WHERE e.name LIKE ? ORDER BY length(e.name) LIMIT 1",
                           (f"%{ref}%",)).fetchone()
    if row is None:
        raise ClaimgraphError(E.E023, ref=ref)
    return str(row[0])


def get_entity(conn: sqlite3.Connection, entity_id: str) -> dict[str, Any]:
    row = conn.execute("SELECT * FROM entities WHERE id = ?", (entity_id,)).fetchone()
    if row is None:
        raise ClaimgraphError(E.E023, ref=entity_id)
    ent = _entity_row(dict(row))
    ent["aliases"] = [r[0] for r in conn.execute("SELECT alias FROM entity_aliases WHERE entity_id = ? ORDER BY alias", (entity_id,))]
    ent["children"] = _rows(conn, "SELECT id, name, type FROM entities WHERE parent = ?", entity_id)
    ent["documents"] = _rows(
        conn, "SELECT d.id, d.title, d.date, count(*) AS mentions FROM mentions m JOIN documents d ON d.id = m.doc_id"
              " WHERE m.entity_id = ? GROUP BY d.id ORDER BY d.date, d.rowid", entity_id)
    ent["quotes"] = [_quote_row(q) for q in _rows(
        conn, QUOTE_SELECT + " WHERE q.speaker_id = ? AND q.speech = 1 ORDER BY d.date, q.start", entity_id)]
    return ent


def iter_export(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Every document, fully, in ingest order: the JSONL export."""
    for (doc_id,) in conn.execute("SELECT id FROM documents ORDER BY ingested_at, rowid").fetchall():
        doc = get_document(conn, doc_id)
        doc["schema"] = "claimgraph.export/3"
        yield doc


def search(conn: sqlite3.Connection, query: str, limit: int = 20) -> list[dict[str, Any]]:
    """FTS5 search over titles and clean text, best first, with a highlighted snippet."""
    try:
        return _rows(
            conn,
            "SELECT d.id, d.title, d.date, snippet(documents_fts, 1, '[', ']', '…', 12) AS snippet "
            "FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid "
            "WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?",
            query, limit,
        )
    except sqlite3.OperationalError:
        # Not valid FTS5 syntax: search it as a phrase.
        return search(conn, '"' + query.replace('"', '""') + '"', limit) if '"' not in query[:1] else []


def list_failures(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return _rows(conn, "SELECT source, code, message, at FROM failures ORDER BY at, source")


# --- events and claims -----------------------------------------------------------------------

EVENT_SELECT = (
    "SELECT e.id, e.doc_id, e.type, e.mode, e.lemma, e.trigger, e.start, e.\"end\", e.sentence_start, e.sentence_end,"
    " e.raw_start, e.raw_end, e.actor_id, e.actor, e.target_id, e.target, e.object, e.polarity, e.modality, e.time,"
    " e.time_start, e.time_end, e.time_source, e.quote_id, e.asserter_id, e.asserter, e.provenance, e.how,"
    " substr(d.clean_text, e.sentence_start + 1, e.sentence_end - e.sentence_start) AS sentence,"
    " d.outlet, d.date AS doc_date, coalesce(d.title, substr(d.clean_text, 1, 80) || '…') AS doc_title"
    " FROM events e JOIN documents d ON d.id = e.doc_id"
)


def _event_row(e: dict[str, Any]) -> dict[str, Any]:
    e["provenance"] = json.loads(e["provenance"])
    return e


def list_events(conn: sqlite3.Connection, etype: str | None = None, actor: str | None = None, since: str | None = None,
                until: str | None = None, limit: int = 500) -> list[dict[str, Any]]:
    """Events in time order; ``actor`` is an entity id, name or alias; ``since``/``until`` ISO dates
    compared with the event's time window."""
    where, args = [], []
    if etype:
        where.append("e.type = ?")
        args.append(etype.upper())
    if actor:
        where.append("e.actor_id = ?")
        args.append(resolve_entity(conn, actor))
    if since:
        where.append("coalesce(e.time_end, '9999') >= ?")
        args.append(since)
    if until:
        where.append("coalesce(e.time_start, '0000') <= ?")
        args.append(until)
    sql = EVENT_SELECT + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY e.time_start, e.doc_id, e.start LIMIT ?"
    return [_event_row(e) for e in _rows(conn, sql, *args, limit)]


def _claim_side(conn: sqlite3.Connection, claim_id: int) -> dict[str, Any]:
    row = _rows(conn, "SELECT c.id AS claim_id, c.subject_id, c.predicate, c.object, c.reported, c.window_start, c.window_end,"
                      " e.* FROM claims c JOIN (" + EVENT_SELECT + ") e ON e.id = c.event_id WHERE c.id = ?", claim_id)[0]
    return _event_row(row)


def list_claim_links(conn: sqlite3.Connection, label: str | None = None, entity: str | None = None,
                     limit: int = 200) -> list[dict[str, Any]]:
    """Labelled pairs of claims (agree, contradict, change), most confident first, each side with
    its evidence sentence, speaker, outlet, date and spans."""
    where, args = [], []
    if label:
        where.append("l.label = ?")
        args.append(label)
    if entity:
        eid = resolve_entity(conn, entity)
        where.append("(ca.subject_id = ? OR ca.target_id = ? OR cb.subject_id = ? OR cb.target_id = ?)")
        args += [eid] * 4
    sql = ("SELECT l.a, l.b, l.label, l.confidence, l.reason FROM claim_links l JOIN claims ca ON ca.id = l.a"
           " JOIN claims cb ON cb.id = l.b" + (" WHERE " + " AND ".join(where) if where else "")
           + " ORDER BY l.confidence DESC, l.a, l.b LIMIT ?")
    out = []
    for link in _rows(conn, sql, *args, limit):
        a, b = _claim_side(conn, link["a"]), _claim_side(conn, link["b"])
        # the earlier report first
        first, second = sorted((a, b), key=lambda s: (s["window_start"] or "", s["claim_id"]))
        out.append({"label": link["label"], "confidence": link["confidence"], "reason": link["reason"],
                    "first": first, "second": second})
    return out


def list_claims(conn: sqlite3.Connection, entity: str | None = None, limit: int = 500) -> list[dict[str, Any]]:
    """Claims (an event as its asserter states it), in time order."""
    where, args = [], []
    if entity:
        eid = resolve_entity(conn, entity)
        where.append("(c.subject_id = ? OR c.target_id = ?)")
        args += [eid, eid]
    sql = ("SELECT c.id AS claim_id, c.predicate, c.reported, c.window_start, e.* FROM claims c JOIN (" + EVENT_SELECT
           + ") e ON e.id = c.event_id" + (" WHERE " + " AND ".join(where) if where else "")
           + " ORDER BY c.window_start, c.doc_id, e.start LIMIT ?")
    return [_event_row(r) for r in _rows(conn, sql, *args, limit)]


def timeline(conn: sqlite3.Connection, entity: str, with_entity: str | None = None, limit: int = 1000) -> list[dict[str, Any]]:
    """Events where ``entity`` acts or is acted on (with ``with_entity`` on the other side), in time order."""
    eid = resolve_entity(conn, entity)
    where, args = ["(e.actor_id = ? OR e.target_id = ?)"], [eid, eid]
    if with_entity:
        other = resolve_entity(conn, with_entity)
        where.append("(e.actor_id = ? OR e.target_id = ? OR e.object_id = ?)")
        args += [other, other, other]
    sql = EVENT_SELECT + " WHERE " + " AND ".join(where) + " ORDER BY coalesce(e.time_start, '9999'), e.doc_id, e.start LIMIT ?"
    return [_event_row(e) for e in _rows(conn, sql, *args, limit)]

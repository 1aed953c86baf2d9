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
    return doc


def iter_export(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Every document, fully, in ingest order: the JSONL export."""
    for (doc_id,) in conn.execute("SELECT id FROM documents ORDER BY ingested_at, rowid").fetchall():
        doc = get_document(conn, doc_id)
        doc["schema"] = "claimgraph.export/1"
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

"""Read queries as plain functions over a connection: the CLI, the API and the web pages share them.

Every list takes one :class:`Filters` value with the same meaning everywhere:

- ``since`` / ``until``: an ISO day, month or year; an item is kept when its date, or the window
  it is known only by, overlaps the range (a document's date or window; an event's or a claim's
  time; a failure's timestamp). An item with no date at all is left out when either is given.
- ``outlet``: the publishing outlet of the document the item comes from (case-insensitive).
- ``speaker``: who speaks or asserts (a quotation's speaker, an event's or claim's asserter, a
  document holding a quotation by them): the entities whose id, name or alias holds the words;
  when no entity does, the speaker as the text describes them ("the governor").
- ``entity``: an entity (name, alias or id) the item involves: a document mentioning it, a
  quotation about it (a mention inside the quoted words), an event or claim where it acts, is
  acted on or is the object, an entity named in the same documents.
- ``kind``: what sort of item: a document's format, a quotation's kind, an entity's type, an
  event's or claim's PLOVER type, a failure's error code.
- ``limit`` / ``offset``: one page of the list.

A filter that cannot apply to a list is refused (E024), never ignored.
"""

from __future__ import annotations

import bisect
import itertools
import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from typing import Any

from ..errors import ClaimgraphError, E

# --- filters -----------------------------------------------------------------------------------

_ISO = re.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$")
DOC_FORMATS = ("txt", "html", "pdf", "jsonl")
QUOTE_KINDS = ("direct", "partial", "indirect")
FILTER_NAMES = ("since", "until", "outlet", "speaker", "entity", "kind", "limit", "offset")
MAX_LIMIT = 10_000


@dataclass(frozen=True)
class Filters:
    since: str | None = None
    until: str | None = None
    outlet: str | None = None
    speaker: str | None = None
    entity: str | None = None
    kind: str | None = None
    limit: int = 50
    offset: int = 0

    def checked(self) -> Filters:
        """The same filters validated, with ``since``/``until`` widened to whole days
        (``since 2019`` is 2019-01-01, ``until 2019`` is 2019-12-31); a bad value is E024."""
        from .db import time_window

        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None and not _ISO.match(value):
                raise ClaimgraphError(E.E024, detail=f"--{name} {value!r}: use an ISO date, month or year (2019-03-27, 2019-03, 2019)")
        if not 0 <= self.limit <= MAX_LIMIT:
            raise ClaimgraphError(E.E024, detail=f"--limit {self.limit}: use 0 to {MAX_LIMIT}")
        if self.offset < 0:
            raise ClaimgraphError(E.E024, detail=f"--offset {self.offset}: use 0 or more")
        since = time_window(self.since)[0] if self.since else None
        until = time_window(self.until)[1] if self.until else None
        if since and until and since > until:
            raise ClaimgraphError(E.E024, detail=f"--since {self.since} is after --until {self.until}")
        blank = {k: (getattr(self, k) or None) for k in ("outlet", "speaker", "entity", "kind")}
        return replace(self, since=since, until=until, **blank)

    def active(self) -> dict[str, Any]:
        """The filters given (not limit/offset), as the API echoes them."""
        return {k: v for k, v in asdict(self).items() if v is not None and k not in ("limit", "offset")}

    def refuse(self, what: str, *names: str) -> None:
        for name in names:
            if getattr(self, name):
                raise ClaimgraphError(E.E024, detail=f"--{name} does not apply to {what}")


def _page(sql: str, f: Filters) -> str:
    return sql + f" LIMIT {int(f.limit)} OFFSET {int(f.offset)}"


def _start_of(x: str) -> str:
    """SQL: the first day of an ISO day, month or year column."""
    return f"(CASE length({x}) WHEN 4 THEN {x} || '-01-01' WHEN 7 THEN {x} || '-01' ELSE substr({x}, 1, 10) END)"


def _end_of(x: str) -> str:
    return f"(CASE length({x}) WHEN 4 THEN {x} || '-12-31' WHEN 7 THEN {x} || '-31' ELSE substr({x}, 1, 10) END)"


def _doc_start(d: str) -> str:
    return f"(CASE WHEN {d}.date IS NOT NULL THEN {_start_of(d + '.date')} ELSE {d}.date_window_start END)"


def _doc_end(d: str) -> str:
    return (f"(CASE WHEN {d}.date IS NOT NULL THEN {_end_of(d + '.date')} WHEN {d}.date_window_start IS NOT NULL"
            f" THEN coalesce({d}.date_window_end, '9999-12-31') END)")


def _speaker_ids(conn: sqlite3.Connection, speaker: str) -> list[str]:
    like = f"%{speaker}%"
    return [r[0] for r in conn.execute(
        "SELECT id FROM entities WHERE id = ? OR name LIKE ? UNION SELECT entity_id FROM entity_aliases WHERE alias LIKE ?",
        (speaker, like, like))]


def _who(conn: sqlite3.Connection, speaker: str, id_col: str, text_col: str) -> tuple[str, list[Any]]:
    """SQL matching a speaker or asserter: the entities whose id, name or alias holds the words
    (an indexed lookup); when no entity does, the speaker as written ("the governor")."""
    ids = _speaker_ids(conn, speaker)
    if ids:
        return f"{id_col} IN ({', '.join('?' * len(ids))})", ids
    return f"{text_col} LIKE ?", [f"%{speaker}%"]


def _doc_where(conn: sqlite3.Connection, f: Filters, d: str = "d", kind: bool = True) -> tuple[list[str], list[Any]]:
    """Conditions on a documents alias for the document filters."""
    where: list[str] = []
    args: list[Any] = []
    if f.since:
        where.append(f"{_doc_end(d)} >= ?")
        args.append(f.since)
    if f.until:
        where.append(f"{_doc_start(d)} <= ?")
        args.append(f.until)
    if f.outlet:
        where.append(f"{d}.outlet = ? COLLATE NOCASE")
        args.append(f.outlet)
    if f.speaker:
        sql, a = _who(conn, f.speaker, "q2.speaker_id", "q2.speaker")
        where.append(f"EXISTS (SELECT 1 FROM quotes q2 WHERE q2.doc_id = {d}.id AND q2.speech = 1 AND {sql})")
        args += a
    if f.entity:
        eid = resolve_entity(conn, f.entity)
        where.append(f"(EXISTS (SELECT 1 FROM mentions m2 WHERE m2.doc_id = {d}.id AND m2.entity_id = ?)"
                     f" OR EXISTS (SELECT 1 FROM quotes q3 WHERE q3.doc_id = {d}.id AND q3.speaker_id = ?))")
        args += [eid, eid]
    if kind and f.kind:
        fmt = f.kind.lower()
        if fmt not in DOC_FORMATS:
            raise ClaimgraphError(E.E024, detail=f"--kind {f.kind!r} for documents: use one of {', '.join(DOC_FORMATS)}")
        where.append(f"{d}.format = ?")
        args.append(fmt)
    return where, args


def _where(parts: list[str]) -> str:
    return (" WHERE " + " AND ".join(parts)) if parts else ""


def when(date: str | None, window_start: str | None = None, window_end: str | None = None) -> str | None:
    """What is known of when: a date, or a window ("2024-11-21.." when open), or None."""
    if date:
        return date
    if window_start:
        end = window_end if window_end and not window_end.startswith("9999") else ""
        return f"{window_start}..{end}"
    return None


# --- documents ---------------------------------------------------------------------------------

_DOC_COLUMNS = (
    "d.id, d.source, d.format, d.title, d.outlet, d.url, d.date, d.date_status, d.date_window_start, d.date_window_end,"
    " d.language"
)
DOC_LIST_COLUMNS = _DOC_COLUMNS + ", length(d.clean_text) AS chars, substr(d.clean_text, 1, 120) AS lead"


def _doc_row(r: dict[str, Any]) -> dict[str, Any]:
    r["when"] = when(r["date"], r.get("date_window_start"), r.get("date_window_end"))
    return r


def list_documents(conn: sqlite3.Connection, f: Filters | None = None) -> list[dict[str, Any]]:
    """Stored documents in ingest order."""
    f = (f or Filters()).checked()
    where, args = _doc_where(conn, f)
    sql = _page(f"SELECT {DOC_LIST_COLUMNS} FROM documents d{_where(where)} ORDER BY d.rowid", f)
    return [_doc_row(r) for r in _rows(conn, sql, *args)]


def recent_documents(conn: sqlite3.Connection, n: int = 10) -> list[dict[str, Any]]:
    """The ``n`` documents stored last, newest first."""
    return [_doc_row(r) for r in _rows(conn, f"SELECT {DOC_LIST_COLUMNS} FROM documents d ORDER BY d.rowid DESC LIMIT ?", n)]


def count_documents(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])


def resolve_doc_id(conn: sqlite3.Connection, ref: str) -> str:
    """A full id, a unique id prefix, or a source path."""
    if not ref:
        raise ClaimgraphError(E.E021, ref=ref)
    if re.fullmatch(r"[0-9a-f]{4,64}", ref):
        rows = conn.execute("SELECT id FROM documents WHERE id >= ? AND id < ? || 'g' LIMIT 2", (ref, ref)).fetchall()
        if len(rows) == 1:
            return str(rows[0][0])
    rows = conn.execute("SELECT id FROM documents WHERE source = ? LIMIT 2", (ref,)).fetchall()
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
    doc["when"] = when(doc["date"], doc["date_window_start"], doc["date_window_end"])
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


def iter_export(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Every document, fully, in ingest order: the JSONL export."""
    for (doc_id,) in conn.execute("SELECT id FROM documents ORDER BY rowid").fetchall():
        doc = get_document(conn, doc_id)
        doc.pop("when", None)
        doc["schema"] = "claimgraph.export/4"
        yield doc


_HL_OPEN, _HL_CLOSE = "\ue000", "\ue001"  # snippet marks no document text holds


RANK_WINDOW = 200  # a query matching more documents is ranked among the most recently stored this many
RECENT_FTS = "documents_recent_fts"  # the index of the 10,000 most recently stored documents (migration 012)


def search(conn: sqlite3.Connection, query: str, f: Filters | None = None) -> dict[str, Any]:
    """FTS5 search over titles and clean text, best first (bm25), each hit with a snippet.

    ``query`` is FTS5 syntax ("military base", base NEAR/5 military, "Oreshnik*"); a query that is
    not valid FTS5 is searched as its words, and ``note`` says so; a query with no word is E024.
    A query matching more than ``RANK_WINDOW`` documents (after the filters) is ranked among the
    ``RANK_WINDOW`` most recently stored of them (a page past them widens the window), and
    ``ranked`` says so: ranking every match of a word found in most documents costs a scan of them
    all, and tells little. Where the 10,000 most recently stored documents hold the window, it is
    ranked in their own index, with their term statistics (migration 012).
    Returns ``{"query", "match", "note", "ranked", "items"}``; each item's ``snippet`` marks the
    hits with [ ] and ``highlights`` gives the same as pieces ``{"text", "hit"}``.
    """
    f = (f or Filters()).checked()
    if not re.search(r"\w", query or ""):
        raise ClaimgraphError(E.E024, detail=f"search query {query!r} has no word in it: give words to search for")
    where, args = _doc_where(conn, f)
    note = None
    try:
        items, ranked = _search(conn, query, where, args, f)
        match = query
    except sqlite3.OperationalError as exc:
        if "interrupt" in str(exc):
            raise
        words = re.findall(r"\w+", query)
        match = " ".join('"' + w + '"' for w in words)
        note = f"not valid FTS5 syntax ({exc}): searched for the words {match}"
        items, ranked = _search(conn, match, where, args, f)
    return {"query": query, "match": match, "note": note, "ranked": ranked, "items": items}


def _search(conn: sqlite3.Connection, match: str, where: list[str], args: list[Any], f: Filters) -> tuple[list[dict[str, Any]], str]:
    window = max(RANK_WINDOW, f.offset + f.limit)  # a page past the window widens it
    cond = "".join(" AND " + w for w in where)
    # The most recently stored matches first (FTS5 walks rowids in order): are there more than the
    # window? Its oldest rowid and the next one come back, if so. The recent index (migration 012)
    # holds every document stored after any it holds, so a window it fills is the store's own
    # window, and bm25() ranks it there without counting the phrases over the whole store.
    for table in (RECENT_FTS, "documents_fts"):
        join = f" JOIN documents d ON d.rowid = {table}.rowid" if where else ""
        edge = conn.execute(f"SELECT {table}.rowid FROM {table}{join} WHERE {table} MATCH ?{cond}"
                            f" ORDER BY {table}.rowid DESC LIMIT 2 OFFSET {window - 1}", (match, *args)).fetchall()
        if len(edge) == 2:
            floor = edge[0][0]
            ranked = f"the {window} most recently stored of more than {window} matches"
            break
    else:
        floor = 0
        n = conn.execute(f"SELECT count(*) FROM {table}{join} WHERE {table} MATCH ?{cond}", (match, *args)).fetchone()[0]
        ranked = f"all {n} matches"
        if not n:
            return [], ranked
    # best hits first, then the snippet for just the page's hits. bm25() is FTS5's rank, asked for
    # by name: ORDER BY rank took twice as long over the same 1,000 rows (4.9 against 2.6 ms).
    sql = _page(f"SELECT {table}.rowid AS rid, bm25({table}) AS score FROM {table}{join}"
                f" WHERE {table} MATCH ? AND {table}.rowid >= ?{cond} ORDER BY score", f)
    hits = conn.execute(sql, (match, floor, *args)).fetchall()
    if not hits:
        return [], ranked
    marks = ", ".join("?" * len(hits))
    # the text once, for the snippet, its length and its lead (length() and substr() would each
    # read it again)
    rows = {r["rid"]: r for r in _rows(
        conn, f"SELECT d.rowid AS rid, {_DOC_COLUMNS}, d.clean_text FROM documents d WHERE d.rowid IN ({marks})",
        *[h[0] for h in hits])}
    pattern = _hit_pattern(match)
    out = []
    for h in hits:
        r = rows[h[0]]
        text = r.pop("clean_text") or ""
        r["chars"], r["lead"] = len(text), text[:120]
        pieces = _snippet_pieces(text, pattern, SNIPPET_TOKENS, 100) if pattern else None
        if pieces is None:  # no hit the pattern sees (an accent folded, a title-only match): FTS5's own
            raw = conn.execute(f"SELECT snippet(documents_fts, 1, '{_HL_OPEN}', '{_HL_CLOSE}', '…', {SNIPPET_TOKENS})"
                               " FROM documents_fts WHERE documents_fts MATCH ? AND rowid >= ? AND rowid <= ?",
                               (match, h[0], h[0])).fetchone()[0]
            pieces = _pieces(raw or "")
        del r["rid"]
        r["snippet"] = "".join("[" + t + "]" if hit else t for t, hit in pieces)
        r["rank"] = h[1]
        r["highlights"] = [{"text": t, "hit": hit} for t, hit in pieces]
        out.append(_doc_row(r))
    return out, ranked


# --- snippets ------------------------------------------------------------------------------------
# Written by hand, not FTS5's snippet(): that one re-reads each hit through "MATCH ? AND rowid IN
# (...)", which walks the query's posting list, then tokenises the whole text of every hit (2-4 ms
# of a search's 6 on a store of 100,000 documents). Python's sqlite3 cannot register an FTS5
# auxiliary function that would read the positions directly, so the hits are found again here with
# one regular expression (no nested repeats: linear) that stops a little past the best group, and
# only a bounded region around it is tokenised. Where it finds nothing (FTS5's unicode61 folds
# accents, the match is in the title only), FTS5's snippet() answers for that row.

SNIPPET_TOKENS = 12
_TOKEN_CHARS = 12  # characters enough for a token of news text and the space after it, with room to spare
_TOKEN = re.compile(r"[^\W_]+")  # unicode61's tokens: runs of letters and digits
_QUERY_PART = re.compile(r'"((?:[^"]|"")*)"(\*?)|([^\W_]+)(\*?)(:?)')  # a "phrase" | a bareword, * prefix, col:
_FTS5_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})
_SENTENCE_GAP = re.compile(r"[.:]\s+")


def _hit_pattern(match: str) -> re.Pattern[str] | None:
    """One pattern for the phrases of an FTS5 query in lower case, a group each (operators and column names left out)."""
    terms = []
    other_column = False  # the phrase after "title:" is not looked for in the text
    for m in _QUERY_PART.finditer(match):
        if m.group(5):
            other_column = m.group(3) != "clean_text"
            continue
        if m.group(1) is not None:
            words, star = _TOKEN.findall(m.group(1)), m.group(2)
        elif m.group(3) in _FTS5_OPERATORS:
            continue
        else:
            words, star = [m.group(3)], m.group(4)
        if other_column:
            other_column = False
            continue
        if words:
            terms.append("(" + r"[\W_]+".join(re.escape(w.lower()) for w in words) + (r"[^\W_]*" if star else "") + ")")
    return re.compile("|".join(terms)) if terms else None


def _hits(text: str, pattern: re.Pattern[str], reach: int, most: int) -> tuple[list[tuple[int, int, int]], int | None]:
    """(start, end, phrase) of the pattern's whole-token hits, enough to choose a window from, and
    the point past which the text cannot change them (None: the text's end).

    It stops ``reach`` characters past the first hit by which every phrase has been seen, or at ``most`` hits.
    """
    out: list[tuple[int, int, int]] = []
    seen: set[int] = set()
    every = pattern.groups
    complete_at = None
    for m in pattern.finditer(text):
        s, e = m.span()
        if (s and text[s - 1].isalnum()) or (e < len(text) and text[e].isalnum()):
            continue  # inside a longer token
        if complete_at is not None and s > complete_at + reach:
            break
        out.append((s, e, m.lastindex or 0))
        seen.add(m.lastindex or 0)
        if complete_at is None and len(seen) == every:
            complete_at = s
        if len(out) >= most:
            return out, e
    return out, None if complete_at is None else complete_at + reach


_LOWER_FIRST = 2048  # characters lower-cased for the first scan; most hits are in a report's first lines
_LOWER_SAFE = 256  # hits that start this far before the lower-cased part's end: none reaches past it


def _lower_hits(text: str, pattern: re.Pattern[str], reach: int, most: int) -> list[tuple[int, int, int]] | None:
    """_hits over the text lower-cased, lowering only as far as the scan needs (the whole text, at
    worst: each pass lowers four times more); None when lower case moves offsets (İ)."""
    size = _LOWER_FIRST
    while True:
        part = text[:size]
        lower = part.lower()
        if len(lower) != len(part):
            return None
        hits, done = _hits(lower, pattern, reach, most)
        if size >= len(text) or (done is not None and done + _LOWER_SAFE <= size):
            return hits
        size *= 4


def hit_snippet(text: str, pattern: re.Pattern[str], n: int = SNIPPET_TOKENS, most: int = 100) -> str | None:
    """About ``n`` tokens of ``text`` around its best group of hits, the hits between _HL_OPEN/_HL_CLOSE.

    Like FTS5's snippet(): the window holding most distinct phrases, the earliest of equals; it
    starts at the document's start or its sentence's start when the group is that near, else the
    group is centred; "…" marks text left out on either side. None when nothing matches.
    """
    pieces = _snippet_pieces(text, pattern, n, most)
    return None if pieces is None else "".join(_HL_OPEN + t + _HL_CLOSE if hit else t for t, hit in pieces)


def _snippet_pieces(text: str, pattern: re.Pattern[str], n: int, most: int) -> list[tuple[str, bool]] | None:
    """hit_snippet() as (text, is a hit) pieces, hits and the text between them in turn."""
    margin = n * _TOKEN_CHARS  # n tokens of text on either side
    # a case-sensitive scan of the lower-cased text finds a literal much faster than a case-blind one
    hits = _lower_hits(text, pattern, margin, most)
    if hits is None:  # a letter whose lower case is longer (İ): offsets would move
        hits = _hits(text, re.compile(pattern.pattern, re.IGNORECASE), margin, most)[0]
    if not hits:
        return None
    i, k = _best_group(text, hits, n)
    s0, e0 = hits[i][0], hits[k - 1][1]
    a, b = max(0, s0 - margin), min(len(text), e0 + margin)
    toks = _tokens_before(text, a, s0, e0, n)
    # and at most n + 1 tokens after the group: no window of n tokens that holds it reaches further
    after = [m.span() for m in itertools.islice(_TOKEN.finditer(text, e0, b), n + 1)]
    if len(after) <= n and b < len(text) and after and after[-1][1] == b and text[b].isalnum():
        after = after[:-1]  # a token the region's edge cuts
    toks += after
    starts = [t[0] for t in toks]
    first = bisect.bisect_right(starts, s0) - 1  # the token the first hit begins
    last = bisect.bisect_left(starts, e0) - 1  # the token the last hit ends in
    start = _window_start(text, toks, first, last, n, at_text_start=a == 0)
    end = min(len(toks), start + n)
    start = max(0, end - n)
    lo, hi = toks[start][0], toks[end - 1][1]
    lead = "…" if start > 0 or a > 0 else ""
    pieces = []
    pos = lo
    for s, e, _ in hits:
        if s >= lo and e <= hi:
            pieces += [(lead + text[pos:s], False), (text[s:e], True)]
            lead, pos = "", e
    pieces.append((lead + text[pos:hi] + ("…" if end < len(toks) or b < len(text) else ""), False))
    return [p for p in pieces if p[0]]


_NEAR_TOKEN_CHARS = 8  # most tokens of news text with the space after them are shorter than this


def _tokens_before(text: str, a: int, s0: int, e0: int, n: int) -> list[tuple[int, int]]:
    """The tokens from the region's start ``a`` to the group's end ``e0``. A window of n tokens
    that holds the group starts at most n + 1 tokens before it, so where the region starts inside
    the text, a nearer start that still leaves n + 1 tokens before the group is taken."""
    near = s0 - (n + 2) * _NEAR_TOKEN_CHARS
    if a and near > a:
        toks = _tokens_from(text, near, e0)
        if sum(t[0] < s0 for t in toks) > n:
            return toks
    return _tokens_from(text, a, e0)


def _tokens_from(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The tokens of text[start:end], without one the start cuts."""
    toks = [m.span() for m in _TOKEN.finditer(text, start, end)]
    if start and toks and toks[0][0] == start and text[start - 1].isalnum():
        toks = toks[1:]
    return toks


def _best_group(text: str, hits: list[tuple[int, int, int]], n: int) -> tuple[int, int]:
    """hits[i:k], the run of hits within n tokens with most distinct phrases, then most hits, the
    earliest of equals (FTS5 scores a phrase 1,000, a repeat 1)."""
    best = (0, 0, 0, 1)
    for i, (s, _, _) in enumerate(hits):
        k = i + 1
        while k < len(hits) and hits[k][1] - s <= n * _TOKEN_CHARS:  # a bounded look: n tokens of text
            k += 1
        while k - 1 > i and len(_TOKEN.findall(text, s, hits[k - 1][1])) > n:
            k -= 1
        distinct = len({h[2] for h in hits[i:k]})
        if (distinct, k - i) > best[:2]:
            best = (distinct, k - i, i, k)
    return best[2], best[3]


def _window_start(text: str, toks: list[tuple[int, int]], first: int, last: int, n: int, at_text_start: bool) -> int:
    """The window's first token: the text's, or the group's sentence's when within n tokens, else centred on the group."""
    if at_text_start and last < n:
        return 0
    for j in range(first, max(1, last - n + 1) - 1, -1):  # the windows from j that hold the group
        if _SENTENCE_GAP.fullmatch(text, toks[j - 1][1], toks[j][0]):
            if j < first:  # a group that begins its sentence is centred, as FTS5 does
                return j
            break
    return max(0, first - (n - (last - first + 1)) // 2)


_MARKS = re.compile(f"[{_HL_OPEN}{_HL_CLOSE}]")


def _pieces(marked: str) -> list[tuple[str, bool]]:
    """A marked snippet (FTS5's) as (text, is a hit) pieces."""
    return [(part, i % 2 == 1) for i, part in enumerate(_MARKS.split(marked)) if part]


# --- quotations --------------------------------------------------------------------------------

QUOTE_SELECT = (
    "SELECT q.id, q.doc_id, q.kind, q.speech, q.content, q.start, q.\"end\", q.raw_start, q.raw_end, q.cue, q.cue_start,"
    " q.cue_end, q.source_text, q.source_start, q.source_end, q.speaker_id, coalesce(e.name, q.speaker) AS speaker,"
    " q.channel, q.provenance, q.rule, q.fragments, q.resolved, coalesce(d.title, substr(d.clean_text, 1, 80) || '…') AS doc_title,"
    " d.date AS doc_date, d.date_window_start AS doc_window_start, d.date_window_end AS doc_window_end, d.outlet FROM quotes q"
    " JOIN documents d ON d.id = q.doc_id LEFT JOIN entities e ON e.id = q.speaker_id"
)


def _quote_row(q: dict[str, Any]) -> dict[str, Any]:
    q["provenance"] = json.loads(q["provenance"])
    q["fragments"] = json.loads(q["fragments"])
    q["speech"] = bool(q["speech"])
    q["resolved"] = bool(q["resolved"])
    q["when"] = when(q.get("doc_date"), q.get("doc_window_start"), q.get("doc_window_end"))
    return q


def _entity_row(e: dict[str, Any]) -> dict[str, Any]:
    e["roles"] = json.loads(e["roles"])
    if "affiliations" in e:
        e["affiliations"] = json.loads(e["affiliations"])
    return e


def list_quotes(conn: sqlite3.Connection, f: Filters | None = None, doc_id: str | None = None,
                include_all: bool = False) -> list[dict[str, Any]]:
    """Quotations in document then text order; ``speaker`` is who said it, ``entity`` what it is
    about (a mention of it inside the quoted words), ``kind`` direct, partial or indirect; each
    carries ``when``: its report's date or window."""
    f = (f or Filters()).checked()
    where, args = _doc_where(conn, replace(f, speaker=None, entity=None), kind=False)
    if not include_all:
        where.append("q.speech = 1")
    if doc_id:
        where.append("q.doc_id = ?")
        args.append(doc_id)
    index = ""
    if f.speaker:
        sql, a = _who(conn, f.speaker, "q.speaker_id", "q.speaker")
        where.append(sql)
        args += a
        if sql.startswith("q.speaker_id IN"):
            # A speaker's quotations through the speaker index, then sorted: SQLite (with no
            # statistics unless ANALYZE ran) would rather walk every quotation in id order through
            # quotes_speech to skip the sort: 6.5 against 1.1 ms on 2.4 million quotations.
            index = " INDEXED BY quotes_speaker_speech"
    if f.entity:
        where.append("EXISTS (SELECT 1 FROM mentions m WHERE m.doc_id = q.doc_id AND m.entity_id = ?"
                     " AND m.start >= q.start AND m.\"end\" <= q.\"end\")")
        args.append(resolve_entity(conn, f.entity))
    if f.kind:
        if f.kind.lower() not in QUOTE_KINDS:
            raise ClaimgraphError(E.E024, detail=f"--kind {f.kind!r} for quotations: use one of {', '.join(QUOTE_KINDS)}")
        where.append("q.kind = ?")
        args.append(f.kind.lower())
    # the page's ids first (the documents joined only when a filter needs them), then the rows
    join = " JOIN documents d ON d.id = q.doc_id" if (f.since or f.until or f.outlet) else ""
    ids = _page(f"SELECT q.id FROM quotes q{index}{join}" + _where(where) + " ORDER BY q.id", f)
    sql = QUOTE_SELECT + f" WHERE q.id IN ({ids}) ORDER BY q.id"
    return [_quote_row(q) for q in _rows(conn, sql, *args)]


# --- entities ----------------------------------------------------------------------------------

def list_entities(conn: sqlite3.Connection, f: Filters | None = None) -> list[dict[str, Any]]:
    """Entities with how often they are mentioned, in how many documents, and how many quotations
    they have. With document filters (since, until, outlet) the counts are over those documents;
    ``speaker``: the entities that speaker's quotations mention; ``entity``: the entities named in
    the same documents as it; ``kind``: the entity type (PERSON, ORG, GPE, ...)."""
    f = (f or Filters()).checked()
    doc_filters = bool(f.since or f.until or f.outlet)
    where: list[str] = []
    args: list[Any] = []
    scope = ""
    scope_args: list[Any] = []
    if doc_filters:
        dw, da = _doc_where(conn, replace(f, speaker=None, entity=None), kind=False)
        scope = f" AND m.doc_id IN (SELECT d.id FROM documents d{_where(dw)})"
        scope_args = da
    if f.kind:
        where.append("e.type = ?")
        args.append(f.kind.upper())
    if f.speaker:
        sql, a = _who(conn, f.speaker, "q.speaker_id", "q.speaker")
        where.append("e.id IN (SELECT m3.entity_id FROM quotes q JOIN mentions m3 ON m3.doc_id = q.doc_id"
                     f" AND m3.start >= q.start AND m3.\"end\" <= q.\"end\" WHERE q.speech = 1 AND {sql})")
        args += a
    if f.entity:
        where.append("e.id IN (SELECT m4.entity_id FROM mentions m4 WHERE m4.doc_id IN"
                     " (SELECT m5.doc_id FROM mentions m5 WHERE m5.entity_id = ?))")
        args.append(resolve_entity(conn, f.entity))
    quote_scope = scope.replace("m.doc_id", "q.doc_id")
    sql = (
        "SELECT e.id, e.name, e.type, e.parent, e.roles,"
        f" (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id{scope}) AS mentions,"
        f" (SELECT count(DISTINCT m.doc_id) FROM mentions m WHERE m.entity_id = e.id{scope}) AS documents,"
        f" (SELECT count(*) FROM quotes q WHERE q.speaker_id = e.id AND q.speech = 1{quote_scope}) AS quotes"
        f" FROM entities e{_where(where)}"
    )
    all_args = [*scope_args, *scope_args, *scope_args, *args]
    if doc_filters:
        sql = f"SELECT * FROM ({sql}) WHERE mentions > 0 OR quotes > 0"
    sql = _page(sql + " ORDER BY mentions DESC, name", f)
    return [_entity_row(e) for e in _rows(conn, sql, *all_args)]


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


def get_entity(conn: sqlite3.Connection, entity_id: str, limit: int = 500) -> dict[str, Any]:
    """One entity: who it is (aliases, roles, parent, sub-actors), the documents that name it,
    what it said (``quotes``), what others said about it (``quotes_about``) and the events it is
    part of, each in time order."""
    row = conn.execute("SELECT * FROM entities WHERE id = ?", (entity_id,)).fetchone()
    if row is None:
        raise ClaimgraphError(E.E023, ref=entity_id)
    ent = _entity_row(dict(row))
    ent["aliases"] = [r[0] for r in conn.execute("SELECT alias FROM entity_aliases WHERE entity_id = ? ORDER BY alias", (entity_id,))]
    ent["children"] = _rows(conn, "SELECT id, name, type FROM entities WHERE parent = ?", entity_id)
    parent = conn.execute("SELECT id, name, type FROM entities WHERE id = ?", (ent["parent"],)).fetchone() if ent["parent"] else None
    ent["parent_entity"] = dict(parent) if parent else None
    ent["documents"] = [_doc_row(r) for r in _rows(
        conn, "SELECT d.id, d.title, d.outlet, d.date, d.date_window_start, d.date_window_end, count(*) AS mentions"
              " FROM mentions m JOIN documents d ON d.id = m.doc_id"
              " WHERE m.entity_id = ? GROUP BY d.id ORDER BY d.date, d.rowid LIMIT ?", entity_id, limit)]
    by_time = " ORDER BY coalesce(d.date, d.date_window_start), d.rowid, q.start LIMIT ?"
    ent["quotes"] = [_quote_row(q) for q in _rows(
        conn, QUOTE_SELECT + " WHERE q.speaker_id = ? AND q.speech = 1" + by_time, entity_id, limit)]
    ent["quotes_about"] = [_quote_row(q) for q in _rows(
        conn, QUOTE_SELECT + " WHERE q.id IN (SELECT q2.id FROM quotes q2 JOIN mentions m ON m.doc_id = q2.doc_id"
              " AND m.start >= q2.start AND m.\"end\" <= q2.\"end\" WHERE m.entity_id = ?)"
              " AND q.speech = 1 AND (q.speaker_id IS NULL OR q.speaker_id != ?)" + by_time, entity_id, entity_id, limit)]
    ent["events"] = [_event_row(e) for e in _rows(
        conn, EVENT_SELECT + " WHERE e.actor_id = ? OR e.target_id = ? OR e.object_id = ?"
              " ORDER BY coalesce(e.time_start, '9999'), e.doc_id, e.start LIMIT ?", entity_id, entity_id, entity_id, limit)]
    return ent


# --- failures, status --------------------------------------------------------------------------

def list_failures(conn: sqlite3.Connection, f: Filters | None = None) -> list[dict[str, Any]]:
    """Inputs that failed (the latest failure per source); ``since``/``until`` on when it failed,
    ``kind`` an error code (E003)."""
    f = (f or Filters()).checked()
    f.refuse("failures", "outlet", "speaker", "entity")
    where, args = [], []
    if f.since:
        where.append("substr(at, 1, 10) >= ?")
        args.append(f.since)
    if f.until:
        where.append("substr(at, 1, 10) <= ?")
        args.append(f.until)
    if f.kind:
        where.append("code = ?")
        args.append(f.kind.upper())
    return _rows(conn, _page("SELECT source, code, message, at FROM failures" + _where(where) + " ORDER BY at, source", f), *args)


def status(conn: sqlite3.Connection) -> dict[str, Any]:
    """How much the store holds."""
    counts = {}
    for table in ("documents", "entities", "quotes", "events", "claims", "failures"):
        counts[table] = int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    for label in ("contradict", "change", "agree"):
        counts[label] = int(conn.execute("SELECT count(*) FROM claim_links WHERE label = ?", (label,)).fetchone()[0])
    return counts


# --- events and claims -----------------------------------------------------------------------

EVENT_SELECT = (
    "SELECT e.id, e.doc_id, e.type, e.mode, e.lemma, e.trigger, e.start, e.\"end\", e.sentence_start, e.sentence_end,"
    " e.raw_start, e.raw_end, e.actor_id, e.actor, e.target_id, e.target, e.object, e.polarity, e.modality, e.time,"
    " e.time_start, e.time_end, e.time_source, e.quote_id, e.asserter_id, e.asserter, e.provenance, e.how,"
    " substr(d.clean_text, e.sentence_start + 1, e.sentence_end - e.sentence_start) AS sentence,"
    " d.outlet, d.date AS doc_date, d.date_window_start AS doc_window_start, d.date_window_end AS doc_window_end,"
    " coalesce(d.title, substr(d.clean_text, 1, 80) || '…') AS doc_title"
    " FROM events e JOIN documents d ON d.id = e.doc_id"
)


def _event_row(e: dict[str, Any]) -> dict[str, Any]:
    e["provenance"] = json.loads(e["provenance"])
    return e


def _event_where(conn: sqlite3.Connection, f: Filters, e: str = "e", d: str = "d", start: str = "time_start",
                 end: str = "time_end", entity_cols: tuple[str, ...] = ("actor_id", "target_id", "object_id")
                 ) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    args: list[Any] = []
    if f.since:
        where.append(f"coalesce({e}.{end}, '9999-12-31') >= ? AND {e}.{start} IS NOT NULL")
        args.append(f.since)
    if f.until:
        where.append(f"{e}.{start} <= ?")
        args.append(f.until)
    if f.outlet:
        where.append(f"{d}.outlet = ? COLLATE NOCASE")
        args.append(f.outlet)
    if f.speaker:
        sql, a = _who(conn, f.speaker, f"{e}.asserter_id", f"{e}.asserter")
        where.append(sql)
        args += a
    if f.entity:
        eid = resolve_entity(conn, f.entity)
        where.append("? IN (" + ", ".join(f"{e}.{c}" for c in entity_cols) + ")")
        args.append(eid)
    if f.kind:
        where.append(f"{e}.type = ?")
        args.append(f.kind.upper())
    return where, args


def list_events(conn: sqlite3.Connection, f: Filters | None = None, actor: str | None = None) -> list[dict[str, Any]]:
    """Events in time order; ``actor`` an entity that does them; ``entity`` one that acts, is acted
    on or is the object; ``kind`` the PLOVER type; ``speaker`` who asserts them; ``since``/``until``
    compared with the event's time window (an event of unknown time is left out)."""
    f = (f or Filters()).checked()
    where, args = _event_where(conn, f)
    if actor:
        where.append("e.actor_id = ?")
        args.append(resolve_entity(conn, actor))
    sql = _page(EVENT_SELECT + _where(where) + " ORDER BY e.time_start, e.doc_id, e.start", f)
    return [_event_row(e) for e in _rows(conn, sql, *args)]


def _claim_side(conn: sqlite3.Connection, claim_id: int) -> dict[str, Any]:
    row = _rows(conn, "SELECT c.id AS claim_id, c.subject_id, c.predicate, c.object, c.reported, c.window_start, c.window_end,"
                      " e.* FROM claims c JOIN (" + EVENT_SELECT + ") e ON e.id = c.event_id WHERE c.id = ?", claim_id)[0]
    return _event_row(row)


LINK_LABELS = ("agree", "contradict", "change")


def list_claim_links(conn: sqlite3.Connection, label: str | None = None, f: Filters | None = None) -> list[dict[str, Any]]:
    """Labelled pairs of claims (agree, contradict, change), most confident first, each side with
    its evidence sentence, speaker, outlet, date and spans. A pair is kept when either side
    matches the filters (``entity`` the subject or target, ``speaker`` the asserter, ``kind`` the
    PLOVER type, ``outlet`` and ``since``/``until`` the claim's report and time)."""
    f = (f or Filters()).checked()
    if label is not None and label not in LINK_LABELS:
        raise ClaimgraphError(E.E024, detail=f"label {label!r}: use one of {', '.join(LINK_LABELS)}")
    where, args = [], []
    if label:
        where.append("l.label = ?")
        args.append(label)
    side_filters = replace(f, kind=None)
    if any((f.since, f.until, f.outlet, f.speaker, f.entity)):
        sides = []
        for c, d in (("ca", "da"), ("cb", "db")):
            w, a = _event_where(conn, side_filters, e=c, d=d, start="window_start", end="window_end",
                                entity_cols=("subject_id", "target_id"))
            sides.append("(" + " AND ".join(w) + ")")
            args += a
        where.append("(" + " OR ".join(sides) + ")")
    if f.kind:
        where.append("ca.type = ?")
        args.append(f.kind.upper())
    sql = _page("SELECT l.a, l.b, l.label, l.confidence, l.reason FROM claim_links l JOIN claims ca ON ca.id = l.a"
                " JOIN claims cb ON cb.id = l.b JOIN documents da ON da.id = ca.doc_id JOIN documents db ON db.id = cb.doc_id"
                + _where(where) + " ORDER BY l.confidence DESC, l.a, l.b", f)
    out = []
    for link in _rows(conn, sql, *args):
        a, b = _claim_side(conn, link["a"]), _claim_side(conn, link["b"])
        # the earlier report first
        first, second = sorted((a, b), key=lambda s: (s["window_start"] or "", s["claim_id"]))
        out.append({"label": link["label"], "confidence": link["confidence"], "reason": link["reason"],
                    "first": first, "second": second})
    return out


def list_claims(conn: sqlite3.Connection, f: Filters | None = None) -> list[dict[str, Any]]:
    """Claims (an event as its asserter states it), in time order; ``entity`` the subject or target."""
    f = (f or Filters()).checked()
    where, args = _event_where(conn, f, e="c", start="window_start", end="window_end", entity_cols=("subject_id", "target_id"))
    sql = _page("SELECT c.id AS claim_id, c.predicate, c.reported, c.window_start, c.window_end, e.* FROM claims c JOIN ("
                + EVENT_SELECT + ") e ON e.id = c.event_id JOIN documents d ON d.id = c.doc_id" + _where(where)
                + " ORDER BY c.window_start, c.doc_id, e.start", f)
    return [_event_row(r) for r in _rows(conn, sql, *args)]


def timeline(conn: sqlite3.Connection, entity: str, f: Filters | None = None, with_entity: str | None = None) -> list[dict[str, Any]]:
    """Events where ``entity`` acts or is acted on (with ``with_entity``, or the ``entity``
    filter, on the other side), in time order."""
    f = (f or Filters(limit=1000)).checked()
    if f.entity and with_entity and resolve_entity(conn, f.entity) != resolve_entity(conn, with_entity):
        raise ClaimgraphError(E.E024, detail="give the other entity once: --with or --entity")
    other_ref = with_entity or f.entity
    eid = resolve_entity(conn, entity)
    where, args = _event_where(conn, replace(f, entity=None))
    where += ["(e.actor_id = ? OR e.target_id = ?)"]
    args += [eid, eid]
    if other_ref:
        other = resolve_entity(conn, other_ref)
        where.append("(e.actor_id = ? OR e.target_id = ? OR e.object_id = ?)")
        args += [other, other, other]
    sql = _page(EVENT_SELECT + _where(where) + " ORDER BY coalesce(e.time_start, '9999'), e.doc_id, e.start", f)
    return [_event_row(e) for e in _rows(conn, sql, *args)]

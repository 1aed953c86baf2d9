"""The store: one writer over SQLite (WAL), named migrations, plain read functions elsewhere.

``Store.write`` takes plain result objects and writes each document with all its
rows in one transaction per batch; a document already stored (same content
hash) is skipped, so re-ingesting is a no-op and an interrupted ingest resumes
where it stopped.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time
from importlib import resources
from pathlib import Path

from ..errors import ClaimgraphError, E
from ..model import DocResult, Entity, Failure
from ..names import name_tokens, same_person_name, surname_key, surname_spellings

DEFAULT_DB = "claimgraph.db"


def time_window(value: str | None) -> tuple[str | None, str | None]:
    """An ISO day, month or year, or "start..end" (end empty: open), as a (first day, last day)
    pair of ISO days that sort and compare as text."""
    if not value:
        return None, None
    if ".." in value:
        lo, hi = value.split("..", 1)
        return time_window(lo)[0], time_window(hi)[1] if hi else "9999-12-31"
    if "-W" in value:  # ISO week
        monday = dt.date.fromisocalendar(int(value[:4]), int(value[6:8]), 1)
        return monday.isoformat(), (monday + dt.timedelta(days=6)).isoformat()
    if len(value) == 4:
        return f"{value}-01-01", f"{value}-12-31"
    if len(value) == 7:
        y, m = int(value[:4]), int(value[5:7])
        last = (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)).isoformat()
        return f"{value}-01", last
    return value[:10], value[:10]


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def migrations() -> list[tuple[str, str]]:
    folder = resources.files("claimgraph").joinpath("store/migrations")
    return sorted((p.name, p.read_text("utf-8")) for p in folder.iterdir() if p.name.endswith(".sql"))


# How long a statement waits for another writer's lock (SQLite busy timeout), and how many
# times a whole batch transaction is retried after that before the ingest gives up (E014).
BUSY_TIMEOUT_S = 30.0
WRITE_ATTEMPTS = 4


def is_busy(exc: BaseException) -> bool:
    """A lock held by another connection ("database is locked", "database table is locked", busy)."""
    return isinstance(exc, sqlite3.OperationalError) and any(w in str(exc).lower() for w in ("locked", "busy"))


def connect(path: str | Path, busy_timeout: float = BUSY_TIMEOUT_S) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=busy_timeout)
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys=ON")
    # the person-name rule the migrations and the cross-document merge share
    conn.create_function("cg_surname_key", 1, surname_key, deterministic=True)
    return conn


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Apply the migrations not yet recorded, each in its own transaction."""
    conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    done = {r[0] for r in conn.execute("SELECT name FROM schema_migrations")}
    applied = []
    for name, sql in migrations():
        if name in done:
            continue
        try:
            conn.execute("BEGIN")
            for stmt in _statements(sql):
                conn.execute(stmt)
            conn.execute("INSERT INTO schema_migrations VALUES (?, ?)", (name, _now()))
            conn.execute("COMMIT")
        except sqlite3.Error:
            conn.execute("ROLLBACK")
            raise
        applied.append(name)
    return applied


def _statements(sql: str) -> list[str]:
    """Split a migration into statements (sqlite3.complete_statement knows about triggers)."""
    out, buf = [], ""
    for line in sql.splitlines(keepends=True):
        if not buf and line.strip().startswith("--"):
            continue
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


class Store:
    """The single writer."""

    def __init__(self, path: str | Path = DEFAULT_DB, busy_timeout: float = BUSY_TIMEOUT_S,
                 attempts: int = WRITE_ATTEMPTS) -> None:
        self.path = str(path)
        self.busy_timeout = busy_timeout
        self.attempts = attempts
        try:
            self.conn = connect(path, busy_timeout)
            self.conn.isolation_level = None  # explicit transactions
            migrate(self.conn)
        except sqlite3.DatabaseError as exc:
            if is_busy(exc):
                raise ClaimgraphError(E.E014, db=self.path, seconds=busy_timeout) from None
            raise ClaimgraphError(E.E022, detail=str(exc)) from exc

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def has(self, doc_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def has_input(self, input_id: str) -> bool:
        """Whether an input with these bytes (an HTML page, a PDF) was read into the store before."""
        return self.conn.execute("SELECT 1 FROM inputs WHERE id = ?", (input_id,)).fetchone() is not None

    def write(self, results: list[DocResult | Failure]) -> dict[str, int]:
        """Write a batch in one transaction; returns counts of new, duplicate and failed.

        While another writer holds the store, each statement waits up to ``busy_timeout``
        seconds; a transaction that still meets a lock is rolled back and retried, up to
        ``attempts`` times, then the ingest stops with E014 (nothing of the batch is written).
        """
        for attempt in range(1, self.attempts + 1):
            try:
                return self._write(results)
            except sqlite3.OperationalError as exc:
                if not is_busy(exc):
                    raise
                if attempt == self.attempts:
                    raise ClaimgraphError(E.E014, db=self.path, seconds=self.busy_timeout * self.attempts) from None
                time.sleep(min(0.2 * 2**attempt, 5.0))
        raise AssertionError("unreachable")

    def _write(self, results: list[DocResult | Failure]) -> dict[str, int]:
        counts = {"new": 0, "duplicate": 0, "failed": 0}
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            for r in results:
                if isinstance(r, Failure):
                    c.execute("INSERT OR REPLACE INTO failures VALUES (?, ?, ?, ?)", (r.source, r.code, r.message, _now()))
                    counts["failed"] += 1
                    continue
                if r.input_id:
                    c.execute("INSERT OR IGNORE INTO inputs VALUES (?, ?)", (r.input_id, r.id))
                if self.has(r.id):
                    counts["duplicate"] += 1
                    c.execute("DELETE FROM failures WHERE source = ?", (r.source,))
                    continue
                self._insert(r)
                counts["new"] += 1
            c.execute("COMMIT")
        except BaseException:
            if c.in_transaction:
                c.execute("ROLLBACK")
            raise
        return counts

    def _insert(self, r: DocResult) -> None:
        c = self.conn
        win = r.date_window or (None, None)
        c.execute(
            "INSERT INTO documents (id, source, format, title, language, outlet, url, date, date_status,"
            " date_window_start, date_window_end, date_note, raw_text, clean_text, offsets, cleaning, meta, ingested_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (r.id, r.source, r.format, r.title, r.language, r.outlet, r.url, r.date, r.date_status, win[0] or None,
             win[1] or None, r.date_note, r.raw_text, r.clean_text, json.dumps(r.offsets), json.dumps(r.cleaning),
             json.dumps(r.meta, ensure_ascii=False), _now()),
        )
        c.executemany("INSERT INTO date_evidence VALUES (?,?,?,?,?,?,?)",
                      [(r.id, e.kind, e.value, e.text, e.start, e.end, e.note) for e in r.dates])
        c.executemany("INSERT INTO timexes VALUES (?,?,?,?,?,?,?)",
                      [(r.id, t.text, t.start, t.end, t.value, t.anchor, t.granularity) for t in r.timexes])
        c.executemany("INSERT INTO links VALUES (?,?,?,?,?,?,?)",
                      [(r.id, ln.url, ln.kind, ln.text, ln.raw_start, ln.raw_end, ln.url_date) for ln in r.links])
        c.executemany("INSERT INTO agencies VALUES (?,?,?,?,?,?)",
                      [(r.id, a.name, a.role, a.evidence, a.start, a.end) for a in r.agencies])
        c.execute("DELETE FROM failures WHERE source = ?", (r.source,))
        self._insert_entities(r)

    def _canonical(self, e: Entity) -> str:
        """The stored entity this one is: same id, a known alias, or a known person's surname; never
        a person of the other gender (a lone "Mrs. Johnson" is not a stored Mr. or Boris Johnson)."""
        c = self.conn
        row = c.execute("SELECT gender FROM entities WHERE id = ?", (e.id,)).fetchone()
        clash = row is not None and bool(e.gender and row[0] and row[0] != e.gender)
        if row is not None and not clash:
            return e.id
        rows = c.execute("SELECT DISTINCT a.entity_id FROM entity_aliases a JOIN entities x ON x.id = a.entity_id"
                         " WHERE a.alias = ? AND x.type = ? AND (? IS NULL OR x.gender IS NULL OR x.gender = ?)",
                         (e.name, e.type, e.gender, e.gender)).fetchall()
        # A part is not its whole: "Moscow" the place (its parent Russia) does not join Russia,
        # though "Moscow vows" made "Moscow" one of Russia's names.
        rows = [r for r in rows if r[0] != e.parent and r[0] != e.id]
        if len(rows) == 1:
            return str(rows[0][0])
        if e.type == "ORG":
            # a body the document named in full with its short form ("the Federal Bureau of
            # Investigation (FBI)") is the stored body of that short form, whichever came first
            for short in (a for a in e.aliases if a.isupper() and " " not in a):
                rows = c.execute("SELECT DISTINCT a.entity_id FROM entity_aliases a JOIN entities x ON x.id = a.entity_id"
                                 " WHERE a.alias = ? AND x.type = 'ORG' AND a.entity_id != ?", (short, e.id)).fetchall()
                if len(rows) == 1:
                    return str(rows[0][0])
        # A lone surname joins the stored person it belongs to only when exactly one stored person
        # (of its gender, where both are known) carries it ("Williams" stays apart from Venus and
        # Serena Williams), whatever type the NER gave it in this document ("Zakharova said ..." is
        # often tagged ORG). Indexed lookup.
        key = surname_key(e.name)
        spellings = surname_spellings(key) if key else []
        marks = ",".join("?" * len(spellings))
        if e.type in ("PERSON", "ORG", "NORP", "SOURCE") and len(e.name.split()) == 1 and e.name[:1].isupper() and key:
            rows = c.execute(f"SELECT id FROM entities WHERE surname IN ({marks}) AND type = 'PERSON'"
                             " AND (? IS NULL OR gender IS NULL OR gender = ?) LIMIT 2", (*spellings, e.gender, e.gender)).fetchall()
            if len(rows) == 1:
                return str(rows[0][0])
        # A full name joins the one stored person whose name is the same but for a transliteration
        # ("Volodymyr Zelenskiy", "Volodymyr Zelensky"), that it ends ("Kamal Dahal", "Pushpa
        # Kamal Dahal") or that writes its middle names out ("Recep Erdogan", "Recep Tayyip
        # Erdogan"), found through the surname index among at most 50 namesakes.
        if e.type == "PERSON" and len(name_tokens(e.name)) >= 2 and key:
            rows = c.execute(f"SELECT id, name FROM entities WHERE surname IN ({marks}) AND type = 'PERSON' AND id != ?"
                             " AND (? IS NULL OR gender IS NULL OR gender = ?) LIMIT 50",
                             (*spellings, e.id, e.gender, e.gender)).fetchall()
            same = {str(r[0]) for r in rows if same_person_name(e.name, r[1])}
            if len(same) == 1:
                return same.pop()
        # the bare id is another gender's: this person gets an id of their own
        return f"{e.id}-{e.gender}" if clash else e.id

    def _insert_entities(self, r: DocResult) -> None:
        c = self.conn
        remap: dict[str, str] = {}
        known = {e.id: e for e in r.entities}
        # Speakers the text names but the entity stage did not list ("person:trump" fallbacks).
        for q in r.quotes:
            if q.speaker_id and q.speaker_id not in known:
                kind = q.speaker_id.split(":", 1)[0]
                known[q.speaker_id] = Entity(id=q.speaker_id, name=q.speaker or q.speaker_id,
                                             type={"person": "PERSON", "media": "MEDIA", "org": "ORG"}.get(kind, "SOURCE"))
        for e in known.values():
            cid = self._canonical(e)
            remap[e.id] = cid
            row = c.execute("SELECT roles, affiliations FROM entities WHERE id = ?", (cid,)).fetchone()
            affiliations = [remap.get(a, a) for a in e.affiliations]
            if row is None:
                c.execute("INSERT INTO entities (id, name, type, parent, roles, surname, affiliations, gender)"
                          " VALUES (?,?,?,?,?,?,?,?)",
                          (cid, e.name, e.type, e.parent, json.dumps(e.roles, ensure_ascii=False),
                           surname_key(e.name) if e.type == "PERSON" and len(e.name.split()) > 1 else None,
                           json.dumps(affiliations), e.gender))
            else:
                roles, known_aff = json.loads(row[0]), json.loads(row[1])
                roles += [x for x in e.roles if x not in roles]
                known_aff += [x for x in affiliations if x not in known_aff]
                c.execute("UPDATE entities SET roles = ?, affiliations = ?, parent = coalesce(parent, ?),"
                          " gender = coalesce(gender, ?) WHERE id = ?",
                          (json.dumps(roles, ensure_ascii=False), json.dumps(known_aff), e.parent, e.gender, cid))
            c.executemany("INSERT OR IGNORE INTO entity_aliases VALUES (?, ?)", [(cid, a) for a in {e.name, *e.aliases}])
        c.executemany("INSERT INTO mentions VALUES (?,?,?,?,?,?)",
                      [(r.id, remap.get(m.entity_id, m.entity_id), m.text, m.start, m.end, m.label) for m in r.mentions])
        c.executemany(
            "INSERT INTO quotes (doc_id, kind, speech, content, start, \"end\", raw_start, raw_end, cue, cue_start, cue_end,"
            " source_text, source_start, source_end, speaker_id, speaker, channel, provenance, rule, fragments, resolved)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(r.id, q.kind, int(q.speech), q.content, q.start, q.end, q.raw_start, q.raw_end, q.cue, q.cue_start,
              q.cue_end, q.source_text, q.source_start, q.source_end,
              remap.get(q.speaker_id, q.speaker_id) if q.speaker_id else None, q.speaker, q.channel,
              json.dumps(q.provenance, ensure_ascii=False), q.rule, json.dumps(q.fragments), int(q.resolved))
             for q in r.quotes])
        self._insert_events(r, remap)

    def _insert_events(self, r: DocResult, remap: dict[str, str]) -> None:
        """Events, and one claim per event: its proposition as its asserter states it."""
        c = self.conn
        quote_ids = [row[0] for row in c.execute("SELECT id FROM quotes WHERE doc_id = ? ORDER BY id", (r.id,))]
        reported = r.date or (f"{r.date_window[0]}..{r.date_window[1]}" if r.date_window else None)
        for e in r.events:
            ids = {k: remap.get(v, v) if v else None for k, v in
                   (("actor", e.actor_id), ("target", e.target_id), ("object", e.object_id), ("asserter", e.asserter_id))}
            lo, hi = time_window(e.time)
            cur = c.execute(
                "INSERT INTO events (doc_id, type, mode, lemma, trigger, start, \"end\", sentence_start, sentence_end, raw_start,"
                " raw_end, actor_id, actor, target_id, target, object, object_id, polarity, modality, time, time_start, time_end,"
                " time_source, quote_id, asserter_id, asserter, provenance, how) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (r.id, e.type, e.mode, e.lemma, e.trigger, e.start, e.end, e.sentence_start, e.sentence_end, e.raw_start,
                 e.raw_end, ids["actor"], e.actor, ids["target"], e.target, e.object, ids["object"], e.polarity, e.modality,
                 e.time, lo, hi, e.time_source, quote_ids[e.quote] if e.quote is not None and e.quote < len(quote_ids) else None,
                 ids["asserter"], e.asserter, json.dumps(e.provenance, ensure_ascii=False), e.how))
            # only a canonical actor links claims: "he" or "you" in one report is nobody in another
            subject = ids["actor"]
            c.execute(
                "INSERT INTO claims (event_id, doc_id, key, subject_id, predicate, type, mode, object_id, object, target_id,"
                " polarity, modality, window_start, window_end, asserter_id, asserter, provenance, reported)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (cur.lastrowid, r.id, f"{e.type}|{subject or ''}", subject, f"{e.type}:{e.lemma}", e.type, e.mode, ids["object"],
                 e.object, ids["target"], e.polarity, e.modality, lo, hi, ids["asserter"], e.asserter,
                 json.dumps(e.provenance, ensure_ascii=False), reported))

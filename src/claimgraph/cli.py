"""The claimgraph command line: thin commands over library functions.

Every read command calls the same functions in ``store/queries.py`` as the API; every list takes
the same filters (``--since/--until/--outlet/--speaker/--entity/--kind/--limit/--offset``) and
every command the same ``--format text|json|csv`` (anything else is a usage error).
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from .errors import ClaimgraphError, E
from .store.db import DEFAULT_DB

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Turn news reports into a sourced, time-aware knowledge base.")
# Piped output is not squeezed to 80 columns: tables stay one row per document.
out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, soft_wrap=True)


class Fmt(str, Enum):
    text = "text"
    json = "json"
    csv = "csv"


class ExportFmt(str, Enum):
    jsonl = "jsonl"
    json = "json"
    csv = "csv"


DbOpt = typer.Option(DEFAULT_DB, "--db", help="SQLite store made by `claimgraph ingest` (it must exist).")
WriteDbOpt = typer.Option(DEFAULT_DB, "--db", help="SQLite store (created if missing).")
FormatOpt = typer.Option(Fmt.text, "--format", "-f", case_sensitive=False, help="text, json or csv.")
# The filters every list takes (store/queries.py: Filters says what each means for each list).
SinceOpt = typer.Option(None, "--since", help="Only items dated at or after this ISO date, month or year.")
UntilOpt = typer.Option(None, "--until", help="Only items dated at or before this ISO date, month or year.")
OutletOpt = typer.Option(None, "--outlet", help="Only items from documents of this outlet.")
SpeakerOpt = typer.Option(None, "--speaker", "-s", help="Only items said or asserted by this speaker (name, alias or id).")
EntityOpt = typer.Option(None, "--entity", "-e", help="Only items involving this entity (name, alias or id).")
OffsetOpt = typer.Option(0, "--offset", help="Skip this many items (paging).")


def _kind_opt(what: str, aliases: tuple[str, ...] = ()) -> Any:
    return typer.Option(None, "--kind", *aliases, help=f"Only this kind: {what}.")


def _limit_opt(n: int) -> Any:
    return typer.Option(n, "--limit", help="At most this many items.")


def _filters(since: str | None = None, until: str | None = None, outlet: str | None = None, speaker: str | None = None,
             entity: str | None = None, kind: str | None = None, limit: int = 50, offset: int = 0) -> Any:
    from .store.queries import Filters

    try:
        return Filters(since, until, outlet, speaker, entity, kind, limit, offset).checked()
    except ClaimgraphError as exc:
        _fail(exc)


def _plain(text: str = "") -> None:
    """Print untrusted text (document words, names) as it is: never as Rich markup."""
    out.print(text, markup=False, highlight=False)


def _fail(exc: ClaimgraphError) -> None:
    err.print(f"error: {exc} [{exc.code}]", markup=False, highlight=False)
    raise typer.Exit(2)


def _read_conn(db: str) -> Any:
    """A connection to an existing store, migrated to this version's schema."""
    from .errors import E
    from .store.db import Store

    try:
        if not Path(db).exists():
            raise ClaimgraphError(E.E022, detail=f"{db} does not exist; run `claimgraph ingest PATH --db {db}` first")
        return Store(db).conn
    except ClaimgraphError as exc:
        _fail(exc)


def _lookup(db: str | Any, find: Callable[[Any], Any]) -> Any:
    """``find(conn)`` on an existing store (a path, or a connection already open); a catalogue
    error becomes a one-line failure."""
    conn = _read_conn(db) if isinstance(db, str) else db
    try:
        return find(conn)
    except ClaimgraphError as exc:
        _fail(exc)


# --- output ------------------------------------------------------------------------------------

def _flat(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """One CSV row: nested objects as prefixed columns (first.asserter), lists as JSON."""
    flat: dict[str, Any] = {}
    for k, v in row.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            flat.update(_flat(v, key + "."))
        elif isinstance(v, list | tuple):
            flat[key] = json.dumps(v, ensure_ascii=False)
        elif isinstance(v, bool):
            flat[key] = "true" if v else "false"
        else:
            flat[key] = "" if v is None else v
    return flat


def _write_csv(rows: list[dict[str, Any]], stream: Any = None) -> None:
    flat = [_flat(r) for r in rows]
    columns: list[str] = []
    for r in flat:
        columns += [c for c in r if c not in columns]
    writer = csv.DictWriter(stream or sys.stdout, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(flat)


def _emit(fmt: Fmt, data: Any, text: Callable[[], None], rows: list[dict[str, Any]] | None = None) -> None:
    """Print ``data`` as JSON, ``rows`` (default: ``data`` as a list) as CSV, or call ``text``."""
    if fmt == Fmt.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    elif fmt == Fmt.csv:
        _write_csv(rows if rows is not None else (data if isinstance(data, list) else [data]))
    else:
        text()


def _more(rows: list[Any], f: Any) -> None:
    if f.limit and len(rows) == f.limit:
        _plain(f"(showing {f.offset + 1}-{f.offset + len(rows)}; more with --offset {f.offset + f.limit})")


def _table(*columns: str, title: str) -> Table:
    """A table whose long text columns are cut to one line rather than wrapped."""
    table = Table(title=title)
    for c in columns:
        wide = c in ("title", "speaker", "content", "name")
        if wide:
            table.add_column(c, no_wrap=True, overflow="ellipsis", max_width=50)
        else:
            table.add_column(c, no_wrap=True, min_width={"id": 12, "date": 10, "status": 8, "outlet": 16}.get(c, len(c)))
    return table


def _load_nlp() -> Any:
    from .nlp.pipeline import load_pipeline  # late: spaCy loads only when a command needs it

    return load_pipeline()


# --- ingest ------------------------------------------------------------------------------------

@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Files or directories (recursive); '-' reads stdin."),
    db: str = WriteDbOpt,
    config: Path | None = typer.Option(None, "--config", help="TOML file overriding the packaged defaults."),
    no_nlp: bool = typer.Option(False, "--no-nlp", help="Skip the spaCy stage (entities, quotations)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only failures and the summary line."),
    engine: str = typer.Option("local", "--engine", help="local (worker processes on this machine) or ray (Ray Data)."),
    address: str | None = typer.Option(None, "--address", help="With --engine ray: join the Ray cluster at this address "
                                       "(default: start a local Ray)."),
    cpus: int | None = typer.Option(None, "--cpus", min=1, help="With --engine ray and no --address: CPUs for the local "
                                    "Ray (default: all)."),
    fmt: Fmt = FormatOpt,
) -> None:
    """Read, clean, date and annotate documents, and store them. Exit code 1 if any input failed."""
    from .config import load_config
    from .engine.local import ingest as run_ingest
    from .ingest.readers import expand_paths
    from .store.db import Store

    if engine not in ("local", "ray"):
        _fail(ClaimgraphError(E.E024, detail=f"--engine must be local or ray, not '{engine}'"))
    if engine == "local" and (address or cpus):
        _fail(ClaimgraphError(E.E024, detail="--address and --cpus go with --engine ray"))
    try:
        cfg = load_config(config)
        store = Store(db)
    except ClaimgraphError as exc:
        _fail(exc)
    with_nlp = cfg["nlp"]["enabled"] and not no_nlp
    nlp = None
    runner = None
    if engine == "ray":
        from .engine import ray as ray_engine

        try:
            started = ray_engine.start(address, cpus)
        except ClaimgraphError as exc:
            store.close()
            _fail(exc)
        runner = lambda items: ray_engine.ray_stream(items, cfg, with_nlp)
    elif with_nlp:
        nlp = _load_nlp()
    total = len(expand_paths(paths, cfg["ingest"]["suffixes"]))
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    show = err.is_terminal and not quiet
    with Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.description}"), console=err, disable=not show, transient=True) as progress:
        task = progress.add_task("", total=total)
        last = {"source": None}

        def on_item(source: str) -> None:
            base = source.split(":")[0] if not Path(source).exists() else source
            if base != last["source"]:
                progress.advance(task)
                last["source"] = base
            progress.update(task, description=Path(source).name[-40:])

        try:
            summary = run_ingest(paths, store, cfg, nlp=nlp, on_item=on_item, runner=runner,
                                 runner_here=engine == "ray" and not address)
        finally:
            store.close()
            if engine == "ray" and started:
                ray_engine.stop()
    for f in summary.failures:
        err.print(f"error: {f.line()}", markup=False, highlight=False)
    docs = [{"id": d.id, "source": d.source, "title": d.title, "outlet": d.outlet, "date": d.date, "date_status": d.date_status,
             "quotes": sum(q.speech for q in d.quotes), "chars": len(d.clean_text)} for d in summary.documents]

    def text() -> None:
        if not quiet and summary.documents:
            table = _table("id", "title", "outlet", "date", "status", "quotes", "chars", title=f"new in {db}")
            for d in summary.documents:
                table.add_row(d.id[:12], (d.title or d.clean_text[:120]).replace("\n", " "), d.outlet or "",
                              d.date or "", d.date_status, str(sum(q.speech for q in d.quotes)), str(len(d.clean_text)))
            out.print(table)
        out.print(f"{summary.new} new, {summary.duplicate} already stored, {summary.failed} failed -> {db}",
                  markup=False, highlight=False)

    data = {"db": db, "new": summary.new, "duplicate": summary.duplicate, "failed": summary.failed, "links": summary.links,
            "documents": docs, "failures": [{"source": f.source, "code": f.code, "message": f.message} for f in summary.failures]}
    _emit(fmt, data, text, rows=docs)
    if summary.failed:
        raise typer.Exit(1)


# --- documents ---------------------------------------------------------------------------------

@app.command()
def docs(db: str = DbOpt, since: str | None = SinceOpt, until: str | None = UntilOpt, outlet: str | None = OutletOpt,
         speaker: str | None = SpeakerOpt, entity: str | None = EntityOpt,
         kind: str | None = _kind_opt("the document's format (txt, html, pdf, jsonl)"),
         limit: int = _limit_opt(50), offset: int = OffsetOpt, fmt: Fmt = FormatOpt) -> None:
    """List stored documents (in ingest order)."""
    from .store import queries

    f = _filters(since, until, outlet, speaker, entity, kind, limit, offset)
    conn = _read_conn(db)
    rows = _lookup(conn, lambda c: queries.list_documents(c, f))

    def text() -> None:
        table = _table("id", "title", "outlet", "date", "status", "format", "chars",
                       title=f"{len(rows)} of {queries.count_documents(conn)} documents in {db}")
        for r in rows:
            table.add_row(r["id"][:12], r["title"] or r["lead"], r["outlet"] or "", r["when"] or "", r["date_status"],
                          r["format"], str(r["chars"]))
        out.print(table)
        _more(rows, f)

    _emit(fmt, rows, text)


@app.command()
def show(
    doc_id: str = typer.Argument(..., help="Document id (a unique prefix will do) or its source path."),
    db: str = DbOpt,
    fmt: Fmt = FormatOpt,
    raw: bool = typer.Option(False, "--raw", help="Print the raw text instead of the clean text."),
) -> None:
    """Show one document: metadata, dating evidence, links, cited media and text."""
    from .store import queries

    doc = _lookup(db, lambda conn: queries.get_document(conn, queries.resolve_doc_id(conn, doc_id)))

    def text() -> None:
        p = _plain
        p(f"{doc['id']}  {doc['title'] or '(no title)'}")
        p(f"source: {doc['source']} ({doc['format']}, {doc['language'] or '?'})   outlet: {doc['outlet'] or '?'}")
        window = f"  window {doc['date_window_start']}..{doc['date_window_end'] or 'now'}" if doc["date_window_start"] else ""
        p(f"date: {doc['date'] or '-'} [{doc['date_status']}]{window}  {doc['date_note'] or ''}")
        for e in doc["dates"]:
            p(f"  evidence {e['kind']}: {e['value']}  «{e['text'][:90]}»{'  ' + e['note'] if e['note'] else ''}")
        for a in doc["agencies"]:
            p(f"  {a['role']}: {a['name']}  «{(a['evidence'] or '')[:80]}»")
        for ln in doc["links"]:
            p(f"  link [{ln['kind']}] {ln['url'] or '-'} {ln['text'] or ''}{'  (url date ' + ln['url_date'] + ')' if ln['url_date'] else ''}")
        if doc["cleaning"]:
            p(f"  cleaned by: {', '.join(doc['cleaning'])}")
        p()
        p(doc["raw_text"] if raw else doc["clean_text"])

    _emit(fmt, doc, text)


@app.command()
def export(
    db: str = DbOpt,
    fmt: ExportFmt = typer.Option(ExportFmt.jsonl, "--format", "-f", case_sensitive=False,
                                  help="jsonl (one document per line, schema claimgraph.export/4), json (one array) or csv."),
    output: Path | None = typer.Option(None, "--output", "-o", help="File to write (default stdout)."),
) -> None:
    """Export every document with all it holds."""
    from .store import queries

    conn = _read_conn(db)
    stream = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        if fmt == ExportFmt.jsonl:
            for doc in queries.iter_export(conn):
                stream.write(json.dumps(doc, ensure_ascii=False) + "\n")
        elif fmt == ExportFmt.json:
            stream.write("[")
            for i, doc in enumerate(queries.iter_export(conn)):
                stream.write(("," if i else "") + "\n" + json.dumps(doc, ensure_ascii=False))
            stream.write("\n]\n")
        else:
            _write_csv(list(queries.iter_export(conn)), stream)
    finally:
        if output:
            stream.close()


@app.command()
def search(query: str = typer.Argument(..., help='FTS5 query: words, "a phrase", prefix*, a NEAR/5 b; other text is searched as its words.'),
           db: str = DbOpt, since: str | None = SinceOpt, until: str | None = UntilOpt, outlet: str | None = OutletOpt,
           speaker: str | None = SpeakerOpt, entity: str | None = EntityOpt,
           kind: str | None = _kind_opt("the document's format (txt, html, pdf, jsonl)"),
           limit: int = _limit_opt(20), offset: int = OffsetOpt, fmt: Fmt = FormatOpt) -> None:
    """Full-text search (SQLite FTS5) over titles and clean text, best first, with snippets."""
    from .store import queries

    f = _filters(since, until, outlet, speaker, entity, kind, limit, offset)
    result = _lookup(db, lambda conn: queries.search(conn, query, f))
    if result["note"]:
        err.print(f"note: {result['note']}", markup=False, highlight=False)
    rows = result["items"]

    def text() -> None:
        for r in rows:
            _plain(f"{r['id'][:12]}  {r['when'] or '-':10}  {r['title'] or ''}\n    {r['snippet']}")
        if not rows:
            _plain(f"no documents match {query!r}")
        _more(rows, f)

    _emit(fmt, rows, text)


# --- quotations and entities -------------------------------------------------------------------

@app.command()
def quotes(
    db: str = DbOpt,
    since: str | None = SinceOpt, until: str | None = UntilOpt, outlet: str | None = OutletOpt,
    speaker: str | None = SpeakerOpt,
    entity: str | None = typer.Option(None, "--entity", "-e", help="Only quotations about this entity (it is named in the quoted words)."),
    kind: str | None = _kind_opt("direct, partial or indirect"),
    limit: int = _limit_opt(500), offset: int = OffsetOpt,
    doc: str | None = typer.Option(None, "--doc", help="Only this document (id prefix or source path)."),
    include_all: bool = typer.Option(False, "--all", help="Also beliefs, inferences and media reports kept as provenance."),
    fmt: Fmt = FormatOpt,
) -> None:
    """Who said what, and when: quotations with date, speaker, cue, channel and provenance."""
    from .store import queries

    f = _filters(since, until, outlet, speaker, entity, kind, limit, offset)
    rows = _lookup(db, lambda conn: queries.list_quotes(
        conn, f, doc_id=queries.resolve_doc_id(conn, doc) if doc else None, include_all=include_all))

    def text() -> None:
        p = _plain
        current = None
        for q in rows:
            if q["doc_id"] != current:
                current = q["doc_id"]
                p(f"== {q['doc_id'][:12]}  {q['doc_title'] or ''}  ({q['outlet'] or 'no outlet'}, {q['when'] or 'undated'})")
            via = "  via " + " -> ".join(q["provenance"]) if len(q["provenance"]) > 1 else ""
            channel = f"  [{q['channel']}]" if q["channel"] else ""
            unresolved = "" if q["resolved"] else " [unresolved]"
            said_as = ", said as «" + q["source_text"] + "»" if q["source_text"] and q["source_text"] != q["speaker"] else ""
            p(f"{q['when'] or 'undated'}  {q['speaker'] or '?'}{unresolved} ({q['kind']}, {q['cue'] or 'no cue'}{said_as}){channel}{via}")
            # an interrupted quotation shows its pieces, not the speech tag between them
            pieces = [q["content"][fs - q["start"] : fe - q["start"]] for fs, fe in q["fragments"]] or [q["content"]]
            p("    " + " […] ".join(pieces))
        if not rows:
            p("no quotations" + (f" by '{speaker}'" if speaker else ""))
        _more(rows, f)

    _emit(fmt, rows, text)


@app.command()
def entities(
    db: str = DbOpt,
    since: str | None = SinceOpt, until: str | None = UntilOpt, outlet: str | None = OutletOpt,
    speaker: str | None = typer.Option(None, "--speaker", "-s", help="Only entities this speaker's quotations name."),
    entity: str | None = typer.Option(None, "--entity", "-e", help="Only entities named in the same documents as this one."),
    kind: str | None = _kind_opt("PERSON, ORG, GPE, NORP, LOC, MEDIA, ...", ("--type", "-t")),
    limit: int = _limit_opt(100), offset: int = OffsetOpt,
    fmt: Fmt = FormatOpt,
) -> None:
    """Canonical entities with mention, document and quotation counts."""
    from .store import queries

    f = _filters(since, until, outlet, speaker, entity, kind, limit, offset)
    rows = _lookup(db, lambda conn: queries.list_entities(conn, f))

    def text() -> None:
        table = _table("id", "name", "type", "mentions", "docs", "quotes", "roles", title=f"entities in {db}")
        for e in rows:
            table.add_row(e["id"], e["name"], e["type"], str(e["mentions"]), str(e["documents"]), str(e["quotes"]),
                          "; ".join(e["roles"])[:60])
        out.print(table)
        _more(rows, f)

    _emit(fmt, rows, text)


@app.command()
def entity(name: str = typer.Argument(..., help="Name, alias or id: 'Moscow', 'Maduro', 'person:maria-zakharova'."),
           db: str = DbOpt, fmt: Fmt = FormatOpt) -> None:
    """One entity: aliases, roles, sub-actors, documents, what it said and what was said about it."""
    from .store import queries

    ent = _lookup(db, lambda conn: queries.get_entity(conn, queries.resolve_entity(conn, name)))

    def text() -> None:
        p = _plain
        p(f"{ent['name']}  [{ent['type']}]  {ent['id']}" + (f"  part of {ent['parent']}" if ent["parent"] else ""))
        p(f"aliases: {', '.join(ent['aliases'])}")
        if ent["roles"]:
            p(f"roles: {'; '.join(ent['roles'])}")
        for c in ent["children"]:
            p(f"sub-actor: {c['name']} ({c['id']})")
        p(f"mentioned in {len(ent['documents'])} document(s):")
        for d in ent["documents"]:
            p(f"  {d['id'][:12]}  {d['when'] or '-':10}  {d['title'] or ''}  ({d['mentions']} mentions)")
        p(f"quotations: {len(ent['quotes'])}")
        for q in ent["quotes"]:
            p(f"  {q['when'] or 'undated'}  {q['doc_id'][:12]} ({q['kind']}, {q['cue'] or '-'}) {q['content']}")
        p(f"quotations about it: {len(ent['quotes_about'])}")
        for q in ent["quotes_about"]:
            p(f"  {q['when'] or 'undated'}  {q['speaker'] or '?'}: {q['content']}")

    _emit(fmt, ent, text)


@app.command()
def failures(db: str = DbOpt, since: str | None = SinceOpt, until: str | None = UntilOpt, outlet: str | None = OutletOpt,
             speaker: str | None = SpeakerOpt, entity: str | None = EntityOpt,
             kind: str | None = _kind_opt("an error code (E003)"),
             limit: int = _limit_opt(500), offset: int = OffsetOpt, fmt: Fmt = FormatOpt) -> None:
    """Inputs that failed to ingest, with the reason (cleared when a later ingest succeeds)."""
    from .store import queries

    f = _filters(since, until, outlet, speaker, entity, kind, limit, offset)
    rows = _lookup(db, lambda conn: queries.list_failures(conn, f))

    def text() -> None:
        for r in rows:
            _plain(f"{r['source']}: {r['message']} [{r['code']}]  ({r['at']})")
        if not rows:
            _plain("no failures")
        _more(rows, f)

    _emit(fmt, rows, text)


# --- events and claims -------------------------------------------------------------------------

def _when(e: dict[str, Any]) -> str:
    """The event's time as stored: a day, month or year, or a window with an open end shown as '..'."""
    t = e.get("time") or ""
    return t if t else "undated"


def _evidence_line(e: dict[str, Any]) -> str:
    mods = ", ".join(x for x in ("not" if e["polarity"] == "negated" else "",
                                 "" if e["modality"] == "asserted" else e["modality"]) if x)
    who = f"{e.get('actor') or '?'} {e['type']}{'/' + e['mode'] if e.get('mode') else ''} ({e['lemma']})"
    target = f" -> {e['target']}" if e.get("target") else ""
    return f"{_when(e)}  {who}{target}{' [' + mods + ']' if mods else ''}"


def _source_line(e: dict[str, Any]) -> str:
    chain = " -> ".join(e.get("provenance") or []) or (e.get("outlet") or "")
    from .store.queries import when

    reported = when(e.get("doc_date"), e.get("doc_window_start"), e.get("doc_window_end")) or "undated"
    return (f"said by {e.get('asserter') or '?'}  via {chain or '?'}  reported {reported}"
            f"  [{e['doc_id'][:12]} {e['sentence_start']}:{e['sentence_end']}]")


def _print_events(rows: list[dict[str, Any]], indent: str = "") -> None:
    for e in rows:
        _plain(f"{indent}{_evidence_line(e)}")
        _plain(f"{indent}    {e['sentence'].strip()}")
        _plain(f"{indent}    {_source_line(e)}")


@app.command()
def events(
    db: str = DbOpt,
    since: str | None = typer.Option(None, "--since", help="Only events whose time is at or after this ISO date, month or year."),
    until: str | None = typer.Option(None, "--until", help="Only events whose time is at or before this ISO date, month or year."),
    outlet: str | None = OutletOpt,
    speaker: str | None = typer.Option(None, "--speaker", "-s", help="Only events asserted by this speaker."),
    entity: str | None = typer.Option(None, "--entity", "-e", help="Only events where this entity acts, is acted on or is the object."),
    kind: str | None = _kind_opt("a PLOVER type: AID, REQUEST, REJECT, ...", ("--type", "-t")),
    actor: str | None = typer.Option(None, "--actor", help="Only events this entity does (name, alias or id)."),
    limit: int = _limit_opt(500), offset: int = OffsetOpt,
    fmt: Fmt = FormatOpt,
) -> None:
    """Events: actor, PLOVER action, target, polarity, modality, time, and who asserts each."""
    from .store import queries

    f = _filters(since, until, outlet, speaker, entity, kind, limit, offset)
    rows = _lookup(db, lambda conn: queries.list_events(conn, f, actor=actor))

    def text() -> None:
        _print_events(rows)
        if not rows:
            _plain("no events")
        _more(rows, f)

    _emit(fmt, rows, text)


def _flat_pair(p: dict[str, Any]) -> dict[str, Any]:
    keep = ("claim_id", "doc_id", "type", "mode", "lemma", "actor", "target", "polarity", "modality", "time", "asserter",
            "provenance", "outlet", "doc_date", "sentence", "sentence_start", "sentence_end")
    return {"label": p["label"], "confidence": p["confidence"], "reason": p["reason"],
            **{f"{side}.{k}": p[side].get(k) for side in ("first", "second") for k in keep}}


@app.command()
def claims(
    db: str = DbOpt,
    since: str | None = SinceOpt, until: str | None = UntilOpt, outlet: str | None = OutletOpt,
    speaker: str | None = typer.Option(None, "--speaker", "-s", help="Only claims asserted by this speaker."),
    entity: str | None = typer.Option(None, "--entity", "-e", help="Only claims about this entity (subject or target; name, alias or id)."),
    kind: str | None = _kind_opt("a PLOVER type: AID, REQUEST, REJECT, ...", ("--type", "-t")),
    limit: int = _limit_opt(200), offset: int = OffsetOpt,
    contradictions: bool = typer.Option(False, "--contradictions", help="Pairs of claims that contradict each other."),
    changes: bool = typer.Option(False, "--changes", help="Changes of position: one actor, opposite claims at two times."),
    agreements: bool = typer.Option(False, "--agreements", help="Pairs of claims that agree."),
    fmt: Fmt = FormatOpt,
) -> None:
    """Claims, or with a flag the labelled pairs, both sides' evidence side by side."""
    from .errors import E
    from .store import queries

    if contradictions + changes + agreements > 1:
        _fail(ClaimgraphError(E.E024, detail="give one of --contradictions, --changes, --agreements"))
    f = _filters(since, until, outlet, speaker, entity, kind, limit, offset)
    label = "contradict" if contradictions else "change" if changes else "agree" if agreements else None
    if label is None:
        rows = _lookup(db, lambda conn: queries.list_claims(conn, f))

        def text_claims() -> None:
            _print_events(rows)
            if not rows:
                _plain("no claims")
            _more(rows, f)

        _emit(fmt, rows, text_claims)
        return
    pairs = _lookup(db, lambda conn: queries.list_claim_links(conn, label, f))
    title = {"contradict": "CONTRADICTION", "change": "CHANGE OF POSITION", "agree": "AGREEMENT"}[label]

    def text() -> None:
        for p in pairs:
            _plain(f"== {title} (confidence {p['confidence']:.2f}): {p['reason']}")
            _print_events([p["first"], p["second"]], indent="  ")
        if not pairs:
            _plain(f"no {title.lower()}s")
        _more(pairs, f)

    _emit(fmt, pairs, text, rows=[_flat_pair(p) for p in pairs])


@app.command()
def timeline(
    entity: str = typer.Argument(..., help="The entity whose events to show (name, alias or id)."),
    db: str = DbOpt,
    with_entity: str | None = typer.Option(None, "--with", "--entity", "-e", help="Only events that also involve this entity."),
    since: str | None = SinceOpt, until: str | None = UntilOpt, outlet: str | None = OutletOpt,
    speaker: str | None = typer.Option(None, "--speaker", "-s", help="Only events asserted by this speaker."),
    kind: str | None = _kind_opt("a PLOVER type: AID, REQUEST, REJECT, ...", ("--type", "-t")),
    limit: int = _limit_opt(1000), offset: int = OffsetOpt,
    out_file: Path | None = typer.Option(None, "--out", help="Draw it to FILE.svg or FILE.png instead of printing."),
    fmt: Fmt = FormatOpt,
) -> None:
    """An entity's events in time order, as text or as a picture."""
    from .store import queries

    f = _filters(since, until, outlet, speaker, None, kind, limit, offset)
    rows = _lookup(db, lambda conn: queries.timeline(conn, entity, f, with_entity))
    if out_file is not None:
        from .errors import E
        from .link.timeline import draw

        if out_file.suffix.lower() not in (".svg", ".png"):
            _fail(ClaimgraphError(E.E024, detail=f"--out {out_file}: use a .svg or .png file name"))
        try:
            draw(rows, out_file, f"{entity}{' and ' + with_entity if with_entity else ''}: events over time")
        except ValueError as exc:
            _fail(ClaimgraphError(E.E024, detail=f"{exc}"))
        _plain(f"wrote {out_file} ({len(rows)} events)")
        return

    def text() -> None:
        _print_events(rows)
        if not rows:
            _plain(f"no events for {entity}")
        _more(rows, f)

    _emit(fmt, rows, text)


@app.command()
def ask(
    question: str = typer.Argument(..., help='A yes/no question about an event: "Did Venezuela request military aid?"'),
    db: str = DbOpt,
    fmt: Fmt = FormatOpt,
) -> None:
    """Answer from the stored claims: the evidence that supports, contradicts or leaves it unclear."""
    from .link.ask import answer

    conn = _read_conn(db)
    result = answer(conn, _load_nlp(), question)

    def text() -> None:
        if not result["asked"]:
            _plain("no event recognised in the question: ask about an actor doing something (who, what, to whom)")
        for a in result["asked"]:
            _plain(f"asked: {a['actor_id']} {a['type']}{'/' + a['mode'] if a.get('mode') else ''} ({a['lemma']})"
                   f"{' -> ' + a['target_id'] if a.get('target_id') else ''}")
        for side in ("supports", "contradicts", "unclear") if result["asked"] else ():
            _plain(f"{side.upper()}: {len(result[side])}")
            _print_events(result[side], indent="  ")
        related = [r for r in result["reports"] if r["stance"] != "unrelated"]
        if related:
            _plain(f"REPORTS (stance toward the question, {len(related)} related of {len(result['reports'])} found):")
            for r in related:
                _plain(f"  {r['stance']} ({r['confidence']:.2f})  {r['outlet'] or '?'}  {r['date'] or 'undated'}"
                       f"  [{r['doc_id'][:12]} {r['start']}:{r['end']}]")
                _plain(f"      {' '.join(r['sentence'].split())}")

    rows = [{"side": side, **e} for side in ("supports", "contradicts", "unclear") for e in result[side]]
    _emit(fmt, result, text, rows=rows)


# --- serve -------------------------------------------------------------------------------------

@app.command()
def serve(
    db: str = DbOpt,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback by default)."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    write_token: str | None = typer.Option(None, "--write-token", envvar="CLAIMGRAPH_WRITE_TOKEN",
                                           help="Accept POST /api/ingest with 'Authorization: Bearer TOKEN' (read-only without it)."),
    max_body: int = typer.Option(2_000_000, "--max-body", help="Largest request body accepted, in bytes (413 above)."),
    timeout: float = typer.Option(10.0, "--timeout", help="Seconds a request may take (504 after; ingest gets 30x)."),
    cors_origin: list[str] = typer.Option([], "--cors-origin", help="Allow this browser origin (repeatable); CORS is closed without it."),
    workers: int = typer.Option(1, "--workers", min=1, max=64, help="Server processes (each with its own connections)."),
    threads: int = typer.Option(2, "--threads", min=1, max=64, help="Requests each server process runs at once (more "
                                "wait their turn; past a few, threads only contend for Python's lock)."),
    cache_mb: float = typer.Option(64, "--cache-mb", min=0, help="Megabytes of answers to repeated reads each server process "
                                   "keeps until the store changes (0: none)."),
) -> None:
    """Serve the REST API (/api, OpenAPI at /api/openapi.json) and the web UI (/) over the store."""
    import ipaddress

    import uvicorn

    from .api.app import create_app
    from .errors import E

    if not Path(db).exists() and not write_token:
        _fail(ClaimgraphError(E.E022, detail=f"{db} does not exist; run `claimgraph ingest PATH --db {db}` first"))
    try:
        application = create_app(db, write_token=write_token, max_body=max_body, timeout=timeout, cors_origins=cors_origin,
                                 threads=threads, cache_mb=cache_mb)
    except ClaimgraphError as exc:
        _fail(exc)
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        err.print(f"warning: listening on {host}, not loopback: anyone who can reach this machine can read the store",
                  markup=False, highlight=False)
    err.print(f"serving {db} on http://{host}:{port}/ ({'writable with the token' if write_token else 'read-only'})",
              markup=False, highlight=False)
    if workers == 1:
        uvicorn.run(application, host=host, port=port, log_level="warning", access_log=False)
        return
    import os

    from .api.workers import can_share_port, serve_workers

    app_args = {"db": db, "write_token": write_token, "max_body": max_body, "timeout": timeout,
                "cors_origins": cors_origin, "threads": threads, "cache_mb": cache_mb}
    if can_share_port():  # a listening socket per process (api/workers.py)
        try:
            serve_workers(app_args, host, port, workers)
        except OSError as exc:
            _fail(ClaimgraphError(E.E024, detail=f"cannot listen on {host}:{port} ({exc.strerror or exc}): "
                                                 "choose another --port or stop what uses it"))
        except RuntimeError as exc:
            _fail(ClaimgraphError(E.E024, detail=str(exc)))
        return
    os.environ["CLAIMGRAPH_SERVE_ARGS"] = json.dumps(app_args)
    uvicorn.run("claimgraph.api.app:app_from_env", factory=True, workers=workers, host=host, port=port,
                log_level="warning", access_log=False)


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()

"""The claimgraph command line: thin commands over library functions."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from .errors import ClaimgraphError
from .store.db import DEFAULT_DB

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Turn news reports into a sourced, time-aware knowledge base.")
# Piped output is not squeezed to 80 columns: tables stay one row per document.
out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, soft_wrap=True)

DbOpt = typer.Option(DEFAULT_DB, "--db", help="SQLite store (created if missing).")
FormatOpt = typer.Option("text", "--format", "-f", help="text or json.")


def _plain(text: str = "") -> None:
    """Print untrusted text (document words, names) as it is: never as Rich markup."""
    out.print(text, markup=False, highlight=False)


def _lookup(db: str, find: Any) -> Any:
    """``find(conn)`` on an existing store; a catalogue error becomes a one-line failure."""
    conn = _read_conn(db)
    try:
        return find(conn)
    except ClaimgraphError as exc:
        _fail(exc)


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


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Files or directories (recursive); '-' reads stdin."),
    db: str = DbOpt,
    config: Path | None = typer.Option(None, "--config", help="TOML file overriding the packaged defaults."),
    no_nlp: bool = typer.Option(False, "--no-nlp", help="Skip the spaCy stage (entities, quotations)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only failures and the summary line."),
) -> None:
    """Read, clean, date and annotate documents, and store them. Exit code 1 if any input failed."""
    from .config import load_config
    from .engine.local import ingest as run_ingest
    from .ingest.readers import expand_paths
    from .store.db import Store

    try:
        cfg = load_config(config)
        store = Store(db)
    except ClaimgraphError as exc:
        _fail(exc)
    nlp = None
    if cfg["nlp"]["enabled"] and not no_nlp:
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
            summary = run_ingest(paths, store, cfg, nlp=nlp, on_item=on_item)
        finally:
            store.close()
    for f in summary.failures:
        err.print(f"error: {f.line()}", markup=False, highlight=False)
    if not quiet and summary.documents:
        table = _table("id", "title", "outlet", "date", "status", "quotes", "chars", title=f"new in {db}")
        for d in summary.documents:
            table.add_row(d.id[:12], (d.title or d.clean_text[:120]).replace("\n", " "), d.outlet or "",
                          d.date or "", d.date_status, str(sum(q.speech for q in d.quotes)), str(len(d.clean_text)))
        out.print(table)
    out.print(f"{summary.new} new, {summary.duplicate} already stored, {summary.failed} failed -> {db}",
              markup=False, highlight=False)
    if summary.failed:
        raise typer.Exit(1)


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


@app.command()
def docs(db: str = DbOpt, limit: int = typer.Option(50, help="How many."), offset: int = 0, fmt: str = FormatOpt) -> None:
    """List stored documents."""
    from .store import queries

    conn = _read_conn(db)
    rows = queries.list_documents(conn, limit, offset)
    if fmt == "json":
        out.print_json(json.dumps(rows, ensure_ascii=False))
        return
    table = _table("id", "title", "outlet", "date", "status", "format", "chars",
                  title=f"{queries.count_documents(conn)} documents in {db}")
    for r in rows:
        table.add_row(r["id"][:12], r["title"] or r["lead"], r["outlet"] or "", r["date"] or "", r["date_status"],
                      r["format"], str(r["chars"]))
    out.print(table)


@app.command()
def show(
    doc_id: str = typer.Argument(..., help="Document id (a unique prefix will do) or its source path."),
    db: str = DbOpt,
    fmt: str = FormatOpt,
    raw: bool = typer.Option(False, "--raw", help="Print the raw text instead of the clean text."),
) -> None:
    """Show one document: metadata, dating evidence, links, cited media and text."""
    from .store import queries

    doc = _lookup(db, lambda conn: queries.get_document(conn, queries.resolve_doc_id(conn, doc_id)))
    if fmt == "json":
        out.print_json(json.dumps(doc, ensure_ascii=False))
        return
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


@app.command()
def export(
    db: str = DbOpt,
    fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl (one document per line, schema claimgraph.export/3)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="File to write (default stdout)."),
) -> None:
    """Export every document with all it holds."""
    from .store import queries

    if fmt != "jsonl":
        err.print(f"error: unknown export format '{fmt}': use jsonl", markup=False)
        raise typer.Exit(2)
    conn = _read_conn(db)
    stream = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        for doc in queries.iter_export(conn):
            stream.write(json.dumps(doc, ensure_ascii=False) + "\n")
    finally:
        if output:
            stream.close()


@app.command()
def search(query: str, db: str = DbOpt, limit: int = 20, fmt: str = FormatOpt) -> None:
    """Full-text search (SQLite FTS5) over titles and clean text."""
    from .store import queries

    rows = queries.search(_read_conn(db), query, limit)
    if fmt == "json":
        out.print_json(json.dumps(rows, ensure_ascii=False))
        return
    for r in rows:
        out.print(f"{r['id'][:12]}  {r['date'] or '-':10}  {r['title'] or ''}\n    {r['snippet']}", markup=False, highlight=False)


@app.command()
def quotes(
    db: str = DbOpt,
    speaker: str | None = typer.Option(None, "--speaker", "-s", help="Only this speaker (name, alias or entity id)."),
    doc: str | None = typer.Option(None, "--doc", help="Only this document (id prefix or source path)."),
    include_all: bool = typer.Option(False, "--all", help="Also beliefs, inferences and media reports kept as provenance."),
    fmt: str = FormatOpt,
) -> None:
    """Who said what: quotations with speaker, cue, channel and provenance."""
    from .store import queries

    rows = _lookup(db, lambda conn: queries.list_quotes(
        conn, speaker=speaker, doc_id=queries.resolve_doc_id(conn, doc) if doc else None, include_all=include_all))
    if fmt == "json":
        out.print_json(json.dumps(rows, ensure_ascii=False))
        return
    p = _plain
    current = None
    for q in rows:
        if q["doc_id"] != current:
            current = q["doc_id"]
            p(f"== {q['doc_id'][:12]}  {q['doc_title'] or ''}")
        via = "  via " + " -> ".join(q["provenance"]) if len(q["provenance"]) > 1 else ""
        channel = f"  [{q['channel']}]" if q["channel"] else ""
        unresolved = "" if q["resolved"] else " [unresolved]"
        p(f"{q['speaker'] or '?'}{unresolved} ({q['kind']}, {q['cue'] or 'no cue'}{', said as «' + q['source_text'] + '»' if q['source_text'] and q['source_text'] != q['speaker'] else ''}){channel}{via}")
        # an interrupted quotation shows its pieces, not the speech tag between them
        pieces = [q["content"][fs - q["start"] : fe - q["start"]] for fs, fe in q["fragments"]] or [q["content"]]
        p("    " + " […] ".join(pieces))
    if not rows:
        p("no quotations" + (f" by '{speaker}'" if speaker else ""))


@app.command()
def entities(
    db: str = DbOpt,
    etype: str | None = typer.Option(None, "--type", "-t", help="PERSON, ORG, GPE, MEDIA, ..."),
    limit: int = 100,
    fmt: str = FormatOpt,
) -> None:
    """Canonical entities with mention, document and quotation counts."""
    from .store import queries

    rows = queries.list_entities(_read_conn(db), etype, limit)
    if fmt == "json":
        out.print_json(json.dumps(rows, ensure_ascii=False))
        return
    table = _table("id", "name", "type", "mentions", "docs", "quotes", "roles", title=f"entities in {db}")
    for e in rows:
        table.add_row(e["id"], e["name"], e["type"], str(e["mentions"]), str(e["documents"]), str(e["quotes"]),
                      "; ".join(e["roles"])[:60])
    out.print(table)


@app.command()
def entity(name: str = typer.Argument(..., help="Name, alias or id: 'Moscow', 'Maduro', 'person:maria-zakharova'."),
           db: str = DbOpt, fmt: str = FormatOpt) -> None:
    """One entity: aliases, roles, sub-actors, the documents that mention it and what it said."""
    from .store import queries

    ent = _lookup(db, lambda conn: queries.get_entity(conn, queries.resolve_entity(conn, name)))
    if fmt == "json":
        out.print_json(json.dumps(ent, ensure_ascii=False))
        return
    p = _plain
    p(f"{ent['name']}  [{ent['type']}]  {ent['id']}" + (f"  part of {ent['parent']}" if ent["parent"] else ""))
    p(f"aliases: {', '.join(ent['aliases'])}")
    if ent["roles"]:
        p(f"roles: {'; '.join(ent['roles'])}")
    for c in ent["children"]:
        p(f"sub-actor: {c['name']} ({c['id']})")
    p(f"mentioned in {len(ent['documents'])} document(s):")
    for d in ent["documents"]:
        p(f"  {d['id'][:12]}  {d['date'] or '-':10}  {d['title'] or ''}  ({d['mentions']} mentions)")
    p(f"quotations: {len(ent['quotes'])}")
    for q in ent["quotes"]:
        p(f"  {q['doc_id'][:12]} ({q['kind']}, {q['cue'] or '-'}) {q['content']}")


@app.command()
def failures(db: str = DbOpt) -> None:
    """Inputs that failed to ingest, with the reason (cleared when a later ingest succeeds)."""
    from .store import queries

    for f in queries.list_failures(_read_conn(db)):
        out.print(f"{f['source']}: {f['message']} [{f['code']}]  ({f['at']})", markup=False, highlight=False)


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()


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
    return (f"said by {e.get('asserter') or '?'}  via {chain or '?'}  reported {e.get('doc_date') or 'undated'}"
            f"  [{e['doc_id'][:12]} {e['sentence_start']}:{e['sentence_end']}]")


@app.command()
def events(
    db: str = DbOpt,
    etype: str | None = typer.Option(None, "--type", "-t", help="A PLOVER type: AID, REQUEST, REJECT, ..."),
    actor: str | None = typer.Option(None, "--actor", help="Only events this entity does (name, alias or id)."),
    since: str | None = typer.Option(None, "--since", help="Only events at or after this ISO date."),
    until: str | None = typer.Option(None, "--until", help="Only events at or before this ISO date."),
    fmt: str = FormatOpt,
) -> None:
    """Events: actor, PLOVER action, target, polarity, modality, time, and who asserts each."""
    from .store import queries

    rows = _lookup(db, lambda conn: queries.list_events(conn, etype, actor, since, until))
    if fmt == "json":
        out.print_json(json.dumps(rows, ensure_ascii=False))
        return
    for e in rows:
        _plain(_evidence_line(e))
        _plain(f"    {e['sentence'].strip()}")
        _plain(f"    {_source_line(e)}")
    if not rows:
        _plain("no events")


@app.command()
def claims(
    db: str = DbOpt,
    entity: str | None = typer.Option(None, "--entity", "-e", help="Only claims about this entity (name, alias or id)."),
    contradictions: bool = typer.Option(False, "--contradictions", help="Pairs of claims that contradict each other."),
    changes: bool = typer.Option(False, "--changes", help="Changes of position: one actor, opposite claims at two times."),
    agreements: bool = typer.Option(False, "--agreements", help="Pairs of claims that agree."),
    fmt: str = FormatOpt,
) -> None:
    """Claims, or with a flag the labelled pairs, both sides' evidence side by side."""
    from .store import queries

    label = "contradict" if contradictions else "change" if changes else "agree" if agreements else None
    if label is None:
        rows = _lookup(db, lambda conn: queries.list_claims(conn, entity))
        if fmt == "json":
            out.print_json(json.dumps(rows, ensure_ascii=False))
            return
        for e in rows:
            _plain(_evidence_line(e))
            _plain(f"    {e['sentence'].strip()}")
            _plain(f"    {_source_line(e)}")
        if not rows:
            _plain("no claims")
        return
    pairs = _lookup(db, lambda conn: queries.list_claim_links(conn, label, entity))
    if fmt == "json":
        out.print_json(json.dumps(pairs, ensure_ascii=False))
        return
    title = {"contradict": "CONTRADICTION", "change": "CHANGE OF POSITION", "agree": "AGREEMENT"}[label]
    for p in pairs:
        _plain(f"== {title} (confidence {p['confidence']:.2f}): {p['reason']}")
        for side in ("first", "second"):
            e = p[side]
            _plain(f"  {_evidence_line(e)}")
            _plain(f"      {e['sentence'].strip()}")
            _plain(f"      {_source_line(e)}")
    if not pairs:
        _plain(f"no {title.lower()}s")


@app.command()
def timeline(
    entity: str = typer.Argument(..., help="The entity whose events to show (name, alias or id)."),
    db: str = DbOpt,
    with_entity: str | None = typer.Option(None, "--with", help="Only events that also involve this entity."),
    out_file: Path | None = typer.Option(None, "--out", help="Draw it to FILE.svg or FILE.png instead of printing."),
    fmt: str = FormatOpt,
) -> None:
    """An entity's events in time order, as text or as a picture."""
    from .store import queries

    rows = _lookup(db, lambda conn: queries.timeline(conn, entity, with_entity))
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
    if fmt == "json":
        out.print_json(json.dumps(rows, ensure_ascii=False))
        return
    for e in rows:
        _plain(_evidence_line(e))
        _plain(f"    {e['sentence'].strip()}")
        _plain(f"    {_source_line(e)}")
    if not rows:
        _plain(f"no events for {entity}")


@app.command()
def ask(
    question: str = typer.Argument(..., help='A yes/no question about an event: "Did Venezuela request military aid?"'),
    db: str = DbOpt,
    fmt: str = FormatOpt,
) -> None:
    """Answer from the stored claims: the evidence that supports, contradicts or leaves it unclear."""
    from .link.ask import answer

    conn = _read_conn(db)
    result = answer(conn, _load_nlp(), question)
    if fmt == "json":
        out.print_json(json.dumps(result, ensure_ascii=False))
        return
    if not result["asked"]:
        _plain("no event recognised in the question: ask about an actor doing something (who, what, to whom)")
        return
    for a in result["asked"]:
        _plain(f"asked: {a['actor_id']} {a['type']}{'/' + a['mode'] if a.get('mode') else ''} ({a['lemma']})"
               f"{' -> ' + a['target_id'] if a.get('target_id') else ''}")
    for side in ("supports", "contradicts", "unclear"):
        _plain(f"{side.upper()}: {len(result[side])}")
        for e in result[side]:
            _plain(f"  {_evidence_line(e)}")
            _plain(f"      {e['sentence'].strip()}")
            _plain(f"      {_source_line(e)}")

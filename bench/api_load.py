"""API load: `claimgraph serve` on loopback over a store of 100,000+ documents, 32 concurrent clients.

1. The store (``--build``, kept in bench/out/api_load.db): the seed reports, the 84 PolNeAR dev
   articles and the 19 saved news pages are ingested with the full pipeline (NLP on: entities,
   quotations, events, claims). The bulk is then made by copying those annotated rows with SQL
   under new ids: copy *i* of a base document is its text with one more paragraph appended, a
   real paragraph from another PolNeAR article (train, dev, test) picked by *i*, so every copy is
   a distinct document (distinct content hash, distinct full-text entry) whose stored quotations,
   mentions, dating evidence, cited media and links keep their offsets. Copies get a date spread
   over 2015-2025. Events and claims are not copied (the claims pass would link copies of one
   sentence to each other).
2. The server runs as its own processes (`claimgraph serve --db ... --host 127.0.0.1 --workers 2`),
   twice: as packaged (repeated reads answered from the response cache), then with `--cache-mb 0`
   (every request runs its queries). A client process on the same 2-core machine runs 32
   concurrent keep-alive HTTP/1.1 connections (plain asyncio sockets, so the client costs little
   CPU) for a bounded time per endpoint, each request drawn from a fixed mix (below) and each
   answer's `x-cache` header counted. Only 127.0.0.1 is ever contacted.
3. The same queries through the CLI: one `claimgraph` process per query (startup included), and
   the query functions in-process (the query layer alone).

    .venv/bin/python bench/api_load.py [--build] [--docs 100000] [--seconds 20] [--clients 32] [--write]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import hashlib
import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from claimgraph.api.app import CACHE_MB
from claimgraph.store.queries import RANK_WINDOW

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
SHARED = ROOT.parent / "shared" / "data"
DB = ROOT / "bench" / "out" / "api_load.db"
BIN = Path(sys.executable).with_name("claimgraph")
HEADING = "## API load"
COMMAND = ".venv/bin/python bench/api_load.py --build --write"  # --workers 2 --seconds 20 --clients 32 by default
HOST = "127.0.0.1"  # loopback only: this benchmark never sends traffic anywhere else

# --- the store ---------------------------------------------------------------------------------

COPY_TABLES = {
    "date_evidence": ("kind", "value", "text", "start", '"end"', "note"),
    "timexes": ("text", "start", '"end"', "value", "anchor", "granularity"),
    "links": ("url", "kind", "text", "raw_start", "raw_end", "url_date"),
    "agencies": ("name", "role", "evidence", "start", '"end"'),
    "mentions": ("entity_id", "text", "start", '"end"', "label"),
    "quotes": ("kind", "speech", "content", "start", '"end"', "raw_start", "raw_end", "cue", "cue_start", "cue_end",
               "source_text", "source_start", "source_end", "speaker_id", "speaker", "channel", "provenance", "rule",
               "fragments", "resolved"),
}
DOC_COLUMNS = ("id", "source", "format", "title", "language", "outlet", "url", "date", "date_status", "date_window_start",
               "date_window_end", "date_note", "raw_text", "clean_text", "offsets", "cleaning", "meta", "ingested_at")


def paragraphs() -> list[str]:
    out = []
    for split in ("train", "dev", "test"):
        for f in sorted((SHARED / "polnear" / split / "text").glob("*.txt")):
            out += [p.strip() for p in f.read_text("utf-8").split("\n\n") if len(p.strip()) > 80]
    return out


def build(db: Path, n_docs: int) -> dict[str, Any]:
    """The base ingested with NLP, then the bulk copied with SQL (see the module docstring)."""
    t0 = time.perf_counter()
    db.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        for f in (ROOT / "examples").iterdir():
            if f.suffix in (".txt", ".html", ".pdf", ".jsonl"):
                shutil.copy(f, base / f.name)
        for f in sorted((SHARED / "polnear" / "dev" / "text").glob("*.txt")):
            shutil.copy(f, base / f"polnear-dev-{f.name}")
        for f in sorted((SHARED / "news-html" / "pages").glob("*.html")):
            shutil.copy(f, base / f"news-{f.name}")
        r = subprocess.run([str(BIN), "ingest", str(base), "--db", str(db), "-q"], capture_output=True, text=True)
        if r.returncode not in (0, 1):
            raise SystemExit(r.stderr)
    t_base = time.perf_counter() - t0
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    base_docs = [dict(r) for r in conn.execute("SELECT * FROM documents ORDER BY rowid")]
    n_base = len(base_docs)
    rows = {t: {} for t in COPY_TABLES}
    for t, cols in COPY_TABLES.items():
        for r in conn.execute(f"SELECT doc_id, {', '.join(cols)} FROM {t}"):
            rows[t].setdefault(r[0], []).append(tuple(r)[1:])
    paras = paragraphs()
    rng = random.Random(13)
    start = dt.date(2015, 1, 1)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN")
    made = 0
    i = 0
    seen = {d["id"] for d in base_docs}
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    while n_base + made < n_docs:
        i += 1
        b = base_docs[i % n_base]
        extra = paras[(i * 7919) % len(paras)]
        clean = b["clean_text"] + "\n\n" + extra
        raw = b["raw_text"] + "\n\n" + extra
        new_id = hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]
        if new_id in seen:
            continue
        seen.add(new_id)
        day = start + dt.timedelta(days=rng.randrange(0, 3990))
        doc = dict(b, id=new_id, source=f"copy-{i}:{b['source']}", raw_text=raw, clean_text=clean, date=day.isoformat(),
                   date_status="declared", date_window_start=None, date_window_end=None, ingested_at=now,
                   date_note="bench copy: date assigned")
        conn.execute(f"INSERT INTO documents ({', '.join(DOC_COLUMNS)}) VALUES ({', '.join('?' * len(DOC_COLUMNS))})",
                     [doc[c] for c in DOC_COLUMNS])
        for t, cols in COPY_TABLES.items():
            src = rows[t].get(b["id"])
            if src:
                conn.executemany(f"INSERT INTO {t} (doc_id, {', '.join(cols)}) VALUES (?, {', '.join('?' * len(cols))})",
                                 [(new_id, *r) for r in src])
        made += 1
        if made % 10000 == 0:
            conn.execute("COMMIT")
            print(f"  {n_base + made} documents", file=sys.stderr, flush=True)
            conn.execute("BEGIN")
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("documents", "quotes", "mentions", "events")}
    conn.close()
    return {"base": n_base, "copies": made, "base_s": t_base, "total_s": time.perf_counter() - t0, "counts": counts,
            "bytes": db.stat().st_size}


# --- the request mix ---------------------------------------------------------------------------

SEARCH_TERMS = ["Oreshnik", "Venezuela", "Caracas", "Lavrov", "pipeline", "Clinton", "Trump", "immigration", "emails",
                "Russia", "debate", "Benghazi", "refugees", "Comey", "Kremlin", "\"military aid\"", "tax", "Obama",
                "hurricane", "Pence", "nuclear", "\"foreign minister\"", "election", "Syria"]


def mixes(db: Path, rng: random.Random) -> dict[str, list[str]]:
    conn = sqlite3.connect(db)
    n = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    ids = [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY random() LIMIT 2000")]
    outlets = [r[0] for r in conn.execute("SELECT DISTINCT outlet FROM documents WHERE outlet IS NOT NULL LIMIT 30")]
    speakers = [r[0] for r in conn.execute(
        "SELECT e.name FROM quotes q JOIN entities e ON e.id = q.speaker_id GROUP BY e.id ORDER BY count(*) DESC LIMIT 40")]
    nq = conn.execute("SELECT count(*) FROM quotes WHERE speech = 1").fetchone()[0]
    conn.close()
    from urllib.parse import urlencode

    def q(path: str, **params: Any) -> str:
        return f"{path}?{urlencode(params)}"

    listing, search, get, quotes = [], [], [], []
    for _ in range(2000):
        year = rng.randrange(2015, 2026)
        listing.append(rng.choice([
            q("/api/documents", limit=50, offset=rng.randrange(0, min(n, 10_000))),
            q("/api/documents", limit=50, outlet=rng.choice(outlets)),
            q("/api/documents", limit=50, since=f"{year}-01", until=f"{year}-06"),
        ]))
        search.append(q("/api/search", q=rng.choice(SEARCH_TERMS), limit=20))
        get.append(f"/api/documents/{rng.choice(ids)}")
        quotes.append(rng.choice([
            q("/api/quotes", limit=50, offset=rng.randrange(0, min(nq, 10_000))),
            q("/api/quotes", limit=50, speaker=rng.choice(speakers)),
            q("/api/quotes", limit=50, kind=rng.choice(["direct", "indirect"]), offset=rng.randrange(0, 2000)),
        ]))
    return {"list": listing, "search": search, "get": get, "quotes": quotes}


MIX_TEXT = {
    "list": "`/api/documents?limit=50` at a random offset below 10,000, or filtered by one outlet, or by a half-year",
    "search": "`/api/search?q=TERM&limit=20`, TERM one of " + str(len(SEARCH_TERMS)) + " names, places and phrases "
              f"(most match thousands of documents: those are ranked among their {RANK_WINDOW} most recently stored matches)",
    "get": "`/api/documents/{id}`, one of 2,000 random documents, everything stored about it",
    "quotes": "`/api/quotes?limit=50` at a random offset below 10,000, or one of the 40 most quoted speakers, or one kind",
}


# The server as packaged (answers to repeated reads kept until the store changes, api/cache.py),
# and with no answer kept, so that every request runs its queries.
MODES = {"as packaged": None, "cache off": 0}


# --- the client --------------------------------------------------------------------------------

async def _client(port: int, urls: list[str], stop_at: float, lat: list[float], errors: list[str], hits: list[int],
                  rng: random.Random) -> None:
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        while time.perf_counter() < stop_at:
            url = rng.choice(urls)
            t = time.perf_counter()
            writer.write(f"GET {url} HTTP/1.1\r\nHost: {HOST}\r\nAccept: application/json\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            hits[0] += b"\r\nx-cache: hit" in head.lower()
            m = re.search(rb"(?i)\r\ncontent-length: *(\d+)", head)
            if m:
                await reader.readexactly(int(m.group(1)))
            else:  # chunked (not used by this server's JSON answers)
                while True:
                    size = int((await reader.readuntil(b"\r\n")).strip(), 16)
                    await reader.readexactly(size + 2)
                    if size == 0:
                        break
            lat.append(time.perf_counter() - t)
            if status != 200:
                errors.append(f"{status} {url}")
    except Exception as exc:  # a broken connection is an error, counted
        errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        writer.close()


async def _load(port: int, urls: list[str], seconds: float, clients: int, seed: int) -> dict[str, Any]:
    lat: list[float] = []
    errors: list[str] = []
    hits = [0]
    t0 = time.perf_counter()
    stop_at = t0 + seconds
    await asyncio.gather(*(_client(port, urls, stop_at, lat, errors, hits, random.Random(seed * 100 + c)) for c in range(clients)))
    wall = time.perf_counter() - t0
    return {"requests": len(lat), "wall": wall, "rps": len(lat) / wall, "errors": len(errors), "error_examples": errors[:3],
            "hit_rate": hits[0] / max(1, len(lat)), **percentiles(lat)}


def percentiles(lat: list[float]) -> dict[str, float]:
    if not lat:
        return {"p50": float("nan"), "p99": float("nan"), "max": float("nan")}
    s = sorted(lat)
    return {"p50": s[len(s) // 2] * 1000, "p99": s[min(len(s) - 1, int(len(s) * 0.99))] * 1000, "max": s[-1] * 1000}


def start_server(db: Path, port: int, workers: int, cache_mb: float | None = None) -> subprocess.Popen:
    cache = [] if cache_mb is None else ["--cache-mb", f"{cache_mb:g}"]
    proc = subprocess.Popen([str(BIN), "serve", "--db", str(db), "--host", HOST, "--port", str(port), "--workers", str(workers),
                             *cache],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    import urllib.request

    for _ in range(300):
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/api", timeout=5) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("server did not start: " + (proc.stderr.read().decode() if proc.stderr else ""))


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


# --- the CLI and the query layer ---------------------------------------------------------------

def cli_args(url: str) -> list[str]:
    from urllib.parse import parse_qsl, urlsplit

    parts = urlsplit(url)
    params = dict(parse_qsl(parts.query))
    if parts.path.startswith("/api/documents/"):
        return ["show", parts.path.rsplit("/", 1)[1], "-f", "json"]
    cmd = {"/api/documents": ["docs"], "/api/search": ["search", params.pop("q", "")], "/api/quotes": ["quotes"]}[parts.path]
    for k, v in params.items():
        cmd += [f"--{k}", v]
    return [*cmd, "-f", "json"]


def cli_times(db: Path, urls: list[str], n: int) -> dict[str, Any]:
    lat = []
    errors = 0
    for url in urls[:n]:
        t = time.perf_counter()
        r = subprocess.run([str(BIN), *cli_args(url), "--db", str(db)], capture_output=True)
        lat.append(time.perf_counter() - t)
        errors += r.returncode != 0
    return {"runs": len(lat), "errors": errors, **percentiles(lat)}


def layer_times(db: Path, urls: list[str], n: int) -> dict[str, Any]:
    """The same queries through store/queries.py in this process, one at a time."""
    from urllib.parse import parse_qsl, urlsplit

    from claimgraph.api.reader import Reader
    from claimgraph.store import queries
    from claimgraph.store.queries import Filters

    conn = Reader(db).conn()
    lat = []
    for url in urls[:n]:
        parts = urlsplit(url)
        p = dict(parse_qsl(parts.query))
        f = Filters(since=p.get("since"), until=p.get("until"), outlet=p.get("outlet"), speaker=p.get("speaker"),
                    kind=p.get("kind"), limit=int(p.get("limit", 50)), offset=int(p.get("offset", 0)))
        t = time.perf_counter()
        if parts.path.startswith("/api/documents/"):
            json.dumps(queries.get_document(conn, queries.resolve_doc_id(conn, parts.path.rsplit("/", 1)[1])))
        elif parts.path == "/api/documents":
            json.dumps(queries.list_documents(conn, f))
        elif parts.path == "/api/search":
            json.dumps(queries.search(conn, p["q"], f))
        else:
            json.dumps(queries.list_quotes(conn, f))
        lat.append(time.perf_counter() - t)
    return {"runs": len(lat), "qps": len(lat) / sum(lat), **percentiles(lat)}


# --- main --------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", action="store_true", help=f"(re)build the store at {DB.relative_to(ROOT)}")
    ap.add_argument("--docs", type=int, default=100_000, help="documents in the store")
    ap.add_argument("--seconds", type=float, default=20.0, help="load time per endpoint")
    ap.add_argument("--clients", type=int, default=32, help="concurrent clients")
    ap.add_argument("--workers", type=int, default=2, help="server processes (claimgraph serve --workers)")
    ap.add_argument("--cli-runs", type=int, default=10, help="CLI processes per endpoint")
    ap.add_argument("--db", type=Path, default=DB)
    ap.add_argument("--write", action="store_true", help="write the section to bench/RESULTS.md")
    args = ap.parse_args(argv)
    built = None
    if args.build or not args.db.exists():
        print(f"building {args.db} ({args.docs} documents) ...", file=sys.stderr)
        built = build(args.db, args.docs)
        print(json.dumps(built), file=sys.stderr)
    conn = sqlite3.connect(args.db)
    counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("documents", "quotes", "mentions", "entities", "events")}
    conn.close()
    if counts["documents"] < 100_000:
        print(f"warning: only {counts['documents']} documents", file=sys.stderr)
    rng = random.Random(2026)
    mix = mixes(args.db, rng)
    load_before = os.getloadavg()
    api: dict[str, dict[str, Any]] = {}
    for mode, cache_mb in MODES.items():  # packaged defaults, then every answer computed afresh
        port = free_port()
        server = start_server(args.db, port, args.workers, cache_mb)
        api[mode] = {}
        try:
            for name, urls in mix.items():
                asyncio.run(_load(port, urls, 2.0, 4, 7))  # warm the page cache and the code paths
                api[mode][name] = asyncio.run(_load(port, urls, args.seconds, args.clients, 1))
                print(mode, name, json.dumps(api[mode][name]), file=sys.stderr)
        finally:
            server.terminate()
            server.wait(timeout=30)
    load_after = os.getloadavg()
    args.loadavg = (load_before[0], load_after[0])
    layer = {name: layer_times(args.db, urls, 300) for name, urls in mix.items()}
    cli = {name: cli_times(args.db, urls, args.cli_runs) for name, urls in mix.items()}
    for name in mix:
        print(name, "layer", json.dumps(layer[name]), "cli", json.dumps(cli[name]), file=sys.stderr)
    body = report(args, counts, built, api, layer, cli)
    print(body)
    if args.write:
        from quotes import RESULTS_PATH, replace_section

        replace_section(RESULTS_PATH, HEADING, body)
        print(f"updated section '{HEADING}' in {RESULTS_PATH}", file=sys.stderr)
    return 0 if all(r["errors"] == 0 for m in api.values() for r in m.values()) else 1


def report(args: argparse.Namespace, counts: dict[str, int], built: dict[str, Any] | None, api: dict[str, dict[str, Any]],
           layer: dict[str, Any], cli: dict[str, Any]) -> str:
    day = dt.date.today().isoformat()
    lo, hi = args.loadavg
    lines = [
        f"{day}. Command: `{COMMAND}` (the store is built once into `bench/out/api_load.db`, git-ignored; "
        f"without `--build` an existing store is reused). `claimgraph serve --workers {args.workers}` ({args.workers} "
        f"uvicorn processes, each with its own listening socket on the port, `api/workers.py`, and running 2 requests "
        f"at once, `--threads` default) on 127.0.0.1, {args.clients} concurrent keep-alive clients "
        f"in one asyncio process on the same 2-core machine, {args.seconds:g} s per endpoint after a 2 s warm-up, "
        "first with the packaged defaults, then with `--cache-mb 0`. "
        f"1-minute load average {lo:.1f} before the API runs and {hi:.1f} after them (2 cores; the server and the clients "
        "themselves make most of it).",
        "",
        f"Store: {counts['documents']:,} documents, {counts['quotes']:,} quotations, {counts['mentions']:,} mentions, "
        f"{counts['entities']:,} entities, {counts['events']:,} events"
        + (f"; built in {built['total_s'] / 60:.1f} min ({built['bytes'] / 1e9:.2f} GB)" if built else "") + ". "
        "How: the seed reports, examples/, the 84 PolNeAR dev articles and the 19 saved news pages ingested with the full "
        "pipeline (NLP on); the bulk made by copying those annotated rows with SQL under new ids, each copy its base "
        "text plus one real paragraph of another PolNeAR article (so each document is distinct, with its own content "
        "hash and full-text entry) and a date spread over 2015-2025; quotations, mentions, dating evidence, cited media "
        "and links copied with their offsets; events and claims not copied.",
        "",
        "| server | endpoint | requests | requests/s | answers replayed | p50 ms | p99 ms | max ms | errors | goal p99 < 50 ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for mode, results in api.items():
        for name, r in results.items():
            ok = "yes" if r["p99"] < 50 and r["errors"] == 0 else "**no**"
            lines.append(f"| {mode} | {name} | {r['requests']:,} | {r['rps']:.0f} | {r['hit_rate']:.0%} | {r['p50']:.1f} | "
                         f"{r['p99']:.1f} | {r['max']:.0f} | {r['errors']} | {ok} |")
    failed = sum(r["errors"] for m in api.values() for r in m.values())
    lines += [
        "",
        f"Reading the figures: as packaged, each server process keeps up to {CACHE_MB} MB of answers to repeated reads until "
        "the store changes (`--cache-mb`, `src/claimgraph/api/cache.py`); the mix below repeats requests, as readers of "
        "one store do, so most answers are replayed (the column says how many). With `--cache-mb 0` every request runs "
        f"its queries: that is the figure for reads nobody made before. The clients run a closed loop (each sends its next "
        f"request when the answer comes), so the mean latency is clients / throughput; with {args.clients} clients a p99 "
        f"under 50 ms needs well over {args.clients * 20} requests/s with a short tail, on 2 cores shared by the server "
        "and the clients. The query layer alone (table below) is a few ms per query; the rest is HTTP, JSON and the "
        "wait for a core. " + ("No request failed." if not failed else f"**{failed} requests failed.**"),
    ]
    lines += ["", "Request mix per endpoint:", ""]
    lines += [f"- {name}: {MIX_TEXT[name]}" for name in MIX_TEXT]
    lines += [
        "",
        "The same queries through the query layer in one process (`store/queries.py`, one at a time, JSON encoding "
        "included; 300 queries each) and through the CLI (`claimgraph docs|search|show|quotes ... -f json`, one process "
        f"per query, Python and import start-up included; {args.cli_runs} runs each):",
        "",
        "| endpoint | query layer p50 ms | query layer p99 ms | query layer queries/s | CLI p50 ms | CLI max ms | CLI errors |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name in MIX_TEXT:
        ql, c = layer[name], cli[name]
        lines.append(f"| {name} | {ql['p50']:.1f} | {ql['p99']:.1f} | {ql['qps']:.0f} | {c['p50']:.0f} | {c['max']:.0f} | {c['errors']} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    raise SystemExit(main())

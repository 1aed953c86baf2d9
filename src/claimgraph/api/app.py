"""The HTTP service: the REST API under /api and the web UI under /, one FastAPI app.

- Read-only unless started with a write token (POST /api/ingest then wants ``Authorization:
  Bearer TOKEN``); every read connection has ``PRAGMA query_only``.
- Every failure of the API is one JSON shape: ``{"error": {"status", "code", "message"}}``,
  ``code`` a catalogue code (E021, see errors.py) or ``HTTPnnn``; web pages show the same as HTML.
- Limits: request bodies over ``max_body`` bytes are refused (413); a request that runs past
  ``timeout`` seconds is stopped (SQLite is interrupted) and answered 504.
- CORS is closed unless origins are given; every response carries a Content-Security-Policy
  that allows no script at all, and the pages never mark document text safe.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import re
import sqlite3
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import orjson
from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from .. import __version__
from ..errors import ClaimgraphError
from ..store.queries import Filters
from . import views
from .cache import ResponseCache
from .reader import Reader, deadline

PAGE_CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; "
            "frame-ancestors 'none'")
SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
SECURITY_HEADERS = [
    (b"content-security-policy", PAGE_CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
STATUS_BY_CODE = {"E021": 404, "E023": 404, "E022": 503, "E024": 400, "E020": 400}
INGEST_TIMEOUT_FACTOR = 30
# Requests run at once by one server process (see create_app).
THREADS = 2
# Megabytes of answers each server process keeps for repeated reads (api/cache.py).
CACHE_MB = 64


def error_body(status: int, code: str, message: str) -> dict[str, Any]:
    """The one JSON shape of every API failure."""
    return {"error": {"status": status, "code": code, "message": message}}


def jsonr(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    body = orjson.dumps(data, default=str, option=orjson.OPT_NON_STR_KEYS)
    return Response(body, status_code=status, media_type="application/json", headers=headers)


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body over {limit} bytes: send less, or start the server with a larger --max-body")


class Guard:
    """Pure ASGI middleware: security headers, request size and time limits."""

    def __init__(self, app: Any, max_body: int, timeout: float) -> None:
        self.app = app
        self.max_body = max_body
        self.timeout = timeout

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_guarded(message: dict[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in SECURITY_HEADERS if h[0] not in names]
            await send(message)

        async def reply(status: int, code: str, message: str) -> None:
            body = json.dumps(error_body(status, code, message)).encode()
            await send_guarded({"type": "http.response.start", "status": status,
                                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})

        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await reply(413, "HTTP413", str(BodyTooLarge(self.max_body).detail))
            return
        received = 0

        async def receive_limited() -> dict[str, Any]:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise BodyTooLarge(self.max_body)
            return message

        limit = self.timeout * (INGEST_TIMEOUT_FACTOR if scope.get("path") == "/api/ingest" else 1)
        token = deadline.set(time.monotonic() + limit)
        try:
            await asyncio.wait_for(self.app(scope, receive_limited, send_guarded), limit + 0.5)
        except asyncio.TimeoutError:
            if not started:
                await reply(504, "HTTP504", f"the request took more than {limit:g} s: narrow it (filters, --limit)")
        finally:
            deadline.reset(token)


def _blank(v: str | None) -> str | None:
    return v if v not in (None, "") else None


def filters(
    since: str | None = Query(None, description="Only items dated at or after this ISO date, month or year."),
    until: str | None = Query(None, description="Only items dated at or before this ISO date, month or year."),
    outlet: str | None = Query(None, description="Only items from documents of this outlet."),
    speaker: str | None = Query(None, description="Only items said or asserted by this speaker (name, alias or id)."),
    entity: str | None = Query(None, description="Only items involving this entity (name, alias or id)."),
    kind: str | None = Query(None, description="Only this kind (a document's format, a quotation's kind, an entity's type, "
                                               "a PLOVER type, an error code)."),
    limit: int = Query(50, ge=0, le=1000, description="At most this many items."),
    offset: int = Query(0, ge=0, le=100_000_000, description="Skip this many items."),
) -> Filters:
    """The filters every list takes (store/queries.py: Filters)."""
    return Filters(_blank(since), _blank(until), _blank(outlet), _blank(speaker), _blank(entity), _blank(kind),
                   limit, offset).checked()


def create_app(db: str | Path, write_token: str | None = None, max_body: int = 2_000_000, timeout: float = 10.0,
               cors_origins: list[str] | tuple[str, ...] = (), threads: int = THREADS, cache_mb: float = CACHE_MB) -> FastAPI:
    """The API and the web UI over the store at ``db``; ``threads`` requests run at once per process;
    up to ``cache_mb`` MB of answers to repeated reads are kept until the store changes (0: none)."""
    reader = Reader(db)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> Any:
        # Requests run in the thread pool (SQLite releases the GIL while it reads). Python code
        # holds the GIL, so past a few threads more threads only pass the GIL back and forth:
        # with anyio's default of 40, 32 clients got 232 quotation pages/s at p99 332 ms; with 2,
        # 852/s at p99 68 ms (bench/api_load.py, 2 server processes on 2 cores).
        import anyio.to_thread

        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield

    app = FastAPI(lifespan=lifespan, title="claimgraph", version=__version__, openapi_url="/api/openapi.json", docs_url=None, redoc_url=None,
                  description="Sourced, time-aware news knowledge: documents, entities, quotations, events, claims. "
                              "Every list takes the same filters; every failure is {\"error\": {status, code, message}}.")
    app.state.reader = reader
    app.state.read_only = not write_token

    # --- errors: one shape -------------------------------------------------------------------
    def failure(request: Request, status: int, code: str, message: str) -> Response:
        if request.url.path.startswith("/api") or request.method != "GET":
            return jsonr(error_body(status, code, message), status)
        from ..web.pages import error_page

        return error_page(request, status, code, message)

    @app.exception_handler(ClaimgraphError)
    async def on_claimgraph_error(request: Request, exc: ClaimgraphError) -> Response:
        return failure(request, STATUS_BY_CODE.get(exc.code, 400), exc.code, str(exc))

    @app.exception_handler(HTTPException)
    async def on_http_error(request: Request, exc: HTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such path: {request.url.path} (see /api/openapi.json)"
        response = failure(request, exc.status_code, f"HTTP{exc.status_code}", message)
        for k, v in (exc.headers or {}).items():
            response.headers[k] = v
        return response

    @app.exception_handler(RequestValidationError)
    async def on_invalid(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for e in exc.errors():
            where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body"))
            parts.append(f"{where}: {e.get('msg')}")
        return failure(request, 422, "E024", "invalid option: " + "; ".join(parts))

    @app.exception_handler(sqlite3.OperationalError)
    async def on_sqlite(request: Request, exc: sqlite3.OperationalError) -> Response:
        if "interrupt" in str(exc):
            return failure(request, 504, "HTTP504", f"the request took more than {timeout:g} s: narrow it (filters, limit)")
        return failure(request, 500, "HTTP500", f"store error: {exc}")

    @app.exception_handler(Exception)
    async def on_any(request: Request, exc: Exception) -> Response:
        return failure(request, 500, "HTTP500", f"internal error: {type(exc).__name__}")

    # --- reads ---------------------------------------------------------------------------------
    @app.get("/api", summary="What the store holds", tags=["store"])
    def api_status() -> Response:
        return jsonr(views.status(reader, app.state.read_only))

    @app.get("/api/documents", summary="List documents", tags=["documents"])
    def api_documents(f: Filters = Depends(filters)) -> Response:
        return jsonr(views.documents(reader, f))

    @app.get("/api/documents/{doc_id}", summary="One document: clean and raw text, links, outlet, cited media, dating evidence",
             tags=["documents"])
    def api_document(doc_id: str) -> Response:
        return jsonr(views.document(reader, doc_id))

    @app.get("/api/search", summary="Full-text search with snippets", tags=["documents"])
    def api_search(q: str = Query(..., min_length=1, max_length=1000, description="FTS5 query"),
                   f: Filters = Depends(filters)) -> Response:
        return jsonr(views.search(reader, q, f))

    @app.get("/api/entities", summary="List entities", tags=["entities"])
    def api_entities(f: Filters = Depends(filters)) -> Response:
        return jsonr(views.entities(reader, f))

    @app.get("/api/entities/{ref}", summary="One entity: aliases, roles, sub-actors, quotations by and about it, events",
             tags=["entities"])
    def api_entity(ref: str) -> Response:
        return jsonr(views.entity(reader, ref))

    @app.get("/api/quotes", summary="Quotations", tags=["quotations"])
    def api_quotes(f: Filters = Depends(filters), doc: str | None = Query(None, description="Only this document"),
                   all: bool = Query(False, description="Also beliefs and provenance-only reports")) -> Response:  # noqa: A002
        return jsonr(views.quotes(reader, f, _blank(doc), all))

    @app.get("/api/events", summary="Events", tags=["claims"])
    def api_events(f: Filters = Depends(filters), actor: str | None = Query(None, description="Only events this entity does")) -> Response:
        return jsonr(views.events(reader, f, _blank(actor)))

    @app.get("/api/claims", summary="Claims", tags=["claims"])
    def api_claims(f: Filters = Depends(filters)) -> Response:
        return jsonr(views.claims(reader, f))

    @app.get("/api/contradictions", summary="Pairs of claims that contradict each other", tags=["claims"])
    def api_contradictions(f: Filters = Depends(filters)) -> Response:
        return jsonr(views.links(reader, "contradict", f))

    @app.get("/api/changes", summary="Changes of position", tags=["claims"])
    def api_changes(f: Filters = Depends(filters)) -> Response:
        return jsonr(views.links(reader, "change", f))

    @app.get("/api/agreements", summary="Pairs of claims that agree", tags=["claims"])
    def api_agreements(f: Filters = Depends(filters)) -> Response:
        return jsonr(views.links(reader, "agree", f))

    @app.get("/api/board", summary="The claims board: contradictions and changes side by side", tags=["claims"])
    def api_board(f: Filters = Depends(filters)) -> Response:
        return jsonr(views.board(reader, f))

    @app.get("/api/timeline", summary="An entity's events in time order", tags=["claims"])
    def api_timeline(entity: str = Query(..., min_length=1, description="The entity"),
                     with_: str | None = Query(None, alias="with", description="Only events also involving this entity"),
                     f: Filters = Depends(filters)) -> Response:
        return jsonr(views.timeline(reader, entity, _blank(with_), replace(f, entity=None)))

    @app.get("/api/timeline.svg", summary="The timeline as a picture (SVG)", tags=["claims"])
    def api_timeline_svg(entity: str = Query(..., min_length=1), with_: str | None = Query(None, alias="with"),
                         f: Filters = Depends(filters)) -> Response:
        return Response(timeline_svg(reader, entity, _blank(with_), replace(f, entity=None)), media_type="image/svg+xml",
                        headers={"content-security-policy": SVG_CSP, "cache-control": "no-store"})

    @app.get("/api/ask", summary="Answer a yes/no question from the stored claims", tags=["claims"])
    def api_ask(q: str = Query(..., min_length=1, max_length=500, description="A yes/no question about an event")) -> Response:
        return jsonr(views.ask(reader, q))

    @app.get("/api/failures", summary="Inputs that failed to ingest", tags=["store"])
    def api_failures(f: Filters = Depends(filters)) -> Response:
        return jsonr(views.failures(reader, f))

    # --- the one write -------------------------------------------------------------------------
    @app.post("/api/ingest", summary="Ingest documents (needs the write token)", tags=["store"], status_code=201)
    async def api_ingest(request: Request, name: str | None = Query(None, description="File name for a raw body (its suffix "
                                                                                           "gives the format)"),
                         nlp: bool = Query(True, description="Run the NLP stage")) -> Response:
        _authorize(request, write_token)
        files = await _uploads(request, name)
        summary = await run_in_threadpool(ingest_files, reader, files, nlp)
        if summary["failed"] and not summary["new"] and not summary["duplicate"]:
            first = summary["failures"][0]
            return jsonr(error_body(422, first["code"], f"{first['source']}: {first['message']}"), 422)
        return jsonr(summary, 201 if summary["new"] else 200)

    # innermost of the three, so a replayed answer still gets CORS and the security headers
    app.add_middleware(ResponseCache, version=reader.data_version, max_bytes=int(cache_mb * 1_000_000))
    if cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])
    app.add_middleware(Guard, max_body=max_body, timeout=timeout)

    from ..web.pages import add_pages

    add_pages(app, reader)
    return app


def app_from_env() -> FastAPI:
    """``create_app`` with the arguments ``claimgraph serve --workers N`` left in the environment
    (uvicorn starts each worker process from an import string)."""
    import os

    return create_app(**json.loads(os.environ["CLAIMGRAPH_SERVE_ARGS"]))


def _authorize(request: Request, write_token: str | None) -> None:
    if not write_token:
        raise HTTPException(403, "read-only server: start it with --write-token TOKEN to accept ingest")
    given = request.headers.get("authorization", "")
    scheme, _, token = given.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), write_token.encode()):
        raise HTTPException(401, "missing or wrong write token: send 'Authorization: Bearer TOKEN'",
                            headers={"www-authenticate": "Bearer"})


_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_SUFFIX_BY_TYPE = {"text/plain": ".txt", "text/html": ".html", "application/pdf": ".pdf", "application/jsonl": ".jsonl",
                   "application/x-ndjson": ".jsonl"}


async def _uploads(request: Request, name: str | None) -> list[tuple[str, bytes]]:
    """The documents a POST carries: a JSON article (or {"documents": [...]}), multipart files, or a raw body."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "multipart/form-data":
        form = await request.form(max_files=100, max_fields=100)
        files = []
        for value in form.values():
            if hasattr(value, "read"):
                files.append((value.filename or "upload.txt", await value.read()))
        if not files:
            raise HTTPException(400, "no file in the form: send one or more files")
        return files
    body = await request.body()
    if not body:
        raise HTTPException(400, "empty request body: send a document")
    if ctype == "application/json":
        try:
            obj = json.loads(body)
        except ValueError as exc:
            raise HTTPException(400, f"invalid JSON: {exc}") from exc
        docs = obj.get("documents") if isinstance(obj, dict) and "documents" in obj else obj
        docs = docs if isinstance(docs, list) else [docs]
        if not docs or not all(isinstance(d, dict) for d in docs):
            raise HTTPException(400, 'send {"text": ...} (or "html"), a list of them, or {"documents": [...]}')
        return [(name or "upload.jsonl", "\n".join(json.dumps(d, ensure_ascii=False) for d in docs).encode("utf-8"))]
    suffix = _SUFFIX_BY_TYPE.get(ctype)
    if suffix is None and not name:
        raise HTTPException(415, f"unsupported content type {ctype or '(none)'}: send text/plain, text/html, application/pdf, "
                                 "application/json or multipart/form-data")
    return [(name or f"upload{suffix}", body)]


def ingest_files(reader: Reader, files: list[tuple[str, bytes]], use_nlp: bool) -> dict[str, Any]:
    """Write uploads to a private folder and run the same ingest as the CLI on it."""
    from ..config import load_config
    from ..engine.local import ingest
    from ..store.db import Store

    # In the server's process: a worker pool would fork a process that runs threads.
    cfg = load_config(None, overrides={"nlp": {"n_process": 1}})
    with tempfile.TemporaryDirectory(prefix="claimgraph-upload-") as tmp:
        for i, (fname, data) in enumerate(files):
            safe = _SAFE_NAME.sub("_", Path(fname).name).strip("._") or "upload.txt"
            (Path(tmp) / f"{i:03d}-{safe}").write_bytes(data)
        with reader.write_lock:
            store = Store(reader.path)
            try:
                if use_nlp and cfg["nlp"]["enabled"]:
                    summary = reader.run_nlp(lambda nlp: ingest([tmp], store, cfg, nlp=nlp))
                else:
                    summary = ingest([tmp], store, cfg, nlp=None)
            finally:
                store.close()
    return {
        "new": summary.new, "duplicate": summary.duplicate, "failed": summary.failed, "links": summary.links,
        "documents": [{"id": d.id, "source": d.source, "title": d.title, "outlet": d.outlet, "date": d.date,
                       "date_status": d.date_status, "quotes": sum(q.speech for q in d.quotes)} for d in summary.documents],
        "failures": [{"source": f.source, "code": f.code, "message": f.message} for f in summary.failures],
    }


def timeline_svg(reader: Reader, entity: str, with_entity: str | None, f: Filters) -> bytes:
    """The timeline drawn by link/timeline.py (matplotlib; text escaped in the SVG); the response
    cache keeps it while the store is unchanged."""
    from ..errors import E
    from ..link.timeline import draw
    from ..store import queries

    conn = reader.conn()
    rows = queries.timeline(conn, entity, f, with_entity)
    ent = conn.execute("SELECT name FROM entities WHERE id = ?", (queries.resolve_entity(conn, entity),)).fetchone()[0]
    other = conn.execute("SELECT name FROM entities WHERE id = ?",
                         (queries.resolve_entity(conn, with_entity),)).fetchone()[0] if with_entity else None
    with _draw_lock:  # pyplot is not thread-safe
        with tempfile.TemporaryDirectory(prefix="claimgraph-svg-") as tmp:
            out = Path(tmp) / "timeline.svg"
            try:
                draw(rows, out, f"{ent}{' and ' + other if other else ''}: events over time")
            except ValueError as exc:
                raise ClaimgraphError(E.E024, detail=str(exc)) from exc
            return out.read_bytes()


_draw_lock = threading.Lock()

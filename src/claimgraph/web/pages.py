"""The web UI's pages: each renders the data its JSON twin (the same path under /api) answers.

Jinja2 autoescapes every template; nothing from a document is ever marked safe. Pages hold no
script at all (the Content-Security-Policy allows none); forms are plain GET forms.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader

from ..api import views
from ..api.app import filters
from ..api.reader import Reader
from ..store.queries import QUOTE_KINDS, Filters
from .highlight import blocks, safe_href

env = Environment(loader=PackageLoader("claimgraph.web", "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True)
env.filters["href"] = safe_href
env.filters["seg"] = lambda v: quote(str(v), safe="")


def twin_of(request: Request) -> str:
    path = request.url.path
    return "/api" + (path if path != "/" else "") + (f"?{request.url.query}" if request.url.query else "")


def render(request: Request, template: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    def with_params(**changes: Any) -> str:
        params = dict(request.query_params)
        params.update({k: str(v) for k, v in changes.items() if v is not None})
        return request.url.path + "?" + urlencode(params)

    html = env.get_template(template).render(twin=ctx.pop("twin", twin_of(request)), path=request.url.path,
                                             params=request.query_params, with_params=with_params, **ctx)
    return HTMLResponse(html, status_code=status)


def error_page(request: Request, status: int, code: str, message: str) -> HTMLResponse:
    return render(request, "error.html", status=status, title=f"{status} {code}", code=code, message=message, status_code=status)


def add_pages(app: FastAPI, reader: Reader) -> None:
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    html = {"response_class": HTMLResponse, "include_in_schema": False}

    @app.get("/", **html)
    def home(request: Request) -> HTMLResponse:
        return render(request, "home.html", title="claimgraph", data=views.status(reader, app.state.read_only))

    @app.get("/documents", **html)
    def documents(request: Request, f: Filters = Depends(filters)) -> HTMLResponse:
        return render(request, "documents.html", title="Documents", data=views.documents(reader, f), kinds=("txt", "html", "pdf", "jsonl"))

    @app.get("/documents/{doc_id}", **html)
    def document(request: Request, doc_id: str) -> HTMLResponse:
        doc = views.document(reader, doc_id)
        return render(request, "document.html", title=doc["title"] or doc["id"][:12], doc=doc, blocks=blocks(doc),
                      names={e["id"]: e for e in doc["entities"]})

    @app.get("/search", **html)
    def search(request: Request, q: str = Query("", max_length=1000), f: Filters = Depends(filters)) -> HTMLResponse:
        data = views.search(reader, q, f) if q.strip() else None
        return render(request, "search.html", title=f"Search: {q}" if q else "Search", q=q, data=data,
                      twin=twin_of(request) if data else "/api")

    @app.get("/entities", **html)
    def entities(request: Request, f: Filters = Depends(filters)) -> HTMLResponse:
        return render(request, "entities.html", title="Entities", data=views.entities(reader, f))

    @app.get("/entities/{ref}", **html)
    def entity(request: Request, ref: str) -> HTMLResponse:
        ent = views.entity(reader, ref)
        return render(request, "entity.html", title=ent["name"], ent=ent)

    @app.get("/quotes", **html)
    def quotes(request: Request, f: Filters = Depends(filters), doc: str | None = None, all: bool = False) -> HTMLResponse:  # noqa: A002
        data = views.quotes(reader, f, doc or None, all)
        return render(request, "quotes.html", title="Quotations", data=data, kinds=QUOTE_KINDS)

    @app.get("/events", **html)
    def events(request: Request, f: Filters = Depends(filters), actor: str | None = None) -> HTMLResponse:
        return render(request, "events.html", title="Events", data=views.events(reader, f, actor or None), heading="Events")

    @app.get("/claims", **html)
    def claims(request: Request, f: Filters = Depends(filters)) -> HTMLResponse:
        return render(request, "events.html", title="Claims", data=views.claims(reader, f), heading="Claims")

    @app.get("/board", **html)
    def board(request: Request, f: Filters = Depends(filters)) -> HTMLResponse:
        return render(request, "board.html", title="Claims board", data=views.board(reader, f))

    @app.get("/timeline", **html)
    def timeline(request: Request, entity: str = "", with_: str = Query("", alias="with"),
                 f: Filters = Depends(filters)) -> HTMLResponse:
        data = views.timeline(reader, entity, with_ or None, replace(f, entity=None)) if entity else None
        choices = None if data else views.entities(reader, Filters(limit=30))["items"]
        return render(request, "timeline.html", title="Timeline", data=data, entity=entity, with_=with_, choices=choices,
                      twin=twin_of(request) if data else "/api")

    @app.get("/ask", **html)
    def ask(request: Request, q: str = Query("", max_length=500)) -> HTMLResponse:
        data = views.ask(reader, q) if q.strip() else None
        return render(request, "ask.html", title="Ask", q=q, data=data, twin=twin_of(request) if data else "/api")

    @app.get("/failures", **html)
    def failures(request: Request, f: Filters = Depends(filters)) -> HTMLResponse:
        return render(request, "failures.html", title="Failures", data=views.failures(reader, f))

"""The REST API and the web pages in-process (FastAPI's TestClient) on the seed store: one error
shape, read-only by default, limits, CORS closed, CSP, JSON twins, and the same rows as the CLI."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from claimgraph.api.app import create_app
from claimgraph.cli import app as cli_app

from ..conftest import ROOT
from ..served import HOSTILE_LINK, doc_id, seed_store  # noqa: F401

TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def client(seed_store) -> TestClient:  # noqa: F811
    return TestClient(create_app(seed_store))


@pytest.fixture
def writable(seed_store, tmp_path) -> TestClient:  # noqa: F811
    db = tmp_path / "w.db"
    shutil.copy(seed_store, db)
    return TestClient(create_app(db, write_token=TOKEN))


def error_of(r) -> dict:
    body = r.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"status", "code", "message"}, body
    assert body["error"]["status"] == r.status_code
    assert re.fullmatch(r"E\d{3}|HTTP\d{3}", body["error"]["code"]), body
    assert body["error"]["message"]
    return body["error"]


def test_every_failure_has_one_json_shape(client, seed_store, writable):  # noqa: F811
    cases = [
        (client.get("/api/documents/nosuchdoc"), 404, "E021"),
        (client.get("/api/entities/nobody-at-all-here"), 404, "E023"),
        (client.get("/api/nosuch"), 404, "HTTP404"),
        (client.delete("/api/documents"), 405, "HTTP405"),
        (client.get("/api/documents?limit=notanumber"), 422, "E024"),
        (client.get("/api/documents?limit=100000"), 422, "E024"),
        (client.get("/api/search"), 422, "E024"),
        (client.get("/api/quotes?kind=shouted"), 400, "E024"),
        (client.get("/api/documents?since=2019-13-45"), 400, "E024"),
        (client.get("/api/failures?speaker=Lavrov"), 400, "E024"),
        (client.get("/api/search?q=%22%22"), 400, "E024"),
        (client.post("/api/ingest", content=b"text"), 403, "HTTP403"),
        (writable.post("/api/ingest", content=b"text"), 401, "HTTP401"),
        (writable.post("/api/ingest", content=b"x", headers={"authorization": "Bearer wrong"}), 401, "HTTP401"),
        (writable.post("/api/ingest", content=b"\x00\x01", headers={"authorization": f"Bearer {TOKEN}",
                                                                  "content-type": "application/octet-stream"}), 415, "HTTP415"),
        (writable.post("/api/ingest?nlp=false", content=b"", headers={"authorization": f"Bearer {TOKEN}",
                                                                       "content-type": "text/plain"}), 400, "HTTP400"),
        (writable.post("/api/ingest?nlp=false", content=b"   ", headers={"authorization": f"Bearer {TOKEN}",
                                                                          "content-type": "text/plain"}), 422, "E002"),
    ]
    small = TestClient(create_app(seed_store, max_body=100))
    cases.append((small.post("/api/ingest", content=b"x" * 1000), 413, "HTTP413"))
    slow = TestClient(create_app(seed_store, timeout=1e-9))
    cases.append((slow.get("/api/entities?limit=1000"), 504, "HTTP504"))
    for r, status, code in cases:
        assert r.status_code == status, (r.request.url, r.status_code, r.text)
        assert error_of(r)["code"] == code, (r.request.url, r.text)


def test_openapi_is_published_and_every_route_is_documented(client):
    spec = client.get("/api/openapi.json").json()
    doc = (ROOT / "docs/api.md").read_text("utf-8")
    routes = [r for r in client.app.routes if isinstance(r, APIRoute)]
    api = [r for r in routes if r.path.startswith("/api")]
    assert len(api) >= 18
    for r in routes:
        for method in sorted(r.methods - {"HEAD"}):
            if r.path.startswith("/api"):
                assert method.lower() in spec["paths"][r.path], r.path
            assert f"`{method} {r.path}`" in doc, f"docs/api.md does not document `{method} {r.path}`"
    assert client.get("/api/docs").status_code == 404  # no Swagger UI: it loads scripts from a CDN


def test_documents_search_and_the_document(client, seed_store):  # noqa: F811
    lavrov = doc_id(seed_store, "000_8aa15447a44d0e3e")
    listing = client.get("/api/documents").json()
    assert listing["count"] == 4 and {"items", "limit", "offset", "next_offset", "filters"} <= set(listing)
    doc = client.get(f"/api/documents/{lavrov[:10]}").json()
    assert doc["id"] == lavrov and doc["outlet"] == "Defence Blog"
    assert doc["clean_text"] and doc["raw_text"] and doc["links"] is not None
    assert {a["name"] for a in doc["agencies"]} == {"Defence Blog", "TASS", "Gazeta.ru"}
    assert any(e["kind"] == "content-first-known" and e["text"] == "Oreshnik" for e in doc["dates"])
    hits = client.get("/api/search", params={"q": "Oreshnik"}).json()
    assert hits["items"][0]["id"] == lavrov and "[Oreshnik]" in hits["items"][0]["snippet"]
    assert any(p["hit"] and p["text"] == "Oreshnik" for p in hits["items"][0]["highlights"])
    broken = client.get("/api/search", params={"q": 'Oreshnik AND "('}).json()
    assert broken["note"] and broken["items"] and broken["match"] == '"Oreshnik" "AND"'


def test_entities_quotes_and_claims(client):
    ent = client.get("/api/entities/Lavrov").json()
    assert ent["id"] == "person:sergey-lavrov" and "Foreign Minister" in ent["roles"]
    assert len(ent["quotes"]) == 9 and all(q["when"] for q in ent["quotes"])
    russia = client.get("/api/entities/Kremlin").json()
    assert any(c["name"] == "Russian Foreign Ministry" for c in russia["children"])
    assert russia["quotes_about"] and all(q["speaker_id"] != "gpe:russia" for q in russia["quotes_about"])
    quotes = client.get("/api/quotes", params={"speaker": "Zakharova"}).json()["items"]
    assert [q["kind"] for q in quotes] == ["partial", "indirect", "direct"]
    assert client.get("/api/quotes", params={"kind": "direct", "speaker": "Lavrov"}).json()["count"] >= 1
    pairs = client.get("/api/contradictions").json()["items"]
    assert any({p["first"]["asserter"], p["second"]["asserter"]} == {"Alexei Zhuravlyov", "Sergey Lavrov"} for p in pairs)
    board = client.get("/api/board").json()
    assert board["contradictions"] and board["changes"]
    tl = client.get("/api/timeline", params={"entity": "Russia", "with": "Venezuela"}).json()
    assert tl["items"][0]["time"].startswith("2019") and tl["picture"].startswith("/api/timeline.svg?")
    svg = client.get(tl["picture"])
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml") and b"<svg" in svg.content


def test_ask(client):
    result = client.get("/api/ask", params={"q": "Did Venezuela request military aid from Russia?"}).json()
    assert {e["asserter"] for e in result["supports"]} == {"Alexei Zhuravlyov"}
    assert "Sergey Lavrov" in {e["asserter"] for e in result["contradicts"]}


def test_the_api_and_the_cli_give_the_same_rows(client, seed_store):  # noqa: F811
    runner = CliRunner()
    for cli_args, path, params in [
        (["quotes", "--speaker", "Lavrov", "--limit", "5", "--offset", "2"], "/api/quotes", {"speaker": "Lavrov", "limit": 5, "offset": 2}),
        (["docs", "--outlet", "defence blog"], "/api/documents", {"outlet": "defence blog"}),
        (["entities", "--kind", "person", "--limit", "7"], "/api/entities", {"kind": "person", "limit": 7}),
        (["events", "--kind", "AID", "--since", "2019", "--until", "2019"], "/api/events", {"kind": "AID", "since": "2019", "until": "2019"}),
        (["claims", "--contradictions", "--speaker", "Lavrov"], "/api/contradictions", {"speaker": "Lavrov"}),
        (["search", "Caracas", "--limit", "3"], "/api/search", {"q": "Caracas", "limit": 3}),
    ]:
        r = runner.invoke(cli_app, [*cli_args, "--db", str(seed_store), "-f", "json"])
        assert r.exit_code == 0, r.output
        assert json.loads(r.output) == client.get(path, params=params).json()["items"], cli_args


def test_read_only_by_default_and_ingest_with_the_token(client, writable):
    assert client.get("/api").json()["read_only"] is True
    auth = {"authorization": f"Bearer {TOKEN}"}
    r = writable.post("/api/ingest?nlp=false&name=port.txt", content="Port workers walked out on Monday, the union said.".encode(),
                      headers={**auth, "content-type": "text/plain"})
    assert r.status_code == 201, r.text
    new = r.json()["documents"][0]
    assert writable.get(f"/api/documents/{new['id']}").json()["clean_text"].startswith("Port workers")
    r = writable.post("/api/ingest?nlp=false", json={"documents": [{"text": "A second report, from the harbour.", "outlet": "Wire"}]},
                      headers=auth)
    assert r.status_code == 201 and r.json()["new"] == 1
    r = writable.post("/api/ingest?nlp=false", files={"file": ("a.txt", b"A third report, uploaded as a file.")}, headers=auth)
    assert r.status_code == 201 and r.json()["documents"][0]["source"].endswith("a.txt")
    again = writable.post("/api/ingest?nlp=false", files={"file": ("b.txt", b"A third report, uploaded as a file.")}, headers=auth)
    assert again.status_code == 200 and again.json()["duplicate"] == 1


def test_cors_is_closed_unless_opened(client, seed_store):  # noqa: F811
    r = client.get("/api/documents", headers={"origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in r.headers
    r = client.options("/api/documents", headers={"origin": "https://elsewhere.example", "access-control-request-method": "GET"})
    assert "access-control-allow-origin" not in r.headers
    opened = TestClient(create_app(seed_store, cors_origins=["https://ui.example"]))
    r = opened.get("/api/documents", headers={"origin": "https://ui.example"})
    assert r.headers["access-control-allow-origin"] == "https://ui.example"


def test_serve_listens_on_loopback_by_default():
    import typer.main

    serve = typer.main.get_command(cli_app).commands["serve"]
    defaults = {p.name: p.default for p in serve.params}
    assert defaults["host"] == "127.0.0.1" and defaults["write_token"] is None and defaults["cors_origin"] in ([], (), None)


PAGES = ["/", "/documents", "/documents/{lavrov}", "/search?q=Oreshnik", "/entities", "/entities/person:sergey-lavrov",
         "/quotes?speaker=Lavrov", "/events?kind=AID", "/claims", "/board", "/timeline?entity=Russia&with=Venezuela",
         "/ask?q=Did+Venezuela+request+military+aid+from+Russia%3F", "/failures"]


def test_every_page_has_a_json_twin_and_a_csp(client, seed_store):  # noqa: F811
    lavrov = doc_id(seed_store, "000_8aa15447a44d0e3e")
    for page in PAGES:
        r = client.get(page.format(lavrov=lavrov))
        assert r.status_code == 200, (page, r.text[:300])
        assert r.headers["content-type"].startswith("text/html")
        csp = r.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src" not in csp  # no script may run
        twin = re.search(r'<link rel="alternate" type="application/json" href="([^"]+)">', r.text).group(1).replace("&amp;", "&")
        assert twin.startswith("/api")
        j = client.get(twin)
        assert j.status_code == 200 and j.headers["content-type"] == "application/json", (page, twin, j.text[:200])


def test_document_text_is_escaped_never_markup(client, seed_store):  # noqa: F811
    for part in ("hostile.txt", "hostile.jsonl"):
        html = client.get(f"/documents/{doc_id(seed_store, part)}").text
        body = html.split("<main>", 1)[1]
        assert "<script" not in body
        assert not re.search(r"<[^>]+\son\w+=", body), "an event handler attribute reached the page"
        assert 'href="javascript:' not in body.lower()
    html = client.get(f"/documents/{doc_id(seed_store, 'hostile.txt')}").text
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html
    assert HOSTILE_LINK in html.replace("&#34;", '"')  # shown as text


def test_docs_api_lists_the_error_shape():
    doc = (ROOT / "docs/api.md").read_text("utf-8")
    assert '{"error": {"status":' in doc and "Content-Security-Policy" in doc


def test_package_ships_templates_and_static_assets():
    import claimgraph.web as web

    folder = Path(web.__file__).parent
    assert (folder / "static/claimgraph.css").is_file() and (folder / "templates/document.html").is_file()
    assert not re.search(r"https?://", (folder / "static/claimgraph.css").read_text())  # nothing from a CDN
    for t in (folder / "templates").glob("*.html"):
        text = t.read_text()
        assert "|safe" not in text and "Markup(" not in text and "<script" not in text, t.name


def test_a_repeated_read_is_replayed_until_the_store_changes(writable, tmp_path):
    first = writable.get("/api/documents?limit=100")
    again = writable.get("/api/documents?limit=100")
    assert (first.headers["x-cache"], again.headers["x-cache"]) == ("miss", "hit")
    assert again.content == first.content
    assert again.headers["content-security-policy"] == first.headers["content-security-policy"]
    # a failure is never kept
    assert [writable.get("/api/documents/nosuchdoc").headers["x-cache"] for _ in range(2)] == ["miss", "miss"]
    # a write through the API drops every kept answer
    r = writable.post("/api/ingest?nlp=false&name=pier.txt", content=b"The pier reopened on Friday, the harbour master said.",
                      headers={"authorization": f"Bearer {TOKEN}", "content-type": "text/plain"})
    assert r.status_code == 201, r.text
    after = writable.get("/api/documents?limit=100")
    assert after.headers["x-cache"] == "miss"
    assert len(after.json()["items"]) == len(first.json()["items"]) + 1
    # so does a write by another process into the same store (here: the CLI)
    (tmp_path / "more.txt").write_text("Ferries resumed on Saturday, the port authority said.", "utf-8")
    db = writable.app.state.reader.path
    r = CliRunner().invoke(cli_app, ["ingest", str(tmp_path / "more.txt"), "--db", db, "--no-nlp", "-q"])
    assert r.exit_code == 0, r.output
    latest = writable.get("/api/documents?limit=100")
    assert latest.headers["x-cache"] == "miss"
    assert len(latest.json()["items"]) == len(after.json()["items"]) + 1


def test_no_answer_is_kept_with_cache_off(seed_store):  # noqa: F811
    uncached = TestClient(create_app(seed_store, cache_mb=0))
    for _ in range(2):
        r = uncached.get("/api/quotes")
        assert r.status_code == 200 and "x-cache" not in r.headers

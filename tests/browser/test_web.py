"""The web UI in a real browser: Playwright driving Debian's Chromium (headless) against the server
on loopback, on a store built from the seed reports. Screenshots go to tests/browser/artifacts/.

Skipped only when Chromium (or Playwright) is truly absent and CI is not set; under CI a missing
browser is a failure (.ci/run installs it)."""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from ..served import HOSTILE_LINK, doc_id, seed_store  # noqa: F401

ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = os.environ.get("CLAIMGRAPH_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def _need(ok: bool, why: str) -> None:
    if ok:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{why}; CI must run the browser tests (.ci/run installs chromium)")
    pytest.skip(why)


@pytest.fixture(scope="module")
def server(seed_store):  # noqa: F811
    import uvicorn

    from claimgraph.api.app import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(seed_store), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    assert srv.started, "the server did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    _need(Path(CHROMIUM).exists(), f"chromium not found at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover
        _need(False, "playwright is not installed")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    pg.dialogs = []  # type: ignore[attr-defined]
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
    yield pg
    context.close()


def shot(pg, name: str) -> None:
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_lavrov_report_quotation_highlighted_with_his_name_then_his_entity_page(page, server):
    page.goto(server + "/documents")
    page.get_by_role("link", name=re.compile("Russia does not plan to provide military assistance")).click()
    page.wait_for_selector("#doc-text")
    quote = page.locator("#doc-text .quote", has_text="No, they have not come to us")
    assert quote.count() == 1
    assert quote.get_attribute("data-speaker") == "Sergey Lavrov"
    badge = quote.locator(".speaker-badge")
    assert badge.inner_text() == "Sergey Lavrov" and badge.is_visible()
    # highlighted: the quotation has its own background, not the page's
    bg = quote.evaluate("el => getComputedStyle(el).backgroundColor")
    assert bg not in ("rgba(0, 0, 0, 0)", "transparent", "rgb(255, 255, 255)"), bg
    assert page.locator("#doc-text a.mention", has_text="Venezuela").count() >= 1  # entities highlighted too
    assert "Oreshnik" in page.locator("section.dating").inner_text()  # the dating evidence
    quote.scroll_into_view_if_needed()
    shot(page, "01-lavrov-report")
    badge.click()
    page.wait_for_url(re.compile(r"/entities/person"))
    assert page.locator("h1.entity-name").inner_text().startswith("Sergey Lavrov")
    said = page.locator("section.said-by li.quote-item")
    assert said.count() == 9
    assert "No, they have not come to us" in page.locator("section.said-by").inner_text()
    assert re.search(r"2024-11-21", said.first.inner_text())  # when
    shot(page, "02-lavrov-entity")


def test_search_box_finds_oreshnik(page, server):
    page.goto(server + "/")
    page.locator("form.searchbox input[name=q]").fill("Oreshnik")
    page.locator("form.searchbox button").click()
    page.wait_for_url(re.compile(r"/search\?q=Oreshnik"))
    hits = page.locator("ol.hits li.hit")
    assert hits.count() >= 1
    assert hits.first.locator("mark").first.inner_text() == "Oreshnik"
    assert "Russia does not plan" in hits.first.inner_text()
    shot(page, "03-search-oreshnik")


def test_claims_board_puts_the_aid_request_contradiction_side_by_side(page, server):
    page.goto(server + "/board")
    pairs = page.locator(".pair.contradict")
    assert pairs.count() >= 1
    pair = pairs.filter(has_text="No, they have not come to us").filter(has_text="a request from Caracas for military aid")
    assert pair.count() >= 1
    pair = pair.first
    first, second = pair.locator(".side.first"), pair.locator(".side.second")
    texts = first.inner_text() + "\n" + second.inner_text()
    for expected in ("Sergey Lavrov", "Alexei Zhuravlyov", "Defence Blog", "Gazeta.ru", "2024-11-21", "REQUEST"):
        assert expected in texts, expected
    a, b = first.bounding_box(), second.bounding_box()
    assert a["x"] + a["width"] <= b["x"] + 1, (a, b)  # side by side, left and right
    assert a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]  # on the same row
    pair.scroll_into_view_if_needed()
    shot(page, "04-claims-board")


def test_timeline_renders_as_a_picture(page, server):
    page.goto(server + "/timeline?entity=Russia&with=Venezuela")
    img = page.locator("#timeline-picture")
    img.wait_for()
    page.wait_for_function("document.getElementById('timeline-picture').complete")
    width = img.evaluate("el => el.naturalWidth")
    assert width > 300, width
    box = img.bounding_box()
    assert box["width"] > 300 and box["height"] > 150
    shot(page, "05-timeline")


def test_ask_box_shows_both_sides(page, server):
    page.goto(server + "/")
    page.locator("form.askbox input[name=q]").fill("Did Venezuela request military aid from Russia?")
    page.locator("form.askbox button").click()
    page.wait_for_selector(".answer")
    assert "Alexei Zhuravlyov" in page.locator(".answer-supports").inner_text()
    assert "Sergey Lavrov" in page.locator(".answer-contradicts").inner_text()
    shot(page, "06-ask")


def test_hostile_document_is_shown_inert(page, server, seed_store):  # noqa: F811
    for part in ("hostile.txt", "hostile.jsonl"):
        response = page.goto(f"{server}/documents/{doc_id(seed_store, part)}")
        assert "default-src 'none'" in response.headers["content-security-policy"]
        page.wait_for_selector("#doc-text")
        # what the document says is on the page as text ...
        text = page.locator("#doc-text").inner_text()
        if part == "hostile.txt":
            assert "<script>window.__pwned = 1</script>" in text and 'onerror="window.__pwned = 2"' in text
            assert 'href="javascript:window.__pwned = 3"' in text
            assert HOSTILE_LINK in page.locator("section.links").inner_text()
        else:
            assert "<script>window.__pwned = 5</script>" in page.locator("h1.doc-title").inner_text()
            assert "javascript:window.__pwned = 6" in page.locator("dd.doc-url").inner_text()
        # ... and nothing of it became markup: no script, no handler, no javascript: link
        assert page.locator("main script, main [onerror], main [onload], main [onmouseover], main img, main svg").count() == 0
        assert page.locator("a[href^='javascript:' i]").count() == 0
        for el in page.locator("#doc-text a, section.links a, dd.doc-url a").all():
            assert re.match(r"^(/|https?://)", el.get_attribute("href") or ""), el.get_attribute("href")
        # clicking where the links were does nothing
        for target in page.get_by_text("here").all() + page.get_by_text(HOSTILE_LINK).all():
            if target.is_visible():
                target.click()
        time.sleep(0.3)
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.dialogs == []  # type: ignore[attr-defined]
        shot(page, f"07-hostile-{part.replace('.', '-')}")

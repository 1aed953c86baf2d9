"""A store built once per test session from the seed reports (NLP on), plus hostile documents,
shared by the API, web and browser tests."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimgraph.cli import app

from .conftest import SEED_ADVISERS, SEED_LAVROV

# Document text is untrusted: each of these would run script if a page printed it as HTML.
HOSTILE_TXT = (
    "Ministry statement <script>window.__pwned = 1</script> on the port talks.\n\n"
    "Officials said the <img src=x onerror=\"window.__pwned = 2\"> plan was fine, a spokesman said.\n\n"
    "Read more <a href=\"javascript:window.__pwned = 3\">here</a> and <svg onload=\"window.__pwned = 4\"></svg>.\n"
)
HOSTILE_JSONL = {"title": "<script>window.__pwned = 5</script> Harbour report", "url": "javascript:window.__pwned = 6",
                 "outlet": "<b onmouseover=\"window.__pwned = 7\">Evil Wire</b>", "date": "2024-05-02",
                 "text": "The harbour master said on Thursday that \"<img src=y onerror=window.__pwned=8>\" was "
                         "painted on the pier.\n\nNo one was hurt, police said."}
HOSTILE_LINK = "javascript:window.__pwned = 9"


def build_seed_store(tmp: Path) -> Path:
    src = tmp / "in"
    src.mkdir()
    for seed in (SEED_LAVROV, SEED_ADVISERS):
        shutil.copy(seed, src / seed.name)
    (src / "hostile.txt").write_text(HOSTILE_TXT, "utf-8")
    (src / "hostile.jsonl").write_text(json.dumps(HOSTILE_JSONL) + "\n", "utf-8")
    db = tmp / "served.db"
    r = CliRunner().invoke(app, ["ingest", str(src), "--db", str(db), "-q"])
    assert r.exit_code == 0, r.output
    conn = sqlite3.connect(db)
    with conn:
        doc = conn.execute("SELECT id FROM documents WHERE source LIKE '%hostile.txt'").fetchone()[0]
        conn.execute("INSERT INTO links (doc_id, url, kind, text) VALUES (?, ?, 'inline-url', 'click me')", (doc, HOSTILE_LINK))
    conn.close()
    return db


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory) -> Path:
    return build_seed_store(tmp_path_factory.mktemp("served"))


def doc_id(db: Path, source_part: str) -> str:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT id FROM documents WHERE source LIKE ?", (f"%{source_part}%",)).fetchone()[0]
    finally:
        conn.close()

"""The streaming engine: one worker pool for the whole ingest, the same store as in-process,
resumable after Ctrl-C or kill -9, a bounded closing summary."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import claimgraph.engine.local as local
from claimgraph.config import load_config
from claimgraph.engine.local import ingest
from claimgraph.nlp.pipeline import load_pipeline
from claimgraph.store.db import Store

from ..conftest import EXAMPLES

N_EXAMPLES = 7


def _signature(db: Path) -> tuple[list, ...]:
    c = sqlite3.connect(db)
    q = lambda sql: c.execute(sql).fetchall()  # noqa: E731
    return (q("SELECT id, source, clean_text, date, date_status, outlet FROM documents ORDER BY id"),
            q('SELECT doc_id, start, "end", kind, speaker_id, speech FROM quotes ORDER BY 1, 2, 3'),
            q("SELECT doc_id, start, type, actor_id, target_id, polarity FROM events ORDER BY 1, 2, 3"),
            q("SELECT doc_id, entity_id, start FROM mentions ORDER BY 1, 2, 3"),
            q("SELECT source, code FROM failures ORDER BY 1"))


def _ingest(db: Path, n_process: int, nlp, batch_size: int = 16, src: Path = EXAMPLES):
    cfg = load_config(overrides={"nlp": {"n_process": n_process, "batch_size": 4},
                                 "ingest": {"batch_size": batch_size}, "link": {"enabled": False}})
    with Store(db) as store:
        return ingest([str(src)], store, cfg, nlp=nlp)


def test_worker_pool_stores_what_the_in_process_engine_stores(tmp_path):
    nlp = load_pipeline()
    one = _ingest(tmp_path / "one.db", 1, nlp)
    two = _ingest(tmp_path / "two.db", 2, nlp)
    assert (one.new, two.new) == (N_EXAMPLES, N_EXAMPLES)
    assert _signature(tmp_path / "one.db") == _signature(tmp_path / "two.db")
    assert [d.id for d in one.documents] == [d.id for d in two.documents]  # input order kept


def test_interrupted_pool_ingest_resumes_without_loss_or_duplicates(tmp_path, monkeypatch):
    calls = {"n": 0}
    real_write = Store.write

    def crashing_write(self, results):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real_write(self, results)

    monkeypatch.setattr(Store, "write", crashing_write)
    with pytest.raises(KeyboardInterrupt):
        _ingest(tmp_path / "r.db", 2, None, batch_size=2)
    assert sqlite3.connect(tmp_path / "r.db").execute("SELECT count(*) FROM documents").fetchone()[0] == 4
    monkeypatch.setattr(Store, "write", real_write)
    summary = _ingest(tmp_path / "r.db", 2, None, batch_size=2)
    assert (summary.new, summary.duplicate, summary.failed) == (N_EXAMPLES - 4, 4, 0)
    _ingest(tmp_path / "clean.db", 1, None)
    assert _signature(tmp_path / "r.db")[0] == _signature(tmp_path / "clean.db")[0]


def test_summary_keeps_counts_for_all_and_rows_for_the_first(tmp_path, monkeypatch):
    monkeypatch.setattr(local, "MAX_ROWS", 3)
    monkeypatch.setattr(local, "MAX_FAILURES", 1)
    src = tmp_path / "in"
    src.mkdir()
    for i in range(8):
        (src / f"{i}.txt").write_text(f"Report {i}: the minister said on Tuesday that talks would go on.")
    for i in range(3):
        (src / f"empty{i}.txt").write_text("")
    summary = _ingest(tmp_path / "s.db", 1, None, src=src)
    assert (summary.new, summary.failed) == (8, 3)
    assert len(summary.documents) == 3 and summary.documents_not_kept == 5
    assert len(summary.failures) == 1 and summary.failures_not_kept == 2
    row = summary.documents[0]
    assert row.chars == len(row.clean_text) and sum(q.speech for q in row.quotes) == row.speech_quotes


def test_kill_9_mid_ingest_then_resume_matches_a_clean_run(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(300):
        (src / f"{i:03d}.txt").write_text(f"Report {i}. " + "The minister said on Tuesday that the talks would go on. " * 40)
    (tmp_path / "cfg.toml").write_text("[ingest]\nbatch_size = 4\n[nlp]\nn_process = 2\nbatch_size = 4\n")
    exe = str(Path(sys.executable).with_name("claimgraph"))
    db = tmp_path / "k.db"
    args = [exe, "ingest", str(src), "--db", str(db), "--no-nlp", "--quiet", "--config", str(tmp_path / "cfg.toml")]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            stored = sqlite3.connect(db).execute("SELECT count(*) FROM documents").fetchone()[0]
        except sqlite3.Error:
            stored = 0
        if stored >= 20:
            break
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    time.sleep(0.5)
    # no worker outlives the killed ingest (they see their pipe close and exit)
    leftover = [ln for ln in subprocess.run(["ps", "-o", "pid=,stat=", "-s", str(proc.pid)], capture_output=True,
                                            text=True).stdout.splitlines() if "Z" not in ln.split()[1]]  # zombies are gone
    assert not leftover
    assert 0 < stored < 300 or proc.returncode == 0
    done = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    clean = tmp_path / "c.db"
    subprocess.run([exe, "ingest", str(src), "--db", str(clean), "--no-nlp", "--quiet"], check=True, timeout=300)
    ids = [r[0] for r in sqlite3.connect(db).execute("SELECT id FROM documents")]
    assert len(ids) == len(set(ids)) == 300
    assert _signature(db)[0] == _signature(clean)[0]


def test_pages_and_pdfs_are_read_in_the_workers_and_not_read_again(tmp_path, monkeypatch):
    import claimgraph.ingest.readers as readers

    src = tmp_path / "in"
    src.mkdir()
    page = (EXAMPLES / "port-strike.html").read_text("utf-8")
    (src / "a-port-strike.html").write_text(page, "utf-8")
    # the same report in other markup: another input, the same document
    (src / "b-port-strike-amp.html").write_text(page.replace("<body>", "<body><!-- amp -->", 1), "utf-8")
    for name in ("eu-summit.html", "flood-report.pdf"):
        (src / name).write_bytes((EXAMPLES / name).read_bytes())
    parent = os.getpid()
    read_in: list[int] = []
    real = readers.read_container

    def spy(doc):
        if doc.container is not None:
            read_in.append(os.getpid())
        return real(doc)

    monkeypatch.setattr(readers, "read_container", spy)
    monkeypatch.setattr("claimgraph.engine.process.read_container", spy)
    db = tmp_path / "s.db"
    first = _ingest(db, 2, None, src=src)
    assert (first.new, first.duplicate, first.failed) == (3, 1, 0)
    assert read_in == []  # read in the worker processes (the spy's list there is their own)
    assert sqlite3.connect(db).execute("SELECT count(*), count(DISTINCT doc_id) FROM inputs").fetchone() == (4, 3)
    again = _ingest(db, 1, None, src=src)
    assert (again.new, again.duplicate, again.failed) == (0, 4, 0)
    assert read_in == []  # known by its bytes: no input was read again, not even in this process
    (src / "c-new-markup.html").write_text(page.replace("<body>", "<body><!-- v3 -->", 1), "utf-8")
    third = _ingest(db, 1, None, src=src)
    assert (third.new, third.duplicate) == (0, 5) and read_in == [parent]  # only the new input was read


def test_each_copy_of_an_unreadable_pdf_is_refused_with_its_own_line(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    cut = (EXAMPLES / "flood-report.pdf").read_bytes()[:-400]  # cut short: no end-of-file marker
    for name in ("a.pdf", "b.pdf", "c.pdf"):
        (src / name).write_bytes(cut)
    db = tmp_path / "s.db"
    summary = _ingest(db, 2, None, src=src)
    assert (summary.new, summary.duplicate, summary.failed) == (0, 0, 3)
    rows = sqlite3.connect(db).execute("SELECT source, code FROM failures ORDER BY source").fetchall()
    assert [(Path(s).name, c) for s, c in rows] == [("a.pdf", "E006"), ("b.pdf", "E006"), ("c.pdf", "E006")]

"""The CLI end to end on the bundled sample corpus, as a user runs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimgraph.cli import app
from claimgraph.config import load_config
from claimgraph.engine.local import ingest
from claimgraph.store.db import Store

from ..conftest import EXAMPLES

runner = CliRunner()
N_EXAMPLES = 7  # 2 seeds + 2 HTML + 1 PDF + 2 JSONL lines


def cg(*args: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("claimgraph")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("db") / "cg.db"
    r = cg("ingest", str(EXAMPLES), "--db", str(path), "--no-nlp")
    assert r.returncode == 0, r.stderr
    assert f"{N_EXAMPLES} new, 0 already stored, 0 failed" in r.stdout
    return path


def test_reingest_is_a_noop(db):
    r = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", str(db), "--no-nlp"])
    assert r.exit_code == 0
    assert f"0 new, {N_EXAMPLES} already stored, 0 failed" in r.output


def test_docs_and_show(db):
    r = runner.invoke(app, ["docs", "--db", str(db), "--format", "json"])
    rows = json.loads(r.output)
    assert len(rows) == N_EXAMPLES
    advisers = [d for d in rows if d["source"].endswith("004_541ea5cc89ded8a8.txt")][0]
    r = runner.invoke(app, ["show", advisers["id"][:8], "--db", str(db)])
    assert r.exit_code == 0
    assert "date: 2019 [content]" in r.output
    assert "link-url: 2026-06-24" in r.output and "not of this document" in r.output
    assert "the Russian Foreign Ministry has said" in r.output
    assert ".jpg" not in r.output
    r = runner.invoke(app, ["show", "nosuchdoc", "--db", str(db)])
    assert r.exit_code == 2 and "no document matches 'nosuchdoc'" in r.output


def test_export_jsonl(db, tmp_path):
    out = tmp_path / "export.jsonl"
    r = runner.invoke(app, ["export", "--db", str(db), "--format", "jsonl", "-o", str(out)])
    assert r.exit_code == 0
    docs = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(docs) == N_EXAMPLES and all(d["schema"] == "claimgraph.export/4" for d in docs)
    lavrov = [d for d in docs if d["source"].endswith("000_8aa15447a44d0e3e.txt")][0]
    assert lavrov["outlet"] == "Defence Blog"
    assert {a["name"] for a in lavrov["agencies"]} == {"Defence Blog", "TASS", "Gazeta.ru"}
    advisers = [d for d in docs if d["source"].endswith("004_541ea5cc89ded8a8.txt")][0]
    assert any(ln["url"].startswith("https://www.periscope.tv/") for ln in advisers["links"])
    # the offset map takes a clean span back to the raw text
    from claimgraph.ingest.clean import raw_offset

    i = advisers["clean_text"].index("Foreign Ministry has said")
    s = raw_offset(advisers["offsets"], i)
    e = raw_offset(advisers["offsets"], i + len("Foreign Ministry has said") - 1) + 1
    assert advisers["raw_text"][s:e] == "Foreign\nMinistry has said"


def test_search(db):
    r = runner.invoke(app, ["search", "military base", "--db", str(db), "--format", "json"])
    hits = json.loads(r.output)
    assert hits and "Zakharova" in hits[0]["snippet"] or "base" in hits[0]["snippet"]
    r = runner.invoke(app, ["search", 'AND "(', "--db", str(db)])  # bad FTS syntax is searched as a phrase
    assert r.exit_code == 0


def test_bad_inputs_do_not_stop_the_batch_and_set_the_exit_code(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(EXAMPLES / "port-strike.html", src / "good.html")
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(bytes(range(256)) * 8)
    data = (EXAMPLES / "flood-report.pdf").read_bytes()
    (src / "cut.pdf").write_bytes(data[: len(data) // 3])
    db = tmp_path / "x.db"
    r = cg("ingest", str(src), "--db", str(db), "--no-nlp")
    assert r.returncode == 1
    assert "1 new, 0 already stored, 3 failed" in r.stdout
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 3
    assert any("empty.txt" in e and "[E002]" in e for e in errors)
    assert any("binary.txt" in e and "[E003]" in e for e in errors)
    assert any("cut.pdf" in e and "[E006]" in e for e in errors)
    r = runner.invoke(app, ["failures", "--db", str(db)])
    assert r.output.count("[E00") == 3
    # data already stored survives a later failing run
    (src / "good.html").unlink()
    r = cg("ingest", str(src), "--db", str(db), "--no-nlp")
    assert r.returncode == 1
    rows = json.loads(runner.invoke(app, ["docs", "--db", str(db), "--format", "json"]).output)
    assert len(rows) == 1


def test_interrupted_ingest_resumes_without_loss_or_duplicates(tmp_path, monkeypatch):
    cfg = load_config(overrides={"ingest": {"batch_size": 2}})
    store = Store(tmp_path / "r.db")
    calls = {"n": 0}
    real_write = Store.write

    def crashing_write(self, results):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt  # the user hits Ctrl-C during the third batch
        return real_write(self, results)

    monkeypatch.setattr(Store, "write", crashing_write)
    with pytest.raises(KeyboardInterrupt):
        ingest([str(EXAMPLES)], store, cfg)
    stored = store.conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert stored == 4  # two whole batches, nothing of the third
    monkeypatch.setattr(Store, "write", real_write)
    summary = ingest([str(EXAMPLES)], store, cfg)
    assert (summary.new, summary.duplicate, summary.failed) == (N_EXAMPLES - 4, 4, 0)
    ids = [r[0] for r in store.conn.execute("SELECT id FROM documents")]
    assert len(ids) == len(set(ids)) == N_EXAMPLES


def test_stdin(tmp_path):
    db = tmp_path / "s.db"
    r = runner.invoke(app, ["ingest", "-", "--db", str(db), "--no-nlp"],
                      input=(EXAMPLES / "000_8aa15447a44d0e3e.txt").read_text())
    assert r.exit_code == 0 and "1 new" in r.output


def test_config_is_validated(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[clean]\nsteps = ['fix_mojibake', 'no_such_step']\n")
    r = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", str(tmp_path / "c.db"), "--config", str(bad)])
    assert r.exit_code == 2 and "unknown clean step" in r.output
    typo = tmp_path / "typo.toml"
    typo.write_text("[ingest]\nmax_byte = 10\n")
    r = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", str(tmp_path / "c.db"), "--config", str(typo)])
    assert r.exit_code == 2 and "unknown key 'ingest.max_byte'" in r.output


def test_serve_with_workers_answers_and_stops_cleanly(tmp_path):
    import signal
    import socket
    import subprocess
    import time
    import urllib.request

    db = tmp_path / "w.db"
    r = CliRunner().invoke(app, ["ingest", str(EXAMPLES / "port-strike.html"), "--db", str(db), "--no-nlp", "-q"])
    assert r.exit_code == 0, r.output
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = Path(sys.executable).with_name("claimgraph")
    proc = subprocess.Popen([str(exe), "serve", "--db", str(db), "--port", str(port), "--workers", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/documents", timeout=5) as resp:
                    assert json.loads(resp.read())["items"][0]["format"] == "html"
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise AssertionError("the server did not answer")
        # the port is taken: a second server says so in one line
        taken = subprocess.run([str(exe), "serve", "--db", str(db), "--port", str(port), "--workers", "2"],
                               capture_output=True, text=True, timeout=60)
        assert taken.returncode == 2 and "choose another --port" in taken.stderr and "Traceback" not in taken.stderr
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    assert proc.returncode == 0
    with pytest.raises(ProcessLookupError):  # no server process left behind
        os.killpg(proc.pid, 0)
    # killed outright, the supervisor takes its workers with it
    proc = subprocess.Popen([str(exe), "serve", "--db", str(db), "--port", str(port), "--workers", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api", timeout=5).close()
            break
        except OSError:
            time.sleep(0.2)
    proc.kill()
    proc.wait()
    # (their graceful stop takes about 2 s; on a loaded 2-core machine it once took over 10)
    for _ in range(150):
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.2)
    else:
        raise AssertionError("server workers outlived their supervisor")

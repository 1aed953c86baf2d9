"""The Ray engine (``ingest --engine ray``): the same ``process_batch`` run by Ray Data on a local
Ray of 2 CPUs; the store ends as a local run leaves it, a worker that dies loses nothing else,
and a rerun skips what is stored."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from claimgraph.config import load_config
from claimgraph.engine import local
from claimgraph.engine.process import process_batch
from claimgraph.nlp.pipeline import load_pipeline
from claimgraph.store.db import Store

from ..conftest import EXAMPLES

ray = pytest.importorskip("ray")
ray_engine = pytest.importorskip("claimgraph.engine.ray")

N_EXAMPLES = 7
POISON = "This line makes the worker process exit."


@pytest.fixture(scope="module")
def ray_2cpus():
    started = ray_engine.start(cpus=2)
    yield
    if started:
        ray_engine.stop()


def _dump(db: Path) -> list[list[tuple]]:
    """Every row of every table the ingest writes, in storage order (ingest time aside)."""
    c = sqlite3.connect(db)
    tables = [r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%' "
                                      "AND name NOT LIKE 'sqlite_%' AND name != 'schema_migrations' ORDER BY name")]
    out = []
    for t in tables:
        cols = [r[1] for r in c.execute(f"PRAGMA table_info({t})") if r[1] != "ingested_at"]
        out.append(c.execute(f"SELECT {', '.join(f'[{x}]' for x in cols)} FROM [{t}] ORDER BY rowid").fetchall())
    return out


def _cfg(**over):
    return load_config(overrides={"nlp": {"batch_size": 4}, "ingest": {"batch_size": 4}, **over})


def _dies_on_poison(raws, cfg=None, nlp=None):
    if any(POISON in r.raw for r in raws):
        os._exit(3)  # as a segfault or the kernel's OOM killer would end it
    return process_batch(raws, cfg, nlp)


def test_ray_engine_stores_exactly_what_the_local_engine_stores(tmp_path, ray_2cpus):
    cfg = _cfg()
    with Store(tmp_path / "local.db") as store:
        here = local.ingest([str(EXAMPLES)], store, cfg, nlp=load_pipeline())
    with Store(tmp_path / "ray.db") as store:
        there = local.ingest([str(EXAMPLES)], store, cfg,
                             runner=lambda items: ray_engine.ray_stream(items, cfg, with_nlp=True))
    assert (here.new, there.new, there.failed) == (N_EXAMPLES, N_EXAMPLES, 0)
    assert [d.id for d in here.documents] == [d.id for d in there.documents]
    assert here.links == there.links and sum(there.links.values()) > 0  # the seeds' contradiction is linked
    assert _dump(tmp_path / "local.db") == _dump(tmp_path / "ray.db")
    # a rerun skips what is stored, and windows smaller than the input change nothing
    small = _cfg(engine={"ray_window": 3})
    with Store(tmp_path / "ray.db") as store:
        again = local.ingest([str(EXAMPLES)], store, small,
                             runner=lambda items: ray_engine.ray_stream(items, small, with_nlp=True))
    assert (again.new, again.duplicate, again.failed) == (0, N_EXAMPLES, 0)
    assert _dump(tmp_path / "local.db") == _dump(tmp_path / "ray.db")


def test_a_worker_that_dies_loses_nothing_else(tmp_path, ray_2cpus):
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the workers cannot import tests/
    src = tmp_path / "in"
    src.mkdir()
    for i in range(10):
        (src / f"{i:02d}.txt").write_text(f"Report {i}: the minister said on Tuesday that talks would go on.")
    (src / "05-poison.txt").write_text(f"Report 5b: {POISON}")
    cfg = _cfg(link={"enabled": False}, engine={"ray_window": 6})
    with Store(tmp_path / "p.db") as store:
        summary = local.ingest([str(src)], store, cfg,
                               runner=lambda items: ray_engine.ray_stream(items, cfg, False, work=_dies_on_poison))
    assert (summary.new, summary.failed) == (10, 1)
    assert summary.failures[0].source.endswith("05-poison.txt") and summary.failures[0].code == "E017"
    c = sqlite3.connect(tmp_path / "p.db")
    assert c.execute("SELECT count(*) FROM documents").fetchone()[0] == 10
    assert c.execute("SELECT code FROM failures").fetchall() == [("E017",)]


def test_cli_engine_ray_and_its_errors(tmp_path):
    exe = str(Path(sys.executable).with_name("claimgraph"))
    db = tmp_path / "cli.db"
    run = lambda *a: subprocess.run([exe, "ingest", *a], capture_output=True, text=True, timeout=600)  # noqa: E731
    done = run(str(EXAMPLES), "--db", str(db), "--engine", "ray", "--cpus", "2", "--no-nlp", "-q")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith(f"{N_EXAMPLES} new, 0 already stored, 0 failed -> {db}")
    assert "Traceback" not in done.stderr and "deprecated" not in done.stderr.lower()
    bad = run(str(EXAMPLES), "--db", str(db), "--engine", "spark")
    assert bad.returncode == 2 and bad.stderr.strip() == "error: invalid option: --engine must be local or ray, not 'spark' [E024]"
    stray = run(str(EXAMPLES), "--db", str(db), "--cpus", "2")
    assert stray.returncode == 2 and "--address and --cpus go with --engine ray" in stray.stderr


def test_an_annotating_actor_leaves_torch_out():
    """thinc imports torch whenever it is installed; an actor that only annotates must not pay
    for it (a second of start-up and about 200 MB each). A fresh interpreter, as a Ray worker is."""
    code = ("import pickle, sys\n"
            "from claimgraph.config import load_config\n"
            "from claimgraph.engine.ray import Annotator\n"
            "from claimgraph.ingest.readers import read_txt\n"
            "a = Annotator(load_config(), True)\n"
            f"raw = read_txt(open({str(EXAMPLES / '004_541ea5cc89ded8a8.txt')!r}, 'rb').read(), 'seed.txt')\n"
            "(res,) = pickle.loads(a.run(pickle.dumps([raw])))\n"
            "print(sys.modules.get('torch') is not None, len(res.quotes) > 0)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "True"]

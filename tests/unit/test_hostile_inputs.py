"""Inputs built to hang or break the ingest: each must finish, stored or refused with a coded line.

Every case runs the real function on a generated input under a generous alarm: a step that
is quadratic again in the length of a document does not finish within it on these sizes (the
mojibake step needed minutes for 200,000 quote marks), while the linear code needs well
under a second. The alarm turns a hang into a failure instead of a stuck CI job.
"""

from __future__ import annotations

import base64
import json
import os
import random
import signal
import sqlite3
import threading
import time
from contextlib import contextmanager

import pytest

from claimgraph.engine.process import bounded_runs, prepare, prepare_or_fail
from claimgraph.errors import ClaimgraphError
from claimgraph.ingest.clean import clean, strip_invisible
from claimgraph.ingest.dating import find_timexes
from claimgraph.ingest.readers import decode_bytes, read_file, read_html
from claimgraph.model import DocResult, Failure, RawDocument
from claimgraph.store.db import Store

LIMIT_S = 60  # far above the linear cost (< 1 s each), far below the quadratic one


@contextmanager
def within(seconds: int = LIMIT_S):
    def on_alarm(signum, frame):
        raise TimeoutError(f"did not finish within {seconds} s: quadratic again?")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


LEAD = "Foreign Minister Sergei Lavrov said on Tuesday that Russia would not send troops, TASS reported.\n\n"
N = 200_000
rnd = random.Random(14)

HOSTILE = {
    "200k ASCII quote marks": '"' * N,
    "200k curly quote marks": "“" * (N // 2) + "”" * (N // 4),
    "200k apostrophes after a word": "a" + "'" * N,
    "100 KB base64 token in an article": LEAD + base64.b64encode(rnd.randbytes(75_000)).decode() + " é\n\n" + LEAD,
    "run of 200k spaces": "a" + " " * N + "b",
    "run of no-break spaces and tabs": "a" + "\u00a0\t" * (N // 2) + "b",
    "100k markdown image openers": "![" * (N // 2),
    "markdown images on one line": "x " + "![](a.png) " * (N // 11),
    "image-name pieces on one line": "a.png?" * (N // 6) + " b",
    "capitalised words without a full stop": "Alpha Beta " * (N // 11),
    "one capitalised word run": "LISBON " * (N // 7),
    "all-caps 200k token": "A" * N,
    "time expressions without a full stop": "On Monday May 5 he said in May 2019 that by 2020 " * (N // 50),
    "office titles without a full stop": "President Donald Trump " * (N // 23),
    "one line of words": "word " * (N // 5),
    "a URL of 200k characters": "http://x.com/" + "a" * N,
    "lines of double spaces": "a  b\n" * (N // 5),
    "hyphenated line ends": "a-\n" * (N // 3),
    "unbalanced quotes and apostrophes": "“a ' " * (N // 5),
    "blank lines with spaces": "\n \n\t\n" * (N // 5),
    "invisible characters between letters": "P\u200bu\u200dt\u202ei\u2066n " * (N // 10),
    "thousands of related-article lines and URLs": "Intro.\n\n" + "".join(f"Related article: Foo bar baz {i}\n" for i in range(3000))
    + "".join(f"See http://x.com/2019/03/foo-bar-baz-{i} now.\n" for i in range(3000)),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_prepare_finishes_on_hostile_text(name):
    raw = RawDocument(source=f"{name}.txt", raw=HOSTILE[name], format="txt")
    with within():
        result = prepare_or_fail(raw)
    assert isinstance(result, (DocResult, Failure))


def test_mojibake_step_on_200k_quote_marks_and_a_base64_token():
    # the two inputs of the issue, through the whole cleaning cascade
    with within():
        tr, _ = clean('"' * N)
        assert tr.text == '"' * N
        token = base64.b64encode(rnd.randbytes(75_000)).decode()
        tr, _ = clean(LEAD + "naÃ¯ve " + token)
        assert "naïve" in tr.text and token in tr.text


def test_time_expressions_of_a_long_document():
    text = "He said on Monday, May 5, 2019 that in May 2019 things would change by 2020 and last week " * 5000
    with within():
        timexes = find_timexes(text, None)
    assert len(timexes) >= 4 * 5000
    spans = sorted((t.start, t.end) for t in timexes)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))  # no two overlap


def test_bounded_runs_keeps_length_and_ordinary_text():
    ordinary = "The Associated Press and Radio Free Europe reported that the New York Times said so."
    assert bounded_runs(ordinary) is ordinary
    hostile = "Alpha " * 50 + "A" * 100
    cut = bounded_runs(hostile)
    assert len(cut) == len(hostile) and "|" in cut


# --- text hygiene --------------------------------------------------------------------------

def test_latin1_file_decodes_as_latin1(tmp_path):
    p = tmp_path / "naive.txt"
    p.write_bytes("C'est une idée naïve, a déclaré le président.".encode("latin-1"))
    (item,) = read_file(p, 10**6)
    assert isinstance(item, RawDocument) and "naïve" in item.raw and "idée" in item.raw
    assert decode_bytes("naïve".encode("latin-1")) == "naïve"


def test_central_european_page_stays_central_european():
    czech = "Předseda vlády řekl, že česká republika nebude posílat vojáky. Příští týden se sejdou ministři."
    polish = "Minister spraw zagranicznych powiedział, że Polska nie wyśle żołnierzy."
    assert decode_bytes(czech.encode("cp1250")) == czech
    assert decode_bytes(polish.encode("cp1250")) == polish


def test_nul_byte_is_dropped_not_a_reason_to_refuse(tmp_path):
    p = tmp_path / "nul.txt"
    p.write_bytes(b"The minister said\x00 the talks would go on.\x00\n")
    (item,) = read_file(p, 10**6)
    assert isinstance(item, RawDocument) and item.raw == "The minister said the talks would go on.\n"


def test_utf16_without_byte_order_mark(tmp_path):
    p = tmp_path / "utf16.txt"
    p.write_bytes("The minister said the talks would go on.".encode("utf-16-le"))
    (item,) = read_file(p, 10**6)
    assert isinstance(item, RawDocument) and item.raw == "The minister said the talks would go on."


def test_binary_with_many_nuls_is_still_binary(tmp_path):
    p = tmp_path / "image.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00\x01\x02\x03" * 500)
    (item,) = read_file(p, 10**6)
    assert isinstance(item, Failure) and item.code == "E003"


def test_file_of_invisible_characters_is_empty(tmp_path):
    p = tmp_path / "invisible.txt"
    p.write_text("\u200b\u200d\u202e\u2066\ufeff\u00ad \u200f\n\u2060", "utf-8")
    (item,) = read_file(p, 10**6)
    assert isinstance(item, Failure) and item.code == "E002"


def test_invisible_characters_never_reach_the_text_ids_or_names():
    spoofed = "Vladi\u200bmir Pu\u200dtin\u202e said on Tuesday that Rus\u2066sia would \u00adnot send troops."
    assert strip_invisible(spoofed) == "Vladimir Putin said on Tuesday that Russia would not send troops."
    # a joiner inside a script that needs it stays
    assert strip_invisible("می\u200cخواهم") == "می\u200cخواهم"
    result = prepare(RawDocument(source="x.txt", raw=spoofed, format="txt"))
    assert "Vladimir Putin" in result.clean_text and "\u200b" not in result.clean_text
    # the reader gives the same document (same id) as the text without them
    assert RawDocument("a", strip_invisible(spoofed), "txt").id == RawDocument("b", strip_invisible(spoofed), "txt").id


def test_invisible_characters_never_reach_entity_names_or_ids():
    from claimgraph.engine.process import process_batch
    from claimgraph.nlp.pipeline import load_pipeline

    text = "Russian President Vladi\u200bmir Pu\u200dtin\u202e said on Tuesday that Moscow would help."
    (r,) = process_batch([RawDocument("x.txt", text, "txt")], None, load_pipeline())
    invisible = ("\u200b", "\u200d", "\u202e")
    assert r.entities and any("Putin" in e.name for e in r.entities)
    for e in r.entities:
        assert not any(ch in e.id or ch in e.name for ch in invisible), e


# --- readers ---------------------------------------------------------------------------------

def test_deeply_nested_jsonl_line_is_one_failure(tmp_path):
    p = tmp_path / "deep.jsonl"
    p.write_text("[" * 100_000 + "]" * 100_000 + "\n" + json.dumps({"text": "The minister said so."}) + "\n")
    items = list(read_file(p, 10**8))
    assert isinstance(items[0], Failure) and items[0].code == "E009"
    assert isinstance(items[1], RawDocument)


def test_fifo_named_like_a_document_is_refused_not_read(tmp_path):
    p = tmp_path / "pipe.txt"
    os.mkfifo(p)
    with within(10):
        (item,) = read_file(p, 10**6)
    assert isinstance(item, Failure) and item.code == "E012" and "not a regular file" in item.message


def test_html_without_precision_text_falls_back_to_recall_and_keeps_a_table():
    rows = "".join(f"<tr><td>District {i}</td><td>Candidate {i}</td><td>{1000 + 37 * i}</td></tr>" for i in range(12))
    only_table = f"<html><head><title>Results</title></head><body><table>{rows}</table></body></html>"
    doc = read_html(only_table, "results.html")
    assert "District 11" in doc.raw and doc.meta["extraction"] == "recall"
    headed = ("<html><body><nav><a href='/'>Home</a></nav><h1>Election results by district</h1>"
              f"<table><tr><th>District</th><th>Candidate</th><th>Votes</th></tr>{rows}</table></body></html>")
    doc = read_html(headed, "headed.html")
    assert "District 11" in doc.raw and doc.meta["extraction"] == "recall, with tables"


def test_page_of_many_links_is_read_in_bounded_time():
    links = "".join(f'<a href="https://example.com/{i}">link number {i}</a> ' for i in range(10_000))
    page = f"<html><body><article><p>{'The minister said the talks would go on. ' * 200}</p><p>{links}</p></article></body></html>"
    with within():
        item = read_html(page, "links.html")
    assert len(item.links) <= 500


# --- store and engine --------------------------------------------------------------------------

def test_locked_store_is_waited_for(tmp_path):
    path = tmp_path / "s.db"
    Store(path).close()
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    threading.Timer(0.5, lambda: other.execute("COMMIT")).start()
    store = Store(path, busy_timeout=5)
    t0 = time.monotonic()
    counts = store.write([Failure("a.txt", "E002", "empty")])
    assert counts["failed"] == 1 and time.monotonic() - t0 >= 0.4


def test_store_locked_for_too_long_is_one_coded_error(tmp_path):
    path = tmp_path / "s.db"
    Store(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    store = Store(path, busy_timeout=0.2, attempts=2)
    with pytest.raises(ClaimgraphError) as info:
        store.write([Failure("a.txt", "E002", "empty")])
    assert info.value.code == "E014" and str(path) in str(info.value) and "\n" not in str(info.value)
    other.execute("ROLLBACK")
    assert store.write([Failure("a.txt", "E002", "empty")])["failed"] == 1  # usable again


def test_unexpected_store_error_stops_with_one_line_naming_the_file(tmp_path, monkeypatch):
    from claimgraph.config import load_config
    from claimgraph.engine.local import ingest

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("The minister said the talks would go on.")

    def broken(self, results):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(Store, "write", broken)
    store = Store(tmp_path / "x.db")
    with pytest.raises(ClaimgraphError) as info:
        ingest([str(src)], store, load_config(), nlp=None)
    message = str(info.value)
    assert info.value.code == "E016" and "a.txt" in message and "disk" in message and "\n" not in message


def test_prepare_over_its_time_budget_is_refused(monkeypatch):
    import claimgraph.engine.process as process

    monkeypatch.setattr(process, "PREPARE_BUDGET_S", 0.3)
    monkeypatch.setattr(process, "prepare", lambda raw, steps=None: time.sleep(5))
    result = process.prepare_or_fail(RawDocument("slow.txt", "text", "txt"))
    assert isinstance(result, Failure) and result.code == "E015" and "slow.txt" in result.line()


def _work(raws):
    out = []
    for r in raws:
        if "CRASH" in r.raw:
            os._exit(3)
        if "HANG" in r.raw:
            time.sleep(60)
        out.append(Failure(r.source, "E000", r.raw))  # any plain result: the pool only moves it
    return out


def test_pool_survives_a_worker_that_dies_or_hangs():
    from claimgraph.engine.pool import WorkerPool

    docs = [RawDocument(f"d{i}.txt", f"doc {i}" + (" CRASH" if i == 5 else " HANG" if i == 9 else ""), "txt")
            for i in range(20)]
    batches = [docs[i : i + 4] for i in range(0, 20, 4)]
    with within(), WorkerPool(2, _work, budget_s=1.0, per_char_s=0.0) as pool:
        out = [r for batch in pool.imap(batches) for r in batch]
    assert [r.source for r in out] == [d.source for d in docs]  # nothing lost, order kept
    codes = {r.source: r.code for r in out}
    assert codes["d5.txt"] == "E017" and codes["d9.txt"] == "E015"
    assert all(c == "E000" for s, c in codes.items() if s not in ("d5.txt", "d9.txt"))


def _echo(raws):
    return [Failure(r.source, "E000", r.raw) for r in raws]


def test_pool_moves_megabyte_batches_both_ways_without_blocking():
    # The parent sending a big batch while a worker sends big results back must not wait for ever.
    from claimgraph.engine.pool import WorkerPool

    big = "x" * 1_000_000
    batches = [[RawDocument(f"b{i}-{j}.txt", big + str(i * 4 + j), "txt") for j in range(4)] for i in range(8)]
    with within(), WorkerPool(2, _echo) as pool:
        out = [r for batch in pool.imap(batches) for r in batch]
    assert [r.message[-2:].lstrip("x") for r in out] == [str(k) for k in range(32)]

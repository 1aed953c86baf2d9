"""One behaviour for every command: --format text|json|csv validated, the same filters on every
list, honest messages (a missing store, a rewritten search, an empty list), quotations with dates."""

from __future__ import annotations

import csv
import io
import json

import pytest
import typer.main
from typer.testing import CliRunner

from claimgraph.cli import app

from ..served import doc_id, seed_store  # noqa: F401

runner = CliRunner()
LISTS = ("docs", "failures", "quotes", "entities", "events", "claims")
FILTERS = ("--since", "--until", "--outlet", "--speaker", "--entity", "--kind", "--limit", "--offset")


def run(db, *args, code=0):
    r = runner.invoke(app, [*args, "--db", str(db)])
    assert r.exit_code == code, (args, r.output)
    return r.output


def test_every_command_takes_the_same_format_option_and_every_list_the_same_filters():
    group = typer.main.get_command(app)
    for name, command in group.commands.items():
        opts = {o for p in command.params for o in p.opts}
        if name != "serve":
            assert "--format" in opts, name
        if name in LISTS + ("search", "timeline"):
            missing = [f for f in FILTERS if f not in opts]
            assert not missing, (name, missing)


@pytest.mark.parametrize("args", [("docs",), ("failures",), ("quotes",), ("entities",), ("events",), ("claims",),
                                  ("claims", "--contradictions"), ("search", "Caracas"), ("entity", "Russia"),
                                  ("timeline", "Russia")])
def test_unknown_format_is_an_error_and_csv_is_csv(seed_store, args):  # noqa: F811
    r = runner.invoke(app, [*args, "--db", str(seed_store), "--format", "xml"])
    assert r.exit_code == 2 and "xml" in r.output and "is not one of" in r.output
    as_json = json.loads(run(seed_store, *args, "-f", "json"))
    rows = list(csv.DictReader(io.StringIO(run(seed_store, *args, "-f", "csv"))))
    n = len(as_json) if isinstance(as_json, list) else 1
    assert len(rows) == n, args
    if rows:
        assert "│" not in "".join(rows[0].values())  # not a table


def test_failures_as_json_and_csv(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    db = tmp_path / "f.db"
    runner.invoke(app, ["ingest", str(tmp_path), "--db", str(db), "--no-nlp"])
    rows = json.loads(run(db, "failures", "-f", "json"))
    assert [r["code"] for r in rows] == ["E002"]
    assert "E002" in run(db, "failures", "-f", "csv")
    assert json.loads(run(db, "failures", "--kind", "E003", "-f", "json")) == []
    assert "does not apply to failures" in run(db, "failures", "--speaker", "x", code=2)


def test_read_commands_on_a_missing_store_say_so(tmp_path):
    missing = tmp_path / "nope.db"
    for cmd in (["docs"], ["quotes"], ["search", "x"], ["failures"], ["entities"], ["claims"], ["serve"]):
        r = runner.invoke(app, [*cmd, "--db", str(missing)])
        assert r.exit_code == 2 and "does not exist" in r.output and "claimgraph ingest" in r.output, cmd
    assert not missing.exists()


def test_search_says_when_it_rewrote_the_query_and_when_nothing_matches(seed_store):  # noqa: F811
    r = runner.invoke(app, ["search", 'Oreshnik AND "(', "--db", str(seed_store)])
    assert r.exit_code == 0 and "note: not valid FTS5 syntax" in r.output and "Oreshnik" in r.output
    assert "no documents match 'zzzqqq'" in run(seed_store, "search", "zzzqqq")
    assert "no word in it" in run(seed_store, "search", '""', code=2)


def test_the_quote_list_shows_each_quotation_s_date(seed_store):  # noqa: F811
    out = run(seed_store, "quotes", "--speaker", "Zakharova")
    lines = [ln for ln in out.splitlines() if "Maria Zakharova (" in ln]
    assert len(lines) == 3 and all(ln.startswith("2019") for ln in lines), lines
    lavrov = [ln for ln in run(seed_store, "quotes", "--speaker", "Lavrov").splitlines() if "Sergey Lavrov (" in ln]
    assert lavrov and all(ln.startswith("2024-11-21..") for ln in lavrov)
    rows = json.loads(run(seed_store, "quotes", "-f", "json"))
    assert all("when" in q for q in rows)


def test_filters_mean_the_same_on_every_list(seed_store):  # noqa: F811
    docs = json.loads(run(seed_store, "docs", "-f", "json"))
    assert len(docs) == 4
    assert {d["outlet"] for d in json.loads(run(seed_store, "docs", "--outlet", "DEFENCE BLOG", "-f", "json"))} == {"Defence Blog"}
    dated_2019 = json.loads(run(seed_store, "docs", "--since", "2019", "--until", "2019", "-f", "json"))
    assert [d["date"] for d in dated_2019] == ["2019"]
    assert len(json.loads(run(seed_store, "docs", "--kind", "jsonl", "-f", "json"))) == 1
    assert "use one of txt, html, pdf, jsonl" in run(seed_store, "docs", "--kind", "doc", code=2)
    assert "use an ISO date" in run(seed_store, "quotes", "--since", "last week", code=2)
    assert "is after" in run(seed_store, "events", "--since", "2020", "--until", "2019", code=2)
    page1 = json.loads(run(seed_store, "quotes", "--limit", "3", "-f", "json"))
    page2 = json.loads(run(seed_store, "quotes", "--limit", "3", "--offset", "3", "-f", "json"))
    every = json.loads(run(seed_store, "quotes", "-f", "json"))
    assert [q["id"] for q in page1 + page2] == [q["id"] for q in every[:6]]
    assert "more with --offset 3" in run(seed_store, "quotes", "--limit", "3")
    lavrov_doc = doc_id(seed_store, "000_8aa15447a44d0e3e")
    by_entity = json.loads(run(seed_store, "docs", "--entity", "Oreshnik", "-f", "json"))
    assert [d["id"] for d in by_entity] == [lavrov_doc] or by_entity == []
    about_venezuela = json.loads(run(seed_store, "quotes", "--entity", "Venezuela", "-f", "json"))
    assert about_venezuela and all("Venezuela" in q["content"] or "Caracas" in q["content"] for q in about_venezuela)
    by_speaker = json.loads(run(seed_store, "docs", "--speaker", "Lavrov", "-f", "json"))
    assert [d["id"] for d in by_speaker] == [lavrov_doc]
    events_2019 = json.loads(run(seed_store, "events", "--since", "2019-01", "--until", "2019-12", "-f", "json"))
    assert events_2019 and all(e["time_start"] <= "2019-12-31" and e["time_end"] >= "2019-01-01" for e in events_2019)
    aid = json.loads(run(seed_store, "claims", "--kind", "aid", "--entity", "Venezuela", "-f", "json"))
    assert aid and {c["type"] for c in aid} == {"AID"}
    lavrov_pairs = json.loads(run(seed_store, "claims", "--contradictions", "--speaker", "Lavrov", "-f", "json"))
    assert lavrov_pairs and all("Sergey Lavrov" in (p["first"]["asserter"], p["second"]["asserter"]) for p in lavrov_pairs)
    people = json.loads(run(seed_store, "entities", "--type", "person", "--speaker", "Lavrov", "-f", "json"))
    assert all(e["type"] == "PERSON" for e in people)


def test_ingest_and_show_and_export_formats(seed_store, tmp_path):  # noqa: F811
    (tmp_path / "a.txt").write_text("The mayor said the bridge would reopen on Monday.", "utf-8")
    r = runner.invoke(app, ["ingest", str(tmp_path / "a.txt"), "--db", str(tmp_path / "i.db"), "--no-nlp", "-f", "json"])
    assert r.exit_code == 0 and json.loads(r.output)["new"] == 1
    shown = list(csv.DictReader(io.StringIO(run(tmp_path / "i.db", "show", json.loads(r.output)["documents"][0]["id"], "-f", "csv"))))
    assert len(shown) == 1 and shown[0]["clean_text"].startswith("The mayor")
    exported = json.loads(run(tmp_path / "i.db", "export", "-f", "json"))
    assert len(exported) == 1 and exported[0]["schema"] == "claimgraph.export/4"
    assert "bridge" in run(tmp_path / "i.db", "export", "-f", "csv")
    assert runner.invoke(app, ["export", "--db", str(tmp_path / "i.db"), "-f", "xml"]).exit_code == 2

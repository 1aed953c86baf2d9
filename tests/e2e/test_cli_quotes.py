"""`claimgraph quotes`, `entities`, `entity` and the export, with the NLP stage on, on the seed reports."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimgraph.cli import app

from ..conftest import SEED_ADVISERS, SEED_LAVROV

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("q")
    for seed in (SEED_LAVROV, SEED_ADVISERS):
        shutil.copy(seed, tmp / seed.name)
    path = tmp / "q.db"
    r = runner.invoke(app, ["ingest", str(tmp), "--db", str(path)])
    assert r.exit_code == 0, r.output
    assert "2 new" in r.output
    return path


def test_quotes_text_lists_every_speaker(db):
    r = runner.invoke(app, ["quotes", "--db", str(db)])
    assert r.exit_code == 0
    for name in ("Sergey Lavrov", "Alexei Zhuravlyov", "Maria Zakharova", "Viktor Bondarev", "Vladimir Dzhabarov",
                 "Donald Trump", "Russian Foreign Ministry", "Juan Guaido"):
        assert name in r.output
    assert "“No, they have not come to us,”" in r.output
    assert "via The Moscow Times -> Interfax -> Vladimir Dzhabarov" in r.output
    assert "strategic partnership agreement”\n" not in r.output


def test_quotes_by_speaker_json(db):
    r = runner.invoke(app, ["quotes", "--db", str(db), "--speaker", "Zakharova", "--format", "json"])
    rows = json.loads(r.output)
    assert len(rows) == 3 and {q["speaker"] for q in rows} == {"Maria Zakharova"}
    assert [q["kind"] for q in rows] == ["partial", "indirect", "direct"]
    r = runner.invoke(app, ["quotes", "--db", str(db), "--speaker", "Lavrov", "--format", "json"])
    assert len(json.loads(r.output)) == 9
    r = runner.invoke(app, ["quotes", "--db", str(db), "--all", "--format", "json"])
    assert any(not q["speech"] and q["speaker"] == "Defence Blog" for q in json.loads(r.output))


def test_entity_pages(db):
    r = runner.invoke(app, ["entity", "Kremlin", "--db", str(db)])
    assert r.exit_code == 0 and r.output.startswith("Russia  [GPE]  gpe:russia")
    assert "sub-actor: Russian Foreign Ministry" in r.output
    r = runner.invoke(app, ["entity", "Nicolas Maduro", "--db", str(db), "--format", "json"])
    ent = json.loads(r.output)
    assert ent["id"] == "person:nicolas-maduro" and len(ent["documents"]) == 2
    assert {"Nicolás Maduro", "Nicolas Maduro"} <= set(ent["aliases"])
    r = runner.invoke(app, ["entity", "nobody-at-all", "--db", str(db)])
    assert r.exit_code == 2 and "no entity matches" in r.output
    r = runner.invoke(app, ["entities", "--db", str(db), "--type", "person", "--format", "json"])
    people = {e["name"]: e for e in json.loads(r.output)}
    assert people["Sergey Lavrov"]["quotes"] == 9


def test_export_holds_quotes_entities_and_mentions(db):
    r = runner.invoke(app, ["export", "--db", str(db)])
    docs = [json.loads(line) for line in r.output.splitlines()]
    advisers = [d for d in docs if d["source"].endswith(SEED_ADVISERS.name)][0]
    q = [q for q in advisers["quotes"] if "First the situation" in q["content"]][0]
    assert q["speaker"] == "Vladimir Dzhabarov" and q["provenance"][-2] == "Interfax"
    assert advisers["raw_text"][q["raw_start"] : q["raw_end"]] == q["content"]
    assert any(e["id"] == "gpe:russia" for e in advisers["entities"])
    assert any(m["text"] == "Kremlin" and m["entity_id"] == "gpe:russia" for m in advisers["mentions"])


def test_a_later_document_joins_existing_entities(db, tmp_path):
    later = tmp_path / "later.txt"
    later.write_text("Zakharova said on Friday that Moscow would keep its advisers in Caracas. "
                     "Trump said the United States was watching closely.")
    r = runner.invoke(app, ["ingest", str(later), "--db", str(db)])
    assert r.exit_code == 0
    r = runner.invoke(app, ["quotes", "--db", str(db), "--doc", str(later), "--format", "json"])
    rows = json.loads(r.output)
    assert {q["speaker_id"] for q in rows} == {"person:maria-zakharova", "person:donald-trump"}


def test_quotes_show_an_interrupted_quotation_as_its_pieces_and_unresolved_speakers(tmp_path):
    (tmp_path / "strike.txt").write_text(
        "“We will not give up the port,” union leader Ana Costa said on Monday, “and we will strike until the "
        "contract is signed.”\n\nThe governor said the talks would resume.\n", "utf-8")
    path = tmp_path / "s.db"
    assert runner.invoke(app, ["ingest", str(tmp_path / "strike.txt"), "--db", str(path)]).exit_code == 0
    r = runner.invoke(app, ["quotes", "--db", str(path)])
    assert r.exit_code == 0
    assert "“We will not give up the port,” […] “and we will strike until the contract is signed.”" in r.output
    assert "said on Monday" not in r.output.split("Ana Costa (", 1)[1]
    assert "governor [unresolved]" in r.output

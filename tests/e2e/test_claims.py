"""Claims, contradictions, changes of position, timeline and ask: the seed reports and other news."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimgraph.cli import app

from ..conftest import SEED_ADVISERS, SEED_LAVROV

runner = CliRunner()


def ingest(tmp: Path, files: dict[str, str] | None = None, copies: tuple[Path, ...] = ()) -> Path:
    for src in copies:
        shutil.copy(src, tmp / src.name)
    for name, text in (files or {}).items():
        (tmp / name).write_text(text, "utf-8")
    db = tmp / "c.db"
    r = runner.invoke(app, ["ingest", str(tmp), "--db", str(db), "-q"])
    assert r.exit_code == 0, r.output
    return db


def run(db: Path, *args: str) -> str:
    r = runner.invoke(app, [*args, "--db", str(db)])
    assert r.exit_code == 0, r.output
    return r.output


def as_json(db: Path, *args: str):
    return json.loads(run(db, *args, "-f", "json"))


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> Path:
    return ingest(tmp_path_factory.mktemp("seeds"), copies=(SEED_LAVROV, SEED_ADVISERS))


def test_request_for_military_aid_affirmed_and_denied_is_a_contradiction(seeds):
    pairs = as_json(seeds, "claims", "--contradictions")
    assert pairs, "no contradiction found"
    sides = [(p["first"], p["second"]) for p in pairs]
    # Zhuravlyov's report of a request from Caracas against Lavrov's "No, they have not come to us"
    hit = [(a, b) for a, b in sides if {a["asserter"], b["asserter"]} == {"Alexei Zhuravlyov", "Sergey Lavrov"}
           and any("No, they have not come to us" in s["sentence"] for s in (a, b))]
    assert hit, [(a["sentence"][:60], b["sentence"][:60]) for a, b in sides]
    a, b = hit[0]
    affirmed, denied = (a, b) if a["polarity"] == "affirmed" else (b, a)
    assert affirmed["type"] == denied["type"] == "REQUEST" and affirmed["actor_id"] == "gpe:venezuela"
    assert "a request from Caracas for military aid" in affirmed["sentence"] and denied["polarity"] == "negated"
    assert affirmed["provenance"] == ["Defence Blog", "Gazeta.ru", "Alexei Zhuravlyov"]
    for side in (affirmed, denied):  # both evidence spans point into the stored text
        assert side["sentence_end"] > side["sentence_start"] and side["raw_start"] is not None
    text = run(seeds, "claims", "--contradictions")
    assert "CONTRADICTION" in text and "said by Sergey Lavrov" in text and "said by Alexei Zhuravlyov" in text
    # the undated report is known by its window (after the Oreshnik's first mention), and says so
    assert "reported 2024-11-21.." in text and "reported undated" not in text


def test_2019_advisers_and_the_later_refusal_are_a_change_of_position_not_a_contradiction(seeds):
    changes = as_json(seeds, "claims", "--changes")
    pair = [p for p in changes if p["first"]["time"] == "2019"
            and "does not plan to provide military assistance" in p["second"]["sentence"]]
    assert pair, [(p["first"]["sentence"][:50], p["second"]["sentence"][:50]) for p in changes]
    assert any("advisers will stay in Venezuela" in p["first"]["sentence"] for p in pair)
    assert all(p["first"]["actor_id"] == p["second"]["actor_id"] == "gpe:russia" for p in pair)
    contradictions = as_json(seeds, "claims", "--contradictions")
    assert not any(s["lemma"] == "provide" for p in contradictions for s in (p["first"], p["second"]))


def test_undated_report_gets_a_window_after_2019_and_the_timeline_puts_2019_first(seeds, tmp_path):
    docs = {d["id"]: d for d in as_json(seeds, "docs")}
    lavrov = next(d for d in docs.values() if d["title"] is None or "Russia does not plan" in (d.get("title") or ""))
    shown = as_json(seeds, "show", lavrov["id"])
    assert shown["date_window_start"] > "2019-12-31", shown["date_window_start"]
    assert any(e["kind"] == "content-first-known" and e["text"] == "Oreshnik" for e in shown["dates"])
    lines = [ln for ln in run(seeds, "timeline", "Russia", "--with", "Venezuela").splitlines() if ln[:1].isdigit()]
    assert lines and lines[0].startswith("2019") and lines[-1].startswith("2024")
    svg = tmp_path / "t.svg"
    run(seeds, "timeline", "Russia", "--with", "Venezuela", "--out", str(svg))
    assert svg.read_text("utf-8").lstrip().startswith("<?xml") and "<svg" in svg.read_text("utf-8")


def test_modality_negation_and_rejection_on_the_seeds(seeds):
    events = as_json(seeds, "events")

    def one(fragment: str, lemma: str):
        hits = [e for e in events if fragment in e["sentence"] and e["lemma"] == lemma]
        assert hits, (fragment, lemma)
        return hits[0]

    assert one("could supply Venezuela", "supply")["modality"] == "possible"
    provide = one("does not plan to provide", "provide")
    assert provide["polarity"] == "negated" and provide["type"] == "AID" and provide["mode"] == "military"
    deny = one("Zakharova denied reports", "deny")
    assert deny["type"] == "REJECT" and deny["actor"] == "Maria Zakharova"


def test_ask_shows_both_sides(seeds):
    result = as_json(seeds, "ask", "Did Venezuela request military aid from Russia?")
    assert result["supports"] and result["contradicts"]
    assert {e["asserter"] for e in result["supports"]} == {"Alexei Zhuravlyov"}
    assert "Sergey Lavrov" in {e["asserter"] for e in result["contradicts"]}


# Two other reports, written for this test: a request affirmed in one outlet and denied, in answer
# to the question, in another; a third sentence differs in wording but asserts nothing opposite.
OTHER = {
    "ankara.txt": ("ANKARA, March 3 (Reuters) - Turkey has asked Germany for air-defence systems to protect its southern "
                   "border, Turkish officials said on Tuesday.\n\nThe officials said talks on the request were under way.\n"),
    "berlin.txt": ("BERLIN, March 4 (AP) - “We have received nothing of the kind,” a German government spokesman said "
                   "when asked whether Turkey had requested air-defence systems.\n\nGermany will hold talks with Turkey on "
                   "border security next month, the spokesman added.\n"),
}


def test_the_same_behaviour_on_other_reports(tmp_path):
    db = ingest(tmp_path, OTHER)
    pairs = as_json(db, "claims", "--contradictions")
    assert len(pairs) >= 1, pairs
    p = pairs[0]
    assert {p["first"]["outlet"], p["second"]["outlet"]} == {"Reuters", "Associated Press"}
    assert {p["first"]["polarity"], p["second"]["polarity"]} == {"affirmed", "negated"}
    assert all(s["actor_id"] == "gpe:turkey" and s["type"] == "REQUEST" for s in (p["first"], p["second"]))
    # "will hold talks" is another proposition: no label ties it to the request
    assert not any("hold talks" in s["sentence"] for q in pairs for s in (q["first"], q["second"]))


def test_ask_reads_the_stance_of_each_report(seeds):
    reports = as_json(seeds, "ask", "Did Venezuela request military aid from Russia?")["reports"]
    by_outlet = {r["outlet"]: r for r in reports}
    assert by_outlet["Defence Blog"]["stance"] == "against", reports
    assert all(r["sentence"] and r["end"] > r["start"] for r in reports)


@pytest.fixture
def encoded(monkeypatch) -> list[str]:
    """Every sentence the embedding model is asked to encode, in order."""
    import claimgraph.link.embed as embed_mod

    seen: list[str] = []
    real = embed_mod.embed

    def counting(texts, *a, **kw):
        seen.extend(texts)
        return real(texts, *a, **kw)

    monkeypatch.setattr(embed_mod, "embed", counting)
    return seen


def test_each_claim_sentence_is_encoded_once_and_only_for_linked_pairs(tmp_path, encoded):
    import sqlite3

    (tmp_path / "a").mkdir()
    db = ingest(tmp_path / "a", copies=(SEED_LAVROV,))
    shutil.copy(SEED_ADVISERS, tmp_path / "a" / SEED_ADVISERS.name)
    runner.invoke(app, ["ingest", str(tmp_path / "a"), "--db", str(db), "-q"])
    c = sqlite3.connect(db)
    linked = {r[0] for r in c.execute("SELECT a FROM claim_links UNION SELECT b FROM claim_links")}
    stored = {r[0] for r in c.execute("SELECT claim_id FROM claim_vectors")}
    assert linked and stored == linked  # vectors for the claims in links, and for no other
    assert len(encoded) == len(set(encoded))  # no sentence encoded twice across the two passes
    # the similarity still weighs the confidence
    assert all("sentence similarity" in r[0] for r in c.execute("SELECT reason FROM claim_links"))


def test_a_sentence_another_document_repeats_is_not_encoded_again(tmp_path, encoded):
    """Syndicated copy: the same report under another heading, ingested in a later pass, links to
    the first (same claims) and reuses the stored sentence vectors instead of encoding them again."""
    import sqlite3

    (tmp_path / "a").mkdir()
    db = ingest(tmp_path / "a", copies=(SEED_LAVROV, SEED_ADVISERS))
    first = len(encoded)
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "copy.txt").write_text("Republished with permission.\n\n" + SEED_LAVROV.read_text("utf-8"), "utf-8")
    r = runner.invoke(app, ["ingest", str(tmp_path / "b"), "--db", str(db), "-q"])
    assert r.exit_code == 0, r.output
    c = sqlite3.connect(db)
    docs = [d for (d,) in c.execute("SELECT id FROM documents")]
    copy_links = c.execute("SELECT count(*) FROM claim_links l JOIN claims x ON x.id = l.b WHERE x.doc_id = ?",
                           (docs[-1],)).fetchone()[0]
    assert len(docs) == 3 and copy_links > 0  # the copy's claims were linked (and needed vectors)
    assert first > 0 and len(encoded) == len(set(encoded))  # not one sentence encoded twice
    assert c.execute("SELECT count(*) FROM sentence_vectors").fetchone()[0] == len(set(encoded))


def test_the_linking_pass_beside_the_workers_encodes_on_one_thread(tmp_path, monkeypatch):
    import torch

    import claimgraph.link.embed as emb

    seen = []
    real = emb.embed

    def spy(texts, *args, **kwargs):
        seen.append(torch.get_num_threads())
        return real(texts, *args, **kwargs)

    monkeypatch.setattr(emb, "embed", spy)
    emb.load_model()
    before = torch.get_num_threads()
    src = tmp_path / "in"
    src.mkdir()
    for seed in (SEED_LAVROV, SEED_ADVISERS):
        shutil.copy(seed, src / seed.name)
    r = CliRunner().invoke(app, ["ingest", str(src), "--db", str(tmp_path / "s.db"), "-q"])  # packaged: 2 workers
    assert r.exit_code == 0, r.output
    assert seen and set(seen) == {1}  # the workers have the cores
    assert torch.get_num_threads() == before  # given back after the ingest

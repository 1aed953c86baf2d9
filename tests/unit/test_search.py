"""Full-text search: the hits, and the snippet around them, on the bundled examples."""

from __future__ import annotations

import re
import sqlite3

import pytest

from claimgraph.store import queries
from claimgraph.store.queries import Filters, _hit_pattern, hit_snippet

from ..conftest import EXAMPLES, SEED_LAVROV


@pytest.fixture(scope="module")
def conn(tmp_path_factory) -> sqlite3.Connection:
    from typer.testing import CliRunner

    from claimgraph.cli import app

    db = tmp_path_factory.mktemp("search") / "s.db"
    r = CliRunner().invoke(app, ["ingest", str(EXAMPLES), "--db", str(db), "--no-nlp"])
    assert r.exit_code == 0, r.output
    c = sqlite3.connect(db)
    c.row_factory = sqlite3.Row
    return c


def _show(text: str, pattern: re.Pattern[str]) -> str | None:
    """hit_snippet() with its hits between [ ], as the search results show them."""
    out = hit_snippet(text, pattern)
    return None if out is None else out.replace("\ue000", "[").replace("\ue001", "]")


def _marked(snippet: str) -> list[str]:
    return re.findall(r"\[([^\]]*)\]", snippet)


def _plain(snippet: str) -> str:
    return snippet.strip("…").replace("[", "").replace("]", "")


def test_a_snippet_is_a_piece_of_the_text_with_every_hit_marked(conn):
    res = queries.search(conn, '"military assistance" AND Lavrov', Filters())
    top = res["items"][0]
    text = conn.execute("SELECT clean_text FROM documents WHERE id = ?", (top["id"],)).fetchone()[0]
    assert _plain(top["snippet"]) in text
    assert {m.lower() for m in _marked(top["snippet"])} <= {"military assistance", "lavrov"}
    assert _marked(top["snippet"])
    # the highlights are the same snippet in pieces
    assert "".join(p["text"] for p in top["highlights"]) == top["snippet"].replace("[", "").replace("]", "")
    assert [p["text"] for p in top["highlights"] if p["hit"]] == _marked(top["snippet"])


def test_the_earliest_hit_when_no_window_holds_more_with_what_is_left_out_marked():
    text = SEED_LAVROV.read_text("utf-8")
    out = _show(text, _hit_pattern("Caracas Belarus"))
    # no window holds both: the earliest hit, centred, "…" on both sides
    assert out == "…Sergey Lavrov said, emphasizing that [Caracas] has not requested weapons or troop…"
    # nowhere near each other either: the earliest hit again, and the window starts with the text
    out = _show(text, _hit_pattern("Belarus Venezuela"))
    assert out == "Russia does not plan to provide military assistance to [Venezuela], Foreign Minister…"
    assert len(re.findall(r"[^\W_]+", _plain(out))) == queries.SNIPPET_TOKENS


def test_two_phrases_near_each_other_beat_an_earlier_lone_one():
    text = ("Venezuela has asked for nothing, officials said on Monday in a long statement read to reporters. "
            "Later the minister compared relations with Belarus, a member of the Union State, and with Venezuela.")
    out = _show(text, _hit_pattern("Venezuela Belarus"))
    assert _marked(out) == ["Belarus", "Venezuela"]


def test_query_syntax_marks_only_what_the_text_column_is_searched_for():
    text = "Trump questions the fairness of moderators ahead of debate; Trump said so on Monday."
    marked = lambda q: _marked(_show(text, _hit_pattern(q)))  # noqa: E731
    assert marked("title:Trump debate") == ["debate"]  # the title's phrase is not the text's
    assert marked("Trump NOT Clinton") == ["Trump", "Trump"]  # operators are no words
    assert marked("fair* AND mod*") == ["fairness", "moderators"]  # prefixes
    assert marked('"ahead of debate"') == ["ahead of debate"]  # a phrase, not its words alone
    assert _show(text, _hit_pattern("Trumpet")) is None  # whole tokens only


def test_an_accent_the_pattern_cannot_see_is_left_to_fts5(conn):
    # FTS5 folds accents: "Nicolas" finds "Nicolás" in the Lavrov seed, and its snippet marks it
    res = queries.search(conn, "Nicolas", Filters())
    snippets = {i["source"].rsplit("/", 1)[-1]: i["snippet"] for i in res["items"]}
    assert _marked(snippets[SEED_LAVROV.name]) == ["Nicolás"]
    assert len(res["items"]) == 2


def test_a_huge_text_full_of_hits_gives_a_short_snippet():
    text = ("word " * 40 + "Oreshnik missile. ") * 20_000  # 1 MB, 20,000 hits
    out = _show(text, _hit_pattern("Oreshnik"))
    assert out is not None and len(out) < 200 and out.count("[") == 1


# --- the ranking window and the index of recent documents (migration 012) ---------------------

RECENT = 10_000  # the documents the recent index holds (migration 012)


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> sqlite3.Connection:
    """A store of RECENT + 300 documents, each a paragraph of the Lavrov seed report and its number."""
    from claimgraph.store.db import Store

    paras = [p.strip() for p in SEED_LAVROV.read_text("utf-8").split("\n\n") if len(p.strip()) > 80]
    store = Store(tmp_path_factory.mktemp("big") / "big.db")
    c = store.conn
    c.execute("BEGIN")
    c.executemany(
        "INSERT INTO documents (id, source, format, date_status, raw_text, clean_text, offsets, cleaning, meta,"
        " ingested_at)"
        " VALUES (?, ?, 'text', 'undated', ?, ?, '[]', '[]', '{}', '2026-12-03')",
        ((f"d{i}", f"doc-{i}.txt", t, t) for i, t in
         ((i, f"{paras[i % len(paras)]} Paragraph {i}.") for i in range(1, RECENT + 301))))
    c.execute("COMMIT")
    return c


def _rowids(c: sqlite3.Connection, items: list[dict]) -> list[int]:
    return [c.execute("SELECT rowid FROM documents WHERE id = ?", (d["id"],)).fetchone()[0] for d in items]


def test_the_recent_index_holds_the_latest_documents_only(big):
    held = [r[0] for r in big.execute("SELECT id FROM documents_recent_fts_docsize ORDER BY id")]
    assert held == list(range(301, RECENT + 301))
    big.execute("DELETE FROM documents WHERE id = ?", (f"d{RECENT + 300}",))  # a recent one leaves both indexes
    big.execute("DELETE FROM documents WHERE id = 'd7'")  # an old one leaves the full index only
    assert big.execute("SELECT count(*) FROM documents_recent_fts_docsize").fetchone()[0] == RECENT - 1
    assert not queries.search(big, f'"Paragraph {RECENT + 300}"')["items"]
    assert not queries.search(big, '"Paragraph 7"')["items"]


def test_a_common_word_is_ranked_among_its_latest_matches_and_a_rare_old_one_is_still_found(big):
    out = queries.search(big, "Russia", Filters(limit=20))
    n = queries.RANK_WINDOW
    assert out["ranked"] == f"the {n} most recently stored of more than {n} matches"
    ids = _rowids(big, out["items"])
    newest = big.execute("SELECT rowid FROM documents ORDER BY rowid DESC LIMIT 1").fetchone()[0]
    assert len(ids) == 20 and all(i > newest - 2 * n for i in ids)
    assert [d["rank"] for d in out["items"]] == sorted(d["rank"] for d in out["items"])
    old = queries.search(big, '"Paragraph 5"')  # only in a document the recent index no longer holds
    assert old["ranked"] == "all 1 matches" and [d["id"] for d in old["items"]] == ["d5"]
    assert "[Paragraph 5]" in old["items"][0]["snippet"]


def test_a_page_past_the_ranking_window_is_not_empty(big):
    out = queries.search(big, "Russia", Filters(limit=20, offset=1000))
    assert len(out["items"]) == 20
    assert out["ranked"] == "the 1020 most recently stored of more than 1020 matches"

"""Dating: declared dates with evidence, content windows, conflicts, relative expressions."""

from __future__ import annotations

import datetime as dt
import json

from claimgraph.engine.process import prepare
from claimgraph.ingest.dating import date_document, find_timexes
from claimgraph.ingest.readers import read_file
from claimgraph.model import RawDocument

from ..conftest import EXAMPLES


def values(text: str, anchor: dt.date | None) -> dict[str, str | None]:
    return {t.text: t.value for t in find_timexes(text, anchor)}


def test_relative_expressions_resolve_against_the_document_date():
    # 2019-03-28 was a Thursday
    text = ("Zakharova told reporters during a weekly briefing on Thursday. Trump on Wednesday called on Russia "
            "to withdraw. Moscow sent advisers over the weekend. The accord was signed in May. "
            "Guaido said protests would begin on April 6. Officials met yesterday.")
    v = values(text, dt.date(2019, 3, 28))
    assert v["Thursday"] == "2019-03-28"
    assert v["Wednesday"] == "2019-03-27"
    assert v["over the weekend"] == "2019-03-23"
    assert v["May"] == "2018-05"  # past tense: the latest May before March 2019
    assert v["April 6"] == "2019-04-06"  # "would begin": forward
    assert v["yesterday"] == "2019-03-27"


def test_without_a_document_date_relative_expressions_stay_unresolved():
    v = values("Zakharova said on Thursday that the accord signed in May of 2019 stands, as of March 28, 2019.", None)
    assert v["Thursday"] is None
    assert v["May of 2019"] == "2019-05"
    assert v["March 28, 2019"] == "2019-03-28"


def test_seed_is_dated_by_content_not_by_its_link(seed_advisers):
    doc = prepare(RawDocument("seed.txt", seed_advisers, "txt"))
    assert doc.date == "2019" and doc.date_status == "content"
    assert doc.date_window == ("2019-01-23", "2019-12-31")
    link_dates = [e for e in doc.dates if e.kind == "link-url"]
    assert [e.value for e in link_dates] == ["2026-06-24"]
    assert "not of this document" in link_dates[0].note
    assert not any(e.kind.startswith("declared") for e in doc.dates)
    roles = " | ".join(e.text for e in doc.dates if e.kind == "content-role")
    assert "President Donald Trump" in roles and "Juan Guaido, who declared himself interim president" in roles


def test_declared_date_that_content_contradicts_is_flagged(seed_advisers):
    doc = prepare(RawDocument("feed.jsonl:1", seed_advisers, "jsonl", meta={"field_date": "2026-06-24"}))
    assert doc.date_status == "conflict" and doc.date == "2026-06-24"
    assert "outside what the content allows" in doc.date_note
    # no relative expression is resolved against a date we do not trust
    assert all(t.value is None for t in doc.timexes if t.granularity in ("weekday", "day") and t.text == "Thursday")


def test_example_jsonl_conflict_and_agreement():
    items = list(read_file(EXAMPLES / "articles.jsonl", 10**8))
    brexit, drought = (prepare(i) for i in items)
    assert brexit.date_status == "conflict"  # "Prime Minister Theresa May" in a report dated 2026
    assert "Theresa May" in brexit.date_note
    assert drought.date == "2024-02-05" and drought.date_status == "declared"
    assert {t.text: t.value for t in drought.timexes}["January"] == "2024-01"
    assert {t.text: t.value for t in drought.timexes}["Monday"] == "2024-02-05"


def test_html_metadata_and_pdf_dateline():
    html = next(read_file(EXAMPLES / "port-strike.html", 10**8))
    doc = prepare(html)
    assert doc.date == "2024-10-03" and doc.date_status == "declared"
    assert {t.text: t.value for t in doc.timexes}["Thursday"] == "2024-10-03"
    assert {t.text: t.value for t in doc.timexes}["Tuesday"] == "2024-10-01"
    pdf = prepare(next(read_file(EXAMPLES / "flood-report.pdf", 10**8)))
    assert pdf.date == "2022-04-14" and pdf.date_status == "declared"
    kinds = {e.kind: e.value for e in pdf.dates}
    assert kinds["declared-text"] == "2022-04-14"
    assert kinds["pdf-meta"] == "2022-04-15"  # recorded, not taken


def test_former_title_only_bounds_from_below():
    verdict = date_document("Former President Barack Obama spoke at the rally, his office said.", {}, [])
    assert verdict.window == ("2009-01-20", "")
    assert verdict.status == "undated"


def test_dates_on_real_pages_match_expectations(shared):
    exp = json.loads((shared / "data/news-html/expectations.json").read_text())
    right = total = 0
    for entry in exp.values():
        if not entry.get("date"):
            continue
        doc = prepare(next(read_file(shared / "data/news-html/pages" / entry["file"], 10**8)))
        total += 1
        right += doc.date == entry["date"]
    assert total >= 15 and right / total >= 0.85


def test_a_name_that_did_not_exist_before_a_date_dates_the_report_after_it():
    # Undeclared report naming a weapon first used in November 2024 and a long-serving minister.
    text = ("Foreign Minister Sergey Lavrov said Moscow had no plans to sell the Oreshnik system abroad, "
            "a day after lawmakers raised the idea.")
    v = date_document(text, {}, [])
    assert v.status == "undated" and v.window == ("2024-11-21", ""), (v.status, v.window)
    first = [e for e in v.evidence if e.kind == "content-first-known"]
    assert first and first[0].text == "Oreshnik" and "2024-11-21" in first[0].note
    # declared before the name existed: the declared date is kept and flagged
    v = date_document(text, {"date": "2019-03-01"}, [])
    assert v.status == "conflict" and v.date == "2019-03-01"

"""Outlet, cited media, language and title on real documents."""

from __future__ import annotations

from claimgraph.engine.process import prepare
from claimgraph.ingest.readers import read_file
from claimgraph.model import RawDocument

from ..conftest import EXAMPLES


def test_outlet_and_cited_media_in_lavrov_seed(seed_lavrov):
    doc = prepare(RawDocument("seed.txt", seed_lavrov, "txt"))
    assert doc.outlet == "Defence Blog"
    outlet = [a for a in doc.agencies if a.role == "outlet"][0]
    assert outlet.evidence == "Defence Blog reported."
    cited = {a.name for a in doc.agencies if a.role == "cited"}
    assert cited == {"TASS", "Gazeta.ru"}
    assert doc.language == "en" and doc.title is None


def test_outlet_from_related_link_and_cited_media_in_advisers_seed(seed_advisers):
    doc = prepare(RawDocument("seed.txt", seed_advisers, "txt"))
    assert doc.outlet == "The Moscow Times"
    assert "related-article link" in [a for a in doc.agencies if a.role == "outlet"][0].evidence
    assert {a.name for a in doc.agencies if a.role == "cited"} == {"Interfax", "Ekho Moskvy"}
    assert doc.title == "Russian Advisers Will Stay in Venezuela ‘as Long as Necessary,' Moscow Vows"
    related = [ln for ln in doc.links if ln.kind == "related"][0]
    assert related.url.endswith("kremlin-rejects-trumps-call-for-russia-to-pull-out-of-venezuela")


def test_html_outlet_title_and_anchor_links():
    doc = prepare(next(read_file(EXAMPLES / "port-strike.html", 10**8)))
    assert doc.outlet == "Harbour Herald"
    assert doc.title == "Dockworkers extend strike as talks with port operators stall"
    assert "Reuters" in {a.name for a in doc.agencies if a.role == "cited"}
    assert "Advertisement" not in doc.clean_text and "Privacy" not in doc.clean_text
    assert "Sign up for our morning newsletter" not in doc.clean_text


def test_pdf_title_and_agency():
    doc = prepare(next(read_file(EXAMPLES / "flood-report.pdf", 10**8)))
    assert doc.title == "River Authority Warns of Further Flooding as Rains Return"
    assert doc.format == "pdf"
    assert "told a news conference in the city hall." in doc.clean_text


def test_a_media_name_used_as_a_job_before_a_name_is_no_medium():
    """"Economist Rebecca Lin": a job title that is also a magazine's name, before a person's name."""
    from claimgraph.ingest.metadata import find_agencies

    job = "Economist Mara Quinn, of the University of Leeds, said the cuts were smaller than they appeared."
    assert find_agencies(job, None) == []
    medium = "The deficit would narrow, the Economist reported last week."
    assert [a.name for a in find_agencies(medium, None)] == ["The Economist"]


def test_words_after_an_indefinite_article_qualify_a_medium_they_do_not_name():
    """"a Baton Rouge newspaper" is an unnamed paper of that city, not a medium called "Baton Rouge";
    "the Ekho Moskvy radio station" names one."""
    from claimgraph.ingest.metadata import find_agencies

    text = ("The mayor told a Baton Rouge newspaper that the levee would hold, and another Moscow daily quoted an "
            "aide. The Ekho Moskvy radio station said the same.")
    assert [a.name for a in find_agencies(text, None)] == ["Ekho Moskvy"]


def test_media_of_many_countries_are_known_by_name_and_by_domain():
    """The media table covers outlets beyond the seeds' (Canada, Ukraine, Japan, public radio), and
    leaves out names that are common words ("Dawn", "the Nikkei" index, "Fars" province)."""
    from claimgraph.ingest.metadata import find_agencies, medium_for_domain

    text = ("Two MPs told the Globe and Mail they would vote against the budget. Speaking to NPR, the senator said "
            "the bill would pass. According to the Kyiv Independent, the strike hit Kharkiv. "
            "Dawn broke over Fars province as the Nikkei fell 2%.")
    assert [a.name for a in find_agencies(text, None)] == ["The Globe and Mail", "NPR", "The Kyiv Independent"]
    assert medium_for_domain("https://www3.nhk.or.jp/nhkworld/en/news/") == "NHK"
    assert medium_for_domain("https://www.cbc.ca/news/politics/budget") == "CBC News"


def test_an_owners_website_and_a_language_name_no_medium():
    text = ("Clinton’s website is very different from her rival's. On the home page, she lists her plans.\n\n"
            "She later spoke to Spanish-language television and to Latina magazine.")
    doc = prepare(RawDocument("owners.txt", text, "txt"))
    assert {a.name for a in doc.agencies} == {"Latina"}, doc.agencies


def test_a_bodys_own_website_is_no_medium_but_a_news_website_is():
    from claimgraph.ingest.metadata import find_agencies

    text = ("A statement on the Memorial website said the raids were linked to the new law. The Kremlin website "
            "published the decree. The Meduza news website reported the raid first.")
    assert [a.name for a in find_agencies(text, None)] == ["Meduza"]


def test_a_medium_named_after_its_kind_is_cited_but_a_clause_after_the_kind_is_not():
    from claimgraph.ingest.metadata import find_agencies

    text = ("Memorial director Arseny Roginsky, quoted by the Russian news website Vesti, said it was a check. "
            "Clinton told the magazine Trump was unfit. Carson dropped out of the top three in the weekly GOP Power "
            "Rankings.")
    assert [a.name for a in find_agencies(text, None)] == ["Vesti"]


def test_a_cited_medium_starts_after_the_sentence_or_paragraph_before_it():
    """A headline's last words ("... Bad Optics.") before a paragraph or sentence opening with a
    medium are no part of its name; abbreviations and domains keep their dots."""
    from claimgraph.ingest.metadata import find_agencies

    for text in ("Clinton Wanted to Avoid Bad Optics.\n\nThe New York Post reports that she left early.",
                 "Clinton Wanted to Avoid Bad Optics. The New York Post reports that she left early."):
        assert [(a.name, text[a.start:a.end]) for a in find_agencies(text, None)] == [
            ("New York Post", "The New York Post")], text
    text = "According to Gazeta.ru, the deputy spoke; U.S. News reported the same."
    assert [a.name for a in find_agencies(text, None)] == ["Gazeta.ru", "U.S. News"]


def test_the_words_a_frame_catches_around_a_medium_are_not_its_name():
    """A sentence's first word, a weekday, a possessive's person and a person "of" the medium stay out
    of its name; a kind of broadcaster ("Conservative radio") or a host's show is no medium; a printed
    title that is a word ("Time magazine") is one."""
    from claimgraph.ingest.metadata import find_agencies

    text = ("As The Washington Post reported, the deal fell through. Trump told Bill O'Reilly of Fox News that "
            "he disagreed. The Wall Street Journal Tuesday reported more. The Guardian’s Luke Harding wrote that "
            "it was over. Conservative radio host Hugh Hewitt asked him twice. He spoke on Glenn Beck’s radio "
            "show and to Time magazine.")
    assert [a.name for a in find_agencies(text, None)] == [
        "The Washington Post", "Fox News", "The Wall Street Journal", "The Guardian", "Time"]

"""Each cleaning step on real snippets (the seed reports, a PDF report, scraped pages)."""

from __future__ import annotations

from claimgraph.ingest.clean import (
    Found,
    Tracked,
    clean,
    drop_boilerplate,
    extract_bare_urls,
    fix_mojibake,
    fix_quote_artefacts,
    normalise_whitespace,
    raw_offset,
    rejoin_hard_wraps,
    remove_image_debris,
)


def run(step, text: str) -> tuple[Tracked, Found]:
    found = Found()
    return step(Tracked.from_raw(text), found), found


def test_fix_mojibake_repairs_utf8_read_as_cp1252():
    tr, _ = run(fix_mojibake, "â€œItâ€™s the first Iâ€™m hearing about bases,â€\x9d Zakharova said.")
    assert tr.text == "“It’s the first I’m hearing about bases,” Zakharova said."
    # offsets stay exact outside the repaired words
    i = tr.text.index("Zakharova")
    assert tr.pos[i] == "â€œItâ€™s the first Iâ€™m hearing about bases,â€\x9d Zakharova said.".index("Zakharova")


def test_fix_mojibake_leaves_good_text_alone(seed_lavrov):
    tr, _ = run(fix_mojibake, seed_lavrov)
    assert tr.text == seed_lavrov  # curly quotes and Nicolás are already right


def test_remove_image_debris_on_seed(seed_lavrov):
    tr, _ = run(remove_image_debris, seed_lavrov)
    assert ".jpg)" not in tr.text and ".jpeg)" not in tr.text
    assert "-2d249479313d3c746e09d011c55b0987" not in tr.text
    # the report's own lines are untouched
    assert "“No, they have not come to us,” he said" in tr.text
    assert "Earlier, Gazeta.ru reported" in tr.text


def test_remove_image_debris_markdown_and_keeps_prose():
    text = "![](https://cdn.example.com/a/photo.png)\nThe photo.jpg file was leaked, he said.\nimage-2024.webp\n"
    tr, _ = run(remove_image_debris, text)
    assert tr.text == "The photo.jpg file was leaked, he said.\n"


def test_extract_bare_urls_moves_url_lines_into_links(seed_advisers):
    tr, found = run(extract_bare_urls, seed_advisers)
    assert "https://" not in tr.text
    urls = {ln.url: ln for ln in found.links}
    moscow = urls["https://www.themoscowtimes.com/2026/06/24/kremlin-rejects-trumps-call-for-russia-to-pull-out-of-venezuela"]
    assert moscow.kind == "bare-url" and moscow.url_date == "2026-06-24"
    assert seed_advisers[moscow.raw_start : moscow.raw_end] == moscow.url
    assert "https://www.periscope.tv/MID_RF/1MnxnNwjPwExO" in urls


def test_inline_urls_are_recorded_and_kept():
    text = "The ministry posted the video at https://www.periscope.tv/MID_RF/1Mnx on Thursday."
    tr, found = run(extract_bare_urls, text)
    assert tr.text == text
    assert [(ln.url, ln.kind) for ln in found.links] == [("https://www.periscope.tv/MID_RF/1Mnx", "inline-url")]


def test_drop_boilerplate_related_article(seed_advisers):
    tr, found = run(drop_boilerplate, seed_advisers)
    assert "Related article" not in tr.text
    assert found.boilerplate == ["Related article: Kremlin Rejects Trump's Call for Russia to Pull out of Venezuela"]
    related = [ln for ln in found.links if ln.kind == "related"]
    assert related[0].text == "Kremlin Rejects Trump's Call for Russia to Pull out of Venezuela"


def test_drop_boilerplate_keeps_sentences_that_mention_such_words():
    text = ("Advertisement\nRead more: Ministers fail to agree gas price cap\n"
            "He said the related article was misleading and the advertisement was withdrawn.\n")
    tr, found = run(drop_boilerplate, text)
    assert tr.text == "He said the related article was misleading and the advertisement was withdrawn.\n"
    assert len(found.boilerplate) == 2


def test_rejoin_hard_wraps_on_wrapped_seed(seed_advisers):
    tr, _ = clean(seed_advisers)
    text = tr.text
    assert "the Russian Foreign Ministry has said" in text
    assert "called on Moscow to “get out” of the South American country." in text
    # a paragraph split by a stray blank line mid-sentence is rejoined
    assert "amid the escalating political crisis in Venezuela." in text
    # the wrapped headline becomes one line, and stays apart from the body
    assert text.startswith("Russian Advisers Will Stay in Venezuela ‘as Long as Necessary,' Moscow Vows\n\nRussian military")
    # real paragraph ends are kept
    assert "Bolivarian republic.\n\n“It’s the first" in text


def test_rejoin_hard_wraps_leaves_one_line_paragraphs_alone(seed_lavrov):
    tr, _ = run(rejoin_hard_wraps, seed_lavrov)
    assert tr.text == seed_lavrov


def test_rejoin_hard_wraps_pdf_paragraphs():
    pdf_text = (
        "Residents  of  low-lying  districts  along  the  Varna  river  were  told  to  prepare  for\n"
        "further flooding on Thursday, as forecasters predicted another 80 millimetres of\n"
        "rain over the weekend.\n"
        "“The embankments have held so far, but they were not built for three storms in\n"
        "ten days,” Nadia Petrova, the head of the regional river authority, told a news\n"
        "conference in the city hall.\n"
        "The national weather service said the rain would ease by Monday, according to\n"
        "the state news agency BTA."
    )
    tr, _ = run(rejoin_hard_wraps, pdf_text)
    lines = tr.text.split("\n")
    assert len(lines) == 3
    assert lines[1].startswith("“The embankments") and lines[1].endswith("in the city hall.")
    assert "were not built for three storms in ten days,”" in lines[1]


def test_rejoin_hyphenated_line_end():
    text = ("Zakharova denied reports that Moscow was considering a long-\n"
            "term military base in the Bolivarian republic, the ministry said.")
    tr, _ = run(rejoin_hard_wraps, text)
    assert "a long-term military base" in tr.text


def test_fix_quote_artefacts_doubled_apostrophe_and_mismatch(seed_advisers):
    tr, _ = run(fix_quote_artefacts, "“It’s the first I’'m hearing about bases in Venezuela,” Zakharova said.")
    assert tr.text == "“It’s the first I’m hearing about bases in Venezuela,” Zakharova said."
    tr, _ = run(fix_quote_artefacts, 'Trump said "all options\' were open to make that happen.')
    assert tr.text == 'Trump said "all options" were open to make that happen.'


def test_fix_quote_artefacts_leaves_possessives_in_balanced_quotes():
    text = '"The players\' union will not back down," he said. Fans\' groups agreed.'
    tr, _ = run(fix_quote_artefacts, text)
    assert tr.text == text


def test_normalise_whitespace():
    tr, _ = run(normalise_whitespace, "  The  mayor,\u00a0Stefan Ivanov, said.  \n\n\n\nHe added more.\nNext.  ")
    assert tr.text == "The mayor, Stefan Ivanov, said.\n\nHe added more.\n\nNext."


def test_offset_map_points_back_to_raw(seed_advisers, seed_lavrov):
    for raw in (seed_advisers, seed_lavrov):
        tr, _ = clean(raw)
        runs = tr.runs()
        for i, ch in enumerate(tr.text):
            if ch.isalnum():
                assert raw[tr.pos[i]] == ch
                assert raw_offset(runs, i) == tr.pos[i]
    tr, _ = clean(seed_advisers)
    i = tr.text.index("Foreign Ministry has said")
    s, e = tr.raw_span(i, i + len("Foreign Ministry has said"))
    assert seed_advisers[s:e] == "Foreign\nMinistry has said"

"""Page layout the text keeps: datelines, bylines, captions and credits (no spaCy here).

A dateline ("LISBON, May 4 (Reuters) -") names the place a story was filed from and often
the wire that filed it; bylines and captions name people who say nothing in the story.
Ingest reads the wire as the outlet; the NLP stage keeps all of these out of speakers.
"""

from __future__ import annotations

import re

# Datelines open a story: "LISBON, May 4 (Reuters) -", "BRUSSELS -", "Washington (CNN) --".
# Capital and small letters of place names, accented ones too ("SÃO PAULO", "BOGOTÁ", "Düsseldorf")
_UP = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĶĹĻĽŁŃŅŇŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
_LOW = "a-zß-öø-ÿ\u0100-\u017f"
# "May 4", "May 4, 2024", "Nov. 21", and day first: "30 May 89", "4 May 2024"
_DATE = r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s+\d{4})?|\d{1,2}\s+[A-Z][a-z]{2,8}\.?(?:\s+\d{2}(?:\d{2})?)?)"
DATELINE = re.compile(
    # (" ," as well as ",": text tokenised for NER corpora, "AL-AIN , United Arab Emirates")
    rf"(?P<place>[{_UP}][{_UP}.'’-]+(?:\s+[{_UP}][{_UP}.'’-]+){{0,3}}"
    rf"(?: ?,\s+[{_UP}][{_UP}{_LOW}.]+(?:\s+[{_UP}][{_UP}{_LOW}.]+){{0,2}}){{0,2}}"
    # a place in small letters needs a wire or a date and a dash after it ("La Paz, 30 May 89 -")
    rf"|[{_UP}][{_LOW}]+(?:\s+[{_UP}][{_LOW}]+){{0,2}}(?=\s*(?:,[^()\n]{{1,20}})?\s*\(|,\s+{_DATE}\s*[-–—―]))"
    rf"(?:(?:,\s+(?P<date>{_DATE}))?"
    r"(?:\s*(?:\((?P<wire>[A-Za-z][\w .&/-]{0,30})\))?\s*(?:[-–—―]{1,2}\s*(?P<wire2>[A-Z][A-Za-z]{1,12})\s*)?[-–—―]{1,2}\s+(?=\S)"
    # or, after a date, a wire in brackets and no dash, as Indian wires write it ("New Delhi, Aug 4 (PTI) The")
    r"|(?(date)[ \t]*\((?P<wire3>[A-Z][A-Za-z&]{1,12})\)[ \t]+(?=[A-Z])|(?!)))"
    # or a line of its own ending in an ISO date, as Reuters' 1996 archive wrote it ("BRUSSELS 1996-08-22")
    r"|[ \t]+(?P<iso>\d{4}-\d{2}-\d{2})(?=[ \t]*(?:\n|$)))"
)


# Page furniture that names people who say nothing in the story: bylines, captions, credits,
# a wire's closing "(Reporting by ...; Editing by ...)", a writer's "Follow ... on Twitter @..."
FURNITURE = re.compile(
    r"^[ \t]*(?:(?:By|BY)\s+[A-Z][\w.'’-]*(?:\s*,|\s+(?:[A-Z][\w.'’-]*|and|&))*[ \t]*"
    r"|[\"“]?Follow\s+(?:[A-Z][\w.'’-]*\s+){1,4}on\s+(?:Twitter|X|Facebook|Instagram|Threads|Bluesky)\b[^\n]{0,100}"
    r"|(?:Photo|Photograph|Image|Picture|Graphic|Video|Illustration|Credit|Caption|File\s+photo)s?\b[^\n]{0,250}"
    r"|\((?:[Aa]dditional\s+)?(?:[Rr]eporting|[Ww]riting|[Ee]diting|[Cc]ompiled)\s+by\b[^\n]{0,250}"
    r"|[^\n]{0,250}(?:Getty\s+Images|/\s?(?:Reuters|AFP|AP|EPA|Shutterstock)\b|\b(?:Reuters|AP|AFP)\s+Photo\b|\b(?:REUTERS|AFP|AP|EPA)/"
    r"|Photograph:|Photo:|Image:)[^\n]{0,100})$",
    re.M,
)


def furniture(text: str) -> list[tuple[int, int]]:
    """Character spans of byline, caption and credit lines."""
    return [m.span() for m in FURNITURE.finditer(text) if m.end() > m.start()]


def dateline(text: str, start: int = 0) -> re.Match[str] | None:
    """A dateline at ``start`` (a paragraph's first character), or None."""
    m = DATELINE.match(text, start)
    if m is None or m.end() - start > 80:
        return None
    if not (m.group("iso") or m.group("date") or m.group("wire") or m.group("wire2") or m.group("wire3")):
        # "SOCCER - JAPAN GET LUCKY WIN": a headline in capitals with a dash, no dateline; the
        # sentence a dateline opens is not written in capitals
        letters = [c for c in text[m.end() : m.end() + 60].split("\n", 1)[0] if c.isalpha()]
        if len(letters) >= 8 and sum(c.isupper() for c in letters) >= 0.8 * len(letters):
            return None
    return m


# A wire's credit with no place, opening a story: "(CNN) —", "(AP) -"
WIRE_ONLY = re.compile(r"\((?P<wire>[A-Z][\w .&/-]{0,30})\)\s*[-–—―]{1,2}\s+(?=\S)")


def _opening_paragraphs(text: str, paragraphs: int) -> list[int]:
    """Where the text and each of its first paragraphs start (a title or byline may come first)."""
    return ([0] + [m.end() for m in re.finditer(r"\n\s*", text[:2000])])[: paragraphs + 1]


def find_wire_credits(text: str, paragraphs: int = 3) -> list[re.Match[str]]:
    """Wire credits with no place ("(CNN) — The governor said") opening one of the first paragraphs."""
    return [m for s in _opening_paragraphs(text, paragraphs) if (m := WIRE_ONLY.match(text, s)) is not None]


def find_datelines(text: str, paragraphs: int = 3) -> list[re.Match[str]]:
    """Datelines opening one of the first paragraphs (a title or byline may come first)."""
    return [m for s in _opening_paragraphs(text, paragraphs) if (m := dateline(text, s)) is not None]

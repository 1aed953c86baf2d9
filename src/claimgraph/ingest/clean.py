"""Cleaning: named steps, each ``(Tracked, Found) -> Tracked``.

Every step edits the text through :func:`apply_edits`, which carries a map from
each clean character back to its raw character, so a quotation found in the
clean text can always be shown in the raw text.  Steps also report what they
pull out (links, boilerplate) into :class:`Found`.

Before the configured steps, :func:`strip_invisible` always runs: NUL and other C0
controls, bidi controls, zero-width characters and soft hyphens are removed (a zero-width
joiner stays only between two characters of a script or emoji sequence that needs it), so
they never reach names, ids or quotations.

The steps run in the order given by ``clean.steps`` in the config:

1. ``fix_mojibake``       ftfy on each word that holds non-ASCII characters
2. ``remove_image_debris`` lines that are only an image file name or markdown image
3. ``extract_bare_urls``  lines that are only a URL -> links table (inline URLs recorded, kept)
4. ``drop_boilerplate``   "Related article: ...", "Advertisement", "Read more ..." lines
5. ``rejoin_hard_wraps``  PDF/OCR hard line breaks and stray blank lines inside a sentence
6. ``fix_quote_artefacts`` OCR doubled apostrophes (I’'m) and mismatched quote marks
7. ``normalise_whitespace`` one blank line between paragraphs, single spaces

Hand-written because no library keeps character offsets through these edits;
ftfy is used for the encoding repairs themselves.

Every step is linear in the length of the text: no pattern may rescan the same stretch
from each of its characters (a long run of quote marks, spaces or a 100 KB token must cost
what any other text of that length costs). Patterns that could backtrack over a run are
bounded or replaced by a scan; ``tests/unit/test_hostile_inputs.py`` runs each step on such
runs.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import ftfy

from ..model import Link

# --- offset-tracked text ---------------------------------------------------------------


@dataclass
class Tracked:
    """Text plus, for each of its characters, the index of the raw character it came from."""

    text: str
    pos: array  # array('q'): pos[i] = raw index of text[i]

    @classmethod
    def from_raw(cls, raw: str) -> Tracked:
        return cls(raw, array("q", range(len(raw))))

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw [start, end) covering clean [start, end)."""
        if not self.pos:
            return (0, 0)
        if end <= start:
            p = self.pos[min(start, len(self.pos) - 1)]
            return (p, p)
        return (self.pos[start], self.pos[end - 1] + 1)

    def runs(self) -> list[tuple[int, int, int]]:
        """Compress the map into (clean_start, raw_start, length) runs."""
        out: list[tuple[int, int, int]] = []
        pos = self.pos
        i, n = 0, len(pos)
        while i < n:
            j = i + 1
            while j < n and pos[j] == pos[j - 1] + 1:
                j += 1
            out.append((i, pos[i], j - i))
            i = j
        return out


def raw_offset(runs: list[tuple[int, int, int]], clean_index: int) -> int:
    """Map a clean offset to a raw offset with the stored runs (binary search)."""
    lo, hi = 0, len(runs) - 1
    if hi < 0:
        return clean_index
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if runs[mid][0] <= clean_index:
            lo = mid
        else:
            hi = mid - 1
    cs, rs, ln = runs[lo]
    return rs + min(clean_index - cs, ln)


Edit = tuple[int, int, str]  # replace text[start:end] with the string


def apply_edits(tr: Tracked, edits: list[Edit]) -> Tracked:
    """Apply non-overlapping edits; replacement characters map to the replaced raw chars."""
    if not edits:
        return tr
    edits = sorted(edits)
    parts: list[str] = []
    pos = array("q")
    last = 0
    for start, end, repl in edits:
        if start < last:  # overlapping edit: keep the first one
            continue
        parts.append(tr.text[last:start])
        pos.extend(tr.pos[last:start])
        parts.append(repl)
        if repl:
            if len(repl) == end - start:
                pos.extend(tr.pos[start:end])
            else:
                anchor = tr.pos[start] if start < len(tr.pos) else (tr.pos[-1] + 1 if tr.pos else 0)
                span = tr.pos[start:end]
                # Each new character maps onto the replaced characters in order, the
                # surplus onto the last of them: offsets stay monotonic.
                for k in range(len(repl)):
                    pos.append(span[min(k, len(span) - 1)] if span else anchor)
        last = end
    parts.append(tr.text[last:])
    pos.extend(tr.pos[last:])
    return Tracked("".join(parts), pos)


def lines_with_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, line) for each line, end excluding the newline."""
    start = 0
    for m in re.finditer(r"\n", text):
        yield start, m.start(), text[start : m.start()]
        start = m.end()
    yield start, len(text), text[start:]


def _drop_line(text: str, start: int, end: int) -> Edit:
    """An edit removing a whole line with its newline."""
    return (start, min(end + 1, len(text)), "")


@dataclass
class Found:
    """What the steps pulled out of the text."""

    links: list[Link] = field(default_factory=list)
    boilerplate: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # names of steps that changed the text


Step = Callable[[Tracked, Found], Tracked]

# --- invisible characters -------------------------------------------------------------

# Characters that show nothing and mean nothing in a news report: C0 controls other than
# tab, line feed, carriage return, vertical tab and form feed (NUL included), DEL, the soft
# hyphen, bidi embeddings, overrides, isolates and marks, zero-width space, word joiner,
# invisible operators, BOM / zero-width no-break space, Mongolian vowel separator,
# combining grapheme joiner, Hangul fillers and tag characters. C1 controls (U+0080-U+009F)
# are left to ``fix_mojibake``: they are usually the remains of mis-decoded text.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200e\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb\U000e0000-\U000e007f]+"
)
_JOINERS = re.compile("[\u200c\u200d]+")
# Scripts (and emoji sequences) in which a zero-width (non-)joiner changes how a word is
# written: Arabic, Syriac, Thaana, N'Ko, the Indic scripts, Sinhala, Tibetan, Myanmar, Khmer,
# Mongolian, and emoji with their variation selector.
_JOINING = re.compile("[\u0600-\u08ff\u0900-\u0dff\u0f00-\u109f\u1780-\u18af\ua8e0-\ua8ff\ufb50-\ufdff"
                      "\ufe70-\ufefe\u2600-\u27bf\ufe0f\U0001f000-\U0001faff]")


def invisible_spans(text: str) -> list[tuple[int, int]]:
    """Spans of characters :func:`strip_invisible` removes (linear: one pass of two patterns)."""
    spans = [m.span() for m in _INVISIBLE.finditer(text)]
    for m in _JOINERS.finditer(text):
        s, e = m.span()
        before, after = text[s - 1 : s], text[e : e + 1]
        if not (before and after and _JOINING.match(before) and _JOINING.match(after)):
            spans.append((s, e))
    spans.sort()
    return spans


def strip_invisible(text: str) -> str:
    """The text without the characters of :func:`invisible_spans` (readers call this on raw text)."""
    if text.isascii() and not _INVISIBLE.search(text):
        return text
    spans = invisible_spans(text)
    if not spans:
        return text
    parts, last = [], 0
    for s, e in spans:
        parts.append(text[last:s])
        last = e
    parts.append(text[last:])
    return "".join(parts)


def drop_invisible(tr: Tracked, found: Found) -> Tracked:
    """Always-on first step: :func:`strip_invisible` as tracked edits (offsets stay exact)."""
    if tr.text.isascii() and not _INVISIBLE.search(tr.text):
        return tr
    return apply_edits(tr, [(s, e, "") for s, e in invisible_spans(tr.text)])


# --- the steps ------------------------------------------------------------------------

_WORD = re.compile(r"\S+")


def _non_ascii_words(text: str) -> Iterator[re.Match[str]]:
    """Whitespace-delimited words holding a non-ASCII character, in one linear pass.

    (A pattern like ``\\S*[^\\x00-\\x7f]\\S*`` rescans a long ASCII token from each of its
    characters: 200,000 quote marks or a 100 KB base64 token took minutes.)
    """
    if text.isascii():
        return
    for m in _WORD.finditer(text):
        if not m.group(0).isascii():
            yield m


def fix_mojibake(tr: Tracked, found: Found) -> Tracked:
    """Repair mis-decoded text (â€™ -> ’, Ã© -> é) word by word with ftfy.

    ftfy works on whole strings; running it per word keeps the offset map exact
    to the word.  Curly quotes are kept (uncurl_quotes=False): they tell
    quotations from apostrophes later.
    """
    edits: list[Edit] = []
    for m in _non_ascii_words(tr.text):
        word = m.group(0)
        fixed = ftfy.fix_text(word, uncurl_quotes=False, fix_line_breaks=False, normalization="NFC")
        if fixed != word:
            edits.append((m.start(), m.end(), fixed))
    return apply_edits(tr, edits)


# A line that is nothing but an image file name or URL fragment, as scrapers leave
# them: "-2d249479313d3c746e09d011c55b0987.jpg)", "![](https://x/y.png)", "image.jpeg".
# Checked line by line without backtracking (see ``_is_image_line``): a pattern of the
# form ``[chars]*\\.(?:jpg|...)(?:\\?\\S*)?`` is quadratic on a long line of ".png?" pieces.
_MD_IMAGE_LINE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_IMAGE_EXT = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|bmp|avif|tiff?)", re.IGNORECASE)
_NOT_NAME_CHAR = re.compile(r"[^\-!\[\]()\w/.:%~=&?+]")


def _is_image_line(line: str) -> bool:
    """Only an image file name (with an optional query and closing bracket) or a markdown image."""
    if "." not in line and "![" not in line:
        return False
    token = line.strip(" \t")
    if not token or any(ch.isspace() for ch in token):
        return _MD_IMAGE_LINE.fullmatch(token) is not None if token else False
    if _MD_IMAGE_LINE.fullmatch(token):
        return True
    bad = _NOT_NAME_CHAR.search(token)
    first_bad = bad.start() if bad else len(token)
    for m in _IMAGE_EXT.finditer(token):
        if m.start() > first_bad:
            break
        rest = token[m.end():]
        if rest in ("", ")") or rest.startswith("?"):
            return True
    return False


def _inline_md_images(text: str) -> Iterator[tuple[int, int]]:
    """Spans of ``![alt](url)`` on one line, found with one forward scan.

    A failed candidate fails at the same newline or bracket for every "![" before that point,
    so those are skipped instead of rescanned (a line of 100,000 "![" was quadratic).
    """
    i = text.find("![")
    while i >= 0:
        bracket = _CLOSE_BRACKET.search(text, i + 2)
        if bracket is None:
            return
        c = bracket.start()
        if text[c] != "]":
            resume = c
        elif text[c + 1 : c + 2] != "(":
            resume = c + 1
        else:
            paren = _CLOSE_PAREN.search(text, c + 2)
            if paren is None:
                return
            d = paren.start()
            if text[d] == ")":
                yield i, d + 1
                resume = d + 1
            else:
                resume = d
        i = text.find("![", max(i + 1, resume))


_CLOSE_BRACKET = re.compile(r"[\]\n]")
_CLOSE_PAREN = re.compile(r"[)\n]")


def remove_image_debris(tr: Tracked, found: Found) -> Tracked:
    """Drop lines that are only image debris, and inline markdown images."""
    edits: list[Edit] = []
    text = tr.text
    taken: set[int] = set()
    for start, end, line in lines_with_spans(text):
        if line and _is_image_line(line):
            edits.append(_drop_line(text, start, end))
            taken.add(start)
    line_start = 0
    for s, e in _inline_md_images(text):
        nl = text.rfind("\n", line_start, s)  # only back to the previous image's line start
        if nl >= 0:
            line_start = nl + 1
        if line_start not in taken:
            edits.append((s, e, ""))
    return apply_edits(tr, edits)


_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'”“’)\]]+", re.IGNORECASE)
_URL_LINE = re.compile(r"^[ \t]*((?:https?://|www\.)\S+?)[ \t]*$", re.IGNORECASE | re.MULTILINE)
# /2019/03/28/ or /2019-03-28 in a URL path: a date of the *linked* page.
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])(?:[/-](0?[1-9]|[12]\d|3[01]))?(?=[/-]|$|\.)")


def url_date(url: str) -> str | None:
    m = _URL_DATE.search(url)
    if not m:
        return None
    y, mo, d = m.group(1), int(m.group(2)), m.group(3)
    return f"{y}-{mo:02d}-{int(d):02d}" if d else f"{y}-{mo:02d}"


def _link(tr: Tracked, start: int, end: int, url: str, kind: str, text: str = "") -> Link:
    url = url.rstrip(".,;:")
    rs, re_ = tr.raw_span(start, start + len(url))
    return Link(url=url, kind=kind, text=text, raw_start=rs, raw_end=re_, url_date=url_date(url))


def extract_bare_urls(tr: Tracked, found: Found) -> Tracked:
    """Move lines that are only a URL into the links table; record inline URLs, keep them."""
    edits: list[Edit] = []
    bare_lines: set[int] = set()
    for m in _URL_LINE.finditer(tr.text):
        found.links.append(_link(tr, m.start(1), m.end(1), m.group(1), "bare-url"))
        edits.append(_drop_line(tr.text, m.start(), m.end()))
        bare_lines.add(m.start(1))
    for m in _URL.finditer(tr.text):
        if m.start() not in bare_lines:
            found.links.append(_link(tr, m.start(), m.end(), m.group(0), "inline-url"))
    return apply_edits(tr, edits)


# Lines that belong to the page, not the report.  Conservative on purpose: each
# pattern must take the whole line and start the line.
_BOILERPLATE = re.compile(
    r"^[ \t]*(?:"
    r"(?P<related>(?:related|recommended|suggested)\s+(?:articles?|stor(?:y|ies)|content|coverage|reading|news)"
    r"|read\s+(?:more|also|next)|also\s+read|see\s+also|more\s+on\s+this(?:\s+story)?)\s*[:\-–—|>]\s*(?P<title>.*)"
    r"|advertisement|sponsored\s+content|scroll\s+to\s+continue(?:\s+with\s+content)?"
    r"|(?:sign\s+up|subscribe)\s+(?:for|to)\s+(?:our|the)\s+\w+(?:\s+\w+){0,3}\s+newsletters?\b.{0,80}"
    r"|(?:share|follow\s+us)\s+on\s+(?:facebook|twitter|x|whatsapp|telegram|linkedin)\b.{0,40}"
    r"|click\s+here\s+to\s+.{0,80}"
    r")[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)


def drop_boilerplate(tr: Tracked, found: Found) -> Tracked:
    """Remove "Related article: ..."-style lines; a related title is kept as a link record."""
    edits: list[Edit] = []
    for m in _BOILERPLATE.finditer(tr.text):
        line = m.group(0).strip()
        found.boilerplate.append(line)
        if m.group("related") and m.group("title"):
            rs, re_ = tr.raw_span(m.start("title"), m.end("title"))
            found.links.append(Link(url="", kind="related", text=m.group("title").strip(), raw_start=rs, raw_end=re_))
        edits.append(_drop_line(tr.text, m.start(), m.end()))
    return apply_edits(tr, edits)


# Sentence-final punctuation, optionally followed by closing quotes or brackets.
_TERMINAL = re.compile(r"[.!?…:;][\"'”’)\]]*$")
_OPENERS = "\"'“‘([«"
# Thresholds for hard-wrap detection, set on PDF/OCR text where printed lines run to
# a fixed width: a line at 60% or more of the typical width was broken by the
# layout, not by the author.
WRAP_MIN_LINES = 4
WRAP_MAX_WIDTH = 130  # paragraphs-per-line text has much longer lines than this
WRAP_FULL_SHARE = 0.5  # share of lines that must be near the width
WRAP_LONG_FRACTION = 0.6


def _starts_lower(line: str) -> bool:
    s = line.lstrip().lstrip(_OPENERS)
    return bool(s) and (s[0].islower() or s[0].isdigit() and False)


def _wrap_width(lengths: list[int]) -> int | None:
    """The typical line width when the text is hard-wrapped, else None."""
    if len(lengths) < WRAP_MIN_LINES:
        return None
    ordered = sorted(lengths)
    width = ordered[int(0.9 * (len(ordered) - 1))]
    width = max(width, ordered[-1] if ordered[-1] <= width * 1.1 else width)
    if width > WRAP_MAX_WIDTH or width < 30:
        return None
    near = sum(1 for n in lengths if n >= WRAP_LONG_FRACTION * width)
    return width if near / len(lengths) >= WRAP_FULL_SHARE else None


def rejoin_hard_wraps(tr: Tracked, found: Found) -> Tracked:
    """Join lines broken by the layout, and blocks split by a stray blank line mid-sentence.

    1. A hyphen at a line end before a lower-case start joins without a space ("long-term").
    2. In hard-wrapped text (see ``_wrap_width``), a line near the width joins the next,
       (its width is the 90th percentile of line lengths).
       A line ending a sentence before an upper-case start stays a paragraph end
       when the next line's first word would have fitted on it.
    3. Any line, wrapped text or not, joins a next line (or block after blank lines)
       that starts lower-case when it does not itself end a sentence.
    """
    lines = list(lines_with_spans(tr.text))
    lengths = [len(ln.strip()) for _, _, ln in lines if ln.strip()]
    width = _wrap_width(lengths)
    edits: list[Edit] = []
    prev: tuple[int, int, str] | None = None  # last non-empty line
    blank_between = False
    for start, end, line in lines:
        if not line.strip():
            if prev is not None:
                blank_between = True
            continue
        if prev is not None:
            p_start, p_end, p_line = prev
            a = p_line.rstrip()
            a_len = len(a.strip())
            join = False
            sep = " "
            terminal = bool(_TERMINAL.search(a))
            if not blank_between:
                if re.search(r"[A-Za-z]-$", a) and _starts_lower(line):
                    join, sep = True, ""
                elif width and a_len >= WRAP_LONG_FRACTION * width:
                    # A full line joins the next.  A sentence end before an upper-case
                    # start is a paragraph end when the next line's first word would
                    # still have fitted: the layout did not force that break.
                    first_word = len(line.split()[0]) if line.split() else 0
                    join = not terminal or _starts_lower(line) or a_len + 1 + first_word > width
                elif _starts_lower(line) and not terminal:
                    join = True
            elif _starts_lower(line) and not terminal:
                join = True
            if join:
                # Replace the trailing space of the previous line, the newline(s) and
                # the leading space of this line with one separator.
                gap_start = p_start + len(a)
                gap_end = start + (len(line) - len(line.lstrip()))
                edits.append((gap_start, gap_end, sep))
        prev = (start, end, line)
        blank_between = False
    return apply_edits(tr, edits)


_DOUBLED_APOSTROPHE = re.compile(r"(?<=\w)[’'‘`´]{2,}(?=\w)")
_OCR_DOUBLE_QUOTE = re.compile(r"(?<![\w’'])''(?=\w)|(?<=[\w.,!?])''(?![\w’'])")


def _paragraph_spans(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for m in re.finditer(r"\n\s*\n", text):
        yield start, m.start()
        start = m.end()
    yield start, len(text)


def fix_quote_artefacts(tr: Tracked, found: Found) -> Tracked:
    """Repair OCR quote damage.

    - A doubled apostrophe inside a word ("I’'m") becomes one ’.
    - Two single quotes standing for a double quote (''word'') become ".
    - A quotation opened with a double mark and closed with a single one
      ("all options' were open) gets its matching double mark, but only in a
      paragraph where the double marks do not pair up, so a possessive
      (the players' union) inside a well-formed quotation is left alone.
    """
    edits: list[Edit] = [(m.start(), m.end(), "’") for m in _DOUBLED_APOSTROPHE.finditer(tr.text)]
    edits += [(m.start(), m.end(), '"') for m in _OCR_DOUBLE_QUOTE.finditer(tr.text)]
    text = tr.text
    for p_start, p_end in _paragraph_spans(text):
        para = text[p_start:p_end]
        for open_mark, close_mark, balanced in (('"', '"', para.count('"') % 2 == 0),
                                                ("“", "”", para.count("“") == para.count("”"))):
            if balanced:
                continue
            # The last unmatched opener: scan pairs left to right.
            i = 0
            while True:
                o = para.find(open_mark, i)
                if o < 0:
                    break
                c = para.find(close_mark, o + 1)
                nxt_open = para.find(open_mark, o + 1) if open_mark != close_mark else -1
                if c >= 0 and (open_mark == close_mark or nxt_open < 0 or c < nxt_open):
                    # a well-formed pair; skip it
                    i = c + 1
                    continue
                # unmatched opener: look for a single quote closing it at a word end
                m = re.compile(r"[’'](?=[\s.,;:!?)]|$)").search(para, o + 1)
                if m and "\n" not in para[o:m.start()] and m.start() - o < 300:
                    edits.append((p_start + m.start(), p_start + m.end(), close_mark))
                break
    return apply_edits(tr, edits)


def normalise_whitespace(tr: Tracked, found: Found) -> Tracked:
    """Single spaces; trimmed lines; paragraphs separated by exactly one blank line."""
    edits: list[Edit] = []
    text = tr.text
    edits += [(m.start(), m.end(), " ") for m in _SPACES.finditer(text)]
    merged: list[Edit] = []
    # Runs of newlines with surrounding spaces -> "\n\n"; leading/trailing space -> "".
    for m in _NEWLINE_RUN.finditer(text):
        if m.start() == 0 or m.end() == len(text):
            merged.append((m.start(), m.end(), ""))
        elif m.group(0) != "\n\n":
            merged.append((m.start(), m.end(), "\n\n"))
    lead = _LEAD_SPACE.match(text)
    if lead and lead.end() < len(text):
        merged.append((0, lead.end(), ""))
    trail_start = len(text.rstrip())  # (a search for r"\s+$" rescans every inner run of spaces)
    if 0 < trail_start < len(text):
        merged.append((trail_start, len(text), ""))
    # Newline edits win over the space edits they overlap: one sweep over the newline edits
    # sorted by start, with the furthest end seen so far.
    taken = sorted(merged)
    starts = [s for s, _, _ in taken]
    reach: list[int] = []
    for _, end, _ in taken:
        reach.append(max(end, reach[-1]) if reach else end)
    for e in edits:
        i = bisect_left(starts, e[1]) - 1  # the last newline edit starting before e ends
        if i < 0 or reach[i] <= e[0]:
            taken.append(e)
    return apply_edits(tr, taken)


_SPACES = re.compile(r"[ \t\u00a0\u2009\u200a]{2,}|[\t\u00a0]")
# The lookbehind starts a match only at the first of a run of spaces: without it, a long run
# of spaces that no newline ends is rescanned from each of its characters.
_NEWLINE_RUN = re.compile(r"(?<![ \t\u00a0])[ \t\u00a0]*\n\s*")
_LEAD_SPACE = re.compile(r"\s+")


STEPS: dict[str, Step] = {
    "fix_mojibake": fix_mojibake,
    "remove_image_debris": remove_image_debris,
    "extract_bare_urls": extract_bare_urls,
    "drop_boilerplate": drop_boilerplate,
    "rejoin_hard_wraps": rejoin_hard_wraps,
    "fix_quote_artefacts": fix_quote_artefacts,
    "normalise_whitespace": normalise_whitespace,
}
DEFAULT_STEPS = list(STEPS)


def clean(raw: str, steps: list[str] | None = None) -> tuple[Tracked, Found]:
    """Run the named steps in order; return the tracked clean text and what was pulled out."""
    tr = drop_invisible(Tracked.from_raw(raw), Found())
    found = Found()
    if tr.text != raw:
        found.changed.append("drop_invisible")
    for name in steps or DEFAULT_STEPS:
        before = tr.text
        tr = STEPS[name](tr, found)
        if tr.text != before:
            found.changed.append(name)
    return tr, found

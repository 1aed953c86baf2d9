"""Dating: what a document declares, what its content allows, and whether they agree.

Cascade (``date_document``):

1. Declared dates, strongest first: the container's field (JSONL ``date``), the
   page's metadata (trafilatura/htmldate), a date in the document's own URL, a
   dateline at the top of the text.  A PDF's creation date and the dates in
   *linked* URLs are recorded as evidence but never taken as the document's date.
2. Content window: titles held for a known term ("U.S. President Donald Trump",
   ``data/office_terms.tsv``) bound when the report can have been written; a term
   whose start month the text names beside a start verb ("declared himself
   interim president in January") pins that month's year; a name that did not
   exist before a known date ("the Oreshnik missile", ``data/first_known.tsv``)
   puts the report after it.
3. Verdict: a declared date inside the window is the date (``declared``); one
   outside it is kept but flagged (``conflict``) with both sides' evidence; with
   nothing declared, a window within one year gives a content date (``content``);
   otherwise ``undated``.  Relative expressions ("on Thursday", "in May") are
   resolved only against a declared date that is not in conflict.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from ..model import DateEvidence, Link, Timex
from ..names import fold
from .clean import url_date
from .layout import find_datelines

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], 1)}
MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
              "oct": 10, "nov": 11, "dec": 12}
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}

_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
_DAY = r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

# Ordered: the first pattern to match a stretch of text wins it.
_TIMEX_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b" + _YEAR + r"-(?P<mnum>0[1-9]|1[0-2])-(?P<dnum>0[1-9]|[12]\d|3[01])\b")),
    ("mdy", re.compile(r"\b(?:" + _WEEKDAY + r",?\s+)?" + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"\b")),
    ("dmy", re.compile(r"\b(?:" + _WEEKDAY + r",?\s+)?" + _DAY + r"\s+" + _MONTH + r",?\s+" + _YEAR + r"\b")),
    ("my", re.compile(r"\b" + _MONTH + r",?\s+(?:of\s+)?" + _YEAR + r"\b")),
    ("md", re.compile(r"\b(?:" + _WEEKDAY + r",?\s+)?" + _MONTH + r"\s+" + _DAY + r"\b(?!\s*,?\s*(?:19|20)\d\d)")),
    ("dm", re.compile(r"\b" + _DAY + r"\s+(?:of\s+)?" + _MONTH + r"\b")),
    ("month", re.compile(r"\b(?:in|since|until|till|by|during|from|last|next|this|early|late|mid-|earlier\s+in|later\s+in)\s+" + _MONTH.replace("|May|", "|May(?!\\s+(?:be|have|not|also|well))|") + r"(?![\w-])")),
    ("year", re.compile(r"\b(?:in|since|until|by|during|from|of|early|late|mid-)\s*" + _YEAR + r"\b")),
    ("weekday", re.compile(r"\b" + _WEEKDAY + r"(?:'s|’s)?\b")),
    ("relative", re.compile(
        r"\b(?P<rel>yesterday|today|tonight|tomorrow|(?:last|next|this)\s+(?:week|month|year|weekend)|"
        r"(?:over|at|during)\s+the\s+weekend|earlier\s+this\s+(?:week|month|year)|"
        r"(?P<n>\d+|two|three|four|five|six|seven|ten)\s+(?P<unit>days?|weeks?|months?|years?)\s+ago)\b",
        re.IGNORECASE)),
]
_NUM = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10}
# Words in the same clause that point a bare "Thursday"/"April 6" forward.
_FUTURE = re.compile(r"\b(?:will|would|shall|to\s+(?:begin|start|hold|take\s+place|meet|visit|vote)|scheduled|"
                     r"due|planned|plans?|next|upcoming|expected)\b", re.IGNORECASE)


def _month_num(s: str) -> int:
    s = s.lower().rstrip(".")
    return MONTHS.get(s) or MONTH_ABBR[s[:4] if s.startswith("sept") else s[:3]]


# A clause is looked for at most this far on each side of an expression: without a bound, a
# text with no full stop makes every expression's clause the whole text (quadratic).
CLAUSE_REACH = 400


def _clause_span(text: str, start: int, end: int) -> tuple[int, int]:
    """[left, right) of the clause around text[start:end]: from after the last ".", newline or
    ";" before it to the next "." or newline after it, within ``CLAUSE_REACH`` characters."""
    lo = max(0, start - CLAUSE_REACH)
    left = max(text.rfind(".", lo, start), text.rfind("\n", lo, start), text.rfind(";", lo, start))
    left = left + 1 if left >= 0 else lo
    hi = min(len(text), end + CLAUSE_REACH)
    right_candidates = [i for i in (text.find(".", end, hi), text.find("\n", end, hi)) if i >= 0]
    right = min(right_candidates) if right_candidates else hi
    return left, right


def _clause(text: str, start: int, end: int) -> str:
    left, right = _clause_span(text, start, end)
    return text[left:right]


class _Spans:
    """Disjoint [start, end) spans kept sorted; a pattern's matches are checked against the
    spans of the earlier patterns with a bisection, and merged in after its pass (linear: a
    list insert per match would be quadratic on a text of 100,000 expressions)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self._new: list[tuple[int, int]] = []

    def overlaps(self, s: int, e: int) -> bool:
        # Disjoint spans sorted by start have sorted ends: the last span starting before e is
        # the only one that can reach past s.
        i = bisect.bisect_left(self.starts, e) - 1
        return i >= 0 and self.ends[i] > s

    def add(self, s: int, e: int) -> None:
        """Taken from the next pass on (matches of one pattern never overlap each other)."""
        self._new.append((s, e))

    def end_pass(self) -> None:
        if self._new:
            merged = sorted([*zip(self.starts, self.ends, strict=True), *self._new])
            self.starts = [a for a, _ in merged]
            self.ends = [b for _, b in merged]
            self._new = []


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def find_timexes(text: str, anchor: dt.date | None) -> list[Timex]:
    """Time expressions, resolved against ``anchor`` (the document date) when there is one."""
    taken = _Spans()
    out: list[Timex] = []
    for kind, pat in _TIMEX_PATTERNS:
        for m in pat.finditer(text):
            s, e = m.span()
            if taken.overlaps(s, e):
                continue
            g = m.groupdict()
            future = bool(_FUTURE.search(_clause(text, s, e)))
            value, gran = _resolve(kind, g, anchor, future)
            if kind in ("month", "year"):  # keep the preposition out of the span
                key = "month" if kind == "month" else "year"
                s = m.start(key)
            taken.add(s, e)
            out.append(Timex(text=text[s:e], start=s, end=e, value=value,
                             anchor=anchor.isoformat() if anchor else None, granularity=gran))
        taken.end_pass()
    return sorted(out, key=lambda t: t.start)


def _resolve(kind: str, g: dict[str, Any], anchor: dt.date | None, future: bool) -> tuple[str | None, str]:
    if kind == "iso":
        d = _safe_date(int(g["year"]), int(g["mnum"]), int(g["dnum"]))
        return (d.isoformat() if d else None), "day"
    if kind in ("mdy", "dmy"):
        d = _safe_date(int(g["year"]), _month_num(g["month"]), int(g["day"]))
        return (d.isoformat() if d else None), "day"
    if kind == "my":
        return f"{g['year']}-{_month_num(g['month']):02d}", "month"
    if kind == "year":
        return g["year"], "year"
    if kind in ("md", "dm"):
        if anchor is None:
            return None, "day"
        month, day = _month_num(g["month"]), int(g["day"])
        year = anchor.year
        cand = _safe_date(year, month, day)
        if cand is None:
            return None, "day"
        if future and cand < anchor:
            cand = _safe_date(year + 1, month, day)
        elif not future and cand > anchor + dt.timedelta(days=1):
            cand = _safe_date(year - 1, month, day)
        return (cand.isoformat() if cand else None), "day"
    if kind == "month":
        if anchor is None:
            return None, "month"
        month = _month_num(g["month"])
        year = anchor.year
        if future and month < anchor.month:
            year += 1
        elif not future and month > anchor.month:
            year -= 1
        return f"{year}-{month:02d}", "month"
    if kind == "weekday":
        if anchor is None:
            return None, "weekday"
        wd = WEEKDAYS[g["weekday"].lower()]
        delta = (wd - anchor.weekday()) % 7 if future else -((anchor.weekday() - wd) % 7)
        return (anchor + dt.timedelta(days=delta)).isoformat(), "day"
    # relative
    rel = g["rel"].lower()
    if anchor is None:
        return None, "relative"
    if rel in ("today", "tonight"):
        return anchor.isoformat(), "day"
    if rel == "yesterday":
        return (anchor - dt.timedelta(days=1)).isoformat(), "day"
    if rel == "tomorrow":
        return (anchor + dt.timedelta(days=1)).isoformat(), "day"
    if g.get("n"):
        n = int(g["n"]) if g["n"].isdigit() else _NUM[g["n"].lower()]
        unit = g["unit"].lower().rstrip("s")
        days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit] * n
        d = anchor - dt.timedelta(days=days)
        return (d.isoformat() if unit in ("day", "week") else d.strftime("%Y-%m") if unit == "month" else str(d.year)), unit
    if "weekend" in rel:
        sat = anchor - dt.timedelta(days=(anchor.weekday() - 5) % 7 or 7) if not rel.startswith("next") else \
            anchor + dt.timedelta(days=(5 - anchor.weekday()) % 7 or 7)
        return sat.isoformat(), "weekend"
    step = -1 if rel.startswith("last") else 1 if rel.startswith("next") else 0
    if rel.endswith("week"):
        monday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(weeks=step)
        iso = monday.isocalendar()
        return f"{iso[0]}-W{iso[1]:02d}", "week"
    if rel.endswith("month"):
        y, m = anchor.year, anchor.month + step
        y, m = (y - 1, 12) if m == 0 else (y + 1, 1) if m == 13 else (y, m)
        return f"{y}-{m:02d}", "month"
    return str(anchor.year + step), "year"


# --- declared dates -------------------------------------------------------------------

def parse_date(value: str) -> dt.date | None:
    """An ISO-ish or free-form date string -> date (dateparser for the free-form ones)."""
    value = value.strip()
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", value)
    if m:
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = re.match(r"^D:(\d{4})(\d{2})(\d{2})", value)  # PDF date
    if m:
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    import dateparser

    parsed = dateparser.parse(value, languages=["en"], settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]})
    return parsed.date() if parsed else None


_DATELINE = re.compile(r"(?:published|updated|posted|date)?\s*:?\s*(?P<date>(?:" + _WEEKDAY + r",?\s+)?(?:" +
                       _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"|" + _DAY.replace("day>", "day2>") + r"\s+" +
                       _MONTH.replace("month>", "month2>") + r",?\s+" + _YEAR.replace("year>", "year2>") +
                       r"|\d{4}-\d{2}-\d{2}))", re.IGNORECASE)


def declared_dates(meta: dict[str, Any], text: str, links: list[Link]) -> list[DateEvidence]:
    out: list[DateEvidence] = []
    if meta.get("field_date"):
        d = parse_date(str(meta["field_date"]))
        if d:
            out.append(DateEvidence("declared-field", d.isoformat(), f"date field: {meta['field_date']}"))
    for key in ("date", "html_date"):
        if meta.get(key) and not any(e.kind == "declared-meta" for e in out):
            d = parse_date(str(meta[key]))
            if d:
                out.append(DateEvidence("declared-meta", d.isoformat(), f"page metadata {key}: {meta[key]}"))
    url = meta.get("url")
    if isinstance(url, str):
        ud = url_date(url)
        if ud and len(ud) == 10:
            out.append(DateEvidence("declared-url", ud, f"document URL {url}"))
    head = text[:300]
    m = _DATELINE.search(head)
    # A dateline stands at the start of a line, or after "Published:" and the like.
    line_start = m is not None and (m.start("date") == 0 or head[: m.start("date")].rstrip(" \t").endswith("\n"))
    if m and (line_start or re.match(r"\s*(?:published|updated|posted|date)", m.group(0), re.I)):
        d = parse_date(m.group("date"))
        if d:
            out.append(DateEvidence("declared-text", d.isoformat(), m.group(0).strip(), m.start("date"), m.end("date")))
    if not any(e.kind == "declared-text" for e in out):
        # a dateline with its date in full after the place ("BRUSSELS 1996-08-22", as Reuters' archive writes it)
        dl = next((x for x in find_datelines(text) if x.group("iso")), None)
        d = parse_date(dl.group("iso")) if dl is not None else None
        if d and dl is not None:
            out.append(DateEvidence("declared-text", d.isoformat(), f"dateline {dl.group(0).strip()}", dl.start("iso"), dl.end("iso")))
    if meta.get("pdf_created"):
        d = parse_date(str(meta["pdf_created"]))
        if d:
            out.append(DateEvidence("pdf-meta", d.isoformat(), f"PDF creation date {meta['pdf_created']}",
                                    note="when the PDF file was made; not taken as the report's date"))
    seen_urls: set[str] = set()
    for link in links:
        if link.url_date and link.url not in seen_urls:
            seen_urls.add(link.url)
            out.append(DateEvidence("link-url", link.url_date, link.url,
                                    note="date of a linked page, not of this document"))
    return out


# --- content window from office terms -------------------------------------------------

@dataclass(frozen=True)
class Term:
    names: tuple[str, ...]
    roles: tuple[str, ...]
    start: dt.date
    end: dt.date | None

    @property
    def key(self) -> tuple[str, str]:
        return (self.names[0], self.roles[0])


def _fold(s: str) -> str:
    """Lower-case, accents removed (Guaido = Guaidó), length preserved for offsets."""
    return fold(s).lower()


@lru_cache(maxsize=1)
def office_terms() -> tuple[Term, ...]:
    text = resources.files("claimgraph").joinpath("data/office_terms.tsv").read_text("utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        names, roles, start, end = (line.split("\t") + ["", ""])[:4]
        rows.append(Term(tuple(_fold(n) for n in names.split("|")), tuple(roles.split("|")),
                         dt.date.fromisoformat(start), dt.date.fromisoformat(end) if end.strip() else None))
    return tuple(rows)


_START_VERBS = re.compile(r"\b(?:declared|proclaimed|sworn\s+in|took\s+office|inaugurated|elected|appointed|named|became|assumed)\b")
_NEGATING = re.compile(r"(?:former|ex-|late|then-|outgoing|future|incoming|would-be)\s*$")


@lru_cache(maxsize=1)
def _term_index() -> tuple[re.Pattern[str], dict[str, list[tuple[Term, re.Pattern[str], re.Pattern[str]]]]]:
    """One pattern for every name in the table, and per name the title patterns to try around it."""
    by_name: dict[str, list[tuple[Term, re.Pattern[str], re.Pattern[str]]]] = {}
    for term in office_terms():
        roles = "|".join(re.escape(r) for r in term.roles)
        # "u.s. president donald trump": the title, up to two more words, then the name
        before = re.compile(r"(?P<pre>\b[\w-]*\s*)\b(?:" + roles + r")\s+(?:[a-z.]+\s+){0,2}?$")
        # "trump, the president" / "guaido, who declared himself interim president"
        after = re.compile(r"^,\s+(?:who\s+(?:\w+\s+){0,3}|the\s+|a\s+)?(?:[\w.’'-]+\s+){0,4}?(?P<pre>[\w-]*\s*)(?:"
                           + roles + r")\b")
        for name in term.names:
            by_name.setdefault(name, []).append((term, before, after))
    names = sorted(by_name, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b"), by_name


def role_evidence(text: str) -> list[tuple[Term, str, int, int, str]]:
    """(term, matched text, start, end, mode) where the text calls a person by a held title.

    mode: "in-office" (plain title), "after-start" (then-/former: written after the term began).
    One pass finds the names; the titles are looked for only in a window around each.
    """
    folded = _fold(text)
    names, by_name = _term_index()
    found = []
    for nm in names.finditer(folded):
        s, e = nm.span()
        for term, before, after in by_name[nm.group(0)]:
            window_start = max(0, s - 60)
            hits = []
            m = before.search(folded, window_start, s)
            if m:
                hits.append((m.group("pre") or "", m.end("pre"), e))
            m2 = after.match(folded[e : e + 160])
            if m2:
                hits.append((m2.group("pre") or "", s, e + m2.end()))
            for pre, hs, he in hits:
                pre = pre.strip()
                if re.match(r"(?:vice|deputy|former|ex-|then-|late|outgoing|incoming|future)", pre):
                    if not pre.startswith(("former", "ex-", "then-", "late", "outgoing")):
                        continue
                    mode = "after-start"
                else:
                    mode = "in-office"
                found.append((term, text[hs:he], hs, he, mode))
    return found


def _intersect(a: list[tuple[dt.date, dt.date]], b: list[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    out = []
    for s1, e1 in a:
        for s2, e2 in b:
            s, e = max(s1, s2), min(e1, e2)
            if s <= e:
                out.append((s, e))
    return out


FAR_FUTURE = dt.date(2100, 1, 1)


@lru_cache(maxsize=1)
def _first_known() -> tuple[re.Pattern[str] | None, dict[str, tuple[dt.date, str]]]:
    """One alternation over the names of ``data/first_known.tsv`` (folded), and each name's row."""
    text = resources.files("claimgraph").joinpath("data/first_known.tsv").read_text("utf-8")
    by_name: dict[str, tuple[dt.date, str]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        names, start, note = (line.split("\t") + ["", ""])[:3]
        for n in names.split("|"):
            by_name[_fold(n)] = (dt.date.fromisoformat(start), note)
    alts = sorted(by_name, key=len, reverse=True)
    return (re.compile(r"\b(?:" + "|".join(re.escape(a) for a in alts) + r")\b") if alts else None), by_name


def first_known_evidence(text: str) -> list[DateEvidence]:
    """A name that did not exist before a date ("the Oreshnik missile"): the report is later."""
    pattern, by_name = _first_known()
    if pattern is None:
        return []
    seen: set[dt.date] = set()
    out = []
    for m in pattern.finditer(_fold(text)):
        start, note = by_name[m.group(0)]
        if start in seen:
            continue
        seen.add(start)
        out.append(DateEvidence("content-first-known", f"{start.isoformat()}..", text[m.start() : m.end()], m.start(),
                                m.end(), note=f"named only from {start.isoformat()}: {note}"))
    return out


def content_window(text: str) -> tuple[list[tuple[dt.date, dt.date]] | None, list[DateEvidence]]:
    """Intervals within which the content places the writing, with the evidence used."""
    window, evidence = _role_window(text)
    for ev in first_known_evidence(text):
        start = dt.date.fromisoformat(ev.value[:10])
        narrowed = _intersect(window or [(dt.date(1900, 1, 1), FAR_FUTURE)], [(start, FAR_FUTURE)])
        if narrowed:
            window = narrowed
        else:
            ev.note += "; contradicts other evidence; not used"
        evidence.append(ev)
    return window, evidence


def _role_window(text: str) -> tuple[list[tuple[dt.date, dt.date]] | None, list[DateEvidence]]:
    """Intervals the titles held for known terms allow (step 2 of the cascade)."""
    hits = role_evidence(text)
    if not hits:
        return None, []
    # Group the matching terms by person and title: a person's several terms are alternatives.
    groups: dict[tuple[str, str], list[tuple[Term, str, int, int, str]]] = {}
    for h in hits:
        groups.setdefault(h[0].key, []).append(h)
    window: list[tuple[dt.date, dt.date]] = [(dt.date(1900, 1, 1), FAR_FUTURE)]
    evidence: list[DateEvidence] = []
    alt_terms: dict[tuple[str, str], set[Term]] = {}
    for key, group in groups.items():
        alt_terms[key] = {h[0] for h in group}
    for key, group in sorted(groups.items(), key=lambda kv: kv[1][0][2]):
        intervals = []
        for term in sorted(alt_terms[key], key=lambda t: t.start):
            modes = {h[4] for h in group if h[0] == term}
            if "in-office" in modes:
                intervals.append((term.start, term.end or FAR_FUTURE))
            else:
                intervals.append((term.start, FAR_FUTURE))
        narrowed = _intersect(window, intervals)
        first = group[0]
        span = " or ".join(f"{s.isoformat()}..{'' if e == FAR_FUTURE else e.isoformat()}" for s, e in intervals)
        if narrowed:
            window = narrowed
            evidence.append(DateEvidence("content-role", span, first[1], first[2], first[3],
                                         note=f"title held {span}"))
        else:
            evidence.append(DateEvidence("content-role", span, first[1], first[2], first[3],
                                         note="contradicts other evidence; not used"))
    # A start month named beside a start verb pins the year ("declared himself
    # interim president in January" -> January of that term's first year).
    for group in groups.values():
        for term, _matched, s, e, _mode in group:
            cstart, cend = _clause_span(text, s, e)
            clause = text[cstart:cend]
            if not _START_VERBS.search(_fold(clause)):
                continue
            for m in re.finditer(r"\bin\s+" + _MONTH, clause):
                if _month_num(m.group("month")) == term.start.month:
                    year_end = dt.date(term.start.year, 12, 31)
                    pinned = _intersect(window, [(term.start, year_end)])
                    if pinned:
                        window = pinned
                        evidence.append(DateEvidence(
                            "content-role", f"{term.start.isoformat()}..{year_end.isoformat()}",
                            clause.strip(), cstart, cstart + len(clause),
                            note=f"'{m.group(0)}' is the start of a term that began {term.start.isoformat()}; "
                                 "a month named without a year is the latest one, so the report is from that year"))
    return window, evidence


@dataclass
class DateVerdict:
    date: str | None
    status: str
    window: tuple[str, str] | None
    note: str
    evidence: list[DateEvidence]
    timexes: list[Timex]


def date_document(text: str, meta: dict[str, Any], links: list[Link]) -> DateVerdict:
    evidence = declared_dates(meta, text, links)
    declared = [e for e in evidence if e.kind.startswith("declared")]
    window, role_ev = content_window(text)
    evidence += role_ev
    win = None
    if window:
        lo, hi = min(s for s, _ in window), max(e for _, e in window)
        win = (lo.isoformat(), "" if hi == FAR_FUTURE else hi.isoformat())
    if declared:
        d = dt.date.fromisoformat(declared[0].value)
        if window and not any(s <= d <= e for s, e in window):
            note = (f"declared {d.isoformat()} ({declared[0].kind}) lies outside what the content allows "
                    f"({win[0]}..{win[1] or 'now'}): {'; '.join(e.text for e in role_ev[:3])}")
            return DateVerdict(d.isoformat(), "conflict", win, note, evidence, find_timexes(text, None))
        disagree = [e for e in declared[1:] if abs((dt.date.fromisoformat(e.value) - d).days) > 2]
        note = f"from {declared[0].kind}"
        if disagree:
            note += "; other declared dates differ: " + ", ".join(f"{e.value} ({e.kind})" for e in disagree)
        return DateVerdict(d.isoformat(), "declared", win, note, evidence, find_timexes(text, d))
    if window:
        lo, hi = min(s for s, _ in window), max(e for _, e in window)
        if hi != FAR_FUTURE and lo.year == hi.year:
            value = lo.strftime("%Y-%m") if lo.month == hi.month else str(lo.year)
            return DateVerdict(value, "content", win, f"no declared date; content places it in {value}",
                               evidence, find_timexes(text, None))
        return DateVerdict(None, "undated", win, f"no declared date; content allows {win[0]}..{win[1] or 'now'}",
                           evidence, find_timexes(text, None))
    return DateVerdict(None, "undated", None, "no declared date and no dating evidence in the content",
                       evidence, find_timexes(text, None))

"""Readers: a path, a directory, a JSONL file or stdin -> RawDocument or Failure.

A reader never raises for bad input: each problem becomes a :class:`Failure`
with a catalogue code, so one bad file never stops a batch.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import stat
import sys
import unicodedata
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import ClaimgraphError, E
from ..model import Failure, RawDocument, content_id
from .clean import strip_invisible

SUFFIX_FORMAT = {".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html", ".pdf": "pdf", ".jsonl": "jsonl"}
# Share of control characters above which a "text" file is taken for binary.
BINARY_CONTROL_SHARE = 0.05
# charset_normalizer's chaos score above which a guessed decoding is rejected.
MAX_DECODE_CHAOS = 0.25
# Share of spaces and punctuation below which a guessed decoding is taken for byte soup.
MIN_BREAK_SHARE = 0.01

Item = RawDocument | Failure


# Share of NUL bytes above which a file is binary (below it, the NULs are dropped: a stray
# NUL in a text file is damage, not a sign of a binary file).
MAX_NUL_SHARE = 0.10
# When charset_normalizer finds several single-byte code pages equally good (it scores
# cp1250, cp1252 and their relatives alike on most Western text, then takes the first by
# name, so "naïve" saved as Latin-1 came out "naďve"), the bytes are read as Windows-1252,
# the superset of Latin-1 browsers use for unlabelled Latin-1 — unless they hold a byte
# cp1252 leaves undefined, or cp1252 reads a symbol inside a word (ł read as ³), the marks
# of a Central European page.
_CONTROL_BYTES = [bytes([b]) for b in range(1, 32) if b not in (9, 10, 12, 13)]
_WESTERN = "cp1252"
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
_SYMBOL_IN_WORD = re.compile(r"[^\W\d_][\u00a1-\u00bf\u00d7\u00f7][^\W\d_]")


def decode_bytes(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 (with a BOM, or ASCII-range text without one),
    else the encoding charset_normalizer is sure of (Windows-1252 on a tie, see above).
    NUL bytes are dropped unless there are so many that the file is binary."""
    if not data.strip():
        raise ClaimgraphError(E.E002)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ClaimgraphError(E.E004) from None
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        head = data[:8192]
        controls = sum(head.count(b) for b in _CONTROL_BYTES)
        nuls = data.count(b"\x00")
        if nuls > max(16, MAX_NUL_SHARE * len(data)) or controls > BINARY_CONTROL_SHARE * len(head):
            raise ClaimgraphError(E.E003)
        data = data.replace(b"\x00", b"")
        if not data.strip():
            raise ClaimgraphError(E.E002)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    results = from_bytes(data)
    best = results.best()
    if best is None or best.chaos > MAX_DECODE_CHAOS:
        # Text that is nearly all ASCII with a few legacy bytes (a "café" in an odd document):
        # those bytes are Western letters, whatever the rest looks like.
        text = _few_legacy_bytes(data)
        if text is None:
            raise ClaimgraphError(E.E004)
    else:
        text = _western_on_a_tie(data, results, best) or str(best)
    # A multi-byte code page can read any byte soup as "text" (random bytes come out
    # as fluent-looking Hangul): real prose in any script has spaces or punctuation.
    sample = text[:8192]
    breaks = sum(1 for ch in sample if ch.isspace() or unicodedata.category(ch).startswith("P"))
    if len(sample) >= 200 and breaks < MIN_BREAK_SHARE * len(sample):
        raise ClaimgraphError(E.E004)
    if _too_many_controls(text):
        raise ClaimgraphError(E.E003)
    return text


def _too_many_controls(text: str, sample: int = 8192) -> bool:
    """Whether control characters other than line breaks, tabs and form feeds pass
    ``BINARY_CONTROL_SHARE`` of the text's first ``sample`` characters (binary, not text)."""
    head = text[:sample]
    return sum(1 for ch in head if ord(ch) < 32 and ch not in "\n\r\t\f") > BINARY_CONTROL_SHARE * len(head)


def _utf16_without_bom(data: bytes) -> str | None:
    """ASCII-range text saved as UTF-16 without a byte order mark: every other byte is NUL."""
    head = data[:8192]
    half = len(head) // 2
    if half < 2:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    # Latin text has a NUL in every other byte; curly quotes, dashes and accents (U+00xx
    # excepted) take some of those places: half of them is enough when the other half has none.
    for zeros, others, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros >= 0.5 * half and others <= 0.02 * half:
            try:
                text = data[: len(data) // 2 * 2].decode(codec)
            except UnicodeDecodeError:
                return None
            return None if _too_many_controls(text, 4096) else text
    return None


def _few_legacy_bytes(data: bytes) -> str | None:
    high = sum(1 for b in data[:65536] if b >= 0x80)
    if high > 0.02 * min(len(data), 65536) or _CP1252_UNDEFINED.intersection(data):
        return None
    text = data.decode(_WESTERN)
    return None if _SYMBOL_IN_WORD.search(text) else text


def _western_on_a_tie(data: bytes, results: Any, best: Any) -> str | None:
    """The Windows-1252 reading, when it is as good as charset_normalizer's single-byte pick."""
    if best.encoding == _WESTERN or best.encoding not in _SINGLE_BYTE or _CP1252_UNDEFINED.intersection(data):
        return None
    # Short texts get no coherence score (0.0): every page that decodes without chaos ties.
    tied = {r.encoding for r in results if r.chaos <= best.chaos + 0.01 and r.coherence >= best.coherence - 0.1}
    if _WESTERN not in tied and best.coherence > 0:
        return None
    try:
        text = data.decode(_WESTERN)
    except UnicodeDecodeError:
        return None
    chars = set(text)
    if _SYMBOL_IN_WORD.search(text) or any(chars & a and chars & b for a, b in _CENTRAL_PAIRS):
        return None
    return text


# Letters cp1252 reads for Central European ones that one Western language never has
# together: ø with è/ì/ù (Czech ř with č/ě/ů), õ with û (Hungarian ő, ű), ã with þ
# (Romanian ă, ţ), è with æ/ð (Croatian č with ć/đ).
_CENTRAL_PAIRS = [({"ø"}, {"è", "ì", "ù"}), ({"õ"}, {"û"}), ({"ã"}, {"þ"}), ({"è"}, {"æ", "ð"})]


# Single-byte code pages charset_normalizer may pick on a tie with cp1252.
_SINGLE_BYTE = frozenset({
    "cp1250", "cp1254", "cp1257", "cp1258", "latin_1", "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_9",
    "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16", "cp775", "cp850", "cp852", "cp858",
    "mac_latin2", "mac_roman", "mac_iceland", "hp_roman8", "cp437", "cp1006", "cp1125",
})


def _check_text(text: str) -> str:
    """Line ends unified, invisible characters dropped (``clean.strip_invisible``: NUL, bidi
    controls, zero-width characters), then refused if nothing visible is left or it is binary."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = strip_invisible(text)
    if not text.strip():
        raise ClaimgraphError(E.E002)
    if _too_many_controls(text):  # "\r" is gone: line ends were unified above
        raise ClaimgraphError(E.E003)
    return text


def read_txt(data: bytes, source: str, meta: dict[str, Any] | None = None) -> RawDocument:
    if data.startswith(b"%PDF-"):
        raise ClaimgraphError(E.E003)
    return RawDocument(source=source, raw=_check_text(decode_bytes(data)), format="txt", meta=dict(meta or {}))


def read_html(data: bytes | str, source: str, meta: dict[str, Any] | None = None) -> RawDocument:
    """Main text and metadata through trafilatura; anchors whose text is in the main text kept as links."""
    import trafilatura

    _quiet_libraries()

    html = data if isinstance(data, str) else decode_bytes(data)
    if not html.strip():
        raise ClaimgraphError(E.E002)
    meta = dict(meta or {})
    # The page is parsed once, with trafilatura's own loader, for both extraction passes and the
    # links: bare_extraction() takes the tree and leaves it as it was (checked on the 19 saved news
    # pages and the examples: the same tree after both passes, the same text and metadata as from
    # the markup), where each pass and the links parsed the markup again.
    try:
        from trafilatura.utils import load_html

        tree = load_html(html)
    except Exception as exc:  # lxml errors on broken markup
        raise ClaimgraphError(E.E008) from exc
    if tree is None:
        raise ClaimgraphError(E.E008)
    # Precision first (the report, not the page around it). When that finds no main text, or
    # only a few lines where a recall-oriented pass that keeps tables finds a table (a page
    # whose article is a table of results), the recall pass is taken.
    doc, text, failed = None, "", None
    for recall in (False, True):
        settings = {"favor_recall": True, "include_tables": True} if recall else {"favor_precision": True,
                                                                               "include_tables": False}
        try:
            found = trafilatura.bare_extraction(tree, url=meta.get("url"), with_metadata=True, include_comments=False,
                                                **settings)
        except Exception as exc:  # trafilatura raises assorted lxml errors on broken markup
            failed = exc
            continue
        found_text = (getattr(found, "text", None) or "") if found is not None else ""
        if not strip_invisible(found_text).strip():
            continue
        if recall and not (_SENTENCE.search(found_text) or len(_TABLE_ROW.findall(found_text)) >= 3):
            continue  # what recall finds without a sentence or a table is the page's menus, not a report
        if doc is None:
            doc, text = found, found_text
            if recall:
                meta["extraction"] = "recall"
            elif len(text) >= SHORT_MAIN_TEXT:
                break
        elif len(_TABLE_ROW.findall(found_text)) >= 3 and len(found_text) > len(text):
            doc, text = found, found_text
            meta["extraction"] = "recall, with tables"
    if doc is None:
        raise ClaimgraphError(E.E008) from failed
    for key in ("title", "date", "sitename", "url", "author", "hostname", "description"):
        value = getattr(doc, key, None)
        if isinstance(value, str) and value and not meta.get(key):
            meta[key] = " ".join(strip_invisible(value).split())
    meta["html_date"] = getattr(doc, "date", None)
    return RawDocument(source=source, raw=_check_text(text), format="html", meta=meta, links=_anchors(tree, text))


def _anchors(tree: Any, main_text: str) -> list[dict[str, Any]]:
    """Hyperlinks whose anchor text appears in the main text (so they belong to the report)."""
    out = []
    seen = set()
    for n, a in enumerate(tree.iter("a")):
        if n >= MAX_ANCHORS or len(out) >= MAX_LINKS:
            break  # each check searches the main text: a page of 100,000 links would be quadratic
        href = (a.get("href") or "").strip()
        label = " ".join(strip_invisible(a.text_content()[:MAX_LABEL]).split())
        if not href.startswith(("http://", "https://")) or len(label) < 4 or href in seen:
            continue
        if label in main_text:
            seen.add(href)
            out.append({"url": strip_invisible(href), "text": label})
    return out


# A main text shorter than this (a headline, a caption) may be a page whose article is a table.
SHORT_MAIN_TEXT = 500
_TABLE_ROW = re.compile(r"^\|.*\|$", re.MULTILINE)
_SENTENCE = re.compile(r"\w[.!?…][\"'”’)\]]*(?:\s|$)")
# Anchors looked at per page, links kept per page, characters of an anchor's text compared.
MAX_ANCHORS = 5000
MAX_LINKS = 500
MAX_LABEL = 300


def _quiet_libraries() -> None:
    """The parsers' own log lines and warnings ("Xref table invalid ...") never reach the user:
    a reader's only output is its coded Failure."""
    for name in ("pypdf", "trafilatura", "htmldate", "courlan", "charset_normalizer"):
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)


def read_pdf(data: bytes, source: str, meta: dict[str, Any] | None = None) -> RawDocument:
    from pypdf import PdfReader

    if not data.strip():
        raise ClaimgraphError(E.E002)
    if not data.lstrip()[:5] == b"%PDF-":
        raise ClaimgraphError(E.E006, detail="no %PDF header")
    meta = dict(meta or {})
    _quiet_libraries()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=True)
            pages = [page.extract_text() or "" for page in reader.pages]
            info = reader.metadata or {}
            title, created = info.get("/Title"), info.get("/CreationDate")
    except Exception as exc:  # pypdf raises many kinds of error on a damaged file: all mean the same
        first = str(exc).splitlines()[0][:80] if str(exc).strip() else type(exc).__name__
        raise ClaimgraphError(E.E006, detail=strip_invisible(first)) from exc
    if b"%%EOF" not in data[-2048:]:
        # pypdf recovers what it can from a cut file; say so rather than store half a report.
        raise ClaimgraphError(E.E006, detail="no end-of-file marker, the file is truncated")
    text = "\n".join(p.rstrip() for p in pages)
    if not text.strip():
        raise ClaimgraphError(E.E007)
    if title and not meta.get("title"):
        meta["pdf_title"] = " ".join(strip_invisible(str(title)).split())
    if created:
        meta["pdf_created"] = strip_invisible(str(created))
    return RawDocument(source=source, raw=_check_text(text), format="pdf", meta=meta)


def read_jsonl(data: bytes, source: str, defer: bool = False) -> Iterator[Item]:
    """One article per line: fields text or html, and optionally url, title, date (``defer``:
    an html field is left unread, see ``unread``)."""
    try:
        text = decode_bytes(data)
    except ClaimgraphError as exc:
        yield Failure(source, exc.code, str(exc))
        return
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{source}:{lineno}"
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise ClaimgraphError(E.E009, line=lineno, detail="not a JSON object")
        except json.JSONDecodeError as exc:
            yield Failure(where, E.E009.code, E.E009.fmt(line=lineno, detail=exc.msg))
            continue
        except ClaimgraphError as exc:
            yield Failure(where, exc.code, str(exc))
            continue
        except RecursionError:
            yield Failure(where, E.E009.code, E.E009.fmt(line=lineno, detail="nested too deeply"))
            continue
        meta = {k: " ".join(strip_invisible(obj[k]).split()) for k in ("url", "title", "date", "outlet")
                if isinstance(obj.get(k), str) and obj[k]}
        meta = {k: v for k, v in meta.items() if v}
        if meta.get("date"):
            meta["field_date"] = meta.pop("date")
        try:
            if isinstance(obj.get("text"), str) and obj["text"].strip():
                yield RawDocument(source=where, raw=_check_text(obj["text"]), format="jsonl", meta=meta)
            elif isinstance(obj.get("html"), str) and obj["html"].strip():
                doc = unread(obj["html"], where, "jsonl", meta)
                yield doc if defer else read_container(doc)
            else:
                yield Failure(where, E.E010.code, E.E010.fmt(line=lineno))
        except ClaimgraphError as exc:
            yield Failure(where, exc.code, str(exc))
        except Exception as exc:  # a reader bug on one line must not stop the file
            yield Failure(where, E.E013.code, E.E013.fmt(detail=f"{type(exc).__name__}: {exc}"[:120]))


def _sniff(data: bytes) -> str:
    head = data.lstrip()[:512].lower()
    if head.startswith(b"%pdf-"):
        return "pdf"
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head or b"<head" in head:
        return "html"
    if head.startswith(b"{"):
        return "jsonl"
    return "txt"


def unread(container: bytes | str, source: str, fmt: str, meta: dict[str, Any] | None = None) -> RawDocument:
    """An HTML page or a PDF file left unread: ``read_container`` reads it where the document is
    processed. Reading a page's main text (trafilatura) or a PDF's text (pypdf) costs tens of
    milliseconds, more than the rest of ingest without NLP: read where the files are listed, it
    made that one process the limit of every engine (the HTML path ran at half of trafilatura
    alone on two cores, and would not have gone faster on a Ray cluster)."""
    return RawDocument(source=source, raw="", format=fmt, meta=dict(meta or {}), container=container,
                       input_id=content_id(container))


def read_container(doc: RawDocument) -> RawDocument:
    """The document with its container read (a RawDocument already read is returned as it is);
    a container that cannot be read raises ClaimgraphError."""
    if doc.container is None:
        return doc
    if doc.format == "pdf":
        if not isinstance(doc.container, bytes):
            raise ClaimgraphError(E.E006, detail="not bytes")
        out = read_pdf(doc.container, doc.source, doc.meta)
    else:
        out = read_html(doc.container, doc.source, doc.meta)
    out.format = doc.format
    out.input_id = doc.input_id
    return out


def read_bytes(data: bytes, source: str, fmt: str, defer: bool = False) -> Iterator[Item]:
    """Dispatch bytes of a known format to its reader (``defer``: HTML and PDF left unread,
    see ``unread``)."""
    if fmt == "jsonl":
        try:
            yield from read_jsonl(data, source, defer)
        except Exception as exc:  # a reader bug must not stop the batch
            yield Failure(source, E.E013.code, E.E013.fmt(detail=f"{type(exc).__name__}: {exc}"[:120]))
        return
    try:
        if fmt in ("html", "pdf"):
            doc = unread(data, source, fmt)
            yield doc if defer else read_container(doc)
        else:
            yield read_txt(data, source)
    except ClaimgraphError as exc:
        yield Failure(source, exc.code, str(exc))
    except Exception as exc:  # a reader bug must not stop the batch
        yield Failure(source, E.E013.code, E.E013.fmt(detail=f"{type(exc).__name__}: {exc}"[:120]))


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]")


def source_name(path: Path | str) -> str:
    """A path as the store and the error lines name it: control, bidi and zero-width characters
    escaped (a file name holding a newline or a terminal escape must still make one plain line)."""
    name = str(path)
    return _UNPRINTABLE.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), name)


def read_file(path: Path, max_bytes: int, defer: bool = False) -> Iterator[Item]:
    source = source_name(path)
    fmt = SUFFIX_FORMAT.get(path.suffix.lower())
    if fmt is None:
        yield Failure(source, E.E011.code, E.E011.fmt(ext=path.suffix or "(none)"))
        return
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            # a FIFO, socket or device named like a document would block the read forever
            yield Failure(source, E.E012.code, E.E012.fmt(detail="not a regular file"))
            return
        size = st.st_size
        if size > max_bytes:
            yield Failure(source, E.E005.code, E.E005.fmt(size=_human(size), limit=_human(max_bytes)))
            return
        data = path.read_bytes()
    except FileNotFoundError:
        yield Failure(source, E.E001.code, E.E001.fmt())
        return
    except OSError as exc:
        yield Failure(source, E.E012.code, E.E012.fmt(detail=exc.strerror or type(exc).__name__))
        return
    yield from read_bytes(data, source, fmt, defer)


def _human(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000  # type: ignore[assignment]
    return str(n)


def expand_paths(paths: list[str], suffixes: list[str]) -> list[str | Path]:
    """Files in the order given; directories walked recursively, sorted; "-" is stdin."""
    out: list[str | Path] = []
    for p in paths:
        if p == "-":
            out.append("-")
            continue
        path = Path(p)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    f = Path(root) / name
                    if f.suffix.lower() in suffixes and not name.startswith("."):
                        out.append(f)
        else:
            out.append(path)
    return out


def read_sources(paths: list[str], max_bytes: int, suffixes: list[str], stdin: Any = None, defer: bool = False) -> Iterator[Item]:
    """Every document (or failure) from the given paths, in order (``defer``: HTML and PDF
    left unread, see ``unread``)."""
    for item in expand_paths(paths, suffixes):
        if item == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            data = stream.read(max_bytes + 1)
            if len(data) > max_bytes:
                yield Failure("<stdin>", E.E005.code, E.E005.fmt(size=f"> {_human(max_bytes)}", limit=_human(max_bytes)))
                continue
            yield from read_bytes(data, "<stdin>", _sniff(data), defer)
        else:
            yield from read_file(Path(item), max_bytes, defer)

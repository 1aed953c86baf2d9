"""Readers: a path, a directory, a JSONL file or stdin -> RawDocument or Failure.

A reader never raises for bad input: each problem becomes a :class:`Failure`
with a catalogue code, so one bad file never stops a batch.
"""

from __future__ import annotations

import io
import json
import os
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import ClaimgraphError, E
from ..model import Failure, RawDocument

SUFFIX_FORMAT = {".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html", ".pdf": "pdf", ".jsonl": "jsonl"}
# Share of control characters above which a "text" file is taken for binary.
BINARY_CONTROL_SHARE = 0.05
# charset_normalizer's chaos score above which a guessed decoding is rejected.
MAX_DECODE_CHAOS = 0.25
# Share of spaces and punctuation below which a guessed decoding is taken for byte soup.
MIN_BREAK_SHARE = 0.01

Item = RawDocument | Failure


def decode_bytes(data: bytes) -> str:
    """UTF-8 (with or without BOM), else the encoding charset_normalizer is sure of."""
    if not data.strip():
        raise ClaimgraphError(E.E002)
    head = data[:8192]
    if b"\x00" in head and not (head.startswith((b"\xff\xfe", b"\xfe\xff"))):
        raise ClaimgraphError(E.E003)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.chaos > MAX_DECODE_CHAOS:
        raise ClaimgraphError(E.E004)
    text = str(best)
    # A multi-byte code page can read any byte soup as "text" (random bytes come out
    # as fluent-looking Hangul): real prose in any script has spaces or punctuation.
    sample = text[:8192]
    breaks = sum(1 for ch in sample if ch.isspace() or unicodedata.category(ch).startswith("P"))
    if len(sample) >= 200 and breaks < MIN_BREAK_SHARE * len(sample):
        raise ClaimgraphError(E.E004)
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > BINARY_CONTROL_SHARE * min(len(text), 8192):
        raise ClaimgraphError(E.E003)
    return text


def _check_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ClaimgraphError(E.E002)
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\t\f")
    if controls > BINARY_CONTROL_SHARE * min(len(text), 8192):
        raise ClaimgraphError(E.E003)
    return text


def read_txt(data: bytes, source: str, meta: dict[str, Any] | None = None) -> RawDocument:
    if data.startswith(b"%PDF-"):
        raise ClaimgraphError(E.E003)
    return RawDocument(source=source, raw=_check_text(decode_bytes(data)), format="txt", meta=dict(meta or {}))


def read_html(data: bytes | str, source: str, meta: dict[str, Any] | None = None) -> RawDocument:
    """Main text and metadata through trafilatura; anchors whose text is in the main text kept as links."""
    import trafilatura

    html = data if isinstance(data, str) else decode_bytes(data)
    if not html.strip():
        raise ClaimgraphError(E.E002)
    meta = dict(meta or {})
    try:
        doc = trafilatura.bare_extraction(
            html, url=meta.get("url"), with_metadata=True, include_comments=False, include_tables=False,
            favor_precision=True,
        )
    except Exception as exc:  # trafilatura raises assorted lxml errors on broken markup
        raise ClaimgraphError(E.E008) from exc
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise ClaimgraphError(E.E008)
    for key in ("title", "date", "sitename", "url", "author", "hostname", "description"):
        value = getattr(doc, key, None)
        if value and not meta.get(key):
            meta[key] = value
    meta["html_date"] = getattr(doc, "date", None)
    return RawDocument(source=source, raw=_check_text(text), format="html", meta=meta, links=_anchors(html, text))


def _anchors(html: str, main_text: str) -> list[dict[str, Any]]:
    """Hyperlinks whose anchor text appears in the main text (so they belong to the report)."""
    try:
        import lxml.html

        tree = lxml.html.fromstring(html)
    except Exception:
        return []
    out = []
    seen = set()
    for a in tree.iter("a"):
        href = (a.get("href") or "").strip()
        label = " ".join(a.text_content().split())
        if not href.startswith(("http://", "https://")) or len(label) < 4 or href in seen:
            continue
        if label in main_text:
            seen.add(href)
            out.append({"url": href, "text": label})
    return out


def read_pdf(data: bytes, source: str, meta: dict[str, Any] | None = None) -> RawDocument:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError, PdfStreamError

    if not data.strip():
        raise ClaimgraphError(E.E002)
    if not data.lstrip()[:5] == b"%PDF-":
        raise ClaimgraphError(E.E006, detail="no %PDF header")
    meta = dict(meta or {})
    try:
        reader = PdfReader(io.BytesIO(data), strict=True)
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata or {}
    except (PdfReadError, PdfStreamError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise ClaimgraphError(E.E006, detail=str(exc).splitlines()[0][:80] if str(exc) else type(exc).__name__) from exc
    if b"%%EOF" not in data[-2048:]:
        # pypdf recovers what it can from a cut file; say so rather than store half a report.
        raise ClaimgraphError(E.E006, detail="no end-of-file marker, the file is truncated")
    text = "\n".join(p.rstrip() for p in pages)
    if not text.strip():
        raise ClaimgraphError(E.E007)
    if info.get("/Title") and not meta.get("title"):
        meta["pdf_title"] = str(info.get("/Title"))
    created = info.get("/CreationDate")
    if created:
        meta["pdf_created"] = str(created)
    return RawDocument(source=source, raw=_check_text(text), format="pdf", meta=meta)


def read_jsonl(data: bytes, source: str) -> Iterator[Item]:
    """One article per line: fields text or html, and optionally url, title, date."""
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
        meta = {k: obj[k] for k in ("url", "title", "date", "outlet") if isinstance(obj.get(k), str) and obj[k]}
        if meta.get("date"):
            meta["field_date"] = meta.pop("date")
        try:
            if isinstance(obj.get("text"), str) and obj["text"].strip():
                yield RawDocument(source=where, raw=_check_text(obj["text"]), format="jsonl", meta=meta)
            elif isinstance(obj.get("html"), str) and obj["html"].strip():
                doc = read_html(obj["html"], where, meta)
                doc.format = "jsonl"
                yield doc
            else:
                yield Failure(where, E.E010.code, E.E010.fmt(line=lineno))
        except ClaimgraphError as exc:
            yield Failure(where, exc.code, str(exc))


def _sniff(data: bytes) -> str:
    head = data.lstrip()[:512].lower()
    if head.startswith(b"%pdf-"):
        return "pdf"
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head or b"<head" in head:
        return "html"
    if head.startswith(b"{"):
        return "jsonl"
    return "txt"


def read_bytes(data: bytes, source: str, fmt: str) -> Iterator[Item]:
    """Dispatch bytes of a known format to its reader."""
    if fmt == "jsonl":
        yield from read_jsonl(data, source)
        return
    readers = {"txt": read_txt, "html": read_html, "pdf": read_pdf}
    try:
        yield readers[fmt](data, source)
    except ClaimgraphError as exc:
        yield Failure(source, exc.code, str(exc))
    except Exception as exc:  # a reader bug must not stop the batch
        yield Failure(source, E.E013.code, E.E013.fmt(detail=f"{type(exc).__name__}: {exc}"[:120]))


def read_file(path: Path, max_bytes: int) -> Iterator[Item]:
    source = str(path)
    fmt = SUFFIX_FORMAT.get(path.suffix.lower())
    if fmt is None:
        yield Failure(source, E.E011.code, E.E011.fmt(ext=path.suffix or "(none)"))
        return
    try:
        size = path.stat().st_size
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
    yield from read_bytes(data, source, fmt)


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


def read_sources(paths: list[str], max_bytes: int, suffixes: list[str], stdin: Any = None) -> Iterator[Item]:
    """Every document (or failure) from the given paths, in order."""
    for item in expand_paths(paths, suffixes):
        if item == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            data = stream.read(max_bytes + 1)
            if len(data) > max_bytes:
                yield Failure("<stdin>", E.E005.code, E.E005.fmt(size=f"> {_human(max_bytes)}", limit=_human(max_bytes)))
                continue
            yield from read_bytes(data, "<stdin>", _sniff(data))
        else:
            yield from read_file(Path(item), max_bytes)

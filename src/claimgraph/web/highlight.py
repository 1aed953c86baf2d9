"""A document's clean text cut into pieces for the page: quotations (with their speaker) around
the words, and inside and between them the speaker spans, entity mentions and speech cues.

The pieces are plain data; the template prints every piece of text through Jinja2's autoescaping,
so whatever the document holds (``<script>``, ``onerror=``, ``javascript:``) stays text.
"""

from __future__ import annotations

import re
from typing import Any

_SAFE_URL = re.compile(r"^https?://[^\s\x00-\x1f]+$", re.IGNORECASE)


def safe_href(url: str | None) -> str | None:
    """The URL when it is an http(s) URL, else None (shown as text, never as a link)."""
    u = (url or "").strip()
    return u if _SAFE_URL.match(u) else None


def blocks(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The text as a list of pieces: ``{"kind": "text"|"mention"|"source"|"cue", "text", ...}``
    and ``{"kind": "quote", "quote", "first", "parts": [...]}`` holding the same inner pieces."""
    text = doc["clean_text"]
    n = len(text)
    quotes = sorted((q for q in doc["quotes"] if q["speech"]), key=lambda q: q["start"])
    outer = []
    for q in quotes:
        frags = q["fragments"] or [[q["start"], q["end"]]]
        for i, (s, e) in enumerate(frags):
            s, e = max(0, s), min(n, e)
            if e > s:
                outer.append((s, e, q, i == 0))
    outer.sort(key=lambda p: (p[0], -p[1]))
    kept: list[tuple[int, int, dict[str, Any], bool]] = []
    end = -1
    for p in outer:
        if p[0] >= end:
            kept.append(p)
            end = p[1]
    names = {e["id"]: e for e in doc.get("entities", [])}
    candidates: list[tuple[int, int, int, dict[str, Any]]] = []
    for q in quotes:
        if q.get("source_start") is not None and q.get("source_end"):
            candidates.append((q["source_start"], q["source_end"], 0,
                               {"kind": "source", "entity_id": q["speaker_id"], "speaker": q["speaker"], "quote_id": q["id"]}))
    for m in doc.get("mentions", []):
        ent = names.get(m["entity_id"], {})
        candidates.append((m["start"], m["end"], 1, {"kind": "mention", "entity_id": m["entity_id"],
                                                     "type": ent.get("type") or m.get("label") or "", "name": ent.get("name", "")}))
    for q in quotes:
        if q.get("cue_start") is not None and q.get("cue_end"):
            candidates.append((q["cue_start"], q["cue_end"], 2, {"kind": "cue"}))
    bounds = [(s, e) for s, e, _, _ in kept]
    inner: list[tuple[int, int, dict[str, Any]]] = []
    for s, e, _, info in sorted(candidates, key=lambda c: (c[2], c[0])):
        if not (0 <= s < e <= n):
            continue
        if any(s < b < e for lo, hi in bounds for b in (lo, hi)):
            continue  # crosses a quotation's edge
        if any(s < ie and is_ < e for is_, ie, _ in inner):
            continue
        inner.append((s, e, info))
    inner.sort(key=lambda x: x[0])

    def segment(lo: int, hi: int) -> list[dict[str, Any]]:
        parts: list[dict[str, Any]] = []
        pos = lo
        for s, e, info in inner:
            if s < lo or e > hi:
                continue
            if s > pos:
                parts.append({"kind": "text", "text": text[pos:s]})
            parts.append({**info, "text": text[s:e]})
            pos = e
        if pos < hi:
            parts.append({"kind": "text", "text": text[pos:hi]})
        return parts

    out: list[dict[str, Any]] = []
    pos = 0
    for s, e, q, first in kept:
        out += segment(pos, s)
        out.append({"kind": "quote", "quote": q, "first": first, "parts": segment(s, e)})
        pos = e
    out += segment(pos, n)
    return out

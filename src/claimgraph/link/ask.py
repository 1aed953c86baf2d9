"""Answer a question from the stored claims, with the evidence on each side.

``answer(conn, nlp, question)``: the question goes through the same pipeline as a document,
so "Did Venezuela request military aid from Russia?" becomes the event REQUEST by
gpe:venezuela (mode military, target gpe:russia). Every stored claim with that key whose
target, object and mode do not differ is evidence: a factual claim of the same polarity
*supports* it, a factual claim of the opposite polarity *contradicts* it, and a possibility,
call or condition about it is *unclear*. When the question holds no event the pipeline
recognises, the answer says so rather than guess from word overlap.

Beside the claims, ``reports`` gives the stance of each stored report that speaks of the
question (full-text search) toward it, from the stance model trained on Emergent
(``link/stance.py``): for, against, observing or unrelated, with the sentence it rests on.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from ..store.queries import EVENT_SELECT, _event_row, _rows
from .claims import FACTUAL, ClaimRow, relate


def question_events(nlp: Any, question: str) -> list[dict[str, Any]]:
    doc = nlp(question)
    return list(getattr(doc._, "cg_events", None) or [])


def answer(conn: sqlite3.Connection, nlp: Any, question: str, limit: int = 50) -> dict[str, Any]:
    sides: dict[str, list[dict[str, Any]]] = {"supports": [], "contradicts": [], "unclear": []}
    asked = []
    for ev in question_events(nlp, question):
        actor = (ev.get("actor") or {}).get("entity_id")
        if not actor:
            continue
        target = (ev.get("target") or {}).get("entity_id")
        obj = ev.get("object") or {}
        asked.append({"type": ev["type"], "lemma": ev["lemma"], "actor_id": actor, "target_id": target,
                      "mode": ev.get("mode"), "object": obj.get("text")})
        probe = ClaimRow(id=0, doc_id="", type=ev["type"], mode=ev.get("mode"), subject_id=actor, target_id=target,
                         object_id=obj.get("entity_id"), object=obj.get("text"), polarity="affirmed", modality="asserted",
                         window_start=None, window_end=None, sentence=question, event_id=-1)
        rows = conn.execute(
            "SELECT c.id, c.doc_id, c.type, c.mode, c.subject_id, c.target_id, c.object_id, c.object, c.polarity, c.modality,"
            " c.window_start, c.window_end, '', c.event_id, -1, '' FROM claims c WHERE c.key = ? LIMIT ?",
            (f"{ev['type']}|{actor}", limit)).fetchall()
        for row in rows:
            claim = ClaimRow.from_row(row)
            # the same proposition: relate() on the claim as if it were stated as a plain fact
            as_fact = ClaimRow(**{**claim.__dict__, "modality": "asserted", "polarity": "affirmed"})
            if relate(probe, as_fact) is None:
                continue
            side = ("unclear" if claim.modality not in FACTUAL else
                    "supports" if claim.polarity == "affirmed" else "contradicts")
            evidence = _event_row(_rows(conn, EVENT_SELECT + " WHERE e.id = ?", claim.event_id)[0])
            evidence["claim_id"] = claim.id
            sides[side].append(evidence)
    for evidence in sides.values():
        evidence.sort(key=lambda e: (e["time_start"] or "", e["doc_id"], e["start"]))
    return {"question": question, "asked": asked, **sides, "reports": report_stances(conn, question)}


_AUX = re.compile(r"^(?:did|does|do|is|was|were|are|has|have|had|will|would|can|could|should)\s+", re.I)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{2,}")
_STOP = {"did", "does", "the", "and", "for", "from", "with", "that", "this", "was", "were", "has", "have", "had", "will"}


def report_stances(conn: sqlite3.Connection, question: str, limit: int = 10) -> list[dict[str, Any]]:
    """The stance of each stored report that speaks of the question (full-text search on its
    words) toward it as a claim: for, against, observing or unrelated, with the sentence the
    stance rests on. This reads reports that state no event the pipeline types."""
    claim = _AUX.sub("", question.strip()).rstrip(" ?")
    words = [w for w in _WORD.findall(claim) if w.lower() not in _STOP]
    if not words:
        return []
    match = " OR ".join('"' + w.replace('"', "") + '"' for w in words)
    rows = conn.execute(
        "SELECT d.id, d.title, d.outlet, d.date, d.clean_text FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid"
        " WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?", (match, limit)).fetchall()
    if not rows:
        return []
    try:
        from .stance import stance
    except Exception:  # the embedding model is not installed: no stance, the claims above stand
        return []
    out = []
    for doc_id, title, outlet, date, text in rows:
        label, confidence, (s, e) = stance(claim, text)
        out.append({"doc_id": doc_id, "title": title, "outlet": outlet, "date": date, "stance": label,
                    "confidence": round(float(confidence), 3), "start": s, "end": e, "sentence": text[s:e]})
    return out

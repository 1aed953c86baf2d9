"""Claims across documents: which sources agree, which contradict, and who changed position.

``link_new(conn)`` is the incremental pass: it reads only the claims no pass has compared yet
(``claims.linked = 0``, indexed) and, for each, only the stored claims with the same key
(PLOVER type and subject entity, indexed), so its cost grows with the new claims and their
candidates, never with the square of the store. Each pair gets one label from :func:`relate`:

1. Not the same proposition (different type, a different target, object or mode where both
   name one, nothing beyond type and actor that shows it is the same act -- a shared target,
   shared object words, or the same material mode -- or one of them a possibility or a call
   while the other is a fact): no label at all. Nothing is a contradiction merely because two
   sentences differ.
2. Same polarity: ``agree``.
3. Opposite polarity, times that overlap (or unknown): ``contradict`` ("a request from Caracas
   for military aid" against "No, they have not come to us" answering whether Venezuela had
   requested military aid).
4. Opposite polarity, times that do not overlap: ``change`` of position, the same actor at two
   times (2019: Moscow sent military advisers; later: Russia does not plan to provide military
   assistance).

Two events of one sentence, a question ("Why won't he release ...?") and a claim placed by a
time expression that cannot be resolved ("in July" in an undated report) are never set
against another claim: what they assert, or when, is not known.

Confidence grows with what the two share beyond the key (target, mode, object words) and,
where the sentence-embedding model is installed, with how close the two sentences are.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from dataclasses import dataclass
from typing import Any

import numpy as np

# Modalities that state a fact or a firm intention; a possibility ("could supply"), a call
# ("should consider") or a condition is never set against a fact.
FACTUAL = {"asserted", "intended"}
# Modes that name what is given or asked for (military aid, economic aid): two requests for
# military aid are one proposition whatever words each report uses for it.
MATERIAL_MODES = {"military", "economic", "humanitarian", "asylum"}
_WORD = re.compile(r"[a-z]{3,}")
_STOP = {"the", "and", "for", "with", "from", "that", "this", "their", "its", "his", "her", "our", "any", "some"}


@dataclass
class ClaimRow:
    id: int
    doc_id: str
    type: str
    mode: str | None
    subject_id: str | None
    target_id: str | None
    object_id: str | None
    object: str | None
    polarity: str
    modality: str
    window_start: str | None
    window_end: str | None
    sentence: str
    event_id: int
    sentence_start: int = -1
    time_source: str = ""

    @classmethod
    def from_row(cls, r: sqlite3.Row | tuple[Any, ...]) -> ClaimRow:
        return cls(*r)


# A claim as relate() reads it. Without its sentence, which would read each candidate's whole
# document text: relate() never looks at it, and only the claims that get linked and have no
# stored vector need it (``_sentences``).
CANDIDATE_ROW = (
    "SELECT c.id, c.doc_id, c.type, c.mode, c.subject_id, c.target_id, c.object_id, c.object, c.polarity, c.modality,"
    " c.window_start, c.window_end, '', c.event_id, e.sentence_start, coalesce(e.time_source, '')"
    " FROM claims c JOIN events e ON e.id = c.event_id"
)


def _sentences(conn: sqlite3.Connection, ids: list[int]) -> dict[int, str]:
    """The sentence of each claim id (what its vector encodes)."""
    out: dict[int, str] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        query = ("SELECT c.id, substr(d.clean_text, e.sentence_start + 1, e.sentence_end - e.sentence_start)"
                 " FROM claims c JOIN events e ON e.id = c.event_id JOIN documents d ON d.id = c.doc_id"
                 f" WHERE c.id IN ({','.join('?' * len(chunk))})")
        out.update(conn.execute(query, chunk).fetchall())
    return out


def _words(text: str | None) -> set[str]:
    return {w for w in _WORD.findall((text or "").lower()) if w not in _STOP}


def _overlap(a: ClaimRow, b: ClaimRow) -> bool | None:
    """Whether the two claims' times overlap; None when either is unknown."""
    if not (a.window_start and b.window_start):
        return None
    return (a.window_start <= (b.window_end or "9999")) and (b.window_start <= (a.window_end or "9999"))


def relate(a: ClaimRow, b: ClaimRow, similarity: float | None = None) -> tuple[str, float, str] | None:
    """(label, confidence, reason) for two claims with the same key, or None (steps 1-4 above)."""
    if a.type != b.type or a.event_id == b.event_id:
        return None
    if a.doc_id == b.doc_id and a.sentence_start == b.sentence_start and a.sentence_start >= 0:
        return None  # one sentence ("I can't condemn it any more ... I condemn it") is not two claims
    if a.modality == "question" or b.modality == "question":
        return None  # a question asserts nothing
    for x, y in ((a.target_id, b.target_id), (a.object_id, b.object_id), (a.mode, b.mode)):
        if x and y and x != y:
            return None
    wa, wb = _words(a.object), _words(b.object)
    shared = wa & wb
    if shared and len(shared) < 0.5 * min(len(wa), len(wb)):
        shared = set()  # one incidental word in common ("election") is not one object
    material = a.mode in MATERIAL_MODES and a.mode == b.mode
    if a.object and b.object and not shared and not material:
        return None  # "aid" and "a base" are two propositions about one actor
    if not (shared or material or a.target_id and a.target_id == b.target_id):
        return None  # the same actor and kind of act, but nothing shows it is the same act
    reasons = [f"same {a.type.lower()} by {a.subject_id}"]
    confidence = 0.5
    if a.target_id and a.target_id == b.target_id:
        confidence += 0.15
        reasons.append(f"same target {a.target_id}")
    if a.mode and a.mode == b.mode:
        confidence += 0.1
        reasons.append(f"same mode ({a.mode})")
    if shared:
        confidence += 0.1
        reasons.append("object shares " + ", ".join(sorted(shared)[:3]))
    if similarity is not None:
        confidence += 0.15 * max(0.0, min(1.0, (similarity - 0.3) / 0.5))
        reasons.append(f"sentence similarity {similarity:.2f}")
    confidence = round(min(confidence, 0.99), 2)
    if a.polarity == b.polarity:
        if a.modality in FACTUAL and b.modality in FACTUAL or a.modality == b.modality:
            return "agree", confidence, "; ".join(reasons)
        return None
    if not (a.modality in FACTUAL and b.modality in FACTUAL):
        return None  # "could supply" against "does not plan to provide": different claims
    overlap = _overlap(a, b)
    if overlap is None and (a.time_source.startswith("unresolved") or b.time_source.startswith("unresolved")):
        return None  # "refused to endorse him in July" against "is endorsing him": times unknown, not the same
    if overlap is False:
        span = f"{a.window_start[:4] if a.window_start else '?'} vs {b.window_start[:4] if b.window_start else '?'}"
        return "change", confidence, "; ".join(reasons + [f"opposite polarity at times that do not overlap ({span})"])
    return "contradict", confidence, "; ".join(reasons + ["opposite polarity" + (" at overlapping times" if overlap else "")])


Vectors = list[tuple[Any, bytes]]


def _sentence_key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def _similarities(conn: sqlite3.Connection, pairs: list[tuple[ClaimRow, ClaimRow]]) -> tuple[list[float | None], Vectors, Vectors]:
    """Cosine similarity of each pair's sentences, when the embedding model is installed, and the
    vectors found for it, for the caller to store: by claim (``claim_vectors``) and by sentence
    (``sentence_vectors``).

    A claim's vector is read from ``claim_vectors`` when stored, else from ``sentence_vectors``
    when another claim had the same sentence, else encoded now: each distinct sentence is
    encoded once per store."""
    if not pairs:
        return [], [], []
    try:
        from .embed import DIM, embed
    except Exception:  # the embedding extra is optional: labels stand on structure alone
        return [None] * len(pairs), [], []

    def read(table: str, column: str, keys: list[Any]) -> dict[Any, np.ndarray]:
        found = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            for key, blob in conn.execute(f"SELECT {column}, vector FROM {table} WHERE {column} IN ({','.join('?' * len(chunk))})",
                                          chunk):
                vec = np.frombuffer(blob, dtype=np.float32)
                if vec.shape == (DIM,):
                    found[key] = vec
        return found

    ids = sorted({c.id for p in pairs for c in p})
    vectors = read("claim_vectors", "claim_id", ids)
    missing = [cid for cid in ids if cid not in vectors]
    sentence = _sentences(conn, missing)
    key_of = {cid: _sentence_key(sentence[cid]) for cid in missing}
    known = read("sentence_vectors", "hash", sorted(set(key_of.values())))
    texts = sorted({sentence[cid] for cid in missing if key_of[cid] not in known})
    try:
        encoded = dict(zip(texts, embed(texts), strict=True))
    except Exception:
        return [None] * len(pairs), [], []
    new_sentences = {_sentence_key(t): v.tobytes() for t, v in encoded.items()}  # embed() gives float32
    for cid in missing:
        vectors[cid] = known.get(key_of[cid], encoded.get(sentence[cid]))
    by_claim = [(cid, vectors[cid].tobytes()) for cid in missing]
    return [float(vectors[a.id] @ vectors[b.id]) for a, b in pairs], by_claim, list(new_sentences.items())


def link_new(conn: sqlite3.Connection, embeddings: bool = True, max_candidates: int = 200) -> dict[str, int]:
    """Compare every claim not yet linked with the stored claims of its key; returns label counts.

    A key shared by very many claims (a head of state's SUPPORT claims) would make the pass
    quadratic; each claim is compared with at most ``max_candidates`` of them, the most recent,
    so the pass stays linear in the claims it links."""
    new = [ClaimRow.from_row(r) for r in conn.execute(CANDIDATE_ROW + " WHERE c.linked = 0 AND c.subject_id IS NOT NULL")]
    counts = {"claims": len(new), "pairs": 0, "agree": 0, "contradict": 0, "change": 0}
    if not new:
        conn.execute("UPDATE claims SET linked = 1 WHERE linked = 0")
        return counts
    # Structure decides the label; the sentences' similarity only weighs the confidence. Pairs are
    # judged as their candidates are read, and only those structure links are kept (and embedded):
    # memory follows the links, not the candidates.
    linked: list[tuple[ClaimRow, ClaimRow]] = []
    seen: set[tuple[int, int]] = set()
    for claim in new:
        key = f"{claim.type}|{claim.subject_id}"
        for row in conn.execute(CANDIDATE_ROW + " WHERE c.key = ? AND c.id != ? ORDER BY c.id DESC LIMIT ?",
                                (key, claim.id, max_candidates)):
            other = ClaimRow.from_row(row)
            pair = (min(claim.id, other.id), max(claim.id, other.id))
            if pair in seen:
                continue
            seen.add(pair)
            a, b = (claim, other) if claim.id < other.id else (other, claim)
            if relate(a, b) is not None:
                linked.append((a, b))
    counts["pairs"] = len(seen)
    sims, vectors, sentence_vectors = _similarities(conn, linked) if embeddings else ([None] * len(linked), [], [])
    rows = []
    for (a, b), sim in zip(linked, sims, strict=True):
        verdict = relate(a, b, sim)
        assert verdict is not None
        rows.append((a.id, b.id, *verdict))
        counts[verdict[0]] += 1
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.executemany("INSERT OR REPLACE INTO claim_vectors (claim_id, vector) VALUES (?, ?)", vectors)
        conn.executemany("INSERT OR REPLACE INTO sentence_vectors (hash, vector) VALUES (?, ?)", sentence_vectors)
        conn.executemany("INSERT OR REPLACE INTO claim_links (a, b, label, confidence, reason) VALUES (?,?,?,?,?)", rows)
        conn.executemany("UPDATE claims SET linked = 1 WHERE id = ?", [(c.id,) for c in new])
        conn.execute("UPDATE claims SET linked = 1 WHERE linked = 0 AND subject_id IS NULL")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return counts


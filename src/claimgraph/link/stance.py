"""Stance of a report toward a claim: for / against / observing / unrelated.

Labels follow Emergent (Ferreira & Vlachos, NAACL 2016): a report is *for* a claim when
it states it as true, *against* when it denies or debunks it, *observing* when it
repeats it without taking a side (hedged, attributed, asked as a question); a fourth
label, *unrelated*, is for a text that does not talk about the claim.

Model (trained by ``training/stance/train.py`` on Emergent train only):

* **relatedness gate**: P(related) = sigmoid(a * cos + b), cos = cosine of the
  all-MiniLM-L6-v2 embeddings (``claimgraph.link.embed``) of the claim and the text;
  fitted on Emergent pairs against headlines of other claims, so P = 0.5 is a cosine
  threshold (``meta.json: gate_threshold``);
* **stance among related**: a 3-way logistic regression (for / against / observing) over
  the cosine, lexical cues from the Emergent paper (refuting and hedging words, question
  marks, negations, an attribution prefix "X: ...", quotation marks, word overlap) and
  32 PCA dimensions of the embedding of the text's *frame* (the text with the words it
  shares with the claim replaced by "X": "X denies X" and "Report: X" keep their frame
  whatever the topic);
* 4-way probabilities = [P(related) * P(stance | related), 1 - P(related)].

The weights are plain arrays (``models/stance/stance.npz``: scaler, PCA, coefficients);
prediction is re-implemented with numpy, so scikit-learn is not needed at run time.
Whole articles go through ``stance``: sentences are scored against the claim, the
``top_k`` most similar ones are classified and aggregated (see ``StanceModel.stance``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

from .embed import embed

LABELS: tuple[str, ...] = ("for", "against", "observing", "unrelated")
MODEL_DIR = Path(__file__).resolve().parent / "models" / "stance"
WEIGHTS_FILE = "stance.npz"
META_FILE = "meta.json"
FEATURE_VERSION = 1  # bump when the feature definitions below change (the model must be retrained)

# Cue words (Emergent paper, extended). Presence of each in the text is one feature.
REFUTE: tuple[str, ...] = tuple(
    "fake fraud hoax false deny denies denied denial not despite nope doubt doubts bogus debunk debunks debunked "
    "pranks prank retract retracts retracted refute refutes refuted reject rejects rejected dismiss dismisses "
    "dismissed myth untrue wrong no never isn't aren't wasn't weren't doesn't don't didn't won't can't".split())
HEDGE: tuple[str, ...] = tuple(
    "reportedly allegedly alleged claims claim claimed may might could apparently rumor rumors rumour rumours "
    "rumored rumoured unconfirmed purportedly purported suggests suggest suggested report reports reported sources "
    "source says said according possibly possible likely unclear speculation believed believe thought appears "
    "appear seems seem if would supposedly seemingly expected predicts predicted analyst analysts tipped "
    "speculate speculated speculates plans planning set probably perhaps maybe reveals video photo photos".split())
NEGATION = frozenset("not no never n't nobody nothing none neither nor without".split())
_REFUTE = frozenset(REFUTE)
_HEDGE = frozenset(HEDGE)
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|\?")
_FRAME_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?|[^\sA-Za-z0-9]")
_FRAME_STOP = frozenset("the a an of to in on at for and or is are was were be by with from as that this it its his her their".split())
_ATTRIBUTION = re.compile(r"^\s*([^:]{1,40}):\s")
_QUOTE = re.compile(r"[\"“”]|(^|\s)'|'(\s|$)")


def _tokens(s: str) -> list[str]:
    return _TOKEN.findall(s.lower().replace("’", "'"))


def _is_negation(t: str) -> bool:
    return t in NEGATION or t.endswith("n't")


def feature_names() -> list[str]:
    """Names of ``lexical_features``' columns, in order."""
    return ([f"refute:{w}" for w in REFUTE] + [f"hedge:{w}" for w in HEDGE]
            + ["has_qmark", "is_question", "neg_text", "neg_claim", "neg_mismatch", "n_refute", "n_hedge",
               "n_refute_new", "n_hedge_new", "jaccard", "claim_coverage", "length", "attribution_prefix",
               "quote_marks", "confirm"])


def lexical_features(claim: str, text: str) -> np.ndarray:
    """Cue-word and overlap features of ``text`` with respect to ``claim`` (float32, ``feature_names()``)."""
    c = _tokens(claim)
    t = _tokens(text)
    ts, cs = set(t), set(c)
    flags = [w in ts for w in REFUTE] + [w in ts for w in HEDGE]
    neg_t = sum(map(_is_negation, t))
    neg_c = sum(map(_is_negation, c))
    cw = {w for w in c if len(w) > 2}
    tw = {w for w in t if len(w) > 2}
    m = _ATTRIBUTION.match(text)
    rest = [
        "?" in text,
        text.strip().endswith("?"),
        neg_t,
        neg_c,
        (neg_t > 0) != (neg_c > 0),
        sum(w in _REFUTE for w in t),
        sum(w in _HEDGE for w in t),
        sum(w in _REFUTE and w not in cs for w in t),
        sum(w in _HEDGE and w not in cs for w in t),
        len(cw & tw) / max(1, len(cw | tw)),
        len(cw & tw) / max(1, len(cw)),
        len(t) / 20,
        bool(m) and len(m.group(1).split()) <= 5,
        bool(_QUOTE.search(text)),
        "confirm" in text.lower(),
    ]
    return np.asarray(flags + rest, dtype=np.float32)


def frame(claim: str, text: str) -> str:
    """``text`` with each run of words it shares with ``claim`` replaced by one "X"."""
    shared = {w.lower() for w in _FRAME_TOKEN.findall(claim) if len(w) > 1 and w.lower() not in _FRAME_STOP}
    out: list[str] = []
    prev = False
    for w in _FRAME_TOKEN.findall(text):
        if w.lower() in shared:
            if not prev:
                out.append("X")
            prev = True
        else:
            out.append(w)
            prev = False
    return " ".join(out) or "X"


# --------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------

_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*\s+|\s*\n\s*")
_ABBREV = frozenset("mr mrs ms dr st jr sr gov sen rep gen lt col sgt capt prof rev inc corp co ltd vs no jan feb mar apr "
                    "jun jul aug sep sept oct nov dec u.s u.k u.n e.g i.e etc".split())


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (a line break always ends one), whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if "\n" not in m.group():
            nxt = text[m.end():m.end() + 1]
            words = text[start:m.start() + 1].split()
            last = words[-1].lower().rstrip(".") if words else ""
            if not (nxt[:1].isupper() or nxt[:1].isdigit() or nxt[:1] in "\"'“‘([") or last in _ABBREV or len(last) == 1:
                continue
        _add_span(text, start, m.start() + len(m.group().rstrip()), spans)
        start = m.end()
    _add_span(text, start, len(text), spans)
    return spans


def _add_span(text: str, s: int, e: int, spans: list[tuple[int, int]]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        spans.append((s, e))


# --------------------------------------------------------------------------
# Model
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class StanceModel:
    """Shipped stance weights; ``load()`` once, then ``predict`` (one text) or ``stance`` (an article)."""

    mean: np.ndarray  # (d,) feature standardisation
    scale: np.ndarray  # (d,)
    pca_mean: np.ndarray  # (384,) frame-embedding PCA
    pca_components: np.ndarray  # (k, 384)
    coef: np.ndarray  # (3, d) for / against / observing
    intercept: np.ndarray  # (3,)
    gate: np.ndarray  # (2,) P(related) = sigmoid(gate[0] * cos + gate[1])
    top_k: int = 3
    meta: dict | None = None

    @classmethod
    def load(cls, path: str | Path | None = None) -> StanceModel:
        """The model in ``path`` (default: the shipped one), loaded once per path."""
        return _load(str(Path(path) if path is not None else MODEL_DIR))

    def save(self, path: str | Path) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        np.savez(path / WEIGHTS_FILE, mean=self.mean, scale=self.scale, pca_mean=self.pca_mean,
                 pca_components=self.pca_components, coef=self.coef, intercept=self.intercept, gate=self.gate)
        meta = dict(self.meta or {})
        meta.update(feature_version=FEATURE_VERSION, top_k=self.top_k, labels=list(LABELS),
                    gate_threshold=self.gate_threshold)
        (path / META_FILE).write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", "utf-8")

    @property
    def gate_threshold(self) -> float:
        """The cosine at which P(related) = 0.5."""
        return float(-self.gate[1] / self.gate[0])

    # -- pairs --------------------------------------------------------------

    def related_proba(self, cos: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(self.gate[0] * np.asarray(cos, dtype=np.float64) + self.gate[1])))

    def features(self, claims: Sequence[str], texts: Sequence[str], cos: np.ndarray,
                 fvec: np.ndarray | None = None) -> np.ndarray:
        """Standardised stance features of the pairs; ``fvec``: embeddings of their frames (computed if None)."""
        if fvec is None:
            fvec = embed([frame(c, t) for c, t in zip(claims, texts, strict=True)])
        lex = np.stack([lexical_features(c, t) for c, t in zip(claims, texts, strict=True)])
        x = np.hstack([np.asarray(cos, dtype=np.float32)[:, None], lex, (fvec - self.pca_mean) @ self.pca_components.T])
        return (x - self.mean) / self.scale

    def stance_proba(self, x: np.ndarray) -> np.ndarray:
        """P(for / against / observing | related) from standardised features."""
        z = x @ self.coef.T + self.intercept
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        return p / p.sum(axis=1, keepdims=True)

    def predict_proba(self, claims: Sequence[str], texts: Sequence[str]) -> np.ndarray:
        """4-way probabilities (columns ``LABELS``) of each (claim, text) pair; texts are headlines or sentences."""
        claims, texts = list(claims), list(texts)
        if len(claims) != len(texts):
            raise ValueError("claims and texts must have the same length")
        if not claims:
            return np.zeros((0, len(LABELS)))
        uniq = list(dict.fromkeys(claims))
        idx = {c: i for i, c in enumerate(uniq)}
        n, u = len(texts), len(uniq)
        vecs = embed(uniq + texts + [frame(c, t) for c, t in zip(claims, texts, strict=True)])  # one encoder call
        cos = np.einsum("ij,ij->i", vecs[[idx[c] for c in claims]], vecs[u:u + n])
        return self._proba(claims, texts, cos, vecs[u + n:])

    def _proba(self, claims: Sequence[str], texts: Sequence[str], cos: np.ndarray, fvec: np.ndarray | None = None) -> np.ndarray:
        rel = self.related_proba(cos)[:, None]
        p3 = self.stance_proba(self.features(claims, texts, cos, fvec))
        return np.hstack([rel * p3, 1.0 - rel])

    def predict(self, claim: str, text: str) -> tuple[str, float]:
        """(label, probability) of one headline or sentence toward ``claim``."""
        p = self.predict_proba([claim], [text])[0]
        i = int(p.argmax())
        return LABELS[i], float(p[i])

    # -- articles -----------------------------------------------------------

    def stance(self, claim: str, text: str, sentences: Sequence[tuple[int, int]] | None = None,
               top_k: int | None = None) -> tuple[str, float, tuple[int, int]]:
        """Stance of a whole article body toward ``claim``: (label, confidence, evidence sentence span).

        ``sentences`` are character spans into ``text`` (default: ``split_sentences(text)``).
        Every sentence is compared with the claim (cosine); if none passes the relatedness
        gate the article is *unrelated* (evidence: the most similar sentence). Otherwise
        the ``top_k`` most similar sentences that pass are classified; the most confident
        *for* or *against* among them wins, else *observing* (the sentence most confidently
        observing). Confidence is the winning sentence's 4-way probability of that label.
        """
        spans = list(sentences) if sentences is not None else split_sentences(text)
        if not spans:
            return "unrelated", 1.0, (0, 0)
        sents = [text[s:e] for s, e in spans]
        vecs = embed([claim] + sents)
        cos = vecs[1:] @ vecs[0]
        order = np.argsort(-cos, kind="stable")
        rel = self.related_proba(cos)
        cand = [int(i) for i in order[: top_k or self.top_k] if rel[i] >= 0.5]
        if not cand:
            best = int(order[0])
            return "unrelated", float(1.0 - rel[best]), spans[best]
        p = self._proba([claim] * len(cand), [sents[i] for i in cand], cos[cand])
        winner, label = max(((j, int(p[j, :3].argmax())) for j in range(len(cand))), key=lambda jl: (jl[1] != 2, p[jl[0], jl[1]]))
        if label == 2:  # no sentence takes a side: the most confidently observing one
            winner = int(p[:, 2].argmax())
        return LABELS[label], float(p[winner, label]), spans[cand[winner]]


@lru_cache(maxsize=4)
def _load(path: str) -> StanceModel:
    folder = Path(path)
    weights = folder / WEIGHTS_FILE
    if not weights.is_file():
        raise FileNotFoundError(f"no stance model at {weights}: run training/stance/train.py")
    meta = json.loads((folder / META_FILE).read_text("utf-8"))
    if meta.get("feature_version") != FEATURE_VERSION:
        raise RuntimeError(f"stance model {folder} has feature version {meta.get('feature_version')}, "
                           f"the code {FEATURE_VERSION}: retrain it with training/stance/train.py")
    with np.load(weights, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    return StanceModel(top_k=int(meta.get("top_k", 3)), meta=meta, **arrays)


def stance(claim: str, text: str, sentences: Sequence[tuple[int, int]] | None = None) -> tuple[str, float, tuple[int, int]]:
    """Stance of an article body (or a headline) toward a claim, with the shipped model; see ``StanceModel.stance``."""
    return StanceModel.load().stance(claim, text, sentences)

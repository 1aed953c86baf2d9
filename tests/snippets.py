"""Processing test snippets once per module, and reading quotations off the results."""

from __future__ import annotations

from claimgraph.engine.process import process_batch
from claimgraph.model import DocResult, Quote, RawDocument
from claimgraph.nlp.pipeline import load_pipeline


class Docs(dict):
    """Results by snippet key; a snippet that failed to process fails only the tests that read it."""

    def __getitem__(self, key: str) -> DocResult:
        result = super().__getitem__(key)
        assert isinstance(result, DocResult), f"{key}: {result}"
        return result


def process_snippets(snippets: dict[str, str]) -> Docs:
    """Every snippet processed once, in one batch, with the one shared pipeline."""
    raws = [RawDocument(source=f"{key}.txt", raw=text, format="txt") for key, text in snippets.items()]
    return Docs(zip(snippets, process_batch(raws, None, load_pipeline()), strict=True))


def speech_with(doc: DocResult, fragment: str) -> Quote:
    hits = [q for q in doc.quotes if q.speech and fragment in q.content]
    assert len(hits) == 1, (fragment, [(q.speaker, q.content) for q in doc.quotes if q.speech])
    return hits[0]

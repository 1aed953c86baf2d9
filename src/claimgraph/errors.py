"""One catalogue of coded messages: what happened, and what to do about it."""

from __future__ import annotations

from enum import Enum


class E(str, Enum):
    """Each member's value is a message template; ``code`` is its name."""

    E001 = "file not found: check the path"
    E002 = "empty document: nothing to ingest (the file has no text)"
    E003 = "binary file, not text: convert it to .txt, .html, .pdf or .jsonl first"
    E004 = "cannot decode the bytes as text in any known encoding: re-save it as UTF-8"
    E005 = "file too large ({size} > limit {limit}): split it, or raise ingest.max_bytes in your config"
    E006 = "malformed or truncated PDF ({detail}): re-export the PDF, or convert it to text"
    E007 = "PDF has no extractable text (scanned images?): run OCR on it first"
    E008 = "no main text found in the HTML: check it is an article page, or save its text as .txt"
    E009 = "line {line}: invalid JSON ({detail}): fix or remove that line"
    E010 = "line {line}: no 'text' or 'html' field: each JSONL line needs one"
    E011 = "unsupported file type '{ext}': use .txt, .html, .htm, .pdf or .jsonl"
    E012 = "could not read the file ({detail}): check its permissions"
    E013 = "processing failed ({detail}): the document was skipped; please report this"
    E014 = ("the store {db} stayed locked by another writer for {seconds:.0f} s: wait for the other ingest to finish "
            "(or use another --db), then rerun the same command; what is stored is kept")
    E015 = ("took longer than {seconds:.0f} s to {stage}: the document was skipped; split it, or remove the "
            "repeated characters or markup that make it costly")
    E016 = ("ingest stopped at {source} ({detail}): {advice}; rerun the same command to resume, "
            "nothing stored is lost")
    E017 = ("the NLP worker stopped on this document ({detail}): the document was skipped; "
            "rerun with --no-nlp to store it without entities and quotations")
    E018 = "cannot run the Ray engine ({detail}): {advice}"
    E020 = "invalid config: {detail}"
    E021 = "no document matches '{ref}': run `claimgraph docs` to list ids"
    E022 = "database is not a claimgraph store ({detail}): use a new --db path"
    E023 = "no entity matches '{ref}': run `claimgraph entities` to list them"
    E024 = "invalid option: {detail}"

    @property
    def code(self) -> str:
        return self.name

    def fmt(self, **kw: object) -> str:
        return self.value.format(**kw)


def describe(exc: BaseException) -> str:
    """One line for an unexpected exception: its type and first message line, never locals or text."""
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {first}"[:160] if first else type(exc).__name__


class ClaimgraphError(Exception):
    """An error with a catalogue code; ``str()`` is the one-line message."""

    def __init__(self, err: E, **kw: object) -> None:
        self.err = err
        self.code = err.code
        super().__init__(err.fmt(**kw))

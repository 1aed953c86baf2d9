"""``process_batch``: the one function every engine calls (local loop, its worker pool, Ray workers).

RawDocument -> clean -> metadata -> date -> (annotate with spaCy) -> DocResult.
It never raises for a bad document: that document becomes a Failure. ``process_stream``
runs it over a stream of documents, in this process or in one pool of worker processes.
"""

from __future__ import annotations

import contextlib
import functools
import re
import signal
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from ..config import one_blas_thread, worker_count
from ..errors import ClaimgraphError, E, describe
from ..ingest.clean import clean, url_date
from ..ingest.dating import date_document
from ..ingest.metadata import detect_language, find_agencies, find_outlet, guess_title, match_related_urls
from ..ingest.readers import read_container
from ..model import DocResult, Failure, Link, RawDocument


# "Related article" titles matched to URLs, and URLs they are matched against, per document.
MAX_RELATED = 50
MAX_URL_CANDIDATES = 500
# Longest run of capitalised words, and longest word, that ``find_agencies`` is given as they
# are (see ``bounded_runs``).
MAX_NAME_RUN = 8
MAX_NAME_WORD = 32
_TOKEN = re.compile(r"\S+")
_LONG_TOKEN = re.compile(r"\S{%d}" % (MAX_NAME_WORD + 1))
_NAME_LINKS = frozenset({"of", "de", "la", "the"})


def bounded_runs(text: str) -> str:
    """The text as ``find_agencies`` may safely read it: same length, same characters, except
    that a run of more than ``MAX_NAME_RUN`` capitalised words is cut by a "|" in place of a
    space, and a word longer than ``MAX_NAME_WORD`` by a "|" every ``MAX_NAME_WORD`` characters.

    Its source-frame patterns ("X reported", "X news agency") try every capitalised word as
    the start of a name and extend the name over the whole run, so a page of capitalised words
    (a headline list, "LISBON LISBON ...", a base64 blob) took time quadratic in the run: tens
    of seconds at 25,000 characters. No medium's name is that long, so nothing real is lost,
    and a text without such runs is passed unchanged.
    """
    chars: list[str] | None = None
    run = 0
    prev_end = 0
    if not _LONG_TOKEN.search(text) and not _has_long_run(text):
        return text
    chars = list(text)
    for m in _TOKEN.finditer(text):
        word = m.group(0)
        if len(word) > MAX_NAME_WORD:
            for k in range(m.start() + MAX_NAME_WORD, m.end(), MAX_NAME_WORD):
                chars[k] = "|"
        if word[0].isupper() or word in _NAME_LINKS:
            run += 1
            if run > MAX_NAME_RUN:
                chars[prev_end] = "|"  # the first space before this word
                run = 1
        else:
            run = 0
        prev_end = m.end()
    return "".join(chars)


def _has_long_run(text: str) -> bool:
    run = 0
    for m in _TOKEN.finditer(text):
        word = m.group(0)
        if word[0].isupper() or word in _NAME_LINKS:
            run += 1
            if run > MAX_NAME_RUN:
                return True
        else:
            run = 0
    return False


def prepare(raw: RawDocument, steps: list[str] | None = None) -> DocResult:
    """Everything up to the NLP stage, for one document."""
    tr, found = clean(raw.raw, steps)
    links = list(found.links)
    for a in raw.links:  # HTML anchors found by the reader
        links.append(Link(url=a["url"], kind="anchor", text=a.get("text", ""), url_date=url_date(a["url"])))
    # Each "Related article" title is compared with each URL: bounded, or a page of thousands of
    # both took minutes (real pages have a few dozen of each).
    match_related_urls([ln for ln in links if ln.kind == "related" and not ln.url][:MAX_RELATED]
                       + [ln for ln in links if ln.url][:MAX_URL_CANDIDATES])
    text = tr.text
    verdict = date_document(text, raw.meta, links)
    outlet = find_outlet(text, raw.meta, links)
    agencies = ([outlet] if outlet else []) + find_agencies(bounded_runs(text), outlet.name if outlet else None)
    meta = {k: v for k, v in raw.meta.items() if isinstance(v, (str, int, float, bool)) and v is not None}
    if found.boilerplate:
        meta["boilerplate_removed"] = len(found.boilerplate)
    return DocResult(
        id=raw.id,
        source=raw.source,
        format=raw.format,
        raw_text=raw.raw,
        clean_text=text,
        offsets=tr.runs(),
        title=guess_title(text, raw.meta),
        language=detect_language(text),
        outlet=outlet.name if outlet else None,
        url=raw.meta.get("url") if isinstance(raw.meta.get("url"), str) else None,
        date=verdict.date,
        date_status=verdict.status,
        date_window=verdict.window,
        date_note=verdict.note,
        dates=verdict.evidence,
        timexes=verdict.timexes,
        links=links,
        agencies=agencies,
        cleaning=found.changed,
        meta=meta,
        input_id=raw.input_id,
    )


# Time ``prepare`` may take on one document before it is refused (E015): a base plus an
# allowance per character, far above what the linear steps need (1,000,000 characters of
# hostile text take under 10 s). A backstop: only the main thread can set the alarm.
PREPARE_BUDGET_S = 60.0
PREPARE_PER_CHAR_S = 0.0002


class _OverBudget(Exception):
    pass


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise ``_OverBudget`` in the block after ``seconds`` (SIGALRM; a no-op off the main thread)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise _OverBudget

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def prepare_or_fail(raw: RawDocument, steps: list[str] | None = None) -> DocResult | Failure:
    """``prepare`` (after reading the container of a document that came unread), with any error
    or an overrun of its time budget turned into a Failure."""
    budget = PREPARE_BUDGET_S + PREPARE_PER_CHAR_S * raw.size
    try:
        with _time_limit(budget):
            return prepare(read_container(raw), steps)
    except _OverBudget:
        return Failure(raw.source, E.E015.code, E.E015.fmt(seconds=budget, stage="read, clean and date"))
    except ClaimgraphError as exc:  # a page or PDF that cannot be read
        return Failure(raw.source, exc.code, str(exc))
    except Exception as exc:  # one bad document never stops the batch
        return Failure(raw.source, E.E013.code, E.E013.fmt(detail=describe(exc)))


def process_batch(raws: list[RawDocument], cfg: dict[str, Any] | None = None, nlp: Any = None) -> list[DocResult | Failure]:
    """The one function every engine runs on a batch of documents (the local engine in its
    worker processes or in-process, the Ray engine in Ray workers): prepare each document,
    then annotate the prepared ones in one spaCy pass. It never raises for a bad document:
    that document becomes a Failure."""
    one_blas_thread()
    steps = cfg["clean"]["steps"] if cfg else None
    out = [prepare_or_fail(raw, steps) for raw in raws]
    if nlp is not None:
        from ..nlp.annotate import annotate

        ok = [r for r in out if isinstance(r, DocResult)]
        batch_size = cfg["nlp"]["batch_size"] if cfg else 16
        try:
            annotate(nlp, ok, n_process=1, batch_size=batch_size)
        except Exception:
            # Annotation of the whole batch failed: retry one by one so only the culprit is lost.
            for i, r in enumerate(out):
                if isinstance(r, DocResult):
                    try:
                        annotate(nlp, [r], n_process=1)
                    except Exception as exc2:
                        out[i] = Failure(r.source, E.E013.code, E.E013.fmt(detail=describe(exc2)))
    return out


Item = RawDocument | Failure


def process_stream(items: Iterable[Item], cfg: dict[str, Any] | None = None, nlp: Any = None,
                   pool_options: dict[str, Any] | None = None) -> Iterator[DocResult | Failure]:
    """``process_batch`` over a stream of documents (and reader failures, passed through), in
    batches of ``nlp.batch_size`` documents and ``nlp.batch_chars`` characters; results come out
    in input order, one at a time.

    With more than one worker (``nlp.n_process``; 0 is one per usable CPU) the batches run in one
    pool of that many worker processes, started once for the whole stream (``engine/pool.py``);
    otherwise in this process.
    """
    size = cfg["nlp"]["batch_size"] if cfg else 16
    n = worker_count(cfg)
    chunks = _chunks(items, size, cfg["nlp"]["batch_chars"] if cfg else BATCH_CHARS)
    if n <= 1:
        for chunk in chunks:
            yield from _merge(chunk, process_batch([x for x in chunk if isinstance(x, RawDocument)], cfg, nlp))
        return
    from .pool import WorkerPool

    load_tables()  # before the fork: the workers share them
    pending: deque[list[Item]] = deque()

    def batches() -> Iterator[list[RawDocument]]:
        for chunk in chunks:
            pending.append(chunk)
            yield [x for x in chunk if isinstance(x, RawDocument)]

    with WorkerPool(n, functools.partial(process_batch, cfg=cfg, nlp=nlp), **(pool_options or {})) as pool:
        for results in pool.imap(batches()):
            yield from _merge(pending.popleft(), results)


def load_tables() -> None:
    """Load the tables ``prepare`` reads on first use, so that worker processes forked after this
    share them instead of each loading its own: the first-name gender table alone (gender_guesser's
    file of 48,000 lines) takes 0.6 s to parse, 14% of a 190-page HTML ingest on two workers."""
    from .. import names
    from ..ingest import dating, metadata

    for table in (dating.office_terms, dating._term_index, dating._first_known, metadata.media_table,
                  metadata.media_names, metadata._known_pattern, metadata._names_in_capitals, names._us_states,
                  names._gender_detector, names.alias_table):
        table()


# Characters per batch (``nlp.batch_chars``): a worker's peak memory follows the text it annotates
# at once, so batches of a few long documents must not cost more than batches of short ones.
BATCH_CHARS = 50_000


def _chunks(items: Iterable[Item], size: int, max_chars: int = BATCH_CHARS) -> Iterator[list[Item]]:
    """Batches of at most ``size`` items and, past their first document, ``max_chars`` characters."""
    chunk: list[Item] = []
    chars = 0
    for item in items:
        n = item.size if isinstance(item, RawDocument) else 0
        if chunk and chars + n > max_chars:
            yield chunk
            chunk, chars = [], 0
        chunk.append(item)
        chars += n
        if len(chunk) >= size:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


def _merge(chunk: list[Item], results: list[DocResult | Failure]) -> Iterator[DocResult | Failure]:
    """The chunk's reader failures back in their places among the results of its documents."""
    it = iter(results)
    for x in chunk:
        yield x if isinstance(x, Failure) else next(it)

"""The local engine: read sources, process them as one stream, write each batch to the store."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..config import worker_count
from ..errors import ClaimgraphError, E, describe
from ..ingest.readers import read_sources
from ..model import DocResult, Failure, RawDocument
from ..store.db import Store
from .process import process_stream

# The closing summary keeps counts for every document, but rows (for the CLI's table and its
# JSON) only for the first documents and failures, within a character budget: an ingest of a
# million documents must not hold a million results (the store has them all).
MAX_ROWS = 1000
MAX_ROW_CHARS = 4_000_000
MAX_FAILURES = 1000


@dataclass(frozen=True)
class _Said:
    speech: bool = True


_SPEECH = _Said()


@dataclass
class DocRow:
    """What the summary keeps of a stored document (the attributes the CLI and API read)."""

    id: str
    source: str
    title: str | None
    outlet: str | None
    date: str | None
    date_status: str
    clean_text: str
    chars: int
    speech_quotes: int

    @property
    def quotes(self) -> list[_Said]:
        """One entry per quotation that is speech (``sum(q.speech for q in row.quotes)``)."""
        return [_SPEECH] * self.speech_quotes

    @classmethod
    def of(cls, d: DocResult) -> DocRow:
        return cls(d.id, d.source, d.title, d.outlet, d.date, d.date_status, d.clean_text, len(d.clean_text),
                   sum(1 for q in d.quotes if q.speech))


@dataclass
class IngestSummary:
    new: int = 0
    duplicate: int = 0
    failed: int = 0
    failures: list[Failure] = field(default_factory=list)  # the first MAX_FAILURES
    documents: list[DocRow] = field(default_factory=list)  # the first new documents (MAX_ROWS, MAX_ROW_CHARS)
    links: dict[str, int] = field(default_factory=dict)  # claim pairs labelled by the linking pass
    failures_not_kept: int = 0
    documents_not_kept: int = 0
    link_error: str | None = None  # the first linking pass that failed (the documents are stored)
    _row_chars: int = 0

    @property
    def seen(self) -> int:
        return self.new + self.duplicate + self.failed

    def keep(self, results: list[DocResult | Failure], written: set[str]) -> None:
        for r in results:
            if isinstance(r, Failure):
                if len(self.failures) < MAX_FAILURES:
                    self.failures.append(r)
                else:
                    self.failures_not_kept += 1
            elif r.id in written:
                if len(self.documents) < MAX_ROWS and self._row_chars + len(r.clean_text) <= MAX_ROW_CHARS:
                    self.documents.append(DocRow.of(r))
                    self._row_chars += len(r.clean_text)
                else:
                    self.documents_not_kept += 1


def ingest(
    paths: list[str],
    store: Store,
    cfg: dict[str, Any],
    nlp: Any = None,
    on_item: Callable[[str], None] | None = None,
    stdin: Any = None,
    runner: Callable[[Iterator[RawDocument | Failure]], Iterator[DocResult | Failure]] | None = None,
    runner_here: bool = False,
) -> IngestSummary:
    """Ingest every document under ``paths``; a document already stored is not processed again.

    The documents stream through ``process_stream`` (one worker pool for the whole run when
    ``nlp.n_process`` > 1); each batch of ``ingest.batch_size`` results is written in one
    transaction, so an interrupted run loses at most the batches in flight, and running it
    again picks up where it stopped. A locked store is waited for (``Store.write``); any other
    unexpected error stops the ingest with one coded line (E016) naming the file.

    ``runner`` runs ``process_batch`` over the documents read (``process_stream`` by default;
    the Ray engine passes its own): everything else is the same for every engine.
    ``runner_here``: the runner's workers use this machine's cores (a local Ray).
    """
    summary = IngestSummary()
    size = cfg["ingest"]["batch_size"]
    # Documents read but not yet written: a second copy of one of them is a duplicate too.
    in_flight: set[str] = set()
    in_flight_by_source: dict[str, str] = {}
    where = {"source": ", ".join(paths)[:200]}

    def items() -> Iterator[RawDocument | Failure]:
        for item in read_sources(paths, cfg["ingest"]["max_bytes"], cfg["ingest"]["suffixes"], stdin=stdin, defer=True):
            where["source"] = item.source
            if on_item:
                on_item(item.source)
            if isinstance(item, RawDocument) and item.container is not None:
                # HTML and PDF come unread (read in the workers), known by their bytes until then. A
                # second copy in this run is read too: it may fail as the first does, and each input
                # gets its own outcome; if it does not, the store finds it a duplicate when written.
                if store.has_input(str(item.input_id)):
                    summary.duplicate += 1
                    continue
            elif isinstance(item, RawDocument):
                if item.id in in_flight or store.has(item.id):
                    summary.duplicate += 1
                    continue
                in_flight.add(item.id)
                in_flight_by_source[item.source] = item.id
            yield item

    batch: list[DocResult | Failure] = []

    def flush() -> None:
        where["source"] = batch[0].source
        counts = store.write(batch)
        written = {r.id for r in batch if isinstance(r, DocResult)}
        if counts["new"] and cfg.get("link", {}).get("enabled", True):
            _link(store, cfg, summary)
        summary.new += counts["new"]
        summary.duplicate += counts["duplicate"]
        summary.failed += counts["failed"]
        summary.keep(batch, written)
        for r in batch:
            in_flight.discard(in_flight_by_source.pop(r.source, ""))
        batch.clear()
        release_free_memory()

    stream = runner(items()) if runner else process_stream(items(), cfg, nlp)
    # the linking pass encodes in this process beside the workers, which take every core here
    embedding_threads: Any = contextlib.nullcontext()
    if (runner_here if runner else worker_count(cfg) > 1) and cfg.get("link", {}).get("enabled", True):
        from ..link.embed import threads

        embedding_threads = threads(1)
    try:
        with embedding_threads:
            for result in stream:
                batch.append(result)
                if len(batch) >= size:
                    flush()
            if batch:
                flush()
    except (ClaimgraphError, KeyboardInterrupt):
        raise
    except Exception as exc:
        raise ClaimgraphError(E.E016, source=where["source"], detail=describe(exc), advice=_advice(exc)) from None
    finally:
        getattr(stream, "close", lambda: None)()  # stops the workers now, also on Ctrl-C or an error
    return summary


def _load_libc() -> Any:
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        return libc if hasattr(libc, "malloc_trim") else None
    except OSError:  # not glibc
        return None


_LIBC = _load_libc()


def release_free_memory() -> None:
    """Give the memory freed by the last batch back to the system (glibc ``malloc_trim``).

    The results of each batch are unpickled in the pool's receiver threads and freed once
    written, but glibc keeps the freed pages in its arenas, so the ingest process's resident
    set crept up with the run (about 40% more at 16x the corpus than at 1x, with no Python
    object alive: tracemalloc saw 3 MB). Trimming after each batch keeps it flat; Dask's
    workers do the same. A no-op where the C library is not glibc."""
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def _link(store: Store, cfg: dict[str, Any], summary: IngestSummary) -> None:
    """The incremental cross-document pass over the claims this batch added. A failure here
    never loses the batch (it is stored): the claims stay unlinked until a later pass."""
    from ..link.claims import link_new

    link_cfg = cfg.get("link", {})
    try:
        links = link_new(store.conn, embeddings=link_cfg.get("embeddings", True),
                         max_candidates=link_cfg.get("max_candidates", 200))
    except Exception as exc:
        if store.conn.in_transaction:
            store.conn.execute("ROLLBACK")
        summary.link_error = summary.link_error or describe(exc)
        return
    for label in ("agree", "contradict", "change"):
        summary.links[label] = summary.links.get(label, 0) + links[label]


def _advice(exc: BaseException) -> str:
    text = str(exc).lower()
    if isinstance(exc, MemoryError):
        return "out of memory: lower ingest.batch_size or nlp.n_process"
    if "disk" in text or "full" in text or isinstance(exc, OSError):
        return "check free disk space and that the store's folder is writable"
    return "this is a bug, please report this line"

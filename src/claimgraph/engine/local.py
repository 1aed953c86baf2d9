"""The local engine: read sources, process in batches, write each batch to the store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..ingest.readers import read_sources
from ..link.claims import link_new
from ..model import DocResult, Failure, RawDocument
from ..store.db import Store
from .process import process_batch


@dataclass
class IngestSummary:
    new: int = 0
    duplicate: int = 0
    failed: int = 0
    failures: list[Failure] = field(default_factory=list)
    documents: list[DocResult] = field(default_factory=list)
    links: dict[str, int] = field(default_factory=dict)  # claim pairs labelled by the linking pass

    @property
    def seen(self) -> int:
        return self.new + self.duplicate + self.failed


def ingest(
    paths: list[str],
    store: Store,
    cfg: dict[str, Any],
    nlp: Any = None,
    on_item: Callable[[str], None] | None = None,
    stdin: Any = None,
) -> IngestSummary:
    """Ingest every document under ``paths``; a document already stored is not processed again.

    Each batch is written in one transaction, so an interrupted run loses at most the
    batch in flight, and running it again picks up where it stopped.
    """
    summary = IngestSummary()
    batch: list[RawDocument | Failure] = []
    size = cfg["ingest"]["batch_size"]

    def flush() -> None:
        raws = [b for b in batch if isinstance(b, RawDocument)]
        failures = [b for b in batch if isinstance(b, Failure)]
        results = process_batch(raws, cfg, nlp) if raws else []
        results += failures
        counts = store.write(results)
        if counts["new"] and cfg.get("link", {}).get("enabled", True):
            # the incremental cross-document pass: only the claims this batch added
            link_cfg = cfg.get("link", {})
            links = link_new(store.conn, embeddings=link_cfg.get("embeddings", True),
                             max_candidates=link_cfg.get("max_candidates", 200))
            for label in ("agree", "contradict", "change"):
                summary.links[label] = summary.links.get(label, 0) + links[label]
        summary.new += counts["new"]
        summary.duplicate += counts["duplicate"]
        summary.failed += counts["failed"]
        summary.failures += [r for r in results if isinstance(r, Failure)]
        summary.documents += [r for r in results if isinstance(r, DocResult)]
        batch.clear()

    seen_ids: set[str] = set()
    for item in read_sources(paths, cfg["ingest"]["max_bytes"], cfg["ingest"]["suffixes"], stdin=stdin):
        if on_item:
            on_item(item.source)
        if isinstance(item, RawDocument):
            if item.id in seen_ids or store.has(item.id):
                summary.duplicate += 1
                continue
            seen_ids.add(item.id)
        batch.append(item)
        if len(batch) >= size:
            flush()
    if batch:
        flush()
    return summary

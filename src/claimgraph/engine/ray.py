"""The Ray engine: the same ``process_batch``, run by Ray Data on a local Ray or on a cluster.

One code path with the local engine: ``engine.local.ingest`` reads the sources, skips what is
stored, writes each batch in one transaction and runs the linking pass, for both engines; only
the stream that runs ``process_batch`` differs. Here the documents go to Ray Data in windows
(at most ``engine.ray_window`` documents and ``engine.ray_window_chars`` characters, so the
driver never holds a whole corpus), each window a Dataset mapped by a pool of actors (one per
CPU, each loading the pipeline once) with the input order preserved, so the store ends as a
local run leaves it. Workers return plain results (pickled ``DocResult``/``Failure``); the
driver is the one writer.

A worker that dies is restarted and its batch retried (``RETRIES`` times); a window that still
fails is rerun one document per task on fresh actors, so a document that kills its worker on
its own becomes a Failure (E017) and nothing else is lost. A rerun skips what is stored.
"""

from __future__ import annotations

import logging
import os
import pickle
import warnings
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..config import usable_cpus
from ..errors import ClaimgraphError, E, describe
from ..model import DocResult, Failure, RawDocument
from .process import Item, _chunks, _merge, process_batch

Result = DocResult | Failure
Work = Callable[..., list[Result]]

# Restarts of a dead actor, and retries of the batch it was running, before the window is
# rerun one document per task.
RETRIES = 2


def start(address: str | None = None, cpus: int | None = None) -> bool:
    """Start a local Ray with ``cpus`` CPUs, or join the cluster at ``address``; False if Ray
    was already started in this process (then it is left running)."""
    try:
        import ray
    except ImportError:
        raise ClaimgraphError(E.E018, detail="Ray is not installed",
                              advice="pip install 'claimgraph[ray]' (ray[data]) or use --engine local") from None
    if ray.is_initialized():
        return False
    os.environ.setdefault("RAY_ENABLE_UV_RUN_RUNTIME_ENV", "0")
    # Ray's C++ core logs to stderr (a notice per actor pool); what goes wrong reaches us as an exception.
    os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")
    opts: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False, "logging_level": logging.ERROR}
    try:
        if address:
            ray.init(address=address, **opts)
        else:
            ray.init(num_cpus=cpus or usable_cpus(), **opts)
    except Exception as exc:
        raise ClaimgraphError(E.E018, detail=describe(exc),
                              advice="check --address (ray://HOST:10001 or HOST:6379) and that the cluster runs the "
                                     "same claimgraph and Python" if address else "check free memory and /tmp space") from None
    _quiet_data()
    return True


def _quiet_data() -> None:
    """Order kept (the store must end as a local run leaves it); no progress bars or banners."""
    from ray.data import DataContext

    ctx = DataContext.get_current()
    ctx.execution_options.preserve_order = True
    ctx.enable_progress_bars = False
    for attr in ("print_on_execution_start", "enable_operator_progress_bars", "verbose_stats_logs"):
        if hasattr(ctx, attr):
            setattr(ctx, attr, False)
    for name in ("ray", "ray.data"):
        logging.getLogger(name).setLevel(logging.ERROR)


def stop() -> None:
    import ray

    ray.shutdown()


def _without_torch() -> None:
    """Keep torch out of an actor that only annotates. thinc imports torch whenever it is
    installed (``thinc.compat``, which has no switch for it), and it is installed for the
    driver's sentence embeddings: in an actor that costs a second of start-up and about 200 MB
    for a library that ``process_batch`` never calls. A ``None`` in ``sys.modules`` makes that
    optional import fail as if torch were absent (the documented meaning of ``None`` there)."""
    import sys

    if "torch" not in sys.modules and "thinc" not in sys.modules:
        sys.modules["torch"] = None  # type: ignore[assignment]


class Annotator:
    """A Ray actor: loads the pipeline once, then runs ``work`` (``process_batch``) on batches."""

    def __init__(self, cfg: dict[str, Any], with_nlp: bool, work: Work = process_batch) -> None:
        self.cfg = cfg
        self.work = work
        self.nlp = None
        if with_nlp:
            _without_torch()
            from ..nlp.pipeline import load_pipeline

            self.nlp = load_pipeline()

    def run(self, blob: bytes) -> bytes:
        """A pickled batch of RawDocuments in, its pickled results out."""
        return pickle.dumps(self.work(pickle.loads(blob), self.cfg, self.nlp), protocol=pickle.HIGHEST_PROTOCOL)

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:  # Ray Data's map_batches: a row is a batch
        import numpy as np

        out = np.empty(len(batch["raws"]), dtype=object)
        out[:] = [self.run(b) for b in batch["raws"]]
        return {"results": out}


def ray_stream(items: Iterable[Item], cfg: dict[str, Any], with_nlp: bool, work: Work = process_batch) -> Iterator[Result]:
    """``process_batch`` over a stream of documents (reader failures passed through), run by
    Ray Data; results come out in input order, one at a time (``process_stream``'s contract)."""
    import ray

    cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
    for window in _chunks(items, cfg["engine"]["ray_window"], cfg["engine"]["ray_window_chars"]):
        raws = [x for x in window if isinstance(x, RawDocument)]
        yield from _merge(window, _run_window(raws, cfg, with_nlp, work, cpus))


def _run_window(raws: list[RawDocument], cfg: dict[str, Any], with_nlp: bool, work: Work, cpus: int) -> Iterator[Result]:
    import ray

    if not raws:
        return
    # One row per batch, cut as the local engine cuts them (documents and characters).
    size, chars = cfg["nlp"]["batch_size"], cfg["nlp"]["batch_chars"]
    blobs = [{"raws": pickle.dumps(chunk, protocol=pickle.HIGHEST_PROTOCOL)} for chunk in _chunks(raws, size, chars)]
    ds = ray.data.from_items(blobs, override_num_blocks=min(len(blobs), 4 * cpus))
    with warnings.catch_warnings():
        # Ray 2.60 has no named parameter for an actor's restarts, and its default is to retry for
        # ever (a document that kills its worker would hang the ingest): the remote args it
        # deprecates are the only way.
        warnings.simplefilter("ignore", DeprecationWarning)
        ds = ds.map_batches(Annotator, fn_constructor_args=(cfg, with_nlp, work), batch_size=1,
                            batch_format="numpy", concurrency=min(cpus, len(blobs)), num_cpus=1,
                            max_restarts=RETRIES, max_task_retries=RETRIES)
    done = 0
    try:
        for row in ds.iter_rows():
            for result in pickle.loads(row["results"]):
                done += 1
                yield result
    except Exception:  # workers died more than RETRIES times on a batch: find the culprit
        yield from _isolated(raws[done:], cfg, with_nlp, work, cpus)


def _isolated(raws: list[RawDocument], cfg: dict[str, Any], with_nlp: bool, work: Work, cpus: int) -> Iterator[Result]:
    """Each document in a task of its own, on actors that are not restarted: one that kills its
    actor becomes a Failure (E017) and a fresh actor takes the next."""
    import ray
    from ray.exceptions import RayActorError, RayTaskError

    remote = ray.remote(num_cpus=1, max_restarts=0, max_task_retries=0)(Annotator)
    results: list[Result | None] = [None] * len(raws)
    slots = [remote.remote(cfg, with_nlp, work) for _ in range(min(cpus, len(raws)))]
    free = list(range(len(slots)))
    pending: dict[Any, tuple[int, int]] = {}
    nxt = 0
    while nxt < len(raws) or pending:
        while free and nxt < len(raws):
            slot = free.pop()
            pending[slots[slot].run.remote(pickle.dumps([raws[nxt]], protocol=pickle.HIGHEST_PROTOCOL))] = (nxt, slot)
            nxt += 1
        ready, _ = ray.wait(list(pending), num_returns=1)
        i, slot = pending.pop(ready[0])
        try:
            results[i] = pickle.loads(ray.get(ready[0]))[0]
        except RayActorError as exc:
            results[i] = Failure(raws[i].source, E.E017.code, E.E017.fmt(detail=describe(exc).split(":")[0]))
            slots[slot] = remote.remote(cfg, with_nlp, work)
        except RayTaskError as exc:
            results[i] = Failure(raws[i].source, E.E013.code, E.E013.fmt(detail=describe(exc.cause or exc)))
        free.append(slot)
    for actor in slots:
        ray.kill(actor)
    for r in results:
        assert r is not None
        yield r

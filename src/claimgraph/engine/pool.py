"""A pool of worker processes that run ``process_batch``, started once for a whole ingest.

spaCy's own ``nlp.pipe(n_process=N)`` forks N new workers on every call; called once per
16-document batch it re-created them all the time (86 in 98 s). Here N workers are forked
once, when the ingest starts, each inheriting the loaded pipeline (fork: no reload, pages
shared), and each runs the same ``process_batch`` as every other engine on the batches it is
sent: reading, cleaning and dating run in the workers too, so both cores count.

Batches go out as they are read (at most ``depth`` per worker, and at most ``window`` ahead
of the oldest one not yet handed back), and come back in input order.

Nothing a document does can stop the pool:

- a worker that dies (segfault, out of memory, killed) loses nothing: its batch is rerun one
  document per task on a fresh worker, and a document that kills a worker on its own becomes
  a Failure (E017);
- a batch that takes longer than its time budget (``budget_s`` plus ``per_char_s`` for each
  character) has its worker killed and is rerun the same way; a document that runs out of
  time on its own becomes a Failure (E015).

Workers ignore Ctrl-C (the parent stops them) and exit when the parent's end of their pipe
closes, so a ``kill -9`` of the ingest leaves no worker behind.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from ..errors import E, describe
from ..model import DocResult, Failure, RawDocument

Result = DocResult | Failure
Work = Callable[[list[RawDocument]], list[Result]]

# Time a batch may take: a base, plus an allowance per character of its documents (about 30
# times what the full pipeline needs on news text on one loaded core).
BUDGET_S = 120.0
PER_CHAR_S = 0.001


@dataclass
class _Unit:
    """A batch (part is None) or one document of a batch that is being rerun (part = its index)."""

    task: int
    part: int | None
    raws: list[RawDocument]
    isolated: bool = False  # rerun alone after its batch failed: its failure is its own


@dataclass
class _Worker:
    proc: Any
    conn: Connection
    tasks: queue.SimpleQueue[Any]  # what the sender thread sends to the process
    generation: int  # events from the threads of a replaced worker are ignored
    units: deque[_Unit] = field(default_factory=deque)
    head_since: float = 0.0  # when the unit at the head of ``units`` started running


def _sender(conn: Connection, tasks: queue.SimpleQueue[Any]) -> None:
    """Send tasks to one worker. A thread of its own: the parent must never block on a full pipe
    while the worker blocks sending its results back (both would wait for ever)."""
    while True:
        item = tasks.get()
        if item is None:
            return
        try:
            conn.send(None if item is _STOP else item)
        except (OSError, ValueError):
            return  # the worker is gone: its receiver reports it
        if item is _STOP:
            return


_STOP = object()  # tells a sender to tell its worker to exit


def _receiver(conn: Connection, generation: int, events: queue.SimpleQueue[Any]) -> None:
    """Receive results from one worker as soon as they are sent (while the parent writes to the store)."""
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError, ValueError):
            events.put((generation, None))
            return
        except Exception as exc:  # a result that cannot be unpickled
            events.put((generation, ("?", "error", describe(exc))))
            continue
        events.put((generation, msg))


def _serve(conn: Connection, others: list[Connection], work: Work) -> None:
    """A worker's loop: receive a batch, run ``work`` on it, send the results back."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for other in others:  # the parent's ends of the other workers' pipes
        other.close()
    code = 0
    try:
        while True:
            try:
                msg = conn.recv()
            except (EOFError, OSError):
                break  # the parent is gone
            if msg is None:
                break
            key, raws = msg
            try:
                reply: tuple[Any, ...] = (key, "ok", work(raws))
            except BaseException as exc:  # noqa: B036 - report it, the parent decides
                reply = (key, "error", describe(exc))
            try:
                conn.send(reply)
            except (BrokenPipeError, OSError):
                break
            except Exception as exc:  # a result that cannot be pickled
                conn.send((key, "error", describe(exc)))
    except BaseException:
        code = 1
    finally:
        os._exit(code)  # never run the parent's exit handlers (its store connection, temp dirs)


class WorkerPool:
    """``n`` forked workers running ``work`` (a ``process_batch`` bound to its config and pipeline)."""

    def __init__(self, n: int, work: Work, budget_s: float = BUDGET_S, per_char_s: float = PER_CHAR_S,
                 depth: int = 2, window: int | None = None) -> None:
        self.n = max(1, n)
        self.work = work
        self.budget_s = budget_s
        self.per_char_s = per_char_s
        self.depth = depth
        self.window = window or 4 * self.n * depth
        self.ctx = mp.get_context("fork")
        self.workers: list[_Worker] = []
        self.restarts = 0
        self._generation = 0
        self._events: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._by_generation: dict[int, _Worker] = {}
        for _ in range(self.n):
            self.workers.append(self._start())

    # --- workers -------------------------------------------------------------------------

    def _start(self) -> _Worker:
        parent_end, child_end = self.ctx.Pipe(duplex=True)
        others = [w.conn for w in self.workers]
        proc = self.ctx.Process(target=_serve, args=(child_end, others + [parent_end], self.work), daemon=True)
        proc.start()
        child_end.close()
        self._generation += 1
        w = _Worker(proc, parent_end, queue.SimpleQueue(), self._generation)
        threading.Thread(target=_sender, args=(parent_end, w.tasks), daemon=True).start()
        threading.Thread(target=_receiver, args=(parent_end, w.generation, self._events), daemon=True).start()
        self._by_generation[w.generation] = w
        return w

    def _stop(self, w: _Worker, kill: bool) -> None:
        self._by_generation.pop(w.generation, None)
        w.tasks.put(None if kill else _STOP)
        if not kill:
            w.proc.join(timeout=10)
        if w.proc.is_alive():
            w.proc.kill()
        w.proc.join()
        w.conn.close()

    def close(self, kill: bool = False) -> None:
        for w in self.workers:
            self._stop(w, kill)
        self.workers = []

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, exc_type: Any, *rest: Any) -> None:
        self.close(kill=exc_type is not None)

    # --- scheduling ----------------------------------------------------------------------

    def _budget(self, unit: _Unit) -> float:
        return self.budget_s + self.per_char_s * sum(r.size for r in unit.raws)

    def imap(self, batches: Iterable[list[RawDocument]]) -> Iterator[list[Result]]:
        """``work`` on each batch, in the workers; results in the order of the batches."""
        source = iter(batches)
        exhausted = False
        next_task = 0  # id of the next batch taken from ``source``
        next_out = 0  # id of the next batch to hand back
        retry: deque[_Unit] = deque()  # units to send before new batches
        parts: dict[int, list[list[Result] | None]] = {}  # results of a batch rerun one document at a time
        done: dict[int, list[Result]] = {}
        while True:
            # Hand out work: reruns first, then new batches within the window.
            for w in self.workers:
                while len(w.units) < self.depth:
                    if retry:
                        unit = retry.popleft()
                    elif not exhausted and next_task - next_out < self.window:
                        try:
                            raws = next(source)
                        except StopIteration:
                            exhausted = True
                            break
                        unit = _Unit(next_task, None, list(raws))
                        next_task += 1
                        if not unit.raws:
                            done[unit.task] = []
                            continue
                    else:
                        break
                    if not w.units:
                        w.head_since = time.monotonic()
                    w.units.append(unit)
                    w.tasks.put(((unit.task, unit.part), unit.raws))
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
            if not any(w.units for w in self.workers):
                if exhausted and not retry:
                    return
                continue
            try:
                generation, msg = self._events.get(timeout=1.0)
            except queue.Empty:
                generation, msg = None, None
            now = time.monotonic()
            w = self._by_generation.get(generation) if generation is not None else None
            if w is not None:
                if msg is None:
                    self._lost(w, "the worker process died", E.E017, retry, parts, done)
                elif w.units:
                    key, status, payload = msg
                    unit = w.units.popleft()
                    w.head_since = now
                    if status == "ok" and tuple(key) == (unit.task, unit.part):
                        self._finish(unit, payload, parts, done)
                    else:
                        self._failed(unit, str(payload), E.E013, retry, parts, done)
            for w in list(self.workers):
                if not w.units:
                    continue
                if not w.proc.is_alive():
                    self._lost(w, "the worker process died", E.E017, retry, parts, done)
                elif now - w.head_since > self._budget(w.units[0]):
                    self._lost(w, f"over its {self._budget(w.units[0]):.0f} s budget", E.E015, retry, parts, done)

    def _finish(self, unit: _Unit, results: list[Result], parts: dict[int, list[list[Result] | None]],
                done: dict[int, list[Result]]) -> None:
        if unit.part is None:
            done[unit.task] = results
            return
        slots = parts[unit.task]
        slots[unit.part] = results
        if all(s is not None for s in slots):
            done[unit.task] = [r for s in slots for r in s]  # type: ignore[union-attr]
            del parts[unit.task]

    def _failed(self, unit: _Unit, why: str, err: E, retry: deque[_Unit],
                parts: dict[int, list[list[Result] | None]], done: dict[int, list[Result]]) -> None:
        """A unit that did not come back: a batch is rerun one document per unit; a document
        already alone becomes a Failure."""
        if unit.isolated or (unit.part is not None) or len(unit.raws) == 1:
            raw = unit.raws[0]
            if err is E.E015:
                msg = E.E015.fmt(seconds=self._budget(unit), stage="annotate")
            elif err is E.E017:
                msg = E.E017.fmt(detail=why)
            else:
                msg = E.E013.fmt(detail=why)
            self._finish(unit, [Failure(raw.source, err.code, msg)], parts, done)
            return
        parts[unit.task] = [None] * len(unit.raws)
        for i, raw in enumerate(unit.raws):
            retry.append(_Unit(unit.task, i, [raw], isolated=True))

    def _lost(self, w: _Worker, why: str, err: E, retry: deque[_Unit],
              parts: dict[int, list[list[Result] | None]], done: dict[int, list[Result]]) -> None:
        """Kill and replace worker ``w``; its running unit failed, the ones queued behind it are resent."""
        units = list(w.units)
        w.units.clear()
        self._stop(w, kill=True)
        self.restarts += 1
        self.workers[self.workers.index(w)] = self._start()
        if units:
            self._failed(units[0], why, err, retry, parts, done)
            retry.extendleft(reversed(units[1:]))

"""The server's side of the store: read-only connections per thread with a time limit, one lazily
loaded spaCy pipeline, and a writer used only by POST /api/ingest."""

from __future__ import annotations

import contextvars
import math
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from ..errors import ClaimgraphError, E

# When the current request must be done (time.monotonic()); SQLite checks it while it works.
deadline: contextvars.ContextVar[float] = contextvars.ContextVar("claimgraph_deadline", default=math.inf)


class QueryTimeout(Exception):
    """A query ran past the request's time limit."""


def _past_deadline() -> int:
    return 1 if time.monotonic() > deadline.get() else 0


class Reader:
    """Per-thread read connections (``PRAGMA query_only``) to one store."""

    def __init__(self, db: str | Path) -> None:
        from ..store.db import Store

        self.path = str(db)
        # migrate once (a store of an older version), then only read
        try:
            Store(self.path).close()
        except ClaimgraphError:
            raise
        except sqlite3.Error as exc:  # pragma: no cover - unreadable file
            raise ClaimgraphError(E.E022, detail=str(exc)) from exc
        self._local = threading.local()
        self._nlp: Any = None
        self._nlp_lock = threading.Lock()
        self.write_lock = threading.Lock()
        self._version_conn: sqlite3.Connection | None = None
        self._version_lock = threading.Lock()

    def conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA query_only = ON")
            conn.execute("PRAGMA cache_size = -32000")
            conn.execute("PRAGMA mmap_size = 268435456")
            conn.set_progress_handler(_past_deadline, 2000)
            self._local.conn = conn
        return conn

    def data_version(self) -> int:
        """A number that changes whenever another connection commits to the store. Only numbers
        from one connection compare, so every thread asks through the same one."""
        with self._version_lock:
            if self._version_conn is None:
                self._version_conn = sqlite3.connect(self.path, check_same_thread=False)
                self._version_conn.execute("PRAGMA query_only = ON")
            return int(self._version_conn.execute("PRAGMA data_version").fetchone()[0])

    def nlp(self) -> Any:
        """The spaCy pipeline, loaded on first use (ask, ingest)."""
        with self._nlp_lock:
            if self._nlp is None:
                from ..nlp.pipeline import load_pipeline

                self._nlp = load_pipeline()
            return self._nlp

    def run_nlp(self, fn: Any, *args: Any) -> Any:
        """Call ``fn(nlp, *args)`` with the pipeline, one caller at a time (spaCy is not thread-safe)."""
        nlp = self.nlp()
        with self._nlp_lock:
            return fn(nlp, *args)

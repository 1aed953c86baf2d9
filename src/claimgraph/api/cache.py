"""Answers to repeated reads, kept until the store changes.

Readers ask the same things again and again (the claims board, an entity page, the first page of
quotations, a search for the week's name); each answer is a pure function of the request and the
store. ``ResponseCache`` keeps the bytes of successful GET answers, least recently used first out,
within a byte budget, and drops them all as soon as anything is committed to the store, by this
process or any other: SQLite's ``PRAGMA data_version`` changes on every commit made by another
connection, and asking costs microseconds. A hit skips routing, validation, the queries and the
JSON encoding.

Written by hand: Starlette and FastAPI have no server-side response cache, and the caching
libraries for them expire entries by time, which would serve answers older than the store.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

# An answer larger than this share of the budget is not kept (it would push out many others).
LARGEST_SHARE = 8
# Each GET answer says whether it was replayed, as HTTP caches do.
HIT, MISS = (b"x-cache", b"hit"), (b"x-cache", b"miss")


class ResponseCache:
    """Pure ASGI middleware: GET answers with status 200 replayed while ``version()`` is unchanged."""

    def __init__(self, app: Any, version: Callable[[], int], max_bytes: int) -> None:
        self.app = app
        self.version = version
        self.max_bytes = max_bytes
        self._entries: OrderedDict[tuple[str, bytes], tuple[dict[str, Any], bytes]] = OrderedDict()
        self._bytes = 0
        self._version: int | None = None

    def clear(self) -> None:
        self._entries.clear()
        self._bytes = 0

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or self.max_bytes <= 0:
            await self.app(scope, receive, send)
            return
        version = self.version()
        if version != self._version:
            self.clear()
            self._version = version
        key = (scope["path"], scope.get("query_string", b""))
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
            start, body = entry
            await send({**start, "headers": [*start["headers"], HIT]})
            await send({"type": "http.response.body", "body": body})
            return
        start_message: dict[str, Any] = {}
        parts: list[bytes] = []
        whole = True

        async def capture(message: dict[str, Any]) -> None:
            nonlocal whole
            if message["type"] == "http.response.start":
                start_message.update(message)
                message = {**message, "headers": [*message.get("headers", []), MISS]}
            elif message["type"] == "http.response.body":
                parts.append(message.get("body", b""))
                whole = whole and not message.get("more_body", False) and len(parts) == 1
            await send(message)

        await self.app(scope, receive, capture)
        body = b"".join(parts)
        if (start_message.get("status") == 200 and whole and len(body) <= self.max_bytes // LARGEST_SHARE
                and self._version == version):
            start_message["headers"] = list(start_message.get("headers", []))
            old = self._entries.pop(key, None)  # two requests for it at once
            self._bytes -= len(old[1]) if old else 0
            self._entries[key] = (start_message, body)
            self._bytes += len(body)
            while self._bytes > self.max_bytes:
                _, (_, old) = self._entries.popitem(last=False)
                self._bytes -= len(old)

"""Answers kept until the store changes: an LRU of GET responses and SPARQL answers.

The store only changes through the service's own writes (uploads and
deletions bump :attr:`api.state.ServiceState.generation`); a read-only
service sees the store as it was when it started. So an answer computed
once stays right until the next write, and is served again from memory.
``KG_CACHE_ENTRIES=0`` turns this off.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

__all__ = ["CACHED_PREFIXES", "LRU", "ResponseCache"]

CACHED_PREFIXES = (
    "/places/",
    "/orgs/",
    "/people/",
    "/programs",
    "/documents",
    "/search",
    "/graph/data",
    "/coverage",
    "/gaps",
    "/sparql",  # GET; POSTed queries are kept by the route (api.routers.sparql)
)
MAX_BODY = 2 * 1024 * 1024  # answers larger than this are not kept

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class LRU:
    """A thread-safe least-recently-used map of at most ``size`` entries."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._d: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Any) -> Any:
        with self._lock:
            v = self._d.get(key)
            if v is None:
                self.misses += 1
                return None
            self._d.move_to_end(key)
            self.hits += 1
            return v

    def put(self, key: Any, value: Any) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._d[key] = value
            self._d.move_to_end(key)
            while len(self._d) > self.size:
                self._d.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._d.clear()

    def __len__(self) -> int:
        return len(self._d)


class ResponseCache:
    """ASGI middleware: GET answers (200) of the JSON resources, per store generation."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        state = getattr(scope.get("app"), "state", None)
        kg = getattr(state, "kg", None) if state is not None else None
        lru: LRU | None = getattr(kg, "response_cache", None)
        if kg is None or lru is None or lru.size <= 0 or not path.startswith(CACHED_PREFIXES):
            await self.app(scope, receive, send)
            return
        accept = next((v for k, v in scope["headers"] if k == b"accept"), b"")
        key = (kg.generation, path, scope.get("query_string", b""), accept)
        hit = lru.get(key)
        if hit is not None:
            start, body = hit
            await send(start)
            await send({"type": "http.response.body", "body": body})
            return
        parts: list[bytes] = []
        start_msg: Message = {}

        async def capture(message: Message) -> None:
            nonlocal start_msg
            if message["type"] == "http.response.start":
                start_msg = message
            elif message["type"] == "http.response.body":
                parts.append(message.get("body", b""))
                if not message.get("more_body") and start_msg.get("status") == 200:
                    body = b"".join(parts)
                    if len(body) <= MAX_BODY and kg.generation == key[0]:
                        lru.put(key, (start_msg, body))
            await send(message)

        await self.app(scope, receive, capture)

"""Run SPARQL queries in worker processes, so a runaway query can be stopped.

An Oxigraph query cannot be cancelled from another thread, and it holds the
store while it runs. So each query of the public endpoint runs in one of a
few worker processes that open the store read-only
(:func:`kg.store.open_store`) and answer through :func:`kg.protocol.execute`
(the store's own query path). When a query overruns its time, its worker is
killed (SIGKILL) and a fresh one started in the background; the other
workers, and the process that asked, go on answering.

A read-only Oxigraph store sees the data as it was when it was opened. After
a write (an upload, a deletion) the writer calls :meth:`QueryPool.refresh`:
each worker reopens the store (a few milliseconds) before its next query.

>>> pool = QueryPool("kg-store", workers=2, timeout=10.0)   # doctest: +SKIP
>>> pool.run(QueryRequest("ASK { ?s ?p ?o }", "json")).body  # doctest: +SKIP
b'{"head": {}, "boolean": true}'
"""

from __future__ import annotations

import asyncio
import collections
import multiprocessing
import multiprocessing.connection
import os
import queue
import signal
import threading
import time
from dataclasses import dataclass
from typing import Any

from ingest.errors import KGError
from kg.protocol import Answer, QueryRequest
from kg.store import QueryError

__all__ = ["PoolBusy", "QueryPool", "QueryTimeout"]


class QueryTimeout(QueryError):
    """A query ran longer than the endpoint's time limit and was stopped."""

    code = "E013"


class PoolBusy(QueryError):
    """Every worker stayed busy for as long as a query may run."""

    code = "E014"


def _worker_main(conn: multiprocessing.connection.Connection, location: str) -> None:
    """A worker: open the store read-only, answer requests until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    from kg.protocol import execute
    from kg.store import open_store

    store: Any = None
    opened = -1
    while True:
        try:
            generation, req = conn.recv()
        except (EOFError, OSError):  # the server went away
            return
        try:
            if store is None or generation != opened:
                if store is not None:
                    store.close()
                store = open_store(location, read_only=True, create=False)
                opened = generation
            reply: tuple[Any, ...] = ("ok", execute(store, req))
        except KGError as exc:
            reply = ("error", type(exc).__name__, exc.message)
        except Exception as exc:
            reply = ("error", "QueryError", f"query failed: {type(exc).__name__}: {exc}")
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            return


@dataclass(slots=True, eq=False)
class _Worker:
    process: Any
    conn: multiprocessing.connection.Connection


class QueryPool:
    """A few worker processes over one store, each running one query at a time.

    Parameters
    ----------
    location : str
        The store directory (the workers open it read-only).
    workers : int
        Worker processes (queries that run at once).
    timeout : float
        Seconds a query may run; a longer one is stopped (:class:`QueryTimeout`).
    """

    def __init__(self, location: str, *, workers: int = 2, timeout: float = 10.0) -> None:
        if workers < 1:
            raise ValueError("a query pool needs at least one worker")
        self.location = str(location)
        self.size = workers
        self.timeout = timeout
        self._ctx = multiprocessing.get_context("spawn")
        self._free: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._generation = 0
        self._closed = False
        # event-loop callers waiting for a worker: (loop, future), served before the queue
        self._waiters: collections.deque[tuple[asyncio.AbstractEventLoop, asyncio.Future[Any]]] = (
            collections.deque()
        )
        self.stopped = 0  # queries stopped for running too long
        for _ in range(workers):
            self._free.put(self._start())

    def _start(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        proc = self._ctx.Process(
            target=_worker_main, args=(child, self.location), daemon=True, name="kg-sparql"
        )
        proc.start()
        child.close()
        w = _Worker(proc, parent)
        with self._lock:
            self._all.add(w)
        return w

    def _replace(self, dead: _Worker) -> None:
        dead.process.kill()
        dead.process.join(5)
        dead.conn.close()
        with self._lock:
            self._all.discard(dead)
            if self._closed:
                return
        threading.Thread(target=lambda: self._release(self._start()), daemon=True).start()

    def _release(self, w: _Worker) -> None:
        """A worker is free: hand it to a waiting event-loop caller, else back to the queue."""
        with self._lock:
            while self._waiters:
                loop, fut = self._waiters.popleft()
                if fut.done() or loop.is_closed():
                    continue
                loop.call_soon_threadsafe(self._hand, fut, w)
                return
        self._free.put(w)

    def _hand(self, fut: asyncio.Future[Any], w: _Worker) -> None:
        if fut.done():  # its caller gave up meanwhile
            self._release(w)
        else:
            fut.set_result(w)

    def refresh(self) -> None:
        """The store changed: each worker reopens it before its next query."""
        with self._lock:
            self._generation += 1

    @property
    def workers(self) -> list[int]:
        """Process ids of the live workers."""
        with self._lock:
            return [w.process.pid for w in self._all]

    def run(self, req: QueryRequest, timeout: float | None = None) -> Answer:
        """Run one query in a free worker (waiting for one at most ``timeout`` seconds).

        Raises
        ------
        QueryTimeout
            The query ran longer than ``timeout`` (default: the pool's); its
            worker was killed and is being replaced.
        PoolBusy
            No worker came free in time.
        QueryError
            The query is malformed or failed (the store's message).
        """
        limit = self.timeout if timeout is None else timeout
        if self._closed:
            raise QueryError("the query service is shut down")
        t0 = time.monotonic()
        try:
            w = self._free.get(timeout=limit)
        except queue.Empty:
            raise PoolBusy(
                f"all {self.size} query workers stayed busy for {limit:g} s; try again later"
            ) from None
        left = max(0.05, limit - (time.monotonic() - t0))
        try:
            w.conn.send((self._generation, req))
            if not w.conn.poll(left):
                self.stopped += 1
                self._replace(w)
                raise QueryTimeout(f"query stopped after {limit:g} s (the endpoint's time limit)")
            reply = w.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._replace(w)
            raise QueryError(
                "the query worker died (out of memory?); try a smaller query"
            ) from None
        self._release(w)
        return self._reply(reply)

    async def arun(self, req: QueryRequest, timeout: float | None = None) -> Answer:
        """:meth:`run` for an event loop: waits on the worker's pipe without a thread.

        When no worker is free it waits for one (handed over by
        :meth:`_release`), at most ``timeout`` seconds.
        """
        limit = self.timeout if timeout is None else timeout
        if self._closed:
            raise QueryError("the query service is shut down")
        loop = asyncio.get_running_loop()
        t0 = loop.time()
        try:
            w = self._free.get_nowait()
        except queue.Empty:
            waiter: asyncio.Future[Any] = loop.create_future()
            with self._lock:
                self._waiters.append((loop, waiter))
            try:
                w = await asyncio.wait_for(waiter, limit)
            except TimeoutError:
                raise PoolBusy(
                    f"all {self.size} query workers stayed busy for {limit:g} s; try again later"
                ) from None
        left = max(0.05, limit - (loop.time() - t0))
        fd = w.conn.fileno()
        ready = loop.create_future()

        def readable() -> None:
            loop.remove_reader(fd)
            if not ready.done():
                ready.set_result(None)

        try:
            w.conn.send((self._generation, req))
            loop.add_reader(fd, readable)
            try:
                await asyncio.wait_for(ready, left)
            except TimeoutError:
                loop.remove_reader(fd)
                self.stopped += 1
                self._replace(w)
                raise QueryTimeout(
                    f"query stopped after {limit:g} s (the endpoint's time limit)"
                ) from None
            reply = w.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            loop.remove_reader(fd)
            self._replace(w)
            raise QueryError(
                "the query worker died (out of memory?); try a smaller query"
            ) from None
        except asyncio.CancelledError:  # the client went away: the worker's answer is unknown
            loop.remove_reader(fd)
            self._replace(w)
            raise
        self._release(w)
        return self._reply(reply)

    @staticmethod
    def _reply(reply: tuple[Any, ...]) -> Answer:
        if reply[0] == "ok":
            return reply[1]
        _, kind, message = reply
        from kg.protocol import QueryRefused

        cls = {"QueryRefused": QueryRefused}.get(kind, QueryError)
        raise cls(message)

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.conn.close()
            w.process.join(1)
            if w.process.is_alive():
                w.process.kill()
                w.process.join(1)

    def __enter__(self) -> QueryPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<QueryPool {self.location} workers={self.size} timeout={self.timeout}s pid={os.getpid()}>"

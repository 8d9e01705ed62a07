"""Run SPARQL queries in worker processes, so a runaway query can be stopped.

An Oxigraph query cannot be cancelled from another thread, and it holds the
store while it runs. So each query of the public endpoint runs in one of a
few worker processes that open the store read-only
(:func:`kg.store.open_store`) and answer through :func:`kg.protocol.execute`
(the store's own query path). When a query overruns its time, its worker is
killed (SIGKILL) and a fresh one started in the background; the other
workers, and the process that asked, go on answering.

How a query travels: the event loop that asked writes it (a length-prefixed
pickle of the request) into the worker's pipe, and reads the answer back as
bytes (a small header — status, row count, whether the cap cut it, media type
— then the serialised result, written by the worker), on a reader it keeps
registered for each worker. Under load a worker is given its next query
while it still runs the current one (at most ``depth`` queries per worker,
and only short ones), so it reads the next one as soon as it has written an
answer instead of sleeping until the server has read that answer and sent
another. Each query's time limit counts from when its worker starts it (the
worker stamps each answer with the time it finished, so the next one's start
is known): when the running query overruns, its worker is killed and the
queries queued behind it go back to the pool and run elsewhere, with their
full time.

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
import concurrent.futures
import contextlib
import multiprocessing
import multiprocessing.connection
import os
import pickle
import signal
import struct
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from ingest.errors import KGError
from kg.protocol import Answer, QueryRefused, QueryRequest
from kg.store import QueryError

__all__ = ["PoolBusy", "QueryPool", "QueryTimeout"]


class QueryTimeout(QueryError):
    """A query ran longer than the endpoint's time limit and was stopped."""

    code = "E013"


class PoolBusy(QueryError):
    """Every worker stayed busy for as long as a query may run."""

    code = "E014"


# ------------------------------------------------------------------ wire format
# request: u32 length, then pickle((generation, QueryRequest))
# answer:  u32 length, then the header below, then the name (media type, or the
#          error's class) and the rest (the result's bytes, or the error message)
_HEAD = struct.Struct("!BdQBH")  # kind, finished (time.monotonic), count, truncated, len(name)
_OK, _ERROR, _READY = 0, 1, 2
_LEN = struct.Struct("!I")
PIPELINE_MAX = 16 * 1024  # larger requests only go to an idle worker (a full pipe would block)
# a worker whose current query has run longer than this takes no query behind it: a
# slow query (perhaps a runaway) must not hold up a quick one another worker can run
PIPELINE_AGE = 0.05
MAX_DEPTH = 3  # queued requests stay under a pipe's 64 KiB, so a write never blocks the loop
STARTUP_LIMIT = 60.0  # seconds a query waits for a pool whose workers are all starting


def _frame(
    kind: int, count: int = 0, truncated: bool = False, name: str = "", rest: bytes = b""
) -> bytes:
    n = name.encode()
    head = _HEAD.pack(kind, time.monotonic(), count, truncated, len(n))
    return _LEN.pack(len(head) + len(n) + len(rest)) + head + n + rest


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _worker_main(
    requests: multiprocessing.connection.Connection,
    answers: multiprocessing.connection.Connection,
    location: str,
) -> None:
    """A worker: open the store read-only, answer requests in order until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    from kg.protocol import execute
    from kg.store import open_store

    rfd, wfd = requests.fileno(), answers.fileno()
    try:
        _write_all(wfd, _frame(_READY))
    except OSError:
        return
    store: Any = None
    opened = -1
    buf = bytearray()
    while True:
        while len(buf) < 4 or len(buf) < 4 + _LEN.unpack_from(buf)[0]:
            try:
                data = os.read(rfd, 1 << 16)
            except OSError:
                return
            if not data:  # the server went away
                return
            buf += data
        n = _LEN.unpack_from(buf)[0]
        generation, req = pickle.loads(buf[4 : 4 + n])
        del buf[: 4 + n]
        try:
            if store is None or generation != opened:
                if store is not None:
                    store.close()
                store = open_store(location, read_only=True, create=False)
                opened = generation
            ans = execute(store, req)
            reply = _frame(_OK, ans.count, ans.truncated, ans.media_type, ans.body)
        except KGError as exc:
            reply = _frame(_ERROR, name=type(exc).__name__, rest=exc.message.encode())
        except Exception as exc:
            msg = f"query failed: {type(exc).__name__}: {exc}"
            reply = _frame(_ERROR, name="QueryError", rest=msg.encode())
        try:
            _write_all(wfd, reply)
        except OSError:
            return


# ------------------------------------------------------------------ the pool's side
@dataclass(slots=True, eq=False)
class _Job:
    frame: bytes
    limit: float
    fut: asyncio.Future[Answer]
    start: float = 0.0  # time.monotonic() when its worker started it
    wait: asyncio.TimerHandle | None = None  # while pending: gives up with PoolBusy
    abandoned: bool = False  # its caller went away: the answer is dropped


@dataclass(slots=True, eq=False)
class _Worker:
    process: Any
    requests: multiprocessing.connection.Connection  # the pool writes
    answers: multiprocessing.connection.Connection  # the pool reads
    jobs: collections.deque[_Job] = field(default_factory=collections.deque)  # sent, in order
    buf: bytearray = field(default_factory=bytearray)
    ready: bool = False  # the worker has started (imports done)
    timer: asyncio.TimerHandle | None = None  # the running job's time limit
    loop: asyncio.AbstractEventLoop | None = None  # where its reader is registered
    gone: bool = False


class QueryPool:
    """A few worker processes over one store, each running one query at a time.

    The pool is driven by one event loop (the first that calls :meth:`arun`,
    or a thread of its own for :meth:`run` when there is none); calls from
    another thread or loop are passed to it.

    Parameters
    ----------
    location : str
        The store directory (the workers open it read-only).
    workers : int
        Worker processes (queries that run at once).
    timeout : float
        Seconds a query may run; a longer one is stopped (:class:`QueryTimeout`).
        A query also waits at most this long for a worker (:class:`PoolBusy`).
    depth : int
        Queries given to one worker at a time: the one it runs and those it
        reads next (1: no query waits in a worker's pipe).
    """

    def __init__(
        self, location: str, *, workers: int = 2, timeout: float = 10.0, depth: int = 2
    ) -> None:
        if workers < 1:
            raise ValueError("a query pool needs at least one worker")
        if not 1 <= depth <= MAX_DEPTH:
            raise ValueError(f"a query pool's depth is 1 to {MAX_DEPTH}")
        self.location = str(location)
        self.size = workers
        self.timeout = timeout
        self.depth = depth
        self._ctx = multiprocessing.get_context("spawn")
        self._lock = threading.Lock()  # guards _all, _loop, _own
        self._all: list[_Worker] = []
        self._pending: collections.deque[_Job] = collections.deque()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._own: tuple[asyncio.AbstractEventLoop, threading.Thread] | None = None
        self._generation = 0
        self._closed = False
        self.stopped = 0  # queries stopped for running too long
        for _ in range(workers):
            self._adopt(self._start())

    # ------------------------------------------------------------ workers
    def _start(self) -> _Worker:
        req_r, req_w = self._ctx.Pipe(duplex=False)
        ans_r, ans_w = self._ctx.Pipe(duplex=False)
        proc = self._ctx.Process(
            target=_worker_main,
            args=(req_r, ans_w, self.location),
            daemon=True,
            name="kg-sparql",
        )
        proc.start()
        req_r.close()
        ans_w.close()
        os.set_blocking(ans_r.fileno(), False)
        return _Worker(proc, req_w, ans_r)

    def _adopt(self, w: _Worker) -> None:
        """A started worker joins the pool (its reader goes on the pool's loop)."""
        with self._lock:
            if self._closed:
                self._discard(w)
                return
            self._all.append(w)
            loop = self._loop
        if loop is not None and not loop.is_closed():
            # (if the loop closed meanwhile, the next bind registers it)
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self._register, w, loop)

    def _register(self, w: _Worker, loop: asyncio.AbstractEventLoop) -> None:
        if w.gone or w.loop is loop or self._loop is not loop:
            return
        loop.add_reader(w.answers.fileno(), self._readable, w)
        w.loop = loop
        if w.ready:
            self._dispatch()

    @staticmethod
    def _discard(w: _Worker) -> None:
        w.gone = True
        if w.process.is_alive():
            w.process.kill()
        w.process.join(5)
        w.requests.close()
        w.answers.close()

    def _lose(self, w: _Worker, head_error: QueryError | None) -> None:
        """``w`` is dead or being killed: fail its running query, requeue the rest, replace it."""
        if w.gone:
            return
        w.gone = True
        if w.timer is not None:
            w.timer.cancel()
        if w.loop is not None and not w.loop.is_closed():
            w.loop.remove_reader(w.answers.fileno())
        with self._lock:
            if w in self._all:
                self._all.remove(w)
            closed = self._closed
        jobs = list(w.jobs)
        w.jobs.clear()
        if jobs and head_error is not None:
            self._settle(jobs.pop(0), error=head_error)
        for job in reversed(jobs):  # not started: back to the front, in their order
            if not (job.abandoned or job.fut.done()):
                self._park(job, front=True)
        w.process.kill()

        def replace() -> None:
            self._discard(w)
            if not w.ready:  # it died starting: do not respawn in a tight loop
                time.sleep(1.0)
            if not closed:
                self._adopt(self._start())

        threading.Thread(target=replace, daemon=True, name="kg-sparql-restart").start()
        self._dispatch()

    # ------------------------------------------------------------ the loop
    def _bind(self, loop: asyncio.AbstractEventLoop) -> bool:
        """Drive the pool from ``loop`` (in its thread); False when another running loop drives it."""
        with self._lock:
            old = self._loop
            if old is loop:
                return True
            if old is not None and not old.is_closed() and old.is_running():
                return False
            self._loop = loop
            workers = list(self._all)
        for w in workers:
            if w.loop is not None and w.loop is not loop and not w.loop.is_closed():
                w.loop.remove_reader(w.answers.fileno())
            w.loop = None
            if w.timer is not None:
                w.timer.cancel()
                w.timer = None
            for job in w.jobs:  # asked on the old loop: nobody waits for them here
                job.abandoned = True
            self._register(w, loop)
            if w.jobs and w.ready:
                self._arm(w, w.jobs[0].start or time.monotonic())
        stale = [j for j in self._pending if j.fut.get_loop() is not loop]
        for job in stale:
            self._pending.remove(job)
        return True

    def _own_loop(self) -> asyncio.AbstractEventLoop:
        """A loop in a thread of the pool's own, for :meth:`run` when no running loop drives it."""
        with self._lock:
            if self._own is not None and self._own[0].is_running():
                return self._own[0]
            loop = asyncio.new_event_loop()
            started = threading.Event()

            def serve() -> None:
                asyncio.set_event_loop(loop)
                loop.call_soon(started.set)
                loop.run_forever()

            t = threading.Thread(target=serve, daemon=True, name="kg-sparql-pool")
            t.start()
            self._own = (loop, t)
        started.wait()
        return loop

    def _readable(self, w: _Worker) -> None:
        """Answers arrived from ``w`` (or it died)."""
        try:
            data = os.read(w.answers.fileno(), 1 << 20)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            self._lose(w, QueryError("the query worker died (out of memory?); try a smaller query"))
            return
        buf = w.buf
        buf += data
        while len(buf) >= 4:
            n = _LEN.unpack_from(buf)[0]
            if len(buf) < 4 + n:
                break
            kind, finished, count, truncated, nlen = _HEAD.unpack_from(buf, 4)
            at = 4 + _HEAD.size
            name = buf[at : at + nlen].decode()
            rest = bytes(buf[at + nlen : 4 + n])
            del buf[: 4 + n]
            if kind == _READY:
                w.ready = True
                if w.jobs:
                    self._arm(w, time.monotonic())
                self._dispatch()
                continue
            if not w.jobs:  # pragma: no cover - an answer nobody asked for
                continue
            job = w.jobs.popleft()
            if kind == _OK:
                self._settle(job, Answer(rest, name, count, bool(truncated)))
            else:
                cls = QueryRefused if name == "QueryRefused" else QueryError
                self._settle(job, error=cls(rest.decode()))
            if w.jobs:
                self._arm(w, max(w.jobs[0].start, finished))
            elif w.timer is not None:
                w.timer.cancel()
                w.timer = None
        self._dispatch()

    def _arm(self, w: _Worker, start: float) -> None:
        """The head of ``w``'s jobs started at ``start``: stop it when its time is up."""
        job = w.jobs[0]
        job.start = start
        if w.timer is not None:
            w.timer.cancel()
        loop = w.loop or self._loop
        if loop is None:  # pragma: no cover - a job is only sent from a loop
            return
        w.timer = loop.call_later(
            max(0.0, start + job.limit - time.monotonic()), self._expire, w, job
        )

    def _expire(self, w: _Worker, job: _Job) -> None:
        if w.gone or not w.jobs or w.jobs[0] is not job:
            return
        self.stopped += 1
        limit = f"{job.limit:g}"
        self._lose(w, QueryTimeout(f"query stopped after {limit} s (the endpoint's time limit)"))

    @staticmethod
    def _settle(
        job: _Job, answer: Answer | None = None, error: BaseException | None = None
    ) -> None:
        if job.wait is not None:
            job.wait.cancel()
            job.wait = None
        fut = job.fut
        if job.abandoned or fut.done() or fut.get_loop().is_closed():
            return
        if error is not None:
            fut.set_exception(error)
        else:
            fut.set_result(answer)  # type: ignore[arg-type]

    def _park(self, job: _Job, front: bool = False) -> None:
        """No worker can take ``job`` now: it waits (at most its time limit) for one."""
        if front:
            self._pending.appendleft(job)
        else:
            self._pending.append(job)
        if job.wait is None:
            job.wait = job.fut.get_loop().call_later(job.limit, self._busy, job)

    def _busy(self, job: _Job) -> None:
        job.wait = None
        if job not in self._pending:
            return
        with self._lock:
            starting = not any(w.ready for w in self._all)
        if starting and time.monotonic() - job.start < STARTUP_LIMIT:
            job.wait = job.fut.get_loop().call_later(job.limit, self._busy, job)
            return  # the workers are (re)starting: waiting for them is not being busy
        self._pending.remove(job)
        self._settle(
            job,
            error=PoolBusy(
                f"all {self.size} query workers stayed busy for {job.limit:g} s; try again later"
            ),
        )

    def _pick(self, job: _Job) -> _Worker | None:
        """The worker with the fewest jobs that may take ``job`` (idle only for large
        requests or while a worker starts, and never one busy with a query for longer
        than ``PIPELINE_AGE``)."""
        best = None
        room = self.depth if len(job.frame) <= PIPELINE_MAX else 1
        if any(not w.ready and not w.gone for w in self._all):
            room = 1  # a worker is starting: it takes the job when ready, rather than a queue
        now = time.monotonic()
        for w in self._all:
            usable = w.ready and w.loop is not None and not w.gone and len(w.jobs) < room
            if usable and w.jobs and now - w.jobs[0].start > PIPELINE_AGE:
                usable = False
            if usable and (best is None or len(w.jobs) < len(best.jobs)):
                best = w
                if not w.jobs:
                    break
        return best

    def _send(self, w: _Worker, job: _Job) -> None:
        try:
            _write_all(w.requests.fileno(), job.frame)
        except OSError:
            self._park(job, front=True)
            self._lose(w, None)
            return
        if job.wait is not None:
            job.wait.cancel()
            job.wait = None
        job.start = time.monotonic()
        w.jobs.append(job)
        if len(w.jobs) == 1:
            self._arm(w, time.monotonic())

    def _dispatch(self) -> None:
        """Give waiting jobs to workers with room."""
        pending = self._pending
        while pending:
            job = pending[0]
            if job.abandoned or job.fut.done():
                pending.popleft()
                continue
            w = self._pick(job)
            if w is None:
                return
            pending.popleft()
            self._send(w, job)

    # ------------------------------------------------------------ callers
    def refresh(self) -> None:
        """The store changed: each worker reopens it before its next query."""
        with self._lock:
            self._generation += 1

    @property
    def workers(self) -> list[int]:
        """Process ids of the live workers."""
        with self._lock:
            return [w.process.pid for w in self._all]

    async def arun(self, req: QueryRequest, timeout: float | None = None) -> Answer:
        """Run one query in a worker, from an event loop (no thread involved).

        Raises
        ------
        QueryTimeout
            The query ran longer than ``timeout`` seconds (default: the pool's);
            its worker was killed and is being replaced.
        PoolBusy
            No worker could take it within ``timeout`` seconds.
        QueryError
            The query is malformed or failed (the store's message).
        """
        limit = self.timeout if timeout is None else timeout
        if self._closed:
            raise QueryError("the query service is shut down")
        loop = asyncio.get_running_loop()
        if self._loop is not loop and not self._bind(loop):
            other = self._loop
            assert other is not None
            return await asyncio.wrap_future(
                asyncio.run_coroutine_threadsafe(self.arun(req, timeout), other)
            )
        data = pickle.dumps((self._generation, req), protocol=pickle.HIGHEST_PROTOCOL)
        job = _Job(_LEN.pack(len(data)) + data, limit, loop.create_future(), time.monotonic())
        w = None if self._pending else self._pick(job)
        if w is None:
            self._park(job)
        else:
            self._send(w, job)
        try:
            return await job.fut
        except asyncio.CancelledError:  # the caller went away: its answer is dropped
            job.abandoned = True
            if job.wait is not None:
                job.wait.cancel()
            if job in self._pending:
                self._pending.remove(job)
            raise

    def run(self, req: QueryRequest, timeout: float | None = None) -> Answer:
        """:meth:`arun` for a caller outside the event loop that drives the pool (a thread)."""
        if self._closed:
            raise QueryError("the query service is shut down")
        loop = self._loop
        if loop is None or loop.is_closed() or not loop.is_running():
            loop = self._own_loop()
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            raise RuntimeError("QueryPool.run blocks: call arun from the pool's event loop")
        fut: concurrent.futures.Future[Answer] = asyncio.run_coroutine_threadsafe(
            self.arun(req, timeout), loop
        )
        return fut.result()

    def close(self) -> None:
        """Stop every worker (and the pool's own loop, if it started one)."""
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
            own, self._own = self._own, None
        try:
            here: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            here = None
        for w in workers:
            w.gone = True
            if w.timer is not None and w.loop is here:
                w.timer.cancel()
            if w.loop is not None and w.loop is here:
                w.loop.remove_reader(w.answers.fileno())
            w.requests.close()  # the worker reads end-of-file and exits
        for w in workers:
            w.process.join(1)
            if w.process.is_alive():
                w.process.kill()
                w.process.join(1)
            w.answers.close()
        if own is not None:
            loop, t = own
            if not loop.is_closed():
                loop.call_soon_threadsafe(loop.stop)
                t.join(5)
                loop.close()

    def __enter__(self) -> QueryPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return (
            f"<QueryPool {self.location} workers={self.size} depth={self.depth} "
            f"timeout={self.timeout}s pid={os.getpid()}>"
        )

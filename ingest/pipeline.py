"""Batch extraction: files and directories → one record per document.

A bad file never stops the batch: it is reported (file and reason) and the
rest goes on; the caller sees which failed at the end.

With ``jobs > 1`` the files are extracted by that many worker processes
(:class:`concurrent.futures.ProcessPoolExecutor`). Workers are *spawned*,
never forked, so no thread of the caller (a progress bar, polars' pool) is
copied into them half-way through something; each worker loads the pipeline
(and the gazetteer) once and keeps it. Results still come back one per file,
in input order, so the output does not depend on ``jobs``.

Each result carries the seconds its stages took (reading, normalising, each
pipeline component); :func:`extract_paths` logs them, one ``INFO`` line per
file on the ``ingest.pipeline`` logger, in the calling process (workers do
not log: the CLI configures logging in its own process only).
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.errors import KGError
from ingest.record import Record

from .extract import extract, load_pipeline
from .normalize import normalize
from .readers import DEFAULT_MAX_BYTES, iter_inputs, read

__all__ = ["Result", "collect_inputs", "default_jobs", "extract_paths", "usable_cpus"]

log = logging.getLogger(__name__)

WORKER_MEMORY = 600 * 1024 * 1024
"""Roughly what one worker holds with the full gazetteer loaded (bytes)."""


@dataclass(slots=True)
class Result:
    path: Path
    record: Record | None = None
    error: str | None = None
    original: str | None = None  # the document's text, only when asked for (keep_text)
    seconds: dict[str, float] = field(default_factory=dict)
    """Time of each stage: ``read``, ``normalise`` and every pipeline component, by name."""

    @property
    def ok(self) -> bool:
        return self.error is None


def collect_inputs(paths: Iterable[str | Path]) -> tuple[list[Path], list[Result]]:
    """Input files under ``paths``, and a failed result for each path that does not exist."""
    files: list[Path] = []
    missing: list[Result] = []
    for p in paths:
        p = Path(p)
        if not p.exists():
            missing.append(Result(p, error="no such file or directory"))
            continue
        files.extend(iter_inputs([p]))
    return files, missing


def usable_cpus() -> int:
    """CPUs this process may run on (its affinity mask where the OS has one)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


def default_jobs(n_files: int) -> int:
    """Worker processes for ``n_files`` files: one per usable CPU, at most one per file.

    Also capped so that the workers (each holding the gazetteer) fit in half
    of the physical memory, where the OS tells it.
    """
    jobs = min(usable_cpus(), max(1, n_files))
    try:
        memory = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):  # pragma: no cover - not POSIX
        memory = 0
    if memory > 0:
        jobs = min(jobs, max(1, memory // 2 // WORKER_MEMORY))
    return jobs


class _Timed:
    """``nlp`` as :func:`ingest.extract.extract` runs it, with the segmenter's and each
    component's time added to ``seconds``: ``make_doc`` and the ``pipeline`` are timed
    wrappers; every other attribute is the pipeline's own."""

    def __init__(self, nlp: Any, seconds: dict[str, float]) -> None:
        self._nlp = nlp
        self.make_doc = _timed("segment", nlp.make_doc, seconds)
        self.pipeline = [(name, _timed(name, proc, seconds)) for name, proc in nlp.pipeline]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._nlp, name)


def _timed(
    name: str, proc: Callable[[Any], Any], seconds: dict[str, float]
) -> Callable[[Any], Any]:
    def run(doc: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return proc(doc)
        finally:
            seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - t0

    return run


def _extract_one(path: Path, nlp: Any, max_bytes: int, keep_text: bool) -> Result:
    seconds: dict[str, float] = {}
    t0 = time.perf_counter()
    try:
        doc = read(path, max_bytes=max_bytes)
        t1 = time.perf_counter()
        doc = normalize(doc)
        seconds.update(read=t1 - t0, normalise=time.perf_counter() - t1)
        record = extract(doc, _Timed(nlp, seconds))
        original = doc.original if keep_text else None
        return Result(path, record=record, original=original, seconds=seconds)
    except KGError as exc:
        return Result(path, error=exc.message, seconds=seconds)


def _log_result(res: Result) -> None:
    """One line per file at ``INFO`` (``kg --verbose``): what was found and where time went."""
    if not log.isEnabledFor(logging.INFO):
        return
    times = ", ".join(f"{k} {v:.3f}" for k, v in res.seconds.items())
    if res.record is None:
        log.info("%s: failed (%s) [%s s]", res.path, res.error, times)
        return
    r = res.record
    log.info(
        "%s: read %s, %d entities, %d quantities, %d links in %.2f s [%s s]",
        res.path,
        r["meta"].get("format", "?"),
        len(r["entities"]),
        len(r["quantities"]),
        len(r["links"]),
        sum(res.seconds.values()),
        times,
    )


def extract_paths(
    files: Iterable[Path],
    *,
    config: str | Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_done: Callable[[Result], None] | None = None,
    jobs: int = 1,
    keep_text: bool = False,
) -> Generator[Result, None, None]:
    """Read, normalise and extract each file; yield a result per file, in order.

    Parameters
    ----------
    files : iterable of Path
        The input files (see :func:`collect_inputs`).
    config : str or Path, optional
        A pipeline config; default the packaged one.
    max_bytes : int
        Files larger than this fail (one result with the reason).
    on_done : callable, optional
        Called with each result before it is yielded.
    jobs : int
        Worker processes; 1 (or a single file) extracts in this process.
    keep_text : bool
        Also return each document's (decoded, original) text in ``Result.original``.

    Raises
    ------
    KGError
        When the pipeline cannot be loaded (a bad ``config``) or worker
        processes cannot run; a bad *file* gives a failed result instead.

    Notes
    -----
    Worker processes are spawned: a script that calls this with ``jobs > 1``
    needs the usual ``if __name__ == "__main__":`` guard.
    """
    files = list(files)
    if jobs > 1 and len(files) > 1:
        log.info("extracting %d file(s) in %d worker processes", len(files), min(jobs, len(files)))
        results = _extract_parallel(files, config, max_bytes, min(jobs, len(files)), keep_text)
    else:
        log.info("extracting %d file(s) in this process", len(files))
        results = _extract_serial(files, config, max_bytes, keep_text)
    for res in results:
        _log_result(res)
        if on_done:
            on_done(res)
        yield res


def _extract_serial(
    files: list[Path], config: str | Path | None, max_bytes: int, keep_text: bool
) -> Iterator[Result]:
    nlp = load_pipeline(config)
    for path in files:
        yield _extract_one(path, nlp, max_bytes, keep_text)


# --------------------------------------------------------------------------- worker processes

_worker: dict[str, Any] = {}  # in a worker: the pipeline (or why it failed to load) and settings


def _init_worker(config: str | Path | None, max_bytes: int, keep_text: bool) -> None:
    # Ctrl-C reaches the whole process group: let a worker just end (no
    # traceback); the parent stops the batch.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    # A worker waits for work on a queue it also holds the writing end of, so
    # it would wait forever if the parent were killed (SIGKILL, out of memory):
    # end with the parent instead.
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent.sentinel,), daemon=True).start()
    _worker.update(max_bytes=max_bytes, keep_text=keep_text)
    try:
        _worker["nlp"] = nlp = load_pipeline(config)
    except KGError as exc:  # raised again for each file, so the parent sees it
        _worker["error"] = exc
        return
    if "kg_places" in nlp.pipe_names:  # load the gazetteer now, not on the first file
        nlp.get_pipe("kg_places").gazetteer  # noqa: B018
    # What is loaded now lives as long as the worker: out of the garbage collector's
    # sight, a full collection no longer walks the gazetteer and the models every
    # few documents (about 5% of a worker's time on report text)
    gc.collect()
    gc.freeze()


def _exit_with(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])
    os._exit(1)


def _work(path: Path) -> Result:
    if "error" in _worker:
        raise _worker["error"]
    return _extract_one(path, _worker["nlp"], _worker["max_bytes"], _worker["keep_text"])


def _ready() -> bool:
    """Run first in a new pool: raises the pipeline's error, if it could not load."""
    if "error" in _worker:
        raise _worker["error"]
    return True


def _start_pool(jobs: int, init: tuple[Any, ...]) -> ProcessPoolExecutor:
    """A pool whose first worker has loaded the pipeline.

    A pipeline that cannot load (a bad ``config``) raises its :class:`KGError`
    here, before any file is handed out, so the batch stops with that one
    error and no file is reported on its own. A pool whose worker dies while
    starting is started again once; twice in a row raises :class:`KGError`
    (instead of respawning forever).
    """
    for _attempt in range(2):
        pool = ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=init,
        )
        try:
            # one check per worker, so all start now; the first to answer decides
            checks = [pool.submit(_ready) for _ in range(jobs)]
            done, _ = wait(checks, return_when=FIRST_COMPLETED)
            for check in done:
                check.result()
            return pool
        except BrokenProcessPool:
            pool.shutdown(wait=True)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    raise KGError("extraction worker processes die as they start; try --jobs 1")


def _died_before_start(path: Path) -> tuple[Path, Future[Result]]:
    """``path`` paired with a future that failed as if its worker had died on it."""
    failed: Future[Result] = Future()
    failed.set_exception(BrokenProcessPool("the pool broke before the file was handed out"))
    return path, failed


def _extract_parallel(
    files: list[Path], config: str | Path | None, max_bytes: int, jobs: int, keep_text: bool
) -> Iterator[Result]:
    """Results in input order from ``jobs`` spawned workers.

    If a worker dies (killed, out of memory, a crash in native code), the
    files that were not finished are retried one at a time in a fresh
    worker, so the one it dies on is named and the batch goes on.
    """
    init = (config, max_bytes, keep_text)
    todo = deque(files)
    while todo:
        unfinished = yield from _run_pool(todo, jobs, init, 4 * jobs)
        i = 0
        while i < len(unfinished):
            if _succeeded(unfinished[i][1]):
                yield unfinished[i][1].result()
                i += 1
                continue
            retry: deque[Path] = deque()
            while i < len(unfinished) and not _succeeded(unfinished[i][1]):
                retry.append(unfinished[i][0])
                i += 1
            yield from _one_at_a_time(retry, init)


def _succeeded(future: Future[Result]) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None


def _one_at_a_time(retry: deque[Path], init: tuple[Any, ...]) -> Iterator[Result]:
    died_last = False
    while retry:
        before = len(retry)
        broken = yield from _run_pool(retry, 1, init, 1)
        if not broken:  # all done, or the pool broke between two files
            continue
        path = broken[0][0]  # the only file in flight
        if died_last and len(retry) == before - 1:  # two files in a row, nothing between
            raise KGError("extraction worker processes keep dying; try --jobs 1", source=str(path))
        died_last = True
        yield Result(
            path,
            error="the extraction worker died on this file (killed, out of memory, or crashed)",
        )


def _run_pool(
    todo: deque[Path], jobs: int, init: tuple[Any, ...], window_size: int
) -> Generator[Result, None, list[tuple[Path, Future[Result]]]]:
    """Extract the files of ``todo`` (consumed) with one pool of workers, yielding results.

    At most ``window_size`` files are queued or in work at a time. Returns
    the ``(path, future)`` pairs still pending, in order, when the pool
    broke (a worker died); an empty list when all went through.
    """
    pool = _start_pool(jobs, init)
    window: deque[tuple[Path, Future[Result]]] = deque()
    try:
        while todo or window:
            while todo and len(window) < window_size:
                try:
                    window.append((todo[0], pool.submit(_work, todo[0])))
                except BrokenProcessPool:
                    # nothing in flight: count it against the next file, so the
                    # caller's retry makes progress instead of starting pools forever
                    return list(window) or [_died_before_start(todo.popleft())]
                todo.popleft()
            try:
                res = window[0][1].result()
            except BrokenProcessPool:
                return list(window)
            window.popleft()
            yield res
        return []
    finally:
        # On an error or an interrupt do not wait for the queued files; a
        # worker still busy finishes its current file and exits.
        pool.shutdown(wait=not window, cancel_futures=True)

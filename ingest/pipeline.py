"""Batch extraction: files and directories → one record per document.

A bad file never stops the batch: it is reported (file and reason) and the
rest goes on; the caller sees which failed at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import KGError

from .extract import extract, load_pipeline
from .normalize import normalize
from .readers import DEFAULT_MAX_BYTES, iter_inputs, read

__all__ = ["Result", "extract_paths", "collect_inputs"]


@dataclass(slots=True)
class Result:
    path: Path
    record: dict[str, Any] | None = None
    error: str | None = None

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


def extract_paths(
    files: Iterable[Path],
    *,
    config: str | Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_done: Callable[[Result], None] | None = None,
) -> Iterator[Result]:
    """Read, normalise and extract each file; yield a result per file, in order."""
    nlp = load_pipeline(config)
    for path in files:
        try:
            doc = normalize(read(path, max_bytes=max_bytes))
            res = Result(path, record=extract(doc, nlp))
        except KGError as exc:
            res = Result(path, error=exc.message)
        if on_done:
            on_done(res)
        yield res

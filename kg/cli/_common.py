"""What every command shares: the stderr console, the error line, store opening.

The exit-code convention of every command (README, "Exit codes"):

- 0: done;
- 1: done, but something failed or was found on the way (a file that could not
  be read in a batch, SHACL violations);
- 2: nothing done: a usage error or bad input (unknown option or value, a
  missing file, malformed SPARQL, an unknown place, no store);
- 130: interrupted (Ctrl-C).

Every error goes to stderr as one line that starts with ``kg: error:``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.markup import escape

if TYPE_CHECKING:
    from rich.progress import Progress

    from kg.store import GraphStore

__all__ = [
    "EXIT_FAILED",
    "EXIT_INTERRUPTED",
    "EXIT_USAGE",
    "STORE_HELP",
    "emit",
    "err",
    "error_line",
    "fail",
    "open_store",
    "progress_bar",
]

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

err = Console(stderr=True)
STORE_HELP = "Store directory (default: setting KG_STORE, else ./kg-store). 存储目录。"


def error_line(message: str) -> None:
    """Print ``kg: error: …`` on stderr (one line, however wide the message)."""
    err.print(f"[red]kg: error:[/red] {escape(message)}", highlight=False, soft_wrap=True)


def fail(message: str) -> typer.Exit:
    """Print ``kg: error: …`` on stderr; the caller raises the returned exit (code 2)."""
    error_line(message)
    return typer.Exit(EXIT_USAGE)


def open_store(store: str | None, *, read_only: bool = False, create: bool = True) -> GraphStore:
    """The store of ``--store`` (or the setting); use it as ``with open_store(…) as st:``."""
    from kg.settings import get_settings
    from kg.store import open_store as _open

    return _open(store or get_settings().store, read_only=read_only, create=create)


def progress_bar(label: str, *, disable: bool = False) -> Progress:
    """The progress bar of every command, on stderr and gone when done: ``label``
    (a Rich column template), the bar, done/total, and the item at hand."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    return Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=err,
        transient=True,
        disable=disable,
    )


def emit(text: str | None, out: str) -> None:
    """Write ``text`` to stdout (``-``) or a file."""
    if text is None:
        return
    if out == "-":
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        Path(out).write_text(text, encoding="utf-8")
        err.print(f"written to {out}", highlight=False)

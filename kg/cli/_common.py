"""What every command shares: the stderr console, the error line, store opening."""

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

__all__ = ["STORE_HELP", "emit", "err", "fail", "open_store", "progress_bar"]

err = Console(stderr=True)
STORE_HELP = "Store directory (default: setting KG_STORE, else ./kg-store). 存储目录。"


def fail(message: str) -> typer.Exit:
    """Print ``kg: error: …`` on stderr; the caller raises the returned exit (code 2)."""
    err.print(f"[red]kg: error:[/red] {escape(message)}", highlight=False, soft_wrap=True)
    return typer.Exit(2)


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

"""The `kg` command line: thin commands over the plain functions of each stage.

JSON lines go to stdout; messages and progress go to stderr. Logging is
configured here and nowhere else.
"""

from __future__ import annotations

import logging

import typer
from rich.console import Console

from kg import __version__

app = typer.Typer(
    name="kg",
    help="bangfu-kg: who helps whom in China's poverty-alleviation reports (帮扶知识图谱).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kg {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log progress details to stderr."),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version."
    ),
) -> None:
    """bangfu-kg (帮扶知识图谱)."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )

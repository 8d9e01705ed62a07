"""The Typer application every command module registers on, and its global options."""

from __future__ import annotations

import logging

import typer

from kg import __version__

app = typer.Typer(
    name="kg",
    help="bangfu-kg: who helps whom in China's poverty-alleviation reports (帮扶知识图谱).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


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

"""The Typer application every command module registers on, its global options, and the
one error handler of every command.

A command lets a :class:`~ingest.errors.KGError` (or an ``OSError`` on a file it
reads or writes) go; :class:`_Group` turns it into the one ``kg: error: …`` line and
exit code 2 (:func:`kg.cli._common.fail`). Logging is configured here and nowhere
else: ``--verbose`` shows the ``INFO`` messages of the project's own loggers
(``ingest``, ``kg``, ``api``: files read, components timed, quads loaded, tables
fetched), on the same stderr console as the progress bars.
"""

from __future__ import annotations

import logging
from typing import Any

import typer
from typer.core import TyperGroup

from kg import __version__
from kg.cli._common import err, fail

__all__ = ["app"]

LOGGERS = ("ingest", "kg", "api")
"""The project's loggers (``logging.getLogger(__name__)`` in every module below them)."""


class _Group(TyperGroup):
    """Runs a command; what it lets through becomes the error line and exit code 2."""

    def invoke(self, ctx: Any) -> Any:
        from ingest.errors import KGError

        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            raise
        except (KGError, OSError) as exc:
            raise fail(str(exc)) from exc


app = typer.Typer(
    cls=_Group,
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


class _ConsoleHandler(logging.Handler):
    """Log records as whole lines on the stderr console (above a running progress bar)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            err.print(self.format(record), markup=False, highlight=False, soft_wrap=True)
        except Exception:
            self.handleError(record)


def configure_logging(verbose: bool) -> None:
    """Warnings of everything to stderr; with ``verbose`` also the project's ``INFO``."""
    handler = _ConsoleHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.WARNING, handlers=[handler], force=True)
    for name in LOGGERS:
        logging.getLogger(name).setLevel(logging.INFO if verbose else logging.NOTSET)


@app.callback()
def main(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log progress details to stderr."),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version."
    ),
) -> None:
    """bangfu-kg (帮扶知识图谱)."""
    configure_logging(verbose)

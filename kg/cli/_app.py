"""The Typer application every command module registers on, its global options,
and :func:`main`, the console script that applies the exit-code convention.

:class:`_Group` is the one error handler of every command. Logging is configured
here and nowhere else: ``--verbose`` shows the ``INFO`` messages of the project's
own loggers (``ingest``, ``kg``, ``api``: files read, components timed, quads
loaded, tables fetched), on the same stderr console as the progress bars.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from kg import __version__
from kg.cli._common import EXIT_INTERRUPTED, EXIT_USAGE, err, error_line

__all__ = ["app", "main"]

LOGGERS = ("ingest", "kg", "api")
"""The project's loggers (``logging.getLogger(__name__)`` in every module below them)."""


class _Group(TyperGroup):
    """Turns what a command lets through into the convention's error line and code 2:
    a :class:`~ingest.errors.KGError`, or an ``OSError`` on a file it reads or writes."""

    def invoke(self, ctx: Any) -> Any:
        from ingest.errors import KGError

        try:
            return super().invoke(ctx)
        except KGError as exc:
            error_line(str(exc))
            raise typer.Exit(EXIT_USAGE) from None
        except OSError as exc:
            if isinstance(exc, BrokenPipeError):
                raise
            where = f"{exc.filename}: " if exc.filename else ""
            error_line(f"{where}{exc.strerror or exc}")
            raise typer.Exit(EXIT_USAGE) from None


app = typer.Typer(
    cls=_Group,
    name="kg",
    help="bangfu-kg: who helps whom in China's poverty-alleviation reports (帮扶知识图谱).",
    add_completion=False,
    pretty_exceptions_enable=False,
    # plain help: no type labels on flags (`<bool>`), fits any terminal, reads in a pipe
    rich_markup_mode=None,
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
def _global(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log progress details to stderr."),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version."
    ),
) -> None:
    """bangfu-kg (帮扶知识图谱)."""
    configure_logging(verbose)


def _cli_errors() -> tuple[type[BaseException], ...]:
    """The exception class of usage errors: typer's own (it vendors click) or click's."""
    found: list[type[BaseException]] = []
    own = getattr(typer, "TyperException", None)
    if isinstance(own, type):
        found.append(own)
    try:
        import click

        found.append(click.ClickException)
    except ImportError:  # pragma: no cover - newer typer does without click
        pass
    return tuple(found)


def main(argv: list[str] | None = None) -> None:
    """Run ``kg`` with ``argv`` (default: the command line) and exit with the convention's code.

    Usage errors (an unknown option, a missing argument, a bad value) become one
    ``kg: error: …`` line and exit code 2, like the errors the commands report
    (:class:`_Group` does that for a :class:`~ingest.errors.KGError` a command lets
    through); Ctrl-C exits 130. See :mod:`kg.cli._common`.
    """
    from ingest.errors import KGError

    args = sys.argv[1:] if argv is None else list(argv)
    command = typer.main.get_command(app)
    try:
        code = command.main(args=args or ["--help"], prog_name="kg", standalone_mode=False)
    except _cli_errors() as exc:
        ctx = getattr(exc, "ctx", None)
        where = f" (see `{ctx.command_path} --help`)" if ctx is not None else ""
        error_line(exc.format_message() + where)  # type: ignore[attr-defined]
        code = EXIT_USAGE
    except typer.Abort:
        err.print("kg: interrupted", highlight=False)
        code = EXIT_INTERRUPTED
    except KGError as exc:  # raised while parsing options (a callback)
        error_line(str(exc))
        code = EXIT_USAGE
    sys.exit(code if isinstance(code, int) else 0)

"""The `kg` command line: a package of command modules over the plain functions of each stage.

Each module registers its commands on the one Typer :data:`app`
(:mod:`kg.cli._app`); :func:`main` is the console script (it applies the
exit-code convention of :mod:`kg.cli._common`). Rendering for the terminal
lives here (:mod:`kg.cli.render`) and nowhere below. JSON lines go to stdout;
messages and progress go to stderr. Logging is configured here and nowhere else.
"""

from kg.cli import analysis, demo, extract, graph, place, serve, train  # noqa: F401  (register commands)
from kg.cli._app import app, main

__all__ = ["app", "main"]

"""Division codes as integers: levels, containing units, scopes, joins by scope.

A 12-digit code's level is where its trailing zeros start (2 digits for a
province … 12 for a village-level unit), so the unit at any level above a
code is an integer division: ``code // 10**6 * 10**6`` is its county.
"""

from __future__ import annotations

import polars as pl

from ingest.gazetteer.names import LEVEL_DIGITS
from ingest.gazetteer.registry import normalize_code

__all__ = ["LEVELS", "digits", "level_units", "scope_range", "unit_of", "within"]

LEVELS = LEVEL_DIGITS
"""Significant digits of a code at each level (``ingest.gazetteer.names.LEVEL_DIGITS``)."""


def digits(col: pl.Expr) -> pl.Expr:
    """Significant digits of 12-digit integer codes (2 province … 12 village)."""
    return (
        pl.when(col % 1000 != 0)
        .then(12)
        .when(col % 10**6 != 0)
        .then(9)
        .when(col % 10**8 != 0)
        .then(6)
        .when(col % 10**10 != 0)
        .then(4)
        .otherwise(2)
    )


def unit_of(col: pl.Expr, level: str) -> pl.Expr:
    """The unit at ``level`` that contains each code (itself when at that level)."""
    div = 10 ** (12 - LEVELS[level])
    return col // div * div


def scope_range(scope: str | None) -> tuple[int, int] | None:
    """Integer bounds ``[lo, hi]`` of the codes inside a unit (None for no scope).

    >>> scope_range("5116")
    (511600000000, 511699999999)
    """
    if scope is None:
        return None
    c = normalize_code(scope)
    d = next(k for k in (2, 4, 6, 9, 12) if int(c) % 10 ** (12 - k) == 0)
    div = 10 ** (12 - d)
    lo = int(c) // div * div
    return lo, lo + div - 1


def within(points: pl.DataFrame, scopes: pl.DataFrame, on: tuple[str, ...] = ()) -> pl.DataFrame:
    """Pair each scope (column ``scope``, a code at any level) with the points
    (column ``code``) inside it, also matching the columns ``on``; one join per level."""
    parts = []
    for d in (2, 4, 6, 9, 12):
        s = scopes.filter(digits(pl.col("scope")) == d)
        if s.height:
            div = 10 ** (12 - d)
            p = points.with_columns((pl.col("code") // div * div).alias("scope"))
            parts.append(s.join(p, on=["scope", *on], how="inner"))
    return pl.concat(parts, how="diagonal_relaxed") if parts else pl.DataFrame()


def level_units(units: pl.DataFrame, level: str) -> pl.DataFrame:
    """The rows of ``units`` that act at ``level``.

    For counties this includes the prefecture-level cities whose townships sit
    directly under them, with no county between (东莞市, 中山市, 儋州市 …).
    """
    d = LEVELS[level]
    at = units.filter(digits(pl.col("code")) == d)
    if level == "county":
        towns = (
            units.filter(digits(pl.col("code")) == 9)
            .select(unit_of(pl.col("code"), "county").alias("code"))
            .unique()
        )
        direct = units.filter(digits(pl.col("code")) == 4).join(towns, on="code", how="semi")
        at = pl.concat([at, direct]).sort("code")
    return at

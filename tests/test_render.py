"""Tables fit the terminal they are printed on and never cut a division code; in a
pipe every value comes out whole (kg.cli.render)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pytest
from rich.cells import cell_len
from rich.console import Console

from kg import analysis
from kg.analysis.report import coverage_report, gaps_report
from kg.cli.render import (
    UNLIMITED,
    render_coverage,
    render_gaps,
    render_money,
    render_query,
    wide_console,
)
from kg.mapping import to_quads
from kg.store import OxigraphStore
from tests.test_analysis import BASE, records


@pytest.fixture(scope="module")
def store(gz) -> OxigraphStore:
    st = OxigraphStore()
    for r in records():
        st.load(to_quads(r, base=BASE, gz=gz))
    return st


@pytest.fixture(scope="module")
def everything(store, gz) -> Callable[[int], str]:
    """What coverage, gaps, money and a query print, as one text, at a given width."""
    data = analysis.load(store)
    cov = coverage_report(data, gz, level="township", scope="630121")
    cov.update({k: v for k, v in coverage_report(data, gz).items() if k != "units"})
    gaps = gaps_report(data, gz)
    money = analysis.money(data, gz, by="place")
    res = store.query(
        "SELECT ?place ?code ?label WHERE { ?place kg:divisionCode ?code ; skos:prefLabel ?label }"
    )

    def render(width: int) -> str:
        buf = io.StringIO()
        con = Console(width=width, file=buf)
        render_coverage(cov, "table", console=con)
        render_gaps(gaps, "table", limit=5, console=con)
        render_money(money, "table", console=con)
        render_query(res, console=con)
        return buf.getvalue()

    return render


def _codes(store: OxigraphStore) -> set[str]:
    return {r["c"] for r in store.query("SELECT ?c WHERE { ?p kg:divisionCode ?c }").values()}


@pytest.mark.parametrize("width", [100, 80, 40])
def test_tables_fit_and_codes_stay_whole(everything, store, width: int) -> None:
    out = everything(width)
    widest = max(cell_len(line) for line in out.splitlines())
    assert widest <= width, widest
    printed = set(re.findall(r"(?<!\d)\d{12}(?!\d)", out))
    # every code of a township row, and of the places the query lists, in one piece
    assert _codes(store) <= printed
    assert {c for c in printed if c.startswith("630121")}


def test_wide_tables_become_field_value_tables_when_narrow(everything) -> None:
    # one field | value block per township: the field label repeats per row
    assert everything(40).count("名称 name") > 1
    assert everything(UNLIMITED).count("名称 name") == 1


def test_a_pipe_gets_whole_values() -> None:
    from rdflib import Literal, URIRef

    con = wide_console()  # pytest captures stdout: not a terminal
    assert con.width == UNLIMITED
    long = "这是一段很长的原文引用，" * 20
    st = OxigraphStore()
    g = URIRef(BASE + "graph/t")
    st.load(
        [(URIRef(BASE + "claim/x"), URIRef("https://bangfu-kg.org/ns#quote"), Literal(long), g)]
    )
    buf = io.StringIO()
    render_query(
        st.query("SELECT ?c ?q WHERE { ?c kg:quote ?q }"),
        console=Console(width=con.width, file=buf),
    )
    assert long in buf.getvalue() and f"{BASE}claim/x" in buf.getvalue()

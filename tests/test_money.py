"""`kg money` (kg.analysis.money): totals per report, place and helper that leave
out rates, cumulative figures and parts as the records mark them, and list what
they left out and why. Reports written for these tests, real registry codes."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from kg import analysis
from kg.mapping import to_quads
from kg.sparql import read_query
from kg.store import OxigraphStore

ROOT = Path(__file__).resolve().parents[1]
BASE = "https://example.org/kg/"
DATONG = "630121000000"
V1 = "630121101200"  # 西关村委会
HUAYING = "511681000000"

TEXT_A = (
    "大通县简报。县交通运输局投入资金300万元用于道路建设，其中资金100万元用于修桥。"
    "累计投入资金900万元用于产业发展。户均发放补贴2000元用于生活补助。另有资金50万元。"
    "县交通运输局结对帮扶西关村，投入资金80万元支持西关村。"
)
TEXT_B = "华蓥市简报。市财政局投入资金60万元用于产业发展。"


def _at(text: str, s: str, after: int = 0) -> tuple[int, int]:
    i = text.index(s, after)
    return i, i + len(s)


def _money(text: str, s: str, value: int, **kw) -> dict:
    a, b = _at(text, s)
    return {
        "type": "MONEY",
        "text": s,
        "value": value,
        "approx": False,
        "qualifier": "=",
        "start": a,
        "end": b,
        "mentions": [[a, b]],
        **kw,
    }


def _funds(text: str, money: str, obj: str) -> dict:
    a, _ = _at(text, money)
    _, b = _at(text, obj, a)
    return {
        "rel": "funds",
        "subject": money,
        "object": obj,
        "cue": "用于",
        "scope": None,
        "start": a,
        "end": b,
    }


def _rec(name: str, text: str, juris: tuple[str, str], ents: list, links: list) -> dict:
    for e in ents:
        if "start" not in e:
            a, b = _at(text, e["text"])
            e.update(start=a, end=b, mentions=[[a, b]])
    return {
        "doc": name,
        "sha256": hashlib.sha256(text.encode()).hexdigest(),
        "extractor": "bangfu-kg/test",
        "jurisdiction": {"text": juris[0], "code": juris[1]},
        "meta": {},
        "entities": ents,
        "quantities": [],
        "links": links,
    }


def records() -> list[tuple[dict, str]]:
    t = TEXT_A
    a = _rec(
        "money_a.txt",
        t,
        ("大通县", DATONG),
        [
            {"type": "PLACE", "text": "大通县", "level": "county", "code": DATONG},
            {"type": "PLACE", "text": "西关村", "level": "village", "code": V1},
            {
                "type": "ORG",
                "text": "县交通运输局",
                "org_type": "government_agency",
                "collective": False,
            },
            _money(t, "300万元", 3_000_000),
            _money(t, "100万元", 1_000_000, part_of="300万元"),
            _money(t, "900万元", 9_000_000, cumulative=True),
            _money(t, "2000元", 2000, rate="户均"),
            _money(t, "50万元", 500_000),
            _money(t, "80万元", 800_000),
        ],
        [
            _funds(t, "300万元", "道路建设"),
            _funds(t, "100万元", "修桥"),
            _funds(t, "900万元", "产业发展"),
            _funds(t, "2000元", "生活补助"),
            {
                "rel": "helps",
                "subject": "县交通运输局",
                "object": "西关村",
                "cue": "结对帮扶",
                "kind": "结对帮扶",
                "scope": None,
                "start": t.index("县交通运输局结对"),
                "end": t.index("西关村，") + 3,
            },
            _funds(t, "80万元", "西关村"),
        ],
    )
    b = _rec(
        "money_b.txt",
        TEXT_B,
        ("华蓥市", HUAYING),
        [
            {"type": "PLACE", "text": "华蓥市", "level": "county", "code": HUAYING},
            _money(TEXT_B, "60万元", 600_000),
        ],
        [_funds(TEXT_B, "60万元", "产业发展")],
    )
    return [(a, TEXT_A), (b, TEXT_B)]


def _load(st: OxigraphStore, gz) -> None:
    for rec, text in records():
        st.load(to_quads(rec, base=BASE, gz=gz, text=text))


@pytest.fixture(scope="module")
def store(gz) -> OxigraphStore:
    st = OxigraphStore()
    _load(st, gz)
    return st


@pytest.fixture(scope="module")
def data(store):
    return analysis.load(store)


def totals(rep: dict) -> dict[str, float]:
    return dict(zip(rep["totals"]["key"], rep["totals"]["total"], strict=True))


def test_per_report(data, gz) -> None:
    rep = analysis.money(data, gz, by="report")
    assert totals(rep) == {"money_a.txt": 3_800_000, "money_b.txt": 600_000}
    assert rep["counted"] == 3 and rep["total"] == 4_400_000


def test_what_was_left_out_and_why(data, gz) -> None:
    left = analysis.money(data, gz)["left_out"]
    why = dict(zip(left["label"], left["left_out"], strict=True))
    assert why == {
        "100万元": "part",
        "900万元": "cumulative",
        "2000元": "rate",
        "50万元": "no-purpose",
    }
    reasons = dict(zip(left["label"], left["reason"], strict=True))
    assert "其中 of 300万元" in reasons["100万元"] and "户均" in reasons["2000元"]
    assert analysis.money(data, gz)["left_out_counts"] == {
        "rate": 1,
        "cumulative": 1,
        "part": 1,
        "no-purpose": 1,
    }


def test_per_place(data, gz) -> None:
    # 80万元 goes to 西关村 (kg:funds a place); 300万元's sentence is about the county
    assert totals(analysis.money(data, gz, by="place")) == {
        DATONG: 3_000_000,
        V1: 800_000,
        HUAYING: 600_000,
    }


def test_per_helper(data, gz) -> None:
    t = totals(analysis.money(data, gz, by="helper"))
    # only 80万元 shares its sentence with a named helper's link
    assert t == {"大通回族土族自治县交通运输局": 800_000, "—": 3_600_000}


def test_scope(data, gz) -> None:
    rep = analysis.money(data, gz, by="report", scope=DATONG)
    assert totals(rep) == {"money_a.txt": 3_800_000}
    assert rep["scope_name"] == "大通回族土族自治县"
    assert set(rep["left_out"]["document"]) == {"money_a.txt"}
    village = analysis.money(data, gz, by="place", scope=V1)
    assert totals(village) == {V1: 800_000}


def test_the_ready_made_query_agrees(store: OxigraphStore, data, gz) -> None:
    rows = store.query(read_query("money_by_report.rq")).values()
    assert {r["fileName"]: r["total"] for r in rows} == totals(analysis.money(data, gz))


def test_unknown_key_is_refused(data, gz) -> None:
    from ingest.errors import InputError

    with pytest.raises(InputError, match="--by"):
        analysis.money(data, gz, by="year")


# ----------------------------------------------------------------------- CLI
def test_cli_money(gz, tmp_path: Path) -> None:
    path = tmp_path / "store"
    st = OxigraphStore(path)
    _load(st, gz)
    st.close()

    def kg(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "kg", "money", "--store", str(path), *args],
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
            cwd=ROOT,
        )

    js = kg("--by", "place", "--format", "json")
    assert js.returncode == 0, js.stderr
    body = json.loads(js.stdout)
    assert {r["key"] for r in body["totals"]} == {DATONG, V1, HUAYING}
    assert len(body["left_out"]) == 4
    left = pl.read_csv(kg("--format", "csv", "--table", "left-out").stdout.encode())
    assert left.height == 4
    table = kg("--scope", "大通县")
    assert table.returncode == 0 and "3,800,000" in table.stdout and "600,000" not in table.stdout
    assert "left out" in table.stdout and "其中 of 300万元" in table.stdout

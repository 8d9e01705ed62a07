"""bench/bench_coverage.py writes synthetic reports as records that satisfy the record
contract, and the real mapper turns them into the graph the benchmark measures
(no timings here: the benchmark itself runs under bench/)."""

from __future__ import annotations

import importlib.util
import json
from types import ModuleType
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from kg.mapping import to_quads
from kg.vocab import KG, RDF
from tests.conftest import ROOT

BASE = "https://example.org/kg/"
QINZHOU, TIANSHUI = 620502000000, 620500000000
QIANPO, CHUANBEI = 620502102203, 620502102206


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bench_coverage", ROOT / "bench" / "bench_coverage.py"
    )
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _doc(bench: ModuleType) -> Any:  # the benchmark's DocWriter
    doc = bench.DocWriter("a.txt", "key-a", (QINZHOU, "秦州区"), "2019-12-31")
    team = ("秦州区第1驻村工作队", "work_team", (QINZHOU, "秦州区"))
    unit = ("天水市财政局", "government_agency", (TIANSHUI, "天水市"))
    doc.link(team, (QIANPO, "前坡村委会"), "驻村帮扶")
    doc.link(team, (CHUANBEI, "船北村委会"), "驻村帮扶")
    doc.link(unit, (QIANPO, "前坡村委会"), "定点帮扶")
    doc.claim((QINZHOU, "秦州区"), 2, 2)
    doc.idle("秦州区第一书记张三", (QINZHOU, "秦州区"), type="PERSON", role="第一书记")
    return doc


def test_synthetic_record_satisfies_the_contract(bench: ModuleType) -> None:
    doc = _doc(bench)
    rec = doc.record()
    schema = json.loads((ROOT / "docs" / "record.schema.json").read_text(encoding="utf-8"))
    assert not list(Draft202012Validator(schema).iter_errors(rec))
    text = doc.text()
    for e in rec["entities"]:  # offsets point at the written names, as extraction's do
        for start, end in e["mentions"]:
            assert text[start:end] == e["text"], e
    for link in rec["links"]:
        assert link["subject"] in text[link["start"] : link["end"]]


def test_the_real_mapper_makes_the_benchmark_graph(bench: ModuleType, gz) -> None:
    doc = _doc(bench)
    quads = to_quads(doc.record(), base=BASE, gz=gz, text=doc.text(), registry=False)
    triples = {(str(s), str(p), str(o)) for s, p, o, _ in quads}
    team = f"{BASE}org/{QINZHOU:012d}/秦州区第1驻村工作队"
    unit = f"{BASE}org/{TIANSHUI:012d}/天水市财政局"

    def place(code: int) -> str:
        return f"{BASE}place/{code:012d}"

    assert (team, str(KG.stationedIn), place(QIANPO)) in triples
    assert (team, str(KG.stationedIn), place(CHUANBEI)) in triples
    assert (unit, str(KG.helps), place(QIANPO)) in triples
    assert (team, str(RDF.type), str(KG.WorkTeam)) in triples
    claims = [s for s, p, o in triples if p == str(RDF.type) and o == str(KG.Claim)]
    assert len(claims) == 1
    assert (claims[0], str(KG.targetCount), "2") in triples
    statements = [s for s, p, o in triples if p == str(RDF.type) and o == str(KG.Statement)]
    assert len(statements) == 3
    quotes = [o for s, p, o in triples if s in statements and p == str(KG.quote)]
    assert "天水市财政局定点帮扶前坡村委会。" in quotes

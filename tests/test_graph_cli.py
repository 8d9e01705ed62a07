"""`kg build / query / export / validate / remove` as a user runs them, on the
project's own sample corpus and our own sentences; the seed checks skip without
../shared."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

from kg.graph import EXPORT_FORMATS, read_csv_export, to_networkx
from kg.store import OxigraphStore
from tests.conftest import run_kg

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"
QUERIES = ROOT / "kg" / "queries"


kg = run_kg


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("graph") / "store"
    res = kg("build", str(CORPUS), "--store", str(store))
    assert res.returncode == 0, res.stderr
    assert "loaded 6" in res.stderr
    return store


def test_rebuild_of_unchanged_files_adds_nothing(built: Path) -> None:
    before = len(OxigraphStore(built, read_only=True))
    res = kg("build", str(CORPUS), "--store", str(built))
    assert res.returncode == 0, res.stderr
    assert "unchanged 6" in res.stderr and "+0 quads" in res.stderr
    assert len(OxigraphStore(built, read_only=True)) == before


def test_store_setting_from_the_environment(built: Path) -> None:
    env = {**os.environ, "KG_STORE": str(built)}
    res = subprocess.run(
        [sys.executable, "-m", "kg", "query", "ASK { ?s ?p ?o }"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )
    assert res.returncode == 0 and res.stdout.strip() == "true", res.stderr


def test_validate_reports_no_violations(built: Path) -> None:
    res = kg("validate", "--store", str(built))
    assert res.returncode == 0, res.stdout + res.stderr
    assert "0 violation" in res.stderr


def test_query_formats_and_bindings(built: Path) -> None:
    q = (
        "PREFIX kg: <https://bangfu-kg.org/ns#> "
        "SELECT ?doc ?name WHERE { ?doc a kg:Document ; kg:fileName ?name } ORDER BY ?name"
    )
    res = kg("query", q, "--store", str(built), "--format", "json")
    assert res.returncode == 0, res.stderr
    body = json.loads(res.stdout)
    names = [b["name"]["value"] for b in body["results"]["bindings"]]
    assert names == sorted(p.name for p in CORPUS.iterdir())
    res = kg("query", q, "--store", str(built), "--format", "csv", "--bind", "name=02_news.txt")
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert [r["name"] for r in rows] == ["02_news.txt"]
    res = kg("query", q, "--store", str(built))
    assert res.returncode == 0 and "02_news.txt" in res.stdout
    res = kg("query", "-", "--store", str(built), "--format", "csv", input="ASK { ?s ?p ?o }")
    assert res.stdout.strip() == "true"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["query", "SELEC ?x WHERE { ?x ?p ?o }"], "malformed SPARQL"),
        (["query", "SELECT * WHERE { ?s ?p ?o }", "--format", "xml"], "unknown format"),
        (["export", "--format", "rdfxml"], "unknown format"),
        (["remove", "no-such-report.txt"], "no document"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(built: Path, args: list[str], needle: str) -> None:
    before = len(OxigraphStore(built, read_only=True))
    res = kg(*args, "--store", str(built))
    assert res.returncode == 2, res.stderr
    assert needle in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert len(OxigraphStore(built, read_only=True)) == before


def test_a_directory_that_is_not_a_store_is_left_alone(tmp_path: Path) -> None:
    d = tmp_path / "docs"
    d.mkdir()
    (d / "readme.txt").write_text("not a store")
    for args in (["build", str(CORPUS / "02_news.txt")], ["query", "ASK {}"], ["validate"]):
        res = kg(*args, "--store", str(d))
        assert res.returncode == 2 and "not a kg store" in res.stderr
    assert [p.name for p in d.iterdir()] == ["readme.txt"]


def test_a_locked_store_is_refused(tmp_path: Path) -> None:
    store = tmp_path / "store"
    holder = OxigraphStore(store)  # this process holds the write lock
    res = kg("build", str(CORPUS / "02_news.txt"), "--store", str(store))
    assert res.returncode == 2 and "locked" in res.stderr
    assert len(holder) == 0


def test_changed_file_replaces_its_graph_and_remove_drops_it(tmp_path: Path) -> None:
    store = tmp_path / "store"
    src = tmp_path / "reports"
    src.mkdir()
    shutil.copy(CORPUS / "02_news.txt", src / "02_news.txt")
    report = src / "own.txt"
    report.write_text("某县简报。县委组织部选派6个工作队进驻6个贫困村。\n", encoding="utf-8")
    assert kg("build", str(src), "--store", str(store)).returncode == 0
    report.write_text("某县简报。县委组织部选派8个工作队进驻8个贫困村。\n", encoding="utf-8")
    res = kg("build", str(src), "--store", str(store))
    assert res.returncode == 0 and "replaced 1" in res.stderr and "unchanged 1" in res.stderr
    s = OxigraphStore(store, read_only=True)
    counts = [
        r["n"]
        for r in s.query(
            "PREFIX kg: <https://bangfu-kg.org/ns#> "
            "PREFIX prov: <http://www.w3.org/ns/prov#> "
            "SELECT ?n ?name WHERE { ?c a kg:Claim ; kg:helperCount ?n ; prov:wasDerivedFrom ?d . "
            "?d kg:fileName ?name }",
            {"name": "own.txt"},
        ).values()
    ]
    assert counts == [8]
    del s
    res = kg("remove", "own.txt", "--store", str(store))
    assert res.returncode == 0, res.stderr
    s = OxigraphStore(store, read_only=True)
    assert [d.name for d in s.documents()] == ["02_news.txt"]


# ---------------------------------------------------------------- round trips
def _export(store: Path, fmt: str, tmp_path: Path) -> Path:
    out = tmp_path / f"out.{fmt}"
    res = kg("export", "--format", fmt, "--out", str(out), "--store", str(store))
    assert res.returncode == 0, res.stderr
    return out


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_export_round_trip(built: Path, tmp_path: Path, fmt: str) -> None:
    out = _export(built, fmt, tmp_path)
    s = OxigraphStore(built, read_only=True)
    quads = set(s.quads())
    if fmt == "ttl":
        triples = {q.triple for q in ox.parse(path=str(out), format=ox.RdfFormat.TURTLE)}
        assert triples == {q.triple for q in quads}
    elif fmt in ("nq", "trig", "jsonld"):
        rf = {
            "nq": ox.RdfFormat.N_QUADS,
            "trig": ox.RdfFormat.TRIG,
            "jsonld": ox.RdfFormat.JSON_LD,
        }[fmt]
        assert set(ox.parse(path=str(out), format=rf)) == quads
    elif fmt == "csv":
        assert set(read_csv_export(out.read_text(encoding="utf-8"))) == quads
    else:
        G = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
        H = to_networkx(s)
        assert G.number_of_nodes() == H.number_of_nodes() > 0
        assert G.number_of_edges() == H.number_of_edges() > 0
        node = next(iter(H.nodes))
        assert G.nodes[node]["label"] == H.nodes[node]["label"]


# ---------------------------------------------------------------------- seeds
@pytest.fixture(scope="module")
def seeds_store(seeds_dir: Path, tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("seeds") / "store"
    res = kg("build", str(seeds_dir), "--store", str(store))
    assert res.returncode == 0, res.stderr
    return store


@pytest.mark.seeds
def test_seeds_claim_of_84_work_teams(seeds_store: Path) -> None:
    s = OxigraphStore(seeds_store, read_only=True)
    rows = s.query(
        (QUERIES / "claims.rq").read_text(encoding="utf-8"), {"scopeName": "秦州区"}
    ).values()
    hit = [r for r in rows if r["helperCount"] == 84 and r["targetCount"] == 84]
    assert len(hit) == 1, rows
    c = hit[0]
    assert c["relation"].endswith("#stationedIn")
    assert c["targetKind"] == "贫困村" and "工作队" in c["helperKind"]
    assert "84" in c["quote"] and c["fileName"].startswith("002_")
    assert c["doc"].endswith(
        "/doc/" + next(d.sha256 for d in s.documents() if d.name == c["fileName"])
    )


@pytest.mark.seeds
def test_seeds_units_responsible_in_the_county_plan(seeds_store: Path) -> None:
    s = OxigraphStore(seeds_store, read_only=True)
    plan = next(d.name for d in s.documents() if d.name.startswith("004_"))
    rows = s.query(
        (QUERIES / "responsible_units.rq").read_text(encoding="utf-8"), {"fileName": plan}
    ).values()
    units = {r["asWritten"] for r in rows}
    assert {"县委组织部", "县扶贫办", "县农业农村局", "县财政局", "各乡镇党委"} <= units
    assert all(r["fileName"] == plan for r in rows)
    assert len({r["taskName"] for r in rows}) >= 10


@pytest.mark.seeds
def test_seeds_orgs_in_more_than_one_report_query_runs(seeds_store: Path) -> None:
    s = OxigraphStore(seeds_store, read_only=True)
    rows = s.query((QUERIES / "orgs_in_many_reports.rq").read_text(encoding="utf-8")).values()
    assert all(r["reports"] > 1 for r in rows)


@pytest.mark.seeds
def test_seeds_validate_and_rebuild(seeds_store: Path, seeds_dir: Path) -> None:
    res = kg("validate", "--store", str(seeds_store))
    assert res.returncode == 0 and "0 violation" in res.stderr, res.stdout[-2000:]
    res = kg("build", str(seeds_dir), "--store", str(seeds_store))
    assert res.returncode == 0 and "+0 quads" in res.stderr


@pytest.mark.slow
def test_killed_build_leaves_whole_documents_only(built: Path, tmp_path: Path) -> None:
    import signal
    import time

    store = tmp_path / "store"
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "build", str(CORPUS), "--store", str(store)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 300
    loaded = 0
    while time.monotonic() < deadline and proc.poll() is None:
        if (store / "CURRENT").exists():
            try:
                loaded = len(OxigraphStore(store, read_only=True).documents())
            except Exception:
                loaded = 0
            if loaded >= 1:
                break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    reference = {d.name: d.triples for d in OxigraphStore(built, read_only=True).documents()}
    docs = OxigraphStore(store).documents()
    assert docs, "the build was killed before loading anything"
    for d in docs:
        assert d.triples == reference[d.name], f"{d.name} is incomplete"
    # and the next build completes the rest
    res = kg("build", str(CORPUS), "--store", str(store))
    assert res.returncode == 0 and f"unchanged {len(docs)}" in res.stderr
    assert {d.name: d.triples for d in OxigraphStore(store).documents()} == reference

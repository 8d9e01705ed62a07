"""kg.store and the loading functions of kg.graph: idempotence, replacement, removal,
bad stores, bad queries, crash safety."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal

from ingest.errors import InputError, KGError
from kg.graph import load_record, remove_document
from kg.mapping import doc_iri, to_quads
from kg.store import OxigraphStore, QueryError, StoreError, open_store

BASE = "https://example.org/kg/"
ROOT = Path(__file__).resolve().parents[1]


def make_record(name: str, version: int = 0, links: int = 3) -> dict:
    """A synthetic record: ``links`` org→task responsibilities (our own names)."""
    text = f"{name} 第{version}版"
    orgs = [
        {
            "type": "ORG",
            "text": f"测试局{i}",
            "org_type": "government_agency",
            "collective": False,
            "start": i,
            "end": i + 1,
            "mentions": [[i, i + 1]],
        }
        for i in range(links)
    ]
    lk = [
        {
            "rel": "responsible_for",
            "subject": f"测试局{i}",
            "object": f"任务{i}",
            "cue": "责任单位",
            "scope": None,
            "start": i,
            "end": i + 1,
        }
        for i in range(links)
    ]
    return {
        "doc": name,
        "sha256": hashlib.sha256(text.encode()).hexdigest(),
        "extractor": "bangfu-kg/test",
        "jurisdiction": {"text": None, "code": None},
        "meta": {},
        "entities": orgs,
        "quantities": [],
        "links": lk,
    }


def doc_quads(rec: dict) -> int:
    return len(to_quads(rec, base=BASE))


def test_in_memory_store_loads_one_graph_per_document():
    s = OxigraphStore()
    out = load_record(s, make_record("a.txt"), base=BASE)
    assert out.status == "loaded" and out.added == doc_quads(make_record("a.txt")) == len(s)
    load_record(s, make_record("b.txt"), base=BASE)
    names = {d.name for d in s.documents()}
    assert names == {"a.txt", "b.txt"}


def test_reloading_an_unchanged_record_adds_nothing():
    s = OxigraphStore()
    load_record(s, make_record("a.txt"), base=BASE)
    n = len(s)
    out = load_record(s, make_record("a.txt"), base=BASE)
    assert out.status == "unchanged" and out.added == 0 and len(s) == n


def test_a_changed_document_replaces_its_own_graph_only():
    s = OxigraphStore()
    load_record(s, make_record("a.txt", 0), base=BASE)
    load_record(s, make_record("b.txt", 0), base=BASE)
    new = make_record("a.txt", 1, links=5)
    out = load_record(s, new, base=BASE)
    assert out.status == "replaced"
    docs = {d.name: d for d in s.documents()}
    assert docs["a.txt"].sha256 == new["sha256"]
    assert docs["a.txt"].triples == doc_quads(new)
    assert not s.has_graph(str(doc_iri(make_record("a.txt", 0)["sha256"], BASE)))
    assert docs["b.txt"].triples == doc_quads(make_record("b.txt"))


def test_remove_drops_exactly_one_document_by_name_or_sha():
    s = OxigraphStore()
    a, b = make_record("a.txt"), make_record("b.txt")
    load_record(s, a, base=BASE)
    load_record(s, b, base=BASE)
    assert remove_document(s, "a.txt") == [str(doc_iri(a["sha256"], BASE))]
    assert len(s) == doc_quads(b)
    remove_document(s, b["sha256"][:12])
    assert len(s) == 0
    with pytest.raises(InputError):
        remove_document(s, "nothing.txt")


def test_bindings_are_substituted_not_formatted():
    s = OxigraphStore()
    load_record(s, make_record("a.txt"), base=BASE)
    load_record(s, make_record("b.txt"), base=BASE)
    q = (
        "PREFIX kg: <https://bangfu-kg.org/ns#> "
        "SELECT ?g ?name WHERE { GRAPH ?g { ?g kg:fileName ?name } }"
    )
    rows = s.query(q, {"name": Literal('b.txt" } } #')}).values()
    assert rows == []
    rows = s.query(q, {"name": "b.txt"}).values()
    assert [r["name"] for r in rows] == ["b.txt"]


def test_malformed_sparql_is_a_query_error():
    with pytest.raises(QueryError, match="malformed SPARQL"):
        OxigraphStore().query("SELEC ?x WHERE { ?x ?p ?o }")


def test_a_file_or_a_foreign_directory_is_not_a_store(tmp_path):
    f = tmp_path / "notes.txt"
    f.write_text("x")
    with pytest.raises(StoreError, match="not a store"):
        OxigraphStore(f)
    d = tmp_path / "photos"
    d.mkdir()
    (d / "a.jpg").write_bytes(b"\xff\xd8")
    with pytest.raises(StoreError, match="not a kg store"):
        OxigraphStore(d)
    assert sorted(os.listdir(d)) == ["a.jpg"]  # nothing written into it
    with pytest.raises(StoreError, match="no store"):
        OxigraphStore(tmp_path / "missing", create=False)
    with pytest.raises(StoreError, match="remote"):
        open_store("http://localhost:7878/sparql")
    assert issubclass(StoreError, KGError)


def test_a_locked_store_is_one_clear_error(tmp_path):
    path = tmp_path / "store"
    s = OxigraphStore(path)
    load_record(s, make_record("a.txt"), base=BASE)
    code = (
        "import sys; from kg.store import OxigraphStore, StoreError\n"
        "try:\n    OxigraphStore(sys.argv[1])\n"
        "except StoreError as e:\n    print(e); sys.exit(3)\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert r.returncode == 3 and "locked" in r.stdout
    # a read-only view still works while the writer holds the lock
    ro = OxigraphStore(path, read_only=True)
    assert len(ro) == len(s)


def test_disk_store_survives_reopen(tmp_path):
    path = tmp_path / "store"
    s = OxigraphStore(path)
    load_record(s, make_record("a.txt"), base=BASE)
    n = len(s)
    s.close()
    del s
    s2 = OxigraphStore(path)
    assert len(s2) == n and [d.name for d in s2.documents()] == ["a.txt"]


# ------------------------------------------------------------- crash safety
N_DOCS, N_LINKS = 40, 1500


def _crash_worker(path: str) -> None:  # pragma: no cover (runs in a subprocess)
    s = OxigraphStore(path)
    for i in range(N_DOCS):
        load_record(s, make_record(f"doc{i:03d}.txt", links=N_LINKS), base=BASE)
        print(f"loaded {i}", flush=True)


@pytest.mark.slow
def test_killing_a_build_leaves_only_whole_documents(tmp_path):
    path = tmp_path / "store"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"from tests.test_store import _crash_worker; _crash_worker({str(path)!r})",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    seen = 0
    for line in proc.stdout:
        if line.startswith("loaded"):
            seen += 1
        if seen == 3:
            break
    time.sleep(0.05)  # into the middle of the next document
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    s = OxigraphStore(path)
    docs = s.documents()
    assert 3 <= len(docs) < N_DOCS
    expected = doc_quads(make_record("doc000.txt", links=N_LINKS))
    for d in docs:
        assert d.triples == expected, f"{d.name} is incomplete"
    graphs = {q.graph_name for q in s.quads()}
    assert graphs == {ox.NamedNode(d.iri) for d in docs}


def test_query_files_on_hand_written_records():
    from ingest.gazetteer import load_gazetteer
    from tests.test_mapping import TEXT_A, TEXT_B, record_a, record_b

    gz = load_gazetteer()
    s = OxigraphStore()
    load_record(s, record_a(), base=BASE, gz=gz, text=TEXT_A)
    load_record(s, record_b(), base=BASE, gz=gz, text=TEXT_B)
    queries = ROOT / "kg" / "queries"
    rows = s.query((queries / "orgs_in_many_reports.rq").read_text(encoding="utf-8")).values()
    assert [(r["name"], r["reports"]) for r in rows] == [("大通回族土族自治县委组织部", 2)]
    assert set(rows[0]["forms"].split(" | ")) == {"县委组织部", "中共大通回族土族自治县委组织部"}
    # claims about 西宁市 include those scoped to 大通县 inside it
    rows = s.query(
        (queries / "claims.rq").read_text(encoding="utf-8"), {"scopeName": "西宁市"}
    ).values()
    assert [(r["helperCount"], r["targetKind"], r["fileName"]) for r in rows] == [
        (12, "贫困村", "a.txt")
    ]
    assert rows[0]["quote"] == "县委组织部选派12个工作队进驻12个贫困村。"
    assert (
        s.query((queries / "claims.rq").read_text(encoding="utf-8"), {"scopeName": "秦州区"}).rows
        == []
    )


def test_forced_remap_syncs_a_graph_in_place():
    from ingest.gazetteer import load_gazetteer
    from tests.test_mapping import TEXT_A, record_a

    gz = load_gazetteer()
    s = OxigraphStore()
    rec = record_a()
    load_record(s, rec, base=BASE, gz=gz, text=TEXT_A)
    n = len(s)
    assert load_record(s, rec, base=BASE, gz=gz, text=TEXT_A, force=True).status == "unchanged"
    assert len(s) == n
    # the same file mapped under another rule: the link is dropped
    changed = {**rec, "links": rec["links"][:1]}
    out = load_record(s, changed, base=BASE, gz=gz, text=TEXT_A, force=True)
    assert out.status == "remapped"
    graph = str(doc_iri(rec["sha256"], BASE))
    assert len(list(s.quads(graph))) == doc_quads_with(changed, gz, TEXT_A)
    assert len(s) < n


def doc_quads_with(rec: dict, gz, text: str) -> int:
    graph = str(doc_iri(rec["sha256"], BASE))
    return sum(1 for q in to_quads(rec, base=BASE, gz=gz, text=text) if str(q[3]) == graph)

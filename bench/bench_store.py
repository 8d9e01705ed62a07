"""Benchmark: the embedded Oxigraph store vs a plain in-memory rdflib Graph.

Builds a synthetic graph of the project's own shape (registry tree of
provinces → villages, work teams stationed in villages with kg:Statement
provenance and kg:Mention records, one named graph per synthetic document),
loads it into

* Oxigraph on disk (how ``kg build`` loads: one ``Store.extend`` transaction
  per document), and
* a plain in-memory ``rdflib.Graph``,

each in its own subprocess (so memory is measured cleanly), and reports load
time, memory (RSS growth) and the latency of three queries:

1. who helps village X (bound with ``substitutions=`` / ``initBindings``),
2. villages per county with no helper,
3. a label search (CONTAINS over every skos:prefLabel).

Run::

    python bench/bench_store.py              # ≈1.1 M triples
    python bench/bench_store.py --scale 0.2  # quicker
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import shutil
import statistics
import tempfile
import time
from typing import Any

from kg.settings import DEFAULT_BASE as BASE
from kg.vocab import KG, ORG, PROV, RDF, SKOS, XSD, sparql_prefixes

PREFIXES = sparql_prefixes("kg", "skos", "rdf", "prov")

Q_WHO_HELPS = (
    PREFIXES
    + """
SELECT DISTINCT ?helper ?name ?quote ?village WHERE {
  ?helper kg:stationedIn ?village ; skos:prefLabel ?name .
  ?st rdf:subject ?helper ; rdf:object ?village ; kg:quote ?quote .
}"""
)
Q_NO_HELPER = (
    PREFIXES
    + """
SELECT ?county (COUNT(?v) AS ?villages) WHERE {
  ?v a kg:Village ; kg:partOf ?t . ?t kg:partOf ?county .
  FILTER NOT EXISTS { ?h kg:stationedIn ?v }
} GROUP BY ?county"""
)
Q_LABEL = (
    PREFIXES
    + """
SELECT ?s ?label WHERE { ?s skos:prefLabel ?label . FILTER(CONTAINS(STR(?label), "岭村")) }"""
)

WORDS = "东西南北上下前后新老大小红石青山河岭湾坪沟塘"


def name(i: int, suffix: str) -> str:
    a, b, c = WORDS[i % 21], WORDS[(i // 21) % 21], WORDS[(i // 441) % 21]
    return f"{a}{b}{c}{i}{suffix}"


def synthetic(scale: float) -> tuple[list[tuple], str]:
    """Quads as ('I'|'L'|'T', value[, datatype|lang]) tuples; and one village IRI to query."""
    n_prov, n_pref, n_county, n_town, n_vill = (
        4,
        6,
        8,
        max(2, round(12 * scale**0.5)),
        max(2, round(26 * scale**0.5)),
    )
    quads: list[tuple] = []
    reg = ("I", BASE + "graph/registry")

    def I(v):  # noqa: E743  (short term constructors: IRI, string, @zh, integer)
        return ("I", v)

    def S(v):
        return ("L", v, str(XSD.string))

    def Z(v):
        return ("T", v, "zh")

    def N(v):
        return ("L", str(v), str(XSD.integer))

    villages_by_county: dict[str, list[str]] = {}
    code = 0

    def unit(cls: str, parent: str | None, label: str) -> str:
        nonlocal code
        code += 1
        c = f"{code:012d}"
        iri = BASE + "place/" + c
        quads.extend(
            [
                (I(iri), I(str(RDF.type)), I(KG + cls), reg),
                (I(iri), I(str(KG.divisionCode)), S(c), reg),
                (I(iri), I(str(SKOS.prefLabel)), Z(label), reg),
            ]
        )
        if parent:
            quads.append((I(iri), I(str(KG.partOf)), I(parent), reg))
        return iri

    k = 0
    for _p in range(n_prov):
        pv = unit("Province", None, name(k := k + 1, "省"))
        for _ in range(n_pref):
            pf = unit("Prefecture", pv, name(k := k + 1, "市"))
            for _ in range(n_county):
                ct = unit("County", pf, name(k := k + 1, "县"))
                villages_by_county[ct] = []
                for _ in range(n_town):
                    tw = unit("Township", ct, name(k := k + 1, "镇"))
                    for _ in range(n_vill):
                        villages_by_county[ct].append(unit("Village", tw, name(k := k + 1, "村")))
    # one report per county: work teams stationed in 2/3 of its villages
    for ci, (county, villages) in enumerate(villages_by_county.items()):
        sha = f"{ci:064x}"
        doc = BASE + "doc/" + sha
        g = I(doc)
        quads.extend(
            [
                (g, I(str(RDF.type)), I(str(KG.Document)), g),
                (g, I(str(KG.sha256)), S(sha), g),
                (g, I(str(KG.fileName)), S(f"r{ci}.txt"), g),
            ]
        )
        for vi, v in enumerate(villages):
            if vi % 3 == 2:
                continue
            team = f"{BASE}org/{county[-12:]}/{name(vi, '驻村工作队')}"
            st = f"{BASE}stmt/{sha[-16:]}/{vi}"
            m = f"{BASE}mention/{sha[-16:]}/{vi}"
            quote = f"{name(vi, '驻村工作队')}进驻{name(vi, '村')}开展帮扶。"
            quads.extend(
                [
                    (I(team), I(str(RDF.type)), I(str(KG.WorkTeam)), g),
                    (I(team), I(str(RDF.type)), I(str(ORG.Organization)), g),
                    (I(team), I(str(SKOS.prefLabel)), Z(name(vi, "驻村工作队")), g),
                    (I(team), I(str(KG.anchor)), I(county), g),
                    (I(team), I(str(KG.mentionedIn)), g, g),
                    (I(team), I(str(KG.stationedIn)), I(v), g),
                    (I(st), I(str(RDF.type)), I(str(KG.Statement)), g),
                    (I(st), I(str(RDF.subject)), I(team), g),
                    (I(st), I(str(RDF.predicate)), I(str(KG.stationedIn)), g),
                    (I(st), I(str(RDF.object)), I(v), g),
                    (I(st), I(str(PROV.wasDerivedFrom)), g, g),
                    (I(st), I(str(KG.start)), N(vi * 40), g),
                    (I(st), I(str(KG.end)), N(vi * 40 + 2), g),
                    (I(st), I(str(KG.quote)), Z(quote), g),
                    (I(st), I(str(KG.extractor)), S("bangfu-kg/bench"), g),
                    (I(m), I(str(RDF.type)), I(str(KG.Mention)), g),
                    (I(m), I(str(KG.mentionOf)), I(team), g),
                    (I(m), I(str(KG.surfaceForm)), Z(name(vi, "驻村工作队")), g),
                    (I(m), I(str(KG.identityRule)), S("jurisdiction"), g),
                    (I(m), I(str(PROV.wasDerivedFrom)), g, g),
                ]
            )
    first = next(iter(villages_by_county.values()))[0]
    return quads, first


def rss() -> int:
    import psutil

    return psutil.Process(os.getpid()).memory_info().rss


def _time(fn: Any, repeat: int) -> tuple[float, int]:
    times, n = [], 0
    for _ in range(repeat):
        t = time.perf_counter()
        n = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), n


def run_oxigraph(scale: float, repeat: int, q: mp.Queue) -> None:
    import pyoxigraph as ox

    raw, village = synthetic(scale)

    def term(t: tuple) -> Any:
        if t[0] == "I":
            return ox.NamedNode(t[1])
        if t[0] == "T":
            return ox.Literal(t[1], language=t[2])
        return ox.Literal(t[1], datatype=ox.NamedNode(t[2]))

    by_graph: dict[str, list] = {}
    for s, p, o, g in raw:
        by_graph.setdefault(g[1], []).append(ox.Quad(term(s), term(p), term(o), term(g)))
    del raw
    path = tempfile.mkdtemp(prefix="bench-ox-")
    try:
        base_mem = rss()
        t = time.perf_counter()
        store = ox.Store(path)
        for quads in by_graph.values():
            store.extend(quads)  # one transaction per document, as kg build does
        store.flush()
        load = time.perf_counter() - t
        mem = rss() - base_mem
        n = len(store)
        v = ox.NamedNode(village)
        who = _time(
            lambda: len(
                list(
                    store.query(
                        Q_WHO_HELPS,
                        use_default_graph_as_union=True,
                        substitutions={ox.Variable("village"): v},
                    )
                )
            ),
            repeat,
        )
        gaps = _time(
            lambda: len(list(store.query(Q_NO_HELPER, use_default_graph_as_union=True))), repeat
        )
        lab = _time(
            lambda: len(list(store.query(Q_LABEL, use_default_graph_as_union=True))), repeat
        )
        disk = sum(f.stat().st_size for f in os.scandir(path))
        t = time.perf_counter()
        store.optimize()
        opt_s = time.perf_counter() - t
        disk_opt = sum(f.stat().st_size for f in os.scandir(path))
        # the bulk loader (not transactional) on a fresh store, for comparison
        path2 = tempfile.mkdtemp(prefix="bench-ox-bulk-")
        try:
            t = time.perf_counter()
            bulk = ox.Store(path2)
            bulk.bulk_extend(q_ for quads in by_graph.values() for q_ in quads)
            bulk.flush()
            bulk_s = time.perf_counter() - t
            del bulk
        finally:
            shutil.rmtree(path2, ignore_errors=True)
        q.put(
            {
                "backend": "oxigraph (disk)",
                "triples": n,
                "load_s": load,
                "mem_mb": mem / 2**20,
                "disk_mb": disk / 2**20,
                "disk_opt_mb": disk_opt / 2**20,
                "optimize_s": opt_s,
                "bulk_load_s": bulk_s,
                "who_helps": who,
                "no_helper": gaps,
                "label": lab,
            }
        )
    finally:
        shutil.rmtree(path, ignore_errors=True)


def run_rdflib(scale: float, repeat: int, q: mp.Queue) -> None:
    from rdflib import Graph, Literal, URIRef

    raw, village = synthetic(scale)

    def term(t: tuple) -> Any:
        if t[0] == "I":
            return URIRef(t[1])
        if t[0] == "T":
            return Literal(t[1], lang=t[2])
        if t[2] == str(XSD.string):
            return Literal(t[1])
        return Literal(t[1], datatype=URIRef(t[2]))

    triples = [(term(s), term(p), term(o)) for s, p, o, _ in raw]
    del raw
    base_mem = rss()
    t = time.perf_counter()
    g = Graph()
    for tr in triples:
        g.add(tr)
    load = time.perf_counter() - t
    mem = rss() - base_mem
    v = URIRef(village)
    slow = max(1, repeat // 3)
    who = _time(lambda: len(list(g.query(Q_WHO_HELPS, initBindings={"village": v}))), repeat)
    gaps = _time(lambda: len(list(g.query(Q_NO_HELPER))), slow)
    lab = _time(lambda: len(list(g.query(Q_LABEL))), slow)
    q.put(
        {
            "backend": "rdflib Graph (memory)",
            "triples": len(g),
            "load_s": load,
            "mem_mb": mem / 2**20,
            "disk_mb": 0.0,
            "who_helps": who,
            "no_helper": gaps,
            "label": lab,
        }
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0, help="1.0 ≈ 1.1 million triples")
    ap.add_argument("--repeat", type=int, default=5, help="runs per query (median)")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args()
    ctx = mp.get_context("spawn")
    results = []
    for fn in (run_oxigraph, run_rdflib):
        q: mp.Queue = ctx.Queue()
        p = ctx.Process(target=fn, args=(args.scale, args.repeat, q))
        p.start()
        results.append(q.get())
        p.join()
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return
    ox_r, rl = results
    print(
        f"{'':24}{'triples':>10}{'load s':>9}{'mem MB':>9}{'who-helps ms':>14}"
        f"{'no-helper ms':>14}{'label ms':>11}"
    )
    for r in results:
        print(
            f"{r['backend']:24}{r['triples']:>10,}{r['load_s']:>9.1f}{r['mem_mb']:>9.0f}"
            f"{r['who_helps'][0] * 1e3:>14.2f}{r['no_helper'][0] * 1e3:>14.1f}"
            f"{r['label'][0] * 1e3:>11.1f}"
        )
    print(
        f"oxigraph on disk: {ox_r['disk_mb']:.0f} MB after load, {ox_r['disk_opt_mb']:.0f} MB "
        f"after optimize() ({ox_r['optimize_s']:.1f} s); bulk_extend load (not transactional): "
        f"{ox_r['bulk_load_s']:.1f} s"
    )
    print(
        "ratios rdflib / oxigraph: "
        f"load {rl['load_s'] / ox_r['load_s']:.1f}x, memory {rl['mem_mb'] / max(ox_r['mem_mb'], 1):.1f}x, "
        f"who-helps {rl['who_helps'][0] / ox_r['who_helps'][0]:.1f}x, "
        f"no-helper {rl['no_helper'][0] / ox_r['no_helper'][0]:.1f}x, "
        f"label {rl['label'][0] / ox_r['label'][0]:.1f}x"
    )
    for key in ("who_helps", "no_helper", "label"):
        if ox_r[key][1] != rl[key][1]:
            print(f"warning: {key} row counts differ: {ox_r[key][1]} vs {rl[key][1]}")


if __name__ == "__main__":
    main()

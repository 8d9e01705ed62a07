"""Graph stage functions behind `kg build / remove / export / validate`.

Plain functions over a :class:`kg.store.GraphStore`; the CLI only parses
options and calls them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pyoxigraph as ox

from ingest.errors import InputError, KGError
from ingest.record import Record
from kg.mapping import doc_iri, to_quads
from kg.store import GraphStore, QueryResult, StoreError
from kg.vocab import KG, NS, PREFIXES, sparql_prefixes

if TYPE_CHECKING:
    from ingest.gazetteer import Gazetteer

__all__ = [
    "EXPORT_FORMATS",
    "ONTOLOGY_DIR",
    "BuildReport",
    "FileOutcome",
    "Violation",
    "build",
    "export",
    "format_result",
    "load_file",
    "load_record",
    "remove_document",
    "validate",
]

log = logging.getLogger(__name__)

ONTOLOGY_DIR = Path(str(files("kg.ontology")))
EXPORT_FORMATS = ("ttl", "nq", "trig", "jsonld", "graphml", "gexf", "csv")
RESULT_FORMATS = ("table", "json", "csv")

_DOCS_NAMED = sparql_prefixes("kg") + "SELECT ?g ?name WHERE { GRAPH ?g { ?g kg:fileName ?name } }"


@dataclass(slots=True)
class FileOutcome:
    path: Path
    status: str  # "loaded" | "unchanged" | "replaced" | "failed"
    added: int = 0
    graph: str | None = None
    error: str | None = None


@dataclass(slots=True)
class BuildReport:
    outcomes: list[FileOutcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def added(self) -> int:
        return sum(o.added for o in self.outcomes)

    @property
    def failed(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]


def _graphs_named(store: GraphStore, name: str) -> list[str]:
    return [r["g"] for r in store.query(_DOCS_NAMED, {"name": name}).values()]


def load_record(
    store: GraphStore,
    record: Record,
    *,
    base: str,
    gz: Gazetteer | None = None,
    text: str | None = None,
    force: bool = False,
) -> FileOutcome:
    """Map one extraction record and load it as one transaction (replacing older versions).

    ``force`` re-maps a document whose graph is already there (after a change
    of the identity rules or the extractor): the new quads are added in one
    transaction, then the quads no longer produced are removed.
    """
    name = record.get("doc") or ""
    graph = str(doc_iri(str(record.get("sha256")), base))  # to_quads refuses a missing one
    others = [g for g in _graphs_named(store, name) if g != graph]
    exists = store.has_graph(graph)
    if exists:
        for g in others:
            store.remove_graph(g)
        if not force:
            log.info("%s: unchanged (graph %s)", name, graph)
            return FileOutcome(Path(name), "unchanged", graph=graph)
    t0 = time.perf_counter()
    quads = to_quads(record, base=base, gz=gz, text=text)
    t1 = time.perf_counter()
    if exists:
        added = store.load([q for q in quads if str(q[3]) != graph])  # registry units
        plus, removed = store.sync_graph(graph, [q for q in quads if str(q[3]) == graph])
        added += plus
        out = FileOutcome(
            Path(name), "remapped" if added or removed else "unchanged", added=added, graph=graph
        )
    else:
        added = store.load(quads, replaces=others)
        out = FileOutcome(Path(name), "replaced" if others else "loaded", added=added, graph=graph)
    log.info(
        "%s: %s, %d quads mapped in %.3f s, %d new loaded in %.3f s",
        name,
        out.status,
        len(quads),
        t1 - t0,
        added,
        time.perf_counter() - t1,
    )
    return out


def load_file(
    store: GraphStore,
    path: str | Path,
    *,
    base: str,
    gz: Gazetteer | None = None,
    max_bytes: int | None = None,
) -> FileOutcome:
    """Extract one report file and load it as one transaction (as `kg build` does for each file).

    Raises :class:`InputError` with a one-line reason when the file cannot be
    read (unsupported type, binary, empty, too large) or holds no report: no
    place, organisation, person, programme or link was found in it.
    """
    from ingest.pipeline import extract_paths
    from ingest.readers import DEFAULT_MAX_BYTES

    path = Path(path)
    res = next(extract_paths([path], max_bytes=max_bytes or DEFAULT_MAX_BYTES, keep_text=True))
    if res.record is None:
        raise InputError(res.error or "cannot read the file", source=path.name)
    rec = res.record
    if not rec.get("links") and not any(
        e.get("type") in ("PLACE", "ORG", "PERSON", "PROGRAM") for e in rec.get("entities", [])
    ):
        raise InputError(
            "not a report: no place, organisation, person, programme or link found in it",
            source=path.name,
        )
    if gz is None:
        from ingest.gazetteer import load_gazetteer

        gz = load_gazetteer()
    out = load_record(store, rec, base=base, gz=gz, text=res.original)
    out.path = path
    return out


def build(
    paths: Iterable[str | Path],
    store: GraphStore,
    *,
    base: str,
    gz: Gazetteer | None = None,
    config: str | Path | None = None,
    max_bytes: int | None = None,
    on_file: Callable[[FileOutcome], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    force: bool = False,
    jobs: int | None = 1,
) -> BuildReport:
    """Extract, map and load every report under ``paths`` (idempotent by sha256).

    An unchanged file (its sha256 graph is already there) is not even
    extracted unless ``force``; a changed file with the same name replaces
    its old graph. ``jobs`` worker processes extract (``None``: one per
    usable CPU, see :func:`ingest.pipeline.default_jobs`); mapping and
    loading stay in this process, one document per transaction, in input
    order.
    """
    from ingest.pipeline import collect_inputs, default_jobs, extract_paths
    from ingest.readers import DEFAULT_MAX_BYTES

    if gz is None:
        from ingest.gazetteer import load_gazetteer

        gz = load_gazetteer()
    files, missing = collect_inputs(paths)
    report = BuildReport([FileOutcome(r.path, "failed", error=r.error) for r in missing])
    if on_start:
        on_start(len(files))
    # Which files need extracting: those whose sha256 graph is not there yet.
    graphs: list[str | None] = []
    unreadable: dict[int, str] = {}
    for i, path in enumerate(files):
        try:
            graphs.append(str(doc_iri(hashlib.sha256(path.read_bytes()).hexdigest(), base)))
        except OSError as exc:
            graphs.append(None)
            unreadable[i] = str(exc)
    # Without force, the first of identical files is enough: the others are
    # unchanged once it is loaded.
    todo: list[int] = []
    scheduled: set[str] = set()
    for i, g in enumerate(graphs):
        if g is not None and (force or (g not in scheduled and not store.has_graph(g))):
            todo.append(i)
            scheduled.add(g)
    to_extract = set(todo)
    log.info(
        "build: %d file(s), %d to extract, %d unchanged, %d unreadable",
        len(files),
        len(todo),
        len(files) - len(todo) - len(unreadable),
        len(unreadable),
    )
    results = extract_paths(
        [files[i] for i in todo],
        config=config,
        max_bytes=max_bytes or DEFAULT_MAX_BYTES,
        jobs=default_jobs(len(todo)) if jobs is None else jobs,
        keep_text=True,
    )
    cannot_extract: KGError | None = None  # the pipeline failed to load: every file fails
    try:
        for i, path in enumerate(files):
            graph = graphs[i]
            try:
                if graph is None:
                    out = FileOutcome(path, "failed", error=unreadable[i])
                elif i not in to_extract and store.has_graph(graph):
                    for g in _graphs_named(store, path.name):
                        if g != graph:
                            store.remove_graph(g)
                    out = FileOutcome(path, "unchanged", graph=graph)
                elif cannot_extract is not None:
                    out = FileOutcome(path, "failed", error=cannot_extract.message)
                else:
                    try:
                        if i in to_extract:
                            res = next(results)
                        else:  # its graph went away during this build (a file of the same name)
                            res = next(
                                extract_paths(
                                    [path],
                                    config=config,
                                    keep_text=True,
                                    max_bytes=max_bytes or DEFAULT_MAX_BYTES,
                                )
                            )
                    except KGError as exc:
                        cannot_extract = exc
                        raise
                    if res.record is None:
                        out = FileOutcome(path, "failed", error=res.error)
                    else:
                        out = load_record(
                            store, res.record, base=base, gz=gz, text=res.original, force=force
                        )
                        out.path = path
            except StoreError:
                raise
            except KGError as exc:
                out = FileOutcome(path, "failed", error=exc.message)
            except OSError as exc:
                out = FileOutcome(path, "failed", error=str(exc))
            report.outcomes.append(out)
            if on_file:
                on_file(out)
    finally:
        results.close()  # stops the workers if the loop ended early
    return report


def remove_document(store: GraphStore, key: str) -> list[str]:
    """Drop the graph of one document, given by file name, sha256 (≥ 8 hex digits) or IRI.

    Raises :class:`InputError` when nothing or more than one document matches.
    """
    docs = store.documents()
    k = key.strip()
    hits = [
        d
        for d in docs
        if d.name == k or d.iri == k or (len(k) >= 8 and d.sha256.startswith(k.lower()))
    ]
    if not hits:
        raise InputError("no document with this name or sha256 in the store", source=key)
    if len({d.name for d in hits}) > 1:
        raise InputError(f"{len(hits)} documents match; give more of the sha256", source=key)
    for d in hits:
        store.remove_graph(d.iri)
    return [d.iri for d in hits]


# -------------------------------------------------------------------- export
def _union_triples(store: GraphStore) -> list[Any]:
    res = store.query(
        "CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
    )
    return res.triples


def _label_map(store: GraphStore) -> dict[str, str]:
    rows = store.query(
        sparql_prefixes("skos")
        + "SELECT ?s (SAMPLE(?l) AS ?label) WHERE { ?s skos:prefLabel ?l } GROUP BY ?s"
    ).values()
    return {r["s"]: r["label"] for r in rows}


_PROV_CLASSES = {str(KG.Statement), str(KG.Mention), str(KG.Claim), str(KG.Document)}


def to_networkx(store: GraphStore) -> Any:
    """The entity network: nodes are IRIs (label, type), edges the links between them.

    Provenance nodes (statements, mentions), documents and literals are left out;
    claims stay (they connect helpers, targets and scopes).
    """
    import networkx as nx

    from kg.inference import most_specific, super_properties

    labels = _label_map(store)
    all_types: dict[str, list[str]] = {}
    for r in store.query("SELECT DISTINCT ?s ?t WHERE { ?s a ?t }").values():
        all_types.setdefault(r["s"], []).append(r["t"])
    types: dict[str, str] = {}
    for s, ts in all_types.items():
        # the most specific class, the project's own first (kg:PartyDepartment over
        # org:Organization, kg:Village over the entailed kg:AdministrativeUnit)
        best = sorted(most_specific(ts), key=lambda t: (not t.startswith(NS), t))
        types[s] = best[0]
    skip = {s for s, t in types.items() if t in _PROV_CLASSES - {str(KG.Claim)}}
    G = nx.MultiDiGraph()
    rows = store.query(
        sparql_prefixes("rdf", "kg")
        + "SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isIRI(?o) && ?p != rdf:type "
        "&& ?p != kg:mentionedIn) }"
    ).values()
    # an entailed super-property edge beside its sub-property (kg:helps beside
    # kg:stationedIn) is the same link: keep the specific one
    preds: dict[tuple[str, str], set[str]] = {}
    for r in rows:
        preds.setdefault((r["s"], r["o"]), set()).add(r["p"])
    for r in rows:
        s, p, o = r["s"], r["p"], r["o"]
        if s in skip or o in skip:
            continue
        if any(p in super_properties(q) for q in preds[(s, o)]):
            continue
        for n in (s, o):
            if n not in G:
                G.add_node(
                    n,
                    label=labels.get(n, n.rsplit("/", 1)[-1]),
                    type=types.get(n, "").rsplit("#", 1)[-1].rsplit("/", 1)[-1],
                )
        pred = p.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        G.add_edge(s, o, key=pred, predicate=pred)
    return G


def export(store: GraphStore, fmt: str, out: IO[bytes]) -> int:
    """Write the store in ``fmt`` to a binary stream; returns the number of statements."""
    fmt = fmt.lower()
    if fmt not in EXPORT_FORMATS:
        raise InputError(
            f"unknown format {fmt!r}; one of {', '.join(EXPORT_FORMATS)}", source="--format"
        )
    if fmt == "ttl":
        triples = _union_triples(store)
        ox.serialize(triples, out, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
        return len(triples)
    if fmt in ("nq", "trig", "jsonld"):
        quads = list(store.quads())
        rf = {
            "nq": ox.RdfFormat.N_QUADS,
            "trig": ox.RdfFormat.TRIG,
            "jsonld": ox.RdfFormat.JSON_LD,
        }[fmt]
        ox.serialize(quads, out, format=rf, prefixes=PREFIXES if fmt == "trig" else None)
        return len(quads)
    if fmt == "csv":
        text = io.StringIO(newline="")
        w = csv.writer(text)
        w.writerow(["graph", "subject", "predicate", "object", "object_kind", "datatype", "lang"])
        n = 0
        for q in store.quads():
            o = q.object
            if isinstance(o, ox.Literal):
                kind, dt, lang = (
                    "literal",
                    ("" if o.language else o.datatype.value),
                    o.language or "",
                )
            else:
                kind, dt, lang = ("bnode" if isinstance(o, ox.BlankNode) else "iri"), "", ""
            g = q.graph_name
            w.writerow(
                [
                    "" if isinstance(g, ox.DefaultGraph) else g.value,
                    _value(q.subject),
                    q.predicate.value,
                    _value(o),
                    kind,
                    dt,
                    lang,
                ]
            )
            n += 1
        out.write(text.getvalue().encode("utf-8"))
        return n
    import networkx as nx

    G = to_networkx(store)
    if fmt == "graphml":
        nx.write_graphml(G, out)
    else:
        nx.write_gexf(G, out)
    return G.number_of_edges()


def _value(t: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    """A term's value (an RDF-star triple, which the project never writes, as N-Triples)."""
    return str(t) if isinstance(t, ox.Triple) else t.value


def read_csv_export(data: str) -> list[ox.Quad]:
    """Quads back from ``export(..., "csv")`` (for round trips)."""
    quads = []
    for row in csv.DictReader(io.StringIO(data)):
        kind = row["object_kind"]
        o: ox.NamedNode | ox.BlankNode | ox.Literal
        if kind == "literal":
            o = (
                ox.Literal(row["object"], language=row["lang"])
                if row["lang"]
                else ox.Literal(row["object"], datatype=ox.NamedNode(row["datatype"]))
            )
        elif kind == "bnode":
            o = ox.BlankNode(row["object"])
        else:
            o = ox.NamedNode(row["object"])
        g = ox.NamedNode(row["graph"]) if row["graph"] else ox.DefaultGraph()
        quads.append(ox.Quad(ox.NamedNode(row["subject"]), ox.NamedNode(row["predicate"]), o, g))
    return quads


# ------------------------------------------------------------------ validate
@dataclass(slots=True)
class Violation:
    focus: str
    path: str | None
    message: str
    severity: str
    shape: str | None
    value: str | None = None


def validate(
    store: GraphStore, *, shapes: Path | None = None, ontology: Path | None = None
) -> list[Violation]:
    """SHACL (pyshacl) over the union of all graphs; one Violation per result."""
    import pyshacl
    from rdflib import Graph
    from rdflib.namespace import SH

    from kg.store import from_ox

    data = Graph()
    for t in _union_triples(store):
        data.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    sg = Graph().parse(shapes or ONTOLOGY_DIR / "shapes.ttl")
    og = Graph().parse(ontology or ONTOLOGY_DIR / "kg.ttl")
    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=sg, ont_graph=og, inference="none", allow_warnings=True
    )
    out: list[Violation] = []
    if conforms:
        return out
    from rdflib import RDF

    def one(r: Any, p: Any) -> str | None:
        v = report.value(r, p)
        return None if v is None else str(v)

    for r in report.subjects(RDF.type, SH.ValidationResult):
        out.append(
            Violation(
                focus=one(r, SH.focusNode) or "",
                path=one(r, SH.resultPath),
                message=one(r, SH.resultMessage) or "",
                severity=(one(r, SH.resultSeverity) or "").rsplit("#", 1)[-1],
                shape=one(r, SH.sourceShape),
                value=one(r, SH.value),
            )
        )
    out.sort(key=lambda v: (v.focus, v.path or "", v.message))
    return out


# ------------------------------------------------------------- query output
def format_result(res: QueryResult, fmt: str, out: IO[bytes]) -> int:
    """Write a query result as json (SPARQL results JSON), csv, or nothing for table."""
    if fmt not in RESULT_FORMATS:
        raise InputError(
            f"unknown format {fmt!r}; one of {', '.join(RESULT_FORMATS)}", source="--format"
        )
    import json

    if res.kind == "ask":
        out.write(
            (
                json.dumps({"head": {}, "boolean": res.boolean})
                if fmt == "json"
                else ("true" if res.boolean else "false")
            ).encode()
            + b"\n"
        )
        return 1
    if res.kind == "graph":
        ox.serialize(res.triples, out, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
        return len(res.triples)
    if fmt == "json":
        from kg.protocol import results_json

        out.write(json.dumps(results_json(res), ensure_ascii=False).encode("utf-8") + b"\n")
    elif fmt == "csv":
        text = io.StringIO(newline="")
        w = csv.writer(text)
        w.writerow(res.variables)
        for row in res.rows:
            w.writerow(["" if t is None else t.value for t in row])
        out.write(text.getvalue().encode("utf-8"))
    return len(res.rows)

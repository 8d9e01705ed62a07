"""The store behind a small interface: embedded Oxigraph on disk, or in memory for tests.

>>> from kg.store import OxigraphStore
>>> s = OxigraphStore()          # in memory
>>> s.query("ASK { ?s ?p ?o }").boolean
False

:class:`GraphStore` is what the rest of the project uses (documents, load,
remove, query, quads); a remote SPARQL 1.1 endpoint can implement the same
protocol later. Each document is loaded in one Oxigraph transaction
(``Store.extend``): a crash or Ctrl-C leaves the store as it was before that
document, never half of it.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, Self

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from ingest.errors import KGError
from kg.vocab import XSD, sparql_prefixes

__all__ = [
    "DocInfo",
    "GraphStore",
    "OxigraphStore",
    "QueryError",
    "QueryResult",
    "StoreError",
    "from_ox",
    "open_store",
    "py_value",
    "to_ox",
]

_XSD_STRING = str(XSD.string)


class StoreError(KGError):
    """The store cannot be opened (locked, not a store) or written."""

    code = "E010"


class QueryError(KGError):
    """A SPARQL query is malformed or cannot be run."""

    code = "E011"


# ------------------------------------------------------------- term conversion
def to_ox(term: Any) -> Any:
    """An rdflib term (or plain Python value) as a pyoxigraph term."""
    if isinstance(term, (ox.NamedNode, ox.Literal, ox.BlankNode, ox.DefaultGraph)):
        return term
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, bool):
        return ox.Literal(
            "true" if term else "false",
            datatype=ox.NamedNode(str(XSD.boolean)),
        )
    if isinstance(term, int):
        return ox.Literal(str(term), datatype=ox.NamedNode(str(XSD.integer)))
    if isinstance(term, str):
        return ox.Literal(term)
    raise TypeError(f"cannot convert {term!r} to an RDF term")


def from_ox(term: Any) -> Any:
    """A pyoxigraph term as an rdflib term (None stays None)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)  # rdflib: plain literal == xsd:string in RDF 1.1
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    if isinstance(term, ox.DefaultGraph):
        return None
    raise TypeError(f"cannot convert {term!r}")


def _quad(q: tuple) -> ox.Quad:
    s, p, o, g = q
    return ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g) if g is not None else ox.DefaultGraph())


# --------------------------------------------------------------------- results
@dataclass(slots=True)
class QueryResult:
    """SELECT rows, an ASK boolean, or CONSTRUCT/DESCRIBE triples (pyoxigraph terms)."""

    kind: str  # "select" | "ask" | "graph"
    variables: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[Any] = field(default_factory=list)
    truncated: bool = False  # more rows (or triples) than the ``limit`` asked for

    def values(self) -> list[dict[str, Any]]:
        """Rows as dicts of plain Python values (str for IRIs and text, int/float/bool)."""
        out = []
        for row in self.rows:
            out.append({v: py_value(t) for v, t in zip(self.variables, row, strict=False)})
        return out


_INT = {"integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger"}


def py_value(t: Any) -> Any:
    """A pyoxigraph term as the plain value :meth:`QueryResult.values` gives (str, int, float, bool)."""
    if t is None:
        return None
    if isinstance(t, ox.Literal):
        dt = t.datatype.value.rsplit("#", 1)[-1]
        try:
            if dt in _INT:
                return int(t.value)
            if dt in ("decimal", "double", "float"):
                return float(t.value)
            if dt == "boolean":
                return t.value == "true"
        except ValueError:
            return t.value
        return t.value
    return t.value


@dataclass(slots=True)
class DocInfo:
    iri: str
    sha256: str
    name: str | None
    triples: int = 0


# ------------------------------------------------------------------- interface
class GraphStore(Protocol):
    """What the project needs from a store (embedded Oxigraph or a SPARQL endpoint)."""

    def documents(self) -> list[DocInfo]: ...
    def has_graph(self, graph: str) -> bool: ...
    def load(self, quads: Iterable[tuple], *, replaces: Iterable[str] = ()) -> int: ...
    def sync_graph(self, graph: str, quads: Iterable[tuple]) -> tuple[int, int]: ...
    def remove_graph(self, graph: str) -> int: ...
    def query(
        self,
        sparql: str,
        bindings: dict[str, Any] | None = None,
        *,
        union: bool = True,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
        limit: int | None = None,
    ) -> QueryResult: ...
    def flush(self) -> None: ...
    def select_tsv(self, sparql: str) -> bytes: ...
    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]: ...
    def quads_for_pattern(
        self, subject: Any = None, predicate: Any = None, object: Any = None
    ) -> Iterator[ox.Quad]: ...
    def __len__(self) -> int: ...
    def close(self) -> None: ...
    def __enter__(self) -> Self: ...
    def __exit__(self, *exc: object) -> None: ...


_MARKERS = ("CURRENT", "IDENTITY")


class OxigraphStore:
    """Embedded Oxigraph: ``OxigraphStore()`` in memory, ``OxigraphStore(path)`` on disk."""

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        read_only: bool = False,
        create: bool = True,
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        if self.path is None:
            self._store = ox.Store()
            return
        p = self.path
        if p.exists() and not p.is_dir():
            raise StoreError("exists but is not a store directory", source=str(p))
        if p.is_dir() and any(p.iterdir()) and not all((p / m).exists() for m in _MARKERS):
            raise StoreError("directory is not a kg store (no Oxigraph files in it)", source=str(p))
        if not p.exists() and not create:
            raise StoreError("no store here (run `kg build` first)", source=str(p))
        try:
            self._store = ox.Store.read_only(str(p)) if read_only else ox.Store(str(p))
        except OSError as exc:
            msg = str(exc)
            if "lock" in msg.lower():
                raise StoreError(
                    "store is locked by another process (a running build?)", source=str(p)
                ) from None
            raise StoreError(f"cannot open store: {msg.splitlines()[0]}", source=str(p)) from None

    @property
    def raw(self) -> ox.Store:
        """The underlying pyoxigraph Store."""
        return self._store

    def __len__(self) -> int:
        return len(self._store)

    def flush(self) -> None:
        """Write what is buffered to disk, so a store opened later (another process) sees it."""
        if self.path is not None and not self.read_only:
            try:
                self._store.flush()
            except OSError as exc:
                raise StoreError(f"flush failed: {exc}", source=str(self.path)) from None

    def close(self) -> None:
        if self.path is not None and not self.read_only and hasattr(self._store, "flush"):
            with contextlib.suppress(OSError):
                self._store.flush()
        self._store = None  # type: ignore[assignment]

    def __enter__(self) -> Self:
        """``with open_store(…) as st:`` closes (and flushes) the store however the block ends."""
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- documents ------------------------------------------------------------
    def documents(self) -> list[DocInfo]:
        """Every document graph: IRI, sha256, file name, number of triples."""
        res = self.query(
            sparql_prefixes("kg") + "SELECT ?g ?sha ?name (COUNT(*) AS ?n) WHERE { GRAPH ?g { "
            "?g kg:sha256 ?sha . OPTIONAL { ?g kg:fileName ?name } ?s ?p ?o } } "
            "GROUP BY ?g ?sha ?name ORDER BY ?name"
        )
        return [DocInfo(r["g"], r["sha"], r["name"], r["n"]) for r in res.values()]

    def has_graph(self, graph: str) -> bool:
        return self._store.contains_named_graph(ox.NamedNode(graph))

    def graphs_named(self, key: str) -> list[DocInfo]:
        """Document graphs whose file name is ``key`` or whose sha256 starts with ``key``."""
        key = key.strip()
        return [
            d
            for d in self.documents()
            if d.name == key or (len(key) >= 8 and d.sha256.startswith(key.lower())) or d.iri == key
        ]

    # -- writing ---------------------------------------------------------------
    def load(self, quads: Iterable[tuple], *, replaces: Iterable[str] = ()) -> int:
        """Add quads in one transaction; then drop the graphs they replace.

        The new graph is complete before an old one goes; a crash in between
        leaves both, and the next build (same file name) drops the old one.
        Returns the number of quads that were new.
        """
        before = len(self._store)
        batch = [_quad(q) for q in quads]
        try:
            self._store.extend(batch)
            for g in replaces:
                self._store.remove_graph(ox.NamedNode(g))
        except OSError as exc:
            raise StoreError(f"write failed: {exc}", source=str(self.path or "memory")) from None
        return len(self._store) - before

    def bulk_load(self, quads: Iterable[tuple]) -> None:
        """Add quads with Oxigraph's bulk loader: many times faster than :meth:`load`, but
        no transaction (an interruption leaves some of them). For building a large store
        from scratch (the benchmarks), never for updating one."""
        try:
            self._store.bulk_extend(_quad(q) for q in quads)
        except OSError as exc:
            raise StoreError(f"write failed: {exc}", source=str(self.path or "memory")) from None

    def sync_graph(self, graph: str, quads: Iterable[tuple]) -> tuple[int, int]:
        """Make ``graph`` hold exactly ``quads`` (all in that graph); (added, removed).

        The additions are one transaction; the stale quads are removed after
        it, so an interruption leaves old and new together, never a partial
        new version; running it again finishes the job.
        """
        node = ox.NamedNode(graph)
        new = {_quad(q) for q in quads}
        if any(q.graph_name != node for q in new):
            raise StoreError("sync_graph: a quad is outside the graph", source=graph)
        old = set(self._store.quads_for_pattern(None, None, None, node))
        try:
            self._store.extend(new - old)
            stale = old - new
            for q in stale:
                self._store.remove(q)
        except OSError as exc:
            raise StoreError(f"write failed: {exc}", source=str(self.path or "memory")) from None
        return len(new - old), len(stale)

    def remove_graph(self, graph: str) -> int:
        """Drop one named graph; the number of quads removed."""
        node = ox.NamedNode(graph)
        if not self._store.contains_named_graph(node):
            return 0
        n = sum(1 for _ in self._store.quads_for_pattern(None, None, None, node))
        try:
            self._store.remove_graph(node)
        except OSError as exc:
            raise StoreError(f"write failed: {exc}", source=str(self.path or "memory")) from None
        return n

    # -- reading ---------------------------------------------------------------
    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        g = ox.NamedNode(graph) if graph else None
        return iter(self._store.quads_for_pattern(None, None, None, g))

    def quads_for_pattern(
        self, subject: Any = None, predicate: Any = None, object: Any = None
    ) -> Iterator[ox.Quad]:
        """Quads of every graph matching the pattern (pyoxigraph terms; None matches anything).

        What a SPARQL triple pattern sees over the union default graph, in
        the same index order, without parsing and planning a query: for the
        lookups of one node that answer a REST request (:func:`kg.explore.place_helpers`).
        A triple in several graphs comes once per graph.
        """
        return self._store.quads_for_pattern(subject, predicate, object, None)

    def select_tsv(self, sparql: str) -> bytes:
        """A SELECT's results as SPARQL TSV, serialised by Oxigraph itself.

        For large tables: no Python object per term (kg.analysis reads it with
        polars). Terms are in N-Triples syntax (``<iri>``, ``"text"@zh``); unbound
        cells are empty. (Not CSV: Oxigraph writes IRIs with commas unquoted there.)
        """
        return _select_tsv(self._store, sparql)

    def query(
        self,
        sparql: str,
        bindings: dict[str, Any] | None = None,
        *,
        union: bool = True,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
        limit: int | None = None,
    ) -> QueryResult:
        """Run SPARQL; ``bindings`` substitute variables (values are never put into the text).

        A bound variable must appear in the SELECT projection (Oxigraph's rule).
        The common prefixes (:data:`kg.sparql.PREFIXES`: ``kg:``, ``skos:`` …)
        need no declaration; a syntax error is one readable line
        (:func:`kg.sparql.syntax_message`).

        The default graph is the union of all graphs unless ``union=False`` or
        ``default_graph`` names the graphs (IRIs) that make it up;
        ``named_graphs`` restricts what ``GRAPH`` sees. ``limit`` keeps at most
        that many rows (or triples) and sets ``truncated`` when there were more.
        """
        from kg.sparql import PREFIXES, syntax_message

        subs = {ox.Variable(k.lstrip("?$")): to_ox(v) for k, v in (bindings or {}).items()}
        kwargs: dict[str, Any] = {"substitutions": subs or None}
        if default_graph is not None:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graph]
        else:
            kwargs["use_default_graph_as_union"] = union
        if named_graphs is not None:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        try:
            kwargs["prefixes"] = PREFIXES
            res = self._store.query(sparql, **kwargs)
        except SyntaxError as exc:
            raise QueryError(syntax_message(sparql, exc)) from None
        except (OSError, ValueError, TypeError, RuntimeError) as exc:
            m = re.search(r"variable \?(\w+) in its SELECT projection", str(exc))
            if m:  # Oxigraph binds values to selected variables only
                raise QueryError(
                    f"the bound variable ?{m.group(1)} must be in the SELECT list"
                ) from None
            raise QueryError(f"query failed: {exc}") from None
        try:
            if isinstance(res, ox.QueryBoolean):
                return QueryResult("ask", boolean=bool(res))
            if isinstance(res, ox.QuerySolutions):
                names = [v.value for v in res.variables]
                rows = [[sol[n] for n in names] for sol in _head(res, limit)]
                out = QueryResult("select", variables=names, rows=rows)
                if limit is not None and len(rows) > limit:
                    out.rows, out.truncated = rows[:limit], True
                return out
            triples = list(_head(res, limit))
            out = QueryResult("graph", triples=triples)
            if limit is not None and len(triples) > limit:
                out.triples, out.truncated = triples[:limit], True
            return out
        except (OSError, ValueError) as exc:
            raise QueryError(f"query failed: {exc}") from None


def _head(results: Iterable[Any], limit: int | None) -> Iterable[Any]:
    """The first ``limit + 1`` items (all without a limit): one more tells of truncation."""
    if limit is None:
        return results
    import itertools

    return itertools.islice(results, limit + 1)


def _select_tsv(store: ox.Store, sparql: str) -> bytes:
    from kg.sparql import PREFIXES, syntax_message

    try:
        res = store.query(sparql, use_default_graph_as_union=True, prefixes=PREFIXES)
        if not isinstance(res, ox.QuerySolutions):
            raise QueryError("select_tsv needs a SELECT query")
        out = res.serialize(format=ox.QueryResultsFormat.TSV)
        assert out is not None  # without an output, serialize returns the bytes
        return out
    except SyntaxError as exc:
        raise QueryError(syntax_message(sparql, exc)) from None
    except (OSError, ValueError, TypeError, RuntimeError) as exc:
        raise QueryError(f"query failed: {exc}") from None


def open_store(
    location: str | os.PathLike[str] | None = None, *, read_only: bool = False, create: bool = True
) -> GraphStore:
    """The store at ``location`` (default: setting ``KG_STORE``).

    A directory means the embedded Oxigraph store; ``:memory:`` an in-memory
    one. SPARQL endpoint URLs are planned (DESIGN.md §6) and refused for now.
    """
    if location is None:
        from kg.settings import get_settings

        location = get_settings().store
    loc = str(location)
    if loc == ":memory:":
        return OxigraphStore()
    if loc.startswith(("http://", "https://")):
        raise StoreError(
            "remote SPARQL endpoints are not supported yet; use a directory", source=loc
        )
    return OxigraphStore(loc, read_only=read_only, create=create)

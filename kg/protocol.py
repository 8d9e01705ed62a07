"""SPARQL for the read-only endpoint: what a query is, whether it may run, and its results as bytes.

>>> inspect_query("PREFIX kg: <urn:x:> ASK { ?s a kg:Village }")
'ask'
>>> inspect_query("INSERT DATA { <a:b> <a:c> <a:d> }")
Traceback (most recent call last):
...
kg.protocol.QueryRefused: [E012] INSERT is an update; this endpoint is read-only (SELECT, ASK, CONSTRUCT, DESCRIBE)

:func:`inspect_query` reads the query with a lexer of the SPARQL 1.1 grammar's
terminals (strings, IRIs, comments, variables and prefixed names are tokens
of their own, so ``"SERVICE"`` in a literal or ``ex:service`` is no
keyword) and checks the part of the grammar that decides what may run: the
prologue, the query form, and that no update operation (INSERT, DELETE,
LOAD, CLEAR …) or ``SERVICE`` pattern (a federated call to another server)
appears anywhere. Oxigraph then parses the whole query and reports syntax
errors with their position. Keywords are case-insensitive, as in SPARQL.

:func:`execute` runs a query through the store's own query path
(:meth:`kg.store.OxigraphStore.query`) and serialises the result in one of
:data:`FORMATS`; :mod:`kg.query_pool` calls it in worker processes so a
runaway query can be stopped.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from kg.store import GraphStore, QueryError, QueryResult
from kg.vocab import XSD

__all__ = [
    "FORMATS",
    "GRAPH_FORMATS",
    "QUERY_FORMS",
    "SOLUTION_FORMATS",
    "Answer",
    "QueryRefused",
    "QueryRequest",
    "execute",
    "inspect_query",
    "results_json",
    "serialize",
]

_XSD_STRING = str(XSD.string)

QUERY_FORMS = ("select", "ask", "construct", "describe")

# format name -> media type; SELECT/ASK results and CONSTRUCT/DESCRIBE graphs
SOLUTION_FORMATS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_FORMATS = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "nquads": "application/n-quads",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
FORMATS = {**SOLUTION_FORMATS, **GRAPH_FORMATS}

_RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


class QueryRefused(QueryError):
    """A request the read-only endpoint will not run (an update, LOAD, SERVICE)."""

    code = "E012"


# ------------------------------------------------------------------ lexer
# Terminals of the SPARQL 1.1 grammar (section 19.8), longest forms first.
_PN_CHARS_BASE = r"A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF"
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + r"\-0-9\u00B7\u0300-\u036F\u203F-\u2040"
_PN_PREFIX = rf"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_LOCAL = (
    rf"(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"
)
_TOKEN = re.compile(
    "|".join(
        [
            r"(?P<ws>\s+)",
            r"(?P<comment>#[^\n\r]*)",
            r'(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""'
            r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
            r'|"(?:[^"\\\n\r]|\\.)*"'
            r"|'(?:[^'\\\n\r]|\\.)*')",
            r'(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)',
            rf"(?P<var>[?$][{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00B7\u0300-\u036F\u203F-\u2040]*)",
            rf"(?P<bnode>_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)",
            rf"(?P<pname>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)",
            r"(?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)",
            r"(?P<number>[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?))",
            r"(?P<word>[A-Za-z_][A-Za-z0-9_]*)",
            r"(?P<punct>\^\^|&&|\|\||!=|<=|>=|<<|>>|[{}()\[\];,.*+\-/!=<>|^?@])",
        ]
    )
)

# Words that begin an update operation (SPARQL 1.1 Update); none is a keyword of a query.
_UPDATE_WORDS = {
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "CREATE",
    "DROP",
    "COPY",
    "MOVE",
    "ADD",
    "WITH",
}


def _tokens(text: str) -> list[tuple[str, str, int]]:
    """(kind, text, offset) of every token but white space and comments."""
    out = []
    pos = 0
    n = len(text)
    while pos < n:
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            line = text.count("\n", 0, pos) + 1
            col = pos - (text.rfind("\n", 0, pos) + 1) + 1
            raise QueryError(f"malformed SPARQL: unexpected {text[pos]!r} at {line}:{col}")
        kind = m.lastgroup or ""
        if kind not in ("ws", "comment"):
            out.append((kind, m.group(), pos))
        pos = m.end()
    return out


def inspect_query(text: str) -> str:
    """The form of a SPARQL query (select, ask, construct, describe), if the endpoint may run it.

    Raises
    ------
    QueryRefused
        An update operation (INSERT, DELETE, LOAD, CLEAR, CREATE, DROP, COPY,
        MOVE, ADD, WITH …) or a ``SERVICE`` pattern.
    QueryError
        Not a query at all (empty, or no query form after the prologue), or a
        character no SPARQL token starts with.
    """
    toks = _tokens(text)
    words = [(t.upper(), pos) for kind, t, pos in toks if kind == "word"]
    for word, _pos in words:
        if word == "SERVICE":
            raise QueryRefused(
                "SERVICE (a federated query to another server) is not allowed on this endpoint"
            )
    for word, _pos in words:
        if word in _UPDATE_WORDS:
            raise QueryRefused(
                f"{word} is an update; this endpoint is read-only (SELECT, ASK, CONSTRUCT, DESCRIBE)"
            )
    i = 0
    while i < len(toks):  # the prologue: BASE <iri> | PREFIX pname: <iri>
        kind, t, _pos = toks[i]
        if kind == "word" and t.upper() == "BASE":
            i += 2
        elif kind == "word" and t.upper() == "PREFIX":
            i += 3
        else:
            break
    if i >= len(toks):
        raise QueryError("empty query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    kind, t, _pos = toks[i]
    form = t.lower() if kind == "word" else ""
    if form not in QUERY_FORMS:
        raise QueryError(f"not a query: expected SELECT, ASK, CONSTRUCT or DESCRIBE, found {t!r}")
    return form


# ----------------------------------------------------------- serialising
def _term_json(t: Any) -> dict[str, str]:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Triple):
        return {"type": "triple", "value": str(t)}
    d = {"type": "literal", "value": t.value}
    if t.language:
        d["xml:lang"] = t.language
    elif t.datatype.value != _XSD_STRING:
        d["datatype"] = t.datatype.value
    return d


def results_json(res: QueryResult) -> dict[str, Any]:
    """A SELECT result in the SPARQL 1.1 Query Results JSON Format (unbound cells left out)."""
    names = res.variables
    return {
        "head": {"vars": names},
        "results": {
            "bindings": [
                {v: _term_json(t) for v, t in zip(names, row, strict=False) if t is not None}
                for row in res.rows
            ]
        },
    }


def _term_xml(t: Any) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<uri>{escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{escape(t.value)}</bnode>"
    if isinstance(t, ox.Literal):
        if t.language:
            return f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
        if t.datatype.value != _XSD_STRING:
            return f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
        return f"<literal>{escape(t.value)}</literal>"
    return f"<literal>{escape(str(t))}</literal>"


def serialize(res: QueryResult, fmt: str) -> bytes:
    """A query result as the bytes of one of :data:`FORMATS` (SPARQL 1.1 result formats, RDF)."""
    if res.kind == "graph":
        if fmt not in GRAPH_FORMATS:
            raise QueryError(f"a graph result cannot be written as {fmt}")
        from kg.vocab import PREFIXES

        out = io.BytesIO()
        if fmt == "nquads":  # triples of the default graph
            quads = [ox.Quad(t.subject, t.predicate, t.object) for t in res.triples]
            ox.serialize(quads, out, format=_RDF_FORMATS[fmt])
        elif fmt in ("turtle", "rdfxml"):
            ox.serialize(res.triples, out, format=_RDF_FORMATS[fmt], prefixes=PREFIXES)
        else:
            ox.serialize(res.triples, out, format=_RDF_FORMATS[fmt])
        return out.getvalue()
    if fmt not in SOLUTION_FORMATS:
        raise QueryError(f"a {res.kind.upper()} result cannot be written as {fmt}")
    if res.kind == "ask":
        value = "true" if res.boolean else "false"
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(res.boolean)}).encode()
        if fmt == "xml":
            return (
                '<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{value}</boolean></sparql>"
            ).encode()
        return value.encode()  # CSV/TSV have no boolean form; the bare word, as Oxigraph writes
    names = res.variables
    if fmt == "json":
        return json.dumps(results_json(res), ensure_ascii=False, separators=(",", ":")).encode()
    if fmt == "xml":
        parts = [
            '<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>',
            *(f"<variable name={quoteattr(v)}/>" for v in names),
            "</head><results>",
        ]
        for row in res.rows:
            parts.append("<result>")
            parts.extend(
                f"<binding name={quoteattr(v)}>{_term_xml(t)}</binding>"
                for v, t in zip(names, row, strict=False)
                if t is not None
            )
            parts.append("</result>")
        parts.append("</results></sparql>")
        return "".join(parts).encode()
    if fmt == "csv":  # SPARQL 1.1 CSV: plain values, blank nodes as _:label
        text = io.StringIO(newline="")
        w = csv.writer(text, lineterminator="\r\n")
        w.writerow(names)
        for row in res.rows:
            w.writerow(
                [
                    ""
                    if t is None
                    else (f"_:{t.value}" if isinstance(t, ox.BlankNode) else t.value)
                    for t in row
                ]
            )
        return text.getvalue().encode()
    # TSV: terms in Turtle/N-Triples syntax, variables with their ?
    lines = ["\t".join(f"?{v}" for v in names)]
    lines.extend("\t".join("" if t is None else str(t) for t in row) for row in res.rows)
    return ("\n".join(lines) + "\n").encode()


# -------------------------------------------------------------- running
@dataclass(slots=True, frozen=True)
class QueryRequest:
    """One query as the endpoint received it (already inspected)."""

    query: str
    fmt: str
    default_graph: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    limit: int | None = None


@dataclass(slots=True)
class Answer:
    """The serialised result: body, its media type, rows (or triples) and whether the cap cut it."""

    body: bytes
    media_type: str
    count: int
    truncated: bool = False


def execute(store: GraphStore, req: QueryRequest) -> Answer:
    """Run ``req`` on ``store`` through its query path and serialise the result."""
    res = store.query(
        req.query,
        default_graph=list(req.default_graph) if req.default_graph is not None else None,
        named_graphs=list(req.named_graphs) if req.named_graphs is not None else None,
        limit=req.limit,
    )
    body = serialize(res, req.fmt)
    count = (
        len(res.rows) if res.kind == "select" else len(res.triples) if res.kind == "graph" else 1
    )
    media = FORMATS[req.fmt]
    if media.startswith("text/") or media.endswith(("json", "xml")):
        media += "; charset=utf-8"
    return Answer(body, media, count, res.truncated)

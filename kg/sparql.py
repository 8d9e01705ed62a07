"""SPARQL as a person writes it first: default prefixes, readable errors, text
bindings that match the store's labels, and a hint when a query finds nothing.

Every client of the store goes through :meth:`kg.store.OxigraphStore.query`
(the CLI, the analysis, the HTTP endpoint), which uses what is here:

- :data:`PREFIXES` are declared by default, so ``kg:helps`` needs no
  ``PREFIX`` line; a query's own ``PREFIX`` declaration wins.
- :func:`syntax_message` turns the parser's error (a list of Unicode ranges)
  into one line: where, what was expected, and which prefix is unknown.
- :func:`bind_values` reads ``NAME=VALUE`` bindings; a plain text value is
  bound in the form the store holds it (labels carry ``@zh``: ``华蓥市`` is
  bound as ``"华蓥市"@zh`` when that is what the store has).
- :func:`empty_hints` says what the store does hold when a query returns no
  rows (aggregate claims instead of named links, a term the store never
  uses, a label written without its language tag).
- :func:`read_query` reads a query file, or a packaged query by name
  (``claims.rq``), and says so when a file does not exist.

>>> sorted(PREFIXES)[:4]
['dcterms', 'kg', 'org', 'owl']
>>> syntax_message("SELECT ?s WHERE { ?s foo:bar ?o }",
...                "error at 1:29: expected one of Prefix not found, ['%'], [':']")
"unknown prefix 'foo:' at line 1, column 22; declare it (PREFIX foo: <…>) or use a default prefix (dcterms, kg, org, owl, prov, rdf, rdfs, schema, skos, xsd)"
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox

from ingest.errors import InputError
from kg.vocab import PREFIXES as _VOCAB_PREFIXES


class GraphStore(Protocol):
    """What this module needs of a store (:class:`kg.store.GraphStore` has it)."""

    def query(self, sparql: str, bindings: dict[str, Any] | None = None) -> Any: ...


__all__ = [
    "PREFIXES",
    "QUERY_DIR",
    "Hint",
    "bind_values",
    "empty_hints",
    "packaged_queries",
    "parse_binding",
    "prologue",
    "read_query",
    "syntax_message",
]

PREFIXES: dict[str, str] = dict(sorted(_VOCAB_PREFIXES.items()))
"""Prefixes every query may use without declaring them (kg, org, prov, skos, dcterms,
schema, rdf, rdfs, xsd, owl)."""

QUERY_DIR = Path(str(files("kg"))) / "queries"
KG_NS = PREFIXES["kg"]
_RDF_TYPE = PREFIXES["rdf"] + "type"
_XSD = PREFIXES["xsd"]


def prologue() -> str:
    """The default prefixes as PREFIX lines (for clients that send them along)."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


# ------------------------------------------------------------------ errors
_POSITION = re.compile(r"error at (\d+):(\d+): (.*)", re.S)
_PNAME_BEFORE = re.compile(r"([A-Za-z][\w.-]*)?:[\w.%-]*$")


def _expected_items(text: str) -> list[str]:
    """Split the parser's ``expected one of A, "b", ['x'..='y']`` list into items."""
    items, cur, i, depth = [], "", 0, 0
    while i < len(text):
        ch = text[i]
        if ch == '"' and depth == 0 and not cur.strip():
            j = i + 1
            while j < len(text) and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            cur += text[i : j + 1]
            i = j + 1
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        if ch == "," and depth == 0:
            items.append(cur.strip())
            cur = ""
        else:
            cur += ch
        i += 1
    if cur.strip():
        items.append(cur.strip())
    return items


def _describe(item: str) -> str | None:
    """One expected item in words; None for the parser's internals."""
    if item.startswith("["):
        if "'A'" in item or "'a'" in item:
            return "a name"
        if "'0'" in item:
            return "a digit"
        return None  # [_] (anything), ['%'], ['\\\\'] …
    if item.startswith('"'):
        return item[1:-1].replace('\\"', '"').replace("\\\\", "\\") or None
    return item


def syntax_message(query: str, error: BaseException | str) -> str:
    """One readable line for a SPARQL syntax error of ``query``.

    Names an unknown prefix (``foo:``) and where it is; otherwise says where
    the parser stopped, the text there, and what it expected, without the
    parser's character ranges.
    """
    msg = str(error)
    m = _POSITION.match(msg)
    if m is None:
        return msg.splitlines()[0] if msg else "syntax error"
    line_no, col, rest = int(m.group(1)), int(m.group(2)), m.group(3)
    lines = query.split("\n")
    line = lines[line_no - 1] if 0 < line_no <= len(lines) else ""
    before = line[: max(0, col - 1)]
    if "Prefix not found" in rest:
        pm = _PNAME_BEFORE.search(before)
        if pm:
            prefix = pm.group(1) or ""
            return (
                f"unknown prefix '{prefix}:' at line {line_no}, column {pm.start() + 1}; "
                f"declare it (PREFIX {prefix}: <…>) or use a default prefix "
                f"({', '.join(PREFIXES)})"
            )
    if rest.startswith("expected one of "):
        raw = rest[len("expected one of ") :]
    elif rest.startswith("expected "):
        raw = rest[len("expected ") :]
    else:
        raw = rest
    words: list[str] = []
    for item in _expected_items(" ".join(raw.split())):
        d = _describe(item)
        if d and d != "Prefix not found" and d not in words:
            words.append(d)
    notes = [w for w in words if " " in w and w not in ("a name", "a digit")]
    tokens = [w for w in words if w not in notes]
    here = line[max(0, col - 1) :].strip()
    where = f"at line {line_no}, column {col}" + (
        f", before `{here[:24]}`" if here else ", at the end of the query"
    )
    tokens = [t if re.fullmatch(r"[A-Za-z]\w*|a name|a digit", t) else f"`{t}`" for t in tokens]
    if notes:
        return f"malformed SPARQL {where}: {'; '.join(notes)}"
    if not tokens:
        return f"malformed SPARQL {where}: unexpected text"
    if len(tokens) == 1:
        return f"malformed SPARQL {where}: expected {tokens[0]}"
    return f"malformed SPARQL {where}: expected one of {', '.join(tokens)}"


# ----------------------------------------------------------------- queries
def packaged_queries() -> list[str]:
    """File names of the ready-made queries shipped in ``kg/queries``."""
    return sorted(p.name for p in QUERY_DIR.glob("*.rq"))


_LOOKS_LIKE_FILE = re.compile(r"^[^\s{}]+$")


def read_query(arg: str) -> str:
    """The SPARQL text of ``arg``: a file, a packaged query (``claims.rq``), or SPARQL itself.

    A word with no space and no brace is taken for a file name: when neither
    that file nor a packaged query of that name exists, :class:`InputError`
    says the file is missing (instead of a parse error on the name).
    """
    text = arg.strip()
    if not _LOOKS_LIKE_FILE.match(text):
        return arg
    path = Path(text).expanduser()
    if path.is_file():
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read the query file: {exc}", source=text) from None
    for name in (path.name, path.name + ".rq"):
        packaged = QUERY_DIR / name
        if packaged.is_file() and (path.parent == Path(".") or path.parent.name == "queries"):
            return packaged.read_text(encoding="utf-8")
    raise InputError(
        "no such query file (nor a packaged query of that name: "
        f"{', '.join(packaged_queries())}); SPARQL text needs a space or a brace",
        source=text,
    )


# ---------------------------------------------------------------- bindings
_INT = re.compile(r"^[+-]?\d+$")
_DEC = re.compile(r"^[+-]?\d*\.\d+$")
_TAGGED = re.compile(r'^"(.*)"@([A-Za-z]+(?:-[A-Za-z0-9]+)*)$', re.S)
_TYPED = re.compile(r'^"(.*)"\^\^<([^>]+)>$', re.S)
_QUOTED = re.compile(r'^"(.*)"$', re.S)


def parse_binding(text: str) -> tuple[str, str]:
    """``NAME=VALUE`` → ``(name, value)``; raises :class:`InputError` otherwise.

    >>> parse_binding("scopeName=秦州区")
    ('scopeName', '秦州区')
    """
    name, sep, value = text.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not name or not re.fullmatch(r"\w+", name):
        raise InputError(f"expected NAME=VALUE, got {text!r}", source="--bind")
    return name, value.strip()


def _candidates(value: str) -> list[Any]:
    """The terms a bare ``--bind`` value may stand for, the default first."""
    if m := _TAGGED.match(value):
        return [ox.Literal(m.group(1), language=m.group(2).lower())]
    if m := _TYPED.match(value):
        return [ox.Literal(m.group(1), datatype=ox.NamedNode(m.group(2)))]
    if value.startswith("<") and value.endswith(">"):
        return [ox.NamedNode(value[1:-1])]
    if m := _QUOTED.match(value):
        return [ox.Literal(m.group(1))]
    out: list[Any] = []
    if _INT.match(value):
        out.append(ox.Literal(value.lstrip("+"), datatype=ox.NamedNode(_XSD + "integer")))
    elif _DEC.match(value):
        out.append(ox.Literal(value.lstrip("+"), datatype=ox.NamedNode(_XSD + "decimal")))
    out += [ox.Literal(value), ox.Literal(value, language="zh"), ox.Literal(value, language="en")]
    return out


def _holds(store: GraphStore, term: Any) -> bool:
    return bool(store.query("ASK { ?s ?p ?o }", {"o": term}).boolean)


def bind_values(store: GraphStore | None, raw: dict[str, str]) -> dict[str, Any]:
    """Terms for ``--bind`` values, in the form the store holds them.

    ``<iri>`` is an IRI; ``"text"@zh`` and ``"v"^^<datatype>`` are taken as
    written; ``"text"`` is a plain string. A bare value may be an integer
    (``25``), a decimal, or text: it is bound as the first of these the store
    holds as a value (``华蓥市`` becomes ``"华蓥市"@zh``, since labels carry
    ``@zh``; ``511681000000`` stays the string a division code is), else as
    the integer or plain text it looks like.
    """
    out: dict[str, Any] = {}
    for name, value in raw.items():
        cands = _candidates(value)
        pick = cands[0]
        if store is not None and len(cands) > 1:
            pick = next((c for c in cands if _holds(store, c)), cands[0])
        out[name] = pick
    return out


# ------------------------------------------------------------------- hints
@dataclass(slots=True)
class Hint:
    """What the store holds for a query that found nothing (one line for a person)."""

    message: str


_STRING = re.compile(
    r'"""(?:.|\n)*?"""|\'\'\'(?:.|\n)*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
)
_AFTER_STRING = re.compile(r"^(@[A-Za-z]+(?:-[A-Za-z0-9]+)*|\^\^)")
_IRI = re.compile(r"<([^<>\s\"{}|^`\\]*)>")
_PNAME = re.compile(r"(?<![\w?$:/#.-])([A-Za-z][\w.-]*)?:([A-Za-z_\d][\w.-]*)?")
_PREFIX_DECL = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.I)
_A = re.compile(r"(?<![\w?$:<\"])a(?=\s)")
_LINKS = ("helps", "stationedIn", "leads", "responsibleFor", "implements", "funds")


def _scan(query: str) -> tuple[set[str], list[str]]:
    """IRIs (prefixed names expanded) and plain string literals written in ``query``."""
    plain: list[str] = []

    def keep(m: re.Match[str]) -> str:
        s = m.group(0)
        after = query[m.end() : m.end() + 40]
        if not _AFTER_STRING.match(after):
            body = s[3:-3] if s[:3] in ('"""', "'''") else s[1:-1]
            plain.append(body)
        return " " * len(s)

    text = _STRING.sub(keep, query)
    text = re.sub(r"#[^\n]*", " ", _IRI.sub(lambda m: f"<{m.group(1).replace('#', '%23')}>", text))
    prefixes = dict(PREFIXES)
    prefixes.update({(p or ""): ns for p, ns in _PREFIX_DECL.findall(text)})
    iris = {m.group(1).replace("%23", "#") for m in _IRI.finditer(text)}
    for m in _PNAME.finditer(_IRI.sub(" ", text)):
        ns = prefixes.get(m.group(1) or "")
        if ns is not None and m.group(2):
            iris.add(ns + m.group(2))
    if _A.search(_IRI.sub(" ", text)):
        iris.add(_RDF_TYPE)
    return iris, plain


def _short(iri: str) -> str:
    for p, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{p}:{iri[len(ns) :]}"
    return f"<{iri}>"


def _count(store: GraphStore, sparql: str, bindings: dict[str, Any] | None = None) -> int:
    rows = store.query(sparql, bindings).rows
    term = rows[0][0] if rows and rows[0] else None
    return int(term.value) if term is not None else 0


def empty_hints(
    store: GraphStore, query: str, bindings: dict[str, Any] | None = None
) -> list[Hint]:
    """Why ``query`` may have found nothing: what the store holds for the terms it uses.

    Looks at the IRIs and plain strings written in the query and the bound
    values: named links the store has none of while aggregate claims say the
    same (``kg:helps`` → kg:Claim with ``kg:relation kg:helps``), terms the
    store never uses (with the nearest ontology term), strings the store holds
    only with a language tag. Empty when nothing stands out.
    """
    from kg.inference import ontology_terms, sub_properties

    iris, plain = _scan(query)
    hints: list[Hint] = []
    known = ontology_terms()
    seen_links: set[str] = set()
    for iri in sorted(iris):
        if iri == _RDF_TYPE or not iri.startswith(KG_NS):
            continue
        local = iri[len(KG_NS) :]
        if local in _LINKS and iri not in seen_links:
            rels = sorted({iri, *sub_properties(iri)})
            seen_links.update(rels)
            values = " ".join(f"<{r}>" for r in rels)
            named = _count(
                store, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o VALUES ?p {{ {values} }} }}"
            )
            claims = _count(
                store,
                "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a <"
                + KG_NS
                + "Claim> ; <"
                + KG_NS
                + f"relation> ?r VALUES ?r {{ {values} }} }}",
            )
            if named == 0 and claims:
                hints.append(
                    Hint(
                        f"no named {_short(iri)} links in the store; {claims} aggregate claim(s) "
                        f"state it with counts (kg:Claim, kg:relation "
                        f"{' or '.join(_short(r) for r in rels)}) — see kg/queries/claims.rq "
                        "(kg query claims.rq --bind scopeName=PLACE)"
                    )
                )
            elif named == 0:
                hints.append(Hint(f"no {_short(iri)} links in the store at all"))
            continue
        used = store.query(
            "ASK { { ?s ?t ?o } UNION { ?s a ?t } UNION { ?c <" + KG_NS + "relation> ?t } }",
            {"t": ox.NamedNode(iri)},
        ).boolean
        if not used:
            if local in known:
                hints.append(Hint(f"{_short(iri)} is an ontology term the store does not use"))
            else:
                near = difflib.get_close_matches(local, sorted(known), n=1)
                more = f" (did you mean kg:{near[0]}?)" if near else ""
                hints.append(Hint(f"{_short(iri)} is not a term of the ontology{more}"))
    texts = list(plain) + [
        t.value for t in (bindings or {}).values() if isinstance(t, ox.Literal) and not t.language
    ]
    for text in dict.fromkeys(texts):
        lit = ox.Literal(text)
        if _holds(store, lit):
            continue
        tagged = [lang for lang in ("zh", "en") if _holds(store, ox.Literal(text, language=lang))]
        if tagged:
            hints.append(
                Hint(
                    f'"{text}" is in the store only as "{text}"@{tagged[0]} (labels carry a '
                    f'language tag): write "{text}"@{tagged[0]}, or compare '
                    f'FILTER(STR(?label) = "{text}")'
                )
            )
    return hints

#!/usr/bin/env python
"""Write kg/vocab.py from ontology/kg.ttl: the project's namespace and its terms.

Usage::

    python scripts/gen_vocab.py          # rewrite kg/vocab.py
    python scripts/gen_vocab.py --check  # exit 1 when kg/vocab.py is not what kg.ttl gives

Every ``kg:`` term the ontology declares (a subject with an ``rdf:type``)
becomes an annotated attribute of the ``KG`` class, an rdflib
``DefinedNamespace`` that refuses any other name, with its English label as
its docstring; the terms keep the ontology's order. tests/test_vocab.py runs
``--check``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef

ROOT = Path(__file__).resolve().parent.parent
TTL = ROOT / "ontology" / "kg.ttl"
OUT = ROOT / "kg" / "vocab.py"

HEADER = '''"""The project's namespace and the vocabularies it uses: the one place their IRIs are written.

Generated from ``ontology/kg.ttl`` by ``scripts/gen_vocab.py`` — edit the
ontology and run the script, not this file. ``KG`` is an rdflib
``DefinedNamespace``: a term the ontology does not declare is an error, for
mypy (no such attribute) and at run time (``AttributeError``), instead of a
new predicate in the graph.

>>> KG.helps
rdflib.term.URIRef('https://bangfu-kg.org/ns#helps')
>>> KG.helpz
Traceback (most recent call last):
...
AttributeError: term 'helpz' not in namespace 'https://bangfu-kg.org/ns#'
>>> print(sparql_prefixes("kg", "skos"), end="")
PREFIX kg: <https://bangfu-kg.org/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import (
    DCTERMS,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SKOS,
    XSD,
    DefinedNamespace,
    Namespace,
)

__all__ = [
    "DCTERMS",
    "KG",
    "NS",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SKOS",
    "XSD",
    "sparql_prefixes",
]

NS = "{ns}"
"""The namespace of the project's terms (fixed; the IRIs of nodes use the setting KG_BASE)."""

SCHEMA = SDO
"""schema.org, as ``https://schema.org/``."""


class KG(DefinedNamespace):
    """The terms of ``ontology/kg.ttl``."""

    _NS = Namespace(NS)
    _fail = True

'''

FOOTER = '''

PREFIXES: dict[str, str] = {{
    "kg": NS,
    "org": str(ORG),
    "prov": str(PROV),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "schema": str(SCHEMA),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
}}
"""The prefixes of the project's RDF (Turtle output, SPARQL written in Python)."""


def sparql_prefixes(*names: str) -> str:
    """``PREFIX`` lines for the named prefixes (all of :data:`PREFIXES` without names)."""
    return "".join(f"PREFIX {{p}}: <{{PREFIXES[p]}}>\\n" for p in names or PREFIXES)
'''


def render(ttl: Path = TTL) -> str:
    """The text of kg/vocab.py for the ontology at ``ttl``."""
    g = Graph().parse(ttl)
    ns = str(dict(g.namespaces())["kg"])
    seen: dict[str, str] = {}
    # the ontology's order: the order of first appearance in the file
    text = ttl.read_text(encoding="utf-8")
    terms = {
        str(s)[len(ns) :]
        for s in g.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(ns) and len(str(s)) > len(ns)
    }
    for name in sorted(terms, key=lambda t: text.find(f"kg:{t} ")):
        label = next(
            (
                str(v)
                for v in g.objects(URIRef(ns + name), RDFS.label)
                if isinstance(v, Literal) and v.language == "en"
            ),
            name,
        )
        seen[name] = label
    body = "".join(f'    {n}: URIRef\n    """{label}"""\n' for n, label in seen.items())
    return HEADER.replace("{ns}", ns) + body + FOOTER.format()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only check kg/vocab.py is current")
    args = ap.parse_args(argv)
    text = render()
    if args.check:
        if OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT} is not what {TTL} gives: run python scripts/gen_vocab.py")
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"written {OUT} ({text.count(': URIRef')} terms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

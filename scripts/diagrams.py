"""Draw the README's pictures: the ontology (from ontology/kg.ttl) and the data flow.

    python scripts/diagrams.py            # writes docs/ontology.svg and docs/dataflow.svg
    python scripts/diagrams.py --check    # exit 1 if a picture is out of date

The DOT text of each picture is built here in plain Python (the ontology's
from the classes and properties that kg.ttl declares, read with rdflib) and
laid out by Graphviz ``dot`` (Debian: ``apt-get install graphviz``). Each SVG
carries the SHA-256 of the DOT text it was drawn from, so a test can tell,
without Graphviz, that ``docs/ontology.svg`` still shows what kg.ttl says.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import itertools
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from importlib.resources import files
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from kg import vocab

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
KG = Namespace(vocab.NS)
PREFIXES = {ns: prefix for prefix, ns in vocab.PREFIXES.items()}
FONT = "Noto Sans CJK SC"
Stage = tuple[str, str, str, str | None]  # key, title, what, where in the code
ANY = "any"  # the node standing for "any entity": a domain or range kg.ttl leaves open
# colours of the groups, as the graph view colours its nodes
GROUPS = {
    "place": ("地点 places", "#4e79a7", "#e8eef5"),
    "org": ("机构 organisations", "#f28e2b", "#fdf0e3"),
    "person": ("人物与职务 people and roles", "#e15759", "#fbe9e9"),
    "program": ("项目、任务与资金 programmes, tasks, money", "#59a14f", "#e9f3e7"),
    "source": ("文档、陈述与出处 documents, claims, provenance", "#7f7f7f", "#f0f0f0"),
}
# the group of a class, by the class or superclass it is declared under in kg.ttl
GROUP_OF_ROOT = {
    "kg:AdministrativeUnit": "place",
    "org:Organization": "org",
    "org:OrganizationalUnit": "org",
    "org:FormalOrganization": "org",
    "kg:Person": "person",
    "kg:Role": "person",
    "prov:Plan": "program",
    "kg:Fund": "program",
}


def curie(node: object) -> str:
    s = str(node)
    for ns, prefix in sorted(PREFIXES.items(), key=lambda kv: -len(kv[0])):
        if s.startswith(ns):
            return f"{prefix}:{s[len(ns) :]}"
    return s


def _label(g: Graph, node: Node, lang: str) -> str:
    for o in g.objects(node, RDFS.label):
        if isinstance(o, Literal) and o.language == lang:
            return str(o)
    return ""


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _dot_id(name: str) -> str:
    return '"' + name.replace('"', r"\"") + '"'


def load_ontology() -> Graph:
    g = Graph()
    g.parse(data=(files("kg.ontology") / "kg.ttl").read_text(encoding="utf-8"), format="turtle")
    return g


def ontology_dot(g: Graph | None = None) -> str:
    """The DOT text of the ontology picture: every kg: class (with its datatype properties),
    its superclasses, and every object property between the classes it names."""
    g = load_ontology() if g is None else g
    classes = sorted(
        (c for c in g.subjects(RDF.type, OWL.Class) if str(c).startswith(str(KG))), key=curie
    )
    names = {curie(c) for c in classes}
    supers: dict[str, list[str]] = {
        curie(c): sorted(curie(s) for s in g.objects(c, RDFS.subClassOf)) for c in classes
    }

    def group(name: str, seen: frozenset[str] = frozenset()) -> str:
        if name in GROUP_OF_ROOT:
            return GROUP_OF_ROOT[name]
        for s in supers.get(name, []):
            if s not in seen:
                found = group(s, seen | {name})
                if found != "source":
                    return found
        return "source"

    # datatype properties: in their domain's box, or in the box of "any entity"
    attrs: dict[str, list[str]] = defaultdict(list)
    for p in sorted(g.subjects(RDF.type, OWL.DatatypeProperty), key=curie):
        if not str(p).startswith(str(KG)):
            continue
        domains = [curie(d) for d in g.objects(p, RDFS.domain)] or [ANY]
        rng = ", ".join(sorted(curie(r) for r in g.objects(p, RDFS.range))) or ""
        text = f"{curie(p)} {_label(g, p, 'zh')}" + (f" : {rng}" if rng else "")
        for d in domains:
            attrs[d if d in names else ANY].append(text)

    # object properties: edges between their domain and range (any entity when open);
    # properties with the same ends share one edge, one line each
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    externals: set[str] = set()
    for p in sorted(g.subjects(RDF.type, OWL.ObjectProperty), key=curie):
        if not str(p).startswith(str(KG)):
            continue
        domains = [curie(d) for d in g.objects(p, RDFS.domain)] or [ANY]
        ranges = [curie(r) for r in g.objects(p, RDFS.range)] or [ANY]
        sub = sorted(curie(s) for s in g.objects(p, RDFS.subPropertyOf))
        label = f"{curie(p)} {_label(g, p, 'zh')}" + (f" ⊑ {', '.join(sub)}" if sub else "")
        for d in domains:
            for r in ranges:
                if r == "owl:ObjectProperty":  # kg:relation names a property: an attribute
                    attrs[d].append(f"{curie(p)} {_label(g, p, 'zh')} : {r}")
                    continue
                for end in (d, r):
                    if end not in names and end != ANY:
                        externals.add(end)
                edges[(d, r)].append(label)

    lines = [
        "digraph ontology {",
        '  graph [rankdir=LR, fontname="' + FONT + '", fontsize=11, nodesep=0.25, '
        'ranksep=0.6, newrank=true, bgcolor="white", pad=0.2];',
        '  node [shape=plaintext, fontname="' + FONT + '", fontsize=10];',
        '  edge [fontname="' + FONT + '", fontsize=9, color="#555555", arrowsize=0.7];',
    ]
    by_group: dict[str, list[str]] = defaultdict(list)
    for name in sorted(names):
        by_group[group(name)].append(name)
    # an outside class (org:, prov:, schema: …) sits in the group of the kg: classes under it
    under: dict[str, set[str]] = defaultdict(set)
    for name, ss in supers.items():
        for sup in ss:
            if sup not in names:
                under[sup].add(group(name))
    ext_group = {e: next(iter(gs)) for e, gs in under.items() if len(gs) == 1}
    for key, (title, colour, fill) in GROUPS.items():
        if not by_group.get(key):
            continue
        lines.append(f"  subgraph cluster_{key} {{")
        lines.append(
            f'    label="{title}"; style="rounded,filled"; color="{colour}"; fillcolor="{fill}";'
        )
        for ext in sorted(ext_group):
            if ext_group[ext] == key:
                lines.append(_external(ext))
        for name in by_group[key]:
            c = URIRef(str(KG) + name.split(":", 1)[1])
            lines.append(
                f"    {_dot_id(name)} [label=<{_box(name, _label(g, c, 'zh'), _label(g, c, 'en'), attrs.get(name, []), colour)}>];"
            )
        lines.append("  }")
    any_attrs = attrs.get(ANY, [])
    lines.append(
        f"  {_dot_id(ANY)} [label=<{_box('任意实体', '', 'any entity (domain or range left open)', any_attrs, '#333333')}>];"
    )
    for ext in sorted(externals | {s for ss in supers.values() for s in ss} - names):
        if ext not in ext_group:
            lines.append(_external(ext))
    for name in sorted(names):
        for s in supers[name]:
            lines.append(
                f'  {_dot_id(name)} -> {_dot_id(s)} [arrowhead=empty, style=dashed, color="#999999"];'
            )
    for (d, r), labels in sorted(edges.items()):
        text = "".join(f'{_esc(x)}<BR ALIGN="LEFT"/>' for x in labels)
        loop = ", headport=s, tailport=n" if d == r and len(labels) > 1 else ""
        lines.append(f"  {_dot_id(d)} -> {_dot_id(r)} [label=<{text}>{loop}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _external(name: str) -> str:
    """A class of a reused vocabulary (W3C ORG, PROV-O, schema.org …): a dashed box."""
    return (
        f'    {_dot_id(name)} [shape=box, style="rounded,dashed,filled", fillcolor="white", '
        f'color="#999999", fontcolor="#555555", label="{name}"];'
    )


def _box(name: str, zh: str, en: str, attrs: list[str], colour: str) -> str:
    rows = [
        f'<TR><TD BGCOLOR="{colour}"><FONT COLOR="white"><B>{_esc(zh or name)}</B>&#160;'
        f"{_esc(en)}</FONT></TD></TR>",
    ]
    if zh:
        rows.append(f'<TR><TD><FONT POINT-SIZE="9">{_esc(name)}</FONT></TD></TR>')
    if attrs:
        body = '<BR ALIGN="LEFT"/>'.join(_esc(a) for a in sorted(attrs))
        rows.append(
            f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="8" COLOR="#444444">'
            f'{body}<BR ALIGN="LEFT"/></FONT></TD></TR>'
        )
    return (
        '<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" BGCOLOR="white" '
        f'COLOR="{colour}">' + "".join(rows) + "</TABLE>"
    )


def dataflow_dot() -> str:
    """The DOT text of the data-flow picture (DESIGN.md section 2, as the code has it)."""
    stages: list[Stage] = [
        ("files", "报告文件 files", ".txt (any Chinese encoding),\\n.html, .docx, .pdf", None),
        ("read", "读取 read", "text + metadata (title, date)", "ingest/readers.py"),
        (
            "normalise",
            "规范化 normalise",
            "Traditional → Simplified,\\noffsets kept to the original",
            "ingest/normalize.py",
        ),
        (
            "extract",
            "抽取 extract",
            "spaCy pipeline: places, organisations,\\npeople, roles, programmes, money,\\nclaims, links",
            "ingest/extract/",
        ),
        (
            "resolve",
            "解析 resolve",
            "places → division codes\\n(2023 registry); organisations,\\npeople → identities",
            "ingest/gazetteer, kg/identity.py",
        ),
        (
            "map",
            "映射 map",
            "records → RDF, one named graph\\nper report, provenance\\n(document, span, quote)",
            "kg/mapping.py",
        ),
        ("store", "存储 store", "Oxigraph on disk\\n(or a SPARQL endpoint)", "kg/store.py"),
    ]
    uses: list[Stage] = [
        ("analyse", "分析 analyse", "coverage, gaps, claims,\\nnetwork measures", "kg/analysis/"),
        (
            "serve",
            "服务 serve",
            "SPARQL endpoint, REST API,\\npages, graph views",
            "api/ (kg serve)",
        ),
        ("cli", "命令行 CLI", "kg query, coverage,\\ngaps, export …", "kg/cli/"),
        ("notebooks", "笔记本 notebooks", "pandas / polars tables,\\ncharts", "notebooks/"),
    ]
    lines = [
        "digraph dataflow {",
        '  graph [rankdir=TB, fontname="' + FONT + '", nodesep=0.35, ranksep=0.45, pad=0.2];',
        '  node [shape=box, style="rounded,filled", fillcolor="#f5f7fa", color="#4e79a7", '
        'fontname="' + FONT + '", fontsize=10, width=2.2];',
        '  edge [color="#4e79a7", arrowsize=0.7];',
    ]

    def node(key: str, title: str, what: str, where: str | None) -> str:
        text = f"<B>{_esc(title)}</B><BR/>" + _esc(what).replace("\\n", "<BR/>")
        if where:
            text += f'<BR/><FONT COLOR="#4e79a7" POINT-SIZE="9">{_esc(where)}</FONT>'
        return f"  {key} [label=<{text}>];"

    for s in stages + uses:
        lines.append(node(*s))
    rows = [stages[:3], stages[3:6], [stages[6], uses[0]], uses[1:]]
    row_of: dict[str, int] = {}
    for i, row in enumerate(rows):
        lines.append("  { rank=same; " + " ".join(k for k, *_ in row) + "; }")
        row_of.update({k: i for k, *_ in row})
    # rows start under each other (an invisible column), so the picture reads line by line
    for upper, lower in itertools.pairwise(rows):
        lines.append(f"  {upper[0][0]} -> {lower[0][0]} [style=invis, weight=20];")
    for (a, *_), (b, *_) in itertools.pairwise(stages):
        cross = ", constraint=false" if row_of[a] != row_of[b] else ""
        lines.append(f"  {a} -> {b} [weight=1{cross}];")
    lines.append(
        "  analyse -> serve [style=dotted]; analyse -> cli [style=dotted]; "
        "analyse -> notebooks [style=dotted];"
    )
    lines.append("  store -> analyse; store -> serve; store -> cli;")
    lines.append("}")
    return "\n".join(lines) + "\n"


PICTURES = {"ontology.svg": ontology_dot, "dataflow.svg": dataflow_dot}
STAMP = re.compile(r"<!-- dot-sha256: ([0-9a-f]{64}) -->")


def digest(dot: str) -> str:
    return hashlib.sha256(dot.encode("utf-8")).hexdigest()


def stamped_digest(svg: Path) -> str | None:
    """The SHA-256 of the DOT text a committed SVG was drawn from (None: not stamped)."""
    m = STAMP.search(svg.read_text(encoding="utf-8"))
    return m.group(1) if m else None


def render(dot: str) -> str:
    exe = shutil.which("dot")
    if exe is None:
        raise SystemExit("graphviz's dot is not installed (Debian: apt-get install graphviz)")
    svg = subprocess.run(
        [exe, "-Tsvg"], input=dot.encode("utf-8"), capture_output=True, check=True
    ).stdout.decode("utf-8")
    # drop graphviz's version comment (the picture should not change with it) and stamp the source
    svg = re.sub(r"<!-- Generated by graphviz[^>]*-->\n", "", svg)
    return svg.replace("<svg", f"<!-- dot-sha256: {digest(dot)} -->\n<svg", 1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if a picture is out of date")
    ap.add_argument("--out", type=Path, default=DOCS, help="folder of the pictures (docs/)")
    args = ap.parse_args(argv)
    stale = []
    for name, make in PICTURES.items():
        dot = make()
        path = args.out / name
        if args.check:
            if not path.is_file() or stamped_digest(path) != digest(dot):
                stale.append(name)
            continue
        args.out.mkdir(parents=True, exist_ok=True)
        path.write_text(render(dot), encoding="utf-8")
        print(f"written {path}")
    if stale:
        print(f"out of date: {', '.join(stale)} (run python scripts/diagrams.py)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

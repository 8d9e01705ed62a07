"""The main job on the bundled sample corpus (``examples/``): extract every
report, write the records as JSON lines, and score them against the corpus's
own gold files, load them into the embedded store, and analyse coverage and gaps
from the store. Later stages (serve) join here as they land.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from ingest.errors import InputError

__all__ = ["EXAMPLES", "DemoResult", "run_demo"]

EXAMPLES = Path(str(files("kg.examples")))


@dataclass
class DemoResult:
    records: list[dict[str, Any]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    report: Any = None
    output: Path | None = None
    store: Path | None = None
    quads_added: int = 0
    documents_in_store: int = 0
    coverage: dict[str, Any] | None = None
    """`kg coverage`'s report on the demo store (units, comparison, matching, measures)."""
    gap_counts: dict[str, int] = field(default_factory=dict)

    def rows(self) -> list[dict[str, Any]]:
        out = []
        for r in self.records:
            types = Counter(e["type"] for e in r["entities"])
            rels = Counter(x["rel"] for x in r["links"])
            out.append(
                {
                    "doc": r["doc"],
                    "jurisdiction": r["jurisdiction"]["text"],
                    "code": r["jurisdiction"]["code"],
                    "entities": dict(types),
                    "quantities": len(r["quantities"]),
                    "links": dict(rels),
                }
            )
        return out


def run_demo(examples: Path = EXAMPLES, out_dir: Path = Path("out")) -> DemoResult:
    """Extract ``examples/corpus``, write ``out_dir/demo.jsonl``, score against ``examples/gold``."""
    from ingest.eval import load_gold, score
    from ingest.pipeline import collect_inputs, extract_paths

    corpus = examples / "corpus"
    if not corpus.is_dir():
        raise InputError(
            "sample corpus not found (is the package installed completely?)", source=str(corpus)
        )
    files, missing = collect_inputs([corpus])
    res = DemoResult(failed=[(str(m.path), m.error or "") for m in missing])
    for r in extract_paths(files):
        if r.ok and r.record is not None:
            res.records.append(r.record)
        else:
            res.failed.append((str(r.path), r.error or ""))
    out_dir.mkdir(parents=True, exist_ok=True)
    res.output = out_dir / "demo.jsonl"
    tmp = res.output.with_suffix(".jsonl.tmp")
    tmp.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in res.records), encoding="utf-8"
    )
    tmp.replace(res.output)
    gold = examples / "gold"
    if gold.is_dir():
        res.report = score(res.records, load_gold([gold]))
    _build_graph(corpus, out_dir / "store", res)
    _analyse(out_dir / "store", res)
    return res


def _analyse(location: Path, res: DemoResult) -> None:
    """Coverage and gaps of the demo store, computed from the store (kg/analysis)."""
    from ingest.gazetteer import load_gazetteer
    from kg.analysis import gaps, load
    from kg.analysis.report import coverage_report
    from kg.store import open_store

    gz = load_gazetteer()
    store = open_store(location, read_only=True, create=False)
    try:
        data = load(store)
        res.coverage = coverage_report(data, gz)
        g = gaps(data, gz)
    finally:
        store.close()
    res.gap_counts = dict(zip(*g.group_by("kind").len().sort("kind").get_columns(), strict=False))


def _build_graph(corpus: Path, location: Path, res: DemoResult) -> None:
    """Load the corpus into the embedded store (idempotent: a second run adds nothing)."""
    from kg.graph import build
    from kg.settings import get_settings
    from kg.store import open_store

    store = open_store(location)
    try:
        report = build([corpus], store, base=get_settings().base)
        res.store = location
        res.quads_added = report.added
        res.documents_in_store = len(report.outcomes) - len(report.failed)
    finally:
        store.close()

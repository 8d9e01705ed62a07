"""The main job on the bundled sample corpus.

The corpus is the six hand-written reports of ``examples/`` plus the generated
corpus (:mod:`kg.examples.generate`, fixed seed), which is written on first use
into ``out_dir/sample`` rather than kept in git, and rewritten only when the
generator's version or the seed changes. The demo extracts every report once
(in worker processes), writes the records as JSON lines, scores them against
the gold files of each set, loads them into the embedded store (idempotent:
a second run adds nothing) and analyses coverage and gaps from the store.
``kg demo`` then serves the store as ``kg serve`` does; :func:`featured_county`
and :func:`demo_urls` name what to open.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from ingest.errors import InputError
from ingest.eval import Report
from ingest.record import GoldRecord, Record

__all__ = [
    "DEMO_HOST",
    "DEMO_PORT",
    "EXAMPLES",
    "DemoResult",
    "corpus_store",
    "demo_urls",
    "featured_county",
    "run_demo",
    "sample_corpus",
]

EXAMPLES = Path(str(files("kg.examples")))
DEMO_HOST = "127.0.0.1"
DEMO_PORT = 8000


@dataclass
class DemoResult:
    records: list[Record] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    report: Report | None = None
    """Scores of every report against its gold (hand-written and generated together)."""
    reports: dict[str, Report] = field(default_factory=dict)
    """Scores per set: ``hand-written`` (examples/gold) and ``generated`` (sample/gold)."""
    output: Path | None = None
    store: Path | None = None
    sample: Path | None = None
    """Folder of the generated corpus (``corpus/``, ``gold/``, ``manifest.json``)."""
    manifest: dict[str, Any] = field(default_factory=dict)
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


def sample_corpus(out_dir: Path, *, n: int | None = None, seed: int | None = None) -> Path:
    """The generated sample corpus under ``out_dir/sample``, written if missing or stale.

    Returns the folder holding ``corpus/``, ``gold/`` and ``manifest.json``.
    """
    from kg.examples.generate import BUNDLED_N, BUNDLED_SEED, GENERATOR_VERSION, generate

    n = BUNDLED_N if n is None else n
    seed = BUNDLED_SEED if seed is None else seed
    where = out_dir / "sample"
    try:
        m = json.loads((where / "manifest.json").read_text(encoding="utf-8"))
        fresh = (m.get("generator"), m.get("seed"), m.get("n")) == (GENERATOR_VERSION, seed, n)
        fresh = fresh and all((where / "corpus" / d["doc"]).is_file() for d in m["documents"])
    except (OSError, ValueError, KeyError, TypeError):
        fresh = False
    if not fresh:
        generate(where, n, seed)
    return where


def demo_urls(county_code: str, *, host: str = DEMO_HOST, port: int = DEMO_PORT) -> dict[str, str]:
    """What to open once the demo serves: the county's page, its graph view, the SPARQL editor.

    >>> demo_urls("621122000000")["county"]
    'http://127.0.0.1:8000/ui/places/621122000000'
    """
    from urllib.parse import quote

    from kg.mapping import place_iri
    from kg.settings import get_settings

    base = f"http://{host}:{port}"
    focus = quote(str(place_iri(county_code, get_settings().base)), safe="")
    return {
        "home": f"{base}/",
        "county": f"{base}/ui/places/{county_code}",
        "graph": f"{base}/graph?focus={focus}&depth=2",
        "sparql": f"{base}/ui/sparql",
        "api": f"{base}/docs",
    }


def featured_county(res: DemoResult) -> tuple[str, str] | None:
    """The generated county to open first: (code, name) of the one with the most named-helped villages.

    Read from the demo's coverage table (so from the store); ties go to the
    manifest's order. None when the demo has no generated corpus.
    """
    counties = res.manifest.get("counties") or []
    if not counties:
        return None
    helped: dict[str, int] = {}
    if res.coverage is not None:
        for row in res.coverage["units"].iter_rows(named=True):
            helped[str(row["code"])] = int(row["helped_villages"] or 0)
    best = max(counties, key=lambda c: helped.get(str(c["code"]), 0))  # first of equals
    return str(best["code"]), str(best["name"])


def corpus_store(corpus: str | Path = "demo", workdir: Path = Path("out")) -> Path:
    """The store of a corpus, built on first use; for notebooks and scripts.

    ``corpus`` is ``"demo"`` (the bundled sample corpus, built as ``kg demo
    --out workdir`` does) or a folder of reports (built with ``kg build`` into
    ``workdir/<folder>-store``; unchanged files are skipped on later calls).
    """
    workdir = Path(workdir)
    if str(corpus) == "demo":
        demo_store = workdir / "store"
        if not (workdir / "demo.jsonl").is_file() or not demo_store.is_dir():
            run_demo(out_dir=workdir)
        return demo_store
    from kg.graph import build
    from kg.settings import get_settings
    from kg.store import open_store

    folder = Path(corpus)
    if not folder.is_dir():
        raise InputError("not a folder of reports", source=str(folder))
    location = workdir / f"{folder.resolve().name}-store"
    with open_store(location) as store:
        report = build([folder], store, base=get_settings().base, jobs=None)
    if report.failed and len(report.failed) == len(report.outcomes):
        raise InputError("no report in the folder could be read", source=str(folder))
    return location


Progress = Callable[[str, int | None, str | None], None]
"""``progress(stage, total, item)``: a stage starts with its total (item None),
then each finished item is reported with total None."""


def run_demo(
    examples: Path = EXAMPLES,
    out_dir: Path = Path("out"),
    *,
    progress: Progress | None = None,
    jobs: int | None = None,
) -> DemoResult:
    """Generate (if needed), extract, score, load and analyse the sample corpus."""
    from ingest.eval import load_gold, score
    from ingest.pipeline import collect_inputs, default_jobs, extract_paths

    def tell(stage: str, total: int | None = None, item: str | None = None) -> None:
        if progress is not None:
            progress(stage, total, item)

    hand = examples / "corpus"
    if not hand.is_dir():
        raise InputError(
            "sample corpus not found (is the package installed completely?)", source=str(hand)
        )
    tell("generate", 1)
    res = DemoResult()
    res.sample = sample_corpus(out_dir)
    res.manifest = json.loads((res.sample / "manifest.json").read_text(encoding="utf-8"))
    tell("generate", None, "sample")
    paths, missing = collect_inputs([hand, res.sample / "corpus"])
    res.failed = [(str(m.path), m.error or "") for m in missing]
    tell("extract", len(paths))
    texts: dict[str, str | None] = {}
    for r in extract_paths(
        paths, jobs=default_jobs(len(paths)) if jobs is None else jobs, keep_text=True
    ):
        if r.ok and r.record is not None:
            res.records.append(r.record)
            texts[r.record["doc"]] = r.original
        else:
            res.failed.append((str(r.path), r.error or ""))
        tell("extract", None, r.path.name)
    out_dir.mkdir(parents=True, exist_ok=True)
    res.output = out_dir / "demo.jsonl"
    tmp = res.output.with_suffix(".jsonl.tmp")
    tmp.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in res.records), encoding="utf-8"
    )
    tmp.replace(res.output)
    sets = {"hand-written": examples / "gold", "generated": res.sample / "gold"}
    gold_all: dict[str, GoldRecord] = {}
    for label, folder in sets.items():
        if folder.is_dir():
            gold = load_gold([folder])
            gold_all.update(gold)
            res.reports[label] = score([r for r in res.records if r["doc"] in gold], gold)
    if gold_all:
        res.report = score(res.records, gold_all)
    _load(out_dir / "store", res, texts, tell)
    tell("analyse", 1)
    _analyse(out_dir / "store", res)
    tell("analyse", None, "coverage")
    return res


def _load(
    location: Path,
    res: DemoResult,
    texts: dict[str, str | None],
    tell: Callable[..., None],
) -> None:
    """Load the records into the embedded store (a second run adds nothing)."""
    from ingest.gazetteer import load_gazetteer
    from kg.graph import load_record
    from kg.settings import get_settings
    from kg.store import open_store

    gz = load_gazetteer()
    base = get_settings().base
    tell("load", len(res.records))
    with open_store(location) as store:
        for r in res.records:
            out = load_record(store, r, base=base, gz=gz, text=texts.get(r["doc"]))
            res.quads_added += out.added
            tell("load", None, r["doc"])
        res.store = location
        res.documents_in_store = len(store.documents())


def _analyse(location: Path, res: DemoResult) -> None:
    """Coverage and gaps of the demo store, computed from the store (kg/analysis)."""
    from ingest.gazetteer import load_gazetteer
    from kg.analysis import gaps, load
    from kg.analysis.report import coverage_report
    from kg.store import open_store

    gz = load_gazetteer()
    with open_store(location, read_only=True, create=False) as store:
        data = load(store)
        res.coverage = coverage_report(data, gz)
        g = gaps(data, gz)
    res.gap_counts = dict(zip(*g.group_by("kind").len().sort("kind").get_columns(), strict=False))

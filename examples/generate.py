"""Generate a sample corpus of poverty-alleviation reports with their gold files.

    python -m kg.examples.generate --out DIR [--n 30] [--seed 0]

writes ``DIR/corpus/`` (the reports, in every format and encoding the readers
take, Simplified and Traditional) and ``DIR/gold/`` (one gold file per report
in the format of ``ANNOTATION.md``), plus ``DIR/manifest.json``. The same
``--n`` and ``--seed`` give the same bytes; ``kg demo`` writes the bundled
corpus (:data:`BUNDLED_N` documents, seed :data:`BUNDLED_SEED`) this way on
first use instead of keeping generated files in git.

The places are real registry units (by default 渭源县, 陇西县 and 漳县 of
定西市, 甘肃省); people, companies, schools, programmes, numbers and
who-helps-whom are invented (see ``examples/README.md``). The gold comes from
the same facts as the text, so it is right by construction; ``check`` in
:class:`~kg.examples._doc.Doc` refuses text its gold does not cover.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ._doc import Doc, GoldError
from ._formats import write
from ._genres import GENRES, Ctx
from ._text import Span
from ._world import DEFAULT_COUNTIES, EXTRA_COUNTIES, build_world

__all__ = [
    "BUNDLED_N",
    "BUNDLED_SEED",
    "GENERATOR_VERSION",
    "Spec",
    "generate",
    "main",
    "plan",
]

GENERATOR_VERSION = "1"
"""Bumped whenever the output for a given seed changes (the demo regenerates on a change)."""
BUNDLED_N = 30
BUNDLED_SEED = 0


@dataclass(frozen=True, slots=True)
class Spec:
    """One document to write: its genre, file format, encoding and script."""

    genre: str
    fmt: str
    encoding: str = "utf-8"
    traditional: bool = False
    gloss: bool = False
    county: int = 0
    """Index of the county (for county-level genres)."""
    twist: int = 0
    """A shift of the claimed poor-village count: a planted contradiction."""


#: The bundled corpus: every genre, format, encoding and script, three counties.
COMPOSITION: tuple[Spec, ...] = (
    Spec("county_briefing", "txt", county=0),
    Spec("county_briefing", "pdf", county=1),
    Spec("county_briefing", "txt", "gb18030", county=2, twist=3),
    Spec("prefecture_briefing", "html", twist=-4),
    Spec("prefecture_briefing", "docx", traditional=True),
    Spec("org_article", "txt", county=0),
    Spec("org_article", "html", county=1),
    Spec("org_article", "txt", "big5", traditional=True, county=2),
    Spec("village_news", "txt", county=0),
    Spec("village_news", "txt", "gb18030", county=1),
    Spec("village_news", "txt", "utf-16", county=2),
    Spec("village_news", "html", county=0),
    Spec("village_news", "txt", "big5", traditional=True, county=1),
    Spec("village_news", "txt", traditional=True, county=2),
    Spec("village_news", "txt", gloss=True, county=2),
    Spec("village_news", "docx", county=0),
    Spec("donation_news", "html", county=0),
    Spec("donation_news", "txt", county=1),
    Spec("donation_news", "txt", "gb18030", county=2),
    Spec("donation_news", "docx", county=1),
    Spec("plan", "docx", county=0),
    Spec("plan", "pdf", county=1),
    Spec("plan", "txt", "utf-16", county=2),
    Spec("pairing_list", "docx", county=0),
    Spec("pairing_list", "html", county=1),
    Spec("pairing_list", "txt", county=2),
    Spec("township_report", "txt", county=1),
    Spec("township_report", "txt", "gb18030", county=0),
    Spec("east_west", "txt", county=2),
    Spec("east_west", "html", traditional=True, county=0),
)

SUFFIX = {"txt": ".txt", "html": ".html", "docx": ".docx", "pdf": ".pdf"}


def plan(n: int) -> list[Spec]:
    """The specs of ``n`` documents: the composition, repeated with counties rotated."""
    out = []
    for i in range(n):
        base = COMPOSITION[i % len(COMPOSITION)]
        rnd = i // len(COMPOSITION)
        out.append(
            Spec(
                base.genre,
                base.fmt,
                base.encoding,
                base.traditional,
                base.gloss and rnd == 0,
                base.county + rnd,
                base.twist if rnd == 0 else 0,
            )
        )
    return out


def counties_for(n: int) -> tuple[str, ...]:
    """Three counties up to 100 documents, one more per further 100 (at most seven)."""
    extra = min(len(EXTRA_COUNTIES), max(0, (n - 1) // 100))
    return DEFAULT_COUNTIES + EXTRA_COUNTIES[:extra]


@cache
def _converter(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config).convert


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _write_one(
    ctx: Ctx, spec: Spec, index: int, width: int, seed: int, out: Path
) -> dict[str, Any]:
    from ingest.normalize import to_simplified as t2s

    # Big5 has the Taiwan forms (裡, 為, 群), not OpenCC's s2t variants (裏, 爲, 羣)
    s2t = _converter("s2tw" if spec.encoding == "big5" else "s2t")
    world = ctx.world
    county = world.counties[spec.county % len(world.counties)]
    stem = f"g{index:0{width}d}_{spec.genre}"
    name = stem + SUFFIX[spec.fmt]
    writer = GENRES[spec.genre]
    for attempt in range(20):
        rng = random.Random(f"{seed}-{index}-{attempt}")
        if spec.genre == "prefecture_briefing":
            doc: Doc = writer(ctx, rng, name, spec.twist)
        elif spec.genre == "county_briefing":
            doc = writer(ctx, rng, name, county, spec.twist)
        else:
            doc = writer(ctx, rng, name, county)
        doc.check()
        conv = s2t if spec.traditional else (lambda s: s)
        text = "\n".join(_all_text(doc))
        if spec.encoding == "big5" and not _encodable(conv(text), "big5"):
            continue  # a rare character Big5 lacks: write it with other facts
        break
    else:  # pragma: no cover - twenty draws without an encodable one
        raise GoldError(f"{name}: no Big5-encodable draw")
    if spec.gloss:  # the landscape words that reports gloss for readers
        doc.blocks.insert(1, Span("村子坐落在梁峁交错的塬面上，沟壑之间散落着一块块梯田。"))
    doc.date = _first_date(text)
    doc.source = _source(doc)
    write(doc, out / "corpus", spec.fmt, spec.encoding, conv, gloss=spec.gloss)
    gold = doc.gold((lambda s: t2s(s2t(s))) if spec.traditional else None)
    (out / "gold" / f"{stem}.json").write_text(
        json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return {
        "doc": name,
        "genre": spec.genre,
        "format": spec.fmt,
        "encoding": spec.encoding if spec.fmt == "txt" else None,
        "script": "traditional" if spec.traditional else "simplified",
        "glosses": spec.gloss,
        "jurisdiction": gold["jurisdiction"],
    }


def _all_text(doc: Doc) -> list[str]:
    return [s.text for s in doc.spans()]


def _first_date(text: str) -> str:
    import re

    m = re.search(r"(20\d\d)[年/-](\d{1,2})[月/-](\d{1,2})", text)
    return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else ""


def _source(doc: Doc) -> str:
    for m in doc.meta:
        for _a, _b, item in m.anns:
            if item.get("type") == "ORG":
                return str(item["text"])
    return ""


def generate(out: Path, n: int = BUNDLED_N, seed: int = BUNDLED_SEED) -> dict[str, Any]:
    """Write ``n`` reports and their gold files under ``out``; return the manifest.

    ``out/corpus`` and ``out/gold`` are replaced; the result depends only on
    ``n``, ``seed`` and :data:`GENERATOR_VERSION`.
    """
    from ingest.gazetteer import load_gazetteer

    if n < 1:
        raise ValueError("n must be at least 1")
    for sub in ("corpus", "gold"):
        shutil.rmtree(out / sub, ignore_errors=True)
        (out / sub).mkdir(parents=True)
    world = build_world(load_gazetteer(), seed, counties_for(n))
    ctx = Ctx(world)
    width = max(2, len(str(n)))
    docs = [_write_one(ctx, spec, i, width, seed, out) for i, spec in enumerate(plan(n), 1)]
    manifest = {
        "generator": GENERATOR_VERSION,
        "seed": seed,
        "n": n,
        "counties": [
            {"code": c.place.code, "name": c.place.name, "villages": c.registry_villages}
            for c in world.counties
        ],
        "documents": docs,
        "stats": stats(out / "gold"),
    }
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return manifest


def stats(gold_dir: Path) -> dict[str, Any]:
    """Counts over the gold files: entities by type, links by relation, named village links."""
    ents: Counter[str] = Counter()
    rels: Counter[str] = Counter()
    named = 0
    villages: set[str] = set()
    for path in sorted(gold_dir.glob("*.json")):
        g = json.loads(path.read_text(encoding="utf-8"))
        vcodes = {
            e["text"]: e["code"]
            for e in g["entities"]
            if e["type"] == "PLACE" and e["level"] == "village" and e["code"]
        }
        names = {e["text"] for e in g["entities"] if e["type"] in ("ORG", "PERSON")}
        ents.update(e["type"] for e in g["entities"])
        rels.update(x["rel"] for x in g["links"])
        for x in g["links"]:
            if x["rel"] == "helps" and x["object"] in vcodes and x["subject"] in names:
                named += 1
                villages.add(vcodes[x["object"]])
    return {
        "entities": dict(sorted(ents.items())),
        "links": dict(sorted(rels.items())),
        "named_helper_village_links": named,
        "villages_named_with_helper": len(villages),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m kg.examples.generate",
        description="Write a generated sample corpus (reports + gold files). 生成样例语料及标注。",
    )
    p.add_argument("--out", type=Path, required=True, help="Output folder (corpus/, gold/).")
    p.add_argument("--n", type=int, default=BUNDLED_N, help="Number of documents.")
    p.add_argument("--seed", type=int, default=BUNDLED_SEED, help="Random seed.")
    args = p.parse_args(argv)
    if args.n < 1:
        p.error("--n must be at least 1")
    m = generate(args.out, args.n, args.seed)
    s = m["stats"]
    print(
        f"{args.n} documents in {args.out / 'corpus'}, gold in {args.out / 'gold'}; "
        f"{s['named_helper_village_links']} named helper→village links "
        f"({s['villages_named_with_helper']} villages)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The record contract (ingest.record): its JSON Schemas are current, `kg extract`
output and the gold files satisfy them, and its vocabularies are written once."""

from __future__ import annotations

import ast
import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from ingest import record
from tests.conftest import ROOT, SHARED

DOCS = ROOT / "docs"


def validator(kind: str) -> Draft202012Validator:
    schema = json.loads((DOCS / f"{kind}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def problems(kind: str, rec: dict[str, Any]) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator(kind).iter_errors(rec)
    ]


def kg_extract(folder: Path) -> list[dict[str, Any]]:
    res = subprocess.run(
        [sys.executable, "-m", "kg", "extract", "--jsonl", str(folder)],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=ROOT,
    )
    assert res.returncode == 0, res.stderr[-2000:]
    return [json.loads(line) for line in res.stdout.splitlines()]


@pytest.mark.parametrize("kind", ["record", "gold"])
def test_committed_schema_is_current(kind: str) -> None:
    path = DOCS / f"{kind}.schema.json"
    assert path.read_text(encoding="utf-8") == record.schema_text(kind), (  # type: ignore[arg-type]
        f"{path} is stale: run python -m ingest.record --write"
    )


def test_schema_check_command_reports_stale_files(tmp_path: Path) -> None:
    assert record._main(["--dir", str(tmp_path)]) == 1  # nothing written yet
    assert record._main(["--dir", str(tmp_path), "--write"]) == 0
    assert record._main(["--dir", str(tmp_path)]) == 0
    (tmp_path / "gold.schema.json").write_text("{}", encoding="utf-8")
    assert record._main(["--dir", str(tmp_path)]) == 1


# -------------------------------------------------- the schema accepts and refuses
def _written() -> dict[str, Any]:
    """A record as `kg extract` writes it, for a text of our own."""
    from ingest.extract import extract_text

    rec = dict(
        extract_text(
            "2019年，甲县县委组织部选派5名干部驻村帮扶3个贫困村，投入资金120万元用于修路。"
        )
    )
    rec["sha256"] = "ab" * 32
    return rec


def test_an_extracted_record_is_valid() -> None:
    rec = _written()
    assert {e["type"] for e in rec["entities"]} >= {"ORG", "MONEY"}
    assert rec["links"] and rec["quantities"]
    assert problems("record", rec) == []


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda r: r["entities"].append({"type": "THING", "text": "x"}), "entities/"),
        (lambda r: r["entities"][0].pop("start"), "entities/0"),
        (lambda r: r["entities"][0].update(colour="red"), "entities/0"),
        (lambda r: r["links"][0].update(rel="supports"), "links/0/rel"),
        (lambda r: r["links"][0].update(kind="帮忙"), "links/0/kind"),
        (lambda r: r["quantities"][0].update(value="五"), "quantities/0/value"),
        (lambda r: r.pop("extractor"), ""),
        (lambda r: r.update(sha256=7), "sha256"),
    ],
)
def test_schema_refuses_what_the_contract_does_not_allow(change: Any, where: str) -> None:
    rec = copy.deepcopy(_written())
    change(rec)
    found = problems("record", rec)
    assert found and any(p.startswith(where) for p in found), found


def test_gold_schema_allows_open_kinds_and_extra_fields_but_not_offsets_missing_type() -> None:
    gold = {
        "doc": "a.txt",
        "jurisdiction": {"text": "甲县", "code": None},
        "entities": [
            {
                "type": "MONEY",
                "text": "5万美元",
                "value": 50000,
                "approx": False,
                "qualifier": "=",
                "currency": "USD",
            }
        ],
        "quantities": [],
        "links": [
            {
                "rel": "helps",
                "subject": "乙公司",
                "object": "丙村",
                "cue": "援建",
                "scope": "甲县",
                "kind": "援建",
            }
        ],
    }
    assert problems("gold", gold) == []
    del gold["entities"][0]["type"]
    assert problems("gold", gold)


# ------------------------------------------------------ real output, real gold
def _check_all(kind: str, recs: list[dict[str, Any]]) -> None:
    assert recs
    bad = {r.get("doc"): problems(kind, r)[:3] for r in recs if problems(kind, r)}
    assert not bad, bad


@pytest.mark.slow
def test_kg_extract_output_on_the_sample_corpus_is_valid() -> None:
    recs = kg_extract(ROOT / "examples" / "corpus")
    assert len(recs) == len(list((ROOT / "examples" / "corpus").iterdir()))
    _check_all("record", recs)


@pytest.mark.slow
def test_kg_extract_output_on_the_held_out_set_is_valid() -> None:
    _check_all("record", kg_extract(ROOT / "tests" / "data" / "heldout" / "corpus"))


@pytest.mark.slow
@pytest.mark.seeds
@pytest.mark.parametrize("folder", ["seeds", "real/texts"])
def test_kg_extract_output_on_shared_reports_is_valid(folder: str) -> None:
    path = SHARED / folder
    if not path.is_dir():
        pytest.skip(f"{path} is not beside the checkout")
    _check_all("record", kg_extract(path))


def test_gold_files_are_valid() -> None:
    dirs = [
        ROOT / "examples" / "gold",
        ROOT / "tests" / "data" / "heldout" / "gold",
        ROOT / "tests" / "data" / "gold",
        SHARED / "gold",
        SHARED / "real" / "gold",
    ]
    recs = [
        json.loads(f.read_text(encoding="utf-8"))
        for d in dirs
        if d.is_dir()
        for f in sorted(d.glob("*.json"))
    ]
    assert len(recs) >= 13  # the project's own: 6 sample, 4 held-out, 3 seeds
    _check_all("gold", recs)


# ------------------------------------------------------ vocabularies written once
VOCABULARIES = {
    "ENTITY_TYPES": set(record.ENTITY_TYPES),
    "LEVELS": set(record.LEVELS),
    "ORG_TYPES": set(record.ORG_TYPES),
    "PROGRAM_KINDS": set(record.PROGRAM_KINDS),
    "RELATIONS": set(record.RELATIONS),
    "HELP_KINDS": set(record.HELP_KINDS),
}
# ingest/extract/learn/ is being written by the lead (issue 12 leaves it alone); its
# RELATIONS tuple is to come from ingest.record when that work lands.
KNOWN = {
    ("ingest/extract/learn/pairs.py", "RELATIONS"),
}


def _literal_strings(node: ast.AST) -> set[str] | None:
    # tables keyed by a vocabulary (a label or a class per level) are data, not a copy
    if not isinstance(node, ast.Tuple | ast.List | ast.Set):
        return None
    elts = node.elts
    if elts and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in elts):
        return {e.value for e in elts}  # type: ignore[attr-defined]
    return None


def test_vocabularies_are_written_only_in_ingest_record() -> None:
    found = []
    for pkg in ("ingest", "kg", "api", "bench", "examples", "tests"):
        for path in sorted((ROOT / pkg).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if rel == "ingest/record.py":
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                strings = _literal_strings(node)
                if not strings:
                    continue
                for name, vocab in VOCABULARIES.items():
                    if strings == vocab and (rel, name) not in KNOWN:
                        found.append(f"{rel}:{node.lineno}: {name} written again")
    assert not found, found


def test_vocabularies_agree_with_the_annotation_guide() -> None:
    guide = SHARED / "ANNOTATION.md"
    if not guide.is_file():
        pytest.skip(f"{guide} is not beside the checkout")
    text = guide.read_text(encoding="utf-8")
    for words in (record.ORG_TYPES, record.PROGRAM_KINDS, record.LEVELS, record.RELATIONS):
        for w in words:
            assert f"`{w}`" in text, w

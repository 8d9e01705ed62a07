"""scripts/gold_consistency.py on a two-report corpus written here."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _script():
    spec = importlib.util.spec_from_file_location(
        "gold_consistency", ROOT / "scripts" / "gold_consistency.py"
    )
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # its dataclass looks itself up there
    spec.loader.exec_module(mod)
    return mod


def _corpus(tmp_path: Path) -> tuple[Path, Path]:
    texts, gold = tmp_path / "texts", tmp_path / "gold"
    texts.mkdir()
    gold.mkdir()
    (texts / "a.txt").write_text("县扶贫办选派第一书记驻东坡村，推行三帮一办法。", encoding="utf-8")
    (texts / "b.txt").write_text(
        "县扶贫办为西坡村修路，第一书记林 小 河带来“三帮一”办法。", encoding="utf-8"
    )
    records = {
        "a.txt": [
            {"type": "ORG", "text": "县扶贫办"},
            {"type": "ROLE", "text": "第一书记"},
            {"type": "PROGRAM", "text": "三帮一办法"},
        ],
        "b.txt": [
            {"type": "ORG", "text": "第一书记"},  # another type than in a.txt
            {"type": "PERSON", "text": "林 小 河"},  # found once whitespace is set aside
            {"type": "PERSON", "text": "王小山"},  # not in the text
        ],
    }
    for name, ents in records.items():
        rec = {"doc": name, "entities": ents, "quantities": [], "links": []}
        (gold / f"{name}.json").write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
    return texts, gold


def test_findings(tmp_path: Path, capsys) -> None:
    texts, gold = _corpus(tmp_path)
    mod = _script()
    assert mod.main(["--texts", str(texts), "--gold", str(gold), "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    # b.txt writes the programme with quotes (“三帮一”办法): the same text once they are set aside
    assert got["unannotated"] == [
        {"doc": "b.txt", "type": "PROGRAM", "text": "三帮一办法", "annotated_in": ["a.txt"]},
        {"doc": "b.txt", "type": "ORG", "text": "县扶贫办", "annotated_in": ["a.txt"]},
    ]
    assert got["retyped"] == [{"text": "第一书记", "types": {"ORG": ["b.txt"], "ROLE": ["a.txt"]}}]
    assert got["absent"] == [{"doc": "b.txt", "type": "PERSON", "text": "王小山"}]


def test_a_missing_folder_is_one_line(tmp_path: Path, capsys) -> None:
    assert _script().main(["--texts", str(tmp_path / "nope"), "--gold", str(tmp_path)]) == 2
    assert capsys.readouterr().err.strip().endswith("no such folder")

"""`kg extract` and `kg eval` as a user runs them, including bad input."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import run_kg

GOOD = "甲县选派3名干部驻村帮扶2个贫困村。\n"


def kg(*args: str) -> subprocess.CompletedProcess[str]:
    return run_kg(*args, timeout=300)


def test_batch_goes_on_past_bad_files(tmp_path: Path) -> None:
    (tmp_path / "a_good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b_gb.txt").write_bytes(("某县" + GOOD * 3).encode("gb18030"))
    (tmp_path / "c_empty.txt").write_bytes(b"")
    (tmp_path / "d_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (tmp_path / "e_bad_utf8.txt").write_bytes(
        "正常文字".encode() + b"\xff\xfe\xfd" * 50 + "结尾".encode()
    )
    with open(tmp_path / "f_huge.txt", "wb") as f:
        f.truncate(50 * 1024 * 1024)
    (tmp_path / "g_notes.xyz").write_text(GOOD, encoding="utf-8")
    res = kg(
        "extract",
        "--jsonl",
        str(tmp_path),
        str(tmp_path / "g_notes.xyz"),
        str(tmp_path / "vanished.txt"),
    )
    assert res.returncode == 1
    docs = [json.loads(line)["doc"] for line in res.stdout.splitlines()]
    assert docs[:2] == ["a_good.txt", "b_gb.txt"]
    err = res.stderr
    for name in (
        "c_empty.txt",
        "d_binary.txt",
        "e_bad_utf8.txt",
        "f_huge.txt",
        "g_notes.xyz",
        "vanished.txt",
    ):
        assert name in err
    assert "6 failed" in err


def test_extract_then_eval(tmp_path: Path, seeds_dir: Path, gold_dirs: list[Path]) -> None:
    pred = tmp_path / "pred.jsonl"
    res = kg("extract", "--jsonl", str(seeds_dir / "003_fca18ca6d1f05bab.txt"))
    assert res.returncode == 0, res.stderr
    pred.write_text(res.stdout, encoding="utf-8")
    out = kg("eval", "--json", str(pred), *map(str, gold_dirs))
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["docs"] == ["003_fca18ca6d1f05bab.txt"]
    assert report["entities_micro"]["strict"]["f1"] > 0.5


def test_eval_needs_matching_gold(tmp_path: Path) -> None:
    pred = tmp_path / "p.jsonl"
    pred.write_text(json.dumps({"doc": "x.txt"}) + "\n", encoding="utf-8")
    (tmp_path / "g").mkdir()
    res = kg("eval", str(pred), str(tmp_path / "g"))
    assert res.returncode == 2
    assert "no predicted document has a gold file" in res.stderr


@pytest.mark.parametrize("args", [["--version"], ["extract", "--help"]])
def test_cli_basics(args: list[str]) -> None:
    assert kg(*args).returncode == 0

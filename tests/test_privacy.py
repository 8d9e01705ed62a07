"""Personal numbers in public lists are masked where a report is read (ingest.privacy)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from ingest.privacy import mask
from ingest.readers import read

# numbers made up for the test: a well-formed ID-card number, a mobile, a landline, a bank card
ID = "110105199001011234"
ID_X = "51168119851203123X"
MOBILE = "13912345678"
LANDLINE = "0851-3827461"
CARD = "6222021234567890123"


def test_each_kind_is_masked_digit_by_digit_and_counted() -> None:
    text = f"户主甲，身份证{ID}；户主乙，身份证{ID_X}，电话{MOBILE}，固话{LANDLINE}，卡号{CARD}。"
    out, counts = mask(text)
    assert len(out) == len(text)  # offsets keep pointing where they did
    for number in (ID, ID_X, MOBILE, CARD):
        assert number not in out
    assert "0851" not in out and "-" in out
    assert counts == {"id_card": 2, "phone": 2, "bank_card": 1}


def test_amounts_codes_dates_and_counts_stay() -> None:
    text = "投入13900000元，区划代码511681000000，2020年12月31日，帮扶2969户，编号20201231。"
    assert mask(text) == (text, {})


def test_read_masks_before_anything_else_sees_the_text(tmp_path: Path) -> None:
    f = tmp_path / "gongshi.txt"
    f.write_text(f"帮扶对象公示\n张某，身份证号{ID}，联系电话{MOBILE}。\n", encoding="utf-8")
    doc = read(f)
    assert ID not in doc.original and MOBILE not in doc.original
    assert doc.meta["masked"] == {"id_card": 1, "phone": 1}


def test_extract_and_build_never_hold_the_numbers(tmp_path: Path) -> None:
    f = tmp_path / "gongshi.txt"
    f.write_text(
        f"某县结对帮扶公示\n县农业农村局干部王某结对帮扶贫困户李某（身份证{ID}，电话{MOBILE}）。\n",
        encoding="utf-8",
    )
    kg = [sys.executable, "-m", "kg"]
    out = subprocess.run([*kg, "extract", str(f), "--jsonl"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    rec = json.loads(out.stdout)
    assert rec["meta"]["masked"] == {"id_card": 1, "phone": 1}
    assert ID not in out.stdout and MOBILE not in out.stdout
    store = tmp_path / "store"
    subprocess.run([*kg, "build", str(f), "--store", str(store)], check=True, capture_output=True)
    dump = subprocess.run(
        [*kg, "export", "--format", "nq", "--store", str(store)], capture_output=True, text=True
    )
    assert dump.returncode == 0 and dump.stdout
    assert ID not in dump.stdout and MOBILE not in dump.stdout

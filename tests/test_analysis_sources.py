"""Who helps which village, with the sentences the links came from (kg.analysis.sources)."""

from __future__ import annotations

import hashlib

import pytest

from ingest.errors import InputError
from kg import analysis
from kg.mapping import to_quads
from kg.store import OxigraphStore

BASE = "https://example.org/kg/"
XINPING = "411224103211"  # 新坪村村委会, 官道口镇, 卢氏县
MAOPING = "411224102203"  # 毛坪村村委会, 五里川镇, 卢氏县
TEXT = "县财政局结对帮扶新坪村。王小川任新坪村第一书记。县水务局包联毛坪村。县交通局帮扶官道口镇。"


def _record() -> dict:
    def at(s: str, nth: int = 0) -> tuple[int, int]:
        i = -1
        for _ in range(nth + 1):
            i = TEXT.index(s, i + 1)
        return i, i + len(s)

    def ent(**e) -> dict:
        a, b = at(e["text"])
        return {**e, "start": a, "end": b, "mentions": [[a, b]]}

    def link(s: str, o: str, kind: str, sentence: int) -> dict:
        a = sum(len(x) + 1 for x in TEXT.split("。")[:sentence])
        b = a + len(TEXT.split("。")[sentence])
        return {
            "rel": "helps",
            "subject": s,
            "object": o,
            "cue": "帮扶",
            "scope": "卢氏县",
            "kind": kind,
            "start": a,
            "end": b,
        }

    return {
        "doc": "sources.txt",
        "sha256": hashlib.sha256(TEXT.encode()).hexdigest(),
        "extractor": "bangfu-kg/test",
        "jurisdiction": {"text": None, "code": None},
        "meta": {},
        "entities": [
            ent(type="ORG", text="县财政局", org_type="government_agency", collective=False),
            ent(type="ORG", text="县水务局", org_type="government_agency", collective=False),
            ent(type="ORG", text="县交通局", org_type="government_agency", collective=False),
            ent(type="PERSON", text="王小川", role="第一书记"),
            ent(type="PLACE", text="新坪村", level="village", code=XINPING),
            ent(type="PLACE", text="毛坪村", level="village", code=MAOPING),
            ent(type="PLACE", text="官道口镇", level="township", code="411224103000"),
        ],
        "quantities": [],
        "links": [
            link("县财政局", "新坪村", "结对帮扶", 0),
            link("王小川", "新坪村", "驻村帮扶", 1),
            link("县水务局", "毛坪村", "包村联系", 2),
            link("县交通局", "官道口镇", "定点帮扶", 3),  # a township: not a village row
        ],
    }


@pytest.fixture(scope="module")
def data(gz):
    st = OxigraphStore()
    st.load(to_quads(_record(), base=BASE, gz=gz, text=TEXT))
    return analysis.load(st)


def test_every_village_link_with_its_sentence(data, gz) -> None:
    df = analysis.village_helpers(data, gz)
    assert df.height == 3
    assert set(df["code"]) == {XINPING, MAOPING}  # the township link is left out
    row = df.filter(df["helper"] == "王小川").row(0, named=True)
    assert row["village"] == "新坪村村委会"
    assert row["township"] == "官道口镇" and row["county"] == "卢氏县"
    assert row["document"] == "sources.txt"
    assert row["quote"].startswith("王小川任新坪村第一书记")
    assert row["kind"] == "驻村帮扶"


def test_one_village_by_name_or_code(data, gz) -> None:
    by_name = analysis.village_helpers(data, gz, village="新坪村")
    assert set(by_name["helper"]) == {"县财政局", "王小川"}
    assert by_name.equals(analysis.village_helpers(data, gz, village=XINPING))
    assert analysis.village_helpers(data, gz, scope="411224102").height == 1  # 五里川镇
    with pytest.raises(InputError, match="no village named"):
        analysis.village_helpers(data, gz, village="没有这个村")


def test_empty_store(gz) -> None:
    empty = analysis.village_helpers(analysis.load(OxigraphStore()), gz)
    assert empty.height == 0 and "quote" in empty.columns

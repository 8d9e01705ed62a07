"""Money and quantities, on sentences written for these tests."""

from __future__ import annotations

import pytest

from ingest.extract.amounts import find_money, find_quantities


def money(text: str) -> dict[str, dict]:
    return {m.text: m.attrs for m in find_money(text)}


def test_money_values_scaling_and_bounds() -> None:
    got = money("全年投入资金1200万元，发放贷款3.5亿元，另有600余万元，户均增收2500元以上。")
    assert got["1200万元"]["value"] == 12_000_000
    assert got["3.5亿元"]["value"] == 350_000_000
    assert got["600余万元"] == {"value": 6_000_000, "approx": True, "qualifier": "="}
    assert got["2500元以上"]["qualifier"] == ">="
    assert got["2500元以上"]["rate"] == "户均"


def test_money_chinese_numerals_and_ranges() -> None:
    got = money("每村补助五十万元，项目总额2-3万元。")
    assert got["五十万元"]["value"] == 500_000
    assert got["2-3万元"]["value"] == 20_000
    assert got["2-3万元"]["value_max"] == 30_000


def test_money_cumulative_and_part_of() -> None:
    ms = find_money("累计整合资金8000万元，其中财政资金3000万元。")
    total, part = ms
    assert total.attrs.get("cumulative") is True
    assert part.attrs["part_of"] == "8000万元"


def test_not_money() -> None:
    assert find_money("推动一元化管理和多元投入机制") == []


def quantities(text: str) -> list[tuple]:
    return [(q.text, q.value, q.what) for q in find_quantities(text)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "全县12名县级领导联系30个贫困村。",
            [("12名县级领导", 12, "县级领导"), ("30个贫困村", 30, "贫困村")],
        ),
        ("选派驻村干部45名。", [("驻村干部45名", 45, "驻村干部")]),
        ("组建6个驻村帮扶工作队。", [("6个驻村帮扶工作队", 6, "驻村帮扶工作队")]),
        ("培训52个行政村党组织书记。", [("52个行政村党组织书记", 52, "行政村党组织书记")]),
        ("新建3个交通便利、产业集中的示范村。", [("3个交通便利、产业集中的示范村", 3, "示范村")]),
        ("覆盖9个乡镇(街道)。", [("9个乡镇(街道)", 9, "乡镇(街道)")]),
    ],
)
def test_quantity_what(sentence: str, expected: list[tuple]) -> None:
    assert quantities(sentence) == expected


def test_quantity_bounds_ranges_and_approximations() -> None:
    qs = {
        q.text: q
        for q in find_quantities(
            "每村配备2-3名大学生村官，吸纳300名以上返乡青年，联系200名左右党员。"
        )
    }
    assert qs["2-3名大学生村官"].value_max == 3
    assert qs["300名以上返乡青年"].qualifier == ">="
    assert qs["200名左右党员"].approx is True


def test_bound_before_number() -> None:
    (q,) = find_quantities("建立联合党支部不少于20个。")
    assert (q.value, q.what, q.qualifier) == (20, "联合党支部", ">=")


def test_counts_that_are_not_coverage() -> None:
    assert quantities("新建果园300亩，用时2年，完成18项任务。") == []


def test_bare_households_take_the_unit_as_what() -> None:
    assert ("560户", 560, "户") in quantities("搬迁安置560户。")


def test_counting_words_are_not_stationing_verbs() -> None:
    # 驻村 ends in 村 but is a verb: the count is of teams, not villages
    assert quantities("派出15个驻村工作队。") == [("15个驻村工作队", 15, "驻村工作队")]


def readings(text: str) -> set[tuple[str, float, str]]:
    from ingest.extract.amounts import count_options

    return {(o.kind, o.quantity.value, o.quantity.what) for o in count_options(text)}


@pytest.mark.parametrize(
    ("sentence", "reading"),
    [
        # Chinese numerals, which the rules leave alone (两名 is mostly a word)
        ("镇里派出两名干部进村。", ("fwd", 2, "干部")),
        # the noun before the number, past 共, without 全县
        ("全县驻村干部共830人。", ("back", 830, "驻村干部")),
        # nouns by the segmenter's tags, not in the head list
        ("镇里慰问学生45人。", ("nback", 45, "学生")),
        # no measure word between the number and the noun
        ("覆盖2210贫困户。", ("nounit", 2210, "贫困户")),
        # the bare measure word is always one reading
        ("走访群众300人。", ("bare", 300, "人")),
    ],
)
def test_count_readings_for_the_classifier(sentence: str, reading: tuple) -> None:
    assert reading in readings(sentence)


def test_count_readings_keep_the_number_position_and_bounds() -> None:
    from ingest.extract.amounts import count_options

    opts = count_options("选派不少于20名驻村干部。")
    assert opts and {o.quantity.num_start for o in opts} == {5}
    assert all(o.quantity.qualifier == ">=" for o in opts)
    assert not readings("会议开了3天，共5次。")  # days and times are no counts
    assert not readings("他担任第一书记。")  # an ordinal
    assert not readings("2019贫困户档案")  # a year
    # the noun of the count before is not what the next number counts
    got = readings("全县有31个乡镇4.2万余户。")
    assert ("fwd", 31, "乡镇") in got and ("bare", 42000, "户") in got
    assert not any(r[1] == 42000 and "乡镇" in r[2] for r in got)

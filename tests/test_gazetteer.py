"""Lookup, short forms, ambiguity, chains and old names on the packaged registry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.errors import InputError, RegistryError
from ingest.gazetteer import (
    Gazetteer,
    PlaceMention,
    Unit,
    find_mentions,
    load_gazetteer,
    place_info,
)


@pytest.fixture(scope="module")
def gz() -> Gazetteer:
    return load_gazetteer()


def codes(ms: list[PlaceMention]) -> list[tuple[str, str | None]]:
    return [(m.text, m.code) for m in ms]


# ------------------------------------------------------------------ registry
def test_registry_size(gz: Gazetteer) -> None:
    c = gz.counts("11")  # a province, to keep the numbers stable and small
    assert c["county"] == 16
    assert len(gz) > 660_000
    assert len(gz.children("51")) == 21


def test_load_is_cached() -> None:
    assert load_gazetteer() is load_gazetteer()


@pytest.mark.parametrize(
    ("code", "name", "level"),
    [
        ("511681", "华蓥市", "county"),
        ("5116", "广安市", "prefecture"),
        ("51", "四川省", "province"),
        ("630121000000", "大通回族土族自治县", "county"),
        ("431227104", "凉伞镇", "township"),
        ("431227104211", "凉伞村村委会", "village"),
    ],
)
def test_get_accepts_prefixes(gz: Gazetteer, code: str, name: str, level: str) -> None:
    unit = gz.get(code)
    assert isinstance(unit, Unit)
    assert (unit.name, unit.level, len(unit.code)) == (name, level, 12)


def test_get_unknown_or_malformed(gz: Gazetteer) -> None:
    assert gz.get("519999") is None
    assert gz.get("abc") is None
    with pytest.raises(RegistryError):
        gz.require("519999")


def test_unit_is_frozen(gz: Gazetteer) -> None:
    with pytest.raises(AttributeError):
        gz.get("51").name = "x"  # type: ignore[misc]


def test_kinds(gz: Gazetteer) -> None:
    assert gz.get("431227104").kind == "town"
    assert gz.get("431227104211").kind == "village"
    assert gz.get("431227104001").kind == "community"
    assert gz.get("5116").kind == "prefecture"


def test_ancestors_and_children(gz: Gazetteer) -> None:
    assert [u.name for u in gz.ancestors("431227104211")] == [
        "凉伞镇",
        "新晃侗族自治县",
        "怀化市",
        "湖南省",
    ]
    kids = gz.children("431227104")
    assert all(k.level == "village" and k.parent == "431227104000" for k in kids)
    assert "凉伞村村委会" in {k.name for k in kids}
    assert gz.children("431227104211") == []


def test_counts_tell_villages_from_communities(gz: Gazetteer) -> None:
    c = gz.counts("511681")
    assert c["village"] + c["community"] == c["village_level"]
    assert c["village"] > 0 and c["community"] > 0
    assert set(c) == {"township", "village", "community", "village_level"}


# ------------------------------------------------------------------ lookup
@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("广安", "511600000000"),
        ("广安市", "511600000000"),
        ("大通县", "630121000000"),
        ("大通回族土族自治县", "630121000000"),
        ("新晃", "431227000000"),
        ("凉伞镇", "431227104000"),
        ("青海", "630000000000"),
        ("青海省", "630000000000"),
        ("秦州区", "620502000000"),
        ("达州", "511700000000"),
        ("凉山州", "513400000000"),
        ("广西", "450000000000"),
    ],
)
def test_lookup_full_and_short_forms(gz: Gazetteer, name: str, code: str) -> None:
    assert code in [u.code for u in gz.lookup(name)]


def test_lookup_village_official_and_suffixed(gz: Gazetteer) -> None:
    official = {u.code for u in gz.lookup("凉伞村村委会")}
    suffixed = {u.code for u in gz.lookup("凉伞村")}
    assert "431227104211" in official and "431227104211" in suffixed


def test_bookkeeping_rows_are_not_names(gz: Gazetteer) -> None:
    for word in ("市辖区", "县", "省直辖县级行政区划", "全县", "乡镇"):
        assert gz.lookup(word) == []


def test_shared_names_are_many(gz: Gazetteer) -> None:
    assert len(gz.lookup("和平")) > 500


def test_historical_names(gz: Gazetteer) -> None:
    (h,) = gz.historical("达县")
    assert (h.successor, h.last_year, h.until) == ("511703000000", 2012, 2013)


def test_historical_prefecture_names(gz: Gazetteer) -> None:
    (h,) = gz.historical("达川地区")
    assert (h.level, h.successor) == ("prefecture", "511700000000")
    (m,) = find_mentions(gz, "原达川地区所辖各县")
    assert m.code == "511700000000" and m.reason.startswith("historical: 达川地区 → 达州市")


# ------------------------------------------------------------------ mentions
def test_chain_of_prefecture_short_and_county(gz: Gazetteer) -> None:
    text = "我们在广安华蓥市调研"
    ms = find_mentions(gz, text)
    assert codes(ms) == [("广安", "511600000000"), ("华蓥市", "511681000000")]
    assert all(text[m.start : m.end] == m.text for m in ms)


def test_chain_binds_township_and_village(gz: Gazetteer) -> None:
    ms = find_mentions(gz, "新晃凉伞镇凉伞村的村民")
    assert codes(ms) == [
        ("新晃", "431227000000"),
        ("凉伞镇", "431227104000"),
        ("凉伞村", "431227104211"),
    ]
    assert ms[-1].reason == "chain"


def test_a_one_character_village_straight_after_its_county(gz: Gazetteer) -> None:
    # 范村 is the one village of that name in 大名县 (河北): named so only after it
    ms = find_mentions(gz, "市里的工作队进驻大名县范村，范村的路修好了。")
    assert codes(ms) == [("大名县", "130425000000"), ("范村", "130425107225")]
    assert ms[-1].reason == "chain"
    # a character and 村 that make a word, and one not after the county, are no village
    assert codes(find_mentions(gz, "大名县乡村振兴局和大名县村民")) == [
        ("大名县", "130425000000"),
        ("大名县", "130425000000"),
    ]
    assert codes(find_mentions(gz, "他到范村看了看")) == []


def test_village_missing_under_its_township_is_not_matched_elsewhere(gz: Gazetteer) -> None:
    # 桂镇村 exists elsewhere (Anhui) but not under 凉伞镇.
    ms = find_mentions(gz, "新晃凉伞镇桂镇村")
    last = ms[-1]
    assert (last.text, last.code, last.level) == ("桂镇村", None, "village")
    assert last.reason.startswith("not in 2023 registry")


def test_places_inside_organisation_names(gz: Gazetteer) -> None:
    ms = find_mentions(gz, "四川省扶贫开发局和达州市扶贫移民局联合发文")
    assert codes(ms) == [("四川省", "510000000000"), ("达州市", "511700000000")]


def test_generic_words_are_not_places(gz: Gazetteer) -> None:
    text = "全县各乡镇对贫困村开展帮扶，市辖区内省市县三级联动，XX省XX县也参照执行"
    assert find_mentions(gz, text) == []


def test_common_word_short_forms_need_context(gz: Gazetteer) -> None:
    assert find_mentions(gz, "世界和平与东方文化") == []
    assert find_mentions(gz, "他们长安心，太平无事") == []


def test_short_forms_across_word_edges_are_not_places(gz: Gazetteer) -> None:
    # 高平 (a county short form) straddles 提高 and 平台; 磐石 and 玄武 are words.
    assert find_mentions(gz, "要提高平台的服务能力") == []
    assert find_mentions(gz, "学习磐石精神，玄武门之变") == []
    assert find_mentions(gz, "到达县城") == []


def test_district_short_form_needs_context(gz: Gazetteer) -> None:
    assert find_mentions(gz, "秦州开展帮扶") == []
    (m,) = find_mentions(gz, "秦州开展帮扶", jurisdiction="6205")
    assert (m.code, m.reason) == ("620502000000", "jurisdiction")


def test_township_outside_jurisdiction_placed_by_nearby_partner(gz: Gazetteer) -> None:
    text = "深圳市龙华区与凌云县结对，观澜街道与伶站瑶族乡结对"
    found = {m.text: (m.code, m.reason) for m in find_mentions(gz, text, jurisdiction="451027")}
    assert found["观澜街道"] == ("440309006000", "nearby")
    assert found["伶站瑶族乡"][0] == "451027201000"


def test_township_not_under_jurisdiction_is_reported(gz: Gazetteer) -> None:
    (m,) = find_mentions(gz, "观澜街道干部到村", jurisdiction="451027")
    assert m.code is None and m.reason == "not in 2023 registry under 凌云县"


def test_ordinary_words_need_the_unit_itself(gz: Gazetteer) -> None:
    # 合作 (合作市) and 和县 are places only in a document about them.
    assert find_mentions(gz, "加强合作", jurisdiction="6230") == []
    (m,) = find_mentions(gz, "合作开展帮扶", jurisdiction="623001")
    assert m.code == "623001000000"
    assert find_mentions(gz, "市委书记和县委书记", jurisdiction="3405") == []
    (m,) = find_mentions(gz, "和县开展帮扶", jurisdiction="3405")
    assert m.code == "340523000000"


def test_cun_starting_a_word_is_not_a_village_suffix(gz: Gazetteer) -> None:
    assert find_mentions(gz, "新建村级活动场所", jurisdiction="511681") == []
    assert find_mentions(gz, "强化农村基层组织", jurisdiction="511681") == []


def test_a_village_ending_in_shancun_is_a_village_and_a_hill_village_is_not(
    gz: Gazetteer,
) -> None:
    ms = find_mentions(gz, "宕昌县张家山村的第一书记说")
    assert codes(ms) == [("宕昌县", "621223000000"), ("张家山村", "621223220206")]
    assert find_mentions(gz, "走进偏远山村，看望贫困山村的群众", jurisdiction="621223") == []


def test_ambiguous_township_left_unresolved(gz: Gazetteer) -> None:
    (m,) = find_mentions(gz, "城关镇的干部")
    assert m.code is None and m.reason == "ambiguous" and len(m.candidates) > 10
    assert m.level == "township"


def test_jurisdiction_resolves_ambiguous_name(gz: Gazetteer) -> None:
    (m,) = find_mentions(gz, "城关镇的干部", jurisdiction="630121")
    assert (m.code, m.reason) == ("630121101000", "jurisdiction")


def test_nearby_mention_resolves_ambiguous_name(gz: Gazetteer) -> None:
    ms = find_mentions(gz, "大通回族土族自治县召开会议。城关镇的干部参加。")
    assert codes(ms)[-1] == ("城关镇", "630121101000")
    assert ms[-1].reason == "nearby"


def test_township_resolved_nearby_places_the_village_after_it(gz: Gazetteer) -> None:
    ms = find_mentions(gz, "大通回族土族自治县召开会议。城关镇西门村的干部参加。")
    assert codes(ms)[-2:] == [("城关镇", "630121101000"), ("西门村", "630121101203")]


def test_a_village_the_registry_lacks_under_its_township_has_no_code(gz: Gazetteer) -> None:
    ms = find_mentions(gz, "会同县广坪镇石榴湾村今年修了新路。")
    assert codes(ms) == [("会同县", "431225000000"), ("广坪镇", "431225106000"), ("石榴湾村", None)]
    assert ms[-1].level == "village" and ms[-1].reason == "not in 2023 registry (under 广坪镇)"
    # the longer unknown name wins over a registered child's name inside it (三壶 in 三壶岭村)
    assert codes(find_mentions(gz, "沿河县淇滩镇三壶岭村"))[-1] == ("三壶岭村", None)
    # a generic word after the township is no village
    assert codes(find_mentions(gz, "会同县广坪镇贫困村")) == [
        ("会同县", "431225000000"),
        ("广坪镇", "431225106000"),
    ]


def test_a_village_named_in_full_is_then_known_by_its_short_name(gz: Gazetteer) -> None:
    text = "宕昌县甘江头乡张家山村修了路。如今张家山的路通了，张家山屯也通了。"
    ms = find_mentions(gz, text)
    short = [m for m in ms if m.text == "张家山"]
    assert [(m.start, m.code, m.reason) for m in short] == [
        (text.index("张家山的"), "621223220206", "short for 张家山村")
    ]  # 张家山屯 is a name of its own


def test_big_cities_are_places_by_their_bare_names(gz: Gazetteer) -> None:
    got = codes(find_mentions(gz, "深圳、广州两地商会向村里捐款，南京企业也来了。"))
    assert got == [("深圳", "440300000000"), ("广州", "440100000000"), ("南京", "320100000000")]
    assert find_mentions(gz, "开封仪式") == []  # 开封 is a word (to unseal) first


def test_a_bare_name_shared_with_districts_is_the_region_unless_context_says(
    gz: Gazetteer,
) -> None:
    assert codes(find_mentions(gz, "西安的企业来村里考察")) == [("西安", "610100000000")]
    assert codes(find_mentions(gz, "河北的干部")) == [("河北", "130000000000")]
    # with 辽源 in reach, 西安 is its district
    ms = find_mentions(gz, "辽源市召开会议。西安的干部参加。")
    assert codes(ms)[-1] == ("西安", "220403000000")


def test_old_county_name_resolves_to_successor(gz: Gazetteer) -> None:
    (m,) = find_mentions(gz, "达县扶贫工作", jurisdiction="5117")
    assert m.code == "511703000000"
    assert m.reason == "historical: 达县 → 达川区 (valid until 2013)"


def test_bare_village_names_need_a_suffix(gz: Gazetteer) -> None:
    # 凉伞 alone is a village stem and a township stem: never matched bare.
    assert find_mentions(gz, "凉伞") == []


def test_bad_jurisdiction_is_an_input_error(gz: Gazetteer) -> None:
    with pytest.raises(InputError):
        find_mentions(gz, "华蓥市", jurisdiction="519999")


# ------------------------------------------------------------------ place_info / CLI
def test_place_info_shape(gz: Gazetteer) -> None:
    info = place_info(gz, "华蓥市")
    assert not info["ambiguous"]
    (m,) = info["matches"]
    assert [a["name"] for a in m["chain"]] == ["四川省", "广安市"]
    assert m["counts"]["village_level"] > 0


def test_place_info_ambiguous_and_historical(gz: Gazetteer) -> None:
    assert place_info(gz, "广安")["ambiguous"]
    assert place_info(gz, "达县")["historical"][0]["successor"]["code"] == "511703000000"


def test_cli_place_json() -> None:
    from typer.testing import CliRunner

    from kg.cli import app

    res = CliRunner().invoke(app, ["place", "511681", "--json"])
    assert res.exit_code == 0
    assert json.loads(res.stdout)["matches"][0]["unit"]["name"] == "华蓥市"


def test_cli_place_unknown_code() -> None:
    from typer.testing import CliRunner

    from kg.cli import app

    res = CliRunner().invoke(app, ["place", "519999"])
    assert res.exit_code == 2


# ------------------------------------------------------------------ seeds
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEED_PLACES = {
    "000": ("511681", {"华蓥市": "511681", "广安": "5116", "广安市": "5116", "四川省": "51"}),
    "001": ("630121", {"大通县": "630121", "大通回族土族自治县": "630121", "青海": "63"}),
    "002": ("620502", {"秦州区": "620502"}),
    "003": ("5117", {"达州": "5117", "达州市": "5117", "四川省": "51"}),
    "004": (None, {"阜平县": "130624"}),
}


@pytest.mark.seeds
@pytest.mark.parametrize("with_jurisdiction", [True, False])
@pytest.mark.parametrize("prefix", sorted(SEED_PLACES))
def test_seed_places_resolve(gz: Gazetteer, prefix: str, with_jurisdiction: bool) -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"seeds not found at {SEEDS}")
    files = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not files:
        pytest.skip(f"seed {prefix} not found")
    import opencc

    text = opencc.OpenCC("t2s").convert(files[0].read_text(encoding="utf-8"))
    jurisdiction, expected = SEED_PLACES[prefix]
    ms = find_mentions(gz, text, jurisdiction=jurisdiction if with_jurisdiction else None)
    found = {m.text: m.code for m in ms}
    assert found == {k: v.ljust(12, "0") for k, v in expected.items()}

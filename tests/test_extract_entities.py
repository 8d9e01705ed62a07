"""Organisations, roles, people, jurisdiction and links through the whole
pipeline, on sentences written for these tests (places from the registry)."""

from __future__ import annotations

from ingest.extract.orgs import find_orgs
from ingest.extract.people import find_people, looks_like_name
from ingest.extract.roles import find_roles


def ents(record: dict, typ: str) -> dict[str, dict]:
    return {e["text"]: e for e in record["entities"] if e["type"] == typ}


def test_org_grammar() -> None:
    text = "县委组织部会同县农业农村局、县人力资源社会保障局和民政局召开会议，县委作出部署。"
    got = {m.text: m.attrs for m in find_orgs(text, [])}
    assert got["县委组织部"]["org_type"] == "party_department"
    assert got["县农业农村局"]["org_type"] == "government_agency"
    assert "县人力资源社会保障局" in got and "民政局" in got
    assert got["县委"] == {"org_type": "party_committee", "collective": False}


def test_collectives_are_marked() -> None:
    got = {m.text: m.attrs for m in find_orgs("各乡镇党委和县直相关单位要抓好落实。", [])}
    assert got["各乡镇党委"]["collective"] is True
    assert got["县直相关单位"]["collective"] is True


def test_bare_bodies_and_posts_are_not_orgs() -> None:
    got = {m.text for m in find_orgs("组织部长带队，成立合作社，建立驻村工作队。", [])}
    assert got == set()


def test_open_names_need_something_proper() -> None:
    got = {
        m.text: m.attrs["org_type"]
        for m in find_orgs("引进禾丰源种植专业合作社，由脱贫攻坚领导小组统筹。", [])
    }
    assert got.get("禾丰源种植专业合作社") == "cooperative"
    assert got.get("脱贫攻坚领导小组") == "leading_group"


def test_peoples_organisations_by_their_short_names() -> None:
    text = "县文联、市作协和县侨联组织作家采风，市慈善总会捐了款。"
    got = {m.text: m.attrs["org_type"] for m in find_orgs(text, [])}
    assert got == dict.fromkeys(["县文联", "市作协", "县侨联", "市慈善总会"], "social_org")


def test_roles_longest_match_and_exclusions() -> None:
    got = [
        m.text
        for m in find_roles(
            "村党组织书记和驻村第一书记、科级干部参加，干部群众列席，城市长远规划。"
        )
    ]
    assert got == ["村党组织书记", "驻村第一书记", "科级干部"]


def test_a_levels_leaders_without_ji_are_a_role(run_rules) -> None:
    text = "12名市领导、州领导和区直领导分别联系贫困村，市领导小组和县领导班子另行安排。"
    got = [m.text for m in find_roles(text)]
    assert got == ["市领导", "州领导", "区直领导"]
    # the end of a place's name is no level (新晃凉伞镇领导: 凉伞镇's leaders)
    ents = run_rules("新晃凉伞镇领导到凉伞村调研。")["entities"]
    assert not [e for e in ents if e["type"] == "ROLE"]


def test_helpers_named_by_how_they_help_are_a_role() -> None:
    text = "自治区级领导、帮扶干部和挂职干部都到了，结对帮扶干部与包村领导随后，帮扶领导小组开会。"
    got = [m.text for m in find_roles(text)]
    assert got == ["自治区级领导", "帮扶干部", "挂职干部", "结对帮扶干部", "包村领导"]


def test_names() -> None:
    assert looks_like_name("王建国")
    assert not looks_like_name("XXX")
    assert not looks_like_name("和扶贫")


def test_people_from_author_line_and_post() -> None:
    text = "某县党建工作侧记\n第一书记刘晓东带领群众修路。\n（县委组织部  孙丽、周航）"
    roles = find_roles(text)
    got = {m.text: m.attrs["role"] for m in find_people(text, roles, set())}
    assert got == {"刘晓东": "第一书记", "孙丽": "作者", "周航": "作者"}


def _people(run, text: str) -> dict[str, str | None]:
    return {e["text"]: e["role"] for e in run(text)["entities"] if e["type"] == "PERSON"}


def test_people_after_cue_words_end_on_a_word_boundary(run_rules) -> None:
    run = run_rules
    assert _people(run, "合作社理事长马春生商量后，决定扩建冷库。") == {"马春生": "理事长"}
    assert _people(run, "脱贫户周桂香一边晒辣椒一边算账。") == {"周桂香": "脱贫户"}
    assert _people(run, "县林业局副局长郑明远挂任副乡长。") == {"郑明远": "副局长"}
    assert _people(run, "村民黄志强说，路修好了。") == {"黄志强": "村民"}
    assert _people(run, "驻村第一书记刘洋介绍，大棚已经建成。") == {"刘洋": "驻村第一书记"}


def test_cue_words_without_a_name(run_rules) -> None:
    run = run_rules
    # an ordinary word after the cue, 和 as "and", no name at all
    assert _people(run, "村民代表大会表决通过。群众高兴地说好。") == {}
    assert _people(run, "组织干部和驻村队员开展培训。") == {}


def test_bylines_with_a_space_and_known_figures(run_rules) -> None:
    run = run_rules
    text = "学习习近平总书记重要讲话精神。\n（县融媒体中心记者 吴梦瑶 通讯员 邓子涵）"
    assert _people(run, text) == {"习近平": "总书记", "吴梦瑶": "作者", "邓子涵": "作者"}


def test_bylines_in_a_news_opening_with_names_run_together(run_rules) -> None:
    run = run_rules
    text = "本报讯（记者郑一鸣 □宋佳琪） 县里新修了一条路。"
    assert _people(run, text) == {"郑一鸣": "记者", "宋佳琪": "记者"}
    text = "新华网北京5月1日电(记者林小海)今年春耕开始了。"
    assert _people(run, text) == {"林小海": "记者"}
    text = "□本报记者丁海波通讯员邓雨涵高思远\n春耕开始了。"
    assert _people(run, text) == {"丁海波": "记者", "邓雨涵": "通讯员", "高思远": "通讯员"}


def test_a_credit_of_names_closing_a_report_names_its_authors(run_rules) -> None:
    run = run_rules
    text = "县里的工作队走访了青山村。\n路修好了，村民很高兴。(郑一鸣)"
    assert _people(run, text) == {"郑一鸣": "作者"}
    text = "县里的工作队走访了青山村。\n路修好了，村民很高兴。(郑一鸣 宋佳琪) |"
    assert _people(run, text) == {"郑一鸣": "作者", "宋佳琪": "作者"}
    # a name in parentheses inside the text is no credit
    assert _people(run, "第一书记(郑一鸣)带队走访了青山村，路修好了。") != {"郑一鸣": "作者"}


def test_what_only_looks_like_a_byline_names_nobody(run_rules) -> None:
    run = run_rules
    # the reporter as the subject of a sentence, and a block with more than names
    assert _people(run, "近日，记者从县扶贫办获悉，春耕开始了。") == {}
    assert _people(run, "（记者到村里走了一圈）") == {}


def test_a_place_inside_a_persons_name_is_no_place(run) -> None:
    ents = run("驻村第一书记徐隆林说，路修好了。")["entities"]
    assert {(e["type"], e["text"]) for e in ents if e["type"] in ("PERSON", "PLACE")} == {
        ("PERSON", "徐隆林")
    }


def test_a_place_ending_in_its_level_takes_the_committee(run_rules) -> None:
    run = run_rules
    orgs = {
        e["text"]
        for e in run("晴隆县委、县政府建立包村制度，落实红河州委部署。")["entities"]
        if e["type"] == "ORG"
    }
    assert {"晴隆县委", "红河州委"} <= orgs and "县委" not in orgs


def test_whole_pipeline_on_a_county_report(run) -> None:
    text = (
        "大通县深入实施“红色头雁”工程\n"
        "大通县坚持抓党建促脱贫，全面实施“红色头雁”工程。"
        "12名县级领导、30个县直单位定点联系25个贫困村，选派25名第一书记驻村帮扶。"
        "县财政投入资金1500万元用于村级集体经济发展。"
        "成立由县委书记任组长的脱贫攻坚领导小组。\n"
        "（作者单位：大通回族土族自治县委组织部）"
    )
    out = run(text)
    assert out["jurisdiction"] == {"text": "大通县", "code": "630121000000"}
    assert ents(out, "PLACE")["大通县"]["code"] == "630121000000"
    assert "红色头雁工程" in ents(out, "PROGRAM")
    assert ents(out, "MONEY")["1500万元"]["value"] == 15_000_000
    assert "大通回族土族自治县委组织部" in ents(out, "ORG")
    links = {(x["rel"], x["subject"], x["object"]) for x in out["links"]}
    assert ("helps", "12名县级领导", "25个贫困村") in links
    assert ("helps", "30个县直单位", "25个贫困村") in links
    assert ("implements", "大通县", "红色头雁工程") in links
    assert ("leads", "县委书记", "脱贫攻坚领导小组") in links
    assert ("funds", "1500万元", "村级集体经济发展") in links
    kinds = {x["cue"]: x["kind"] for x in out["links"] if x["rel"] == "helps"}
    assert kinds["定点联系"] == "定点帮扶"
    assert kinds["驻村帮扶"] == "驻村帮扶"


def test_offsets_point_into_the_original_traditional_text(run_rules) -> None:
    run = run_rules
    original = "秦州區選派3名幹部駐村幫扶5個貧困村。"
    out = run(original)
    for q in out["quantities"]:
        s, e = q["start"], q["end"]
        assert len(original[s:e]) == len(q["text"])
    place = ents(out, "PLACE")["秦州区"]
    assert original[place["start"] : place["end"]] == "秦州區"


def test_unnamed_jurisdiction(run_rules) -> None:
    run = run_rules
    out = run("XX县关于开展结对帮扶的实施方案\n各乡镇党委要组织实施“暖心行动”。")
    assert out["jurisdiction"] == {"text": None, "code": None}
    assert not [e for e in out["entities"] if e["type"] == "PLACE"]


def test_the_jurisdiction_is_the_most_specific_place_the_report_is_about(run_rules) -> None:
    run = run_rules
    # a story about one village: its county in the title, the village throughout
    text = (
        "宕昌县：一条山路的故事\n记者 王明\n2020年5月\n"
        "张家山村今年修通了水泥路。\n张家山村的花椒卖上了好价钱。\n张家山村的群众说日子越过越好。"
    )
    assert run(text)["jurisdiction"]["text"] == "张家山村"
    # a county's briefing that names one of its villages in passing stays the county's
    text = (
        "宕昌县脱贫攻坚工作总结\n宕昌县今年修路百公里。宕昌县各乡镇都有了产业，张家山村也不例外。"
    )
    assert run(text)["jurisdiction"]["text"] == "宕昌县"


def test_narrowing_takes_the_nearest_unit_common_to_the_places_named_most() -> None:
    from ingest.extract.jurisdiction import _narrowed

    county, town, v1, v2 = "210682000000", "210682101000", "210682101201", "210682101202"
    assert (
        _narrowed(county, {county: 3, town: 1, v1: 3, v2: 3}) == town
    )  # two villages: their township
    assert _narrowed(county, {county: 3, v1: 4}) == v1
    assert _narrowed(county, {county: 9, v1: 2, "210682102202": 2}) == county
    # the common township not named: the nearest named unit above it
    assert _narrowed(county, {county: 3, v1: 3, v2: 3}) == county


def test_more_bodies_and_one_body_after_a_collective_prefix() -> None:
    text = (
        "县委督查室牵头，县工商业联合会、县直机关工委、县直机关工作委员会配合，"
        "县融媒体中心报道；党员教育中心和便民服务中心已建成，县直各单位参加。"
    )
    got = {m.text: m.attrs["collective"] for m in find_orgs(text, [])}
    assert got == {
        "县委督查室": False,
        "县工商业联合会": False,
        "县直机关工委": False,
        "县直机关工作委员会": False,
        "县融媒体中心": False,
        "县直各单位": True,
    }

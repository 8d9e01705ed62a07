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


def test_roles_longest_match_and_exclusions() -> None:
    got = [
        m.text
        for m in find_roles(
            "村党组织书记和驻村第一书记、科级干部参加，干部群众列席，城市长远规划。"
        )
    ]
    assert got == ["村党组织书记", "驻村第一书记", "科级干部"]


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


def test_people_after_cue_words_end_on_a_word_boundary(run) -> None:
    assert _people(run, "合作社理事长马春生商量后，决定扩建冷库。") == {"马春生": "理事长"}
    assert _people(run, "脱贫户周桂香一边晒辣椒一边算账。") == {"周桂香": "脱贫户"}
    assert _people(run, "县林业局副局长郑明远挂任副乡长。") == {"郑明远": "副局长"}
    assert _people(run, "村民黄志强说，路修好了。") == {"黄志强": "村民"}
    assert _people(run, "驻村第一书记刘洋介绍，大棚已经建成。") == {"刘洋": "驻村第一书记"}


def test_cue_words_without_a_name(run) -> None:
    # an ordinary word after the cue, 和 as "and", no name at all
    assert _people(run, "村民代表大会表决通过。群众高兴地说好。") == {}
    assert _people(run, "组织干部和驻村队员开展培训。") == {}


def test_bylines_with_a_space_and_known_figures(run) -> None:
    text = "学习习近平总书记重要讲话精神。\n（县融媒体中心记者 吴梦瑶 通讯员 邓子涵）"
    assert _people(run, text) == {"习近平": "总书记", "吴梦瑶": "作者", "邓子涵": "作者"}


def test_a_place_ending_in_its_level_takes_the_committee(run) -> None:
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


def test_offsets_point_into_the_original_traditional_text(run) -> None:
    original = "秦州區選派3名幹部駐村幫扶5個貧困村。"
    out = run(original)
    for q in out["quantities"]:
        s, e = q["start"], q["end"]
        assert len(original[s:e]) == len(q["text"])
    place = ents(out, "PLACE")["秦州区"]
    assert original[place["start"] : place["end"]] == "秦州區"


def test_unnamed_jurisdiction(run) -> None:
    out = run("XX县关于开展结对帮扶的实施方案\n各乡镇党委要组织实施“暖心行动”。")
    assert out["jurisdiction"] == {"text": None, "code": None}
    assert not [e for e in out["entities"] if e["type"] == "PLACE"]


def test_duty_lists_yield_one_link_per_unit(run) -> None:
    text = (
        "二、主要任务\n1.加强村级组织建设。围绕基层堡垒开展整顿。"
        "（责任单位：县委组织部、县民政局、各乡镇党委）\n"
    )
    out = run(text)
    duties = {(x["subject"], x["object"]) for x in out["links"] if x["rel"] == "responsible_for"}
    assert duties == {
        ("县委组织部", "加强村级组织建设"),
        ("县民政局", "加强村级组织建设"),
        ("各乡镇党委", "加强村级组织建设"),
    }


def test_counted_teams_keep_their_own_villages_and_staff(run) -> None:
    text = (
        "大通县8名县级领导联系12个贫困村；抽调60名干部组建12个工作队，驻村开展帮扶，"
        "另由30个工作组帮扶30个非贫困村；9个驻村帮扶工作队进驻9个易地搬迁村，共派驻工作队员41名。"
    )
    out = run(text)
    helps = {(x["subject"], x["object"]): x for x in out["links"] if x["rel"] == "helps"}
    # the 12 teams are stationed in the 12 poor villages of the clause before, not in
    # the 30 non-poor villages that belong to the 30 work groups
    assert ("12个工作队", "12个贫困村") in helps and helps[("12个工作队", "12个贫困村")]["inferred"]
    assert ("12个工作队", "30个非贫困村") not in helps
    assert ("30个工作组", "30个非贫困村") in helps
    # the cadres go to the nearest team count in their clause
    assert helps[("12个工作队", "12个贫困村")]["members"] == "60名干部"
    assert "members" not in helps[("30个工作组", "30个非贫困村")]
    assert helps[("9个驻村帮扶工作队", "9个易地搬迁村")]["members"] == "工作队员41名"


def test_pairs_written_with_yu_and_respective_lists(run) -> None:
    text = (
        "晴隆县推动县直单位结对帮扶。对沙子镇兴合村、花贡镇竹塘村、茶马镇董箐村，"
        "县委组织部、县扶贫开发办公室、县农业农村局分别派出干部驻村帮扶。"
        "深圳市龙华区民治街道与晴隆县沙子镇、观澜街道与晴隆县花贡镇结成帮扶对子。"
    )
    out = run(text)
    helps = {(x["subject"], x["object"]) for x in out["links"] if x["rel"] == "helps"}
    # 分别: the n helpers and the n villages, in order
    assert {
        ("县委组织部", "兴合村"),
        ("县扶贫开发办公室", "竹塘村"),
        ("县农业农村局", "董箐村"),
    } <= helps
    assert ("县委组织部", "竹塘村") not in helps
    # A与B、C与D结成帮扶对子: pair by pair, a place naming the next one skipped
    assert {("民治街道", "沙子镇"), ("观澜街道", "花贡镇")} <= helps
    assert ("民治街道", "花贡镇") not in helps


def _links(run, text: str, rel: str) -> set[tuple[str, str]]:
    return {(x["subject"], x["object"]) for x in run(text)["links"] if x["rel"] == rel}


def test_helpers_sent_to_targets_before_the_cue(run) -> None:
    text = (
        "平坝区组建40个驻村工作队，分赴25个贫困村和15个非贫困村驻村帮扶。"
        "市里先后选派8名党政干部到平坝区挂职。"
    )
    helps = _links(run, text, "helps")
    assert {
        ("40个驻村工作队", "25个贫困村"),
        ("40个驻村工作队", "15个非贫困村"),
        ("8名党政干部", "平坝区"),
    } <= helps


def test_pairs_across_a_modifier_and_listed_targets(run) -> None:
    text = (
        "市水利局26名干部与全村90户贫困户一一结成帮扶对子。"
        "县慈善协会组织200名志愿者结对联系乐平镇塘约村、红枫湖镇右二村等12个村。"
    )
    helps = _links(run, text, "helps")
    assert ("26名干部", "90户贫困户") in helps
    assert {
        ("200名志愿者", "塘约村"),
        ("200名志愿者", "右二村"),
        ("200名志愿者", "12个村"),
    } <= helps
    assert ("200名志愿者", "乐平镇") not in helps  # the village, not its township


def test_funds_purposes_recipients_and_what_is_built(run) -> None:
    text = (
        "全县整合各类资金2.4亿元，其中财政资金9000万元，集中用于农村道路和饮水工程。"
        "县里投入600万元新建冷链仓储中心；合作社向入股的120户贫困户发放分红资金36万元。"
        "区里投入资金800万元，实施帮扶项目12个，其中投入300万元用于茶园提质。"
    )
    funds = _links(run, text, "funds")
    assert {("2.4亿元", "农村道路和饮水工程"), ("9000万元", "农村道路和饮水工程")} <= funds
    assert ("600万元", "新建冷链仓储中心") in funds
    assert ("36万元", "120户贫困户") in funds
    assert ("300万元", "茶园提质") in funds
    assert ("800万元", "茶园提质") not in funds  # another allocation comes first


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


def test_leads_of_a_named_body_and_of_a_bare_title(run) -> None:
    text = (
        "由县委书记、县长共同担任县脱贫攻坚指挥部指挥长，每月调度一次。"
        "市农业农村局派驻的驻村工作队进驻河口村，第一书记王海任队长，带领队员入户。"
        "成立花园村种养专业合作社，村党支部书记李明任理事长。"
    )
    leads = _links(run, text, "leads")
    assert {("县委书记", "县脱贫攻坚指挥部"), ("县长", "县脱贫攻坚指挥部")} <= leads
    assert ("王海", "驻村工作队") in leads and ("王海", "市农业农村局") not in leads
    assert ("李明", "花园村种养专业合作社") in leads


def test_first_secretaries_seconded_cadres_and_unnamed_teams(run) -> None:
    text = (
        "2019年2月，市财政局选派的驻村工作队进驻华蓥市禄市镇石岭岗村，市财政局干部王海担任驻村第一书记。"
        "初到村里，第一书记刘洋走访农户。区发改局副局长陈明挂任凌云县委常委。"
    )
    out = run(text)
    helps = {(x["subject"], x["object"]): x for x in out["links"] if x["rel"] == "helps"}
    assert helps[("王海", "石岭岗村")]["kind"] == "驻村帮扶"
    assert helps[("驻村工作队", "石岭岗村")]["kind"] == "驻村帮扶"
    # the village of the sentence before, marked as inferred
    assert helps[("刘洋", "石岭岗村")].get("inferred") is True
    assert helps[("陈明", "凌云县")]["kind"] == "挂职"
    people = {e["text"] for e in out["entities"] if e["type"] == "PERSON"}
    assert people == {"王海", "刘洋", "陈明"}  # not 陈明挂


def test_target_written_before_the_helper(run) -> None:
    text = "对华蓥市禄市镇石岭岗村等2个深度贫困村，由1名县委常委包村挂帅。"
    out = run(text)
    assert "1名县委常委" in {q["text"] for q in out["quantities"]}
    assert ("1名县委常委", "2个深度贫困村") in _links(run, text, "helps")


def test_implements_by_coordinated_bodies_and_measures_named_with_banfa(run) -> None:
    text = (
        "平坝区委、区政府建立“干部包户、部门包村”责任体系，由区委书记任指挥长。"
        "全面实行驻村干部“周例会、月通报”管理办法。"
    )
    out = run(text)
    progs = {e["text"]: e["kind"] for e in out["entities"] if e["type"] == "PROGRAM"}
    assert progs == {
        "干部包户、部门包村责任体系": "mechanism",
        "周例会、月通报管理办法": "policy_document",
    }
    implements = {(x["subject"], x["object"]) for x in out["links"] if x["rel"] == "implements"}
    assert {
        ("平坝区委", "干部包户、部门包村责任体系"),
        ("区政府", "干部包户、部门包村责任体系"),
    } <= implements
    # 指挥长 heads a command, not the county government
    assert not [x for x in out["links"] if x["rel"] == "leads"]

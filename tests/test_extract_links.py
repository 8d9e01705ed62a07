"""Links (ingest/extract/links): each relation family on sentences written for the
test, and the shared pieces (sides, the coordination rule)."""

from __future__ import annotations

from types import SimpleNamespace

from ingest.extract.links.sides import COORD, COORD_OR_ETC, coordinated_before, longest_first


def _spans(text: str, *parts: str) -> list[SimpleNamespace]:
    """Stand-ins for sides: the first occurrence of each part, in order."""
    out, pos = [], 0
    for p in parts:
        k = text.index(p, pos)
        out.append(SimpleNamespace(text=p, start=k, end=k + len(p)))
        pos = k + len(p)
    return out


def test_coordination_walks_back_over_coordinators_only() -> None:
    text = "市委、市政府和县委以及县政府，镇党委组织"
    a, b, c, d, e = _spans(text, "市委", "市政府", "县委", "县政府", "镇党委")
    assert [x.text for x in coordinated_before(text, [a, b, c], d)] == [
        "市委",
        "市政府",
        "县委",
        "县政府",
    ]
    # a comma ends the coordination
    assert [x.text for x in coordinated_before(text, [a, b, c, d], e)] == ["镇党委"]


def test_coordination_respects_accept() -> None:
    text = "县委、县政府和乡镇"
    a, b, c = _spans(text, "县委", "县政府", "乡镇")
    got = coordinated_before(text, [a, b], c, accept=lambda x: x.text != "县政府")
    assert [x.text for x in got] == ["乡镇"]


def test_coordinator_patterns() -> None:
    assert all(COORD.fullmatch(w) for w in ("、", "和", "及", "与", "以及"))
    assert not COORD.fullmatch("，") and not COORD.fullmatch("等")
    assert COORD_OR_ETC.fullmatch("等")
    assert longest_first(["帮扶", "结对帮扶", "结对"]).split("|")[0] == "结对帮扶"


def test_duty_lists_yield_one_link_per_unit(run_rules) -> None:
    run = run_rules
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


def test_counted_teams_keep_their_own_villages_and_staff(run_rules) -> None:
    run = run_rules
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


def test_pairs_written_with_yu_and_respective_lists(run_rules) -> None:
    run = run_rules
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


def test_helpers_sent_to_targets_before_the_cue(run_rules) -> None:
    run = run_rules
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


def test_pairs_across_a_modifier_and_listed_targets(run_rules) -> None:
    run = run_rules
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


def test_funds_purposes_recipients_and_what_is_built(run_rules) -> None:
    run = run_rules
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


def test_leads_of_a_named_body_and_of_a_bare_title(run_rules) -> None:
    run = run_rules
    text = (
        "由县委书记、县长共同担任县脱贫攻坚指挥部指挥长，每月调度一次。"
        "市农业农村局派驻的驻村工作队进驻河口村，第一书记王海任队长，带领队员入户。"
        "成立花园村种养专业合作社，村党支部书记李明任理事长。"
    )
    leads = _links(run, text, "leads")
    assert {("县委书记", "县脱贫攻坚指挥部"), ("县长", "县脱贫攻坚指挥部")} <= leads
    assert ("王海", "驻村工作队") in leads and ("王海", "市农业农村局") not in leads
    assert ("李明", "花园村种养专业合作社") in leads


def test_first_secretaries_seconded_cadres_and_unnamed_teams(run_rules) -> None:
    run = run_rules
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


def test_a_first_secretary_helps_the_village_his_post_names(run_rules) -> None:
    run = run_rules
    # the post is not the last before the name, and another village comes later
    text = "林甸县东兴乡勤俭村第一书记、驻村工作队队长周明远带着旭日村的经验来了。"
    helps = _links(run, text, "helps")
    assert ("周明远", "勤俭村") in helps and ("周明远", "旭日村") not in helps
    text = "宕昌县张家山村驻村第一书记陈志强说，村里变化很大。"
    assert ("陈志强", "张家山村") in _links(run, text, "helps")


def test_a_head_named_after_the_body_and_its_title_leads_it(run) -> None:
    # the names and bodies come from the trained entity step here
    text = "会上，省委常委、省委组织部部长王立新出席并讲话。"
    assert ("王立新", "省委组织部") in _links(run, text, "leads")
    text = "市烟草专卖局党组书记、局长陈志强在会上说，要打赢这场仗。"
    assert ("陈志强", "市烟草专卖局") in _links(run, text, "leads")
    # a deputy leads nothing; a first secretary does not lead the branch
    assert _links(run, "县农业局副局长郑明远挂任副乡长。", "leads") == set()
    text = "据驻村工作组组长、青松村党支部第一书记周明远介绍，村里修了路。"
    assert _links(run, text, "leads") == {("周明远", "驻村工作组")}


def test_target_written_before_the_helper(run_rules) -> None:
    run = run_rules
    text = "对华蓥市禄市镇石岭岗村等2个深度贫困村，由1名县委常委包村挂帅。"
    out = run(text)
    assert "1名县委常委" in {q["text"] for q in out["quantities"]}
    assert ("1名县委常委", "2个深度贫困村") in _links(run, text, "helps")


def test_implements_by_coordinated_bodies_and_measures_named_with_banfa(run_rules) -> None:
    run = run_rules
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


def test_counts_that_help_and_counts_that_are_helped() -> None:
    from ingest.extract.links.sides import Side, is_helper, is_target
    from ingest.extract.records import Quantity

    def count(text: str, what: str, unit: str = "个") -> Side:
        return Side(text, 0, len(text), "quantity", Quantity(text, 1, unit, what, 0, len(text)))

    assert is_helper(count("12名县级领导", "县级领导", "名"))
    assert is_helper(count("8个工作队", "工作队"))
    assert not is_helper(count("8个贫困村", "贫困村"))
    assert is_target(count("8个贫困村", "贫困村"))
    assert is_target(count("79个村（社区）", "村（社区）"))
    assert not is_target(count("8个工作队", "工作队"))


def _helps(nlp, text: str) -> set[tuple[str, str]]:
    from ingest.extract import extract_text

    out = extract_text(text, nlp=nlp)
    return {(x["subject"], x["object"]) for x in out["links"] if x["rel"] == "helps"}


def test_respective_lists_pair_item_by_item_in_the_shipped_pipeline(nlp) -> None:
    text = (
        "陇西县财政局、陇西县民政局、陇西县水务局分别帮扶首阳镇樵家河村、菜子镇板羊村、"
        "福星镇庞家岔村。"
    )
    assert _helps(nlp, text) == {
        ("陇西县财政局", "樵家河村"),
        ("陇西县民政局", "板羊村"),
        ("陇西县水务局", "庞家岔村"),
    }


def test_respective_places_go_to_the_phrase_before_fenbie_not_its_senders(nlp) -> None:
    text = (
        "陇西县财政局、民政局等单位的3支驻村工作队分别进驻陇西县首阳镇樵家河村、"
        "菜子镇板羊村、福星镇庞家岔村。"
    )
    got = _helps(nlp, text)
    assert {("3支驻村工作队", v) for v in ("樵家河村", "板羊村", "庞家岔村")} == got
    # neither the senders nor the county the first village's address starts with
    assert not {x for x in got if x[0] == "陇西县财政局" or x[1] == "陇西县"}


def test_respective_reading_leaves_other_sentences_alone(nlp) -> None:
    from ingest.extract.links.respective import respective
    from ingest.extract.records import Link, State

    # no helper right before 分别 (a passive sentence): nothing to pair
    state = State(text="甲村、乙村分别由县里帮扶。")
    kept = [Link("helps", "县里", "甲村", "帮扶", 0, 2)]
    assert respective(state, list(kept), lambda *a: None) == kept  # type: ignore[arg-type,return-value]


def test_joint_help_goes_to_every_coordinated_helper(nlp) -> None:
    # 与 … 共同: both help the village, neither helps the other
    text = "陇西县财政局与陇西县民政局共同帮扶首阳镇樵家河村。"
    assert _helps(nlp, text) == {("陇西县财政局", "樵家河村"), ("陇西县民政局", "樵家河村")}
    # without 共同, 与 pairs a helper with the place it helps
    assert _helps(nlp, "陇西县财政局与首阳镇樵家河村结对帮扶。") == {("陇西县财政局", "樵家河村")}


def test_respective_lists_written_in_the_passive(nlp) -> None:
    text = "首阳镇樵家河村、菜子镇板羊村分别由陇西县财政局、陇西县民政局帮扶。"
    assert _helps(nlp, text) == {("陇西县财政局", "樵家河村"), ("陇西县民政局", "板羊村")}
    text = "首阳镇樵家河村、菜子镇板羊村和福星镇庞家岔村分别由陇西县财政局驻村工作队帮扶。"
    team = "陇西县财政局驻村工作队"
    assert {(team, v) for v in ("樵家河村", "板羊村", "庞家岔村")} <= _helps(nlp, text)

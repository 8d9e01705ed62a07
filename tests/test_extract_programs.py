"""Programme names: titles, quoted names with head nouns, slogans left out."""

from __future__ import annotations

from ingest.extract.programs import find_programs, program_kind


def names(text: str) -> list[str]:
    return [m.text for m in find_programs(text)]


def test_head_noun_after_quote_joins() -> None:
    assert names("全面实施“红色引擎”工程，推动发展。") == ["红色引擎工程"]
    assert names("探索“合作社+农户”帮带模式。") == ["合作社+农户帮带模式"]


def test_only_last_coordinated_quote_takes_the_head() -> None:
    assert names("推广“党员+农户”和“支部联建”工作法。") == ["党员+农户", "支部联建工作法"]


def test_blocked_by_de_and_deng() -> None:
    assert names("开展“一村一品”等活动。") == ["一村一品"]
    assert names("坚持“一线工作”的方法。") == []


def test_policy_documents_in_titles() -> None:
    ms = find_programs("认真贯彻《某县脱贫攻坚实施意见(2018-2020年)》。")
    assert [(m.text, m.attrs["kind"]) for m in ms] == [
        ("某县脱贫攻坚实施意见(2018-2020年)", "policy_document")
    ]


def test_slogans_roles_and_generic_terms_are_not_programmes() -> None:
    text = "坚持“先富帮后富”的原则，当好“领头羊”，选好“第一书记”，发展“扶贫车间”。"
    assert names(text) == []


def test_established_names_without_quotes() -> None:
    assert names("落实雨露计划培训补助。") == ["雨露计划"]


def test_kind_from_head() -> None:
    assert program_kind("乡村振兴示范工程") == "project"
    assert program_kind("人才回引行动") == "campaign"
    assert program_kind("三级联动机制") == "mechanism"
    assert program_kind("村社一体模式") == "model"
    assert program_kind("青年人才培养计划") == "plan"

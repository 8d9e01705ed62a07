"""Stationed teams named by their sender and their post (ingest/extract/teams.py)."""

from __future__ import annotations

import pytest

from ingest.extract import extract_text


def _orgs_and_helps(text: str) -> tuple[set[str], set[tuple[str, str]]]:
    r = extract_text(text)
    orgs = {e["text"] for e in r["entities"] if e["type"] == "ORG"}
    helps = {(lk["subject"], lk["object"]) for lk in r["links"] if lk["rel"] == "helps"}
    return orgs, helps


@pytest.mark.parametrize(
    ("text", "team", "sender", "village"),
    [
        (
            "市农业农村局驻东坡村工作队今年为村里修了3条路。",
            "市农业农村局驻东坡村工作队",
            "市农业农村局",
            "东坡村",
        ),
        (
            "县人民医院驻山峰村帮扶工作组来到村里义诊。",
            "县人民医院驻山峰村帮扶工作组",
            "县人民医院",
            "山峰村",
        ),
        # a village the registry does not know, after its county: the county is no part of it
        (
            "省文化厅驻蔚县石榴堡村扶贫工作队来了。",
            "省文化厅驻蔚县石榴堡村扶贫工作队",
            "省文化厅",
            "石榴堡村",
        ),
    ],
)
def test_the_sender_is_an_organisation_and_both_help_the_village(
    text: str, team: str, sender: str, village: str
) -> None:
    orgs, helps = _orgs_and_helps(text)
    assert {team, sender} <= orgs
    assert {(team, village), (sender, village)} <= helps


def test_a_place_before_zhu_is_where_the_team_works_not_who_sent_it() -> None:
    orgs, helps = _orgs_and_helps("宕昌县甘江头乡张家山村驻村工作队进村入户。")
    assert "张家山村" not in orgs
    assert any(obj == "张家山村" and "工作队" in subj for subj, obj in helps)


def test_a_team_without_a_sender_is_left_alone() -> None:
    orgs, _ = _orgs_and_helps("驻村工作队进村入户，走访了12户群众。")
    assert not any(o.endswith("驻") or o == "" for o in orgs)


def test_the_sender_ends_before_the_teams_post_words() -> None:
    # 访惠聚 (Xinjiang's programme) and 乡村振兴 are a team's post, not its sender's name
    orgs, _ = _orgs_and_helps("市畜牧兽医局访惠聚驻村工作队进村入户，走访了群众。")
    assert {"市畜牧兽医局访惠聚驻村工作队", "市畜牧兽医局"} <= orgs
    assert "市畜牧兽医局访惠聚" not in orgs


def test_a_numeral_in_a_villages_name_counts_nothing() -> None:
    r = extract_text("县里的工作队驻二工镇六户地村，为村民办了实事。")
    assert "六户地村" in {e["text"] for e in r["entities"] if e["type"] == "PLACE"}
    assert not [q for q in r["quantities"] if "六户" in q["text"]]

"""Media outlets named where a report gives its source (ingest/extract/sources.py)."""

from __future__ import annotations

import pytest

from ingest.extract import extract_text
from ingest.extract.sources import find_sources


def _found(text: str) -> list[str]:
    return [text[s:e] for s, e in find_sources(text)]


@pytest.mark.parametrize(
    ("text", "outlets"),
    [
        # a source line, its next field written straight after the name
        ("发布时间：2020-05-01 来源：青山日报作者：李明", ["青山日报"]),
        # two outlets joined by a dash, a title in book-title marks
        ("来源:东坡网-青山晚报农村版  浏览:35", ["东坡网", "青山晚报农村版"]),
        ("来源：《青山农民报》 作者：王强", ["青山农民报"]),
        # a dateline; a town written after the outlet is not part of it
        ("东坡新闻网讯（记者 李明）近日，", ["东坡新闻网"]),
        ("东坡新闻网柳镇讯（记者 李明）近日，", ["东坡新闻网"]),
        # a site's name on a line of its own, a local station of a news site
        ("首页\n  • 青山县域经济网\n正文", ["青山县域经济网"]),
        ("东坡网柳镇站\n正文", ["东坡网柳镇站"]),
        # a print edition's banner
        ("[2019年03月02日] -- 青山晨报 -- 版次:[A2]", ["青山晨报"]),
    ],
)
def test_outlets_are_found_whole(text: str, outlets: list[str]) -> None:
    assert _found(text) == outlets


@pytest.mark.parametrize(
    "text",
    [
        "来源：网络转载",
        "本报讯（记者 李明）近日，",
        "柳镇讯（记者 李明）近日，",  # a dateline's place
        "关于春耕工作的情况通报\n",  # a heading that ends in 报
        "党员服务站\n",
    ],
)
def test_what_is_no_outlet_is_left_alone(text: str) -> None:
    assert _found(text) == []


def test_the_outlet_replaces_a_name_cut_inside_it() -> None:
    text = "来源：东坡网-青山晚报农村版\n县农业农村局驻东坡村工作队今年为村里修了3条路。"
    r = extract_text(text)
    orgs = {e["text"] for e in r["entities"] if e["type"] == "ORG"}
    assert {"东坡网", "青山晚报农村版"} <= orgs
    assert "青山晚报" not in orgs
    media = [e for e in r["entities"] if e["text"] == "青山晚报农村版"]
    assert media[0]["org_type"] == "other"


def test_an_outlet_is_marked_and_never_paired_as_a_helper() -> None:
    from ingest.extract.learn.pairs import Cand, _not_its_helper
    from ingest.extract.records import Mention, State
    from ingest.extract.sources import mark_sources

    text = "来源：青山日报\n青山日报的记者到村里采访。"
    k = text.index("青山日报", 8)
    st = State(text=text, mentions=[Mention("ORG", "青山日报", k, k + 4, {"org_type": "other"})])
    mark_sources(st)
    outlets = [m for m in st.mentions if m.text == "青山日报"]
    assert len(outlets) == 2 and all(m.attrs.get("source") for m in outlets)
    village = Cand("凉伞村", 20, 23, "PLACE")
    assert _not_its_helper("helps", Cand("青山日报", k, k + 4, "ORG", outlets[1]), village)
    assert not _not_its_helper("funds", Cand("青山日报", k, k + 4, "ORG", outlets[1]), village)

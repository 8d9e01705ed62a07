"""kg.search: Chinese, Traditional, short forms, prefixes, substrings and pinyin."""

from __future__ import annotations

import pytest

from kg.search import SearchIndex, normalize_query, pinyin_key
from kg.settings import DEFAULT_BASE
from kg.store import OxigraphStore


def test_normalize_query() -> None:
    assert normalize_query("秦州區") == ("zh", "秦州区")
    assert normalize_query(" Qin Zhou'Qu ") == ("py", "qinzhouqu")
    assert normalize_query("qin1 zhou1 qu1") == ("py", "qinzhouqu")
    assert normalize_query("lü") == ("py", "lv")
    assert pinyin_key("重庆市") == "chongqingshi"  # read phrase by phrase, not 重 = zhong


@pytest.fixture(scope="module")
def index(gz, service_store) -> SearchIndex:
    with OxigraphStore(service_store, read_only=True) as s:
        return SearchIndex.build(gz, s, base=DEFAULT_BASE, villages=True)


@pytest.mark.parametrize("q", ["秦州区", "秦州", "秦州區", "qinzhou", "qin zhou qu", "620502"])
def test_qinzhou_first(index: SearchIndex, q: str) -> None:
    top = index.search(q, limit=3)[0]
    assert (top["label"], top["id"], top["in_store"]) == ("秦州区", "620502000000", True)


def test_villages_bookkeeping_rows_and_kinds(index: SearchIndex) -> None:
    hits = index.search("前坡村", limit=5)
    assert hits[0]["id"] == "620502102203"  # the one the store knows, before namesakes
    assert hits[0]["detail"] == "甘肃省 › 天水市 › 秦州区 › 藉口镇"
    assert all(h["label"] != "市辖区" for h in index.search("市辖区", limit=50))
    orgs = index.search("qinzhouquwei", kinds=("org",))
    assert [h["label"] for h in orgs] == ["秦州区委组织部"]
    assert {h["kind"] for h in index.search("qinzhou", kinds=("org",), limit=50)} == {"org"}
    assert index.search("", limit=5) == []

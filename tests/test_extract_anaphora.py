"""Anaphors that name a body or person introduced before (ingest/extract/anaphora.py),
and the link candidates they give. Sentences written for these tests."""

from __future__ import annotations

from ingest.document import Document
from ingest.extract import rule_state
from ingest.extract.anaphora import REACH, anaphors
from ingest.extract.learn.pairs import candidates
from ingest.normalize import normalize


def _state(nlp, text: str):
    return rule_state(nlp, normalize(Document(name="t", original=text)))


def _resolved(nlp, text: str) -> list[tuple[str, str]]:
    st = _state(nlp, text)
    return [(st.text[a.start : a.end], a.antecedent.text) for a in anaphors(st)]


def test_a_demonstrative_takes_the_nearest_name_with_its_head(nlp) -> None:
    got = _resolved(
        nlp,
        "秦州区交通运输局结对帮扶藉口镇前坡村。该局投入资金修建村道，"
        "天水恒达建材有限公司也来到该村，该公司捐赠水泥200吨。",
    )
    assert ("该局", "秦州区交通运输局") in got
    assert ("该公司", "天水恒达建材有限公司") in got
    assert ("该村", "前坡村") in got


def test_no_antecedent_no_anaphor(nlp) -> None:
    # 应该 is a word of its own; no earlier name ends with 项目
    assert _resolved(nlp, "宁远县交通运输局说，我们应该部署新的工作。该项目明年完工。") == []


def test_a_demonstrative_looks_back_only_so_far(nlp) -> None:
    filler = "村里的路修好了。" * REACH
    assert _resolved(nlp, "宁远县交通运输局派出干部。" + filler + "该局又派人来。") == []
    assert _resolved(nlp, "宁远县交通运输局派出干部。" + "村里的路修好了。" + "该局又派人来。")


def test_a_pronoun_takes_the_one_person_in_reach(nlp) -> None:
    got = _resolved(nlp, "第一书记赵志刚来到河湾村。他走访了全村农户。")
    assert got == [("他", "赵志刚")]
    # two people in reach: no guess; 其他 and 他们 are no pronoun of one person
    text = "队员赵志刚和钱晓东来到河湾村。他走访了农户，其他队员和他们一起。"
    assert [a for a in _resolved(nlp, text) if a[0] == "他"] == []


def test_an_anaphor_is_a_link_candidate_for_its_antecedent(nlp) -> None:
    st = _state(nlp, "宁远县交通运输局结对帮扶石门村。该局投入资金20万元用于修路。")
    at = st.text.index("该局")
    cands = [c for c in candidates(st) if c.anaphor]
    assert [(c.text, c.kind, c.start, c.end) for c in cands] == [
        ("宁远县交通运输局", "ORG", at, at + 2)
    ]

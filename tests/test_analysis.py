"""Coverage, gaps, claim checks and network measures on small hand-written graphs
with known answers (records written for these tests, real registry codes)."""

from __future__ import annotations

import hashlib

import polars as pl
import pytest

from kg import analysis
from kg.analysis.claims import helper_category, target_category
from kg.mapping import to_quads
from kg.store import OxigraphStore

BASE = "https://example.org/kg/"
DATONG = "630121000000"  # 大通回族土族自治县: 289 村委会, 24 社区
XINING = "630100000000"  # 西宁市, 7 county-level units
HUAYING = "511681000000"  # 华蓥市: 77 村委会, 30 社区
V1, V2 = "630121101200", "630121101201"  # 西关村委会, 上毛佰胜村委会 (城关镇)
V3 = "630121102200"  # 塔尔湾村委会 (塔尔镇)


def _rec(
    name: str,
    jurisdiction: tuple[str, str] | None,
    date: str | None,
    entities: list[dict],
    quantities: list[dict],
    links: list[dict],
) -> dict:
    sha = hashlib.sha256(name.encode()).hexdigest()
    pos = 0
    for item in (*entities, *quantities, *links):  # distinct spans
        item.setdefault("start", pos)
        item.setdefault("end", pos + 2)
        pos += 3
    for e in entities:
        e.setdefault("mentions", [[e["start"], e["end"]]])
    return {
        "doc": name,
        "sha256": sha,
        "extractor": "bangfu-kg/test",
        "jurisdiction": {
            "text": jurisdiction[0] if jurisdiction else None,
            "code": jurisdiction[1] if jurisdiction else None,
        },
        "meta": {"date": date} if date else {},
        "entities": entities,
        "quantities": quantities,
        "links": links,
    }


def place(text: str, code: str | None, level: str = "village") -> dict:
    return {"type": "PLACE", "text": text, "level": level, "code": code}


def org(text: str, org_type: str) -> dict:
    return {"type": "ORG", "text": text, "org_type": org_type, "collective": False}


def qty(text: str, value: int, what: str, unit: str = "个") -> dict:
    return {"text": text, "value": value, "unit": unit, "what": what, "approx": False}


def helps(s: str, o: str, kind: str, **kw) -> dict:
    return {
        "rel": "helps",
        "subject": s,
        "object": o,
        "cue": "帮扶",
        "scope": None,
        "kind": kind,
        **kw,
    }


def records() -> list[dict]:
    a = _rec(
        "a.txt",
        ("大通县", DATONG),
        "2020-03-01",
        [
            place("大通县", DATONG, "county"),
            place("西关村", V1),
            place("上毛佰胜村", V2),
            place("塔尔湾村", V3),
            place("新华村", None),  # the registry cannot decide which 新华村
            org("县委组织部", "party_department"),
            org("县委", "party_committee"),
            org("县交通运输局驻村工作队", "work_team"),
            org("县林草局驻村工作队", "work_team"),
            org("县交通运输局", "government_agency"),
            {"type": "PERSON", "text": "马晓东", "role": "第一书记"},
            {"type": "PROGRAM", "text": "红色头雁工程", "kind": "project"},
            {"type": "PROGRAM", "text": "村集体经济提升行动", "kind": "campaign"},
            {
                "type": "MONEY",
                "text": "200万元",
                "value": 2_000_000,
                "approx": False,
                "qualifier": "=",
            },
            {
                "type": "MONEY",
                "text": "80万元",
                "value": 800_000,
                "approx": False,
                "qualifier": "=",
            },
            {
                "type": "MONEY",
                "text": "3000元",
                "value": 3000,
                "approx": False,
                "qualifier": "=",
                "rate": "户均",
            },
        ],
        [
            qty("12个工作队", 12, "工作队"),
            qty("12个贫困村", 12, "贫困村"),
            qty("36名干部", 36, "干部", "名"),
        ],
        [
            helps("县交通运输局驻村工作队", "西关村", "驻村帮扶"),
            helps("县交通运输局驻村工作队", "上毛佰胜村", "驻村帮扶"),
            helps("县交通运输局", "西关村", "定点帮扶"),
            helps("马晓东", "塔尔湾村", "驻村帮扶"),
            helps("县委组织部", "新华村", "定点帮扶"),
            helps("12个工作队", "12个贫困村", "驻村帮扶", members="36名干部"),
            {
                "rel": "responsible_for",
                "subject": "县委组织部",
                "object": "红色头雁工程",
                "cue": "责任单位",
                "scope": None,
            },
            {
                "rel": "implements",
                "subject": "大通县",
                "object": "村集体经济提升行动",
                "cue": "实施",
                "scope": None,
            },
            {
                "rel": "funds",
                "subject": "200万元",
                "object": "红色头雁工程",
                "cue": "投入",
                "scope": None,
            },
        ],
    )
    # a second report on the same county, a year later, counting differently
    b = _rec(
        "b.txt",
        ("大通县", DATONG),
        "2021-05-01",
        [place("大通县", DATONG, "county")],
        [qty("15个工作队", 15, "工作队"), qty("15个贫困村", 15, "贫困村")],
        [helps("15个工作队", "15个贫困村", "驻村帮扶")],
    )
    # poor + non-poor villages against the registry
    c = _rec(
        "c.txt",
        ("华蓥市", HUAYING),
        "2019-07-04",
        [place("华蓥市", HUAYING, "county")],
        [
            qty("25个工作队", 25, "工作队"),
            qty("25个贫困村", 25, "贫困村"),
            qty("78个工作组", 78, "工作组"),
            qty("78个非贫困村", 78, "非贫困村"),
        ],
        [
            helps("25个工作队", "25个贫困村", "驻村帮扶"),
            helps("78个工作组", "78个非贫困村", "驻村帮扶"),
        ],
    )
    return [a, b, c]


@pytest.fixture(scope="module")
def gz():
    from ingest.gazetteer import load_gazetteer

    return load_gazetteer()


@pytest.fixture(scope="module")
def data(gz):
    st = OxigraphStore()
    for r in records():
        st.load(to_quads(r, base=BASE, gz=gz))
    return analysis.load(st)


def row(df: pl.DataFrame, code: str) -> dict:
    return df.filter(pl.col("code") == int(code)).row(0, named=True)


def test_categories_of_written_kinds() -> None:
    assert helper_category("驻村帮扶工作队") == "work_teams"
    assert helper_category("工作组") == "work_groups"
    assert helper_category("县级领导") == "leaders"
    assert helper_category("部门单位") == "units"
    assert helper_category("帮扶责任人") == "pair_helpers"
    assert target_category("非贫困村") == "nonpoor_villages"
    assert target_category("深度贫困村") == "poor_villages"
    assert target_category("行政村党组织") == "village_party_orgs"
    assert target_category("自然村") == "natural_villages"
    assert target_category("贫困户") == "households"


def test_tables_come_from_the_store(data) -> None:
    # 县委组织部 → 新华村 is not an edge: an unresolved place becomes a claim's text
    assert data.edges.height == 4
    assert set(data.edges["code"].to_list()) == {int(V1), int(V2), int(V3)}
    # codes read from the IRIs agree with the places' kg:divisionCode
    rows = data.store.query(
        "PREFIX kg: <https://bangfu-kg.org/ns#> SELECT ?p ?c WHERE { ?p kg:divisionCode ?c }"
    ).values()
    code_of = {r["p"]: int(r["c"]) for r in rows}
    for t, c in data.edges.select("target", "code").iter_rows():
        assert code_of[t] == c
    # tables are fetched when first asked for
    assert "actors" not in data.loaded()
    assert data.claims.filter(pl.col("relation").str.ends_with("stationedIn")).height == 4


def test_county_coverage_keeps_named_and_claimed_apart(data, gz) -> None:
    cov = analysis.coverage(data, gz, level="county")
    r = row(cov, DATONG)
    assert (r["villages"], r["communities"]) == (289, 24)
    assert (r["helped_villages"], r["helped_communities"]) == (3, 0)
    assert r["helped_share"] == pytest.approx(3 / 313)
    assert r["helpers"] == 3  # team, bureau, first secretary (县委组织部's target has no place)
    assert r["helpers_per_helped_village"] == pytest.approx(4 / 3)
    assert r["claimed_poor_villages"] == 15  # the larger of the two reports' counts
    assert r["claimed_work_teams"] == 15
    assert r["cadres_per_village"] == pytest.approx(36 / 12)
    assert r["claims"] == 3 and r["documents"] == 2  # 12→12, 15→15 and the 新华村 one
    h = row(cov, HUAYING)
    assert (h["claimed_poor_villages"], h["claimed_nonpoor_villages"]) == (25, 78)
    assert h["helped_villages"] == 0


def test_coverage_in_a_scope_lists_units_with_no_helper(data, gz) -> None:
    cov = analysis.coverage(data, gz, level="county", scope="6301")
    assert cov.height == len(gz.children(XINING))
    empty = cov.filter(pl.col("code") != int(DATONG))
    assert empty["helpers"].sum() == 0 and empty["claims"].sum() == 0
    town = analysis.coverage(data, gz, level="township", scope=DATONG)
    assert town.height == len(gz.children(DATONG))
    chengguan = row(town, "630121101000")
    assert chengguan["helped_villages"] == 2 and chengguan["helpers"] == 2


def test_gaps_of_every_kind(data, gz) -> None:
    g = analysis.gaps(data, gz, scope="6301")
    kinds = g.group_by("kind").len()
    n = dict(zip(kinds["kind"], kinds["len"], strict=False))
    # every village-level unit of 大通县 but the three named ones
    assert n["village-without-helper"] == 289 + 24 - 3
    assert n["unit-without-helper"] == len(gz.children(XINING)) - 1
    helpers = set(g.filter(pl.col("kind") == "helper-without-target")["label"])
    assert "大通回族土族自治县林草局驻村工作队" in helpers  # a team that no link names
    assert "大通回族土族自治县委组织部" in helpers  # helps only an unresolved place
    assert "大通回族土族自治县交通运输局驻村工作队" not in helpers
    assert set(g.filter(pl.col("kind") == "unresolved-place")["label"]) == {"新华村"}
    conflict = g.filter(pl.col("kind") == "claim-conflict")
    assert conflict.height == 2  # targets 12 vs 15, helpers 12 vs 15
    assert all("a.txt" in d and "b.txt" in d for d in conflict["documents"])
    progs = set(g.filter(pl.col("kind") == "program-without-owner")["label"])
    assert progs == {"村集体经济提升行动"}  # implemented by a place only
    money = set(g.filter(pl.col("kind") == "money-without-purpose")["label"])
    assert money == {"80万元"}  # 200万元 has a purpose, 3000元 is a rate


def test_registry_mismatch_names_both_editions(data, gz) -> None:
    g = analysis.gaps(data, gz, kinds=("registry-mismatch",))
    (msg,) = g.filter(pl.col("scope") == HUAYING)["detail"].to_list()
    assert "25 poor + 78 non-poor = 103" in msg
    assert "2023 registry lists 77 村委会 and 30 社区" in msg
    assert "report of 2019" in msg
    # 12 or 15 poor villages in a county of 289 villages contradict nothing
    assert g.filter(pl.col("scope") == DATONG).height == 0


def test_claim_matching(data, gz) -> None:
    m = {(r["document"], r["claimed"]): r for r in analysis.claim_matching(data, gz)}
    a = m[("a.txt", 12)]
    # 驻村帮扶 links name 西关村, 上毛佰胜村 (team) and 塔尔湾村 (first secretary)
    assert a["named"] == 3 and a["still_unnamed"] == 9
    assert a["matched_share"] == pytest.approx(3 / 12)
    assert a["registry_villages_without_named_helper"] == 313 - 3
    assert a["candidates"] and all(c.endswith("村委会") for c in a["candidates"])
    assert m[("c.txt", 78)]["named"] == 0


def test_comparison_rows_per_report(data, gz) -> None:
    rows = {(r["place"], r["document"]): r for r in analysis.comparison(data, gz)}
    hy = rows[("华蓥市", "c.txt")]
    assert hy["work_teams"] == [25] and hy["poor_villages"] == [25]
    assert hy["work_groups"] == [78] and hy["nonpoor_villages"] == [78]
    assert hy["registry_villages"] == 77 and hy["registry_communities"] == 30
    assert hy["registry_check"] and "103" in hy["registry_check"][0]
    dt = rows[("大通回族土族自治县", "a.txt")]
    assert dt["work_teams"] == [12] and dt["members"] == [36]
    assert dt["named_villages_helped"] == 3
    assert rows[("大通回族土族自治县", "b.txt")]["work_teams"] == [15]


def test_network_measures(data) -> None:
    m = analysis.measures(data)
    assert m["helper_load"]["max"] == 2 and m["helper_load"]["n"] == 3
    assert m["helper_load"]["top"][0]["label"] == "大通回族土族自治县交通运输局驻村工作队"
    assert m["village_redundancy"]["max"] == 2
    assert m["village_redundancy"]["with_two_or_more"] == 1
    # {team, bureau, 西关村, 上毛佰胜村}, {马晓东, 塔尔湾村}
    assert m["components"]["count"] == 2 and m["components"]["largest"] == 4
    # the organisation graph leaves places out: 组织部–红色头雁工程 (responsible for),
    # 组织部–县委 (derived); 组织部 lies on the one shortest path between the other two
    top = {t["label"]: t["betweenness"] for t in m["coordinating_bodies"]["top"]}
    assert top == {"大通回族土族自治县委组织部": 1.0}
    assert m["coordinating_bodies"]["graph_nodes"] == 3


def test_projections(data, gz) -> None:
    H = analysis.help_graph(data)
    assert H.number_of_edges() == 4
    orgs = analysis.org_graph(data)
    assert not any("/place/" in n for n in orgs)
    dept = f"{BASE}org/{DATONG}/大通回族土族自治县委组织部"
    committee = f"{BASE}org/{DATONG}/大通回族土族自治县委"
    assert orgs.has_edge(dept, committee) and orgs.edges[dept, committee]["derived"]
    T = analysis.partof_tree(data, gz, complete=[DATONG])
    v1 = f"{BASE}place/{V1}"
    assert list(T.successors(v1)) == [f"{BASE}place/630121101000"]
    villages = [n for n, d in T.nodes(data=True) if d["type"] == "Village"]
    assert len(villages) == 289 + 24


def test_an_empty_store_gives_empty_tables(gz) -> None:
    data = analysis.load(OxigraphStore())
    assert analysis.coverage(data, gz).height == 0
    assert analysis.gaps(data, gz).height == 0
    assert analysis.comparison(data, gz) == [] and analysis.claim_matching(data, gz) == []
    m = analysis.measures(data)
    assert m["helper_load"]["n"] == 0 and m["components"]["count"] == 0


def test_cities_without_counties_count_as_county_level(data, gz) -> None:
    # 东莞市's townships sit directly under the city: it is a row of a county table
    cov = analysis.coverage(data, gz, level="county", scope="44")
    dongguan = row(cov, "441900000000")
    assert dongguan["name"] == "东莞市" and dongguan["villages"] + dongguan["communities"] > 500
    assert (
        len(cov)
        == len(
            [
                u
                for p in gz.children("440000000000")
                for u in gz.children(p.code)
                if u.level == "county"
            ]
        )
        + 2
    )  # + 东莞市, 中山市


def test_a_part_of_the_villages_is_no_registry_mismatch(gz) -> None:
    from kg.analysis.claims import _whole_unit, registry_checks

    assert _whole_unit("74个县直单位挂包帮扶全县79个村（社区）", "79个村（社区）")
    assert _whole_unit("实现贫困村驻村帮扶全覆盖", "9个村")
    assert not _whole_unit("组织志愿者结对联系17个村", "17个村")
    code = int(DATONG)
    frame = pl.DataFrame(
        {
            "scopeCode": [code, code, code],
            "fileName": ["p.txt", "w.txt", "x.txt"],
            "targetCat": ["villages", "villages", "villages"],
            "targetCount": [17.0, 300.0, 400.0],
            "year": ["2020", "2020", "2020"],
            "wholeUnit": [False, True, False],
        }
    )
    found = {c.documents[0]: c.severity for c in registry_checks(frame, gz)}
    # 17 villages helped is a part; 全县300个村 against 289 + 24 differs; 400 is impossible
    assert found == {"w.txt": "differs", "x.txt": "contradiction"}


def test_counts_that_state_no_link_reach_the_comparison(gz) -> None:
    """A report's own count of its place's poor villages (全县有20个贫困村) is in the
    comparison though no link uses it; a smaller count of the same kind is a part
    of it, party members are no helpers, and 书记 of villages are no villages."""
    d = _rec(
        "d.txt",
        ("大通县", DATONG),
        "2022-01-01",
        [place("大通县", DATONG, "county")],
        [
            qty("8个工作队", 8, "工作队"),
            qty("8个贫困村", 8, "贫困村"),
            qty("20个贫困村", 20, "贫困村"),
            qty("3个贫困村", 3, "贫困村"),
            qty("500名党员", 500, "党员", "名"),
            qty("60名驻村干部", 60, "驻村干部", "名"),
            qty("20名贫困村党组织书记", 20, "贫困村党组织书记", "名"),
            qty("40个精准扶贫村", 40, "精准扶贫村"),
        ],
        [helps("8个工作队", "8个贫困村", "驻村帮扶")],
    )
    st = OxigraphStore()
    st.load(to_quads(d, base=BASE, gz=gz))
    data = analysis.load(st)
    assert data.counts.height == 6  # every quantity but the link's two
    (r,) = [r for r in analysis.comparison(data, gz) if r["document"] == "d.txt"]
    assert r["work_teams"] == [8]
    assert r["poor_villages"] == [40, 8]  # 精准扶贫村 are poor villages; 20 and 3 are less
    assert r["cadres"] == [60]
    assert r["village_party_orgs"] == []


def test_a_count_takes_the_place_written_before_it(gz) -> None:
    text = "大通县有20个贫困村。"
    rec = _rec(
        "e.txt",
        ("西宁市", XINING),
        None,
        [place("大通县", DATONG, "county") | {"start": 0, "end": 3}],
        [qty("20个贫困村", 20, "贫困村") | {"start": 4, "end": 10}],
        [],
    )
    st = OxigraphStore()
    st.load(to_quads(rec, base=BASE, gz=gz, text=text))
    counts = analysis.load(st).counts
    assert counts["scopeCode"].to_list() == [int(DATONG)]
    assert counts["quote"].to_list() == [text]

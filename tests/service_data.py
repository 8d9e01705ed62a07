"""A small store for the service tests, from two reports written for these tests.

The records are written by hand in the shape `kg extract` prints (so the
tests do not depend on the extractor's current rules) and loaded with
:func:`kg.graph.load_record`, as `kg build` loads them. Offsets are found in
the texts, so quotes and spans are real.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

QINZHOU = "620502000000"  # 秦州区 (天水市, 甘肃省)
JIEKOU = "620502102000"  # 藉口镇
QIANPO = "620502102203"  # 前坡村民委员会
CHUANBEI = "620502102206"  # 船北村民委员会
LIUSONG = "620502102207"  # 刘宋村民委员会

TEXT_A = (
    "秦州区驻村帮扶工作简报\n"
    "2019年3月，天水市财政局驻村工作队进驻藉口镇前坡村，开展驻村帮扶。"
    "区委组织部定点帮扶藉口镇船北村。"
    "第一书记张文明在前坡村带领群众种植花椒。"
    "全区共选派32个驻村工作队进驻32个贫困村。"
    "区农业农村局负责实施花椒产业提升工程。"
)
TEXT_B = (
    "秦州区结对帮扶情况通报\n"
    "2020年5月，区委组织部与藉口镇刘宋村结对帮扶，帮助修建村级活动场所。"
    "区工商联组织企业到刘宋村开展消费帮扶。"
)


def _span(text: str, s: str, after: int = 0) -> tuple[int, int]:
    i = text.index(s, after)
    return i, i + len(s)


def _ent(text: str, type_: str, s: str, after: int = 0, **extra: Any) -> dict[str, Any]:
    a, b = _span(text, s, after)
    return {"type": type_, "text": s, "start": a, "end": b, "mentions": [[a, b]], **extra}


def _link(text: str, rel: str, subj: str, obj: str, sentence: str, **extra: Any) -> dict[str, Any]:
    a, b = _span(text, sentence)
    return {"rel": rel, "subject": subj, "object": obj, "start": a, "end": b, **extra}


def record_a() -> tuple[dict[str, Any], str]:
    t = TEXT_A
    ents = [
        _ent(t, "PLACE", "秦州区", level="county", code=QINZHOU),
        _ent(t, "PLACE", "藉口镇", level="township", code=JIEKOU),
        _ent(t, "PLACE", "前坡村", level="village", code=QIANPO),
        _ent(t, "PLACE", "船北村", level="village", code=CHUANBEI),
        _ent(t, "ORG", "天水市财政局驻村工作队", org_type="work_team", collective=False),
        _ent(t, "ORG", "区委组织部", org_type="party_department", collective=False),
        _ent(t, "ORG", "区农业农村局", org_type="government_agency", collective=False),
        _ent(t, "ROLE", "第一书记"),
        _ent(t, "PERSON", "张文明", role="第一书记"),
        _ent(t, "PROGRAM", "花椒产业提升工程", kind="project"),
    ]
    quants = [
        {
            "text": "32个驻村工作队",
            "value": 32,
            "what": "驻村工作队",
            **dict(zip(("start", "end"), _span(t, "32个驻村工作队"), strict=True)),
        },
        {
            "text": "32个贫困村",
            "value": 32,
            "what": "贫困村",
            **dict(zip(("start", "end"), _span(t, "32个贫困村"), strict=True)),
        },
    ]
    links = [
        _link(
            t,
            "helps",
            "天水市财政局驻村工作队",
            "前坡村",
            "天水市财政局驻村工作队进驻藉口镇前坡村",
            kind="驻村帮扶",
            when="2019年3月",
            cue="进驻",
        ),
        _link(
            t,
            "helps",
            "区委组织部",
            "船北村",
            "区委组织部定点帮扶藉口镇船北村",
            kind="定点帮扶",
            cue="定点帮扶",
        ),
        _link(t, "helps", "张文明", "前坡村", "第一书记张文明在前坡村", kind="驻村帮扶"),
        _link(
            t,
            "helps",
            "32个驻村工作队",
            "32个贫困村",
            "全区共选派32个驻村工作队进驻32个贫困村",
            kind="驻村帮扶",
            scope="秦州区",
        ),
        _link(
            t,
            "implements",
            "区农业农村局",
            "花椒产业提升工程",
            "区农业农村局负责实施花椒产业提升工程",
        ),
    ]
    return _record(
        "qinzhou_brief.txt", t, ents, quants, links, "2019-03-20", "秦州区驻村帮扶工作简报"
    ), t


def record_b() -> tuple[dict[str, Any], str]:
    t = TEXT_B
    ents = [
        _ent(t, "PLACE", "秦州区", level="county", code=QINZHOU),
        _ent(t, "PLACE", "藉口镇", level="township", code=JIEKOU),
        _ent(t, "PLACE", "刘宋村", level="village", code=LIUSONG),
        _ent(t, "ORG", "区委组织部", org_type="party_department", collective=False),
        _ent(t, "ORG", "区工商联", org_type="social_org", collective=False),
    ]
    links = [
        _link(
            t,
            "helps",
            "区委组织部",
            "刘宋村",
            "区委组织部与藉口镇刘宋村结对帮扶",
            kind="结对帮扶",
            when="2020年5月",
        ),
        _link(
            t,
            "helps",
            "区工商联",
            "刘宋村",
            "区工商联组织企业到刘宋村开展消费帮扶",
            kind="社会帮扶",
        ),
    ]
    return _record(
        "qinzhou_pairing.txt", t, ents, [], links, "2020-05-08", "秦州区结对帮扶情况通报"
    ), t


def _record(
    name: str,
    text: str,
    ents: list[dict[str, Any]],
    quants: list[dict[str, Any]],
    links: list[dict[str, Any]],
    date: str,
    title: str,
) -> dict[str, Any]:
    return {
        "doc": name,
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "jurisdiction": {"text": "秦州区", "code": QINZHOU},
        "entities": ents,
        "quantities": quants,
        "links": links,
        "meta": {"title": title, "date": date, "format": "txt"},
        "extractor": "bangfu-kg/test",
    }


def build_store(path: Path) -> dict[str, str]:
    """Write the two reports' graphs into a store at ``path``; the sha256 of each document."""
    from ingest.gazetteer import load_gazetteer
    from kg.graph import load_record
    from kg.settings import DEFAULT_BASE
    from kg.store import OxigraphStore

    gz = load_gazetteer()
    out = {}
    with OxigraphStore(path) as store:
        for rec, text in (record_a(), record_b()):
            load_record(store, rec, base=DEFAULT_BASE, gz=gz, text=text)
            out[rec["doc"]] = rec["sha256"]
    return out

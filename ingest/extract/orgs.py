"""Organisations by grammar: [中共][jurisdiction][委|政府][department stem] + body.

Examples: 县委组织部 (县 + 委 + 组织部), 达州市扶贫移民局 (place + stem + 局),
四川省脱贫攻坚领导小组办公室 (place + open name + body), 秦泰惠丰担保公司
(open name + body), 县委 / 市委 (jurisdiction + 委), 各乡镇党委 (a collective).

A name needs more than a bare body: a jurisdiction, a department stem or an
open name in front of it (局 alone, 合作社 alone are not organisations).
Collectives (各…, 县直…单位, 乡镇党委 in a county report) are marked
``collective`` and kept for links.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from functools import cache

from .lexicon import COLLECTIVE_PREFIXES, DEPARTMENT_STEMS, ORG_BODIES
from .records import Mention
from .text import QUOTE_CLOSE, QUOTE_OPEN, word_tags

__all__ = ["TokenBefore", "find_orgs", "org_type_of"]

TokenBefore = Callable[[int, int], "tuple[int, str] | None"]

# Bodies a name can end in, longest first; bare 委 is handled by _COMMITTEE.
_BODIES = sorted((b for b in ORG_BODIES if b != "委"), key=len, reverse=True)
_BODY_RE = re.compile("|".join(map(re.escape, _BODIES)))
_STEMS = sorted(DEPARTMENT_STEMS, key=len, reverse=True)
# Bodies that are names by themselves in a list of units (纪委监委、政法委、统战部).
_NAMED_BODIES = frozenset(
    [
        "纪委监委",
        "政法委",
        "统战部",
        "组织部",
        "宣传部",
        "工商联",
        "总工会",
        "妇联",
        "团委",
        "科协",
        "残联",
        "编办",
        "发改委",
        "卫健委",
        "红十字会",
    ]
)
# Open bodies whose open name must hold a proper name or a place, not just a
# kind (驻村工作队, 农民合作社, 流动党支部 are kinds of bodies, not bodies).
_NEEDS_PROPER = frozenset(
    [
        "工作队",
        "工作组",
        "帮扶队",
        "督查组",
        "工作专班",
        "公司",
        "有限公司",
        "集团",
        "合作社",
        "专业合作社",
        "联合社",
        "协会",
        "商会",
        "基金会",
        "宣讲团",
        "银行",
        "信用社",
        "农商银行",
        "农村商业银行",
        "信用联社",
        "党支部",
        "党总支",
        "联合党支部",
    ]
)
# Bodies that take an open name before them (脱贫攻坚领导小组, 秦泰惠丰担保公司).
_OPEN_BODIES = _NEEDS_PROPER | frozenset(
    [
        "领导小组",
        "领导小组办公室",
        "工作领导小组",
        "指挥部",
        "作战指挥部",
    ]
)
_LEVEL = "省市县区州旗乡镇村"
_COMMITTEE = re.compile(
    rf"(中共)?(?:(乡镇|[{_LEVEL}]))(委|人民政府|政府)"
    r"(?!员|书记|副书记|常委|组织部|宣传部|统战部|办|党校|委员|会)"
)
_CENTRAL = re.compile(
    r"(?:党中央|中共中央|中央)(?=[和、及与]|决策|部署|精神|要求|关于|的决策|的部署)"
)
_TEAM_COMMITTEE = re.compile(r"团[省市县区州]委")
_COLLECTIVE = re.compile(
    r"(?:[县市区省州]直(?:各|相关|有关)?(?:派出|相关责任|责任|有关责任)?(?:单位|部门)"
    r"|各(?:乡镇|镇|乡|村|级)?(?:党委|党组织|部门|单位|派出单位|帮扶单位)"
    r"|(?:市县|县乡|省市县|市县乡)(?:组织部门|党委政府|扶贫部门)"
    r"|[县市区]直有关(?:责任)?部门)"
)
# 县直机关工委 is one body, though 县直 starts collectives (县直各单位)
_ONE_BODY = re.compile(r"[县市区省州]直(?:属)?机关")
_STOP_CHARS = set("，,。；;：:、！!？?（）()\n 　…/的了在和与及或对把将由从到被向为等是有")
_NAME_TAGS = ("n", "nt", "nz", "ns", "nr", "vn", "j", "b", "l", "an", "ng")
_NAME_VERBS = frozenset(
    [
        "种植",
        "养殖",
        "加工",
        "生产",
        "销售",
        "营销",
        "运输",
        "旅游",
        "投资",
        "物流",
        "驻村",
        "驻村帮扶",
        "扶贫",
        "帮扶",
        "攻坚",
        "脱贫",
        "发展",
        "担保",
        "驻村",
        "监督",
        "管理",
        "服务",
        "建设",
        "开发",
        "规划",
        "协作",
        "督查",
        "整顿",
        "振兴",
        "移民",
        "保障",
        "合作",
        "经营",
        "创业",
        "就业",
        "改革",
    ]
)


def _org_type(body: str) -> str:
    return ORG_BODIES.get(body, "other")


def org_type_of(name: str) -> str:
    """The ``org_type`` of an organisation's name by its longest known body at the end.

    >>> org_type_of("县农业农村局"), org_type_of("华润集团"), org_type_of("北京大学")
    ('government_agency', 'enterprise', 'other')
    """
    for k in range(min(len(name), 8), 0, -1):
        kind = ORG_BODIES.get(name[-k:])
        if kind is not None:
            return kind
    return "other"


@cache
def _stem_re() -> re.Pattern:
    return re.compile("(?:" + "|".join(map(re.escape, _STEMS)) + ")$")


def _segment_before(text: str) -> TokenBefore:
    """Fallback when no document tokens are at hand: segment a short window."""
    from .segment import segment

    def before(pos: int, floor: int = 0) -> tuple[int, str] | None:
        seg = text[max(floor, pos - 8) : pos]
        if not seg:
            return None
        tok = segment(seg)[-1]
        return pos - len(tok), tok

    return before


def find_orgs(
    text: str, places: list[Mention], token_before: TokenBefore | None = None
) -> list[Mention]:
    """Every organisation mention with ``org_type`` and ``collective``.

    ``token_before(pos, floor)`` gives the segmenter token ending at ``pos``
    (the pipeline passes the document's own tokens).
    """
    token_before = token_before or _segment_before(text)
    place_end = {p.end: p for p in places}
    out: list[Mention] = []
    for m in _COLLECTIVE.finditer(text):
        body = next((b for b in _BODIES if m.group().endswith(b)), "单位")
        out.append(
            Mention(
                "ORG",
                m.group(),
                m.start(),
                m.end(),
                {"org_type": _collective_type(m.group(), body), "collective": True},
            )
        )
    for pattern, org_type in ((_CENTRAL, "party_committee"), (_TEAM_COMMITTEE, "social_org")):
        for m in pattern.finditer(text):
            attrs = {"org_type": org_type, "collective": False}
            _add(out, Mention("ORG", m.group(), m.start(), m.end(), attrs))
    for m in _BODY_RE.finditer(text):
        mention = _expand(text, m.start(), m.end(), m.group(), place_end, token_before)
        if mention:
            _add(out, mention)
    for m in _COMMITTEE.finditer(text):
        start = m.start()
        p = place_end.get(m.start(2)) if m.group(2) else None
        name_start = m.start()
        if start > 0 and text[start - 1] in "各" + _LEVEL and start not in place_end:
            continue  # 各乡镇党委 is a collective; 市县政府 names no one body
        if p is not None and p.end == m.start(2):
            name_start = p.start
        level = m.group(2)
        # 县委 right after a place is part of that place's committee (大通县委)
        if start > 0 and (start in place_end):
            name_start = place_end[start].start
        # a place that ends in the level word itself: 晴隆县 + 委, 红河州 + 委
        if level and len(level) == 1 and m.end(2) in place_end:
            q = place_end[m.end(2)]
            if q.start < m.start(2) and q.text.endswith(level):
                name_start = q.start
        body = m.group(3)
        otype = "party_committee" if body == "委" else "government_agency"
        collective = level in ("乡镇", "村") or (level in ("乡", "镇") and name_start == m.start(2))
        _add(
            out,
            Mention(
                "ORG",
                text[name_start : m.end()],
                name_start,
                m.end(),
                {"org_type": otype, "collective": collective},
            ),
        )
    out.sort(key=lambda m: (m.start, -(m.end - m.start)))
    return _drop_nested(out)


def _collective_type(name: str, body: str) -> str:
    if "党委" in name:
        return "party_committee"
    if "组织部门" in name:
        return "party_department"
    return "government_agency" if body in ("单位", "部门") else _org_type(body)


def _add(out: list[Mention], m: Mention) -> None:
    if not any(o.start == m.start and o.end == m.end for o in out[-8:]):
        out.append(m)


def _drop_nested(ms: list[Mention]) -> list[Mention]:
    """Keep the longest of overlapping organisation mentions.

    The kept spans never overlap, so sorted by start they are sorted by end
    too: a span overlaps one of them exactly when it overlaps the last one
    starting before its end (a binary search, not a scan of all kept).
    """
    starts: list[int] = []  # of the kept spans, ascending
    ends: list[int] = []  # in the same order
    keep: list[Mention] = []
    for m in sorted(ms, key=lambda m: -(m.end - m.start)):
        i = bisect.bisect_left(starts, m.end)
        if i and ends[i - 1] > m.start:
            continue
        starts.insert(i, m.start)
        ends.insert(i, m.end)
        keep.append(m)
    keep.sort(key=lambda m: m.start)
    return keep


def _expand(
    text: str,
    bstart: int,
    bend: int,
    body: str,
    place_end: dict[int, Mention],
    token_before: TokenBefore,
) -> Mention | None:
    """Grow a body leftwards into a full organisation name, or None."""
    if bend < len(text) and text[bend] in "长员":
        return None  # 组织部长, 工作队员 are posts
    if body in ("办", "局", "厅", "委办") and bend < len(text) and text[bend] in "公法":
        return None
    if body == "党组" and bend < len(text) and text[bend] in "织成":
        return None
    start = bstart
    has_stem = has_juris = has_open = False
    stem = _stem_re().search(text, max(0, start - 10), start)
    if stem:
        start = stem.start()
        has_stem = True
        if body in _OPEN_BODIES and body not in _NEEDS_PROPER and start not in place_end:
            # an open name may go on before the stem (东西部 + 扶贫协作 + 工作领导小组)
            start = _open_name_start(text, start, place_end, token_before)[0]
    elif body in _OPEN_BODIES:
        open_start, proper = _open_name_start(text, start, place_end, token_before)
        if open_start < start:
            start = open_start
            has_open = proper or body not in _NEEDS_PROPER
    # the party committee or government in front (县委组织部, 县政府办)
    for link in ("委", "人民政府", "政府"):
        if text.startswith(link, start - len(link)) and (has_stem or body not in ("局",)):
            start -= len(link)
            break
    if start in place_end:
        start = place_end[start].start
        has_juris = True
    elif (
        start > 0 and text[start - 1] in _LEVEL and (start < 2 or text[start - 2] not in "全本该各")
    ):
        lvl_start = start - 2 if text[start - 2 : start] == "乡镇" else start - 1
        start = lvl_start
        has_juris = True
    if start >= 2 and text[start - 2 : start] == "中共":
        start -= 2
    if not (has_stem or has_juris or has_open or body in _NAMED_BODIES):
        return None
    if body == "中心" and not has_juris:
        return None  # 便民服务中心, 党员教育中心 are facilities; 县融媒体中心 is a body
    if (start > 0 and text[start - 1].isdigit()) or _after_count(text, start):
        return None  # 25个工作队 is a count
    name = text[start:bend]
    for q in QUOTE_OPEN + QUOTE_CLOSE:
        name = name.replace(q, "")
    if "+" in name:
        return None  # 支部+合作社 is a model, not a body
    prefix_collective = (
        name.startswith(COLLECTIVE_PREFIXES) and not _ONE_BODY.match(name)
    ) or text[max(0, start - 1)] == "各"
    generic_level = re.match(r"(乡镇|村|乡|镇)(?!政府)", name) is not None and not any(
        p.start == start for p in place_end.values()
    )
    return Mention(
        "ORG",
        name,
        start,
        bend,
        {"org_type": _org_type(body), "collective": prefix_collective or generic_level},
    )


def _after_count(text: str, start: int) -> bool:
    return bool(
        re.search(
            r"[0-9０-９一二两三四五六七八九十百千万]+[个支名家所]$", text[max(0, start - 6) : start]
        )
    )


def _open_name_start(
    text: str, start: int, place_end: dict[int, Mention], token_before: TokenBefore
) -> tuple[int, bool]:
    """Where an open organisation name begins, walking back over name-like words
    (a quoted name counts as one word), and whether it holds a proper name."""
    tags = word_tags()
    pos, taken, proper = start, 0, False
    while taken < 5 and pos > 0 and pos not in place_end:
        if text[pos - 1] in QUOTE_CLOSE:
            o = max(text.rfind(q, max(0, pos - 30), pos - 1) for q in QUOTE_OPEN)
            if o < 0:
                break
            pos, taken, proper = o, taken + 1, True
            continue
        seg = text[max(0, pos - 8) : pos]
        cut = max(
            (
                i + 1
                for i, c in enumerate(seg)
                if c in _STOP_CHARS or c in QUOTE_OPEN or c in QUOTE_CLOSE
            ),
            default=0,
        )
        got = token_before(pos, max(0, pos - 8) + cut)
        if got is None:
            break
        tok = got[1]
        tag = tags.get(tok)
        unknown = tag is None and len(tok) <= 4 and not tok.isdigit()
        nameish = unknown or (
            tag is not None and (tag.startswith(_NAME_TAGS) or tok in _NAME_VERBS)
        )
        if not nameish or tok.startswith(("全", "各", "本", "该", "每")):
            break
        proper = (
            proper
            or (unknown and tok not in _NAME_VERBS)
            or (tag or "").startswith(("nr", "ns", "nz"))
        )
        pos -= len(tok)
        taken += 1
    return pos, proper

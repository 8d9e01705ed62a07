"""Programmes: named projects, campaigns, mechanisms, models, plans, brands
and policy documents (ANNOTATION.md, PROGRAM and conventions 3 and 4).

- ``《…》`` titles are policy documents (or plans) as written.
- ``“…”`` names are programmes when the text treats them as one: a head noun
  right after the closing quote joins the name (“百联千扶万帮”工程 →
  百联千扶万帮工程; with coordinated quotes only the last takes it), the
  name itself ends in a head noun, it is carried out (实施/开展/推行 … “…”),
  or it stands in a list closed by 等活动/等品牌 …. Slogans, principles,
  goals, metaphors, categories, posts and generic terms are not.
- Unquoted names are programmes when they are established names
  (雨露计划) or a head-noun phrase right after a verb that carries it out.
"""

from __future__ import annotations

import re

from .lexicon import (
    ESTABLISHED_PROGRAMS,
    GENERIC_TERMS,
    NOT_PROGRAM_AFTER,
    PROGRAM_KIND_BY_HEAD,
    ROLE_WORDS,
)
from .records import Mention

__all__ = ["CARRY_OUT_CUES", "JOIN_HEADS", "find_programs", "program_kind"]

# Heads that join a quoted name when they follow its closing quote.
JOIN_HEADS: tuple[str, ...] = tuple(
    sorted(
        [
            "工程",
            "计划",
            "行动计划",
            "行动",
            "专项行动",
            "机制",
            "工作机制",
            "模式",
            "制度",
            "制",
            "督查制",
            "责任制",
            "工作法",
            "示范带",
            "示范区",
            "大赛",
            "品牌",
            "体系",
            "项目",
            "规划",
            "战略",
            "办法",
            "管理办法",
            "实施办法",
            "考核办法",
        ],
        key=len,
        reverse=True,
    )
)
# Verbs that carry a programme out (they also cue `implements` links).
CARRY_OUT_CUES: tuple[str, ...] = tuple(
    sorted(
        [
            "实施",
            "实行",
            "推行",
            "开展",
            "推广",
            "探索推广",
            "建立",
            "打造",
            "创建",
            "举办",
            "启动",
            "深化",
            "推进",
            "落实",
            "创新",
            "探索",
            "深入实施",
            "全面实施",
            "大力实施",
            "深入开展",
            "组织开展",
            "积极开展",
            "试点推行",
            "推出",
            "叫响",
            "争创",
            "评选",
            "执行",
            "严格执行",
            "持续深化",
            "构建",
            "创新开展",
            "扎实开展",
            "全面推行",
            "参与",
        ],
        key=len,
        reverse=True,
    )
)
_LIST_CLOSERS = (
    "等活动",
    "等品牌",
    "等平台",
    "等载体",
    "等模式",
    "等机制",
    "等工程",
    "等项目",
    "等行动",
    "等评选活动",
    "等系列活动",
    "等主题活动",
    "等特色品牌",
    "活动",
)
_OPEN = '“"「『'
_CLOSE = '”"」』’'
_QUOTE = re.compile(r"[“\"「『]([^“”\"「」『』《》\n]{1,40}?)(?:[”\"」』]|’’)")
_TITLE = re.compile(r"《([^《》\n]{2,80})》")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff·+]{1,14}")
_UNQUOTED = re.compile(
    r"(?:实施|实行|推行|深入实施|全面实施|大力实施|启动|建立健全|建立|与|结合)"
    r"(?P<name>[\u4e00-\u9fff]{3,14}?(?:工程|计划|行动|制度|责任制|机制))"
    r"(?=[,，。;；、和及与结为的]|$)"
)
# “A”“B”两大品牌: a counted list of named things
_COUNTED_LIST = re.compile(
    r"[两二三四五六七八九十\d]+[大个项类]?[\u4e00-\u9fff]{0,6}(品牌|工程|活动|行动|机制|模式|计划)"
)
_CATEGORY = re.compile(
    r"[一二三四五六七八九十两]+[个大项][\u4e00-\u9fff]{1,4}|[\u4e00-\u9fff]{2}清单"
)
_SLOGAN_AFTER = (
    "这条主线",
    "主线",
    "的要求",
    "的目标",
    "的原则",
    "的理念",
    "的思路",
    "的格局",
    "的局面",
    "的氛围",
    "的责任体系",
    "的良好",
    "的生动",
    "效果",
    "用人导向",
    "的双赢",
)
_GENERIC_LEADS = (
    "正常",
    "长效",
    "有效",
    "完善",
    "健全",
    "工作",
    "相关",
    "各项",
    "考核",
    "激励",
    "问责",
)
_NEWSPAPERS = ("报", "日报", "杂志", "网", "期刊")


def program_kind(name: str, *, title: bool = False) -> str:
    """Kind of a programme name: project, campaign, mechanism, model, plan, brand, policy_document."""
    if title:
        return (
            "plan"
            if name.endswith(("计划", "规划")) and not _is_policy(name)
            else "policy_document"
        )
    for head, kind in sorted(PROGRAM_KIND_BY_HEAD.items(), key=lambda kv: -len(kv[0])):
        if name.endswith(head):
            return kind
    if "+" in name:
        return "mechanism" if "制" in name else "model"
    return "campaign"


def _is_policy(name: str) -> bool:
    return bool(re.search(r"\d{4}-\d{4}年|纲要|条例|办法|意见|方案", name))


def find_programs(text: str) -> list[Mention]:
    """Every programme mention, with ``kind``."""
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for m in _TITLE.finditer(text):
        name = _strip(m.group(1))
        if not name or name.endswith(_NEWSPAPERS):
            continue
        out.append(
            Mention("PROGRAM", name, m.start(), m.end(), {"kind": program_kind(name, title=True)})
        )
        taken.append((m.start(), m.end()))
    quotes = [q for q in _QUOTE.finditer(text) if not any(s <= q.start() < e for s, e in taken)]
    for i, q in enumerate(quotes):
        nxt = quotes[i + 1] if i + 1 < len(quotes) else None
        coordinated = nxt is not None and _joins(text[q.end() : nxt.start()])
        mention = _judge_quote(text, q, coordinated, quotes, i)
        if mention:
            out.append(mention)
            taken.append((mention.start, mention.end))
    for m in _UNQUOTED.finditer(text):
        s, e = m.start("name"), m.end("name")
        if any(a < e and s < b for a, b in taken):
            continue
        name = m.group("name")
        name = re.sub(r"^(?:全面|深入|积极|大力|进一步|继续|切实|认真)", "", name)
        if (
            len(name) < 4
            or name in GENERIC_TERMS
            or re.search("[的了着是在]", name)
            or name.startswith(_GENERIC_LEADS)
        ):
            continue
        out.append(Mention("PROGRAM", name, e - len(name), e, {"kind": program_kind(name)}))
        taken.append((e - len(name), e))
    for name, kind in ESTABLISHED_PROGRAMS.items():
        for m in re.finditer(re.escape(name), text):
            if not any(a <= m.start() < b for a, b in taken):
                out.append(Mention("PROGRAM", name, m.start(), m.end(), {"kind": kind}))
    out.sort(key=lambda m: m.start)
    return out


def _joins(between: str) -> bool:
    """Whether two quotes are coordinated (“A”和“B”, “A”、“B”, “A”“B”)."""
    return between in ("", "、", "和", "与", "及", "以及", "，", ",")


def _strip(s: str) -> str:
    return re.sub(r"[“”\"「」『』‘’]", "", s).strip()


def _judge_quote(text: str, q: re.Match, coordinated: bool, quotes: list, i: int) -> Mention | None:
    content = _strip(q.group(1))
    after = text[q.end() : q.end() + 16]
    start, end = q.start(), q.end()
    name = content
    joined = None
    if not coordinated:
        joined = _join_head(after)
    if joined:
        name = content + joined
        end = q.end() + len(joined)
        prefix = _prefix(text, q.start())
        if prefix:
            name = prefix + name
            start = q.start() - len(prefix)
        return Mention("PROGRAM", name, start, end, {"kind": program_kind(name)})
    if not _plausible_name(content):
        return None
    # what closes the run of coordinated quotes this one stands in
    j = i
    while j + 1 < len(quotes) and _joins(text[quotes[j].end() : quotes[j + 1].start()]):
        j += 1
    tail = text[quotes[j].end() : quotes[j].end() + 12]
    last_joins = j != i and _join_head(tail) is not None
    if not last_joins and (tail.startswith(_SLOGAN_AFTER) or tail.startswith(NOT_PROGRAM_AFTER)):
        return None
    if tail.startswith("的") and not re.search(r"[+\d]", content):
        return None
    k = i
    while k > 0 and _joins(text[quotes[k - 1].end() : quotes[k].start()]):
        k -= 1
    lead = text[max(0, quotes[k].start() - 8) : quotes[k].start()]
    listed = (
        tail.startswith(_LIST_CLOSERS)
        or last_joins
        or bool(_COUNTED_LIST.match(tail))
        or tail.startswith(("(即", "（即"))
    )
    carried = lead.endswith(CARRY_OUT_CUES) or bool(
        re.search(r"(实施|开展|推行|实行|举办|推广)[了]?$", lead)
    )
    named = content.endswith(JOIN_HEADS) or "+" in content
    if not (listed or carried or named):
        return None
    if tail.startswith("活动") and not (carried or named):
        return None
    return Mention("PROGRAM", content, start, end, {"kind": program_kind(content)})


def _join_head(after: str) -> str | None:
    """The head noun phrase right after a closing quote, if it ends in a programme head."""
    m = _CJK_RUN.match(after)
    if not m:
        return None
    run = m.group()
    if run.startswith(("的", "等", "和", "与", "及", "或")) or _COUNTED_LIST.match(run):
        return None
    for k in range(len(run), 0, -1):
        piece = run[:k]
        if piece.endswith(JOIN_HEADS) and not re.search(r"[的是在把将对为了]", piece):
            if piece in ("制",) and len(run) > 1 and run[1] in "定度":
                continue
            return piece
    return None


def _prefix(text: str, qstart: int) -> str:
    """Words between a carry-out verb and the opening quote (实行第一书记激励和调整“召回”制度)."""
    window = text[max(0, qstart - 14) : qstart]
    if window.endswith(tuple(_CLOSE)):
        return ""
    m = re.search(r"(实行|实施|推行|建立|落实)([\u4e00-\u9fff]{2,12})$", window)
    if not m or m.group(2) in ROLE_WORDS:
        return ""  # 实行驻村干部“…”管理办法: whom it is for, not its name
    return m.group(2)


def _plausible_name(content: str) -> bool:
    if len(content) <= 2 or content in GENERIC_TERMS or content in ROLE_WORDS:
        return False
    if re.fullmatch(r"[\dX]+", content) or _CATEGORY.fullmatch(content):
        return False
    if content.startswith(("抓党建", "抓党建促")):
        return False  # the campaign's motto (ANNOTATION.md convention 4)
    return not re.search(r"[，,。；;：:！？]", content)

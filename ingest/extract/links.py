"""Links: helps / leads / responsible_for / implements / funds, from cue words,
with their sides drawn from the sentence's mentions (ANNOTATION.md, Links).

Every link carries the scope (the document's jurisdiction unless the
sentence is about another place), a time where the sentence gives one, and
for ``helps`` a ``kind`` from ``lexicon.HELP_KINDS``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import HELP_KINDS
from .programs import CARRY_OUT_CUES
from .records import Link, Mention, Quantity, Sentence, State

__all__ = ["HELP_CUES", "find_links"]

# cue → kind of help; longest cue wins at a position
HELP_CUES: dict[str, str] = {
    "定点联系": "定点帮扶",
    "定点帮扶": "定点帮扶",
    "定点扶贫": "定点帮扶",
    "结对帮扶": "结对帮扶",
    "结对共建": "结对帮扶",
    "结对认亲": "结对帮扶",
    "结对": "结对帮扶",
    "驻村帮扶": "驻村帮扶",
    "驻村": "驻村帮扶",
    "进驻": "驻村帮扶",
    "派驻": "驻村帮扶",
    "包联": "包村联系",
    "包村": "包村联系",
    "联系": "包村联系",
    "挂职": "挂职",
    "对口支援": "对口支援",
    "对口帮扶": "东西部协作",
    "东西部协作": "东西部协作",
    "东西部扶贫协作": "东西部协作",
    "帮建": "帮建",
    "村企共建": "村企共建",
    "对接帮扶": "结对帮扶",
    "帮扶": "结对帮扶",
}
assert set(HELP_CUES.values()) <= set(HELP_KINDS)
_HELP_RE = re.compile("|".join(sorted(map(re.escape, HELP_CUES), key=len, reverse=True)))
_LEAD_RE = re.compile(
    r"(?<!副)(?:任|担任|兼任)(组长|站长|队长|董事长|指挥长|总指挥|主任|团长|理事长|社长)"
    r"|牵头(?!抓总|帮扶)"
)
# 担任 + the body + its head's title: 共同担任县脱贫攻坚指挥部指挥长
_LEAD_OF = re.compile(r"(?<!副)(?:任|担任|兼任)$")
_LEAD_TITLE = re.compile(r"(?<!副)(组长|指挥长|总指挥|队长|站长|主任|团长|理事长|社长|董事长|会长)")
# the kind of body a title heads, and the bare word for it (队长 of the 工作队 named before)
_TITLE_BODY = {
    "队长": ("work_team", "工作队"),
    "组长": ("leading_group", "领导小组"),
    "指挥长": ("leading_group", "指挥部"),
    "总指挥": ("leading_group", "指挥部"),
    "理事长": ("cooperative", "合作社"),
    "社长": ("cooperative", "合作社"),
    "董事长": ("enterprise", "公司"),
}
_LEAD_PASSIVE = re.compile(r"(?<!副)(组长|站长|队长|指挥长)由([^,，。；;]{2,30}?)(?:担任|兼任)")
_DUTY_RE = re.compile(r"[（(]\s*责任单位\s*[:：]\s*([^()（）]+?)\s*[)）]")
_CARRY_RE = re.compile("|".join(map(re.escape, CARRY_OUT_CUES)) + "|贯彻落实|执行|采取|确定|举办")
_FUND_CUES = (
    "整合",
    "投入",
    "发放",
    "安排",
    "落实",
    "筹措",
    "设立",
    "拨付",
    "下达",
    "捐赠",
    "捐资",
    "援助",
    "争取",
    "注入",
    "划拨",
    "补助",
    "奖补",
)
_FUND_CUE_RE = re.compile("|".join((*_FUND_CUES, "投资")))
_BUILD = re.compile(r"((建设|修建|新建|援建|改造|建成|打造|购置|购买|扶持)[^，,。；;]{2,24})")
_RECIPIENT = re.compile(r"(?:向|为|给)([^，,。；;]{2,20}?)(发放|拨付|提供|捐赠|补助|奖励)")
_TIME_RE = re.compile(
    r"(?:\d{4}年(?:以来|底|初|上半年|下半年|\d{1,2}月(?:底|初|份)?)?|十[二三四]五(?:期间|以来)?|今年|去年|近年来)"
)
# Free-text targets when no counted one is written (convention 8).
_TARGET_GROUPS = re.compile(
    r"(软弱涣散(?:村)?党组织|非贫困村|贫困村|贫困乡镇|贫困户|贫困对象|贫困人口|贫困群众|困难户|困难群众|"
    r"困难党员|建档立卡贫困户|乡村|留守儿童)"
)
_CLAUSE_END = re.compile(r"[；;。]")
_PAREN = re.compile(r"[（(][^()（）]*[)）]$")
# what may stand between the last of paired sides and the cue (一一结成帮扶对子)
_PAIR_GAP = re.compile(r"(?:一一|分别|共同|长期|主动)?(?:结成|结为|开展|建立)?")
# modifiers after 与 in a pair (34名干部与全村153户贫困户结对)
_PAIR_MOD = re.compile(r"(与|同)(?:全村|全县|全镇|全乡|全区|全市|所有|辖区)?")
# a helper sent to a target, the cue after it (分赴87个贫困村驻村帮扶, 到凌云县挂职)
_SENT_TO = re.compile(r"(?:分赴|奔赴|深入|下沉到?|派驻到?|进驻到?|到|赴|在)$")
# counts of people that staff a team (its members), not helpers of their own
_STAFF_HEADS = ("干部", "队员", "工作队员", "成员", "人员", "专干")
_HELPER_HEADS = (
    "领导",
    "干部",
    "单位",
    "部门",
    "工作队",
    "工作组",
    "队",
    "组",
    "责任人",
    "书记",
    "党员",
    "党组织",
    "人才",
    "骨干",
    "企业",
    "机关",
    "队伍",
    "队员",
    "成员",
    "村官",
    "特派员",
    "强村、富村",
    "强村",
    "富村",
    "团",
    "社会组织",
    "志愿者",
    "人员",
    "专家",
    "能人",
    "医生",
    "教师",
    "常委",
    "县长",
    "乡长",
    "镇长",
    "局长",
)
_TARGET_HEADS = (
    "村",
    "社区",
    "乡镇",
    "乡",
    "镇",
    "街道",
    "户",
    "对象",
    "人口",
    "群众",
    "党组织",
    "阵地",
    "贫困党员",
)


@dataclass(slots=True)
class _Side:
    text: str
    start: int
    end: int
    kind: str  # "quantity" | entity type | "group"
    ref: object = None


def _by_sentence(items: list, sents: list[Sentence]) -> list[list]:
    """Items (with ``.start``) grouped by the sentence they start in."""
    from .text import sentence_at

    groups: list[list] = [[] for _ in sents]
    for it in items:
        if sents:
            groups[sentence_at(sents, it.start)].append(it)
    return groups


def _sides(quantities: list[Quantity], mentions: list[Mention]) -> list[_Side]:
    out: list[_Side] = [_Side(q.text, q.start, q.end, "quantity", q) for q in quantities]
    for m in mentions:
        if m.type != "MONEY" and not any(o.start <= m.start and m.end <= o.end for o in out):
            out.append(_Side(m.text, m.start, m.end, m.type, m))
    out.sort(key=lambda x: x.start)
    return out


def _is_helper(side: _Side) -> bool:
    if side.kind == "quantity":
        q: Quantity = side.ref  # type: ignore[assignment]
        return q.what.endswith(_HELPER_HEADS) and not q.what.endswith(("贫困村", "非贫困村"))
    return side.kind in ("ORG", "ROLE", "PERSON")


def _is_target(side: _Side) -> bool:
    if side.kind == "quantity":
        q: Quantity = side.ref  # type: ignore[assignment]
        what = _PAREN.sub("", q.what)  # 79个村（社区）
        return what.endswith(_TARGET_HEADS) and not what.endswith(("工作组", "工作队"))
    if side.kind == "PLACE":
        m: Mention = side.ref  # type: ignore[assignment]
        return m.attrs.get("level") in ("township", "village", "county")
    return side.kind == "group"


def find_links(text: str, state: State, jurisdiction: str | None) -> list[Link]:
    """All links of a document."""
    links: list[Link] = []
    sents = state.sentences
    q_by = _by_sentence(state.quantities, sents)
    m_by = _by_sentence(sorted(state.mentions, key=lambda m: m.start), sents)
    for idx, s in enumerate(sents):
        if not q_by[idx] and not m_by[idx]:
            continue
        mentions = m_by[idx]
        sides = _sides(q_by[idx], mentions)
        for m in _TARGET_GROUPS.finditer(text, s.start, s.end):
            if not any(x.start <= m.start() < x.end for x in sides):
                sides.append(_Side(m.group(), m.start(), m.end(), "group"))
        sides.sort(key=lambda x: x.start)
        when = _when(text, s)
        new: list[Link] = []
        new += _helps(text, s, sides, sents, idx, state)
        new += _stationed(text, s, sides, sents, idx, state)
        _staff(text, s, sides, new)
        new += _leads(text, s, idx, sides, state)
        new += _duties(text, s)
        new += _implements(text, s, mentions, jurisdiction)
        new += _funds(text, s, mentions, sides)
        for link in new:
            link.scope = jurisdiction
            link.when = link.when or when
        links += new
    return _dedupe(links)


def _when(text: str, s: Sentence) -> str | None:
    m = _TIME_RE.search(text, s.start, s.end)
    return m.group() if m else None


def _dedupe(links: list[Link]) -> list[Link]:
    seen: set[tuple] = set()
    out = []
    for link in links:
        key = (link.rel, link.subject, link.object)
        if key not in seen:
            seen.add(key)
            out.append(link)
    return out


def _helps(
    text: str, s: Sentence, sides: list[_Side], sents: list[Sentence], idx: int, state: State
) -> list[Link]:
    out: list[Link] = []
    for cue in _HELP_RE.finditer(text, s.start, s.end):
        c0, c1 = cue.start(), cue.end()
        paired = _paired(text, sides, c0)
        if paired:
            kind = HELP_CUES[cue.group()]
            out += [
                Link("helps", a.text, b.text, cue.group(), c0, c1, kind=kind) for a, b in paired
            ]
            continue
        helpers, targets = _sent_to(text, sides, c0)
        if helpers:
            kind = HELP_CUES[cue.group()]
            out += [
                Link("helps", a.text, b.text, cue.group(), c0, c1, kind=kind)
                for a in helpers
                for b in targets
            ]
            continue
        before = [x for x in sides if x.end <= c0 and _is_helper(x)]
        if not before:
            continue
        # the helper right before the cue, and those coordinated with it (A、B继续联系…)
        subj = [before[-1]]
        gap = text[subj[0].end : c0]
        if len(gap) > 12 or (
            re.search(r"[，,。；;]", gap) and not re.fullmatch(r"[，,]?[\u4e00-\u9fff]{0,10}", gap)
        ):
            continue
        for x in reversed(before[:-1]):
            if re.fullmatch(r"[、和及与]|以及", text[x.end : subj[0].start]):
                subj.insert(0, x)
            else:
                break
        kind = HELP_CUES[cue.group()]
        if len(subj) > 1 and "分别" in text[subj[-1].end : c0]:
            targets = _respective(text, sides, s, len(subj))
            if targets:
                out += [
                    Link("helps", a.text, b.text, cue.group(), c0, c1, kind=kind)
                    for a, b in zip(subj, targets, strict=False)
                ]
                continue
        objs = _targets_after(text, sides, c1)
        inferred = False
        if not objs and text[max(s.start, subj[0].start - 1) : subj[0].start] == "由":
            # 对…等3个深度贫困村，由1名县委常委包村: the target written before 由
            ahead = [
                x
                for x in sides
                if s.start <= x.start and x.end <= subj[0].start - 1 and _is_target(x)
            ]
            objs = ahead[-1:]
        if not objs:
            obj = _inferred_target(subj[-1], sents, idx, state)
            inferred = obj is not None
            objs = [obj] if obj is not None else []
        if not objs:
            continue
        if kind == "结对帮扶" and any(_is_team(x) for x in subj):
            kind = "驻村帮扶"
        if any(x.kind == "ORG" and x.ref.attrs.get("org_type") == "enterprise" for x in subj):
            kind = "村企共建"
        for x in subj:
            out += [
                Link("helps", x.text, obj.text, cue.group(), c0, c1, kind=kind, inferred=inferred)
                for obj in objs
            ]
    return out


_PAIR_SEPS = ("与", "同", "、", "和")


def _pairable(x: _Side) -> bool:
    if x.kind == "PLACE":
        return x.ref.attrs.get("level") in ("prefecture", "county", "township", "village")
    return x.kind in ("ORG", "PERSON") or (
        x.kind == "quantity" and (_is_helper(x) or _is_target(x))
    )


def _paired(text: str, sides: list[_Side], c0: int) -> list[tuple[_Side, _Side]]:
    """Pairs written as "A与B结对": 民治街道与泗城镇、观澜街道与伶站瑶族乡结成帮扶对子
    (pair by pair), 38家企业、17个社会组织与42个贫困村结对 (many with one).

    The chain of sides right before the cue, joined by 与/同/、/和; a place
    written right before another side names it (凌云县42个贫困村) and is skipped.
    """
    xs = [x for x in sides if x.end <= c0]
    if not xs or not _PAIR_GAP.fullmatch(text[xs[-1].end : c0]):
        return []
    chain, seps = [xs[-1]], []
    left = xs[-1].start  # where the chain starts, modifiers included
    for x in reversed(xs[:-1]):
        gap = text[x.end : left]
        if gap == "" and x.kind == "PLACE":
            left = x.start
            continue
        sep = _PAIR_MOD.fullmatch(gap)
        if sep:
            gap = sep.group(1)
        if gap not in _PAIR_SEPS:
            break
        chain.insert(0, x)
        seps.insert(0, gap)
        left = x.start
    joins = [i for i, g in enumerate(seps) if g in ("与", "同")]
    if not joins or not all(_pairable(x) for x in chain):
        return []
    if len(joins) == 1:
        left, right = chain[: joins[0] + 1], chain[joins[0] + 1 :]
        if len(right) == 1:
            return [(a, right[0]) for a in left]
        if len(left) == 1:
            return [(left[0], b) for b in right]
        return []
    # A与B、C与D…: 与 and 、 alternate, pair by pair
    if len(chain) == 2 * len(joins) and all(
        seps[i] in ("与", "同") for i in range(0, len(seps), 2)
    ):
        return [(chain[i], chain[i + 1]) for i in range(0, len(chain), 2)]
    return []


def _respective(text: str, sides: list[_Side], s: Sentence, n: int) -> list[_Side]:
    """The n places a 分别 sentence lists (沙子镇兴合村、花贡镇竹塘村、茶马镇董箐村), in order."""
    places = [
        x
        for x in sides
        if x.kind == "PLACE"
        and s.start <= x.start < s.end
        and x.ref.attrs.get("level") in ("village", "township")
    ]
    runs: list[list[_Side]] = []
    for x in places:
        if runs and re.fullmatch(r"[、和及与]?", text[runs[-1][-1].end : x.start]):
            if (
                text[runs[-1][-1].end : x.start] == ""
                and runs[-1][-1].ref.attrs.get("level") == "township"
            ):
                runs[-1][-1] = x  # 沙子镇兴合村: the village, not its township
            else:
                runs[-1].append(x)
        else:
            runs.append([x])
    exact = [r for r in runs if len(r) == n]
    return exact[0] if len(exact) == 1 else []


def _target_after(text: str, sides: list[_Side], c1: int) -> _Side | None:
    """The target written after a cue, within its clause: not past a ；/。 and
    not past another counted helper (whose clause it is: 78个工作组帮扶78个非贫困村)."""
    for x in sides:
        if x.start < c1:
            continue
        if x.start - c1 > 40 or _CLAUSE_END.search(text, c1, x.start):
            return None
        if _is_target(x):
            return x
        if x.kind == "quantity" and _is_helper(x):
            return None
    return None


# a named person made first secretary (王某担任驻村第一书记) or seconded to a
# place's post (挂任凌云县委常委); the team the report is about (驻村工作队进驻某村)
_SECRETARY = re.compile(r"(?:担任|任|出任|兼任)?(?:驻村)?第一书记")
_SECONDED = re.compile(r"挂任|挂职")
_BARE_TEAM = re.compile(r"(?:驻村帮扶|驻村|帮扶|扶贫)?工作队(?=进驻|入驻|驻扎|派驻到?|进村)")
_ENTER = re.compile(r"(?:进驻|入驻|驻扎|派驻到?|进村到?)")


def _stationed(
    text: str, s: Sentence, sides: list[_Side], sents: list[Sentence], idx: int, state: State
) -> list[Link]:
    """helps links the cue-word rules miss because the helper is a person named
    with the post, or the team is written without a name:

    * 干部李某担任驻村第一书记 / 第一书记李某任队长: 李某 → the village of the
      sentence, else the last village of the two sentences before (驻村帮扶);
    * 李某挂任凌云县委常委: 李某 → 凌云县 (挂职);
    * 市农业农村局派驻的驻村工作队进驻新坪村: 驻村工作队 → 新坪村 (驻村帮扶).
    """
    out: list[Link] = []
    people = [x for x in sides if x.kind == "PERSON"]
    villages = [x for x in sides if x.kind == "PLACE" and x.ref.attrs.get("level") == "village"]
    for p in people:
        role = p.ref.attrs.get("role") or ""
        sec = _SECRETARY.match(text, p.end)
        if "第一书记" in role or (sec and sec.group()):
            where = villages[-1] if villages else _village_before(sents, idx, state)
            if where is not None:
                out.append(
                    Link(
                        "helps",
                        p.text,
                        where.text,
                        "第一书记",
                        p.start,
                        p.end,
                        kind="驻村帮扶",
                        inferred=not villages,
                    )
                )
            continue
        sec2 = _SECONDED.match(text, p.end)
        if sec2:
            place = next((x for x in sides if x.kind == "PLACE" and x.start == sec2.end()), None)
            if place is not None:
                out.append(
                    Link("helps", p.text, place.text, sec2.group(), p.start, place.end, kind="挂职")
                )
    for m in _BARE_TEAM.finditer(text, s.start, s.end):
        if any(x.start <= m.start() < x.end for x in sides):
            continue  # part of a named team or a count (3个驻村工作队)
        enter = _ENTER.match(text, m.end())
        place = None
        if enter:  # the place written right after the verb, its chain followed (县镇村 → 村)
            pos = enter.end()
            for x in sides:
                if x.kind == "PLACE" and x.start == pos:
                    place, pos = x, x.end
            if place is not None and place.ref.attrs.get("level") not in ("village", "township"):
                place = None
        if place is not None:
            out.append(
                Link(
                    "helps",
                    m.group(),
                    place.text,
                    enter.group(),
                    m.start(),
                    place.end,
                    kind="驻村帮扶",
                )
            )
    return out


def _village_before(sents: list[Sentence], idx: int, state: State) -> _Side | None:
    lo, hi = sents[max(0, idx - 2)].start, sents[idx].start
    vs = [
        m
        for m in state.of_type("PLACE")
        if lo <= m.start < hi and m.attrs.get("level") == "village"
    ]
    return _Side(vs[-1].text, vs[-1].start, vs[-1].end, "PLACE", vs[-1]) if vs else None


def _village_of(sides: list[_Side], x: _Side) -> _Side:
    """汉王镇马家营村: the village written right after its township stands for both."""
    if x.kind == "PLACE" and x.ref.attrs.get("level") == "township":
        nxt = next((y for y in sides if y.start == x.end), None)
        if nxt is not None and nxt.kind == "PLACE" and nxt.ref.attrs.get("level") == "village":
            return nxt
    return x


def _targets_after(text: str, sides: list[_Side], c1: int) -> list[_Side]:
    """The target after a cue and those listed with it (A村、B村等17个村)."""
    first = _target_after(text, sides, c1)
    if first is None:
        return []
    out = [_village_of(sides, first)]
    for x in sides:
        if x.start < out[-1].end:
            continue
        if not re.fullmatch(r"[、和及与]|以及|等", text[out[-1].end : x.start]) or not _is_target(
            x
        ):
            break
        out.append(_village_of(sides, x))
    return out


def _sent_to(text: str, sides: list[_Side], c0: int) -> tuple[list[_Side], list[_Side]]:
    """Helpers sent to targets written before the cue: 组建155个工作队，分赴87个贫困村和
    68个非贫困村驻村帮扶; 选派12名干部到凌云县挂职. (helpers, targets) or two empty lists."""
    xs = [x for x in sides if x.end <= c0]
    if (
        not xs
        or text[xs[-1].end : c0] not in ("", "开展", "进行", "参与")
        or not _is_target(xs[-1])
    ):
        return [], []
    targets = [xs[-1]]
    i = len(xs) - 1
    while (
        i > 0
        and _is_target(xs[i - 1])
        and re.fullmatch(r"[、和及与]|以及", text[xs[i - 1].end : targets[0].start])
    ):
        i -= 1
        targets.insert(0, xs[i])
    verb = _SENT_TO.search(text, max(0, targets[0].start - 4), targets[0].start)
    if not verb or i == 0:
        return [], []
    helper = xs[i - 1]
    gap = text[helper.end : verb.start()]
    if not _is_helper(helper) or len(gap) > 6 or _CLAUSE_END.search(gap):
        return [], []
    return [helper], targets


def _staff(text: str, s: Sentence, sides: list[_Side], links: list[Link]) -> None:
    """Attach the cadres who make up counted teams (104名干部…组建25个工作队;
    84个工作队…共派驻工作队员392名) to the team's helps links as ``members``.

    Each count of people goes to the nearest team count in its clause (；/。),
    so two teams in one clause keep their own staff."""
    teams = [
        x
        for x in sides
        if x.kind == "quantity"
        and _is_team(x)
        and any(lk.rel == "helps" and lk.subject == x.text for lk in links)
    ]
    if not teams:
        return
    subjects = {lk.subject for lk in links}
    for x in sides:
        if (
            x.kind != "quantity"
            or x.text in subjects
            or _is_team(x)
            or x.ref.unit not in ("名", "人")
            or not x.ref.what.endswith(_STAFF_HEADS)
        ):
            continue
        near = [
            t
            for t in teams
            if not _CLAUSE_END.search(text, min(t.end, x.end), max(t.start, x.start))
        ]
        if not near:
            continue
        team = min(near, key=lambda t: min(abs(t.start - x.end), abs(x.start - t.end)))
        for lk in links:
            if lk.rel == "helps" and lk.subject == team.text and lk.members is None:
                lk.members = x.text


def _is_team(side: _Side) -> bool:
    return side.text.endswith(("工作队", "工作组")) or "驻村" in side.text


def _inferred_target(subj: _Side, sents: list[Sentence], idx: int, state: State) -> _Side | None:
    """25个工作队 stationed in the 25 poor villages named just before (convention 9)."""
    if subj.kind != "quantity":
        return None
    q: Quantity = subj.ref  # type: ignore[assignment]
    lo = sents[max(0, idx - 2)].start
    for other in reversed(state.quantities):
        if lo <= other.start < q.start and other.value == q.value and other.what.endswith("村"):
            return _Side(other.text, other.start, other.end, "quantity", other)
    return None


def _leads(text: str, s: Sentence, idx: int, sides: list[_Side], state: State) -> list[Link]:
    out: list[Link] = []
    orgs = [x for x in sides if x.kind == "ORG"]
    for cue in _LEAD_RE.finditer(text, s.start, s.end):
        heads = [x for x in sides if x.end <= cue.start() and x.kind in ("ROLE", "PERSON")]
        if not heads:
            continue
        subj = [heads[-1]]
        if cue.start() - subj[0].end > 6:
            continue
        for x in reversed(heads[:-1]):
            if re.fullmatch(r"[、和及与]", text[x.end : subj[0].start]):
                subj.insert(0, x)
            else:
                break
        after = [x for x in orgs if x.start >= cue.end() and x.start - cue.end() <= 4]
        before = [x for x in orgs if x.end <= subj[0].start]
        target = after[0] if after else (before[-1] if before else None)
        target_text = target.text if target else _unit_before(text, s.start, subj[0].start)
        body = _TITLE_BODY.get(cue.group(1) or "")
        if body and not after and (target is None or target.ref.attrs.get("org_type") != body[0]):
            # 第一书记李某任队长: the team named before, not the unit that sent it; a
            # body of another kind (县政府 for 指挥长) is no answer
            target_text = _body_before(text, s, idx, state, cue.start(), body)
        if not target_text:
            continue
        for x in subj:
            out.append(Link("leads", x.text, target_text, cue.group(), cue.start(), cue.end()))
    for org in orgs:  # 由县委书记、县长共同担任县脱贫攻坚指挥部指挥长
        title = _LEAD_TITLE.match(text, org.end)
        verb = _LEAD_OF.search(text, max(s.start, org.start - 3), org.start)
        if not title or not verb:
            continue
        heads = [x for x in sides if x.end <= verb.start() and x.kind in ("ROLE", "PERSON")]
        if not heads or not re.fullmatch(r"(?:共同|分别)?", text[heads[-1].end : verb.start()]):
            continue
        subj = [heads[-1]]
        for x in reversed(heads[:-1]):
            if re.fullmatch(r"[、和及与]", text[x.end : subj[0].start]):
                subj.insert(0, x)
            else:
                break
        out += [
            Link("leads", x.text, org.text, verb.group() + title.group(), verb.start(), title.end())
            for x in subj
        ]
    for m in _LEAD_PASSIVE.finditer(text, s.start, s.end):
        who = [
            x for x in sides if m.start(2) <= x.start < m.end(2) and x.kind in ("ROLE", "PERSON")
        ]
        if not who:
            continue
        prev = [
            x
            for x in state.of_type("ORG")
            if x.end <= m.start() and x.attrs.get("org_type") in ("leading_group", "work_team")
        ]
        if not prev:
            continue
        out.append(
            Link("leads", who[0].text, prev[-1].text, m.group(1) + "由…担任", m.start(), m.end())
        )
    return out


def _body_before(
    text: str, s: Sentence, idx: int, state: State, pos: int, body: tuple[str, str]
) -> str | None:
    """The body a bare title refers to: the nearest organisation of its kind
    in this sentence (``idx``) or the two before, else the bare word in this sentence."""
    kind, word = body
    lo = state.sentences[max(0, idx - 2)].start
    near = [
        m
        for m in state.of_type("ORG")
        if lo <= m.start
        and m.end <= pos
        and m.attrs.get("org_type") == kind
        and not m.attrs.get("collective")
    ]
    if near:
        return near[-1].text
    k = text.rfind(word, s.start, pos)
    if k < 0:
        return None
    m = re.search(
        r"(?:驻村|帮扶|扶贫)*(?:工作队|工作组)$", text[max(s.start, k - 6) : k + len(word)]
    )
    return m.group() if m else word


def _unit_before(text: str, lo: int, pos: int) -> str | None:
    found = re.findall(
        r"([\u4e00-\u9fff]{2,12}?(?:工作站|工作室|领导小组|指挥部|工作组|工作队))", text[lo:pos]
    )
    return found[-1] if found else None


def _duties(text: str, s: Sentence) -> list[Link]:
    out: list[Link] = []
    for m in _DUTY_RE.finditer(text, s.start, s.end):
        if not s.heading:
            continue
        heading = re.sub(r"[“”\"‘’《》]", "", s.heading)
        heading = re.sub(r"[(（][^()（）]*[)）]$", "", heading).strip()
        units = re.split(r"[、，,；;]|等", m.group(1))
        for u in units:
            u = u.strip()
            if len(u) < 2:
                continue
            out.append(Link("responsible_for", u, heading, "责任单位", m.start(), m.end()))
    return out


def _implements(
    text: str, s: Sentence, mentions: list[Mention], jurisdiction: str | None
) -> list[Link]:
    out: list[Link] = []
    progs = [m for m in mentions if m.type == "PROGRAM"]
    for p in progs:
        window = text[max(s.start, p.start - 10) : p.start]
        window = re.sub(r"[“”\"《「]$", "", window)
        cue = None
        for m in _CARRY_RE.finditer(window):
            if len(window) - m.end() <= 4 and not re.search(r"[，,。；;]", window[m.end() :]):
                cue = m
        if cue is None:
            continue
        cue_pos = max(s.start, p.start - 10) + cue.start()
        actors = _actors(text, s, mentions, cue_pos) or [jurisdiction]
        out += [
            Link("implements", a, p.text, cue.group(), cue_pos, p.end)  # type: ignore[arg-type]
            for a in actors
        ]
    return out


def _actors(text: str, s: Sentence, mentions: list[Mention], cue_pos: int) -> list[str]:
    """The organisation or place written right before a carry-out verb, with
    those coordinated with it (晴隆县委、县政府建立…: both)."""
    cands = [
        m
        for m in mentions
        if m.type in ("ORG", "PLACE")
        and s.start <= m.start
        and m.end <= cue_pos
        and not m.attrs.get("collective")
    ]
    for i, m in enumerate(cands):
        gap = text[m.end : cue_pos]
        if len(gap) <= 4 and not re.search(r"[，,、。；;的]", gap):
            out = [m]
            for prev in reversed(cands[:i]):
                if prev.type == m.type and re.fullmatch(
                    r"[、和及与]", text[prev.end : out[0].start]
                ):
                    out.insert(0, prev)
                else:
                    break
            return [x.text for x in out]
    return []


def _funds(text: str, s: Sentence, mentions: list[Mention], sides: list[_Side]) -> list[Link]:
    out: list[Link] = []
    money = [m for m in mentions if m.type == "MONEY"]
    for m in money:
        if m.attrs.get("rate"):
            continue
        clause_start = max(
            s.start, max((text.rfind(c, s.start, m.start) for c in "，,；;"), default=-1) + 1
        )
        clause = text[clause_start : m.start]
        if re.search(r"增收|收入|需求|涉及|注册资金|增幅", clause):
            continue
        rest = text[m.end : s.end]
        obj = cue = None
        use = re.match(r"[^，,。；;]{0,6}?用于([^，,。；;]{2,24})", rest)
        if use is None:
            # a 用于 clause of its own after the amount (…8600万元，集中用于…) speaks
            # for it unless another allocation comes first (其中投入2100万元用于…)
            far = re.match(
                r"([^。；;]{0,30}?)[，,]\s*(?:集中|全部|主要|统筹|重点)?用于([^，,。；;]{2,24})",
                rest,
            )
            if far and not _FUND_CUE_RE.search(far.group(1)) and "用于" not in far.group(1):
                use = far
        if use:
            obj, cue = _trim(use.group(use.lastindex or 1)), "用于"
        if obj is None:
            # the amount buys what the verb after it says (投入1350万元建设…基地)
            build = _BUILD.match(rest)
            if build and _FUND_CUE_RE.search(clause):
                obj, cue = build.group(1), build.group(2)
        if obj is None:
            # 向87户贫困户发放分红资金10.4万元: the recipients
            rec = _RECIPIENT.search(clause)
            if rec:
                inside = [
                    x
                    for x in sides
                    if clause_start + rec.start(1) <= x.start and x.end <= clause_start + rec.end(1)
                ]
                obj, cue = (inside[-1].text if inside else _trim(rec.group(1))), rec.group(2)
        if obj is None:
            sup = re.match(r"[^。；;]{0,16}?(支持|资助|帮扶|扶持)", rest)
            if sup:
                k = m.end + sup.end()
                nxt = next((x for x in sides if x.start >= k and x.start - k <= 8), None)
                if nxt:
                    obj, cue = nxt.text, sup.group(1)
        if obj is None:
            cm = None
            for c in _FUND_CUES:
                k = clause.rfind(c)
                if k >= 0 and (cm is None or k > cm[0]):
                    cm = (k, c)
            if cm:
                phrase = _trim(clause[cm[0] + len(cm[1]) :])
                if phrase and len(phrase) >= 2:
                    obj, cue = phrase, cm[1]
                elif cm[1] == "投入":
                    prog = [p for p in mentions if p.type == "PROGRAM" and p.start < m.start]
                    if prog:
                        obj, cue = prog[-1].text, "投入"
        if obj:
            out.append(Link("funds", m.text, obj, cue or "", m.start, m.end))
    return out


def _trim(phrase: str) -> str:
    phrase = re.sub(r"^(?:各类|各项|专项|了|资金|达|共|累计|共计|总计)+", "", phrase)
    phrase = re.sub(r"(?:专项预算|专项资金|资金|预算|经费|等|达|共|合计|累计|计)+$", "", phrase)
    return phrase.strip(' “”"')

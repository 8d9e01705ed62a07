"""``helps``: cue words (帮扶, 结对, 驻村 …) with the helper before and the target
after, pairs (A与B结对), helpers sent to targets (分赴…驻村帮扶), respective
lists (分别), inferred targets, and the cadres who staff counted teams."""

from __future__ import annotations

import re

from ..lexicon import HELP_CUES, HELP_KINDS, STAFF_HEADS
from ..records import Link, Sentence, State
from .sides import (
    CLAUSE_END,
    COORD,
    Side,
    coordinated_before,
    is_helper,
    is_target,
    is_team,
    longest_first,
    targets_after,
)

__all__ = ["HELP_RE", "find_helps", "staff"]

assert set(HELP_CUES.values()) <= set(HELP_KINDS)
HELP_RE = re.compile(longest_first(list(HELP_CUES)))
# what may stand between the last of paired sides and the cue (一一结成帮扶对子)
_PAIR_GAP = re.compile(r"(?:一一|分别|共同|长期|主动)?(?:结成|结为|开展|建立)?")

# modifiers after 与 in a pair (34名干部与全村153户贫困户结对)
_PAIR_MOD = re.compile(r"(与|同)(?:全村|全县|全镇|全乡|全区|全市|所有|辖区)?")

# a helper sent to a target, the cue after it (分赴87个贫困村驻村帮扶, 到凌云县挂职)
_SENT_TO = re.compile(r"(?:分赴|奔赴|深入|下沉到?|派驻到?|进驻到?|到|赴|在)$")


def find_helps(
    text: str, s: Sentence, sides: list[Side], sents: list[Sentence], idx: int, state: State
) -> list[Link]:
    out: list[Link] = []
    for cue in HELP_RE.finditer(text, s.start, s.end):
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
        before = [x for x in sides if x.end <= c0 and is_helper(x)]
        if not before:
            continue
        # the helper right before the cue, and those coordinated with it (A、B继续联系…)
        gap = text[before[-1].end : c0]
        if len(gap) > 12 or (
            re.search(r"[，,。；;]", gap) and not re.fullmatch(r"[，,]?[\u4e00-\u9fff]{0,10}", gap)
        ):
            continue
        subj = coordinated_before(text, before[:-1], before[-1])
        kind = HELP_CUES[cue.group()]
        if len(subj) > 1 and "分别" in text[subj[-1].end : c0]:
            targets = _respective(text, sides, s, len(subj))
            if targets:
                out += [
                    Link("helps", a.text, b.text, cue.group(), c0, c1, kind=kind)
                    for a, b in zip(subj, targets, strict=False)
                ]
                continue
        objs = targets_after(text, sides, c1)
        inferred = False
        if not objs and text[max(s.start, subj[0].start - 1) : subj[0].start] == "由":
            # 对…等3个深度贫困村，由1名县委常委包村: the target written before 由
            ahead = [
                x
                for x in sides
                if s.start <= x.start and x.end <= subj[0].start - 1 and is_target(x)
            ]
            objs = ahead[-1:]
        if not objs:
            obj = _inferred_target(subj[-1], sents, idx, state)
            inferred = obj is not None
            objs = [obj] if obj is not None else []
        if not objs:
            continue
        if kind == "结对帮扶" and any(is_team(x) for x in subj):
            kind = "驻村帮扶"
        if any(x.kind == "ORG" and x.mention.attrs.get("org_type") == "enterprise" for x in subj):
            kind = "村企共建"
        for x in subj:
            out += [
                Link("helps", x.text, obj.text, cue.group(), c0, c1, kind=kind, inferred=inferred)
                for obj in objs
            ]
    return out


# what joins the sides of a pair chain: 与/同 pair, 、/和 list
_PAIR_SEPS = ("与", "同", "、", "和")


def _pairable(x: Side) -> bool:
    if x.kind == "PLACE":
        return x.mention.attrs.get("level") in ("prefecture", "county", "township", "village")
    return x.kind in ("ORG", "PERSON") or (x.kind == "quantity" and (is_helper(x) or is_target(x)))


def _paired(text: str, sides: list[Side], c0: int) -> list[tuple[Side, Side]]:
    """Pairs written as "A与B结对": 民治街道与泗城镇、观澜街道与伶站瑶族乡结成帮扶对子
    (pair by pair), 38家企业、17个社会组织与42个贫困村结对 (many with one).

    The chain of sides right before the cue, joined by 与/同/、/和; a place
    written right before another side names it (凌云县42个贫困村) and is skipped.
    """
    xs = [x for x in sides if x.end <= c0]
    if not xs or not _PAIR_GAP.fullmatch(text[xs[-1].end : c0]):
        return []
    chain, seps = [xs[-1]], list[str]()
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
        before, after = chain[: joins[0] + 1], chain[joins[0] + 1 :]
        if len(after) == 1:
            return [(a, after[0]) for a in before]
        if len(before) == 1:
            return [(before[0], b) for b in after]
        return []
    # A与B、C与D…: 与 and 、 alternate, pair by pair
    if len(chain) == 2 * len(joins) and all(
        seps[i] in ("与", "同") for i in range(0, len(seps), 2)
    ):
        return [(chain[i], chain[i + 1]) for i in range(0, len(chain), 2)]
    return []


def _respective(text: str, sides: list[Side], s: Sentence, n: int) -> list[Side]:
    """The n places a 分别 sentence lists (沙子镇兴合村、花贡镇竹塘村、茶马镇董箐村), in order."""
    places = [
        x
        for x in sides
        if x.kind == "PLACE"
        and s.start <= x.start < s.end
        and x.mention.attrs.get("level") in ("village", "township")
    ]
    runs: list[list[Side]] = []
    for x in places:
        gap = text[runs[-1][-1].end : x.start] if runs else None
        if gap is not None and (gap == "" or COORD.fullmatch(gap)):
            if gap == "" and runs[-1][-1].mention.attrs.get("level") == "township":
                runs[-1][-1] = x  # 沙子镇兴合村: the village, not its township
            else:
                runs[-1].append(x)
        else:
            runs.append([x])
    exact = [r for r in runs if len(r) == n]
    return exact[0] if len(exact) == 1 else []


def _sent_to(text: str, sides: list[Side], c0: int) -> tuple[list[Side], list[Side]]:
    """Helpers sent to targets written before the cue: 组建155个工作队，分赴87个贫困村和
    68个非贫困村驻村帮扶; 选派12名干部到凌云县挂职. (helpers, targets) or two empty lists."""
    xs = [x for x in sides if x.end <= c0]
    if not xs or text[xs[-1].end : c0] not in ("", "开展", "进行", "参与") or not is_target(xs[-1]):
        return [], []
    targets = coordinated_before(text, xs[:-1], xs[-1], accept=is_target)
    i = len(xs) - len(targets)
    verb = _SENT_TO.search(text, max(0, targets[0].start - 4), targets[0].start)
    if not verb or i == 0:
        return [], []
    helper = xs[i - 1]
    gap = text[helper.end : verb.start()]
    if not is_helper(helper) or len(gap) > 6 or CLAUSE_END.search(gap):
        return [], []
    return [helper], targets


def staff(text: str, s: Sentence, sides: list[Side], links: list[Link]) -> None:
    """Attach the cadres who make up counted teams (104名干部…组建25个工作队;
    84个工作队…共派驻工作队员392名) to the team's helps links as ``members``.

    Each count of people goes to the nearest team count in its clause (；/。),
    so two teams in one clause keep their own staff."""
    teams = [
        x
        for x in sides
        if x.kind == "quantity"
        and is_team(x)
        and any(lk.rel == "helps" and lk.subject == x.text for lk in links)
    ]
    if not teams:
        return
    subjects = {lk.subject for lk in links}
    for x in sides:
        if (
            x.kind != "quantity"
            or x.text in subjects
            or is_team(x)
            or x.quantity.unit not in ("名", "人")
            or not x.quantity.what.endswith(STAFF_HEADS)
        ):
            continue
        near = [
            t
            for t in teams
            if not CLAUSE_END.search(text, min(t.end, x.end), max(t.start, x.start))
        ]
        if not near:
            continue
        team = min(near, key=lambda t: min(abs(t.start - x.end), abs(x.start - t.end)))
        for lk in links:
            if lk.rel == "helps" and lk.subject == team.text and lk.members is None:
                lk.members = x.text


def _inferred_target(subj: Side, sents: list[Sentence], idx: int, state: State) -> Side | None:
    """25个工作队 stationed in the 25 poor villages named just before (convention 9)."""
    if subj.kind != "quantity":
        return None
    q = subj.quantity
    lo = sents[max(0, idx - 2)].start
    for other in reversed(state.quantities):
        if lo <= other.start < q.start and other.value == q.value and other.what.endswith("村"):
            return Side(other.text, other.start, other.end, "quantity", other)
    return None

"""``leads``: a named head (组长, 队长, 主任 …) of an organisation: 任/担任 + title,
担任 + body + title, 组长由…担任, a bare title's body named before, and a body
and its head's title written before the name (省委组织部部长李某)."""

from __future__ import annotations

import re

from ..lexicon import HEAD_TITLES, TITLE_BODY
from ..records import Link, Sentence, State
from .sides import COORD, Side, coordinated_before, longest_first, posts_before

__all__ = ["find_leads"]

# 任/担任/兼任 + a head's title (not 会长: 任会长 names no annotated body here), or 牵头
_LEAD_RE = re.compile(
    rf"(?<!副)(?:任|担任|兼任)({longest_first(HEAD_TITLES)})"
    r"|牵头(?!抓总|帮扶)"
)

# 担任 + the body + its head's title: 共同担任县脱贫攻坚指挥部指挥长
_LEAD_OF = re.compile(r"(?<!副)(?:任|担任|兼任)$")

_LEAD_TITLE = re.compile(rf"(?<!副)({longest_first(HEAD_TITLES)})")

_LEAD_PASSIVE = re.compile(r"(?<!副)(组长|站长|队长|指挥长)由([^,，。；;]{2,30}?)(?:担任|兼任)")


# a head's title written straight after its body, before the head's name
# (省委组织部部长李某, 驻村工作组组长、…李某, 某局党组书记、局长李某); not a deputy's
_HEAD_AFTER_BODY = re.compile(
    r"(?:党组|党委)?(?<!副)(组长|队长|站长|主任|团长|理事长|社长|董事长|会长|部长|局长|校长|院长"
    r"|主席|行长|总经理|厂长|所长|书记)(?=、|$)"
)


def _heads_named(text: str, s: Sentence, sides: list[Side]) -> list[Link]:
    """李某 leads 某部 where a post before the name is 某部 + a head's title."""
    out = []
    for p in sides:
        if p.kind != "PERSON":
            continue
        lo = p.start - len(posts_before(text, s.start, p.start))
        for org in sides:
            if org.kind != "ORG" or not lo <= org.start < org.end < p.start:
                continue
            if org.mention.attrs.get("collective"):
                continue
            title = _HEAD_AFTER_BODY.match(text, org.end, p.start)
            if title:
                out.append(Link("leads", p.text, org.text, title.group(1), org.start, p.end))
    return out


def find_leads(text: str, s: Sentence, idx: int, sides: list[Side], state: State) -> list[Link]:
    out: list[Link] = _heads_named(text, s, sides)
    orgs = [x for x in sides if x.kind == "ORG"]
    for cue in _LEAD_RE.finditer(text, s.start, s.end):
        heads = [x for x in sides if x.end <= cue.start() and x.kind in ("ROLE", "PERSON")]
        if not heads:
            continue
        if cue.start() - heads[-1].end > 6:
            continue
        subj = coordinated_before(text, heads[:-1], heads[-1], joiner=COORD)
        after = [x for x in orgs if x.start >= cue.end() and x.start - cue.end() <= 4]
        before = [x for x in orgs if x.end <= subj[0].start]
        target = after[0] if after else (before[-1] if before else None)
        target_text = target.text if target else _unit_before(text, s.start, subj[0].start)
        body = TITLE_BODY.get(cue.group(1) or "")
        if (
            body
            and not after
            and (target is None or target.mention.attrs.get("org_type") != body[0])
        ):
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
        subj = coordinated_before(text, heads[:-1], heads[-1], joiner=COORD)
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

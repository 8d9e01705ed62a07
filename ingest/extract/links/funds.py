"""``funds``: an amount allocated to a purpose, programme or recipient
(用于…, 投入…建设…, 向…发放, …支持X, or the phrase after the allocating verb)."""

from __future__ import annotations

import re

from ..lexicon import FUND_CUES
from ..records import Link, Mention, Sentence
from .sides import Side

__all__ = ["find_funds"]

_FUND_CUE_RE = re.compile("|".join((*FUND_CUES, "投资")))

_BUILD = re.compile(r"((建设|修建|新建|援建|改造|建成|打造|购置|购买|扶持)[^，,。；;]{2,24})")

_RECIPIENT = re.compile(r"(?:向|为|给)([^，,。；;]{2,20}?)(发放|拨付|提供|捐赠|补助|奖励)")


def find_funds(text: str, s: Sentence, mentions: list[Mention], sides: list[Side]) -> list[Link]:
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
            for c in FUND_CUES:
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

"""``helps`` from a post or a bare team: a named first secretary helps the
village of the sentence, a cadre 挂任 a place's post helps that place, an
unnamed 驻村工作队 进驻 a village helps it."""

from __future__ import annotations

import re

from ..records import Link, Sentence, State
from .sides import Side, posts_before, village_before

__all__ = ["find_stationed"]

# a named person made first secretary (王某担任驻村第一书记) or seconded to a
# place's post (挂任凌云县委常委); the team the report is about (驻村工作队进驻某村)
_SECRETARY = re.compile(r"(?:担任|任|出任|兼任)?(?:驻村)?第一书记")

_SECONDED = re.compile(r"挂任|挂职")

# the village a first secretary's post names: 柳河村(党支部)(驻村)第一书记
_SECRETARY_OF = re.compile(r"(?:党支部|党总支)?(?:驻村)?第一书记")


_BARE_TEAM = re.compile(r"(?:驻村帮扶|驻村|帮扶|扶贫)?工作队(?=进驻|入驻|驻扎|派驻到?|进村)")

_ENTER = re.compile(r"(?:进驻|入驻|驻扎|派驻到?|进村到?)")


def find_stationed(
    text: str, s: Sentence, sides: list[Side], sents: list[Sentence], idx: int, state: State
) -> list[Link]:
    """helps links the cue-word rules miss because the helper is a person named
    with the post, or the team is written without a name:

    * 干部李某担任驻村第一书记 / 第一书记李某任队长 / 柳河村第一书记、队长李某:
      李某 → the village the post names, else the village of the sentence, else
      the last village of the two sentences before (驻村帮扶);
    * 李某挂任凌云县委常委: 李某 → 凌云县 (挂职);
    * 市农业农村局派驻的驻村工作队进驻新坪村: 驻村工作队 → 新坪村 (驻村帮扶).
    """
    out: list[Link] = []
    people = [x for x in sides if x.kind == "PERSON"]
    villages = [x for x in sides if x.kind == "PLACE" and x.mention.attrs.get("level") == "village"]
    for p in people:
        role = p.mention.attrs.get("role") or ""
        sec = _SECRETARY.match(text, p.end)
        posts = posts_before(text, s.start, p.start)
        if "第一书记" in role or "第一书记" in posts or (sec and sec.group()):
            # the village the post names, else the sentence's last, else one before
            own = [v for v in villages if _SECRETARY_OF.match(text, v.end) and v.end <= p.start]
            if own and p.start - own[-1].end <= len(posts):
                where: Side | None = own[-1]
            elif villages:
                where = villages[-1]
            else:
                where = village_before(sents, idx, state)
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
            if place is not None and place.mention.attrs.get("level") not in (
                "village",
                "township",
            ):
                place = None
        if enter and place is not None:
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

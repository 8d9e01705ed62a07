"""Teams named by their sender and their post (市农业农村局驻东坡村工作队).

The whole name is the team; the part before 驻 is the organisation that sent
it, an organisation of its own (the issue's "the sender as its own ORG"); the
place after 驻 is where it is stationed. When the part before 驻 is a place
(东坡村驻村工作队), it is where the team works, not who sent it. The team and
its sender both help that place (:func:`team_links`).
"""

from __future__ import annotations

import re

from .orgs import org_type_of
from .records import Link, Mention, State

__all__ = ["TEAM_CUE", "TEAM_NOUNS", "TEAM_POSTS", "split_teams", "team_links"]

TEAM_CUE = "驻"
"""The cue of a team's and its sender's ``helps`` links."""

TEAM_NOUNS = "(?:工作队|工作组|帮扶队|服务队|帮扶组|工作团|帮扶小组)"
"""The nouns a team's name ends with, as a regular expression."""
TEAM_POSTS = "(?:驻村|扶贫|帮扶|结对帮扶|精准扶贫|乡村振兴|访惠聚)"
"""The words of a team's post before its noun (驻村工作队, 结对帮扶工作组, 乡村振兴工作队,
Xinjiang's 访惠聚工作队), one of them."""
# a stationed team's name: its sender, its post words (访惠聚驻村工作队), 驻 and its place
_TEAM = re.compile(
    r"^(?P<before>.{2,}?)" + TEAM_POSTS + r"*(?:派驻|驻)(?P<post>.*?)" + TEAM_NOUNS + "$"
)
_VILLAGE = re.compile(r"[\u3400-\u9fff]{2,4}?(?:村|社区|嘎查)")
_UNIT_END = re.compile(r".*[省市县区乡镇]")  # the places written before the village's name


def split_teams(state: State) -> None:
    """Mark each stationed team with its place, and add its sender as an organisation."""
    places = [m for m in state.mentions if m.type == "PLACE"]
    spans = {(m.start, m.end, m.type) for m in state.mentions}
    added: list[Mention] = []
    for m in state.mentions:
        if m.type != "ORG":
            continue
        got = _TEAM.match(m.text)
        if got is None or m.text != state.text[m.start : m.end]:
            continue  # a name joined across quotes or spaces: its parts have no offsets
        cut = m.start + got.end("before")
        inside = [p for p in places if m.start <= p.start and p.end <= m.end]
        head = next((p for p in inside if p.start == m.start and p.end == cut), None)
        if head is not None:  # 东坡村驻村工作队: the place before 驻 is where it works
            m.attrs["stationed_at"] = head.text
            continue
        after = [p for p in inside if p.start >= cut]
        post = got.group("post")
        where: str | None
        if after:
            where = after[-1].text
        else:  # a village the registry does not know (驻山峰村帮扶工作组)
            names = [_UNIT_END.sub("", n) for n in _VILLAGE.findall(post)]
            where = names[-1] if names and len(names[-1]) > 2 else None
        sender = state.text[m.start : cut]
        if where is not None:
            m.attrs["stationed_at"] = where
        if (m.start, cut, "ORG") in spans:
            continue
        attrs = {"org_type": org_type_of(sender), "collective": False, "sends": m.text}
        if where is not None:
            attrs["stationed_at"] = where
        added.append(Mention("ORG", sender, m.start, cut, attrs))
    if added:
        state.mentions = sorted(state.mentions + added, key=lambda x: (x.start, -x.end))


def team_links(state: State) -> list[Link]:
    """``helps`` from each stationed team and its sender to the team's place (驻村帮扶)."""
    out = []
    for m in state.mentions:
        where = m.attrs.get("stationed_at") if m.type == "ORG" else None
        if where and where != m.text:
            out.append(Link("helps", m.text, where, TEAM_CUE, m.start, m.end, kind="驻村帮扶"))
    return out

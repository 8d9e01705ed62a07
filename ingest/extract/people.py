"""People: named individuals (never XXX placeholders) and the post they hold.

Names are found where reports write them: an author line (a name alone on
the first or last lines, or after the unit in a closing parenthesis), a
byline (作者/记者/通讯员, after a colon or a space), a post or a cue word
followed by a name (第一书记王某某, 村民李某某说: the name has to end where
a segmenter word ends), and a short list of national figures.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .lexicon import BYLINE_POSTS, KNOWN_PEOPLE, OWN_OUTLETS, PERSON_CUES, SURNAMES
from .records import Cover, Mention
from .text import word_automaton, word_tags

__all__ = ["find_people", "looks_like_name"]

_SINGLE = "".join(s for s in SURNAMES if len(s) == 1)
_DOUBLE = "|".join(s for s in SURNAMES if len(s) == 2)
_NAME = rf"(?:(?:{_DOUBLE})[\u4e00-\u9fff]{{1,2}}|[{_SINGLE}][\u4e00-\u9fff]{{1,2}})"
_BAD_CHARS = set("的了和在是与及等县市区省乡镇村组委局办部党队会社中心们这那有为对把将由从到")
# surnames that are far more often function words right after a post
_FUNCTION_SURNAMES = set("和任于向从自以为是在对将把被与及时成全由")
# verbs that follow a name and that jieba's dictionary lacks
_NAME_FOLLOWERS = frozenset({"挂任", "挂帅", "驻村", "包村", "带队"})
# one-character words that follow a name far more often than they end one (王海任队长)
_NOT_LAST = frozenset("任说在是到和与为把将被让向从对给等")
_BYLINE = re.compile(
    rf"(?:(?:作者|记者|通讯员|撰稿|供稿|撰文)(?:\s*[:：/]\s*|[ \t　]+)|(?:文|图)\s*[:：/]\s*)"
    rf"({_NAME}(?:[、，,]\s*{_NAME}|[ \t　]+{_NAME}(?=[\s、，,）)]|$))*)"
)
# a news byline's block: （记者甲 通讯员乙 丙）, 电(记者甲), a line that opens
# with □本报记者甲通讯员乙丙: the names may be run together, split by spaces
# or by the box some pages print for one
_BYLINE_POST = re.compile("|".join(BYLINE_POSTS))
_BYLINE_WHO = rf"(?:{'|'.join(OWN_OUTLETS)})?(?:特约)?(?:{_BYLINE_POST.pattern})"
_BYLINE_BLOCK = re.compile(
    rf"(?:^|(?<=[（(【□■]))[ \t　□■]*({_BYLINE_WHO}[^()（）\n]{{2,40}}?)(?=[)）】]|$)", re.M
)
_BYLINE_SPLIT = re.compile(rf"[ \t　□■、，,]+|({_BYLINE_WHO})")
_CLOSING = re.compile(
    rf"[（(][^()（）\n]{{2,40}}?[\s　]+({_NAME}(?:\s*[、，,]\s*{_NAME})*)\s*[)）]\s*$"
)
# an author's credit closing a report: only names in parentheses after its last
# sentence (…奠定基础。(甲乙) or (甲乙 丙丁)), some pages' table rule after it
_CREDIT = re.compile(
    rf"(?<=[。！？!?”])\s*[（(]\s*({_NAME}(?:[\s　、，,]+{_NAME})*)\s*[)）][\s|｜]*$"
)
_AFTER_ROLE = re.compile(
    rf"({_NAME})(?=同志|[，,、。；;（(：:\s]|任|担任|带领|说|介绍|表示|是|在|到|牵头|主持)"
)


def looks_like_name(s: str) -> bool:
    """A plausible Chinese personal name: a surname, one or two given characters."""
    if not 2 <= len(s) <= 4 or any(c in _BAD_CHARS for c in s[1:]):
        return False
    if "X" in s or "某" in s:
        return False
    if not re.fullmatch(_NAME, s):
        return False
    # a "surname" that is mostly a function word starts a name only when the
    # rest is not an ordinary word (和扶贫, 任站长)
    if s[0] in _FUNCTION_SURNAMES:
        tags = word_tags()
        for i in range(1, len(s)):
            for j in range(i + 2, len(s) + 1):
                tag = tags.get(s[i:j])
                if tag is not None and not tag.startswith("nr"):
                    return False
    return True


def _name_at(text: str, pos: int, is_token_end: Callable[[int], bool]) -> str | None:
    """A name starting at ``pos`` that ends where a segmenter word ends.

    Three characters before two, unless the third is a one-character word
    of its own that is not a noun (刘洋说 is 刘洋 + 说); a two-character
    name that is an ordinary dictionary word (代表, 高兴) is not a name.
    """
    if text[pos : pos + 1] in _FUNCTION_SURNAMES:
        return None  # 干部和驻村队员: 和 here is "and"
    tags = word_tags()
    for n in (3, 2):
        end = pos + n
        cand = text[pos:end]
        if end > len(text) or not is_token_end(end) or not looks_like_name(cand):
            continue
        if n == 3 and is_token_end(end - 1) and not (tags.get(cand[-1]) or "n").startswith("n"):
            continue
        if n == 3 and (
            cand[-1] in _NOT_LAST
            or text[end - 1 : end + 1] in _NAME_FOLLOWERS
            or (tags.get(text[end - 1 : end + 1]) or "").startswith("v")
        ):
            continue  # 陈明挂任…: the third character starts the verb after the name
        tag = tags.get(cand)
        if n == 2 and tag is not None and not tag.startswith("nr"):
            continue
        return cand
    return None


def _run_together(chunk: str) -> list[tuple[int, str]] | None:
    """``chunk`` cut into names of two or three characters, fewest names first
    (王甲乙李丙丁 → 王甲乙, 李丙丁); None when no cut makes every piece a name."""
    best: dict[int, list[tuple[int, str]] | None] = {len(chunk): []}
    for i in range(len(chunk) - 1, -1, -1):
        options = []
        for n in (4, 3, 2):
            rest = best.get(i + n)
            if rest is not None and looks_like_name(chunk[i : i + n]):
                options.append([(i, chunk[i : i + n]), *rest])
        best[i] = min(options, key=len) if options else None
    return best[0]


def byline_names(text: str) -> list[tuple[int, str, str]]:
    """(start, name, post) of each name in a news byline block (``_BYLINE_BLOCK``):
    the post is the last 记者 or 通讯员 before it. A block with anything that is
    no name gives none."""
    out: list[tuple[int, str, str]] = []
    for m in _BYLINE_BLOCK.finditer(text):
        found: list[tuple[int, str, str]] = []
        post, pos = "记者", m.start(1)
        for piece in _BYLINE_SPLIT.split(m.group(1)):
            if not piece:
                continue
            if _BYLINE_SPLIT.fullmatch(piece):
                post = _BYLINE_POST.findall(piece)[-1]
                pos += len(piece)
                continue
            names = _run_together(piece)
            if names is None:
                found = []
                break
            pos = text.index(piece, pos)
            found += [(pos + i, name, post) for i, name in names]
            pos += len(piece)
        out += found
    return out


def find_people(
    text: str,
    roles: list[Mention],
    not_names: set[str],
    is_token_end: Callable[[int], bool] | None = None,
) -> list[Mention]:
    """Named individuals with their ``role`` (作者 for author lines).

    ``not_names`` are words known to be something else (places, roles, orgs);
    ``is_token_end(pos)`` tells whether a segmenter word ends at ``pos`` (the
    pipeline passes the document's tokens; without it, names after posts
    need punctuation or a verb from a short list after them).
    """
    out: list[Mention] = []

    def add(name: str, start: int, role: str | None, known: bool = False) -> None:
        if name in not_names or not (known or looks_like_name(name)):
            return
        if any(m.start == start for m in out):
            return
        out.append(Mention("PERSON", name, start, start + len(name), {"role": role}))

    lines = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", text)]
    edge = lines[:3] + lines[-3:]
    for pos, line in edge:
        stripped = line.strip()
        if looks_like_name(stripped) and stripped not in not_names:
            add(stripped, pos + line.index(stripped), "作者")
        m = _CLOSING.search(line) or _CREDIT.search(line)
        if m:
            for nm in re.finditer(_NAME, m.group(1)):
                add(nm.group(), pos + m.start(1) + nm.start(), "作者")
    for m in _BYLINE.finditer(text):
        for nm in re.finditer(_NAME, m.group(1)):
            add(nm.group(), m.start(1) + nm.start(), "作者")
    for at, reporter, post in byline_names(text):
        add(reporter, at, post)
    for r in roles:
        name = None
        if is_token_end is not None and is_token_end(r.end):
            name = _name_at(text, r.end, is_token_end)
        if name:
            add(name, r.end, r.text)
            continue
        m = _AFTER_ROLE.match(text, r.end)
        if m and not (
            len(m.group(1)) == 3 and text[m.end(1) - 1 : m.end(1) + 1] in _NAME_FOLLOWERS
        ):
            add(m.group(1), m.start(1), r.text)
    if is_token_end is not None:
        in_role = Cover([(r.start, r.end) for r in roles])
        for end_idx, cue in word_automaton(PERSON_CUES).iter(text):
            end = end_idx + 1
            if not is_token_end(end) or in_role.strictly_inside(end - len(cue), end):
                continue  # 书记 inside 第一书记 is the role's business
            name = _name_at(text, end, is_token_end)
            if name:
                add(name, end, cue if cue not in ("同志",) else None)
    for name, role in KNOWN_PEOPLE.items():
        for m in re.finditer(re.escape(name), text):
            add(name, m.start(), role, known=True)
    out.sort(key=lambda m: m.start)
    return out

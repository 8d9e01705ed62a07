"""The entity CRF: organisations, people, posts and programmes by character.

A linear-chain CRF (python-crfsuite) tags every character ``B-TYPE``,
``I-TYPE`` or ``O``; the features (:mod:`.features`) include what the rule
components found, so the model learns when to trust them and what they miss
(companies, universities, media, army units, names without a cue word).
Its spans replace the rule components' mentions of those four types; the
attributes the rules gave a span (an organisation's type, a person's role)
are kept when the model agrees on the span, and derived from the name when
it found one the rules did not.

Training labels come from gold files, which give entity texts, not offsets:
every occurrence of a gold text is labelled, the longest first (quotation
marks and spaces inside a name, as in “四个一”机制, are skipped over).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..lexicon import COLLECTIVE_PREFIXES, COORDINATORS, OWN_OUTLETS, PERSON_TITLES, ROLE_WORDS
from ..links.sides import longest_first
from ..orgs import org_type_of
from ..programs import program_kind
from ..records import Mention, State
from ..teams import TEAM_NOUNS, TEAM_POSTS
from ..text import QUOTE_CLOSE, QUOTE_OPEN
from .features import add_lac_features, char_features
from .lac import LacWord

__all__ = ["TYPES", "GatedNer", "NerModel", "gold_labels", "label_spans", "train_crf"]

TYPES = ("ORG", "PERSON", "ROLE", "PROGRAM")
_SKIP = frozenset(QUOTE_OPEN + QUOTE_CLOSE)


def compressed(text: str) -> tuple[str, list[int]]:
    """``text`` without quotation marks and whitespace, and where each kept character was."""
    keep = [i for i, c in enumerate(text) if c not in _SKIP and not c.isspace()]
    return "".join(text[i] for i in keep), keep


def occurrences(
    text: str, needle: str, comp: tuple[str, list[int]] | None = None
) -> list[tuple[int, int]]:
    """Spans of ``text`` where ``needle`` is written, quotation marks and spaces aside.

    >>> occurrences("开展“四个一”机制建设", "四个一机制")
    [(3, 9)]
    """
    ctext, keep = comp or compressed(text)
    want = "".join(c for c in needle if c not in _SKIP and not c.isspace())
    out: list[tuple[int, int]] = []
    if not want:
        return out
    k = ctext.find(want)
    while k >= 0:
        out.append((keep[k], keep[k + len(want) - 1] + 1))
        k = ctext.find(want, k + 1)
    return out


def gold_labels(text: str, entities: Iterable[dict[str, Any]]) -> list[str]:
    """BIO labels of ``text`` from gold entities (types in :data:`TYPES`), longest first."""
    comp = compressed(text)
    spans: list[tuple[int, int, int, str]] = []
    for ent in entities:
        if ent.get("type") in TYPES and ent.get("text"):
            spans += [
                (end - start, start, end, ent["type"])
                for start, end in occurrences(text, ent["text"], comp)
            ]
    spans.sort(key=lambda x: (-x[0], x[1]))
    labels = ["O"] * len(text)
    for _, start, end, t in spans:
        if all(lab == "O" for lab in labels[start:end]):
            labels[start] = "B-" + t
            for i in range(start + 1, end):
                labels[i] = "I-" + t
    return labels


def label_spans(labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """``(start, end, type)`` of the entities in a BIO sequence (an I without its B opens one).

    >>> label_spans(["B-ORG", "I-ORG", "O", "I-PERSON", "I-PERSON"])
    [(0, 2, 'ORG'), (3, 5, 'PERSON')]
    """
    out = []
    i, n = 0, len(labels)
    while i < n:
        lab = labels[i]
        if lab == "O":
            i += 1
            continue
        t = lab[2:]
        j = i + 1
        while j < n and labels[j] == "I-" + t:
            j += 1
        out.append((i, j, t))
        i = j
    return out


def train_crf(
    sequences: Iterable[tuple[list[list[str]], list[str]]],
    path: str | Path,
    *,
    c1: float = 0.01,
    c2: float = 0.1,
    iterations: int = 150,
) -> None:
    """Train a CRF on ``(features, labels)`` sequences and write it to ``path`` (deterministic)."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for x, y in sequences:
        trainer.append(x, y)
    trainer.set_params(
        {"c1": c1, "c2": c2, "max_iterations": iterations, "feature.possible_transitions": True}
    )
    trainer.train(str(path))


@dataclass
class NerModel:
    """A trained CRF on disk, opened once."""

    path: Path
    uses_lac: bool

    def __post_init__(self) -> None:
        import pycrfsuite

        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(self.path))

    def tag(self, features: list[list[str]]) -> list[str]:
        return list(self._tagger.tag(features)) if features else []

    def tag_scored(self, features: list[list[str]]) -> tuple[list[str], float]:
        """The best labels, and the least of their marginal probabilities: how sure
        the model is of its least certain character."""
        if not features:
            return [], 1.0
        labels = self._tagger.tag(features)
        marginal = self._tagger.marginal
        return list(labels), min(marginal(y, t) for t, y in enumerate(labels))

    def spans(self, state: State, lac: LacSource | None) -> list[tuple[int, int, str]]:
        """The entity spans of the document, with LAC's words over the whole text
        when the model uses them and ``lac`` is given."""
        words = lac(None) if self.uses_lac and lac is not None else None
        feats = char_features(state.text, state.token_ends, state.mentions, state.quantities, words)
        spans = label_spans(self.tag(feats))
        return _lac_name_bounds(state.text, spans, words) if words else spans


LacSource = Callable[[Sequence[tuple[int, int]] | None], Sequence[LacWord]]
"""LAC's words of the text (``None``), or inside the given ascending ``(start, end)``
spans of it: :func:`.lac.lac_words` of one text."""


@dataclass
class GatedNer:
    """The CRF without LAC everywhere, and the one with LAC where the first is unsure.

    LAC is most of extraction's cost. Each sentence is tagged by ``plain``;
    where the marginal probability of one of its characters' labels is below
    ``below``, LAC runs over that sentence and ``with_lac`` tags it again
    (``below = 0``: on none). ``kg_ner`` with ``lac_below = 1`` does not gate:
    it runs LAC over the whole text and ``with_lac`` alone.

    Cross-validated on the real reports, entities are as good as with LAC
    everywhere from ``below = 0.9`` up, and ORG falls below that (0.794 at
    0.85, 0.770 at 0.8). At 0.9 LAC runs on about three fifths of unseen
    reports' text, and a fifth of text like the training reports'.
    """

    plain: NerModel
    with_lac: NerModel
    below: float

    def spans(self, state: State, lac: LacSource | None) -> list[tuple[int, int, str]]:
        """The entity spans of the document; ``lac`` is asked only for the unsure
        sentences (without it, ``plain`` alone)."""
        text = state.text
        feats = char_features(text, state.token_ends, state.mentions, state.quantities, None)
        labels: list[str] = []
        unsure = []
        for a, b in _pieces(state):
            tags, p = self.plain.tag_scored(feats[a:b])
            labels += tags
            if p < self.below:
                unsure.append((a, b))
        words = lac(unsure) if unsure and lac is not None else []
        if words:
            add_lac_features(feats, words)
            for a, b in unsure:
                labels[a:b] = self.with_lac.tag(feats[a:b])
        spans = label_spans(labels)
        return _lac_name_bounds(text, spans, words) if words else spans


def _pieces(state: State) -> list[tuple[int, int]]:
    """The text cut at every sentence start: consecutive spans that cover it."""
    n = len(state.text)
    cuts = sorted({0, n, *(s.start for s in state.sentences if 0 < s.start < n)})
    return list(itertools.pairwise(cuts))


_NAME = re.compile(r"[\u4e00-\u9fff·]{2,5}")
# no Chinese character, and both a Latin letter and a digit (a hash, an id, a URL);
# numeric programme names (“1+3”, 1234566) and Latin names (TCL) are kept
_ID_LIKE = re.compile(r"(?=.*[A-Za-z])(?=.*\d)[^\u3400-\u9fff]+")


def _lac_name_bounds(
    text: str, spans: list[tuple[int, int, str]], lac: Sequence[LacWord]
) -> list[tuple[int, int, str]]:
    """A person the CRF cut short takes LAC's longer name around it (严纯 in
    LAC's 严纯亮): LAC's names are its strongest part, its bounds of a name
    better than the CRF's, which reads a character at a time."""
    names = [(a, b) for a, b, tag in lac if tag == "PER" and _NAME.fullmatch(text[a:b])]
    if not names:
        return spans
    out = []
    for s, e, t in spans:
        if t == "PERSON":
            wider = [(a, b) for a, b in names if a <= s and e <= b and (a, b) != (s, e)]
            if wider:
                s, e = wider[0]
        out.append((s, e, t))
    return out


_SELF_REFERENCE = re.compile(f"(?:{'|'.join(OWN_OUTLETS)})(?:讯|电|记者)?")


def apply_spans(state: State, spans: Iterable[tuple[int, int, str]]) -> None:
    """Replace the state's mentions of :data:`TYPES` by ``spans``, keeping rule attributes."""
    text = state.text
    rule = {(m.start, m.end, m.type): m for m in state.mentions if m.type in TYPES}
    kept = [m for m in state.mentions if m.type not in TYPES]
    counts = [(q.start, q.end) for q in state.quantities]
    orgs = sorted((m.start, m.end) for m in rule.values() if m.type == "ORG")
    teams = _with_teams(text, _split_coordinated(text, _split_at_rule_orgs(text, spans, orgs)))
    for s, e, t in _bare_teams(text, teams, counts):
        s, e = _trim(text, s, e)
        if t == "ORG":
            e = _without_title(text, s, e)
        elif t == "ROLE" and text.startswith("副", s) and text[max(0, s - 2) : s] == "常务":
            s -= 2  # 常务副县长: the executive deputy's whole post
        name = "".join(c for c in text[s:e] if c not in _SKIP and not c.isspace())
        if not name or (len(name) < 2 and t != "PERSON") or e <= s:
            continue
        if t != "PERSON" and _ID_LIKE.fullmatch(name):
            continue  # letters and digits with no Chinese: a page's hash or URL, not a name
        if t == "ORG" and _SELF_REFERENCE.fullmatch(name):
            continue  # 本报讯: the outlet's dateline, naming no one
        known = rule.get((s, e, t))
        if known is not None:
            kept.append(known)
            continue
        attrs = _attrs(t, name)
        if t == "PERSON":  # the role the rules read around a name they cut differently
            near = [m for m in rule.values() if m.type == "PERSON" and m.start < e and s < m.end]
            if near:
                attrs["role"] = near[0].attrs.get("role")
        kept.append(Mention(t, name, s, e, attrs))
    people = [(m.start, m.end) for m in kept if m.type == "PERSON"]
    kept = [  # a place name inside a person's (隆林 in 徐隆林) is the person's
        m
        for m in kept
        if m.type != "PLACE" or not any(s <= m.start and m.end <= e for s, e in people)
    ]
    kept += _titles_before(text, kept)
    kept.sort(key=lambda m: (m.start, -m.end))
    state.mentions = kept


# what turns an organisation into the team it sent: 驻村工作组, 扶贫工作队,
# 驻东坡村工作队, 结对帮扶工作组 (not 工作队员 or 工作组长: posts; not 派驻的驻村工作队:
# a team the text names apart from its sender)
_TEAM_TAIL = re.compile(
    r"(?:(?:派驻|驻)(?:(?!的)[\u3400-\u9fff]){1,8}?(?:村|乡|镇|社区))?"
    + TEAM_POSTS
    + "*"
    + TEAM_NOUNS
    + "(?![员长])"
)


def _with_teams(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """``spans`` and, for an organisation written straight on into a team's name
    (甲局驻村工作组, 甲局扶贫工作队), the whole team as an organisation too: the
    team is one, its sender another (issue 10; ``kg_teams`` reads the sender).

    >>> _with_teams("省委政法委驻村工作组进村", [(0, 5, "ORG")])
    [(0, 5, 'ORG'), (0, 10, 'ORG')]
    >>> _with_teams("县扶贫办工作队员", [(0, 4, "ORG")])
    [(0, 4, 'ORG')]
    """
    have = {(s, e) for s, e, _ in spans}
    out = list(spans)
    for s, e, t in spans:
        if t != "ORG":
            continue
        tail = _TEAM_TAIL.match(text, e)
        if (
            tail is None
            or tail.end() == e
            or any(a <= s and tail.end() <= b for a, b in have if (a, b) != (s, e))
        ):
            continue
        out.append((s, tail.end(), t))
        have.add((s, tail.end()))
    return out


# a team written by its post alone that the text makes one specific team: one
# just formed (组成的驻村扶贫工作组) or one that moves in (扶贫工作队进驻); a team
# named as a kind of helper (第一书记和驻村工作队) is no organisation
_BARE_TEAM = re.compile(TEAM_POSTS + "+" + TEAM_NOUNS + "(?![员长])")
_FORMED = re.compile(r"(?:组成|成立|组建)[了的]$")
_MOVES_IN = re.compile(r"(?:进驻|入驻|驻扎|进村)")


def _bare_teams(
    text: str, spans: list[tuple[int, int, str]], taken: list[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """``spans`` and each bare team name (``_BARE_TEAM``) lying in no span and no
    count (``taken``) that the text makes one team: just formed, or moving in.

    >>> _bare_teams("三人组成的驻村扶贫工作组进村", [], [])
    [(5, 12, 'ORG')]
    >>> _bare_teams("选派第一书记和驻村工作队", [], [])
    []
    >>> _bare_teams("8支驻村工作队进驻", [], [(0, 7)])
    []
    """
    out = list(spans)
    busy = [(s, e) for s, e, _ in spans] + list(taken)
    for m in _BARE_TEAM.finditer(text):
        s, e = m.span()
        if not (_FORMED.search(text, max(0, s - 3), s) or _MOVES_IN.match(text, e)):
            continue
        if any(a < e and s < b for a, b in busy):
            continue
        out.append((s, e, "ORG"))
    return out


_AND = re.compile("[与和及]")


def _split_coordinated(
    text: str, spans: Iterable[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Organisations the model tagged as one span but written as two joined by 与, 和
    or 及 with the same last character (武警甲总队与武警乙总队, 县委甲办和县乙办),
    as two spans; names that hold such a word themselves end otherwise on their
    first side (住房和城乡建设局, 人力资源和社会保障局).

    >>> _split_coordinated("北京总队与青海总队", [(0, 9, "ORG")])
    [(0, 4, 'ORG'), (5, 9, 'ORG')]
    >>> _split_coordinated("住房和城乡建设局", [(0, 8, "ORG")])
    [(0, 8, 'ORG')]
    """
    out = []
    for s, e, t in spans:
        if t == "ORG":
            start = s
            for m in _AND.finditer(text, s + 2, e - 2):
                k = m.start()
                if k - start >= 2 and text[k - 1] == text[e - 1]:
                    out.append((start, k, t))
                    start = k + 1
            s = start
        out.append((s, e, t))
    return out


# what joins organisations named one after another: a coordinator, or 联合 (jointly with)
_JOINED_BY = frozenset((*COORDINATORS, "联合", "会同", "携手"))


def _split_at_rule_orgs(
    text: str, spans: Iterable[tuple[int, int, str]], orgs: Sequence[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """An organisation the model tagged as one span where the rules found two or more
    that fill it, joined by a coordinator or 联合 (县文联、市作协和县侨联; 市工商联联合
    市慈善总会), as the rules' organisations.

    >>> _split_at_rule_orgs("甲县文联和乙县侨联", [(0, 9, "ORG")], [(0, 4), (5, 9)])
    [(0, 4, 'ORG'), (5, 9, 'ORG')]
    >>> _split_at_rule_orgs("甲县文联乙县侨联", [(0, 8, "ORG")], [(0, 4), (4, 8)])
    [(0, 8, 'ORG')]
    """
    out: list[tuple[int, int, str]] = []
    for s, e, t in spans:
        inner = [(a, b) for a, b in orgs if s <= a and b <= e] if t == "ORG" else []
        if (
            len(inner) >= 2
            and inner[0][0] == s
            and inner[-1][1] == e
            and all(text[b:a2] in _JOINED_BY for (_, b), (a2, _) in itertools.pairwise(inner))
        ):
            out += [(a, b, t) for a, b in inner]
        else:
            out.append((s, e, t))
    return out


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """Drop spaces and punctuation at either end of a span."""
    while s < e and (text[s].isspace() or text[s] in "，,。；;：:、"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in "，,。；;：:、"):
        e -= 1
    return s, e


# a person's title (or a deputy's 副 cut from one) ending an organisation's span:
# 某集团总裁, 某县人大副
_TITLE_TAIL = re.compile(f"(?:副?(?:{longest_first(PERSON_TITLES)})|副)$")


def _without_title(text: str, s: int, e: int) -> int:
    """The end of an organisation's span without a person's title the model ran on
    into (某集团副总裁: 某集团), where at least two characters are left.

    >>> text = "甲集团副总裁"
    >>> text[: _without_title(text, 0, len(text))]
    '甲集团'
    >>> _without_title("县委员会", 0, 4)
    4
    """
    m = _TITLE_TAIL.search(text, s, e)
    return m.start() if m and m.start() - s >= 2 else e


# a post or title written straight before a person's name
_TITLE_BEFORE = re.compile(f"(?:(?:常务)?副)?(?:{longest_first((*PERSON_TITLES, *ROLE_WORDS))})$")


def _titles_before(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """ROLE mentions of the titles written straight before a person's name, and of
    the titles listed before those (党组书记、局长、总经理李某), where no mention
    holds them: a post written with a named person is a ROLE (ANNOTATION.md,
    convention 5).

    >>> [m.text for m in _titles_before("局长、总经理李明", [Mention("PERSON", "李明", 6, 8)])]
    ['总经理', '局长']
    """
    # a post may run over the body it is held in (甲村党支部书记: 党支部书记 beside
    # the organisation 甲村党支部), not over any other mention
    spans = [(m.start, m.end) for m in mentions if m.type != "ORG"]

    def free(s: int, e: int) -> bool:
        return not any(a < e and s < b for a, b in spans)

    out = []
    for p in mentions:
        if p.type != "PERSON":
            continue
        pos = p.start
        while pos > 0:
            found = (_TITLE_BEFORE.match(text, k, pos) for k in range(max(0, pos - 10), pos))
            m = next((m for m in found if m is not None and free(*m.span())), None)
            if m is None:
                break
            out.append(Mention("ROLE", m.group(), m.start(), m.end()))
            spans.append(m.span())
            pos = m.start() - 1 if text[m.start() - 1 : m.start()] == "、" else 0
    return out


def _attrs(t: str, name: str) -> dict[str, Any]:
    if t == "ORG":
        collective = name.startswith((*COLLECTIVE_PREFIXES, "各"))
        return {"org_type": org_type_of(name), "collective": collective}
    if t == "PROGRAM":
        return {"kind": program_kind(name)}
    if t == "PERSON":
        return {"role": None}
    return {}

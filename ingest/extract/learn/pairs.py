"""The link classifier: which relation, if any, joins two sides of a report.

Candidates are pairs of *sides* — entities, counts, free-text target groups
(贫困户) and purposes of money (the words after an amount, after 用于 …) —
written in one sentence, or the subject up to three sentences before the
object, plus every helper of the document with the place the report is
about, and the jurisdiction with every programme. Each pair is described by
sparse features (the kinds of both sides, their order and distance, the
words between and around them, the cue words in reach, whether one place
contains the other, whether a rule already linked them) and a multinomial
logistic regression trained on gold files gives the probability of each
relation. Pairs above the threshold become links, strongest first; a pair
whose sides contain (or lie in) the sides of a stronger link of the same
relation is the same statement and is dropped. A place that is the object
of candidate pairs and has no helper above the threshold takes its likeliest
helper when that one's ``helps`` probability is at least the floor; a
programme, its likeliest implementer. The rule links are kept beside them (see
:meth:`LinkModel.links`).

The weights are a JSON file of per-feature weights (no pickle): scoring
needs nothing but the file. Features on the text's words name them by a hash,
so the file holds no words of the training reports.
"""

from __future__ import annotations

import json
import re
import zlib
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, repeat
from pathlib import Path
from typing import Any

from ...gazetteer.names import strictly_within
from ..anaphora import anaphors
from ..lexicon import BYLINE_POSTS, COORDINATORS, FUND_CUES, HEAD_TITLES, HELP_CUES, HELP_KINDS
from ..links.respective import RESPECTIVE_CUE, respective
from ..links.sides import TARGET_GROUPS_RE, Side, address_parts, is_helper, is_target
from ..programs import CARRY_OUT_CUES
from ..records import Link, State
from ..teams import TEAM_CUE, TEAM_NOUNS, TEAM_POSTS
from ..text import sentence_at, word_automaton

__all__ = ["RELATIONS", "Cand", "LinkModel", "candidate_rows", "gold_label", "help_kind"]

RELATIONS = ("helps", "leads", "implements", "responsible_for", "funds")

HELPER_FLOOR = 0.15
"""The least probability at which a place with no helper above the threshold
takes its likeliest one, and a programme with no implementer its likeliest
(cross-validated on the real reports, links lenient: 0.369 → 0.379 and helpers
of named villages 54 → 59 of 96 for helpers; 0.386 → 0.391 for implementers)."""
INFERRED_THRESHOLD = 0.4
"""The least probability of a link the report does not write but the classifier
infers: a helper's help to the place the report is about, that place's carrying
out of a programme (cross-validated on the real reports with fold seeds 0 and 1,
links lenient 0.436 → 0.440 and 0.428 → 0.433, who-helps unchanged; at the
threshold of written links, 0.3, about a third of them were right)."""
_EXPECTED = {
    # relation: (the objects that have a subject, the kinds of side that can be it)
    "helps": (frozenset(["PLACE", "JURP"]), frozenset(["ORG", "PERSON", "ROLE", "quantity"])),
    "implements": (frozenset(["PROGRAM"]), frozenset(["ORG", "PLACE"])),
}
_SUBJECT_KINDS = frozenset(["ORG", "PERSON", "ROLE", "PLACE", "quantity", "MONEY"])
_OBJECT_KINDS = frozenset(["PLACE", "quantity", "group", "ORG", "PERSON", "PROGRAM", "free"])
_BACK_KINDS = frozenset(["ORG", "PERSON", "ROLE", "quantity", "PLACE"])
_CUES: dict[str, tuple[str, ...]] = {
    "help": tuple(HELP_CUES),
    "lead": HEAD_TITLES,
    "fund": (*FUND_CUES, "用于", "投资"),
    "carry": (*CARRY_OUT_CUES, "实施", "开展", "推行", "实行", "印发", "下发", "制定"),
    "resp": ("负责", "牵头", "组织", "部署", "启动", "责任单位"),
}
_ALL_CUES = frozenset(c for v in _CUES.values() for c in v)
_CUE_KINDS = {c: [k for k, v in _CUES.items() if c in v] for c in _ALL_CUES}
_PUNCT = {"comma": "，,", "stop": "；;。", "dun": "、", "nl": "\n"}
_BYLINE = frozenset([*BYLINE_POSTS, "作者", "编辑", "摄影"])
_FREE_AFTER = re.compile(r"[^，,。；;\n]{2,30}")
_PURPOSE_CUES = ("用于", "投入", "捐赠", "支持", "资助", "帮助", "为", "向", "给")
_VALUE_WORDS = ("价值", "共计", "合计", "总计", "累计", "约")
_WORDS_ONLY = re.compile(r"[，,。；;、：:“”\"（）()《》\s]+")


@dataclass(slots=True)
class Cand:
    """A side a link can have: its text, where it is, what it is."""

    text: str
    start: int
    end: int
    kind: str  # entity type | "quantity" | "group" | "free" | "JUR" | "JURP"
    ref: Any = None
    anaphor: bool = False
    """An anaphor (该局, 他) standing for ``ref``, the mention it refers to (anaphora.py)."""


@lru_cache(maxsize=65536)
def _word(name: str, word: str) -> str:
    """A feature on a word of the text, by a stable hash of the word (20 bits): the
    shipped weights name no words of the reports they were trained on."""
    return f"{name}#{zlib.crc32(word.encode('utf-8')) & 0xFFFFF:05x}"


def _sub(c: Cand) -> str:
    r = c.ref
    if c.kind == "ORG":
        coll = "|coll" if r.attrs.get("collective") else ""
        return str(r.attrs.get("org_type", "other")) + coll
    if c.kind in ("PLACE", "JURP"):
        return str(r.attrs.get("level")) if r is not None else "?"
    if c.kind == "quantity":
        s = Side(c.text, c.start, c.end, "quantity", r)
        return "helper" if is_helper(s) else ("target" if is_target(s) else "other")
    if c.kind == "MONEY":
        a = r.attrs
        for k in ("rate", "part_of", "cumulative"):
            if a.get(k):
                return k
        return "plain"
    if c.kind == "PERSON":
        role = r.attrs.get("role") if r is not None else None
        return "byline" if role in _BYLINE else ("post" if role else "none")
    return "-"


def candidates(state: State) -> list[Cand]:
    """Every side of a document, in text order."""
    text = state.text
    cs = [Cand(m.text, m.start, m.end, m.type, m) for m in state.mentions]
    cs += [Cand(q.text, q.start, q.end, "quantity", q) for q in state.quantities]
    taken = sorted((c.start, c.end) for c in cs)
    known = {c.text for c in cs}

    def free(s: int, e: int, kind: str = "free") -> None:
        piece = text[s:e].strip()
        if len(piece) >= 2 and piece not in known:
            cs.append(Cand(piece, s, e, kind))
            known.add(piece)

    for g in TARGET_GROUPS_RE.finditer(text):
        if not any(s <= g.start() < e for s, e in taken):
            free(g.start(), g.end(), "group")
    for lk in state.links:  # free-text objects of the rules (purposes, task headings)
        if lk.object and lk.object not in known:
            k = text.find(lk.object, max(0, lk.start - 60))
            if k < 0:
                k = text.find(lk.object)
            if k >= 0:
                free(k, k + len(lk.object))
    for m in state.mentions:
        if m.type != "MONEY":
            continue
        after = _FREE_AFTER.match(text, m.end)
        # what a sum is for follows it, unless another item of a list does (甲万元、乙万元)
        if after and not after.group().startswith(COORDINATORS):
            seg = after.group()
            lead = len(seg) - len(seg.lstrip("的，,"))
            free(m.end + lead, after.end())
        lo = max(text.rfind(c, 0, m.start) for c in "，,。；;\n") + 1
        seg = text[lo : m.start]
        for cue in _PURPOSE_CUES:
            k = seg.find(cue)
            if k < 0:
                continue
            # up to the next cue (向甲村捐赠价值…: 甲村), without a value word (价值)
            a = k + len(cue)
            b = min([j for c in _PURPOSE_CUES if (j := seg.find(c, a)) >= 0], default=len(seg))
            b -= next((len(w) for w in _VALUE_WORDS if seg.endswith(w, a, b)), 0)
            if b - a >= 2:
                free(lo + a, lo + b)
    for an in anaphors(state):
        m = an.antecedent
        cs.append(Cand(m.text, an.start, an.end, m.type, m, anaphor=True))
    cs.sort(key=lambda c: (c.start, -c.end))
    return cs


def _titles(state: State, cs: list[Cand]) -> set[int]:
    """The posts written straight before a person's name, and the posts listed before
    those (局长、总经理李某): the person holds them, and is the side of any link
    (on the real reports, no gold link has such a post as its subject)."""
    roles = {c.end: c for c in cs if c.kind == "ROLE" and not c.anaphor}
    out: set[int] = set()
    for c in cs:
        if c.kind != "PERSON" or c.anaphor:
            continue
        pos = c.start
        while (r := roles.get(pos)) is not None and id(r) not in out:
            out.add(id(r))
            pos = r.start - 1 if state.text[r.start - 1 : r.start] == "、" else -1
    return out


def _pairs(state: State, cs: list[Cand]) -> list[tuple[Cand, Cand, int]]:
    sents = state.sentences
    titles = _titles(state, cs)
    by: dict[int, list[Cand]] = {}
    for c in cs:
        if id(c) in titles:
            continue
        by.setdefault(sentence_at(sents, c.start) if sents else 0, []).append(c)
    jur = state.jurisdiction
    out: list[tuple[Cand, Cand, int]] = []
    for si, group in by.items():
        subjects = [(c, 0) for c in group if c.kind in _SUBJECT_KINDS]
        for back in (1, 2, 3):
            subjects += [(c, back) for c in by.get(si - back, []) if c.kind in _BACK_KINDS]
        for b in group:
            if b.kind not in _OBJECT_KINDS:
                continue
            for a, back in subjects:
                if a is b or (a.start < b.end and b.start < a.end):
                    continue
                out.append((a, b, back))
            if jur is not None and b.kind == "PROGRAM":
                out.append((Cand(jur.text, -1, -1, "JUR", jur), b, 8))
    if jur is not None and jur.attrs.get("level") in ("village", "township", "county"):
        topic = Cand(jur.text, -1, -1, "JURP", jur)
        for c in cs:
            if c.anaphor:
                continue  # the helper's own mention pairs with the topic
            if c.kind in ("ORG", "PERSON", "ROLE", "quantity") and c.text != jur.text:
                out.append((c, topic, 9))
    return out


def _is_word(t: str) -> bool:
    return bool(t.strip()) and not _WORDS_ONLY.fullmatch(t)


def _bucket(n: int) -> str:
    for b in (0, 2, 5, 10, 20, 40, 80):
        if n <= b:
            return str(b)
    return "far"


class _Words:
    """The segmenter's words of a document between two positions (punctuation left out).

    Every pair asks about a few positions around it; the words are indexed once
    per document, so each question is two binary searches and a slice (the first
    and last word cut to the range, as :meth:`State.tokens_in` cuts them)."""

    def __init__(self, state: State) -> None:
        self.state = state
        text = state.text
        self.ends = ends = list(state.token_ends)
        self.starts = [0, *ends[:-1]]
        is_word = [_is_word(text[s:e]) for s, e in zip(self.starts, ends, strict=True)]
        kept = [k for k, w in enumerate(is_word) if w]
        self.is_word = is_word
        self.kept = kept
        self.kept_text = [text[self.starts[k] : ends[k]] for k in kept]
        self.cache: dict[tuple[int, int], list[str]] = {}

    def between(self, lo: int, hi: int) -> list[str]:
        if hi <= lo:
            return []
        key = (lo, hi)
        got = self.cache.get(key)
        if got is None:
            got = self.cache[key] = self._between(lo, hi)
        return got

    def _between(self, lo: int, hi: int) -> list[str]:
        text, ends = self.state.text, self.ends
        if not ends:
            piece = text[lo:hi]
            return [piece] if _is_word(piece) else []
        i = bisect_right(ends, lo)  # the first token ending after lo
        if i >= len(ends):
            return []
        j = min(bisect_left(ends, hi), len(ends) - 1)  # the token holding hi - 1
        whole = self.is_word
        first = text[lo : min(ends[i], hi)]
        if lo == self.starts[i] and hi >= ends[i]:
            out = [first] if whole[i] else []
        else:
            out = [first] if _is_word(first) else []
        if j > i:
            a, b = bisect_right(self.kept, i), bisect_left(self.kept, j)
            out += self.kept_text[a:b]
            last = text[self.starts[j] : min(ends[j], hi)]
            if whole[j] if hi >= ends[j] else _is_word(last):
                out.append(last)
        return out

    def before(self, pos: int, n: int) -> list[str]:
        return self.between(max(0, pos - 10), pos)[-n:][::-1]

    def after(self, pos: int, n: int) -> list[str]:
        return self.between(pos, min(len(self.state.text), pos + 10))[:n]


class _Sides:
    """What a pair's features say of one side alone, worked out once per side.

    A document's candidates meet in many pairs; their kinds, the words around
    them and the cues just before or after them do not depend on the pair.
    """

    def __init__(self, words: _Words) -> None:
        self.words = words
        self.text = text = words.state.text
        self._sub: dict[int, str] = {}
        # every occurrence of every cue, overlapping ones too: a span holds a cue of a
        # kind exactly when one of its occurrences lies inside it, asked by binary
        # search (cues_in) instead of a search of each pair's gap and surroundings
        found: dict[str, list[tuple[int, int]]] = {k: [] for k in _CUES}
        for end, cue in word_automaton(_ALL_CUES).iter(text):
            for k in _CUE_KINDS[cue]:
                found[k].append((end + 1 - len(cue), end + 1))
        self._cue_at = {k: ([s for s, _ in v], [e for _, e in v]) for k, v in found.items()}
        # where each kind of punctuation mark is written
        self._marks = {
            name: [m.start() for m in re.finditer(f"[{re.escape(chars)}]", text)]
            for name, chars in _PUNCT.items()
        }
        self._around: dict[tuple[str, int], list[str]] = {}
        self._pre: dict[int, list[str]] = {}
        self._post: dict[tuple[int, str, str], list[str]] = {}

    def cues_in(self, lo: int, hi: int) -> list[str]:
        """The kinds of cue written inside ``text[lo:hi]`` (the ends clipped to the text)."""
        lo = max(0, lo)
        out = []
        for k, (starts, ends) in self._cue_at.items():
            i = bisect_left(starts, lo)
            while i < len(starts) and starts[i] < hi:
                if ends[i] <= hi:
                    out.append(k)
                    break
                i += 1
        return out

    def marks_in(self, lo: int, hi: int) -> list[str]:
        """The kinds of punctuation mark inside ``text[lo:hi]``."""
        out = []
        for name, at in self._marks.items():
            i = bisect_left(at, lo)
            if i < len(at) and at[i] < hi:
                out.append(name)
        return out

    def sub(self, c: Cand) -> str:
        got = self._sub.get(id(c))
        if got is None:
            got = self._sub[id(c)] = "jur" if c.kind == "JUR" else _sub(c)
        return got

    def around(self, c: Cand, side: str) -> list[str]:
        """The two words before and after ``c``, as features of its ``side`` of the pair
        (``a``: the subject, ``b``: the object, ``jurp_a``: a helper paired with the
        place the report is about)."""
        key = (side, id(c))
        got = self._around.get(key)
        if got is None:
            wx = self.words
            got = [_word(f"{side}_prev{i}", w) for i, w in enumerate(wx.before(c.start, 2))]
            got += [_word(f"{side}_next{i}", w) for i, w in enumerate(wx.after(c.end, 2))]
            self._around[key] = got
        return got

    def between(self, lo: int, hi: int) -> list[str]:
        """The first eight words between a pair's sides."""
        return [_word("bw", w) for w in self.words.between(lo, hi)[:8]]

    def jurp_window(self, a: Cand) -> list[str]:
        """The cues in the twelve characters around a helper paired with the place the
        report is about."""
        key = ("jurp_win", id(a))
        got = self._around.get(key)
        if got is None:
            got = self._around[key] = [_JURP_WIN[k] for k in self.cues_in(a.start - 12, a.end + 12)]
        return got

    def pre(self, anchor: int) -> list[str]:
        """The cues in the eight characters before a pair."""
        got = self._pre.get(anchor)
        if got is None:
            got = self._pre[anchor] = [f"pre_{k}" for k in self.cues_in(anchor - 8, anchor)]
        return got

    def post(self, b: Cand, ta: str, tb: str) -> list[str]:
        """The cues in the eight characters after the object."""
        key = (b.end, ta, tb)
        got = self._post.get(key)
        if got is None:
            got = []
            for k in self.cues_in(b.end, b.end + 8):
                got += [f"postb_{k}", f"postb_{k}|{ta}|{tb}"]
            self._post[key] = got
        return got


def _feature_parts(
    sides: _Sides, a: Cand, b: Cand, back: int, rule_rels: set[str], ranks: tuple[int, int]
) -> list[Sequence[str]]:
    """A pair's features in parts. Parts never share a feature (each kind of part names
    its features with its own prefix), and a part that does not depend on the whole
    pair (a side's surroundings, the shape of the pair's kinds) is one object shared by
    every pair that has it: :meth:`LinkModel.probas_parts` weighs it once."""
    ta, tb = a.kind, b.kind
    sa, sb = sides.sub(a), sides.sub(b)
    if tb == "JURP":
        return [
            _shape_features(ta, sa, tb, sb, back, None, ""),
            _jurp_features(ta, sa, sb),
            sides.around(a, "jurp_a"),
            sides.jurp_window(a),
        ]
    if ta == "JUR":
        lo = hi = b.start
        forward = True
    else:
        forward = a.end <= b.start
        lo, hi = (a.end, b.start) if forward else (b.end, a.start)
    parts: list[Sequence[str]] = [_shape_features(ta, sa, tb, sb, back, forward, _bucket(hi - lo))]
    if hi > lo:
        gap = [_MARK[name] for name in sides.marks_in(lo, hi)]
        for k in sides.cues_in(lo, hi):
            gap += _gap_features(k, ta, tb)
        if hi - lo <= 6:
            gap.append(_word("gapw", sides.text[lo:hi]))
        parts.append(gap)
    elif forward:
        parts.append(_adjacent(ta, tb))
    parts += [
        sides.pre(a.start if a.start >= 0 else b.start),
        sides.post(b, ta, tb),
        sides.between(lo, hi),
    ]
    if ta != "JUR":
        parts.append(sides.around(a, "a"))
    parts.append(sides.around(b, "b"))
    ca = a.ref.attrs.get("code") if ta in ("PLACE", "JUR") and a.ref is not None else None
    cb = b.ref.attrs.get("code") if tb == "PLACE" and b.ref is not None else None
    if ca and cb:
        parts.append(
            _PLACE_SAME
            if ca == cb
            else _PLACE_A_HOLDS
            if strictly_within(cb, ca)
            else (_PLACE_B_HOLDS if strictly_within(ca, cb) else _PLACE_DISJOINT)
        )
    if ta == "PERSON":
        parts.append(_person_role(sa))
    if a.anaphor:
        parts.append(_anaphor_features("a", ta, tb))
    if b.anaphor:
        parts.append(_anaphor_features("b", ta, tb))
    parts.append(_rank_features(min(ranks[0], 4), min(ranks[1], 4), ta, tb))
    parts.append(_rule_features(tuple(sorted(rule_rels)), ta, tb))
    return parts


# Features that combine a few short values, built once per combination: a
# document's pairs repeat them, and a string made once is hashed once.
_MARK = {name: f"p_{name}" for name in _PUNCT}
_JURP_WIN = {k: f"jurp_win_{k}" for k in _CUES}


@lru_cache(maxsize=4096)
def _gap_features(k: str, ta: str, tb: str) -> tuple[str, str]:
    return f"gap_{k}", f"gap_{k}|{ta}|{tb}"


_PLACE_SAME = ("place_same",)
_PLACE_A_HOLDS = ("place_a_contains_b",)
_PLACE_B_HOLDS = ("place_b_contains_a",)
_PLACE_DISJOINT = ("place_disjoint",)


@lru_cache(maxsize=1024)
def _adjacent(ta: str, tb: str) -> tuple[str]:
    return (f"adjacent|{ta}|{tb}",)


@lru_cache(maxsize=256)
def _person_role(sa: str) -> tuple[str]:
    return (f"prole={sa}",)


@lru_cache(maxsize=1024)
def _jurp_features(ta: str, sa: str, sb: str) -> tuple[str, str]:
    return f"jurp|{ta}:{sa}", f"jurp_level={sb}"


@lru_cache(maxsize=256)
def _anaphor_features(side: str, ta: str, tb: str) -> tuple[str, str]:
    return f"ana_{side}", f"ana_{side}|{ta}|{tb}"


@lru_cache(maxsize=4096)
def _rank_features(near_a: int, near_b: int, ta: str, tb: str) -> tuple[str, str, str]:
    return f"rank_a={near_a}", f"rank_a_t={near_a}|{ta}|{tb}", f"rank_b={near_b}"


@lru_cache(maxsize=4096)
def _rule_features(rule_rels: tuple[str, ...], ta: str, tb: str) -> tuple[str, ...]:
    if not rule_rels:
        return ("rule=none",)
    return tuple(f"rule={r}" for r in rule_rels) + tuple(f"rule={r}|{ta}|{tb}" for r in rule_rels)


@lru_cache(maxsize=8192)
def _shape_features(
    ta: str, sa: str, tb: str, sb: str, back: int, forward: bool | None, dist: str
) -> tuple[str, ...]:
    """The features of a pair's kinds, and of its order and distance where it has
    them (``forward`` is None for a helper and the place the report is about), built
    once per combination."""
    f = (
        "bias",
        f"ta={ta}",
        f"tb={tb}",
        f"tab={ta}|{tb}",
        f"sa={ta}:{sa}",
        f"sb={tb}:{sb}",
        f"sab={ta}:{sa}|{tb}:{sb}",
        f"back={back}",
        f"back_t={back}|{ta}|{tb}",
    )
    if forward is None:
        return f
    return (
        *f,
        f"order={forward}",
        f"tab_order={ta}|{tb}|{forward}",
        f"dist={dist}",
        f"dist_t={ta}|{tb}|{dist}",
    )


def candidate_rows(state: State) -> list[tuple[Cand, Cand, list[str]]]:
    """Every candidate pair of a document with its features."""
    return [(a, b, [f for part in parts for f in part]) for a, b, parts in candidate_parts(state)]


def candidate_parts(state: State) -> list[tuple[Cand, Cand, list[Sequence[str]]]]:
    """Every candidate pair of a document with its features in parts (:func:`_feature_parts`)."""
    cs = candidates(state)
    pairs = _pairs(state, cs)
    rules: dict[tuple[str, str], set[str]] = {}
    for lk in state.links:
        rules.setdefault((str(lk.subject), str(lk.object)), set()).add(lk.rel)

    def dist(a: Cand, b: Cand) -> int:
        return abs((a.start if a.start >= 0 else b.start) - b.start)

    # distances of the same-kind rivals of each pair, sorted: a pair's rank is how many
    # rivals are nearer (bisect instead of a scan per pair)
    rivals_a: dict[tuple[int, str], list[int]] = {}
    rivals_b: dict[tuple[int, str], list[int]] = {}
    for a, b, _ in pairs:
        if b.kind != "JURP":
            rivals_a.setdefault((id(b), a.kind), []).append(dist(a, b))
            rivals_b.setdefault((id(a), b.kind), []).append(dist(a, b))
    for v in (*rivals_a.values(), *rivals_b.values()):
        v.sort()
    rows = []
    sides = _Sides(_Words(state))
    for a, b, back in pairs:
        if b.kind == "JURP":
            ranks = (0, 0)
        else:
            d = dist(a, b)
            ranks = (
                bisect_left(rivals_a[(id(b), a.kind)], d),
                bisect_left(rivals_b[(id(a), b.kind)], d),
            )
        rule_rels = rules.get((a.text, b.text), set())
        rows.append((a, b, _feature_parts(sides, a, b, back, rule_rels, ranks)))
    return rows


def _contains(x: str | None, y: str | None) -> bool:
    return bool(x) and bool(y) and (x in y or y in x)  # type: ignore[operator]


def gold_label(gold_links: Sequence[dict[str, Any]], a: Cand, b: Cand) -> str:
    """The relation of the first gold link whose sides match the pair's (by containment)."""
    for lk in gold_links:
        if _contains(a.text, lk.get("subject")) and _contains(b.text, lk.get("object")):
            return str(lk["rel"])
    return "none"


def help_kind(text: str, a: Cand, b: Cand) -> str:
    """The kind of help a ``helps`` link states: the cue in reach, else by the helper."""
    lo = min(max(a.start, 0), b.start)
    hi = max(a.end, b.end)
    window = text[max(0, lo - 6) : hi + 6]
    for cue in sorted(HELP_CUES, key=len, reverse=True):
        if cue in window:
            return HELP_CUES[cue]
    if a.kind == "ORG" and a.ref is not None and a.ref.attrs.get("org_type") == "enterprise":
        return "村企共建"
    if "第一书记" in window or "驻村" in window:
        return "驻村帮扶"
    return "结对帮扶"


_TEAM_OF = re.compile(TEAM_POSTS + "*" + TEAM_NOUNS)
_GOVERNS = re.compile(r"[省市州县区乡镇](?:委|党委|人民政府|政府|委政府|党委政府)")
"""A level's government named by the level alone (县政府, 镇党委): it governs the
villages and townships under it and sends their helpers; it is not one of them."""

_BARE_LEVEL = {"province": "省", "prefecture": "市", "county": "县", "village": "村"}
"""The word a place's own bodies are named by, without its name (县委, 村委会)."""


_VILLAGERS = frozenset(["村民", "农户", "贫困户", "脱贫户", "群众", "老人", "村医"])
_SENT_POSTS = ("第一书记", "驻村", "工作队", "帮扶", "包村")


def _own_people(role: str) -> bool:
    """Whether a person's post makes them one of the people of a place and no
    helper sent to it: a villager (村民, 脱贫户) or the village's own elected
    post (村主任, 村党支部书记), unless the post is a sent one (第一书记, 驻村…)."""
    if role in _VILLAGERS:
        return True
    return role.startswith("村") and not any(p in role for p in _SENT_POSTS)


def _not_its_helper(rel: str, a: Cand, b: Cand) -> bool:
    """Whether ``a`` is no helper of ``b``: the outlet the report comes from
    (``kg_sources``) or its reporter, or the place's own — a body whose name holds the place's
    (长兴集团 of 长兴, 信丰县政协 of 信丰县, a village's committee; a team named by
    its post, 西沟村驻村工作队, is the exception), a body named by the place's
    level alone (县人大常委会 of the county), a place that holds it (the county
    or prefecture of a village), the government of a level above it named by the
    level alone (``_GOVERNS``: 县政府 of a village), or one of its own people
    (``_own_people``)."""
    if rel != "helps":
        return False
    mine = getattr(a.ref, "attrs", {})
    if a.kind == "ORG" and mine.get("source"):
        return True
    if a.kind == "PERSON" and mine.get("role") in _BYLINE:
        return True
    if b.kind not in ("PLACE", "JURP"):
        return False
    if a.kind == "PERSON" and _own_people(str(mine.get("role") or "")):
        return True
    place = getattr(b.ref, "attrs", {})
    if a.kind == "PLACE" and strictly_within(str(place.get("code")), str(mine.get("code"))):
        return True
    bare = _BARE_LEVEL.get(str(place.get("level")))
    if a.kind == "ORG" and bare and a.text.startswith(bare):
        return True
    if (
        a.kind == "ORG"
        and place.get("level") in ("village", "township")
        and _GOVERNS.fullmatch(a.text)
    ):
        return True
    if b.text in a.text and _TEAM_OF.fullmatch(a.text.replace(b.text, "", 1)):
        return False  # 西沟村驻村工作队: the team of the village's post, sent to it
    return b.text in a.text and mine.get("stationed_at") != b.text


def _fits(rel: str, obj: Cand) -> bool:
    """A programme is implemented: its object is a programme or words (ANNOTATION.md);
    what is helped is a place, body, person, count or group, never a phrase."""
    if rel == "helps":
        return obj.kind != "free"
    return rel != "implements" or obj.kind in ("PROGRAM", "free")


class LinkModel:
    """Per-feature weights of a multinomial logistic regression, from a JSON file."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.classes: list[str] = list(data["classes"])
        self.intercept: list[float] = list(data["intercept"])
        self.weights: dict[str, list[float]] = data["weights"]
        self.threshold: float = float(data.get("threshold", 0.3))
        floor = data.get("floor")
        self.floor: float | None = None if floor is None else float(floor)
        """The least probability of a place's likeliest helper, a programme's likeliest
        implementer (None: none is taken below the threshold)."""
        self.meta: dict[str, Any] = data.get("meta", {})
        self._matrix: tuple[dict[str, int], Any, Any] | None = None

    @classmethod
    def load(cls, path: str | Path) -> LinkModel:
        return cls(json.loads(Path(path).read_text(encoding="utf-8")))

    def save(self, path: str | Path) -> None:
        Path(path).write_text(
            json.dumps(self.as_dict(), ensure_ascii=False, sort_keys=True), encoding="utf-8"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "classes": self.classes,
            "intercept": self.intercept,
            "weights": self.weights,
            "threshold": self.threshold,
            **({"floor": self.floor} if self.floor is not None else {}),
            "meta": self.meta,
        }

    def _table(self) -> tuple[dict[str, int], Any, Any]:
        """The weights as a matrix (one row per feature), built once."""
        if self._matrix is None:
            import numpy as np

            names = list(self.weights)
            w = np.array([self.weights[n] for n in names], dtype=np.float64)
            self._matrix = (
                {n: i for i, n in enumerate(names)},
                w.reshape(len(names), len(self.classes)),
                np.array(self.intercept, dtype=np.float64),
            )
        return self._matrix

    def probas(self, rows: Sequence[Sequence[str]]) -> Any:
        """The probability of each class for each row of features (a rows × classes
        array), in one pass. A feature counts once per row, as in training."""
        return self.probas_parts([[feats] for feats in rows])

    def probas_parts(self, rows: Sequence[Sequence[Sequence[str]]]) -> Any:
        """:meth:`probas` of rows given in parts that share no feature (a feature
        counts once per part). A part object that several rows hold is weighed once."""
        import numpy as np

        index, w, b = self._table()
        if not rows:
            return np.zeros((0, len(self.classes)))
        # the distinct part objects, and each row's parts as their numbers
        numbers: dict[int, int] = {}
        parts: list[Sequence[str]] = []
        row_parts: list[int] = []
        for row in rows:
            for part in row:
                k = numbers.get(id(part))
                if k is None:
                    k = numbers[id(part)] = len(parts)
                    parts.append(part)
                row_parts.append(k)
        # each part's weights: one (part, feature) pair per known feature, duplicates once
        sizes = [len(part) for part in parts]
        flat = chain.from_iterable(parts)
        found = np.fromiter(map(index.get, flat, repeat(-1)), dtype=np.int64, count=sum(sizes))
        owner = np.repeat(np.arange(len(parts)), sizes)
        known = found >= 0
        pairs = np.unique(owner[known] * len(w) + found[known])
        owner, idx = np.divmod(pairs, len(w))
        classes = range(w.shape[1])
        part_w = np.zeros((len(parts), w.shape[1]))
        if len(idx):
            sel = w[idx]
            for c in classes:
                part_w[:, c] = np.bincount(owner, weights=sel[:, c], minlength=len(parts))
        row_of = np.repeat(np.arange(len(rows)), [len(row) for row in rows])
        of_part = part_w[np.array(row_parts, dtype=np.int64)]
        z = np.tile(b, (len(rows), 1))
        for c in classes:
            z[:, c] += np.bincount(row_of, weights=of_part[:, c], minlength=len(rows))
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def proba(self, features: Iterable[str]) -> list[float]:
        """The probability of each class (:attr:`classes`) for one row of features."""
        return [float(v) for v in self.probas([list(features)])[0]]

    def links(self, state: State, jurisdiction: str | None) -> list[Link]:
        """The document's links: pairs above the threshold, one per statement, and the
        rule links (``state.links``) that none of them restates.

        The rules are exact where a report is written in their pattern (a count of
        teams stationed in a count of villages, a 责任单位 list); cross-validated on
        the real reports, keeping them adds recall at no cost in precision."""
        rows = candidate_parts(state)
        rule_links = {(lk.rel, lk.subject, lk.object): lk for lk in state.links}
        probs = self.probas_parts([parts for _, _, parts in rows]).tolist()
        threshold = self.threshold
        inferred = max(threshold, INFERRED_THRESHOLD)
        scored = []
        for (a, b, _), ps in zip(rows, probs, strict=True):
            least = inferred if b.kind == "JURP" or a.kind == "JUR" else threshold
            for cls, p in zip(self.classes, ps, strict=True):
                if (
                    cls != "none"
                    and p >= least
                    and a.text != b.text  # an anaphor and its own antecedent
                    and _fits(cls, b)
                    and not _not_its_helper(cls, a, b)
                ):
                    scored.append((p, cls, a, b))
        scored += self._likeliest(rows, probs)
        # a place written as the start of an address (宕昌县 in 宕昌县张家山村) says
        # where the next lies: help and money go to that one
        parts = address_parts(state.mentions)
        scored = [x for x in scored if x[3].kind != "PLACE" or (x[3].start, x[3].end) not in parts]
        scored.sort(key=lambda x: (-x[0], x[2].start, x[3].start, x[1]))
        kept: list[tuple[str, str, str]] = []
        out: list[Link] = []
        for _p, rel, a, b in scored:
            if any(r == rel and _contains(a.text, s) and _contains(b.text, o) for r, s, o in kept):
                continue
            kept.append((rel, a.text, b.text))
            rule = rule_links.get((rel, a.text, b.text))
            if rule is not None:
                out.append(rule)
                continue
            start = b.start if a.start < 0 else min(a.start, b.start)
            end = max(a.end, b.end)
            link = Link(
                rel,
                a.text,
                b.text,
                "",
                max(start, 0),
                max(end, 0),
                scope=jurisdiction,
                inferred=b.kind == "JURP" or a.kind == "JUR",
            )
            if rel == "helps":
                link.kind = help_kind(state.text, a, b)
                assert link.kind in HELP_KINDS
            out.append(link)
        for lk in state.links:  # the rules' links the classifier did not restate
            # a stationed team's link and its sender's are two statements (TEAM_CUE),
            # though one name holds the other: only the same sides restate them
            same = (lambda a, b: a == b) if lk.cue == TEAM_CUE else _contains
            if not any(
                r == lk.rel and same(lk.subject, s) and _contains(lk.object, o) for r, s, o in kept
            ):
                kept.append((lk.rel, str(lk.subject), str(lk.object)))
                out.append(lk)

        def stated(a: Side, b: Any, start: int, end: int) -> Link:
            link = Link("helps", a.text, b.text, RESPECTIVE_CUE, start, end, scope=jurisdiction)
            link.kind = help_kind(state.text, Cand(a.text, a.start, a.end, a.kind, a.ref), b)
            return link

        return respective(state, out, stated)

    def _likeliest(
        self, rows: Sequence[tuple[Cand, Cand, Any]], probs: Sequence[Sequence[float]]
    ) -> list[tuple[float, str, Cand, Cand]]:
        """The likeliest helper (an organisation, person, post or count) of each place,
        and the likeliest implementer (an organisation or place named) of each programme,
        when none of its pairs passes the threshold and that one's probability is at least
        :attr:`floor`: a village a report names among the help it describes is helped
        by someone, and a programme it names is someone's."""
        floor, threshold = self.floor, self.threshold
        if floor is None or floor >= threshold:
            return []
        out = []
        for rel, (objects, subjects) in _EXPECTED.items():
            if rel not in self.classes:
                continue
            h = self.classes.index(rel)
            best: dict[int, tuple[float, Cand, Cand, Sequence[float]]] = {}
            for (a, b, _), ps in zip(rows, probs, strict=True):
                if (
                    b.kind in objects
                    and a.kind in subjects
                    and floor <= ps[h]
                    and ps[h] > best.get(id(b), (0.0,))[0]
                    and not _not_its_helper(rel, a, b)
                ):
                    best[id(b)] = (ps[h], a, b, ps)
            out += [
                (p, rel, a, b)
                for p, a, b, ps in best.values()
                if all(q < threshold for c, q in zip(self.classes, ps, strict=True) if c != "none")
            ]
        return out


def fit(
    rows: Sequence[tuple[list[str], str]],
    *,
    c: float = 0.5,
    threshold: float = 0.3,
    floor: float | None = HELPER_FLOOR,
    meta: dict[str, Any] | None = None,
) -> LinkModel:
    """Train the classifier on ``(features, label)`` rows (scikit-learn, deterministic)."""
    import numpy as np

    from ingest.deps import require

    require(
        "sklearn", package="scikit-learn", purpose="training the link classifier", extra="train"
    )
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform([dict.fromkeys(f, 1) for f, _ in rows])
    y = [label for _, label in rows]
    clf = LogisticRegression(C=c, max_iter=3000)
    clf.fit(x, y)
    coef = np.asarray(clf.coef_)
    intercept = np.asarray(clf.intercept_)
    if len(clf.classes_) == 2:  # binary: p(second) = σ(w·x + b), i.e. softmax over (0, w·x + b)
        coef = np.vstack([np.zeros_like(coef[0]), coef[0]])
        intercept = np.array([0.0, intercept[0]])
    names = vec.get_feature_names_out()
    weights = {}
    for j, name in enumerate(names):
        col = coef[:, j]
        if np.abs(col).max() >= 1e-4:
            weights[str(name)] = [round(float(v), 5) for v in col]
    return LinkModel(
        {
            "classes": [str(k) for k in clf.classes_],
            "intercept": [round(float(v), 5) for v in intercept],
            "weights": weights,
            "threshold": threshold,
            **({"floor": floor} if floor is not None else {}),
            "meta": meta or {},
        }
    )

"""Find place mentions in Simplified Chinese text and resolve them in context.

Matching
--------
* Province, prefecture and county names and short forms, township full
  names and old county/prefecture names are matched with one Aho-Corasick
  automaton (leftmost-longest, non-overlapping).
* Village-level names are matched only with their suffix (桂镇村, 银闸社区):
  every 村/社区/居委会/嘎查 in the text is an anchor, and the longest
  registry stem just before it wins. Bare village names are matched only
  right after a resolved township (a chain: 凉伞镇桂镇).

Resolution, in order
--------------------
1. *chain*: adjacent mentions (四川省达州市, 广安华蓥市, 新晃凉伞镇桂镇村)
   bind each other: a child keeps only candidates under its parent. A child
   the registry does not have under a resolved parent is reported
   ``not in 2023 registry``, never matched to a look-alike elsewhere.
2. *unique*: one candidate (or candidates nested in one another, such as a
   prefecture and its seat district of the same short name: the higher).
3. *jurisdiction*: the document's unit biases ambiguous names toward units
   inside or above it (then its prefecture, then its province).
4. *nearby*: the nearest resolved mention related to exactly one candidate.

Names that are also ordinary words (和平, 东方, 长安 …, two-character county
names such as 和县, and villages whose stem is such a word) are kept only
when a chain, the jurisdiction or a nearby mention supports them. Anything
still ambiguous stays unresolved with its candidates.
"""

from __future__ import annotations

import functools
import re
import weakref
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any

import ahocorasick

from ingest.errors import InputError
from ingest.gazetteer.names import (
    GENERIC_VILLAGE_WORDS,
    LEVEL_INDEX,
    NEVER_NAMES,
    implied_level,
    level_of_code,
    parent_of_code,
    stem_of,
)
from ingest.gazetteer.registry import Gazetteer, Unit, normalize_code

__all__ = ["PlaceMention", "find_mentions", "lookup_name", "place_info"]

_ANCHOR = re.compile(r"村委会|村民委员会|社区居委会|社区|居委会|嘎查|村")
_CJK = re.compile(r"^[\u3400-\u9fff]+$")
_PLACEHOLDER = set("XxＸｘ×*＊某")
# Characters that open a generic phrase rather than a village name (各村, 全村, 25个村).
_BAD_STEM_START = set("各全本该每个这那其此诸些等与及或到在从向对把被为的了是")
_MAX_VILLAGE_STEM = 8
# real names end so too (石桥新村; 龙山村 beside 偏远山村): weak
_GENERIC_TAILS = frozenset({"新村", "社区", "山村"})
_NEVER_TAILS = frozenset({"农村", "乡村", "渔村", "牧村"})  # 强化农村: never a name
# 村 followed by these starts a word (村级, 村民, 村庄 …): not a village suffix
_AFTER_CUN = frozenset("级民庄落容貌务")


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """One place mention found in a text.

    Attributes
    ----------
    start, end : int
        Offsets into the given text (``text[start:end]``).
    text : str
        The surface form as written.
    level : str or None
        Level of the resolved unit, or the level the surface implies.
    code : str or None
        12-digit code of the resolved unit, None when unresolved.
    candidates : tuple of str
        Candidate codes when unresolved (empty when resolved or when the
        registry has no such unit).
    reason : str
        Why: ``unique``, ``chain``, ``jurisdiction``, ``nearby``,
        ``ambiguous``, ``historical: 达县 → 达川区 (valid until 2013)``,
        ``not in 2023 registry …`` and a few more.
    """

    start: int
    end: int
    text: str
    level: str | None
    code: str | None
    candidates: tuple[str, ...] = ()
    reason: str = ""


@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    text: str
    codes: list[str]
    weak: bool
    village: bool = False
    historical: dict[str, Any] = field(default_factory=dict)  # successor -> HistoricalName
    code: str | None = None
    reason: str = ""
    dropped: bool = False
    supported: bool = False
    ordinary: bool = False  # an ordinary word first (合作, 资源): strictest support
    index: dict[str, list[tuple[int, str]]] | None = None  # candidate prefixes (nearby)


# ---------------------------------------------------------------- matcher
# The automaton runs over UTF-8 bytes seen as Latin-1 characters: with a
# 256-symbol alphabet pyahocorasick's transitions stay short, which makes it
# many times faster than over CJK characters directly (thousands of distinct
# first characters at the root).
@dataclass(slots=True)
class _Matcher:
    automaton: ahocorasick.Automaton
    village_stems: frozenset[str]
    bare_forms: frozenset[str]  # text forms that are some unit's bare stem (广安, 华蓥)


def _as_bytes_str(s: str) -> str:
    return s.encode("utf-8").decode("latin-1")


# One automaton per registry object, dropped with it.
_MATCHERS: weakref.WeakKeyDictionary[Gazetteer, _Matcher] = weakref.WeakKeyDictionary()


def _matcher(gz: Gazetteer) -> _Matcher:
    m = _MATCHERS.get(gz)
    if m is not None:
        return m
    auto = ahocorasick.Automaton()
    for form, codes in gz.text_forms.items():
        if form in NEVER_NAMES:
            continue
        auto.add_word(_as_bytes_str(form), (form, tuple(codes), False))
    hist_forms: dict[str, set[str]] = {}
    for h in gz.history:
        names = {h.name}
        if h.name.endswith("自治县"):
            names.add(stem_of(h.name, "county") + "县")
        for n in names:
            if n in gz.text_forms or n in NEVER_NAMES or len(n) < 2:
                continue
            hist_forms.setdefault(n, set()).add(h.successor)
    for n, succ in hist_forms.items():
        auto.add_word(_as_bytes_str(n), (n, tuple(sorted(succ)), True))
    auto.make_automaton()
    m = _Matcher(auto, frozenset(gz.village_stem_set()), frozenset(gz.upper_stems()))
    _MATCHERS[gz] = m
    return m


# Words a unit suffix starts (县委, 市场 …): 和县委 is 和 + 县委, not 和县.
_SUFFIX_WORDS = frozenset(
    {"县委", "县城", "县级", "县长", "县直", "县里", "县区", "县乡", "县域", "县镇", "县市"}
    | {"县政", "区委", "区级", "区域", "区长", "区直", "市委", "市级", "市场", "市长", "市民"}
    | {"市区", "市县", "市直", "市政", "旗委", "旗县"}
)


def _weakness(gz: Gazetteer, text: str, start: int, end: int, surface: str, bare: bool) -> int:
    """How much context a match needs: 0 none, 1 some, 2 the strictest.

    1: names that are also common words (秦州, 磐石) and two-character full
    names with a one-character stem (达县). 2: ordinary words first (合作,
    资源, 和平), two-character full names inside a word (和县委, 到达县城) and
    bare short forms with a word across either edge (高平 in 提高平台).
    """
    if surface in gz.ordinary_words:
        return 2
    bw = gz.boundary_words
    left = start > 0 and text[start - 1] + surface[0] in bw
    if not bare and len(surface) <= 2:
        return 2 if (left or text[end - 1 : end + 1] in _SUFFIX_WORDS) else 1
    if bare and (left or text[end - 1 : end + 1] in bw):
        return 2  # a word across the edge (和政府, 上党课, 确定结果)
    return 1 if surface in gz.common_words else 0


def _match_upper(gz: Gazetteer, text: str) -> list[_Cand]:
    auto = _matcher(gz).automaton
    raw = text.encode("utf-8")
    out = []
    prev_b = 0  # byte offset already converted
    prev_c = 0  # the same offset in characters
    bare_forms = _matcher(gz).bare_forms
    for bend, (form, codes, is_hist) in auto.iter_long(raw.decode("latin-1")):
        prev_c += len(raw[prev_b : bend + 1].decode("utf-8"))
        prev_b = bend + 1
        end = prev_c
        start = end - len(form)
        if start > 0 and text[start - 1] in _PLACEHOLDER:
            continue
        weakness = _weakness(gz, text, start, end, form, form in bare_forms)
        weak, ordinary = weakness > 0, weakness > 1
        if is_hist:
            hist: dict[str, Any] = {}
            for h in gz.historical(form) or gz.historical(form[:-1] + "自治县"):
                hist[h.successor] = h
            for c in codes:
                hist.setdefault(c, None)
            out.append(
                _Cand(start, end, form, list(codes), weak=weak, ordinary=ordinary, historical=hist)
            )
        else:
            out.append(_Cand(start, end, form, list(codes), weak=weak, ordinary=ordinary))
    return out


def _match_villages(gz: Gazetteer, text: str, upper: list[_Cand]) -> list[_Cand]:
    stems_set = _matcher(gz).village_stems
    cover: dict[int, tuple[int, int]] = {}
    for m in upper:
        for i in range(m.start, m.end):
            cover[i] = (m.start, m.end)
    found: list[tuple[int, int, str, str]] = []  # (s, q, stem, suffix)
    last_end = -1
    for am in _ANCHOR.finditer(text):
        p, q = am.start(), am.end()
        if p in cover or (q - 1) in cover:
            continue
        if am.group() == "村" and text[q : q + 1] in _AFTER_CUN:
            continue
        for length in range(min(_MAX_VILLAGE_STEM, p - max(last_end, 0)), 1, -1):
            s = p - length
            stem = text[s:p]
            if stem not in stems_set or stem[0] in _BAD_STEM_START or not _CJK.match(stem):
                continue
            c = cover.get(s)
            if c is not None and c[0] < s:  # crosses an upper match
                continue
            c = cover.get(p - 1)
            if c is not None and c[1] > p:
                continue
            surface = text[s:q]
            if (
                surface in GENERIC_VILLAGE_WORDS
                or stem in NEVER_NAMES
                or surface[-2:] in _NEVER_TAILS
            ):
                continue
            found.append((s, q, stem, am.group()))
            last_end = q
            break
    out: list[_Cand] = []
    for s, q, stem, suffix in found:
        surface = text[s:q]
        vill, comm = gz.village_codes_by_stem(stem)
        codes = list(vill if suffix in ("村", "村委会", "村民委员会", "嘎查") else comm)
        if not codes:
            continue
        weak = (
            stem in gz.common_words
            or len(stem) < 3
            or surface[-2:] in _GENERIC_TAILS
            or surface[-3:] in GENERIC_VILLAGE_WORDS
        )
        out.append(_Cand(s, q, surface, codes, weak=weak, village=True))
    return out


def _merge(upper: list[_Cand], villages: list[_Cand]) -> list[_Cand]:
    """Villages replace upper matches lying wholly inside them (和平 in 和平村)."""
    if not villages:
        return upper
    vstarts = [v.start for v in villages]
    kept = []
    for m in upper:
        i = bisect_right(vstarts, m.start) - 1
        if i >= 0 and villages[i].start <= m.start and m.end <= villages[i].end:
            continue
        kept.append(m)
    return sorted(kept + villages, key=lambda c: c.start)


# ---------------------------------------------------------------- resolve
def _within(gz: Gazetteer, code: str, anc: str) -> bool:
    return code != anc and gz.is_within(code, anc)


def _gap(a: str, b: str) -> int:
    return LEVEL_INDEX[level_of_code(a)] - LEVEL_INDEX[level_of_code(b)]


def _supports(gz: Gazetteer, cand: str, ctx: str) -> bool:
    """Does a known unit ``ctx`` support candidate ``cand``?

    It does when ``cand`` lies above it, or below it by at most two levels (a
    province does not pick one village among thousands).
    """
    if gz.is_within(ctx, cand):
        return True
    return gz.is_within(cand, ctx) and _gap(cand, ctx) <= 2


def _nested_top(gz: Gazetteer, codes: list[str]) -> str | None:
    """The candidate all others lie under, if any (广安市 over 广安区)."""
    top = min(codes, key=lambda c: (LEVEL_INDEX[level_of_code(c)], c))
    if all(c == top or _within(gz, c, top) for c in codes):
        return top
    return None


def _resolve_chain(gz: Gazetteer, cands: list[_Cand]) -> None:
    i = 0
    n = len(cands)
    while i < n - 1:
        a, b = cands[i], cands[i + 1]
        if b.start != a.end or not a.codes:
            i += 1
            continue
        if not b.codes:
            i += 1
            continue
        pool = [a.code] if a.code else a.codes  # a parent already resolved is the only one
        kids = [c for c in b.codes if any(_within(gz, c, p) for p in pool)]
        if kids:
            parents = [p for p in pool if any(_within(gz, c, p) for c in kids)]
            if len(parents) < len(a.codes) or len(a.codes) == 1:
                a.supported = True
            a.codes = parents
            b.codes = kids
            b.supported = True
            a.supported = True
            if len(a.codes) == 1 and not a.code:
                a.code, a.reason = a.codes[0], "chain"
            if len(b.codes) == 1:
                b.code, b.reason = b.codes[0], "chain"
        elif (a.code or len(a.codes) == 1) and (
            b.village or level_of_code(b.codes[0]) == "township"
        ):
            parent = gz.get(a.code or a.codes[0])
            b.codes = []
            b.supported = True
            b.reason = f"not in 2023 registry (under {parent.name if parent else a.text})"
        i += 1


_VILLAGE_SUFFIXES = ("村委会", "村民委员会", "村", "嘎查")
_UNKNOWN_VILLAGE = re.compile(r"([\u3400-\u9fff]{2,4}?)(?:" + "|".join(_VILLAGE_SUFFIXES) + ")")
_NOT_IN_NAME = set("的和与及或等各个所全每在为是有并将把被对向从到了")


def _unregistered_villages(gz: Gazetteer, text: str, cands: list[_Cand]) -> list[_Cand]:
    """A village the registry does not list under the township written right before it
    (广坪镇大湾村 when 广坪镇 has no 大湾村): a village without a code, as the guide wants.
    A shorter match inside its name (三壶 in 三壶瓶村) gives way to it."""
    out: list[_Cand] = []
    skip_to = -1
    for i, a in enumerate(cands):
        if a.start < skip_to:
            continue
        out.append(a)
        nxt = cands[i + 1] if i + 1 < len(cands) else None
        if not a.code or level_of_code(a.code) != "township":
            continue
        m = _UNKNOWN_VILLAGE.match(text, a.end)
        if m is None or (nxt is not None and nxt.start < m.end() and nxt.end >= m.end()):
            continue
        stem = m.group(1)
        if (
            stem[0] in _BAD_STEM_START
            or _NOT_IN_NAME.intersection(stem)
            or m.group() in GENERIC_VILLAGE_WORDS
            or stem in NEVER_NAMES
            or m.group()[-2:] in _NEVER_TAILS
            or m.group()[-2:] == "山村"  # not in the registry: 偏远山村, not a name
            or text[m.end() : m.end() + 1] in _AFTER_CUN
            or any(c.start < m.end() < c.end for c in cands[i + 1 : i + 3])
        ):
            continue
        parent = gz.get(a.code)
        out.append(
            _Cand(
                a.end,
                m.end(),
                m.group(),
                [],
                weak=False,
                village=True,
                supported=True,
                reason=f"not in 2023 registry (under {parent.name if parent else a.text})",
            )
        )
        skip_to = m.end()
    return out


def _resolve_bare_children(gz: Gazetteer, text: str, cands: list[_Cand]) -> list[_Cand]:
    """After a township resolved in a chain, a bare village name (凉伞镇桂镇); after
    a county, a village named by one character (:func:`_one_character_village`)."""
    extra = []
    taken = {(c.start, c.end) for c in cands}
    starts = {c.start for c in cands}
    for c in cands:
        code = c.code or (c.codes[0] if len(c.codes) == 1 else None)
        if code is None or c.end in starts:
            continue
        if level_of_code(code) == "county":
            village = _one_character_village(gz, text, c.end, code)
            if village is not None:
                extra.append(village)
            continue
        if level_of_code(code) != "township":
            continue
        best: list = []
        best_len = 1
        for u in gz.children(code):
            stem = gz.stem(u.code)
            if len(stem) >= best_len and text.startswith(stem, c.end):
                if len(stem) > best_len:
                    best, best_len = [], len(stem)
                best.append(u.code)
        if best:
            s, e = c.end, c.end + best_len
            suffix = _ANCHOR.match(text, e)
            if suffix is not None:  # 凉伞镇全胜村: take the suffix along
                kinds = (
                    ("village",) if suffix.group().startswith(("村", "嘎查")) else ("community",)
                )
                typed = [x for x in best if (cand := gz.get(x)) is not None and cand.kind in kinds]
                if typed:
                    best, e = typed, suffix.end()
            if (s, e) not in taken:
                one = best[0] if len(best) == 1 else None
                extra.append(
                    _Cand(
                        s,
                        e,
                        text[s:e],
                        best,
                        weak=False,
                        village=True,
                        code=one,
                        reason="chain" if one else "ambiguous",
                        supported=True,
                    )
                )
    return sorted(cands + extra, key=lambda c: c.start)


# words a character and 村 make after a county name (县乡村振兴局, 一村一品, 多村联建)
_NOT_ONE_CHARACTER_STEMS = frozenset("乡镇城一二三四五六七八九十百千两几多")


def _one_character_village(gz: Gazetteer, text: str, at: int, county: str) -> _Cand | None:
    """A village named by one character and 村, written straight after its county
    (大名县范村), when the county has one village of that name. One character is too
    common a word to be taken for a village anywhere else.

    >>> from ingest.gazetteer import load_gazetteer
    >>> gz = load_gazetteer()
    >>> _one_character_village(gz, "大名县范村", 3, "130425000000").code
    '130425107225'
    """
    stem = text[at : at + 1]
    if (
        text[at + 1 : at + 2] != "村"
        or text[at + 2 : at + 3] in _AFTER_CUN
        or not _CJK.match(stem)
        or stem in _BAD_STEM_START
        or stem in _NOT_ONE_CHARACTER_STEMS
    ):
        return None
    codes = [
        v.code
        for t in gz.children(county)
        for v in gz.children(t.code)
        if v.kind == "village" and gz.stem(v.code) == stem
    ]
    if len(codes) != 1:
        return None
    return _Cand(
        at,
        at + 2,
        text[at : at + 2],
        codes,
        weak=False,
        village=True,
        code=codes[0],
        reason="chain",
        supported=True,
    )


def _scope_tiers(gz: Gazetteer, j: str) -> list[str]:
    tiers = [j]
    p = parent_of_code(j)
    while p is not None:
        lv = level_of_code(p)
        if lv in ("prefecture", "province"):
            tiers.append(p)
        p = parent_of_code(p)
    return tiers


def _resolve_jurisdiction(gz: Gazetteer, cands: list[_Cand], j: str | None) -> None:
    if j is None:
        return
    tiers = _scope_tiers(gz, j)
    province = j[:2].ljust(12, "0")
    for c in cands:
        if c.code or not c.codes:
            continue
        for depth, scope in enumerate(tiers):
            if c.weak and depth > 0:
                break
            if c.ordinary:  # only a document about that very unit (or inside it)
                inside = [x for x in c.codes if gz.is_within(j, x)]
                if len(inside) == 1:
                    c.code, c.reason, c.supported = inside[0], "jurisdiction", True
                break
            inside = [x for x in c.codes if _supports(gz, x, scope) or gz.is_within(j, x)]
            if len(inside) == 1:
                c.code, c.reason, c.supported = inside[0], "jurisdiction", True
                break
            if len(inside) > 1:
                top = _nested_top(gz, inside)
                if top is not None:
                    c.code, c.reason, c.supported = top, "jurisdiction", True
                else:
                    c.codes = inside
                    c.supported = True
                break
        if (
            c.code is None
            and c.codes
            and (c.village or level_of_code(c.codes[0]) == "township")
            and not any(gz.is_within(x, province) for x in c.codes)
        ):
            jn = gz.get(j)
            # Kept as candidates: a related mention nearby may still place it
            # (a partner county's township in an east-west pairing report);
            # otherwise this reason stands.
            c.reason = f"not in 2023 registry under {jn.name if jn else j}"
            c.supported = not c.weak


def _resolve_unique(gz: Gazetteer, cands: list[_Cand]) -> None:
    for c in cands:
        if c.code or not c.codes or c.weak or c.village:
            continue
        if len(c.codes) == 1:
            c.code, c.reason = c.codes[0], "unique"
        else:
            top = _nested_top(gz, c.codes)
            if top is not None:
                c.code, c.reason = top, "unique"


def _resolve_region_over_districts(gz: Gazetteer, cands: list[_Cand]) -> None:
    """A bare name still open after context, shared by one province or prefecture and
    districts elsewhere (西安: 西安市, and 西安区 of 辽源 and of 牡丹江), is the region:
    a district is written bare where its city is in reach, which context resolves."""
    for c in cands:
        if c.code or len(c.codes) < 2 or c.weak or c.village:
            continue
        regions = [x for x in c.codes if level_of_code(x) in ("province", "prefecture")]
        if len(regions) != 1:
            continue
        others = [gz.get(x) for x in c.codes if x != regions[0]]
        if all(u is not None and u.name.endswith("区") for u in others):
            c.code, c.reason = regions[0], "region over its namesake districts"


_KEEPS = (2, 4, 6, 9, 12)
_ZEROS = ("0" * 10, "0" * 8, "0" * 6, "0" * 3, "")


@functools.lru_cache(maxsize=4096)
def _prefix_index(codes: tuple[str, ...]) -> dict[str, list[tuple[int, str]]]:
    """Candidates listed under each of their ancestors' code prefixes."""
    idx: dict[str, list[tuple[int, str]]] = {}
    for x in codes:
        depth = LEVEL_INDEX[level_of_code(x)]
        for kk in _KEEPS[: depth + 1]:
            idx.setdefault(x[:kk], []).append((depth, x))
        idx[x + "#"] = []
    return idx


@functools.lru_cache(maxsize=1 << 16)
def _ctx_info(ctx: str) -> tuple[int, str, tuple[tuple[str, str], ...]]:
    """Depth, own prefix, and (index key, code) of every ancestor of a unit."""
    d = LEVEL_INDEX[level_of_code(ctx)]
    ancs = tuple(
        (ctx[:kk] + _ZEROS[dd] + "#", ctx[:kk] + _ZEROS[dd]) for dd, kk in enumerate(_KEEPS[:d])
    )
    return d, ctx[: _KEEPS[d]], ancs


def _supported_among(c: _Cand, ctx: str) -> list[str]:
    """Candidates of ``c`` that the known unit ``ctx`` supports (see _supports).

    Uses a prefix index of the candidates, so the cost does not grow with
    their number.
    """
    if c.index is None:
        c.index = _prefix_index(tuple(c.codes))
    idx = c.index
    d, prefix, ancs = _ctx_info(ctx)
    if c.ordinary:  # only a unit inside the candidate supports an ordinary word
        return [code for key, code in ancs if key in idx] + ([ctx] if ctx + "#" in idx else [])
    below = idx.get(prefix)
    out = [x for depth, x in below if depth - d <= 2] if below else []
    for key, code in ancs:
        if key in idx:
            out.append(code)
    return out


def _pick(gz: Gazetteer, c: _Cand, ctx_codes: list[str]) -> bool | None:
    """Resolve ``c`` by the first context unit that supports any candidate.

    Returns True when resolved, False when the first supporting context
    leaves several candidates, None when no context supports any.
    """
    for ctx in ctx_codes:
        rel = _supported_among(c, ctx)
        if not rel:
            continue
        top = rel[0] if len(rel) == 1 else _nested_top(gz, rel)
        if top is None:
            return False
        c.code, c.reason, c.supported = top, "nearby", True
        return True
    return None


def _resolve_nearby(gz: Gazetteer, cands: list[_Cand], window: int = 300) -> None:
    """Resolve by the nearest resolved mentions (within ``window`` characters),
    then by any unit resolved in the document when only one candidate fits."""
    for _ in range(2):
        resolved = [(c.start, c.end, c.code) for c in cands if c.code]
        if not resolved:
            return
        starts = [r[0] for r in resolved]
        changed = False
        for c in cands:
            if c.code or not c.codes:
                continue
            lo = bisect_left(starts, c.start - window)
            hi = bisect_right(starts, c.end + window)
            near = sorted(
                resolved[lo:hi], key=lambda r: min(abs(r[0] - c.end), abs(c.start - r[1]))
            )
            got = _pick(gz, c, list(dict.fromkeys(r[2] for r in near))[:8])
            changed = changed or bool(got)
        if not changed:
            break
    # Whole document: any resolved unit, when exactly one candidate fits.
    doc_codes = list(dict.fromkeys(c.code for c in cands if c.code))
    memo: dict[tuple[str, ...], str | None] = {}
    for c in cands:
        if c.code or not c.codes or len(c.codes) > 500:
            continue
        key = tuple(c.codes)
        if key not in memo:
            rel = {x for ctx in doc_codes for x in _supported_among(c, ctx)}
            memo[key] = rel.pop() if len(rel) == 1 else None
        if memo[key] is not None:
            c.code, c.reason, c.supported = memo[key], "nearby", True


def _finish(gz: Gazetteer, c: _Cand) -> PlaceMention | None:
    if c.weak and not c.supported and c.reason not in ("chain",):
        return None
    if c.village and not c.code and not c.supported and c.weak:
        return None
    if c.code:
        reason = c.reason
        if c.historical and c.code in c.historical and c.historical[c.code] is not None:
            h = c.historical[c.code]
            succ = gz.get(h.successor)
            reason = (
                f"historical: {h.name} → {succ.name if succ else h.successor} "
                f"(valid until {h.until})"
            )
        return PlaceMention(c.start, c.end, c.text, level_of_code(c.code), c.code, (), reason)
    level = implied_level(c.text)
    if c.codes:
        levels = {level_of_code(x) for x in c.codes}
        if len(levels) == 1:
            level = levels.pop()
    if c.village:
        level = "village"
    reason = c.reason or ("ambiguous" if len(c.codes) > 1 else "village needs context")
    return PlaceMention(c.start, c.end, c.text, level, None, tuple(sorted(c.codes)), reason)


def find_mentions(
    gz: Gazetteer, text: str, *, jurisdiction: str | None = None
) -> list[PlaceMention]:
    """Find every place mention in Simplified Chinese text and resolve it.

    Parameters
    ----------
    gz : Gazetteer
        The registry.
    text : str
        Simplified Chinese text (convert Traditional text first).
    jurisdiction : str, optional
        Code (2–12 digits) of the unit the document is about; ambiguous names
        are resolved toward units inside or above it.

    Returns
    -------
    list of PlaceMention
        Longest, non-overlapping mentions in text order.

    Examples
    --------
    >>> from ingest.gazetteer import load_gazetteer
    >>> [(m.text, m.code) for m in find_mentions(load_gazetteer(), "四川省广安华蓥市")]
    [('四川省', '510000000000'), ('广安', '511600000000'), ('华蓥市', '511681000000')]
    """
    if not isinstance(text, str):
        raise InputError("find_mentions needs a str")
    j = None
    if jurisdiction:
        j = normalize_code(jurisdiction)
        if gz.get(j) is None:
            raise InputError(f"unknown jurisdiction code {jurisdiction!r}")
    upper = _match_upper(gz, text)
    villages = _match_villages(gz, text, upper)
    cands = _merge(upper, villages)
    _resolve_chain(gz, cands)
    cands = _resolve_bare_children(gz, text, cands)
    _resolve_chain(gz, cands)
    _resolve_unique(gz, cands)
    _resolve_jurisdiction(gz, cands, j)
    _resolve_nearby(gz, cands)
    _resolve_region_over_districts(gz, cands)
    _resolve_chain(gz, cands)  # a township resolved by its neighbours places the village after it
    cands = _unregistered_villages(gz, text, cands)
    out = []
    for c in cands:
        m = _finish(gz, c)
        if m is not None:
            out.append(m)
    return _short_forms(gz, text, out)


_NAME_GOES_ON = frozenset("村屯寨组社嘎")


def _short_forms(gz: Gazetteer, text: str, found: list[PlaceMention]) -> list[PlaceMention]:
    """A village named in full once (丰收村) and then by its name alone (丰收) is the
    same village: the short form takes its code. Names that are also ordinary words
    (共同, 胜利) are left alone."""
    forms: dict[str, PlaceMention] = {}
    for m in found:
        if m.level != "village" or not m.code:
            continue
        for suffix in _VILLAGE_SUFFIXES:
            if m.text.endswith(suffix):
                stem = m.text[: -len(suffix)]
                if len(stem) >= 2 and stem not in gz.common_words and stem not in NEVER_NAMES:
                    forms.setdefault(stem, m)
                break
    if not forms:
        return found
    taken = sorted((m.start, m.end) for m in found)
    starts = [s for s, _ in taken]
    extra: list[PlaceMention] = []
    for stem, full in forms.items():
        for hit in re.finditer(re.escape(stem), text):
            s, e = hit.start(), hit.end()
            k = bisect_right(starts, s)
            if (k > 0 and taken[k - 1][1] > s) or (k < len(taken) and taken[k][0] < e):
                continue  # inside or across a mention (the full name itself)
            if text[e : e + 1] in _NAME_GOES_ON:
                continue  # a name of its own (丰收屯) or the full name again
            reason = f"short for {full.text}"
            extra.append(PlaceMention(s, e, stem, "village", full.code, (), reason))
    return sorted(found + extra, key=lambda m: m.start) if extra else found


# ---------------------------------------------------------------- place info
def _unit_dict(u: Unit) -> dict[str, Any]:
    return {"code": u.code, "name": u.name, "level": u.level, "kind": u.kind, "parent": u.parent}


def lookup_name(gz: Gazetteer, name: str) -> tuple[list[Unit], str]:
    """Units named ``name`` as a user types it, Simplified or Traditional (秦州區, 華鎣市).

    The name is looked up as written first (乾县 is a county's own name, which
    OpenCC would turn into 干县), then in Simplified script. Returns the units
    and the form that found them.

    >>> from ingest.gazetteer import load_gazetteer
    >>> units, form = lookup_name(load_gazetteer(), "華鎣市")
    >>> [u.code for u in units], form
    (['511681000000'], '华蓥市')
    """
    name = name.strip()
    units = gz.lookup(name)
    if units:
        return units, name
    from ingest.normalize import to_simplified

    simple = to_simplified(name)
    if simple != name:
        units = gz.lookup(simple)
        if units or gz.historical(simple):
            return units, simple
    return units, name


def place_info(gz: Gazetteer, query: str, *, limit: int | None = 50) -> dict[str, Any]:
    """Everything ``kg place`` shows about a name or a code.

    Parameters
    ----------
    gz : Gazetteer
    query : str
        A code (2/4/6/9/12 digits) or a name / short form, in Simplified or
        Traditional script.
    limit : int or None
        At most this many matches in ``matches`` (``total`` counts all);
        ``None`` for every match.

    Returns
    -------
    dict
        ``query``, ``matches`` (each: unit, ``chain`` from the province down,
        ``counts``), ``historical`` (old names with successors) and
        ``ambiguous`` (more than one unit); ``searched`` is the form looked up
        (the Simplified one for a Traditional query).
    """
    q = query.strip()
    if not q:
        raise InputError("empty place query")
    searched = q
    if q.isdigit():
        unit = gz.get(q)
        units = [unit] if unit is not None else []
        if not units:
            raise InputError(f"no unit with code {q!r} in the 2023 registry")
    else:
        units, searched = lookup_name(gz, q)
    matches = []
    for u in units if limit is None else units[:limit]:
        chain = [_unit_dict(a) for a in reversed(gz.ancestors(u.code))]
        matches.append({"unit": _unit_dict(u), "chain": chain, "counts": gz.counts(u.code)})
    hist = [
        {
            "name": h.name,
            "level": h.level,
            "old_code": h.old_code,
            "successor": _unit_dict(gz.require(h.successor)),
            "first_year": h.first_year,
            "last_year": h.last_year,
        }
        for h in ([] if q.isdigit() else gz.historical(searched))
    ]
    return {
        "query": q,
        "searched": searched,
        "total": len(units),
        "matches": matches,
        "historical": hist,
        "ambiguous": len(units) > 1,
    }

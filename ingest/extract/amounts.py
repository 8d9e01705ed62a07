"""Money amounts and counts (quantities) in normalised text.

Money: ``4500万元``, ``3500余万元`` (approximate), ``1万元以上`` (a bound),
``5-10万元`` (a range); marked ``cumulative`` after 累计, ``rate`` after 户均
/ 人均 / 每户, and ``part_of`` the amount before when introduced by 其中.

Quantities: ``25个贫困村`` (number, measure word, what), ``违纪干部9人``
(what before the number), ``1-2名…的两委委员`` (a range, the head after 的),
``村企联合党组织不少于100个`` (a bound before the number). Only counts of
the things coverage is about are kept (``lexicon.QUANTITY_HEADS``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .lexicon import PLACE_HEADS, QUANTITY_HEADS, QUANTITY_UNITS
from .numbers import NUM, bounds_after, bounds_before, parse_number
from .records import Mention, Quantity
from .text import QUOTE_CLOSE, QUOTE_OPEN, word_tags

__all__ = ["CountOption", "count_options", "find_money", "find_quantities", "strip_quotes"]

_RANGE = r"[-—–~～至到]"
_MONEY = re.compile(
    rf"(?P<num>{NUM})(?:{_RANGE}(?P<num2>{NUM}))?(?P<approx>余|多)?(?P<scale>[十百千]?[万亿]|千)?元"
)
_SCALE = {
    "": 1,
    "十": 10,
    "百": 100,
    "千": 1000,
    "万": 10_000,
    "十万": 100_000,
    "百万": 1_000_000,
    "千万": 10_000_000,
    "亿": 100_000_000,
}
_CN_ONLY = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")
_QUOTES = str.maketrans("", "", QUOTE_OPEN + QUOTE_CLOSE)

_UNITS = "|".join(sorted(QUANTITY_UNITS, key=len, reverse=True))
_COUNT = re.compile(
    rf"(?P<num>{NUM})(?:{_RANGE}(?P<num2>{NUM}))?(?P<approx>余|多)?(?P<unit>{_UNITS})"
)
_HEADS = frozenset(QUANTITY_HEADS)
_NOUN_TAGS = ("n", "vn", "an", "j", "b", "i", "l", "nz", "nt", "ng", "nr", "ns")
# verbs that stand inside the names of helpers (驻村干部, 联合党支部)
_IN_NAME = frozenset(
    ["驻", "驻村", "扶贫", "帮扶", "驻村帮扶", "结对", "包村", "挂职", "联合", "选调", "驻点"]
)
# verbs the segmenter's dictionary tags as nouns, which end a helper's name
_BACK_STOP = frozenset(
    [
        "选派",
        "选拔",
        "派出",
        "组建",
        "引进",
        "培训",
        "招聘",
        "吸纳",
        "动员",
        "组织",
        "安排",
        "抽调",
        "下派",
    ]
)
_BACK_TAGS = ("n", "nt", "nz", "ng", "nr", "ns", "vn", "b", "j", "a")
_STOP_CHARS = set("，,。；;：:！!？?\n 　…/")
# Words after a count that mean it is not a count of helpers or helped
# (时间、比例、次数…).
_NOT_COUNT_AFTER = ("年", "月", "日", "天", "周岁", "岁", "小时", "次", "项", "亩", "元", "%", "％")


def strip_quotes(s: str) -> str:
    """Remove quotation and title marks (names are written without them)."""
    return s.translate(_QUOTES)


def _scaled(num: str, scale: str | None) -> float | None:
    v = parse_number(num)
    if v is None:
        return None
    return v * _SCALE.get(scale or "", 1)


def find_money(text: str) -> list[Mention]:
    """Every amount of money, with its value in yuan and its semantics."""
    out: list[Mention] = []
    for m in _MONEY.finditer(text):
        num = m.group("num")
        if _CN_ONLY.fullmatch(num) and not m.group("scale") and len(num) < 2:
            continue  # 一元化, 多元 …
        if m.start() > 0 and text[m.start() - 1] in "0123456789.":
            continue
        scale = m.group("scale")
        num2 = m.group("num2")
        if num2 and not scale and not re.search("[万亿千]$", num):
            # 2-3万元: the scale written once applies to both ends
            sm = re.search("[十百千]?[万亿]$", num2)
            if sm:
                num, num2, scale = num, num2[: sm.start()], sm.group()
        value = _scaled(num, scale)
        if value is None:
            continue
        after = bounds_after(text, m.end())
        before = bounds_before(text, m.start())
        end = m.end() + (after.length if after.qualifier or after.approx else 0)
        attrs: dict = {
            "value": _int(value),
            "approx": bool(m.group("approx")) or after.approx or before.approx,
            "qualifier": after.qualifier or before.qualifier or "=",
        }
        if num2:
            hi = _scaled(num2, scale)
            if hi is not None:
                attrs["value_max"] = _int(hi)
        window = text[max(0, m.start() - 16) : m.start()]
        clause = re.split(r"[，,。；;]", window)[-1]
        if "累计" in clause:
            attrs["cumulative"] = True
        rate = re.search(r"(户均|人均|村均|每户|每人|每村|每个村|每名)", clause)
        if rate:
            attrs["rate"] = rate.group(1)
        out.append(Mention("MONEY", text[m.start() : end], m.start(), end, attrs))
    _mark_part_of(text, out)
    return out


def _mark_part_of(text: str, money: list[Mention]) -> None:
    """An amount after 其中 is part of the last total before it in the sentence."""
    for i, m in enumerate(money):
        k = text.rfind("其中", max(0, m.start - 20), m.start)
        if k < 0 or i == 0:
            continue
        prev = money[i - 1]
        between = text[prev.end : k]
        if prev.end <= k and not re.search(r"[。；;\n]", between):
            m.attrs["part_of"] = prev.text


def _int(v: float) -> float | int:
    return int(v) if float(v).is_integer() else v


TokensIn = Callable[[int, int], list[str]]


def _segmenter(text: str) -> TokensIn:
    """Tokens of a span when no document tokens are at hand: segment the span."""
    from .segment import segment

    return lambda a, b: segment(text[a:b])


def _stripped(text: str, a: int, b: int, tokens_in: TokensIn) -> list[str]:
    """Tokens of ``text[a:b]`` with quotation marks dropped (names are written without them)."""
    return [t for t in (strip_quotes(t) for t in tokens_in(a, b)) if t]


def _is_nounish(tok: str, tags: dict[str, str]) -> bool:
    tag = tags.get(tok)
    if tag is None:
        return False
    return tag.startswith(_NOUN_TAGS) or (
        tag in ("a", "ag", "m") and tok in ("一线", "优秀", "年轻")
    )


def _head_forward(toks: list[str]) -> tuple[str, int] | None:
    """What a count counts, read forward from just after its measure word,
    and where it ends in the (quote-stripped) segment the tokens spell."""
    tags = word_tags()
    seg = "".join(toks)[:30]
    cut = len(seg)
    for i, ch in enumerate(seg):
        if ch in _STOP_CHARS or ch.isdigit():
            cut = i
            break
    seg = seg[:cut]
    # a list mark right after the count ends it, unless a 的 later shows a long modifier
    k = seg.find("、")
    if k == 0 or (k > 0 and "的" not in seg[k:]):
        seg = seg[:k]
    if not seg:
        return None
    toks = _cut_tokens(toks, len(seg))
    bounds, pos = [], 0
    for tok in toks:
        pos += len(tok)
        bounds.append(pos)
    # the shortest token prefix that ends with a head noun …
    best = next((j for j, b in enumerate(bounds) if b <= 24 and _ends_with_head(seg[:b])), None)
    # … or, where the segmenter glued 村 to the next word, the prefix up to that 村
    m = _VILLAGE_END.search(seg[:24])
    if m and (best is None or m.end() < bounds[best]) and not _ends_with_false(seg[: m.end()]):
        return _with_paren(seg, m.end())
    if best is None:
        return None
    end = bounds[best]
    # … extended over the nouns that follow: a place only to its party
    # organisation (贫困村党组织书记), other heads to any head (部门单位)
    place = seg[:end].endswith(PLACE_HEADS)
    for j in range(best + 1, len(toks)):
        if not _is_nounish(toks[j], tags) or toks[j] == "等":
            break
        b = bounds[j]
        if seg[:b].endswith(_ORG_TAILS) or (not place and _ends_with_head(seg[:b])):
            end = b
    return _with_paren(seg, end)


def _cut_tokens(toks: list[str], n: int) -> list[str]:
    """The tokens that spell the first ``n`` characters, the last one cut."""
    out, pos = [], 0
    for t in toks:
        if pos >= n:
            break
        out.append(t[: n - pos])
        pos += len(out[-1])
    return out


def _with_paren(seg: str, end: int) -> tuple[str, int] | None:
    # 乡镇(街道): a head in parentheses belongs to the name
    m = re.match(r"[(（]([^()（）]{1,4})[)）]", seg[end:])
    if m and _ends_with_head(m.group(1)):
        end += m.end()
    what = seg[:end]
    if "的" in what:
        what = what.rsplit("的", 1)[1]
    return (what, end) if what else None


def _head_backward(all_toks: list[str]) -> str | None:
    """What a count counts, read backward from just before its number."""
    tags = word_tags()
    seg = "".join(all_toks)[-16:]
    for i in range(len(seg) - 1, -1, -1):
        if (
            seg[i] in _STOP_CHARS
            or seg[i].isdigit()
            or seg[i] in "的了在对把将由与和及" + QUOTE_CLOSE
        ):
            seg = seg[i + 1 :]
            break
    if len(seg) < 2 or not _ends_with_head(seg):
        return None
    toks = list(reversed(_cut_tokens([t[::-1] for t in reversed(all_toks)], len(seg))))
    toks = [t[::-1] for t in toks]
    keep: list[str] = []
    for tok in reversed(toks):
        if not keep:
            keep.append(tok)
            continue
        if (
            len(keep) >= 4
            or tok in _BACK_STOP
            or not (tags.get(tok, "x").startswith(_BACK_TAGS) or tok in _IN_NAME)
        ):
            break
        keep.append(tok)
    what = "".join(reversed(keep))
    return what if len(what) >= 2 else None


# Words that end like a head noun but are verbs of helping (驻村 = stationed in a village).
_FALSE_HEADS = (
    "驻村",
    "包村",
    "联村",
    "进村",
    "到村",
    "帮村",
    "整村",
    "入户",
    "到户",
    "包户",
    "联户",
    "每村",
    "每户",
    "全村",
    "本村",
    "该村",
    "全乡",
    "全镇",
    "本乡",
    "本镇",
    "返乡",
    "回乡",
    "下乡",
    "城乡",
    "进乡",
    "家乡",
    "离乡",
)
_ORG_TAILS = ("党组织", "党支部", "支部", "党总支", "书记", "党委", "两委")


_VILLAGE_END = re.compile(r"^[^的]*?村(?=[^民级委庄落部务党支两干书组官医集])")


def _ends_with_false(s: str) -> bool:
    return s.endswith(_FALSE_HEADS)


_HEAD_LENS = sorted({len(h) for h in _HEADS})


def _ends_with_head(s: str) -> bool:
    if s.endswith(_FALSE_HEADS):
        return False
    return any(s[-k:] in _HEADS for k in _HEAD_LENS if k <= len(s))


def find_quantities(text: str, tokens_in: TokensIn | None = None) -> list[Quantity]:
    """Every count of villages, townships, teams, cadres, organisations, households, people.

    ``tokens_in(a, b)`` gives the segmenter tokens of ``text[a:b]`` (the
    pipeline passes the document's own tokens).
    """
    tokens_in = tokens_in or _segmenter(text)
    out: list[Quantity] = []
    for m in _COUNT.finditer(text):
        start, unit_end = m.start(), m.end()
        if start > 0 and text[start - 1] in "0123456789.-":
            continue
        num = m.group("num")
        if (
            _CN_ONLY.fullmatch(num)
            and m.group("unit")
            in (
                "个",
                "人",
                "名",
                "户",
                "家",
                "对",
                "处",
                "批",
                "所",
                "支",
                "位",
            )
            # 一个, 两名 … are mostly ordinary words; a Chinese count needs scale
            and not re.search("[十百千万亿]", num)
        ):
            continue
        value = parse_number(num)
        if value is None:
            continue
        unit = m.group("unit")
        if text.startswith(_NOT_COUNT_AFTER, unit_end):
            continue
        bounds = bounds_after(text, unit_end)
        seg_start = unit_end + (bounds.length if (bounds.qualifier or bounds.approx) else 0)
        before = bounds_before(text, start)
        approx = bool(m.group("approx")) or bounds.approx or before.approx
        qualifier = bounds.qualifier or before.qualifier
        value_max = parse_number(m.group("num2")) if m.group("num2") else None
        fwd = _head_forward(_stripped(text, seg_start, min(len(text), seg_start + 40), tokens_in))
        back_start = start - before.length
        if fwd:  # the noun after the count (5个贫困村)
            qstart, end, what = start, _locate_end(text, seg_start, fwd[1]), fwd[0]
        elif back := _head_backward(
            _stripped(text, max(0, back_start - 20), back_start, tokens_in)
        ):  # the noun before it (贫困村5个)
            qstart, end, what = _locate_start(text, back_start, back), seg_start, back
        elif unit in ("户", "人次", "户次") or (unit == "人" and _helped_context(text, start)):
            qstart, end, what = start, unit_end, unit  # the bare unit is what is counted
        else:
            continue
        out.append(
            Quantity(
                strip_quotes(text[qstart:end]),
                _int(value),
                unit,
                what,
                qstart,
                end,
                approx,
                qualifier,
                _int(value_max) if value_max else None,
                start,
            )
        )
    return out


def _helped_context(text: str, pos: int) -> bool:
    clause = re.split(r"[，,。；;]", text[max(0, pos - 20) : pos])[-1]
    return bool(re.search("贫困|帮扶|搬迁|脱贫|走访|救助|慰问|就业", clause))


def _locate_end(text: str, seg_start: int, n: int) -> int:
    """Offset in ``text`` after ``n`` characters from ``seg_start``, quotes skipped."""
    i, k = seg_start, 0
    while i < len(text) and k < n:
        if text[i] in QUOTE_OPEN + QUOTE_CLOSE:
            i += 1
            continue
        k += 1
        i += 1
    return i


def _locate_start(text: str, end: int, what: str) -> int:
    i, k = end, len(what)
    while i > 0 and k > 0:
        if text[i - 1] in QUOTE_OPEN + QUOTE_CLOSE:
            i -= 1
            continue
        k -= 1
        i -= 1
    return i


# --- the candidates of the trained count classifier (learn/counts.py) -------
# Wider than find_quantities: Chinese numerals (两名干部), any noun after the
# count or before it (学生23人, 驻村干部共719人), a count with no measure word
# (2332贫困户) and the bare unit; the classifier keeps at most one per number.

_MODIFIER_TAGS = ("a", "an", "b", "vn", "m", "j")
# what ends a noun reading: nouns proper, not the idioms the rules take as nouns
# (1000人脱贫致富 counts 人, not 脱贫致富)
_NOUN_END_TAGS = ("n", "nz", "nt", "ng", "nr", "ns", "j")
# what may stand between a noun and its count (驻村干部共719人, 驻村干部近千人)
_LEAD = re.compile(r"(?:共计|共有|总计|累计|合计|共|计|达|有|为)$")
_NO_UNIT = re.compile(
    rf"(?P<num>{NUM})(?P<approx>余|多)?(?=[\u4e00-\u9fff])(?!{_UNITS}|[年月日天岁次项亩元倍%万亿])"
)


@dataclass(frozen=True, slots=True)
class CountOption:
    """One reading of a number as a count: what it counts, read one way."""

    quantity: Quantity
    kind: str
    """How ``what`` was read: ``fwd`` / ``back`` (a head noun of the lexicon after or
    before the number), ``noun`` / ``nback`` (nouns by the segmenter's tags),
    ``bare`` (the measure word), ``nounit`` (a noun right after a number)."""
    chinese: bool
    """The number is written in Chinese numerals (两名, 千余名)."""
    before: str
    """Up to 14 characters before the number."""
    after: str
    """The character after the count."""
    helped: bool
    """The clause before speaks of helping (贫困, 帮扶, 走访 …)."""


def _noun_run(toks: list[str]) -> str | None:
    """Nouns right after a count (modifiers inside), ending in a noun."""
    tags = word_tags()
    seg, best = "", None
    for t in toks:
        if (
            not t
            or t in ("的", "等", "和", "及", "与")
            or any(ch in _STOP_CHARS or ch.isdigit() for ch in t)
        ):
            break
        tag = tags.get(t, "x")
        if not (_is_nounish(t, tags) or tag.startswith(_MODIFIER_TAGS)):
            break
        seg += t
        if tag.startswith(_NOUN_END_TAGS):
            best = seg
        if len(seg) >= 8:
            break
    return best


def _noun_back(toks: list[str]) -> str | None:
    """Nouns right before a count (学生23人), by the segmenter's tags."""
    tags = word_tags()
    keep: list[str] = []
    for t in reversed(toks):
        if (
            not t
            or t in "的了在对把将由与和及"
            or any(ch in _STOP_CHARS or ch.isdigit() for ch in t)
        ):
            break
        tag = tags.get(t, "x")
        if tag.startswith("m") or not (
            _is_nounish(t, tags) or tag.startswith(_MODIFIER_TAGS) or t in _IN_NAME
        ):
            break  # numerals end it (两个乡镇30户: 30 counts no 两个乡镇)
        keep.append(t)
        if sum(map(len, keep)) >= 6:
            break
    while keep and not tags.get(keep[0], "x").startswith(_NOUN_END_TAGS):
        keep.pop(0)  # the word before the number must be a noun
    what = "".join(reversed(keep))
    return what if len(what) >= 2 else None


# a noun right after another count in digits is that count's noun (29个乡镇2.4万多户:
# 乡镇 is not what 2.4万 counts; but 两个带头人6096名 counts 带头人); a number that
# looks like a year counts nothing
_COUNT_BEFORE = re.compile(rf"[0-9０-９][0-9０-９.．]*[十百千]?[万亿]?(?:余|多)?(?:{_UNITS})?$")
_YEAR = re.compile(r"(?:19[5-9]|20[0-4])\d")
_WHOLE_PREFIX = re.compile(r"^(?:全|本|该)[省市州县区旗乡镇村]")


def _whole(what: str | None) -> str | None:
    """``what`` without a leading 全县 / 本镇 (全县驻村干部 counts 驻村干部)."""
    if what is None:
        return None
    rest = _WHOLE_PREFIX.sub("", what)
    return rest if len(rest) >= 2 else None


def count_options(text: str, tokens_in: TokensIn | None = None) -> list[CountOption]:
    """Every reading of every number in ``text`` as a count (see :class:`CountOption`)."""
    tokens_in = tokens_in or _segmenter(text)
    out: list[CountOption] = []

    def option(kind: str, what: str, qs: int, qe: int, m: re.Match[str], **kw: object) -> None:
        num, start = m.group("num"), m.start()
        q = Quantity(
            strip_quotes(text[qs:qe]),
            _int(kw["value"]),  # type: ignore[arg-type]
            str(kw["unit"]),
            what,
            qs,
            qe,
            bool(kw["approx"]),
            kw.get("qualifier"),  # type: ignore[arg-type]
            kw.get("value_max"),  # type: ignore[arg-type]
            start,
        )
        out.append(
            CountOption(
                q,
                kind,
                bool(_CN_ONLY.fullmatch(num)),
                text[max(0, start - 14) : start],
                text[qe : qe + 1],
                _helped_context(text, start),
            )
        )

    for m in _NO_UNIT.finditer(text):
        start = m.start()
        if start > 0 and (
            text[start - 1] in "0123456789.-第" or _CN_ONLY.fullmatch(text[start - 1])
        ):
            continue
        value = parse_number(m.group("num"))
        if value is None or _YEAR.fullmatch(m.group("num")) or _CN_ONLY.match(m.group("num")):
            continue  # years; and 一 inside words (统一干部): digits only here
        end = m.end()
        noun = _noun_run(_stripped(text, end, min(len(text), end + 30), tokens_in))
        if noun:
            qe = _locate_end(text, end, len(noun))
            option(
                "nounit", noun, start, qe, m, value=value, unit="", approx=bool(m.group("approx"))
            )
    for m in _COUNT.finditer(text):
        start, unit_end = m.start(), m.end()
        if start > 0 and text[start - 1] in "0123456789.-第":
            continue
        value = parse_number(m.group("num"))
        unit = m.group("unit")
        if value is None or text.startswith(_NOT_COUNT_AFTER, unit_end):
            continue
        bounds = bounds_after(text, unit_end)
        seg_start = unit_end + (bounds.length if (bounds.qualifier or bounds.approx) else 0)
        before = bounds_before(text, start)
        num2 = parse_number(m.group("num2")) if m.group("num2") else None
        kw = {
            "value": value,
            "unit": unit,
            "approx": bool(m.group("approx")) or bounds.approx or before.approx,
            "qualifier": bounds.qualifier or before.qualifier,
            "value_max": _int(num2) if num2 else None,
        }
        ahead = _stripped(text, seg_start, min(len(text), seg_start + 40), tokens_in)
        fwd = _head_forward(ahead)
        if fwd:
            option("fwd", fwd[0], start, _locate_end(text, seg_start, fwd[1]), m, **kw)
        back_start = start - before.length
        lead = _LEAD.search(text[max(0, back_start - 4) : back_start])
        bs = back_start - (len(lead.group(0)) if lead else 0)
        back = _whole(_head_backward(_stripped(text, max(0, bs - 20), bs, tokens_in)))
        if back and not _COUNT_BEFORE.search(text, 0, _locate_start(text, bs, back)):
            option("back", back, _locate_start(text, bs, back), seg_start, m, **kw)
        nback = _whole(_noun_back(_stripped(text, max(0, bs - 12), bs, tokens_in)))
        if (
            nback
            and nback != back
            and not _COUNT_BEFORE.search(text, 0, _locate_start(text, bs, nback))
        ):
            option("nback", nback, _locate_start(text, bs, nback), seg_start, m, **kw)
        noun = _noun_run(ahead)
        if noun and not (fwd and fwd[0] == noun):
            option("noun", noun, start, _locate_end(text, seg_start, len(noun)), m, **kw)
        option("bare", unit, start, unit_end, m, **kw)
    return out

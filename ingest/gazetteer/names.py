"""Name forms of division units: official names, short forms, bare stems.

The registry carries one official name per unit. People write shorter
forms: 广安 for 广安市, 大通县 or 大通 for 大通回族土族自治县, 桂镇村 for
桂镇村委会. This module derives those forms with plain string rules so the
build script and the runtime agree on them.

Every unit has one *stem* (the bare name without level suffix or ethnic
qualifiers: 广安, 大通, 凉伞, 桂镇). The lookup index is keyed by stem; the
forms of a unit are computed from its official name, kind and stem.
"""

from __future__ import annotations

import re

from ingest.record import LEVELS

__all__ = [
    "COMMON_WORDS",
    "GENERIC_VILLAGE_WORDS",
    "LEVELS",
    "LEVEL_DIGITS",
    "LEVEL_INDEX",
    "LEVEL_OF_DIGITS",
    "NEVER_NAMES",
    "code_digits",
    "forms_of",
    "implied_level",
    "level_of_code",
    "parent_of_code",
    "query_stem",
    "stem_of",
    "text_forms_of",
    "within",
]

LEVEL_INDEX: dict[str, int] = {lv: i for i, lv in enumerate(LEVELS)}
"""Depth of each level: 0 for a province … 4 for a village."""
LEVEL_DIGITS = {"province": 2, "prefecture": 4, "county": 6, "township": 9, "village": 12}
"""Leading digits of a 12-digit code that identify a unit of each level (the rest is zeros)."""
LEVEL_OF_DIGITS = {d: level for level, d in LEVEL_DIGITS.items()}


def code_digits(code: int) -> int:
    """Significant digits of a 12-digit code held as an integer (2 province … 12 village).

    >>> code_digits(511681000000), code_digits(511681102203), LEVEL_OF_DIGITS[code_digits(510000000000)]
    (6, 12, 'province')
    """
    for d in (2, 4, 6, 9):
        if code % 10 ** (12 - d) == 0:
            return d
    return 12


def within(code: str, ancestor: str) -> bool:
    """True when the 12-digit ``code`` is ``ancestor`` or lies below it: the same
    leading digits as far as ``ancestor``'s level goes (a township's zeros are its
    own digits: 420303100000 does not hold 420303101203).

    >>> within("542525200201", "540000000000"), within("420303101203", "420303100000")
    (True, False)
    """
    k = LEVEL_DIGITS[level_of_code(ancestor)]
    return code[:k] == ancestor[:k]


def strictly_within(code: str, ancestor: str) -> bool:
    """True when the 12-digit ``code`` lies below ``ancestor`` and is not it: the
    place of ``ancestor`` holds the place of ``code`` (anything else, False).

    >>> strictly_within("420303101203", "420303000000"), strictly_within("420303000000", "420303000000")
    (True, False)
    """
    return len(code) == len(ancestor) == 12 and code != ancestor and within(code, ancestor)


# The 56 official ethnic groups minus 汉; longest first so 蒙古 wins over 蒙.
_ETHNIC = sorted(
    [
        "蒙古",
        "回",
        "藏",
        "维吾尔",
        "苗",
        "彝",
        "壮",
        "布依",
        "朝鲜",
        "满",
        "侗",
        "瑶",
        "白",
        "土家",
        "哈尼",
        "哈萨克",
        "傣",
        "黎",
        "傈僳",
        "佤",
        "畲",
        "高山",
        "拉祜",
        "水",
        "东乡",
        "纳西",
        "景颇",
        "柯尔克孜",
        "土",
        "达斡尔",
        "仫佬",
        "羌",
        "布朗",
        "撒拉",
        "毛南",
        "仡佬",
        "锡伯",
        "阿昌",
        "普米",
        "塔吉克",
        "怒",
        "乌孜别克",
        "俄罗斯",
        "鄂温克",
        "德昂",
        "保安",
        "裕固",
        "京",
        "塔塔尔",
        "独龙",
        "鄂伦春",
        "赫哲",
        "门巴",
        "珞巴",
        "基诺",
        "各",
    ],
    key=len,
    reverse=True,
)
_ETH = "(?:" + "|".join(_ETHNIC) + ")"
_ETH_LONG = "(?:" + "|".join(e for e in _ETHNIC if len(e) >= 2) + ")"
# 大通回族土族自治县, 博尔塔拉蒙古自治州 (族 omitted), 双江拉祜族佤族布朗族傣族自治县
_AUTONOMOUS = re.compile(rf"^(.+?)(?:{_ETH}族|{_ETH_LONG})+自治(县|州|旗|区)$")
_AUTONOMOUS_ONE = re.compile(r"^(.+?)族自治(县|州|旗|区)$")  # 东乡族自治县
_ETHNIC_TOWNSHIP = re.compile(rf"^(.+?)(?:{_ETH}族)+(乡|镇|苏木)$")

# Rows of the registry that are bookkeeping groups, not places anyone names.
NEVER_NAMES = frozenset(
    {
        "市辖区",
        "县",
        "省直辖县级行政区划",
        "自治区直辖县级行政区划",
        "街道",
        "开发区",
        "高新区",
        "城区",
        "郊区",
        "矿区",
        "东区",
        "西区",
        "市中区",
        "省",
        "市",
        "区",
        "乡",
        "镇",
        "村",
        "全县",
        "全区",
        "全市",
        "全省",
        "乡镇",
        "贫困村",
    }
)

# Short forms of units that are also ordinary words: matched in text only
# when the context supports them (a chain, the jurisdiction, a related
# mention nearby). The build adds more from jieba's dictionary.
COMMON_WORDS = frozenset(
    [
        "和平",
        "新华",
        "城关",
        "东方",
        "长安",
        "太平",
        "中心",
        "朝阳",
        "白银",
        "大庆",
        "来宾",
        "安康",
        "长治",
        "大同",
        "中山",
        "普洱",
        "玉树",
        "黄山",
        "北海",
        "四平",
        "永安",
        "江南",
        "江北",
        "白云",
        "鼓楼",
        "红旗",
        "胜利",
        "光明",
        "前进",
        "新城",
        "新区",
        "开发",
        "高新",
        "城中",
        "城东",
        "城西",
        "城南",
        "城北",
        "河东",
        "河西",
        "市中",
        "宝山",
        "金山",
        "青山",
        "南山",
        "西湖",
        "普陀",
        "黄埔",
        "铁西",
        "铁东",
        "向阳",
        "东风",
        "解放",
        "人民",
        "和顺",
        "安定",
        "永和",
        "清河",
        "长寿",
        "平安",
        "吉利",
        "富民",
        "新兴",
        "兴业",
        "合作",
        "团结",
        "友谊",
        "红星",
        "东山",
        "西山",
        "北山",
        "海港",
        "高明",
        "城厢",
        "龙华",
        "宝安",
        "南岸",
        "江岸",
        "江城",
        "城阳",
        "中原",
        "长乐",
        "永新",
        "安远",
        "会同",
        "大方",
        "阳光",
        "富裕",
        "文化",
        "民主",
        "新民",
        "太和",
        "通道",
        "明光",
        "三江",
        "平原",
        "丰收",
        "正阳",
        "安宁",
        "会同",
        "合作",
        "长寿",
        "城厢",
        "清河",
        "安定",
        "和顺",
        "红山",
        "青年",
        "先进",
        "东城",
        "西城",
        "新市",
        "东港",
        "西岗",
        "中原",
        "金水",
        "二七",
        "和田",
        "开封",
        "日照",
        "阿里",
        "解放区",
        "保定",
    ]
)

# Words ending in 村/社区 that are categories, not named villages.
GENERIC_VILLAGE_WORDS = frozenset(
    [
        "新农村",
        "贫困村",
        "非贫困村",
        "行政村",
        "自然村",
        "建制村",
        "示范村",
        "重点村",
        "扶贫村",
        "空壳村",
        "薄弱村",
        "宜居村",
        "四好村",
        "中心村",
        "美丽乡村",
        "乡村",
        "农村",
        "文明村",
        "先进村",
        "小康村",
        "富裕村",
        "特色村",
        "试点村",
        "软弱村",
        "后进村",
        "整村",
        "全村",
        "本村",
        "该村",
        "各村",
        "每村",
        "村村",
        "驻村",
        "包村",
        "进村",
        "到村",
        "强村",
        "弱村",
        "穷村",
        "富村",
        "兴村",
        "新村",
        "老村",
        "大村",
        "小村",
        "山村",
        "城中村",
        "移民村",
        "易地搬迁村",
        "深度贫困村",
        "出列村",
        "退出村",
        "帮扶村",
        "联系村",
        "结对村",
        "双联村",
        "共建村",
        "定点村",
        "民族村",
        "边境村",
        "传统村",
        "旅游村",
        "专业村",
        "一村",
        "两村",
        "三村",
        "社区",
        "城市社区",
        "农村社区",
        "新型社区",
        "安置社区",
        "集中安置社区",
        "搬迁社区",
        "各社区",
        "全社区",
        "该社区",
        "本社区",
    ]
)

_PROVINCE_SUFFIX = re.compile(r"(维吾尔自治区|壮族自治区|回族自治区|特别行政区|自治区|省|市)$")
_PREFECTURE_SUFFIX = re.compile(r"(地区|盟|市)$")
_COUNTY_SUFFIX = re.compile(r"(自治县|自治旗|特区|林区|县|区|市|旗)$")
_TOWNSHIP_SUFFIX = re.compile(r"(街道办事处|街道|民族乡|镇|乡|苏木|区公所)$")
_VILLAGE_SUFFIX = re.compile(
    r"(社区居民委员会|社区居委会|村民委员会|居民委员会|牧民委员会|村委会|居委会|牧委会|委员会|"
    r"社区|村委|村)$"
)


def level_of_code(code: str) -> str:
    """Return the level of a 12-digit code from its zero tail.

    >>> level_of_code("511681000000")
    'county'
    """
    if code[2:] == "0000000000":
        return "province"
    if code[4:] == "00000000":
        return "prefecture"
    if code[6:] == "000000":
        return "county"
    if code[9:] == "000":
        return "township"
    return "village"


_PARENT_CUT = {"prefecture": 2, "county": 4, "township": 6, "village": 9}


def parent_of_code(code: str) -> str | None:
    """Return the parent code (12 digits) of a unit, or None for a province.

    >>> parent_of_code("511681000000")
    '511600000000'
    """
    level = level_of_code(code)
    if level == "province":
        return None
    cut = _PARENT_CUT[level]
    return code[:cut].ljust(12, "0")


def stem_of(name: str, level: str) -> str:
    """Return the bare stem of an official name.

    >>> stem_of("大通回族土族自治县", "county")
    '大通'
    >>> stem_of("桂镇村委会", "village")
    '桂镇'
    """
    if name in NEVER_NAMES:
        return name
    if level == "province":
        return _PROVINCE_SUFFIX.sub("", name) or name
    m = _AUTONOMOUS.match(name) or _AUTONOMOUS_ONE.match(name)
    if m:
        return m.group(1)
    if level == "prefecture":
        return _PREFECTURE_SUFFIX.sub("", name) or name
    if level == "county":
        stem = _COUNTY_SUFFIX.sub("", name)
        return stem if stem else name
    if level == "township":
        m = _ETHNIC_TOWNSHIP.match(name)
        if m:
            return m.group(1)
        stem = _TOWNSHIP_SUFFIX.sub("", name)
        return stem if stem else name
    stem = _VILLAGE_SUFFIX.sub("", name)
    stem = _VILLAGE_SUFFIX.sub("", stem) if stem.endswith(("村", "社区")) else stem
    return stem if stem else name


def forms_of(name: str, level: str, kind: str, stem: str) -> set[str]:
    """Return every exact form a user may look a unit up by.

    Includes the official name, the stem and the usual suffixed short forms.
    Names of bookkeeping rows (市辖区, 县, 省直辖…) yield nothing.

    >>> sorted(forms_of("新晃侗族自治县", "county", "county", "新晃"))
    ['新晃', '新晃侗族自治县', '新晃县']
    """
    if name in NEVER_NAMES or name.endswith("直辖县级行政区划"):
        return set()
    forms = {name}
    if len(stem) >= 2 or level in ("province",):
        forms.add(stem)
    if level == "prefecture":
        if name.endswith("自治州"):
            forms.add(stem + "州")
        if name.endswith("地区"):
            forms.add(stem + "地区")
    elif level == "county":
        if name.endswith("自治县"):
            forms.add(stem + "县")
        elif name.endswith("自治旗"):
            forms.add(stem + "旗")
    elif level == "township":
        if name.endswith("街道办事处"):
            forms.add(stem + "街道")
        m = _ETHNIC_TOWNSHIP.match(name)
        if m:
            forms.add(stem + m.group(2))
    elif level == "village":
        if kind == "village":
            forms.add(stem + "村")
            if "嘎查" in name:
                forms.add(stem + "嘎查")
        else:
            forms.add(stem + "社区")
            if "居委会" in name or "居民委员会" in name:
                forms.add(stem + "居委会")
    forms.discard("")
    return forms - NEVER_NAMES


def text_forms_of(name: str, level: str, kind: str, stem: str) -> set[str]:
    """Return the forms worth matching in running text (province to township).

    Township stems and bare village names are excluded: they are ordinary
    words too often. Townships whose name is not a 镇/乡/街道/苏木 (farms,
    development zones) are excluded too.
    """
    forms = forms_of(name, level, kind, stem)
    if level == "township":
        if not _TOWNSHIP_SUFFIX.search(name) or len(stem) < 2:
            return set()
        forms.discard(stem)
    elif level == "village":
        return set()
    return {f for f in forms if len(f) >= 2}


def query_stem(query: str) -> list[str]:
    """Return the candidate stems of a lookup query (the query itself first).

    >>> query_stem("桂镇村")
    ['桂镇村', '桂镇']
    """
    out = [query]
    for pat in (
        _AUTONOMOUS,
        _AUTONOMOUS_ONE,
        _ETHNIC_TOWNSHIP,
    ):
        m = pat.match(query)
        if m:
            out.append(m.group(1))
    for pat in (
        _PROVINCE_SUFFIX,
        _PREFECTURE_SUFFIX,
        _COUNTY_SUFFIX,
        _TOWNSHIP_SUFFIX,
        _VILLAGE_SUFFIX,
    ):
        s = pat.sub("", query)
        if s and s not in out:
            out.append(s)
        if s.endswith(("村", "社区")):
            s2 = _VILLAGE_SUFFIX.sub("", s)
            if s2 and s2 not in out:
                out.append(s2)
    if query.endswith("州") and len(query) > 2:
        out.append(query[:-1])
    return out


def implied_level(surface: str) -> str | None:
    """Return the level a written form implies by its suffix, if any.

    >>> implied_level("凉伞镇")
    'township'
    """
    if surface.endswith(("村", "社区", "居委会", "村委会", "嘎查")):
        return "village"
    if surface.endswith(("镇", "乡", "街道", "苏木", "街道办事处")):
        return "township"
    if surface.endswith(("县", "旗", "区")):
        return "county"
    if surface.endswith(("州", "盟", "地区")):
        return "prefecture"
    if surface.endswith(("省", "自治区")):
        return "province"
    return None

"""The facts the generated reports are written from: real places, invented helpers.

A :class:`World` is built from the division registry and a seed. The places
are real (counties, their townships and villages in the 2023 registry); the
people, companies, institutions, programmes, numbers and who-helps-whom are
invented. Every document the generator writes expresses some of these facts,
so two reports about the same county agree on who helps which village unless a
contradiction is planted on purpose.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ._text import Span, cat, ent, wrap

if TYPE_CHECKING:  # pragma: no cover
    from ingest.gazetteer import Gazetteer

__all__ = [
    "DEFAULT_COUNTIES",
    "EXTRA_COUNTIES",
    "Assignment",
    "County",
    "Org",
    "Person",
    "Place",
    "Program",
    "World",
    "build_world",
    "money",
]

#: 渭源县, 陇西县, 漳县 (定西市, 甘肃省): 568 村委会 between them.
DEFAULT_COUNTIES = ("621123", "621122", "621125")
#: Added in this order when a larger corpus asks for more counties (定西市's others).
EXTRA_COUNTIES = ("621121", "621124", "621126", "621102")
#: East-west partners (福州市's districts), one per county in order.
PARTNER_DISTRICTS = ("350102", "350104", "350111", "350103", "350105", "350112", "350121")


@dataclass(frozen=True, slots=True)
class Place:
    """A registry unit as a report writes it (``form``), with an optional short form."""

    code: str
    name: str
    form: str
    level: str
    short: str | None = None

    def span(self, form: str | None = None) -> Span:
        return ent(form or self.form, type="PLACE", level=self.level, code=self.code)


@dataclass(frozen=True, slots=True)
class Village:
    place: Place
    town: Place
    unique: bool
    """The written form names one village in its county (so it may stand alone)."""
    community: bool
    poor: bool

    @property
    def form(self) -> str:
        return self.place.form


@dataclass(slots=True)
class County:
    place: Place
    towns: list[Place]
    villages: list[Village]
    partner: Place | None = None
    poor_claimed: int = 0
    """The poor-village count the county's own reports give (≠ the registry)."""
    villages_claimed: int = 0
    """The number of 行政村 the county's 2018 reports give (before village mergers)."""

    @property
    def poor(self) -> list[Village]:
        return [v for v in self.villages if v.poor]

    @property
    def registry_villages(self) -> int:
        return sum(1 for v in self.villages if not v.community)


@dataclass(frozen=True, slots=True)
class Org:
    """An organisation: ``head`` + jurisdiction place + ``body`` (渭源县 + 财政局).

    ``level`` is ``county``/``prefecture``/``province`` for government and party
    bodies (their short form is 县财政局, 市…, 省…) and ``other`` for names
    written whole (companies, schools, hospitals, banks).
    """

    body: str
    org_type: str
    place: Place | None = None
    level: str = "other"
    head: str = ""
    """Text before the place (中国农业银行 in 中国农业银行渭源县支行)."""
    short_name: str | None = None
    """A short written form of a whole name (陇原薯业 for 甘肃陇原薯业有限公司)."""
    kind: str = "unit"
    """``unit``, ``enterprise``, ``school``, ``hospital``, ``bank``, ``media``."""

    @property
    def name(self) -> str:
        return self.head + (self.place.form if self.place else "") + self.body

    def full(self) -> Span:
        parts: list[Span | str] = [self.head] if self.head else []
        if self.place is not None:
            parts.append(self.place.span())
        parts.append(self.body)
        return wrap(cat(*parts), type="ORG", org_type=self.org_type, collective=False)

    def short(self) -> Span:
        """The short form used inside the unit's own jurisdiction (县财政局)."""
        if self.level in ("county", "prefecture", "province"):
            prefix = {"county": "县", "prefecture": "市", "province": "省"}[self.level]
            text = prefix + self.body
        elif self.short_name:
            text = self.short_name
        else:
            return self.full()
        return ent(text, type="ORG", org_type=self.org_type, collective=False)

    def written(self, rng: random.Random, home: str | None) -> Span:
        """Full or short form: short only inside the unit's own jurisdiction."""
        if self.place is not None and home == self.place.code and rng.random() < 0.6:
            return self.short()
        if self.short_name and rng.random() < 0.25:
            return self.short()
        return self.full()


@dataclass(frozen=True, slots=True)
class Person:
    name: str

    def span(self, role: str) -> Span:
        return ent(self.name, type="PERSON", role=role)


@dataclass(frozen=True, slots=True)
class Program:
    """A named programme: ``quoted`` part and ``head`` noun (“陇原先锋”工程 → 陇原先锋工程)."""

    quoted: str
    head: str
    kind: str

    @property
    def name(self) -> str:
        return self.quoted + self.head

    def span(self, quoted: bool = True) -> Span:
        text = f"“{self.quoted}”{self.head}" if quoted else self.name
        item = {"type": "PROGRAM", "text": self.name, "kind": self.kind}
        return Span(text, ((0, len(text), item),), side=self.name)


@dataclass(frozen=True, slots=True)
class Assignment:
    """Who helps one village: the sending unit and its first secretary (one team)."""

    village: Village
    unit: Org
    secretary: Person
    members: int
    year: int


@dataclass(slots=True)
class World:
    province: Place
    prefecture: Place
    counties: list[County]
    county_units: dict[str, list[Org]]
    city_units: list[Org]
    province_units: list[Org]
    companies: list[Org]
    schools: list[Org]
    hospitals: list[Org]
    banks: dict[str, Org]
    media: dict[str, Org]
    assignments: dict[str, list[Assignment]]
    """Per county code: the villages with a team and first secretary."""
    pairings: dict[str, list[tuple[Org, Village]]]
    """Per county code: companies, schools and hospitals paired with a village."""
    leaders: dict[str, list[tuple[str, Person, Village]]]
    """Per county code: county leaders (post, person) each linked to a village."""
    programs: list[Program]
    people: list[Person] = field(default_factory=list)
    rng_people: random.Random = field(default_factory=random.Random)
    _used_names: set[str] = field(default_factory=set)

    def person(self) -> Person:
        """A new invented name, never used before in this world."""
        while True:
            name = self.rng_people.choice(SURNAMES) + "".join(
                self.rng_people.choice(GIVEN) for _ in range(self.rng_people.choice((1, 2, 2)))
            )
            if name not in self._used_names:
                self._used_names.add(name)
                return Person(name)

    def county(self, code: str) -> County:
        return next(c for c in self.counties if c.place.code.startswith(code[:6]))


# --------------------------------------------------------------------------- vocabulary

SURNAMES = list(
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭罗梁宋郑谢韩唐冯董程曹袁邓许傅沈曾彭吕苏蒋蔡贾丁魏薛叶余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊陆郝孔崔康毛邱秦史顾侯邵孟段雷武贺龚汤尹"
)
GIVEN = list(
    "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞刚英华建辉玲斌宇浩凯鹏俊帆晨佳欣雪琳晓亮振志红燕兵峰毅鑫博瑞婷倩丹蕾健锋荣立德永成春庆昊睿彤璐莉琴梅嘉翔蓉"
)

#: (body, org_type) of county-level units that send teams and pair with villages.
COUNTY_BODIES = (
    ("委组织部", "party_department"),
    ("委宣传部", "party_department"),
    ("委统战部", "party_department"),
    ("委政法委", "party_department"),
    ("纪委监委", "party_committee"),
    ("财政局", "government_agency"),
    ("农业农村局", "government_agency"),
    ("交通运输局", "government_agency"),
    ("水务局", "government_agency"),
    ("教育局", "government_agency"),
    ("卫生健康局", "government_agency"),
    ("人力资源和社会保障局", "government_agency"),
    ("自然资源局", "government_agency"),
    ("林业和草原局", "government_agency"),
    ("住房和城乡建设局", "government_agency"),
    ("民政局", "government_agency"),
    ("商务局", "government_agency"),
    ("文体广电和旅游局", "government_agency"),
    ("市场监督管理局", "government_agency"),
    ("发展和改革局", "government_agency"),
    ("审计局", "government_agency"),
    ("统计局", "government_agency"),
    ("应急管理局", "government_agency"),
    ("司法局", "government_agency"),
    ("乡村振兴局", "government_agency"),
    ("医疗保障局", "government_agency"),
    ("生态环境局", "government_agency"),
    ("工业和信息化局", "government_agency"),
    ("退役军人事务局", "government_agency"),
    ("供销合作社联合社", "other"),
    ("妇联", "social_org"),
    ("科协", "social_org"),
)
CITY_BODIES = (
    ("委组织部", "party_department"),
    ("农业农村局", "government_agency"),
    ("财政局", "government_agency"),
    ("人力资源和社会保障局", "government_agency"),
    ("生态环境局", "government_agency"),
    ("住房和城乡建设局", "government_agency"),
    ("中级人民法院", "other"),
    ("税务局", "government_agency"),
    ("气象局", "government_agency"),
    ("委党校", "other"),
)
PROVINCE_BODIES = (
    ("交通运输厅", "government_agency"),
    ("水利厅", "government_agency"),
    ("农业农村厅", "government_agency"),
    ("科学技术厅", "government_agency"),
    ("地方金融监督管理局", "government_agency"),
    ("委党校", "other"),
)
#: Invented companies: (place level written in the name or None, name stem, industry, short).
COMPANIES = (
    ("province", "陇原薯业", "有限公司", "陇原薯业"),
    ("county", "源禾中药材", "开发有限公司", None),
    (None, "丰泽农牧科技", "有限公司", "丰泽农牧"),
    ("prefecture", "金穗食品", "有限责任公司", None),
    (None, "青岚电子商务", "有限公司", "青岚电商"),
    ("county", "瑞农种植", "专业合作社联合社", None),
    ("province", "德康建设工程", "有限公司", "德康建设"),
    (None, "山丹丹文化旅游", "开发有限公司", None),
    ("prefecture", "宏达物流", "有限公司", "宏达物流"),
    (None, "禾润生物科技", "股份有限公司", "禾润生物"),
    ("county", "绿源养殖", "有限公司", None),
    (None, "天禧乳业", "有限公司", "天禧乳业"),
)
SCHOOLS = (
    ("province", "农牧职业学院"),
    (None, "陇原理工学院"),
    ("prefecture", "职业技术学院"),
    (None, "西部财经学院"),
)
HOSPITALS = (
    ("prefecture", "人民医院"),
    ("county", "中医医院"),
    ("province", "第三人民医院"),
)
#: Invented programmes: (quoted part, head noun, kind).
PROGRAMS = (
    ("陇原先锋", "工程", "project"),
    ("红色引擎", "工程", "project"),
    ("双联双帮", "行动", "campaign"),
    ("三带三帮", "机制", "mechanism"),
    ("支部+合作社+农户", "模式", "model"),
    ("四级联创", "活动", "campaign"),
    ("能人回乡", "计划", "plan"),
    ("清单化帮扶", "机制", "mechanism"),
    ("晨会夜学", "制度", "mechanism"),
    ("一村一名大学生", "计划", "plan"),
    ("党员中心户带富", "行动", "campaign"),
    ("龙头企业+基地+农户", "模式", "model"),
    ("村村有集体经济", "工程", "project"),
    ("万企帮万村", "行动", "campaign"),
    ("积分超市", "管理办法", "mechanism"),
    ("陇上好粮", "品牌", "brand"),
)


# --------------------------------------------------------------------------- money


def money(
    rng: random.Random, lo: float, hi: float, *, style: str | None = None
) -> tuple[Span, float]:
    """An amount between ``lo`` and ``hi`` yuan written one of several ways.

    Returns the MONEY span and its value in yuan.
    """
    style = style or rng.choice(
        ("wan", "wan", "wan", "wan1", "wan1", "yi", "approx", "atleast", "yuan")
    )
    v = rng.uniform(lo, hi)
    approx, qualifier = False, "="
    if style == "yuan" and hi <= 200_000:
        n = round(v, -2)
        text, value = f"{int(n)}元", n
    elif style == "yi" and v >= 100_000_000:
        n = round(v / 1e8, 2)
        text, value = f"{n:g}亿元", round(n * 1e8)
    elif style == "wan1":
        n = round(v / 1e4, 1)
        text, value = f"{n:g}万元", round(n * 1e4)
    elif style == "approx":
        n = round(v / 1e4)
        text, value, approx = f"{n}余万元", n * 1e4, True
    elif style == "atleast":
        n = max(1, round(v / 1e4, -1) if v > 2e5 else round(v / 1e4))
        text, value, qualifier = f"{n}万元以上", n * 1e4, ">="
    else:
        n = max(1, round(v / 1e4))
        text, value = f"{n}万元", n * 1e4
    value = int(value)
    item = {
        "type": "MONEY",
        "text": text,
        "value": value,
        "approx": approx,
        "qualifier": qualifier,
    }
    return Span(text, ((0, len(text), item),)), value


# --------------------------------------------------------------------------- build


def _place(gz: Gazetteer, code: str, form: str | None = None) -> Place:
    u = gz.require(code)
    forms = sorted(gz.forms(u.code), key=len)
    short = next((f for f in forms if f != u.name and len(f) >= 2), None)
    return Place(u.code, u.name, form or u.name, u.level, short)


def _village_form(gz: Gazetteer, code: str, community: bool) -> str:
    forms = sorted(gz.forms(code), key=lambda f: (len(f), f))
    end = "社区" if community else "村"
    for f in forms:
        if f.endswith(end) and "委" not in f:
            return f
    return forms[0]


def _county(gz: Gazetteer, code: str, rng: random.Random) -> County:
    place = _place(gz, code)
    towns: list[Place] = []
    villages: list[Village] = []
    for t in gz.children(place.code):
        town = _place(gz, t.code)
        towns.append(town)
        for v in gz.children(t.code):
            community = v.kind == "community"
            form = _village_form(gz, v.code, community)
            villages.append(
                Village(
                    Place(v.code, v.name, form, "village"),
                    town,
                    unique=True,
                    community=community,
                    poor=False,
                )
            )
    # a form that names two villages of the county (or a township) never stands alone
    counts = Counter(v.form for v in villages)
    town_stems = {t.form[:-1] for t in towns} | {t.form for t in towns}
    share = rng.uniform(0.38, 0.5)
    out = []
    for x in villages:
        unique = counts[x.form] == 1 and x.form[:-1] not in town_stems
        poor = not x.community and rng.random() < share
        out.append(Village(x.place, x.town, unique, x.community, poor))
    county = County(place, towns, out)
    real_poor = len(county.poor)
    county.poor_claimed = real_poor
    county.villages_claimed = county.registry_villages + rng.randint(9, 40)
    return county


def build_world(gz: Gazetteer, seed: int, counties: tuple[str, ...] = DEFAULT_COUNTIES) -> World:
    """Invent the helpers of ``counties`` (6-digit codes) from ``seed``."""
    rng = random.Random(f"world-{seed}")
    cs = [_county(gz, c, rng) for c in counties]
    province = _place(gz, cs[0].place.code[:2])
    prefecture = _place(gz, cs[0].place.code[:4])
    for i, c in enumerate(cs):
        c.partner = _place(gz, PARTNER_DISTRICTS[i % len(PARTNER_DISTRICTS)])
    county_units = {
        c.place.code: [Org(body, t, c.place, "county") for body, t in rng.sample(COUNTY_BODIES, 26)]
        for c in cs
    }
    city_units = [Org(b, t, prefecture, "prefecture") for b, t in CITY_BODIES]
    province_units = [Org(b, t, province, "province") for b, t in PROVINCE_BODIES]

    def anchored(level: str | None, c: County) -> Place | None:
        return {"province": province, "prefecture": prefecture, "county": c.place, None: None}[
            level
        ]

    companies = []
    for i, (level, stem, tail, short) in enumerate(COMPANIES):
        c = cs[i % len(cs)]
        where = anchored(level, c)
        if where is not None and level in ("province", "prefecture"):
            where = Place(where.code, where.name, where.short or where.form, where.level)
        org_type = "cooperative" if "合作社" in tail else "enterprise"
        companies.append(
            Org(stem + tail, org_type, where, "other", short_name=short, kind="enterprise")
        )
    schools = []
    for i, (level, body) in enumerate(SCHOOLS):
        where = anchored(level, cs[i % len(cs)])
        if where is not None:
            where = Place(where.code, where.name, where.short or where.form, where.level)
        schools.append(Org(body, "other", where, "other", kind="school"))
    hospitals = [
        Org(body, "other", anchored(level, cs[i % len(cs)]), "other", kind="hospital")
        for i, (level, body) in enumerate(HOSPITALS)
    ]
    banks = {
        c.place.code: Org(
            "支行",
            "financial_institution",
            c.place,
            "other",
            head="中国农业银行",
            kind="bank",
        )
        for c in cs
    }
    media = {c.place.code: Org("融媒体中心", "other", c.place, "other", kind="media") for c in cs}
    paper = Place(
        prefecture.code, prefecture.name, prefecture.short or prefecture.form, "prefecture"
    )
    media[prefecture.code] = Org("日报", "other", paper, kind="media")
    world = World(
        province=province,
        prefecture=prefecture,
        counties=cs,
        county_units=county_units,
        city_units=city_units,
        province_units=province_units,
        companies=companies,
        schools=schools,
        hospitals=hospitals,
        banks=banks,
        media=media,
        assignments={},
        pairings={},
        leaders={},
        programs=[Program(*p) for p in PROGRAMS],
        rng_people=random.Random(f"people-{seed}"),
    )
    senders_outside = city_units + province_units
    for c in cs:
        poor = c.poor
        chosen = rng.sample(poor, k=int(len(poor) * 0.8))
        chosen.sort(key=lambda v: v.place.code)
        units = county_units[c.place.code]
        out = []
        for i, v in enumerate(chosen):
            if i % 7 == 3 and senders_outside:
                unit = rng.choice(senders_outside)
            else:
                unit = units[i % len(units)]
            out.append(
                Assignment(
                    v,
                    unit,
                    world.person(),
                    rng.choice((2, 3, 3, 4)),
                    rng.choice((2017, 2018, 2019, 2021)),
                )
            )
        world.assignments[c.place.code] = out
        others = [v for v in c.villages if not v.community]
        pair = []
        for org in [*companies, *schools, *hospitals, banks[c.place.code]]:
            if rng.random() < 0.55:
                pair.append((org, rng.choice(others)))
        world.pairings[c.place.code] = pair
        posts = (
            "县委书记",
            "县长",
            "县委副书记",
            "常务副县长",
            "副县长",
            "县委常委",
            "县人大常委会主任",
            "县政协主席",
        )
        world.leaders[c.place.code] = [(post, world.person(), rng.choice(poor)) for post in posts]
    return world

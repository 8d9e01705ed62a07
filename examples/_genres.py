"""The kinds of report the generator writes, each from the facts of a :class:`World`.

Every writer fills a :class:`~kg.examples._doc.Doc`: title, metadata lines,
paragraphs (and tables) of annotated sentences. Which facts go in, and in which
phrasing, is drawn from the document's own random stream, so the corpus does
not repeat one template.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from . import _phrases as ph
from ._doc import Doc, L
from ._text import Span, Table, cat, ent, free, join, qty, wrap
from ._world import Assignment, County, Org, Place, Village, World, money

__all__ = ["GENRES", "Ctx"]


@dataclass
class Ctx:
    """What the writers share across one corpus: the world and rotating cursors,
    so successive documents name different villages."""

    world: World
    cursors: dict[str, int] = field(default_factory=dict)

    def take(self, county: County, k: int) -> list[Assignment]:
        items = self.world.assignments[county.place.code]
        at = self.cursors.get(county.place.code, 0)
        self.cursors[county.place.code] = (at + k) % len(items)
        return [items[(at + i) % len(items)] for i in range(min(k, len(items)))]


# --------------------------------------------------------------------------- spans


def vil(rng: random.Random, v: Village, *, town: bool | None = None) -> Span:
    """A village as written: alone when its name is unique in the county, else after its township."""
    with_town = (not v.unique) or (town if town is not None else rng.random() < 0.55)
    if with_town:
        return cat(v.town.span(), v.place.span(), side=v.form)
    return v.place.span()


def county_span(rng: random.Random, c: County, *, short: bool = True) -> Span:
    if short and c.place.short and rng.random() < 0.2:
        return c.place.span(c.place.short)
    return c.place.span()


def unit_span(rng: random.Random, org: Org, home: str | None) -> Span:
    return org.written(rng, home)


TEAM = ent("驻村工作队", type="ORG", org_type="work_team", collective=False)


def role(post: str) -> Span:
    return ent(post, type="ROLE")


def year_of(rng: random.Random) -> int:
    return rng.choice((2017, 2018, 2019, 2019, 2020, 2020, 2021))


def date_text(rng: random.Random, year: int) -> str:
    m, d = rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice((f"{year}年{m}月{d}日", f"{year}-{m:02d}-{d:02d}", f"{year}/{m:02d}/{d:02d}"))


def byline(rng: random.Random, world: World, media: Org) -> Span:
    a, b = world.person(), world.person()
    style = rng.randrange(3)
    if style == 0:
        return cat("（记者 ", a.span("记者"), " 通讯员 ", b.span("通讯员"), "）")
    if style == 1:
        return cat("来源：", media.full(), "　作者：", a.span("作者"))
    return cat("（", media.full(), " ", a.span("作者"), "）")


def end(*parts: Span | str) -> Span:
    return cat(*parts, "。")


def station_sentence(
    doc: Doc, a: Assignment, home: str | None, *, town: bool | None = None
) -> Span:
    rng = doc.rng
    slots: dict[str, Span | str] = {
        "U": unit_span(rng, a.unit, home),
        "P": a.secretary.span("第一书记"),
        "V": vil(rng, a.village, town=town),
        "Y": str(a.year),
        "N": qty(a.members, "名", "驻村干部", role=True),
    }
    s = doc.pick(ph.STATION, **slots)
    return end(s, "，", rng.choice(ph.DEEDS))


def pair_sentence(doc: Doc, org: Org, v: Village, home: str | None) -> Span:
    rng = doc.rng
    o = unit_span(rng, org, home)
    if org.kind == "enterprise":
        s = doc.pick(ph.ENTERPRISE, O=o, V=vil(rng, v))
    elif org.kind in ("school", "hospital", "bank"):
        s = doc.pick(ph.SOCIAL, O=o, V=vil(rng, v))
    else:
        s = doc.pick(ph.PAIR, U=o, V=vil(rng, v))
    return s


def donate_sentence(doc: Doc, org: Org, v: Village, home: str | None) -> Span:
    rng = doc.rng
    mo, _ = money(rng, 50_000, 2_000_000)
    s = doc.pick(
        ph.DONATE,
        O=unit_span(rng, org, home),
        V=vil(rng, v),
        MO=mo,
        PUR=free(rng.choice(ph.PURPOSES)),
    )
    return end(s)


def claims_paragraph(
    doc: Doc, world: World, c: County, *, delta: int = 0, full: bool = True
) -> list[Span]:
    """Aggregate claims about a county (counts of leaders, teams, villages)."""
    rng = doc.rng
    poor = c.poor_claimed + delta
    cs = county_span(rng, c)
    scope = cs.text if doc.scope != cs.text else None
    out: list[Span] = []
    leaders = rng.randint(24, 41)
    out.append(
        end(
            doc.pick(
                ph.CLAIM_LEADERS,
                scope=scope,
                N=qty(leaders, "名", "县级领导", role=True),
                M=qty(poor, "个", "贫困村"),
                C=cs,
            )
        )
    )
    unit = rng.choice(("支", "个"))
    out.append(
        end(
            doc.pick(
                ph.CLAIM_TEAMS,
                scope=scope,
                N=qty(poor, unit, "驻村工作队"),
                M=qty(poor, "个", "贫困村"),
            ),
            "，",
            rng.choice(("做到了因村派人、精准选派", "每村帮扶力量不少于3人", "驻村干部全脱产在岗")),
        )
    )
    if rng.random() < 0.6:
        helpers = rng.randint(2800, 9800)
        households = rng.randint(9000, 24000)
        out.append(
            end(
                doc.pick(
                    ph.CLAIM_HOUSEHOLDS,
                    scope=scope,
                    N=qty(helpers, "名", "帮扶责任人", role=True),
                    M=qty(households, "户", "贫困户"),
                )
            )
        )
    if full:
        total = c.villages_claimed
        teams = total
        if rng.random() < 0.5:
            out.append(
                end(
                    doc.pick(
                        ph.CLAIM_FULL,
                        scope=scope,
                        N=qty(teams, "支", "驻村工作队"),
                        M=qty(total, "个", "行政村"),
                    )
                )
            )
        else:
            nonpoor = total - poor
            s = doc.say(
                "{N}分别进驻{M}和{K}",
                (
                    L("helps", "N", "M", "进驻", "驻村帮扶"),
                    L("helps", "N", "K", "进驻", "驻村帮扶"),
                ),
                scope=scope,
                N=qty(total, "支", "驻村工作队"),
                M=qty(poor, "个", "贫困村"),
                K=qty(nonpoor, "个", "非贫困村"),
            )
            out.append(end(s, "，实现驻村帮扶全覆盖"))
    return out


def implement_sentence(doc: Doc, actor: Span, program_quoted: bool = True) -> Span:
    rng = doc.rng
    pg = rng.choice(doc_programs(doc))
    s = doc.pick(ph.IMPLEMENT[pg.kind], A=actor, PG=pg.span(quoted=program_quoted))
    return end(
        s,
        "，",
        rng.choice(
            (
                "把党的组织优势转化为帮扶优势",
                "推动帮扶力量向基层一线下沉",
                "形成了上下联动的工作格局",
                "取得了明显成效",
            )
        ),
    )


def doc_programs(doc: Doc) -> list:
    return doc._programs  # type: ignore[attr-defined]


def funds_sentence(doc: Doc, lo: float, hi: float) -> Span:
    rng = doc.rng
    mo, _ = money(rng, lo, hi)
    return end(doc.pick(ph.FUNDS, MO=mo, PUR=free(rng.choice(ph.PURPOSES))))


def new_doc(
    ctx: Ctx, rng: random.Random, name: str, genre: str, where: Place, form: str | None = None
) -> Doc:
    text = form or where.form
    doc = Doc(name, genre, (text, where.code), rng)
    doc._programs = rng.sample(ctx.world.programs, 4)  # type: ignore[attr-defined]
    return doc


# --------------------------------------------------------------------------- genres


def county_briefing(ctx: Ctx, rng: random.Random, name: str, county: County, twist: int) -> Doc:
    """A county's work briefing: claims, programmes, named examples, money."""
    w = ctx.world
    doc = new_doc(ctx, rng, name, "county_briefing", county.place)
    home = county.place.code
    year = year_of(rng)
    cs = county.place.span()
    doc.title = rng.choice(
        (
            cat(cs, "扎实推进驻村帮扶工作"),
            cat(cs, "：聚焦帮扶力量下沉 夯实脱贫攻坚根基"),
            cat("脱贫攻坚工作简报（第", str(rng.randint(3, 40)), "期）"),
            cat(cs, "帮扶工作情况汇报"),
        )
    )
    issuer = rng.choice(
        (
            wrap(
                cat(cs, "扶贫开发领导小组办公室"),
                type="ORG",
                org_type="leading_group",
                collective=False,
            ),
            wrap(
                cat(cs, "脱贫攻坚领导小组办公室"),
                type="ORG",
                org_type="leading_group",
                collective=False,
            ),
            next(
                (u for u in w.county_units[home] if u.body == "乡村振兴局"), w.county_units[home][0]
            ).full(),
        )
    )
    doc.meta = [cat(issuer, "　", date_text(rng, year))]
    opening = [
        end(
            "今年以来，",
            cs,
            rng.choice(
                (
                    "坚持把驻村帮扶作为脱贫攻坚的重要抓手",
                    "把抓党建促脱贫作为贯穿全局的主线",
                    "围绕高质量脱贫目标",
                )
            ),
            "，",
            rng.choice(("层层压实帮扶责任", "持续选优配强帮扶力量", "推动各类资源向贫困村集聚")),
        ),
        implement_sentence(doc, cs if rng.random() < 0.5 else county_span(rng, county)),
    ]
    doc.para(*opening)
    doc.para(*claims_paragraph(doc, w, county, delta=twist))
    picks = ctx.take(county, rng.randint(3, 6))
    sents = [
        cat(rng.choice(("在具体工作中，", "比如，", "")), station_sentence(doc, picks[0], home))
    ]
    sents += [station_sentence(doc, a, home) for a in picks[1:]]
    doc.para(*sents)
    leaders = w.leaders[home]
    lead_bits = []
    for post, person, v in rng.sample(leaders, 2):
        lead_bits.append(end(doc.pick(ph.LEADER, R=role(post), P=person.span(post), V=vil(rng, v))))
    doc.para(*lead_bits, funds_sentence(doc, 5e6, 3e8))
    pairs = w.pairings[home]
    if pairs:
        org, v = rng.choice(pairs)
        doc.para(
            end(pair_sentence(doc, org, v, home), "，", rng.choice(ph.DEEDS)),
            rng.choice(ph.FILLERS),
        )
    doc.para(rng.choice(ph.CLOSINGS))
    return doc


def prefecture_briefing(ctx: Ctx, rng: random.Random, name: str, twist: int) -> Doc:
    """A prefecture-wide overview: each county's figures (one contradicting), partners, province units."""
    w = ctx.world
    pref = w.prefecture
    doc = new_doc(ctx, rng, name, "prefecture_briefing", pref)
    year = year_of(rng)
    ps = pref.span()
    doc.title = rng.choice(
        (
            cat(ps, "驻村帮扶工作综述"),
            cat(ps, "多措并举推动帮扶力量下沉"),
            cat("凝聚帮扶合力 决胜脱贫攻坚——", ps, "帮扶工作纪实"),
        )
    )
    doc.meta = [cat(date_text(rng, year), "　来源：", w.media[pref.code].full())]
    doc.para(
        end(
            "近年来，",
            ps,
            rng.choice(("各级各部门", "全市上下")),
            rng.choice(("把驻村帮扶作为脱贫攻坚的硬任务", "聚焦贫困村发展短板")),
            "，",
            rng.choice(("一批批帮扶干部扎根基层", "帮扶资源持续向贫困村倾斜")),
        ),
        implement_sentence(doc, ps),
    )
    for i, c in enumerate(w.counties):
        bits = claims_paragraph(doc, w, c, delta=twist if i == 0 else 0, full=False)
        cs = c.place.span()
        sent = doc.say(
            "{O}与{C}开展东西部协作",
            (L("helps", "O", "C", "东西部协作", "东西部协作"),),
            scope=cs.text,
            O=c.partner.span() if c.partner else cat(""),
            C=cs,
        )
        a = ctx.take(c, 1)[0]
        doc.para(
            end("在", cs, "，", rng.choice(("帮扶力量配备更加精准", "各级帮扶单位各展所长"))),
            *bits,
            end(
                sent, "，", rng.choice(("双方互派干部挂职交流", "在产业、劳务、消费等方面深度合作"))
            ),
            station_sentence(doc, a, None, town=True),
        )
    pu = rng.sample(w.province_units, 2)
    c0, c1 = rng.sample(w.counties, 2)
    doc.para(
        end(
            doc.pick(ph.PAIR[2:3] + ph.PAIR[0:1], U=pu[0].full(), V=c0.place.span()),
            "，",
            doc.pick(ph.PAIR[2:3], U=pu[1].full(), V=c1.place.span()),
        ),
        rng.choice(ph.CLOSINGS),
    )
    return doc


def org_article(ctx: Ctx, rng: random.Random, name: str, county: County) -> Doc:
    """An organisation department's article on first secretaries."""
    w = ctx.world
    home = county.place.code
    doc = new_doc(ctx, rng, name, "org_article", county.place)
    year = year_of(rng)
    cs = county.place.span()
    dept = wrap(cat(cs, "委组织部"), type="ORG", org_type="party_department", collective=False)
    short_dept = ent("县委组织部", type="ORG", org_type="party_department", collective=False)
    doc.title = rng.choice(
        (
            cat(cs, "：选好用好第一书记 激活帮扶“一池春水”"),
            cat(cs, "强化第一书记管理 让帮扶力量沉下去"),
            cat("“领头雁”飞进贫困村——", cs, "第一书记工作侧记"),
        )
    )
    doc.title = _annotate_roles(doc.title)
    doc.meta = [cat(date_text(rng, year), "　", rng.choice(("来源：", "信息来源：")), dept)]
    n = county.poor_claimed
    s1 = doc.say(
        "{D}牵头负责第一书记选派工作",
        (L("responsible_for", "D", "第一书记选派工作", "牵头负责"),),
        D=short_dept,
    )
    s1 = _annotate_roles(s1)
    doc.para(
        end(
            s1,
            "，",
            rng.choice(("坚持因村派人、人岗相适", "把政治素质好、工作能力强的干部选派到村")),
        ),
        end(doc.pick(ph.CLAIM_SECRETARIES, N=qty(n, "名", "优秀干部"), M=qty(n, "个", "贫困村"))),
        implement_sentence(doc, short_dept),
    )
    picks = ctx.take(county, rng.randint(4, 7))
    doc.para(
        rng.choice(
            (
                "翻开帮扶干部的工作台账，一件件实事记录得清清楚楚。",
                "选派干部到村后，一批实事好事陆续落地。",
            )
        ),
        *[station_sentence(doc, a, home) for a in picks],
    )
    # a first secretary named without a village: a helper with no target
    idle = w.person()
    doc.para(
        end(
            "在近日举办的培训班上，",
            idle.span("第一书记"),
            "等",
            qty(rng.randint(20, 60), "名", "新任第一书记", role=False),
            "围绕产业发展、基层治理等内容进行了交流",
        ),
        rng.choice(ph.FILLERS),
        rng.choice(ph.CLOSINGS),
    )
    doc.blocks[-1] = _annotate_roles(doc.blocks[-1])  # type: ignore[arg-type]
    return doc


def _annotate_roles(span: Span) -> Span:
    """Annotate unannotated 第一书记 as ROLE (for text written outside templates)."""
    import re

    anns = list(span.anns)
    for m in re.finditer("第一书记", span.text):
        if not any(a <= m.start() and m.end() <= b for a, b, _ in anns):
            anns.append((m.start(), m.end(), {"type": "ROLE", "text": "第一书记"}))
    return Span(span.text, tuple(anns), span.side)


def village_news(ctx: Ctx, rng: random.Random, name: str, county: County) -> Doc:
    """A news item about one village: its team and first secretary, a company, money."""
    w = ctx.world
    a = ctx.take(county, 1)[0]
    v = a.village
    doc = new_doc(ctx, rng, name, "village_news", v.place)
    year = max(a.year + 1, year_of(rng))
    home = county.place.code
    vs = v.place.span()
    doc.title = rng.choice(
        (
            cat(TEAM, "扎根", vs, " 产业路越走越宽"),
            cat(vs, "：帮扶干部带来新变化"),
            cat("山沟里的“新风景”——记", vs, "的脱贫之路"),
            cat(vs, "的第一书记"),
        )
    )
    doc.title = _annotate_roles(doc.title)
    media = w.media[home]
    doc.meta = [cat(date_text(rng, year), "　", media.full())]
    cs = county.place.span()
    doc.para(
        end(
            rng.choice(("走进", "初秋时节，走进", "车子沿着盘山路行驶，不一会儿便到了")),
            cs,
            v.town.span(),
            vs,
            "，",
            rng.choice(("一座座大棚整齐排列", "新修的水泥路蜿蜒入村", "村头的加工车间里机器声声")),
        ),
        rng.choice(ph.FILLERS),
    )
    secretary = a.secretary.span("第一书记")
    unit = a.unit.full()
    style = rng.randrange(3)
    if style == 0:
        s = doc.say(
            "{Y}年，{U}派驻的[[O:驻村工作队:work_team]]进驻{V}，{P}任[[R:队长]]兼[[R:第一书记]]，带领{N}吃住在村",
            (
                L("helps", "U", "V", "派驻", "驻村帮扶"),
                L("helps", "驻村工作队", "V", "进驻", "驻村帮扶"),
                L("leads", "P", "驻村工作队", "任队长"),
                L("helps", "P", "V", "兼第一书记", "驻村帮扶"),
            ),
            Y=str(a.year),
            U=unit,
            V=vs,
            P=secretary,
            N=qty(a.members, "名", "驻村工作队员", role=True),
        )
    elif style == 1:
        s = doc.say(
            "{P}是{U}选派到{V}的[[R:第一书记]]，{Y}年到村后，和{N}一起走家串户",
            (
                L("helps", "U", "V", "选派", "驻村帮扶"),
                L("helps", "P", "V", "第一书记", "驻村帮扶"),
            ),
            Y=str(a.year),
            U=unit,
            V=vs,
            P=secretary,
            N=qty(a.members - 1 or 1, "名", "队员"),
        )
    else:
        s = doc.say(
            "{Y}年起，{U}定点帮扶{V}，先后选派{P}等干部驻村，{P2}现任村[[R:第一书记]]",
            (
                L("helps", "U", "V", "定点帮扶", "定点帮扶"),
                L("helps", "P", "V", "驻村", "驻村帮扶"),
            ),
            Y=str(a.year),
            U=unit,
            V=vs,
            P=secretary,
            P2=a.secretary.span("第一书记"),
        )
    doc.para(end(s), rng.choice(ph.FILLERS))
    pairs = [(o, x) for o, x in w.pairings[home] if o.kind == "enterprise"]
    org = pairs[0][0] if pairs else rng.choice(w.companies)
    mo, _ = money(rng, 200_000, 3_000_000)
    bits = [
        end(
            doc.pick(ph.ENTERPRISE, O=org.full(), V=vs),
            "，",
            rng.choice(("引进了中药材深加工项目", "发展订单种植", "建起了标准化养殖小区")),
        ),
        end(
            doc.say(
                "企业投资{MO}建设{PUR}",
                (L("funds", "MO", "PUR", "投资…建设"),),
                MO=mo,
                PUR=free(
                    rng.choice(
                        ("标准化养殖圈舍", "药材初加工车间", "马铃薯淀粉加工线", "冷链仓储库")
                    )
                ),
            )
        ),
    ]
    if rng.random() < 0.6:
        trade = rng.choice(("中药材", "马铃薯", "养殖", "种植"))
        coop = wrap(
            cat(vs, f"{trade}专业合作社"), type="ORG", org_type="cooperative", collective=False
        )
        mo2, _ = money(rng, 50_000, 400_000, style="wan1")
        bits.append(
            end(
                doc.say(
                    "{CO}向{H}发放分红资金{MO}",
                    (L("funds", "MO", "H", "发放"),),
                    CO=coop,
                    H=qty(rng.randint(30, 160), "户", "贫困户"),
                    MO=mo2,
                )
            )
        )
    doc.para(*bits)
    if rng.random() < 0.5:
        post, person, _ = rng.choice(w.leaders[home])
        doc.para(
            end(
                doc.say(
                    "{R}{P}多次到村调研，帮助解决产业发展中的难题",
                    (),
                    R=role(post),
                    P=person.span(post),
                )
            ),
            rng.choice(ph.FILLERS),
        )
    doc.para(rng.choice(ph.CLOSINGS))
    doc.byline = byline(rng, w, media)
    return doc


def donation_news(ctx: Ctx, rng: random.Random, name: str, county: County) -> Doc:
    """A company's, school's or hospital's donation to a village."""
    w = ctx.world
    home = county.place.code
    pairs = w.pairings[home] or [(rng.choice(w.companies), rng.choice(county.poor))]
    org, v = pairs[rng.randrange(len(pairs))]
    doc = new_doc(ctx, rng, name, "donation_news", county.place)
    year = year_of(rng)
    os_ = org.full()
    vs = vil(rng, v, town=True)
    doc.title = rng.choice(
        (
            cat(os_, "爱心捐赠助力", v.place.span(), "发展"),
            cat("情系", v.place.span(), " 帮扶暖人心"),
            cat(org.full(), "赴", county.place.span(), "开展帮扶活动"),
        )
    )
    media = w.media[home]
    doc.meta = [cat(date_text(rng, year), "　", media.full())]
    doc.para(
        end(
            rng.choice(("近日，", f"{year}年{rng.randint(3, 11)}月，", "日前，")),
            os_,
            rng.choice(("一行来到", "负责人带队来到")),
            county.place.span(),
            vs,
            "，",
            rng.choice(("实地察看帮扶项目进展", "看望慰问困难群众", "举行帮扶项目签约仪式")),
        ),
        donate_sentence(doc, org, v, home),
    )
    if rng.random() < 0.6:
        doc.para(end(pair_sentence(doc, org, v, home), "以来，", rng.choice(ph.DEEDS)))
    if org.kind == "enterprise":
        doc.para(
            end(
                doc.pick(
                    ph.IMPLEMENT["campaign"],
                    A=org.full(),
                    PG=next(p for p in w.programs if p.quoted == "万企帮万村").span(),
                )
            ),
            rng.choice(ph.FILLERS),
        )
    elif org.kind == "hospital":
        doc.para(
            end(
                "活动现场，",
                qty(rng.randint(6, 20), "名", "医务人员"),
                "为村民免费测量血压、讲解健康知识",
            ),
            rng.choice(ph.FILLERS),
        )
    elif org.kind == "school":
        doc.para(
            end(
                "此次活动中，",
                qty(rng.randint(5, 30), "名", "师生志愿者"),
                "还为村小学的孩子们送去了图书和文具",
            ),
            rng.choice(ph.FILLERS),
        )
    else:
        doc.para(
            end("活动中，工作人员还为村民讲解了小额信贷政策和防范电信诈骗知识"),
            rng.choice(ph.FILLERS),
        )
    others = [(o, x) for o, x in w.pairings[home] if o is not org]
    if others:
        o2, v2 = rng.choice(others)
        doc.para(
            end("据了解，", pair_sentence(doc, o2, v2, home), "以来，", rng.choice(ph.DEEDS)),
            rng.choice(ph.CLOSINGS),
        )
    doc.byline = byline(rng, w, media)
    return doc


def plan(ctx: Ctx, rng: random.Random, name: str, county: County) -> Doc:
    """An implementation plan: leading group, tasks with 责任单位, arrangements, money."""
    w = ctx.world
    home = county.place.code
    doc = new_doc(ctx, rng, name, "plan", county.place)
    year = year_of(rng)
    cs = county.place.span()
    title_text = cat("《", cs, f"{year}年驻村帮扶工作实施方案》")
    pol = title_text.text.strip("《》")
    title_span = Span(
        title_text.text,
        (
            *title_text.anns,
            (
                1,
                len(title_text.text) - 1,
                {"type": "PROGRAM", "text": pol, "kind": "policy_document"},
            ),
        ),
    )
    doc.title = cat(cs, f"{year}年驻村帮扶工作实施方案")
    doc.meta = [free(f"（{date_text(rng, year)}）")]
    doc.para(
        end(
            "为进一步加强驻村帮扶工作，根据上级有关要求，结合",
            cs,
            "实际，制定",
            title_span if rng.random() < 0.5 else "本方案",
        )
    )
    if "本方案" not in doc.blocks[-1].text:  # type: ignore[union-attr]
        doc.link("implements", county.place.form, pol, "制定")
    doc.para("一、组织领导")
    lg = wrap(
        cat(county.place.span(), "驻村帮扶工作领导小组"),
        type="ORG",
        org_type="leading_group",
        collective=False,
    )
    post1, post2 = rng.choice((("县委书记", "县长"), ("县长", "县委副书记")))
    lead = doc.say(
        "成立{LG}，由{R1}任组长，{R2}任常务副组长，各相关单位主要负责人为成员",
        (L("leads", "R1", "LG", "任组长"),),
        LG=lg,
        R1=role(post1),
        R2=role(post2),
    )
    office = rng.choice(w.county_units[home])
    doc.para(
        end(lead),
        end(
            ent("领导小组办公室", type="ORG", org_type="leading_group", collective=False),
            "设在",
            office.short(),
            "，负责日常协调和督促检查",
        ),
    )
    doc.para("二、主要任务")
    tasks = rng.sample(TASKS, 4)
    units = w.county_units[home]
    for i, task in enumerate(tasks):
        label = rng.choice(("责任单位", "责任单位", "牵头单位"))
        resp = rng.sample(units, 1 if label == "牵头单位" else rng.randint(1, 3))
        head = f"（{'一二三四五'[i]}）{task}。"
        body = rng.choice(TASK_BODIES) + "。"
        spans = [u.short() for u in resp]
        s = doc.say(
            "{H}{B}" + label + "：{RS}",
            tuple(L("responsible_for", f"r{j}", "H0", label) for j in range(len(spans))),
            H=free(head),
            B=free(body),
            RS=join(spans),
            H0=free(task),
            **{f"r{j}": sp for j, sp in enumerate(spans)},
        )
        doc.para(cat(s, "。"))
    doc.para("三、帮扶安排")
    picks = ctx.take(county, rng.randint(3, 5))
    bits = []
    for a in picks:
        bits.append(
            end(
                doc.pick(
                    ph.PAIR,
                    U=a.unit.short()
                    if a.unit.place and a.unit.place.code == home
                    else a.unit.full(),
                    V=vil(rng, a.village, town=True),
                )
            )
        )
    doc.para(*bits)
    doc.para("四、保障措施")
    mo, _ = money(rng, 300_000, 5_000_000, style="wan")
    rate, _ = money(rng, 10_000, 30_000, style="wan")
    rate_item = dict(rate.anns[0][2], rate="每村")
    rate = Span(rate.text, ((0, len(rate.text), rate_item),))
    doc.para(
        end(
            doc.say(
                "县财政每年安排驻村工作经费{MO}，按照每村{RT}的标准拨付到村，用于{PUR}",
                (L("funds", "MO", "PUR", "安排…用于"),),
                MO=mo,
                RT=rate,
                PUR=free("驻村帮扶日常工作开支"),
            )
        ),
        "各单位要高度重视，确保各项任务落到实处。",
    )
    return doc


TASKS = (
    "发展特色产业",
    "完善基础设施",
    "加强村级组织建设",
    "开展消费帮扶",
    "落实教育资助政策",
    "做好易地搬迁后续扶持",
    "实施农村危房改造",
    "壮大村级集体经济",
    "开展劳动技能培训",
    "加强驻村干部管理",
)
TASK_BODIES = (
    "因村施策，一村一策制定发展计划，确保年内见到实效",
    "建立工作台账，明确时间节点，按月调度推进情况",
    "整合各方资源，集中力量解决群众反映强烈的突出问题",
    "坚持问题导向，补齐短板弱项，逐项抓好落实",
)


def pairing_list(ctx: Ctx, rng: random.Random, name: str, county: County) -> Doc:
    """A published pairing list: a table of township, village, unit and first secretary."""
    home = county.place.code
    doc = new_doc(ctx, rng, name, "pairing_list", county.place)
    year = year_of(rng)
    cs = county.place.span()
    doc.title = cat(
        cs,
        f"{year}年",
        doc.say(
            "[[C:县直单位:government_agency]]结对帮扶贫困村及[[R:第一书记]]名单",
            (L("helps", "县直单位", "贫困村", "结对帮扶", "结对帮扶"),),
        ),
    )
    doc.meta = [free(date_text(rng, year))]
    picks = ctx.take(county, rng.randint(16, 26))
    n = len(picks)
    units = sorted({a.unit.name for a in picks})
    doc.para(
        end(
            "根据工作安排，现将",
            cs,
            "结对帮扶贫困村安排公布如下。",
            doc.say(
                "全县{N}结对帮扶{M}",
                (L("helps", "N", "M", "结对帮扶", "结对帮扶"),),
                N=qty(len(units), "个", "帮扶单位"),
                M=qty(n, "个", "贫困村"),
            ),
        )
    )
    table = Table(["序号", "乡镇", "村", "帮扶单位", "第一书记"])
    for i, a in enumerate(picks, 1):
        u = (
            a.unit.short()
            if a.unit.place and a.unit.place.code == home and rng.random() < 0.5
            else a.unit.full()
        )
        p = a.secretary.span("第一书记")
        table.rows.append([free(str(i)), a.village.town.span(), a.village.place.span(), u, p])
        doc.link("helps", u.text, a.village.form, "结对帮扶", "结对帮扶")
        doc.link("helps", p.text, a.village.form, "第一书记", "驻村帮扶")
    doc.blocks.append(table)
    doc.blocks[0] = _annotate_roles(doc.blocks[0])  # type: ignore[arg-type]
    doc.para("各帮扶单位要按照要求，尽快与所帮扶村对接，制定帮扶计划。")
    return doc


def township_report(ctx: Ctx, rng: random.Random, name: str, county: County) -> Doc:
    """A township's report: its party committee, leaders of villages, one village left without help."""
    w = ctx.world
    home = county.place.code
    by_town: dict[str, list[Assignment]] = {}
    for a in w.assignments[home]:
        by_town.setdefault(a.village.town.code, []).append(a)
    towns = [t for t in county.towns if len(by_town.get(t.code, [])) >= 2]
    town = rng.choice(towns)
    doc = new_doc(ctx, rng, name, "township_report", town)
    year = year_of(rng)
    ts = town.span()
    committee = wrap(cat(ts, "党委"), type="ORG", org_type="party_committee", collective=False)
    doc.title = rng.choice((cat(ts, "推进驻村帮扶工作情况报告"), cat(ts, "脱贫攻坚帮扶工作总结")))
    doc.meta = [cat(committee, "　", date_text(rng, year))]
    villages = [v for v in county.villages if v.town.code == town.code and not v.community]
    doc.para(
        end(
            ts,
            rng.choice(("位于", "地处")),
            county.place.span(),
            rng.choice(("东部", "西部", "南部", "北部")),
            "，",
            rng.choice(("下辖", "辖")),
            qty(len(villages), "个", "行政村"),
            "，",
            rng.choice(("境内沟壑纵横", "群众以种植养殖为主要收入来源")),
        ),
        end(implement_sentence(doc, committee)),
    )
    helpers = by_town[town.code]
    s = doc.say(
        "{N}包村联系全" + town.form[-1] + "{M}",
        (L("helps", "N", "M", "包村联系", "包村联系"),),
        N=qty(rng.randint(12, 30), "名", "包村干部", role=True),
        M=qty(len(villages), "个", "行政村"),
    )
    doc.para(end(s, "，做到村村有人管、事事有人抓"))
    bits = [station_sentence(doc, a, home, town=False) for a in helpers[:4]]
    doc.para(*bits)
    helped = {a.village.place.code for a in w.assignments[home]} | {
        v.place.code for _, v in w.pairings[home]
    }
    lonely = [v for v in villages if v.place.code not in helped]
    if lonely:
        v = rng.choice(lonely)
        doc.para(
            end(
                "目前，",
                v.place.span(),
                rng.choice(("尚未落实结对帮扶单位", "还没有固定的帮扶力量")),
                "，镇上已向县里提出申请",
            )
        )
    hamlet = ent(
        f"{rng.choice('王李张马杨赵')}家{rng.choice(('湾', '沟', '坪', '岔'))}自然村",
        type="PLACE",
        level="village",
        code=None,
    )
    doc.para(
        end(
            "在",
            hamlet,
            "，",
            rng.choice(("新修的便民桥方便了群众出行", "村民自发成立了环境卫生理事会")),
        ),
        rng.choice(ph.CLOSINGS),
    )
    return doc


def east_west(ctx: Ctx, rng: random.Random, name: str, county: County) -> Doc:
    """East-west cooperation: a partner district, a seconded cadre, money for villages."""
    w = ctx.world
    partner = county.partner
    assert partner is not None
    doc = new_doc(ctx, rng, name, "east_west", county.place)
    year = year_of(rng)
    cs = county.place.span()
    fz = Place(partner.code[:4] + "00000000", "福州市", "福州市", "prefecture")
    ps = cat(fz.span(), partner.span(), side=partner.form)
    doc.title = rng.choice(
        (
            cat("山海携手 情深谊长——", partner.span(), "与", cs, "东西部协作纪实"),
            cat(cs, "：东西部协作结出累累硕果"),
        )
    )
    doc.meta = [cat(date_text(rng, year), "　", w.media[county.place.code].full())]
    doc.para(
        end(
            doc.say(
                "自{Y}年以来，{P}与{C}开展东西部协作",
                (L("helps", "P", "C", "东西部协作", "东西部协作"),),
                Y=str(year - rng.randint(1, 3)),
                P=ps,
                C=cs,
            ),
            "，两地",
            rng.choice(
                (
                    "在产业合作、劳务协作、人才交流等方面持续发力",
                    "建立了高层互访、部门对接的工作机制",
                )
            ),
        )
    )
    cadre = w.person()
    doc.para(
        end(
            doc.say(
                "{P}从{D}到{C}挂职，任[[R:副县长]]",
                (L("helps", "P", "C", "挂职", "挂职"),),
                P=cadre.span("副县长"),
                D=partner.span(),
                C=county.place.span(),
            ),
            "，",
            rng.choice(("分管东西部协作工作", "协调推进两地合作项目")),
        ),
        funds_sentence(doc, 5e6, 6e7),
    )
    picks = ctx.take(county, 2)
    bits = []
    for a in picks:
        mo, _ = money(rng, 300_000, 3_000_000, style="wan")
        bits.append(
            end(
                doc.say(
                    "协作资金{MO}用于{V}{PUR}",
                    (L("funds", "MO", "PUR", "用于"),),
                    MO=mo,
                    V=vil(rng, a.village, town=True),
                    PUR=free(rng.choice(ph.PURPOSES)),
                )
            )
        )
    doc.para(*bits, rng.choice(ph.FILLERS))
    doc.para(rng.choice(ph.CLOSINGS))
    return doc


Writer = Callable[..., Doc]
GENRES: dict[str, Writer] = {
    "county_briefing": county_briefing,
    "prefecture_briefing": prefecture_briefing,
    "org_article": org_article,
    "village_news": village_news,
    "donation_news": donation_news,
    "plan": plan,
    "pairing_list": pairing_list,
    "township_report": township_report,
    "east_west": east_west,
}

"""Benchmark place resolution against cpca and jionlp, plus load and throughput.

Run ``python bench/bench_gazetteer.py [--seed 7] [--mb 10]``.

The resolution set is generated from the registry itself, so every answer
is known: place names put into sentences written for this benchmark, with or
without the document's jurisdiction. Kinds of item:

* ``county_full`` / ``county_short`` / ``prefecture_short`` / ``province``:
  a name that only one unit carries, no context (short forms that are also
  ordinary words are left out here);
* ``county_short_common``: a county short form that is also an ordinary
  word or a district's bare name (秦州, 玄武), with its prefecture as
  jurisdiction;
* ``chain``: a prefecture short form followed by a county (广安华蓥市) or a
  full province–prefecture–county chain, the county name being shared by
  several units nationally;
* ``township_jur`` / ``village_jur``: a township or suffixed village name
  shared nationally, unique inside the given county jurisdiction;
* ``village_chain``: county short form + township + village (新晃凉伞镇凉伞村);
* ``historical``: an old county name (2015–2020 reports) with its prefecture
  as jurisdiction → the 2023 successor;
* ``ambiguous_township`` / ``ambiguous_county``: a shared name with no
  context: the right answer is *unresolved*;
* ``negative``: sentences with ordinary words that are also unit short forms
  (和平, 东方 …): no place should be found.

cpca and jionlp see the same sentences (they take no jurisdiction) and are
scored at the levels they cover (province, prefecture, county).
Numbers are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from ingest.gazetteer import Gazetteer, find_mentions, load_gazetteer
from ingest.gazetteer.names import LEVELS, level_of_code
from ingest.gazetteer.registry import DATA_DIR, DIVISIONS_FILE

TEMPLATES = [
    "{X}召开脱贫攻坚工作推进会，部署下一阶段任务。",
    "近日，{X}组织党员干部开展结对帮扶活动。",
    "市委组织部派出督导组赴{X}检查驻村工作。",
    "{X}扶贫办负责同志介绍了产业扶贫的做法。",
    "在{X}，驻村工作队员逐户走访建档立卡贫困户。",
    "据统计，{X}全年整合涉农资金用于基础设施建设。",
    "今年以来，{X}把抓党建促脱贫作为一项重要工作。",
    "记者走进{X}，看到新修的道路通到了家门口。",
    "来自{X}的第一书记在会上作了交流发言。",
    "{X}的做法得到了上级部门的肯定。",
]
NEGATIVE = [
    "维护世界和平是我们共同的心愿。",
    "东方欲晓，莫道君行早。",
    "他们希望家人长安，生活太平。",
    "新华社记者报道了这一消息。",
    "中心工作要抓紧抓实，光明前景就在眼前。",
    "红旗飘扬，胜利在望，大家团结一心向前进。",
    "江南水乡风景如画，白云悠悠。",
    "会同有关部门研究解决问题，通道已经打通。",
    "大同小异的做法不能照搬，要因地制宜。",
    "安康幸福是群众的期盼，城区和郊区都要兼顾。",
    "各乡镇要把贫困村的工作放在首位，全县上下齐心协力。",
    "省市县三级联动，市辖区范围内统一部署。",
    "新农村建设和美丽乡村建设同步推进。",
    "XX省XX县的材料格式仅供参考。",
    "朝阳产业发展迅速，白银价格有所上涨。",
    "来宾们参观了示范村和中心村。",
    "长治久安是社会发展的基础。",
    "普洱茶和黄山毛峰都是名茶。",
    "他在中山路上开了一家小店。",
    "太平洋沿岸的国家和地区。",
]
FILLER = [
    "坚持精准扶贫精准脱贫基本方略，压紧压实各级责任。",
    "建立健全长效机制，巩固拓展脱贫攻坚成果。",
    "选派优秀干部到村任职，充实基层工作力量。",
    "加大资金投入力度，确保各项政策落到实处。",
    "坚持问题导向，对照清单逐项整改落实。",
    "发展特色产业，带动群众持续稳定增收。",
]


# ------------------------------------------------------------------ item generation
def _units(gz: Gazetteer, level: str) -> list[tuple[str, str, str]]:
    """(code, name, stem) of all units at one level (upper levels only)."""
    lv = LEVELS.index(level)
    frame = gz._frame.slice(0, gz._n_upper)
    out = []
    for code, name, _kind, stem, _forms in frame.iter_rows():
        if LEVELS.index(level_of_code(code)) == lv:
            out.append((code, name, stem))
    return out


def _text_unique(gz: Gazetteer, form: str) -> bool:
    return len(gz.text_forms.get(form, ())) == 1 and form not in gz.common_words


def make_items(gz: Gazetteer, seed: int) -> list[dict]:
    """Generate the resolution set (answers known) from the registry."""
    rng = random.Random(seed)
    items: list[dict] = []

    def add(kind: str, parts: list[str], target: int, code: str | None, jur: str | None = None):
        tpl = rng.choice(TEMPLATES)
        x = "".join(parts)
        pre = tpl.index("{X}")
        start = pre + sum(len(p) for p in parts[:target])
        text = tpl.replace("{X}", x)
        items.append(
            {
                "kind": kind,
                "text": text,
                "start": start,
                "end": start + len(parts[target]),
                "surface": parts[target],
                "code": code,
                "level": level_of_code(code) if code else None,
                "jurisdiction": jur,
            }
        )

    provinces = _units(gz, "province")
    prefectures = [u for u in _units(gz, "prefecture") if u[1] not in ("市辖区", "县")]
    prefectures = [u for u in prefectures if not u[1].endswith("直辖县级行政区划")]
    counties = _units(gz, "county")
    townships = _units(gz, "township")

    for code, name, stem in rng.sample(provinces, 31):
        form = rng.choice([name, stem])
        if _text_unique(gz, form):
            add("province", [form], 0, code)
    full_unique = [u for u in counties if _text_unique(gz, u[1]) and len(u[1]) >= 3]
    for code, name, _stem in rng.sample(full_unique, 100):
        add("county_full", [name], 0, code)
    short_unique = []
    for code, name, _stem in counties:
        for form in gz.forms(code) - {name}:
            if len(form) >= 2 and _text_unique(gz, form) and form in gz.text_forms:
                short_unique.append((code, form))
    for code, form in rng.sample(short_unique, 60):
        add("county_short", [form], 0, code)
    # short forms that are also ordinary words (秦州, 玄武 …): resolved only with
    # the prefecture as jurisdiction
    short_common = []
    for code, _name, stem in counties:
        if stem in gz.common_words and len(gz.text_forms.get(stem, ())) == 1:
            short_common.append((code, stem))
    for code, form in rng.sample(short_common, min(40, len(short_common))):
        add("county_short_common", [form], 0, code, code[:4].ljust(12, "0"))
    pref_short = [(c, s) for c, n, s in prefectures if s != n and _text_unique(gz, s)]
    for code, form in rng.sample(pref_short, min(60, len(pref_short))):
        add("prefecture_short", [form], 0, code)
    # chains: county names shared by several units, made unique by the prefecture
    shared = [u for u in counties if len(gz.text_forms.get(u[1], ())) > 1]
    for code, name, _stem in rng.sample(shared, min(60, len(shared))):
        pref = gz.get(code[:4])
        prov = gz.get(code[:2])
        if pref is None or prov is None or pref.name in ("市辖区", "县"):
            add("chain", [prov.name, name], 1, code)
            continue
        if rng.random() < 0.5:
            add("chain", [gz.stem(pref.code), name], 1, code)
        else:
            add("chain", [prov.name, pref.name, name], 2, code)
    # townships shared nationally, unique in their county
    by_name: dict[str, list[str]] = defaultdict(list)
    for code, name, _stem in townships:
        if name in gz.text_forms:
            by_name[name].append(code)
    shared_t = [(n, cs) for n, cs in by_name.items() if len(cs) >= 3]
    rng.shuffle(shared_t)
    n_jur = 0
    for name, cs in shared_t:
        code = rng.choice(cs)
        county = code[:6].ljust(12, "0")
        if sum(1 for c in cs if c.startswith(code[:6])) != 1:
            continue
        if n_jur < 80:
            add("township_jur", [name], 0, code, county)
            n_jur += 1
        elif n_jur < 140:
            add("ambiguous_township", [name], 0, None)
            n_jur += 1
        else:
            break
    # ambiguous county full names without context
    amb_c = [
        n
        for n, cs in gz.text_forms.items()
        if len(cs) > 1
        and n not in gz.common_words
        and all(level_of_code(c) == "county" for c in cs)
        and len(n) >= 3
    ]
    for name in rng.sample(amb_c, min(40, len(amb_c))):
        add("ambiguous_county", [name], 0, None)
    # villages: in a chain, and with the county as jurisdiction
    rural = [u for u in townships if u[1].endswith(("镇", "乡")) and _text_unique(gz, u[1])]
    rng.shuffle(rural)
    n_chain = n_vj = 0
    for tcode, tname, _s in rural:
        if n_chain >= 60 and n_vj >= 40:
            break
        kids = [k for k in gz.children(tcode) if k.kind == "village"]
        if not kids:
            continue
        k = rng.choice(kids)
        stem = gz.stem(k.code)
        if len(stem) < 2 or not k.name.startswith(stem):
            continue
        form = stem + "村"
        same = [x for x in gz.children(tcode[:6]) for _ in [0]]
        county = gz.get(tcode[:6])
        if n_chain < 60:
            cforms = sorted(f for f in gz.forms(county.code) if _text_unique(gz, f))
            if not cforms:
                continue
            add("village_chain", [rng.choice(cforms), tname, form], 2, k.code)
            n_chain += 1
        else:
            vill, _comm = gz.village_codes_by_stem(stem)
            inside = [c for c in vill if c.startswith(tcode[:6])]
            if len(inside) != 1 or len(vill) < 2 or len(stem) < 3:
                continue
            add("village_jur", [form], 0, k.code, county.code)
            n_vj += 1
        del same
    # historical county names, jurisdiction = the successor's prefecture
    hist = [
        h
        for h in gz.history
        if h.level == "county"
        and h.last_year >= 2000
        and len(h.name) >= 3
        and not gz.lookup(h.name)
    ]
    for h in rng.sample(hist, min(30, len(hist))):
        add("historical", [h.name], 0, h.successor, h.successor[:4].ljust(12, "0"))
    for sent in NEGATIVE:
        items.append(
            {
                "kind": "negative",
                "text": sent,
                "start": -1,
                "end": -1,
                "surface": "",
                "code": None,
                "level": None,
                "jurisdiction": None,
            }
        )
    return items


# ------------------------------------------------------------------ scoring
def score_ours(gz: Gazetteer, items: list[dict]) -> list[str]:
    """Outcome per item: right / unresolved / wrong (negative: right / wrong)."""
    out = []
    for it in items:
        ms = find_mentions(gz, it["text"], jurisdiction=it["jurisdiction"])
        if it["kind"] == "negative":
            out.append("wrong" if ms else "right")
            continue
        hit = [m for m in ms if m.start == it["start"] and m.end == it["end"]]
        got = hit[0].code if hit else None
        out.append(_outcome(got, it["code"]))
    return out


def _outcome(got: str | None, want: str | None) -> str:
    if want is None:
        return "right" if got is None else "wrong"
    if got is None:
        return "unresolved"
    return "right" if got == want else "wrong"


_KEEP = {"province": 2, "prefecture": 4, "county": 6}


def _peer_code(level: str, codes: dict[str, str | None]) -> str | None:
    c = codes.get(level)
    return c.ljust(12, "0") if c else None


def cpca_codes(texts: list[str]) -> list[dict[str, str | None]]:
    import cpca

    df = cpca.transform(texts)
    out = []
    for _, row in df.iterrows():
        ad = row["adcode"]
        ad = str(ad) if isinstance(ad, str) and ad.isdigit() else None
        d: dict[str, str | None] = {"province": None, "prefecture": None, "county": None}
        if ad and isinstance(row["省"], str):
            d["province"] = ad[:2]
            if isinstance(row["市"], str) and row["市"] not in ("市辖区", "县"):
                d["prefecture"] = ad[:4] if ad[2:4] != "00" else None
            if isinstance(row["区"], str):
                d["county"] = ad[:6] if ad[4:6] != "00" else None
        out.append(d)
    return out


def jionlp_codes(gz: Gazetteer, texts: list[str]) -> list[dict[str, str | None]]:
    import jionlp

    out = []
    for t in texts:
        r = jionlp.parse_location(t)
        d: dict[str, str | None] = {"province": None, "prefecture": None, "county": None}
        scope = ""
        for key, level in (("province", "province"), ("city", "prefecture"), ("county", "county")):
            name = r.get(key)
            if not name:
                continue
            cands = [
                u.code for u in gz.lookup(name) if u.level == level and u.code.startswith(scope)
            ]
            if len(cands) >= 1:
                d[level] = cands[0][: _KEEP[level]]
                scope = d[level]
        out.append(d)
    return out


def score_peer(items: list[dict], codes: list[dict[str, str | None]]) -> list[str | None]:
    out: list[str | None] = []
    for it, c in zip(items, codes, strict=False):
        if it["kind"] == "negative":
            out.append("wrong" if any(c.values()) else "right")
            continue
        level = it["level"] or ("county" if it["kind"] == "ambiguous_county" else None)
        if level not in _KEEP:
            out.append(None)  # a level the peer does not cover
            continue
        out.append(_outcome(_peer_code(level, c), it["code"]))
    return out


def table(name: str, items: list[dict], outcomes: list[str | None]) -> dict:
    by_kind: dict[str, Counter] = defaultdict(Counter)
    for it, o in zip(items, outcomes, strict=False):
        if o is not None:
            by_kind[it["kind"]][o] += 1
    total: Counter = Counter()
    for c in by_kind.values():
        total.update(c)
    print(f"\n== {name}")
    print(f"{'kind':<20}{'n':>5}{'right':>8}{'unres.':>8}{'wrong':>7}")
    for k in sorted(by_kind):
        c = by_kind[k]
        n = sum(c.values())
        print(f"{k:<20}{n:>5}{c['right']:>8}{c['unresolved']:>8}{c['wrong']:>7}")
    n = sum(total.values())
    if n:
        print(
            f"{'all':<20}{n:>5}{total['right']:>8}{total['unresolved']:>8}{total['wrong']:>7}"
            f"   accuracy {total['right'] / n:.1%}, unresolved {total['unresolved'] / n:.1%},"
            f" wrong {total['wrong'] / n:.1%}"
        )
    return {"n": n, **total}


def county_level_view(
    items: list[dict], outcomes: list[str | None], *, no_jurisdiction: bool = False
) -> tuple[int, int, int]:
    n = right = wrong = 0
    for it, o in zip(items, outcomes, strict=False):
        if no_jurisdiction and it["jurisdiction"]:
            continue
        lv = it["level"] or ("county" if it["kind"] == "ambiguous_county" else None)
        if lv in _KEEP and o is not None:
            n += 1
            right += o == "right"
            wrong += o == "wrong"
    return n, right, wrong


# ------------------------------------------------------------------ performance
_LOAD_SNIPPET = """
import json, time
t0 = time.perf_counter()
{body}
dt = time.perf_counter() - t0
# VmHWM (peak resident set of this process image; unlike ru_maxrss it is not
# inherited from the parent across fork + exec)
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(json.dumps({{"seconds": dt, "max_rss_mb": peak / 1024}}))
"""


def _measure(body: str, imports: str) -> dict:
    code = imports + "\n" + _LOAD_SNIPPET.format(body=body)
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def bench_load() -> None:
    path = DATA_DIR / DIVISIONS_FILE
    base = _measure("import polars", "")
    polars_read = _measure(
        f"df = polars.read_csv({str(path)!r}, separator='\\t', comment_prefix='#', "
        "quote_char=None, infer_schema=False)",
        "import polars",
    )
    ours = _measure(
        "gz = load_gazetteer()",
        "from ingest.gazetteer import load_gazetteer",
    )
    ready = _measure(
        "gz = load_gazetteer(); find_mentions(gz, '四川省广安华蓥市')",
        "from ingest.gazetteer import find_mentions, load_gazetteer",
    )
    print("\n== load (fresh process each; imports done before the clock starts)")
    print(f"polars import only            RSS {base['max_rss_mb']:7.0f} MB")
    print(
        f"polars.read_csv same file     {polars_read['seconds']:6.3f} s   RSS "
        f"{polars_read['max_rss_mb']:7.0f} MB"
    )
    print(
        f"load_gazetteer()              {ours['seconds']:6.3f} s   RSS {ours['max_rss_mb']:7.0f} MB"
    )
    print(
        f"load + matcher (first call)   {ready['seconds']:6.3f} s   RSS "
        f"{ready['max_rss_mb']:7.0f} MB"
    )


def make_corpus(
    items: list[dict], megabytes: float, seed: int, place_share: float = 0.1
) -> list[str]:
    """Documents of 60 sentences; ``place_share`` of them name places."""
    rng = random.Random(seed)
    docs: list[str] = []
    size = 0
    sentences = [it["text"] for it in items]
    while size < megabytes * 1e6:
        parts = []
        for _ in range(60):
            parts.append(
                rng.choice(sentences) if rng.random() < place_share else rng.choice(FILLER)
            )
        doc = "".join(parts)
        docs.append(doc)
        size += len(doc.encode("utf-8"))
    return docs


def bench_throughput(gz: Gazetteer, docs: list[str], label: str) -> None:
    import polars as pl

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.txt"
        path.write_text("\n".join(docs), encoding="utf-8")
        nbytes = path.stat().st_size
        t0 = time.perf_counter()
        pl.read_csv(path, has_header=False, separator="\x01", quote_char=None, new_columns=["line"])
        t_pl = time.perf_counter() - t0
    find_mentions(gz, "四川省")  # matcher built
    t0 = time.perf_counter()
    n = 0
    for d in docs:
        n += len(find_mentions(gz, d))
    t_ours = time.perf_counter() - t0
    print(
        f"{label:<24}{nbytes / 1e6:6.1f} MB, {len(docs)} docs, "
        f"{n / (nbytes / 1e6):7,.0f} mentions/MB: polars.read_csv {nbytes / 1e6 / t_pl:7.1f} MB/s,"
        f" find_mentions {nbytes / 1e6 / t_ours:6.1f} MB/s"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--mb", type=float, default=10.0, help="size of the throughput corpus")
    ap.add_argument("--no-peers", action="store_true")
    ap.add_argument("--show-wrong", action="store_true", help="print our wrong answers")
    args = ap.parse_args(argv)

    gz = load_gazetteer()
    items = make_items(gz, args.seed)
    print(
        f"{len(items)} items ({sum(it['kind'] != 'negative' for it in items)} place mentions,"
        f" {sum(it['kind'] == 'negative' for it in items)} negative sentences)"
    )
    ours = score_ours(gz, items)
    table("bangfu-kg gazetteer", items, ours)
    if args.show_wrong:
        for it, o in zip(items, ours, strict=False):
            if o == "wrong":
                got = [
                    (m.text, m.code, m.reason)
                    for m in find_mentions(gz, it["text"], jurisdiction=it["jurisdiction"])
                ]
                print("  WRONG", it["kind"], it["surface"], it["code"], got)
    views = {"bangfu-kg": county_level_view(items, ours)}
    plain = {"bangfu-kg": county_level_view(items, ours, no_jurisdiction=True)}
    if not args.no_peers:
        texts = [it["text"] for it in items]
        for name, fn in (
            ("cpca", lambda: cpca_codes(texts)),
            ("jionlp.parse_location", lambda: jionlp_codes(gz, texts)),
        ):
            try:
                t0 = time.perf_counter()
                codes = fn()
                dt = time.perf_counter() - t0
            except ImportError as exc:
                print(f"\n== {name}: not installed ({exc})")
                continue
            outcomes = score_peer(items, codes)
            table(f"{name} (county level and up; {dt:.1f} s)", items, outcomes)
            views[name] = county_level_view(items, outcomes)
            plain[name] = county_level_view(items, outcomes, no_jurisdiction=True)
    print("\n== county level and up (province, prefecture, county items; negatives excluded)")
    for name, (n, right, wrong) in views.items():
        if n:
            print(f"{name:<24} n={n:<5} accuracy {right / n:6.1%}   wrong {wrong / n:6.1%}")
    print("   … only items given no jurisdiction (what the peers see too)")
    for name, (n, right, wrong) in plain.items():
        if n:
            print(f"{name:<24} n={n:<5} accuracy {right / n:6.1%}   wrong {wrong / n:6.1%}")
    bench_load()
    print("\n== throughput (generated documents; the same file read by polars for scale)")
    bench_throughput(gz, make_corpus(items, args.mb, args.seed, 0.05), "5% place sentences")
    bench_throughput(gz, make_corpus(items, args.mb, args.seed, 0.4), "40% place sentences")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

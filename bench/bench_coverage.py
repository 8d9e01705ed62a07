"""Benchmark: coverage and gaps at national scale, kg.analysis vs pure NetworkX.

Builds a synthetic knowledge graph over the *real* division registry and
times the analysis on it:

* every one of the registry's 665,271 units is loaded as a place (the
  ``graph/registry`` quads :func:`kg.mapping.registry_quads` makes: class,
  ``kg:divisionCode``, ``skos:prefLabel``, ``kg:unitKind``, ``kg:partOf``);
* ``--poor`` (128,000) of the ~487,000 村委会 (never 社区) are marked poor;
* ``--teams`` (255,000) work teams (``kg:WorkTeam``), each ``kg:stationedIn``
  one to three villages of one county: first every poor village gets a team
  (teams of 1–3 poor villages), the remaining teams go to non-poor
  village-level units drawn at random, so some villages have several teams
  and many have none;
* ``--units`` (40,000) sending units (机关/企业, ``kg:GovernmentAgency`` or
  ``kg:Enterprise``), each sending a run of neighbouring teams; a unit
  ``kg:helps`` every village of its teams (that is what ``kg.mapping``
  produces for "X单位定点帮扶Y村"; ``org:subOrganizationOf`` is never
  produced by the mapper, so it is not used);
* a few work teams and 第一书记 with no target, a few counties with no
  helper and no report at all;
* one report per county with a helper: a sentence per link (a team 进驻 a
  village, kind 驻村帮扶; a unit 定点帮扶 a village) and one claim
  "N个工作队进驻M个贫困村" scoped to the county; one report per province
  (jurisdiction = province, so ``unit-without-helper`` has something to
  look under). Some claims contradict the registry (more poor villages than
  村委会; poor + non-poor ≠ 村委会) and some contradict each other (the
  provincial report gives other numbers).

Each report is written as the text and the record (:class:`ingest.record.Record`)
``kg extract`` would make of it — entities with their offsets, the places
at the start of names, quantities, links — and mapped by the real mapper
(:func:`kg.mapping.to_quads`: teams and units anchored by the identity
rules, a ``kg:Statement`` per link, a ``kg:Mention`` per entity, the claims),
then loaded into an on-disk Oxigraph store in a temporary directory with its
bulk loader (:meth:`kg.store.OxigraphStore.bulk_load`; ``kg build`` loads one
transaction per document, which takes minutes more at this size and gives the
same store). Setup is timed and sized, but not part of the budget;
``--lean`` leaves out the Statement and Mention nodes for a quicker setup.

Then, each in a fresh ``spawn`` subprocess (so the build does not pollute
peak memory), on the same store:

1. **ours** — ``kg.analysis.load(store)``, ``coverage(data, gz,
   level="county")`` and ``gaps(data, gz, level="county", kinds=...)``;
2. **NetworkX** — the same ``load(store)`` tables, then an ``nx.DiGraph``
   of the whole registry tree (child → parent, every unit in the store)
   plus the help edges (helper → place), and for every county-level unit
   (each county, and each prefecture-level city without counties such as
   东莞市, whose townships hang directly below it) a graph traversal (``nx.ancestors`` of the county: units below it and their
   helpers), the villages/communities, helped ones (an in-edge from a
   helper), distinct helpers, and the villages without a helper.

The two are compared (per-county villages, communities, helped villages,
helped communities, helpers; the set of villages without helper; the
counties without helper) and a table of seconds, speed-up, peak RSS and
pass/fail against the budget (≤ 60 s, ≤ 8 GB) is printed.

Run::

    python bench/bench_coverage.py                  # national scale
    python bench/bench_coverage.py --small          # one province (51 四川), scaled down
    python bench/bench_coverage.py --keep /tmp/cov  # keep the store; a later run with
                                                    # the same options reuses it
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing as mp
import os
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any, cast

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ingest.gazetteer.names import level_of_code  # noqa: E402  (after the path)
from ingest.record import Record  # noqa: E402
from kg.mapping import Quad, registry_quads, to_quads  # noqa: E402
from kg.settings import DEFAULT_BASE as BASE  # noqa: E402
from kg.store import OxigraphStore  # noqa: E402

# with --lean: quads of these nodes are not loaded (statements and mentions)
LEAN_SKIP = (f"{BASE}stmt/", f"{BASE}mention/")

# the gap kinds the NetworkX baseline computes too (like for like)
NX_GAP_KINDS = ("village-without-helper", "unit-without-helper")
GAP_KINDS = (
    "village-without-helper",
    "unit-without-helper",
    "helper-without-target",
    "registry-mismatch",
    "claim-conflict",
)
DEPTS = (
    "财政局",
    "教育局",
    "农业农村局",
    "交通运输局",
    "卫生健康局",
    "水利局",
    "自然资源局",
    "商务局",
    "审计局",
    "统计局",
    "民政局",
    "司法局",
    "林业局",
    "供销社",
    "税务局",
    "人民医院",
    "电力公司",
    "农村商业银行",
    "烟草公司",
    "移动公司",
)
EXTRACTOR = "bench-synthetic/1"
BUDGET_S, BUDGET_GB = 60.0, 8.0


# ------------------------------------------------------------ synthetic data
def plan(args: argparse.Namespace) -> dict[str, Any]:
    """Decide the synthetic facts (seeded): poor villages, teams, units, claims."""
    import numpy as np
    import polars as pl

    from ingest.gazetteer import load_gazetteer

    rng = np.random.default_rng(args.seed)
    gz = load_gazetteer()
    units = gz.units_frame()
    kinds = getattr(gz, "_frame", None)  # registry kinds (town/subdistrict/...), for kg:unitKind
    if kinds is not None:
        kinds = kinds.select(pl.col("code").cast(pl.Int64), "kind")
        units = units.join(kinds, on="code", how="left")
    else:
        units = units.with_columns(pl.lit(None, dtype=pl.Utf8).alias("kind"))
    if args.province:
        lo = int(args.province) * 10**10
        units = units.filter(pl.col("code").is_between(lo, lo + 10**10 - 1))
    units = units.sort("code")
    vil = units.filter(pl.col("level") == 4).with_columns(
        (pl.col("code") // 10**6 * 10**6).alias("county")
    )
    counties_with_villages = vil["county"].unique().sort().to_numpy()
    # a few counties that get no helper, no claim, no report
    nohelp = set(
        rng.choice(
            counties_with_villages,
            size=min(args.nohelp_counties, len(counties_with_villages) // 4),
            replace=False,
        ).tolist()
    )
    elig = vil.filter(~pl.col("county").is_in(list(nohelp)))
    cun = elig.filter(~pl.col("community"))
    if args.poor > cun.height:
        raise SystemExit(f"--poor {args.poor} > {cun.height} 村委会 available")
    poor = np.sort(rng.choice(cun["code"].to_numpy(), size=args.poor, replace=False))
    poor_set = set(poor.tolist())
    nonpoor = np.sort(np.setdiff1d(elig["code"].to_numpy(), poor))
    ksizes = np.array([1, 2, 3])
    kprob = np.array([0.55, 0.30, 0.15])

    # phase 1: teams over poor villages, 1-3 poor villages of one county each
    teams: list[list[int]] = []
    pc = poor // 10**6
    i, n = 0, len(poor)
    while i < n:
        k = int(rng.choice(ksizes, p=kprob))
        j = min(i + k, n)
        while pc[j - 1] != pc[i]:
            j -= 1
        teams.append(poor[i:j].tolist())
        i = j
    if len(teams) > args.teams:
        raise SystemExit(
            f"--teams {args.teams} too few: {len(teams)} needed to cover the poor villages"
        )
    n_poor_teams = len(teams)
    # phase 2: the other teams on non-poor village-level units, 1-3 of one county
    nc = nonpoor // 10**6
    starts = np.searchsorted(nc, nc, side="left")
    ends = np.searchsorted(nc, nc, side="right")
    rest = args.teams - n_poor_teams
    first = rng.integers(0, len(nonpoor), size=rest)
    ks = rng.choice(ksizes, p=kprob, size=rest)
    extra = rng.random(size=(rest, 2))
    for f, k, x in zip(first.tolist(), ks.tolist(), extra, strict=False):
        lo, hi = int(starts[f]), int(ends[f])
        idx = {f}
        for t in range(k - 1):
            idx.add(lo + int(x[t] * (hi - lo)))
        teams.append(sorted(int(nonpoor[q]) for q in idx))
    # order teams by county (then by first village) so units send neighbouring teams
    order = sorted(range(len(teams)), key=lambda t: (teams[t][0] // 10**6, teams[t][0]))
    teams = [teams[t] for t in order]
    team_county = [t[0] // 10**6 * 10**6 for t in teams]
    # sending units: runs of consecutive teams cut at random points
    n_units = min(args.units, len(teams))
    cuts = np.sort(rng.choice(np.arange(1, len(teams)), size=n_units - 1, replace=False))
    bounds = [0, *cuts.tolist(), len(teams)]
    unit_of_team = np.zeros(len(teams), dtype=np.int64)
    for u in range(n_units):
        unit_of_team[bounds[u] : bounds[u + 1]] = u
    # anchor of a unit: the county of its first team (60 %), its prefecture (25 %) or province
    lvl = rng.random(n_units)
    anchors = []
    for u in range(n_units):
        c = team_county[bounds[u]]
        anchors.append(
            c if lvl[u] < 0.6 else (c // 10**8 * 10**8 if lvl[u] < 0.85 else c // 10**10 * 10**10)
        )
    enterprise = rng.random(n_units) < 0.25

    # claims: one per county with poor villages; some contradictions
    poor_by_county: dict[int, int] = {}
    for v in poor.tolist():
        c = v // 10**6 * 10**6
        poor_by_county[c] = poor_by_county.get(c, 0) + 1
    poor_teams_by_county: dict[int, int] = {}
    for t in range(len(teams)):
        if teams[t][0] in poor_set:
            poor_teams_by_county[team_county[t]] = poor_teams_by_county.get(team_county[t], 0) + 1
    claim_counties = sorted(poor_by_county)
    nbad = min(args.bad_claims, max(1, len(claim_counties) // 10))
    bad = rng.choice(claim_counties, size=3 * nbad, replace=False).tolist()
    over, split, conflict = set(bad[:nbad]), set(bad[nbad : 2 * nbad]), set(bad[2 * nbad :])
    return {
        "gz": gz,
        "units": units,
        "poor_set": poor_set,
        "teams": teams,
        "team_county": team_county,
        "n_poor_teams": n_poor_teams,
        "unit_of_team": unit_of_team,
        "n_units": n_units,
        "anchors": anchors,
        "enterprise": enterprise,
        "nohelp": nohelp,
        "poor_by_county": poor_by_county,
        "poor_teams_by_county": poor_teams_by_county,
        "over": over,
        "split": split,
        "conflict": conflict,
        "rng": rng,
    }


# ------------------------------------------------------------------ records
class DocWriter:
    """Writes one synthetic report: its text, and the record ``kg extract`` would make of it.

    Every sentence is appended to the text; the entities, quantities and links
    carry their offsets into it (as extraction's do), so the mapper quotes the
    sentence each fact came from. A place written at the start of an
    organisation's name is a PLACE entity with a mention at the same offset, as
    extraction finds it, so the identity rules anchor the name to that place.
    """

    def __init__(self, name: str, key: str, jurisdiction: tuple[int, str], date: str) -> None:
        self.name = name
        self.sha = hashlib.sha256(key.encode()).hexdigest()
        self.date = date
        self.jurisdiction = jurisdiction
        self.parts: list[str] = []
        self.pos = 0
        self.entities: dict[tuple[str, str], dict[str, Any]] = {}
        self.quantities: dict[str, dict[str, Any]] = {}
        self.links: list[dict[str, Any]] = []
        self.place_texts: dict[int, str] = {}
        self.taken: set[str] = set()

    def _sentence(self, *pieces: str) -> tuple[tuple[int, int], list[tuple[int, int]]]:
        """Append the pieces as one sentence; its span and the span of every piece."""
        start, spans = self.pos, []
        for p in pieces:
            spans.append((self.pos, self.pos + len(p)))
            self.parts.append(p)
            self.pos += len(p)
        return (start, self.pos), spans

    def _mention(self, fields: dict[str, Any], span: tuple[int, int]) -> str:
        key = (fields["type"], fields["text"])
        e = self.entities.get(key)
        if e is None:
            e = self.entities[key] = {**fields, "start": span[0], "end": span[1], "mentions": []}
        e["mentions"].append(list(span))
        return fields["text"]

    def place_text(self, code: int, name: str) -> str:
        """How the report writes the place ``code``: its name, unless another place of
        the document has that name (two villages of one county may share it)."""
        text = self.place_texts.get(code)
        if text is None:
            text = name if name not in self.taken else f"{name}（{code:012d}）"
            self.place_texts[code] = text
            self.taken.add(text)
        return text

    def place(self, code: int, name: str, at: int) -> str:
        """A PLACE entity for ``code``, mentioned at ``at``."""
        text, c = self.place_text(code, name), f"{code:012d}"
        fields = {"type": "PLACE", "text": text, "level": level_of_code(c), "code": c}
        return self._mention({**fields, "resolution": "unique"}, (at, at + len(text)))

    def org(self, name: str, org_type: str, anchor: tuple[int, str], span: tuple[int, int]) -> str:
        """An ORG entity whose name begins with its anchor place's name."""
        self.place(anchor[0], anchor[1], span[0])
        fields = {"type": "ORG", "text": name, "org_type": org_type, "collective": False}
        return self._mention(fields, span)

    def link(
        self, helper: tuple[str, str, tuple[int, str]], village: tuple[int, str], kind: str
    ) -> None:
        """``helper`` helps (驻村帮扶: is stationed in) the village: one sentence, one link."""
        name, org_type, anchor = helper
        cue = "进驻" if kind == "驻村帮扶" else "定点帮扶"
        tail = "开展驻村帮扶。" if kind == "驻村帮扶" else "。"
        vtext = self.place_text(*village)
        sent, (h, _, v, _) = self._sentence(name, cue, vtext, tail)
        self.org(name, org_type, anchor, h)
        obj = self.place(village[0], village[1], v[0])
        self.links.append(
            {
                "rel": "helps",
                "subject": name,
                "object": obj,
                "cue": cue,
                "scope": None,
                "kind": kind,
                "start": sent[0],
                "end": sent[1],
            }
        )

    def _quantity(self, text: str, value: int, what: str, span: tuple[int, int]) -> str:
        self.quantities.setdefault(
            text,
            {
                "text": text,
                "value": value,
                "unit": "个",
                "what": what,
                "approx": False,
                "start": span[0],
                "end": span[1],
            },
        )
        return text

    def claim(self, scope: tuple[int, str], teams: int, targets: int, kind: str = "贫困村") -> None:
        """ "{scope}共选派{teams}个工作队进驻{targets}个{kind}开展驻村帮扶。", scoped to ``scope``."""
        subj, obj = f"{teams}个工作队", f"{targets}个{kind}"
        stext = self.place_text(*scope)
        sent, (s, _, h, _, t, _) = self._sentence(
            stext, "共选派", subj, "进驻", obj, "开展驻村帮扶。"
        )
        where = None if scope[0] == self.jurisdiction[0] else self.place(scope[0], scope[1], s[0])
        self.links.append(
            {
                "rel": "helps",
                "subject": self._quantity(subj, teams, "工作队", h),
                "object": self._quantity(obj, targets, kind, t),
                "cue": "进驻",
                "scope": where,
                "kind": "驻村帮扶",
                "start": sent[0],
                "end": sent[1],
            }
        )

    def idle(self, name: str, anchor: tuple[int, str], **fields: Any) -> None:
        """An organisation or person written with no target (``helper-without-target``)."""
        _, (n, _) = self._sentence(name, "积极参与脱贫攻坚。")
        self.place(anchor[0], anchor[1], n[0])
        self._mention({**fields, "text": name}, n)

    def record(self) -> Record:
        code, name = self.jurisdiction
        rec = {
            "doc": self.name,
            "jurisdiction": {"text": self.place_texts.get(code, name), "code": f"{code:012d}"},
            "entities": list(self.entities.values()),
            "quantities": list(self.quantities.values()),
            "links": self.links,
            "meta": {"format": "txt", "date": self.date},
            "sha256": self.sha,
            "extractor": EXTRACTOR,
        }
        return cast(Record, rec)

    def text(self) -> str:
        return "".join(self.parts)


def write_records(
    pl_: dict[str, Any], store: OxigraphStore, args: argparse.Namespace
) -> dict[str, float]:
    """Write every synthetic report as a record, map it with kg.mapping and load its
    quads (Oxigraph's bulk loader); returns counts and seconds."""
    units = pl_["units"]
    gz = pl_["gz"]
    names = dict(zip(units["code"].to_list(), units["name"].to_list(), strict=False))
    stats: dict[str, float] = dict.fromkeys(
        ("links", "team_links", "unit_links", "claims", "docs", "t_map", "t_load"), 0
    )

    def load(quads: Iterable[Quad]) -> None:
        if args.lean:  # no statement or mention nodes (a quicker setup)
            quads = [q for q in quads if not str(q[0]).startswith(LEAN_SKIP)]
        t0 = time.perf_counter()
        store.bulk_load(quads)
        stats["t_load"] += time.perf_counter() - t0

    # the registry graph: every unit, as kg.mapping.registry_quads writes the ones a
    # document touches
    batch: list[Quad] = []
    for q in registry_quads((f"{c:012d}" for c in units["code"].to_list()), gz, BASE):
        batch.append(q)
        if len(batch) >= 200_000:
            load(batch)
            batch = []
    load(batch)

    teams, team_county = pl_["teams"], pl_["team_county"]
    unit_of_team, anchors, ent = pl_["unit_of_team"], pl_["anchors"], pl_["enterprise"]

    def team(t: int) -> tuple[str, str, tuple[int, str]]:
        c = team_county[t]
        return f"{names[c]}第{t + 1}驻村工作队", "work_team", (c, names[c])

    unit_names: dict[int, tuple[str, str, tuple[int, str]]] = {}
    per_anchor: dict[int, int] = {}
    for u in range(pl_["n_units"]):
        a = anchors[u]
        k = per_anchor.get(a, 0)
        per_anchor[a] = k + 1
        name = (
            names[a]
            + DEPTS[k % len(DEPTS)]
            + ("" if k < len(DEPTS) else f"第{k // len(DEPTS) + 1}分部")
        )
        unit_names[u] = (name, "enterprise" if ent[u] else "government_agency", (a, names[a]))

    def emit(doc: DocWriter) -> None:
        t0 = time.perf_counter()
        quads = to_quads(doc.record(), base=BASE, gz=gz, text=doc.text(), registry=False)
        stats["t_map"] += time.perf_counter() - t0
        load(quads)
        stats["docs"] += 1

    # county documents
    by_county: dict[int, list[int]] = {}
    for t, c in enumerate(team_county):
        by_county.setdefault(c, []).append(t)
    rng = pl_["rng"]
    no_target_teams = set(
        rng.choice(
            sorted(by_county), size=min(args.no_target, len(by_county)), replace=False
        ).tolist()
    )
    for c in sorted(by_county):
        doc = DocWriter(
            f"{c // 10**6}-{names[c]}驻村帮扶工作总结.txt",
            f"bangfu-bench/{args.seed}/{c}",
            (c, names[c]),
            "2019-12-31",
        )
        unit_targets: dict[int, set[int]] = {}
        for t in by_county[c]:
            for v in teams[t]:
                doc.link(team(t), (v, names[v]), "驻村帮扶")
                stats["team_links"] += 1
            unit_targets.setdefault(int(unit_of_team[t]), set()).update(teams[t])
        for u, vs in unit_targets.items():
            for v in sorted(vs):
                doc.link(unit_names[u], (v, names[v]), "定点帮扶")
                stats["unit_links"] += 1
        if c in no_target_teams:  # a team and a 第一书记 with no place
            doc.idle(
                f"{names[c]}产业发展指导工作队",
                (c, names[c]),
                type="ORG",
                org_type="work_team",
                collective=False,
            )
            doc.idle(f"{names[c]}第一书记张{c % 97}", (c, names[c]), type="PERSON", role="第一书记")
        npoor = pl_["poor_by_county"].get(c, 0)
        if npoor:
            cn = gz.counts(f"{c:012d}")
            nteams = pl_["poor_teams_by_county"].get(c, 0)
            if c in pl_["over"]:  # more poor villages than the registry has units
                doc.claim((c, names[c]), nteams, cn["village"] + cn["community"] + 5)
            else:
                doc.claim((c, names[c]), nteams, npoor)
            stats["claims"] += 1
            if c in pl_["split"]:  # poor + non-poor != the registry's 村委会
                doc.claim((c, names[c]), nteams, cn["village"] - npoor + 7, "非贫困村")
                stats["claims"] += 1
        emit(doc)
    # province documents: jurisdiction = province; conflicting claims for a few counties
    for prov in sorted({c // 10**10 * 10**10 for c in by_county}):
        doc = DocWriter(
            f"{prov // 10**10}-{names[prov]}脱贫攻坚总结.txt",
            f"bangfu-bench/{args.seed}/{prov}",
            (prov, names[prov]),
            "2020-06-30",
        )
        for c in sorted(x for x in pl_["conflict"] if x // 10**10 * 10**10 == prov):
            npoor = pl_["poor_by_county"][c]
            doc.claim((c, names[c]), pl_["poor_teams_by_county"].get(c, 0) + 2, npoor + 3)
            stats["claims"] += 1
        emit(doc)
    stats["links"] = stats["team_links"] + stats["unit_links"]
    stats["no_target_docs"] = len(no_target_teams)
    return stats


def dir_size(p: Path) -> int:
    return sum(f.stat().st_size for f in p.rglob("*") if f.is_file())


def build(args: argparse.Namespace, store_dir: Path) -> dict[str, Any]:
    t0 = time.perf_counter()
    pl_ = plan(args)
    t_plan = time.perf_counter() - t0
    t0 = time.perf_counter()
    with OxigraphStore(store_dir) as store:
        stats = write_records(pl_, store, args)
        t_all = time.perf_counter() - t0
        t0 = time.perf_counter()
        store.raw.optimize()
        t_opt = time.perf_counter() - t0
        n = len(store)
    return {
        "teams": len(pl_["teams"]),
        "poor_teams": pl_["n_poor_teams"],
        "units": pl_["n_units"],
        "poor": len(pl_["poor_set"]),
        "registry_units": pl_["units"].height,
        "nohelp_counties": sorted(f"{c:012d}" for c in pl_["nohelp"]),
        "over_claims": len(pl_["over"]),
        "split_claims": len(pl_["split"]),
        "conflict_claims": len(pl_["conflict"]),
        **stats,
        "store_quads": n,
        "t_plan": t_plan,
        "t_generate": t_all - stats["t_map"] - stats["t_load"],
        "t_optimize": t_opt,
        "store_bytes": dir_size(store_dir),
    }


# --------------------------------------------------------------- timed parts
def _rss_gb() -> float:
    """Peak RSS of this process image in GB.

    VmHWM from /proc (reset by exec), not getrusage's ru_maxrss: on Linux a
    spawned child's ru_maxrss starts at the parent's RSS at fork time, so it
    would report the builder's memory, not the analysis's.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024**2  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # KiB on Linux


def _open(store_dir: str, tables: tuple[str, ...]) -> tuple[dict[str, float], Any, Any]:
    """Timed: imports, the registry (with its table of units), the analysis tables."""
    t: dict[str, float] = {}
    t0 = time.perf_counter()
    from ingest.gazetteer import load_gazetteer
    from kg import analysis
    from kg.store import OxigraphStore

    t["import"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    gz = load_gazetteer()
    gz.units_frame()
    t["registry"] = time.perf_counter() - t0
    store = OxigraphStore(store_dir, read_only=True)
    t0 = time.perf_counter()
    data = analysis.load(store, tables=tables)
    t["load"] = time.perf_counter() - t0
    return t, gz, data


def child_ours(store_dir: str, out_dir: str, scope: str | None) -> None:
    """Time kg.analysis on the store (fresh process); write results and timings."""
    from kg import analysis

    out = Path(out_dir)
    # the tables coverage reads (gaps fetch the few more they need themselves)
    t, gz, data = _open(store_dir, ("edges", "claims", "documents"))
    rss_load = _rss_gb()
    t0 = time.perf_counter()
    cov = analysis.coverage(data, gz, level="county")
    t["coverage"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    analysis.gaps(data, gz, level="county", kinds=NX_GAP_KINDS)
    t["gaps_nx_kinds"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    gp = analysis.gaps(data, gz, level="county", kinds=GAP_KINDS)
    t["gaps"] = time.perf_counter() - t0
    rss = _rss_gb()
    cov.write_parquet(out / "ours_coverage.parquet")
    gp.write_parquet(out / "ours_gaps.parquet")
    (out / "ours.json").write_text(
        json.dumps(
            {
                "times": t,
                "peak_rss_gb": rss,
                "rss_after_load_gb": rss_load,
                "sizes": {f: getattr(data, f).height for f in data.loaded()},
            }
        )
    )


def _parent(code: int, known: set[int]) -> int | None:
    """The nearest unit above ``code`` in the registry (a level may be skipped, as for
    the townships of 东莞市 that sit directly under the city)."""
    for div in (10**3, 10**6, 10**8, 10**10):
        if code % div:
            up = code // div * div
            if up in known:
                return up
    return None


def child_nx(store_dir: str, out_dir: str, scope: str | None) -> None:
    """Pure NetworkX: the same edge table → DiGraph → per-county traversal."""
    import networkx as nx
    import polars as pl

    out = Path(out_dir)
    t, gz, data = _open(store_dir, ("edges",))  # the same edge table ours reads
    reg = gz.units_frame()
    if scope:  # one province (--small, --province): its part of the registry
        reg = reg.filter(pl.col("code") // 10**10 == int(scope))

    # --- build: the registry tree (every unit, child -> parent) + help edges
    t0 = time.perf_counter()
    G = nx.DiGraph()
    codes = reg["code"].to_list()
    known = set(codes)
    for code, lv, comm in zip(
        codes, reg["level"].to_list(), reg["community"].to_list(), strict=False
    ):
        G.add_node(code, kind="place", level=lv, community=comm)
    for code in codes:
        parent = _parent(code, known)
        if parent is not None:
            G.add_edge(code, parent, rel="partOf")
    for helper, rel, code in data.edges.select("helper", "rel", "code").iter_rows():
        if code is None:
            continue  # a target with no place: not a coverage edge
        G.add_node(helper, kind="helper")
        G.add_edge(helper, code, rel=rel)
    t["nx_build"] = time.perf_counter() - t0

    # --- traversal per county
    t0 = time.perf_counter()
    nodes = G.nodes
    # county-level units: every county, and the parent of any township (a prefecture-level
    # city without counties, such as 东莞市 or 中山市, holds its townships directly)
    counties = {n for n, a in nodes(data=True) if a.get("kind") == "place" and a.get("level") == 2}
    counties |= {
        p
        for n, a in nodes(data=True)
        if a.get("kind") == "place" and a.get("level") == 3
        for p in G.successors(n)
    }
    rows = []
    missed: list[int] = []
    for c in sorted(counties):
        below = nx.ancestors(G, c)  # units below c (edges point child -> parent) and their helpers
        v = cm = hv = hc = 0
        helpers = 0
        unhelped = []
        for n in below:
            a = nodes[n]
            if a["kind"] == "helper":
                helpers += 1
            elif a["level"] == 4:
                helped = any(nodes[p]["kind"] == "helper" for p in G.pred[n])
                if a["community"]:
                    cm += 1
                    hc += helped
                else:
                    v += 1
                    hv += helped
                if not helped:
                    unhelped.append(n)
        if hv + hc:
            missed.extend(unhelped)
        rows.append((c, v, cm, hv, hc, helpers))
    t["nx_traverse"] = time.perf_counter() - t0
    rss = _rss_gb()
    pl.DataFrame(
        rows,
        schema=[
            "code",
            "villages",
            "communities",
            "helped_villages",
            "helped_communities",
            "helpers",
        ],
        orient="row",
    ).write_parquet(out / "nx_coverage.parquet")
    pl.DataFrame({"code": missed}, schema={"code": pl.Int64}).write_parquet(
        out / "nx_missed.parquet"
    )
    (out / "nx.json").write_text(
        json.dumps(
            {
                "times": t,
                "peak_rss_gb": rss,
                "nodes": G.number_of_nodes(),
                "edges": G.number_of_edges(),
            }
        )
    )


def run_child(fn: Any, *a: Any) -> None:
    ctx = mp.get_context("spawn")
    p = ctx.Process(target=fn, args=a)
    p.start()
    p.join()
    if p.exitcode != 0:
        raise SystemExit(f"{fn.__name__} failed (exit code {p.exitcode})")


# ------------------------------------------------------------------ compare
def compare(out: Path) -> tuple[bool, list[str]]:
    import polars as pl

    cols = ["villages", "communities", "helped_villages", "helped_communities", "helpers"]
    ours = pl.read_parquet(out / "ours_coverage.parquet").select("code", *cols)
    base = pl.read_parquet(out / "nx_coverage.parquet")
    gp = pl.read_parquet(out / "ours_gaps.parquet")
    msgs: list[str] = []
    j = ours.join(base, on="code", how="left", suffix="_nx")
    if j.filter(pl.col("villages_nx").is_null()).height:
        msgs.append(
            f"{j.filter(pl.col('villages_nx').is_null()).height} counties of ours missing in NetworkX"
        )
    for col in cols:
        d = j.filter(pl.col(col) != pl.col(f"{col}_nx"))
        if d.height:
            msgs.append(
                f"{col}: {d.height} counties differ, e.g. "
                + ", ".join(
                    f"{r['code']}: {r[col]} vs {r[col + '_nx']}" for r in d.head(3).to_dicts()
                )
            )
    # counties ours has no row for: those without any evidence -> must have no helper in NetworkX
    rest = base.join(ours.select("code"), on="code", how="anti")
    bad = rest.filter(pl.col("helpers") > 0)
    if bad.height:
        msgs.append(f"{bad.height} counties with helpers (NetworkX) have no coverage row")
    v_ours = set(
        gp.filter(pl.col("kind") == "village-without-helper")["item"].cast(pl.Int64).to_list()
    )
    v_nx = set(pl.read_parquet(out / "nx_missed.parquet")["code"].to_list())
    if v_ours != v_nx:
        msgs.append(
            f"villages without helper: {len(v_ours - v_nx)} only in ours, "
            f"{len(v_nx - v_ours)} only in NetworkX"
        )
    u_ours = set(
        gp.filter(pl.col("kind") == "unit-without-helper")["item"].cast(pl.Int64).to_list()
    )
    u_nx = set(base.filter(pl.col("helpers") == 0)["code"].to_list())
    if u_ours != u_nx:
        msgs.append(
            f"counties without helper: {len(u_ours - u_nx)} only in ours, "
            f"{len(u_nx - u_ours)} only in NetworkX"
        )
    summary = [
        (
            f"compared {ours.height:,} county rows (ours) with {base.height:,} county-level units "
            f"(NetworkX; {rest.height} without any evidence, all helper-less); "
            f"{len(v_nx):,} villages without helper; {len(u_nx)} counties without helper"
        )
    ]
    return not msgs, summary + msgs


# --------------------------------------------------------------------- main
def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--teams", type=int, default=255_000, help="work teams (default 255,000)")
    ap.add_argument("--poor", type=int, default=128_000, help="poor villages (default 128,000)")
    ap.add_argument("--units", type=int, default=40_000, help="sending units (default 40,000)")
    ap.add_argument("--province", default=None, help="restrict to one province (2-digit code)")
    ap.add_argument(
        "--small",
        action="store_true",
        help="quick check: one province (51 四川), counts scaled to its share",
    )
    ap.add_argument(
        "--lean",
        action="store_true",
        help="leave out kg:Statement and kg:Mention nodes (faster setup)",
    )
    ap.add_argument("--nohelp-counties", type=int, default=6)
    ap.add_argument(
        "--no-target",
        type=int,
        default=25,
        help="counties with a team and a 第一书记 with no place",
    )
    ap.add_argument("--bad-claims", type=int, default=8, help="claims of each contradictory kind")
    ap.add_argument(
        "--keep",
        metavar="DIR",
        help="build the store in DIR and keep it (reused if built with the same options)",
    )
    ap.add_argument("--skip-nx", action="store_true", help="time ours only")
    args = ap.parse_args()
    if args.small:
        args.province = args.province or "51"
        import polars as pl

        from ingest.gazetteer import load_gazetteer

        f = load_gazetteer().units_frame().filter(pl.col("level") == 4)
        lo = int(args.province) * 10**10
        frac = f.filter(pl.col("code").is_between(lo, lo + 10**10 - 1)).height / f.height
        args.teams, args.poor, args.units = (
            max(10, round(x * frac)) for x in (args.teams, args.poor, args.units)
        )
        args.nohelp_counties = min(args.nohelp_counties, 3)

    key = {
        k: getattr(args, k)
        for k in (
            "seed",
            "teams",
            "poor",
            "units",
            "province",
            "lean",
            "nohelp_counties",
            "no_target",
            "bad_claims",
        )
    }
    tmp = Path(tempfile.mkdtemp(prefix="bench-coverage-"))
    base_dir = Path(args.keep).resolve() if args.keep else tmp
    base_dir.mkdir(parents=True, exist_ok=True)
    store_dir = base_dir / "store"
    meta = base_dir / "bench-meta.json"
    print(f"bench_coverage: {json.dumps(key, ensure_ascii=False)}")
    print(f"machine: {os.cpu_count()} cores, python {sys.version.split()[0]}, store in {store_dir}")
    try:
        info = None
        if meta.exists() and store_dir.exists():
            m = json.loads(meta.read_text())
            if m.get("key") == key:
                info = m["info"]
                print("reusing the store built earlier with the same options")
        if info is None:
            if store_dir.exists():
                shutil.rmtree(store_dir)
            print("building the synthetic store …", flush=True)
            info = build(args, store_dir)
            meta.write_text(json.dumps({"key": key, "info": info}, ensure_ascii=False))
        print("\n== setup (not part of the budget)")
        print(
            f"registry units {info['registry_units']:,}; poor villages {info['poor']:,}; "
            f"work teams {info['teams']:,} ({info['poor_teams']:,} on poor villages); "
            f"sending units {info['units']:,}"
        )
        print(
            f"links {info['links']:,} ({info['team_links']:,} kg:stationedIn, "
            f"{info['unit_links']:,} kg:helps); claims {info['claims']:,}; documents {info['docs']:,}"
        )
        print(
            f"counties without helper (planted) {len(info['nohelp_counties'])}; "
            f"docs with an unplaced team + 第一书记 {info['no_target_docs']}; claims over the registry "
            f"{info['over_claims']}, poor+non-poor splits {info['split_claims']}, provincial "
            f"conflicting claims {info['conflict_claims']}"
        )
        print(
            f"statement/mention provenance nodes: {'left out (--lean)' if args.lean else 'included'}"
        )
        print(
            f"quads {info['store_quads']:,}; plan {info['t_plan']:.1f} s, records "
            f"{info['t_generate']:.1f} s, map (kg.mapping) {info['t_map']:.1f} s, load "
            f"{info['t_load']:.1f} s, optimize {info['t_optimize']:.1f} s; "
            f"store on disk {info['store_bytes'] / 1e9:.2f} GB"
        )

        out = tmp / "results"
        out.mkdir(exist_ok=True)
        print("\n== ours (kg.analysis, fresh process) …", flush=True)
        run_child(child_ours, str(store_dir), str(out), None)
        ours = json.loads((out / "ours.json").read_text())
        print(f"tables: {ours['sizes']}")
        gp = __import__("polars").read_parquet(out / "ours_gaps.parquet")
        cov = __import__("polars").read_parquet(out / "ours_coverage.parquet")
        print(f"coverage rows {cov.height:,}; gap list {gp.height:,} rows:")
        print(
            "  "
            + ", ".join(
                f"{k} {n:,}" for k, n in gp.group_by("kind", maintain_order=True).len().iter_rows()
            )
        )
        nxr = None
        if not args.skip_nx:
            print("\n== NetworkX baseline (fresh process) …", flush=True)
            run_child(child_nx, str(store_dir), str(out), args.province)
            nxr = json.loads((out / "nx.json").read_text())
            print(f"DiGraph: {nxr['nodes']:,} nodes, {nxr['edges']:,} edges")
            ok, msgs = compare(out)
            print("\n== check")
            for m in msgs:
                print("  " + m)
            print("results agree" if ok else "RESULTS DIFFER")

        t = ours["times"]
        ours_total = t["registry"] + t["load"] + t["coverage"] + t["gaps"]
        print("\n== timings (seconds; registry = load_gazetteer, load = kg.analysis.load(store))")
        print(f"{'step':<34}{'ours':>10}{'NetworkX':>11}")
        rows = [
            ("registry", t["registry"], nxr and nxr["times"]["registry"]),
            ("load (SPARQL → polars)", t["load"], nxr and nxr["times"]["load"]),
            ("coverage, per county", t["coverage"], None),
            ("gaps (5 kinds)", t["gaps"], None),
        ]
        if nxr:
            rows += [
                ("nx: build DiGraph", None, nxr["times"]["nx_build"]),
                ("nx: traverse every county", None, nxr["times"]["nx_traverse"]),
            ]
        for name, a, b in rows:
            print(
                f"{name:<34}{'' if a is None else f'{a:10.2f}':>10}{'' if b is None else f'{b:11.2f}':>11}"
            )
        print(f"{'total':<34}{ours_total:10.2f}", end="")
        if nxr:
            n = nxr["times"]
            nx_total = n["registry"] + n["load"] + n["nx_build"] + n["nx_traverse"]
            nx_compute = n["nx_build"] + n["nx_traverse"]
            our_compute = t["coverage"] + t["gaps"]
            print(f"{nx_total:11.2f}")
            print(f"{'compute only (after load)':<34}{our_compute:10.2f}{nx_compute:11.2f}")
            like = t["coverage"] + t["gaps_nx_kinds"]
            print(f"{'like for like: coverage + villages':<34}{like:10.2f}{nx_compute:11.2f}")
            print(f"{'  and counties without helper':<34}")
            print(
                f"speed-up (NetworkX ÷ ours): like for like {nx_compute / like:.1f}× "
                f"(per-county coverage and the gap list, after the same edge table); "
                f"end to end {nx_total / ours_total:.2f}× (ours also loads claims and "
                f"documents, and computes 17 columns and 5 gap kinds, NetworkX 5 columns "
                f"and 2 kinds)"
            )
        else:
            print()
        print(
            f"peak RSS: ours {ours['peak_rss_gb']:.2f} GB (after load {ours['rss_after_load_gb']:.2f} GB)"
            + (f", NetworkX {nxr['peak_rss_gb']:.2f} GB" if nxr else "")
        )
        ok_t, ok_m = ours_total <= BUDGET_S, ours["peak_rss_gb"] <= BUDGET_GB
        print(
            f"budget: time {ours_total:.1f} s ≤ {BUDGET_S:.0f} s: {'PASS' if ok_t else 'FAIL'}; "
            f"memory {ours['peak_rss_gb']:.2f} GB ≤ {BUDGET_GB:.0f} GB: {'PASS' if ok_m else 'FAIL'}"
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if args.keep:
            print(f"store kept in {store_dir}")


if __name__ == "__main__":
    main()

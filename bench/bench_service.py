"""Benchmark: the service under load on a ≥ 1,000,000-triple store, against a hello-world endpoint.

Builds the synthetic graph of ``bench_store.py`` (its generator: a registry
tree, work teams stationed in villages with kg:Statement provenance and
kg:Mention records, one named graph per report; ≈1.1 M triples at scale 1),
with the queried villages and their ancestors given real division codes (so
``/places/{code}/helpers`` resolves them in the registry), loads it into an
Oxigraph store on disk, starts ``kg serve`` on a loopback port, and measures
in the same run, on the same server (same process, same settings):

* ``/health`` — a hello-world FastAPI endpoint (a constant answer);
* ``/places/{code}/helpers`` — who helps a village (rotating over villages);
* ``/sparql`` — a SELECT (who helps village X, rotating X) through the
  worker processes;

twice: with the answer cache off (``KG_CACHE_ENTRIES=0``: every request
runs its queries) and on (the default: after the warm-up every request is
answered from memory, as a read-only service answers repeated questions).

Each for a bounded time with ``wrk`` (C, few CPU cycles per request, so the
server and not the load generator is measured; ``apt-get install wrk``), or
with a Python asyncio + httpx generator when wrk is absent (which then
limits the hello-world rate itself; the output says which ran). Loopback
only. Reports requests/s, p50 and p99 latency, the ratio to hello-world, and
the issue's goal (≥ 50% of the hello-world rate, p99 ≤ 50 ms).

Run::

    python bench/bench_service.py                    # ≈1.1 M triples, 10 s per endpoint
    python bench/bench_service.py --keep /tmp/bsvc   # keep (and reuse) the store
    python bench/bench_service.py --duration 5 --connections 16
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_store import BASE, KG, PREFIXES, synthetic

ROOT = Path(__file__).resolve().parents[1]
# real village-level units (and their chain) the queried synthetic villages become
REAL_COUNTY = "620502"  # 秦州区


def _real_chain(n: int) -> list[list[str]]:
    """``n`` real villages of one county, each with its chain [village, township, county, prefecture, province]."""
    from ingest.gazetteer import load_gazetteer

    gz = load_gazetteer()
    out = []
    for town in gz.children(REAL_COUNTY):
        for v in gz.children(town.code):
            out.append([v.code, *[a.code for a in gz.ancestors(v.code)]])
            if len(out) == n:
                return out
    return out


def build(path: Path, scale: float, n_targets: int) -> tuple[list[str], list[str]]:
    """Write the synthetic store; the real codes and synthetic IRIs of the queried villages."""
    import pyoxigraph as ox

    raw, _first = synthetic(scale)
    # helped synthetic villages (kg:stationedIn objects), in order of appearance
    helped: list[str] = []
    seen: set[str] = set()
    parent: dict[str, str] = {}
    for s, p, o, _g in raw:
        if p[1] == str(KG.stationedIn) and o[1] not in seen:
            seen.add(o[1])
            helped.append(o[1])
        if p[1] == str(KG.partOf):
            parent[s[1]] = o[1]
    chains = _real_chain(n_targets)
    rename: dict[str, str] = {}
    codes: dict[str, str] = {}
    for syn_village, real in zip(helped, chains, strict=False):
        node = syn_village
        for code in real:
            if node in rename and rename[node] != BASE + "place/" + code:
                break  # an ancestor already mapped (shared township/county)
            rename[node] = BASE + "place/" + code
            codes[node] = code
            if node not in parent:
                break
            node = parent[node]
    old_codes = {iri.rsplit("/", 1)[-1]: codes[iri] for iri in codes}

    def term(t: tuple) -> Any:
        if t[0] == "I":
            return ox.NamedNode(rename.get(t[1], t[1]))
        if t[0] == "T":
            return ox.Literal(t[1], language=t[2])
        if t[2].endswith("#string") and t[1] in old_codes:
            return ox.Literal(old_codes[t[1]])
        return ox.Literal(t[1], datatype=ox.NamedNode(t[2]))

    store = ox.Store(str(path))
    by_graph: dict[str, list] = {}
    for s, p, o, g in raw:
        by_graph.setdefault(g[1], []).append(ox.Quad(term(s), term(p), term(o), term(g)))
    del raw
    for quads in by_graph.values():
        store.extend(quads)  # one transaction per document, as kg build loads
    store.flush()
    n = len(store)
    del store
    targets = [c[0] for c in chains[: min(n_targets, len(helped))]]
    syn = [rename[v] for v in helped[: len(targets)]]
    if not targets:
        raise RuntimeError("no helped village found in the synthetic graph")
    print(f"store: {n:,} quads at {path}", file=sys.stderr)
    return targets, syn


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(store: Path, port: int, cache: int) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    env.update(
        {"KG_SEARCH_VILLAGES": "false", "KG_QUERY_TIMEOUT": "10", "KG_CACHE_ENTRIES": str(cache)}
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", str(port),
         "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2):
                pass
            # the search index builds in the background at start: wait for it, so the
            # measurements do not share the CPU with it
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/search?q=qinzhou", timeout=120):
                return proc
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(
                    proc.stderr.read().decode() if proc.stderr else "server died"
                ) from None
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("server did not start")


WHO_HELPS = (
    PREFIXES + "SELECT ?helper ?name ?quote WHERE { ?st rdf:subject ?helper ; rdf:object <%s> ; "
    "rdf:predicate kg:stationedIn ; kg:quote ?quote . ?helper skos:prefLabel ?name }"
)


def paths_for(targets: list[str], syn: list[str]) -> dict[str, list[str]]:
    return {
        "hello-world /health": ["/health"],
        "/places/{code}/helpers": [f"/places/{c}/helpers" for c in targets],
        "/sparql SELECT": [
            "/sparql?" + urllib.parse.urlencode({"query": WHO_HELPS % v}) for v in syn
        ],
    }


# ------------------------------------------------------------------ load generators
_WRK_LUA = """
paths = {%s}
i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1], {["Accept"] = "application/json"})
end
"""


def _ms(text: str) -> float:
    m = re.match(r"([\d.]+)(us|ms|s)", text)
    if not m:
        return float("nan")
    v, unit = float(m.group(1)), m.group(2)
    return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v


def run_wrk(
    base: str, paths: list[str], duration: float, conns: int, threads: int
) -> dict[str, Any]:
    lua = _WRK_LUA % ", ".join(json.dumps(p) for p in paths)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(lua)
    try:
        out = subprocess.run(
            ["wrk", f"-t{threads}", f"-c{conns}", f"-d{max(1, round(duration))}s", "--latency", "-s", fh.name, base],
            capture_output=True, text=True, timeout=duration + 60, check=True,
        ).stdout  # fmt: skip
    finally:
        os.unlink(fh.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*timeout (\d+)", out)
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    return {"rps": rps, "p50_ms": p50, "p99_ms": p99, "requests": total,
            "non_2xx": int(bad.group(1)) if bad else 0,
            "timeouts": int(errors.group(1)) if errors else 0}  # fmt: skip


def run_python(base: str, paths: list[str], duration: float, conns: int) -> dict[str, Any]:
    import httpx

    lat: list[float] = []
    bad = 0

    async def worker(client: httpx.AsyncClient, k: int, stop: float) -> None:
        nonlocal bad
        i = k
        while time.perf_counter() < stop:
            t = time.perf_counter()
            r = await client.get(paths[i % len(paths)])
            lat.append(time.perf_counter() - t)
            bad += r.status_code >= 400
            i += conns

    async def main() -> float:
        limits = httpx.Limits(max_connections=conns, max_keepalive_connections=conns)
        async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
            t0 = time.perf_counter()
            stop = t0 + duration
            await asyncio.gather(*(worker(client, k, stop) for k in range(conns)))
            return time.perf_counter() - t0

    elapsed = asyncio.run(main())
    lat.sort()
    return {
        "rps": len(lat) / elapsed,
        "p50_ms": statistics.median(lat) * 1000,
        "p99_ms": lat[int(0.99 * (len(lat) - 1))] * 1000,
        "requests": len(lat),
        "non_2xx": bad,
        "timeouts": 0,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0, help="1.0 ≈ 1.1 million triples")
    ap.add_argument("--duration", type=float, default=10.0, help="seconds of load per endpoint")
    ap.add_argument("--connections", type=int, default=8, help="concurrent connections")
    ap.add_argument("--threads", type=int, default=1, help="wrk threads")
    ap.add_argument("--targets", type=int, default=50, help="villages the requests rotate over")
    ap.add_argument("--keep", type=Path, help="store directory to keep and reuse")
    ap.add_argument(
        "--python", action="store_true", help="use the Python load generator even with wrk"
    )
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args()

    tmp = None
    if args.keep:
        store = args.keep
        meta = store.parent / (store.name + ".targets.json")
        if not store.exists():
            targets, syn = build(store, args.scale, args.targets)
            meta.write_text(json.dumps({"targets": targets, "syn": syn}))
        data = json.loads(meta.read_text())
        targets, syn = data["targets"], data["syn"]
    else:
        tmp = Path(tempfile.mkdtemp(prefix="bench-svc-"))
        store = tmp / "store"
        targets, syn = build(store, args.scale, args.targets)
    import pyoxigraph as ox

    quads = len(ox.Store.read_only(str(store)))
    use_wrk = shutil.which("wrk") is not None and not args.python
    results = []
    try:
        # the same server settings for every endpoint of a mode: one server per mode
        for mode, cache in (("cache off", 0), ("cache on", 1024)):
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            server = start_server(store, port, cache)
            try:
                rows = []
                for name, paths in paths_for(targets, syn).items():
                    for p in paths:  # warm up: every path once, each must answer 200
                        with urllib.request.urlopen(base + p, timeout=60) as r:
                            assert r.status == 200, (p, r.status)
                    if use_wrk:
                        r = run_wrk(base, paths, args.duration, args.connections, args.threads)
                    else:
                        r = run_python(base, paths, args.duration, args.connections)
                    rows.append({"mode": mode, "endpoint": name, **r})
            finally:
                server.terminate()
                server.wait(20)
            hello = rows[0]["rps"]
            for r in rows:
                r["ratio"] = r["rps"] / hello
                r["goal"] = r["ratio"] >= 0.5 and r["p99_ms"] <= 50
            results.extend(rows)
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    info = {
        "quads": quads,
        "generator": "wrk" if use_wrk else "python (asyncio + httpx)",
        "connections": args.connections,
        "duration_s": args.duration,
        "cpus": os.cpu_count(),
        "targets": len(targets),
        "results": results,
    }
    if args.json:
        print(json.dumps(info, indent=2))
        return
    print(
        f"{quads:,} quads; load by {info['generator']}, {args.connections} connections, "
        f"{args.duration:g} s per endpoint, requests rotating over {len(targets)} villages, "
        f"loopback, {os.cpu_count()} CPUs"
    )
    print(
        f"{'mode':11}{'endpoint':26}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'vs hello':>10}"
        f"{'errors':>8}  goal"
    )
    for r in results:
        first = r["endpoint"].startswith("hello")
        goal = "—" if first else ("met" if r["goal"] else "missed")
        print(
            f"{r['mode']:11}{r['endpoint']:26}{r['rps']:>9,.0f}{r['p50_ms']:>9.2f}{r['p99_ms']:>9.2f}"
            f"{r['ratio']:>10.0%}{r['non_2xx'] + r['timeouts']:>8}  {goal}"
        )
    print("goal: ≥ 50% of the hello-world rate and p99 ≤ 50 ms")


if __name__ == "__main__":
    main()

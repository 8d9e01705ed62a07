"""Extraction speed and memory, against bare ``jieba.lcut`` in the same run.

Builds a corpus of at least ``--mb`` megabytes by repeating the seed reports
(``../shared/seeds``) as separate files in a temporary directory, then:

1. times ``jieba.lcut`` over the decoded text of every file, in this process,
   after jieba's dictionary is loaded (the baseline: one process, no start-up);
2. times ``kg extract --jsonl --jobs 1 DIR`` as a subprocess: the whole
   command in one process (start-up, reading, decoding, normalising, the
   whole spaCy pipeline with the full gazetteer loaded, JSON output);
3. times ``kg extract --jsonl DIR`` the same way with the default number of
   worker processes (``--jobs`` left out: one per usable CPU);
4. also times the project's own segmenter (``ingest.extract.segment``:
   jieba-rs, the same tokens as jieba) over the same texts, for reference:
   the pipeline segments with it, so it shows what the rest of the pipeline
   costs;
5. prints each throughput, each ratio to the baseline (the target is ≥ 0.25: issue 10)
   and peak memory: the largest sum of the resident memory of ``kg`` and its
   worker processes, sampled every 0.1 s with psutil (pages shared between
   processes are counted once per process, so this overstates a little);
6. with ``--parts``, what each part costs: the corpus extracted once more in
   this process (the pipeline loaded first, so start-up is left out), the
   seconds of each stage summed over the files (reading, normalising, the
   segmenter, each pipeline component, as every result carries them) and
   each one's share.

Run: ``python bench/bench_extract.py [--mb 5] [--seeds ../shared/seeds] [--repeat 1] [--parts]``
(psutil comes with ``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SEEDS = HERE.parent.parent / "shared" / "seeds"


def build_corpus(seeds: Path, out: Path, mb: float) -> tuple[int, list[Path]]:
    files = sorted(seeds.glob("*.txt"))
    if not files:
        sys.exit(f"bench: no seed reports in {seeds}")
    total, copies, i = 0, [], 0
    while total < mb * 1024 * 1024:
        src = files[i % len(files)]
        dst = out / f"{i:05d}_{src.name}"
        shutil.copyfile(src, dst)
        total += dst.stat().st_size
        copies.append(dst)
        i += 1
    return total, copies


def run_kg(args: list[str]) -> tuple[float, float, float]:
    """Run ``kg *args``; its wall time, peak summed RSS and peak single-process RSS (MB)."""
    import psutil

    kg = shutil.which("kg") or str(Path(sys.executable).with_name("kg"))
    t0 = time.perf_counter()
    proc = psutil.Popen(
        [kg, *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TERM": "dumb"},
    )
    peak_sum = peak_one = 0
    while proc.poll() is None:
        try:
            procs = [proc, *proc.children(recursive=True)]
            rss = []
            for p in procs:
                with contextlib.suppress(psutil.Error):
                    rss.append(p.memory_info().rss)
            peak_sum, peak_one = max(peak_sum, sum(rss)), max(peak_one, max(rss, default=0))
        except psutil.Error:
            pass
        time.sleep(0.1)
    elapsed = time.perf_counter() - t0
    stderr = proc.stderr.read() if proc.stderr else ""
    if proc.returncode != 0:
        sys.exit(f"bench: kg {' '.join(args)} failed ({proc.returncode}): {stderr[-500:]}")
    return elapsed, peak_sum / 2**20, peak_one / 2**20


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=5.0)
    ap.add_argument(
        "--config",
        type=Path,
        default=None,
        help="A pipeline config for kg extract (e.g. one with lac = false): what each part costs.",
    )
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    ap.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="Rounds of the three runs (each round and the best of each are shown).",
    )
    ap.add_argument(
        "--parts",
        action="store_true",
        help="Also print the seconds and share of each stage of extraction (one process).",
    )
    args = ap.parse_args()

    import jieba

    from ingest.extract.segment import segment
    from ingest.normalize import normalize
    from ingest.pipeline import default_jobs
    from ingest.readers import read

    jieba.setLogLevel(60)
    jieba.initialize()
    segment("预热")  # jieba-rs builds its dictionary on first use
    with tempfile.TemporaryDirectory() as tmp:
        nbytes, copies = build_corpus(args.seeds, Path(tmp), args.mb)
        texts = [normalize(read(p)).text or "" for p in copies]
        nchars = sum(len(t) for t in texts)
        jobs = default_jobs(len(copies))
        print(
            f"corpus: {len(copies)} files, {nbytes / 1e6:.2f} MB, {nchars:,} characters; "
            f"default --jobs here: {jobs}"
        )

        mbs = nbytes / 1e6
        t_jieba, t_rs, serial, parallel = float("inf"), float("inf"), [], []
        for r in range(args.repeat):
            t0 = time.perf_counter()
            for t in texts:
                jieba.lcut(t)
            t_round = time.perf_counter() - t0
            t_jieba = min(t_jieba, t_round)
            t0 = time.perf_counter()
            for t in texts:
                segment(t)
            t_rs = min(t_rs, time.perf_counter() - t0)
            extra = ["--config", str(args.config)] if args.config else []
            serial.append(run_kg(["extract", "--jsonl", "--jobs", "1", *extra, tmp]))
            parallel.append(run_kg(["extract", "--jsonl", *extra, tmp]))
            # the machine may be shared: each round's own ratios, one after the other
            print(
                f"round {r + 1}: jieba.lcut {mbs / t_round:.3f} MB/s; kg extract --jobs 1 "
                f"{mbs / serial[-1][0]:.3f} MB/s (ratio {t_round / serial[-1][0]:.2f}); "
                f"default jobs {mbs / parallel[-1][0]:.3f} MB/s "
                f"(ratio {t_round / parallel[-1][0]:.2f})",
                flush=True,
            )

        stages = parts(copies, args.config) if args.parts else {}

    t1, mem1, _ = min(serial)
    tn, memn, onen = min(parallel)
    print(f"best of {args.repeat} round{'s' if args.repeat > 1 else ''} each:")
    print(
        f"jieba.lcut, 1 process           : {t_jieba:7.2f} s  {mbs / t_jieba:6.3f} MB/s  "
        "(baseline: segmentation only, dictionary already loaded)"
    )
    print(
        f"segment() (jieba-rs), 1 process : {t_rs:7.2f} s  {mbs / t_rs:6.3f} MB/s  "
        f"(reference: the segmenter the pipeline uses, same tokens; {t_jieba / t_rs:.1f}x jieba)"
    )
    print(
        f"kg extract --jobs 1             : {t1:7.2f} s  {mbs / t1:6.3f} MB/s  "
        f"ratio {t_jieba / t1:.2f}  (whole command: start-up, reading, normalising, "
        "extraction, JSON)"
    )
    print(
        f"kg extract (default: {jobs} worker{'s' if jobs > 1 else ''}) : {tn:7.2f} s  "
        f"{mbs / tn:6.3f} MB/s  ratio {t_jieba / tn:.2f}  (the same, in parallel)"
    )
    print("target: ratio >= 0.25")
    print(f"peak memory, kg extract --jobs 1: {mem1:6.0f} MB")
    print(
        f"peak memory, kg extract default : {memn:6.0f} MB summed over kg and its workers "
        f"(largest single process {onen:.0f} MB)  (target <= 1500 MB)"
    )

    if stages:
        print_parts(stages, nchars)


def parts(copies: list[Path], config: Path | None) -> dict[str, float]:
    """The seconds of each stage of extraction, summed over ``copies`` (one process;
    the pipeline, the gazetteer and the models loaded before the clock starts)."""
    from ingest.extract import load_pipeline
    from ingest.pipeline import extract_paths

    load_pipeline(config)  # loaded and cached: start-up is not a stage,
    for _ in extract_paths(copies[:1], config=config, jobs=1):  # nor what loads on first use
        pass
    total: dict[str, float] = {}
    for res in extract_paths(copies, config=config, jobs=1):
        for stage, sec in res.seconds.items():
            total[stage] = total.get(stage, 0.0) + sec
    return total


def print_parts(stages: dict[str, float], nchars: int) -> None:
    whole = sum(stages.values())
    print(f"what each part costs (one process, {whole:.2f} s, {nchars / whole:,.0f} characters/s):")
    for stage, sec in sorted(stages.items(), key=lambda kv: -kv[1]):
        print(f"  {stage:18s} {sec:7.2f} s  {100 * sec / whole:5.1f}%")


if __name__ == "__main__":
    main()

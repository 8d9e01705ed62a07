"""Extraction speed and memory, against bare ``jieba.lcut`` in the same run.

Builds a corpus of at least ``--mb`` megabytes by repeating the seed reports
(``../shared/seeds``) as separate files in a temporary directory, then:

1. times ``jieba.lcut`` over the decoded text of every file (the baseline);
2. times ``kg extract --jsonl DIR`` as a subprocess (reading, decoding,
   normalising, the whole spaCy pipeline with the full gazetteer loaded,
   JSON output), and reads its peak resident memory;
3. prints both throughputs and their ratio (the target is ≥ 0.5).

Run: ``python bench/bench_extract.py [--mb 5] [--seeds ../shared/seeds]``.
"""

from __future__ import annotations

import argparse
import os
import resource
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=5.0)
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    args = ap.parse_args()

    import jieba

    from ingest.normalize import normalize
    from ingest.readers import read

    jieba.setLogLevel(60)
    jieba.initialize()
    with tempfile.TemporaryDirectory() as tmp:
        nbytes, copies = build_corpus(args.seeds, Path(tmp), args.mb)
        texts = [normalize(read(p)).text or "" for p in copies]
        nchars = sum(len(t) for t in texts)
        print(f"corpus: {len(copies)} files, {nbytes / 1e6:.2f} MB, {nchars:,} characters")

        t0 = time.perf_counter()
        for t in texts:
            jieba.lcut(t)
        t_jieba = time.perf_counter() - t0

        kg = shutil.which("kg") or str(Path(sys.executable).with_name("kg"))
        t0 = time.perf_counter()
        proc = subprocess.run([kg, "extract", "--jsonl", tmp], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True, env={**os.environ, "TERM": "dumb"})
        t_kg = time.perf_counter() - t0
        if proc.returncode != 0:
            sys.exit(f"bench: kg extract failed ({proc.returncode}): {proc.stderr[-500:]}")
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    mbs = nbytes / 1e6
    print(f"jieba.lcut        : {t_jieba:7.2f} s  {mbs / t_jieba:6.3f} MB/s  (baseline)")
    print(f"kg extract (CLI)  : {t_kg:7.2f} s  {mbs / t_kg:6.3f} MB/s  "
          f"(whole command: start-up, reading, normalising, extraction, JSON)")
    print(f"ratio kg/jieba    : {t_jieba / t_kg:.2f}  (target >= 0.5)")
    print(f"peak memory of kg extract: {peak_mb:.0f} MB  (target <= 1500 MB)")


if __name__ == "__main__":
    main()

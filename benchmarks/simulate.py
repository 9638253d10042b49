"""Time the engine against the plain SimPy reference model on the example.

Prints the time per replication of each (base plan, same machine, same run)
and their ratio, then the wall time of 10,000 replications of the base plan
with all cores, and the memory its summaries keep.
Run: ``.venv/bin/python benchmarks/simulate.py [--reps 10000]``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numba

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from rampline.factoryfile import load_factory  # noqa: E402
from rampline.simulation import simulate  # noqa: E402
from validation.simpy_reference import run_reference  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--file", default=str(ROOT / "examples" / "quadcopter-line.yaml"))
    parser.add_argument("--reference-runs", type=int, default=5)
    parser.add_argument("--engine-runs", type=int, default=200)
    parser.add_argument("--reps", type=int, default=10_000)
    args = parser.parse_args()
    factory = load_factory(args.file)

    simulate(factory, runs=2, seed=99)  # compile (or load the cache) outside the timing

    t0 = time.perf_counter()
    for r in range(args.reference_runs):
        run_reference(factory, seed=r)
    reference = (time.perf_counter() - t0) / args.reference_runs

    threads = numba.get_num_threads()
    numba.set_num_threads(1)
    t0 = time.perf_counter()
    simulate(factory, runs=args.engine_runs, seed=1)
    engine = (time.perf_counter() - t0) / args.engine_runs
    numba.set_num_threads(threads)

    print(f"machine: {os.cpu_count()} cores; per replication on one core, base plan")
    print(f"  SimPy reference   {reference * 1000:9.1f} ms  ({args.reference_runs} runs)")
    print(f"  Rampline engine   {engine * 1000:9.2f} ms  ({args.engine_runs} runs)")
    print(f"  ratio             {reference / engine:9.1f} x faster")

    t0 = time.perf_counter()
    result = simulate(factory, runs=args.reps, seed=1)
    wall = time.perf_counter() - t0
    print(
        f"{args.reps} replications, {threads} threads: {wall:.1f} s wall "
        f"(P50 completion {result.to_json()['completion']['p50']})"
    )
    kept = result.records.nbytes
    print(f"  kept for the summaries: {kept / 1e6:.2f} MB, {kept / args.reps:.0f} bytes a run")


if __name__ == "__main__":
    main()

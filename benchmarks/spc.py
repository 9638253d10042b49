"""Limits and every run rule for 1,000,000 individuals: numpy against a plain loop.

Times, in the same run and on the same data, (a) rampline.spc: the I-MR limits
(``i_mr``) plus all Western Electric and Nelson rules on the individuals panel
(``check_part``) and (b) a plain-Python loop doing the same with running
counters, then checks that both find the same violations. Run:

    .venv/bin/python benchmarks/spc.py [--n 1000000] [--seed 7]
"""

from __future__ import annotations

import argparse
import math
import time

import numpy as np

from rampline.spc import check_part, i_mr

D2_2 = 2 / math.sqrt(math.pi)  # d2 for n = 2


def vectorised(x: np.ndarray) -> dict[str, list[int]]:
    chart = i_mr(x)
    found = {}
    for rule_set in ("western-electric", "nelson"):
        for v in check_part(chart.main, rule_set):
            found[v.rule] = list(v.indices)
    return found


def plain_loop(x: list[float]) -> dict[str, list[int]]:
    n = len(x)
    total = 0.0
    for v in x:
        total += v
    center = total / n
    mr = 0.0
    for i in range(1, n):
        mr += abs(x[i] - x[i - 1])
    sigma = mr / (n - 1) / D2_2
    found: dict[str, list[int]] = {}
    up = down = rise = fall = alt = within = outside = 0
    window: list[float] = []
    last_step = 0.0
    for i in range(n):
        z = (x[i] - center) / sigma
        window.append(z)
        if len(window) > 8:
            window.pop(0)
        up = up + 1 if z > 0 else 0
        down = down + 1 if z < 0 else 0
        within = within + 1 if abs(z) <= 1 else 0
        outside = outside + 1 if abs(z) > 1 else 0
        step = x[i] - x[i - 1] if i else 0.0
        rise = rise + 1 if i and step > 0 else 0
        fall = fall + 1 if i and step < 0 else 0
        alt = alt + 1 if i > 1 and step * last_step < 0 else 0
        last_step = step
        w3, w5 = window[-3:], window[-5:]
        two3 = i >= 2 and (
            (z > 2 and sum(v > 2 for v in w3) >= 2) or (z < -2 and sum(v < -2 for v in w3) >= 2)
        )
        four5 = i >= 4 and (
            (z > 1 and sum(v > 1 for v in w5) >= 4) or (z < -1 and sum(v < -1 for v in w5) >= 4)
        )
        mixed = outside >= 8 and any(v > 1 for v in window) and any(v < -1 for v in window)
        hits = {
            "western-electric-1": abs(z) > 3,
            "western-electric-2": two3,
            "western-electric-3": four5,
            "western-electric-4": up >= 8 or down >= 8,
            "nelson-1": abs(z) > 3,
            "nelson-2": up >= 9 or down >= 9,
            "nelson-3": rise >= 5 or fall >= 5,
            "nelson-4": alt >= 12,
            "nelson-5": two3,
            "nelson-6": four5,
            "nelson-7": within >= 15,
            "nelson-8": mixed,
        }
        for rule, hit in hits.items():
            if hit:
                found.setdefault(rule, []).append(i)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    x = rng.normal(10.0, 1.0, size=args.n)
    x[args.n // 2 :] += 0.5  # a shift, so that the rules have something to find

    vectorised(x[:1000])  # warm-up: imports, chart constants
    best = math.inf
    for _ in range(3):
        start = time.perf_counter()
        fast = vectorised(x)
        best = min(best, time.perf_counter() - start)
    as_list = x.tolist()
    start = time.perf_counter()
    slow = plain_loop(as_list)
    loop_time = time.perf_counter() - start

    same = fast == slow
    print(f"points:                 {args.n:,}")
    print(f"vectorised (numpy):     {best:.3f} s  (best of 3)")
    print(f"plain Python loop:      {loop_time:.3f} s")
    print(f"speed-up:               {loop_time / best:.1f}x")
    print(f"violations found:       {sum(len(v) for v in fast.values()):,} (same in both: {same})")
    print(f"under one second:       {best < 1.0}")
    if not same:
        raise SystemExit("the two implementations disagree")


if __name__ == "__main__":
    main()

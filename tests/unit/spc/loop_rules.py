"""A plain-Python reading of the run rules, one point at a time, to test the vectorised one.

Written straight from the rule texts (qcc R/rules.R conventions): the point
that completes a pattern is reported, and so is every point that extends it.
"""

from __future__ import annotations

import math


def _run_ok(flags: list[bool], end: int, length: int) -> bool:
    return end + 1 >= length and all(flags[end - length + 1 : end + 1])


def loop_rules(
    x: list[float], z: list[float], rule_set: str, k: float = 3.0
) -> dict[str, list[int]]:
    n = len(x)
    out: dict[str, list[int]] = {}

    def add(rule: str, i: int) -> None:
        out.setdefault(rule, []).append(i)

    up = [(not math.isnan(v)) and v > 0 for v in z]
    down = [(not math.isnan(v)) and v < 0 for v in z]
    for i in range(n):
        zi = z[i]
        beyond = (not math.isnan(zi)) and abs(zi) > k
        a2 = [(not math.isnan(v)) and v > 2 * k / 3 for v in z[max(0, i - 2) : i + 1]]
        b2 = [(not math.isnan(v)) and v < -2 * k / 3 for v in z[max(0, i - 2) : i + 1]]
        a1 = [(not math.isnan(v)) and v > k / 3 for v in z[max(0, i - 4) : i + 1]]
        b1 = [(not math.isnan(v)) and v < -k / 3 for v in z[max(0, i - 4) : i + 1]]
        two_of_three = i >= 2 and ((sum(a2) >= 2 and a2[-1]) or (sum(b2) >= 2 and b2[-1]))
        four_of_five = i >= 4 and ((sum(a1) >= 4 and a1[-1]) or (sum(b1) >= 4 and b1[-1]))
        if rule_set == "western-electric":
            checks = {
                1: beyond,
                2: two_of_three,
                3: four_of_five,
                4: _run_ok(up, i, 8) or _run_ok(down, i, 8),
            }
            prefix = "western-electric"
        else:
            rising = i >= 5 and all(x[j] > x[j - 1] for j in range(i - 4, i + 1))
            falling = i >= 5 and all(x[j] < x[j - 1] for j in range(i - 4, i + 1))
            alternating = i >= 13 and all(
                (x[j] - x[j - 1]) * (x[j - 1] - x[j - 2]) < 0 for j in range(i - 11, i + 1)
            )
            window = z[i - 14 : i + 1] if i >= 14 else []
            within = bool(window) and all(not math.isnan(v) and abs(v) <= k / 3 for v in window)
            eight = z[i - 7 : i + 1] if i >= 7 else []
            mixture = (
                bool(eight)
                and all(not math.isnan(v) and abs(v) > k / 3 for v in eight)
                and any(v > k / 3 for v in eight)
                and any(v < -k / 3 for v in eight)
            )
            checks = {
                1: beyond,
                2: _run_ok(up, i, 9) or _run_ok(down, i, 9),
                3: rising or falling,
                4: alternating,
                5: two_of_three,
                6: four_of_five,
                7: within,
                8: mixture,
            }
            prefix = "nelson"
        for number, fired in checks.items():
            if fired:
                add(f"{prefix}-{number}", i)
    return out

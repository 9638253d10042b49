"""Run rules: Western Electric (1-4) and Nelson (1-8), vectorised with numpy.

Zones are measured in sigmas of the plotted statistic (``z = (x - centre) /
sigma``), with the control limits at ``k`` sigmas (3 by default)::

    Western Electric            Nelson
    1  1 point beyond k         1  1 point beyond k
    2  2 of 3 beyond 2k/3, same side      5
    3  4 of 5 beyond k/3, same side       6
    4  8 in a row on one side   2  9 in a row on one side
                                3  6 in a row steadily rising or falling
                                4  14 in a row alternating up and down
                                7  15 in a row within k/3 (either side)
                                8  8 in a row beyond k/3, on both sides

Conventions follow the qcc R package (``R/rules.R``): a violation is reported
at the point that completes the pattern, and every further point that keeps a
run going is reported too; for "2 of 3" and "4 of 5" the completing point must
itself be in the zone; ties with the centre line break a run; "within k/3"
includes the boundary; a point with no value (NaN) breaks every pattern.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from rampline.spc._phase import BoolArray, FloatArray
from rampline.spc.chart import ChartPart

__all__ = ["RULE_SETS", "Violation", "check_part", "check_rules"]

RULE_SETS = ("western-electric", "nelson", "none")


@dataclass(frozen=True)
class Violation:
    """A rule (``"nelson-2"``) and the 0-based positions of the points that break it."""

    rule: str
    indices: tuple[int, ...]


def _run(mask: BoolArray) -> npt.NDArray[np.int64]:
    """Length of the run of True values ending at each position (0 where False)."""
    index = np.arange(mask.size, dtype=np.int64)
    last_false = np.maximum.accumulate(np.where(mask, -1, index))
    return index - last_false


def _count(mask: BoolArray, width: int) -> npt.NDArray[np.int64]:
    """Number of True values in the window of ``width`` ending at each position.

    Positions before the first full window get 0, so they never fire.
    """
    out = np.zeros(mask.size, dtype=np.int64)
    if mask.size >= width:
        total = np.concatenate(([0], np.cumsum(mask, dtype=np.int64)))
        out[width - 1 :] = total[width:] - total[:-width]
    return out


def _k_of_m(z: FloatArray, level: float, k: int, m: int) -> BoolArray:
    above, below = z > level, z < -level
    return ((_count(above, m) >= k) & above) | ((_count(below, m) >= k) & below)


def _side_run(z: FloatArray, length: int) -> BoolArray:
    return (_run(z > 0) >= length) | (_run(z < 0) >= length)


def _trend(x: FloatArray) -> BoolArray:
    out = np.zeros(x.size, dtype=np.bool_)
    if x.size > 1:
        step = np.diff(x)
        out[1:] = (_run(step > 0) >= 5) | (_run(step < 0) >= 5)
    return out


def _alternating(x: FloatArray) -> BoolArray:
    out = np.zeros(x.size, dtype=np.bool_)
    if x.size > 2:
        step = np.diff(x)
        out[2:] = _run(step[1:] * step[:-1] < 0) >= 12
    return out


def _mixture(z: FloatArray, level: float) -> BoolArray:
    outside = np.abs(z) > level
    return (_run(outside) >= 8) & (_count(z > level, 8) >= 1) & (_count(z < -level, 8) >= 1)


def _flags(x: FloatArray, z: FloatArray, rule_set: str, k: float) -> dict[str, BoolArray]:
    beyond = np.abs(z) > k
    if rule_set == "western-electric":
        return {
            "western-electric-1": beyond,
            "western-electric-2": _k_of_m(z, 2 * k / 3, 2, 3),
            "western-electric-3": _k_of_m(z, k / 3, 4, 5),
            "western-electric-4": _side_run(z, 8),
        }
    if rule_set == "nelson":
        return {
            "nelson-1": beyond,
            "nelson-2": _side_run(z, 9),
            "nelson-3": _trend(x),
            "nelson-4": _alternating(x),
            "nelson-5": _k_of_m(z, 2 * k / 3, 2, 3),
            "nelson-6": _k_of_m(z, k / 3, 4, 5),
            "nelson-7": _run(np.abs(z) <= k / 3) >= 15,
            "nelson-8": _mixture(z, k / 3),
        }
    if rule_set == "none":
        return {}
    raise ValueError(f"unknown rule set {rule_set!r}; expected one of {', '.join(RULE_SETS)}")


def check_rules(
    points: npt.ArrayLike,
    center: npt.ArrayLike,
    stat_sigma: npt.ArrayLike,
    rule_set: str = "western-electric",
    k: float = 3.0,
) -> tuple[Violation, ...]:
    """Every violated rule of ``rule_set`` with the points that break it, in rule order."""
    x = np.asarray(points, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (x - np.asarray(center, dtype=np.float64)) / np.asarray(stat_sigma, dtype=np.float64)
    z = np.where(np.isfinite(z), z, np.nan)
    found = []
    for rule, fired in _flags(x, z, rule_set, k).items():
        where = np.flatnonzero(fired)
        if where.size:
            found.append(Violation(rule, tuple(int(i) for i in where)))
    return tuple(found)


def check_part(part: ChartPart, rule_set: str = "western-electric") -> tuple[Violation, ...]:
    """Run rules on one chart panel, zones measured in its statistic's sigma."""
    return check_rules(part.points, part.center, part.stat_sigma, rule_set)

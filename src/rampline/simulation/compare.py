"""How much better is a scenario than the base plan, and how sure are we?

Run the base plan and a scenario with the same seed and the same number of
runs, and run ``r`` of each draws from the same random streams (common random
numbers): the same breakdowns, the same slow units. The difference between
the two plans is then measured run by run (paired), which cancels most of the
luck both plans share and gives much narrower intervals than comparing two
independent sets of runs.

- On time (every demand line): per run 1 or 0. The difference of the two
  proportions is ``(c - b) / n``, where ``b`` runs are on time in the base
  plan only and ``c`` in the scenario only (the discordant pairs). Its 95%
  interval is the paired (Wald) one, ``± z · sqrt(b + c - (c - b)² / n) / n``;
  the exact McNemar test (binomial on the discordant pairs) gives the
  p-value. With no discordant pair the interval is [0, 0]; when every
  discordant pair goes one way it also has zero width, so read the p-value.
- Completion (the last demanded unit finished) and units by due: the mean of
  the per-run differences with a paired-t 95% interval,
  ``mean ± t(n-1) · sd / sqrt(n)``. Completion is compared by its mean, in
  days, not by its P50: a difference of medians has no simple paired interval.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
from scipy import stats

from rampline.domain.calendar import minutes_between
from rampline.simulation.results import SimulationResult

LEVEL = 0.95
_DAY = 1440.0  # minutes


@dataclass(frozen=True)
class MeanDifference:
    """Mean of paired differences (scenario minus base) and its paired-t interval."""

    mean: float
    low: float  # nan when fewer than two runs
    high: float
    runs: int
    level: float = LEVEL

    def to_json(self) -> dict[str, Any]:
        return {
            "mean_difference": self.mean,
            "low": _finite(self.low),
            "high": _finite(self.high),
            "method": f"paired t, {self.level:.0%}",
        }


@dataclass(frozen=True)
class ProportionDifference:
    """Difference of two paired proportions (scenario minus base)."""

    difference: float
    low: float
    high: float
    only_base: int  # b: runs on time in the base plan only
    only_other: int  # c: runs on time in the scenario only
    runs: int
    p_value: float  # exact McNemar, two-sided
    half_width: float  # of the interval before clipping to [-1, 1]
    level: float = LEVEL

    def to_json(self) -> dict[str, Any]:
        return {
            "difference": self.difference,
            "low": self.low,
            "high": self.high,
            "on_time_in_base_only": self.only_base,
            "on_time_in_scenario_only": self.only_other,
            "mcnemar_p_value": self.p_value,
            "method": f"paired proportions (Wald), {self.level:.0%}; exact McNemar test",
        }


@dataclass(frozen=True)
class LineDifference:
    product: str
    due: str
    units_by_due: MeanDifference


@dataclass(frozen=True)
class Difference:
    """One scenario against the base plan, run by run."""

    scenario: str | None
    runs: int
    on_time: ProportionDifference
    completion_days: MeanDifference  # positive: the scenario finishes later
    units_by_due: MeanDifference  # all demand lines, each by its own due day
    lines: tuple[LineDifference, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "runs": self.runs,
            "on_time_probability": self.on_time.to_json(),
            "completion_days": self.completion_days.to_json(),
            "units_by_due": self.units_by_due.to_json(),
            "demand": [
                {"product": d.product, "due": d.due, "units_by_due": d.units_by_due.to_json()}
                for d in self.lines
            ],
        }


def paired_mean_difference(
    base: np.ndarray, other: np.ndarray, level: float = LEVEL
) -> MeanDifference:
    """Mean of ``other - base`` with the paired-t interval."""
    d = np.asarray(other, dtype=float) - np.asarray(base, dtype=float)
    if d.ndim != 1 or d.size == 0:
        raise ValueError("need one or more paired values")
    n = d.size
    mean = float(d.mean())
    if n < 2:
        return MeanDifference(mean, math.nan, math.nan, n, level)
    sd = float(d.std(ddof=1))
    half = float(stats.t.ppf(0.5 + level / 2.0, n - 1)) * sd / math.sqrt(n)
    return MeanDifference(mean, mean - half, mean + half, n, level)


def paired_proportion_difference(
    base: np.ndarray, other: np.ndarray, level: float = LEVEL
) -> ProportionDifference:
    """Difference of the proportions of ``other`` and ``base`` (booleans per run)."""
    a = np.asarray(base, dtype=bool)
    o = np.asarray(other, dtype=bool)
    if a.shape != o.shape or a.ndim != 1 or a.size == 0:
        raise ValueError("need one or more paired outcomes")
    n = a.size
    b = int(np.sum(a & ~o))
    c = int(np.sum(~a & o))
    diff = (c - b) / n
    z = float(stats.norm.ppf(0.5 + level / 2.0))
    var = max(b + c - (c - b) ** 2 / n, 0.0)
    half = z * math.sqrt(var) / n
    p = 1.0 if b + c == 0 else float(stats.binomtest(min(b, c), b + c, 0.5).pvalue)
    return ProportionDifference(
        diff, max(-1.0, diff - half), min(1.0, diff + half), b, c, n, min(p, 1.0), half, level
    )


def due_ends(result: SimulationResult) -> np.ndarray:
    """Minutes after start of the end (24:00) of each demand line's due day."""
    ends = []
    for line in result.demand:
        d = date.fromisoformat(line.due)
        ends.append(minutes_between(result.start, datetime(d.year, d.month, d.day) + _ONE_DAY))
    return np.array(ends, dtype=float)


def on_time_runs(result: SimulationResult) -> np.ndarray:
    """Per run: was every demand line finished by the end of its due day?"""
    rec = result.records
    return np.asarray(np.all(rec.line_done <= due_ends(result)[None, :], axis=1))


def completion_minutes(result: SimulationResult) -> np.ndarray:
    """Per run: minutes after start at which the last demanded unit finished."""
    return np.asarray(np.max(result.records.line_done, axis=1))


def compare(base: SimulationResult, other: SimulationResult, level: float = LEVEL) -> Difference:
    """``other`` against ``base``; both must come from the same runs and seed
    (common random numbers) and start at the same moment."""
    if base.runs != other.runs or base.seed != other.seed:
        raise ValueError("compare plans simulated with the same runs and seed")
    if base.start != other.start:
        raise ValueError("compare plans that start at the same moment")
    completion = paired_mean_difference(
        completion_minutes(base) / _DAY, completion_minutes(other) / _DAY, level
    )
    lines = []
    keys = [(d.product, d.due) for d in other.demand]
    for i, d in enumerate(base.demand):
        if (d.product, d.due) not in keys:
            continue  # the scenario changed this demand line: nothing to pair
        j = keys.index((d.product, d.due))
        lines.append(
            LineDifference(
                d.product,
                d.due,
                paired_mean_difference(
                    base.records.by_due[:, i], other.records.by_due[:, j], level
                ),
            )
        )
    total = paired_mean_difference(
        base.records.by_due.sum(axis=1), other.records.by_due.sum(axis=1), level
    )
    return Difference(
        scenario=other.scenario,
        runs=base.runs,
        on_time=paired_proportion_difference(on_time_runs(base), on_time_runs(other), level),
        completion_days=completion,
        units_by_due=total,
        lines=tuple(lines),
    )


def best(scenarios: list[SimulationResult]) -> SimulationResult | None:
    """The scenario most likely to be on time; ties: the earliest mean completion."""
    if not scenarios:
        return None
    return min(scenarios, key=lambda r: (-r.on_time_probability, r.completion.mean))


def _finite(x: float) -> float | None:
    return x if math.isfinite(x) else None


_ONE_DAY = timedelta(days=1)

"""Frozen results of a Monte Carlo run, and their JSON form (results spec)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import numpy as np

SHARES = ("unstaffed", "starved", "busy", "down", "blocked")  # engine column order


def moment(start: datetime, minutes: float) -> str:
    """ISO date-time of ``minutes`` after start, rounded to the second."""
    return (start + timedelta(seconds=round(minutes * 60.0))).isoformat(timespec="seconds")


def percentiles(values: np.ndarray) -> tuple[float, float, float]:
    """P10, P50 and P90, numpy's default (linear between order statistics)."""
    p10, p50, p90 = np.percentile(values, [10, 50, 90])
    return float(p10), float(p50), float(p90)


@dataclass(frozen=True)
class Completion:
    mean: float  # minutes after start
    p10: float
    p50: float
    p90: float

    @classmethod
    def of(cls, minutes: np.ndarray) -> Completion:
        return cls(float(np.mean(minutes)), *percentiles(minutes))

    def to_json(self, start: datetime) -> dict[str, str]:
        return {k: moment(start, getattr(self, k)) for k in ("mean", "p10", "p50", "p90")}


@dataclass(frozen=True)
class LineResult:
    product: str
    quantity: int
    due: str
    on_time_probability: float
    completion: Completion
    units_by_due: tuple[float, float, float, float]  # mean, p10, p50, p90


@dataclass(frozen=True)
class StationResult:
    busy: float
    blocked: float
    starved: float
    down: float
    unstaffed: float
    bottleneck: float


@dataclass(frozen=True)
class RunRecords:
    """Per-replication summaries (a few numbers each; no traces): what the
    exact percentiles of the results spec and the pairing of runs in
    ``compare`` need. The station time shares, about five times as much, are
    summed as the runs come in (``shares_sum``, ``bottleneck_runs``); each
    run's own are kept only when asked for (``shares``, for tests)."""

    end: np.ndarray  # minutes; the horizon where incomplete
    complete: np.ndarray
    line_done: np.ndarray  # [runs, lines] minutes; horizon where unmet
    by_due: np.ndarray  # [runs, lines]
    started: np.ndarray
    scrapped: np.ndarray
    shares_sum: np.ndarray  # [stations, 5]: the runs' shares summed
    bottleneck_runs: np.ndarray  # [stations]: runs in which the station was the bottleneck
    shares: np.ndarray | None = None  # [runs, stations, 5] with keep_shares
    # daily series of the first min(runs, SERIES_RUNS) runs (montecarlo)
    grid_finished: np.ndarray | None = None  # [series runs, days]
    grid_stock: np.ndarray | None = None  # [series runs, days, materials]
    grid: np.ndarray | None = None  # [days] minutes after start of each sample (midnights)

    @property
    def nbytes(self) -> int:
        """Bytes held by the records' arrays."""
        return sum(v.nbytes for v in vars(self).values() if isinstance(v, np.ndarray))


@dataclass(frozen=True)
class SimulationResult:
    factory: str
    scenario: str | None
    runs: int
    seed: int
    start: datetime
    on_time_probability: float
    completion: Completion
    demand: tuple[LineResult, ...]
    units_started: float
    units_scrapped: float
    stations: dict[str, StationResult]
    bottleneck: str
    incomplete_runs: int
    records: RunRecords = field(repr=False, compare=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "factory": self.factory,
            "scenario": self.scenario,
            "runs": self.runs,
            "seed": self.seed,
            "on_time_probability": self.on_time_probability,
            "completion": self.completion.to_json(self.start),
            "demand": [
                {
                    "product": d.product,
                    "quantity": d.quantity,
                    "due": d.due,
                    "on_time_probability": d.on_time_probability,
                    "completion": d.completion.to_json(self.start),
                    "units_by_due": dict(
                        zip(("mean", "p10", "p50", "p90"), d.units_by_due, strict=True)
                    ),
                }
                for d in self.demand
            ],
            "units_started": {"mean": self.units_started},
            "units_scrapped": {"mean": self.units_scrapped},
            "stations": {
                sid: {
                    "busy": r.busy,
                    "blocked": r.blocked,
                    "starved": r.starved,
                    "down": r.down,
                    "unstaffed": r.unstaffed,
                    "bottleneck": r.bottleneck,
                }
                for sid, r in self.stations.items()
            },
            "bottleneck": self.bottleneck,
            "incomplete_runs": self.incomplete_runs,
        }

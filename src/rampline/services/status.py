"""Where the line stands against its plan: ``rampline status``.

The plan is the Monte Carlo simulation of the factory model in force: at each
moment, the median (P50) of the runs' cumulative finished units and the band
from P10 to P90 (eight runs in ten lie inside). The line is compared at the
*as-of* moment (by default the latest recorded event):

- **days ahead (+) or behind (−)**: when the plan's median stood at the count
  the line has actually finished, measured from the as-of moment. Behind, it
  is the last moment the median was still at that count (so a weekend on
  which the plan stands still costs no days); ahead, the first moment the
  median reaches it. Between the daily points the median is taken as a
  straight line.
- **the stations that explain it**: units waiting in front of each station
  and in its cells (as recorded now), hours of downtime in the seven days
  before the as-of moment, and first-pass yield. The station with the longest
  queue is named as the constraint, in one sentence.

:func:`status_of` is pure (numbers in, a frozen :class:`Status` out);
:func:`read_status` reads what it needs through the unit of work.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import numpy as np

from rampline.domain.factory import Factory
from rampline.domain.quality import Alert
from rampline.domain.tracking import DowntimeRecord
from rampline.errors import ConflictError
from rampline.services import quality
from rampline.services.factory import current_factory
from rampline.services.ports import UnitOfWork
from rampline.services.queries import (
    StationWip,
    StationYield,
    downtime,
    output_per_day,
    wip,
    yields,
)
from rampline.simulation import SimulationResult
from rampline.simulation.series import daily_series

_DAY = timedelta(days=1)
WEEK = timedelta(days=7)
ON_PLAN = 0.05  # days: closer than this to the plan is "on plan"
LOW_FIRST_PASS = 0.95  # a first-pass yield below this is worth a mention


@dataclass(frozen=True)
class PlanCurve:
    """The plan's cumulative finished units at ``moments`` (the start, then one
    point a day): P10, P50 and P90 of the runs (of the first
    ``montecarlo.SERIES_RUNS`` with more: the simulation keeps daily series for
    those, a random sample of them)."""

    moments: tuple[datetime, ...]
    p10: np.ndarray
    p50: np.ndarray
    p90: np.ndarray

    def at(self, when: datetime) -> tuple[float, float, float]:
        """P10, P50, P90 at ``when``, on a straight line between the points."""
        x = _minutes(self.moments, when)
        xs = _axis(self.moments)
        p10, p50, p90 = (float(np.interp(x, xs, c)) for c in (self.p10, self.p50, self.p90))
        return p10, p50, p90

    @property
    def end(self) -> datetime:
        return self.moments[-1]


def _minutes(origin: Sequence[datetime], when: datetime) -> float:
    return (when - origin[0]).total_seconds() / 60.0


def _axis(moments: Sequence[datetime]) -> np.ndarray:
    return np.array([_minutes(moments, m) for m in moments])


def plan_curve(result: SimulationResult) -> PlanCurve:
    """The percentile curves of a simulation run with ``grid_days`` > 0: nothing at
    start, then point ``k`` at the ``k``-th midnight after start (the engine's grid)."""
    finished = daily_series(result.records).finished
    p10, p50, p90 = np.percentile(finished, [10, 50, 90], axis=0)
    zero = np.zeros(1)
    midnight = datetime.combine(result.start.date(), time())
    days = range(1, finished.shape[1] + 1)
    moments = (result.start, *(midnight + k * _DAY for k in days))
    return PlanCurve(
        moments,
        np.concatenate([zero, p10]),
        np.concatenate([zero, p50]),
        np.concatenate([zero, p90]),
    )


def grid_days_for(start: datetime, as_of: datetime, ahead: int = 60) -> int:
    """Days of plan to simulate: up to the as-of moment and ``ahead`` days more, so
    that a line ahead of plan can be placed on it."""
    return max(1, math.ceil((as_of - start) / _DAY) + ahead)


def days_ahead(
    moments: Sequence[datetime],
    median: Sequence[float] | np.ndarray,
    as_of: datetime,
    actual: float,
) -> float | None:
    """Days the line is ahead (+) or behind (−) the median curve; None when the line is
    further ahead than the curve reaches."""
    xs = _axis(moments)
    ys = np.asarray(median, dtype=float)
    now = _minutes(moments, as_of)
    planned = float(np.interp(now, xs, ys))
    if math.isclose(actual, planned, abs_tol=1e-9):
        return 0.0
    if actual < planned:  # behind: the last moment the plan stood at ``actual``
        j = int(np.argmax(ys > actual))  # ys[0] <= actual < planned, so j >= 1
        t = _cross(xs, ys, j, actual)
    else:  # ahead: the first moment the plan reaches ``actual``
        above = np.flatnonzero(ys >= actual)
        if len(above) == 0:
            return None
        j = int(above[0])
        t = xs[0] if j == 0 else _cross(xs, ys, j, actual)
    return float((t - now) / 1440.0)


def _cross(xs: np.ndarray, ys: np.ndarray, j: int, value: float) -> float:
    """Where the segment from point ``j - 1`` to ``j`` takes ``value``."""
    y0, y1 = float(ys[j - 1]), float(ys[j])
    share = 0.0 if y1 == y0 else (value - y0) / (y1 - y0)
    return float(xs[j - 1] + share * (xs[j] - xs[j - 1]))


@dataclass(frozen=True)
class DayRow:
    day: date
    finished: int  # that day
    cumulative: int  # by the end of the day (the as-of day: as recorded)
    p10: float  # the plan at the same moment
    p50: float
    p90: float


@dataclass(frozen=True)
class StationStatus:
    station: str
    waiting: int
    in_cells: int
    down_hours: float  # in the seven days before the as-of moment
    first_pass_yield: float | None
    operations: int


@dataclass(frozen=True)
class Status:
    factory: str
    start: datetime
    as_of: datetime
    finished: int
    plan: tuple[float, float, float]  # P10, P50, P90 at the as-of moment
    days_ahead: float | None  # None: ahead of everything the plan curve shows
    days: tuple[DayRow, ...]
    stations: tuple[StationStatus, ...]
    constraint: str | None
    plan_bottleneck: str
    alerts: tuple[Alert, ...] = ()
    # Open alerts are the store's current state: as of its latest event, which
    # may come after ``as_of``.
    current_as_of: datetime | None = None

    @property
    def alerts_are_later(self) -> bool:
        return self.current_as_of is not None and self.current_as_of > self.as_of

    @property
    def band(self) -> str:
        """``below``, ``inside`` or ``above`` the plan's P10-P90 band."""
        if self.finished < self.plan[0]:
            return "below"
        return "above" if self.finished > self.plan[2] else "inside"

    @property
    def headline(self) -> str:
        p10, p50, p90 = self.plan
        numbers = (
            f"{self.finished} units finished by {self.as_of:%Y-%m-%d %H:%M}; plan median "
            f"{p50:.0f}, P10-P90 {p10:.0f}-{p90:.0f}"
        )
        d = self.days_ahead
        if d is None:
            return f"Ahead of everything the plan shows: {numbers}."
        if abs(d) < ON_PLAN:
            return f"On plan: {numbers}."
        return f"{abs(d):.1f} days {'ahead of' if d > 0 else 'behind'} plan: {numbers}."

    @property
    def explanation(self) -> str:
        """The constraint in one plain sentence."""
        if self.constraint is None:
            return (
                "No units wait in front of any station: the line is short of work "
                f"(releases or material). The plan's bottleneck is {self.plan_bottleneck}."
            )
        s = next(x for x in self.stations if x.station == self.constraint)
        words = f"{s.station}: {s.waiting} units waiting, {s.down_hours:.0f} h down this week"
        if s.first_pass_yield is not None and s.first_pass_yield < LOW_FIRST_PASS:
            words += f", first-pass yield {s.first_pass_yield:.0%}"
        if s.station == self.plan_bottleneck:
            return f"{words}; the plan expected it to be the bottleneck."
        return f"{words}; the plan expected {self.plan_bottleneck} to be the bottleneck."

    def to_json(self) -> dict[str, Any]:
        return {
            "factory": self.factory,
            "start": self.start.isoformat(),
            "as_of": self.as_of.isoformat(),
            "finished": self.finished,
            "alerts_as_of": (self.current_as_of or self.as_of).isoformat(),
            "plan": dict(zip(("p10", "p50", "p90"), self.plan, strict=True)),
            "band": self.band,
            "days_ahead": self.days_ahead,
            "headline": self.headline,
            "constraint": self.constraint,
            "explanation": self.explanation,
            "plan_bottleneck": self.plan_bottleneck,
            "days": [
                {
                    "day": r.day.isoformat(),
                    "finished": r.finished,
                    "cumulative": r.cumulative,
                    "p10": r.p10,
                    "p50": r.p50,
                    "p90": r.p90,
                }
                for r in self.days
            ],
            "stations": [
                {
                    "station": s.station,
                    "waiting": s.waiting,
                    "in_cells": s.in_cells,
                    "down_hours_7d": s.down_hours,
                    "first_pass_yield": s.first_pass_yield,
                    "operations": s.operations,
                }
                for s in self.stations
            ],
            "open_alerts": [
                {
                    "id": a.id,
                    "characteristic": a.characteristic,
                    "rule": a.rule,
                    "raised_at": a.raised_at.isoformat(),
                    "message": a.message,
                }
                for a in self.alerts
            ],
        }


def down_hours(
    records: Sequence[DowntimeRecord], since: datetime, until: datetime
) -> dict[str, float]:
    """Hours of downtime per station within ``[since, until]`` (cells add up)."""
    out: dict[str, float] = defaultdict(float)
    for r in records:
        overlap = (min(r.end, until) - max(r.start, since)).total_seconds()
        if overlap > 0:
            out[r.station] += overlap / 3600.0
    return dict(out)


def status_of(
    *,
    factory: str,
    start: datetime,
    as_of: datetime,
    finished_per_day: Sequence[tuple[date, str, int]],
    plan: PlanCurve,
    plan_bottleneck: str,
    wip: Sequence[StationWip],
    yields: Sequence[StationYield],
    downtime: Sequence[DowntimeRecord],
    alerts: Sequence[Alert] = (),
    current_as_of: datetime | None = None,
) -> Status:
    """Compare what the line finished with the plan, and name the constraint."""
    per_day: dict[date, int] = defaultdict(int)
    for day, _product, n in finished_per_day:
        if day <= as_of.date():
            per_day[day] += n
    before = sum(n for d, n in per_day.items() if d < start.date())
    rows = []
    total = before
    day = start.date()
    while day <= as_of.date():
        total += per_day.get(day, 0)
        end_of_day = min(datetime(day.year, day.month, day.day) + _DAY, as_of)
        rows.append(DayRow(day, per_day.get(day, 0), total, *plan.at(end_of_day)))
        day += _DAY
    down = down_hours(downtime, as_of - WEEK, as_of)
    fpy = {y.station: y for y in yields}
    stations = tuple(
        StationStatus(
            w.station,
            w.waiting,
            w.in_cells,
            down.get(w.station, 0.0),
            fpy[w.station].first_pass_yield if w.station in fpy else None,
            fpy[w.station].operations if w.station in fpy else 0,
        )
        for w in wip
    )
    return Status(
        factory=factory,
        start=start,
        as_of=as_of,
        finished=total,
        plan=plan.at(as_of),
        days_ahead=days_ahead(plan.moments, plan.p50, as_of, total),
        days=tuple(rows),
        stations=stations,
        constraint=constraint(stations),
        plan_bottleneck=plan_bottleneck,
        alerts=tuple(alerts),
        current_as_of=current_as_of,
    )


def constraint(stations: Sequence[StationStatus]) -> str | None:
    """The station with the most units waiting in front of it (ties: more downtime,
    then line order); None if no unit waits anywhere."""
    best: StationStatus | None = None
    for s in stations:
        if s.waiting > 0 and (
            best is None or (s.waiting, s.down_hours) > (best.waiting, best.down_hours)
        ):
            best = s
    return None if best is None else best.station


# --- reading it from the store ---------------------------------------------


def model_in_force(uow: UnitOfWork) -> Factory:
    """The latest factory model loaded into the store."""
    with uow.read() as tx:
        return current_factory(tx)


def latest_event_at(uow: UnitOfWork) -> datetime | None:
    with uow.read() as tx:
        return tx.events.latest_at()


def default_as_of(uow: UnitOfWork) -> datetime:
    found = latest_event_at(uow)
    if found is None:
        raise ConflictError(
            "no station events are recorded yet: there is nothing to compare with the plan "
            "(give --at to compare an empty line)",
            "at",
        )
    return found


def read_status(
    uow: UnitOfWork, factory: Factory, result: SimulationResult, as_of: datetime
) -> Status:
    """The status of the line in ``uow`` at ``as_of`` against ``result`` (a simulation
    of ``factory`` with daily points up to at least ``as_of``)."""
    plan = plan_curve(result)
    latest = latest_event_at(uow)
    if plan.end < as_of:
        raise ValueError(f"the plan's daily points end at {plan.end}, before {as_of}")
    return status_of(
        factory=factory.name,
        start=factory.start,
        as_of=as_of,
        finished_per_day=output_per_day(uow, None, as_of.date(), as_of),
        plan=plan,
        plan_bottleneck=result.bottleneck,
        wip=wip(uow, as_of if latest is not None and as_of < latest else None),
        yields=yields(uow, as_of),
        downtime=downtime(uow),
        alerts=quality.open_alerts(uow),
        current_as_of=latest,
    )

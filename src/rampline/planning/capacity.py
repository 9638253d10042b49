"""Steady-state capacity of each station against what the demand requires.

No variation: every cell staffed, learning finished, after ``live_from``, no
outages. For each station (results.md, ``capacity``):

- hours per week: the calendar's working hours from ``start`` to the end of
  the latest due day, divided by that span in weeks, × cells × availability
  ``mtbf / (mtbf + mean mttr)``;
- units per week: those hours over the mean time per unit at the demand's
  product mix (time plus rework rate × rework time, weighted by quantity);
- required per week: for each due date D, the units due by D that visit the
  station, each grossed up for the scrap of this and later steps, over the
  weeks from the station's ``live_from`` (or ``start``) to the end of D; the
  largest over all D;
- load = required / units; the bottleneck has the largest load (ties: line
  order); the plan is feasible when no load exceeds 1 and none is undefined
  for a due date the station cannot reach.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from rampline.domain.calendar import WorkingTime, end_of_day
from rampline.domain.factory import Factory
from rampline.domain.line import Station

WEEK = dt.timedelta(days=7)


@dataclass(frozen=True)
class StationCapacity:
    """One station's capacity against the demand.

    ``units_per_week``, ``required_per_week`` and ``load`` are None when no
    demanded product visits the station; ``required_per_week`` and ``load``
    are None, and ``too_late`` names the due date, when the station must
    deliver units by a day that ends before it goes live (infeasible), or
    ``lost`` the product, when a product due there is scrapped at every unit
    at this step or a later one (scrap 100 %: infeasible).
    """

    station: str
    hours_per_week: float
    units_per_week: float | None
    required_per_week: float | None
    load: float | None
    minutes_per_unit: float | None = None  # at the demand mix, rework included
    cells: int = 1
    availability: float = 1.0
    too_late: dt.date | None = None  # a due date that ends before live_from
    lost: str | None = None  # a product due here that scrap 100 % never lets through

    @property
    def visited(self) -> bool:
        return self.minutes_per_unit is not None

    @property
    def feasible(self) -> bool:
        if not self.visited:
            return True
        if self.load is None:
            return False
        return self.load <= 1.0


@dataclass(frozen=True)
class Capacity:
    """Every station in line order, the bottleneck and the verdict's facts."""

    stations: tuple[StationCapacity, ...]
    bottleneck: str | None
    feasible: bool

    def station(self, station_id: str) -> StationCapacity:
        for s in self.stations:
            if s.station == station_id:
                return s
        raise KeyError(station_id)


def hours_per_week(factory: Factory, station: Station) -> float:
    """Working hours per week from ``start`` to the end of the latest due day,
    × cells × availability."""
    span = factory.last_due - factory.start
    if span <= dt.timedelta(0):
        return 0.0
    calendar = factory.calendars[station.calendar]
    hours = WorkingTime(calendar, factory.start, factory.last_due).total / 60.0
    availability = station.failures.availability if station.failures else 1.0
    return hours / (span / WEEK) * station.cells * availability


def minutes_per_unit(factory: Factory, station: Station) -> float | None:
    """Mean minutes a unit takes at ``station`` at the demand mix (None: no
    demanded product visits it)."""
    quantity: dict[str, int] = {}
    for line in factory.demand:
        quantity[line.product] = quantity.get(line.product, 0) + line.quantity
    total = 0.0
    weight = 0
    for product, q in quantity.items():
        step = factory.products[product].step_at(station.id)
        if step is not None:
            total += q * step.mean_with_rework
            weight += q
    return total / weight if weight else None


def _gross(factory: Factory, product: str, station: str) -> float:
    """Units to start at ``station`` per good unit: 1 / Π(1 − scrap) over this
    step and the later ones."""
    routing = factory.products[product].routing
    index = next(i for i, s in enumerate(routing) if s.station == station)
    keep = 1.0
    for step in routing[index:]:
        keep *= 1.0 - step.scrap
    return 1.0 / keep if keep > 0.0 else math.inf  # scrap 100 %: no unit gets through


def required_per_week(
    factory: Factory, station: Station
) -> tuple[float | None, dt.date | None, str | None]:
    """The largest rate over the due dates, with None for it and the reason when
    there is none: the due date, when a due date with units for this station
    ends before it goes live; the product, when a product due there is
    scrapped at every unit (scrap 100 % at this step or a later one)."""
    live = max(factory.start, station.live_from or factory.start)
    best = 0.0
    for due in sorted({d.due for d in factory.demand}):
        lines = [
            (d.product, d.quantity * _gross(factory, d.product, station.id))
            for d in factory.demand
            if d.due <= due and factory.products[d.product].step_at(station.id) is not None
        ]
        units = sum(u for _, u in lines)
        if units <= 0:
            continue
        weeks = (end_of_day(due) - live) / WEEK
        if weeks <= 0:
            return None, due, None
        if math.isinf(units):  # no rate is enough
            return None, None, next(p for p, u in lines if math.isinf(u))
        best = max(best, units / weeks)
    return best, None, None


def station_capacity(factory: Factory, station: Station) -> StationCapacity:
    hours = hours_per_week(factory, station)
    availability = station.failures.availability if station.failures else 1.0
    minutes = minutes_per_unit(factory, station)
    if minutes is None:
        return StationCapacity(
            station.id, hours, None, None, None, None, station.cells, availability
        )
    units = hours * 60.0 / minutes
    required, too_late, lost = required_per_week(factory, station)
    load: float | None = None
    if required is not None and units > 0:
        load = required / units
    elif required is not None and required == 0:
        load = 0.0
    return StationCapacity(
        station.id,
        hours,
        units,
        required,
        load,
        minutes,
        station.cells,
        availability,
        too_late,
        lost,
    )


def capacity(factory: Factory) -> Capacity:
    """Capacity of every station of ``factory`` (a base plan or a scenario)."""
    stations = tuple(station_capacity(factory, s) for s in factory.stations)
    bottleneck: str | None = None
    top = -1.0
    for s in stations:
        if s.load is not None and s.load > top:
            bottleneck, top = s.station, s.load
    return Capacity(stations, bottleneck, all(s.feasible for s in stations))

"""The capacity verdict in plain words, with a concrete way out.

"infeasible: flight-test needs 37% more capacity; e.g. a third shift or a
second cell". The suggestion: more shifts a day if the station's calendar
leaves hours in the day for them, else weekend days if it leaves days, and
always enough cells.
"""

from __future__ import annotations

import math

from rampline.domain.factory import Factory
from rampline.planning.capacity import Capacity, StationCapacity

_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")
_EPS = 1e-9


def more_needed(load: float) -> int:
    """Whole percent more capacity a station with ``load`` needs (rounded up)."""
    return max(1, math.ceil(round((load - 1.0) * 100.0, 6)))


def _nth(n: int, what: str) -> str:
    if n <= len(_ORDINALS):
        return f"a {_ORDINALS[n - 1]} {what}"
    return f"{n} {what}s"


def suggestion(factory: Factory, station: StationCapacity, load: float) -> str:
    """Ways to give ``station`` ``load`` times its capacity."""
    calendar = factory.calendars[factory.station(station.station).calendar]
    ideas: list[str] = []
    shifts = len(calendar.shifts)
    day_hours = sum(s.hours for s in calendar.shifts)
    if shifts and day_hours < 24:
        fit = math.floor((24 - day_hours) / (day_hours / shifts) + _EPS)
        wanted = math.ceil(shifts * load - _EPS)
        if 0 < wanted - shifts <= fit:
            ideas.append(
                _nth(wanted, "shift") if wanted == shifts + 1 else f"{wanted} shifts a day"
            )
    days = len(calendar.days)
    if not ideas and 0 < days < 7 and math.ceil(days * load - _EPS) <= 7:
        ideas.append(f"shifts on {math.ceil(days * load - _EPS)} days a week")
    cells = math.ceil(station.cells * load - _EPS)
    ideas.append(_nth(cells, "cell") if cells == station.cells + 1 else f"{cells} cells")
    return " or ".join(ideas)


def verdict(factory: Factory, result: Capacity) -> str:
    """One line: feasible with the bottleneck's load, or what is missing where."""
    late = [s for s in result.stations if s.too_late is not None]
    if late:
        s = late[0]
        station = factory.station(s.station)
        live = station.live_from.date() if station.live_from else factory.start.date()
        return (
            f"infeasible: {s.station} goes live on {live}, after the end of due date "
            f"{s.too_late}; it must be live earlier or the due date later"
        )
    lost = [s for s in result.stations if s.lost is not None]
    if lost:
        s = lost[0]
        step = next(st for st in factory.products[s.lost or ""].routing if st.scrap >= 1.0)
        return (
            f"infeasible: every unit of {s.lost} is scrapped at {step.station} (scrap 100%); "
            "no capacity can meet its demand"
        )
    dead = [s for s in result.stations if s.visited and s.load is None]
    if dead:
        return (
            f"infeasible: {dead[0].station} has no working time before the last due date "
            f"{factory.last_due.date()}"
        )
    if result.bottleneck is None:
        return "feasible: no station has work to do"
    top = result.station(result.bottleneck)
    assert top.load is not None
    if result.feasible:
        return f"feasible: the bottleneck {top.station} is loaded to {top.load:.0%}"
    text = (
        f"infeasible: {top.station} needs {more_needed(top.load)}% more capacity; "
        f"e.g. {suggestion(factory, top, top.load)}"
    )
    others = [
        s
        for s in result.stations
        if s.station != top.station and s.load is not None and s.load > 1.0
    ]
    if others:
        text += (
            " (also short: "
            + ", ".join(f"{s.station} {more_needed(s.load)}%" for s in others if s.load is not None)
            + ")"
        )
    return text

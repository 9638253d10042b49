"""Checks that need the whole model: calendars without working time, demand
that can never be met (a station that never goes live, never has working time
or never has a qualified crew), materials that can never cover the demand,
a product scrapped at every unit, stations no product uses."""

from __future__ import annotations

import datetime as dt

from rampline.domain.calendar import WorkingTime, has_working_time
from rampline.domain.factory import Factory
from rampline.factoryfile.reader import Reader
from rampline.factoryfile.staffing import crewing, need

_NEVER = "the demand can never be met"


def check_factory(reader: Reader, factory: Factory) -> None:
    horizon = factory.horizon
    empty: set[str] = set()
    for cid, cal in factory.calendars.items():
        if not has_working_time(cal, factory.start, horizon):
            empty.add(cid)
            reader.problem(
                ("calendars", cid),
                f"calendar '{cid}' has no working time at all: it needs days, shifts "
                "with hours, and not every working day a holiday",
            )
    used = {step.station for p in factory.products.values() for step in p.routing}
    demanded = {
        step.station for d in factory.demand for step in factory.products[d.product].routing
    }
    for station in factory.stations:
        path = ("stations", station.id)
        if station.id not in used:
            reader.warn(path, f"station '{station.id}' is on no product's routing")
        if station.id not in demanded or station.calendar in empty:
            continue
        if station.live_from is not None and station.live_from >= horizon:
            reader.problem(
                (*path, "live_from"),
                f"{_NEVER}: station '{station.id}' never goes live: live_from "
                f"{station.live_from.date()} is after the five-year horizon ({horizon.date()})",
            )
            continue
        outages = [(o.start, o.end) for o in factory.outages if o.applies_to(station.id)]
        live = max(factory.start, station.live_from or factory.start)
        if live == factory.start and not outages:
            continue  # the calendar check above covers it
        if WorkingTime(factory.calendars[station.calendar], live, horizon, outages).total <= 0:
            reader.problem(
                path,
                f"{_NEVER}: station '{station.id}' never has working time while it is live",
            )
    _check_crews(reader, factory, demanded)
    _check_materials(reader, factory)
    _check_scrap(reader, factory)


def _check_scrap(reader: Reader, factory: Factory) -> None:
    """A scrap rate of 100 % is a share the spec allows, but every unit of that
    product is scrapped there: like a material that can never cover the
    demand, a warning, and ``simulate`` runs to its limit."""
    for pid in dict.fromkeys(d.product for d in factory.demand):
        for i, step in enumerate(factory.products[pid].routing):
            if step.scrap >= 1.0:
                reader.warn(
                    ("products", pid, "routing", i, "scrap"),
                    f"{_NEVER}: every unit of product '{pid}' is scrapped at "
                    f"'{step.station}' (scrap 100%); `simulate` runs to the five-year limit",
                )


def _check_crews(reader: Reader, factory: Factory, demanded: set[str]) -> None:
    skills = [s.skill for s in factory.stations if s.skill is not None]
    for skill in dict.fromkeys(skills):
        result = crewing(factory, skill)
        for station in factory.stations:
            if station.skill != skill or station.id not in demanded:
                continue
            if result.first_staffed.get(station.id) is not None:
                continue
            if station.live_from is not None and station.live_from >= factory.horizon:
                continue  # reported as never live
            cell = need(factory, station)
            rota = factory.rota(station)
            why = (
                f"one cell needs {cell:g} qualified '{skill}' operators "
                f"(crew {station.crew} × rota {rota:g})"
            )
            if result.qualified + 1e-9 < cell:
                why += f", but only {result.qualified} are ever qualified"
            else:
                others = [
                    s.id
                    for s in factory.stations
                    if s.skill == skill and s.id != station.id and result.first_staffed.get(s.id)
                ]
                why += (
                    f", and the {result.qualified} ever qualified are all given to the cells of "
                    + ", ".join(f"'{o}'" for o in others)
                    + " first"
                )
            reader.problem(
                ("stations", station.id, "skill"),
                f"{_NEVER}: station '{station.id}' never has a qualified crew: {why}",
            )


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day)


def _check_materials(reader: Reader, factory: Factory) -> None:
    needed: dict[str, float] = {}
    for line in factory.demand:
        for step in factory.products[line.product].routing:
            for mid, qty in step.uses:
                needed[mid] = needed.get(mid, 0.0) + qty * line.quantity
    horizon = factory.horizon
    for mid, need_total in needed.items():
        material = factory.materials[mid]
        supply = material.on_hand
        for d in material.deliveries:
            supply += d.quantity * len(d.arrivals(horizon))
        if supply + 1e-9 < need_total:
            reader.warn(
                ("materials", mid),
                f"material '{mid}' can never cover the demand: it needs {need_total:g}, "
                f"but the stock and every delivery up to the five-year horizon give {supply:g}",
            )

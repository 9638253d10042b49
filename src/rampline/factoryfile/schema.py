"""Reads the plain document into the domain model, section by section.

Each ``_read_*`` function checks one section and returns domain objects (or
None where the section is too broken to build); problems are collected on the
:class:`~rampline.factoryfile.reader.Reader`, never raised one at a time.
Products, demand and outages are read in :mod:`rampline.factoryfile.routing`.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from rampline.domain.calendar import WEEKDAYS, Calendar, Shift
from rampline.domain.factory import Factory
from rampline.domain.line import Failures, Station
from rampline.domain.people import Hire, Skill
from rampline.domain.product import Delivery, Material
from rampline.factoryfile import values
from rampline.factoryfile.document import Path
from rampline.factoryfile.reader import Reader, did_you_mean
from rampline.factoryfile.routing import read_demand, read_line, read_outages, read_products

__all__ = ["read_factory", "read_outages"]

TOP_KEYS = (
    "factory",
    "start",
    "calendars",
    "stations",
    "people",
    "materials",
    "products",
    "demand",
    "line",
    "scenarios",
)
REQUIRED_TOP = ("start", "calendars", "stations", "products", "demand")
_NOT_GIVEN = object()


def read_factory(reader: Reader) -> Factory | None:
    """The model of the reader's document, or None if any error was found."""
    root = reader.mapping(reader.doc.data, (), "the factory file")
    if root is None:
        return None
    reader.keys(root, (), TOP_KEYS, REQUIRED_TOP)
    name = reader.text(root, (), "factory")
    start = reader.optional(root, (), "start", values.datetime)
    calendars = _read_calendars(reader, root.get("calendars", _NOT_GIVEN))
    people = _read_people(reader, root.get("people", _NOT_GIVEN))
    skills = list(people) if people is not None else []
    stations = _read_stations(reader, root.get("stations", _NOT_GIVEN), calendars, skills)
    materials = _read_materials(reader, root.get("materials", _NOT_GIVEN))
    station_ids = [s.id for s in stations] if stations is not None else []
    products = read_products(
        reader,
        section(reader, root.get("products", _NOT_GIVEN), "products"),
        station_ids,
        materials,
    )
    demand = read_demand(reader, root["demand"], products) if "demand" in root else None
    wip_limit = read_line(reader, root.get("line"))
    if (
        start is None
        or calendars is None
        or stations is None
        or people is None
        or materials is None
        or products is None
        or demand is None
        or not reader.ok
    ):
        return None
    return Factory(
        name=name,
        start=start,
        calendars=calendars,
        stations=tuple(stations),
        products=products,
        demand=tuple(demand),
        people=people,
        materials=materials,
        wip_limit=wip_limit,
    )


def section(
    reader: Reader, value: Any, key: str, *, required: bool = True
) -> dict[str, Any] | None:
    """A top-level mapping; a required one may not be empty (its absence is
    reported by the top-level key check)."""
    if value is _NOT_GIVEN:
        return None if required else {}
    if value is None and not required:
        return {}
    sec = reader.mapping(value, (key,), f"'{key}'")
    if sec is not None and required and not sec:
        reader.problem((key,), f"'{key}' is empty: define at least one")
    return sec


def _read_calendars(reader: Reader, value: Any) -> dict[str, Calendar] | None:
    sec = section(reader, value, "calendars")
    if sec is None:
        return None
    out: dict[str, Calendar] = {}
    for cid, raw in sec.items():
        path: Path = ("calendars", cid)
        body = reader.mapping(raw, path, f"calendar '{cid}'")
        if body is None:
            continue
        reader.keys(body, path, ("days", "shifts", "holidays", "rota"), ("shifts",))
        days = _read_days(reader, body, path)
        shifts = _read_shifts(reader, body, path)
        holidays: set[dt.date] = set()
        raw_h = body.get("holidays")
        if raw_h is not None and not isinstance(raw_h, list):
            reader.problem((*path, "holidays"), "holidays must be a list of dates")
        for i, h in enumerate(raw_h if isinstance(raw_h, list) else []):
            d = reader.convert(h, (*path, "holidays", i), values.date)
            if d is not None:
                holidays.add(d)
        rota = reader.number(body, path, "rota")
        out[cid] = Calendar(cid, tuple(shifts), days, frozenset(holidays), rota or 1.0)
    return out


def _read_days(reader: Reader, body: dict[str, Any], path: Path) -> frozenset[int]:
    if "days" not in body:
        return frozenset(range(7))
    raw = body["days"]
    if not isinstance(raw, list):
        reader.problem((*path, "days"), "days must be a list such as [mon, tue, wed, thu, fri]")
        return frozenset()
    picked: set[int] = set()
    for i, d in enumerate(raw):
        name = str(d).lower()
        if name in WEEKDAYS:
            picked.add(WEEKDAYS.index(name))
        else:
            hint = did_you_mean(name, WEEKDAYS) or ": use mon, tue, wed, thu, fri, sat or sun"
            reader.problem((*path, "days", i), f"unknown day '{d}'{hint}")
    return frozenset(picked)


def _read_shifts(reader: Reader, body: dict[str, Any], path: Path) -> list[Shift]:
    raw = body.get("shifts")
    if "shifts" in body and (not isinstance(raw, list) or not raw):
        reader.problem((*path, "shifts"), "shifts must be a non-empty list of {start, hours}")
    shifts: list[tuple[int, Shift]] = []
    for i, s in enumerate(raw if isinstance(raw, list) else []):
        spath: Path = (*path, "shifts", i)
        sb = reader.mapping(s, spath, "a shift")
        if sb is None:
            continue
        reader.keys(sb, spath, ("start", "hours"), ("start", "hours"))
        begin = reader.optional(sb, spath, "start", values.time_of_day)
        hours = reader.number(sb, spath, "hours")
        if begin is not None and hours is not None:
            shifts.append((i, Shift(begin, hours)))
    ordered = sorted(shifts, key=lambda p: p[1].start_minute)
    for (_, a), (ib, b) in itertools.pairwise(ordered):
        if a.start_minute + a.minutes > b.start_minute:
            reader.problem(
                (*path, "shifts", ib),
                f"shifts of one day overlap: the shift at {_hhmm(a.start_minute)} "
                f"({a.hours:g} h) runs past the start of the one at {_hhmm(b.start_minute)}",
            )
    return [s for _, s in shifts]


def _hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _read_stations(
    reader: Reader, value: Any, calendars: dict[str, Calendar] | None, skills: list[str]
) -> list[Station] | None:
    sec = section(reader, value, "stations")
    if sec is None:
        return None
    out: list[Station] = []
    keys = ("name", "calendar", "cells", "crew", "skill", "buffer", "live_from", "failures")
    for sid, raw in sec.items():
        path: Path = ("stations", sid)
        body = reader.mapping(raw, path, f"station '{sid}'")
        if body is None:
            continue
        reader.keys(body, path, keys, ("calendar",))
        cal = None
        if "calendar" in body and calendars is not None:  # else its section's error says it
            cal = reader.reference(body["calendar"], (*path, "calendar"), "calendar", calendars)
        cells = reader.whole(body, path, "cells", minimum=1)
        crew = reader.whole(body, path, "crew", minimum=1)
        buffer = reader.whole(body, path, "buffer", minimum=0)
        skill = None
        if "skill" in body:
            skill = reader.reference(body["skill"], (*path, "skill"), "skill", skills)
        live_day = reader.optional(body, path, "live_from", values.date)
        live = dt.datetime(live_day.year, live_day.month, live_day.day) if live_day else None
        failures = None
        if "failures" in body:
            failures = _read_failures(reader, body["failures"], (*path, "failures"))
        name = reader.text(body, path, "name")
        out.append(
            Station(sid, cal or "", name, cells or 1, crew or 1, skill, buffer, live, failures)
        )
    return out


def _read_failures(reader: Reader, value: Any, path: Path) -> Failures | None:
    body = reader.mapping(value, path, "failures")
    if body is None:
        return None
    reader.keys(body, path, ("mtbf", "mttr"), ("mtbf", "mttr"))
    mtbf = reader.optional(body, path, "mtbf", values.duration)
    mttr = None
    if "mttr" in body:
        mttr = reader.time(body["mttr"], (*path, "mttr"), exponential_plain=True)
    if mtbf is None or mttr is None:
        return None
    return Failures(mtbf, mttr)


def _read_people(reader: Reader, value: Any) -> dict[str, Skill] | None:
    sec = section(reader, value, "people", required=False)
    if sec is None:
        return None
    out: dict[str, Skill] = {}
    for kid, raw in sec.items():
        path: Path = ("people", kid)
        body = reader.mapping({} if raw is None else raw, path, f"skill '{kid}'")
        if body is None:
            out[kid] = Skill(kid)
            continue
        reader.keys(body, path, ("training", "training_places", "hires"))
        training = reader.optional(body, path, "training", values.duration)
        places = reader.whole(body, path, "training_places", minimum=1)
        hires = _read_hires(reader, body.get("hires"), (*path, "hires"))
        if "training" not in body and any(not h.trained for h in hires):
            reader.problem(
                path,
                f"missing required key 'training' in people.{kid}: skill '{kid}' "
                "hires people who are not trained, so it needs 'training' "
                "(how long until they are qualified)",
            )
        out[kid] = Skill(kid, tuple(hires), training, places)
    return out


def _read_hires(reader: Reader, raw: Any, path: Path) -> list[Hire]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        reader.problem(path, "hires must be a list of {on, count, trained}")
        return []
    hires: list[Hire] = []
    for i, h in enumerate(raw):
        hpath: Path = (*path, i)
        hb = reader.mapping(h, hpath, "a hire")
        if hb is None:
            continue
        reader.keys(hb, hpath, ("on", "count", "trained"), ("on", "count"))
        on = reader.optional(hb, hpath, "on", values.date)
        count = reader.whole(hb, hpath, "count", minimum=1)
        trained = hb.get("trained", False)
        if not isinstance(trained, bool):
            reader.problem(
                (*hpath, "trained"), f"trained must be true or false, got {values.show(trained)}"
            )
            trained = False
        if on is not None and count is not None:
            hires.append(Hire(on, count, trained))
    return hires


def _read_materials(reader: Reader, value: Any) -> dict[str, Material] | None:
    sec = section(reader, value, "materials", required=False)
    if sec is None:
        return None
    out: dict[str, Material] = {}
    for mid, raw in sec.items():
        path: Path = ("materials", mid)
        body = reader.mapping({} if raw is None else raw, path, f"material '{mid}'")
        if body is None:
            out[mid] = Material(mid)
            continue
        reader.keys(body, path, ("on_hand", "deliveries"))
        on_hand = reader.whole(body, path, "on_hand", minimum=0)
        deliveries: list[Delivery] = []
        raw_d = body.get("deliveries")
        if raw_d is not None and not isinstance(raw_d, list):
            reader.problem(
                (*path, "deliveries"), "deliveries must be a list of {first, every, quantity}"
            )
        for i, d in enumerate(raw_d if isinstance(raw_d, list) else []):
            delivery = _read_delivery(reader, d, (*path, "deliveries", i))
            if delivery is not None:
                deliveries.append(delivery)
        out[mid] = Material(mid, float(on_hand or 0), tuple(deliveries))
    return out


def _read_delivery(reader: Reader, value: Any, path: Path) -> Delivery | None:
    body = reader.mapping(value, path, "a delivery")
    if body is None:
        return None
    reader.keys(body, path, ("first", "every", "quantity", "until"), ("first", "quantity"))
    first = reader.optional(body, path, "first", values.date)
    qty = reader.whole(body, path, "quantity", minimum=1)
    every = reader.optional(body, path, "every", values.duration)
    until = reader.optional(body, path, "until", values.date)
    if first is not None and until is not None and until < first:
        reader.problem((*path, "until"), f"until {until} is before first {first}")
    if first is None or qty is None:
        return None
    return Delivery(first, qty, every, until)

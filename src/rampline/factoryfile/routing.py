"""Reads products (routings), demand, line rules and scenario outages."""

from __future__ import annotations

import functools
from typing import Any

from rampline.domain.demand import DemandLine
from rampline.domain.line import Outage
from rampline.domain.product import Learning, Material, Product, Rework, Step
from rampline.factoryfile import values
from rampline.factoryfile.document import Path
from rampline.factoryfile.reader import Reader

_STEP_KEYS = ("station", "time", "learning", "uses", "rework", "scrap")


def read_products(
    reader: Reader,
    sec: dict[str, Any] | None,
    stations: list[str],
    materials: dict[str, Material] | None,
) -> dict[str, Product] | None:
    if sec is None:
        return None
    out: dict[str, Product] = {}
    for pid, raw in sec.items():
        path: Path = ("products", pid)
        body = reader.mapping(raw, path, f"product '{pid}'")
        if body is None:
            continue
        reader.keys(body, path, ("name", "routing"), ("routing",))
        routing = body.get("routing")
        if "routing" in body and (not isinstance(routing, list) or not routing):
            reader.problem((*path, "routing"), "routing must be a non-empty list of steps")
        steps: list[Step] = []
        last = -1
        for i, s in enumerate(routing if isinstance(routing, list) else []):
            spath: Path = (*path, "routing", i)
            step = _read_step(reader, s, spath, stations, materials)
            if step is None:
                continue
            index = stations.index(step.station)
            if index == last:
                reader.problem(
                    (*spath, "station"),
                    f"routing visits '{step.station}' twice: a routing visits each station "
                    "at most once",
                )
            elif index < last:
                reader.problem(
                    (*spath, "station"),
                    f"routing out of line order: '{step.station}' comes before "
                    f"'{stations[last]}' in the line, so it cannot follow it "
                    "(a routing visits stations in line order)",
                )
            last = max(last, index)
            steps.append(step)
        out[pid] = Product(pid, tuple(steps), reader.text(body, path, "name"))
    return out


def _read_step(
    reader: Reader,
    value: Any,
    path: Path,
    stations: list[str],
    materials: dict[str, Material] | None,
) -> Step | None:
    body = reader.mapping(value, path, "a routing step")
    if body is None:
        return None
    reader.keys(body, path, _STEP_KEYS, ("station", "time"))
    station = None
    if "station" in body:
        station = reader.reference(body["station"], (*path, "station"), "station", stations)
    time = reader.time(body["time"], (*path, "time")) if "time" in body else None
    learning = _read_learning(reader, body, path) if "learning" in body else None
    uses: list[tuple[str, float]] = []
    if "uses" in body:
        up: Path = (*path, "uses")
        ub = reader.mapping(body["uses"], up, "uses")
        for mid, qty in (ub or {}).items():
            ok = reader.reference(mid, (*up, mid), "material", materials or {})
            q = reader.convert(qty, (*up, mid), functools.partial(values.number, what=str(mid)))
            if ok and q is not None:
                uses.append((mid, q))
    rework = _read_rework(reader, body, path) if "rework" in body else None
    scrap = reader.optional(body, path, "scrap", values.share)
    if station is None or time is None:
        return None
    return Step(station, time, learning, tuple(uses), rework, scrap or 0.0)


def _read_learning(reader: Reader, body: dict[str, Any], path: Path) -> Learning | None:
    lp: Path = (*path, "learning")
    lb = reader.mapping(body["learning"], lp, "learning")
    if lb is None:
        return None
    reader.keys(lb, lp, ("rate", "first"), ("rate", "first"))
    rate = reader.optional(lb, lp, "rate", values.share)
    if rate is not None and rate <= 0:
        reader.problem((*lp, "rate"), "a learning rate must be above 0%")
        rate = None
    first = reader.optional(lb, lp, "first", values.duration)
    if rate is None or first is None:
        return None
    return Learning(rate, first)


def _read_rework(reader: Reader, body: dict[str, Any], path: Path) -> Rework | None:
    rp: Path = (*path, "rework")
    rb = reader.mapping(body["rework"], rp, "rework")
    if rb is None:
        return None
    reader.keys(rb, rp, ("rate", "time"), ("rate", "time"))
    rate = reader.optional(rb, rp, "rate", values.share)
    rtime = reader.time(rb["time"], (*rp, "time")) if "time" in rb else None
    if rate is None or rtime is None:
        return None
    return Rework(rate, rtime)


def read_demand(
    reader: Reader, value: Any, products: dict[str, Product] | None
) -> list[DemandLine] | None:
    if not isinstance(value, list) or not value:
        reader.problem(
            ("demand",),
            "demand must be a non-empty list of {product, quantity, due}, "
            f"got {values.show(value)}",
        )
        return None
    out: list[DemandLine] = []
    for i, d in enumerate(value):
        path: Path = ("demand", i)
        body = reader.mapping(d, path, "a demand line")
        if body is None:
            continue
        reader.keys(body, path, ("product", "quantity", "due"), ("product", "quantity", "due"))
        product = None
        if "product" in body:
            product = reader.reference(
                body["product"], (*path, "product"), "product", products or {}
            )
        qty = reader.whole(body, path, "quantity", minimum=1)
        due = reader.optional(body, path, "due", values.date)
        if product and qty is not None and due is not None:
            out.append(DemandLine(product, qty, due))
    return out


def read_line(reader: Reader, value: Any) -> int | None:
    if value is None:
        return None
    body = reader.mapping(value, ("line",), "'line'")
    if body is None:
        return None
    reader.keys(body, ("line",), ("wip_limit",))
    return reader.whole(body, ("line",), "wip_limit", minimum=1)


def read_outages(reader: Reader, value: Any, path: Path, stations: list[str]) -> list[Outage]:
    if not isinstance(value, list):
        reader.problem(path, "outages must be a list of {stations, from, to}")
        return []
    out: list[Outage] = []
    for i, o in enumerate(value):
        opath: Path = (*path, i)
        body = reader.mapping(o, opath, "an outage")
        if body is None:
            continue
        reader.keys(body, opath, ("stations", "from", "to"), ("stations", "from", "to"))
        which: tuple[str, ...] | None = None
        ok = "stations" in body
        raw = body.get("stations")
        if raw == "all":
            which = None
        elif isinstance(raw, list) and raw:
            names = [
                reader.reference(s, (*opath, "stations", j), "station", stations)
                for j, s in enumerate(raw)
            ]
            ok = all(names)
            which = tuple(n for n in names if n)
        elif "stations" in body:
            reader.problem((*opath, "stations"), "stations must be 'all' or a list of station ids")
            ok = False
        begin = reader.optional(body, opath, "from", values.datetime)
        end = reader.optional(body, opath, "to", values.datetime)
        if begin is not None and end is not None and end <= begin:
            reader.problem(
                (*opath, "to"),
                f"an outage must end after it begins: to {end.isoformat(timespec='minutes')} "
                f"is not after from {begin.isoformat(timespec='minutes')}",
            )
            ok = False
        if ok and begin is not None and end is not None:
            out.append(Outage(which, begin, end))
    return out

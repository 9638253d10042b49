"""``/wip``, ``/output``, ``/yields``, ``/downtime``: the line at a glance."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter

from rampline.api.deps import UowDep
from rampline.api.schemas.reads import (
    DailyOutputPublic,
    DowntimePublic,
    StationWipPublic,
    StationYieldPublic,
)
from rampline.errors import InputError
from rampline.services import queries

router = APIRouter(tags=["reports"])


@router.get("/wip", response_model=list[StationWipPublic])
def get_wip(uow: UowDep) -> list[StationWipPublic]:
    """Units waiting for and in the cells of each station, in line order."""
    return [
        StationWipPublic(
            station=w.station,
            waiting=w.waiting,
            in_cells=w.in_cells,
            serials_in_cells=w.serials_in_cells,
        )
        for w in queries.wip(uow)
    ]


@router.get("/output", response_model=list[DailyOutputPublic])
def get_output(
    uow: UowDep, start: dt.date | None = None, end: dt.date | None = None
) -> list[DailyOutputPublic]:
    """Units that passed their last step, per day (factory time) and product."""
    if start is not None and end is not None and start > end:
        raise InputError(f"start {start} is after end {end}", "query.start")
    if end is not None and end >= dt.date.max:
        raise InputError(f"end must be before {dt.date.max}", "query.end")
    return [
        DailyOutputPublic(day=d, product=p, units=n)
        for d, p, n in queries.output_per_day(uow, start, end)
    ]


@router.get("/yields", response_model=list[StationYieldPublic], response_model_by_alias=True)
def get_yields(uow: UowDep) -> list[StationYieldPublic]:
    """Per station: operations ended, passed, reworked, scrapped, yield, first-pass yield."""
    return [StationYieldPublic.of(y) for y in queries.yields(uow)]


@router.get("/downtime", response_model=list[DowntimePublic])
def get_downtime(uow: UowDep, station: str | None = None) -> list[DowntimePublic]:
    return [
        DowntimePublic(station=d.station, cell=d.cell, start=d.start, end=d.end, reason=d.reason)
        for d in queries.downtime(uow, station)
    ]

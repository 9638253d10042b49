"""Station events as posted: one JSON object per event, told apart by ``type``.

Times are factory local time without a zone (as in the factory file).
``seq`` is the station's own running number of its events, from 1.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, NaiveDatetime

from rampline.api.schemas.fields import Id, Text
from rampline.domain import tracking as r

Seq = Annotated[
    int, Field(ge=1, le=2**31 - 1, strict=True, description="the station's number for the event")
]
Cell = Annotated[int, Field(ge=1, le=10_000, strict=True)]


class _Event(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    station: Id
    seq: Seq


class OperationStartCreate(_Event):
    type: Literal["operation.start"]
    at: NaiveDatetime
    serial: Id
    operator: Id
    cell: Cell = 1


class OperationEndCreate(_Event):
    type: Literal["operation.end"]
    at: NaiveDatetime
    serial: Id
    outcome: Literal["pass", "rework", "scrap"]
    cell: Cell = 1
    operator: Id | None = None


class MeasurementCreate(_Event):
    type: Literal["measurement"]
    at: NaiveDatetime
    serial: Id
    characteristic: Id
    # bounded so that sums, ranges and squares of many of them stay finite
    value: float = Field(allow_inf_nan=False, strict=True, ge=-1e100, le=1e100)


class DowntimeCreate(_Event):
    type: Literal["downtime"]
    start: NaiveDatetime
    end: NaiveDatetime
    reason: Text
    cell: Cell | None = None


class MaterialConsumedCreate(_Event):
    type: Literal["material.consumed"]
    at: NaiveDatetime
    serial: Id
    lot: Id
    quantity: float = Field(1.0, gt=0, allow_inf_nan=False, strict=True)


EventCreate = Annotated[
    OperationStartCreate
    | OperationEndCreate
    | MeasurementCreate
    | DowntimeCreate
    | MaterialConsumedCreate,
    Field(discriminator="type"),
]


class EventBatchCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    events: list[EventCreate] = Field(min_length=1, max_length=10_000)


class StationSequencePublic(BaseModel):
    station: str
    last_seq: int = Field(description="highest event number received from the station")
    received: int = Field(description="events received from the station")
    missing: int = Field(description="numbers below last_seq never received (gaps)")


class EventBatchPublic(BaseModel):
    accepted: int
    stations: list[StationSequencePublic]


class GapPublic(BaseModel):
    station: str
    first: int
    last: int


def to_event(
    m: OperationStartCreate
    | OperationEndCreate
    | MeasurementCreate
    | DowntimeCreate
    | MaterialConsumedCreate,
) -> r.StationEvent:
    if isinstance(m, OperationStartCreate):
        return r.OperationStart(m.station, m.seq, m.at, m.serial, m.operator, m.cell)
    if isinstance(m, OperationEndCreate):
        return r.OperationEnd(
            m.station, m.seq, m.at, m.serial, r.Outcome(m.outcome), m.cell, m.operator
        )
    if isinstance(m, MeasurementCreate):
        return r.Measurement(m.station, m.seq, m.at, m.serial, m.characteristic, m.value)
    if isinstance(m, DowntimeCreate):
        return r.Downtime(m.station, m.seq, m.start, m.end, m.reason, m.cell)
    return r.MaterialConsumed(m.station, m.seq, m.at, m.serial, m.lot, m.quantity)

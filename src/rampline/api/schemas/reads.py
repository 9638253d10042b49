"""Bodies of the reads: history, genealogy, WIP, output, yields, and errors."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from rampline.api.schemas.master import LotPublic, UnitPublic
from rampline.domain import tracking as r
from rampline.services import queries as q


class OperationPublic(BaseModel):
    station: str
    cell: int
    operator: str | None
    start: dt.datetime
    end: dt.datetime
    outcome: str
    attempt: int

    @classmethod
    def of(cls, o: r.OperationRecord) -> OperationPublic:
        return cls(
            station=o.station,
            cell=o.cell,
            operator=o.operator,
            start=o.start,
            end=o.end,
            outcome=o.outcome.value,
            attempt=o.attempt,
        )


class MeasurementPublic(BaseModel):
    station: str
    characteristic: str
    value: float
    unit_of_measure: str
    lsl: float | None
    usl: float | None
    at: dt.datetime

    @classmethod
    def of(cls, m: r.MeasurementRecord) -> MeasurementPublic:
        return cls(
            station=m.station,
            characteristic=m.characteristic,
            value=m.value,
            unit_of_measure=m.unit_of_measure,
            lsl=m.lsl,
            usl=m.usl,
            at=m.at,
        )


class ConsumptionPublic(BaseModel):
    serial: str
    lot: str
    station: str
    quantity: float
    at: dt.datetime

    @classmethod
    def of(cls, c: r.Consumption) -> ConsumptionPublic:
        return cls(serial=c.serial, lot=c.lot, station=c.station, quantity=c.quantity, at=c.at)


class UnitHistoryPublic(BaseModel):
    unit: UnitPublic
    operations: list[OperationPublic]
    measurements: list[MeasurementPublic]
    consumptions: list[ConsumptionPublic]

    @classmethod
    def of(cls, h: q.UnitHistory) -> UnitHistoryPublic:
        return cls(
            unit=UnitPublic.of(h.unit),
            operations=[OperationPublic.of(o) for o in h.operations],
            measurements=[MeasurementPublic.of(m) for m in h.measurements],
            consumptions=[ConsumptionPublic.of(c) for c in h.consumptions],
        )


class LotUsePublic(BaseModel):
    lot: LotPublic
    consumptions: list[ConsumptionPublic] = Field(description="which serials hold the lot")


class StationWipPublic(BaseModel):
    station: str
    waiting: int
    in_cells: int
    serials_in_cells: list[str]


class DailyOutputPublic(BaseModel):
    day: dt.date
    product: str
    units: int


class StationYieldPublic(BaseModel):
    station: str
    operations: int
    passed: int
    reworked: int
    scrapped: int
    yield_: float | None = Field(alias="yield", serialization_alias="yield")
    first_pass_yield: float | None

    @classmethod
    def of(cls, y: q.StationYield) -> StationYieldPublic:
        return cls.model_validate(
            {
                "station": y.station,
                "operations": y.operations,
                "passed": y.passed,
                "reworked": y.reworked,
                "scrapped": y.scrapped,
                "yield": y.yield_,
                "first_pass_yield": y.first_pass_yield,
            }
        )


class DowntimePublic(BaseModel):
    station: str
    cell: int | None
    start: dt.datetime
    end: dt.datetime
    reason: str


class ProblemPublic(BaseModel):
    index: int | None = None
    code: str
    field: str
    message: str


class ErrorPublic(BaseModel):
    code: str = Field(description="stable error code (see rampline.errors)")
    message: str
    field: str = Field(description="the offending field, dotted ('events[3].serial')")
    problems: list[ProblemPublic] = []

"""Master data bodies: factory models, characteristics, operators, work orders, lots."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, NaiveDatetime, ValidationInfo, field_validator

from rampline.api.schemas.fields import Id
from rampline.domain import tracking as r


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FactoryModelCreate(_In):
    text: str = Field(min_length=1, description="the factory file (YAML) as text")
    loaded_by: Id


class FactoryModelPublic(BaseModel):
    version: int
    name: str
    sha256: str
    loaded_by: str
    loaded_at: dt.datetime

    @classmethod
    def of(cls, m: r.FactoryModel) -> FactoryModelPublic:
        return cls(
            version=m.version,
            name=m.name,
            sha256=m.sha256,
            loaded_by=m.loaded_by,
            loaded_at=m.loaded_at,
        )


Limit = Annotated[float | None, Field(allow_inf_nan=False, strict=True)]


class CharacteristicCreate(_In):
    id: Id
    station: Id
    unit_of_measure: Annotated[str, Field(min_length=1, max_length=50)]
    lsl: Limit = Field(None, description="lower spec limit")
    usl: Limit = Field(None, description="upper spec limit")
    target: Limit = None
    product: Id | None = Field(None, description="omit: every product measured there")
    name: str = ""

    @field_validator("usl")
    @classmethod
    def _above_lsl(cls, usl: float | None, info: ValidationInfo) -> float | None:
        lsl = info.data.get("lsl")
        if usl is not None and lsl is not None and not usl > lsl:
            raise ValueError(f"usl must be above lsl ({lsl:g}), got {usl:g}")
        return usl

    @field_validator("target")
    @classmethod
    def _within_limits(cls, target: float | None, info: ValidationInfo) -> float | None:
        lsl, usl = info.data.get("lsl"), info.data.get("usl")
        if target is not None and (
            (lsl is not None and target < lsl) or (usl is not None and target > usl)
        ):
            raise ValueError(f"target {target:g} lies outside the specification limits")
        return target

    def record(self) -> r.Characteristic:
        return r.Characteristic(
            self.id,
            self.station,
            self.unit_of_measure,
            self.lsl,
            self.usl,
            self.target,
            self.product,
            self.name,
        )


class CharacteristicPublic(CharacteristicCreate):
    @classmethod
    def of(cls, c: r.Characteristic) -> CharacteristicPublic:
        return cls(
            id=c.id,
            station=c.station,
            unit_of_measure=c.unit_of_measure,
            lsl=c.lsl,
            usl=c.usl,
            target=c.target,
            product=c.product,
            name=c.name,
        )


class QualificationCreate(_In):
    skill: Id
    qualified_on: dt.date
    expires: dt.date | None = Field(None, description="first day it no longer holds")

    def record(self) -> r.Qualification:
        return r.Qualification(self.skill, self.qualified_on, self.expires)


class QualificationPublic(QualificationCreate):
    pass


class OperatorCreate(_In):
    id: Id
    name: str = ""
    qualifications: list[QualificationCreate] = []

    def record(self) -> r.Operator:
        return r.Operator(self.id, self.name, tuple(q.record() for q in self.qualifications))


class OperatorPublic(BaseModel):
    id: str
    name: str
    qualifications: list[QualificationPublic]

    @classmethod
    def of(cls, o: r.Operator) -> OperatorPublic:
        return cls(
            id=o.id,
            name=o.name,
            qualifications=[
                QualificationPublic(skill=q.skill, qualified_on=q.qualified_on, expires=q.expires)
                for q in o.qualifications
            ],
        )


class WorkOrderCreate(_In):
    id: Id
    product: Id
    quantity: int = Field(ge=1, le=1_000_000, strict=True)
    due: dt.date | None = None
    serials: list[Id] = Field([], description="serial numbers of its units, if known now")


class UnitsCreate(_In):
    serials: list[Id] = Field(min_length=1)


class UnitPublic(BaseModel):
    serial: str
    work_order: str
    product: str
    status: str
    step: int = Field(description="index of the next routing step")
    running_station: str | None
    running_cell: int | None
    running_since: dt.datetime | None
    finished_at: dt.datetime | None

    @classmethod
    def of(cls, u: r.Unit) -> UnitPublic:
        return cls(
            serial=u.serial,
            work_order=u.work_order,
            product=u.product,
            status=u.status.value,
            step=u.step,
            running_station=u.running_station,
            running_cell=u.running_cell,
            running_since=u.running_since,
            finished_at=u.finished_at,
        )


class WorkOrderPublic(BaseModel):
    id: str
    product: str
    quantity: int
    due: dt.date | None
    created_at: dt.datetime | None
    units: list[UnitPublic]

    @classmethod
    def of(cls, o: r.WorkOrder, units: list[r.Unit]) -> WorkOrderPublic:
        return cls(
            id=o.id,
            product=o.product,
            quantity=o.quantity,
            due=o.due,
            created_at=o.created_at,
            units=[UnitPublic.of(u) for u in units],
        )


class LotCreate(_In):
    lot: Id
    material: Id
    quantity: float = Field(gt=0, allow_inf_nan=False, strict=True)
    received_at: NaiveDatetime
    supplier: str = ""

    def record(self) -> r.Lot:
        return r.Lot(
            self.lot, self.material, self.quantity, self.quantity, self.received_at, self.supplier
        )


class LotPublic(BaseModel):
    lot: str
    material: str
    quantity: float
    remaining: float
    received_at: dt.datetime
    supplier: str

    @classmethod
    def of(cls, x: r.Lot) -> LotPublic:
        return cls(
            lot=x.id,
            material=x.material,
            quantity=x.quantity,
            remaining=x.remaining,
            received_at=x.received_at,
            supplier=x.supplier,
        )

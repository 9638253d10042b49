"""Quality bodies: alerts, chart settings, nonconformance reports and their Pareto."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from rampline import spc
from rampline.api.schemas.fields import Id, Text
from rampline.domain import quality as q

Reason = Annotated[Text, Field(description="why, in plain words")]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AlertPublic(BaseModel):
    id: int
    characteristic: str
    rule: str = Field(description="the run rule, e.g. 'western-electric-2'")
    panel: str = Field(description="'x' (individuals) or 'MR' (moving ranges)")
    points: list[int] = Field(description="1-based chart positions newly flagged")
    serials: list[str] = Field(description="the unit measured at each of those points")
    raised_at: dt.datetime
    message: str
    status: str = Field(description="'open' or 'acknowledged'")
    acknowledged_by: str | None
    acknowledged_at: dt.datetime | None
    reason: str | None

    @classmethod
    def of(cls, a: q.Alert) -> AlertPublic:
        return cls(
            id=a.id,
            characteristic=a.characteristic,
            rule=a.rule,
            panel=a.panel,
            points=list(a.points),
            serials=list(a.serials),
            raised_at=a.raised_at,
            message=a.message,
            status=a.status.value,
            acknowledged_by=a.acknowledged_by,
            acknowledged_at=a.acknowledged_at,
            reason=a.reason,
        )


class AcknowledgeCreate(_In):
    by: Id
    reason: Reason


class ChartSettingsCreate(_In):
    baseline: int = Field(
        20,
        ge=2,
        le=100_000,
        strict=True,
        description="phase I: the first N measurements set the limits",
    )
    rules: Literal["western-electric", "nelson", "none"] = "western-electric"


class ChartSettingsPublic(BaseModel):
    characteristic: str
    baseline: int
    rules: str
    limits_frozen: bool
    center: float | None
    sigma: float | None
    frozen_at: dt.datetime | None

    @classmethod
    def of(cls, s: q.ChartSettings) -> ChartSettingsPublic:
        return cls(
            characteristic=s.characteristic,
            baseline=s.baseline,
            rules=s.rules,
            limits_frozen=s.frozen,
            center=s.center,
            sigma=s.sigma,
            frozen_at=s.frozen_at,
        )


ChartPublic = dict[str, Any]  # the keys of `rampline spc --json`, see docs/spc.md


DispositionName = Literal["rework", "scrap", "use-as-is", "return-to-supplier"]


class NonconformanceCreate(_In):
    serial: Id
    station: Id = Field(description="the station (operation) where it was found")
    lot: Id | None = Field(None, description="the material lot, if it is suspect")
    defect_code: Id
    description: Reason
    reported_by: Id


class DispositionCreate(_In):
    disposition: DispositionName
    by: Id
    reason: Reason


class CloseCreate(_In):
    by: Id
    reason: Reason


class NcrStepPublic(BaseModel):
    action: str
    status: str
    by: str
    reason: str
    at: dt.datetime
    disposition: str | None


class NonconformancePublic(BaseModel):
    id: int
    serial: str
    station: str
    lot: str | None
    defect_code: str
    description: str
    reported_by: str
    reported_at: dt.datetime
    status: str = Field(description="'open', 'dispositioned' or 'closed'")
    disposition: str | None = Field(description="rework, scrap, use-as-is, return-to-supplier")
    history: list[NcrStepPublic]

    @classmethod
    def of(cls, n: q.Nonconformance) -> NonconformancePublic:
        return cls(
            id=n.id,
            serial=n.serial,
            station=n.station,
            lot=n.lot,
            defect_code=n.defect_code,
            description=n.description,
            reported_by=n.reported_by,
            reported_at=n.reported_at,
            status=n.status.value,
            disposition=n.disposition.value if n.disposition else None,
            history=[
                NcrStepPublic(
                    action=s.action.value,
                    status=s.status.value,
                    by=s.by,
                    reason=s.reason,
                    at=s.at,
                    disposition=s.disposition.value if s.disposition else None,
                )
                for s in n.history
            ],
        )


class ParetoBarPublic(BaseModel):
    defect_code: str
    count: int
    share: float
    cumulative: float

    @classmethod
    def of(cls, b: spc.ParetoBar) -> ParetoBarPublic:
        return cls(defect_code=b.code, count=b.count, share=b.share, cumulative=b.cumulative)

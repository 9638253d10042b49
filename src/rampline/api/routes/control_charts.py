"""``/characteristics/{id}/chart``: the control chart of a characteristic, and its settings."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from rampline.api.deps import TrackingDep, UowDep
from rampline.api.schemas.quality import ChartSettingsCreate, ChartSettingsPublic
from rampline.api.schemas.reads import ErrorPublic
from rampline.services import quality

router = APIRouter(prefix="/characteristics", tags=["control charts"])


@router.get("/{characteristic}/chart", responses={s: {"model": ErrorPublic} for s in (404, 409)})
def get_chart(characteristic: str, uow: UowDep) -> dict[str, Any]:
    """The I-MR chart: the keys of ``rampline spc --json`` (see docs/spc.md) and
    ``characteristic``, ``rules``, ``limits_frozen``, ``serials``."""
    return quality.chart(uow, characteristic)


@router.get(
    "/{characteristic}/chart-settings",
    response_model=ChartSettingsPublic,
    responses={404: {"model": ErrorPublic}},
)
def get_settings(characteristic: str, uow: UowDep) -> ChartSettingsPublic:
    return ChartSettingsPublic.of(quality.chart_settings(uow, characteristic))


@router.put(
    "/{characteristic}/chart-settings",
    response_model=ChartSettingsPublic,
    responses={s: {"model": ErrorPublic} for s in (404, 409, 422)},
)
def put_settings(
    characteristic: str, body: ChartSettingsCreate, tracking: TrackingDep
) -> ChartSettingsPublic:
    """Baseline size and rule set; refused (409) once the limits are frozen."""
    return ChartSettingsPublic.of(
        quality.set_chart_settings(
            tracking.uow, characteristic, body.baseline, body.rules, tracking.clock
        )
    )

"""``/units``: a unit's history, and the lots it holds (genealogy, downwards)."""

from __future__ import annotations

from fastapi import APIRouter

from rampline.api.deps import UowDep
from rampline.api.schemas.reads import ConsumptionPublic, ErrorPublic, UnitHistoryPublic
from rampline.services import queries

router = APIRouter(prefix="/units", tags=["units"])


@router.get("/{serial}", response_model=UnitHistoryPublic, responses={404: {"model": ErrorPublic}})
def get_unit(serial: str, uow: UowDep) -> UnitHistoryPublic:
    """Where the unit stands, every operation, measurement and lot consumed."""
    return UnitHistoryPublic.of(queries.unit_history(uow, serial))


@router.get(
    "/{serial}/lots",
    response_model=list[ConsumptionPublic],
    responses={404: {"model": ErrorPublic}},
)
def get_unit_lots(serial: str, uow: UowDep) -> list[ConsumptionPublic]:
    """Which material lots went into this serial."""
    return [ConsumptionPublic.of(c) for c in queries.lots_in_unit(uow, serial)]

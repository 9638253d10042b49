"""``/nonconformances``: NCRs on units, opened, dispositioned and closed with a reason each."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter

from rampline.api.deps import RowId, TrackingDep, UowDep
from rampline.api.schemas.quality import (
    CloseCreate,
    DispositionCreate,
    NonconformanceCreate,
    NonconformancePublic,
    ParetoBarPublic,
)
from rampline.api.schemas.reads import ErrorPublic
from rampline.domain.quality import Disposition, NcrStatus
from rampline.services import nonconformances as ncrs

router = APIRouter(prefix="/nonconformances", tags=["nonconformances"])

StatusFilter = Literal["open", "dispositioned", "closed"] | None
_STEP_ERRORS: dict[int | str, dict[str, object]] = {
    s: {"model": ErrorPublic} for s in (404, 409, 422)
}


@router.post(
    "",
    status_code=201,
    response_model=NonconformancePublic,
    responses={422: {"model": ErrorPublic}},
)
def post_nonconformance(body: NonconformanceCreate, tracking: TrackingDep) -> NonconformancePublic:
    """Open an NCR on a unit at a station (and a lot, if given)."""
    return NonconformancePublic.of(
        ncrs.report(
            tracking.uow,
            serial=body.serial,
            station=body.station,
            lot=body.lot,
            defect_code=body.defect_code,
            description=body.description,
            reported_by=body.reported_by,
            clock=tracking.clock,
        )
    )


@router.get("", response_model=list[NonconformancePublic])
def get_nonconformances(uow: UowDep, status: StatusFilter = None) -> list[NonconformancePublic]:
    wanted = NcrStatus(status) if status is not None else None
    return [NonconformancePublic.of(n) for n in ncrs.all_reports(uow, wanted)]


@router.get("/pareto", response_model=list[ParetoBarPublic])
def get_pareto(uow: UowDep, status: StatusFilter = None) -> list[ParetoBarPublic]:
    """Defect codes by falling count, with their share and the cumulative share."""
    wanted = NcrStatus(status) if status is not None else None
    return [ParetoBarPublic.of(b) for b in ncrs.defect_pareto(uow, wanted)]


@router.get(
    "/{ncr_id}", response_model=NonconformancePublic, responses={404: {"model": ErrorPublic}}
)
def get_nonconformance(ncr_id: RowId, uow: UowDep) -> NonconformancePublic:
    """One NCR with its full history."""
    return NonconformancePublic.of(ncrs.get(uow, ncr_id))


@router.post("/{ncr_id}/disposition", response_model=NonconformancePublic, responses=_STEP_ERRORS)
def post_disposition(
    ncr_id: RowId, body: DispositionCreate, tracking: TrackingDep
) -> NonconformancePublic:
    """Rework, scrap, use as is, or return to supplier: an open NCR only (else 409)."""
    what = Disposition(body.disposition)
    return NonconformancePublic.of(
        ncrs.disposition(tracking.uow, ncr_id, what, body.by, body.reason, tracking.clock)
    )


@router.post("/{ncr_id}/close", response_model=NonconformancePublic, responses=_STEP_ERRORS)
def post_close(ncr_id: RowId, body: CloseCreate, tracking: TrackingDep) -> NonconformancePublic:
    """Close a dispositioned NCR (else 409, naming its state)."""
    return NonconformancePublic.of(
        ncrs.close(tracking.uow, ncr_id, body.by, body.reason, tracking.clock)
    )

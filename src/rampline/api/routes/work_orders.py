"""``/work-orders``: what to build, and the serial numbers of its units."""

from __future__ import annotations

from fastapi import APIRouter

from rampline.api.deps import TrackingDep, UowDep
from rampline.api.schemas.master import UnitPublic, UnitsCreate, WorkOrderCreate, WorkOrderPublic
from rampline.api.schemas.reads import ErrorPublic
from rampline.domain.tracking import WorkOrder
from rampline.services import queries, registry

router = APIRouter(prefix="/work-orders", tags=["work orders"])
_ERRORS: dict[int | str, dict[str, object]] = {s: {"model": ErrorPublic} for s in (404, 409, 422)}


@router.post("", status_code=201, response_model=WorkOrderPublic, responses=_ERRORS)
def post_work_order(body: WorkOrderCreate, tracking: TrackingDep) -> WorkOrderPublic:
    order = WorkOrder(body.id, body.product, body.quantity, body.due)
    registry.add_work_order(tracking.uow, order, body.serials, tracking.clock)
    return WorkOrderPublic.of(*queries.work_order(tracking.uow, body.id))


@router.post(
    "/{order_id}/units", status_code=201, response_model=list[UnitPublic], responses=_ERRORS
)
def post_units(order_id: str, body: UnitsCreate, uow: UowDep) -> list[UnitPublic]:
    """Give serial numbers to more units of the work order."""
    return [UnitPublic.of(u) for u in registry.add_units(uow, order_id, body.serials)]


@router.get("/{order_id}", response_model=WorkOrderPublic, responses=_ERRORS)
def get_work_order(order_id: str, uow: UowDep) -> WorkOrderPublic:
    return WorkOrderPublic.of(*queries.work_order(uow, order_id))

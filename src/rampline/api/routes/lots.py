"""``/lots``: material lots received, and which serials hold them (genealogy, upwards)."""

from __future__ import annotations

from fastapi import APIRouter

from rampline.api.deps import UowDep
from rampline.api.schemas.master import LotCreate, LotPublic
from rampline.api.schemas.reads import ConsumptionPublic, ErrorPublic, LotUsePublic
from rampline.services import queries, registry

router = APIRouter(prefix="/lots", tags=["lots"])
_ERRORS: dict[int | str, dict[str, object]] = {s: {"model": ErrorPublic} for s in (404, 409, 422)}


@router.post("", status_code=201, response_model=LotPublic, responses=_ERRORS)
def post_lot(body: LotCreate, uow: UowDep) -> LotPublic:
    """Receive a lot of a material (goods in)."""
    return LotPublic.of(registry.receive_lot(uow, body.record()))


@router.get("/{lot}", response_model=LotUsePublic, responses=_ERRORS)
def get_lot(lot: str, uow: UowDep) -> LotUsePublic:
    """The lot, what is left of it, and every serial that holds some of it."""
    found, uses = queries.units_with_lot(uow, lot)
    return LotUsePublic(
        lot=LotPublic.of(found), consumptions=[ConsumptionPublic.of(c) for c in uses]
    )

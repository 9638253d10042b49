"""``/characteristics``: what is measured where, with unit and spec limits."""

from __future__ import annotations

from fastapi import APIRouter

from rampline.api.deps import UowDep
from rampline.api.schemas.master import CharacteristicCreate, CharacteristicPublic
from rampline.api.schemas.reads import ErrorPublic
from rampline.services import queries, registry

router = APIRouter(prefix="/characteristics", tags=["characteristics"])


@router.post(
    "",
    status_code=201,
    response_model=CharacteristicPublic,
    responses={s: {"model": ErrorPublic} for s in (409, 422)},
)
def post_characteristic(body: CharacteristicCreate, uow: UowDep) -> CharacteristicPublic:
    """Register a quality characteristic measured at a station."""
    return CharacteristicPublic.of(registry.add_characteristic(uow, body.record()))


@router.get("", response_model=list[CharacteristicPublic])
def get_characteristics(uow: UowDep) -> list[CharacteristicPublic]:
    return [CharacteristicPublic.of(c) for c in queries.characteristics(uow)]

"""``/operators``: people and their qualifications (skill, qualified on, expires)."""

from __future__ import annotations

from fastapi import APIRouter

from rampline.api.deps import UowDep
from rampline.api.schemas.master import OperatorCreate, OperatorPublic, QualificationCreate
from rampline.api.schemas.reads import ErrorPublic
from rampline.services import queries, registry

router = APIRouter(prefix="/operators", tags=["operators"])
_ERRORS: dict[int | str, dict[str, object]] = {s: {"model": ErrorPublic} for s in (404, 409, 422)}


@router.post("", status_code=201, response_model=OperatorPublic, responses=_ERRORS)
def post_operator(body: OperatorCreate, uow: UowDep) -> OperatorPublic:
    return OperatorPublic.of(registry.add_operator(uow, body.record()))


@router.post(
    "/{operator_id}/qualifications",
    status_code=201,
    response_model=OperatorPublic,
    responses=_ERRORS,
)
def post_qualification(operator_id: str, body: QualificationCreate, uow: UowDep) -> OperatorPublic:
    return OperatorPublic.of(registry.add_qualification(uow, operator_id, body.record()))


@router.get("/{operator_id}", response_model=OperatorPublic, responses=_ERRORS)
def get_operator(operator_id: str, uow: UowDep) -> OperatorPublic:
    return OperatorPublic.of(queries.operator(uow, operator_id))

"""``/factory-models``: versions of the factory file that events are checked against."""

from __future__ import annotations

from fastapi import APIRouter

from rampline.api.deps import TrackingDep, UowDep
from rampline.api.schemas.master import FactoryModelCreate, FactoryModelPublic
from rampline.api.schemas.reads import ErrorPublic
from rampline.services import queries, registry

router = APIRouter(prefix="/factory-models", tags=["factory models"])


@router.post(
    "", status_code=201, response_model=FactoryModelPublic, responses={422: {"model": ErrorPublic}}
)
def post_factory_model(body: FactoryModelCreate, tracking: TrackingDep) -> FactoryModelPublic:
    """Load a new version of the factory file; the newest one is current."""
    model = registry.load_factory_model(tracking.uow, body.text, body.loaded_by, tracking.clock)
    return FactoryModelPublic.of(model)


@router.get("", response_model=list[FactoryModelPublic])
def get_factory_models(uow: UowDep) -> list[FactoryModelPublic]:
    return [FactoryModelPublic.of(m) for m in queries.factory_models(uow)]

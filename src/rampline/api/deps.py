"""``Annotated`` dependency aliases shared by the routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request

from rampline.bootstrap import Tracking
from rampline.services.idempotency import check_key
from rampline.services.ports import UnitOfWork


def _tracking(request: Request) -> Tracking:
    tracking: Tracking = request.app.state.tracking
    return tracking


def _uow(tracking: Annotated[Tracking, Depends(_tracking)]) -> UnitOfWork:
    return tracking.uow


def _idempotency_key(
    key: Annotated[
        str | None,
        Header(alias="Idempotency-Key", description="unique per request; see docs/tracking.md"),
    ] = None,
) -> str:
    return check_key(key)


TrackingDep = Annotated[Tracking, Depends(_tracking)]
UowDep = Annotated[UnitOfWork, Depends(_uow)]
IdempotencyKeyDep = Annotated[str, Depends(_idempotency_key)]

"""``Annotated`` dependency aliases shared by the routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Path, Request

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
RowId = Annotated[int, Path(ge=1, le=2**63 - 1, description="a record's number")]
"""A record's number in a path: the database's integers have 64 bits, so a
larger one is a 422 naming it, not an overflow in the driver."""

"""``/alerts``: run-rule alerts raised by the measurements, and their acknowledgement."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter

from rampline.api.deps import RowId, TrackingDep, UowDep
from rampline.api.schemas.quality import AcknowledgeCreate, AlertPublic
from rampline.api.schemas.reads import ErrorPublic
from rampline.domain.quality import AlertStatus
from rampline.services import quality

router = APIRouter(prefix="/alerts", tags=["alerts"])


@router.get("", response_model=list[AlertPublic])
def get_alerts(
    uow: UowDep, status: Literal["open", "acknowledged"] | None = None
) -> list[AlertPublic]:
    """Alerts, oldest first; ``?status=open`` for those nobody has acknowledged."""
    wanted = AlertStatus(status) if status is not None else None
    return [AlertPublic.of(a) for a in quality.alerts(uow, wanted)]


@router.get("/{alert_id}", response_model=AlertPublic, responses={404: {"model": ErrorPublic}})
def get_alert(alert_id: RowId, uow: UowDep) -> AlertPublic:
    return AlertPublic.of(quality.alert(uow, alert_id))


@router.post(
    "/{alert_id}/acknowledge",
    response_model=AlertPublic,
    responses={s: {"model": ErrorPublic} for s in (404, 409, 422)},
)
def acknowledge(alert_id: RowId, body: AcknowledgeCreate, tracking: TrackingDep) -> AlertPublic:
    """A named person acknowledges the alert, with a reason."""
    return AlertPublic.of(
        quality.acknowledge_alert(tracking.uow, alert_id, body.by, body.reason, tracking.clock)
    )

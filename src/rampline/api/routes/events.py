"""``/events``: station events, one at a time or in batches, with an Idempotency-Key."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from rampline.api.deps import IdempotencyKeyDep, TrackingDep, UowDep
from rampline.api.schemas.events import (
    EventBatchCreate,
    EventBatchPublic,
    EventCreate,
    GapPublic,
    StationSequencePublic,
    to_event,
)
from rampline.api.schemas.reads import ErrorPublic
from rampline.domain.tracking import StationEvent
from rampline.errors import RejectedEventsError
from rampline.services import queries
from rampline.services.events import Reply, record_events

router = APIRouter(prefix="/events", tags=["events"])

_ERRORS: dict[int | str, dict[str, object]] = {s: {"model": ErrorPublic} for s in (400, 409, 422)}


def _post(tracking: TrackingDep, events: list[StationEvent], key: str) -> Reply:
    return record_events(
        tracking.uow,
        events,
        tracking.clock,
        key=key,
        ttl=tracking.settings.idempotency_ttl,
        key_locks=tracking.key_locks,
    )


def _answer(reply: Reply) -> JSONResponse:
    headers = {"Idempotent-Replayed": "true"} if reply.replayed else None
    return JSONResponse(reply.body, status_code=reply.status, headers=headers)


@router.post("", status_code=201, response_model=EventBatchPublic, responses=_ERRORS)
def post_event(event: EventCreate, key: IdempotencyKeyDep, tracking: TrackingDep) -> JSONResponse:
    """Record one station event."""
    try:
        return _answer(_post(tracking, [to_event(event)], key))
    except RejectedEventsError as exc:
        raise exc.problems[0][1] from None


@router.post("/batch", status_code=201, response_model=EventBatchPublic, responses=_ERRORS)
def post_batch(
    batch: EventBatchCreate, key: IdempotencyKeyDep, tracking: TrackingDep
) -> JSONResponse:
    """Record a batch of station events: all of them, or none if any breaks a rule."""
    return _answer(_post(tracking, [to_event(e) for e in batch.events], key))


@router.get("/sequences", response_model=list[StationSequencePublic])
def get_sequences(uow: UowDep) -> list[StationSequencePublic]:
    """How far each station's numbering has come, and how many numbers are missing."""
    return [
        StationSequencePublic(
            station=s.station, last_seq=s.last_seq, received=s.received, missing=s.missing
        )
        for s in queries.sequences(uow)
    ]


@router.get("/gaps", response_model=list[GapPublic])
def get_gaps(uow: UowDep, station: str | None = None) -> list[GapPublic]:
    """Ranges of event numbers a station never delivered (below its highest one)."""
    return [
        GapPublic(station=g.station, first=g.first, last=g.last) for g in queries.gaps(uow, station)
    ]

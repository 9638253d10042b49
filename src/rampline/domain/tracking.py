"""What the shop floor reports and what is kept of it: frozen records.

Names follow ISA-95 where one fits: a *work order* asks for units of a
product; each *unit* carries a serial number; an *operation record* is one
visit of a unit to a cell of a station (start, end, outcome); *material lots*
are received and consumed into units, which gives the genealogy; *operators*
hold *qualifications* for skills between two dates.

Station events are numbered by their station (``seq`` 1, 2, 3 ...) so that a
gap shows an event that never arrived.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class Outcome(StrEnum):
    PASS = "pass"
    REWORK = "rework"
    SCRAP = "scrap"


class UnitStatus(StrEnum):
    QUEUED = "queued"  # waiting for the next step of its routing
    RUNNING = "running"  # in a cell
    DONE = "done"  # passed the last step of its routing
    SCRAPPED = "scrapped"


# --- station events (what a station posts) ---------------------------------


@dataclass(frozen=True)
class OperationStart:
    station: str
    seq: int
    at: datetime
    serial: str
    operator: str
    cell: int = 1
    type = "operation.start"


@dataclass(frozen=True)
class OperationEnd:
    station: str
    seq: int
    at: datetime
    serial: str
    outcome: Outcome
    cell: int = 1
    operator: str | None = None
    type = "operation.end"


@dataclass(frozen=True)
class Measurement:
    station: str
    seq: int
    at: datetime
    serial: str
    characteristic: str
    value: float
    type = "measurement"


@dataclass(frozen=True)
class Downtime:
    station: str
    seq: int
    start: datetime
    end: datetime
    reason: str
    cell: int | None = None  # None: the whole station
    type = "downtime"

    @property
    def at(self) -> datetime:
        return self.start


@dataclass(frozen=True)
class MaterialConsumed:
    station: str
    seq: int
    at: datetime
    serial: str
    lot: str
    quantity: float = 1.0
    type = "material.consumed"


StationEvent = OperationStart | OperationEnd | Measurement | Downtime | MaterialConsumed


# --- master data ----------------------------------------------------------


@dataclass(frozen=True)
class FactoryModel:
    """One version of the factory file as loaded: text, hash, who and when."""

    version: int
    name: str
    sha256: str
    text: str
    loaded_by: str
    loaded_at: datetime


@dataclass(frozen=True)
class Characteristic:
    """A measured quality characteristic with its unit and spec limits."""

    id: str
    station: str
    unit_of_measure: str
    lsl: float | None = None
    usl: float | None = None
    target: float | None = None
    product: str | None = None  # None: every product measured at the station
    name: str = ""


@dataclass(frozen=True)
class Qualification:
    skill: str
    qualified_on: date
    expires: date | None = None  # first day it no longer holds

    def holds_on(self, day: date) -> bool:
        return self.qualified_on <= day and (self.expires is None or day < self.expires)


@dataclass(frozen=True)
class Operator:
    id: str
    name: str = ""
    qualifications: tuple[Qualification, ...] = ()


@dataclass(frozen=True)
class WorkOrder:
    id: str
    product: str
    quantity: int
    due: date | None = None
    created_at: datetime | None = None


@dataclass(frozen=True)
class Unit:
    """A serial and where it stands in its routing (``step`` indexes the routing)."""

    serial: str
    work_order: str
    product: str
    status: UnitStatus = UnitStatus.QUEUED
    step: int = 0
    attempts: int = 0  # operations ended at the current step (rework repeats it)
    running_station: str | None = None
    running_cell: int | None = None
    running_operator: str | None = None
    running_since: datetime | None = None
    finished_at: datetime | None = None


@dataclass(frozen=True)
class Lot:
    id: str
    material: str
    quantity: float
    remaining: float
    received_at: datetime
    supplier: str = ""


# --- what is kept --------------------------------------------------------


@dataclass(frozen=True)
class OperationRecord:
    serial: str
    station: str
    cell: int
    operator: str | None
    start: datetime
    end: datetime
    outcome: Outcome
    step: int
    attempt: int
    seq: int  # the station's number of the ending event


def after_end(outcome: Outcome, step: int, steps: int) -> tuple[UnitStatus, int]:
    """A unit's status and routing step once its operation at ``step`` (of
    ``steps``) ended with ``outcome``: scrapped; back in the queue of the same
    step for rework; done after the last step; else queued for the next."""
    if outcome is Outcome.SCRAP:
        return UnitStatus.SCRAPPED, step
    if outcome is Outcome.REWORK:
        return UnitStatus.QUEUED, step
    if step + 1 >= steps:
        return UnitStatus.DONE, step + 1
    return UnitStatus.QUEUED, step + 1


def place_at(
    unit: Unit, routing: Sequence[str], operations: Sequence[OperationRecord], at: datetime
) -> tuple[UnitStatus, str | None]:
    """Where ``unit`` stood at ``at``: its status then and the station it was
    running at or waiting for (None once done or scrapped), replayed from its
    operation records started by ``at`` and its running operation, by the rules
    the store applies as events arrive. ``routing`` lists the stations of its
    product's steps. A unit with no operation ended by then waits for its first
    station, as the store counts a unit not yet started."""
    for op in operations:
        if op.start <= at < op.end:
            return UnitStatus.RUNNING, op.station
    if unit.running_since is not None and unit.running_since <= at:
        return UnitStatus.RUNNING, unit.running_station
    ended = [op for op in operations if op.end <= at]
    if not ended:
        return UnitStatus.QUEUED, routing[0]
    last = max(ended, key=lambda op: (op.end, op.start))
    status, step = after_end(last.outcome, last.step, len(routing))
    return status, routing[step] if status is UnitStatus.QUEUED else None


@dataclass(frozen=True)
class MeasurementRecord:
    serial: str
    station: str
    seq: int
    characteristic: str
    value: float
    unit_of_measure: str
    lsl: float | None
    usl: float | None
    at: datetime


@dataclass(frozen=True)
class DowntimeRecord:
    station: str
    seq: int
    cell: int | None
    start: datetime
    end: datetime
    reason: str


@dataclass(frozen=True)
class Consumption:
    serial: str
    lot: str
    station: str
    seq: int
    quantity: float
    at: datetime


@dataclass(frozen=True)
class StoredEvent:
    """One accepted station event as logged, with its own fields as a mapping."""

    station: str
    seq: int
    type: str
    at: datetime
    serial: str | None
    payload: str  # the event as canonical JSON
    received_at: datetime


@dataclass(frozen=True)
class StationSequence:
    """How far a station's numbering has come: gaps are ``last_seq - received``."""

    station: str
    last_seq: int
    received: int

    @property
    def missing(self) -> int:
        return self.last_seq - self.received


@dataclass(frozen=True)
class Gap:
    station: str
    first: int
    last: int


@dataclass(frozen=True)
class IdempotentReply:
    key: str
    fingerprint: str
    status: int
    body: str
    created_at: datetime
    expires_at: datetime

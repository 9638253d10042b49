"""Quality on the line: control-chart alerts and nonconformance reports, with their rules.

An **alert** is raised when a run rule newly flags points of a
characteristic's control chart; it stays *open* until a named person
*acknowledges* it with a reason.

A **nonconformance report** (NCR) says that a unit, at a station and maybe
from a material lot, does not conform (a defect code and a description). It
moves through three states, each step by a named person with a reason::

    open --disposition--> dispositioned --close--> closed

The disposition says what happens to the unit: rework, scrap, use as is, or
return to supplier. Nothing else is allowed: an NCR is dispositioned once,
closed once, and never closed before it is dispositioned. The rule lives here,
in :func:`after`; the services store what it allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class AlertStatus(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"


@dataclass(frozen=True)
class Alert:
    """A run rule that newly flagged points of a characteristic's chart.

    ``points`` are 1-based positions on the chart (time order) when the alert
    was raised, ``serials`` the units measured at those points.
    """

    id: int
    characteristic: str
    rule: str  # e.g. "western-electric-2"
    panel: str  # "x" (individuals) or "MR" (moving ranges)
    points: tuple[int, ...]
    serials: tuple[str, ...]
    raised_at: datetime
    message: str
    status: AlertStatus = AlertStatus.OPEN
    acknowledged_by: str | None = None
    acknowledged_at: datetime | None = None
    reason: str | None = None


@dataclass(frozen=True)
class ChartSettings:
    """How a characteristic is charted: the baseline size and the rule set.

    The first ``baseline`` measurements (phase I) set the limits, which are then
    frozen (``center`` and ``sigma``) for every later point (phase II).
    """

    characteristic: str
    baseline: int = 20
    rules: str = "western-electric"
    center: float | None = None
    sigma: float | None = None
    frozen_at: datetime | None = None

    @property
    def frozen(self) -> bool:
        return self.center is not None and self.sigma is not None


class NcrStatus(StrEnum):
    OPEN = "open"
    DISPOSITIONED = "dispositioned"
    CLOSED = "closed"


class Disposition(StrEnum):
    REWORK = "rework"
    SCRAP = "scrap"
    USE_AS_IS = "use-as-is"
    RETURN_TO_SUPPLIER = "return-to-supplier"


class NcrAction(StrEnum):
    OPEN = "open"
    DISPOSITION = "disposition"
    CLOSE = "close"


_NEXT = {
    (None, NcrAction.OPEN): NcrStatus.OPEN,
    (NcrStatus.OPEN, NcrAction.DISPOSITION): NcrStatus.DISPOSITIONED,
    (NcrStatus.DISPOSITIONED, NcrAction.CLOSE): NcrStatus.CLOSED,
}


class IllegalTransition(ValueError):
    """An NCR step its state does not allow; the message names the state."""


def after(status: NcrStatus | None, action: NcrAction) -> NcrStatus:
    """The state an NCR in ``status`` reaches by ``action``, or ``IllegalTransition``."""
    found = _NEXT.get((status, action))
    if found is not None:
        return found
    if status is None:
        raise IllegalTransition(f"an NCR that does not exist yet cannot be {action}d")
    if status is NcrStatus.OPEN and action is NcrAction.CLOSE:
        raise IllegalTransition("it is open: disposition it before closing it")
    if status is NcrStatus.DISPOSITIONED and action is NcrAction.DISPOSITION:
        raise IllegalTransition("it is dispositioned already")
    raise IllegalTransition(f"it is {status}")


@dataclass(frozen=True)
class NcrStep:
    """One step of an NCR's history: who did what, when and why."""

    action: NcrAction
    status: NcrStatus  # the state the step led to
    by: str
    reason: str
    at: datetime
    disposition: Disposition | None = None


@dataclass(frozen=True)
class Nonconformance:
    """A nonconformance report on a unit at a station, maybe from a lot."""

    id: int
    serial: str
    station: str
    defect_code: str
    description: str
    reported_by: str
    reported_at: datetime
    status: NcrStatus = NcrStatus.OPEN
    lot: str | None = None
    disposition: Disposition | None = None
    history: tuple[NcrStep, ...] = ()


@dataclass(frozen=True)
class ChartPoint:
    """One stored measurement as a point of its characteristic's chart."""

    measurement_id: int
    serial: str
    value: float
    at: datetime

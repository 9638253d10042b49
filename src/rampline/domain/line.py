"""Stations, their cells and buffers, and the line they form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rampline.domain.distributions import Distribution


@dataclass(frozen=True)
class Failures:
    """Each cell fails after an exponential busy time with mean ``mtbf`` minutes;
    the repair takes ``mttr`` working minutes (a plain duration is exponential)."""

    mtbf: float
    mttr: Distribution

    @property
    def availability(self) -> float:
        return self.mtbf / (self.mtbf + self.mttr.mean)


@dataclass(frozen=True)
class Station:
    id: str
    calendar: str
    name: str = ""
    cells: int = 1
    crew: int = 1
    skill: str | None = None
    buffer: int | None = None  # None: no limit
    live_from: datetime | None = None
    failures: Failures | None = None


@dataclass(frozen=True)
class Outage:
    """A span with no working time at the listed stations (``None``: all)."""

    stations: tuple[str, ...] | None
    start: datetime
    end: datetime

    def applies_to(self, station: str) -> bool:
        return self.stations is None or station in self.stations

"""What is built: products, their routings, and purchased materials."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from rampline.domain.distributions import Distribution


@dataclass(frozen=True)
class Learning:
    """Wright's unit curve: expected time ``max(m, first × k^log2(rate))``."""

    rate: float
    first: float  # minutes


@dataclass(frozen=True)
class Rework:
    rate: float
    time: Distribution


@dataclass(frozen=True)
class Step:
    station: str
    time: Distribution
    learning: Learning | None = None
    uses: tuple[tuple[str, float], ...] = ()
    rework: Rework | None = None
    scrap: float = 0.0

    @property
    def mean_with_rework(self) -> float:
        extra = self.rework.rate * self.rework.time.mean if self.rework else 0.0
        return self.time.mean + extra


@dataclass(frozen=True)
class Product:
    id: str
    routing: tuple[Step, ...]
    name: str = ""

    def step_at(self, station: str) -> Step | None:
        for step in self.routing:
            if step.station == station:
                return step
        return None


@dataclass(frozen=True)
class Delivery:
    first: date
    quantity: float
    every: float | None = None  # minutes; None: once
    until: date | None = None

    def arrivals(self, limit: datetime) -> list[datetime]:
        """When this delivery arrives, at or before ``limit``: 00:00 of the day of
        ``first + n × every``, up to ``until`` (inclusive)."""
        first = datetime(self.first.year, self.first.month, self.first.day)
        if self.until is not None:
            limit = min(limit, datetime(self.until.year, self.until.month, self.until.day))
        out: list[datetime] = []
        n = 0
        while True:
            moment = first + timedelta(minutes=(self.every or 0.0) * n)
            moment = datetime(moment.year, moment.month, moment.day)
            if moment > limit:
                return out
            out.append(moment)
            if self.every is None:
                return out
            n += 1


@dataclass(frozen=True)
class Material:
    id: str
    on_hand: float = 0.0
    deliveries: tuple[Delivery, ...] = ()

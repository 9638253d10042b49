"""How long things take: a fixed time or one of four distributions.

All values are minutes. ``mean`` is the ``m`` of the spec: the mean parameter
(for the normal, the samples redrawn while not positive average a little more).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Fixed:
    value: float

    @property
    def mean(self) -> float:
        return self.value


@dataclass(frozen=True)
class LogNormal:
    """Lognormal with this mean and coefficient of variation (``cv: 0`` is fixed)."""

    mean: float
    cv: float


@dataclass(frozen=True)
class Exponential:
    mean: float


@dataclass(frozen=True)
class Triangular:
    low: float
    mode: float
    high: float

    @property
    def mean(self) -> float:
        return (self.low + self.mode + self.high) / 3.0


@dataclass(frozen=True)
class Normal:
    """Normal, redrawn while not positive; ``mean`` is the parameter."""

    mean: float
    sd: float


Distribution = Fixed | LogNormal | Exponential | Triangular | Normal


def is_fixed(dist: Distribution) -> bool:
    """True when the distribution never varies."""
    if isinstance(dist, Fixed):
        return True
    if isinstance(dist, LogNormal):
        return dist.cv == 0
    if isinstance(dist, Triangular):
        return dist.low == dist.high
    if isinstance(dist, Normal):
        return dist.sd == 0
    return False

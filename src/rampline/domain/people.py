"""Skills, hiring and training plans."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Hire:
    on: date
    count: int
    trained: bool = False


@dataclass(frozen=True)
class Skill:
    id: str
    hires: tuple[Hire, ...] = ()
    training: float | None = None  # minutes from first day of training to qualified
    training_places: int | None = None  # None: no limit

"""When does each station first get a qualified crew? The spec's staffing rule
replayed without randomness: qualifications (trained hires, then trainees
through the training places) and stations going live are the only events.

Used by the semantic checks to tell that a station *never* has a crew.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass

from rampline.domain.calendar import minutes_between
from rampline.domain.factory import Factory
from rampline.domain.line import Station
from rampline.domain.people import Skill
from rampline.domain.staffing import cell_staffing, skill_timeline


def qualifications(skill: Skill) -> list[tuple[dt.datetime, int]]:
    """(moment, operators) at which operators of ``skill`` become qualified.

    Trained hires at 00:00 of their date; the others train first hired first
    trained (same date: file order), each taking the next free training place,
    qualified exactly ``training`` later. Without ``training`` they never are.
    (The replay is ``domain.staffing``'s; here as date-times.)
    """
    origin = dt.datetime(2000, 1, 1)
    moments = Counter(
        origin + dt.timedelta(minutes=q) for q in skill_timeline(skill, origin).qualified
    )
    return sorted(moments.items())


@dataclass(frozen=True)
class Crewing:
    """For one skill: when each station needing it first gets a crew."""

    skill: str
    first_staffed: dict[str, dt.datetime | None]
    qualified: int  # operators qualified before the horizon


def crewing(factory: Factory, skill_id: str) -> Crewing:
    """The staffing rule for ``skill_id`` from ``start`` to the horizon (the
    simulator's replay, ``domain.staffing.cell_staffing``)."""
    horizon = minutes_between(factory.start, factory.horizon)
    staffed = cell_staffing(factory)
    first: dict[str, dt.datetime | None] = {}
    for station, cells in zip(factory.stations, staffed, strict=True):
        if station.skill == skill_id:
            t = min(cells, default=math.inf)
            first[station.id] = factory.start + dt.timedelta(minutes=t) if t < horizon else None
    skill = factory.people.get(skill_id, Skill(skill_id))
    qualified = sum(1 for q in skill_timeline(skill, factory.start).qualified if q < horizon)
    return Crewing(skill_id, first, qualified)


def need(factory: Factory, station: Station) -> float:
    """Operators a running cell of ``station`` takes: crew × rota."""
    return station.crew * factory.rota(station)

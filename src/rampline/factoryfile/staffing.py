"""When does each station first get a qualified crew? The spec's staffing rule
replayed without randomness: qualifications (trained hires, then trainees
through the training places) and stations going live are the only events.

Used by the semantic checks to tell that a station *never* has a crew.
"""

from __future__ import annotations

import datetime as dt
import heapq
from dataclasses import dataclass

from rampline.domain.factory import Factory
from rampline.domain.line import Station
from rampline.domain.people import Skill

_EPS = 1e-9


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day)


def qualifications(skill: Skill) -> list[tuple[dt.datetime, int]]:
    """(moment, operators) at which operators of ``skill`` become qualified.

    Trained hires at 00:00 of their date; the others train first hired first
    trained (same date: file order), each taking the next free training place,
    qualified exactly ``training`` later. Without ``training`` they never are.
    """
    out: list[tuple[dt.datetime, int]] = []
    trainees: list[tuple[dt.datetime, int]] = []
    for index, hire in enumerate(skill.hires):
        if hire.trained:
            out.append((_midnight(hire.on), hire.count))
        else:
            trainees.extend([(_midnight(hire.on), index)] * hire.count)
    if skill.training is None or not trainees:
        return sorted(out)
    trainees.sort()
    training = dt.timedelta(minutes=skill.training)
    if skill.training_places is None:
        out.extend((on + training, 1) for on, _ in trainees)
        return sorted(out)
    free = [dt.datetime.min] * skill.training_places
    for on, _ in trainees:
        begin = max(on, heapq.heappop(free))
        heapq.heappush(free, begin + training)
        out.append((begin + training, 1))
    return sorted(out)


@dataclass(frozen=True)
class Crewing:
    """For one skill: when each station needing it first gets a crew."""

    skill: str
    first_staffed: dict[str, dt.datetime | None]
    qualified: int  # operators qualified before the horizon


def crewing(factory: Factory, skill_id: str) -> Crewing:
    """Replay the staffing rule for ``skill_id`` from ``start`` to the horizon."""
    start, horizon = factory.start, factory.horizon
    skill = factory.people.get(skill_id, Skill(skill_id))
    needing = [s for s in factory.stations if s.skill == skill_id]
    quals = [(max(t, start), n) for t, n in qualifications(skill) if t < horizon]
    live = {s.id: max(start, s.live_from or start) for s in needing}
    instants = sorted({start} | {t for t, _ in quals} | {t for t in live.values() if t < horizon})
    arrivals: dict[dt.datetime, int] = {}
    for t, n in quals:
        arrivals[t] = arrivals.get(t, 0) + n
    staffed = dict.fromkeys(live, 0)
    first: dict[str, dt.datetime | None] = dict.fromkeys(live)
    qualified = 0
    used = 0.0
    for t in instants:
        qualified += arrivals.get(t, 0)
        while True:
            left = qualified - used
            candidates = [
                s
                for s in needing
                if live[s.id] <= t and staffed[s.id] < s.cells and need(factory, s) <= left + _EPS
            ]
            if not candidates:
                break
            pick = min(candidates, key=lambda s: staffed[s.id])  # min keeps line order on ties
            staffed[pick.id] += 1
            used += need(factory, pick)
            if first[pick.id] is None:
                first[pick.id] = t
    return Crewing(skill_id, first, qualified)


def need(factory: Factory, station: Station) -> float:
    """Operators a running cell of ``station`` takes: crew × rota."""
    return station.crew * factory.rota(station)

"""Who is qualified when, and which cells are staffed from when: the spec's
training queue and staffing rule.

Hiring, training and the staffing rule involve no chance, so they are worked
out once per plan: each cell gets the moment its crew arrives (never, if it
never gets one), and each skill a timeline of qualified operators and
trainees. The simulator, the file checks ("a station never has a crew"), the
report and the demo history all use this one replay of the rule.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime

from rampline.domain.calendar import minutes_between
from rampline.domain.factory import Factory
from rampline.domain.people import Skill


@dataclass(frozen=True)
class SkillTimeline:
    """Minutes after start at which each operator qualifies, and each trainee's
    training span (start, end), both sorted."""

    skill: str
    qualified: tuple[float, ...]
    training: tuple[tuple[float, float], ...]

    def qualified_at(self, t: float) -> int:
        return sum(1 for q in self.qualified if q <= t)

    def trainees_at(self, t: float) -> int:
        return sum(1 for a, b in self.training if a <= t < b)


def _midnight_minutes(start: datetime, day: date) -> float:
    return minutes_between(start, datetime(day.year, day.month, day.day))


def skill_timeline(skill: Skill, start: datetime) -> SkillTimeline:
    qualified: list[float] = []
    training: list[tuple[float, float]] = []
    waiting: list[float] = []  # hire moments of trainees, first hired first trained
    for hire in sorted(skill.hires, key=lambda h: h.on):  # stable: same date keeps file order
        on = _midnight_minutes(start, hire.on)
        if hire.trained:
            qualified.extend([on] * hire.count)
        else:
            waiting.extend([on] * hire.count)
    if waiting and skill.training is not None:  # without training they never qualify
        places = skill.training_places or len(waiting)
        free_at = [-math.inf] * places  # when each training place frees
        for on in waiting:
            i = min(range(places), key=lambda k: (max(free_at[k], on), k))
            begin = max(free_at[i], on)
            end = begin + skill.training
            free_at[i] = end
            training.append((begin, end))
            qualified.append(end)
    return SkillTimeline(skill.id, tuple(sorted(qualified)), tuple(sorted(training)))


def cell_staffing(factory: Factory) -> list[list[float]]:
    """Per station (line order), per cell: minutes after start at which the cell
    is staffed (``inf``: never). Cells of one station are staffed in index order."""
    live = [
        max(0.0, minutes_between(factory.start, s.live_from)) if s.live_from else 0.0
        for s in factory.stations
    ]
    staffed: list[list[float]] = [[math.inf] * s.cells for s in factory.stations]
    for i, s in enumerate(factory.stations):
        if s.skill is None:
            staffed[i] = [live[i]] * s.cells
    for skill_id in {s.skill for s in factory.stations if s.skill is not None}:
        members = [i for i, s in enumerate(factory.stations) if s.skill == skill_id]
        skill = factory.people.get(skill_id, Skill(skill_id))
        timeline = skill_timeline(skill, factory.start)
        moments = sorted(
            {max(0.0, q) for q in timeline.qualified} | {live[i] for i in members} | {0.0}
        )
        count = [0] * len(factory.stations)
        used = 0.0
        for t in moments:
            q = sum(1 for x in timeline.qualified if max(0.0, x) <= t)
            while True:
                best = -1
                for i in members:
                    s = factory.stations[i]
                    need = s.crew * factory.calendars[s.calendar].rota
                    if live[i] > t or count[i] >= s.cells or need > q - used + 1e-9:
                        continue
                    if best < 0 or count[i] < count[best]:
                        best = i
                if best < 0:
                    break
                s = factory.stations[best]
                used += s.crew * factory.calendars[s.calendar].rota
                staffed[best][count[best]] = t
                count[best] += 1
    return staffed

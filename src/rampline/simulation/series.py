"""Day-by-day series of a plan, ready to plot: finished units, stock, people.

The engine samples the cumulative finished units and the material stock at
each midnight after ``start`` (``simulate(..., grid_days=N)``); a run stops
once the demand is met, and on the days after that its finished units keep
their final value (they stay finished) while its stock is ``nan`` here (no
run, no stock to speak of). Qualified operators and trainees per skill involve no chance and
come from the hiring and training plan alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rampline.domain.factory import Factory
from rampline.domain.people import Skill
from rampline.domain.staffing import skill_timeline
from rampline.simulation.results import RunRecords

_DAY = 1440.0


@dataclass(frozen=True)
class DailySeries:
    """Per run and day: finished units [runs, days], stock [runs, days, materials];
    at most the first ``montecarlo.SERIES_RUNS`` runs of the simulation."""

    finished: np.ndarray
    stock: np.ndarray


def daily_series(records: RunRecords) -> DailySeries:
    """The recorded daily grid, each run's days after its end filled in (see above)."""
    if records.grid_finished is None or records.grid_stock is None:
        raise ValueError("simulate with grid_days > 0 to get daily series")
    assert records.grid is not None
    stock = records.grid_stock.copy()
    for r in range(stock.shape[0]):
        stock[r, records.grid > records.end[r], :] = np.nan  # the run had stopped
    return DailySeries(records.grid_finished.copy(), stock)


@dataclass(frozen=True)
class PeopleSteps:
    """Step functions of one skill: at ``times`` (minutes after start, from 0)
    the number of qualified operators and of trainees changes to these values."""

    skill: str
    times: tuple[float, ...]
    qualified: tuple[int, ...]
    trainees: tuple[int, ...]


def people_steps(factory: Factory) -> tuple[PeopleSteps, ...]:
    """Qualified operators and trainees over time, per skill the stations use (file order)."""
    skills = list(factory.people)
    for s in factory.stations:
        if s.skill is not None and s.skill not in skills:
            skills.append(s.skill)
    out = []
    for skill_id in skills:
        timeline = skill_timeline(factory.people.get(skill_id, Skill(skill_id)), factory.start)
        moments = {0.0}
        moments.update(max(0.0, q) for q in timeline.qualified)
        for a, b in timeline.training:
            moments.update((max(0.0, a), max(0.0, b)))
        times = tuple(sorted(moments))
        out.append(
            PeopleSteps(
                skill_id,
                times,
                tuple(timeline.qualified_at(t) for t in times),
                tuple(timeline.trainees_at(t) for t in times),
            )
        )
    return tuple(out)

"""The shipped example and the spec's two worked examples load, and mean what
the spec says."""

from __future__ import annotations

import datetime as dt

from factory_texts import EXAMPLE

from rampline.domain.calendar import WorkingTime
from rampline.domain.distributions import Fixed, LogNormal, Triangular
from rampline.factoryfile import load_factory, load_factory_file, parse_factory
from rampline.factoryfile.staffing import crewing, qualifications


def test_example_and_each_scenario_check_clean() -> None:
    loaded = load_factory_file(EXAMPLE)
    assert loaded.warnings == ()
    assert list(loaded.scenarios) == [
        "flight-test-round-the-clock",
        "weekend-shifts",
        "second-flight-cage",
        "late-hall",
        "fire",
    ]
    base = loaded.base
    assert base.name == "Quadcopter line 1"
    assert base.start == dt.datetime(2026, 1, 5, 6, 0)
    assert [s.id for s in base.stations] == [
        "kitting",
        "frame",
        "motors",
        "avionics",
        "calibration",
        "flight-test",
        "packing",
    ]
    ft = base.station("flight-test")
    assert (ft.calendar, ft.crew, ft.live_from) == ("two-shift", 2, dt.datetime(2026, 2, 2))
    assert ft.failures is not None
    assert ft.failures.mttr == LogNormal(720.0, 1.0)
    step = base.products["x4-inspect"].step_at("flight-test")
    assert step is not None
    assert step.time == Triangular(30.0, 38.0, 60.0)
    assert step.scrap == 0.005
    assert base.products["x4-inspect"].step_at("packing").time == Fixed(5.0)  # type: ignore[union-attr]
    assert base.people["flight-test"].training == 4 * 7 * 1440
    assert base.wip_limit == 120


def test_scenarios_apply_their_set_paths_and_outages() -> None:
    loaded = load_factory_file(EXAMPLE)
    assert loaded.plan("weekend-shifts").station("flight-test").calendar == "seven-day-two-shift"
    assert loaded.plan("second-flight-cage").station("flight-test").cells == 2
    late = loaded.plan("late-hall").station("flight-test")
    assert (late.live_from, late.calendar) == (dt.datetime(2026, 3, 2), "around-the-clock")
    hires = loaded.plan("flight-test-round-the-clock").people["flight-test"].hires
    assert [(h.count, h.trained) for h in hires] == [(4, True), (4, False)]
    (outage,) = loaded.plan("fire").outages
    assert (outage.stations, outage.start, outage.end) == (
        None,
        dt.datetime(2026, 6, 1),
        dt.datetime(2026, 6, 15),
    )
    assert load_factory(EXAMPLE, "fire").scenario == "fire"
    assert loaded.base.outages == ()


WORKED_ONE = """\
start: 2026-01-05T08:00
calendars:
  weekday-day:
    days: [mon, tue, wed, thu, fri]
    shifts: [{start: "08:00", hours: 8}]
stations:
  only: {calendar: weekday-day}
products:
  u: {routing: [{station: only, time: 30min}]}
demand:
  - {product: u, quantity: 100, due: 2026-01-31}
"""

WORKED_TWO = """\
start: 2026-01-05T00:00
calendars:
  round-the-clock:
    shifts: [{start: "00:00", hours: 24}]
    rota: 1
stations:
  only: {calendar: round-the-clock, cells: 3, crew: 1, skill: s}
people:
  s:
    training: 1d
    training_places: 1
    hires:
      - {on: 2026-01-05, count: 1, trained: true}
      - {on: 2026-01-05, count: 2}
products:
  u: {routing: [{station: only, time: 60min}]}
demand:
  - {product: u, quantity: 100, due: 2026-01-31}
"""


def test_worked_example_one() -> None:
    f = parse_factory(WORKED_ONE).base
    wt = WorkingTime(f.calendars["weekday-day"], f.start, f.horizon)
    work = 100 * f.products["u"].routing[0].time.mean  # 3000 min = 50 h
    assert work == 50 * 60
    done = f.start + dt.timedelta(minutes=wt.add_working(0.0, work))
    assert done == dt.datetime(2026, 1, 13, 10, 0)


def test_worked_example_two() -> None:
    f = parse_factory(WORKED_TWO).base
    t0 = f.start
    assert qualifications(f.people["s"]) == [
        (t0, 1),
        (t0 + dt.timedelta(hours=24), 1),
        (t0 + dt.timedelta(hours=48), 1),
    ]
    assert crewing(f, "s").first_staffed == {"only": t0}
    wt = WorkingTime(f.calendars["round-the-clock"], f.start, f.horizon)
    assert wt.intervals()[0][0] == 0.0
    assert wt.is_working(24 * 60)
    assert wt.is_working(48 * 60)
    # Cells staffed: 1 in [0, 24 h), 2 in [24, 48 h), 3 after; 60 min a unit.
    per_hour = [1] * 24 + [2] * 24 + [3] * 100
    done, hour = 0, 0
    while done < 100:
        done += per_hour[hour]
        hour += 1
    assert (sum(per_hour[:24]), sum(per_hour[:48])) == (24, 72)
    assert hour == 58
    assert t0 + dt.timedelta(hours=hour) == dt.datetime(2026, 1, 7, 10, 0)
    # Shares over 3 × 58 cell-hours: busy 100, unstaffed 24×2 + 24×1 = 72, starved 2.
    assert (100, 48 + 24, 3 * 58 - 100 - 72) == (100, 72, 2)

"""Capacity of the example against numbers derived by hand, and the null cases."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest

from rampline.factoryfile import load_factory_file, parse_factory
from rampline.planning import capacity, verdict

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "quadcopter-line.yaml"


@pytest.fixture(scope="module")
def loaded():  # type: ignore[no-untyped-def]
    return load_factory_file(EXAMPLE)


def test_flight_test_by_hand(loaded) -> None:  # type: ignore[no-untyped-def]
    # Span: 2026-01-05T06:00 to the end of the latest due day, 2026-12-19T00:00.
    span_days = (dt.date(2026, 12, 19) - dt.date(2026, 1, 5)).days - 6 / 24  # 348 − 0.25
    weeks = span_days / 7  # 49.678...
    # Working days (Mon-Fri) from Monday 5 January to Friday 18 December:
    # 348 days = 49 whole weeks + Mon..Fri, less 5 holidays (all on weekdays).
    days = 49 * 5 + 5 - 5
    assert days == 245
    hours = days * 16 / weeks * 500 / (500 + 12)  # two 8-h shifts; mtbf 500 h, mean mttr 12 h
    # Mean time at the mix 4200 : 1800, triangular means plus 6% × 50 min rework.
    inspect = (30 + 38 + 60) / 3 + 0.06 * 50
    survey = (35 + 45 + 70) / 3 + 0.06 * 50
    minutes = (4200 * inspect + 1800 * survey) / 6000
    units = hours * 60 / minutes
    # Required: 6000 units grossed up for 0.5% scrap at flight-test (packing scraps none),
    # over the weeks from live_from 2026-02-02 to 2026-12-19.
    required = 6000 / (1 - 0.005) / ((dt.date(2026, 12, 19) - dt.date(2026, 2, 2)).days / 7)
    load = required / units
    assert (round(hours, 2), round(units, 2), round(required, 2), round(load, 3)) == (
        77.06,
        96.59,
        131.91,
        1.366,
    )
    ft = capacity(loaded.base).station("flight-test")
    assert ft.hours_per_week == pytest.approx(hours, rel=1e-12)
    assert ft.units_per_week == pytest.approx(units, rel=1e-12)
    assert ft.required_per_week == pytest.approx(required, rel=1e-12)
    assert ft.load == pytest.approx(load, rel=1e-12)


def test_other_stations_by_hand(loaded) -> None:  # type: ignore[no-untyped-def]
    result = capacity(loaded.base)
    # Round the clock: 168 h a week whatever the span; avionics 3 cells, mtbf 150 h, mttr 2 h.
    avionics = result.station("avionics")
    assert avionics.hours_per_week == pytest.approx(168 * 3 * 150 / 152)
    # Mix at avionics: (4200 × (110 + 0.05 × 40) + 1800 × (130 + 0.05 × 40)) / 6000 = 118 min.
    assert avionics.units_per_week == pytest.approx(168 * 3 * 150 / 152 * 60 / 118)
    # Scrap after avionics: 0.5% at flight-test; from start (06:00 Jan 5) to Dec 19.
    weeks = ((dt.date(2026, 12, 19) - dt.date(2026, 1, 5)).days - 0.25) / 7
    assert avionics.required_per_week == pytest.approx(6000 / 0.995 / weeks)
    # Motors scrap 0.2% itself, then 0.5% at flight-test.
    assert result.station("motors").required_per_week == pytest.approx(
        6000 / (0.998 * 0.995) / weeks
    )
    # Calibration: mtbf 60 h, mttr mean 3 h.
    assert result.station("calibration").hours_per_week == pytest.approx(168 * 60 / 63)
    assert result.bottleneck == "flight-test"
    assert result.feasible is False


def test_verdict_of_the_example(loaded) -> None:  # type: ignore[no-untyped-def]
    base = loaded.base
    text = verdict(base, capacity(base))
    # 1.366 − 1 = 36.6% → 37%; two 8-h shifts leave 8 h a day → a third shift.
    assert (
        text
        == "infeasible: flight-test needs 37% more capacity; e.g. a third shift or a second cell"
    )


def test_scenarios_are_feasible(loaded) -> None:  # type: ignore[no-untyped-def]
    for name in loaded.scenarios:
        result = capacity(loaded.plan(name))
        assert result.feasible, name
    # Round the clock: 168 h × 500/512 against the same requirement.
    rtc = capacity(loaded.plan("flight-test-round-the-clock")).station("flight-test")
    assert rtc.hours_per_week == pytest.approx(168 * 500 / 512)
    # A second cell doubles the hours.
    two = capacity(loaded.plan("second-flight-cage")).station("flight-test")
    assert two.hours_per_week == pytest.approx(2 * 77.05787, rel=1e-6)
    # Live a month later: 6000/0.995 over the weeks from 2026-03-02.
    late = capacity(loaded.plan("late-hall")).station("flight-test")
    assert late.required_per_week == pytest.approx(
        6000 / 0.995 / ((dt.date(2026, 12, 19) - dt.date(2026, 3, 2)).days / 7)
    )


SMALL = """\
start: 2026-01-05T00:00
calendars:
  day: {days: [mon, tue, wed, thu, fri], shifts: [{start: "08:00", hours: 8}]}
stations:
  a: {calendar: day}
  b: {calendar: day, live_from: 2026-02-02}
  spare: {calendar: day}
products:
  early: {routing: [{station: a, time: 30min}]}
  late: {routing: [{station: a, time: 60min}, {station: b, time: 1h, scrap: 50%}]}
demand:
  - {product: early, quantity: 60, due: 2026-01-09}
  - {product: late, quantity: 10, due: 2026-03-01}
"""


def test_null_cases_and_the_largest_due_date() -> None:
    f = parse_factory(SMALL).base
    result = capacity(f)
    spare = result.station("spare")
    assert (spare.units_per_week, spare.required_per_week, spare.load) == (None, None, None)
    a = result.station("a")
    # 40 working hours a week (8 weeks to the end of 1 March, 40 days × 8 h).
    assert a.hours_per_week == pytest.approx(40 * 8 / 8)
    # Mix at a: (60 × 30 + 10 × 60) / 70 min.
    assert a.units_per_week == pytest.approx(40 * 60 / ((60 * 30 + 10 * 60) / 70))
    # Due 9 Jan: 60 units in 5 days = 84/week; by 1 March: 60 + 10 × 2 (50% scrap at
    # b, later) = 80 over 8 weeks = 10/week: the first date dominates.
    assert a.required_per_week == pytest.approx(60 / (5 / 7))
    b = result.station("b")
    assert b.required_per_week == pytest.approx(10 / 0.5 / (28 / 7))
    assert a.units_per_week is not None
    assert a.units_per_week > 0
    assert result.feasible is False  # 'a' needs 84 a week and makes 70
    assert result.bottleneck == "a"
    assert math.isclose(a.load or 0, a.required_per_week / a.units_per_week)  # type: ignore[operator]


def test_due_date_before_live_from_is_null_and_infeasible() -> None:
    f = parse_factory(SMALL.replace("due: 2026-03-01", "due: 2026-01-30")).base
    result = capacity(f)
    b = result.station("b")
    assert (b.required_per_week, b.load, b.too_late) == (None, None, dt.date(2026, 1, 30))
    assert result.feasible is False
    assert verdict(f, result).startswith("infeasible: b goes live on 2026-02-02")


def test_scrap_of_every_unit_is_null_and_infeasible() -> None:
    # 100 % scrap at b: 10 / (1 - 1) units of late would have to start at b, and
    # at a, whose gross-up covers b, a later step; early's 60 alone stay finite.
    f = parse_factory(SMALL.replace("scrap: 50%", "scrap: 100%")).base
    result = capacity(f)
    for name in ("a", "b"):
        s = result.station(name)
        assert (s.required_per_week, s.load, s.lost, s.too_late) == (None, None, "late", None)
        assert s.units_per_week is not None
    assert result.feasible is False
    assert verdict(f, result) == (
        "infeasible: every unit of late is scrapped at b (scrap 100%); "
        "no capacity can meet its demand"
    )


def test_feasible_verdict_and_suggestions() -> None:
    f = parse_factory(SMALL.replace("quantity: 60", "quantity: 4")).base
    result = capacity(f)
    assert result.feasible
    assert verdict(f, result).startswith("feasible: the bottleneck ")
    # A day shift with a load of 2.5: three shifts a day, or three cells.
    from rampline.planning.verdict import suggestion

    assert suggestion(f, result.station("a"), 2.5) == "3 shifts a day or 3 cells"
    # Four 8-h shifts do not fit in a day, nor 17.5 days in a week: cells only.
    assert suggestion(f, result.station("a"), 3.5) == "4 cells"
    assert suggestion(f, result.station("a"), 1.2) == "a second shift or a second cell"

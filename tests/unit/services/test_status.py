"""Days ahead or behind, and the station that explains it, from hand-made curves."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import pytest

from rampline.domain.tracking import DowntimeRecord
from rampline.services.queries import StationWip, StationYield
from rampline.services.status import (
    PlanCurve,
    StationStatus,
    constraint,
    days_ahead,
    down_hours,
    status_of,
)

START = datetime(2026, 1, 5, 0, 0)
DAYS = [START + timedelta(days=k) for k in range(31)]
LINEAR = [10.0 * k for k in range(31)]  # the plan median reaches 100 units on day 10


def day(k: float) -> datetime:
    return START + timedelta(days=k)


@pytest.mark.parametrize(
    ("today", "actual", "expected"),
    [
        (12, 100, -2.0),  # the plan had 100 on day 10: two days behind
        (10, 100, 0.0),
        (8, 100, 2.0),  # the plan reaches 100 on day 10: two days ahead
        (12, 95, -2.5),  # between the daily points the median is a straight line
        (12.5, 100, -2.5),
        (3, 0, -3.0),  # nothing finished: behind by the time since start
    ],
)
def test_days_ahead_on_a_straight_plan(today: float, actual: float, expected: float) -> None:
    assert days_ahead(DAYS, LINEAR, day(today), actual) == pytest.approx(expected)


def test_a_plateau_in_the_plan_costs_no_days() -> None:
    # the plan stands still at 100 from day 10 to day 13 (a weekend, say)
    median = [min(10.0 * k, 100.0) if k <= 13 else 100.0 + 10.0 * (k - 13) for k in range(31)]
    assert days_ahead(DAYS, median, day(12), 100) == 0.0
    assert days_ahead(DAYS, median, day(15), 100) == pytest.approx(-2.0)  # last at 100: day 13
    assert days_ahead(DAYS, median, day(8), 100) == pytest.approx(2.0)  # first at 100: day 10


def test_beyond_the_plan_curve_is_none() -> None:
    assert days_ahead(DAYS, LINEAR, day(5), 1000) is None


def _plan() -> PlanCurve:
    median = np.array(LINEAR)
    return PlanCurve(tuple(DAYS), median * 0.8, median, median * 1.2)


def test_status_of_a_line_two_days_behind() -> None:
    finished = [(date(2026, 1, 5) + timedelta(days=k), "p", 10) for k in range(10)]
    downtime = [
        DowntimeRecord("test", 1, 1, day(11), day(11) + timedelta(hours=5), "breakdown"),
        DowntimeRecord("test", 2, 1, day(3), day(3) + timedelta(hours=5), "breakdown"),  # old
        DowntimeRecord("pack", 1, 1, day(11.5), day(12) + timedelta(hours=3), "breakdown"),
    ]
    s = status_of(
        factory="Line",
        start=START,
        as_of=day(12),
        finished_per_day=finished,
        plan=_plan(),
        plan_bottleneck="test",
        wip=[
            StationWip("kit", 2, 1, ["a"]),
            StationWip("test", 38, 1, ["b"]),
            StationWip("pack", 0, 0, []),
        ],
        yields=[StationYield("test", 100, 90, 8, 2, 95, 85)],
        downtime=downtime,
    )
    assert s.finished == 100
    assert s.days_ahead == pytest.approx(-2.0)
    assert s.plan == pytest.approx((96.0, 120.0, 144.0))
    assert s.band == "inside"
    assert [r.day for r in s.days] == [date(2026, 1, 5) + timedelta(days=k) for k in range(13)]
    assert [r.cumulative for r in s.days] == [
        10,
        20,
        30,
        40,
        50,
        60,
        70,
        80,
        90,
        100,
        100,
        100,
        100,
    ]
    assert [r.finished for r in s.days][-4:] == [10, 0, 0, 0]
    assert s.days[0].p50 == pytest.approx(10.0)  # the plan at the end of the first day
    assert s.days[-1].p50 == pytest.approx(120.0)  # and at the as-of moment
    test = next(x for x in s.stations if x.station == "test")
    assert test.down_hours == pytest.approx(5.0)
    assert test.first_pass_yield == pytest.approx(85 / 95)
    assert s.constraint == "test"
    assert s.explanation == (
        "test: 38 units waiting, 5 h down this week, first-pass yield 89%; "
        "the plan expected it to be the bottleneck."
    )
    assert s.headline.startswith("2.0 days behind plan: 100 units finished by 2026-01-17 00:00;")
    j = s.to_json()
    assert j["days_ahead"] == pytest.approx(-2.0)
    assert j["stations"][1] == {
        "station": "test",
        "waiting": 38,
        "in_cells": 1,
        "down_hours_7d": pytest.approx(5.0),
        "first_pass_yield": pytest.approx(85 / 95),
        "operations": 100,
    }


def test_down_hours_are_clipped_to_the_week() -> None:
    records = [
        DowntimeRecord("a", 1, 1, day(1), day(9), "x"),
        DowntimeRecord("a", 2, 2, day(9), day(9.5), "x"),
    ]
    assert down_hours(records, day(7), day(10)) == pytest.approx({"a": 60.0})


def test_constraint_is_the_longest_queue_then_the_most_downtime() -> None:
    def st(name: str, waiting: int, down: float) -> StationStatus:
        return StationStatus(name, waiting, 0, down, None, 0)

    assert constraint([st("a", 3, 0), st("b", 5, 0), st("c", 5, 2)]) == "c"
    assert constraint([st("a", 3, 9), st("b", 5, 0)]) == "b"
    assert constraint([st("a", 0, 9)]) is None

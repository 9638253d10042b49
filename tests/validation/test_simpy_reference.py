"""The SimPy reference model against the spec's worked examples and small cases
computed by hand (the derivation of each expected number is in its test)."""

from __future__ import annotations

import math
import time
from collections import deque
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pytest

from rampline.domain.calendar import Calendar, Shift
from rampline.domain.demand import DemandLine, release_order
from rampline.domain.distributions import Fixed, LogNormal, Normal, Triangular
from rampline.domain.factory import Factory
from rampline.domain.line import Failures, Outage, Station
from rampline.domain.people import Hire, Skill
from rampline.domain.product import Delivery, Learning, Material, Product, Rework, Step

from .simpy_reference import (
    ReferenceRun,
    moment,
    planned_release_order,
    qualification_times,
    run_reference,
    sample,
)

MON = datetime(2026, 1, 5)  # a Monday
H = 60.0
DAY = 1440.0
WEEKDAYS = frozenset(range(5))
RTC = Calendar("rtc", (Shift(0, 24.0),))  # one 24-hour shift every day
DAY_SHIFT = Calendar("day", (Shift(8 * 60, 8.0),), WEEKDAYS)  # Mon-Fri 08:00-16:00
EXAMPLE = Path("/work/shared/examples/quadcopter-line.yaml")


def make(
    stations: list[Station],
    products: dict[str, list[Step]],
    demand: list[tuple[str, int, date]],
    *,
    start: datetime = MON,
    calendars: tuple[Calendar, ...] = (RTC, DAY_SHIFT),
    people: tuple[Skill, ...] = (),
    materials: tuple[Material, ...] = (),
    wip_limit: int | None = None,
    outages: tuple[Outage, ...] = (),
) -> Factory:
    return Factory(
        name="test",
        start=start,
        calendars={c.name: c for c in calendars},
        stations=tuple(stations),
        products={p: Product(p, tuple(steps)) for p, steps in products.items()},
        demand=tuple(DemandLine(p, q, d) for p, q, d in demand),
        people={s.id: s for s in people},
        materials={m.id: m for m in materials},
        wip_limit=wip_limit,
        outages=outages,
    )


def one_station(
    minutes: float,
    units: int,
    *,
    calendar: str = "rtc",
    start: datetime = MON,
    **kwargs: object,
) -> Factory:
    return make(
        [Station("s", calendar)],
        {"p": [Step("s", Fixed(minutes))]},
        [("p", units, date(2026, 12, 31))],
        start=start,
        **kwargs,  # type: ignore[arg-type]
    )


def minutes(f: Factory, when: datetime) -> float:
    return (when - f.start).total_seconds() / 60.0


def check_books(run: ReferenceRun) -> None:
    """The five states of every station add up to its working time."""
    for st in run.stations.values():
        total = st.busy + st.blocked + st.starved + st.down + st.unstaffed
        assert total == pytest.approx(st.working, abs=1e-6)


# -- the spec's two worked examples ---------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_worked_example_one_weekday_day_shift(seed: int) -> None:
    f = one_station(30, 100, calendar="day", start=datetime(2026, 1, 5, 8))
    run = run_reference(f, seed)
    assert moment(f, run.completion) == datetime(2026, 1, 13, 10)
    assert not run.incomplete
    assert run.finished["p"][0] == 30
    assert run.finished["p"][79] == 4 * DAY + 8 * H  # 80th on Friday 16:00
    assert run.stations["s"].share("busy") == 1.0
    assert run.stations["s"].working == 50 * H
    check_books(run)


def test_worked_example_two_staffing_with_trainees() -> None:
    f = make(
        [Station("s", "rtc", cells=3, skill="s")],
        {"p": [Step("s", Fixed(60))]},
        [("p", 100, date(2026, 12, 31))],
        people=(Skill("s", (Hire(MON.date(), 1, True), Hire(MON.date(), 2)), DAY, 1),),
    )
    run = run_reference(f, 7)
    assert run.completion == 58 * H
    assert moment(f, run.completion) == datetime(2026, 1, 7, 10)
    st = run.stations["s"]
    assert st.working == 174 * H
    assert (st.busy, st.unstaffed, st.starved) == (100 * H, 72 * H, 2 * H)
    assert st.blocked == st.down == 0
    assert run.finished["p"][23] == 24 * H  # 24 units in the first day
    assert run.finished["p"][71] == 48 * H  # 72 after the second
    assert run.staffed_cells == {"s": 3}


# -- calendars ----------------------------------------------------------------------


def test_night_shift_runs_into_a_non_working_day() -> None:
    # Mon-Fri shift 22:00-06:00; Friday's shift runs into Saturday. From Fri 22:00
    # eight one-hour units by Sat 06:00; the next shift is Monday 22:00: units 9, 10
    # at Mon 23:00 and Tue 00:00.
    night = Calendar("night", (Shift(22 * 60, 8.0),), WEEKDAYS)
    f = one_station(60, 10, calendar="night", start=datetime(2026, 1, 9, 22), calendars=(night,))
    run = run_reference(f, 1)
    assert moment(f, run.finished["p"][7]) == datetime(2026, 1, 10, 6)
    assert moment(f, run.finished["p"][8]) == datetime(2026, 1, 12, 23)
    assert moment(f, run.completion) == datetime(2026, 1, 13, 0)
    assert run.stations["s"].working == 10 * H
    assert run.stations["s"].share("busy") == 1.0


def test_shift_begun_before_start_gives_working_time_from_start() -> None:
    # Start Sat 02:00 inside Friday's night shift: 02:00-06:00 give four units, the
    # fifth comes on Monday's shift at 23:00.
    night = Calendar("night", (Shift(22 * 60, 8.0),), WEEKDAYS)
    f = one_station(60, 5, calendar="night", start=datetime(2026, 1, 10, 2), calendars=(night,))
    run = run_reference(f, 1)
    assert run.finished["p"][:4] == [60, 120, 180, 240]
    assert moment(f, run.completion) == datetime(2026, 1, 12, 23)


def test_holiday_cancels_the_shift() -> None:
    # Day shift Mon-Fri 08:00-16:00, Tuesday a holiday: Monday gives 8 one-hour
    # units, Wednesday the last 4 by 12:00.
    cal = Calendar("day", (Shift(8 * 60, 8.0),), WEEKDAYS, frozenset({date(2026, 1, 6)}))
    f = one_station(60, 12, calendar="day", start=datetime(2026, 1, 5, 8), calendars=(cal,))
    run = run_reference(f, 1)
    assert moment(f, run.completion) == datetime(2026, 1, 7, 12)
    assert run.stations["s"].working == 12 * H
    assert run.stations["s"].busy == 12 * H


def test_operation_pauses_at_shift_end_and_resumes() -> None:
    # 5-hour operations in an 8-hour day shift: the second runs 13:00-16:00 and
    # 08:00-10:00 next day.
    f = one_station(300, 2, calendar="day", start=datetime(2026, 1, 5, 8))
    run = run_reference(f, 1)
    assert moment(f, run.completion) == datetime(2026, 1, 6, 10)


def test_outage_cuts_working_time() -> None:
    # One 10-hour unit from 00:00, outage 02:00-05:00: done at 13:00; the outage is
    # not working time, so the cell was busy all of it.
    outage = Outage(None, datetime(2026, 1, 5, 2), datetime(2026, 1, 5, 5))
    f = one_station(600, 1, outages=(outage,))
    run = run_reference(f, 1)
    assert run.completion == 13 * H
    assert run.stations["s"].working == 600
    assert run.stations["s"].busy == 600
    other = one_station(600, 1, outages=(Outage(("elsewhere",), outage.start, outage.end),))
    assert run_reference(other, 1).completion == 600


# -- flow: blocking, buffers, release -------------------------------------------------


def two_stations(buffer_b: int | None, units: int = 3) -> Factory:
    return make(
        [Station("a", "rtc"), Station("b", "rtc", buffer=buffer_b)],
        {"p": [Step("a", Fixed(10)), Step("b", Fixed(30))]},
        [("p", units, date(2026, 12, 31))],
    )


def test_blocking_with_buffer_zero() -> None:
    # a: 10 min, b: 30 min, b's buffer 0. Unit 1: a 0-10, b 10-40. Unit 2: a 10-20,
    # held in a 20-40, b 40-70. Unit 3: a 40-50, held 50-70, b 70-100.
    run = run_reference(two_stations(0), 1)
    assert run.finished["p"] == [40, 70, 100]
    a, b = run.stations["a"], run.stations["b"]
    assert (a.busy, a.blocked, a.starved) == (30, 40, 30)
    assert (b.busy, b.blocked, b.starved) == (90, 0, 10)
    check_books(run)


def test_blocking_with_buffer_one() -> None:
    # b's buffer 1: unit 2 waits in b's buffer from 20, unit 3 (a 20-30) is held
    # 30-40 until b takes unit 2. a: busy 30, blocked 10, starved 60.
    run = run_reference(two_stations(1), 1)
    assert run.finished["p"] == [40, 70, 100]
    a = run.stations["a"]
    assert (a.busy, a.blocked, a.starved) == (30, 10, 60)


def test_release_waiting_since_earlier_enters_before_a_later_held_unit() -> None:
    # c has buffer 0. r (due first) takes c 0-100. p: a 0-10, then held in a from
    # 10. q's release is held back at c from 0. At 100 q (waiting since 0) enters
    # before p (since 10): q 100-160, p 160-220.
    f = make(
        [Station("a", "rtc"), Station("c", "rtc", buffer=0)],
        {
            "r": [Step("c", Fixed(100))],
            "p": [Step("a", Fixed(10)), Step("c", Fixed(60))],
            "q": [Step("c", Fixed(60))],
        },
        [("r", 1, date(2026, 1, 6)), ("p", 1, date(2026, 1, 7)), ("q", 1, date(2026, 1, 8))],
    )
    run = run_reference(f, 1)
    assert run.releases == [(0, "r"), (0, "p"), (100, "q")]
    assert run.finished == {"r": [100], "p": [220], "q": [160]}
    assert run.stations["a"].blocked == 150


def test_held_units_enter_in_the_order_they_finished_not_line_order() -> None:
    # c (buffer 0) busy with z 0-100. x: a 0-30, held from 30; y: b 0-10, held from
    # 10. At 100 y (finished first) enters before x although a is upstream of b.
    def line(x_at_a: float) -> Factory:
        return make(
            [Station("a", "rtc"), Station("b", "rtc"), Station("c", "rtc", buffer=0)],
            {
                "z": [Step("c", Fixed(100))],
                "x": [Step("a", Fixed(x_at_a)), Step("c", Fixed(60))],
                "y": [Step("b", Fixed(10)), Step("c", Fixed(60))],
            },
            [("z", 1, date(2026, 1, 6)), ("x", 1, date(2026, 1, 7)), ("y", 1, date(2026, 1, 8))],
        )

    assert run_reference(line(30), 1).finished == {"z": [100], "x": [220], "y": [160]}
    # finished at the same instant (10): line order of the cells holding them
    assert run_reference(line(10), 1).finished == {"z": [100], "x": [160], "y": [220]}


def test_buffer_at_first_station_limits_release() -> None:
    # One 60-minute cell with buffer 1: the first unit goes into the cell, the second
    # waits in the buffer, the third is released when the cell takes the second.
    f = make(
        [Station("s", "rtc", buffer=1)],
        {"p": [Step("s", Fixed(60))]},
        [("p", 3, date(2026, 12, 31))],
    )
    run = run_reference(f, 1)
    assert [t for t, _ in run.releases] == [0, 0, 60]
    assert run.finished["p"] == [60, 120, 180]


def test_wip_limit_and_interleaved_release_order() -> None:
    # 4 P and 2 R due the same day give P R P P R P. WIP limit 1: each unit is
    # released when the previous finishes (P 10 min, R 20 min).
    f = make(
        [Station("s", "rtc")],
        {"P": [Step("s", Fixed(10))], "R": [Step("s", Fixed(20))]},
        [("P", 4, date(2026, 2, 1)), ("R", 2, date(2026, 2, 1))],
        wip_limit=1,
    )
    assert planned_release_order(f) == list("PRPPRP") == release_order(f.demand)
    run = run_reference(f, 1)
    assert run.releases == [(0, "P"), (10, "R"), (30, "P"), (40, "P"), (50, "R"), (70, "P")]
    assert run.finished == {"P": [10, 40, 50, 80], "R": [30, 70]}
    assert run.units_started == 6


def test_earliest_due_date_released_first() -> None:
    f = make(
        [Station("s", "rtc")],
        {"P": [Step("s", Fixed(10))], "R": [Step("s", Fixed(10))]},
        [("P", 2, date(2026, 1, 20)), ("R", 1, date(2026, 1, 10))],
    )
    assert planned_release_order(f) == ["R", "P", "P"]
    assert run_reference(f, 1).finished == {"P": [20, 30], "R": [10]}


def test_wip_limit_counts_units_in_the_whole_line() -> None:
    # Two stations of 60 minutes, WIP 2: units 1, 2 released at 0; unit 3 only when
    # unit 1 leaves b at 120; a is starved meanwhile.
    f = make(
        [Station("a", "rtc"), Station("b", "rtc")],
        {"p": [Step("a", Fixed(60)), Step("b", Fixed(60))]},
        [("p", 3, date(2026, 12, 31))],
        wip_limit=2,
    )
    run = run_reference(f, 1)
    assert [t for t, _ in run.releases] == [0, 0, 120]
    assert run.finished["p"] == [120, 180, 240]


# -- materials -----------------------------------------------------------------------


def material_factory(material: Material, units: int, minutes: float = 60) -> Factory:
    return make(
        [Station("s", "rtc")],
        {"p": [Step("s", Fixed(minutes), uses=(("m", 1.0),))]},
        [("p", units, date(2026, 12, 31))],
        materials=(material,),
    )


def test_delivery_makes_units_wait() -> None:
    # 2 on hand, 3 delivered Tue 00:00 (1440): units 1, 2 at 60, 120; the cell waits
    # (starved) until 1440; units 3-5 at 1500, 1560, 1620.
    mat = Material("m", 2, (Delivery(date(2026, 1, 6), 3),))
    run = run_reference(material_factory(mat, 5), 1)
    assert run.finished["p"] == [60, 120, 1500, 1560, 1620]
    st = run.stations["s"]
    assert (st.busy, st.starved) == (300, 1320)


def test_deliveries_at_or_before_start_are_in_stock() -> None:
    mat = Material("m", 0, (Delivery(date(2026, 1, 1), 2), Delivery(date(2026, 1, 5), 1)))
    run = run_reference(material_factory(mat, 3), 1)
    assert run.finished["p"] == [60, 120, 180]


def test_delivery_serves_waiting_stations_in_line_order() -> None:
    # a and b both use one m; 1 on hand, then 1 a day from Tue. Unit 1: a 0-10, waits
    # at b. Unit 2 waits at a. Tue 00:00: a (first in line) gets it, 1440-1450. Wed:
    # b, unit 1 done 2890. Thu: b, unit 2 done 4330.
    f = make(
        [Station("a", "rtc"), Station("b", "rtc")],
        {"p": [Step("a", Fixed(10), uses=(("m", 1.0),)), Step("b", Fixed(10), uses=(("m", 1.0),))]},
        [("p", 2, date(2026, 12, 31))],
        materials=(Material("m", 1, (Delivery(date(2026, 1, 6), 1, DAY),)),),
    )
    run = run_reference(f, 1)
    assert run.finished["p"] == [2890, 4330]


def test_delivery_until_is_inclusive_and_shortage_runs_to_the_horizon() -> None:
    # Deliveries Tue and Wed (until Wed inclusive), none after: the third unit never
    # starts; the run stops at the horizon, five years later.
    mat = Material("m", 0, (Delivery(date(2026, 1, 6), 1, DAY, date(2026, 1, 7)),))
    f = material_factory(mat, 3, minutes=10)
    run = run_reference(f, 1)
    assert run.finished["p"] == [DAY + 10, 2 * DAY + 10]
    assert run.incomplete
    assert moment(f, run.completion) == datetime(2031, 1, 5)
    assert run.line_completion == [run.horizon]
    check_books(run)


def test_material_short_unit_keeps_its_place() -> None:
    # p needs m at s, q does not; P first. P waits at the front for the delivery at
    # 1440 and q (behind it) does not overtake.
    f = make(
        [Station("s", "rtc")],
        {"p": [Step("s", Fixed(10), uses=(("m", 1.0),))], "q": [Step("s", Fixed(10))]},
        [("p", 1, date(2026, 1, 10)), ("q", 1, date(2026, 1, 20))],
        materials=(Material("m", 0, (Delivery(date(2026, 1, 6), 1),)),),
    )
    run = run_reference(f, 1)
    assert run.finished == {"p": [DAY + 10], "q": [DAY + 20]}


# -- people and commissioning ----------------------------------------------------------


def test_live_from() -> None:
    # The station goes live Tue 00:00; the trained operator is there from the start.
    # Units wait in its buffer; they are done at 1500 and 1560. The day before live
    # counts as unstaffed.
    f = make(
        [Station("s", "rtc", skill="s", live_from=datetime(2026, 1, 6))],
        {"p": [Step("s", Fixed(60))]},
        [("p", 2, date(2026, 12, 31))],
        people=(Skill("s", (Hire(MON.date(), 1, True),)),),
    )
    run = run_reference(f, 1)
    assert run.finished["p"] == [1500, 1560]
    st = run.stations["s"]
    assert (st.unstaffed, st.busy) == (DAY, 120)
    assert run.staffed_cells == {"s": 1}
    # without a skill the same
    g = make(
        [Station("s", "rtc", live_from=datetime(2026, 1, 6))],
        {"p": [Step("s", Fixed(60))]},
        [("p", 2, date(2026, 12, 31))],
    )
    assert run_reference(g, 1).stations["s"].unstaffed == DAY


@pytest.mark.parametrize(
    ("qualified", "rota", "staffed"),
    [
        (3, 1.0, {"a": 1, "b": 1}),  # a takes 2, b 1
        (4, 1.0, {"a": 1, "b": 2}),  # a's second needs 2 > 1 left: skipped, b gets it
        (6, 1.0, {"a": 2, "b": 2}),  # tie at 1 staffed each: a (line order) then b
        (5, 2.0, {"a": 1, "b": 0}),  # rota 2: a needs 4, b 2 > 1 left
        (1, 1.0, {"a": 0, "b": 1}),  # a cannot be given one: skipped
    ],
)
def test_staffing_rule(qualified: int, rota: float, staffed: dict[str, int]) -> None:
    cal = Calendar("rtc", (Shift(0, 24.0),), rota=rota)
    f = make(
        [
            Station("a", "rtc", cells=2, crew=2, skill="s"),
            Station("b", "rtc", cells=2, skill="s"),
            Station("c", "rtc"),
        ],
        {"p": [Step("c", Fixed(1))]},
        [("p", 1, date(2026, 12, 31))],
        calendars=(cal,),
        people=(Skill("s", (Hire(MON.date(), qualified, True),)),),
    )
    assert run_reference(f, 1).staffed_cells == {**staffed, "c": 1}


def test_staffing_fewest_staffed_first_then_line_order() -> None:
    # Three stations, 5 operators from zero: a, b, c, a, b.
    f = make(
        [Station(x, "rtc", cells=3, skill="s") for x in "abc"],
        {"p": [Step(x, Fixed(1)) for x in "abc"]},
        [("p", 1, date(2026, 12, 31))],
        people=(Skill("s", (Hire(MON.date(), 5, True),)),),
    )
    assert run_reference(f, 1).staffed_cells == {"a": 2, "b": 2, "c": 1}


def test_training_queue() -> None:
    # Two places, training 1 d: five trainees hired Monday qualify at 1, 1, 2, 2, 3 d;
    # three hired Wednesday (day 2) queue behind them: start on days 2, 3, 3.
    skill = Skill(
        "s",
        (Hire(MON.date(), 5), Hire(date(2026, 1, 7), 3), Hire(MON.date(), 1, True)),
        DAY,
        2,
    )
    days = [t / DAY for t in qualification_times(skill, MON)]
    assert days == [0, 1, 1, 2, 2, 3, 3, 4, 4]
    unlimited = Skill("s", (Hire(date(2026, 1, 7), 3),), DAY)
    assert qualification_times(unlimited, MON) == [3 * DAY] * 3


def test_operators_hired_before_start_are_there_at_start() -> None:
    f = make(
        [Station("s", "rtc", skill="s")],
        {"p": [Step("s", Fixed(60))]},
        [("p", 1, date(2026, 12, 31))],
        people=(Skill("s", (Hire(date(2025, 12, 1), 1), Hire(date(2025, 12, 1), 1, True)), DAY),),
    )
    run = run_reference(f, 1)
    assert run.completion == 60
    assert run.staffed_cells == {"s": 1}


# -- products: learning, rework, scrap --------------------------------------------------


def test_learning_curve() -> None:
    # rate 50 %, first 8 h, m = 60: expected 480, 240, 160, 120 for k = 1..4.
    f = make(
        [Station("s", "rtc")],
        {"p": [Step("s", Fixed(60), learning=Learning(0.5, 480))]},
        [("p", 4, date(2026, 12, 31))],
    )
    assert run_reference(f, 1).finished["p"] == pytest.approx([480, 720, 880, 1000])


def test_learning_counts_starts_of_all_products() -> None:
    # p (learning) after q (none): p is the 2nd start at s, expected 240.
    f = make(
        [Station("s", "rtc")],
        {
            "q": [Step("s", Fixed(10))],
            "p": [Step("s", Fixed(60), learning=Learning(0.5, 480))],
        },
        [("q", 1, date(2026, 1, 10)), ("p", 1, date(2026, 1, 20))],
    )
    assert run_reference(f, 1).finished == {"q": [10], "p": [250]}


def test_certain_rework_adds_time_in_the_same_cell() -> None:
    f = make(
        [Station("s", "rtc")],
        {"p": [Step("s", Fixed(60), rework=Rework(1.0, Fixed(30)))]},
        [("p", 2, date(2026, 12, 31))],
    )
    run = run_reference(f, 1)
    assert run.finished["p"] == [90, 180]
    assert run.stations["s"].busy == 180


def test_certain_scrap_never_completes_and_replaces_each_unit() -> None:
    # Every one-week operation scraps its unit and releases a replacement; five years
    # from Mon 2026-01-05 are 1826 days: 260 whole weeks.
    f = make(
        [Station("s", "rtc")],
        {"p": [Step("s", Fixed(7 * DAY), scrap=1.0)]},
        [("p", 1, date(2026, 12, 31))],
    )
    run = run_reference(f, 1)
    assert run.incomplete
    assert run.horizon == 1826 * DAY
    assert run.units_scrapped == 260
    assert run.units_started == 261
    assert run.finished["p"] == []


@pytest.mark.parametrize("seed", range(1, 6))
def test_scrap_replacement_is_released_next(seed: int) -> None:
    # WIP limit 1: the unit after a scrapped one is always its replacement, ahead of
    # the planned units (P R P R P R).
    f = make(
        [Station("s", "rtc")],
        {"P": [Step("s", Fixed(10), scrap=0.5)], "R": [Step("s", Fixed(25))]},
        [("P", 3, date(2026, 2, 1)), ("R", 3, date(2026, 2, 1))],
        wip_limit=1,
    )
    run = run_reference(f, seed)
    planned = deque(planned_release_order(f))
    expected: list[str] = []
    for i, (t, product) in enumerate(run.releases):
        previous_scrapped = i > 0 and t not in run.finished[run.releases[i - 1][1]]
        expected.append(run.releases[i - 1][1] if previous_scrapped else planned.popleft())
        assert product == expected[-1]
    assert len(run.releases) == 6 + run.units_scrapped
    assert run.units_started == len(run.releases)


def test_some_seed_scraps() -> None:
    f = make(
        [Station("s", "rtc")],
        {"P": [Step("s", Fixed(10), scrap=0.5)]},
        [("P", 6, date(2026, 2, 1))],
    )
    assert sum(run_reference(f, s).units_scrapped for s in range(1, 4)) > 0


# -- failures ---------------------------------------------------------------------------


def test_failures_down_share_near_mttr_over_mtbf() -> None:
    # 2000 one-hour units, mtbf 10 h, fixed 1-hour repairs: about 200 failures, so
    # down ≈ busy / 10 (Poisson, sd ≈ 7 %).
    f = make(
        [Station("s", "rtc", failures=Failures(600, Fixed(60)))],
        {"p": [Step("s", Fixed(60))]},
        [("p", 2000, date(2030, 12, 31))],
    )
    run = run_reference(f, 3)
    st = run.stations["s"]
    assert st.busy == pytest.approx(2000 * 60)
    assert 0.075 < st.down / st.busy < 0.125
    assert st.down == pytest.approx(60 * round(st.down / 60))  # whole repairs only
    check_books(run)


def test_repairs_pause_outside_working_time() -> None:
    # Day shifts only and an outage: repairs still add whole repair times of working
    # time, and busy + down is the working time (no starving with a queue).
    outage = Outage(None, datetime(2026, 1, 7), datetime(2026, 1, 9))
    f = make(
        [Station("s", "day", failures=Failures(120, Fixed(45)))],
        {"p": [Step("s", Fixed(60))]},
        [("p", 100, date(2026, 12, 31))],
        start=datetime(2026, 1, 5, 8),
        outages=(outage,),
    )
    run = run_reference(f, 5)
    st = run.stations["s"]
    assert st.busy == pytest.approx(6000)
    assert st.down > 0
    assert st.down == pytest.approx(45 * round(st.down / 45))
    assert st.busy + st.down == pytest.approx(st.working)


# -- results --------------------------------------------------------------------------


def test_units_by_due_and_line_completion() -> None:
    # Worked example 1 with the 100 units split in two lines: 50 due Fri 9th, 50 due
    # Tue 13th. By the end of Friday 80 are done (not capped at 50); the 50th at
    # Thu 09:00 (25 h of work).
    f = make(
        [Station("s", "day")],
        {"p": [Step("s", Fixed(30))]},
        [("p", 50, date(2026, 1, 9)), ("p", 50, date(2026, 1, 13))],
        start=datetime(2026, 1, 5, 8),
    )
    run = run_reference(f, 1)
    assert run.units_by_due == [80, 100]
    assert [moment(f, t) for t in run.line_completion] == [
        datetime(2026, 1, 8, 9),
        datetime(2026, 1, 13, 10),
    ]


def test_unit_done_at_24_00_of_due_day_is_on_time() -> None:
    f = make(
        [Station("s", "rtc")],
        {"p": [Step("s", Fixed(DAY))]},
        [("p", 1, date(2026, 1, 5))],
    )
    assert run_reference(f, 1).units_by_due == [1]


def test_horizon_from_29_february() -> None:
    f = replace(material_factory(Material("m", 0), 1), start=datetime(2028, 2, 29, 6))
    run = run_reference(f, 1)
    assert run.incomplete
    assert moment(f, run.completion) == datetime(2033, 2, 28, 6)


# -- sampling ---------------------------------------------------------------------------


def test_sampling_distributions() -> None:
    rng = np.random.Generator(np.random.PCG64(1))
    x = np.array([sample(rng, LogNormal(110, 0.3)) for _ in range(20000)])
    assert x.mean() == pytest.approx(110, rel=0.01)
    assert x.std() / x.mean() == pytest.approx(0.3, rel=0.03)
    y = np.array([sample(rng, Normal(1, 2)) for _ in range(5000)])
    assert (y > 0).all()
    z = np.array([sample(rng, Triangular(30, 38, 60)) for _ in range(20000)])
    assert z.mean() == pytest.approx(128 / 3, rel=0.01)
    assert sample(rng, LogNormal(5, 0)) == 5
    assert sample(rng, Triangular(7, 7, 7)) == 7


# -- the example file -----------------------------------------------------------------


def _load_example() -> Factory:
    loader = pytest.importorskip("rampline.factoryfile")
    if not EXAMPLE.exists():
        pytest.skip("example file not available")
    return loader.load_factory(EXAMPLE)  # type: ignore[no-any-return]


def test_example_base_plan_books_and_determinism() -> None:
    f = _load_example()
    t0 = time.perf_counter()
    run = run_reference(f, 1)
    elapsed = time.perf_counter() - t0
    assert elapsed < 10  # about 1 s on a developer machine
    assert run_reference(f, 1) == run
    check_books(run)
    demanded = sum(d.quantity for d in f.demand)
    if not run.incomplete:
        assert sum(len(v) for v in run.finished.values()) == demanded
        assert run.units_started == demanded + run.units_scrapped
        assert run.completion == max(max(v) for v in run.finished.values())
    for st in run.stations.values():
        assert math.isclose(
            sum(st.share(s) for s in ("busy", "blocked", "starved", "down", "unstaffed")), 1.0
        )

"""The engine on small factories worked out by hand, one rule at a time.

Every expected number is derived in the test from the factory text next to it.
Times are minutes after ``start``; ``H`` is an hour, ``D`` a day. ``RTC`` is a
calendar of one 24-hour shift a day (always working).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from rampline.factoryfile import parse_factory
from rampline.simulation.montecarlo import run_records
from rampline.simulation.results import RunRecords

H, D = 60.0, 1440.0
UNSTAFFED, STARVED, BUSY, DOWN, BLOCKED = range(5)

RTC = """
calendars:
  rtc:
    shifts: [{start: "00:00", hours: 24}]
"""


def run(text: str, scenario: str | None = None, runs: int = 1, seed: int = 1) -> RunRecords:
    rec = run_records(parse_factory(text).plan(scenario), runs, seed, keep_shares=True)
    assert np.allclose(rec.shares.sum(axis=2), 1.0)  # time shares always sum to 1
    return rec


def line(stations: str, products: str, demand: str, *, head: str = RTC, extra: str = "") -> str:
    return (
        "factory: t\nstart: 2026-01-05T00:00\n"  # a Monday
        + head
        + "stations:\n"
        + stations
        + "products:\n"
        + products
        + "demand:\n"
        + demand
        + extra
    )


def test_spec_worked_example_one_day_shift() -> None:
    text = """
factory: t
start: 2026-01-05T08:00
calendars:
  day: {days: [mon, tue, wed, thu, fri], shifts: [{start: "08:00", hours: 8}]}
stations:
  s: {calendar: day}
products:
  p: {routing: [{station: s, time: 30min}]}
demand:
  - {product: p, quantity: 100, due: 2026-12-31}
"""
    rec = run(text)
    # 50 h of work: Mon-Fri 40 h, next Monday 8 h, Tuesday 08:00-10:00.
    assert rec.end[0] == 8 * D + 2 * H  # 2026-01-13T10:00
    assert rec.shares[0, 0, BUSY] == 1.0


def test_spec_worked_example_training_ramp() -> None:
    text = line(
        "  s: {calendar: rtc, cells: 3, skill: s}\n",
        "  p: {routing: [{station: s, time: 60min}]}\n",
        "  - {product: p, quantity: 100, due: 2026-12-31}\n",
        extra="""people:
  s:
    training: 1d
    training_places: 1
    hires:
      - {on: 2026-01-05, count: 1, trained: true}
      - {on: 2026-01-05, count: 2}
""",
    )
    rec = run(text)
    # 24 units on day 1 (one cell), 48 on day 2 (two), then 3 an hour: 28 more in 9h20,
    # the 100th at 48 + 10 = 58 h.
    assert rec.end[0] == 58 * H
    cell_hours = 3 * 58
    assert rec.shares[0, 0, BUSY] == pytest.approx(100 / cell_hours)
    assert rec.shares[0, 0, UNSTAFFED] == pytest.approx((48 + 24) / cell_hours)
    assert rec.shares[0, 0, STARVED] == pytest.approx(2 / cell_hours)


def test_training_places_two_trainees_at_once() -> None:
    text = line(
        "  s: {calendar: rtc, cells: 3, skill: s}\n",
        "  p: {routing: [{station: s, time: 60min}]}\n",
        "  - {product: p, quantity: 100, due: 2026-12-31}\n",
        extra="""people:
  s:
    training: 1d
    training_places: 2
    hires:
      - {on: 2026-01-05, count: 1, trained: true}
      - {on: 2026-01-05, count: 2}
""",
    )
    rec = run(text)
    # Both trainees qualify at 24 h: 24 units, then 3 an hour: 76 more need 25 h 20 min,
    # so the 100th (the 76th after 24 h: 25 full rounds of 3 = 75, one more) ends at 50 h.
    assert rec.end[0] == 50 * H
    cell_hours = 3 * 50
    assert rec.shares[0, 0, BUSY] == pytest.approx(100 / cell_hours)
    assert rec.shares[0, 0, UNSTAFFED] == pytest.approx(2 * 24 / cell_hours)
    assert rec.shares[0, 0, STARVED] == pytest.approx((150 - 100 - 48) / cell_hours)


def test_night_shift_across_midnight_and_a_holiday() -> None:
    head = """
calendars:
  nights:
    days: [mon, tue, wed, thu, fri]
    shifts: [{start: "22:00", hours: 8}]
    holidays: [2026-01-07]
"""
    text = line(
        "  s: {calendar: nights}\n",
        "  p: {routing: [{station: s, time: 1h}]}\n",
        "  - {product: p, quantity: 30, due: 2026-12-31}\n",
        head=head,
    )
    rec = run(text)
    # Mon 22:00-Tue 06:00: 8, Tue night: 8, Wednesday is a holiday (no shift starts on
    # it), Thu night: 8 (24). Friday's shift runs into Saturday though Saturday is not a
    # working day: 6 more, Fri 22:00 + 6 h = Sat 04:00 = 5 d 4 h after Monday 00:00.
    assert rec.end[0] == 5 * D + 4 * H
    assert rec.shares[0, 0, BUSY] == 1.0  # 30 working hours, all busy


def test_learning_wrights_curve_with_fixed_times() -> None:
    text = line(
        "  s: {calendar: rtc}\n",
        "  p: {routing: [{station: s, time: 60min, learning: {rate: 80%, first: 4h}}]}\n",
        "  - {product: p, quantity: 5, due: 2026-12-31}\n",
    )
    rec = run(text)
    # k-th operation: max(60, 240 k^log2(0.8)): 240, 192, 168.5, 153.6, 143.0 = 897.1 min.
    expected = sum(max(60.0, 240.0 * k ** math.log2(0.8)) for k in range(1, 6))
    assert expected == pytest.approx(897.1, abs=0.1)
    assert rec.end[0] == pytest.approx(expected, abs=1e-9)


def test_learning_reaches_the_mean() -> None:
    text = line(
        "  s: {calendar: rtc}\n",
        "  p: {routing: [{station: s, time: 60min, learning: {rate: 50%, first: 4h}}]}\n",
        "  - {product: p, quantity: 6, due: 2026-12-31}\n",
    )
    # rate 50%: 240 / k: 240, 120, 80, 60 (k=4 meets the mean), then 60, 60.
    assert run(text).end[0] == 240 + 120 + 80 + 60 + 60 + 60


def test_staffing_rule_two_stations_sharing_a_skill() -> None:
    text = line(
        "  a: {calendar: rtc, cells: 2, skill: s}\n  b: {calendar: rtc, cells: 2, skill: s}\n",
        "  pa: {routing: [{station: a, time: 10min}]}\n"
        "  pb: {routing: [{station: b, time: 60min}]}\n",
        "  - {product: pa, quantity: 1, due: 2026-12-31}\n"
        "  - {product: pb, quantity: 30, due: 2026-12-31}\n",
        extra="""people:
  s:
    training: 1d
    hires:
      - {on: 2026-01-05, count: 3, trained: true}
      - {on: 2026-01-05, count: 1}
""",
    )
    rec = run(text)
    # Q = 3 at start: one cell of a, one of b, then a second of a (fewest staffed, tie
    # to line order). The fourth qualifies at 24 h and staffs b's second cell.
    # b: 24 units in 24 h with one cell, then 2 an hour: 6 more in 3 h: 27 h.
    assert rec.end[0] == 27 * H
    b = rec.shares[0, 1]
    assert b[UNSTAFFED] == pytest.approx(24 / 54)  # 2 cells x 27 h, one unstaffed 24 h
    assert b[BUSY] == pytest.approx(30 / 54)
    a = rec.shares[0, 0]
    assert a[UNSTAFFED] == 0.0  # both of a's cells staffed from the start
    assert a[BUSY] == pytest.approx(10 / (2 * 27 * H))


def test_deliveries_units_wait_for_material() -> None:
    text = line(
        "  s: {calendar: rtc}\n",
        "  p: {routing: [{station: s, time: 60min, uses: {m: 1}}]}\n",
        "  - {product: p, quantity: 8, due: 2026-12-31}\n",
        extra="""materials:
  m:
    on_hand: 2
    deliveries: [{first: 2026-01-06, every: 1d, quantity: 3}]
""",
    )
    rec = run(text)
    # 2 units 0-2 h; 3 at day 1 00:00 (24-27 h); 3 at day 2: the 8th ends at 48 + 3 = 51 h.
    assert rec.end[0] == 51 * H
    assert rec.shares[0, 0, BUSY] == pytest.approx(8 / 51)
    assert rec.shares[0, 0, STARVED] == pytest.approx(43 / 51)  # waiting for material


def test_outage_pauses_work() -> None:
    text = line(
        "  s: {calendar: rtc}\n",
        "  p: {routing: [{station: s, time: 60min}]}\n",
        "  - {product: p, quantity: 10, due: 2026-12-31}\n",
        extra="""scenarios:
  stop:
    description: three hours without work
    outages: [{stations: all, from: 2026-01-05T02:30, to: 2026-01-05T05:30}]
""",
    )
    assert run(text).end[0] == 10 * H
    rec = run(text, "stop")
    # The third unit pauses at 02:30 with 30 min left and resumes at 05:30: 10 h + 3 h.
    assert rec.end[0] == 13 * H
    assert rec.shares[0, 0, BUSY] == 1.0  # outage time is not working time


def test_live_from() -> None:
    text = line(
        "  a: {calendar: rtc}\n  b: {calendar: rtc, live_from: 2026-01-07}\n",
        "  p: {routing: [{station: a, time: 60min}, {station: b, time: 60min}]}\n",
        "  - {product: p, quantity: 5, due: 2026-12-31}\n",
    )
    rec = run(text)
    # a makes 5 by 5 h; they wait in b's buffer until b goes live at 2 d, then 5 h.
    assert rec.end[0] == 2 * D + 5 * H
    b = rec.shares[0, 1]
    assert b[UNSTAFFED] == pytest.approx(2 * D / (2 * D + 5 * H))
    assert b[BUSY] == pytest.approx(5 * H / (2 * D + 5 * H))


@pytest.mark.parametrize(
    ("buffer", "blocked", "starved"),
    [
        # a: u1 0-30, u2 30-60 held 60-90, u3 90-120 held 120-150, u4 150-180 held 180-210,
        # then idle 210-270: busy 120, blocked 90, starved 60.
        (0, 90, 60),
        # a: u1 0-30, u2 30-60 (waits in the buffer), u3 60-90 enters the buffer when
        # b takes u2 at 90, u4 90-120 held 120-150: blocked 30, idle 150-270: 120.
        (1, 30, 120),
    ],
)
def test_blocking_after_service(buffer: int, blocked: float, starved: float) -> None:
    text = line(
        f"  a: {{calendar: rtc}}\n  b: {{calendar: rtc, buffer: {buffer}}}\n",
        "  p: {routing: [{station: a, time: 30min}, {station: b, time: 60min}]}\n",
        "  - {product: p, quantity: 4, due: 2026-12-31}\n",
    )
    rec = run(text)
    # b is the bottleneck: it starts u1 at 30 and works without pause: 30 + 4 x 60 = 270.
    assert rec.end[0] == 270
    a = rec.shares[0, 0]
    assert a[BUSY] == pytest.approx(120 / 270)
    assert a[BLOCKED] == pytest.approx(blocked / 270)
    assert a[STARVED] == pytest.approx(starved / 270)


def test_blocking_buffer_one_timeline() -> None:
    """Buffer 1, spelled out: a: u1 0-30 (to b), u2 30-60 (into the buffer), u3 60-90
    held 0 min (b takes u2 at 90, u3 enters), u4 90-120 held 120-150 (b takes u3 at
    150): a is blocked 30 min, busy 120, idle 270 - 150 = 120."""
    text = line(
        "  a: {calendar: rtc}\n  b: {calendar: rtc, buffer: 1}\n",
        "  p: {routing: [{station: a, time: 30min}, {station: b, time: 60min}]}\n",
        "  - {product: p, quantity: 4, due: 2026-12-31}\n",
    )
    a = run(text).shares[0, 0]
    assert (a[BUSY] * 270, a[BLOCKED] * 270, a[STARVED] * 270) == pytest.approx((120, 30, 120))


def test_wip_limit_and_release_order() -> None:
    text = line(
        "  s: {calendar: rtc}\n",
        "  p: {routing: [{station: s, time: 60min}]}\n  r: {routing: [{station: s, time: 30min}]}\n",
        "  - {product: p, quantity: 4, due: 2026-03-02}\n"
        "  - {product: r, quantity: 2, due: 2026-03-02}\n",
        extra="line: {wip_limit: 1}\n",
    )
    rec = run(text)
    # Order P R P P R P, one at a time: P 0-60, R 60-90, P 90-150, P 150-210, R 210-240,
    # P 240-300.
    assert list(rec.line_done[0]) == [300, 240]
    assert rec.end[0] == 300
    assert rec.started[0] == 6


def test_wip_limit_two_interleaves_by_finishing() -> None:
    text = line(
        "  s: {calendar: rtc, cells: 2}\n",
        "  p: {routing: [{station: s, time: 60min}]}\n  r: {routing: [{station: s, time: 30min}]}\n",
        "  - {product: p, quantity: 4, due: 2026-03-02}\n"
        "  - {product: r, quantity: 2, due: 2026-03-02}\n",
        extra="line: {wip_limit: 2}\n",
    )
    rec = run(text)
    # P 0-60 (cell 1), R 0-30 (cell 2); at 30 the next, P, 30-90; at 60 P 60-120;
    # at 90 R 90-120; at 120 P 120-180 (and nothing more).
    assert list(rec.line_done[0]) == [180, 120]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_scrap_replacement_invariants(seed: int) -> None:
    text = line(
        "  s: {calendar: rtc}\n",
        "  p: {routing: [{station: s, time: 60min, scrap: 20%}]}\n",
        "  - {product: p, quantity: 50, due: 2026-12-31}\n",
    )
    rec = run(text, seed=seed, runs=3)
    # Every scrapped unit is replaced: started = 50 + scrapped; one cell works without a
    # break on every started unit, scrapped or not: completion = 60 x started.
    assert np.all(rec.started == 50 + rec.scrapped)
    assert np.all(rec.scrapped > 0)
    assert np.allclose(rec.end, 60.0 * rec.started)
    assert np.allclose(rec.shares[:, 0, BUSY], 1.0)


def test_scrap_replacement_goes_before_planned_units() -> None:
    text = line(
        "  s: {calendar: rtc}\n",
        "  p: {routing: [{station: s, time: 60min, scrap: 50%}]}\n"
        "  r: {routing: [{station: s, time: 30min}]}\n",
        "  - {product: p, quantity: 1, due: 2026-03-02}\n"
        "  - {product: r, quantity: 5, due: 2026-03-03}\n",
        extra="line: {wip_limit: 1}\n",
    )
    rec = run(text, runs=20)
    # p's replacements go ahead of every r: p is done after (1 + scrapped) x 60 min.
    assert np.allclose(rec.line_done[:, 0], 60.0 * (1 + rec.scrapped))
    assert np.allclose(rec.end, 60.0 * (1 + rec.scrapped) + 5 * 30.0)


def test_rework_in_the_same_cell() -> None:
    text = line(
        "  a: {calendar: rtc}\n  b: {calendar: rtc}\n",
        "  p: {routing: [{station: a, time: 60min, rework: {rate: 100%, time: 20min}},"
        " {station: b, time: 10min}]}\n",
        "  - {product: p, quantity: 5, due: 2026-12-31}\n",
    )
    rec = run(text)
    # Every unit takes 60 + 20 in a; the 5th leaves a at 400, b adds 10.
    assert rec.end[0] == 5 * 80 + 10
    assert rec.shares[0, 0, BUSY] == pytest.approx(400 / 410)


def test_five_year_horizon_with_unmeetable_material() -> None:
    text = line(
        "  s: {calendar: rtc}\n",
        "  p: {routing: [{station: s, time: 60min, uses: {m: 1}}]}\n",
        "  - {product: p, quantity: 5, due: 2026-03-02}\n",
        extra="materials:\n  m: {on_hand: 3}\n",
    )
    rec = run(text, runs=2)
    # 2026-01-05 to 2031-01-05: 5 x 365 + 1 (29 Feb 2028) = 1826 days.
    horizon = 1826 * D
    assert np.all(rec.end == horizon)
    assert not rec.complete.any()  # both count in incomplete_runs
    assert np.all(rec.line_done == horizon)
    assert np.all(rec.by_due[:, 0] == 3)
    assert rec.shares[0, 0, BUSY] == pytest.approx(3 * H / horizon)


def test_scrap_of_every_unit_runs_to_the_five_year_horizon() -> None:
    """Scrap 100 % is a share the spec allows: every unit is scrapped and
    replaced at once, until the run stops at the horizon."""
    text = line(
        "  s: {calendar: rtc}\n",
        "  p: {routing: [{station: s, time: 7h, scrap: 100%}]}\n"
        "  q: {routing: [{station: s, time: 1h}]}\n",
        "  - {product: q, quantity: 2, due: 2026-01-05}\n"
        "  - {product: p, quantity: 1, due: 2026-01-06}\n",
        extra="line: {wip_limit: 1}\n",
    )
    rec = run(text, runs=2)
    horizon = 1826 * D  # 2026-01-05 to 2031-01-05
    # q's two units first (the earlier due date), done at 2 h; then p
    # is scrapped every 7 h from 2 h on and replaced at once: at the horizon
    # floor((horizon - 2 h) / 7 h) are scrapped and one more is in the cell.
    lost = math.floor((horizon - 2 * H) / (7 * H))
    assert lost == 6260
    assert np.all(rec.end == horizon)
    assert not rec.complete.any()
    assert np.all(rec.line_done[:, 0] == 2 * H)
    assert np.all(rec.line_done[:, 1] == horizon)
    assert np.all(rec.scrapped == lost)
    assert np.all(rec.started == 2 + lost + 1)
    assert rec.shares[0, 0, BUSY] == pytest.approx(1.0)

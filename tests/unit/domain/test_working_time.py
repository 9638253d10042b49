"""WorkingTime: shift tables, night shifts, holidays, outages, and properties
of working time <-> clock time."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from rampline.domain.calendar import Calendar, Shift, WorkingTime

H = 60.0
DAY = 24 * H
MON = dt.datetime(2026, 1, 5)  # a Monday


def test_night_shift_runs_into_a_non_working_saturday() -> None:
    cal = Calendar("nights", (Shift(22 * 60, 8),), days=frozenset(range(5)))
    wt = WorkingTime(cal, MON, MON + dt.timedelta(days=14))
    friday_22 = 4 * DAY + 22 * H
    assert wt.is_working(friday_22 + 7 * H)  # Saturday 05:00
    assert not wt.is_working(friday_22 + 8 * H)  # Saturday 06:00: the shift is over
    assert not wt.is_working(5 * DAY + 22 * H)  # no shift starts on Saturday
    # Sunday has none either; Monday's starts at 22:00 again.
    assert wt.next_working(5 * DAY + 6 * H) == 7 * DAY + 22 * H
    # The shift that began on Sunday 4 Jan would be before origin: none (Sunday off).
    assert not wt.is_working(0.0)
    assert wt.working_between(0, 7 * DAY) == 5 * 8 * H


def test_night_shift_started_before_origin_counts_from_origin() -> None:
    cal = Calendar("nights", (Shift(22 * 60, 8),))
    wt = WorkingTime(cal, MON + dt.timedelta(hours=2), MON + dt.timedelta(days=2))
    # Sunday's 22:00-06:00 shift gives Monday 02:00-06:00.
    assert wt.intervals()[0] == (0.0, 4 * H)


def test_holiday_cancels_the_shifts_that_start_on_it_and_only_those() -> None:
    cal = Calendar("nights", (Shift(22 * 60, 8),), holidays=frozenset({dt.date(2026, 1, 6)}))
    wt = WorkingTime(cal, MON, MON + dt.timedelta(days=3))
    assert wt.is_working(1 * DAY + 3 * H)  # Tue 03:00: Monday's night shift still runs
    assert not wt.is_working(1 * DAY + 23 * H)  # Tue 23:00: cancelled
    assert wt.is_working(2 * DAY + 23 * H)


def test_days_and_merging_of_touching_shifts() -> None:
    cal = Calendar("3x8", (Shift(6 * 60, 8), Shift(14 * 60, 8), Shift(22 * 60, 8)))
    wt = WorkingTime(cal, MON + dt.timedelta(hours=6), MON + dt.timedelta(days=7, hours=6))
    assert wt.intervals() == [(0.0, 7 * DAY)]  # round the clock merges into one interval
    assert wt.total == 7 * DAY


def test_outage_is_cut_out() -> None:
    cal = Calendar("day", (Shift(8 * 60, 8),))
    wt = WorkingTime(
        cal,
        MON,
        MON + dt.timedelta(days=3),
        outages=[(MON + dt.timedelta(hours=10), MON + dt.timedelta(days=1, hours=9))],
    )
    assert wt.intervals() == [
        (8 * H, 10 * H),
        (DAY + 9 * H, DAY + 16 * H),
        (2 * DAY + 8 * H, 2 * DAY + 16 * H),
    ]


def test_worked_example_one_day_shift() -> None:
    """factory-format.md: 100 units × 30 min from Monday 08:00 on Mon-Fri
    08:00-16:00 end on Tuesday of the next week at 10:00."""
    cal = Calendar("day", (Shift(8 * 60, 8),), days=frozenset(range(5)))
    start = dt.datetime(2026, 1, 5, 8, 0)
    wt = WorkingTime(cal, start, start + dt.timedelta(days=30))
    work = 100 * 30.0  # 50 h
    # Mon-Fri give 5 × 8 = 40 h, the weekend none, Monday 8 h: 48 h; 2 h on Tuesday.
    assert wt.working_between(0, 5 * DAY) == 40 * H
    assert wt.working_between(0, 8 * DAY) == 48 * H
    end = wt.add_working(0.0, work)
    assert start + dt.timedelta(minutes=end) == dt.datetime(2026, 1, 13, 10, 0)
    # The cell is busy for all its working time up to then: share 1.0.
    assert wt.working_before(end) == work


# -- properties ---------------------------------------------------------------


@st.composite
def calendars(draw: st.DrawFn) -> Calendar:
    days = draw(st.frozensets(st.integers(0, 6), min_size=1))
    count = draw(st.integers(1, 3))
    starts = sorted(
        draw(st.lists(st.integers(0, 23 * 4), min_size=count, max_size=count, unique=True))
    )
    shifts = []
    for i, q in enumerate(starts):
        room = (starts[i + 1] - q) if i + 1 < len(starts) else 4 * 30
        hours = draw(st.integers(1, max(1, room))) / 4.0
        shifts.append(Shift(q * 15, hours))
    holidays = draw(st.frozensets(st.dates(dt.date(2026, 1, 1), dt.date(2026, 1, 31)), max_size=5))
    return Calendar("c", tuple(shifts), days, holidays)


def _brute_is_working(cal: Calendar, origin: dt.datetime, t: float) -> bool:
    """Straight from the spec: some shift of a working non-holiday day covers t."""
    moment = origin + dt.timedelta(minutes=t)
    for back in range(3):
        day = moment.date() - dt.timedelta(days=back)
        if day.weekday() not in cal.days or day in cal.holidays:
            continue
        for s in cal.shifts:
            begin = dt.datetime(day.year, day.month, day.day) + dt.timedelta(minutes=s.start_minute)
            if begin <= moment < begin + dt.timedelta(minutes=s.minutes):
                return True
    return False


ORIGIN = dt.datetime(2026, 1, 3, 5, 30)
SPAN = 25 * DAY


@settings(max_examples=60, deadline=None)
@given(calendars(), st.integers(0, int(SPAN) - 1))
def test_is_working_matches_the_definition(cal: Calendar, t: int) -> None:
    """Whole minutes before the horizon: no rounding doubt at the edges."""
    wt = WorkingTime(cal, ORIGIN, ORIGIN + dt.timedelta(minutes=SPAN))
    assert wt.is_working(t) == _brute_is_working(cal, ORIGIN, t)


@settings(max_examples=60, deadline=None)
@given(calendars(), st.floats(0, 1, allow_nan=False), st.floats(0, SPAN, allow_nan=False))
def test_round_trip(cal: Calendar, share: float, t: float) -> None:
    wt = WorkingTime(cal, ORIGIN, ORIGIN + dt.timedelta(minutes=SPAN))
    w = share * wt.total
    c = wt.clock_at(w)
    assert abs(wt.working_before(c) - w) < 1e-6
    if wt.is_working(t):
        back = wt.clock_at(wt.working_before(t))
        # Equal, unless t is the very start of an interval (then the previous end).
        assert back <= t + 1e-6
        assert abs(wt.working_before(back) - wt.working_before(t)) < 1e-6


@settings(max_examples=60, deadline=None)
@given(calendars(), st.lists(st.floats(0, SPAN, allow_nan=False), min_size=2, max_size=2))
def test_monotone(cal: Calendar, pair: list[float]) -> None:
    wt = WorkingTime(cal, ORIGIN, ORIGIN + dt.timedelta(minutes=SPAN))
    a, b = sorted(pair)
    assert wt.working_before(a) <= wt.working_before(b)
    wa, wb = sorted(x / SPAN * wt.total for x in pair)
    assert wt.clock_at(wa) <= wt.clock_at(wb)
    assert wt.working_between(a, b) <= b - a + 1e-9


@settings(max_examples=60, deadline=None)
@given(calendars(), st.floats(0, SPAN, allow_nan=False), st.floats(0, 3 * DAY, allow_nan=False))
def test_no_time_passes_in_gaps(cal: Calendar, t: float, d: float) -> None:
    wt = WorkingTime(cal, ORIGIN, ORIGIN + dt.timedelta(minutes=SPAN))
    if not wt.is_working(t):
        nxt = wt.next_working(t)
        if nxt != float("inf"):
            assert wt.working_before(nxt) == wt.working_before(t)
            assert wt.is_working(nxt)
    end = wt.add_working(t, d)
    if end != float("inf") and d > 0:
        # Work ends inside working time or exactly at the end of an interval.
        assert wt.is_working(end) or end in wt.ends
        assert abs(wt.working_between(t, end) - d) < 1e-6

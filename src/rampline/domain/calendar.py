"""Working calendars: shifts, working days and holidays.

A :class:`Calendar` is what the factory file says. :class:`WorkingTime` is that
calendar laid out on the plan's time axis (minutes after ``start``), as a sorted
table of merged working intervals with the working minutes accumulated at the
start of each, so that "working time → clock time" and back is a binary search.
Outages are cut out of the table.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Shift:
    """A shift starting ``start_minute`` minutes after midnight, ``hours`` long."""

    start_minute: int
    hours: float

    @property
    def minutes(self) -> float:
        return self.hours * 60.0


@dataclass(frozen=True)
class Calendar:
    name: str
    shifts: tuple[Shift, ...]
    days: frozenset[int] = frozenset(range(7))  # 0 = Monday
    holidays: frozenset[date] = frozenset()
    rota: float = 1.0

    def weekly_pattern_minutes(self) -> float:
        """Shift minutes in a week without holidays."""
        return len(self.days) * sum(s.minutes for s in self.shifts)


def end_of_day(day: date) -> datetime:
    """24:00 of ``day``: the moment by which something due that day is on time."""
    return datetime(day.year, day.month, day.day) + timedelta(days=1)


def minutes_between(a: datetime, b: datetime) -> float:
    return (b - a).total_seconds() / 60.0


def at_minutes(origin: datetime, minutes: float) -> datetime:
    return origin + timedelta(minutes=minutes)


def _merge(intervals: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    merged: list[tuple[float, float]] = []
    for a, b in sorted(intervals):
        if b <= a:
            continue
        if merged and a <= merged[-1][1]:
            if b > merged[-1][1]:
                merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


def _subtract(
    intervals: list[tuple[float, float]], cuts: list[tuple[float, float]]
) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    cuts = _merge(cuts)
    for a, b in intervals:
        pieces = [(a, b)]
        for ca, cb in cuts:
            nxt: list[tuple[float, float]] = []
            for pa, pb in pieces:
                if cb <= pa or ca >= pb:
                    nxt.append((pa, pb))
                    continue
                if ca > pa:
                    nxt.append((pa, ca))
                if cb < pb:
                    nxt.append((cb, pb))
            pieces = nxt
        out.extend(pieces)
    return out


def shift_intervals(
    calendar: Calendar, origin: datetime, until: datetime
) -> Iterator[tuple[float, float]]:
    """Raw shift intervals (minutes after ``origin``) of shifts starting on days
    from the day before ``origin`` up to ``until``, unmerged and unclipped, in
    day order (a generator: a caller may stop at the first it needs)."""
    longest_days = int(max((s.hours for s in calendar.shifts), default=0) // 24) + 1
    day = origin.date() - timedelta(days=longest_days)
    last = until.date()
    while day <= last:
        if day.weekday() in calendar.days and day not in calendar.holidays:
            midnight = datetime(day.year, day.month, day.day)
            base = minutes_between(origin, midnight)
            for s in calendar.shifts:
                a = base + s.start_minute
                yield (a, a + s.minutes)
        day += timedelta(days=1)


def has_working_time(calendar: Calendar, start: datetime, end: datetime) -> bool:
    """Whether any shift gives working time in ``[start, end)``; stops at the first."""
    span = minutes_between(start, end)
    return any(max(a, 0.0) < min(b, span) for a, b in shift_intervals(calendar, start, end))


class WorkingTime:
    """A calendar laid out from ``origin`` to ``horizon``, less the outages.

    Intervals are half-open ``[a, b)`` in minutes after ``origin``. Working time
    is counted from ``origin``: ``cum[i]`` is the working minutes before
    ``starts[i]``.
    """

    __slots__ = ("cum", "ends", "horizon", "origin", "starts", "total")

    def __init__(
        self,
        calendar: Calendar,
        origin: datetime,
        horizon: datetime,
        outages: Iterable[tuple[datetime, datetime]] = (),
    ) -> None:
        self.origin = origin
        end = minutes_between(origin, horizon)
        self.horizon = end
        raw = shift_intervals(calendar, origin, horizon)
        clipped = [(max(a, 0.0), min(b, end)) for a, b in raw]
        merged = _merge(clipped)
        cuts = [(minutes_between(origin, a), minutes_between(origin, b)) for a, b in outages]
        merged = _merge(_subtract(merged, cuts))
        self.starts = [a for a, _ in merged]
        self.ends = [b for _, b in merged]
        cum: list[float] = []
        total = 0.0
        for a, b in merged:
            cum.append(total)
            total += b - a
        self.cum = cum
        self.total = total

    @classmethod
    def from_intervals(
        cls, origin: datetime, intervals: list[tuple[float, float]], horizon: float
    ) -> WorkingTime:
        """A working time made of given intervals (minutes after ``origin``)."""
        self = cls.__new__(cls)
        self.origin = origin
        self.horizon = horizon
        merged = _merge(intervals)
        self.starts = [a for a, _ in merged]
        self.ends = [b for _, b in merged]
        self.cum = []
        total = 0.0
        for a, b in merged:
            self.cum.append(total)
            total += b - a
        self.total = total
        return self

    def intervals(self) -> list[tuple[float, float]]:
        return list(zip(self.starts, self.ends, strict=True))

    def is_working(self, t: float) -> bool:
        i = bisect.bisect_right(self.starts, t) - 1
        return i >= 0 and t < self.ends[i]

    def working_before(self, t: float) -> float:
        """Working minutes in ``[0, t)``."""
        i = bisect.bisect_right(self.starts, t) - 1
        if i < 0:
            return 0.0
        return self.cum[i] + min(t, self.ends[i]) - self.starts[i]

    def working_between(self, a: float, b: float) -> float:
        return self.working_before(b) - self.working_before(a)

    def clock_at(self, w: float) -> float:
        """The earliest clock time by which ``w`` working minutes have passed.

        ``clock_at(0)`` is the start of the first interval; past the last
        interval the result is ``inf``.
        """
        if w > self.total:
            return float("inf")
        i = bisect.bisect_right(self.cum, w) - 1
        if i < 0:
            return float("inf")
        # An interval that starts exactly at w: the end of the previous one is earlier.
        if i > 0 and w == self.cum[i]:
            return self.ends[i - 1]
        return self.starts[i] + (w - self.cum[i])

    def add_working(self, t: float, duration: float) -> float:
        """Clock time at which ``duration`` working minutes started at ``t`` end."""
        if duration <= 0:
            return t
        return self.clock_at(self.working_before(t) + duration)

    def next_working(self, t: float) -> float:
        """``t`` if it is working time, else the start of the next interval (inf if none)."""
        i = bisect.bisect_right(self.starts, t) - 1
        if i >= 0 and t < self.ends[i]:
            return t
        if i + 1 < len(self.starts):
            return self.starts[i + 1]
        return float("inf")

    def next_change(self, t: float) -> float:
        """The next moment after ``t`` at which working turns on or off (inf if none)."""
        i = bisect.bisect_right(self.starts, t) - 1
        if i >= 0 and t < self.ends[i]:
            return self.ends[i]
        if i + 1 < len(self.starts):
            return self.starts[i + 1]
        return float("inf")

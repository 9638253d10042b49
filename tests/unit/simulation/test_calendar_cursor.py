"""The engine's calendar cursors against the domain's working time.

``domain.calendar.WorkingTime`` answers each question by binary search and is
the reference; the engine walks a cursor forward as its clock advances. Both
must agree on every question the engine asks, at interval edges included, for
a station whose table sits after another's in the shared arrays.
"""

from __future__ import annotations

import math
from datetime import datetime

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from numba import njit

from rampline.domain.calendar import WorkingTime
from rampline.simulation.calendar_ops import (
    advance,
    clock_at,
    is_working,
    next_working,
    working_before,
)

ORIGIN = datetime(2026, 1, 5, 6, 0)


@njit  # not cached: the cache would not see edits to the inlined functions
def _ask(cal, s, times, extra):
    """At each time (non-decreasing): W, working?, next working, and the clock
    by which ``extra`` more working minutes are done."""
    cur = cal[0][:-1] - 1
    out = np.empty((times.shape[0], 4))
    for k in range(times.shape[0]):
        t = times[k]
        j = advance(cal, cur, s, t)
        w = working_before(cal, s, j, t)
        out[k, 0] = w
        out[k, 1] = 1.0 if is_working(cal, s, j, t) else 0.0
        out[k, 2] = next_working(cal, s, j, t)
        out[k, 3] = clock_at(cal, s, j, w + extra[k])
    return out


def _intervals(draw_gaps: list[tuple[int, int]]) -> list[tuple[float, float]]:
    out, t = [], 0.0
    for gap, length in draw_gaps:
        t += gap
        out.append((t, t + length))
        t += length
    return out


intervals = st.lists(st.tuples(st.integers(1, 600), st.integers(1, 900)), min_size=0, max_size=12)


@settings(max_examples=150, deadline=None)
@given(
    before=intervals,
    tested=intervals,
    steps=st.lists(st.integers(0, 700), min_size=1, max_size=40),
    extras=st.lists(st.integers(0, 3000), min_size=40, max_size=40),
)
def test_cursor_agrees_with_the_domain(
    before: list[tuple[int, int]],
    tested: list[tuple[int, int]],
    steps: list[int],
    extras: list[int],
) -> None:
    other = WorkingTime.from_intervals(ORIGIN, _intervals(before), 1e9)
    wt = WorkingTime.from_intervals(ORIGIN, _intervals(tested), 1e9)
    # Times on interval edges, between them and past the end, never going back.
    edges = sorted({x for iv in wt.intervals() for x in iv})
    times = np.cumsum(np.array(steps, float))
    times = np.unique(np.concatenate([times, np.array(edges, float)]))
    extra = np.array(extras[: times.shape[0]] + [0] * max(0, times.shape[0] - 40), float)
    off = np.array([0, len(other.starts), len(other.starts) + len(wt.starts)], np.int64)
    cal = (
        off,
        np.array(other.starts + wt.starts, float),
        np.array(other.ends + wt.ends, float),
        np.array(other.cum + wt.cum, float),
    )
    got = _ask(cal, 1, times, extra)
    for k, t in enumerate(times):
        w = wt.working_before(t)
        assert got[k, 0] == w
        assert bool(got[k, 1]) == wt.is_working(t)
        assert got[k, 2] == wt.next_working(t)
        expected = wt.clock_at(w + extra[k]) if wt.starts else math.inf
        assert got[k, 3] == expected

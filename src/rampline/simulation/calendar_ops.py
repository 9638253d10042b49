"""Working-time arithmetic on the compiled calendar tables, inside Numba.

Station ``s``'s working intervals are ``cal_start/cal_end[cal_off[s]:cal_off[s+1]]``
with ``cal_cum`` the working minutes before each. ``W(t)`` is the station's
working time from the plan's start to ``t``; a cell's work, failures and repairs
advance on that axis, which is what makes preempt-resume exact.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit


@njit(cache=True)
def working_before(m, s: int, t: float) -> float:
    lo, hi = m.cal_off[s], m.cal_off[s + 1]
    i = np.searchsorted(m.cal_start[lo:hi], t, side="right") - 1
    if i < 0:
        return 0.0
    j = lo + i
    return m.cal_cum[j] + min(t, m.cal_end[j]) - m.cal_start[j]


@njit(cache=True)
def clock_at(m, s: int, w: float) -> float:
    """Earliest clock time by which the station has worked ``w`` minutes."""
    lo, hi = m.cal_off[s], m.cal_off[s + 1]
    if hi == lo:
        return math.inf
    last = hi - 1
    if w > m.cal_cum[last] + m.cal_end[last] - m.cal_start[last]:
        return math.inf
    i = np.searchsorted(m.cal_cum[lo:hi], w, side="right") - 1
    j = lo + i
    if i > 0 and w == m.cal_cum[j]:
        return m.cal_end[j - 1]
    return m.cal_start[j] + (w - m.cal_cum[j])


@njit(cache=True)
def is_working(m, s: int, t: float) -> bool:
    lo, hi = m.cal_off[s], m.cal_off[s + 1]
    i = np.searchsorted(m.cal_start[lo:hi], t, side="right") - 1
    return i >= 0 and t < m.cal_end[lo + i]


@njit(cache=True)
def next_working(m, s: int, t: float) -> float:
    lo, hi = m.cal_off[s], m.cal_off[s + 1]
    i = np.searchsorted(m.cal_start[lo:hi], t, side="right") - 1
    if i >= 0 and t < m.cal_end[lo + i]:
        return t
    if lo + i + 1 < hi:
        return m.cal_start[lo + i + 1]
    return math.inf

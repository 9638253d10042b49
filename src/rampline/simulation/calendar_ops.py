"""Working-time arithmetic on the compiled calendar tables, inside Numba.

``cal`` is the tuple ``(off, starts, ends, cum)``: station ``s``'s working
intervals are ``starts/ends[off[s]:off[s+1]]`` with ``cum`` the working minutes
before each. ``W(t)`` is the station's working time from the plan's start to
``t``; a cell's work, failures and repairs advance on that axis, which is what
makes preempt-resume exact. The functions are inlined into the engine
(``inline="always"``): as separate calls each paid for passing the arrays.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit


@njit(cache=True, inline="always")
def last_at_or_before(a: np.ndarray, lo: int, hi: int, x: float) -> int:
    """The last index ``j`` in ``[lo, hi)`` with ``a[j] <= x`` (``a`` sorted), or
    ``lo - 1``: ``lo + np.searchsorted(a[lo:hi], x, side="right") - 1`` without
    the slice."""
    while lo < hi:
        mid = (lo + hi) >> 1
        if x < a[mid]:
            hi = mid
        else:
            lo = mid + 1
    return lo - 1


@njit(cache=True, inline="always")
def working_before(cal, s: int, t: float) -> float:
    off, starts, ends, cum = cal
    lo = off[s]
    j = last_at_or_before(starts, lo, off[s + 1], t)
    if j < lo:
        return 0.0
    return cum[j] + min(t, ends[j]) - starts[j]


@njit(cache=True, inline="always")
def clock_at(cal, s: int, w: float) -> float:
    """Earliest clock time by which the station has worked ``w`` minutes."""
    off, starts, ends, cum = cal
    lo, hi = off[s], off[s + 1]
    if hi == lo:
        return math.inf
    last = hi - 1
    if w > cum[last] + ends[last] - starts[last]:
        return math.inf
    j = last_at_or_before(cum, lo, hi, w)
    if j > lo and w == cum[j]:
        return ends[j - 1]
    return starts[j] + (w - cum[j])


@njit(cache=True, inline="always")
def is_working(cal, s: int, t: float) -> bool:
    off, starts, ends, _ = cal
    lo = off[s]
    j = last_at_or_before(starts, lo, off[s + 1], t)
    return bool(j >= lo and t < ends[j])


@njit(cache=True, inline="always")
def next_working(cal, s: int, t: float) -> float:
    off, starts, ends, _ = cal
    lo, hi = off[s], off[s + 1]
    j = last_at_or_before(starts, lo, hi, t)
    if j >= lo and t < ends[j]:
        return t
    if j + 1 < hi:
        return starts[j + 1]
    return math.inf

"""Working-time arithmetic on the compiled calendar tables, inside Numba.

``cal`` is the tuple ``(off, starts, ends, cum)``: station ``s``'s working
intervals are ``starts/ends[off[s]:off[s+1]]`` with ``cum`` the working minutes
before each. (Helpers take this small tuple, not the whole model: Numba passes
tuples by value, and the model's 40 arrays made every call cost 0.2 µs.) ``W(t)`` is the station's
working time from the plan's start to ``t``; a cell's work, failures and repairs
advance on that axis, which is what makes preempt-resume exact.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit


@njit(cache=True)
def working_before(cal, s: int, t: float) -> float:
    off, starts, ends, cum = cal
    lo, hi = off[s], off[s + 1]
    i = np.searchsorted(starts[lo:hi], t, side="right") - 1
    if i < 0:
        return 0.0
    j = lo + i
    return cum[j] + min(t, ends[j]) - starts[j]


@njit(cache=True)
def clock_at(cal, s: int, w: float) -> float:
    """Earliest clock time by which the station has worked ``w`` minutes."""
    off, starts, ends, cum = cal
    lo, hi = off[s], off[s + 1]
    if hi == lo:
        return math.inf
    last = hi - 1
    if w > cum[last] + ends[last] - starts[last]:
        return math.inf
    i = np.searchsorted(cum[lo:hi], w, side="right") - 1
    j = lo + i
    if i > 0 and w == cum[j]:
        return ends[j - 1]
    return starts[j] + (w - cum[j])


@njit(cache=True)
def is_working(cal, s: int, t: float) -> bool:
    off, starts, ends, _ = cal
    lo, hi = off[s], off[s + 1]
    i = np.searchsorted(starts[lo:hi], t, side="right") - 1
    return bool(i >= 0 and t < ends[lo + i])


@njit(cache=True)
def next_working(cal, s: int, t: float) -> float:
    off, starts, ends, _ = cal
    lo, hi = off[s], off[s + 1]
    i = np.searchsorted(starts[lo:hi], t, side="right") - 1
    if i >= 0 and t < ends[lo + i]:
        return t
    if lo + i + 1 < hi:
        return starts[lo + i + 1]
    return math.inf

"""Working-time arithmetic on the compiled calendar tables, inside Numba.

``cal`` is the tuple ``(off, starts, ends, cum)``: station ``s``'s working
intervals are ``starts/ends[off[s]:off[s+1]]`` with ``cum`` the working minutes
before each. ``W(t)`` is the station's working time from the plan's start to
``t``; a cell's work, failures and repairs advance on that axis, which is what
makes preempt-resume exact.

A replication's clock never goes back, so each station keeps a cursor
``cur[s]``: the last interval that starts at or before the current time
(``off[s] - 1`` before the first). ``advance`` moves it forward (a few steps
a day at most, so amortised constant time) and the other functions read the
calendar at the cursor; the time when a piece of work ends is found by
walking forward from it. A binary search per question cost the engine a
quarter of its time (ADR 0001). The functions are inlined into the engine
(``inline="always"``): as separate calls each paid for passing the arrays.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit


@njit(cache=True, inline="always")
def advance(cal, cur: np.ndarray, s: int, t: float) -> int:
    """Move station ``s``'s cursor to the last interval starting at or before
    ``t`` (never earlier than the time it was last moved to) and return it."""
    off, starts, _, _ = cal
    j = cur[s]
    hi = off[s + 1]
    while j + 1 < hi and starts[j + 1] <= t:
        j += 1
    cur[s] = j
    return j


@njit(cache=True, inline="always")
def working_before(cal, s: int, j: int, t: float) -> float:
    """``W(t)``, with ``j`` the cursor at ``t``."""
    off, starts, ends, cum = cal
    if j < off[s]:
        return 0.0
    return cum[j] + min(t, ends[j]) - starts[j]


@njit(cache=True, inline="always")
def is_working(cal, s: int, j: int, t: float) -> bool:
    off, _, ends, _ = cal
    return bool(j >= off[s] and t < ends[j])


@njit(cache=True, inline="always")
def next_working(cal, s: int, j: int, t: float) -> float:
    """The first working moment at or after ``t`` (``j`` the cursor at ``t``)."""
    off, starts, ends, _ = cal
    if j >= off[s] and t < ends[j]:
        return t
    if j + 1 < off[s + 1]:
        return starts[j + 1]
    return math.inf


@njit(cache=True, inline="always")
def clock_at(cal, s: int, j: int, w: float) -> float:
    """Earliest clock time by which the station has worked ``w`` minutes, for
    ``w`` at least ``W`` at the cursor's time (``j`` the cursor)."""
    off, starts, ends, cum = cal
    lo, hi = off[s], off[s + 1]
    if hi == lo:
        return math.inf
    last = hi - 1
    if w > cum[last] + ends[last] - starts[last]:
        return math.inf
    k = max(j, lo)  # the last interval with cum <= w, walking forward
    while k < last and cum[k + 1] <= w:
        k += 1
    if k > lo and w == cum[k]:
        return ends[k - 1]
    return starts[k] + (w - cum[k])

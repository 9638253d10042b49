"""First-in-first-out lists of small integers, linked through an array, inside
Numba.

List ``i`` runs from ``head[i]`` through ``nxt`` to ``tail[i]`` (both -1 when it
is empty); a member belongs to one list at a time, so one ``nxt`` array serves
every list. The engine keeps each station's queue of units and its list of
held cells this way: joining, leaving at the front and leaving from the
middle cost no allocation, and an empty list is one comparison.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, inline="always")
def append(head: np.ndarray, tail: np.ndarray, nxt: np.ndarray, i: int, x: int) -> None:
    """``x`` joins the back of list ``i``."""
    nxt[x] = -1
    if tail[i] < 0:
        head[i] = x
    else:
        nxt[tail[i]] = x
    tail[i] = x


@njit(cache=True, inline="always")
def pop_front(head: np.ndarray, tail: np.ndarray, nxt: np.ndarray, i: int) -> int:
    """Take the front of list ``i``, which is not empty."""
    x = head[i]
    head[i] = nxt[x]
    if head[i] < 0:
        tail[i] = -1
    return x  # type: ignore[no-any-return]


@njit(cache=True, inline="always")
def unlink(head: np.ndarray, tail: np.ndarray, nxt: np.ndarray, i: int, x: int) -> None:
    """Take ``x``, a member of list ``i``, out of it wherever it stands."""
    prev, k = -1, head[i]
    while k != x:
        prev, k = k, nxt[k]
    after = nxt[x]
    if prev < 0:
        head[i] = after
    else:
        nxt[prev] = after
    if tail[i] == x:
        tail[i] = prev

"""The engine's linked lists against Python's deques: several lists threaded
through one array, members joining, leaving at the front and from the middle."""

from __future__ import annotations

from collections import deque

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from numba import njit

from rampline.simulation.fifo import append, pop_front, unlink

LISTS, MEMBERS = 3, 12
APPEND, POP, UNLINK = 0, 1, 2


@njit  # not cached: the cache would not see edits to the inlined functions
def _play(ops: np.ndarray) -> np.ndarray:
    """Apply ``ops`` (kind, list, member) and return each list's members, front
    first, one row per list padded with -1; a pop's result goes in ``ops``'s
    fourth column."""
    head = np.full(LISTS, -1, np.int64)
    tail = np.full(LISTS, -1, np.int64)
    nxt = np.full(MEMBERS, -1, np.int64)
    for r in range(ops.shape[0]):
        kind, i, x = ops[r, 0], ops[r, 1], ops[r, 2]
        if kind == APPEND:
            append(head, tail, nxt, i, x)
        elif kind == POP:
            ops[r, 3] = pop_front(head, tail, nxt, i)
        else:
            unlink(head, tail, nxt, i, x)
    out = np.full((LISTS, MEMBERS + 1), -1, np.int64)
    for i in range(LISTS):
        k, n = head[i], 0
        while k >= 0 and n < MEMBERS:  # a broken list could cycle
            out[i, n] = k
            k, n = nxt[k], n + 1
        out[i, MEMBERS] = tail[i]
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, LISTS - 1), st.randoms()), max_size=60))
def test_lists_behave_like_deques(steps: list) -> None:  # type: ignore[type-arg]
    # Only valid operations: a member is in at most one list; pops and unlinks
    # only where the list holds something.
    lists: list[deque[int]] = [deque() for _ in range(LISTS)]
    free = list(range(MEMBERS))
    ops, popped = [], []
    for kind, i, rnd in steps:
        if kind == APPEND and free:
            x = free.pop(rnd.randrange(len(free)))
            lists[i].append(x)
            ops.append((APPEND, i, x, -1))
        elif kind == POP and lists[i]:
            x = lists[i].popleft()
            free.append(x)
            popped.append(x)
            ops.append((POP, i, -1, -1))
        elif kind == UNLINK and lists[i]:
            x = lists[i][rnd.randrange(len(lists[i]))]
            lists[i].remove(x)
            free.append(x)
            ops.append((UNLINK, i, x, -1))
    arr = np.array(ops, np.int64).reshape(-1, 4)
    out = _play(arr)
    assert list(arr[arr[:, 0] == POP][:, 3]) == popped
    for i in range(LISTS):
        members = [int(x) for x in out[i, :MEMBERS] if x >= 0]
        assert members == list(lists[i])
        assert out[i, MEMBERS] == (lists[i][-1] if lists[i] else -1)

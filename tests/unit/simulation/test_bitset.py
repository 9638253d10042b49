"""The engine's bitset against Python's set, across word boundaries."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from numba import njit

from rampline.simulation.bitset import add, discard, first_from


@njit  # not cached: the cache would not see edits to the inlined functions
def _walk(n: int, members: np.ndarray, gone: np.ndarray) -> np.ndarray:
    """Add ``members``, discard ``gone``, then list the set by ``first_from``."""
    bits = np.zeros((n + 63) // 64, np.uint64)
    for i in members:
        add(bits, i)
    for i in gone:
        discard(bits, i)
    out = []
    i = first_from(bits, 0)
    while i >= 0:
        out.append(i)
        i = first_from(bits, i + 1)
    return np.array(out, np.int64)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 200).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(st.integers(0, n - 1), max_size=40),
            st.lists(st.integers(0, n - 1), max_size=10),
        )
    )
)
def test_members_come_out_in_order(case: tuple[int, list[int], list[int]]) -> None:
    n, members, gone = case
    got = _walk(n, np.array(members, np.int64), np.array(gone, np.int64))
    assert got.tolist() == sorted(set(members) - set(gone))


def test_word_edges() -> None:
    edges = [0, 63, 64, 127, 128, 191]
    got = _walk(192, np.array(edges, np.int64), np.array([], np.int64))
    assert got.tolist() == edges

"""``BorrowedArray``: the engine's array views index like NumPy for the indices
the engine uses (never negative), and Numba's bounds checks still see them.

The engine itself runs its tests again with bounds checking on
(``test_engine_recompiled.py``).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numba import njit

from rampline.simulation.structs import borrowed, borrowed_all


@njit  # not cached: the cache would not see edits to structs.py
def _ops(x, y, z, i, j, k, v):  # type: ignore[no-untyped-def]
    """The operations the engine does on its views: element reads and writes,
    in-place updates, a row, a row written through a slice, an unsigned
    index; ``x`` and ``z`` are the same 1-D array, ``y`` a 2-D one."""
    x[i] = v
    x[j] += 2.5
    y[i, k] = x[j]
    y[j, k] -= 1.0
    row = y[i]
    y[j, :] = row
    out = np.empty(4)
    out[0] = z[np.uint64(j)]
    out[1] = row[k]
    out[2] = y[j, k]
    out[3] = x.max() + y.shape[0]  # a reduction whose order cannot change its value
    return out


@njit
def _on_views(a, b, i, j, k, v):  # type: ignore[no-untyped-def]
    """``_ops`` compiled for borrowed views of ``a`` and ``b``."""
    y, z = borrowed_all((b, a))
    return _ops(borrowed(a), y, z, i, j, k, v)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 9).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.integers(0, n - 1),
            st.integers(0, n - 1),
            st.integers(0, 2),
            st.floats(-1e6, 1e6),
        )
    )
)
def test_views_index_like_numpy(case: tuple[int, int, int, int, float]) -> None:
    n, i, j, k, v = case
    a = np.arange(n, dtype=np.float64) * 1.5
    b = np.arange(n * 3, dtype=np.float64).reshape(n, 3)
    a2, b2 = a.copy(), b.copy()
    got = _on_views(a, b, i, j, k, v)
    want = _ops.py_func(a2, b2, a2, i, j, k, v)  # the same code, on NumPy arrays
    assert got.tolist() == want.tolist()
    assert a.tolist() == a2.tolist()  # written through the views
    assert b.tolist() == b2.tolist()


@njit(boundscheck=True)  # type: ignore[untyped-decorator]
def _read_checked(a, i):  # type: ignore[no-untyped-def]
    return borrowed(a)[i]


@njit(boundscheck=True)  # type: ignore[untyped-decorator]
def _write_checked(b, i, j):  # type: ignore[no-untyped-def]
    borrowed(b)[i, j] = 1.0


def test_bounds_checks_see_every_index() -> None:
    a = np.arange(4.0)
    assert _read_checked(a, 3) == 3.0
    for bad in (-1, 4):  # -1 is not the last element: there is no wraparound
        with pytest.raises(IndexError):
            _read_checked(a, bad)
    b = np.zeros((2, 3))
    with pytest.raises(IndexError):
        _write_checked(b, 0, -1)
    with pytest.raises(IndexError):
        _write_checked(b, 2, 0)
    _write_checked(b, 1, 2)
    assert b[1, 2] == 1.0

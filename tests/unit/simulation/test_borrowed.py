"""``BorrowedArray``: the engine's array views index like NumPy for the indices
the engine uses (never negative), and Numba's bounds checks still see them.

The engine itself is run with bounds checking on (``NUMBA_BOUNDSCHECK=1``) over
the hand-computed cases, the scrap-order cases, the traces and the generated
lines compared with the SimPy reference: an index that is negative or past
the end anywhere in those replications fails them with ``IndexError``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numba import njit

from rampline.simulation.structs import borrowed, borrowed_all

ROOT = Path(__file__).resolve().parents[3]


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
    out[3] = x.sum() + y.shape[0]
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


ENGINE_TESTS = [
    "tests/unit/simulation/test_engine_cases.py",
    "tests/unit/simulation/test_scrap_replacement_order.py",
    "tests/unit/simulation/test_trace.py",
    "tests/validation/test_engine_vs_reference.py::test_deterministic_lines_agree_exactly",
]

_CHECKED_RUN = """
import sys
import numba
import pytest
assert numba.config.BOUNDSCHECK, "bounds checking is not on"
sys.exit(pytest.main(["-q", "-p", "no:cacheprovider", "-p", "no:xdist", *sys.argv[1:]]))
"""


@pytest.mark.slow
def test_engine_indices_stay_in_bounds(tmp_path: Path) -> None:
    """The engine's tests again, compiled with every index checked (a fresh
    cache, so nothing compiled without checks is reused)."""
    env = dict(os.environ, NUMBA_BOUNDSCHECK="1", NUMBA_CACHE_DIR=str(tmp_path / "numba"))
    done = subprocess.run(
        [sys.executable, "-c", _CHECKED_RUN, *ENGINE_TESTS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "passed" in done.stdout

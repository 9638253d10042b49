"""The engine's random draws against the distributions they stand for.

The ziggurat's tables are checked against the identity that defines them (every
layer has the same area), the normal draws against the standard normal (a
Kolmogorov-Smirnov test and the tail beyond the base layer, four standard
errors), and the lognormal times against the mean and coefficient of variation
a factory file gives. The streams are seeded, so each check is deterministic.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit
from scipy import stats

from rampline.domain.distributions import LogNormal
from rampline.simulation.compiled import distribution_params
from rampline.simulation.streams import (
    ZIG_R,
    ZIG_V,
    sample,
    standard_normal,
    ziggurat_tables,
)

N = 1_000_000


@njit  # not cached: the cache would not see edits to the inlined functions
def _normals(n: int, state: np.ndarray) -> np.ndarray:
    out = np.empty(n)
    for j in range(n):
        out[j] = standard_normal(state, j % state.shape[0])
    return out


@njit  # not cached: the cache would not see edits to the inlined functions
def _samples(n: int, kind: int, p: np.ndarray, state: np.ndarray) -> np.ndarray:
    out = np.empty(n)
    for j in range(n):
        out[j] = sample(kind, p, state, 0)
    return out


def test_every_layer_of_the_ziggurat_has_the_same_area() -> None:
    k, w, f = ziggurat_tables()
    x = w * 2.0**52  # right edges; x[0] is the base layer's width with its tail
    # The base layer: the rectangle [0, R] x [0, f(R)] and the tail beyond R.
    tail = math.sqrt(math.pi / 2.0) * math.erfc(ZIG_R / math.sqrt(2.0))
    assert math.isclose(ZIG_R * math.exp(-0.5 * ZIG_R**2) + tail, ZIG_V, rel_tol=1e-9)
    assert math.isclose(x[0] * f[-1], ZIG_V, rel_tol=1e-12)
    # Layer i spans f(x_i)..f(x_(i-1)) up to x_i; the top one reaches f(0) = 1.
    for i in range(1, 256):
        above = f[i - 1] if i > 1 else 1.0
        assert math.isclose(x[i] * (above - f[i]), ZIG_V, rel_tol=1e-6), i
    # A position below k[i] (of 2^52) lies under the next layer's edge, inside f.
    assert k[1] == 0
    assert all(abs(int(k[i]) / 2.0**52 - x[i - 1] / x[i]) < 1e-15 for i in range(2, 256))


def test_normal_draws_are_standard_normal() -> None:
    z = _normals(N, np.arange(1, 8, dtype=np.uint64))
    assert stats.kstest(z, "norm").pvalue > 1e-3
    assert abs(z.mean()) < 4.0 / math.sqrt(N)
    assert abs(z.var() - 1.0) < 4.0 * math.sqrt(2.0 / N)
    # The tail beyond R is drawn by its own rule: its share is right too.
    p = 2.0 * stats.norm.sf(ZIG_R)
    assert abs(np.mean(np.abs(z) > ZIG_R) - p) < 4.0 * math.sqrt(p * (1 - p) / N)


def test_lognormal_times_have_the_files_mean_and_cv() -> None:
    kind, p, mean = distribution_params(LogNormal(mean=70.0, cv=0.3))
    x = _samples(N, kind, np.asarray(p, np.float64), np.array([12345], np.uint64))
    sd = mean * 0.3
    assert abs(x.mean() - mean) < 4.0 * sd / math.sqrt(N)
    # log x is normal with the parameters the engine was given.
    logs = np.log(x)
    assert stats.kstest(logs, "norm", args=(p[1], p[2])).pvalue > 1e-3

"""Tabular CUSUM (Montgomery, section 9.1) on standardised subgroup means.

With ``y_i = (xbar_i - mu0) / (sigma / sqrt(n_i))``::

    C+_i = max(0, y_i - k + C+_(i-1))      C-_i = max(0, -k - y_i + C-_(i-1))

starting from 0; the chart signals where C+ or C- exceeds the decision interval
``h`` (strictly, as qcc). Sums are in sigmas of the mean, so with sigma = 1 and
n = 1 they are Montgomery's tabulated C+ and C-. The recursion
``C_i = max(0, C_(i-1) + a_i)`` is solved without a loop:
``C_i = S_i - min(0, min_(j<=i) S_j)`` with ``S`` the cumulative sum of ``a``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from rampline.spc._phase import BoolArray, FloatArray, broadcast, frozen
from rampline.spc._sigma import means_and_sigma
from rampline.spc.chart import ChartPart

__all__ = ["CusumChart", "cusum"]


@dataclass(frozen=True)
class CusumChart:
    """Upper and lower cumulative sums; ``main`` plots C+ against +-h."""

    kind: str
    sigma: float
    center: float
    k: float
    h: float
    upper: FloatArray
    lower: FloatArray
    main: ChartPart
    in_limits: BoolArray
    baseline: int

    @property
    def signals(self) -> tuple[int, ...]:
        """0-based positions where C+ or C- is above h."""
        fired = (self.upper > self.h) | (self.lower > self.h)
        return tuple(int(i) for i in np.flatnonzero(fired))


def _lindley(steps: FloatArray) -> FloatArray:
    total = np.cumsum(steps)
    return total - np.minimum(np.minimum.accumulate(total), 0.0)


def cusum(
    data: npt.ArrayLike,
    *,
    k: float = 0.5,
    h: float = 5.0,
    baseline: int | None = None,
    exclude: Sequence[int] = (),
    center: float | None = None,
    sigma: float | None = None,
) -> CusumChart:
    """Tabular CUSUM of individuals (1-D) or subgroups (one per row, NaN padded)."""
    if k < 0 or h <= 0:
        raise ValueError(f"need k >= 0 and h > 0, got k={k}, h={h}")
    means, sizes, mu0, sigma, mask = means_and_sigma(data, baseline, exclude, center, sigma)
    y = (means - mu0) / (sigma / np.sqrt(sizes))
    upper = _lindley(y - k)
    lower = _lindley(-k - y)
    n_points = means.size
    part = ChartPart(
        name="cusum",
        points=frozen(upper),
        center=broadcast(0.0, n_points),
        lcl=broadcast(-h, n_points),
        ucl=broadcast(h, n_points),
        stat_sigma=broadcast(1.0, n_points),
    )
    return CusumChart(
        kind="cusum",
        sigma=sigma,
        center=mu0,
        k=k,
        h=h,
        upper=frozen(upper),
        lower=frozen(lower),
        main=part,
        in_limits=mask,
        baseline=n_points if baseline is None else baseline,
    )

"""Attributes charts: p, np (nonconforming units) and c, u (nonconformities).

Centre lines pool the baseline: p-bar = sum(D) / sum(n), u-bar = sum(c) / sum(n),
c-bar = mean(c). With variable sample sizes the p, np and u charts get limits
per point, centre +- 3 sqrt(p-bar (1 - p-bar) / n_i) and so on; lower limits
are cut at zero (and p limits at one). ``sigma`` is qcc's "standard deviation":
sqrt(p-bar (1 - p-bar)) for p, sqrt(n p-bar (1 - p-bar)) for np (n the mean
baseline size), sqrt(c-bar) for c and sqrt(u-bar) for u. A known ``center``
(p0, c0 or u0) replaces the estimate.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from rampline.spc._phase import FloatArray, broadcast, first_point, frozen, limit_mask
from rampline.spc.chart import ChartPart, ControlChart

__all__ = ["c_chart", "np_chart", "p_chart", "u_chart"]


def _inputs(counts: npt.ArrayLike, sizes: npt.ArrayLike | None) -> tuple[FloatArray, FloatArray]:
    c = np.asarray(counts, dtype=np.float64).ravel()
    n = np.ones_like(c) if sizes is None else np.asarray(sizes, dtype=np.float64).ravel()
    if n.shape == (1,):
        n = np.full_like(c, n[0])
    if n.shape != c.shape:
        raise ValueError(f"{c.size} counts but {n.size} sample sizes")
    if np.any(n <= 0):
        raise ValueError(f"sample sizes must be positive (point {first_point(n <= 0)})")
    if np.any(c < 0):
        raise ValueError(f"counts must not be negative (point {first_point(c < 0)})")
    fractional = c != np.round(c)
    if np.any(fractional):
        point = first_point(fractional)
        raise ValueError(f"counts are whole numbers of units or nonconformities (point {point})")
    return c, n


def _chart(
    kind: str,
    points: FloatArray,
    center: FloatArray,
    stat_sigma: FloatArray,
    sigma: float,
    mask: npt.NDArray[np.bool_],
    baseline: int | None,
    nsigmas: float,
    upper_bound: FloatArray | None = None,
) -> ControlChart:
    ucl = center + nsigmas * stat_sigma
    if upper_bound is not None:
        ucl = np.minimum(ucl, upper_bound)
    part = ChartPart(
        name=kind,
        points=frozen(points),
        center=frozen(center),
        lcl=frozen(np.maximum(center - nsigmas * stat_sigma, 0.0)),
        ucl=frozen(ucl),
        stat_sigma=frozen(stat_sigma),
    )
    n_points = points.size
    return ControlChart(
        kind=kind,
        sigma=sigma,
        main=part,
        dispersion=None,
        in_limits=mask,
        baseline=n_points if baseline is None else baseline,
    )


def _pbar(c: FloatArray, n: FloatArray, mask: npt.NDArray[np.bool_], center: float | None) -> float:
    if np.any(c > n):
        point = first_point(c > n)
        raise ValueError(
            f"a count of nonconforming units is larger than its sample size (point {point})"
        )
    p = float(np.sum(c[mask]) / np.sum(n[mask])) if center is None else center
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"fraction nonconforming must be between 0 and 1, got {p}")
    return p


def p_chart(
    counts: npt.ArrayLike,
    sizes: npt.ArrayLike,
    *,
    baseline: int | None = None,
    exclude: Sequence[int] = (),
    center: float | None = None,
    nsigmas: float = 3.0,
) -> ControlChart:
    """Fraction nonconforming D_i / n_i."""
    c, n = _inputs(counts, sizes)
    mask = limit_mask(c.size, baseline, exclude)
    p = _pbar(c, n, mask, center)
    return _chart(
        "p", c / n, broadcast(p, c.size), np.sqrt(p * (1 - p) / n), float(np.sqrt(p * (1 - p))),
        mask, baseline, nsigmas, upper_bound=np.ones_like(c),
    )  # fmt: skip


def np_chart(
    counts: npt.ArrayLike,
    sizes: npt.ArrayLike,
    *,
    baseline: int | None = None,
    exclude: Sequence[int] = (),
    center: float | None = None,
    nsigmas: float = 3.0,
) -> ControlChart:
    """Number nonconforming D_i; ``center`` is the known fraction p0."""
    c, n = _inputs(counts, sizes)
    mask = limit_mask(c.size, baseline, exclude)
    p = _pbar(c, n, mask, center)
    sigma = float(np.sqrt(np.mean(n[mask]) * p * (1 - p)))
    return _chart(
        "np", c, frozen(n * p), np.sqrt(n * p * (1 - p)), sigma,
        mask, baseline, nsigmas, upper_bound=n,
    )  # fmt: skip


def c_chart(
    counts: npt.ArrayLike,
    sizes: npt.ArrayLike | None = None,
    *,
    baseline: int | None = None,
    exclude: Sequence[int] = (),
    center: float | None = None,
    nsigmas: float = 3.0,
) -> ControlChart:
    """Nonconformities per inspection unit; every sample must be the same size."""
    c, n = _inputs(counts, sizes)
    if np.ptp(n) > 0:
        raise ValueError("a c chart needs equal inspection units; use a u chart")
    mask = limit_mask(c.size, baseline, exclude)
    cbar = float(np.mean(c[mask])) if center is None else center
    spread = float(np.sqrt(cbar))
    return _chart(
        "c", c, broadcast(cbar, c.size), broadcast(spread, c.size), spread,
        mask, baseline, nsigmas,
    )  # fmt: skip


def u_chart(
    counts: npt.ArrayLike,
    sizes: npt.ArrayLike,
    *,
    baseline: int | None = None,
    exclude: Sequence[int] = (),
    center: float | None = None,
    nsigmas: float = 3.0,
) -> ControlChart:
    """Nonconformities per unit c_i / n_i, with per-point limits for variable n_i."""
    c, n = _inputs(counts, sizes)
    mask = limit_mask(c.size, baseline, exclude)
    ubar = float(np.sum(c[mask]) / np.sum(n[mask])) if center is None else center
    return _chart(
        "u", c / n, broadcast(ubar, c.size), np.sqrt(ubar / n), float(np.sqrt(ubar)),
        mask, baseline, nsigmas,
    )  # fmt: skip

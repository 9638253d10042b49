"""Variables charts: X-bar/R, X-bar/S and individuals/moving range (I-MR).

The process sigma comes from the spread inside subgroups, the way qcc does it
by default: R-bar/d2 for X-bar/R, S-bar/c4 for X-bar/S, MR-bar/d2(2) for I-MR.
With unequal subgroup sizes sigma is the plain average of the subgroup
estimates R_i/d2(n_i) (or S_i/c4(n_i)), qcc's "UWAVE-R" ("UWAVE-SD") default,
the X-bar centre is the size-weighted grand mean, and the centre of the R (S)
panel is the size-weighted mean of the ranges (standard deviations), as in
qcc. A known ``sigma`` (and ``center``) replaces the estimates; the R panel is
then centred on d2(n) * sigma.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

from rampline.spc._phase import (
    FloatArray,
    as_subgroups,
    broadcast,
    check_known,
    first_point,
    frozen,
    limit_mask,
)
from rampline.spc.chart import ChartPart, ControlChart
from rampline.spc.constants import c4, d2, d3

__all__ = ["i_mr", "xbar_r", "xbar_r_summary", "xbar_s", "xbar_s_summary"]


def _vec(function: Callable[[int], float], sizes: npt.NDArray[np.int64]) -> FloatArray:
    return np.array([function(int(n)) for n in sizes], dtype=np.float64)


def _sizes(groups: FloatArray) -> npt.NDArray[np.int64]:
    sizes: npt.NDArray[np.int64] = np.sum(np.isfinite(groups), axis=1).astype(np.int64)
    if np.any(sizes < 2):
        first = first_point(sizes < 2)
        raise ValueError(f"subgroup {first} has fewer than 2 values; use an I-MR chart")
    return sizes


def _part(
    name: str, points: FloatArray, center: FloatArray, stat_sigma: FloatArray, k: float
) -> ChartPart:
    lcl = center - k * stat_sigma
    if name in {"R", "S", "MR"}:
        lcl = np.maximum(lcl, 0.0)
    return ChartPart(
        name=name,
        points=frozen(points),
        center=frozen(center),
        lcl=frozen(lcl),
        ucl=frozen(center + k * stat_sigma),
        stat_sigma=frozen(stat_sigma),
    )


def _xbar_part(
    means: FloatArray,
    sizes: npt.NDArray[np.int64],
    mask: npt.NDArray[np.bool_],
    center: float | None,
    sigma: float,
    k: float,
) -> ChartPart:
    if center is None:
        center = float(np.sum(sizes[mask] * means[mask]) / np.sum(sizes[mask]))
    n_points = means.size
    return _part(
        "xbar", means, broadcast(center, n_points), sigma / np.sqrt(sizes.astype(float)), k
    )


def xbar_r(
    data: npt.ArrayLike,
    *,
    baseline: int | None = None,
    exclude: Sequence[int] = (),
    center: float | None = None,
    sigma: float | None = None,
    nsigmas: float = 3.0,
) -> ControlChart:
    """X-bar and R chart; ``data`` has one subgroup per row (NaN pads short rows)."""
    groups = as_subgroups(data)
    sizes = _sizes(groups)
    ranges = np.nanmax(groups, axis=1) - np.nanmin(groups, axis=1)
    return xbar_r_summary(
        np.nanmean(groups, axis=1),
        ranges,
        sizes,
        baseline=baseline,
        exclude=exclude,
        center=center,
        sigma=sigma,
        nsigmas=nsigmas,
    )


def xbar_r_summary(
    means: npt.ArrayLike,
    ranges: npt.ArrayLike,
    sizes: npt.ArrayLike,
    *,
    baseline: int | None = None,
    exclude: Sequence[int] = (),
    center: float | None = None,
    sigma: float | None = None,
    nsigmas: float = 3.0,
) -> ControlChart:
    """X-bar and R chart from subgroup summaries (each subgroup's mean, range and
    size), as suppliers often report them and as SAS/QC's SHEWHART procedure
    reads them: the same chart as :func:`xbar_r` on the measurements."""
    check_known(sigma, nsigmas)
    m, r, n = _summaries(means, ranges, sizes, "ranges")
    d2s, d3s = _vec(d2, n), _vec(d3, n)
    return _with_spread("xbar-r", "R", m, r, n, d2s, d3s, baseline, exclude, center, sigma, nsigmas)


def xbar_s(
    data: npt.ArrayLike,
    *,
    baseline: int | None = None,
    exclude: Sequence[int] = (),
    center: float | None = None,
    sigma: float | None = None,
    nsigmas: float = 3.0,
) -> ControlChart:
    """X-bar and S chart; ``data`` has one subgroup per row (NaN pads short rows)."""
    check_known(sigma, nsigmas)
    groups = as_subgroups(data)
    sizes = _sizes(groups)
    return xbar_s_summary(
        np.nanmean(groups, axis=1),
        np.nanstd(groups, axis=1, ddof=1),
        sizes,
        baseline=baseline,
        exclude=exclude,
        center=center,
        sigma=sigma,
        nsigmas=nsigmas,
    )


def xbar_s_summary(
    means: npt.ArrayLike,
    sds: npt.ArrayLike,
    sizes: npt.ArrayLike,
    *,
    baseline: int | None = None,
    exclude: Sequence[int] = (),
    center: float | None = None,
    sigma: float | None = None,
    nsigmas: float = 3.0,
) -> ControlChart:
    """X-bar and S chart from subgroup summaries (each subgroup's mean, sample
    standard deviation and size): the same chart as :func:`xbar_s` on the
    measurements."""
    check_known(sigma, nsigmas)
    m, sd, n = _summaries(means, sds, sizes, "standard deviations")
    c4s = _vec(c4, n)
    scatter = np.sqrt(1.0 - c4s**2)
    return _with_spread(
        "xbar-s", "S", m, sd, n, c4s, scatter, baseline, exclude, center, sigma, nsigmas
    )


def _with_spread(
    kind: str,
    name: str,
    means: FloatArray,
    spreads: FloatArray,
    sizes: npt.NDArray[np.int64],
    unbias: FloatArray,
    scatter: FloatArray,
    baseline: int | None,
    exclude: Sequence[int],
    center: float | None,
    sigma: float | None,
    nsigmas: float,
) -> ControlChart:
    """The X-bar chart with its R or S panel. Per subgroup, ``unbias`` is the
    spread's mean and ``scatter`` its standard deviation in units of sigma (d2
    and d3 for ranges, c4 and sqrt(1 - c4^2) for standard deviations)."""
    mask = limit_mask(sizes.size, baseline, exclude)
    if sigma is None:
        sigma = float(np.mean(spreads[mask] / unbias[mask]))
        middle = broadcast(np.sum(sizes[mask] * spreads[mask]) / np.sum(sizes[mask]), sizes.size)
    else:
        middle = frozen(unbias * sigma)
    return ControlChart(
        kind=kind,
        sigma=sigma,
        main=_xbar_part(means, sizes, mask, center, sigma, nsigmas),
        dispersion=_part(name, spreads, middle, scatter * sigma, nsigmas),
        in_limits=mask,
        baseline=sizes.size if baseline is None else baseline,
    )


def _summaries(
    means: npt.ArrayLike, spreads: npt.ArrayLike, sizes: npt.ArrayLike, what: str
) -> tuple[FloatArray, FloatArray, npt.NDArray[np.int64]]:
    """Subgroup means, spreads (ranges or standard deviations) and sizes, checked."""
    m = np.asarray(means, dtype=np.float64).ravel()
    spread = np.asarray(spreads, dtype=np.float64).ravel()
    n = np.asarray(sizes, dtype=np.float64).ravel()
    if not m.shape == spread.shape == n.shape:
        raise ValueError(f"{m.size} means, {spread.size} {what} and {n.size} sizes")
    if not (np.all(np.isfinite(m)) and np.all(np.isfinite(spread)) and np.all(spread >= 0)):
        raise ValueError(f"means must be numbers and {what} numbers at least 0")
    bad_size = (n != np.round(n)) | (n < 2)
    if np.any(bad_size):
        first = first_point(bad_size)
        raise ValueError(f"subgroup {first}: a size is a whole number of at least 2")
    return m, spread, n.astype(np.int64)


def i_mr(
    values: npt.ArrayLike,
    *,
    baseline: int | None = None,
    exclude: Sequence[int] = (),
    center: float | None = None,
    sigma: float | None = None,
    nsigmas: float = 3.0,
) -> ControlChart:
    """Individuals and moving-range chart.

    The moving range of point i is |x_i - x_(i-1)| (none for the first point).
    Only moving ranges whose two points both set the limits enter MR-bar, so an
    excluded point takes both of its moving ranges out of the estimate.
    """
    check_known(sigma, nsigmas)
    x = np.asarray(values, dtype=np.float64).ravel()
    mask = limit_mask(x.size, baseline, exclude)
    moving = np.full(x.size, np.nan)
    with np.errstate(over="ignore"):  # values near the float limit: an infinite range
        moving[1:] = np.abs(np.diff(x))
    pairs = np.zeros(x.size, dtype=np.bool_)
    pairs[1:] = mask[1:] & mask[:-1]
    if sigma is None:
        if not pairs.any():
            raise ValueError("I-MR needs two consecutive baseline points to estimate sigma")
        mr_bar = float(np.mean(moving[pairs]))
        sigma = mr_bar / d2(2)
    else:
        mr_bar = d2(2) * sigma
    if center is None:
        center = float(np.mean(x[mask]))
    n = x.size
    return ControlChart(
        kind="i-mr",
        sigma=sigma,
        main=_part("x", x, broadcast(center, n), broadcast(sigma, n), nsigmas),
        dispersion=_part("MR", moving, broadcast(mr_bar, n), broadcast(d3(2) * sigma, n), nsigmas),
        in_limits=mask,
        baseline=n if baseline is None else baseline,
    )

"""Shared by EWMA and CUSUM: the plotted means, their sizes and the process sigma."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from rampline.spc._phase import FloatArray, as_subgroups, limit_mask
from rampline.spc.charts import i_mr, xbar_r


def means_and_sigma(
    data: npt.ArrayLike,
    baseline: int | None,
    exclude: Sequence[int],
    center: float | None,
    sigma: float | None,
) -> tuple[FloatArray, FloatArray, float, float, npt.NDArray[np.bool_]]:
    """Subgroup means, sizes, centre and sigma (estimated from the baseline if not given).

    Individuals (one column) take sigma as MR-bar/d2(2), subgroups as R-bar/d2,
    the defaults of the I-MR and X-bar/R charts.
    """
    groups = as_subgroups(data)
    sizes = np.sum(np.isfinite(groups), axis=1).astype(np.float64)
    if np.any(sizes < 1):
        raise ValueError("every point needs at least one value")
    means = np.nanmean(groups, axis=1)
    mask = limit_mask(means.size, baseline, exclude)
    if center is None:
        center = float(np.sum(sizes[mask] * means[mask]) / np.sum(sizes[mask]))
    if sigma is None:
        if groups.shape[1] > 1:
            sigma = xbar_r(groups, baseline=baseline, exclude=exclude).sigma
        else:
            sigma = i_mr(means, baseline=baseline, exclude=exclude).sigma
    if not sigma > 0:
        raise ValueError(f"sigma must be positive, got {sigma}")
    return means, sizes, center, sigma, mask

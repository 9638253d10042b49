"""Which points set the limits: the baseline (phase I) less the excluded points.

Positions are 0-based in the core. ``baseline`` is how many points, counted from
the start, form phase I; the rest are phase II and are only monitored against
the frozen limits. ``exclude`` lists phase-I points with an assignable cause:
they are still plotted and checked, but left out of the limits.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


def limit_mask(n_points: int, baseline: int | None, exclude: Sequence[int]) -> BoolArray:
    """Boolean mask of the points whose data set the limits."""
    if n_points < 1:
        raise ValueError("a chart needs at least one point")
    size = n_points if baseline is None else baseline
    if not 1 <= size <= n_points:
        raise ValueError(f"baseline must be between 1 and {n_points}, got {size}")
    mask = np.zeros(n_points, dtype=np.bool_)
    mask[:size] = True
    for index in exclude:
        if not 0 <= index < size:
            raise ValueError(
                f"excluded point {index + 1} is not in the baseline (points 1 to {size})"
            )
        mask[index] = False
    if not mask.any():
        raise ValueError("every baseline point is excluded; nothing is left to set the limits")
    return mask


def as_subgroups(data: npt.ArrayLike) -> FloatArray:
    """A 2-D float array, one subgroup per row, NaN padding for smaller subgroups."""
    array = np.asarray(data, dtype=np.float64)
    if array.ndim == 1:
        array = array[:, None]
    if array.ndim != 2:
        raise ValueError("subgroup data must be a 2-D array (one subgroup per row)")
    return array


def frozen(array: npt.ArrayLike) -> FloatArray:
    """A read-only float copy, so that results stay immutable."""
    out = np.array(array, dtype=np.float64)
    out.flags.writeable = False
    return out


def broadcast(value: float | FloatArray, n_points: int) -> FloatArray:
    """A per-point read-only array from a scalar or an array."""
    return frozen(np.broadcast_to(np.asarray(value, dtype=np.float64), (n_points,)))


def check_known(sigma: float | None, nsigmas: float) -> None:
    """A known sigma and the limits' width must be positive: either at 0 or
    below would put the lower limit on or above the upper one."""
    if sigma is not None and not sigma > 0:
        raise ValueError(f"a known sigma must be positive, got {sigma}")
    if not nsigmas > 0:
        raise ValueError(f"the limits' width in sigmas must be positive, got {nsigmas}")


def first_point(bad: npt.NDArray[np.bool_]) -> int:
    """The number (from 1) of the first point (or subgroup) where ``bad`` holds,
    for the message that refuses it."""
    return int(np.flatnonzero(bad)[0]) + 1

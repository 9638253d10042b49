"""What every Shewhart chart returns: a plotted statistic with its limits.

A :class:`ChartPart` is one panel (the X-bar panel, the R panel, the p chart...):
the points, and per point the centre line, the limits and the standard deviation
of the plotted statistic (what the run rules measure zones in). A
:class:`ControlChart` holds the main panel and, for two-part charts, the
dispersion panel.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rampline.spc._phase import BoolArray, FloatArray


@dataclass(frozen=True)
class ChartPart:
    """One panel of a control chart; arrays have one value per point (NaN: no point)."""

    name: str
    points: FloatArray
    center: FloatArray
    lcl: FloatArray
    ucl: FloatArray
    stat_sigma: FloatArray

    @property
    def limits_vary(self) -> bool:
        """True when the centre or a limit is not the same for every point."""
        return any(_varies(a) for a in (self.lcl, self.ucl, self.center))

    def beyond(self) -> tuple[int, ...]:
        """0-based positions of the points outside the control limits."""
        outside = (self.points > self.ucl) | (self.points < self.lcl)
        return tuple(int(i) for i in np.flatnonzero(outside))

    def zscores(self) -> FloatArray:
        """Distance of each point from the centre in sigmas of the plotted statistic."""
        with np.errstate(divide="ignore", invalid="ignore"):
            z = (self.points - self.center) / self.stat_sigma
        return np.where(self.stat_sigma > 0, z, np.nan)


def _varies(values: FloatArray) -> bool:
    finite = values[np.isfinite(values)]
    return bool(finite.size > 0 and np.ptp(finite) > 0)


@dataclass(frozen=True)
class ControlChart:
    """A Shewhart chart: its kind, the process sigma, the panels and the phases."""

    kind: str
    sigma: float
    main: ChartPart
    dispersion: ChartPart | None
    in_limits: BoolArray  # True for the points whose data set the limits
    baseline: int  # points 0 .. baseline-1 are phase I, the rest phase II

"""EWMA chart: an exponentially weighted moving average of the subgroup means.

``z_i = lambda * xbar_i + (1 - lambda) * z_(i-1)``, ``z_0 = mu0`` (the target, or
the baseline mean). Its variance is computed exactly by the same recursion,
``v_i = (1 - lambda)^2 v_(i-1) + lambda^2 sigma^2 / n_i``, which for a constant n
is Montgomery's ``sigma^2/n * lambda/(2 - lambda) * (1 - (1 - lambda)^(2i))``; the
limits ``mu0 +- L sqrt(v_i)`` widen towards the steady-state
``mu0 +- L sigma sqrt(lambda / ((2 - lambda) n))``. Both recursions run in
:func:`scipy.signal.lfilter`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import signal

from rampline.spc._phase import BoolArray, broadcast, check_known, frozen
from rampline.spc._sigma import means_and_sigma
from rampline.spc.chart import ChartPart

__all__ = ["EwmaChart", "ewma"]


@dataclass(frozen=True)
class EwmaChart:
    """The EWMA panel (points are z_i), its parameters and the steady-state limits."""

    kind: str
    sigma: float
    lam: float
    nsigmas: float
    main: ChartPart
    steady_lcl: float
    steady_ucl: float
    in_limits: BoolArray
    baseline: int

    @property
    def signals(self) -> tuple[int, ...]:
        """0-based positions where the EWMA is outside its limits."""
        return self.main.beyond()


def ewma(
    data: npt.ArrayLike,
    *,
    lam: float = 0.2,
    nsigmas: float = 3.0,
    baseline: int | None = None,
    exclude: Sequence[int] = (),
    center: float | None = None,
    sigma: float | None = None,
) -> EwmaChart:
    """EWMA chart of individuals (1-D) or subgroups (one per row, NaN padded)."""
    if not 0.0 < lam <= 1.0:
        raise ValueError(f"lambda must be in (0, 1], got {lam}")
    check_known(sigma, nsigmas)
    means, sizes, mu0, sigma, mask = means_and_sigma(data, baseline, exclude, center, sigma)
    keep = 1.0 - lam
    z, _ = signal.lfilter([lam], [1.0, -keep], means, zi=[keep * mu0])
    variance = signal.lfilter([lam * lam], [1.0, -keep * keep], sigma * sigma / sizes)
    spread = np.sqrt(variance)
    n_points = means.size
    part = ChartPart(
        name="ewma",
        points=frozen(z),
        center=broadcast(mu0, n_points),
        lcl=frozen(mu0 - nsigmas * spread),
        ucl=frozen(mu0 + nsigmas * spread),
        stat_sigma=frozen(spread),
    )
    steady = nsigmas * sigma * float(np.sqrt(lam / ((2.0 - lam) * np.mean(sizes[mask]))))
    return EwmaChart(
        kind="ewma",
        sigma=sigma,
        lam=lam,
        nsigmas=nsigmas,
        main=part,
        steady_lcl=mu0 - steady,
        steady_ucl=mu0 + steady,
        in_limits=mask,
        baseline=n_points if baseline is None else baseline,
    )

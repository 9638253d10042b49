"""Process capability Cp, Cpk (within sigma) and Pp, Ppk (overall sigma).

``Cp = (USL - LSL) / 6 sigma``, ``Cpk = min(USL - mu, mu - LSL) / 3 sigma``; Pp and
Ppk the same with the overall sample standard deviation. Confidence intervals
(two-sided, 95 % by default), as in qcc's ``processCapability``:

* Cp and Pp: chi-square, ``Cp * sqrt(chi2_(a/2, n-1) / (n-1))`` to
  ``Cp * sqrt(chi2_(1-a/2, n-1) / (n-1))`` (Chou, Owen and Borrego 1990);
* Cpk and Ppk: Bissell's (1990) normal approximation,
  ``Cpk * (1 +- z_(1-a/2) sqrt(1 / (9 n Cpk^2) + 1 / (2 (n-1))))``;

``n`` is the number of individual values. With one specification limit only
Cpk and Ppk (the one-sided index) are defined.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import stats

from rampline.spc.normality import NormalityCheck, check_normality

__all__ = ["Capability", "Index", "capability"]


@dataclass(frozen=True)
class Index:
    """A capability index and its confidence interval."""

    value: float
    low: float
    high: float


@dataclass(frozen=True)
class Capability:
    """Capability of a baseline against specification limits."""

    n: int
    center: float
    sigma_within: float
    sigma_overall: float
    lsl: float | None
    usl: float | None
    confidence: float
    cp: Index | None
    cpk: Index
    pp: Index | None
    ppk: Index
    cpm: float | None
    normality: NormalityCheck | None


def _chi_square(value: float, n: int, alpha: float) -> Index:
    df = n - 1
    low, high = stats.chi2.ppf([alpha / 2, 1 - alpha / 2], df)
    return Index(value, value * float(np.sqrt(low / df)), value * float(np.sqrt(high / df)))


def _bissell(value: float, n: int, alpha: float) -> Index:
    if value == 0:
        return Index(value, float("nan"), float("nan"))
    z = float(stats.norm.ppf(1 - alpha / 2))
    half = z * float(np.sqrt(1 / (9 * n * value**2) + 1 / (2 * (n - 1))))
    return Index(value, value * (1 - half), value * (1 + half))


def _indices(
    mu: float, sigma: float, lsl: float | None, usl: float | None, n: int, alpha: float
) -> tuple[Index | None, Index]:
    sides = []
    if usl is not None:
        sides.append((usl - mu) / (3 * sigma))
    if lsl is not None:
        sides.append((mu - lsl) / (3 * sigma))
    potential = None
    if lsl is not None and usl is not None:
        potential = _chi_square((usl - lsl) / (6 * sigma), n, alpha)
    return potential, _bissell(min(sides), n, alpha)


def capability(
    values: npt.ArrayLike,
    *,
    sigma_within: float,
    lsl: float | None = None,
    usl: float | None = None,
    center: float | None = None,
    target: float | None = None,
    confidence: float = 0.95,
) -> Capability:
    """Cp, Cpk, Pp and Ppk of ``values`` (the baseline's individual measurements).

    ``sigma_within`` is the control chart's sigma; ``center`` defaults to the mean.
    ``target`` (with both limits) adds Taguchi's ``Cpm = Cp / sqrt(1 + ((mu - T) / sigma)^2)``.
    """
    if lsl is None and usl is None:
        raise ValueError("capability needs at least one specification limit")
    if lsl is not None and usl is not None and not lsl < usl:
        raise ValueError(f"LSL ({lsl}) must be below USL ({usl})")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    x = np.asarray(values, dtype=np.float64).ravel()
    x = x[np.isfinite(x)]
    if x.size < 2:
        raise ValueError("capability needs at least two values")
    overall = float(np.std(x, ddof=1))
    if not (sigma_within > 0 and overall > 0):
        raise ValueError("capability needs values that vary (a positive sigma)")
    n = int(x.size)
    mu = float(np.mean(x)) if center is None else center
    alpha = 1 - confidence
    cp, cpk = _indices(mu, sigma_within, lsl, usl, n, alpha)
    pp, ppk = _indices(mu, overall, lsl, usl, n, alpha)
    cpm = None
    if cp is not None and target is not None:
        cpm = cp.value / float(np.sqrt(1 + ((mu - target) / sigma_within) ** 2))
    return Capability(
        n=n,
        center=mu,
        sigma_within=sigma_within,
        sigma_overall=overall,
        lsl=lsl,
        usl=usl,
        confidence=confidence,
        cp=cp,
        cpk=cpk,
        pp=pp,
        ppk=ppk,
        cpm=cpm,
        normality=check_normality(x),
    )

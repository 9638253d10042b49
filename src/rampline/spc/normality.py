"""Is the baseline plausibly normal? Capability indices assume it is.

Shapiro-Wilk (:func:`scipy.stats.shapiro`) for 3 to 5000 values; above 5000,
where scipy's Shapiro-Wilk p-value is no longer accurate, the Anderson-Darling
statistic for a normal with estimated mean and variance, with Stephens'
small-sample correction ``A*^2 = A^2 (1 + 0.75/n + 2.25/n^2)`` and the p-value
approximation of D'Agostino and Stephens (1986, Table 4.9).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import special, stats

__all__ = ["NormalityCheck", "check_normality"]

_SHAPIRO_MAX = 5000


@dataclass(frozen=True)
class NormalityCheck:
    """Which test, its statistic and p-value (small p: not normal)."""

    test: str
    statistic: float
    p_value: float
    n: int


def _anderson_darling(x: npt.NDArray[np.float64]) -> tuple[float, float]:
    n = x.size
    y = np.sort((x - x.mean()) / x.std(ddof=1))
    i = np.arange(1, n + 1)
    a2 = -n - np.mean((2 * i - 1) * (special.log_ndtr(y) + special.log_ndtr(-y[::-1])))
    a = a2 * (1 + 0.75 / n + 2.25 / n**2)
    if a >= 0.6:
        p = np.exp(1.2937 - 5.709 * a + 0.0186 * a * a)
    elif a >= 0.34:
        p = np.exp(0.9177 - 4.279 * a - 1.38 * a * a)
    elif a >= 0.2:
        p = 1 - np.exp(-8.318 + 42.796 * a - 59.938 * a * a)
    else:
        p = 1 - np.exp(-13.436 + 101.14 * a - 223.73 * a * a)
    return float(a2), float(min(max(p, 0.0), 1.0))


def check_normality(values: npt.ArrayLike) -> NormalityCheck | None:
    """Shapiro-Wilk or Anderson-Darling on ``values``; None for fewer than 3 values."""
    x = np.asarray(values, dtype=np.float64).ravel()
    x = x[np.isfinite(x)]
    if x.size < 3 or np.ptp(x) == 0:
        return None
    if x.size <= _SHAPIRO_MAX:
        result = stats.shapiro(x)
        return NormalityCheck("shapiro-wilk", float(result.statistic), float(result.pvalue), x.size)
    statistic, p_value = _anderson_darling(x)
    return NormalityCheck("anderson-darling", statistic, p_value, x.size)

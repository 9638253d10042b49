"""Two lines (or sites) side by side: yield and capability, tested, with a verdict in words.

**Yield.** Units that passed over units tried at each line. The difference
is tested with the two-proportion z test (pooled proportion,
``z = (p_a - p_b) / sqrt(p (1 - p) (1/n_a + 1/n_b))``, two-sided) when every
expected count of the 2x2 table is at least 5 (Cochran's rule); otherwise
with Fisher's exact test (two-sided, scipy's "as or less likely" tables).
The interval of the difference is Wald's, ``p_a - p_b +- z sqrt(p_a q_a / n_a
+ p_b q_b / n_b)``.

**Capability.** Cpk of each line with the I-MR chart's sigma (MR-bar/d2), as
``rampline spc --chart i-mr`` computes it, with Bissell's interval. The
difference of the two Cpk is tested with Bissell's normal approximation,
``se(Cpk)^2 = 1 / (9 n) + Cpk^2 / (2 (n - 1))``, ``z = (Cpk_a - Cpk_b) /
sqrt(se_a^2 + se_b^2)``. To say *why* they differ, the spreads are compared
with the F test (``s_a^2 / s_b^2``, two-sided) and the means with Welch's t
test. Every test is two-sided at ``alpha`` (5 % by default).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import stats

from rampline.spc.capability import Capability, capability
from rampline.spc.charts import i_mr

__all__ = [
    "CapabilityComparison",
    "LineComparison",
    "YieldComparison",
    "compare_capability",
    "compare_lines",
    "compare_yields",
]


@dataclass(frozen=True)
class YieldComparison:
    """Yields of two lines and the test of their difference (``a`` minus ``b``)."""

    passed_a: int
    tried_a: int
    passed_b: int
    tried_b: int
    test: str  # "two-proportion z" or "Fisher exact"
    statistic: float | None  # z for the z test; the odds ratio for Fisher's
    p_value: float
    low: float  # interval of the difference, Wald
    high: float

    @property
    def yield_a(self) -> float:
        return self.passed_a / self.tried_a

    @property
    def yield_b(self) -> float:
        return self.passed_b / self.tried_b

    @property
    def difference(self) -> float:
        return self.yield_a - self.yield_b


@dataclass(frozen=True)
class CapabilityComparison:
    """Capability of two lines, the test of the Cpk difference and of means and spreads."""

    a: Capability
    b: Capability
    cpk_z: float
    cpk_p_value: float
    mean_a: float
    mean_b: float
    sd_a: float
    sd_b: float
    welch_t: float
    welch_df: float
    welch_p_value: float
    f_statistic: float  # s_a^2 / s_b^2
    f_p_value: float


@dataclass(frozen=True)
class LineComparison:
    """Everything compared, and the plain-language verdict."""

    name_a: str
    name_b: str
    alpha: float
    yields: YieldComparison | None
    capability: CapabilityComparison | None
    verdict: tuple[str, ...]


def _check_counts(passed: int, tried: int, name: str) -> None:
    if tried < 1 or not 0 <= passed <= tried:
        raise ValueError(f"line {name}: {passed} passed of {tried} tried is not a yield")


def compare_yields(
    passed_a: int, tried_a: int, passed_b: int, tried_b: int, *, confidence: float = 0.95
) -> YieldComparison:
    """Test whether two yields differ: z test for large counts, Fisher's exact test otherwise."""
    _check_counts(passed_a, tried_a, "A")
    _check_counts(passed_b, tried_b, "B")
    pooled = (passed_a + passed_b) / (tried_a + tried_b)
    expected = [n * p for n in (tried_a, tried_b) for p in (pooled, 1 - pooled)]
    pa, pb = passed_a / tried_a, passed_b / tried_b
    half = float(stats.norm.ppf(0.5 + confidence / 2)) * math.sqrt(
        pa * (1 - pa) / tried_a + pb * (1 - pb) / tried_b
    )
    if min(expected) >= 5:
        z = (pa - pb) / math.sqrt(pooled * (1 - pooled) * (1 / tried_a + 1 / tried_b))
        p_value = float(2 * stats.norm.sf(abs(z)))
        return YieldComparison(
            passed_a, tried_a, passed_b, tried_b, "two-proportion z", z, p_value,
            pa - pb - half, pa - pb + half,
        )  # fmt: skip
    table = [[passed_a, tried_a - passed_a], [passed_b, tried_b - passed_b]]
    odds, p = stats.fisher_exact(table)
    return YieldComparison(
        passed_a, tried_a, passed_b, tried_b, "Fisher exact", float(odds), float(p),
        pa - pb - half, pa - pb + half,
    )  # fmt: skip


def _cpk_se(cpk: float, n: int) -> float:
    return math.sqrt(1 / (9 * n) + cpk**2 / (2 * (n - 1)))


def _line_capability(
    values: npt.NDArray[np.float64], lsl: float | None, usl: float | None, confidence: float
) -> Capability:
    chart = i_mr(values)
    return capability(values, sigma_within=chart.sigma, lsl=lsl, usl=usl, confidence=confidence)


def compare_capability(
    a: npt.ArrayLike,
    b: npt.ArrayLike,
    *,
    lsl: float | None = None,
    usl: float | None = None,
    confidence: float = 0.95,
) -> CapabilityComparison:
    """Cpk of each line (I-MR sigma) with Bissell intervals; z test of the Cpk difference,
    F test of the variances and Welch's t test of the means."""
    xa = np.asarray(a, dtype=np.float64).ravel()
    xb = np.asarray(b, dtype=np.float64).ravel()
    for name, x in (("A", xa), ("B", xb)):
        if x.size < 3 or not np.isfinite(x).all():
            raise ValueError(f"line {name} needs at least 3 finite measurements, got {x.size}")
    cap_a = _line_capability(xa, lsl, usl, confidence)
    cap_b = _line_capability(xb, lsl, usl, confidence)
    se = math.hypot(_cpk_se(cap_a.cpk.value, xa.size), _cpk_se(cap_b.cpk.value, xb.size))
    cpk_z = (cap_a.cpk.value - cap_b.cpk.value) / se
    var_a, var_b = float(np.var(xa, ddof=1)), float(np.var(xb, ddof=1))
    f = var_a / var_b
    f_p = 2 * min(stats.f.cdf(f, xa.size - 1, xb.size - 1), stats.f.sf(f, xa.size - 1, xb.size - 1))
    welch = stats.ttest_ind(xa, xb, equal_var=False)
    se_a, se_b = var_a / xa.size, var_b / xb.size
    df = (se_a + se_b) ** 2 / (se_a**2 / (xa.size - 1) + se_b**2 / (xb.size - 1))
    return CapabilityComparison(
        a=cap_a,
        b=cap_b,
        cpk_z=cpk_z,
        cpk_p_value=float(2 * stats.norm.sf(abs(cpk_z))),
        mean_a=float(np.mean(xa)),
        mean_b=float(np.mean(xb)),
        sd_a=math.sqrt(var_a),
        sd_b=math.sqrt(var_b),
        welch_t=float(welch.statistic),
        welch_df=float(df),
        welch_p_value=float(welch.pvalue),
        f_statistic=f,
        f_p_value=float(min(1.0, f_p)),
    )


def _p(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3g}"


def _yield_words(y: YieldComparison, a: str, b: str, alpha: float) -> tuple[str, int]:
    shown = (
        f"line {a} passes {y.yield_a:.1%} ({y.passed_a} of {y.tried_a}), "
        f"line {b} {y.yield_b:.1%} ({y.passed_b} of {y.tried_b})"
    )
    test = f"{y.test} test, {_p(y.p_value)}"
    if y.p_value >= alpha:
        return f"Yield: no clear difference; {shown} ({test}).", 0
    better = a if y.difference > 0 else b
    points = abs(y.difference) * 100
    return (
        f"Yield: line {better} does better; {shown}, a gap of {points:.1f} points ({test}).",
        1 if better == a else -1,
    )


def _ci(cap: Capability) -> str:
    return f"{cap.cpk.value:.2f} (CI {cap.cpk.low:.2f} to {cap.cpk.high:.2f})"


def _capability_words(
    c: CapabilityComparison, a: str, b: str, alpha: float
) -> tuple[list[str], int]:
    shown = f"Cpk {_ci(c.a)} at {a} against {_ci(c.b)} at {b}"
    test = f"z = {c.cpk_z:.2f}, {_p(c.cpk_p_value)}"
    if c.cpk_p_value >= alpha:
        words, sign = [f"Capability: no clear difference; {shown} ({test})."], 0
    else:
        better = a if c.cpk_z > 0 else b
        words = [f"Capability: line {better} is more capable; {shown} ({test})."]
        sign = 1 if better == a else -1
    spread = c.f_p_value < alpha
    centre = c.welch_p_value < alpha
    parts = []
    if spread:
        wider = a if c.sd_a > c.sd_b else b
        parts.append(
            f"line {wider} spreads more (s = {max(c.sd_a, c.sd_b):.4g} against "
            f"{min(c.sd_a, c.sd_b):.4g}, F test {_p(c.f_p_value)})"
        )
    if centre:
        parts.append(
            f"the means differ ({c.mean_a:.4g} at {a}, {c.mean_b:.4g} at {b}, "
            f"Welch t test {_p(c.welch_p_value)})"
        )
    if parts:
        words.append("Why: " + " and ".join(parts) + ".")
    else:
        words.append(
            f"Neither the means (Welch t test, {_p(c.welch_p_value)}) nor the spreads "
            f"(F test, {_p(c.f_p_value)}) differ clearly."
        )
    for name, cap in ((a, c.a), (b, c.b)):
        check = cap.normality
        if check is not None and check.p_value < alpha:
            words.append(
                f"Line {name}'s values do not look normal ({check.test}, {_p(check.p_value)}): "
                "read its Cpk with care."
            )
    return words, sign


def compare_lines(
    a: Sequence[float] | npt.ArrayLike | None = None,
    b: Sequence[float] | npt.ArrayLike | None = None,
    *,
    lsl: float | None = None,
    usl: float | None = None,
    yields: tuple[int, int, int, int] | None = None,
    names: tuple[str, str] = ("A", "B"),
    alpha: float = 0.05,
) -> LineComparison:
    """Compare line ``a`` with line ``b``.

    ``a`` and ``b`` are the measurements of the same characteristic at each
    line, in time order. ``yields`` is ``(passed_a, tried_a, passed_b,
    tried_b)``; without it, and with spec limits, a unit's yield is whether its
    measurement lies within them. Capability needs measurements and a limit.
    """
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be between 0 and 1, got {alpha}")
    xa = None if a is None else np.asarray(a, dtype=np.float64).ravel()
    xb = None if b is None else np.asarray(b, dtype=np.float64).ravel()
    limited = lsl is not None or usl is not None
    if yields is None and limited and xa is not None and xb is not None:
        yields = (*_within(xa, lsl, usl), *_within(xb, lsl, usl))
    confidence = 1 - alpha
    y = compare_yields(*yields, confidence=confidence) if yields is not None else None
    c = None
    if limited and xa is not None and xb is not None:
        c = compare_capability(xa, xb, lsl=lsl, usl=usl, confidence=confidence)
    if y is None and c is None:
        raise ValueError("nothing to compare: give yields, or measurements with spec limits")
    name_a, name_b = names
    verdict: list[str] = []
    signs = []
    if y is not None:
        words, sign = _yield_words(y, name_a, name_b, alpha)
        verdict.append(words)
        signs.append(sign)
    if c is not None:
        more, sign = _capability_words(c, name_a, name_b, alpha)
        verdict += more
        signs.append(sign)
    verdict.insert(0, _summary(signs, name_a, name_b))
    return LineComparison(name_a, name_b, alpha, y, c, tuple(verdict))


def _within(x: npt.NDArray[np.float64], lsl: float | None, usl: float | None) -> tuple[int, int]:
    ok = np.ones(x.size, dtype=np.bool_)
    if lsl is not None:
        ok &= x >= lsl
    if usl is not None:
        ok &= x <= usl
    return int(ok.sum()), int(x.size)


def _summary(signs: list[int], a: str, b: str) -> str:
    if not any(signs):
        return f"No clear difference between line {a} and line {b}."
    if all(s >= 0 for s in signs):
        return f"Line {a} does better than line {b}."
    if all(s <= 0 for s in signs):
        return f"Line {b} does better than line {a}."
    return f"Mixed: each of line {a} and line {b} is better in one respect."

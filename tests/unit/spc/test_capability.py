"""Cp, Cpk, Pp, Ppk and their intervals against qcc's published numbers."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats
from spc_reference import grouped, wide

from rampline.spc import capability, check_normality, xbar_r

D2_4_TABLE, D2_4 = 2.059, 2.058751  # Montgomery App. VI; Harter (1960)
D2_5_TABLE, D2_5 = 2.326, 2.325929


def test_qcc_testthat_fixture_two_sided() -> None:
    # qcc tests/testthat/test-capability.R, "Two-sided on-target case", 3
    # subgroups of 4, specs 9.9 and 10.1 (value, 2.5 %, 97.5 %):
    #   Cp 1.372667 (0.808460, 1.937713)  Cp_k 1.304033 (0.727408, 1.880659)
    #   Pp 1.612598 (0.949773, 2.276410)  Pp_k 1.531968 (0.864608, 2.199329)
    data = wide("qcc_testthat_capability_fixture.csv", ["x1", "x2", "x3", "x4"])
    chart = xbar_r(data)
    result = capability(
        data, sigma_within=chart.sigma, lsl=9.9, usl=10.1, center=chart.main.center[0]
    )
    # Pp and Ppk use the overall standard deviation, no chart constant: exact.
    assert result.pp is not None
    assert (result.pp.value, result.pp.low, result.pp.high) == pytest.approx(
        (1.612598, 0.949773, 2.276410), abs=1e-6
    )
    assert (result.ppk.value, result.ppk.low, result.ppk.high) == pytest.approx(
        (1.531968, 0.864608, 2.199329), abs=1e-6
    )
    # Cp and its chi-square interval are proportional to 1/sigma = d2/R-bar; qcc
    # divided by d2(4) = 2.059, we by 2.058751: scale by 2.058751/2.059.
    scale = D2_4 / D2_4_TABLE
    assert result.cp is not None
    assert (result.cp.value, result.cp.low, result.cp.high) == pytest.approx(
        tuple(v * scale for v in (1.372667, 0.808460, 1.937713)), abs=2e-6
    )
    # Cpk scales the same way; Bissell's interval by hand from the scaled value:
    # Cpk (1 +- 1.959964 sqrt(1/(9 n Cpk^2) + 1/(2 (n - 1)))), n = 12.
    cpk = 1.304033 * scale
    half = 1.959964 * math.sqrt(1 / (9 * 12 * cpk**2) + 1 / 22)
    assert (result.cpk.value, result.cpk.low, result.cpk.high) == pytest.approx(
        (cpk, cpk * (1 - half), cpk * (1 + half)), abs=2e-6
    )
    # and that is within 1.5e-4 (relative) of the published interval itself
    assert (result.cpk.low, result.cpk.high) == pytest.approx((0.727408, 1.880659), rel=1.5e-4)


def test_qcc_testthat_fixture_one_sided_upper() -> None:
    # same file, "Upper spec only case": Cp NA, Pp NA, Pp_k 1.531968.
    data = wide("qcc_testthat_capability_fixture.csv", ["x1", "x2", "x3", "x4"])
    chart = xbar_r(data)
    result = capability(data, sigma_within=chart.sigma, usl=10.1, center=chart.main.center[0])
    assert result.cp is None
    assert result.pp is None
    assert result.ppk.value == pytest.approx(1.531968, abs=1e-6)


def test_piston_rings_capability() -> None:
    # /work/shared/reference/spc/README.md (qcc 3.0, d2(5) = 2.326): specs 73.95
    # and 74.05, Cp = 1.703281, Cpk = 1.663219. Rescaled to d2(5) = 2.325929.
    rings = grouped("qcc_pistonrings.csv", "diameter", "sample")[:25]
    chart = xbar_r(rings)
    result = capability(
        rings, sigma_within=chart.sigma, lsl=73.95, usl=74.05, center=chart.main.center[0]
    )
    assert result.cp is not None
    assert result.cp.value == pytest.approx(1.703281 * D2_5 / D2_5_TABLE, abs=2e-6)
    assert result.cpk.value == pytest.approx(1.663219 * D2_5 / D2_5_TABLE, abs=2e-6)
    assert result.n == 125


def test_cpm_by_hand() -> None:
    # Hand: values 9, 11 (mean 10), sigma 1, specs 7..13, target 11:
    # Cp = 6/6 = 1, Cpm = 1/sqrt(1 + (10 - 11)^2) = 0.7071068.
    result = capability([9.0, 11.0], sigma_within=1.0, lsl=7, usl=13, target=11)
    assert result.cpm == pytest.approx(1 / math.sqrt(2))


def test_normality_check() -> None:
    rng = np.random.default_rng(20240101)
    sample = rng.normal(size=200)
    normal = check_normality(sample)
    skewed = check_normality(rng.exponential(size=200))
    assert normal is not None
    assert skewed is not None
    assert normal.test == "shapiro-wilk"
    assert normal.p_value == pytest.approx(stats.shapiro(sample).pvalue)
    assert normal.p_value > 0.01
    assert skewed.p_value < 1e-6
    big = check_normality(rng.uniform(size=6000))
    assert big is not None
    assert big.test == "anderson-darling"
    assert big.p_value < 1e-6
    assert check_normality([1.0, 2.0]) is None


def test_spec_limits_are_checked() -> None:
    with pytest.raises(ValueError, match="at least one specification"):
        capability([1.0, 2.0], sigma_within=1.0)
    with pytest.raises(ValueError, match="below USL"):
        capability([1.0, 2.0], sigma_within=1.0, lsl=3, usl=2)

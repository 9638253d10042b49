"""EWMA and tabular CUSUM against NIST, Montgomery and qcc's own tests."""

from __future__ import annotations

import math

import numpy as np
import pytest
from spc_reference import column

from rampline.spc import cusum, ewma

TABLE_9_1 = column("montgomery_cusum_ewma_table9_1.csv", "x")


def test_nist_ewma_example() -> None:
    # NIST/SEMATECH e-Handbook of Statistical Methods, section 6.3.2.4 (EWMA
    # control charts), "Example of calculation of parameters": EWMA0 = 50,
    # s = 2.0539, lambda = 0.3, k = 3: sqrt(0.3/1.7) = 0.4201,
    # UCL = 50 + 3(0.4201)(2.0539) = 52.5884, LCL = 47.4115; the EWMA values
    # start 50.60, 49.52, 50.56 and end 51.23, 51.94, 51.99, all inside.
    chart = ewma(column("nist_ewma_example_pmc324.csv", "x"), lam=0.3, center=50.0, sigma=2.0539)
    assert chart.steady_ucl == pytest.approx(52.5884, abs=1e-4)
    assert chart.steady_lcl == pytest.approx(47.4115, abs=1e-4)
    z = np.round(chart.main.points, 2)
    assert list(z[:3]) == [50.60, 49.52, 50.56]
    assert list(z[-3:]) == [51.23, 51.94, 51.99]
    assert chart.signals == ()


def test_montgomery_tabular_cusum_table_9_2() -> None:
    # Montgomery (6th ed.), Example 9.1, Table 9.2: mu0 = 10, sigma = 1, K = 0.5,
    # H = 5. C+ reaches 5.28 at period 29, the first signal; C+ rose from 0
    # after period 22, so the shift is dated after sample 29 - 7 = 22.
    chart = cusum(TABLE_9_1, center=10.0, sigma=1.0, k=0.5, h=5.0)
    upper = np.round(chart.upper, 2)
    assert list(upper[:6]) == [0.0, 0.0, 0.0, 1.16, 2.82, 2.50]
    assert list(np.round(chart.lower[:3], 2)) == [0.05, 1.56, 1.77]
    assert upper[28] == 5.28
    assert chart.signals[0] + 1 == 29
    assert upper[21] == 0
    assert (upper[22:29] > 0).all()


def test_montgomery_ewma_example_9_2_by_hand() -> None:
    # Montgomery (6th ed.), Example 9.2: lambda = 0.1, L = 2.7 on Table 9.1.
    # Hand: z1 = 0.1(9.45) + 0.9(10) = 9.945; limits at i = 1:
    # 10 +- 2.7 sqrt(0.1/1.9 (1 - 0.9^2)) = 10 +- 0.27 -> 9.73, 10.27.
    chart = ewma(TABLE_9_1, lam=0.1, nsigmas=2.7, center=10.0, sigma=1.0)
    assert chart.main.points[0] == pytest.approx(9.945)
    half = 2.7 * math.sqrt(0.1 / 1.9 * (1 - 0.9**2))
    assert chart.main.ucl[0] == pytest.approx(10 + half)
    assert chart.main.ucl[0] == pytest.approx(10.27, abs=5e-3)
    # steady state 10 + 2.7 sqrt(0.1/1.9) = 10.6194; first signal at period 29.
    assert chart.steady_ucl == pytest.approx(10 + 2.7 * math.sqrt(0.1 / 1.9))
    assert chart.signals[0] + 1 == 29


def test_qcc_ewma_smoothing_and_sigma() -> None:
    # qcc tests/testthat/test-ewma.R: data 11, 13, 12, centre 10, sd 2,
    # lambda 0.5, nsigmas 2 -> ewma 10.5, 11.75, 11.875 and sigma of the EWMA
    # 1, sqrt(1.25), sqrt(1.3125).
    chart = ewma([11.0, 13.0, 12.0], lam=0.5, nsigmas=2, center=10.0, sigma=2.0)
    assert chart.main.points == pytest.approx([10.5, 11.75, 11.875], abs=1e-12)
    assert chart.main.stat_sigma == pytest.approx([1, math.sqrt(1.25), math.sqrt(1.3125)])
    assert chart.main.ucl == pytest.approx(10 + 2 * chart.main.stat_sigma)


def test_qcc_cusum_strict_decision_boundaries() -> None:
    # qcc tests/testthat/test-cusum.R: data 1.5, 0.5, 0.6, -1.5, -0.5, -0.8,
    # centre 0, sd 1, decision interval 1, shift 1 (k = 0.5): pos 1, 1, 1.1, 0,
    # 0, 0; neg 0, 0, 0, 1, 1, 1.3; upper signal at 3, lower at 6 (1.0 = h is not).
    chart = cusum([1.5, 0.5, 0.6, -1.5, -0.5, -0.8], center=0.0, sigma=1.0, h=1.0)
    assert chart.upper == pytest.approx([1.0, 1.0, 1.1, 0, 0, 0])
    assert chart.lower == pytest.approx([0, 0, 0, 1.0, 1.0, 1.3])
    assert chart.signals == (2, 5)


def test_cusum_of_subgroups_standardises_by_root_n() -> None:
    # Hand: subgroups of 4 with means 11 and 9, mu0 = 10, sigma = 2:
    # y = (11 - 10)/(2/2) = 1, then -1; C+ = 1 - 0.5 = 0.5, then max(0, 0.5 - 1.5) = 0;
    # C- = 0, then max(0, -0.5 + 1) = 0.5.
    chart = cusum([[11.0] * 4, [9.0] * 4], center=10.0, sigma=2.0)
    assert chart.upper == pytest.approx([0.5, 0.0])
    assert chart.lower == pytest.approx([0.0, 0.5])

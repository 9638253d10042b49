"""p, np, c and u charts against the qcc 3.0 vignette and hand arithmetic.

Published numbers: /work/shared/reference/spc/README.md and the vignette "A
quick tour of qcc" (luca-scr/qcc, docs/articles/qcc_a_quick_tour.html,
sections "p and np charts" and "c and u charts").
"""

from __future__ import annotations

import math

import pytest
from spc_reference import column

from rampline.spc import c_chart, np_chart, p_chart, u_chart

OJ = "qcc_orangejuice.csv"


def test_orange_juice_p_chart_phase_one_and_revision() -> None:
    d, n = column(OJ, "D"), column(OJ, "size")
    first = p_chart(d, n, baseline=30)
    assert first.main.center[0] == pytest.approx(0.2313333, abs=5e-8)
    assert first.sigma == pytest.approx(0.421685, abs=5e-7)
    assert first.main.lcl[0] == pytest.approx(0.05242755, abs=5e-9)
    assert first.main.ucl[0] == pytest.approx(0.4102391, abs=5e-8)
    assert [i + 1 for i in first.main.beyond() if i < 30] == [15, 23]
    revised = p_chart(d, n, baseline=30, exclude=[14, 22])
    assert revised.main.center[0] == pytest.approx(0.215)
    assert revised.main.lcl[0] == pytest.approx(0.04070284, abs=5e-9)
    assert revised.main.ucl[0] == pytest.approx(0.3892972, abs=5e-8)


def test_orange_juice_np_chart() -> None:
    # vignette: centre 11.56667, sd 2.981763, limits 2.621377 and 20.51196.
    chart = np_chart(column(OJ, "D")[:30], column(OJ, "size")[:30])
    assert chart.main.center[0] == pytest.approx(11.56667, abs=5e-6)
    assert chart.sigma == pytest.approx(2.981763, abs=5e-7)
    assert chart.main.lcl[0] == pytest.approx(2.621377, abs=5e-7)
    assert chart.main.ucl[0] == pytest.approx(20.51196, abs=5e-6)


def test_orange_juice_after_the_adjustment() -> None:
    # vignette, orangejuice2: centre 0.1108333, LCL 0 (cut), UCL 0.2440207.
    d, n = column("qcc_orangejuice2.csv", "D"), column("qcc_orangejuice2.csv", "size")
    chart = p_chart(d, n, baseline=24)
    assert chart.main.center[0] == pytest.approx(0.1108333, abs=5e-8)
    assert chart.main.lcl[0] == 0
    assert chart.main.ucl[0] == pytest.approx(0.2440207, abs=5e-8)


def test_circuit_c_chart_and_revised_u_chart() -> None:
    x = column("qcc_circuit.csv", "x")
    first = c_chart(x, baseline=26)
    assert first.main.center[0] == pytest.approx(19.84615, abs=5e-6)
    assert first.sigma == pytest.approx(4.454902, abs=5e-7)
    assert first.main.lcl[0] == pytest.approx(6.481447, abs=5e-7)
    assert first.main.ucl[0] == pytest.approx(33.21086, abs=5e-6)
    assert [i + 1 for i in first.main.beyond()] == [6, 20]
    revised = c_chart(x, baseline=26, exclude=[5, 19])
    assert revised.main.center[0] == pytest.approx(19.66667, abs=5e-6)
    assert revised.main.lcl[0] == pytest.approx(6.362532, abs=5e-7)
    assert revised.main.ucl[0] == pytest.approx(32.9708, abs=5e-5)
    u = u_chart(x, column("qcc_circuit.csv", "size"), baseline=26, exclude=[5, 19])
    assert u.main.center[0] == pytest.approx(0.1966667, abs=5e-8)
    assert u.main.lcl[0] == pytest.approx(0.06362532, abs=5e-9)
    assert u.main.ucl[0] == pytest.approx(0.329708, abs=5e-7)


def test_pc_manufacturing_u_chart() -> None:
    # vignette: centre 1.93, sd 1.389244, limits 0.06613305 and 3.793867.
    chart = u_chart(column("qcc_pcmanufact.csv", "x"), column("qcc_pcmanufact.csv", "size"))
    assert chart.main.center[0] == pytest.approx(1.93)
    assert chart.sigma == pytest.approx(1.389244, abs=5e-7)
    assert chart.main.lcl[0] == pytest.approx(0.06613305, abs=5e-9)
    assert chart.main.ucl[0] == pytest.approx(3.793867, abs=5e-7)


def test_dyed_cloth_u_chart_has_limits_per_point() -> None:
    # Hand: sum(x) = 153, sum(n) = 107.5, u-bar = 153/107.5 = 1.4232558;
    # point 2 (n = 8): UCL = 1.4232558 + 3 sqrt(1.4232558/8) = 2.688626;
    # point 5 (n = 9.5): LCL = 1.4232558 - 3 sqrt(1.4232558/9.5) = 0.262081.
    chart = u_chart(column("qcc_dyedcloth.csv", "x"), column("qcc_dyedcloth.csv", "size"))
    ubar = 153 / 107.5
    assert chart.main.center[0] == pytest.approx(ubar)
    assert chart.main.ucl[1] == pytest.approx(ubar + 3 * math.sqrt(ubar / 8))
    assert chart.main.lcl[4] == pytest.approx(ubar - 3 * math.sqrt(ubar / 9.5))
    assert chart.main.ucl[1] == pytest.approx(2.688626, abs=1e-6)
    assert chart.main.limits_vary


def test_c_chart_refuses_unequal_units_and_p_refuses_impossible_counts() -> None:
    with pytest.raises(ValueError, match="u chart"):
        c_chart([1, 2], [1, 2])
    with pytest.raises(ValueError, match=r"larger than its sample size \(point 1\)"):
        p_chart([5, 1], [4, 4])
    with pytest.raises(ValueError, match=r"larger than its sample size \(point 2\)"):
        np_chart([1, 9, 1], 4)  # named, not reported as an impossible fraction
    with pytest.raises(ValueError, match=r"whole numbers .*\(point 2\)"):
        c_chart([3, 3.5, 2])

"""X-bar/R, X-bar/S and I-MR charts against published limits.

qcc prints its results with the tabulated d2 (2.326 for n = 5, 1.128 for n = 2,
Montgomery Appendix VI); we integrate d2 (2.325929, 1.128379). Where that shows
in the published digits, the expected value is converted by hand with the ratio
of the two constants, written out in the test.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from spc_reference import column, grouped, read_rows, wide

from rampline.spc import ewma, i_mr, xbar_r, xbar_r_summary, xbar_s, xbar_s_summary

D2_5_TABLE, D2_5 = 2.326, 2.325929  # Montgomery App. VI; Harter (1960)
D2_2_TABLE, D2_2 = 1.128, 1.128379
FIVE = ["x1", "x2", "x3", "x4", "x5"]


@pytest.fixture(scope="module")
def rings() -> np.ndarray:
    return grouped("qcc_pistonrings.csv", "diameter", "sample")


def test_piston_rings_xbar_r_phase_one_and_two(rings: np.ndarray) -> None:
    # /work/shared/reference/spc/README.md and the qcc 3.0 vignette "A quick tour
    # of qcc" (luca-scr/qcc docs/articles/qcc_a_quick_tour.html, q1 and q2):
    # centre 74.00118, sd 0.009785039, LCL 73.98805, UCL 74.0143; R centre
    # 0.02276, UCL 0.04812533; phase II beyond: samples 37, 38, 39.
    chart = xbar_r(rings, baseline=25)
    assert chart.main.center[0] == pytest.approx(74.00118, abs=5e-6)
    assert chart.sigma == pytest.approx(0.009785039 * D2_5_TABLE / D2_5, rel=1e-6)
    assert chart.main.lcl[0] == pytest.approx(73.98805, abs=5e-6)
    assert chart.main.ucl[0] == pytest.approx(74.0143, abs=5e-5)
    assert chart.dispersion is not None
    assert chart.dispersion.center[0] == pytest.approx(0.02276, abs=5e-9)
    assert chart.dispersion.lcl[0] == 0
    # UCL = R-bar + 3 d3 sigma = R-bar + 3 d3 R-bar / d2: the 3 d3 sigma part of
    # qcc's 0.04812533 was divided by 2.326, so rescale that part to 2.325929.
    ucl = 0.02276 + (0.04812533 - 0.02276) * D2_5_TABLE / D2_5
    # (qcc's own d3(5) implied by those digits is 0.864080, ours 0.864082: 3e-6.)
    assert chart.dispersion.ucl[0] == pytest.approx(ucl, rel=5e-6)
    assert [i + 1 for i in chart.main.beyond()] == [37, 38, 39]
    assert chart.dispersion.beyond() == ()


def test_piston_rings_s_chart(rings: np.ndarray) -> None:
    # qcc vignette, q4: S chart centre 0.009240037, sd 0.009829977, UCL 0.01930242.
    chart = xbar_s(rings[:25])
    assert chart.dispersion is not None
    assert chart.dispersion.center[0] == pytest.approx(0.009240037, rel=1e-7)
    assert chart.sigma == pytest.approx(0.009829977, rel=1e-7)
    assert chart.dispersion.ucl[0] == pytest.approx(0.01930242, rel=1e-6)
    assert chart.dispersion.lcl[0] == 0


def test_piston_rings_variable_subgroup_sizes() -> None:
    # qcc vignette "Variable control limits": 12 readings removed, sizes 3, 4, 5.
    # Centre 74.00075, sd 0.009856701, first limits 73.98753 / 74.01398 (n = 5)
    # and 73.98368 / 74.01782 (n = 3); R centre 0.02230088.
    out = {9, 10, 30, 35, 45, 64, 65, 74, 75, 85, 99, 100}
    groups: dict[str, list[float]] = {}
    for position, row in enumerate(read_rows("qcc_pistonrings.csv"), start=1):
        groups.setdefault(row["sample"], [])
        if position not in out:
            groups[row["sample"]].append(float(row["diameter"]))
    data = np.full((40, 5), np.nan)
    for i, values in enumerate(groups.values()):
        data[i, : len(values)] = values
    chart = xbar_r(data[:25])
    assert chart.main.center[0] == pytest.approx(74.00075, abs=5e-6)
    # sigma = mean(R_i / d2(n_i)); qcc used d2 = 1.693, 2.059, 2.326 (tables),
    # we use 1.692569, 2.058751, 2.325929: they differ by at most 2.6e-4 relative.
    assert chart.sigma == pytest.approx(0.009856701, rel=2.6e-4)
    assert chart.main.lcl[:2] == pytest.approx([73.98753, 73.98368], abs=1e-5)
    assert chart.main.ucl[:2] == pytest.approx([74.01398, 74.01782], abs=1e-5)
    assert chart.main.limits_vary
    assert chart.dispersion is not None
    assert chart.dispersion.center[0] == pytest.approx(0.02230088, abs=5e-9)


def test_montgomery_piston_rings_table_6_3() -> None:
    # Montgomery, Introduction to SQC (6th ed.), Example 6.1 with Table 6.3:
    # x-double-bar = 1850.028/25 = 74.001, R-bar = 0.581/25 = 0.023,
    # X-bar limits 73.988 and 74.014 (A2 = 0.577), R UCL = D4 R-bar = 0.049.
    chart = xbar_r(wide("montgomery_table6_3_piston_rings.csv", FIVE))
    assert chart.main.center[0] == pytest.approx(74.001, abs=5e-4)
    assert chart.dispersion is not None
    assert chart.dispersion.center[0] == pytest.approx(0.023, abs=5e-4)
    # The book multiplies the rounded R-bar (0.023, exact 0.02324): its limits
    # carry that rounding, 0.577 x 0.00024 = 1.4e-4, on top of the last digit.
    assert chart.main.lcl[0] == pytest.approx(73.988, abs=7e-4)
    assert chart.main.ucl[0] == pytest.approx(74.014, abs=7e-4)
    assert chart.dispersion.ucl[0] == pytest.approx(0.049, abs=7e-4)
    assert chart.main.beyond() == ()


def test_montgomery_flow_width_phase_one() -> None:
    # Montgomery (6th ed.), hard-bake flow width example, Table 6.1:
    # x-double-bar = 1.5056, R-bar = 0.32521; X-bar 1.3180 to 1.6932;
    # R chart 0 to 0.68749 (D4 = 2.114).
    data = wide("montgomery_flow_width_hardbake.csv", FIVE)
    chart = xbar_r(data, baseline=25)
    assert chart.main.center[0] == pytest.approx(1.5056, abs=5e-5)
    assert chart.dispersion is not None
    assert chart.dispersion.center[0] == pytest.approx(0.32521, abs=5e-6)
    assert chart.main.lcl[0] == pytest.approx(1.3180, abs=1e-4)
    assert chart.main.ucl[0] == pytest.approx(1.6932, abs=1e-4)
    assert chart.dispersion.ucl[0] == pytest.approx(0.68749, abs=2e-4)
    assert not [i for i in chart.main.beyond() if i < 25]  # phase I in control


def test_montgomery_loan_cost_individuals() -> None:
    # Montgomery (6th ed.), mortgage loan processing cost example, Table 6.6: x-bar = 300.5,
    # MR-bar = 7.79, UCL = 300.5 + 3 (7.79/1.128) = 321.22, LCL = 279.78,
    # MR chart UCL = D4 MR-bar = 3.267 x 7.79 = 25.45.
    chart = i_mr(column("montgomery_loan_cost_individuals.csv", "cost"), baseline=20)
    assert chart.main.center[0] == pytest.approx(300.5)
    assert chart.dispersion is not None
    assert chart.dispersion.center[0] == pytest.approx(7.79, abs=5e-3)
    assert chart.main.ucl[0] == pytest.approx(321.22, abs=2e-2)
    assert chart.main.lcl[0] == pytest.approx(279.78, abs=2e-2)
    assert chart.dispersion.ucl[0] == pytest.approx(25.45, abs=1e-2)
    assert np.isnan(chart.dispersion.points[0])
    assert [i + 1 for i in chart.main.beyond()] == [39, 40]  # phase II shift


def test_qcc_viscosity_individuals() -> None:
    # qcc vignette, "Continuous one-at-time data" (Montgomery's viscosity, 15
    # values): centre 33.52333, sd 0.4261651 with d2 = 1.128, limits 32.24484
    # and 34.80183. Converted to d2 = 1.128379: sd = 0.4261651 x 1.128/1.128379.
    chart = i_mr(column("qcc_old_example_viscosity15.csv", "x"))
    sigma = 0.4261651 * D2_2_TABLE / D2_2
    assert chart.main.center[0] == pytest.approx(33.52333, abs=5e-6)
    assert chart.sigma == pytest.approx(sigma, rel=1e-5)
    assert chart.main.lcl[0] == pytest.approx(33.52333 - 3 * sigma, abs=1e-4)
    assert chart.main.ucl[0] == pytest.approx(33.52333 + 3 * sigma, abs=1e-4)


def test_known_sigma_and_center_replace_the_estimates() -> None:
    # Hand: n = 4, mu0 = 10, sigma = 2 -> X-bar limits 10 +- 3*2/2 = 7 and 13;
    # R centre d2(4) sigma = 2.058751 x 2 = 4.117502.
    chart = xbar_r(np.arange(12.0).reshape(3, 4), center=10.0, sigma=2.0)
    assert chart.main.lcl[0] == pytest.approx(7.0)
    assert chart.main.ucl[0] == pytest.approx(13.0)
    assert chart.dispersion is not None
    assert chart.dispersion.center[0] == pytest.approx(4.117502, abs=1e-6)


def test_exclusion_of_a_point_drops_its_moving_ranges() -> None:
    # Hand: x = 1, 2, 10, 3, 4 with point 3 excluded: MRs kept are |2-1| and
    # |4-3| -> MR-bar 1; centre mean(1, 2, 3, 4) = 2.5.
    chart = i_mr([1.0, 2.0, 10.0, 3.0, 4.0], exclude=[2])
    assert chart.main.center[0] == pytest.approx(2.5)
    assert chart.sigma == pytest.approx(1.0 / D2_2, rel=1e-6)
    assert chart.main.beyond() == (2,)


def test_bad_baseline_and_exclusions_are_refused() -> None:
    with pytest.raises(ValueError, match="baseline"):
        i_mr([1.0, 2.0, 3.0], baseline=4)
    with pytest.raises(ValueError, match="not in the baseline"):
        i_mr([1.0, 2.0, 3.0, 4.0], baseline=2, exclude=[3])
    with pytest.raises(ValueError, match="fewer than 2"):
        xbar_r([[1.0, np.nan], [1.0, 2.0]])


@pytest.mark.parametrize("chart", [xbar_r, xbar_s, i_mr, ewma])
@pytest.mark.parametrize(
    ("known", "fragment"), [({"sigma": 0.0}, "sigma"), ({"nsigmas": -3.0}, "width")]
)
def test_limits_that_would_cross_are_refused(
    chart: Callable[..., object], known: dict[str, float], fragment: str
) -> None:
    # sigma <= 0 or a width <= 0 would put the lower limit at or above the upper one.
    data = [[1.0, 2.0, 3.0], [2.0, 3.0, 5.0], [1.0, 1.5, 2.5]]
    values = np.ravel(data) if chart is i_mr else data
    with pytest.raises(ValueError, match=fragment):
        chart(values, **known)


# SAS/QC User's Guide, SHEWHART procedure, "Creating Charts for Means from Raw
# Data": gap widths of 21 subgroups of five parts (data set Partgaps). The
# reference file sas_gap_width_subgroup_summary.csv holds their summaries.
PARTGAPS = [
    [255, 270, 268, 290, 267], [260, 240, 265, 262, 263], [238, 236, 260, 250, 256],
    [260, 242, 281, 254, 263], [268, 260, 279, 289, 269], [270, 249, 265, 253, 263],
    [280, 260, 256, 256, 243], [229, 266, 250, 243, 252], [250, 270, 245, 273, 262],
    [248, 258, 247, 266, 256], [280, 251, 252, 270, 287], [245, 253, 243, 279, 245],
    [268, 260, 289, 275, 273], [264, 286, 275, 271, 279], [271, 257, 263, 247, 247],
    [291, 250, 273, 265, 266], [228, 253, 240, 260, 264], [270, 260, 269, 245, 276],
    [259, 257, 246, 271, 257], [252, 244, 230, 266, 248], [254, 251, 239, 233, 263],
]  # fmt: skip


def test_summary_data_give_the_chart_of_the_measurements() -> None:
    rows = read_rows("sas_gap_width_subgroup_summary.csv")
    raw = np.array(PARTGAPS, dtype=float)
    assert [float(r["xbar"]) for r in rows] == list(raw.mean(axis=1))
    assert [float(r["range"]) for r in rows] == list(np.ptp(raw, axis=1))
    summary = xbar_r_summary(
        [r["xbar"] for r in rows], [r["range"] for r in rows], [r["n"] for r in rows], baseline=15
    )
    measured = xbar_r(raw, baseline=15)
    assert summary.sigma == pytest.approx(measured.sigma, rel=1e-12)
    assert summary.dispersion is not None
    assert measured.dispersion is not None
    for a, b in [(summary.main, measured.main), (summary.dispersion, measured.dispersion)]:
        for key in ("points", "center", "lcl", "ucl"):
            np.testing.assert_allclose(getattr(a, key), getattr(b, key), rtol=1e-12)


def test_s_chart_from_subgroup_summaries_gives_qccs_numbers(rings: np.ndarray) -> None:
    # The qcc vignette's S chart (centre 0.009240037, sd 0.009829977, UCL
    # 0.01930242), from each subgroup's mean, standard deviation and size only.
    first = rings[:25]
    chart = xbar_s_summary(first.mean(axis=1), first.std(axis=1, ddof=1), [5] * 25)
    assert chart.kind == "xbar-s"
    assert chart.dispersion is not None
    assert chart.dispersion.center[0] == pytest.approx(0.009240037, rel=1e-7)
    assert chart.sigma == pytest.approx(0.009829977, rel=1e-7)
    assert chart.dispersion.ucl[0] == pytest.approx(0.01930242, rel=1e-6)


def test_s_chart_from_summaries_is_the_chart_of_the_measurements(rings: np.ndarray) -> None:
    # Unequal subgroups (limits per point), a baseline and an exclusion.
    data = rings.copy()
    data[[3, 8, 30], 4] = np.nan
    data[12, 3:] = np.nan
    sizes = np.sum(np.isfinite(data), axis=1)
    means, sds = np.nanmean(data, axis=1), np.nanstd(data, axis=1, ddof=1)
    summary = xbar_s_summary(means, sds, sizes, baseline=25, exclude=[6])
    measured = xbar_s(data, baseline=25, exclude=[6])
    assert summary.sigma == pytest.approx(measured.sigma, rel=1e-12)
    assert summary.main.limits_vary
    assert summary.dispersion is not None
    assert measured.dispersion is not None
    for a, b in [(summary.main, measured.main), (summary.dispersion, measured.dispersion)]:
        for key in ("points", "center", "lcl", "ucl"):
            np.testing.assert_allclose(getattr(a, key), getattr(b, key), rtol=1e-12)
    with pytest.raises(ValueError, match="standard deviations numbers at least 0"):
        xbar_s_summary([1.0, 2.0], [1.0, -1.0], [5, 5])


def test_summary_data_are_checked() -> None:
    with pytest.raises(ValueError, match="2 means, 2 ranges and 3 sizes"):
        xbar_r_summary([1.0, 2.0], [1.0, 1.0], [5, 5, 5])
    with pytest.raises(ValueError, match="subgroup 2: a size is a whole number"):
        xbar_r_summary([1.0, 2.0], [1.0, 1.0], [5, 1])
    with pytest.raises(ValueError, match="ranges numbers at least 0"):
        xbar_r_summary([1.0, 2.0], [1.0, -1.0], [5, 5])

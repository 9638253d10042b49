"""Two lines compared: z and Fisher against hand arithmetic and published examples."""

from __future__ import annotations

import math

import numpy as np
import pytest

from rampline.spc.compare_lines import compare_capability, compare_lines, compare_yields


def _two_sided_normal(z: float) -> float:
    return math.erfc(abs(z) / math.sqrt(2))  # 2 (1 - Phi(|z|)), no scipy


def test_z_test_by_hand_and_a_worked_example() -> None:
    # 140 of 200 against 255 of 340 (homeworksource.com/p/1008622):
    # pooled 395/540 = 0.7314815, se = 0.03949401, z = -1.266015 (its p-value uses a t
    # distribution with 538 df; the normal two-sided p is 2 Phi(-1.266015) = 0.205508)
    y = compare_yields(140, 200, 255, 340)
    pooled = 395 / 540
    se = math.sqrt(pooled * (1 - pooled) * (1 / 200 + 1 / 340))
    assert se == pytest.approx(0.03949401, abs=5e-9)
    assert y.test == "two-proportion z"
    assert y.statistic == pytest.approx((0.7 - 0.75) / se, rel=1e-12)
    assert y.statistic == pytest.approx(-1.266015, abs=5e-7)
    assert y.p_value == pytest.approx(_two_sided_normal(y.statistic), rel=1e-9)
    assert y.p_value == pytest.approx(0.205508, abs=1e-6)
    assert y.difference == pytest.approx(-0.05)
    half = 1.959963984540054 * math.sqrt(0.7 * 0.3 / 200 + 0.75 * 0.25 / 340)
    assert (y.low, y.high) == pytest.approx((-0.05 - half, -0.05 + half), rel=1e-9)


def test_fisher_exact_for_small_counts_fishers_tea_tasting() -> None:
    # Fisher (1935): 3 of 4 cups right against 1 of 4; R's fisher.test(TeaTasting): p = 0.4857
    y = compare_yields(3, 4, 1, 4)
    assert y.test == "Fisher exact"
    assert y.p_value == pytest.approx(34 / 70, rel=1e-12)  # (16 + 1) / 70, both tails
    assert y.p_value == pytest.approx(0.4857, abs=5e-5)


def test_fisher_exact_by_hand_hypergeometric() -> None:
    # 9 of 10 against 3 of 10: 12 passes among 20 units; P(X = k) = C(10,k) C(10,12-k) / C(20,12)
    y = compare_yields(9, 10, 3, 10)
    assert y.test == "Fisher exact"  # expected failures 10 * 8/20 = 4 < 5
    prob = {k: math.comb(10, k) * math.comb(10, 12 - k) / math.comb(20, 12) for k in range(2, 11)}
    observed = prob[9]
    p = sum(v for v in prob.values() if v <= observed * (1 + 1e-7))
    assert y.p_value == pytest.approx(p, rel=1e-9)
    # counts x C(20,12) = 125970: 45, 1200, 9450, 30240, 44100, 30240, 9450, 1200, 45
    assert y.p_value == pytest.approx(2 * (1200 + 45) / 125970, rel=1e-12)  # = 83/4199


def test_bad_counts_are_refused() -> None:
    for counts in [(5, 0, 1, 2), (3, 2, 1, 2), (-1, 2, 1, 2)]:
        with pytest.raises(ValueError):
            compare_yields(*counts)


def _lines() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(20260106)
    return rng.normal(10.0, 0.2, 120), rng.normal(10.1, 0.4, 120)


def test_capability_difference_by_hand() -> None:
    a, b = _lines()
    c = compare_capability(a, b, lsl=9.0, usl=11.0)
    na = nb = 120
    se = math.sqrt(
        1 / (9 * na) + c.a.cpk.value**2 / (2 * (na - 1))
        + 1 / (9 * nb) + c.b.cpk.value**2 / (2 * (nb - 1))
    )  # fmt: skip
    assert c.cpk_z == pytest.approx((c.a.cpk.value - c.b.cpk.value) / se, rel=1e-12)
    assert c.cpk_p_value == pytest.approx(_two_sided_normal(c.cpk_z), rel=1e-9)
    mr_a = np.mean(np.abs(np.diff(a))) / (2 / math.sqrt(math.pi))  # MR-bar / d2(2)
    assert c.a.sigma_within == pytest.approx(mr_a, rel=1e-9)
    assert c.a.cpk.value == pytest.approx(min(11 - a.mean(), a.mean() - 9) / (3 * mr_a), rel=1e-9)
    va, vb = np.var(a, ddof=1), np.var(b, ddof=1)
    assert c.f_statistic == pytest.approx(va / vb, rel=1e-12)
    assert c.welch_t == pytest.approx((a.mean() - b.mean()) / math.sqrt(va / na + vb / nb))
    df = (va / na + vb / nb) ** 2 / ((va / na) ** 2 / (na - 1) + (vb / nb) ** 2 / (nb - 1))
    assert c.welch_df == pytest.approx(df, rel=1e-12)
    assert c.f_p_value < 1e-6  # sd 0.2 against 0.4 on 120 units each
    assert c.cpk_z > 0
    assert c.cpk_p_value < 1e-6


def test_verdict_names_the_better_line_and_the_cause() -> None:
    a, b = _lines()
    result = compare_lines(a, b, lsl=9.5, usl=10.5, names=("Lyon", "Brno"))
    assert result.yields is not None
    assert result.capability is not None
    assert result.yields.tried_a == 120
    assert result.yields.passed_a == int(np.sum((a >= 9.5) & (a <= 10.5)))
    assert result.verdict[0] == "Line Lyon does better than line Brno."
    assert result.verdict[1].startswith("Yield: line Lyon does better;")
    assert result.verdict[2].startswith("Capability: line Lyon is more capable; Cpk ")
    assert "line Brno spreads more" in result.verdict[3]


def test_the_same_process_at_both_lines_shows_no_clear_difference() -> None:
    rng = np.random.default_rng(7)
    a, b = rng.normal(10, 0.2, 60), rng.normal(10, 0.2, 60)
    result = compare_lines(a, b, lsl=9.0, usl=11.0)
    assert result.verdict[0] == "No clear difference between line A and line B."
    assert result.verdict[1].startswith("Yield: no clear difference;")
    assert "Fisher exact" in result.verdict[1]  # all 120 within spec: no failures expected


def test_yields_alone_and_nothing_to_compare() -> None:
    result = compare_lines(yields=(480, 500, 455, 500))
    assert result.capability is None
    assert result.yields is not None
    assert result.yields.test == "two-proportion z"
    assert result.verdict[0] == "Line A does better than line B."
    with pytest.raises(ValueError, match="nothing to compare"):
        compare_lines([1.0, 2.0, 3.0], [1.0, 2.0, 3.0])

"""d2, d3, c4 against the printed tables and closed forms."""

from __future__ import annotations

import math

import pytest

from rampline.spc import c4, d2, d3

# Montgomery, Introduction to Statistical Quality Control (6th ed.), Appendix
# Table VI "Factors for constructing variables control charts" (3 or 4 decimals).
TABLE = {
    2: (1.128, 0.853, 0.7979),
    3: (1.693, 0.888, 0.8862),
    4: (2.059, 0.880, 0.9213),
    5: (2.326, 0.864, 0.9400),
    10: (3.078, 0.797, 0.9727),
    25: (3.931, 0.708, 0.9896),
}


@pytest.mark.parametrize(("n", "expected"), TABLE.items())
def test_constants_match_the_printed_table(n: int, expected: tuple[float, float, float]) -> None:
    assert d2(n) == pytest.approx(expected[0], abs=5e-4)
    assert d3(n) == pytest.approx(expected[1], abs=5e-4)
    assert c4(n) == pytest.approx(expected[2], abs=5e-5)


def test_n2_closed_forms() -> None:
    # For n = 2, R = |X1 - X2| = sqrt(2)|Z|: E R = 2/sqrt(pi), E R^2 = 2,
    # so d3 = sqrt(2 - 4/pi); S = R / sqrt(2) so c4 = d2 / sqrt(2) = sqrt(2/pi).
    assert d2(2) == pytest.approx(2 / math.sqrt(math.pi), rel=1e-9)
    assert d3(2) == pytest.approx(math.sqrt(2 - 4 / math.pi), rel=1e-9)
    assert c4(2) == pytest.approx(math.sqrt(2 / math.pi), rel=1e-12)


def test_d2_more_digits() -> None:
    # Harter (1960) tables of the range, as reprinted in ASTM STP 15D: d2(5) = 2.325929.
    assert d2(5) == pytest.approx(2.325929, abs=1e-6)


def test_subgroup_of_one_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 2"):
        d2(1)

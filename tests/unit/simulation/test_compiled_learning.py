"""The count from which a learning curve is flat, which lets the engine skip the
power (``compiled.learned_after``), against hand-worked values."""

from __future__ import annotations

import math

from rampline.simulation.compiled import NEVER, learned_after


def test_curve_reaches_the_standard_time_at_the_ninth_operation() -> None:
    # first 20 min, rate 0.8, standard 10 min: 20 * k ** log2(0.8) <= 10 needs
    # k >= 0.5 ** (1 / log2(0.8)) = 2 ** 3.106 = 8.6; k = 8 gives 10.24, k = 9 gives 9.86.
    exponent = math.log2(0.8)
    assert 20 * 8**exponent > 10 >= 20 * 9**exponent
    assert learned_after(20.0, exponent, 10.0) == 9


def test_rate_0_9_from_twice_the_standard() -> None:
    # 2 ** (1 / 0.152) = 95.4: k = 95 is still above the standard, k = 96 reaches it.
    exponent = math.log2(0.9)
    assert learned_after(2.0, exponent, 1.0) == 96


def test_no_learning_and_first_at_or_below_standard() -> None:
    assert learned_after(0.0, 0.0, 10.0) == 0  # no curve
    assert learned_after(8.0, math.log2(0.9), 10.0) == 1  # flat from the first operation
    assert learned_after(12.0, 0.0, 10.0) == NEVER  # rate 1: never reaches the standard

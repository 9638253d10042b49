"""Western Electric and Nelson rules: hand-made patterns, qcc's tests, and a plain loop."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from loop_rules import loop_rules

from rampline.spc import check_rules


def fired(points: list[float], rule_set: str) -> dict[str, list[int]]:
    """Rules on points with centre 0 and sigma 1, as {rule: 1-based points}."""
    return {v.rule: [i + 1 for i in v.indices] for v in check_rules(points, 0.0, 1.0, rule_set)}


def test_qcc_western_electric_rule_4() -> None:
    # qcc tests/testthat/test-qcc.R: rep(0.5, 8), -0.5 -> rule 4 at point 8 only.
    assert fired([0.5] * 8 + [-0.5], "western-electric") == {"western-electric-4": [8]}


def test_qcc_nelson_rule_7() -> None:
    # qcc test-qcc.R: rep(0.3, 16), 1.2 with Nelson rule 7 -> points 15 and 16.
    assert fired([0.3] * 16 + [1.2], "nelson")["nelson-7"] == [15, 16]


@pytest.mark.parametrize(
    ("points", "rule", "expected"),
    [
        ([0.0, 3.5, 0.0, -3.2], "nelson-1", [2, 4]),
        ([0.1] * 9, "nelson-2", [9]),
        ([0.0, 0.1, 0.2, 0.3, 0.4, 0.5], "nelson-3", [6]),
        ([(-1) ** i * 0.2 for i in range(14)], "nelson-4", [14]),
        ([2.5, 0.0, 2.1], "nelson-5", [3]),
        ([1.5, 1.5, 0.0, 1.5, 1.5], "nelson-6", [5]),
        ([1.5, -1.5] * 4, "nelson-8", [8]),
    ],
)
def test_each_nelson_rule_on_its_pattern(
    points: list[float], rule: str, expected: list[int]
) -> None:
    assert fired(points, "nelson")[rule] == expected


def test_near_misses_do_not_fire() -> None:
    assert "nelson-2" not in fired([0.1] * 8 + [0.0] + [0.1] * 8, "nelson")  # tie breaks the run
    assert "nelson-3" not in fired([0.0, 0.1, 0.2, 0.2, 0.3, 0.4], "nelson")  # flat step
    assert "nelson-5" not in fired([2.5, 2.1, 0.0], "nelson")  # last point not in the zone
    assert "nelson-5" not in fired([2.5, -2.1, 0.0], "nelson")  # opposite sides
    assert "nelson-8" not in fired([1.5] * 8, "nelson")  # one side only
    assert fired([2.9, -2.9, 3.0, -3.0], "western-electric").get("western-electric-1") is None


def test_unknown_rule_set_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown rule set"):
        check_rules([1.0], 0.0, 1.0, "shewhart")


values = st.lists(
    st.one_of(
        st.sampled_from([-3.5, -2.5, -1.5, -0.5, 0.0, 0.5, 1.0, 1.5, 2.5, 3.5]),
        st.floats(-4, 4, allow_nan=False),
        st.just(float("nan")),
    ),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(values, st.sampled_from(["western-electric", "nelson"]))
def test_vectorised_rules_equal_the_plain_loop(points: list[float], rule_set: str) -> None:
    expected = loop_rules(points, points, rule_set)
    got = {v.rule: list(v.indices) for v in check_rules(np.array(points), 0.0, 1.0, rule_set)}
    assert got == expected

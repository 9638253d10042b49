"""First-pass yield, rolled throughput yield and Pareto, by hand."""

from __future__ import annotations

import pytest

from rampline.spc import first_pass_yields, line_yield, pareto


def test_rty_is_the_product_of_first_pass_yields() -> None:
    # Hand: 95/100, 90/95, 99/100 -> RTY = 0.95 x 0.947368 x 0.99 = 0.891
    line = line_yield([("mill", 100, 95), ("drill", 95, 90), ("test", 100, 99)])
    assert [op.fpy for op in line.operations] == pytest.approx([0.95, 90 / 95, 0.99])
    assert line.rty == pytest.approx(0.95 * 90 / 95 * 0.99)
    assert line.rty == pytest.approx(0.891)


def test_first_pass_yield_counts_only_the_first_try() -> None:
    # Unit A fails test then passes on retest: counts as a failure for test.
    records = [
        ("A", "assy", True), ("B", "assy", True), ("C", "assy", False),
        ("A", "test", False), ("B", "test", True), ("A", "test", True),
        ("C", "assy", True), ("C", "test", True),
    ]  # fmt: skip
    line = first_pass_yields(records)
    assert [(op.operation, op.tried, op.passed_first_time) for op in line.operations] == [
        ("assy", 3, 2),
        ("test", 3, 2),
    ]
    assert line.rty == pytest.approx(4 / 9)


def test_pareto_orders_by_count_then_code() -> None:
    bars = pareto(["scratch", "dent", "scratch", "burr", "dent", "scratch", "crack"])
    assert [(b.code, b.count) for b in bars] == [
        ("scratch", 3), ("dent", 2), ("burr", 1), ("crack", 1)
    ]  # fmt: skip
    assert [b.cumulative for b in bars] == pytest.approx([3 / 7, 5 / 7, 6 / 7, 1.0])
    assert pareto({"a": 0}) == ()


def test_impossible_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="passed"):
        line_yield([("mill", 10, 11)])

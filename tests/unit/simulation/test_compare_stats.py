"""Paired differences between plans: hand-computed intervals and common random numbers."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from rampline.factoryfile import load_factory_file
from rampline.simulation import simulate
from rampline.simulation.compare import (
    compare,
    on_time_runs,
    paired_mean_difference,
    paired_proportion_difference,
)

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "quadcopter-line.yaml"


def test_paired_t_interval_by_hand() -> None:
    # d = [1, 2, 0, 3]: mean 1.5, sd sqrt(5/3), t(0.975, 3) = 3.182446305
    # half-width 3.182446305 * sqrt(5/3) / 2 = 2.054260257
    m = paired_mean_difference(np.array([1.0, 2, 3, 4]), np.array([2.0, 4, 3, 7]))
    assert m.mean == 1.5
    assert m.low == pytest.approx(-0.554260257, abs=1e-9)
    assert m.high == pytest.approx(3.554260257, abs=1e-9)
    assert m.runs == 4


def test_paired_t_with_one_run_has_no_interval() -> None:
    m = paired_mean_difference(np.array([1.0]), np.array([3.0]))
    assert m.mean == 2.0
    assert math.isnan(m.low)
    assert math.isnan(m.high)
    assert m.to_json()["low"] is None


def test_paired_proportions_by_hand() -> None:
    base = np.array([1, 1, 0, 0, 0, 1, 0, 0, 0, 0], bool)
    other = np.array([1, 0, 1, 1, 1, 1, 0, 1, 0, 0], bool)
    # b = 1 (base only), c = 4 (scenario only), n = 10: difference 0.3;
    # variance term b + c - (c - b)^2 / n = 4.1; half-width 1.959964 * sqrt(4.1) / 10
    p = paired_proportion_difference(base, other)
    assert (p.only_base, p.only_other, p.runs) == (1, 4, 10)
    assert p.difference == pytest.approx(0.3)
    assert p.low == pytest.approx(0.3 - 0.3968622, abs=1e-6)
    assert p.high == pytest.approx(0.3 + 0.3968622, abs=1e-6)
    # exact McNemar: 2 * P(X <= 1), X ~ Binomial(5, 1/2) = 2 * 6 / 32
    assert p.p_value == pytest.approx(0.375)


def test_paired_proportions_are_clipped_and_degenerate_cases() -> None:
    same = paired_proportion_difference(np.array([1, 0, 1], bool), np.array([1, 0, 1], bool))
    assert (same.difference, same.low, same.high, same.p_value) == (0.0, 0.0, 0.0, 1.0)
    all_flip = paired_proportion_difference(np.zeros(20, bool), np.ones(20, bool))
    assert (all_flip.difference, all_flip.low, all_flip.high) == (1.0, 1.0, 1.0)
    assert all_flip.p_value == pytest.approx(2 * 0.5**20)
    mostly = paired_proportion_difference(np.zeros(100, bool), np.arange(100) > 0)
    assert mostly.high == 1.0  # 0.99 + 0.0195 clipped
    assert mostly.half_width > 0.01


@pytest.fixture(scope="module")
def base_runs():  # type: ignore[no-untyped-def]
    loaded = load_factory_file(EXAMPLE)
    return loaded, simulate(loaded.base, runs=20, seed=7)


def test_base_against_itself_is_zero_with_zero_width(base_runs) -> None:  # type: ignore[no-untyped-def]
    loaded, base = base_runs
    again = simulate(loaded.base, runs=20, seed=7)  # same seed: the same random streams
    d = compare(base, again)
    assert d.on_time.difference == 0.0
    assert (d.on_time.low, d.on_time.high) == (0.0, 0.0)
    for m in (d.completion_days, d.units_by_due, *(x.units_by_due for x in d.lines)):
        assert (m.mean, m.low, m.high) == (0.0, 0.0, 0.0)


def test_unused_change_gives_identical_runs(base_runs) -> None:  # type: ignore[no-untyped-def]
    loaded, base = base_runs
    # the base plan never uses the seven-day calendar (only a scenario does)
    unused = "seven-day-two-shift"
    assert all(s.calendar != unused for s in loaded.base.stations)
    calendars = dict(loaded.base.calendars)
    calendars[unused] = replace(calendars[unused], rota=9)
    twin = replace(loaded.base, calendars=calendars, scenario="twin", description="unused change")
    other = simulate(twin, runs=20, seed=7)
    for name in ("end", "line_done", "by_due", "started", "scrapped", "shares_sum"):
        assert np.array_equal(getattr(base.records, name), getattr(other.records, name)), name
    d = compare(base, other)
    assert d.scenario == "twin"
    assert (d.completion_days.low, d.completion_days.high) == (0.0, 0.0)


def test_a_real_scenario_differs_run_by_run(base_runs) -> None:  # type: ignore[no-untyped-def]
    loaded, base = base_runs
    other = simulate(loaded.plan("weekend-shifts"), runs=20, seed=7)
    d = compare(base, other)
    assert d.completion_days.mean < 0  # finishes earlier
    assert d.completion_days.low < d.completion_days.mean < d.completion_days.high
    on_time = on_time_runs(other)
    assert d.on_time.difference == pytest.approx(on_time.mean() - on_time_runs(base).mean())
    assert other.on_time_probability == pytest.approx(on_time.mean())


def test_runs_and_seed_must_match(base_runs) -> None:  # type: ignore[no-untyped-def]
    loaded, base = base_runs
    with pytest.raises(ValueError, match="same runs and seed"):
        compare(base, simulate(loaded.base, runs=20, seed=8))

"""What a simulation keeps: the station time shares summed as the runs come in,
batch by batch, giving what each run's own shares give (the mean and the bottleneck
share of results.md); a few numbers per run; daily series for the first runs only."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from rampline.factoryfile import load_factory, parse_factory
from rampline.simulation import montecarlo, simulate
from rampline.simulation.results import SHARES
from rampline.simulation.state import BUSY, DOWN

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "quadcopter-line.yaml"

# Two stations of the same mean time in a row: either can be the more loaded one.
TWINS = """
factory: twins
start: 2026-01-05T00:00
calendars:
  rtc:
    shifts: [{start: "00:00", hours: 24}]
stations:
  a: {calendar: rtc, buffer: 2}
  b: {calendar: rtc, failures: {mtbf: 20h, mttr: 1h}}
products:
  p:
    routing:
      - {station: a, time: {mean: 60min, cv: 0.5}, rework: {rate: 10%, time: 30min},
         uses: {m: 1}}
      - {station: b, time: {mean: 55min, cv: 0.5}}
materials:
  m: {on_hand: 30, deliveries: [{first: 2026-01-06, every: 1d, quantity: 5}]}
demand:
  - {product: p, quantity: 40, due: 2026-02-01}
"""


def test_streamed_shares_equal_those_of_the_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    plan = parse_factory(TWINS).base
    monkeypatch.setattr(montecarlo, "BATCH", 8)  # three batches, the last one short
    kept = simulate(plan, 21, seed=3, keep_shares=True)
    streamed = simulate(plan, 21, seed=3)
    assert streamed.records.shares is None
    assert streamed.to_json() == kept.to_json()
    per_run = kept.records.shares
    assert per_run is not None
    assert per_run.shape == (21, len(plan.stations), 5)
    top = np.argmax(per_run[:, :, BUSY] + per_run[:, :, DOWN], axis=1)
    mean = per_run.mean(axis=0)
    for i, station in enumerate(plan.stations):
        got = streamed.stations[station.id]
        assert got.bottleneck == np.mean(top == i)
        for k, name in enumerate(SHARES):
            assert getattr(got, name) == pytest.approx(mean[i, k], rel=1e-12, abs=1e-15)
    assert len(set(top)) > 1  # an odd number of runs: no even split to hide a swap


def test_records_grow_by_a_few_numbers_per_run() -> None:
    plan = load_factory(EXAMPLE)

    def size(runs: int) -> int:
        return simulate(plan, runs, seed=1).records.nbytes

    per_run = (size(30) - size(10)) / 20
    lines = len(plan.demand)
    # end, units started and scrapped; completion and units by the due date per
    # line; a flag: no station's shares, no trace
    assert per_run == 8 * (3 + 2 * lines) + 1


def test_daily_series_kept_for_the_first_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    plan = parse_factory(TWINS).base
    days = 5
    whole = montecarlo.run_records(plan, 8, 4, grid_days=days)
    assert whole.grid_finished is not None
    assert whole.grid_stock is not None
    assert whole.grid_finished.shape == (8, days)
    assert np.all(np.diff(whole.grid_finished, axis=1) >= 0)  # cumulative
    assert whole.grid_finished[:, -1].min() > 0  # the runs got somewhere by day five
    assert len(np.unique(whole.grid_stock[:, 0, 0])) > 1  # and their stocks differ
    monkeypatch.setattr(montecarlo, "BATCH", 3)  # batches 0-2, 3-5, 6-7
    monkeypatch.setattr(montecarlo, "SERIES_RUNS", 5)  # ends inside the second batch
    first = montecarlo.run_records(plan, 8, 4, grid_days=days)
    assert first.grid_finished is not None
    assert first.grid_stock is not None
    assert first.grid_finished.shape == (5, days)
    assert np.array_equal(first.grid_finished, whole.grid_finished[:5])
    assert np.array_equal(first.grid_stock, whole.grid_stock[:5])
    assert np.array_equal(first.end, whole.end)  # every run still counts

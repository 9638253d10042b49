"""Same file, scenario, runs and seed give the same JSON, whatever the batching of
the replications or the number of Numba threads (results.md; replication ``r``
draws from child ``r`` of the seed)."""

from __future__ import annotations

import json
from pathlib import Path

import numba
import pytest

from rampline.factoryfile import load_factory
from rampline.simulation import montecarlo, simulate

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "quadcopter-line.yaml"


def test_json_does_not_depend_on_batching_or_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    plan = load_factory(EXAMPLE, "weekend-shifts")
    reference = json.dumps(simulate(plan, 12, seed=5).to_json(), sort_keys=True)
    threads = numba.get_num_threads()
    try:
        for batch, n_threads in ((5, 1), (1, numba.config.NUMBA_NUM_THREADS), (250, 1)):
            monkeypatch.setattr(montecarlo, "BATCH", batch)
            numba.set_num_threads(n_threads)
            again = json.dumps(simulate(plan, 12, seed=5).to_json(), sort_keys=True)
            assert again == reference, (batch, n_threads)
    finally:
        numba.set_num_threads(threads)
    other_seed = json.dumps(simulate(plan, 12, seed=6).to_json(), sort_keys=True)
    assert other_seed != reference

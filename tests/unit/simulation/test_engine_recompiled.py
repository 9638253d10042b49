"""The engine compiled another way, in a fresh process and cache: every index
checked (``NUMBA_BOUNDSCHECK=1``) and code for a generic x86-64 processor
(``NUMBA_CPU_NAME=generic``: no AVX, no FMA) instead of this machine's.

- The engine's tests pass there: the hand-computed cases, the scrap-order
  cases, the traces and the generated lines compared with the SimPy
  reference. An index that is negative or past the end anywhere in those
  replications fails them with ``IndexError`` (the engine's views skip
  Python's wraparound, ``structs.BorrowedArray``).
- The same file, scenario, runs and seed give the same numbers on any
  machine (results.md): the JSON of three plans there is this process's,
  byte for byte.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rampline.factoryfile import load_factory
from rampline.simulation import simulate

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "quadcopter-line.yaml"
PLANS = (None, "weekend-shifts", "fire")

ENGINE_TESTS = [
    "tests/unit/simulation/test_engine_cases.py",
    "tests/unit/simulation/test_scrap_replacement_order.py",
    "tests/unit/simulation/test_trace.py",
    "tests/validation/test_engine_vs_reference.py::test_deterministic_lines_agree_exactly",
]

_RUN = """
import json, sys
import numba
import pytest
assert numba.config.BOUNDSCHECK, "bounds checking is not on"
assert numba.config.CPU_NAME == "generic", numba.config.CPU_NAME
from rampline.factoryfile import load_factory
from rampline.simulation import simulate
out, example, plans, tests = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4:]
results = {str(p): simulate(load_factory(example, p), 40, seed=5).to_json() for p in plans}
with open(out, "w", encoding="utf-8") as f:
    json.dump(results, f)
sys.exit(pytest.main(["-q", "-p", "no:cacheprovider", "-p", "no:xdist", *tests]))
"""


@pytest.mark.slow
def test_engine_recompiled(tmp_path: Path) -> None:
    """One test, so that the engine compiles once more, not once per test worker."""
    env = dict(
        os.environ,
        NUMBA_BOUNDSCHECK="1",
        NUMBA_CPU_NAME="generic",
        NUMBA_CACHE_DIR=str(tmp_path / "numba"),  # nothing compiled otherwise is reused
    )
    out = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, "-c", _RUN, str(out), str(EXAMPLE), json.dumps(PLANS), *ENGINE_TESTS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    # the engine's tests, every index checked
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "passed" in done.stdout
    # the same numbers as the code compiled for this machine, byte for byte
    there = json.loads(out.read_text(encoding="utf-8"))
    here = {str(p): simulate(load_factory(EXAMPLE, p), 40, seed=5).to_json() for p in PLANS}
    assert json.dumps(there, sort_keys=True) == json.dumps(here, sort_keys=True)

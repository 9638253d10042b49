"""Run the SimPy reference model on the example and store its per-run outcomes.

The reference takes one to two seconds per run of the example, too slow to run
hundreds of times in every test session, so ``test_engine_vs_reference.py``
compares the engine with the outcomes stored here, and re-runs a few of the
same seeds live to make sure they still are what the reference code gives.

Re-run after any change of ``simpy_reference.py`` (or of the example)::

    .venv/bin/python tests/validation/make_reference_data.py [--runs 200] [--jobs 2]

Run ``r`` uses ``run_reference(plan, seed=r)``; the file records the runs,
the seeds, the versions used and a SHA-256 of the reference module and of the
example, so a stale file can be told apart from a changed reference.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
EXAMPLE = ROOT / "examples" / "quadcopter-line.yaml"
SCENARIOS = (None, "weekend-shifts")
SHARE_STATES = ("unstaffed", "starved", "busy", "down", "blocked")  # the engine's column order


def data_path(scenario: str | None) -> Path:
    return HERE / "data" / f"reference_example_{scenario or 'base'}.json"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def outcome(scenario: str | None, seed: int) -> dict[str, Any]:
    """One reference run of the example, reduced to the numbers the tests compare."""
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    from simpy_reference import run_reference

    from rampline.factoryfile import load_factory_file

    plan = load_factory_file(EXAMPLE).plan(scenario)
    run = run_reference(plan, seed)
    return {
        "seed": seed,
        "completion": run.completion,
        "incomplete": run.incomplete,
        "line_completion": run.line_completion,
        "units_by_due": run.units_by_due,
        "units_started": run.units_started,
        "units_scrapped": run.units_scrapped,
        "shares": {sid: [t.share(k) for k in SHARE_STATES] for sid, t in run.stations.items()},
    }


def _outcome(args: tuple[str | None, int]) -> dict[str, Any]:
    return outcome(*args)


def main(argv: list[str] | None = None) -> None:
    import numpy
    import simpy

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--scenario", action="append", help="default: base and weekend-shifts")
    args = parser.parse_args(argv)
    scenarios = [None if s == "base" else s for s in args.scenario] if args.scenario else SCENARIOS
    for scenario in scenarios:
        began = time.time()
        with ProcessPoolExecutor(args.jobs) as pool:
            runs = list(pool.map(_outcome, [(scenario, r) for r in range(args.runs)]))
        out = {
            "produced_by": "tests/validation/make_reference_data.py",
            "example": "examples/quadcopter-line.yaml",
            "scenario": scenario,
            "runs": args.runs,
            "seeds": f"run_reference(plan, seed=r) for r in range({args.runs})",
            "share_states": list(SHARE_STATES),
            "reference_sha256": sha256(HERE / "simpy_reference.py"),
            "example_sha256": sha256(EXAMPLE),
            "numpy": numpy.__version__,
            "simpy": simpy.__version__,
            "seconds": round(time.time() - began, 1),
            "outcomes": runs,
        }
        path = data_path(scenario)
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {args.runs} runs in {out['seconds']} s")


if __name__ == "__main__":
    main()

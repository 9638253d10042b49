"""`rampline compare FILE [--runs N] [--seed S] [--json]`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import rampline.cli.compare
import rampline.cli.simulate  # noqa: F401
from rampline.cli.app import app

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "quadcopter-line.yaml"
SCENARIOS = [
    "flight-test-round-the-clock",
    "weekend-shifts",
    "second-flight-cage",
    "late-hall",
    "fire",
]
runner = CliRunner()


@pytest.fixture(scope="module")
def compared() -> dict[str, Any]:
    result = runner.invoke(app, ["compare", str(EXAMPLE), "--runs", "20", "--seed", "3", "--json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)  # nothing but JSON on stdout
    return data


def test_json_structure(compared: dict[str, Any]) -> None:
    data = compared
    assert {"factory", "runs", "seed", "confidence", "base", "scenarios", "differences"} <= set(
        data
    )
    assert (data["factory"], data["runs"], data["seed"], data["confidence"]) == (
        "Quadcopter line 1",
        20,
        3,
        0.95,
    )
    assert data["base"]["scenario"] is None
    assert [s["scenario"] for s in data["scenarios"]] == SCENARIOS
    assert [d["scenario"] for d in data["differences"]] == SCENARIOS
    for plan in (data["base"], *data["scenarios"]):  # each is the results.md object
        assert {"on_time_probability", "completion", "demand", "stations", "bottleneck"} <= set(
            plan
        )
    for d, s in zip(data["differences"], data["scenarios"], strict=True):
        o = d["on_time_probability"]
        assert o["difference"] == pytest.approx(
            s["on_time_probability"] - data["base"]["on_time_probability"]
        )
        assert o["low"] <= o["difference"] <= o["high"]
        assert 0.0 <= o["mcnemar_p_value"] <= 1.0
        c = d["completion_days"]
        assert c["low"] <= c["mean_difference"] <= c["high"]
        assert c["method"] == "paired t, 95%"
        assert [x["product"] for x in d["demand"]] == ["x4-inspect", "x4-survey"]
        assert d["units_by_due"]["low"] <= d["units_by_due"]["mean_difference"]
    assert data["best_scenario"] in SCENARIOS


def test_each_plan_is_what_simulate_gives(compared: dict[str, Any]) -> None:
    """Same runs and seed: compare's plans are simulate's, run for run (common random numbers)."""
    for name, expected in ((None, compared["base"]), ("weekend-shifts", compared["scenarios"][1])):
        args = ["simulate", str(EXAMPLE), "--runs", "20", "--seed", "3", "--json"]
        result = runner.invoke(app, args + (["--scenario", name] if name else []))
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout) == expected


def test_table() -> None:
    result = runner.invoke(app, ["compare", str(EXAMPLE), "--runs", "2"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    for word in (
        "base plan",
        *SCENARIOS,
        "McNemar p",
        "P50 completion",
        "Best scenario",
        "paired-t",
    ):
        assert word in out
    assert "Base plan: 0% on time" in out


def test_narrow_terminal_keeps_every_value_whole(compared: dict[str, Any]) -> None:
    """A pipe gets 80 columns, too narrow for the table: one block per plan instead,
    with each plan's P50 completion and on-time share as the JSON has them, and
    nothing cut short with an ellipsis."""
    args = ["compare", str(EXAMPLE), "--runs", "20", "--seed", "3"]
    result = runner.invoke(app, args, env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "…" not in out
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    for plan in (compared["base"], *compared["scenarios"]):
        name = plan["scenario"] or "base plan"
        assert name in lines  # the block's heading, whole
        block = "\n".join(lines[lines.index(name) : lines.index(name) + 4])
        assert f"P50 completion {plan['completion']['p50'][:10]}" in block
        assert f"on time {plan['on_time_probability']:.0%}" in block


def test_bad_runs() -> None:
    result = runner.invoke(app, ["compare", str(EXAMPLE), "--runs", "0"])
    assert result.exit_code == 2

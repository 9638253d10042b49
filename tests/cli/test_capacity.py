"""`rampline capacity FILE [--scenario NAME] [--json]`."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

import rampline.cli.capacity  # noqa: F401  (registers the command)
from rampline.cli.app import app

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "quadcopter-line.yaml"
runner = CliRunner()


def test_json_is_the_results_md_object() -> None:
    result = runner.invoke(app, ["capacity", str(EXAMPLE), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)  # nothing but JSON on stdout
    ft = data["stations"]["flight-test"]
    assert set(ft) == {"hours_per_week", "units_per_week", "required_per_week", "load"}
    # results.md prints the example's numbers rounded: 77.06, 96.59, 131.91, 1.366.
    assert round(ft["hours_per_week"], 2) == 77.06
    assert round(ft["units_per_week"], 2) == 96.59
    assert round(ft["required_per_week"], 2) == 131.91
    assert round(ft["load"], 3) == 1.366
    assert list(data["stations"]) == [
        "kitting",
        "frame",
        "motors",
        "avionics",
        "calibration",
        "flight-test",
        "packing",
    ]
    assert data["bottleneck"] == "flight-test"
    assert data["feasible"] is False
    assert data["scenario"] is None
    assert (
        data["verdict"]
        == "infeasible: flight-test needs 37% more capacity; e.g. a third shift or a second cell"
    )


def test_scenario_json() -> None:
    result = runner.invoke(
        app, ["capacity", str(EXAMPLE), "--scenario", "second-flight-cage", "--json"]
    )
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["scenario"] == "second-flight-cage"
    assert data["feasible"] is True
    assert round(data["stations"]["flight-test"]["hours_per_week"], 2) == 154.12  # 2 × 77.058


def test_table_marks_the_bottleneck_and_gives_the_verdict() -> None:
    result = runner.invoke(app, ["capacity", str(EXAMPLE)], terminal_width=140)
    assert result.exit_code == 0
    out = result.stdout
    line = next(x for x in out.splitlines() if "flight-test" in x)
    assert "77.06" in line
    assert "96.59" in line
    assert "131.91" in line
    assert "1.366" in line
    assert "bottleneck" in line
    assert (
        "infeasible: flight-test needs 37% more capacity; e.g. a third shift or a second cell"
        in " ".join(out.split())
    )


def test_unknown_scenario_exits_2() -> None:
    result = runner.invoke(app, ["capacity", str(EXAMPLE), "--scenario", "fir", "--json"])
    assert result.exit_code == 2
    assert "unknown scenario 'fir'; did you mean 'fire'?" in result.stderr
    assert result.stdout == ""


def test_bad_file_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("start: 2026-01-05\n", encoding="utf-8")
    result = runner.invoke(app, ["capacity", str(bad), "--json"])
    assert result.exit_code == 2
    assert "missing required key 'calendars'" in result.stderr
    assert result.stdout == ""

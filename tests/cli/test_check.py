"""`rampline check FILE`: a summary on success, every problem and exit 2 on failure."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

import rampline.cli.check  # noqa: F401  (registers the command)
from rampline.cli.app import app

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "quadcopter-line.yaml"
runner = CliRunner()


def test_example_checks_clean() -> None:
    result = runner.invoke(app, ["check", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Quadcopter line 1: OK" in out
    for word in (
        "kitting",
        "flight-te",
        "two-shift",
        "soldering",
        "x4-survey",
        "4200",
        "5 scenarios checked",
    ):
        assert word in out
    assert result.stderr == ""


def test_bad_file_exits_2_with_every_problem(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    text = (
        text.replace("    cells: 3\n", "    cells: three\n")
        .replace(
            "      - station: avionics\n        time: {mean: 110min",
            "      - station: avionic\n        time: {mean: 110min",
        )
        .replace("stations.flight-test.cells: 2", "stations.flight-tst.cells: 2")
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["check", str(bad)])
    assert result.exit_code == 2
    err = result.stderr
    assert (
        f"{bad}:52: stations.avionics.cells: error: cells must be a whole number, got 'three'"
        in err
    )
    assert (
        "products.x4-inspect.routing.3.station: error: unknown station 'avionic'; did you mean 'avionics'?"
        in err
    )
    assert "scenario 'second-flight-cage'" in err
    assert "did you mean 'flight-test'?" in err
    assert "3 errors; nothing was run" in err
    assert result.stdout == ""


def test_warnings_go_to_stderr_and_do_not_fail(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "  packing:\n", "  spare:\n    calendar: day\n  packing:\n"
    )
    f = tmp_path / "warn.yaml"
    f.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["check", str(f)])
    assert result.exit_code == 0
    assert "warning: station 'spare' is on no product's routing" in result.stderr
    assert "OK with 1 warning" in result.stdout


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert "cannot read the file" in result.stderr


def test_narrow_terminal_folds_instead_of_cutting() -> None:
    """At 80 columns (a pipe) long names fold onto a second line: nothing is cut
    short with an ellipsis, and every station id can still be read whole."""
    result = runner.invoke(app, ["check", str(EXAMPLE)], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "…" not in out
    assert max(len(line) for line in out.splitlines()) <= 80
    first_column = "".join(
        line.split("│")[1].strip() for line in out.splitlines() if line.startswith("│")
    )
    for station in ("kitting", "calibration", "flight-test", "packing"):
        assert station in first_column

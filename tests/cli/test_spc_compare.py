"""``rampline spc-compare``: two CSVs, a table or JSON with a verdict, bad input exits 2."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from typer.testing import CliRunner

import rampline.cli.commands  # noqa: F401  (registers the commands)
from rampline.cli.app import app

runner = CliRunner()


def _csv(path: Path, values: np.ndarray, outcomes: list[str] | None = None) -> Path:
    lines = ["unit,current" + (",result" if outcomes else "")]
    for i, v in enumerate(values):
        lines.append(f"S{i},{v:.6f}" + (f",{outcomes[i]}" if outcomes else ""))
    path.write_text("\n".join(lines) + "\n")
    return path


def test_json_with_spec_limits(tmp_path: Path) -> None:
    rng = np.random.default_rng(11)
    a = _csv(tmp_path / "lyon.csv", rng.normal(10.0, 0.2, 100))
    b = _csv(tmp_path / "brno.csv", rng.normal(10.1, 0.4, 100))
    args = ["spc-compare", str(a), str(b), "--column", "current", "--lsl", "9.5", "--usl", "10.5"]
    r = runner.invoke(app, [*args, "--names", "Lyon,Brno", "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["lines"] == ["Lyon", "Brno"]
    assert out["yield"]["tried"] == [100, 100]
    assert out["yield"]["test"] == "two-proportion z"
    assert set(out["capability"]) == {"lines", "cpk_difference", "means", "spreads"}
    assert out["verdict"][0] == "Line Lyon does better than line Brno."
    table = runner.invoke(app, args)
    assert table.exit_code == 0, table.output
    assert "Cpk" in table.output
    assert "Line A does better than line B." in table.output


def test_yield_from_an_outcome_column(tmp_path: Path) -> None:
    values = np.full(8, 10.0)
    a = _csv(tmp_path / "a.csv", values, ["pass"] * 7 + ["fail"])
    b = _csv(tmp_path / "b.csv", values, ["pass"] * 3 + ["fail"] * 5)
    r = runner.invoke(app, ["spc-compare", str(a), str(b), "--outcome-column", "result", "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["yield"]["passed"] == [7, 3]
    assert out["yield"]["test"] == "Fisher exact"
    assert out["capability"] is None


def test_bad_input_exits_2_naming_file_line_and_column(tmp_path: Path) -> None:
    a = tmp_path / "a.csv"
    a.write_text("current\n10.1\nten\n")
    b = _csv(tmp_path / "b.csv", np.linspace(9.8, 10.2, 10))
    r = runner.invoke(app, ["spc-compare", str(a), str(b), "--column", "current", "--usl", "11"])
    assert r.exit_code == 2
    assert f"{a}:3: column 'current': 'ten' is not a number" in r.output
    r = runner.invoke(app, ["spc-compare", str(b), str(b), "--column", "voltage", "--usl", "11"])
    assert r.exit_code == 2
    assert "no column 'voltage'" in r.output
    r = runner.invoke(app, ["spc-compare", str(b), str(b), "--column", "current"])
    assert r.exit_code == 2
    assert "--lsl and/or --usl" in r.output

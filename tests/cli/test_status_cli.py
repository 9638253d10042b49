"""``rampline status``: a small line with a posted history against its plan."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import rampline.cli.commands  # noqa: F401  (registers the commands)
from rampline.bootstrap import build
from rampline.cli.app import app
from rampline.config import Settings
from rampline.services.history import history_of, post_history
from rampline.services.registry import load_factory_model
from rampline.simulation.trace import FINISHED, OP_END, OP_START, RELEASE, Trace

runner = CliRunner()

LINE = """
factory: Two stations
start: 2026-01-05T08:00
calendars:
  day: {shifts: [{start: "08:00", hours: 8}]}
stations:
  a: {calendar: day, skill: s}
  b: {calendar: day, skill: s}
people:
  s:
    hires: [{on: 2026-01-05, count: 2, trained: true}]
products:
  p:
    routing:
      - {station: a, time: 30min}
      - {station: b, time: 20min}
demand:
  - {product: p, quantity: 40, due: 2026-01-09}
"""


def _rows() -> list[tuple[float, ...]]:
    """Four units through a and b on the first day; two more wait at b."""
    rows: list[tuple[float, ...]] = []
    for u in range(6):
        rows.append((0, RELEASE, -1, -1, u, 0, 0))
    for u in range(6):
        t = 30.0 * u
        rows += [(t, OP_START, 0, 0, u, 0, 0), (t + 30, OP_END, 0, 0, u, 0, 0)]
    for u in range(4):
        t = 30.0 * u + 30
        rows += [
            (t, OP_START, 1, 0, u, 1, 0),
            (t + 20, OP_END, 1, 0, u, 0, 0),
            (t + 20, FINISHED, -1, -1, u, 0, 0),
        ]
    return sorted(rows, key=lambda r: r[0])


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'line.sqlite'}"
    tracking = build(Settings(db_url=url))
    try:
        load_factory_model(tracking.uow, LINE, "test", tracking.clock)
        from rampline.services.status import model_in_force

        factory = model_in_force(tracking.uow)
        trace = Trace(np.array(_rows()), ("a", "b"), ("p",), (), np.zeros(6, dtype=np.int64))
        history = history_of(factory, trace, np.random.default_rng(1), measured=())
        post_history(tracking.uow, tracking.clock, history)
    finally:
        tracking.close()
    return url


def test_status_prints_the_line_against_the_plan(db: str) -> None:
    result = runner.invoke(app, ["status", "--db", db, "--runs", "20"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "status as of 2026-01-05 11:00" in out  # the latest event
    assert "4 units finished by 2026-01-05 11:00" in out
    assert "Finished units against the plan" in out
    assert "b: 2 units waiting, 0 h down this week" in out
    assert "Open SPC alerts: none" in out


def test_status_json_is_one_document(db: str) -> None:
    result = runner.invoke(
        app, ["status", "--db", db, "--runs", "20", "--at", "2026-01-06T08:00", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["finished"] == 4
    assert data["as_of"] == "2026-01-06T08:00:00"
    assert data["band"] == "below"
    assert data["days_ahead"] < 0
    assert data["constraint"] == "b"
    assert [s["station"] for s in data["stations"]] == ["a", "b"]
    assert data["stations"][1]["waiting"] == 2
    assert data["stations"][0]["first_pass_yield"] == 1.0
    assert [d["cumulative"] for d in data["days"]] == [4, 4]
    assert data["open_alerts"] == []


def test_status_at_a_later_moment_and_with_a_file(db: str, tmp_path: Path) -> None:
    file = tmp_path / "line.yaml"
    file.write_text(LINE.replace("Two stations", "Two stations, revised"), encoding="utf-8")
    result = runner.invoke(
        app, ["status", str(file), "--db", db, "--runs", "20", "--at", "2026-01-07", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["as_of"] == "2026-01-07T00:00:00"
    assert [d["day"] for d in data["days"]] == ["2026-01-05", "2026-01-06", "2026-01-07"]
    assert data["factory"] == "Two stations, revised"  # the file, not the model in force
    assert 15 <= data["plan"]["p50"] <= 31  # 15 on the first shift, 15 more on the second
    assert data["days_ahead"] < -1


def test_status_at_an_earlier_moment_counts_operations_ended_by_then(db: str) -> None:
    # At 08:45 only unit 0 has ended at a (08:30) and none has ended at b (first at 08:50).
    result = runner.invoke(
        app, ["status", "--db", db, "--runs", "20", "--at", "2026-01-05T08:45", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    a, b = data["stations"]
    assert (a["operations"], a["first_pass_yield"]) == (1, 1.0)
    assert (b["operations"], b["first_pass_yield"]) == (0, None)
    assert data["finished"] == 0
    # Unit 0 runs at b (08:30-08:50), unit 1 at a (08:30-09:00); units 2-5 wait for a.
    assert (a["waiting"], a["in_cells"], b["waiting"], b["in_cells"]) == (4, 1, 0, 1)
    assert data["constraint"] == "a"
    assert data["alerts_as_of"] == "2026-01-05T11:00:00"  # alerts: the store as it stands
    table = runner.invoke(
        app,
        ["status", "--db", db, "--runs", "20", "--at", "2026-01-05T08:45"],
        env={"COLUMNS": "200"},
    )
    assert "as the store stands now (latest event 2026-01-05 11:00)" in table.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--at", "soon"], "is not a date-time"),
        (["--at", "2025-12-01"], "before the plan starts"),
        (["--runs", "0"], "Invalid value for '--runs'"),
    ],
)
def test_bad_options_exit_2(db: str, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["status", "--db", db, *args])
    assert result.exit_code == 2
    assert message in result.output


def test_an_empty_database_exits_2(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    result = runner.invoke(app, ["status", "--db", url])
    assert result.exit_code == 2
    assert "no factory model is loaded yet" in result.output
    tracking = build(Settings(db_url=url))
    load_factory_model(tracking.uow, LINE, "test", tracking.clock)
    tracking.close()
    result = runner.invoke(app, ["status", "--db", url])
    assert result.exit_code == 2
    assert "no station events are recorded yet" in result.output

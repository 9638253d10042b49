"""``rampline import`` (same rules as the API, all rows or none) and ``rampline export``."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from tracking_support import count_rows, line_yaml, station_events
from typer.testing import CliRunner

from rampline.bootstrap import build
from rampline.cli.app import app
from rampline.config import Settings
from rampline.domain.tracking import Operator, Qualification, WorkOrder
from rampline.services import registry


@pytest.fixture
def seeded(db_url: str) -> str:
    """The one-step test line with operator op1 and units s1-0 .. s1-4, via the services."""
    tracking = build(Settings(db_url=db_url))
    registry.load_factory_model(tracking.uow, line_yaml(2), "test", tracking.clock)
    registry.add_operator(
        tracking.uow, Operator("op1", "", (Qualification("ops", date(2026, 1, 1)),))
    )
    registry.add_work_order(
        tracking.uow, WorkOrder("wo1", "p1", 5), [f"s1-{i}" for i in range(5)], tracking.clock
    )
    tracking.close()
    return db_url


def write_csv(path: Path, rows: list[dict[str, object]]) -> Path:
    with path.open("w", newline="") as f:
        w = csv.DictWriter(
            f,
            fieldnames=["type", "station", "seq", "at", "serial", "operator", "outcome"],
            extrasaction="ignore",
        )
        w.writeheader()
        w.writerows(rows)
    return path


def invoke(*args: str) -> tuple[int, str]:
    from rampline.cli import commands  # noqa: F401  (registers the commands)

    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_import_stores_every_row(seeded: str, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "events.csv", station_events(1, 10))
    code, out = invoke("import", str(path), "--db", seeded)
    assert code == 0, out
    assert "10 events imported" in out
    assert count_rows(seeded, "events") == 10


def test_import_rejects_the_file_with_line_numbers_and_stores_nothing(
    seeded: str, tmp_path: Path
) -> None:
    rows = station_events(1, 6)
    rows[1] = {**rows[1], "at": "yesterday"}  # line 3
    rows[4] = {**rows[4], "serial": "nope"}  # line 6
    path = write_csv(tmp_path / "events.csv", rows)
    code, out = invoke("import", str(path), "--db", seeded)
    assert code == 2
    assert "nothing was imported" in out
    assert "'yesterday' is not an ISO date-time" in out
    assert "unknown serial 'nope'" in out
    lines = [
        line.split("│")[1].strip()
        for line in out.splitlines()
        if line.count("│") >= 3 and line.split("│")[1].strip().isdigit()
    ]
    # Rows are checked in order, as they would be applied, so a refused row has
    # consequences: line 4 starts the next unit in cell 1, still held by the
    # unit whose end (line 3) was refused, and line 5 ends that start.
    assert lines[:4] == ["3", "4", "5", "6"]
    assert "cell 1 of station 's1' is running unit 's1-0'" in out
    assert count_rows(seeded, "events") == 0


def test_export_csv_and_parquet(seeded: str, tmp_path: Path) -> None:
    invoke("import", str(write_csv(tmp_path / "e.csv", station_events(1, 10))), "--db", seeded)
    code, out = invoke("export", "--db", seeded, "--out", str(tmp_path / "csv"))
    assert code == 0, out
    with (tmp_path / "csv" / "events.csv").open() as f:
        assert len(list(csv.DictReader(f))) == 10
    code, out = invoke(
        "export", "--db", seeded, "--out", str(tmp_path / "pq"), "--format", "parquet"
    )
    assert code == 0, out
    table = pq.read_table(tmp_path / "pq" / "operation_records.parquet")
    assert table.num_rows == 5
    assert table.column("outcome").to_pylist() == ["pass"] * 5
    assert pq.read_table(tmp_path / "pq" / "downtime.parquet").num_rows == 0

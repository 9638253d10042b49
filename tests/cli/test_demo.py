"""``rampline demo``: a short history into a fresh database, status and report."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

import rampline.cli.commands  # noqa: F401  (registers the commands)
from rampline.bootstrap import build
from rampline.cli.app import app
from rampline.config import Settings
from rampline.services import queries

runner = CliRunner()


@pytest.mark.slow
def test_demo_tracks_five_weeks_prints_status_and_writes_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rampline-demo.sqlite").write_text("an old demo database", encoding="utf-8")
    result = runner.invoke(
        app, ["demo", "--weeks", "5", "--runs", "20"], env={**os.environ, "COLUMNS": "120"}
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Quadcopter line 1" in out
    assert "station events posted in" in out
    assert "Status against plan" in out
    # Five weeks from 5 January 06:00 end on 9 February 06:00; flight-test goes
    # live on 2 February, so units finish in the last week only.
    assert "History to 2026-02-09 06:00" in out
    assert "status as of 2026-02-0" in out
    assert "plan median" in out
    assert "Constraint:" in out
    assert "Wrote report.html" in out

    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") or html.lstrip().lower().startswith("<!doctype html>")
    assert "Quadcopter line 1" in html

    tracking = build(Settings(db_url=f"sqlite:///{tmp_path / 'rampline-demo.sqlite'}"))
    try:
        assert [m.loaded_by for m in queries.factory_models(tracking.uow)] == ["rampline demo"]
        assert sum(n for _, _, n in queries.output_per_day(tracking.uow)) > 0
        assert queries.gaps(tracking.uow) == []
    finally:
        tracking.close()

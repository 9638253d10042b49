"""`rampline report FILE [-o report.html] [--runs N] [--seed S]`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from plotly.offline import get_plotlyjs
from typer.testing import CliRunner

import rampline.cli.report  # noqa: F401  (registers the command)
from rampline.cli.app import app
from rampline.simulation import montecarlo

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "quadcopter-line.yaml"
TITLES = (
    "Finished units over time against the demand",
    "Completion date per run",
    "Station time shares",
    "Qualified people and trainees over time",
    "Material stock over time",
    "Scenarios against the base plan",
)
runner = CliRunner()


@pytest.fixture(scope="module")
def html(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("report") / "ramp.html"
    result = runner.invoke(app, ["report", str(EXAMPLE), "-o", str(out), "--runs", "20"])
    assert result.exit_code == 0, result.output
    assert out.exists()
    assert "Base plan: 0% on time" in result.stdout
    return out.read_text(encoding="utf-8")


def test_needs_no_network(html: str) -> None:
    tags = re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", html, flags=re.IGNORECASE)
    for tag in tags:
        assert not re.search(r"(?:src|href)\s*=\s*[\"']?(?:https?:)?//", tag, re.I), tag
    assert not re.search(r"@import\s+url\(\s*[\"']?(?:https?:)?//", html, re.I)
    assert html.count(get_plotlyjs()[:300]) == 1  # plotly.js inlined once


def test_titles_and_verdict(html: str) -> None:
    for title in TITLES:
        assert title in html
    assert 'id="verdict">Base plan: 0% on time, P50 completion 2027-' in html
    assert "Best scenario:" in html
    for name in ("flight-test-round-the-clock", "weekend-shifts", "fire"):
        assert name in html


def test_bad_output_path(tmp_path: Path) -> None:
    out = tmp_path / "missing" / "r.html"
    result = runner.invoke(app, ["report", str(EXAMPLE), "-o", str(out), "--runs", "1"])
    assert result.exit_code == 2
    assert "cannot write" in result.stderr


def test_curves_from_the_first_runs_say_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, html: str
) -> None:
    assert "Curves from the first" not in html  # 20 runs: every run's curves
    monkeypatch.setattr(montecarlo, "SERIES_RUNS", 3)
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["report", str(EXAMPLE), "-o", str(out), "--runs", "4"])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.count("Curves from the first 3 of the 4 runs") == 2  # finished units, stock

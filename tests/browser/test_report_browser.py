"""The ramp-up report in a real browser (Debian's chromium, offline): every plot
draws, nothing is fetched from the network, the console stays clean."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

import rampline.cli.report  # noqa: F401  (registers the command)
from rampline.cli.app import app

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "quadcopter-line.yaml"
# The docs' screenshot is refreshed only on request, so that a test run leaves
# the checkout as it was: RAMPLINE_SCREENSHOTS=1 pytest tests/browser
SCREENSHOT = ROOT / "docs" / "screenshots" / "report.png"
PLOTS = ("finished", "completion", "shares", "people", "stock")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)",
    ),
]


def test_report_renders_offline(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    out = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["report", str(EXAMPLE), "-o", str(out), "--runs", "20"])
    assert result.exit_code == 0, result.output
    errors: list[str] = []
    fetched: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1360, "height": 900})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))

            def route(r):  # type: ignore[no-untyped-def]
                if r.request.url.startswith("file:"):
                    r.continue_()
                else:
                    fetched.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            page.goto(out.as_uri())
            for key in PLOTS:
                page.wait_for_selector(f"#plot-{key} .main-svg", state="attached", timeout=15_000)
            assert page.locator(".js-plotly-plot").count() == len(PLOTS)
            for key in PLOTS:
                assert page.locator(f"#plot-{key} .main-svg").count() >= 1, key
            assert page.locator(".main-svg").count() >= len(PLOTS)
            # drawn, not just created: the bars and lines have paths in them
            assert page.locator("#plot-shares .bars path").count() > 0
            assert page.locator("#plot-finished .scatterlayer path").count() > 0
            verdict = page.locator("#verdict").inner_text()
            assert verdict.startswith("Base plan: 0% on time")
            shot = SCREENSHOT if os.environ.get("RAMPLINE_SCREENSHOTS") else tmp_path / "r.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000  # a page with five plots, not a blank
        finally:
            browser.close()
    assert errors == []
    assert fetched == []

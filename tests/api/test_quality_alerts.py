"""Measurements through HTTP feed each characteristic's I-MR chart; new violations raise alerts.

The stream is designed by hand. Baseline (points 1-20): the pattern 10.0,
10.5, 10.25, 9.75 five times. Its mean is 10.125; the moving ranges are 0.5
(ten of them) and 0.25 (nine), so MR-bar = 7.25/19 and sigma = MR-bar/d2(2)
with d2(2) = 2/sqrt(pi): sigma = 0.338165. Deviations from the centre are
-0.125, +0.375, +0.125, -0.375, i.e. z = -0.37, +1.11, +0.37, -1.11: no rule
fires in the baseline (no run longer than 2 on one side, at most 2 of any 5
beyond 1 sigma, none beyond 2 sigma); the moving ranges alternate around
MR-bar, so the MR panel is quiet too.

Phase II: points 21 and 22 are 10.9 (2 sigma = 10.801, 3 sigma = 11.1395). At
22, two of the three points 20-22 are beyond 2 sigma on the same side and 22
is one of them: Western Electric rule 2 fires at point 22, and nothing else
(point 21's window 19-21 holds one such point; the window 18-22 holds three
points beyond 1 sigma, not four; MR at 21 = 1.15 < UCL 1.2466).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import httpx
import pytest
from tracking_support import QUADCOPTER
from typer.testing import CliRunner

import rampline.cli.commands  # noqa: F401  (registers the commands)
from rampline.cli.app import app

BASELINE = [10.0, 10.5, 10.25, 9.75] * 5
SERIALS = [f"P{i:02d}" for i in range(1, 31)]
D2_2 = 2 / math.sqrt(math.pi)
SIGMA = (7.25 / 19) / D2_2
_KEYS = iter(range(10**9))


@pytest.fixture
def line(client: httpx.Client) -> httpx.Client:
    ok = [
        client.post("/factory-models", json={"text": QUADCOPTER.read_text(), "loaded_by": "ann"}),
        client.post(
            "/work-orders",
            json={"id": "wo1", "product": "x4-inspect", "quantity": 30, "serials": SERIALS},
        ),
        client.post(
            "/characteristics",
            json={
                "id": "hover-current",
                "station": "flight-test",
                "unit_of_measure": "A",
                "lsl": 8,
                "usl": 12,
            },
        ),
    ]
    assert [r.status_code for r in ok] == [201] * len(ok), [r.text for r in ok]
    return client


def measurement(point: int, value: float) -> dict[str, Any]:
    """The measurement of point ``point`` (1-based): station number and unit follow it."""
    return {
        "type": "measurement",
        "station": "flight-test",
        "seq": point,
        "at": f"2026-01-06T{6 + point // 60:02d}:{point % 60:02d}:00",
        "serial": SERIALS[point - 1],
        "characteristic": "hover-current",
        "value": value,
    }


def post(client: httpx.Client, events: list[dict[str, Any]], key: str = "") -> httpx.Response:
    return client.post(
        "/events/batch",
        json={"events": events},
        headers={"Idempotency-Key": key or f"q{next(_KEYS)}"},
    )


def alerts(client: httpx.Client, **params: str) -> list[dict[str, Any]]:
    r = client.get("/alerts", params=params)
    assert r.status_code == 200, r.text
    result: list[dict[str, Any]] = r.json()
    return result


def test_a_known_shift_raises_exactly_the_expected_alert_once(line: httpx.Client) -> None:
    r = post(line, [measurement(i + 1, v) for i, v in enumerate(BASELINE)])
    assert r.status_code == 201, r.text
    assert alerts(line) == []
    settings = line.get("/characteristics/hover-current/chart-settings").json()
    assert settings["limits_frozen"] is True
    assert settings["baseline"] == 20
    assert settings["center"] == pytest.approx(10.125, abs=1e-12)
    assert settings["sigma"] == pytest.approx(SIGMA, rel=1e-6)

    shift = [measurement(21, 10.9), measurement(22, 10.9)]
    r = post(line, shift, key="shift")
    assert r.status_code == 201, r.text
    [alert] = alerts(line)
    assert alert["rule"] == "western-electric-2"
    assert alert["panel"] == "x"
    assert alert["points"] == [22]
    assert alert["serials"] == ["P22"]
    assert alert["status"] == "open"
    assert "2 of 3 points beyond 2 sigma" in alert["message"]

    # the same batch again with its key: the first answer, and no second alert
    again = post(line, shift, key="shift")
    assert again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert alerts(line) == [alert]

    # a rejected batch (its second event names an unknown unit) raises nothing
    bad = [measurement(23, 10.9), {**measurement(24, 10.9), "serial": "nobody"}]
    r = post(line, bad)
    assert r.status_code == 422, r.text
    assert alerts(line) == [alert]
    assert len(line.get("/characteristics/hover-current/chart").json()["points"]) == 22

    # point 23 alone: 21-23 all beyond 2 sigma, so rule 2 flags 23, a new point
    r = post(line, [measurement(23, 10.9)])
    assert r.status_code == 201, r.text
    first, second = alerts(line)
    assert first == alert
    assert (second["rule"], second["panel"], second["points"]) == ("western-electric-2", "x", [23])


def test_acknowledge_an_alert_with_a_name_and_a_reason(line: httpx.Client) -> None:
    values = [*BASELINE, 10.9, 10.9]
    assert post(line, [measurement(i + 1, v) for i, v in enumerate(values)]).status_code == 201
    [alert] = alerts(line, status="open")
    r = line.post(
        f"/alerts/{alert['id']}/acknowledge",
        json={"by": "ann", "reason": "new motor batch; checked, within spec"},
    )
    assert r.status_code == 200, r.text
    done = r.json()
    assert (done["status"], done["acknowledged_by"]) == ("acknowledged", "ann")
    assert done["reason"] == "new motor batch; checked, within spec"
    assert alerts(line, status="open") == []
    assert alerts(line, status="acknowledged") == [done]
    twice = line.post(f"/alerts/{alert['id']}/acknowledge", json={"by": "bob", "reason": "x"})
    assert twice.status_code == 409
    assert "acknowledged already" in twice.json()["message"]
    assert line.post("/alerts/999/acknowledge", json={"by": "a", "reason": "b"}).status_code == 404
    assert line.post(f"/alerts/{alert['id']}/acknowledge", json={"by": "a"}).status_code == 422


def test_chart_has_the_keys_and_numbers_of_rampline_spc_json(
    line: httpx.Client, tmp_path: Path
) -> None:
    values = [*BASELINE, 10.9, 10.9, 10.4]
    assert post(line, [measurement(i + 1, v) for i, v in enumerate(values)]).status_code == 201
    r = line.get("/characteristics/hover-current/chart")
    assert r.status_code == 200, r.text
    chart = r.json()
    assert chart["center"] == pytest.approx(10.125)
    assert chart["ucl"] == pytest.approx(10.125 + 3 * SIGMA, rel=1e-9)
    assert chart["lcl"] == pytest.approx(10.125 - 3 * SIGMA, rel=1e-9)
    assert chart["violations"] == [{"rule": "western-electric-2", "points": [22]}]
    assert chart["limits_frozen"] is True
    assert chart["serials"][-1] == "P23"

    csv = tmp_path / "hover.csv"
    csv.write_text("x\n" + "\n".join(str(v) for v in values) + "\n")
    args = ["spc", str(csv), "--chart", "i-mr", "--column", "x", "--baseline", "20"]
    cli = CliRunner().invoke(app, [*args, "--lsl", "8", "--usl", "12", "--json"])
    assert cli.exit_code == 0, cli.output
    expected = json.loads(cli.output)
    assert set(expected) <= set(chart)
    assert_close(chart, expected)


def assert_close(got: Any, want: Any, where: str = "") -> None:
    """Equal structure, numbers equal to 1e-9 relative (sums may differ in the last bits)."""
    if isinstance(want, dict):
        for key, value in want.items():
            assert_close(got[key], value, f"{where}.{key}")
    elif isinstance(want, list):
        assert len(got) == len(want), where
        for i, (a, b) in enumerate(zip(got, want, strict=True)):
            assert_close(a, b, f"{where}[{i}]")
    elif isinstance(want, float) and not isinstance(want, bool):
        assert got == pytest.approx(want, rel=1e-9), where
    else:
        assert got == want, where


def test_baseline_and_rules_can_change_until_the_limits_freeze(line: httpx.Client) -> None:
    url = "/characteristics/hover-current/chart-settings"
    r = line.put(url, json={"baseline": 25, "rules": "nelson"})
    assert r.status_code == 200, r.text
    assert (r.json()["baseline"], r.json()["limits_frozen"]) == (25, False)
    values = [10.0, 10.5, 10.25, 9.75] * 6
    assert post(line, [measurement(i + 1, v) for i, v in enumerate(values)]).status_code == 201
    assert line.get(url).json()["limits_frozen"] is False  # 24 points < 25
    assert line.get("/characteristics/hover-current/chart").json()["baseline"] == 24
    r = line.put(url, json={"baseline": 20, "rules": "western-electric"})
    assert r.status_code == 200, r.text
    assert r.json()["limits_frozen"] is True  # 24 points >= 20: frozen at once
    r = line.put(url, json={"baseline": 30})
    assert r.status_code == 409
    assert "frozen" in r.json()["message"]
    assert line.get("/characteristics/nothing/chart").status_code == 404
    assert line.put("/characteristics/nothing/chart-settings", json={}).status_code == 404


def test_a_baseline_without_spread_stays_in_phase_one_and_says_so(line: httpx.Client) -> None:
    assert post(line, [measurement(i + 1, 10.0) for i in range(20)]).status_code == 201
    settings = line.get("/characteristics/hover-current/chart-settings").json()
    assert (settings["limits_frozen"], settings["sigma"]) == (False, None)
    chart = line.get("/characteristics/hover-current/chart").json()
    assert "give no usable spread" in chart["phase"]
    assert alerts(line) == []
    more = [measurement(21, 10.5), measurement(22, 9.5)]
    assert post(line, more).status_code == 201  # still phase I: nothing to judge against
    assert (
        line.get("/characteristics/hover-current/chart-settings").json()["limits_frozen"] is False
    )


def test_a_measurement_beyond_1e100_is_refused(line: httpx.Client) -> None:
    # Larger values would overflow the chart's sums and ranges (1e308 - -1e308 = inf).
    r = post(line, [measurement(1, 1e308)])
    assert (r.status_code, r.json()["field"]) == (422, "events[0].value"), r.text
    assert post(line, [measurement(1, -1e100)]).status_code == 201


def test_the_chart_says_where_its_limits_stand(line: httpx.Client) -> None:
    post(line, [measurement(i + 1, v) for i, v in enumerate(BASELINE[:5])])
    assert "5 of 20 baseline" in line.get("/characteristics/hover-current/chart").json()["phase"]
    post(line, [measurement(i + 6, v) for i, v in enumerate(BASELINE[5:])])
    phase = line.get("/characteristics/hover-current/chart").json()["phase"]
    assert phase.startswith("phase II: limits frozen from the first 20")

"""Nonconformance reports through HTTP: open -> dispositioned -> closed, and every illegal step."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from tracking_support import QUADCOPTER


@pytest.fixture
def line(client: httpx.Client) -> httpx.Client:
    ok = [
        client.post("/factory-models", json={"text": QUADCOPTER.read_text(), "loaded_by": "ann"}),
        client.post(
            "/work-orders",
            json={"id": "wo1", "product": "x4-inspect", "quantity": 5, "serials": ["S1", "S2"]},
        ),
        client.post(
            "/lots",
            json={
                "lot": "L1",
                "material": "frame-kit",
                "quantity": 2,
                "received_at": "2026-01-05T06:00",
                "supplier": "acme",
            },
        ),
    ]
    assert [r.status_code for r in ok] == [201] * len(ok), [r.text for r in ok]
    return client


def report(client: httpx.Client, **more: Any) -> dict[str, Any]:
    body = {
        "serial": "S1",
        "station": "frame",
        "defect_code": "cracked-arm",
        "description": "hairline crack on arm 3",
        "reported_by": "ana",
        **more,
    }
    r = client.post("/nonconformances", json=body)
    assert r.status_code == 201, r.text
    result: dict[str, Any] = r.json()
    return result


def test_open_disposition_close_each_by_a_named_user_with_a_reason(line: httpx.Client) -> None:
    ncr = report(line, lot="L1")
    assert (ncr["status"], ncr["lot"], ncr["disposition"]) == ("open", "L1", None)
    url = f"/nonconformances/{ncr['id']}"
    r = line.post(
        f"{url}/disposition",
        json={"disposition": "return-to-supplier", "by": "quinn", "reason": "lot L1 out of spec"},
    )
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.json()["disposition"]) == ("dispositioned", "return-to-supplier")
    r = line.post(f"{url}/close", json={"by": "quinn", "reason": "credit note received"})
    assert r.status_code == 200, r.text
    got = line.get(url).json()
    assert got["status"] == "closed"
    steps = [
        (s["action"], s["status"], s["by"], s["reason"], s["disposition"]) for s in got["history"]
    ]
    assert steps == [
        ("open", "open", "ana", "hairline crack on arm 3", None),
        ("disposition", "dispositioned", "quinn", "lot L1 out of spec", "return-to-supplier"),
        ("close", "closed", "quinn", "credit note received", None),
    ]
    times = [s["at"] for s in got["history"]]
    assert times == sorted(times)


@pytest.mark.parametrize(
    ("steps", "action", "state"),
    [
        ([], "close", "it is open: disposition it before closing it"),
        (["disposition"], "disposition", "it is dispositioned already"),
        (["disposition", "close"], "disposition", "it is closed"),
        (["disposition", "close"], "close", "it is closed"),
    ],
)
def test_an_illegal_step_is_409_naming_the_state(
    line: httpx.Client, steps: list[str], action: str, state: str
) -> None:
    ncr = report(line)
    url = f"/nonconformances/{ncr['id']}"
    body = {"by": "quinn", "reason": "because"}
    for step in [*steps, action]:
        extra = {"disposition": "rework"} if step == "disposition" else {}
        r = line.post(f"{url}/{step}", json={**body, **extra})
    assert r.status_code == 409, r.text
    assert r.json()["code"] == "conflict"
    assert r.json()["message"] == f"NCR {ncr['id']} cannot be {action}d: {state}".replace(
        "dispositiond", "dispositioned"
    )
    assert len(line.get(url).json()["history"]) == 1 + len(steps)  # nothing kept of the refusal


def test_bad_references_and_bodies(line: httpx.Client) -> None:
    base = {"serial": "S1", "station": "frame", "defect_code": "x", "description": "y"}
    for field, value in [("serial", "S9"), ("station", "moon"), ("lot", "L9")]:
        r = line.post("/nonconformances", json={**base, "reported_by": "a", field: value})
        assert r.status_code == 422, r.text
        assert (r.json()["code"], r.json()["field"]) == ("unknown-reference", field)
    assert line.post("/nonconformances", json=base).status_code == 422  # no reporter
    ncr = report(line)
    url = f"/nonconformances/{ncr['id']}/disposition"
    r = line.post(url, json={"disposition": "melt", "by": "q", "reason": "r"})
    assert r.status_code == 422
    assert line.post(url, json={"disposition": "scrap", "by": "q"}).status_code == 422
    assert line.get("/nonconformances/999").status_code == 404
    r = line.post("/nonconformances/999/close", json={"by": "q", "reason": "r"})
    assert r.status_code == 404


def test_list_by_status_and_pareto_of_defect_codes(line: httpx.Client) -> None:
    codes = ["solder-bridge", "cracked-arm", "solder-bridge", "loose-screw", "solder-bridge"]
    ids = [report(line, defect_code=c, serial="S2")["id"] for c in codes]
    line.post(
        f"/nonconformances/{ids[0]}/disposition",
        json={"disposition": "use-as-is", "by": "q", "reason": "cosmetic"},
    )
    assert [n["id"] for n in line.get("/nonconformances?status=open").json()] == ids[1:]
    assert [n["id"] for n in line.get("/nonconformances?status=dispositioned").json()] == ids[:1]
    assert len(line.get("/nonconformances").json()) == 5
    bars = line.get("/nonconformances/pareto").json()
    assert [(b["defect_code"], b["count"]) for b in bars] == [
        ("solder-bridge", 3),
        ("cracked-arm", 1),
        ("loose-screw", 1),
    ]
    assert [b["cumulative"] for b in bars] == pytest.approx([0.6, 0.8, 1.0])
    open_bars = line.get("/nonconformances/pareto?status=open").json()
    assert (open_bars[0]["defect_code"], open_bars[0]["count"]) == ("solder-bridge", 2)
    assert line.get("/nonconformances?status=lost").status_code == 422

"""Station events through HTTP: each rule, idempotency, all-or-nothing batches, gaps."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from tracking_support import QUADCOPTER

T0 = "2026-01-06T07:00:00"


@pytest.fixture
def line(client: httpx.Client) -> httpx.Client:
    """The quadcopter line with two operators, a work order of three units and a lot."""
    ok = [
        client.post("/factory-models", json={"text": QUADCOPTER.read_text(), "loaded_by": "ann"}),
        client.post(
            "/operators",
            json={
                "id": "ana",
                "qualifications": [
                    {"skill": "assembly", "qualified_on": "2026-01-05"},
                    {"skill": "soldering", "qualified_on": "2026-01-05", "expires": "2026-02-01"},
                ],
            },
        ),
        client.post("/operators", json={"id": "bob"}),
        client.post(
            "/work-orders",
            json={
                "id": "wo1",
                "product": "x4-inspect",
                "quantity": 5,
                "serials": ["S1", "S2", "S3"],
            },
        ),
        client.post(
            "/lots",
            json={
                "lot": "L1",
                "material": "frame-kit",
                "quantity": 2,
                "received_at": "2026-01-05T06:00",
            },
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


_KEYS = iter(range(10**9))


def post(client: httpx.Client, *events: dict[str, Any], key: str | None = None) -> httpx.Response:
    key = key or f"k{next(_KEYS)}"
    return client.post(
        "/events/batch", json={"events": list(events)}, headers={"Idempotency-Key": key}
    )


def start(
    station: str, seq: int, serial: str = "S1", operator: str = "ana", at: str = T0, **more: Any
) -> dict[str, Any]:
    return {
        "type": "operation.start",
        "station": station,
        "seq": seq,
        "serial": serial,
        "operator": operator,
        "at": at,
        **more,
    }


def end(
    station: str,
    seq: int,
    serial: str = "S1",
    at: str = "2026-01-06T07:30:00",
    outcome: str = "pass",
    **more: Any,
) -> dict[str, Any]:
    return {
        "type": "operation.end",
        "station": station,
        "seq": seq,
        "serial": serial,
        "at": at,
        "outcome": outcome,
        **more,
    }


def stored(client: httpx.Client) -> int:
    return sum(s["received"] for s in client.get("/events/sequences").json())


def assert_rejected(r: httpx.Response, status: int, field: str, words: str) -> None:
    assert r.status_code == status, r.text
    body = r.json()
    assert body["field"] == field, body
    assert words in body["message"], body


def test_missing_idempotency_key_is_400_and_stores_nothing(line: httpx.Client) -> None:
    r = line.post("/events/batch", json={"events": [start("kitting", 1)]})
    assert_rejected(r, 400, "Idempotency-Key", "Idempotency-Key")
    r = line.post("/events", json=start("kitting", 1))
    assert r.status_code == 400
    assert stored(line) == 0


def test_a_batch_posted_three_times_with_one_key_is_stored_once(line: httpx.Client) -> None:
    batch = [start("kitting", 1), end("kitting", 2)]
    answers = [post(line, *batch, key="same") for _ in range(3)]
    assert [a.status_code for a in answers] == [201, 201, 201]
    assert answers[0].json() == answers[1].json() == answers[2].json()
    assert [a.headers.get("Idempotent-Replayed") for a in answers] == [None, "true", "true"]
    assert stored(line) == 2
    assert len(line.get("/units/S1").json()["operations"]) == 1


def test_same_key_with_another_body_is_422(line: httpx.Client) -> None:
    assert post(line, start("kitting", 1), key="k").status_code == 201
    r = post(line, start("kitting", 2, serial="S2"), key="k")
    assert_rejected(r, 422, "Idempotency-Key", "different body")
    assert stored(line) == 1


def test_single_event_endpoint(line: httpx.Client) -> None:
    r = line.post("/events", json=start("kitting", 1), headers={"Idempotency-Key": "one"})
    assert r.status_code == 201
    assert r.json()["accepted"] == 1
    r = line.post(
        "/events", json=start("kitting", 2, serial="nope"), headers={"Idempotency-Key": "two"}
    )
    assert_rejected(r, 422, "serial", "unknown serial 'nope'")


@pytest.mark.parametrize(
    ("event", "field", "words"),
    [
        (start("paint-shop", 1), "events[0].station", "unknown station 'paint-shop'"),
        (start("kitting", 1, serial="S99"), "events[0].serial", "unknown serial 'S99'"),
        (start("kitting", 1, operator="zed"), "events[0].operator", "unknown operator 'zed'"),
        (start("kitting", 1, cell=2), "events[0].cell", "cells 1 to 1"),
        (
            {
                "type": "measurement",
                "station": "flight-test",
                "seq": 1,
                "at": T0,
                "serial": "S1",
                "characteristic": "thrust",
                "value": 1.0,
            },
            "events[0].characteristic",
            "unknown characteristic 'thrust'",
        ),
    ],
)
def test_unknown_references_are_422(
    line: httpx.Client, event: dict[str, Any], field: str, words: str
) -> None:
    assert_rejected(post(line, event), 422, field, words)
    assert stored(line) == 0


def test_unknown_product_and_skill_are_422(line: httpx.Client) -> None:
    r = line.post("/work-orders", json={"id": "wo2", "product": "x9", "quantity": 1})
    assert_rejected(r, 422, "product", "unknown product 'x9'")
    r = line.post(
        "/operators/bob/qualifications", json={"skill": "welding", "qualified_on": "2026-01-05"}
    )
    assert_rejected(r, 422, "skill", "unknown skill 'welding'")
    r = line.post(
        "/operators",
        json={"id": "cy", "qualifications": [{"skill": "welding", "qualified_on": "2026-01-05"}]},
    )
    assert_rejected(r, 422, "qualifications[0].skill", "unknown skill")
    assert line.get("/operators/cy").status_code == 404


def test_schema_errors_name_the_field(line: httpx.Client) -> None:
    r = post(
        line,
        {
            "type": "operation.start",
            "station": "kitting",
            "seq": 0,
            "at": T0,
            "serial": "S1",
            "operator": "ana",
        },
    )
    assert_rejected(r, 422, "events[0].seq", "greater than or equal to 1")
    r = post(
        line,
        {
            "type": "operation.start",
            "station": "kitting",
            "seq": 1,
            "serial": "S1",
            "operator": "ana",
        },
    )
    assert_rejected(r, 422, "events[0].at", "required")
    assert stored(line) == 0


@pytest.mark.parametrize(
    ("operator", "at"),
    [
        ("bob", T0),  # no qualification at all
        ("ana", "2026-02-01T07:00:00"),  # soldering expired on 2026-02-01
        ("ana", "2026-01-04T07:00:00"),
    ],  # before qualified_on (assembly from 2026-01-05)
)
def test_unqualified_operator_is_409(line: httpx.Client, operator: str, at: str) -> None:
    if at.startswith("2026-02"):  # get S1 to the soldering station first
        assert (
            post(
                line,
                start("kitting", 1),
                end("kitting", 2),
                start("frame", 1, at="2026-01-06T07:30:00"),
                end("frame", 2, at="2026-01-06T08:00:00"),
            ).status_code
            == 201
        )
        r = post(line, start("motors", 1, operator=operator, at=at))
    else:
        r = post(line, start("kitting", 1, operator=operator, at=at))
    assert_rejected(r, 409, "events[0].operator", "not qualified")


def test_out_of_routing_order_is_409(line: httpx.Client) -> None:
    r = post(line, start("frame", 1))
    assert_rejected(r, 409, "events[0].station", "is due at station 'kitting'")
    assert stored(line) == 0


def test_second_start_of_a_running_operation_is_409(line: httpx.Client) -> None:
    assert post(line, start("kitting", 1)).status_code == 201
    r = post(line, start("kitting", 2, at="2026-01-06T07:05:00"))
    assert_rejected(r, 409, "events[0].serial", "already has an operation running")
    assert stored(line) == 1


def test_end_before_start_is_409(line: httpx.Client) -> None:
    r = post(line, start("kitting", 1), end("kitting", 2, at="2026-01-06T06:59:00"))
    assert_rejected(r, 409, "events[1].at", "before the start")
    r = post(
        line,
        {
            "type": "downtime",
            "station": "kitting",
            "seq": 1,
            "reason": "jam",
            "start": "2026-01-06T09:00",
            "end": "2026-01-06T08:00",
        },
    )
    assert_rejected(r, 409, "events[0].end", "before the start")
    assert stored(line) == 0


def test_end_without_a_running_operation_is_409(line: httpx.Client) -> None:
    assert_rejected(post(line, end("kitting", 1)), 409, "events[0].serial", "no operation running")


def consume(seq: int, lot: str, serial: str = "S1", quantity: float = 1) -> dict[str, Any]:
    return {
        "type": "material.consumed",
        "station": "kitting",
        "seq": seq,
        "at": T0,
        "serial": serial,
        "lot": lot,
        "quantity": quantity,
    }


def test_missing_or_used_up_lot_is_409(line: httpx.Client) -> None:
    assert_rejected(post(line, consume(1, "L9")), 409, "events[0].lot", "does not exist")
    assert post(line, consume(1, "L1", "S1"), consume(2, "L1", "S2")).status_code == 201
    assert_rejected(post(line, consume(3, "L1", "S3")), 409, "events[0].lot", "used up")
    assert stored(line) == 2


def test_a_batch_is_all_or_nothing(line: httpx.Client) -> None:
    r = post(
        line,
        start("kitting", 1),
        consume(2, "L1"),
        end("kitting", 3),
        start("kitting", 4, serial="S99"),
        start("kitting", 5, serial="S2"),
    )
    assert r.status_code == 422
    body = r.json()
    assert [p["field"] for p in body["problems"]] == ["events[3].serial"]
    assert stored(line) == 0
    assert line.get("/lots/L1").json()["lot"]["remaining"] == 2
    assert line.get("/units/S1").json()["unit"]["status"] == "queued"


def test_a_station_number_used_twice_is_409(line: httpx.Client) -> None:
    assert post(line, start("kitting", 1)).status_code == 201
    r = post(line, start("kitting", 1, serial="S2"))
    assert_rejected(r, 409, "events[0].seq", "already sent event number 1")


def test_gaps_are_reported(line: httpx.Client) -> None:
    r = post(line, start("kitting", 1), end("kitting", 2), start("kitting", 5, serial="S2"))
    assert r.json()["stations"] == [
        {"station": "kitting", "last_seq": 5, "received": 3, "missing": 2}
    ]
    assert line.get("/events/gaps").json() == [{"station": "kitting", "first": 3, "last": 4}]
    assert post(line, end("kitting", 3, serial="S2")).json()["stations"][0]["missing"] == 1
    assert line.get("/events/gaps", params={"station": "kitting"}).json() == [
        {"station": "kitting", "first": 4, "last": 4}
    ]


def test_reads_history_genealogy_wip_output_yields(line: httpx.Client) -> None:
    line.post(
        "/lots",
        json={"lot": "B7", "material": "battery", "quantity": 5, "received_at": "2026-01-05T06:00"},
    )
    routing = ["kitting", "frame", "motors", "avionics", "calibration", "flight-test", "packing"]
    seqs = dict.fromkeys(routing, 0)

    def nxt(station: str) -> int:
        seqs[station] += 1
        return seqs[station]

    events: list[dict[str, Any]] = []
    hour = 7
    for station in routing:
        op = "ana"
        at, done = f"2026-01-06T{hour:02d}:00:00", f"2026-01-06T{hour:02d}:30:00"
        if station in ("calibration", "flight-test"):
            line.post(
                "/operators/ana/qualifications",
                json={"skill": station, "qualified_on": "2026-01-01"},
            )
        events.append(start(station, nxt(station), operator=op, at=at))
        if station == "kitting":
            events.append(consume(nxt(station), "L1"))
        if station == "flight-test":
            events.append(end(station, nxt(station), at=done, outcome="rework"))
            events.append(start(station, nxt(station), at=done))
            events.append(
                {
                    "type": "measurement",
                    "station": station,
                    "seq": nxt(station),
                    "at": done,
                    "serial": "S1",
                    "characteristic": "hover-current",
                    "value": 10.5,
                }
            )
        if station == "packing":
            events.append({**consume(nxt(station), "B7"), "station": "packing"})
        events.append(
            end(
                station,
                nxt(station),
                at=done if station != "flight-test" else f"2026-01-06T{hour:02d}:50:00",
            )
        )
        hour += 1
    events.append(start("kitting", nxt("kitting"), serial="S2", at="2026-01-06T20:00:00"))
    events.append(
        {
            "type": "downtime",
            "station": "motors",
            "seq": nxt("motors"),
            "start": "2026-01-06T21:00",
            "end": "2026-01-06T22:00",
            "reason": "ESC jig",
        }
    )
    r = post(line, *events)
    assert r.status_code == 201, r.text
    history = line.get("/units/S1").json()
    assert history["unit"]["status"] == "done"
    assert [o["station"] for o in history["operations"]] == [
        "kitting",
        "frame",
        "motors",
        "avionics",
        "calibration",
        "flight-test",
        "flight-test",
        "packing",
    ]
    assert history["measurements"][0]["usl"] == 12
    assert {c["lot"] for c in line.get("/units/S1/lots").json()} == {"L1", "B7"}
    assert [c["serial"] for c in line.get("/lots/L1").json()["consumptions"]] == ["S1"]
    wip = {w["station"]: w for w in line.get("/wip").json()}
    assert wip["kitting"]["in_cells"] == 1
    assert wip["kitting"]["waiting"] == 1
    assert line.get("/output").json() == [
        {"day": "2026-01-06", "product": "x4-inspect", "units": 1}
    ]
    yields = {y["station"]: y for y in line.get("/yields").json()}
    assert yields["flight-test"]["operations"] == 2
    assert yields["flight-test"]["first_pass_yield"] == 0.0
    assert yields["flight-test"]["yield"] == 0.5
    assert yields["kitting"]["yield"] == 1.0
    assert line.get("/downtime").json()[0]["reason"] == "ESC jig"


def test_scrapped_unit_cannot_start_again(line: httpx.Client) -> None:
    assert post(line, start("kitting", 1), end("kitting", 2, outcome="scrap")).status_code == 201
    assert_rejected(post(line, start("kitting", 3)), 409, "events[0].serial", "scrapped")


def test_openapi_and_docs(client: httpx.Client) -> None:
    schema = client.get("/openapi.json").json()
    assert "/events/batch" in schema["paths"]
    assert client.get("/docs").status_code == 200


BILLION_LAUGHS = "l0: &l0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]\n" for i in range(1, 9)
)
BIG = 2**63  # one past SQLite's largest integer


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "field"),
    [
        ("POST", "/factory-models", {"text": "a: !foo [1]", "loaded_by": "x"}, 422, "text"),
        ("POST", "/factory-models", {"text": BILLION_LAUGHS, "loaded_by": "x"}, 422, "text"),
        (
            "POST",
            "/work-orders",
            {"id": "w", "product": "x4-inspect", "quantity": BIG},
            422,
            "quantity",
        ),
        (
            "PUT",
            "/characteristics/hover-current/chart-settings",
            {"baseline": BIG},
            422,
            "baseline",
        ),
        ("GET", f"/alerts/{BIG}", None, 422, "path.alert_id"),
        ("GET", f"/nonconformances/{BIG}", None, 422, "path.ncr_id"),
        ("GET", "/output?end=9999-12-31", None, 422, "query.end"),
        ("GET", "/output?start=2026-03-01&end=2026-01-01", None, 422, "query.start"),
        ("POST", "/events", {"type": "abc", "station": "kitting", "seq": 1}, 422, "type"),
        ("POST", "/events", {"station": "kitting", "seq": 1}, 422, "type"),
        ("POST", "/events", [], 422, "body"),
    ],
)
def test_bad_requests_are_4xx_naming_the_field(
    line: httpx.Client, method: str, path: str, body: Any, status: int, field: str
) -> None:
    # Each was a 500, a hang or a 4xx with no field (session 9's probe of the API).
    key = {"Idempotency-Key": f"k{next(_KEYS)}"} if path == "/events" else {}
    r = line.request(method, path, json=body, headers=key, timeout=30)
    assert r.status_code == status, r.text
    assert r.json()["field"] == field, r.text


def test_a_batch_event_of_unknown_type_names_its_type(line: httpx.Client) -> None:
    r = post(line, start("kitting", 1), {"type": "abc", "station": "kitting", "seq": 2})
    assert_rejected(r, 422, "events[1].type", "")
    assert [p["index"] for p in r.json()["problems"]] == [1]
    assert stored(line) == 0


def test_a_body_that_cannot_be_read_is_answered_in_our_shape(line: httpx.Client) -> None:
    for content, kind in [
        (b"hello", "application/json"),
        (b'{"a": "\xff\xfe"}', "application/json"),
    ]:
        headers = {"Content-Type": kind, "Idempotency-Key": f"k{next(_KEYS)}"}
        r = line.post("/events", content=content, headers=headers)
        assert r.status_code in (400, 422), r.text
        assert (r.json()["code"], r.json()["field"]) == ("bad-input", "body"), r.text
    r = line.get("/no-such-page")
    assert (r.status_code, r.json()["code"]) == (404, "not-found")


def test_material_goes_only_into_a_unit_at_that_station_after_its_lot_arrived(
    line: httpx.Client,
) -> None:
    # L1 (frame-kit) arrived 2026-01-05 06:00; kitting takes frame-kit.
    early = {**consume(1, "L1"), "at": "2026-01-05T05:59"}
    assert_rejected(post(line, early), 409, "events[0].at", "was received at")
    assert_rejected(
        post(line, {**consume(1, "L1"), "station": "frame"}), 409, "events[0].serial", "due at"
    )
    lot = {"lot": "FC1", "material": "flight-controller", "quantity": 5, "received_at": T0}
    assert line.post("/lots", json=lot).status_code == 201
    assert_rejected(post(line, consume(1, "FC1")), 409, "events[0].lot", "takes frame-kit")
    assert post(line, start("kitting", 1), end("kitting", 2, outcome="scrap")).status_code == 201
    assert_rejected(post(line, consume(3, "L1")), 409, "events[0].serial", "is scrapped")
    assert stored(line) == 2


def test_who_ends_an_operation_must_be_qualified_too(line: httpx.Client) -> None:
    assert post(line, start("kitting", 1)).status_code == 201
    r = post(line, end("kitting", 2, operator="bob"))
    assert_rejected(r, 409, "events[0].operator", "not qualified")
    assert post(line, end("kitting", 2, operator="ana")).status_code == 201


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/operators", {"id": "a\u0000b"}, "id"),
        ("/operators", {"id": " ana2"}, "id"),
        ("/operators", {"id": "a\u200bb"}, "id"),
        ("/operators", {"id": "Q/1"}, "id"),
        (
            "/lots",
            {"lot": "L2", "material": "frame-kit", "quantity": True, "received_at": T0},
            "quantity",
        ),
        (
            "/lots",
            {"lot": "L2", "material": "frame-kit", "quantity": "5", "received_at": T0},
            "quantity",
        ),
        (
            "/characteristics",
            {"id": "c", "station": "kitting", "unit_of_measure": "A", "lsl": 5, "usl": 5},
            "usl",
        ),
        (
            "/characteristics",
            {
                "id": "c",
                "station": "kitting",
                "unit_of_measure": "A",
                "lsl": 1,
                "usl": 5,
                "target": 9,
            },
            "target",
        ),
    ],
)
def test_ids_are_printable_and_numbers_are_numbers(
    line: httpx.Client, path: str, body: dict[str, Any], field: str
) -> None:
    r = line.post(path, json=body)
    assert (r.status_code, r.json()["field"]) == (422, field), r.text


def test_an_event_number_must_be_a_number_and_a_reason_must_say_something(
    line: httpx.Client,
) -> None:
    assert_rejected(post(line, start("kitting", True)), 422, "events[0].seq", "")  # type: ignore[arg-type]
    assert_rejected(post(line, start("kitting", "5")), 422, "events[0].seq", "")  # type: ignore[arg-type]
    down = {
        "type": "downtime",
        "station": "kitting",
        "seq": 1,
        "start": T0,
        "end": T0,
        "reason": "  ",
    }
    assert_rejected(post(line, down), 422, "events[0].reason", "only spaces")
    assert stored(line) == 0


@pytest.mark.parametrize("path", ["/events/gaps?station=nope", "/downtime?station=nope"])
def test_a_station_filter_must_name_a_station(line: httpx.Client, path: str) -> None:
    r = line.get(path)
    assert (r.status_code, r.json()["field"]) == (422, "query.station"), r.text
    assert line.get(path.replace("nope", "kitting")).status_code == 200


def test_a_cell_runs_one_unit_at_a_time(line: httpx.Client) -> None:
    assert post(line, start("kitting", 1, "S1")).status_code == 201
    r = post(line, start("kitting", 2, "S2"))  # kitting has one cell
    assert_rejected(r, 409, "events[0].cell", "running unit 'S1'")
    # In one batch: the end frees the cell for the next start.
    assert post(line, end("kitting", 2, "S1"), start("kitting", 3, "S2")).status_code == 201
    assert stored(line) == 3


def test_the_next_operation_starts_after_the_last_one_ended(line: httpx.Client) -> None:
    # S1 ends kitting at 07:30; frame (around the clock) cannot start it at 07:00.
    assert post(line, start("kitting", 1), end("kitting", 2)).status_code == 201
    r = post(line, start("frame", 1, at="2026-01-06T07:00:00"))
    assert_rejected(r, 409, "events[0].at", "before its last operation ended")
    assert post(line, start("frame", 1, at="2026-01-06T07:30:00")).status_code == 201

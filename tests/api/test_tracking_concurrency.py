"""Concurrent clients, a request in flight, key expiry, and ``rampline serve`` itself."""

from __future__ import annotations

import threading
from datetime import timedelta

import httpx
from sqlalchemy import create_engine, text
from tracking_support import ProcessServer, ThreadServer, count_rows, seed_line, station_events

from rampline.api import create_app
from rampline.config import Settings


def test_eight_clients_post_2000_events_stored_exactly_once(
    db_url: str, client: httpx.Client
) -> None:
    seed_line(client, 8, 125)
    base = str(client.base_url)
    failures: list[str] = []

    def station(k: int) -> None:
        events = station_events(k, 250)
        with httpx.Client(base_url=base, timeout=60) as c:
            for i in range(0, 250, 25):
                r = c.post(
                    "/events/batch",
                    json={"events": events[i : i + 25]},
                    headers={"Idempotency-Key": f"c{k}-{i}"},
                )
                if r.status_code != 201:
                    failures.append(r.text)

    threads = [threading.Thread(target=station, args=(k,)) for k in range(1, 9)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert count_rows(db_url, "events") == 2000
    assert sum(s["received"] for s in client.get("/events/sequences").json()) == 2000


def test_a_retry_while_the_first_is_in_flight_is_409(db_url: str, client: httpx.Client) -> None:
    seed_line(client, 1, 1)
    batch = {"events": station_events(1, 2)}
    headers = {"Idempotency-Key": "slow"}
    first: list[httpx.Response] = []
    engine = create_engine(db_url)
    with engine.connect() as conn:
        if db_url.startswith("sqlite"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.execute(text("SELECT * FROM units WHERE serial = 's1-0' FOR UPDATE"))
        t = threading.Thread(
            target=lambda: first.append(client.post("/events/batch", json=batch, headers=headers))
        )
        t.start()
        threading.Event().wait(0.5)
        second = client.post("/events/batch", json=batch, headers=headers)
        assert second.status_code == 409, second.text
        assert second.json()["field"] == "Idempotency-Key"
        conn.rollback()
    engine.dispose()
    t.join()
    assert first[0].status_code == 201
    third = client.post("/events/batch", json=batch, headers=headers)
    assert third.status_code == 201
    assert third.headers["Idempotent-Replayed"] == "true"
    assert count_rows(db_url, "events") == 2


def test_an_expired_key_may_be_used_again(db_url: str) -> None:
    settings = Settings(db_url=db_url, idempotency_ttl=timedelta(0))
    with ThreadServer(create_app(settings)) as live, httpx.Client(base_url=live.url) as c:
        seed_line(c, 1, 2)
        events = station_events(1, 4)
        for part in (events[:2], events[2:]):
            r = c.post("/events/batch", json={"events": part}, headers={"Idempotency-Key": "k"})
            assert r.status_code == 201, r.text
            assert "Idempotent-Replayed" not in r.headers
    assert count_rows(db_url, "events") == 4
    assert count_rows(db_url, "idempotency_keys") == 1


def test_rampline_serve_answers_on_loopback(tmp_path: object) -> None:
    with ProcessServer(f"sqlite:///{tmp_path}/serve.sqlite") as server:
        schema = httpx.get(server.url + "/openapi.json").json()
        assert schema["info"]["title"] == "Rampline tracking"
        assert httpx.get(server.url + "/docs").status_code == 200

"""kill -9 during ingest: every acknowledged event is stored exactly once.

Eight simulated stations each send 500 numbered events in small batches,
re-send 20 % of the acknowledged batches with the same Idempotency-Key, and
retry every unanswered one with its key, while the server process is killed
with SIGKILL and restarted at least ten times.
"""

from __future__ import annotations

import random
import threading
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text
from tracking_support import ProcessServer, count_rows, seed_line, station_events

STATIONS = 8
EVENTS = 500
KILLS = 10


class Ingest:
    def __init__(self, url: str) -> None:
        self.url = url
        self.acks = 0
        self.replays = 0
        self.lock = threading.Lock()
        self.errors: list[str] = []

    def send(self, client: httpx.Client, key: str, events: list[dict[str, Any]]) -> Any:
        while True:
            try:
                r = client.post(
                    self.url + "/events/batch",
                    json={"events": events},
                    headers={"Idempotency-Key": key},
                    timeout=20,
                )
            except httpx.TransportError:
                threading.Event().wait(0.05)
                continue
            if r.status_code == 409 and r.json()["code"] == "idempotency":
                threading.Event().wait(0.1)  # the killed server's transaction is ending
                continue
            if r.status_code != 201:
                self.errors.append(f"{key}: {r.status_code} {r.text}")
                raise AssertionError(r.text)
            with self.lock:
                self.acks += 1
                self.replays += r.headers.get("Idempotent-Replayed") == "true"
            return r.json()

    def station(self, k: int) -> None:
        rng = random.Random(k)
        events = station_events(k, EVENTS)
        with httpx.Client() as client:
            i = 0
            while i < len(events):
                n = rng.randint(1, 8)
                batch, key = events[i : i + n], f"s{k}-{i}"
                first = self.send(client, key, batch)
                if rng.random() < 0.2:
                    assert self.send(client, key, batch) == first
                i += n


@pytest.mark.slow
def test_kill_9_while_stations_post(db_url: str) -> None:
    server = ProcessServer(db_url, via_cli=False)
    server.start()
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            seed_line(client, STATIONS, EVENTS // 2)
        ingest = Ingest(server.url)
        threads = [
            threading.Thread(target=ingest.station, args=(k,)) for k in range(1, STATIONS + 1)
        ]
        for t in threads:
            t.start()
        kills, step = 0, 80  # about 1,100 requests in all: a kill every 80 answers
        while any(t.is_alive() for t in threads):
            if ingest.acks >= (kills + 1) * step and kills < KILLS + 2:
                server.kill()
                kills += 1
                server.start()
            threading.Event().wait(0.01)
        assert not ingest.errors
        assert kills >= KILLS
    finally:
        server.kill()
    assert count_rows(db_url, "events") == STATIONS * EVENTS
    assert count_rows(db_url, "operation_records") == STATIONS * EVENTS // 2
    engine = create_engine(db_url)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT station, count(DISTINCT seq), min(seq), max(seq) FROM events "
                "GROUP BY station ORDER BY station"
            )
        ).all()
        assert [tuple(r) for r in rows] == [
            (f"s{k}", EVENTS, 1, EVENTS) for k in range(1, STATIONS + 1)
        ]
        sequences = conn.execute(text("SELECT last_seq, received FROM station_sequences")).all()
        assert all(tuple(s) == (EVENTS, EVENTS) for s in sequences)
        done = conn.execute(text("SELECT count(*) FROM units WHERE status = 'done'"))
        assert done.scalar_one() == STATIONS * EVENTS // 2
    engine.dispose()
    assert ingest.replays > 0

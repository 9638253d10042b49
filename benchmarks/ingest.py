"""Sustained ingest over HTTP: batches of 100 station events posted to ``rampline serve``.

Usage: ``python benchmarks/ingest.py [--db sqlite|postgresql|both] [--events N]
[--clients C] [--batch B]``

Starts ``rampline serve`` on a loopback port for each database (SQLite in a
temporary folder; PostgreSQL as a throw-away cluster, initdb into a temporary
folder, default settings: fsync on, synchronous_commit on), loads a line of
eight one-step stations, then ``C`` clients post batches of ``B`` events, each
with its own Idempotency-Key, as fast as answers come. Durability is on:
SQLite runs WAL with ``synchronous=FULL`` (the WAL is synced at every commit,
so an acknowledged batch survives a power cut; ``NORMAL`` would only survive a
crash of the process). Prints events per second and p50/p99 latency per batch.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

# The test suite's helpers: a throw-away PostgreSQL cluster, `rampline serve` as a
# child process, the benchmark line.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "integration"))
from tracking_support import PgCluster, ProcessServer, initdb_path, line_yaml

STATIONS = 8


def seed(url: str, units: int) -> None:
    with httpx.Client(base_url=url, timeout=120) as c:
        c.post(
            "/factory-models",
            json={"text": line_yaml(STATIONS, quantity=units), "loaded_by": "bench"},
        )
        for k in range(1, STATIONS + 1):
            c.post(
                "/operators",
                json={
                    "id": f"op{k}",
                    "qualifications": [{"skill": "ops", "qualified_on": "2026-01-01"}],
                },
            )
            r = c.post(
                "/work-orders",
                json={
                    "id": f"wo{k}",
                    "product": f"p{k}",
                    "quantity": units,
                    "serials": [f"s{k}-{i}" for i in range(units)],
                },
            )
            r.raise_for_status()


def station_batches(k: int, units: int, batch: int) -> list[list[dict[str, Any]]]:
    events: list[dict[str, Any]] = []
    for i in range(units):
        minute = 2 * i
        at = "2026-01-06T00:00:00"
        serial = f"s{k}-{i}"
        day, rest = divmod(minute, 1440)
        at = f"2026-{1 + day // 28:02d}-{1 + day % 28:02d}T{rest // 60:02d}:{rest % 60:02d}:00"
        end = at[:-2] + "30"
        events.append(
            {
                "type": "operation.start",
                "station": f"s{k}",
                "seq": 2 * i + 1,
                "at": at,
                "serial": serial,
                "operator": f"op{k}",
            }
        )
        events.append(
            {
                "type": "operation.end",
                "station": f"s{k}",
                "seq": 2 * i + 2,
                "at": end,
                "serial": serial,
                "outcome": "pass",
            }
        )
    return [events[i : i + batch] for i in range(0, len(events), batch)]


def run(db_url: str, total: int, clients: int, batch: int) -> dict[str, float]:
    units = total // STATIONS // 2
    with ProcessServer(db_url) as server:
        url = server.url
        seed(url, units)
        work = [(k, b) for k in range(1, STATIONS + 1) for b in station_batches(k, units, batch)]
        # station k's batches go in order to one client: clients take whole stations
        queues: list[list[tuple[int, list[dict[str, Any]]]]] = [[] for _ in range(clients)]
        for k in range(1, STATIONS + 1):
            queues[(k - 1) % clients] += [w for w in work if w[0] == k]
        latencies: list[float] = []
        lock = threading.Lock()

        def client(jobs: list[tuple[int, list[dict[str, Any]]]], n: int) -> None:
            with httpx.Client(base_url=url, timeout=120) as c:
                for j, (_k, events) in enumerate(jobs):
                    t0 = time.perf_counter()
                    r = c.post(
                        "/events/batch",
                        json={"events": events},
                        headers={"Idempotency-Key": f"c{n}-{j}"},
                    )
                    dt = time.perf_counter() - t0
                    if r.status_code != 201:
                        raise SystemExit(r.text)
                    with lock:
                        latencies.append(dt)

        threads = [threading.Thread(target=client, args=(q, n)) for n, q in enumerate(queues)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - start
    posted = len(latencies) * batch
    q = statistics.quantiles(latencies, n=100)
    return {
        "events": posted,
        "seconds": elapsed,
        "events_per_s": posted / elapsed,
        "p50_ms": q[49] * 1000,
        "p99_ms": q[98] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--events", type=int, default=40_000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--batch", type=int, default=100)
    args = parser.parse_args()
    print(
        f"{args.events} events in batches of {args.batch} from {args.clients} clients, "
        f"{os.cpu_count()} CPUs"
    )
    targets = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    for name in targets:
        if name == "sqlite":
            folder = tempfile.mkdtemp(prefix="rampline-bench-")
            result = run(f"sqlite:///{folder}/bench.sqlite", args.events, args.clients, args.batch)
            shutil.rmtree(folder, ignore_errors=True)
            mode = "SQLite, WAL, synchronous=FULL"
        else:
            if initdb_path() is None:
                raise SystemExit("PostgreSQL is not installed (no initdb)")
            cluster = PgCluster()  # default settings: fsync and synchronous_commit on
            try:
                result = run(cluster.url("postgres"), args.events, args.clients, args.batch)
            finally:
                cluster.stop()
            mode = "PostgreSQL, fsync=on, synchronous_commit=on"
        print(
            f"{mode:45s} {result['events_per_s']:8.0f} events/s   "
            f"p50 {result['p50_ms']:6.1f} ms   p99 {result['p99_ms']:6.1f} ms per batch   "
            f"({result['events']:.0f} events in {result['seconds']:.1f} s)"
        )


if __name__ == "__main__":
    main()

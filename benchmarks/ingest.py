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
import contextlib
import glob
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

STATIONS = 8


def free_port() -> int:
    rng = random.Random(os.getpid() ^ time.time_ns())
    while True:
        port = rng.randrange(20000, 32000)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port


@contextlib.contextmanager
def postgres() -> Iterator[str]:
    initdb = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not initdb:
        raise SystemExit("PostgreSQL is not installed (no initdb)")
    bin_ = Path(initdb[-1]).parent
    folder = Path(tempfile.mkdtemp(prefix="rampline-bench-pg-", dir="/tmp"))
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if prefix:
        shutil.chown(folder, "postgres", "postgres")
    port = free_port()
    data = str(folder / "data")
    try:
        subprocess.run(
            [*prefix, str(bin_ / "initdb"), "-D", data, "-U", "postgres", "-A", "trust"],
            check=True,
            capture_output=True,
            cwd=folder,
        )
        subprocess.run(
            [
                *prefix,
                str(bin_ / "pg_ctl"),
                "-D",
                data,
                "-l",
                str(folder / "log"),
                "-w",
                "-o",
                f"-p {port} -k {folder} -c listen_addresses=127.0.0.1",
                "start",
            ],
            check=True,
            capture_output=True,
            cwd=folder,
        )
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*prefix, str(bin_ / "pg_ctl"), "-D", data, "-m", "fast", "stop"],
            capture_output=True,
            cwd=folder,
        )
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def serve(db_url: str) -> Iterator[str]:
    port = free_port()
    exe = Path(sys.executable).parent / "rampline"
    proc = subprocess.Popen([str(exe), "serve", "--db", db_url, "--port", str(port)])
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(url + "/health").status_code == 200:
                    break
            time.sleep(0.05)
        yield url
    finally:
        proc.terminate()
        proc.wait()


def line_yaml(units: int) -> str:
    rows = [
        "factory: Benchmark line",
        "start: 2026-01-05T06:00",
        "calendars:",
        "  always:",
        '    shifts: [{start: "00:00", hours: 24}]',
        "stations:",
    ]
    rows += [f"  s{k}: {{calendar: always, skill: ops, cells: 4}}" for k in range(1, STATIONS + 1)]
    rows += [
        "people:",
        "  ops:",
        "    hires: [{on: 2026-01-05, count: 40, trained: true}]",
        "products:",
    ]
    rows += [
        f"  p{k}: {{routing: [{{station: s{k}, time: 1min}}]}}" for k in range(1, STATIONS + 1)
    ]
    rows += ["demand:"] + [
        f"  - {{product: p{k}, quantity: {units}, due: 2026-12-18}}" for k in range(1, STATIONS + 1)
    ]
    return "\n".join(rows) + "\n"


def seed(url: str, units: int) -> None:
    with httpx.Client(base_url=url, timeout=120) as c:
        c.post("/factory-models", json={"text": line_yaml(units), "loaded_by": "bench"})
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
    with serve(db_url) as url:
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
            with postgres() as url:
                result = run(url, args.events, args.clients, args.batch)
            mode = "PostgreSQL, fsync=on, synchronous_commit=on"
        print(
            f"{mode:45s} {result['events_per_s']:8.0f} events/s   "
            f"p50 {result['p50_ms']:6.1f} ms   p99 {result['p99_ms']:6.1f} ms per batch   "
            f"({result['events']:.0f} events in {result['seconds']:.1f} s)"
        )


if __name__ == "__main__":
    main()

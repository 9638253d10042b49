"""Helpers for the tracking tests: a throw-away PostgreSQL, free ports, live servers.

PostgreSQL: ``initdb`` into a temporary folder (as user ``postgres`` when the
tests run as root), started on 127.0.0.1 at a free port below 32768 with its
socket in that folder; each test gets a database of its own.
"""

from __future__ import annotations

import contextlib
import glob
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]
QUADCOPTER = ROOT / "examples" / "quadcopter-line.yaml"
_RNG = random.Random(os.getpid() ^ time.time_ns())


def initdb_path() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return found[-1] if found else (shutil.which("initdb") or None)


def free_port() -> int:
    """A free TCP port on loopback below 32768 (under the Linux ephemeral range)."""
    for _ in range(200):
        port = _RNG.randrange(20000, 32000)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port")


class PgCluster:
    def __init__(self) -> None:
        initdb = initdb_path()
        assert initdb is not None
        self.bin = Path(initdb).parent
        self.dir = Path(tempfile.mkdtemp(prefix="rampline-pg-", dir="/tmp"))
        self.root = os.geteuid() == 0
        if self.root:
            shutil.chown(self.dir, "postgres", "postgres")
        self.data = self.dir / "data"
        self.port = 0
        self._run(
            [
                str(self.bin / "initdb"),
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-sync",
            ]
        )
        for _ in range(5):
            self.port = free_port()
            options = (
                f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=200"
            )
            try:
                self._run(
                    [
                        str(self.bin / "pg_ctl"),
                        "-D",
                        str(self.data),
                        "-l",
                        str(self.dir / "log"),
                        "-w",
                        "-t",
                        "60",
                        "-o",
                        options,
                        "start",
                    ]
                )
                return
            except subprocess.CalledProcessError:
                continue
        raise RuntimeError((self.dir / "log").read_text())

    def _run(self, cmd: list[str]) -> None:
        if self.root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, cwd=self.dir)

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run(
                [str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"]
            )
        shutil.rmtree(self.dir, ignore_errors=True)


class ThreadServer:
    """The app under uvicorn in a thread of the test process, on a loopback port."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.port = free_port()
        config = uvicorn.Config(
            app,
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            access_log=False,
            ws="none",
            lifespan="on",
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ThreadServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(20)


class ProcessServer:
    """``rampline serve`` as a child process; ``kill()`` is kill -9."""

    def __init__(self, db_url: str, port: int | None = None, *, via_cli: bool = True) -> None:
        self.db_url = db_url
        self.via_cli = via_cli
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60) -> None:
        if self.via_cli:
            cmd = [
                str(Path(sys.executable).parent / "rampline"),
                "serve",
                "--db",
                self.db_url,
                "--port",
                str(self.port),
            ]
        else:  # the same app without importing every command: a faster restart
            cmd = [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                "rampline.api.app:app_from_env",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--log-level",
                "warning",
                "--no-access-log",
                "--ws",
                "none",
            ]
        env = {**os.environ, "RAMPLINE_DB": self.db_url}
        self.proc = subprocess.Popen(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode() if self.proc.stderr else ""
                raise RuntimeError(f"server exited: {err}")
            try:
                if httpx.get(self.url + "/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.05)
        raise RuntimeError("server did not start")

    def kill(self) -> None:
        if self.proc is not None:
            self.proc.kill()  # SIGKILL: no shutdown, no flush
            self.proc.wait()
            if self.proc.stderr:
                self.proc.stderr.close()
            self.proc = None

    def __enter__(self) -> ProcessServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.kill()


def line_yaml(stations: int = 8, quantity: int = 1) -> str:
    """A line of ``stations`` stations s1..sN, each with a one-step product p1..pN
    demanded ``quantity`` times."""
    lines = [
        "factory: Test line",
        "start: 2026-01-05T06:00",
        "calendars:",
        "  always:",
        '    shifts: [{start: "00:00", hours: 24}]',
        "stations:",
    ]
    lines += [f"  s{k}: {{calendar: always, skill: ops, cells: 4}}" for k in range(1, stations + 1)]
    lines += [
        "people:",
        "  ops:",
        "    hires: [{on: 2026-01-05, count: 40, trained: true}]",
        "products:",
    ]
    lines += [
        f"  p{k}: {{routing: [{{station: s{k}, time: 1min}}]}}" for k in range(1, stations + 1)
    ]
    lines += ["demand:"]
    lines += [
        f"  - {{product: p{k}, quantity: {quantity}, due: 2026-12-18}}"
        for k in range(1, stations + 1)
    ]
    return "\n".join(lines) + "\n"


def seed_line(client: httpx.Client, stations: int = 8, units_per_station: int = 250) -> None:
    """Load the test line, an operator per station and the units each station will see."""
    r = client.post("/factory-models", json={"text": line_yaml(stations), "loaded_by": "test"})
    assert r.status_code == 201, r.text
    for k in range(1, stations + 1):
        r = client.post(
            "/operators",
            json={
                "id": f"op{k}",
                "qualifications": [{"skill": "ops", "qualified_on": "2026-01-01"}],
            },
        )
        assert r.status_code == 201, r.text
        serials = [f"s{k}-{i}" for i in range(units_per_station)]
        r = client.post(
            "/work-orders",
            json={
                "id": f"wo{k}",
                "product": f"p{k}",
                "quantity": units_per_station,
                "serials": serials,
            },
        )
        assert r.status_code == 201, r.text


def station_events(k: int, count: int) -> list[dict[str, Any]]:
    """``count`` events of station s{k}: start and pass-end of its units, numbered 1..count."""
    out: list[dict[str, Any]] = []
    for i in range(count // 2):
        minute = 2 * i
        at = f"2026-01-06T{minute // 60 % 24:02d}:{minute % 60:02d}:00"
        end = f"2026-01-06T{(minute + 1) // 60 % 24:02d}:{(minute + 1) % 60:02d}:00"
        serial = f"s{k}-{i}"
        out.append(
            {
                "type": "operation.start",
                "station": f"s{k}",
                "seq": 2 * i + 1,
                "at": at,
                "serial": serial,
                "operator": f"op{k}",
            }
        )
        out.append(
            {
                "type": "operation.end",
                "station": f"s{k}",
                "seq": 2 * i + 2,
                "at": end,
                "serial": serial,
                "outcome": "pass",
            }
        )
    return out


def count_rows(db_url: str, table: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
    finally:
        engine.dispose()


@contextlib.contextmanager
def timed() -> Iterator[list[float]]:
    t = [time.perf_counter()]
    yield t
    t.append(time.perf_counter() - t[0])

"""API tests run against a live server on loopback, on SQLite and on PostgreSQL.

The database fixtures live in tests/integration (``db_url``, ``pg_cluster``).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration"))

from tracking_support import PgCluster, ThreadServer, initdb_path

from rampline.api import create_app
from rampline.config import Settings


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    if initdb_path() is None:
        pytest.skip("PostgreSQL is not installed (no initdb); `make system` installs it")
    cluster = PgCluster()
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'line.sqlite'}"
    cluster: PgCluster = request.getfixturevalue("pg_cluster")
    return cluster.create_database()


@pytest.fixture
def settings(db_url: str) -> Settings:
    return Settings(db_url=db_url)


@pytest.fixture
def server(settings: Settings) -> Iterator[ThreadServer]:
    with ThreadServer(create_app(settings)) as live:
        yield live


@pytest.fixture
def client(server: ThreadServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as c:
        yield c

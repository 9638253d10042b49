"""Fixtures for tests on real SQLite and real PostgreSQL (see tracking_support)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tracking_support import PgCluster, initdb_path


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

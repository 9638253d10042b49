"""Engines: SQLite with WAL, synchronous=FULL and foreign keys; PostgreSQL by URL.

SQLite: every connection turns on ``journal_mode=WAL`` (readers never wait
for the writer), ``synchronous=FULL`` (the WAL is synced at every commit, so
an acknowledged event survives a power cut, not only a crash of the process;
``NORMAL`` would lose the last commits on power loss) and ``foreign_keys``.
Write transactions start with ``BEGIN IMMEDIATE`` so that two writers queue
for the lock instead of failing to upgrade it, and writers of one process
queue on a Python lock first, which is fairer than SQLite's busy sleeps.

PostgreSQL: ``postgresql+psycopg://user@host:port/db``, READ COMMITTED,
with rows locked (``FOR UPDATE``) where a batch changes them.
"""

from __future__ import annotations

import threading
import weakref
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


def _sqlite_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url, connect_args={"timeout": 60, "check_same_thread": False}, pool_size=10, max_overflow=20
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we say BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        write = connection.get_execution_options().get("rampline_write", True)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    _WRITE_LOCKS[engine] = threading.Lock()
    return engine


_WRITE_LOCKS: weakref.WeakKeyDictionary[Engine, threading.Lock] = weakref.WeakKeyDictionary()


def write_lock(engine: Engine) -> threading.Lock | None:
    """The lock a SQLite writer of this process takes; None for PostgreSQL."""
    return _WRITE_LOCKS.get(engine)

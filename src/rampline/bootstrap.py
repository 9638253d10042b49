"""The composition root: the one place that wires real adapters to the use cases.

``build(settings)`` makes the engine, brings the schema to the newest
migration and returns a :class:`Tracking` that the API, the CLI and demos
share: a unit of work, a clock and the in-flight Idempotency-Key registry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Engine

from rampline.config import Settings
from rampline.db.engine import make_engine
from rampline.db.migrate import upgrade
from rampline.db.uow import SqlUnitOfWork
from rampline.services.idempotency import KeyLocks


class SystemClock:
    """The server's clock, UTC without a zone (receipt times, key expiry)."""

    def now(self) -> datetime:
        return datetime.now(UTC).replace(tzinfo=None)


@dataclass
class Tracking:
    settings: Settings
    engine: Engine
    uow: SqlUnitOfWork
    clock: SystemClock = field(default_factory=SystemClock)
    key_locks: KeyLocks = field(default_factory=KeyLocks)

    def purge_expired_keys(self) -> int:
        with self.uow.write() as tx:
            n = tx.idempotency.purge(self.clock.now())
            tx.commit()
        return n

    def close(self) -> None:
        self.engine.dispose()


def build(settings: Settings, *, migrate: bool = True) -> Tracking:
    engine = make_engine(settings.db_url)
    if migrate:
        upgrade(engine)
    return Tracking(settings, engine, SqlUnitOfWork(engine))

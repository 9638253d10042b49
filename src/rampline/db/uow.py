"""The SQL unit of work: one connection, one transaction, all repositories on it.

``write()`` and ``read()`` each open a transaction and yield a
:class:`SqlTransaction`; nothing is kept unless ``commit()`` is called before
the block ends. A unique constraint that another transaction won meanwhile
(a station's event number, an id) comes out as a ``ConflictError``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import IntegrityError

from rampline.db import quality_repositories as q
from rampline.db import repositories as r
from rampline.db.engine import write_lock
from rampline.errors import ConflictError


class SqlTransaction:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.factory_models = r.FactoryModelRepository(conn)
        self.characteristics = r.CharacteristicRepository(conn)
        self.operators = r.OperatorRepository(conn)
        self.work_orders = r.WorkOrderRepository(conn)
        self.units = r.UnitRepository(conn)
        self.lots = r.LotRepository(conn)
        self.records = r.RecordRepository(conn)
        self.events = r.EventRepository(conn)
        self.idempotency = r.IdempotencyRepository(conn)
        self.quality = q.QualityRepository(conn)
        self.nonconformances = q.NonconformanceRepository(conn)

    def commit(self) -> None:
        self.conn.commit()


class SqlUnitOfWork:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._lock = write_lock(engine)

    @contextmanager
    def write(self) -> Iterator[SqlTransaction]:
        with self._lock or nullcontext(), self._open(write=True) as tx:
            yield tx

    @contextmanager
    def read(self) -> Iterator[SqlTransaction]:
        with self._open(write=False) as tx:
            yield tx

    @contextmanager
    def _open(self, *, write: bool) -> Iterator[SqlTransaction]:
        with self.engine.connect() as conn:
            conn = conn.execution_options(rampline_write=write)
            conn.begin()
            try:
                yield SqlTransaction(conn)
            except IntegrityError as exc:
                conn.rollback()
                raise ConflictError(
                    "another request stored the same thing meanwhile: "
                    f"{str(exc.orig).splitlines()[0]}"
                ) from exc
            finally:
                if conn.in_transaction():
                    conn.rollback()

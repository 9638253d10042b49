"""Repositories over one connection in one transaction; they never commit.

Every method speaks in records (``domain.tracking``) and converts through
``mappers``; bulk writes are single ``executemany`` statements. Reads of rows
a batch will change lock them (``FOR UPDATE`` on PostgreSQL; SQLite has one
writer at a time anyway).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import Connection, Date, bindparam, case, cast, func, insert, select, text, update

from rampline.db import mappers
from rampline.db import tables as t
from rampline.domain.tracking import (
    Characteristic,
    Consumption,
    DowntimeRecord,
    FactoryModel,
    Gap,
    IdempotentReply,
    Lot,
    MeasurementRecord,
    OperationRecord,
    Operator,
    Qualification,
    StationSequence,
    StoredEvent,
    Unit,
    UnitStatus,
    WorkOrder,
)

T = TypeVar("T")
_CHUNK = 5000  # keeps IN lists under every driver's parameter limit


def chunks(items: Collection[T]) -> Iterator[list[T]]:
    values = list(items)
    for i in range(0, len(values), _CHUNK):
        yield values[i : i + _CHUNK]


class Repo:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.postgres = conn.dialect.name == "postgresql"


class FactoryModelRepository(Repo):
    def add(
        self, name: str, sha256: str, text: str, loaded_by: str, loaded_at: datetime
    ) -> FactoryModel:
        result = self.conn.execute(
            insert(t.factory_models).values(
                name=name, sha256=sha256, text=text, loaded_by=loaded_by, loaded_at=loaded_at
            )
        )
        version = result.inserted_primary_key[0]  # type: ignore[index]
        return FactoryModel(version, name, sha256, text, loaded_by, loaded_at)

    def current(self) -> FactoryModel | None:
        row = self.conn.execute(
            select(t.factory_models).order_by(t.factory_models.c.version.desc()).limit(1)
        ).first()
        return mappers.factory_model(row) if row else None

    def all(self) -> list[FactoryModel]:
        rows = self.conn.execute(select(t.factory_models).order_by(t.factory_models.c.version))
        return [mappers.factory_model(r) for r in rows]


class CharacteristicRepository(Repo):
    def add(self, characteristic: Characteristic) -> None:
        self.conn.execute(insert(t.characteristics), [mappers.characteristic_row(characteristic)])

    def get_many(self, ids: Collection[str]) -> dict[str, Characteristic]:
        out: dict[str, Characteristic] = {}
        for chunk in chunks(ids):
            rows = self.conn.execute(
                select(t.characteristics).where(t.characteristics.c.id.in_(chunk))
            )
            out.update((r.id, mappers.characteristic(r)) for r in rows)
        return out

    def all(self) -> list[Characteristic]:
        rows = self.conn.execute(select(t.characteristics).order_by(t.characteristics.c.id))
        return [mappers.characteristic(r) for r in rows]


class OperatorRepository(Repo):
    def add(self, operator: Operator) -> None:
        self.conn.execute(insert(t.operators).values(id=operator.id, name=operator.name))
        if operator.qualifications:
            self.conn.execute(
                insert(t.qualifications),
                [mappers.qualification_row(operator.id, q) for q in operator.qualifications],
            )

    def add_qualification(self, operator_id: str, qualification: Qualification) -> None:
        self.conn.execute(
            insert(t.qualifications), [mappers.qualification_row(operator_id, qualification)]
        )

    def get(self, operator_id: str) -> Operator | None:
        return self.get_many([operator_id]).get(operator_id)

    def get_many(self, ids: Collection[str]) -> dict[str, Operator]:
        names: dict[str, str] = {}
        quals: dict[str, list[Qualification]] = {}
        for chunk in chunks(ids):
            for r in self.conn.execute(select(t.operators).where(t.operators.c.id.in_(chunk))):
                names[r.id] = r.name
                quals[r.id] = []
            q = t.qualifications
            rows = self.conn.execute(select(q).where(q.c.operator_id.in_(chunk)).order_by(q.c.id))
            for r in rows:
                quals[r.operator_id].append(mappers.qualification(r))
        return {i: Operator(i, names[i], tuple(quals[i])) for i in names}


class WorkOrderRepository(Repo):
    def add(self, order: WorkOrder) -> None:
        self.conn.execute(insert(t.work_orders), [mappers.work_order_row(order)])

    def get(self, order_id: str) -> WorkOrder | None:
        row = self.conn.execute(select(t.work_orders).where(t.work_orders.c.id == order_id)).first()
        return mappers.work_order(row) if row else None

    def count_units(self, order_id: str) -> int:
        return int(
            self.conn.execute(
                select(func.count()).select_from(t.units).where(t.units.c.work_order_id == order_id)
            ).scalar_one()
        )


class UnitRepository(Repo):
    def add_many(self, units: Iterable[Unit]) -> None:
        rows = [mappers.unit_row(u) for u in units]
        if rows:
            self.conn.execute(insert(t.units), rows)

    def existing(self, serials: Collection[str]) -> set[str]:
        found: set[str] = set()
        for chunk in chunks(serials):
            found.update(
                self.conn.execute(
                    select(t.units.c.serial).where(t.units.c.serial.in_(chunk))
                ).scalars()
            )
        return found

    def get_many(self, serials: Collection[str], *, lock: bool = False) -> dict[str, Unit]:
        out: dict[str, Unit] = {}
        for chunk in chunks(sorted(serials)):
            query = select(t.units).where(t.units.c.serial.in_(chunk)).order_by(t.units.c.serial)
            if lock:
                query = query.with_for_update()
            out.update((r.serial, mappers.unit(r)) for r in self.conn.execute(query))
        return out

    def update_many(self, units: Iterable[Unit]) -> None:
        rows = [{"b_" + k: v for k, v in mappers.unit_row(u).items()} for u in units]
        if not rows:
            return
        columns = [c for c in mappers.unit_row(Unit("", "", "")) if c != "serial"]
        statement = (
            update(t.units)
            .where(t.units.c.serial == bindparam("b_serial"))
            .values({c: bindparam("b_" + c) for c in columns})
        )
        self.conn.execute(statement, rows)

    def of_work_order(self, order_id: str) -> list[Unit]:
        rows = self.conn.execute(
            select(t.units).where(t.units.c.work_order_id == order_id).order_by(t.units.c.serial)
        )
        return [mappers.unit(r) for r in rows]

    def all(self) -> list[Unit]:
        return [
            mappers.unit(r) for r in self.conn.execute(select(t.units).order_by(t.units.c.serial))
        ]

    def wip(self) -> list[Unit]:
        rows = self.conn.execute(
            select(t.units).where(
                t.units.c.status.in_([UnitStatus.QUEUED.value, UnitStatus.RUNNING.value])
            )
        )
        return [mappers.unit(r) for r in rows]

    def running_in(self, stations: Collection[str]) -> dict[tuple[str, int], str]:
        """The unit running in each busy cell of ``stations``: (station, cell) -> serial."""
        u = t.units.c
        rows = self.conn.execute(
            select(u.running_station, u.running_cell, u.serial).where(
                u.status == UnitStatus.RUNNING.value, u.running_station.in_(list(stations))
            )
        )
        return {(r.running_station, r.running_cell): r.serial for r in rows}

    def finished_per_day(
        self, start: date | None, end: date | None, until: datetime | None = None
    ) -> list[tuple[date, str, int]]:
        finished = t.units.c.finished_at
        day = cast(finished, Date) if self.postgres else func.date(finished)
        query = (
            select(day.label("day"), t.units.c.product, func.count().label("n"))
            .where(finished.is_not(None))
            .group_by(day, t.units.c.product)
            .order_by(day, t.units.c.product)
        )
        if start is not None:
            query = query.where(finished >= datetime(start.year, start.month, start.day))
        if end is not None:
            query = query.where(
                finished < datetime(end.year, end.month, end.day) + timedelta(days=1)
            )
        if until is not None:
            query = query.where(finished <= until)
        out = []
        for r in self.conn.execute(query):
            d = r.day if isinstance(r.day, date) else date.fromisoformat(str(r.day))
            out.append((d, r.product, int(r.n)))
        return out


class LotRepository(Repo):
    def add(self, lot: Lot) -> None:
        self.conn.execute(insert(t.lots), [mappers.lot_row(lot)])

    def get_many(self, ids: Collection[str], *, lock: bool = False) -> dict[str, Lot]:
        out: dict[str, Lot] = {}
        for chunk in chunks(sorted(ids)):
            query = select(t.lots).where(t.lots.c.id.in_(chunk)).order_by(t.lots.c.id)
            if lock:
                query = query.with_for_update()
            out.update((r.id, mappers.lot(r)) for r in self.conn.execute(query))
        return out

    def set_remaining(self, remaining: Mapping[str, float]) -> None:
        statement = (
            update(t.lots)
            .where(t.lots.c.id == bindparam("b_id"))
            .values(remaining=bindparam("b_remaining"))
        )
        self.conn.execute(
            statement, [{"b_id": k, "b_remaining": v} for k, v in sorted(remaining.items())]
        )


class RecordRepository(Repo):
    def _add(self, table: Any, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.conn.execute(insert(table), rows)

    def add_operations(self, records: Iterable[OperationRecord]) -> None:
        self._add(t.operations, [mappers.operation_row(r) for r in records])

    def add_measurements(self, records: Iterable[MeasurementRecord]) -> None:
        self._add(t.measurements, [mappers.measurement_row(r) for r in records])

    def add_downtime(self, records: Iterable[DowntimeRecord]) -> None:
        self._add(t.downtime, [mappers.downtime_row(r) for r in records])

    def add_consumptions(self, records: Iterable[Consumption]) -> None:
        self._add(t.consumptions, [mappers.consumption_row(r) for r in records])

    def operations_of(self, serial: str) -> list[OperationRecord]:
        o = t.operations
        rows = self.conn.execute(select(o).where(o.c.serial == serial).order_by(o.c.start, o.c.id))
        return [mappers.operation(r) for r in rows]

    def last_ends(self, serials: Collection[str]) -> dict[str, datetime]:
        """When each unit's latest operation ended (units with none left out)."""
        o = t.operations
        out: dict[str, datetime] = {}
        for part in chunks(serials):
            latest = select(o.c.serial, func.max(o.c.end)).where(o.c.serial.in_(part))
            for serial, end in self.conn.execute(latest.group_by(o.c.serial)):
                out[serial] = end
        return out

    def operations_started_by(self, at: datetime) -> list[OperationRecord]:
        o = t.operations
        rows = self.conn.execute(
            select(o).where(o.c.start <= at).order_by(o.c.serial, o.c.start, o.c.id)
        )
        return [mappers.operation(r) for r in rows]

    def measurements_of(self, serial: str) -> list[MeasurementRecord]:
        m = t.measurements
        rows = self.conn.execute(select(m).where(m.c.serial == serial).order_by(m.c.at, m.c.id))
        return [mappers.measurement(r) for r in rows]

    def consumptions_of(self, serial: str) -> list[Consumption]:
        c = t.consumptions
        rows = self.conn.execute(select(c).where(c.c.serial == serial).order_by(c.c.at, c.c.id))
        return [mappers.consumption(r) for r in rows]

    def consumptions_of_lot(self, lot: str) -> list[Consumption]:
        c = t.consumptions
        rows = self.conn.execute(select(c).where(c.c.lot == lot).order_by(c.c.at, c.c.id))
        return [mappers.consumption(r) for r in rows]

    def downtime(self, station: str | None) -> list[DowntimeRecord]:
        d = t.downtime
        query = select(d).order_by(d.c.start, d.c.id)
        if station is not None:
            query = query.where(d.c.station == station)
        return [mappers.downtime(r) for r in self.conn.execute(query)]

    def yields(self, until: datetime | None = None) -> list[tuple[str, str, int, int]]:
        o = t.operations
        first = func.sum(case((o.c.attempt == 1, 1), else_=0))
        query = select(o.c.station, o.c.outcome, func.count(), first)
        if until is not None:
            query = query.where(o.c.end <= until)
        rows = self.conn.execute(query.group_by(o.c.station, o.c.outcome))
        return [(r[0], r[1], int(r[2]), int(r[3] or 0)) for r in rows]


class EventRepository(Repo):
    def existing_seqs(self, pairs: Collection[tuple[str, int]]) -> set[tuple[str, int]]:
        by_station: dict[str, set[int]] = {}
        for station, seq in pairs:
            by_station.setdefault(station, set()).add(seq)
        found: set[tuple[str, int]] = set()
        e = t.events
        for station, seqs in sorted(by_station.items()):
            for chunk in chunks(sorted(seqs)):
                rows = self.conn.execute(
                    select(e.c.seq).where(e.c.station == station, e.c.seq.in_(chunk))
                )
                found.update((station, s) for s in rows.scalars())
        return found

    def add_many(self, events: Iterable[StoredEvent]) -> None:
        rows = [mappers.event_row(e) for e in events]
        if rows:
            self.conn.execute(insert(t.events), rows)

    def ensure_stations(self, stations: Iterable[str]) -> None:
        wanted = set(stations)
        s = t.station_sequences
        have = set(self.conn.execute(select(s.c.station)).scalars())
        missing = sorted(wanted - have)
        if missing:
            self.conn.execute(
                insert(s), [{"station": m, "last_seq": 0, "received": 0} for m in missing]
            )

    def advance(self, counts: Mapping[str, tuple[int, int]]) -> list[StationSequence]:
        s = t.station_sequences
        self.ensure_stations(counts)
        for station, (top, n) in sorted(counts.items()):
            self.conn.execute(
                update(s)
                .where(s.c.station == station)
                .values(
                    last_seq=case((s.c.last_seq < top, top), else_=s.c.last_seq),
                    received=s.c.received + n,
                )
            )
        rows = self.conn.execute(
            select(s).where(s.c.station.in_(sorted(counts))).order_by(s.c.station)
        )
        return [mappers.sequence(r) for r in rows]

    def sequences(self) -> list[StationSequence]:
        s = t.station_sequences
        return [mappers.sequence(r) for r in self.conn.execute(select(s).order_by(s.c.station))]

    def gaps(self, station: str | None = None) -> list[Gap]:
        e = t.events
        following = func.lead(e.c.seq).over(partition_by=e.c.station, order_by=e.c.seq)
        inner = select(e.c.station, e.c.seq, following.label("next"))
        first = select(e.c.station, func.min(e.c.seq).label("low")).group_by(e.c.station)
        if station is not None:
            inner = inner.where(e.c.station == station)
            first = first.where(e.c.station == station)
        sub = inner.subquery()
        found = [Gap(r.station, 1, r.low - 1) for r in self.conn.execute(first) if r.low > 1]
        rows = self.conn.execute(select(sub).where(sub.c.next - sub.c.seq > 1))
        found += [Gap(r.station, r.seq + 1, r.next - 1) for r in rows]
        return sorted(found, key=lambda g: (g.station, g.first))

    def count(self) -> int:
        return int(self.conn.execute(select(func.count()).select_from(t.events)).scalar_one())

    def latest_at(self) -> datetime | None:
        found = self.conn.execute(select(func.max(t.events.c.at))).scalar_one()
        if found is None or isinstance(found, datetime):
            return found
        return datetime.fromisoformat(str(found))


class IdempotencyRepository(Repo):
    def lock(self, key: str) -> bool:
        if not self.postgres:
            return True  # SQLite: BEGIN IMMEDIATE already made this the only writer
        return bool(
            self.conn.execute(
                text("SELECT pg_try_advisory_xact_lock(hashtextextended(:k, 0))"), {"k": key}
            ).scalar_one()
        )

    def get(self, key: str) -> IdempotentReply | None:
        k = t.idempotency_keys
        row = self.conn.execute(select(k).where(k.c.key == key)).first()
        return mappers.reply(row) if row else None

    def add(self, reply: IdempotentReply) -> None:
        self.conn.execute(insert(t.idempotency_keys), [mappers.reply_row(reply)])

    def delete(self, key: str) -> None:
        k = t.idempotency_keys
        self.conn.execute(k.delete().where(k.c.key == key))

    def purge(self, now: datetime) -> int:
        k = t.idempotency_keys
        result = self.conn.execute(k.delete().where(k.c.expires_at <= now))
        return int(result.rowcount or 0)


def rows_of(conn: Connection, table_name: str) -> tuple[Sequence[str], Iterator[Sequence[Any]]]:
    """Column names and all rows of a table, in key order (for export)."""
    table = t.metadata.tables[table_name]
    result = conn.execute(select(table).order_by(*table.primary_key.columns))
    return list(result.keys()), iter(result)


# --- quality: control charts, alerts, nonconformance reports -----------------

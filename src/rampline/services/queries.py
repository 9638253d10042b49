"""Reads: a unit's history, genealogy both ways, WIP, output per day, yields, gaps."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from rampline.domain.tracking import (
    Characteristic,
    Consumption,
    DowntimeRecord,
    FactoryModel,
    Gap,
    Lot,
    MeasurementRecord,
    OperationRecord,
    Operator,
    StationSequence,
    Unit,
    UnitStatus,
    WorkOrder,
    place_at,
)
from rampline.errors import NotFoundError
from rampline.services.factory import current_factory, unknown_station
from rampline.services.ports import Transaction, UnitOfWork


@dataclass(frozen=True)
class UnitHistory:
    unit: Unit
    operations: list[OperationRecord]
    measurements: list[MeasurementRecord]
    consumptions: list[Consumption]


@dataclass(frozen=True)
class StationWip:
    station: str
    waiting: int  # queued for this station (units not started count at their first station)
    in_cells: int
    serials_in_cells: list[str]


@dataclass(frozen=True)
class StationYield:
    station: str
    operations: int
    passed: int
    reworked: int
    scrapped: int
    first_attempts: int
    first_pass: int

    @property
    def yield_(self) -> float | None:
        return self.passed / self.operations if self.operations else None

    @property
    def first_pass_yield(self) -> float | None:
        return self.first_pass / self.first_attempts if self.first_attempts else None


def unit_history(uow: UnitOfWork, serial: str) -> UnitHistory:
    with uow.read() as tx:
        unit = tx.units.get_many([serial]).get(serial)
        if unit is None:
            raise NotFoundError(f"no unit with serial '{serial}'")
        return UnitHistory(
            unit,
            tx.records.operations_of(serial),
            tx.records.measurements_of(serial),
            tx.records.consumptions_of(serial),
        )


def lots_in_unit(uow: UnitOfWork, serial: str) -> list[Consumption]:
    """Which lots went into serial X."""
    with uow.read() as tx:
        if not tx.units.existing([serial]):
            raise NotFoundError(f"no unit with serial '{serial}'")
        return tx.records.consumptions_of(serial)


def units_with_lot(uow: UnitOfWork, lot: str) -> tuple[Lot, list[Consumption]]:
    """Which serials hold lot Y."""
    with uow.read() as tx:
        found = tx.lots.get_many([lot]).get(lot)
        if found is None:
            raise NotFoundError(f"no lot '{lot}'")
        return found, tx.records.consumptions_of_lot(lot)


def wip(uow: UnitOfWork, at: datetime | None = None) -> list[StationWip]:
    """Units waiting in front of and running at each station: now, or at ``at``
    (replayed from the operation records, ``tracking.place_at``)."""
    places: list[tuple[str, UnitStatus, str | None]] = []  # serial, status, station
    with uow.read() as tx:
        factory = current_factory(tx)
        if at is None:
            for u in tx.units.wip():
                routing = factory.products[u.product].routing
                station = u.running_station or routing[u.step].station
                places.append((u.serial, u.status, station))
        else:
            ops: dict[str, list[OperationRecord]] = defaultdict(list)
            for op in tx.records.operations_started_by(at):
                ops[op.serial].append(op)
            for u in tx.units.all():
                stations = [s.station for s in factory.products[u.product].routing]
                places.append((u.serial, *place_at(u, stations, ops.get(u.serial, []), at)))
    waiting: dict[str, int] = defaultdict(int)
    running: dict[str, list[str]] = defaultdict(list)
    for serial, status, at_station in places:
        if status is UnitStatus.RUNNING and at_station is not None:
            running[at_station].append(serial)
        elif status is UnitStatus.QUEUED and at_station is not None:
            waiting[at_station] += 1
    return [
        StationWip(s.id, waiting[s.id], len(running[s.id]), sorted(running[s.id]))
        for s in factory.stations
    ]


def output_per_day(
    uow: UnitOfWork,
    start: date | None = None,
    end: date | None = None,
    until: datetime | None = None,
) -> list[tuple[date, str, int]]:
    """Units that passed their last step, per day and product (by ``until`` if given)."""
    with uow.read() as tx:
        return tx.units.finished_per_day(start, end, until)


def yields(uow: UnitOfWork, until: datetime | None = None) -> list[StationYield]:
    """Outcomes per station, of the operations ended by ``until`` (default: all)."""
    with uow.read() as tx:
        factory = current_factory(tx)
        rows = tx.records.yields(until)
    counts: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)
    for station, outcome, n, first in rows:
        counts[station][outcome] = (n, first)
    out = []
    for s in factory.stations:
        c = counts.get(s.id, {})
        ops = sum(n for n, _ in c.values())
        firsts = sum(f for _, f in c.values())
        out.append(
            StationYield(
                s.id,
                ops,
                c.get("pass", (0, 0))[0],
                c.get("rework", (0, 0))[0],
                c.get("scrap", (0, 0))[0],
                firsts,
                c.get("pass", (0, 0))[1],
            )
        )
    return out


def sequences(uow: UnitOfWork) -> list[StationSequence]:
    with uow.read() as tx:
        return tx.events.sequences()


def gaps(uow: UnitOfWork, station: str | None = None) -> list[Gap]:
    with uow.read() as tx:
        _known_station(tx, station)
        return tx.events.gaps(station)


def downtime(uow: UnitOfWork, station: str | None = None) -> list[DowntimeRecord]:
    with uow.read() as tx:
        _known_station(tx, station)
        return tx.records.downtime(station)


def _known_station(tx: Transaction, station: str | None) -> None:
    """A station filter names a station of the current factory model (an empty
    answer would hide a typo)."""
    if station is None or tx.factory_models.current() is None:
        return
    known = [s.id for s in current_factory(tx).stations]
    if station not in known:
        raise unknown_station(station, known, "query.station")


def factory_models(uow: UnitOfWork) -> list[FactoryModel]:
    with uow.read() as tx:
        return tx.factory_models.all()


def operator(uow: UnitOfWork, operator_id: str) -> Operator:
    with uow.read() as tx:
        found = tx.operators.get(operator_id)
    if found is None:
        raise NotFoundError(f"no operator '{operator_id}'")
    return found


def work_order(uow: UnitOfWork, order_id: str) -> tuple[WorkOrder, list[Unit]]:
    with uow.read() as tx:
        order = tx.work_orders.get(order_id)
        if order is None:
            raise NotFoundError(f"no work order '{order_id}'")
        return order, tx.units.of_work_order(order_id)


def characteristics(uow: UnitOfWork) -> list[Characteristic]:
    with uow.read() as tx:
        return tx.characteristics.all()

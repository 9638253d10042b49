"""The rules a station event must keep, checked against the state of the line.

A :class:`LineState` is loaded once for a batch (the units, lots, operators
and characteristics it names); events are then applied one by one, so that a
start and its end may come in the same batch. An event that breaks a rule
raises an :class:`~rampline.errors.InputError` naming the field and leaves the
state as it was; the caller collects the problems and stores nothing if there
is any.

Unknown names (station, cell, serial, operator, characteristic) are
``UnknownReferenceError`` (HTTP 422); an event that contradicts the state of
the line (unqualified operator, out of routing order, a second start, a busy
cell, a start before the unit's last operation ended, an end before its
start, a missing or used-up lot, material taken before its lot arrived or
into a unit not due there, a material the step does not take, a number the
station already used) is a ``ConflictError`` (HTTP 409).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from rampline.domain.factory import Factory
from rampline.domain.line import Station
from rampline.domain.tracking import (
    Characteristic,
    Consumption,
    Downtime,
    DowntimeRecord,
    Lot,
    MaterialConsumed,
    Measurement,
    MeasurementRecord,
    OperationEnd,
    OperationRecord,
    OperationStart,
    Operator,
    StationEvent,
    StoredEvent,
    Unit,
    UnitStatus,
    after_end,
)
from rampline.errors import ConflictError, UnknownReferenceError
from rampline.services.factory import unknown_station


def payload(event: StationEvent) -> str:
    """The event as canonical JSON: what is logged and what a retry is compared by."""
    body: dict[str, Any] = {"type": event.type, **vars(event)}
    return json.dumps(body, default=_json_value, sort_keys=True, separators=(",", ":"))


def _json_value(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


@dataclass
class LineState:
    """The part of the line one batch touches, changed in memory as events apply."""

    factory: Factory
    units: dict[str, Unit]
    lots: dict[str, Lot]
    operators: dict[str, Operator]
    characteristics: dict[str, Characteristic]
    used_seqs: set[tuple[str, int]]
    busy_cells: dict[tuple[str, int], str]  # (station, cell) -> the unit running there
    last_ends: dict[str, datetime]  # serial -> when its latest operation ended
    received_at: datetime
    # what the accepted events leave behind
    events: list[StoredEvent] = field(default_factory=list)
    operations: list[OperationRecord] = field(default_factory=list)
    measurements: list[MeasurementRecord] = field(default_factory=list)
    downtime: list[DowntimeRecord] = field(default_factory=list)
    consumptions: list[Consumption] = field(default_factory=list)
    changed_units: set[str] = field(default_factory=set)
    changed_lots: set[str] = field(default_factory=set)
    stations: dict[str, Station] = field(init=False)

    def __post_init__(self) -> None:
        self.stations = {s.id: s for s in self.factory.stations}

    def apply(self, event: StationEvent, logged: str) -> None:
        """Check ``event`` and, if it keeps every rule, record it."""
        station = self._station(event.station)
        if (event.station, event.seq) in self.used_seqs:
            raise ConflictError(
                f"station '{event.station}' already sent event number {event.seq}", "seq"
            )
        if isinstance(event, OperationStart):
            self._start(station, event)
        elif isinstance(event, OperationEnd):
            self._end(station, event)
        elif isinstance(event, Measurement):
            self._measure(station, event)
        elif isinstance(event, Downtime):
            self._downtime(station, event)
        else:
            self._consume(station, event)
        self.used_seqs.add((event.station, event.seq))
        serial = None if isinstance(event, Downtime) else event.serial
        self.events.append(
            StoredEvent(
                event.station, event.seq, event.type, event.at, serial, logged, self.received_at
            )
        )

    # --- lookups -------------------------------------------------------

    def _station(self, station_id: str) -> Station:
        station = self.stations.get(station_id)
        if station is None:
            raise unknown_station(station_id, self.stations)
        return station

    @staticmethod
    def _cell(station: Station, cell: int | None) -> None:
        if cell is not None and not 1 <= cell <= station.cells:
            raise UnknownReferenceError(
                f"station '{station.id}' has cells 1 to {station.cells}, not {cell}", "cell"
            )

    def _unit(self, serial: str) -> Unit:
        unit = self.units.get(serial)
        if unit is None:
            raise UnknownReferenceError(f"unknown serial '{serial}'", "serial")
        return unit

    def _operator(self, operator_id: str) -> Operator:
        operator = self.operators.get(operator_id)
        if operator is None:
            raise UnknownReferenceError(f"unknown operator '{operator_id}'", "operator")
        return operator

    def _due_station(self, unit: Unit) -> str:
        return self.factory.products[unit.product].routing[unit.step].station

    # --- the rules -----------------------------------------------------

    def _start(self, station: Station, e: OperationStart) -> None:
        self._cell(station, e.cell)
        unit = self._unit(e.serial)
        operator = self._operator(e.operator)
        if unit.status is UnitStatus.SCRAPPED:
            raise ConflictError(f"unit '{unit.serial}' was scrapped", "serial")
        if unit.status is UnitStatus.DONE:
            raise ConflictError(f"unit '{unit.serial}' has finished its routing", "serial")
        if unit.status is UnitStatus.RUNNING:
            raise ConflictError(
                f"unit '{unit.serial}' already has an operation running at station "
                f"'{unit.running_station}' since {unit.running_since}",
                "serial",
            )
        due = self._due_station(unit)
        if due != station.id:
            raise ConflictError(
                f"out of routing order: unit '{unit.serial}' ({unit.product}) is due at "
                f"station '{due}', not '{station.id}'",
                "station",
            )
        self._qualified(operator, station, e.at)
        before = self.last_ends.get(unit.serial)
        if before is not None and e.at < before:
            raise ConflictError(
                f"unit '{unit.serial}' starts at {e.at}, before its last operation ended "
                f"({before})",
                "at",
            )
        busy = self.busy_cells.get((station.id, e.cell))
        if busy is not None:
            raise ConflictError(
                f"cell {e.cell} of station '{station.id}' is running unit '{busy}'", "cell"
            )
        self.busy_cells[(station.id, e.cell)] = unit.serial
        self._put(
            replace(
                unit,
                status=UnitStatus.RUNNING,
                running_station=station.id,
                running_cell=e.cell,
                running_operator=operator.id,
                running_since=e.at,
            )
        )

    @staticmethod
    def _qualified(operator: Operator, station: Station, at: datetime) -> None:
        if station.skill is not None and not any(
            q.skill == station.skill and q.holds_on(at.date()) for q in operator.qualifications
        ):
            raise ConflictError(
                f"operator '{operator.id}' is not qualified for '{station.skill}' "
                f"(station '{station.id}') on {at.date()}",
                "operator",
            )

    def _end(self, station: Station, e: OperationEnd) -> None:
        self._cell(station, e.cell)
        unit = self._unit(e.serial)
        if e.operator is not None:  # who ends it must be qualified too
            self._qualified(self._operator(e.operator), station, e.at)
        if unit.status is not UnitStatus.RUNNING or unit.running_station != station.id:
            raise ConflictError(
                f"unit '{unit.serial}' has no operation running at station '{station.id}'", "serial"
            )
        if unit.running_cell != e.cell:
            raise ConflictError(
                f"unit '{unit.serial}' runs in cell {unit.running_cell}, not {e.cell}", "cell"
            )
        assert unit.running_since is not None
        if e.at < unit.running_since:
            raise ConflictError(
                f"the end ({e.at}) is before the start ({unit.running_since})", "at"
            )
        attempt = unit.attempts + 1
        self.busy_cells.pop((station.id, e.cell), None)
        self.last_ends[unit.serial] = e.at
        self.operations.append(
            OperationRecord(
                unit.serial,
                station.id,
                e.cell,
                e.operator or unit.running_operator,
                unit.running_since,
                e.at,
                e.outcome,
                unit.step,
                attempt,
                e.seq,
            )
        )
        stopped = replace(
            unit, running_station=None, running_cell=None, running_operator=None, running_since=None
        )
        steps = len(self.factory.products[unit.product].routing)
        status, step = after_end(e.outcome, unit.step, steps)
        self._put(
            replace(
                stopped,
                status=status,
                step=step,
                attempts=attempt if step == unit.step else 0,  # repeats count at one step
                finished_at=e.at if status is UnitStatus.DONE else stopped.finished_at,
            )
        )

    def _measure(self, station: Station, e: Measurement) -> None:
        unit = self._unit(e.serial)
        c = self.characteristics.get(e.characteristic)
        if c is None:
            raise UnknownReferenceError(
                f"unknown characteristic '{e.characteristic}' (register it at "
                "POST /characteristics)",
                "characteristic",
            )
        if c.station != station.id:
            raise UnknownReferenceError(
                f"characteristic '{c.id}' is measured at station '{c.station}', not '{station.id}'",
                "characteristic",
            )
        if c.product is not None and c.product != unit.product:
            raise UnknownReferenceError(
                f"characteristic '{c.id}' belongs to product '{c.product}', not '{unit.product}'",
                "characteristic",
            )
        self.measurements.append(
            MeasurementRecord(
                unit.serial, station.id, e.seq, c.id, e.value, c.unit_of_measure, c.lsl, c.usl, e.at
            )
        )

    def _downtime(self, station: Station, e: Downtime) -> None:
        self._cell(station, e.cell)
        if e.end < e.start:
            raise ConflictError(f"the end ({e.end}) is before the start ({e.start})", "end")
        self.downtime.append(DowntimeRecord(station.id, e.seq, e.cell, e.start, e.end, e.reason))

    def _consume(self, station: Station, e: MaterialConsumed) -> None:
        unit = self._unit(e.serial)
        lot = self.lots.get(e.lot)
        if lot is None:
            raise ConflictError(f"lot '{e.lot}' does not exist (not received)", "lot")
        if e.at < lot.received_at:
            raise ConflictError(
                f"lot '{lot.id}' was received at {lot.received_at}, after {e.at}", "at"
            )
        if unit.status in (UnitStatus.DONE, UnitStatus.SCRAPPED):
            raise ConflictError(f"unit '{unit.serial}' is {unit.status.value}", "serial")
        due = self._due_station(unit)
        if due != station.id:
            raise ConflictError(
                f"unit '{unit.serial}' is due at station '{due}', not '{station.id}'", "serial"
            )
        step = self.factory.products[unit.product].routing[unit.step]
        if lot.material not in {m for m, _ in step.uses}:
            uses = ", ".join(m for m, _ in step.uses) or "no material"
            raise ConflictError(
                f"lot '{lot.id}' is {lot.material}; unit '{unit.serial}' takes {uses} at "
                f"station '{station.id}'",
                "lot",
            )
        if lot.remaining < e.quantity:
            raise ConflictError(
                f"lot '{lot.id}' is used up: {lot.remaining:g} left, {e.quantity:g} asked", "lot"
            )
        self.lots[lot.id] = replace(lot, remaining=lot.remaining - e.quantity)
        self.changed_lots.add(lot.id)
        self.consumptions.append(
            Consumption(unit.serial, lot.id, station.id, e.seq, e.quantity, e.at)
        )

    def _put(self, unit: Unit) -> None:
        self.units[unit.serial] = unit
        self.changed_units.add(unit.serial)

"""Shop-floor history from a simulated replication, posted like a real line would.

A :class:`~rampline.simulation.trace.Trace` says what happened in one run of
the line, minute by minute. :func:`history_of` turns it into what the tracking
store would have received from the floor (pure: no I/O, randomness comes in
as a numpy ``Generator``):

- master data: a work order per product with the serials of the units
  released (``X4I-000001``), operators per skill named from the people plan
  and qualified on the date the plan qualifies them, a material lot per
  delivery (what is on hand at start is an opening lot), and one or two
  measured characteristics with spec limits;
- station events: an operation start and end per operation, a second start
  and end in the same cell for a rework (the first ends with outcome
  ``rework``, as the tracking rules expect), material consumed from the lots
  first in first out, downtime per repaired failure, and measurements. Each
  station numbers its events 1, 2, 3 ... in the order they are posted.

The operator of an operation is a crew member of the cell: cells get their
crews in the order the staffing rule staffs them, and the crews of a cell
take turns by shift.

:func:`post_history` stores the master data and then posts the events in
time order, in batches, through :func:`~rampline.services.events.record_events`
with an Idempotency-Key per batch: the code path the API uses. The history is
meant for a database whose stations have no events yet.
"""

from __future__ import annotations

import math
import re
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from rampline.domain.calendar import Calendar
from rampline.domain.factory import Factory
from rampline.domain.people import Skill
from rampline.domain.staffing import cell_staffing, skill_timeline
from rampline.domain.tracking import (
    Characteristic,
    Downtime,
    Lot,
    MaterialConsumed,
    Measurement,
    OperationEnd,
    OperationStart,
    Operator,
    Outcome,
    Qualification,
    StationEvent,
    WorkOrder,
)
from rampline.services.events import record_events
from rampline.services.ports import Clock, UnitOfWork
from rampline.services.registry import (
    add_characteristic,
    add_operator,
    add_work_order,
    receive_lot,
)
from rampline.simulation.trace import (
    FAIL,
    OP_END,
    OP_START,
    RELEASE,
    REPAIRED,
    REWORK_END,
    REWORK_START,
    TAKE,
    Trace,
)

UNATTENDED = "line"  # the operator named on stations that need no skill
BATCH = 500
_EPS = 1e-9
_OUTCOMES = {0: Outcome.PASS, 1: Outcome.REWORK, 2: Outcome.SCRAP}

Progress = Callable[[int, int], None]  # (events posted, events in all)


@dataclass(frozen=True)
class MeasuredCharacteristic:
    """A characteristic to measure at the end of every operation at its station,
    with how its values scatter: normal around ``mean`` with ``sd`` when the
    unit passes, out of spec when it goes to rework or scrap."""

    characteristic: Characteristic
    mean: float
    sd: float


@dataclass(frozen=True)
class WorkOrderWithSerials:
    order: WorkOrder
    serials: tuple[str, ...]


@dataclass(frozen=True)
class History:
    """Master data and station events in the order to post them (seq numbered)."""

    operators: tuple[Operator, ...]
    work_orders: tuple[WorkOrderWithSerials, ...]
    lots: tuple[Lot, ...]
    characteristics: tuple[Characteristic, ...]
    events: tuple[StationEvent, ...]
    serials: tuple[str, ...]  # per engine unit number ("" for units never released)
    end: datetime  # the moment the history reaches


@dataclass(frozen=True)
class Posted:
    events: int
    batches: int


# --- names -------------------------------------------------------------------


def serial_prefixes(products: Sequence[str]) -> dict[str, str]:
    """``x4-inspect`` → ``X4I``: the first word whole, the initials of the others;
    a number is added where two products would share a prefix."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for product in products:
        words = [w for w in re.split(r"[^A-Za-z0-9]+", product) if w]
        base = (words[0] + "".join(w[0] for w in words[1:])).upper() if words else "U"
        prefix, n = base, 1
        while prefix in taken:
            n += 1
            prefix = f"{base}{n}"
        taken.add(prefix)
        out[product] = prefix
    return out


def operator_id(skill: str, n: int) -> str:
    return f"{skill}-{n:02d}"


def default_characteristics(factory: Factory) -> tuple[MeasuredCharacteristic, ...]:
    """Hover current at flight test and gyro offset at calibration where the line has
    those stations; otherwise one score at the last station of the line."""
    ids = {s.id for s in factory.stations}
    found = []
    if "flight-test" in ids:
        found.append(
            MeasuredCharacteristic(
                Characteristic(
                    "hover-current", "flight-test", "A", 9.0, 12.0, 10.5, name="Hover current"
                ),
                10.5,
                0.35,
            )
        )
    if "calibration" in ids:
        found.append(
            MeasuredCharacteristic(
                Characteristic(
                    "gyro-offset", "calibration", "deg/s", -0.5, 0.5, 0.0, name="Gyro zero offset"
                ),
                0.0,
                0.12,
            )
        )
    if not found:
        last = factory.stations[-1].id
        found.append(
            MeasuredCharacteristic(
                Characteristic("final-check", last, "score", 0.0, 10.0, 5.0, name="Final check"),
                5.0,
                1.0,
            )
        )
    return tuple(found)


# --- the conversion ----------------------------------------------------------


def history_of(
    factory: Factory,
    trace: Trace,
    rng: np.random.Generator,
    *,
    until_minutes: float | None = None,
    measured: Sequence[MeasuredCharacteristic] | None = None,
) -> History:
    """What the floor would have reported of ``trace`` up to ``until_minutes``
    after start (default: its last record)."""
    records = trace.records
    if until_minutes is None:
        until_minutes = float(records[-1, 0]) if len(records) else 0.0
    records = records[records[:, 0] <= until_minutes]
    end = _moment(factory.start, until_minutes)
    measured = default_characteristics(factory) if measured is None else tuple(measured)

    serials, orders = _work_orders(factory, trace, records)
    operators, crews = _operators(factory)
    lots = _lots(factory, until_minutes)
    events = _Events(factory, trace, serials, crews, lots, measured, rng).convert(records)
    return History(
        operators=operators,
        work_orders=orders,
        lots=tuple(lot for lot, _ in lots),
        characteristics=tuple(m.characteristic for m in measured),
        events=tuple(events),
        serials=tuple(serials),
        end=end,
    )


def _moment(start: datetime, minutes: float) -> datetime:
    """Factory time to the second (rounding keeps the order of moments)."""
    return start + timedelta(seconds=round(minutes * 60.0))


def _work_orders(
    factory: Factory, trace: Trace, records: np.ndarray
) -> tuple[list[str], tuple[WorkOrderWithSerials, ...]]:
    prefixes = serial_prefixes(list(factory.products))
    released = records[records[:, 1] == RELEASE]
    n_units = int(released[:, 4].max()) + 1 if len(released) else 0
    serials = [""] * max(n_units, len(trace.unit_product))
    per_product: dict[str, list[str]] = {p: [] for p in factory.products}
    for u in sorted(int(x) for x in released[:, 4]):
        product = trace.products[int(trace.unit_product[u])]
        per_product[product].append(f"{prefixes[product]}-{len(per_product[product]) + 1:06d}")
        serials[u] = per_product[product][-1]
    orders = []
    for product, its in per_product.items():
        lines = [d for d in factory.demand if d.product == product]
        quantity = max(sum(d.quantity for d in lines), len(its))
        if quantity == 0:
            continue
        due = max((d.due for d in lines), default=None)
        order = WorkOrder(f"WO-{prefixes[product]}", product, quantity, due)
        orders.append(WorkOrderWithSerials(order, tuple(its)))
    return serials, tuple(orders)


def _operators(factory: Factory) -> tuple[tuple[Operator, ...], list[list[list[str]]]]:
    """Operators per skill in the order they qualify, and per station and cell its
    crews (teams that take turns by shift), each a list of operator ids."""
    operators: list[Operator] = []
    qualified: dict[str, list[tuple[float, str]]] = {}
    skills = {s.skill for s in factory.stations if s.skill is not None}
    for skill_id in sorted(skills | set(factory.people)):
        timeline = skill_timeline(factory.people.get(skill_id, Skill(skill_id)), factory.start)
        qualified[skill_id] = []
        for n, minutes in enumerate(timeline.qualified, start=1):
            oid = operator_id(skill_id, n)
            on = (factory.start + timedelta(minutes=minutes)).date()
            operators.append(
                Operator(
                    oid,
                    f"{skill_id.replace('-', ' ').title()} operator {n}",
                    (Qualification(skill_id, on),),
                )
            )
            qualified[skill_id].append((minutes, oid))
    if any(s.skill is None for s in factory.stations):
        operators.append(Operator(UNATTENDED, "Line (unattended stations)"))

    staffed = cell_staffing(factory)
    crews: list[list[list[str]]] = [[[] for _ in range(s.cells)] for s in factory.stations]
    free = {k: deque(v) for k, v in qualified.items()}
    order = sorted(
        (t, i, c) for i, cells in enumerate(staffed) for c, t in enumerate(cells) if t < math.inf
    )
    for t, i, c in order:
        station = factory.stations[i]
        if station.skill is None:
            crews[i][c] = [UNATTENDED]
            continue
        need = max(1, math.ceil(station.crew * factory.rota(station) - _EPS))
        pool = free[station.skill]
        team: list[str] = []
        while pool and len(team) < need and pool[0][0] <= t + _EPS:
            team.append(pool.popleft()[1])
        if not team:  # a fractional rota left too few: share the earliest qualified
            team = [oid for q, oid in qualified[station.skill] if q <= t + _EPS][:need]
        crews[i][c] = team
    return tuple(operators), crews


def _deliveries(factory: Factory, until_minutes: float) -> list[tuple[str, datetime, float]]:
    """(material, received at, quantity) of every delivery up to ``until_minutes``."""
    out: list[tuple[str, datetime, float]] = []
    limit = _moment(factory.start, until_minutes)
    for mid, material in factory.materials.items():
        if material.on_hand > 0:
            out.append((mid, factory.start, material.on_hand))
        for d in material.deliveries:
            out.extend((mid, at, d.quantity) for at in d.arrivals(limit))
    return out


def _lots(factory: Factory, until_minutes: float) -> list[tuple[Lot, float]]:
    """Lots with the minute (after start) from which they can be used, in the order
    they are used (first in, first out)."""
    out: list[tuple[Lot, float]] = []
    deliveries = sorted(_deliveries(factory, until_minutes), key=lambda d: (d[0], d[1]))
    for mid, at, qty in deliveries:
        opening = (
            at == factory.start
            and qty == factory.materials[mid].on_hand
            and not any(o.material == mid for o, _ in out)
        )
        lot_id = f"{mid.upper()}-{'OPENING' if opening else at.strftime('%y%m%d')}"
        n = sum(1 for o, _ in out if o.id.startswith(lot_id))
        if n:
            lot_id = f"{lot_id}-{n + 1}"
        usable = max(0.0, (at - factory.start).total_seconds() / 60.0)
        supplier = "opening stock" if opening else "supplier"
        out.append((Lot(lot_id, mid, qty, qty, max(at, factory.start), supplier), usable))
    return out


def _shift_turn(calendar: Calendar, at: datetime) -> int:
    """A counter that goes up by one per shift of ``calendar``: which crew is on."""
    n = max(1, len(calendar.shifts))
    for back in range(3):
        day = at.date() - timedelta(days=back)
        midnight = datetime(day.year, day.month, day.day)
        for k, shift in enumerate(calendar.shifts):
            begin = midnight + timedelta(minutes=shift.start_minute)
            if begin <= at < begin + timedelta(minutes=shift.minutes):
                return day.toordinal() * n + k
    return at.date().toordinal() * n


class _Events:
    """Walks the records once, in time order, numbering each station's events."""

    def __init__(
        self,
        factory: Factory,
        trace: Trace,
        serials: Sequence[str],
        crews: list[list[list[str]]],
        lots: list[tuple[Lot, float]],
        measured: Sequence[MeasuredCharacteristic],
        rng: np.random.Generator,
    ) -> None:
        self.factory = factory
        self.trace = trace
        self.serials = serials
        self.crews = crews
        self.rng = rng
        self.stations = [factory.station(sid) for sid in trace.stations]
        self.measured: dict[str, list[MeasuredCharacteristic]] = {}
        for m in measured:
            self.measured.setdefault(m.characteristic.station, []).append(m)
        self.stock: dict[str, list[list[float]]] = {}  # material -> [[usable, remaining, i]]
        self.lots = [lot for lot, _ in lots]
        for i, (lot, usable) in enumerate(lots):
            self.stock.setdefault(lot.material, []).append([usable, lot.quantity, float(i)])
        self.seq = dict.fromkeys(trace.stations, 0)
        self.failed: dict[tuple[int, int], float] = {}
        self.out: list[StationEvent] = []

    def _next(self, station: str) -> int:
        self.seq[station] += 1
        return self.seq[station]

    def _at(self, minutes: float) -> datetime:
        return _moment(self.factory.start, minutes)

    def _operator(self, s: int, c: int, at: datetime) -> str:
        teams_of = self.crews[s][c]
        if not teams_of:
            raise ValueError(
                f"the trace has work in cell {c + 1} of '{self.trace.stations[s]}', "
                "which the staffing rule never staffs"
            )
        station = self.stations[s]
        crew = max(1, station.crew) if station.skill is not None else 1
        teams = max(1, len(teams_of) // crew)
        turn = _shift_turn(self.factory.calendars[station.calendar], at)
        return teams_of[(turn % teams) * crew]

    def convert(self, records: np.ndarray) -> list[StationEvent]:
        for row in records:
            minutes = float(row[0])
            kind, s, c, u, aux = (int(x) for x in row[1:6])
            if kind in (OP_START, REWORK_START):
                self._start(s, c, u, minutes)
            elif kind in (OP_END, REWORK_END):
                self._end(s, c, u, minutes, aux)
            elif kind == FAIL:
                self.failed[(s, c)] = minutes
            elif kind == REPAIRED:
                self._repaired(s, c, minutes)
            elif kind == TAKE:
                self._take(s, u, minutes, aux, float(row[6]))
        return self.out

    def _start(self, s: int, c: int, u: int, minutes: float) -> None:
        sid = self.trace.stations[s]
        at = self._at(minutes)
        self.out.append(
            OperationStart(
                sid, self._next(sid), at, self.serials[u], self._operator(s, c, at), c + 1
            )
        )

    def _end(self, s: int, c: int, u: int, minutes: float, aux: int) -> None:
        sid = self.trace.stations[s]
        at = self._at(minutes)
        outcome = _OUTCOMES[aux]
        for m in self.measured.get(sid, ()):
            self.out.append(
                Measurement(
                    sid,
                    self._next(sid),
                    at,
                    self.serials[u],
                    m.characteristic.id,
                    self._value(m, outcome),
                )
            )
        self.out.append(OperationEnd(sid, self._next(sid), at, self.serials[u], outcome, c + 1))

    def _value(self, m: MeasuredCharacteristic, outcome: Outcome) -> float:
        """In spec (mostly) when the unit passes; past a spec limit when it does not."""
        c = m.characteristic
        if outcome is Outcome.PASS or (c.lsl is None and c.usl is None):
            return round(float(self.rng.normal(m.mean, m.sd)), 3)
        past = abs(float(self.rng.normal(0.0, m.sd))) + 0.05 * m.sd
        high = c.lsl is None or (c.usl is not None and self.rng.random() < 0.5)
        limit = c.usl if high else c.lsl
        assert limit is not None
        return round(limit + past if high else limit - past, 3)

    def _repaired(self, s: int, c: int, minutes: float) -> None:
        began = self.failed.pop((s, c), None)
        if began is None:
            return  # failed before the records start: nothing to report
        sid = self.trace.stations[s]
        self.out.append(
            Downtime(sid, self._next(sid), self._at(began), self._at(minutes), "breakdown", c + 1)
        )

    def _take(self, s: int, u: int, minutes: float, m: int, qty: float) -> None:
        sid = self.trace.stations[s]
        material = self.trace.materials[m]
        at = self._at(minutes)
        left = qty
        for lot in self.stock.get(material, []):
            if left <= _EPS:
                break
            usable, remaining, i = lot
            if usable > minutes + _EPS or remaining <= _EPS:
                continue
            used = min(remaining, left)
            lot[1] = remaining - used
            left -= used
            self.out.append(
                MaterialConsumed(
                    sid, self._next(sid), at, self.serials[u], self.lots[int(i)].id, used
                )
            )
        if left > 1e-6:
            raise ValueError(
                f"no lot of '{material}' left for unit '{self.serials[u]}' at {at}: "
                "the trace takes more than the deliveries bring"
            )


# --- posting -----------------------------------------------------------------


def post_history(
    uow: UnitOfWork,
    clock: Clock,
    history: History,
    *,
    batch: int = BATCH,
    key_prefix: str = "history",
    progress: Progress | None = None,
) -> Posted:
    """Store the master data, then post the events through ``record_events`` in
    batches of ``batch``, each with the Idempotency-Key ``{key_prefix}-{n}``."""
    for characteristic in history.characteristics:
        add_characteristic(uow, characteristic)
    for operator in history.operators:
        add_operator(uow, operator)
    for wo in history.work_orders:
        add_work_order(uow, wo.order, wo.serials, clock)
    for lot in history.lots:
        receive_lot(uow, lot)
    events = history.events
    batches = 0
    for lo in range(0, len(events), batch):
        chunk = events[lo : lo + batch]
        record_events(uow, chunk, clock, key=f"{key_prefix}-{batches + 1:05d}")
        batches += 1
        if progress is not None:
            progress(lo + len(chunk), len(events))
    return Posted(len(events), batches)

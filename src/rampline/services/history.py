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

from rampline.domain.factory import Factory
from rampline.domain.people import Skill
from rampline.domain.staffing import cell_staffing, skill_timeline
from rampline.domain.tracking import (
    Characteristic,
    Lot,
    Operator,
    Qualification,
    StationEvent,
    WorkOrder,
)
from rampline.services.events import record_events
from rampline.services.history_events import EPS, EventWriter, MeasuredCharacteristic, moment
from rampline.services.ports import Clock, UnitOfWork
from rampline.services.registry import (
    add_characteristic,
    add_operator,
    add_work_order,
    receive_lot,
)
from rampline.simulation.trace import (
    RELEASE,
    Trace,
)

UNATTENDED = "line"  # the operator named on stations that need no skill
BATCH = 500

Progress = Callable[[int, int], None]  # (events posted, events in all)


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
    end = moment(factory.start, until_minutes)
    measured = default_characteristics(factory) if measured is None else tuple(measured)

    serials, orders = _work_orders(factory, trace, records)
    operators, crews = _operators(factory)
    lots = _lots(factory, until_minutes)
    events = EventWriter(factory, trace, serials, crews, lots, measured, rng).convert(records)
    return History(
        operators=operators,
        work_orders=orders,
        lots=tuple(lot for lot, _ in lots),
        characteristics=tuple(m.characteristic for m in measured),
        events=tuple(events),
        serials=tuple(serials),
        end=end,
    )


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
        need = max(1, math.ceil(station.crew * factory.rota(station) - EPS))
        pool = free[station.skill]
        team: list[str] = []
        while pool and len(team) < need and pool[0][0] <= t + EPS:
            team.append(pool.popleft()[1])
        if not team:  # a fractional rota left too few: share the earliest qualified
            team = [oid for q, oid in qualified[station.skill] if q <= t + EPS][:need]
        crews[i][c] = team
    return tuple(operators), crews


def _deliveries(factory: Factory, until_minutes: float) -> list[tuple[str, datetime, float]]:
    """(material, received at, quantity) of every delivery up to ``until_minutes``."""
    out: list[tuple[str, datetime, float]] = []
    limit = moment(factory.start, until_minutes)
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

"""A plain SimPy reference model of one ramp-up simulation run.

This module exists to validate the fast engine (``rampline.simulation``): it
follows ``factory-format.md`` and ``results.md`` as literally as possible and
trades speed for obviousness. It never imports the engine.

How it is built
---------------
* Time is minutes after ``factory.start`` (SimPy's clock).
* SimPy processes make time pass: one per cell (operation, rework, failures
  and repairs, paused explicitly at the end of each working interval), one per
  station (a wake-up at each start of working time, and going live), one per
  material (deliveries), one per skill (qualifications), one for the horizon.
* Every process only *changes state* (a unit finished, a delivery came, an
  operator qualified, a shift began) and asks for a **settle**. The settle is
  an event scheduled with a priority lower than every ordinary SimPy event, so
  it runs once all the changes of that instant are in. It takes every decision
  of the instant: staffing, releases, moves into buffers, operation starts.

Readings of the spec (where it leaves a detail open)
----------------------------------------------------
1. Simultaneous events: everything that happens at one instant (operations
   ending, deliveries, qualifications, going live, shift starts) is applied
   first; then one decision is taken for the instant (the settle below).
2. The settle, in this order: (a) staffing, for every skill whose ``Q`` grew
   or one of whose stations went live at this instant (the first decision at
   ``start`` covers every skill); (b) the next release is offered (see 5);
   (c) the units finished in cells at this instant pass on: each goes straight
   into its next station's buffer while that has room and nobody waits ahead
   of it there (the release offered in (b) and units held since earlier go
   first), and its cell is free at once (moving takes no time); the others
   wait in their cells (see 3); (d) passes over the stations **in line order**
   until a pass changes nothing; visiting a station means: its free ready
   cells start operations on the front units of its queue (FCFS, lowest cell
   index first) while materials allow, then the units waiting to enter it are
   let in one by one (see 3), each followed at once by starts at that
   station. Letting a held unit in frees its upstream cell, which is served
   in the next pass (or later in this one if it is downstream). Materials are
   therefore handed out in line order within a pass, delivery or not; a
   station served in a later pass of the same instant (its unit only arrived
   through a chain of moves) comes after every station served in an earlier
   pass.
3. Entering a station: held units (finished in an upstream cell, blocked) and
   the release are let in strictly in the order (time they started waiting,
   origin, cell index), where origin is the line index of the upstream
   station and the release counts as origin -1 (so at one instant the release
   goes before units finished in cells, and upstream cells in line order).
   A unit enters when fewer than ``buffer`` units wait in the queue; or, when
   the queue is empty, a free ready cell is there now and the unit's materials
   are in stock (buffer 0: "straight into a free cell"). A unit that could not
   start at once (off-shift, unstaffed, not live, material short) therefore
   stays in the upstream cell when the buffer is full. A unit waiting for
   material at the front of the queue counts in the buffer.
4. Ready cell: idle, staffed, station live (``live_from`` 00:00), and the
   instant lies in the station's working time (outages cut out; intervals
   half-open, so the end of a shift is not working time).
5. Release order: strict; the next unit in order (scrap replacements first, in
   the order they were scrapped, then planned units) holds back all the
   following ones, even those of another first station. A release is offered
   when released-and-not-finished-or-scrapped < ``wip_limit``; it counts in WIP
   (and in ``units_started``) when it enters its first station. If a scrap
   happens while a planned unit's release is held back by a full buffer, the
   replacement takes its place in front; the "waiting since" time of the
   release (the instant WIP first allowed it) is kept when the replacement
   starts at the same station. One that starts at another station waits there
   from the scrap on (since = now, origin -1: behind the units already held
   there, ahead of those held later at that instant). ``releases`` records
   the instant each unit actually entered its first station.
6. Failures: a cell's time to failure is drawn (exponential, mean ``mtbf``) when
   the cell is created and again after every repair, and is used up only by
   busy working time (operation or rework). A failure due exactly when the
   work ends is not a failure (the work ends; the remaining 0 makes the cell
   fail as soon as it next works). The repair duration is a sample of
   ``Failures.mttr`` as the domain gives it (the loader already turns a plain
   ``mttr`` into an exponential, so a ``Fixed`` here is a fixed repair time);
   it elapses in the station's working time (pauses off-shift and in outages).
   A cell is never down while idle or blocked.
7. Learning: ``k`` counts operation starts at the station (all products) and
   includes this start; the drawn time is ``sample × max(m, first ×
   k^log2(rate)) / m`` with ``m`` the ``mean`` parameter of ``time``. Rework is
   not scaled. Random draws: op time at the start (in the settle), then one
   uniform for rework (only if the step has rework), rework time, one uniform
   for scrap (only if scrap > 0). Draw order across cells follows SimPy's event
   order; only the distributions, not the streams, are meant to match the
   engine.
8. Scrap is decided after the operation and any rework; a scrapped unit leaves
   the cell at once (the cell is idle), its WIP place frees, and a replacement
   of its product goes to the front of the release order (behind earlier
   replacements).
9. Staffing: ``Q`` counts qualified operators; a staffed cell holds
   ``crew × rota`` of them forever. The decision gives one cell at a time to
   the live station needing the skill with the fewest staffed cells (ties: line
   order), among those with an unstaffed cell whose ``crew × rota`` is at most
   what is left (others skipped), lowest unstaffed cell index first; repeat.
   Arithmetic on ``crew × rota`` and on material stock is exact (``Fraction`` of
   the given floats). A station without skill has every cell staffed; before
   ``live_from`` any cell counts as unstaffed.
10. Training: trainees are queued by (on date, file order); each takes the
    earliest place that frees (or starts on its date if one is free) and
    qualifies ``training`` minutes after starting. Qualification (and trained
    hires) at or before ``start`` count at ``start``.
11. Deliveries: at ``first`` 00:00 + n × ``every`` (n = 0, 1, ...) while the
    moment's date is at or before ``until`` (no ``until``: to the horizon);
    without ``every`` once. Those at or before ``start`` are stock at start.
12. Work amounts are tracked to a tolerance of 1e-9 minutes (a remainder below
    it counts as done), so float round-off never pushes an operation into the
    next shift.
13. Stop: when every product's finished count reaches its total demand
    (``completion`` = that moment); else at the horizon (same date and time five
    years later, 29 Feb → 28), where ``completion`` = horizon and ``incomplete``.
    Station minutes are summed over cells over the station's working time in
    ``[0, completion)``. ``units_started`` counts released units (replacements
    included). ``units_by_due[i]``: finished units of line i's product at or
    before the end (24:00) of its due day. ``line_completion[i]``: when the
    product's finished count reached the running total of its lines in (due,
    file) order, or the horizon.
14. Cell states (only working time is counted): ``busy`` holds a unit in an
    operation or rework and is not under repair; ``down`` under repair;
    ``blocked`` holds a finished unit not yet let into the next station;
    ``starved`` idle, staffed and live (nothing to do, or the front unit waits
    for material, or materials block the queue); ``unstaffed`` idle and not
    staffed or not live. An unfinished operation over a night or an outage is
    not counted (not working time). Staffing and going live are decided at
    any hour; the cells start work at the next working instant.
"""

from __future__ import annotations

import heapq
import math
from collections import deque
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from fractions import Fraction

import numpy as np
import simpy
from simpy.events import Event

from rampline.domain.calendar import WorkingTime, minutes_between
from rampline.domain.distributions import (
    Distribution,
    Exponential,
    Fixed,
    LogNormal,
    Normal,
    Triangular,
)
from rampline.domain.factory import Factory
from rampline.domain.line import Station
from rampline.domain.people import Skill
from rampline.domain.product import Material, Product, Step

EPS = 1e-9  # minutes of work below which an operation counts as done
SETTLE_PRIORITY = 2  # after SimPy's URGENT (0) and NORMAL (1): last at an instant
STATES = ("busy", "blocked", "starved", "down", "unstaffed")


# ----------------------------------------------------------------------------------
# Results
# ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StationTimes:
    """Minutes of one station, summed over its cells, over its working time."""

    busy: float
    blocked: float
    starved: float
    down: float
    unstaffed: float
    working: float  # cells × working minutes in [0, completion): the sum of the five

    def share(self, state: str) -> float:
        if self.working <= 0:  # no working time at all: wholly unstaffed (ADR 0004, 2)
            return 1.0 if state == "unstaffed" else 0.0
        return getattr(self, state) / self.working


@dataclass(frozen=True)
class ReferenceRun:
    completion: float  # minutes after start, capped at the horizon
    incomplete: bool
    horizon: float
    finished: dict[str, list[float]]  # per product, sorted finish times
    units_by_due: list[int]  # per demand line index
    line_completion: list[float]  # per demand line index
    units_started: int
    units_scrapped: int
    stations: dict[str, StationTimes]
    staffed_cells: dict[str, int]  # at the end of the run
    releases: list[tuple[float, str]] = field(default_factory=list)  # (time, product)


def run_reference(factory: Factory, seed: int) -> ReferenceRun:
    """Simulate one replication of ``factory`` with a PCG64 stream seeded by ``seed``."""
    return _Model(factory, seed).run()


# ----------------------------------------------------------------------------------
# Sampling
# ----------------------------------------------------------------------------------


def sample(rng: np.random.Generator, dist: Distribution) -> float:
    if isinstance(dist, Fixed):
        return dist.value
    if isinstance(dist, LogNormal):
        if dist.cv == 0:
            return dist.mean
        sigma2 = math.log(1.0 + dist.cv**2)
        mu = math.log(dist.mean) - sigma2 / 2.0
        return float(rng.lognormal(mu, math.sqrt(sigma2)))
    if isinstance(dist, Exponential):
        return float(rng.exponential(dist.mean))
    if isinstance(dist, Triangular):
        if dist.low == dist.high:
            return dist.low
        return float(rng.triangular(dist.low, dist.mode, dist.high))
    if isinstance(dist, Normal):
        if dist.sd == 0:
            return dist.mean
        while True:
            x = float(rng.normal(dist.mean, dist.sd))
            if x > 0:
                return x
    raise TypeError(f"unknown distribution {dist!r}")


def operation_time(rng: np.random.Generator, step: Step, k: int) -> float:
    """The drawn time of an operation that is the ``k``-th start at its station."""
    drawn = sample(rng, step.time)
    if step.learning is None:
        return drawn
    m = step.time.mean
    expected = max(m, step.learning.first * k ** math.log2(step.learning.rate))
    return drawn * expected / m


# ----------------------------------------------------------------------------------
# Plain schedules computed up front (deterministic)
# ----------------------------------------------------------------------------------


def _midnight_minutes(start: datetime, day: date) -> float:
    """Minutes from ``start`` to 00:00 of ``day``."""
    return minutes_between(start, datetime(day.year, day.month, day.day))


def qualification_times(skill: Skill, start: datetime) -> list[float]:
    """Minutes after start at which each operator of ``skill`` qualifies."""
    times: list[float] = []
    trainees: list[tuple[float, int]] = []  # (on, file order)
    order = 0
    for hire in skill.hires:
        on = _midnight_minutes(start, hire.on)
        for _ in range(hire.count):
            if hire.trained:
                times.append(on)
            else:
                trainees.append((on, order))
                order += 1
    trainees.sort()
    if skill.training_places is None:
        times.extend(on + (skill.training or 0.0) for on, _ in trainees)
    else:
        free = [-math.inf] * skill.training_places  # moments the places free up
        heapq.heapify(free)
        for on, _ in trainees:
            begin = max(on, heapq.heappop(free))
            done = begin + (skill.training or 0.0)
            heapq.heappush(free, done)
            times.append(done)
    return sorted(times)


def delivery_times(
    material: Material, start: datetime, horizon: float
) -> list[tuple[float, float]]:
    """(minutes after start, quantity) of every delivery up to the horizon."""
    out: list[tuple[float, float]] = []
    for d in material.deliveries:
        first = _midnight_minutes(start, d.first)
        if d.every is None:
            out.append((first, d.quantity))
            continue
        last = horizon if d.until is None else _midnight_minutes(start, d.until) + 1440.0
        n = 0
        while True:
            t = first + n * d.every
            if t >= last or t > horizon:
                break
            out.append((t, d.quantity))
            n += 1
    return sorted(out, key=lambda x: x[0])


def planned_release_order(factory: Factory) -> list[str]:
    """Earliest due first; within a due date the largest ``q_p(n+1)/U - r_p``, ties
    to the product listed first in ``demand``."""
    order: list[str] = []
    for due in sorted({line.due for line in factory.demand}):
        q: dict[str, int] = {}
        for line in factory.demand:
            if line.due == due:
                q[line.product] = q.get(line.product, 0) + line.quantity
        total = sum(q.values())
        released = dict.fromkeys(q, 0)
        for n in range(total):
            best = None
            best_score = -math.inf
            for p in q:  # dict order = first listed in demand
                score = q[p] * (n + 1) / total - released[p]
                if score > best_score:
                    best, best_score = p, score
            assert best is not None
            released[best] += 1
            order.append(best)
    return order


# ----------------------------------------------------------------------------------
# The model
# ----------------------------------------------------------------------------------


class _Settle(Event):
    """An event processed after every ordinary event of the same instant."""

    def __init__(self, env: simpy.Environment, callback: object) -> None:
        super().__init__(env)
        self.callbacks.append(callback)  # type: ignore[arg-type]
        self._ok = True
        self._value = None
        env.schedule(self, priority=SETTLE_PRIORITY)  # type: ignore[arg-type]


@dataclass(eq=False)
class _Unit:
    product: Product
    step: int  # index in the routing of the step it waits for / is in


@dataclass(eq=False)
class _Entry:
    """A unit waiting to enter a station: held in an upstream cell, or the release."""

    since: float
    origin: int  # line index of the upstream station; -1 for the release
    cell_index: int
    unit: _Unit
    cell: _Cell | None  # None: the release
    replacement: bool = False

    def key(self) -> tuple[float, int, int]:
        return (self.since, self.origin, self.cell_index)


class _Cell:
    def __init__(self, model: _Model, station: _Station, index: int) -> None:
        self.model = model
        self.station = station
        self.index = index
        self.staffed = station.spec.skill is None
        self.phase = "idle"  # idle | busy | down | blocked
        self.unit: _Unit | None = None
        self.assigned: Event = model.env.event()
        self.ttf = math.inf
        self.mark = 0.0
        self.minutes = dict.fromkeys(STATES, 0.0)

    def state(self) -> str:
        if self.phase == "idle":
            return "starved" if self.staffed and self.station.live else "unstaffed"
        return self.phase

    def account(self) -> None:
        """Book the working time since the last change to the current state;
        call before every change of phase, staffing or liveness."""
        self.account_until(self.model.env.now)

    def account_until(self, t: float) -> None:
        if t > self.mark:
            self.minutes[self.state()] += self.station.wt.working_between(self.mark, t)
            self.mark = t

    def ready(self, now: float) -> bool:
        return (
            self.phase == "idle"
            and self.staffed
            and self.station.live
            and self.station.wt.is_working(now)
        )


class _Station:
    def __init__(self, model: _Model, spec: Station, index: int) -> None:
        f = model.factory
        self.spec = spec
        self.index = index
        outages = [(o.start, o.end) for o in f.outages if o.applies_to(spec.id)]
        self.wt = WorkingTime(f.calendars[spec.calendar], f.start, f.horizon, outages)
        live_at = 0.0 if spec.live_from is None else minutes_between(f.start, spec.live_from)
        self.live_at = live_at
        self.live = live_at <= 0
        self.need = Fraction(spec.crew) * Fraction(f.rota(spec))
        self.queue: deque[_Unit] = deque()
        self.entries: list[_Entry] = []
        self.starts = 0  # operation starts so far (learning's k)
        self.cells = [_Cell(model, self, i) for i in range(spec.cells)]


class _Model:
    def __init__(self, factory: Factory, seed: int) -> None:
        self.factory = factory
        self.env = simpy.Environment()
        self.rng = np.random.Generator(np.random.PCG64(seed))
        self.horizon = minutes_between(factory.start, factory.horizon)
        self.stations = [_Station(self, s, i) for i, s in enumerate(factory.stations)]
        self.by_id = {s.spec.id: s for s in self.stations}
        for st in self.stations:  # first times to failure, line order, cell order
            if st.spec.failures is not None:
                for cell in st.cells:
                    cell.ttf = float(self.rng.exponential(st.spec.failures.mtbf))
        # people
        self.qualified: dict[str, int] = dict.fromkeys(factory.people, 0)
        self.used: dict[str, Fraction] = dict.fromkeys(factory.people, Fraction(0))
        self.dirty_skills: set[str] = {s.spec.skill for s in self.stations if s.spec.skill}
        # materials
        self.stock: dict[str, Fraction] = {
            m: Fraction(mat.on_hand) for m, mat in factory.materials.items()
        }
        # release
        self.planned: deque[str] = deque(planned_release_order(factory))
        self.replacements: deque[str] = deque()
        self.pending: _Entry | None = None
        self.wip = 0
        self.releases: list[tuple[float, str]] = []
        self.units_started = 0
        self.units_scrapped = 0
        # demand
        self.totals: dict[str, int] = {}
        for line in factory.demand:
            self.totals[line.product] = self.totals.get(line.product, 0) + line.quantity
        self.left = sum(self.totals.values())
        self.finished: dict[str, list[float]] = {p: [] for p in factory.products}
        self.completion: float | None = None
        self.stop = self.env.event()
        self.settle_pending = False
        self.visit: list[bool] = [True] * len(self.stations)  # stations to (re)visit

    # -- running ---------------------------------------------------------------

    def run(self) -> ReferenceRun:
        env = self.env
        for skill in self.factory.people.values():
            env.process(self._qualifications(skill))
        for mat in self.factory.materials.values():
            env.process(self._deliveries(mat))
        for st in self.stations:
            env.process(self._station_clock(st))
            if not st.live:
                env.process(self._go_live(st))
            for cell in st.cells:
                env.process(self._cell(cell))
        env.process(self._horizon())
        self.request_settle()  # the first decision at start
        if self.left > 0:
            env.run(until=self.stop)
        return self._result()

    def _horizon(self):  # type: ignore[no-untyped-def]
        yield self.env.timeout(self.horizon)
        if not self.stop.triggered:
            self.stop.succeed()

    def request_settle(self) -> None:
        if not self.settle_pending:
            self.settle_pending = True
            _Settle(self.env, self._settle)

    # -- processes that change state ---------------------------------------------

    def _qualifications(self, skill: Skill):  # type: ignore[no-untyped-def]
        for t in qualification_times(skill, self.factory.start):
            if t > self.env.now:
                yield self.env.timeout(t - self.env.now)
            self.qualified[skill.id] += 1
            self.dirty_skills.add(skill.id)
            self.request_settle()

    def _deliveries(self, material: Material):  # type: ignore[no-untyped-def]
        for t, quantity in delivery_times(material, self.factory.start, self.horizon):
            if t > self.env.now:
                yield self.env.timeout(t - self.env.now)
            self.stock[material.id] += Fraction(quantity)
            self.request_settle()

    def _station_clock(self, st: _Station):  # type: ignore[no-untyped-def]
        """Wake the line at every start of working time of this station."""
        for a in st.wt.starts:
            if a > self.env.now:
                yield self.env.timeout(a - self.env.now)
                self.request_settle()

    def _go_live(self, st: _Station):  # type: ignore[no-untyped-def]
        yield self.env.timeout(st.live_at)
        for cell in st.cells:
            cell.account()
        st.live = True
        if st.spec.skill:
            self.dirty_skills.add(st.spec.skill)
        self.request_settle()

    def _cell(self, cell: _Cell):  # type: ignore[no-untyped-def]
        while True:
            unit, op_time = yield cell.assigned
            step = unit.product.routing[unit.step]
            yield from self._busy(cell, op_time)
            if step.rework is not None and self.rng.random() < step.rework.rate:
                yield from self._busy(cell, sample(self.rng, step.rework.time))
            cell.account()
            if step.scrap > 0 and self.rng.random() < step.scrap:
                self._scrapped(cell, unit)
            elif unit.step + 1 == len(unit.product.routing):
                self._finished(cell, unit)
            else:
                self._hold(cell, unit)
            self.request_settle()

    def _busy(self, cell: _Cell, work: float):  # type: ignore[no-untyped-def]
        """Work ``work`` minutes in the station's working time, failing as due."""
        env, wt, failures = self.env, cell.station.wt, cell.station.spec.failures
        left = work
        while left > EPS:
            now = env.now
            if not wt.is_working(now):
                yield from self._until_working(wt)
                continue
            segment = min(left, wt.next_change(now) - now)  # pause at the shift end
            if failures is not None and cell.ttf < segment:
                yield env.timeout(cell.ttf)
                left -= cell.ttf
                cell.account()
                cell.phase = "down"
                yield from self._working(wt, sample(self.rng, failures.mttr))
                cell.account()
                cell.phase = "busy"
                cell.ttf = float(self.rng.exponential(failures.mtbf))
            else:
                yield env.timeout(segment)
                left -= segment
                cell.ttf -= segment

    def _working(self, wt: WorkingTime, amount: float):  # type: ignore[no-untyped-def]
        """Let ``amount`` minutes of working time pass (repairs)."""
        left = amount
        while left > EPS:
            now = self.env.now
            if not wt.is_working(now):
                yield from self._until_working(wt)
                continue
            segment = min(left, wt.next_change(now) - now)
            yield self.env.timeout(segment)
            left -= segment

    def _until_working(self, wt: WorkingTime):  # type: ignore[no-untyped-def]
        nxt = wt.next_working(self.env.now)
        if math.isinf(nxt):
            yield self.env.event()  # no more working time: wait for the horizon
        else:
            yield self.env.timeout(nxt - self.env.now)

    # -- what happens to a unit at the end of its work in a cell -------------------

    def _scrapped(self, cell: _Cell, unit: _Unit) -> None:
        cell.phase, cell.unit = "idle", None
        self.wip -= 1
        self.units_scrapped += 1
        self.replacements.append(unit.product.id)
        if self.pending is not None and not self.pending.replacement:
            # the replacement goes ahead of the planned unit held back at its station,
            # in its place there; at another first station it waits from now on
            since, origin = self.pending.since, self.pending.origin
            held_at = self.pending.unit.product.routing[0].station
            self._withdraw_release()
            if unit.product.routing[0].station != held_at:
                since, origin = self.env.now, -1
            self._offer_release(since, origin)

    def _finished(self, cell: _Cell, unit: _Unit) -> None:
        cell.phase, cell.unit = "idle", None
        self.wip -= 1
        self.finished[unit.product.id].append(self.env.now)
        self.left -= 1
        if self.left == 0 and not self.stop.triggered:
            self.completion = self.env.now
            self.stop.succeed()

    def _hold(self, cell: _Cell, unit: _Unit) -> None:
        cell.phase = "blocked"
        target = self.by_id[unit.product.routing[unit.step + 1].station]
        target.entries.append(_Entry(self.env.now, cell.station.index, cell.index, unit, cell))

    # -- the decisions of an instant -------------------------------------------------

    def _settle(self, _event: Event) -> None:
        self.settle_pending = False
        if self.stop.triggered:
            return
        for skill in sorted(self.dirty_skills):
            self._staff(skill)
        self.dirty_skills.clear()
        # Passes over the stations in line order until nothing changes. A station is
        # visited again only when something that could let it move changed (a unit
        # of one of its cells went downstream, or the release was offered to it);
        # visiting any other station would change nothing.
        self.visit = [True] * len(self.stations)
        self._offer_release(self.env.now)
        for st in self.stations:
            self._pass_on(st)
        while any(self.visit):
            for st in self.stations:
                if self.visit[st.index]:
                    self.visit[st.index] = False
                    self._admit(st)

    def _staff(self, skill: str) -> None:
        left = Fraction(self.qualified.get(skill, 0)) - self.used.get(skill, Fraction(0))
        while True:
            best: _Station | None = None
            best_count = 0
            for st in self.stations:  # line order: the first of equals wins
                if st.spec.skill != skill or not st.live or st.need > left:
                    continue
                if all(c.staffed for c in st.cells):
                    continue
                count = sum(c.staffed for c in st.cells)
                if best is None or count < best_count:
                    best, best_count = st, count
            if best is None:
                return
            cell = next(c for c in best.cells if not c.staffed)
            cell.account()
            cell.staffed = True
            self.used[skill] = self.used.get(skill, Fraction(0)) + best.need
            left -= best.need

    def _offer_release(self, since: float, origin: int = -1) -> bool:
        """Put the next unit to release in front of its first station, if WIP allows.
        ``origin`` orders it among the units that began waiting at ``since``: -1
        (first) when offered at the start of a decision, after every unit when
        offered because the previous release just entered (ADR 0004, 1)."""
        if self.pending is not None:
            return False
        if self.factory.wip_limit is not None and self.wip >= self.factory.wip_limit:
            return False
        if self.replacements:
            product, replacement = self.replacements[0], True
        elif self.planned:
            product, replacement = self.planned[0], False
        else:
            return False
        unit = _Unit(self.factory.products[product], 0)
        entry = _Entry(since, origin, 0, unit, None, replacement)
        first = self.by_id[unit.product.routing[0].station]
        first.entries.append(entry)
        self.visit[first.index] = True
        self.pending = entry
        return True

    def _withdraw_release(self) -> None:
        assert self.pending is not None
        self.by_id[self.pending.unit.product.routing[0].station].entries.remove(self.pending)
        self.pending = None

    def _materials_in_stock(self, step: Step) -> bool:
        return all(self.stock[m] >= Fraction(q) for m, q in step.uses)

    def _start_ops(self, st: _Station) -> bool:
        """Free ready cells take the front units of the queue, FCFS, while materials allow."""
        now = self.env.now
        changed = False
        if not (st.live and st.wt.is_working(now)):
            return False
        while st.queue:
            cell = next((c for c in st.cells if c.ready(now)), None)
            if cell is None:
                break
            unit = st.queue[0]
            step = unit.product.routing[unit.step]
            if not self._materials_in_stock(step):
                break  # it waits at the front; nobody overtakes it
            for m, q in step.uses:
                self.stock[m] -= Fraction(q)
            st.queue.popleft()
            st.starts += 1
            op_time = operation_time(self.rng, step, st.starts)
            cell.account()
            cell.phase, cell.unit = "busy", unit
            event, cell.assigned = cell.assigned, self.env.event()
            event.succeed((unit, op_time))
            changed = True
        return changed

    def _pass_on(self, st: _Station) -> None:
        """Units finished upstream at this instant go straight into ``st``'s buffer
        while it has room and nobody waits ahead of them (see 3); their cells are
        free for this decision."""
        now = self.env.now
        while st.entries:
            entry = min(st.entries, key=_Entry.key)
            if entry.cell is None or entry.since != now:
                return  # the release, or a unit held since earlier, goes first
            if st.spec.buffer is not None and len(st.queue) >= st.spec.buffer:
                return
            st.entries.remove(entry)
            self._let_in(st, entry)

    def _let_in(self, st: _Station, entry: _Entry) -> None:
        """A unit held in an upstream cell joins ``st``'s queue; the cell is free."""
        assert entry.cell is not None
        entry.cell.account()
        entry.cell.phase, entry.cell.unit = "idle", None
        entry.unit.step += 1
        self.visit[entry.origin] = True  # its cell is free again
        st.queue.append(entry.unit)

    def _admit(self, st: _Station) -> bool:
        """Let waiting units into ``st`` in the order they started waiting."""
        if not st.queue and not st.entries:
            return False
        now = self.env.now
        changed = self._start_ops(st)
        while st.entries:
            entry = min(st.entries, key=_Entry.key)
            step = entry.unit.product.routing[entry.unit.step + (0 if entry.cell is None else 1)]
            room = st.spec.buffer is None or len(st.queue) < st.spec.buffer
            if not room:  # full: only straight into a free ready cell (buffer 0)
                straight = (
                    not st.queue
                    and any(c.ready(now) for c in st.cells)
                    and self._materials_in_stock(step)
                )
                if not straight:
                    break
            st.entries.remove(entry)
            if entry.cell is None:  # the release
                self.pending = None
                (self.replacements if entry.replacement else self.planned).popleft()
                self.wip += 1
                self.units_started += 1
                self.releases.append((now, entry.unit.product.id))
                self._offer_release(now, len(self.stations))
                st.queue.append(entry.unit)
            else:
                self._let_in(st, entry)
            self._start_ops(st)
            changed = True
        return changed

    # -- result ------------------------------------------------------------------

    def _result(self) -> ReferenceRun:
        incomplete = self.completion is None
        end = self.horizon if self.completion is None else min(self.completion, self.horizon)
        stations: dict[str, StationTimes] = {}
        for st in self.stations:
            totals = dict.fromkeys(STATES, 0.0)
            for cell in st.cells:
                cell.account_until(end)
                for k in STATES:
                    totals[k] += cell.minutes[k]
            working = len(st.cells) * st.wt.working_between(0.0, end)
            stations[st.spec.id] = StationTimes(working=working, **totals)
        finished = {p: sorted(ts) for p, ts in self.finished.items()}
        by_due: list[int] = []
        for line in self.factory.demand:
            end_of_day = _midnight_minutes(self.factory.start, line.due) + 1440.0
            by_due.append(sum(1 for t in finished[line.product] if t <= end_of_day))
        line_completion = [self.horizon] * len(self.factory.demand)
        for product in self.totals:
            idx = [i for i, d in enumerate(self.factory.demand) if d.product == product]
            idx.sort(key=lambda i: (self.factory.demand[i].due, i))
            running = 0
            for i in idx:
                running += self.factory.demand[i].quantity
                if running == 0:
                    line_completion[i] = 0.0
                elif len(finished[product]) >= running:
                    line_completion[i] = finished[product][running - 1]
        return ReferenceRun(
            completion=end,
            incomplete=incomplete,
            horizon=self.horizon,
            finished=finished,
            units_by_due=by_due,
            line_completion=line_completion,
            units_started=self.units_started,
            units_scrapped=self.units_scrapped,
            stations=stations,
            staffed_cells={st.spec.id: sum(c.staffed for c in st.cells) for st in self.stations},
            releases=self.releases,
        )


def moment(factory: Factory, minutes: float) -> datetime:
    """The date-time ``minutes`` after the factory's start."""
    return factory.start + timedelta(minutes=minutes)

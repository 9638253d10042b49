"""Station events from a trace: what the floor would have posted.

``EventWriter`` walks a trace's records once, in time order: operation starts
and ends (rework as a second operation in the same cell), material lots
consumed, measurements, downtime, each station numbering its own events. Part
of ``services.history``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from rampline.domain.calendar import Calendar
from rampline.domain.factory import Factory
from rampline.domain.tracking import (
    Characteristic,
    Downtime,
    Lot,
    MaterialConsumed,
    Measurement,
    OperationEnd,
    OperationStart,
    Outcome,
    StationEvent,
)
from rampline.simulation.trace import (
    FAIL,
    OP_END,
    OP_START,
    REPAIRED,
    REWORK_END,
    REWORK_START,
    TAKE,
    Trace,
)

EPS = 1e-9
OUTCOMES = {0: Outcome.PASS, 1: Outcome.REWORK, 2: Outcome.SCRAP}


@dataclass(frozen=True)
class MeasuredCharacteristic:
    """A characteristic to measure at the end of every operation at its station,
    with how its values scatter: normal around ``mean`` with ``sd`` when the
    unit passes, out of spec when it goes to rework or scrap."""

    characteristic: Characteristic
    mean: float
    sd: float


def moment(start: datetime, minutes: float) -> datetime:
    """Factory time to the second (rounding keeps the order of moments)."""
    return start + timedelta(seconds=round(minutes * 60.0))


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


class EventWriter:
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
        return moment(self.factory.start, minutes)

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
        outcome = OUTCOMES[aux]
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
            if left <= EPS:
                break
            usable, remaining, i = lot
            if usable > minutes + EPS or remaining <= EPS:
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

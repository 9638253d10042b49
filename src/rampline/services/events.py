"""Record station events: the one code path for the API, ``rampline import`` and demos.

:func:`record_events` checks a batch against the line (see
:mod:`rampline.services.checks`), then stores the events, what they leave
behind (operations, measurements, downtime, genealogy), the stations'
numbering and, when given, the Idempotency-Key with its answer, all in one
transaction. A batch is all or nothing: one bad event rejects the batch and
every problem is reported.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from rampline.domain.tracking import IdempotentReply, StationEvent
from rampline.errors import IdempotencyError, InputError, RejectedEventsError
from rampline.services import quality
from rampline.services.checks import LineState, payload
from rampline.services.factory import current_factory
from rampline.services.idempotency import KeyLocks, fingerprint, in_flight
from rampline.services.ports import Clock, Transaction, UnitOfWork

CREATED = 201


@dataclass(frozen=True)
class Reply:
    """The answer to a POST of events; ``replayed`` when it is a stored first answer."""

    status: int
    body: dict[str, Any]
    replayed: bool = False


def record_events(
    uow: UnitOfWork,
    events: Sequence[StationEvent],
    clock: Clock,
    *,
    key: str | None = None,
    ttl: timedelta = timedelta(hours=24),
    key_locks: KeyLocks | None = None,
    dry_run: bool = False,
) -> Reply:
    """Check and store ``events`` as one batch; raise ``RejectedEventsError`` if any is bad.

    With ``dry_run`` everything is checked and nothing is kept.
    """
    if not events:
        raise InputError("a batch needs at least one event", "events")
    logged = [payload(e) for e in events]
    guard = key_locks.hold(key) if key is not None and key_locks is not None else nullcontext()
    with guard, uow.write() as tx:
        now = clock.now()
        print_ = fingerprint(logged)
        if key is not None:
            first = _first_answer(tx, key, print_, now)
            if first is not None:
                return first
        state = _load(tx, events, now)
        problems: list[tuple[int, InputError]] = []
        for i, (event, text) in enumerate(zip(events, logged, strict=True)):
            try:
                state.apply(event, text)
            except InputError as exc:
                problems.append((i, exc))
        if problems:
            raise RejectedEventsError(problems)
        body = _store(tx, state)
        if dry_run:
            return Reply(CREATED, body)
        if key is not None:
            tx.idempotency.add(
                IdempotentReply(key, print_, CREATED, json.dumps(body), now, now + ttl)
            )
        tx.commit()
    return Reply(CREATED, body)


def _first_answer(tx: Transaction, key: str, print_: str, now: Any) -> Reply | None:
    if not tx.idempotency.lock(key):
        raise in_flight()
    stored = tx.idempotency.get(key)
    if stored is not None and stored.expires_at <= now:
        tx.idempotency.delete(key)
        stored = None
    if stored is None:
        return None
    if stored.fingerprint != print_:
        raise IdempotencyError("this Idempotency-Key was already used with a different body", 422)
    return Reply(stored.status, json.loads(stored.body), replayed=True)


def _load(tx: Transaction, events: Sequence[StationEvent], now: Any) -> LineState:
    factory = current_factory(tx)
    serials = {e.serial for e in events if hasattr(e, "serial")}
    lots = {e.lot for e in events if hasattr(e, "lot")}
    operators = {op for e in events for op in (getattr(e, "operator", None),) if op}
    characteristics = {e.characteristic for e in events if hasattr(e, "characteristic")}
    return LineState(
        factory=factory,
        units=tx.units.get_many(serials, lock=True),
        lots=tx.lots.get_many(lots, lock=True),
        operators=tx.operators.get_many(operators),
        characteristics=tx.characteristics.get_many(characteristics),
        used_seqs=tx.events.existing_seqs({(e.station, e.seq) for e in events}),
        busy_cells=tx.units.running_in({e.station for e in events}),
        last_ends=tx.records.last_ends(serials),
        received_at=now,
    )


def _store(tx: Transaction, state: LineState) -> dict[str, Any]:
    tx.events.add_many(state.events)
    if state.operations:
        tx.records.add_operations(state.operations)
    if state.measurements:
        tx.records.add_measurements(state.measurements)
        quality.raise_alerts(tx, state.measurements, state.received_at)  # same transaction
    if state.downtime:
        tx.records.add_downtime(state.downtime)
    if state.consumptions:
        tx.records.add_consumptions(state.consumptions)
    if state.changed_units:
        tx.units.update_many(state.units[s] for s in sorted(state.changed_units))
    if state.changed_lots:
        tx.lots.set_remaining({lot: state.lots[lot].remaining for lot in state.changed_lots})
    counts: dict[str, tuple[int, int]] = {}
    for e in state.events:
        top, n = counts.get(e.station, (0, 0))
        counts[e.station] = (max(top, e.seq), n + 1)
    sequences = tx.events.advance(counts)
    return {
        "accepted": len(state.events),
        "stations": [
            {
                "station": s.station,
                "last_seq": s.last_seq,
                "received": s.received,
                "missing": s.missing,
            }
            for s in sequences
        ],
    }

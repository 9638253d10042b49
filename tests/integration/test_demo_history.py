"""A week of a small line, traced and posted into a real database: nothing is
refused, and the store counts what the trace did."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import numpy as np

from rampline.bootstrap import build
from rampline.config import Settings
from rampline.factoryfile import parse_factory
from rampline.services import queries
from rampline.services.events import record_events
from rampline.services.history import history_of, post_history
from rampline.services.registry import load_factory_model
from rampline.simulation import trace as tracing
from rampline.simulation.trace import (
    FAIL,
    FINISHED,
    OP_END,
    OP_START,
    REPAIRED,
    REWORK_END,
    REWORK_START,
    TAKE,
)

SMALL = """
factory: Small line
start: 2026-01-05T06:00
calendars:
  two-shift:
    days: [mon, tue, wed, thu, fri]
    shifts: [{start: "06:00", hours: 8}, {start: "14:00", hours: 8}]
    rota: 2
  day:
    days: [mon, tue, wed, thu, fri]
    shifts: [{start: "08:00", hours: 8}]
stations:
  kit: {calendar: two-shift, skill: assembly}
  solder: {calendar: two-shift, cells: 2, skill: soldering, buffer: 10, failures: {mtbf: 8h, mttr: 1h}}
  test: {calendar: day, crew: 2, skill: test, buffer: 10, live_from: 2026-01-06}
people:
  assembly:
    hires: [{on: 2026-01-05, count: 2, trained: true}]
  soldering:
    training: 2d
    training_places: 2
    hires: [{on: 2026-01-05, count: 2, trained: true}, {on: 2026-01-05, count: 2}]
  test:
    hires: [{on: 2026-01-05, count: 2, trained: true}]
materials:
  board:
    on_hand: 20
    deliveries: [{first: 2026-01-07, every: 1d, quantity: 15}]
products:
  box-a:
    routing:
      - {station: kit, time: {mean: 15min, cv: 0.2}, uses: {board: 1}}
      - {station: solder, time: {mean: 40min, cv: 0.3}, rework: {rate: 15%, time: 20min}, scrap: 2%}
      - {station: test, time: {min: 10min, mode: 15min, max: 30min}, rework: {rate: 10%, time: 15min}, scrap: 3%}
  box-b:
    routing:
      - {station: kit, time: 20min, uses: {board: 2}}
      - {station: solder, time: {mean: 50min, cv: 0.3}}
      - {station: test, time: 20min}
demand:
  - {product: box-a, quantity: 120, due: 2026-01-30}
  - {product: box-b, quantity: 40, due: 2026-01-30}
line:
  wip_limit: 25
"""
WEEK = 7 * 1440.0


def test_a_week_of_history_posts_cleanly(db_url: str) -> None:
    factory = parse_factory(SMALL).base
    traced = tracing.trace(factory, 3, WEEK)
    history = history_of(factory, traced, np.random.default_rng(3), until_minutes=WEEK)
    tracking = build(Settings(db_url=db_url))
    try:
        uow, clock = tracking.uow, tracking.clock
        load_factory_model(uow, SMALL, "test", clock)
        posted = post_history(uow, clock, history, batch=200, key_prefix="week")
        assert posted.events == len(history.events)
        assert posted.batches == -(-len(history.events) // 200)
        with uow.read() as tx:
            assert tx.events.count() == len(history.events)

        records = traced.records[traced.records[:, 0] <= WEEK]
        kinds = Counter(int(k) for k in records[:, 1])
        finished = sum(n for _, _, n in queries.output_per_day(uow))
        assert finished == kinds[FINISHED]
        assert finished > 20

        ops = queries.yields(uow)
        assert sum(y.operations for y in ops) == kinds[OP_END] + kinds[REWORK_END]
        reworks = int(np.sum((records[:, 1] == OP_END) & (records[:, 5] == 1)))
        assert reworks > 0
        assert sum(y.reworked for y in ops) == reworks
        assert kinds[REWORK_START] == reworks

        running = kinds[OP_START] + kinds[REWORK_START] - kinds[OP_END] - kinds[REWORK_END]
        assert sum(w.in_cells for w in queries.wip(uow)) == running

        # Replayed from the operation records, the line at its latest event is the
        # store's current state, and mid-week the units in cells are the trace's.
        latest = max(e.at for e in history.events)
        assert queries.wip(uow, latest) == queries.wip(uow)
        mid = 1.2 * 1440.0 + 0.37  # Tuesday 10:48, seconds away from any event (whole seconds)
        at = factory.start + timedelta(minutes=mid)
        upto = records[records[:, 0] <= mid, 1]
        began = np.isin(upto, (OP_START, REWORK_START)).sum()
        ended = np.isin(upto, (OP_END, REWORK_END)).sum()
        assert sum(w.in_cells for w in queries.wip(uow, at)) == began - ended > 0

        assert kinds[FAIL] > 0
        assert len(queries.downtime(uow)) == kinds[REPAIRED]

        taken = float(records[records[:, 1] == TAKE, 6].sum())
        lots = [queries.units_with_lot(uow, lot.id)[0] for lot in history.lots]
        assert sum(lot.quantity - lot.remaining for lot in lots) == taken

        assert queries.gaps(uow) == []
        by_station = {s.station: s for s in queries.sequences(uow)}
        assert {s: by_station[s].last_seq for s in by_station} == {
            s: sum(1 for e in history.events if e.station == s) for s in by_station
        }

        # a batch posted again with its key is answered from the store, stored once
        again = record_events(uow, history.events[:200], clock, key="week-00001")
        assert again.replayed
        with uow.read() as tx:
            assert tx.events.count() == len(history.events)
    finally:
        tracking.close()

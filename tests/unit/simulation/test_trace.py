"""A trace is the same replication that the statistics run: its records tell
the same story as the run's summary numbers."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from rampline.factoryfile import load_factory, parse_factory
from rampline.simulation.montecarlo import run_records
from rampline.simulation.trace import (
    FINISHED,
    OP_END,
    OP_START,
    RELEASE,
    REWORK_END,
    REWORK_START,
    TAKE,
    trace,
)

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "quadcopter-line.yaml"

DAY_SHIFT = """
start: 2026-01-05T08:00
calendars:
  day: {days: [mon, tue, wed, thu, fri], shifts: [{start: "08:00", hours: 8}]}
stations:
  s: {calendar: day}
products:
  p: {routing: [{station: s, time: 30min}]}
demand:
  - {product: p, quantity: 100, due: 2026-02-01}
"""


def test_worked_example_one_traced_unit_by_unit() -> None:
    # Spec, first worked example: 100 units of a fixed 30 min on a weekday day
    # shift; the last is done Tuesday 2026-01-13 10:00, i.e. 8 days 2 h after start.
    factory = parse_factory(DAY_SHIFT).base
    tr = trace(factory, seed=1, until_minutes=math.inf)
    finished = tr.of_kind(FINISHED)
    assert len(finished) == 100
    assert len(tr.of_kind(RELEASE)) == 100
    assert finished[-1, 0] == (8 * 24 + 2) * 60
    starts = tr.of_kind(OP_START)[:, 0]
    ends = tr.of_kind(OP_END)[:, 0]
    # Monday's shift holds 16 units (08:00-16:00); the 17th starts Tuesday 08:00,
    # 24 h after start.
    assert starts[16] == 24 * 60
    assert ends[15] == 8 * 60  # the 16th ends with Monday's shift
    assert np.all(np.diff(tr.records[:, 0]) >= 0)  # in time order


def test_trace_of_the_example_matches_its_statistics_run() -> None:
    factory = load_factory(EXAMPLE)
    tr = trace(factory, seed=7, until_minutes=math.inf)
    rec = run_records(factory, runs=1, seed=7)  # replication 0 of seed 7, the same streams
    finished = tr.of_kind(FINISHED)
    assert finished[-1, 0] == rec.end[0]
    assert len(tr.of_kind(RELEASE)) == rec.started[0]
    scrapped = np.sum(tr.of_kind(OP_END)[:, 5] == 2) + np.sum(tr.of_kind(REWORK_END)[:, 5] == 2)
    assert scrapped == rec.scrapped[0]
    # Every rework starts where an operation ended asking for it.
    assert len(tr.of_kind(REWORK_START)) == np.sum(tr.of_kind(OP_END)[:, 5] == 1)
    # Units finished per product: the demand, 4,200 and 1,800.
    products = tr.unit_product[finished[:, 4].astype(int)]
    assert np.sum(products == tr.products.index("x4-inspect")) == 4200
    assert np.sum(products == tr.products.index("x4-survey")) == 1800
    # Motors take 4 motors and 4 ESCs per operation start.
    motor = tr.materials.index("motor")
    takes = tr.of_kind(TAKE)
    motors_station = tr.stations.index("motors")
    at_motors = tr.of_kind(OP_START)[:, 2] == motors_station
    assert np.sum(takes[takes[:, 5] == motor][:, 6]) == 4 * np.sum(at_motors)


def test_trace_stops_at_until() -> None:
    factory = load_factory(EXAMPLE)
    week = 7 * 1440.0
    tr = trace(factory, seed=1, until_minutes=week)
    assert tr.records[-1, 0] <= week
    assert len(tr.of_kind(FINISHED)) == 0  # flight-test goes live on 2 February

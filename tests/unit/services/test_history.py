"""A hand-made trace becomes exactly the events a floor would post."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pytest

from rampline.domain.tracking import (
    Characteristic,
    Downtime,
    MaterialConsumed,
    Measurement,
    OperationEnd,
    OperationStart,
    Outcome,
    Qualification,
)
from rampline.factoryfile import parse_factory
from rampline.services.history import (
    MeasuredCharacteristic,
    default_characteristics,
    history_of,
    serial_prefixes,
)
from rampline.simulation.trace import (
    FAIL,
    FINISHED,
    OP_END,
    OP_START,
    RELEASE,
    REPAIRED,
    REWORK_END,
    REWORK_START,
    TAKE,
    Trace,
)

TINY = """
factory: Tiny
start: 2026-01-05T08:00
calendars:
  day: {shifts: [{start: "08:00", hours: 8}]}
stations:
  a: {calendar: day, skill: s}
  b: {calendar: day, skill: s, failures: {mtbf: 10h, mttr: 1h}}
people:
  s:
    hires: [{on: 2026-01-05, count: 2, trained: true}]
materials:
  m:
    on_hand: 1
    deliveries: [{first: 2026-01-06, quantity: 5}]
products:
  p-one:
    routing:
      - {station: a, time: 30min, uses: {m: 1}}
      - {station: b, time: 20min, rework: {rate: 10%, time: 10min}, scrap: 1%}
demand:
  - {product: p-one, quantity: 3, due: 2026-01-09}
"""
A, B = 0, 1
# time (minutes after start), kind, station, cell, unit, aux, qty
ROWS = [
    (0, RELEASE, -1, -1, 0, 0, 0),
    (0, OP_START, A, 0, 0, 0, 0),
    (0, TAKE, A, 0, 0, 0, 1),
    (0, RELEASE, -1, -1, 1, 0, 0),
    (30, OP_END, A, 0, 0, 0, 0),
    (30, OP_START, B, 0, 0, 1, 0),
    (40, FAIL, B, 0, 0, 0, 0),
    (100, REPAIRED, B, 0, 0, 0, 0),
    (110, OP_END, B, 0, 0, 1, 0),
    (110, REWORK_START, B, 0, 0, 0, 0),
    (120, REWORK_END, B, 0, 0, 0, 0),
    (120, FINISHED, -1, -1, 0, 0, 0),
    (1440, OP_START, A, 0, 1, 0, 0),
    (1440, TAKE, A, 0, 1, 0, 1),
    (1470, OP_END, A, 0, 1, 0, 0),
    (1470.25, OP_START, B, 0, 1, 1, 0),
    (1490, OP_END, B, 0, 1, 2, 0),
]


def _trace(rows: list[tuple[float, ...]] = ROWS) -> Trace:
    return Trace(
        records=np.array(rows, dtype=np.float64),
        stations=("a", "b"),
        products=("p-one",),
        materials=("m",),
        unit_product=np.zeros(4, dtype=np.int64),
    )


def _at(day: int, hh: int, mm: int, ss: int = 0) -> datetime:
    return datetime(2026, 1, day, hh, mm, ss)


@pytest.fixture
def factory():  # type: ignore[no-untyped-def]
    return parse_factory(TINY).base


def test_events_are_exactly_what_the_floor_posts(factory) -> None:  # type: ignore[no-untyped-def]
    h = history_of(factory, _trace(), np.random.default_rng(1), measured=())
    assert h.events == (
        OperationStart("a", 1, _at(5, 8, 0), "PO-000001", "s-01", 1),
        MaterialConsumed("a", 2, _at(5, 8, 0), "PO-000001", "M-OPENING", 1.0),
        OperationEnd("a", 3, _at(5, 8, 30), "PO-000001", Outcome.PASS, 1),
        OperationStart("b", 1, _at(5, 8, 30), "PO-000001", "s-02", 1),
        Downtime("b", 2, _at(5, 8, 40), _at(5, 9, 40), "breakdown", 1),
        # rework: the operation ends "rework", a second one runs in the same cell
        OperationEnd("b", 3, _at(5, 9, 50), "PO-000001", Outcome.REWORK, 1),
        OperationStart("b", 4, _at(5, 9, 50), "PO-000001", "s-02", 1),
        OperationEnd("b", 5, _at(5, 10, 0), "PO-000001", Outcome.PASS, 1),
        OperationStart("a", 4, _at(6, 8, 0), "PO-000002", "s-01", 1),
        MaterialConsumed("a", 5, _at(6, 8, 0), "PO-000002", "M-260106", 1.0),
        OperationEnd("a", 6, _at(6, 8, 30), "PO-000002", Outcome.PASS, 1),
        OperationStart("b", 6, _at(6, 8, 30, 15), "PO-000002", "s-02", 1),
        OperationEnd("b", 7, _at(6, 8, 50), "PO-000002", Outcome.SCRAP, 1),
    )


def test_master_data(factory) -> None:  # type: ignore[no-untyped-def]
    h = history_of(factory, _trace(), np.random.default_rng(1), measured=())
    (wo,) = h.work_orders
    assert wo.order.id == "WO-PO"
    assert wo.order.product == "p-one"
    assert wo.order.quantity == 3
    assert wo.order.due == date(2026, 1, 9)
    assert wo.serials == ("PO-000001", "PO-000002")
    assert [(o.id, o.qualifications) for o in h.operators] == [
        ("s-01", (Qualification("s", date(2026, 1, 5)),)),
        ("s-02", (Qualification("s", date(2026, 1, 5)),)),
    ]
    assert [(lot.id, lot.quantity, lot.received_at) for lot in h.lots] == [
        ("M-OPENING", 1.0, _at(5, 8, 0)),
        ("M-260106", 5.0, _at(6, 0, 0)),
    ]
    assert h.end == _at(6, 8, 50)


def test_until_cuts_the_records_and_leaves_operations_running(factory) -> None:  # type: ignore[no-untyped-def]
    h = history_of(factory, _trace(), np.random.default_rng(1), until_minutes=50, measured=())
    assert [type(e).__name__ for e in h.events] == [
        "OperationStart",
        "MaterialConsumed",
        "OperationEnd",
        "OperationStart",  # still running at b; the failure is not repaired yet
    ]
    assert h.work_orders[0].serials == ("PO-000001", "PO-000002")
    assert [lot.id for lot in h.lots] == ["M-OPENING"]  # the delivery comes later


def test_a_take_spanning_two_lots_consumes_from_both(factory) -> None:  # type: ignore[no-untyped-def]
    rows = [
        (0, RELEASE, -1, -1, 0, 0, 0),
        (1000, OP_START, A, 0, 0, 0, 0),
        (1000, TAKE, A, 0, 0, 0, 3),
    ]
    h = history_of(factory, _trace(rows), np.random.default_rng(1), measured=())
    consumed = [(e.lot, e.quantity, e.seq) for e in h.events if isinstance(e, MaterialConsumed)]
    assert consumed == [("M-OPENING", 1.0, 2), ("M-260106", 2.0, 3)]


def test_a_take_no_lot_covers_is_an_error(factory) -> None:  # type: ignore[no-untyped-def]
    rows = [(0, RELEASE, -1, -1, 0, 0, 0), (0, OP_START, A, 0, 0, 0, 0), (0, TAKE, A, 0, 0, 0, 2)]
    with pytest.raises(ValueError, match="no lot of 'm' left"):
        history_of(factory, _trace(rows), np.random.default_rng(1), measured=())


def test_measurements_come_before_the_end_in_spec_when_passed(factory) -> None:  # type: ignore[no-untyped-def]
    c = Characteristic("thrust", "b", "N", 9.0, 11.0, 10.0)
    h = history_of(
        factory, _trace(), np.random.default_rng(7), measured=[MeasuredCharacteristic(c, 10.0, 0.1)]
    )
    at_b = [e for e in h.events if e.station == "b"]
    assert [e.seq for e in at_b] == list(range(1, len(at_b) + 1))
    kinds = [(type(e).__name__, getattr(e, "outcome", None)) for e in at_b]
    assert kinds == [
        ("OperationStart", None),
        ("Downtime", None),
        ("Measurement", None),
        ("OperationEnd", Outcome.REWORK),
        ("OperationStart", None),
        ("Measurement", None),
        ("OperationEnd", Outcome.PASS),
        ("OperationStart", None),
        ("Measurement", None),
        ("OperationEnd", Outcome.SCRAP),
    ]
    values = [e.value for e in at_b if isinstance(e, Measurement)]
    assert not 9.0 <= values[0] <= 11.0  # sent to rework: out of spec
    assert 9.0 <= values[1] <= 11.0
    assert not 9.0 <= values[2] <= 11.0
    assert h.characteristics == (c,)
    again = history_of(
        factory, _trace(), np.random.default_rng(7), measured=[MeasuredCharacteristic(c, 10.0, 0.1)]
    )
    assert again == h  # randomness is the argument only


def test_crews_take_turns_by_shift() -> None:
    text = TINY.replace(
        'day: {shifts: [{start: "08:00", hours: 8}]}',
        'day: {shifts: [{start: "06:00", hours: 8}, {start: "14:00", hours: 8}], rota: 2}',
    ).replace("count: 2", "count: 4")
    factory = parse_factory(text).base
    rows = [
        (0, RELEASE, -1, -1, 0, 0, 0),
        (0, OP_START, A, 0, 0, 0, 0),  # 08:00, first shift
        (0, TAKE, A, 0, 0, 0, 1),
        (10, OP_END, A, 0, 0, 0, 0),
        (10, RELEASE, -1, -1, 1, 0, 0),
        (400, OP_START, B, 0, 0, 1, 0),  # 14:40, second shift
    ]
    h = history_of(factory, _trace(rows), np.random.default_rng(1), measured=())
    starts = [(e.station, e.operator) for e in h.events if isinstance(e, OperationStart)]
    # a (staffed first) has s-01 and s-02, b has s-03 and s-04; one team per shift
    assert starts[0][0] == "a"
    assert starts[0][1] in {"s-01", "s-02"}
    assert starts[1][0] == "b"
    assert starts[1][1] in {"s-03", "s-04"}
    other = history_of(
        factory,
        _trace([*rows[:5], (100, OP_START, A, 0, 1, 0, 0)]),
        np.random.default_rng(1),
        measured=(),
    )
    same_day = [e.operator for e in other.events if isinstance(e, OperationStart)]
    assert same_day[0] == same_day[1]  # 08:00 and 09:40: the same shift, the same crew


def test_serial_prefixes() -> None:
    assert serial_prefixes(["x4-inspect", "x4-survey"]) == {"x4-inspect": "X4I", "x4-survey": "X4S"}
    assert serial_prefixes(["a-b", "a_b", "c"]) == {"a-b": "AB", "a_b": "AB2", "c": "C"}


def test_default_characteristics_fit_any_line(factory) -> None:  # type: ignore[no-untyped-def]
    (only,) = default_characteristics(factory)
    assert only.characteristic.station == "b"
    c = only.characteristic
    assert c.lsl is not None
    assert c.usl is not None
    assert c.lsl < only.mean < c.usl

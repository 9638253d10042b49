"""Where a unit stood at a past moment, replayed from its operation records by
the store's rules (``tracking.place_at``): hand-built histories."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rampline.domain.tracking import OperationRecord, Outcome, Unit, UnitStatus, place_at

ROUTING = ("kit", "solder", "test")


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 1, 5, hour, minute)


def op(
    station: str, step: int, start: datetime, end: datetime, outcome: Outcome
) -> OperationRecord:
    return OperationRecord("U1", station, 1, None, start, end, outcome, step, 1, 1)


def unit(**kw: Any) -> Unit:
    return Unit("U1", "WO-1", "box", **kw)


def test_not_started_waits_for_its_first_station() -> None:
    assert place_at(unit(), ROUTING, [], at(8)) == (UnitStatus.QUEUED, "kit")


def test_running_then_waiting_for_the_next_station() -> None:
    ops = [op("kit", 0, at(8), at(9), Outcome.PASS)]
    assert place_at(unit(), ROUTING, ops, at(8, 30)) == (UnitStatus.RUNNING, "kit")
    assert place_at(unit(), ROUTING, ops, at(9)) == (UnitStatus.QUEUED, "solder")


def test_rework_waits_again_at_the_same_station() -> None:
    ops = [
        op("kit", 0, at(8), at(9), Outcome.PASS),
        op("solder", 1, at(9), at(10), Outcome.REWORK),
    ]
    assert place_at(unit(), ROUTING, ops, at(10, 30)) == (UnitStatus.QUEUED, "solder")


def test_done_and_scrapped_leave_the_line() -> None:
    done = [
        op("kit", 0, at(8), at(9), Outcome.PASS),
        op("solder", 1, at(9), at(10), Outcome.PASS),
        op("test", 2, at(10), at(11), Outcome.PASS),
    ]
    assert place_at(unit(), ROUTING, done, at(12)) == (UnitStatus.DONE, None)
    assert place_at(unit(), ROUTING, done, at(10, 30)) == (UnitStatus.RUNNING, "test")
    scrapped = [op("kit", 0, at(8), at(9), Outcome.SCRAP)]
    assert place_at(unit(), ROUTING, scrapped, at(9)) == (UnitStatus.SCRAPPED, None)


def test_an_operation_still_running_now_was_running_since_its_start() -> None:
    ops = [op("kit", 0, at(8), at(9), Outcome.PASS)]
    now = unit(status=UnitStatus.RUNNING, step=1, running_station="solder", running_since=at(9))
    assert place_at(now, ROUTING, ops, at(12)) == (UnitStatus.RUNNING, "solder")
    assert place_at(now, ROUTING, ops, at(8, 59)) == (UnitStatus.RUNNING, "kit")

"""Station events from CSV rows: the format ``rampline import`` reads.

One event per row, with a header. Columns (unused ones may be empty or
absent): ``type, station, seq, at, serial, operator, cell, outcome,
characteristic, value, lot, quantity, start, end, reason`` with the same
meaning as in the API (docs/tracking.md). Times are ISO 8601 factory local
time without a zone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rampline.domain.tracking import (
    Downtime,
    MaterialConsumed,
    Measurement,
    OperationEnd,
    OperationStart,
    Outcome,
    StationEvent,
)
from rampline.errors import InputError

COLUMNS = (
    "type",
    "station",
    "seq",
    "at",
    "serial",
    "operator",
    "cell",
    "outcome",
    "characteristic",
    "value",
    "lot",
    "quantity",
    "start",
    "end",
    "reason",
)


@dataclass(frozen=True)
class RowProblem:
    line: int
    field: str
    message: str


class _Row:
    def __init__(self, values: Mapping[str, str | None]) -> None:
        self.values = values

    def text(self, name: str, required: bool = True) -> str | None:
        value = (self.values.get(name) or "").strip()
        if not value:
            if required:
                raise InputError("is required for this type of event", name)
            return None
        return value

    def need(self, name: str) -> str:
        value = self.text(name)
        assert value is not None
        return value

    def convert(
        self, name: str, kind: Callable[[str], Any], what: str, required: bool = True
    ) -> Any:
        value = self.text(name, required)
        if value is None:
            return None
        try:
            return kind(value)
        except ValueError:
            raise InputError(f"'{value}' is not {what}", name) from None

    def time(self, name: str) -> datetime:
        moment: datetime = self.convert(name, datetime.fromisoformat, "an ISO date-time")
        if moment.tzinfo is not None:
            raise InputError("give factory local time without a time zone", name)
        return moment

    def positive_int(self, name: str, required: bool = True) -> int | None:
        value: int | None = self.convert(name, int, "a whole number", required)
        if value is not None and value < 1:
            raise InputError(f"must be 1 or more, not {value}", name)
        return value


def _event(row: _Row) -> StationEvent:
    kind = row.need("type")
    station = row.need("station")
    seq = row.positive_int("seq")
    assert seq is not None
    if kind == "operation.start":
        return OperationStart(
            station,
            seq,
            row.time("at"),
            row.need("serial"),
            row.need("operator"),
            row.positive_int("cell", False) or 1,
        )
    if kind == "operation.end":
        outcome = row.convert("outcome", Outcome, "pass, rework or scrap")
        return OperationEnd(
            station,
            seq,
            row.time("at"),
            row.need("serial"),
            outcome,
            row.positive_int("cell", False) or 1,
            row.text("operator", False),
        )
    if kind == "measurement":
        value = row.convert("value", float, "a number")
        if value != value or value in (float("inf"), float("-inf")):
            raise InputError("must be a finite number", "value")
        return Measurement(
            station, seq, row.time("at"), row.need("serial"), row.need("characteristic"), value
        )
    if kind == "downtime":
        return Downtime(
            station,
            seq,
            row.time("start"),
            row.time("end"),
            row.need("reason"),
            row.positive_int("cell", False),
        )
    if kind == "material.consumed":
        quantity = row.convert("quantity", float, "a number", False)
        if quantity is not None and not quantity > 0:
            raise InputError("must be more than 0", "quantity")
        return MaterialConsumed(
            station,
            seq,
            row.time("at"),
            row.need("serial"),
            row.need("lot"),
            1.0 if quantity is None else quantity,
        )
    raise InputError(
        f"unknown event type '{kind}' (operation.start, operation.end, "
        "measurement, downtime, material.consumed)",
        "type",
    )


def parse_rows(
    rows: Iterable[tuple[int, Mapping[str, str | None]]],
) -> tuple[list[StationEvent], list[int], list[RowProblem]]:
    """Events and their line numbers from (line, row) pairs, and the rows that are bad."""
    events: list[StationEvent] = []
    lines: list[int] = []
    problems: list[RowProblem] = []
    for line, values in rows:
        try:
            events.append(_event(_Row(values)))
            lines.append(line)
        except InputError as exc:
            problems.append(RowProblem(line, exc.field, exc.message))
    return events, lines, problems

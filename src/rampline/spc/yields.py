"""Yields of a line and the Pareto of defect codes.

* First-pass yield of an operation: the share of units that pass it the first
  time they try it, ``FPY = passed first time / units that tried``; reworked
  and retested units count against it.
* Rolled throughput yield of the line: the chance that a unit passes every
  operation first time, ``RTY = FPY_1 * FPY_2 * ... * FPY_k``.
* Pareto: defect codes from the most to the least frequent (ties by code), each
  with its share and the cumulative share.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from math import prod

__all__ = [
    "LineYield",
    "OperationYield",
    "ParetoBar",
    "first_pass_yields",
    "line_yield",
    "pareto",
]


@dataclass(frozen=True)
class OperationYield:
    """First-pass yield of one operation."""

    operation: str
    tried: int
    passed_first_time: int

    @property
    def fpy(self) -> float:
        """Share of units that passed the operation at their first try."""
        return self.passed_first_time / self.tried


@dataclass(frozen=True)
class LineYield:
    """First-pass yield per operation (in line order) and the rolled throughput yield."""

    operations: tuple[OperationYield, ...]

    @property
    def rty(self) -> float:
        """Product of the first-pass yields."""
        return prod(op.fpy for op in self.operations)


def line_yield(counts: Iterable[tuple[str, int, int]]) -> LineYield:
    """From ``(operation, tried, passed_first_time)`` rows, in line order."""
    ops = []
    for name, tried, passed in counts:
        if tried <= 0 or not 0 <= passed <= tried:
            raise ValueError(
                f"operation {name!r}: need 0 <= passed ({passed}) <= tried ({tried}) and tried > 0"
            )
        ops.append(OperationYield(name, tried, passed))
    if not ops:
        raise ValueError("a line yield needs at least one operation")
    return LineYield(tuple(ops))


def first_pass_yields(records: Iterable[tuple[Hashable, str, bool]]) -> LineYield:
    """From ``(unit, operation, passed)`` records in time order.

    Only a unit's first record at an operation counts; operations keep the order
    in which they first appear.
    """
    seen: set[tuple[Hashable, str]] = set()
    tried: Counter[str] = Counter()
    passed: Counter[str] = Counter()
    order: dict[str, None] = {}
    for unit, operation, ok in records:
        order.setdefault(operation, None)
        if (unit, operation) in seen:
            continue
        seen.add((unit, operation))
        tried[operation] += 1
        passed[operation] += bool(ok)
    return line_yield((op, tried[op], passed[op]) for op in order)


@dataclass(frozen=True)
class ParetoBar:
    """One defect code in a Pareto chart."""

    code: str
    count: int
    share: float
    cumulative: float


def pareto(defects: Mapping[str, int] | Iterable[str]) -> tuple[ParetoBar, ...]:
    """Defect codes by falling count; ``defects`` is a code -> count map or a list of codes."""
    counts = Counter(defects) if not isinstance(defects, Mapping) else Counter(dict(defects))
    if any(count < 0 for count in counts.values()):
        raise ValueError("defect counts must not be negative")
    total = sum(counts.values())
    if total == 0:
        return ()
    bars = []
    running = 0
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        running += count
        bars.append(ParetoBar(code, count, count / total, running / total))
    return tuple(bars)

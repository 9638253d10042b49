"""A small valid factory file that the bad-file tables break one line at a time."""

from __future__ import annotations

from pathlib import Path

BASE = """\
factory: Test line
start: 2026-01-05T08:00
calendars:
  day:
    days: [mon, tue, wed, thu, fri]
    shifts:
      - {start: "08:00", hours: 8}
    holidays: [2026-05-01]
stations:
  avionics:
    calendar: day
    cells: 2
    skill: soldering
    failures: {mtbf: 100h, mttr: 2h}
  test:
    calendar: day
people:
  soldering:
    training: 1w
    hires:
      - {on: 2026-01-05, count: 2, trained: true}
      - {on: 2026-01-05, count: 2}
materials:
  board:
    on_hand: 100
    deliveries:
      - {first: 2026-01-12, every: 1w, quantity: 50}
products:
  p:
    routing:
      - station: avionics
        time: {mean: 30min, cv: 0.2}
        uses: {board: 1}
        scrap: 1%
      - station: test
        time: 10min
demand:
  - {product: p, quantity: 100, due: 2026-03-31}
scenarios:
  double:
    set:
      stations.avionics.cells: 3
"""


def edit(replacements: dict[int, str]) -> str:
    """BASE with line N (1-based) replaced by the given text (may be several lines)."""
    lines = BASE.splitlines()
    for n in sorted(replacements, reverse=True):
        lines[n - 1] = replacements[n]
    return "\n".join(lines) + "\n"


EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "quadcopter-line.yaml"

"""``rampline capacity FILE [--scenario NAME] [--json]``: steady-state
capacity per station against the demand, the bottleneck and a verdict."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from rampline.cli.app import app
from rampline.cli.common import emit_json, load_or_exit, plan_or_exit, whole
from rampline.domain.factory import Factory
from rampline.planning import Capacity, capacity, verdict


@app.command("capacity")
def capacity_command(
    file: Path = typer.Argument(..., help="The factory file (YAML)."),
    scenario: str | None = typer.Option(None, "--scenario", help="A scenario of the file."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object on standard output."),
) -> None:
    """Hours, units and required units per week at each station; the bottleneck."""
    loaded = load_or_exit(file)
    factory = plan_or_exit(loaded, scenario)
    result = capacity(factory)
    if as_json:
        emit_json(to_json(factory, result))
    else:
        show(Console(highlight=False), factory, result)


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def to_json(factory: Factory, result: Capacity) -> dict[str, Any]:
    """The object results.md defines (to 6 decimals: results.md shows the
    example's numbers rounded for reading, tests compare with a tolerance), plus
    ``factory``, ``scenario`` and ``verdict``."""
    return {
        "factory": factory.name,
        "scenario": factory.scenario,
        "stations": {
            s.station: {
                "hours_per_week": _round(s.hours_per_week, 6),
                "units_per_week": _round(s.units_per_week, 6),
                "required_per_week": _round(s.required_per_week, 6),
                "load": _round(s.load, 6),
            }
            for s in result.stations
        },
        "bottleneck": result.bottleneck,
        "feasible": result.feasible,
        "verdict": verdict(factory, result),
    }


def _num(value: float | None, fmt: str) -> str:
    return "-" if value is None else format(value, fmt)


def show(console: Console, factory: Factory, result: Capacity) -> None:
    title = factory.name + (f" — scenario {factory.scenario}" if factory.scenario else "")
    table = Table(
        "station",
        "cells",
        "h/week",
        "units/wk",
        "needed/wk",
        "load",
        "",
        title=title,
        title_justify="left",
    )
    for s in result.stations:
        mark = "◀ bottleneck" if s.station == result.bottleneck else ""
        style = "bold red" if not s.feasible else ("bold" if mark else "")
        table.add_row(
            s.station,
            str(s.cells),
            _num(s.hours_per_week, ".2f"),
            _num(s.units_per_week, ".2f"),
            _num(s.required_per_week, ".2f"),
            _num(s.load, ".3f"),
            mark,
            style=style,
        )
    console.print(whole(table))
    console.print(verdict(factory, result))

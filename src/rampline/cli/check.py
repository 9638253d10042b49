"""``rampline check FILE``: validate a factory file and its scenarios; on
success print a one-screen summary of the line."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from rampline.cli.app import app
from rampline.cli.common import load_or_exit, whole
from rampline.domain.calendar import WEEKDAYS, Calendar
from rampline.domain.factory import Factory
from rampline.factoryfile import FactoryFile


@app.command("check")
def check(
    file: Path = typer.Argument(..., help="The factory file (YAML) to check."),
) -> None:
    """Check a factory file and every scenario in it; summarise the line."""
    loaded = load_or_exit(file)
    summary(Console(highlight=False), loaded)


def _days(calendar: Calendar) -> str:
    if len(calendar.days) == 7:
        return "every day"
    return ", ".join(WEEKDAYS[d] for d in sorted(calendar.days))


def _shifts(calendar: Calendar) -> str:
    return ", ".join(
        f"{s.start_minute // 60:02d}:{s.start_minute % 60:02d}+{s.hours:g}h"
        for s in calendar.shifts
    )


def summary(console: Console, loaded: FactoryFile) -> None:
    f: Factory = loaded.base
    warnings = len(loaded.warnings)
    console.print(
        f"[bold]{f.name or loaded.path}[/bold]: OK"
        + (f" with {warnings} warning{'s' if warnings != 1 else ''}" if warnings else "")
        + f"; start {f.start.isoformat(timespec='minutes')}"
        + f", last due {max(d.due for d in f.demand)}"
    )
    stations = Table(
        "station",
        "calendar",
        "cells",
        "crew",
        "skill",
        "buffer",
        "live from",
        title="Stations (line order)",
        title_justify="left",
    )
    for s in f.stations:
        stations.add_row(
            s.id,
            s.calendar,
            str(s.cells),
            str(s.crew),
            s.skill or "-",
            "no limit" if s.buffer is None else str(s.buffer),
            s.live_from.date().isoformat() if s.live_from else "start",
        )
    console.print(whole(stations))
    calendars = Table(
        "calendar",
        "days",
        "shifts",
        "holidays",
        "h/week",
        "rota",
        title="Calendars",
        title_justify="left",
    )
    for c in f.calendars.values():
        calendars.add_row(
            c.name,
            _days(c),
            _shifts(c),
            str(len(c.holidays)),
            f"{c.weekly_pattern_minutes() / 60:g}",
            f"{c.rota:g}",
        )
    console.print(whole(calendars))
    if f.people:
        people = Table(
            "skill",
            "trained",
            "to train",
            "training",
            "places",
            title="People",
            title_justify="left",
        )
        for k in f.people.values():
            trained = sum(h.count for h in k.hires if h.trained)
            people.add_row(
                k.id,
                str(trained),
                str(sum(h.count for h in k.hires) - trained),
                "-" if k.training is None else f"{k.training / 1440:g} d",
                "no limit" if k.training_places is None else str(k.training_places),
            )
        console.print(whole(people))
    demand = Table("product", "quantity", "due", "steps", title="Demand", title_justify="left")
    for d in f.demand:
        demand.add_row(
            d.product, str(d.quantity), d.due.isoformat(), str(len(f.products[d.product].routing))
        )
    console.print(whole(demand))
    extras = [f"{len(f.materials)} materials"]
    if f.wip_limit is not None:
        extras.append(f"WIP limit {f.wip_limit}")
    extras.append(
        f"{len(loaded.scenarios)} scenarios checked"
        + (": " + ", ".join(loaded.scenarios) if loaded.scenarios else "")
    )
    console.print("; ".join(extras))

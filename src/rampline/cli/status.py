"""``rampline status [FILE] [--db URL] [--at DATETIME] [--runs N] [--json]``: the line
against its plan.

Finished units per day against the median and P10-P90 band of a simulation of
the factory model in force (the latest loaded into the database, or FILE),
days ahead or behind, and the stations that explain it.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from rampline.cli.app import app
from rampline.cli.common import emit_json, fail, load_or_exit, whole
from rampline.cli.simulate import run_with_progress
from rampline.domain.factory import Factory
from rampline.services.ports import UnitOfWork
from rampline.services.status import Status, grid_days_for
from rampline.simulation import SimulationResult

_DB_HELP = "database URL or SQLite file (default: $RAMPLINE_DB, else rampline.sqlite)"
ALERTS_SHOWN = 5


def parse_moment(text: str) -> datetime:
    """An ISO date-time in factory time (a date alone means its 00:00), or exit 2."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        fail(f"--at: '{text}' is not a date-time like 2026-03-16T06:00")
    if moment.tzinfo is not None:
        fail("--at: factory time has no time zone; leave the offset out")
    return moment


def plan_with_progress(
    factory: Factory, runs: int, seed: int, as_of: datetime, label: str = "simulating the plan"
) -> SimulationResult:
    """Simulate ``factory`` with daily points up to ``as_of`` and beyond, with a
    progress bar on standard error."""
    days = grid_days_for(factory.start, as_of)
    return run_with_progress(factory, runs, seed, label, grid_days=days)


def line_status(
    uow: UnitOfWork,
    factory: Factory | None,
    at: datetime | None,
    runs: int,
    seed: int,
) -> Status:
    """Read the store and simulate the plan; store errors exit 2 with their message."""
    from rampline.errors import RamplineError
    from rampline.services.status import default_as_of, model_in_force, read_status

    try:
        plan = factory if factory is not None else model_in_force(uow)
        as_of = at if at is not None else default_as_of(uow)
    except RamplineError as exc:
        fail(str(exc))
    if as_of < plan.start:
        fail(f"--at {as_of:%Y-%m-%dT%H:%M} is before the plan starts ({plan.start:%Y-%m-%dT%H:%M})")
    result = plan_with_progress(plan, runs, seed, as_of)
    return read_status(uow, plan, result, as_of)


@app.command("status")
def status_command(
    file: Path | None = typer.Argument(
        None, help="A factory file to compare with (default: the model in force in the database)."
    ),
    db: str | None = typer.Option(None, "--db", help=_DB_HELP),
    at: str | None = typer.Option(
        None, "--at", help="Compare as of this factory date-time (default: the latest event)."
    ),
    runs: int = typer.Option(200, "--runs", min=1, help="Replications of the plan."),
    seed: int = typer.Option(1, "--seed", min=0, help="Seed of the random streams."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object on standard output."),
) -> None:
    """Finished units against the plan: days ahead or behind, and the stations that explain it."""
    from rampline.bootstrap import build
    from rampline.config import Settings

    moment = parse_moment(at) if at is not None else None
    factory = load_or_exit(file).base if file is not None else None
    tracking = build(Settings.from_env(db=db))
    try:
        status = line_status(tracking.uow, factory, moment, runs, seed)
    finally:
        tracking.close()
    if as_json:
        emit_json(status.to_json())
    else:
        show(Console(highlight=False), status)


def show(console: Console, s: Status) -> None:
    """The status as Rich tables: weekly rows of the daily comparison, the stations,
    the constraint in a sentence and the open SPC alerts."""
    console.print(f"[bold]{escape(s.factory)}[/bold]: status as of {s.as_of:%Y-%m-%d %H:%M}")
    colour = "green" if s.days_ahead is None or s.days_ahead >= 0 else "red"
    console.print(f"[bold {colour}]{escape(s.headline)}[/bold {colour}]")
    table = Table(title="Finished units against the plan (cumulative)", title_justify="left")
    for col in ("week to", "finished", "cumulative", "plan P10", "P50", "P90", "vs P50"):
        table.add_column(col, justify="left" if col == "week to" else "right")
    weekly = list(reversed(s.days[::-1][::7]))
    for row in weekly:
        k = s.days.index(row)
        earlier = s.days[k - 7].cumulative if k >= 7 else 0
        gap = row.cumulative - row.p50
        table.add_row(
            row.day.isoformat(),
            str(row.cumulative - earlier),
            str(row.cumulative),
            f"{row.p10:.0f}",
            f"{row.p50:.0f}",
            f"{row.p90:.0f}",
            f"{gap:+.0f}",
        )
    console.print(whole(table))
    stations = Table(title="Stations", title_justify="left")
    for col in ("station", "waiting", "in cells", "down h (7 d)", "first-pass yield"):
        stations.add_column(col, justify="left" if col == "station" else "right")
    for st in s.stations:
        mark = " ◀" if st.station == s.constraint else ""
        fpy = "–" if st.first_pass_yield is None else f"{st.first_pass_yield:.1%}"
        stations.add_row(
            escape(st.station) + mark,
            str(st.waiting),
            str(st.in_cells),
            f"{st.down_hours:.1f}",
            fpy,
        )
    console.print(whole(stations))
    if s.alerts_are_later and s.current_as_of is not None:
        console.print(
            f"[dim]Units, yields and downtime are as of {s.as_of:%Y-%m-%d %H:%M}; the open "
            f"alerts below as the store stands now (latest event "
            f"{s.current_as_of:%Y-%m-%d %H:%M}).[/dim]"
        )
    console.print(f"Constraint: [bold]{escape(s.explanation)}[/bold]")
    if not s.alerts:
        console.print("Open SPC alerts: none")
        return
    console.print(f"Open SPC alerts: [bold yellow]{len(s.alerts)}[/bold yellow]")
    for a in s.alerts[:ALERTS_SHOWN]:
        console.print(f"  #{a.id} {escape(a.message)}")
    if len(s.alerts) > ALERTS_SHOWN:
        console.print(f"  ... and {len(s.alerts) - ALERTS_SHOWN} more (GET /alerts?status=open)")

"""``rampline simulate FILE [--scenario NAME] [--runs N] [--seed S] [--json]``."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from rampline.cli.app import app
from rampline.cli.common import emit_json, load_or_exit, plan_or_exit, progress_bar, whole
from rampline.domain.factory import Factory
from rampline.simulation import SimulationResult, simulate
from rampline.simulation.results import moment


def run_with_progress(
    factory: Factory, runs: int, seed: int, label: str, *, grid_days: int = 0
) -> SimulationResult:
    """Simulate with a Rich progress bar on standard error (``grid_days``: daily series)."""
    with progress_bar() as bar:
        task = bar.add_task(label, total=runs)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done)

        return simulate(factory, runs=runs, seed=seed, grid_days=grid_days, progress=progress)


@app.command("simulate")
def simulate_command(
    file: Path = typer.Argument(..., help="The factory file (YAML)."),
    scenario: str | None = typer.Option(None, "--scenario", help="A scenario of the file."),
    runs: int = typer.Option(1000, "--runs", min=1, help="Replications."),
    seed: int = typer.Option(1, "--seed", min=0, help="Seed of the random streams."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object on standard output."),
) -> None:
    """Monte Carlo simulation of the ramp: will the demand be met on time?"""
    loaded = load_or_exit(file)
    factory = plan_or_exit(loaded, scenario)
    result = run_with_progress(factory, runs, seed, f"simulating {scenario or 'base plan'}")
    if as_json:
        emit_json(result.to_json())
    else:
        show(Console(highlight=False), result)


def show(console: Console, r: SimulationResult) -> None:
    title = f"{r.factory}" + (f", scenario {r.scenario}" if r.scenario else ", base plan")
    console.print(f"[bold]{title}[/bold]: {r.runs} runs, seed {r.seed}")
    console.print(f"On time (every demand line): [bold]{r.on_time_probability:.0%}[/bold]")
    c = r.completion
    console.print(
        f"Completion: P10 {moment(r.start, c.p10)[:16]}  P50 [bold]{moment(r.start, c.p50)[:16]}"
        f"[/bold]  P90 {moment(r.start, c.p90)[:16]}"
    )
    demand = Table(title="Demand", title_justify="left")
    for col in ("product", "quantity", "due", "on time", "P50 done", "by due P10/P50/P90"):
        demand.add_column(col, justify="right" if col != "product" else "left")
    for d in r.demand:
        u = d.units_by_due
        demand.add_row(
            d.product,
            str(d.quantity),
            d.due,
            f"{d.on_time_probability:.0%}",
            moment(r.start, d.completion.p50)[:10],
            f"{u[1]:.0f}/{u[2]:.0f}/{u[3]:.0f}",
        )
    console.print(whole(demand))
    table = Table(title="Stations (share of working time)", title_justify="left")
    for col in ("station", "busy", "blocked", "starved", "down", "unstaffed", "bottleneck"):
        table.add_column(col, justify="right" if col != "station" else "left")
    for sid, s in r.stations.items():
        mark = " ◀" if sid == r.bottleneck else ""
        table.add_row(
            sid + mark,
            *(
                f"{v:.1%}"
                for v in (s.busy, s.blocked, s.starved, s.down, s.unstaffed, s.bottleneck)
            ),
        )
    console.print(whole(table))
    console.print(
        f"Bottleneck: [bold]{r.bottleneck}[/bold]; units started {r.units_started:.0f}, "
        f"scrapped {r.units_scrapped:.1f} (means)"
    )
    if r.incomplete_runs:
        console.print(
            f"[yellow]{r.incomplete_runs} runs did not meet the demand within five years[/yellow]"
        )

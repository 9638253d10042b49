"""``rampline report FILE [-o report.html] [--runs N] [--seed S]``: one HTML file
that opens offline, comparing the base plan with every scenario in plots."""

from __future__ import annotations

import math
import shlex
from pathlib import Path

import numpy as np
import typer
from rich.console import Console
from rich.markup import escape

from rampline import __version__
from rampline.cli.app import app
from rampline.cli.common import fail, load_or_exit
from rampline.cli.compare import (
    CAPTION,
    HEADERS,
    NOTES,
    Comparison,
    Simulator,
    compare_file,
    plan_name,
    rows,
)
from rampline.cli.compare import verdict as compare_verdict
from rampline.cli.simulate import run_with_progress
from rampline.domain.calendar import minutes_between
from rampline.domain.factory import Factory
from rampline.report.ramp import (
    SHARE_NAMES,
    CompareTable,
    DemandMark,
    PlanData,
    RampReport,
    SkillSteps,
    render_report,
)
from rampline.simulation import SimulationResult
from rampline.simulation.compare import completion_minutes
from rampline.simulation.series import daily_series, people_steps


def grid_days(factory: Factory) -> int:
    """Days of daily series to record: twice the time to the last due day and a month,
    at most the five years after which a run stops."""
    due = minutes_between(factory.start, factory.last_due) / 1440.0
    horizon = minutes_between(factory.start, factory.horizon) / 1440.0
    return max(1, min(math.ceil(horizon), math.ceil(2 * due) + 30))


def _simulator(days: int) -> Simulator:
    def run(factory: Factory, runs: int, seed: int, label: str) -> SimulationResult:
        return run_with_progress(factory, runs, seed, label, grid_days=days)

    return run


@app.command("report")
def report_command(
    file: Path = typer.Argument(..., help="The factory file (YAML)."),
    output: Path = typer.Option(Path("report.html"), "-o", "--output", help="The HTML file."),
    runs: int = typer.Option(1000, "--runs", min=1, help="Replications of each plan."),
    seed: int = typer.Option(1, "--seed", min=0, help="Seed (shared by all plans)."),
) -> None:
    """An HTML report of the base plan and every scenario, for the browser, offline."""
    if not output.parent.is_dir():
        fail(f"cannot write {output}: no folder {output.parent}")
    loaded = load_or_exit(file)
    plans = [loaded.base, *loaded.scenarios.values()]
    comparison = compare_file(loaded, runs, seed, _simulator(max(grid_days(f) for f in plans)))
    command = "rampline report " + " ".join(
        shlex.quote(a)
        for a in (str(file), "-o", str(output), "--runs", str(runs), "--seed", str(seed))
    )
    report = build(comparison, plans, command)
    html = render_report(report)
    try:
        output.write_text(html, encoding="utf-8")
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror}")
    console = Console(highlight=False)
    console.print(f"Wrote {escape(str(output))} ({len(html.encode()) / 1e6:.1f} MB)")
    console.print(f"[bold]{escape(report.verdict)}[/bold]")


def build(c: Comparison, factories: list[Factory], command: str = "") -> RampReport:
    """Map the simulation results onto the report's plain numbers."""
    base = factories[0]
    plans = []
    warnings = []
    for result, factory in zip(c.plans, factories, strict=True):
        series = daily_series(result.records)
        ends = completion_minutes(result)
        recorded = series.finished.shape[1]
        if np.any(ends > recorded * 1440.0):
            warnings.append(
                f"{plan_name(result)}: some runs end after the {recorded} days the charts show."
            )
        if result.incomplete_runs:
            warnings.append(
                f"{plan_name(result)}: {result.incomplete_runs} runs did not meet the demand "
                "within five years; they count at that limit."
            )
        plans.append(
            PlanData(
                name=plan_name(result),
                description=c.descriptions.get(result.scenario, "") or "",
                on_time=result.on_time_probability,
                completion_minutes=ends,
                finished=series.finished.astype(np.float32),
                stock=series.stock.astype(np.float32),
                shares={
                    sid: {k: getattr(s, k) for k in SHARE_NAMES}
                    for sid, s in result.stations.items()
                },
                bottleneck=result.bottleneck,
                people=tuple(
                    SkillSteps(p.skill, p.times, p.qualified, p.trainees)
                    for p in people_steps(factory)
                ),
            )
        )
        del series
    return RampReport(
        factory=c.base.factory,
        start=base.start,
        runs=c.base.runs,
        seed=c.base.seed,
        verdict=compare_verdict(c),
        demand=tuple(DemandMark(d.product, d.quantity, d.due) for d in base.demand),
        materials=tuple(base.materials),
        plans=tuple(plans),
        table=CompareTable(HEADERS, rows(c), CAPTION, NOTES),
        command=command,
        version=__version__,
        warnings=tuple(warnings),
    )

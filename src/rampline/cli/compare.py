"""``rampline compare FILE [--runs N] [--seed S] [--json]``: the base plan and
every scenario side by side, run with the same random streams, and each
scenario's difference to the base with its 95% confidence interval."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from rampline.cli.app import app
from rampline.cli.common import emit_json, load_or_exit
from rampline.cli.simulate import run_with_progress
from rampline.factoryfile import FactoryFile
from rampline.simulation import SimulationResult
from rampline.simulation.compare import LEVEL, Difference, MeanDifference, best, compare
from rampline.simulation.results import moment

BASE = "base plan"
HEADERS = (
    "plan",
    "on time",
    "Δ on time",
    "McNemar p",
    "P50 completion",
    "Δ completion, days",
    "units by due",
    "Δ units by due",
)
CAPTION = "Δ: scenario minus base plan, paired run by run, ± the 95% confidence interval"
NOTES = (
    "Every plan uses the same runs and seed, so run r of each plan meets the same random "
    "breakdowns and task times (common random numbers); differences are scenario minus "
    "base, paired run by run.",
    "On time: every demand line finished by the end of its due day. Δ in percentage points "
    "with a paired-proportions (Wald) 95% interval; McNemar p is the exact test on the runs "
    "where only one of the two plans was on time.",
    "Completion: the day the last demanded unit is finished. The difference is the mean of "
    "the per-run differences in days (negative: earlier), with a paired-t 95% interval; "
    "P50 is shown per plan but not differenced.",
    "Units by due: finished units of each demand line by the end of its due day, summed "
    "over the lines; mean difference per run with a paired-t 95% interval.",
)


@dataclass(frozen=True)
class Comparison:
    """The plans (base first, then scenarios in file order) and each scenario's difference."""

    base: SimulationResult
    scenarios: tuple[SimulationResult, ...]
    differences: tuple[Difference, ...]
    descriptions: dict[str | None, str]

    @property
    def plans(self) -> tuple[SimulationResult, ...]:
        return (self.base, *self.scenarios)

    def to_json(self) -> dict[str, Any]:
        top = best(list(self.scenarios))
        return {
            "factory": self.base.factory,
            "runs": self.base.runs,
            "seed": self.base.seed,
            "confidence": LEVEL,
            "base": self.base.to_json(),
            "scenarios": [s.to_json() for s in self.scenarios],
            "differences": [d.to_json() for d in self.differences],
            "best_scenario": top.scenario if top is not None else None,
        }


Simulator = Callable[[Any, int, int, str], SimulationResult]


def compare_file(
    loaded: FactoryFile, runs: int, seed: int, simulator: Simulator = run_with_progress
) -> Comparison:
    """Simulate the base plan and each scenario with the same runs and seed."""
    n = 1 + len(loaded.scenarios)
    base = simulator(loaded.base, runs, seed, f"1/{n} {BASE}")
    scenarios = tuple(
        simulator(factory, runs, seed, f"{k}/{n} {name}")
        for k, (name, factory) in enumerate(loaded.scenarios.items(), start=2)
    )
    descriptions: dict[str | None, str] = {None: loaded.base.description}
    descriptions.update({name: f.description for name, f in loaded.scenarios.items()})
    return Comparison(base, scenarios, tuple(compare(base, s) for s in scenarios), descriptions)


@app.command("compare")
def compare_command(
    file: Path = typer.Argument(..., help="The factory file (YAML)."),
    runs: int = typer.Option(1000, "--runs", min=1, help="Replications of each plan."),
    seed: int = typer.Option(1, "--seed", min=0, help="Seed (shared by all plans)."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object on standard output."),
) -> None:
    """The base plan and every scenario side by side, with paired differences."""
    result = compare_file(load_or_exit(file), runs, seed)
    if as_json:
        emit_json(result.to_json())
    else:
        show(Console(highlight=False), result)


def plan_name(result: SimulationResult) -> str:
    return result.scenario or BASE


def rows(c: Comparison) -> list[tuple[str, ...]]:
    """The comparison table as text, one row per plan (base first)."""
    out = [_row(c.base, None)]
    out.extend(_row(s, d) for s, d in zip(c.scenarios, c.differences, strict=True))
    return out


def _row(r: SimulationResult, d: Difference | None) -> tuple[str, ...]:
    units = float(r.records.by_due.sum(axis=1).mean())
    p50 = moment(r.start, r.completion.p50)[:10]
    if d is None:
        return (
            plan_name(r),
            f"{r.on_time_probability:.0%}",
            "—",
            "—",
            p50,
            "—",
            f"{units:,.0f}",
            "—",
        )
    o = d.on_time
    return (
        plan_name(r),
        f"{r.on_time_probability:.0%}",
        f"{100 * o.difference:+.0f} ± {100 * o.half_width:.0f} pp",
        _p(o.p_value),
        p50,
        _mean(d.completion_days, ".1f", ""),
        f"{units:,.0f}",
        _mean(d.units_by_due, ",.0f", ""),
    )


def _mean(m: MeanDifference, fmt: str, unit: str) -> str:
    if math.isnan(m.low):
        return f"{m.mean:+{fmt}}{unit}"
    return f"{m.mean:+{fmt}} ± {(m.high - m.low) / 2:{fmt}}{unit}"


def _p(p: float) -> str:
    return "<0.001" if p < 0.001 else f"{p:.3f}"


def verdict(c: Comparison) -> str:
    """One sentence for a planner: the base plan and the best scenario."""
    b = c.base
    text = (
        f"Base plan: {b.on_time_probability:.0%} on time, "
        f"P50 completion {moment(b.start, b.completion.p50)[:10]}"
    )
    if b.demand:
        text += f" (due {max(d.due for d in b.demand)})"
    top = best(list(c.scenarios))
    if top is None:
        return text + "; the file has no scenarios."
    d = c.differences[c.scenarios.index(top)]
    days = d.completion_days.mean
    when = f"{abs(days):.0f} days {'earlier' if days < 0 else 'later'} on average"
    return (
        f"{text}. Best scenario: {top.scenario}, {top.on_time_probability:.0%} on time "
        f"({100 * d.on_time.difference:+.0f} pp), "
        f"P50 completion {moment(top.start, top.completion.p50)[:10]}, {when}."
    )


def blocks(console: Console, table_rows: list[tuple[str, ...]]) -> None:
    """``table_rows`` (as ``rows`` builds them, in ``HEADERS`` order, base plan
    first) as one block per plan, every value whole, for a terminal too narrow
    for the table (Rich would cut the cells short)."""
    console.print("[bold]Scenarios against the base plan[/bold]")
    base, *scenarios = table_rows
    plan, on_time, _, _, p50, _, units, _ = base
    console.print(f"[bold]{escape(plan)}[/bold]")
    console.print(f"  on time {on_time}; P50 completion {p50}; units by due {units}")
    for plan, on_time, d_on_time, p, p50, d_days, units, d_units in scenarios:
        console.print(f"[bold]{escape(plan)}[/bold]")
        console.print(f"  on time {on_time}, Δ {d_on_time} (McNemar p {p})")
        console.print(f"  P50 completion {p50}, Δ {d_days} days")
        console.print(f"  units by due {units}, Δ {d_units}")
    console.print(CAPTION)


def show(console: Console, c: Comparison) -> None:
    b = c.base
    console.print(
        f"[bold]{b.factory}[/bold]: base plan and {len(c.scenarios)} scenarios, "
        f"{b.runs} runs each, seed {b.seed} (common random numbers)"
    )
    table = Table(
        title="Scenarios against the base plan",
        title_justify="left",
        caption=CAPTION,
        caption_justify="left",
    )
    for h in HEADERS:
        table.add_column(h, justify="left" if h == "plan" else "right", no_wrap=True)
    table_rows = rows(c)
    for row in table_rows:
        table.add_row(*row)
    wide = console.options.update_width(10_000)
    if console.measure(table, options=wide).maximum <= console.width:
        console.print(table)
    else:  # too narrow for the table (a pipe gets 80 columns): a block per plan
        blocks(console, table_rows)
    console.print(f"[bold]{verdict(c)}[/bold]")
    for s in c.scenarios:
        if c.descriptions.get(s.scenario):
            console.print(f"  {s.scenario}: {c.descriptions[s.scenario]}")
    incomplete = [plan_name(r) for r in c.plans if r.incomplete_runs]
    if incomplete:
        console.print(
            "[yellow]Some runs did not meet the demand within five years and count at that "
            f"limit: {', '.join(incomplete)}[/yellow]"
        )
    for note in NOTES:
        console.print(f"[dim]{note}[/dim]")

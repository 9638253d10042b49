"""``rampline demo``: the main job on the example, from a fresh checkout.

Checks the example factory file, runs the capacity check and the Monte Carlo
simulation of the base plan and every scenario, and writes the HTML report.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from rampline.cli.app import app
from rampline.cli.capacity import show as show_capacity
from rampline.cli.common import load_or_exit
from rampline.cli.simulate import run_with_progress
from rampline.cli.simulate import show as show_simulation
from rampline.planning import capacity

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "quadcopter-line.yaml"


@app.command("demo")
def demo_command(
    file: Path = typer.Option(EXAMPLE, "--file", help="The factory file to demonstrate."),
    runs: int = typer.Option(200, "--runs", help="Replications per plan."),
    seed: int = typer.Option(1, "--seed", help="Seed of the random streams."),
) -> None:
    """Check, capacity and simulation of the example line, base plan and scenarios."""
    console = Console(highlight=False)
    loaded = load_or_exit(file)
    base = loaded.base
    console.rule(f"[bold]{base.name}[/bold]: {file.name}")
    console.print(
        f"{len(base.stations)} stations, {len(loaded.scenarios)} scenarios: file is valid"
    )
    console.rule("Capacity check (steady state)")
    show_capacity(console, base, capacity(base))
    console.rule("Monte Carlo simulation")
    show_simulation(console, run_with_progress(base, runs, seed, "base plan"))
    for name, plan in loaded.scenarios.items():
        result = run_with_progress(plan, runs, seed, name)
        c = result.to_json()["completion"]
        console.print(
            f"scenario [bold]{name}[/bold]: on time {result.on_time_probability:.0%}, "
            f"P50 completion {c['p50'][:10]}, bottleneck {result.bottleneck}"
        )

"""``rampline demo``: the main job on the example, from a fresh checkout (``make demo``).

1. creates a SQLite database (``rampline-demo.sqlite`` here, replaced if it exists);
2. loads the example factory file into it as the model in force;
3. simulates about ten weeks of the line, one replication traced event by
   event, and posts that shop-floor history (work orders and serials,
   operators, lots, operations, rework, downtime, material consumed,
   measurements) through the code path the API uses, in batches with an
   Idempotency-Key each;
4. prints ``rampline status``: finished units against the plan's median and
   P10-P90 band, days ahead or behind, and the stations that explain it;
5. writes the HTML report of the base plan and every scenario.

Progress goes to standard error, the results to standard output.
"""

from __future__ import annotations

import shlex
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import typer
from rich.console import Console
from rich.markup import escape

from rampline.bootstrap import build
from rampline.cli.app import app
from rampline.cli.common import fail, load_or_exit, progress_bar, stderr
from rampline.cli.compare import compare_file
from rampline.cli.report import build as build_report
from rampline.cli.report import grid_days
from rampline.cli.simulate import run_with_progress
from rampline.cli.status import show
from rampline.config import Settings
from rampline.domain.factory import Factory
from rampline.domain.tracking import Downtime, Measurement, OperationEnd, Outcome
from rampline.errors import RamplineError
from rampline.factoryfile import FactoryFile
from rampline.report.ramp import render_report
from rampline.services.history import History, history_of, post_history
from rampline.services.registry import load_factory_model
from rampline.services.status import default_as_of, read_status
from rampline.simulation import SimulationResult
from rampline.simulation.trace import trace

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "quadcopter-line.yaml"
DEMO_DB = "rampline-demo.sqlite"
LOADED_BY = "rampline demo"


@contextmanager
def _step(n: int, what: str) -> Iterator[None]:
    began = time.perf_counter()
    stderr.print(f"[bold cyan]{n}/5[/bold cyan] {what} ...")
    yield
    stderr.print(f"    done in {time.perf_counter() - began:.1f} s")


def fresh_sqlite(path: Path) -> str:
    """Remove ``path`` and its WAL files; the SQLite URL of the new database."""
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        p.unlink(missing_ok=True)
    return f"sqlite:///{path.resolve()}"


@app.command("demo")
def demo_command(
    file: Path = typer.Option(EXAMPLE, "--file", help="The factory file to demonstrate."),
    db: str | None = typer.Option(
        None,
        "--db",
        help=f"Database URL or SQLite file, empty (default: a fresh {DEMO_DB} in the current "
        "folder, replaced if it exists).",
    ),
    weeks: float = typer.Option(10, "--weeks", help="Weeks of shop-floor history to simulate."),
    runs: int = typer.Option(100, "--runs", min=1, help="Replications of each plan."),
    seed: int = typer.Option(1, "--seed", min=0, help="Seed of the history and the simulations."),
    output: Path = typer.Option(Path("report.html"), "-o", "--output", help="The HTML report."),
) -> None:
    """Track ten simulated weeks of the example line, then its status and the HTML report."""
    if weeks <= 0:
        fail("--weeks must be more than 0")
    console = Console(highlight=False)
    began = time.perf_counter()

    with _step(1, "creating the database"):
        url = fresh_sqlite(Path(DEMO_DB)) if db is None else Settings.from_env(db=db).db_url
        tracking = build(Settings.from_env(db=url))
    try:
        with _step(2, f"loading {file.name} as the model in force"):
            loaded = load_or_exit(file)
            base = loaded.base
            text = file.read_text(encoding="utf-8")
            try:
                model = load_factory_model(tracking.uow, text, LOADED_BY, tracking.clock)
            except RamplineError as exc:
                fail(str(exc))
        console.rule(f"[bold]{escape(base.name)}[/bold]: {escape(file.name)}")
        console.print(
            f"{len(base.stations)} stations, {len(base.products)} products, "
            f"{len(loaded.scenarios)} scenarios; loaded as factory model v{model.version} "
            f"into {escape(_shown(url))}"
        )

        with _step(3, f"simulating {weeks:g} weeks of shop-floor history and posting it"):
            until = weeks * 7 * 1440.0
            history = history_of(
                base, trace(base, seed, until), np.random.default_rng(seed), until_minutes=until
            )
            with progress_bar() as bar:
                task = bar.add_task("posting station events", total=len(history.events))

                def progress(done: int, total: int) -> None:
                    bar.update(task, completed=done)

                try:
                    posted = post_history(
                        tracking.uow,
                        tracking.clock,
                        history,
                        key_prefix=f"demo-{seed}",
                        progress=progress,
                    )
                except RamplineError as exc:
                    fail(f"the history was refused: {exc}")
        console.print(_history_line(history, posted.events, posted.batches))

        with _step(4, "simulating the plan and comparing the line with it"):
            days = max(grid_days(f) for f in [base, *loaded.scenarios.values()])
            simulator = _Simulator(days)
            base_result = simulator(base, runs, seed, f"1/{1 + len(loaded.scenarios)} base plan")
            as_of = default_as_of(tracking.uow)
            status = read_status(tracking.uow, base, base_result, as_of)
        console.rule("Status against plan")
        show(console, status)

        with _step(5, f"simulating {len(loaded.scenarios)} scenarios and writing the report"):
            html = _report(loaded, runs, seed, simulator, file, output)
            try:
                output.write_text(html, encoding="utf-8")
            except OSError as exc:
                fail(f"cannot write {output}: {exc.strerror}")
    finally:
        tracking.close()
    console.rule("Report")
    console.print(f"Wrote {escape(str(output))} ({len(html.encode()) / 1e6:.1f} MB)")
    console.print(
        f"Database: {escape(_shown(url))}; try `rampline status --db {escape(_shown(url))}` "
        f"or `rampline serve --db {escape(_shown(url))}`"
    )
    stderr.print(f"demo finished in {time.perf_counter() - began:.0f} s")


def _shown(url: str) -> str:
    """A SQLite URL as the file path a user would type; other URLs as they are."""
    return url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else url


def _history_line(history: History, events: int, batches: int) -> str:
    units = sum(len(w.serials) for w in history.work_orders)
    ends = [e for e in history.events if isinstance(e, OperationEnd)]
    reworked = sum(e.outcome is Outcome.REWORK for e in ends)
    scrapped = sum(e.outcome is Outcome.SCRAP for e in ends)
    downtime = sum(isinstance(e, Downtime) for e in history.events)
    measured = sum(isinstance(e, Measurement) for e in history.events)
    return (
        f"History to {history.end:%Y-%m-%d %H:%M}: {units} units released, {reworked} reworks, "
        f"{scrapped} scrapped, {downtime} breakdowns, {measured} measurements, "
        f"{len(history.operators)} operators, {len(history.lots)} lots; "
        f"{events} station events posted in {batches} batches through record_events."
    )


class _Simulator:
    """Simulates with a progress bar and keeps each result, so that the base plan
    simulated for the status is not simulated again for the report."""

    def __init__(self, grid_days: int) -> None:
        self.grid_days = grid_days
        self.done: dict[int, SimulationResult] = {}

    def __call__(self, factory: Factory, runs: int, seed: int, label: str) -> SimulationResult:
        key = id(factory)
        if key not in self.done:
            self.done[key] = run_with_progress(factory, runs, seed, label, grid_days=self.grid_days)
        return self.done[key]


def _report(
    loaded: FactoryFile, runs: int, seed: int, simulator: _Simulator, file: Path, output: Path
) -> str:
    plans = [loaded.base, *loaded.scenarios.values()]
    comparison = compare_file(loaded, runs, seed, simulator)
    command = "rampline report " + " ".join(
        shlex.quote(a)
        for a in (str(file), "-o", str(output), "--runs", str(runs), "--seed", str(seed))
    )
    return render_report(build_report(comparison, plans, command))

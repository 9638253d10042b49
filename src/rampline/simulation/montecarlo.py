"""Many replications of one plan: seeds, parallel batches, summary statistics."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numba import njit, prange

from rampline.domain.calendar import minutes_between
from rampline.domain.factory import Factory
from rampline.simulation.compiled import compile_model
from rampline.simulation.engine import replicate
from rampline.simulation.results import (
    SHARES,
    Completion,
    LineResult,
    RunRecords,
    SimulationResult,
    StationResult,
    percentiles,
)
from rampline.simulation.state import BUSY, DOWN, STATES
from rampline.simulation.streams import PURPOSES, stream_seeds
from rampline.simulation.structs import Model

Progress = Callable[[int, int], None]  # (runs done, runs in all)
BATCH = 250
SERIES_RUNS = 1000
"""Daily series (``grid_days``) are kept for the first this many runs (the
report's default): the runs are independent, so these are a random sample of
them, and memory stops growing there (480 days of the example's series are
27 KB a run, 27 MB at this bound)."""


@njit(parallel=True, cache=True)
def _batch(
    m,
    staff_order,
    seeds,
    capacity,
    grid_f,
    grid_s,
    end,
    complete,
    line_done,
    by_due,
    started,
    scrapped,
    shares,
):
    for r in prange(seeds.shape[0]):
        res = replicate(
            m, staff_order, seeds[r], capacity, grid_f[r], grid_s[r], np.inf, np.int64(0)
        )
        end[r] = res[0]
        complete[r] = res[1]
        line_done[r, :] = res[2]
        by_due[r, :] = res[3]
        started[r] = res[4]
        scrapped[r] = res[5]
        shares[r, :, :] = res[6]


@njit(cache=True)
def _reduce_shares(shares, shares_sum, bottleneck_runs):
    """Add a batch's runs to the sums, one run after the other, so the sums do
    not depend on the batching; a run's bottleneck is its most loaded station
    (busy + down), the first in line order on a tie."""
    for r in range(shares.shape[0]):
        top = 0
        most = shares[r, 0, BUSY] + shares[r, 0, DOWN]
        for s in range(1, shares.shape[1]):
            load = shares[r, s, BUSY] + shares[r, s, DOWN]
            if load > most:
                top, most = s, load
        bottleneck_runs[top] += 1
        for s in range(shares.shape[1]):
            for k in range(shares.shape[2]):
                shares_sum[s, k] += shares[r, s, k]


def unit_capacity(model: Model, factory: Factory) -> int:
    """Room for units in one replication: the plan and its expected scrap, and more."""
    keep = 1.0
    for product in factory.products.values():
        k = 1.0
        for step in product.routing:
            k *= 1.0 - step.scrap
        keep = min(keep, k)
    # A plan that keeps under a twentieth of its units (scrap 100 % keeps none)
    # starts at twenty times its units and grows when a run needs more.
    return int(model.release.shape[0] / max(keep, 0.05) * 1.1) + 64


def run_records(
    factory: Factory,
    runs: int,
    seed: int,
    *,
    grid_days: int = 0,
    progress: Progress | None = None,
    keep_shares: bool = False,
) -> RunRecords:
    """Run the replications in batches of ``BATCH``; the station time shares
    are reduced batch by batch (every run's kept with ``keep_shares``)."""
    model = compile_model(factory, grid_days)
    n_st = len(factory.stations)
    n_lines = len(factory.demand)
    n_mat = len(factory.materials)
    staff_order = np.argsort(model.cell_staffed_at, kind="stable").astype(np.int64)
    capacity = unit_capacity(model, factory)
    end = np.empty(runs)
    complete = np.zeros(runs, np.bool_)
    line_done = np.empty((runs, n_lines))
    by_due = np.empty((runs, n_lines), np.int64)
    started = np.empty(runs, np.int64)
    scrapped = np.empty(runs, np.int64)
    kept = np.empty((runs, n_st, STATES)) if keep_shares else None
    batch_shares = np.empty((min(runs, BATCH), n_st, STATES))
    shares_sum = np.zeros((n_st, STATES))
    bottleneck_runs = np.zeros(n_st, np.int64)
    n_series = min(runs, SERIES_RUNS) if grid_days else 0
    grid_f = np.zeros((n_series, grid_days))
    grid_s = np.zeros((n_series, grid_days, n_mat))
    batch_f = np.zeros((min(runs, BATCH), grid_days))  # a batch's series, the kept ones copied
    batch_s = np.zeros((min(runs, BATCH), grid_days, n_mat))
    for lo in range(0, runs, BATCH):
        hi = min(runs, lo + BATCH)
        seeds = stream_seeds(seed, hi - lo, n_st * PURPOSES, first_run=lo)
        sl = slice(lo, hi)
        shares = kept[sl] if kept is not None else batch_shares[: hi - lo]
        series_f, series_s = batch_f[: hi - lo], batch_s[: hi - lo]
        _batch(
            model,
            staff_order,
            seeds,
            capacity,
            series_f,
            series_s,
            end[sl],
            complete[sl],
            line_done[sl],
            by_due[sl],
            started[sl],
            scrapped[sl],
            shares,
        )
        for r in np.flatnonzero(end[sl] < 0):
            cap = capacity
            while end[lo + r] < 0:  # rare: more scrap than room for units; run again, bigger
                cap *= 2
                res = replicate(
                    model, staff_order, seeds[r], cap, series_f[r], series_s[r], np.inf, 0
                )
                end[lo + r], complete[lo + r] = res[0], res[1]
                line_done[lo + r], by_due[lo + r] = res[2], res[3]
                started[lo + r], scrapped[lo + r], shares[r] = res[4], res[5], res[6]
        _reduce_shares(shares, shares_sum, bottleneck_runs)
        kept_series = max(0, min(hi, n_series) - lo)
        grid_f[lo : lo + kept_series] = series_f[:kept_series]
        grid_s[lo : lo + kept_series] = series_s[:kept_series]
        if progress is not None:
            progress(hi, runs)
    horizon = model.horizon
    line_done = np.where(line_done < 0, horizon, line_done)
    return RunRecords(
        end,
        complete,
        line_done,
        by_due,
        started,
        scrapped,
        shares_sum,
        bottleneck_runs,
        kept,
        grid_f if grid_days else None,
        grid_s if grid_days else None,
        np.array(model.grid) if grid_days else None,
    )


def simulate(
    factory: Factory,
    runs: int = 1000,
    seed: int = 1,
    *,
    grid_days: int = 0,
    progress: Progress | None = None,
    keep_shares: bool = False,
) -> SimulationResult:
    """Simulate ``runs`` replications of the plan; replication ``r`` draws from
    child ``r`` of ``SeedSequence(seed)``, so results do not depend on batching."""
    if runs < 1:
        raise ValueError("runs must be at least 1")
    rec = run_records(
        factory, runs, seed, grid_days=grid_days, progress=progress, keep_shares=keep_shares
    )
    return summarise(factory, runs, seed, rec)


def summarise(factory: Factory, runs: int, seed: int, rec: RunRecords) -> SimulationResult:
    due_end = np.array([minutes_between(factory.start, d.due_end) for d in factory.demand])
    on_time_lines = rec.line_done <= due_end[None, :]
    lines = tuple(
        LineResult(
            product=d.product,
            quantity=d.quantity,
            due=d.due.isoformat(),
            on_time_probability=float(np.mean(on_time_lines[:, i])),
            completion=Completion.of(rec.line_done[:, i]),
            units_by_due=(float(np.mean(rec.by_due[:, i])), *percentiles(rec.by_due[:, i])),
        )
        for i, d in enumerate(factory.demand)
    )
    mean_shares = rec.shares_sum / runs
    stations = {}
    for i, s in enumerate(factory.stations):
        values = dict(zip(SHARES, (float(x) for x in mean_shares[i]), strict=True))
        stations[s.id] = StationResult(
            busy=values["busy"],
            blocked=values["blocked"],
            starved=values["starved"],
            down=values["down"],
            unstaffed=values["unstaffed"],
            bottleneck=float(rec.bottleneck_runs[i] / runs),
        )
    shares_top = [stations[s.id].bottleneck for s in factory.stations]
    bottleneck = factory.stations[int(np.argmax(shares_top))].id
    return SimulationResult(
        factory=factory.name,
        scenario=factory.scenario,
        runs=runs,
        seed=seed,
        start=factory.start,
        on_time_probability=float(np.mean(np.all(on_time_lines, axis=1))),
        completion=Completion.of(np.max(rec.line_done, axis=1)),
        demand=lines,
        units_started=float(np.mean(rec.started)),
        units_scrapped=float(np.mean(rec.scrapped)),
        stations=stations,
        bottleneck=bottleneck,
        incomplete_runs=int(np.sum(~rec.complete)),
        records=rec,
    )

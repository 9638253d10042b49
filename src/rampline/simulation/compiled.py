"""The plan laid out as flat arrays for the engine.

Everything that involves no chance is done here once: calendars (less
outages) per station as working-interval tables, the staffing moment of each
cell, delivery moments, the release order, the demand thresholds.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from rampline.domain.calendar import WorkingTime, minutes_between
from rampline.domain.demand import release_order
from rampline.domain.distributions import (
    Distribution,
    Exponential,
    Fixed,
    LogNormal,
    Normal,
    Triangular,
    is_fixed,
)
from rampline.domain.factory import Factory
from rampline.domain.staffing import cell_staffing
from rampline.simulation import streams
from rampline.simulation.structs import Model


def distribution_params(dist: Distribution) -> tuple[int, list[float], float]:
    """(kind, parameters, mean ``m``) for the engine's ``sample``."""
    if is_fixed(dist):
        value = dist.low if isinstance(dist, Triangular) else dist.mean
        return streams.FIXED, [value, 0.0, 0.0], value
    if isinstance(dist, LogNormal):
        s2 = math.log(1.0 + dist.cv**2)
        return (
            streams.LOGNORMAL,
            [dist.mean, math.log(dist.mean) - s2 / 2, math.sqrt(s2)],
            dist.mean,
        )
    if isinstance(dist, Exponential):
        return streams.EXPONENTIAL, [dist.mean, 0.0, 0.0], dist.mean
    if isinstance(dist, Triangular):
        return streams.TRIANGULAR, [dist.low, dist.mode, dist.high], dist.mean
    if isinstance(dist, Normal):
        return streams.NORMAL, [dist.mean, dist.sd, 0.0], dist.mean
    assert isinstance(dist, Fixed)
    return streams.FIXED, [dist.value, 0.0, 0.0], dist.value


NEVER = 1 << 62


def learned_after(first: float, exponent: float, mean: float) -> int:
    """The station's operation count ``k`` from which a step's learning curve
    ``max(mean, first * k ** exponent)`` stays at ``mean`` (the engine then skips
    the power): the least ``k`` with ``first * k ** exponent <= mean``, computed
    with the engine's formula."""
    if first <= 0.0:  # no curve
        return 0
    if first <= mean:
        return 1
    if exponent >= 0.0:
        return NEVER
    k = max(1, math.floor((mean / first) ** (1.0 / exponent)) - 2)
    while first * k**exponent > mean:
        k += 1
    while k > 1 and first * (k - 1) ** exponent <= mean:
        k -= 1
    return min(k, NEVER)


def delivery_moments(factory: Factory) -> list[tuple[float, int, float]]:
    """(minutes after start, material index, quantity), deliveries at or before
    start at 0; sorted by time then material order."""
    out: list[tuple[float, int, float]] = []
    for m_index, material in enumerate(factory.materials.values()):
        for d in material.deliveries:
            for moment in d.arrivals(factory.horizon):
                out.append((max(0.0, minutes_between(factory.start, moment)), m_index, d.quantity))
    out.sort(key=lambda x: (x[0], x[1]))
    return out


def compile_model(factory: Factory, grid_days: int = 0) -> Model:
    """Lay ``factory`` out as arrays; ``grid_days`` > 0 records daily series."""
    start, horizon_dt = factory.start, factory.horizon
    horizon = minutes_between(start, horizon_dt)
    st_index = {s.id: i for i, s in enumerate(factory.stations)}
    mat_index = {m: i for i, m in enumerate(factory.materials)}
    prod_index = {p: i for i, p in enumerate(factory.products)}

    cal_off, cal_start, cal_end, cal_cum = [0], [], [], []
    st_cell_off, st_buffer, st_fail, st_mtbf, st_mttr_kind, st_mttr_p = [0], [], [], [], [], []
    cell_station: list[int] = []
    staffing = cell_staffing(factory)
    for i, s in enumerate(factory.stations):
        outages = [(o.start, o.end) for o in factory.outages if o.applies_to(s.id)]
        wt = WorkingTime(factory.calendars[s.calendar], start, horizon_dt, outages)
        cal_start += wt.starts
        cal_end += wt.ends
        cal_cum += wt.cum
        cal_off.append(len(cal_start))
        st_cell_off.append(st_cell_off[-1] + s.cells)
        cell_station += [i] * s.cells
        st_buffer.append(s.buffer if s.buffer is not None else -1)
        if s.failures is not None:
            kind, p, _ = distribution_params(s.failures.mttr)
            st_fail.append(1)
            st_mtbf.append(s.failures.mtbf)
        else:
            kind, p = streams.FIXED, [0.0, 0.0, 0.0]
            st_fail.append(0)
            st_mtbf.append(0.0)
        st_mttr_kind.append(kind)
        st_mttr_p.append(p)

    prod_step_off = [0]
    step: dict[str, list[Any]] = {
        k: [] for k in ("station", "kind", "p", "mean", "lf", "le", "lu", "rr", "rk", "rp", "scrap")
    }
    step_use_off, use_material, use_qty = [0], [], []
    for product in factory.products.values():
        for st in product.routing:
            kind, p, mean = distribution_params(st.time)
            step["station"].append(st_index[st.station])
            step["kind"].append(kind)
            step["p"].append(p)
            step["mean"].append(mean)
            step["lf"].append(st.learning.first if st.learning else 0.0)
            step["le"].append(math.log2(st.learning.rate) if st.learning else 0.0)
            step["lu"].append(learned_after(step["lf"][-1], step["le"][-1], mean))
            if st.rework is not None:
                rk, rp, _ = distribution_params(st.rework.time)
                step["rr"].append(st.rework.rate)
            else:
                rk, rp = streams.FIXED, [0.0, 0.0, 0.0]
                step["rr"].append(0.0)
            step["rk"].append(rk)
            step["rp"].append(rp)
            step["scrap"].append(st.scrap)
            for mid, qty in st.uses:
                use_material.append(mat_index[mid])
                use_qty.append(qty)
            step_use_off.append(len(use_material))
        prod_step_off.append(len(step["station"]))

    deliveries = delivery_moments(factory)
    stock0 = np.array([m.on_hand for m in factory.materials.values()], dtype=np.float64)
    timed = [d for d in deliveries if d[0] > 0.0]
    for t, m, q in deliveries:
        if t <= 0.0:
            stock0[m] += q

    lines = sorted(range(len(factory.demand)), key=lambda i: (factory.demand[i].due, i))
    running: dict[str, int] = {}
    threshold = [0] * len(factory.demand)
    for i in lines:
        d = factory.demand[i]
        running[d.product] = running.get(d.product, 0) + d.quantity
        threshold[i] = running[d.product]
    due_end = [minutes_between(start, d.due_end) for d in factory.demand]

    f64 = np.float64
    return Model.build(
        cal=(
            np.array(cal_off, np.int64),
            np.array(cal_start, f64),
            np.array(cal_end, f64),
            np.array(cal_cum, f64),
        ),
        st_cell_off=np.array(st_cell_off, np.int64),
        st_buffer=np.array(st_buffer, np.int64),
        st_fail=np.array(st_fail, np.int64),
        st_mtbf=np.array(st_mtbf, f64),
        st_mttr_kind=np.array(st_mttr_kind, np.int64),
        st_mttr_p=np.array(st_mttr_p, f64).reshape(-1, 3),
        cell_station=np.array(cell_station, np.int64),
        cell_staffed_at=np.array([t for cells in staffing for t in cells], f64),
        prod_step_off=np.array(prod_step_off, np.int64),
        step_station=np.array(step["station"], np.int64),
        step_kind=np.array(step["kind"], np.int64),
        step_p=np.array(step["p"], f64).reshape(-1, 3),
        step_mean=np.array(step["mean"], f64),
        step_learn_first=np.array(step["lf"], f64),
        step_learn_exp=np.array(step["le"], f64),
        step_learn_until=np.array(step["lu"], np.int64),
        step_rework_rate=np.array(step["rr"], f64),
        step_rework_kind=np.array(step["rk"], np.int64),
        step_rework_p=np.array(step["rp"], f64).reshape(-1, 3),
        step_scrap=np.array(step["scrap"], f64),
        step_use_off=np.array(step_use_off, np.int64),
        use_material=np.array(use_material, np.int64),
        use_qty=np.array(use_qty, f64),
        stock0=stock0,
        deliv_time=np.array([d[0] for d in timed], f64),
        deliv_material=np.array([d[1] for d in timed], np.int64),
        deliv_qty=np.array([d[2] for d in timed], f64),
        release=np.array([prod_index[p] for p in release_order(factory.demand)], np.int64),
        wip_limit=factory.wip_limit if factory.wip_limit is not None else 1 << 62,
        line_product=np.array([prod_index[d.product] for d in factory.demand], np.int64),
        line_threshold=np.array(threshold, np.int64),
        line_due_end=np.array(due_end, f64),
        horizon=horizon,
        grid=np.arange(1, grid_days + 1, dtype=f64) * 1440.0
        - (start.hour * 60 + start.minute + start.second / 60.0),
    )

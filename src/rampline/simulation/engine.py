"""One replication of the ramp, compiled with Numba.

The engine is an event loop over a handful of clocks: each cell's next event
(end of work, failure, end of repair), each station's wake-up at its next
shift, the next cell to be staffed and the next delivery. Between events,
all events of an instant are applied, then the instant is decided once
(``_settle``): the release, units finished at that instant asking to move on,
and stations whose situation changed ("dirty") trying to start work, in line
order (ADR 0004). The replication's state and its small operations (queues,
held lists, cell states, the trace log) are in ``state.py``.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from rampline.simulation import trace as rec
from rampline.simulation.calendar_ops import clock_at, is_working, next_working, working_before
from rampline.simulation.state import (
    BLOCKED,
    BUSY,
    DONE_LINES,
    DOWN,
    FAIL,
    MOVE,
    N_UNITS,
    NEXT_PLANNED,
    OVERFLOW,
    REL_HELD,
    REL_PLANNED,
    REL_PRODUCT,
    REPAIR_END,
    REPL_HEAD,
    REPL_TAIL,
    SCRAPPED,
    STARTED,
    STARVED,
    STATES,
    TRACE_N,
    UNSTAFFED,
    WIP,
    WORK_END,
    drop_held,
    free_cell,
    has_room,
    hold,
    log,
    new_state,
    pop,
    push,
    set_state,
    take_materials,
)
from rampline.simulation.streams import (
    BRANCH,
    EXPONENTIAL,
    FAILURE,
    OP_TIME,
    PURPOSES,
    REPAIR,
    REWORK_TIME,
    sample,
    uniform,
)


@njit(cache=True)
def _begin_work(m, st, c: int, t: float, work: float) -> None:
    """The cell works ``work`` working minutes from ``t``, failing on the way if due."""
    s = m.cell_station[c]
    set_state(m, st, c, BUSY, t)
    w = st.cell_since[c]
    if m.st_fail[s] and st.cell_ttf[c] < work:
        st.cell_rem[c] = work - st.cell_ttf[c]
        st.cell_evt[c] = clock_at(m.cal, s, w + st.cell_ttf[c])
        st.cell_kind[c] = FAIL
        st.cell_ttf[c] = 0.0
    else:
        if m.st_fail[s]:
            st.cell_ttf[c] -= work
        st.cell_rem[c] = 0.0
        st.cell_evt[c] = clock_at(m.cal, s, w + work)
        st.cell_kind[c] = WORK_END


@njit(cache=True)
def _new_unit(m, st, p: int, t: float) -> int:
    u = st.count[N_UNITS]
    if u >= st.unit_product.shape[0] - 1:
        st.count[OVERFLOW] = 1  # out of room: the caller runs this replication again with more
        u = st.unit_product.shape[0] - 1
    else:
        st.count[N_UNITS] += 1
    st.unit_product[u] = p
    st.unit_step[u] = m.prod_step_off[p]
    st.count[WIP] += 1
    st.count[STARTED] += 1
    if st.trace.shape[0]:
        log(m, st, t, rec.RELEASE, -1, u, p, 0.0)
    return u


@njit(cache=True)
def _unhold(m, st, s: int, t: float) -> int:
    """Take the first held unit of station ``s``; the holder is freed."""
    c = st.h_head[s]
    st.h_head[s] = st.cell_hnext[c]
    if st.h_head[s] < 0:
        st.h_tail[s] = -1
    n_cells = m.cell_station.shape[0]
    if c == n_cells:  # the release
        st.count[REL_HELD] = 0
        st.dirty[-1] = True
        return _new_unit(m, st, st.count[REL_PRODUCT], t)
    u = st.cell_unit[c]
    st.cell_unit[c] = -1
    set_state(m, st, c, STARVED, t)
    st.dirty[m.cell_station[c]] = True
    return u


@njit(cache=True)
def _start_queue(m, st, s: int, t: float) -> None:
    """Free cells take the front units of the queue while materials allow."""
    while st.q_len[s] > 0:
        c = free_cell(m, st, s)
        if c < 0 or not take_materials(m, st, st.unit_step[st.q_head[s]]):
            return  # the front unit waits for a cell or for material
        _start_operation(m, st, c, pop(st, s), t)


@njit(cache=True)
def _try_start(m, st, s: int, t: float) -> None:
    """Visit station ``s`` (ADR 0002, 2-4): its free cells start the front units of
    its queue, then the held units (and the release) come in one at a time, each
    followed by starts: into the buffer while it has room, or with buffer 0
    straight into a free cell that can start them now."""
    if st.q_len[s] == 0 and st.h_head[s] < 0:
        return
    if (st.h_head[s] < 0 or not has_room(m, st, s)) and free_cell(m, st, s) < 0:
        return  # no free cell and nobody can come in: a change will wake us
    working = is_working(m.cal, s, t)
    if working:
        _start_queue(m, st, s, t)
    n_cells = m.cell_station.shape[0]
    while st.h_head[s] >= 0:
        h = st.h_head[s]
        if has_room(m, st, s):
            push(st, s, _unhold(m, st, s, t))
        else:
            c = free_cell(m, st, s) if working and st.q_len[s] == 0 else -1
            if h == n_cells:
                step = m.prod_step_off[st.count[REL_PRODUCT]]
            else:
                step = st.unit_step[st.cell_unit[h]]
            if c < 0 or not take_materials(m, st, step):
                break
            _start_operation(m, st, c, _unhold(m, st, s, t), t)
        if h == n_cells:
            _try_release(m, st, t)  # the next release is offered at once
        if working:
            _start_queue(m, st, s, t)
    if not working and (st.q_len[s] > 0 or st.h_head[s] >= 0):
        nw = next_working(m.cal, s, t)
        if st.wake[s] <= t or nw < st.wake[s]:
            st.wake[s] = nw


@njit(cache=True)
def _start_operation(m, st, c: int, u: int, t: float) -> None:
    s = m.cell_station[c]
    step = st.unit_step[u]
    st.learn_k[s] += 1
    work = sample(m.step_kind[step], m.step_p[step], st.rng, s * PURPOSES + OP_TIME)
    if m.step_learn_first[step] > 0.0:
        expected = max(
            m.step_mean[step], m.step_learn_first[step] * st.learn_k[s] ** m.step_learn_exp[step]
        )
        work *= expected / m.step_mean[step]
    st.cell_unit[c] = u
    st.cell_phase[c] = 0
    if st.trace.shape[0]:
        for k in range(m.step_use_off[step], m.step_use_off[step + 1]):
            log(m, st, t, rec.TAKE, c, u, m.use_material[k], m.use_qty[k])
        log(m, st, t, rec.OP_START, c, u, step, 0.0)
    _begin_work(m, st, c, t, work)


@njit(cache=True)
def _try_release(m, st, t: float) -> None:
    n_cells = m.cell_station.shape[0]
    n_planned = m.release.shape[0]
    while st.count[REL_HELD] == 0 and st.count[WIP] < m.wip_limit:
        planned = 0
        if st.count[REPL_HEAD] < st.count[REPL_TAIL]:
            p = st.repl[st.count[REPL_HEAD]]
            st.count[REPL_HEAD] += 1
        elif st.count[NEXT_PLANNED] < n_planned:
            p = m.release[st.count[NEXT_PLANNED]]
            st.count[NEXT_PLANNED] += 1
            planned = 1
        else:
            return
        s0 = m.step_station[m.prod_step_off[p]]
        st.dirty[s0] = True
        if has_room(m, st, s0) and st.h_head[s0] < 0:
            push(st, s0, _new_unit(m, st, p, t))
        else:
            st.count[REL_HELD] = 1
            st.count[REL_PRODUCT] = p
            st.count[REL_PLANNED] = planned
            hold(st, s0, n_cells)


@njit(cache=True)
def _replace(m, st, p: int) -> None:
    """A unit of product ``p`` was scrapped: one more is released ahead of every
    planned unit not yet released, a planned unit held back at a full first
    buffer included (it takes that place; the planned unit goes back to the front
    of the plan). Replacements keep the order of their scraps."""
    if st.count[REL_HELD] and st.count[REL_PLANNED]:
        st.count[NEXT_PLANNED] -= 1
        was = m.step_station[m.prod_step_off[st.count[REL_PRODUCT]]]
        now = m.step_station[m.prod_step_off[p]]
        st.count[REL_PRODUCT] = p
        st.count[REL_PLANNED] = 0
        if now != was:  # it waits at its own first station, behind those held there
            n_cells = m.cell_station.shape[0]
            drop_held(st, was, n_cells)
            hold(st, now, n_cells)
            st.dirty[now] = True
    else:
        st.repl[st.count[REPL_TAIL]] = p
        st.count[REPL_TAIL] += 1


@njit(cache=True)
def _work_done(m, st, c: int, t: float) -> bool:
    """The cell finished its work; returns True when the demand is met."""
    s = m.cell_station[c]
    u = st.cell_unit[c]
    step = st.unit_step[u]
    b = s * PURPOSES + BRANCH
    ended = rec.REWORK_END if st.cell_phase[c] == 1 else rec.OP_END
    if st.cell_phase[c] == 0:
        st.cell_phase[c] = 1
        if m.step_rework_rate[step] > 0.0 and uniform(st.rng, b) < m.step_rework_rate[step]:
            rework = sample(
                m.step_rework_kind[step], m.step_rework_p[step], st.rng, s * PURPOSES + REWORK_TIME
            )
            if st.trace.shape[0]:
                log(m, st, t, rec.OP_END, c, u, 1.0, 0.0)
                log(m, st, t, rec.REWORK_START, c, u, step, 0.0)
            _begin_work(m, st, c, t, rework)
            return False
    st.cell_evt[c] = np.inf
    p = st.unit_product[u]
    st.dirty[s] = True
    scrapped = m.step_scrap[step] > 0.0 and uniform(st.rng, b) < m.step_scrap[step]
    if st.trace.shape[0]:
        log(m, st, t, ended, c, u, 2.0 if scrapped else 0.0, 0.0)
    if scrapped:
        st.count[SCRAPPED] += 1
        st.count[WIP] -= 1
        _replace(m, st, p)
        st.dirty[-1] = True
        st.cell_unit[c] = -1
        set_state(m, st, c, STARVED, t)
        return False
    if step + 1 == m.prod_step_off[p + 1]:
        if st.trace.shape[0]:
            log(m, st, t, rec.FINISHED, c, u, p, 0.0)
        st.count[WIP] -= 1
        st.dirty[-1] = True
        st.cell_unit[c] = -1
        set_state(m, st, c, STARVED, t)
        return _finish(m, st, p, t)
    st.unit_step[u] = step + 1
    st.cell_kind[c] = MOVE  # passed on in the settle, after the instant's release
    st.dirty[-1] = True
    return False


@njit(cache=True)
def _move_on(m, st, c: int, t: float) -> None:
    """The finished unit of cell ``c`` waits to enter its next station (the cell
    is freed when the station lets it in, at its visit)."""
    st.cell_kind[c] = WORK_END
    s2 = m.step_station[st.unit_step[st.cell_unit[c]]]
    st.dirty[s2] = True
    set_state(m, st, c, BLOCKED, t)
    hold(st, s2, c)


@njit(cache=True)
def _finish(m, st, p: int, t: float) -> bool:
    st.finished[p] += 1
    for i in range(m.line_product.shape[0]):
        if m.line_product[i] != p:
            continue
        if t <= m.line_due_end[i]:
            st.by_due[i] += 1
        if st.line_done[i] < 0.0 and st.finished[p] >= m.line_threshold[i]:
            st.line_done[i] = t
            st.count[DONE_LINES] += 1
    return st.count[DONE_LINES] == m.line_product.shape[0]


@njit(cache=True)
def _cell_event(m, st, c: int, t: float) -> bool:
    s = m.cell_station[c]
    kind = st.cell_kind[c]
    if kind == WORK_END:
        return _work_done(m, st, c, t)
    if kind == FAIL:
        if st.trace.shape[0]:
            log(m, st, t, rec.FAIL, c, st.cell_unit[c], 0.0, 0.0)
        set_state(m, st, c, DOWN, t)
        repair = sample(m.st_mttr_kind[s], m.st_mttr_p[s], st.rng, s * PURPOSES + REPAIR)
        st.cell_evt[c] = clock_at(m.cal, s, st.cell_since[c] + repair)
        st.cell_kind[c] = REPAIR_END
        st.cell_ttf[c] = sample(
            EXPONENTIAL, np.array([m.st_mtbf[s], 0.0, 0.0]), st.rng, s * PURPOSES + FAILURE
        )
        return False
    if st.trace.shape[0]:
        log(m, st, t, rec.REPAIRED, c, st.cell_unit[c], 0.0, 0.0)
    _begin_work(m, st, c, t, st.cell_rem[c])
    return False


@njit(cache=True)
def _settle(m, st, t: float) -> None:
    """Decide the instant ``t``, once all its events are in (ADR 0002, 1-3): the
    release first, then the units finished at ``t`` pass on (cell order, that is
    line order), then every station whose situation changed tries to start work,
    in line order, and the release again, until nothing changes."""
    n_st = st.q_len.shape[0]
    st.dirty[n_st] = False
    _try_release(m, st, t)
    for c in range(m.cell_station.shape[0]):
        if st.cell_kind[c] == MOVE:
            _move_on(m, st, c, t)
    busy = True
    while busy:
        busy = False
        for s in range(n_st):
            if st.dirty[s]:
                st.dirty[s] = False
                busy = True
                if st.q_len[s] > 0 or st.h_head[s] >= 0:  # else nothing to start
                    _try_start(m, st, s, t)
        if st.dirty[n_st]:
            st.dirty[n_st] = False
            busy = True
            _try_release(m, st, t)


@njit(cache=True)
def replicate(
    m,
    staff_order: np.ndarray,
    seeds: np.ndarray,
    capacity: int,
    grid_finished: np.ndarray,
    grid_stock: np.ndarray,
    until: float = np.inf,
    trace_rows: int = 0,
):
    """Run one replication, to the demand met, the horizon or ``until``. Returns
    (end, complete, line_done, by_due, started, scrapped, shares[S, 5], trace
    rows, rows wanted) or end = -1 when ``capacity`` units were not enough."""
    st = new_state(m, capacity, seeds, trace_rows)
    n_cells = m.cell_station.shape[0]
    n_st = m.st_cell_off.shape[0] - 1
    st.dirty[n_st] = True
    staff_i = 0
    deliv_i = 0
    grid_i = 0
    n_grid = grid_finished.shape[0]
    t = 0.0
    complete = False
    unsettled = True  # events of the instant t were applied but not yet decided
    # Arrays read on every event, fetched once (each field access of a StructRef
    # costs a reference count).
    staffed_at, deliv_time, cell_evt, wake = m.cell_staffed_at, m.deliv_time, st.cell_evt, st.wake
    n_deliv = deliv_time.shape[0]
    while True:
        if st.count[OVERFLOW]:
            return (
                -1.0,
                False,
                st.line_done,
                st.by_due,
                0,
                0,
                np.zeros((n_st, STATES)),
                st.trace,
                0,
            )
        tn = np.inf
        what = -1
        if staff_i < n_cells and staffed_at[staff_order[staff_i]] < tn:
            tn = staffed_at[staff_order[staff_i]]
            what = 0
        if deliv_i < n_deliv and deliv_time[deliv_i] < tn:
            tn = deliv_time[deliv_i]
            what = 1
        who = -1
        for c in range(n_cells):
            if cell_evt[c] < tn:
                tn = cell_evt[c]
                what = 2
                who = c
        for s in range(n_st):
            if wake[s] < tn:
                tn = wake[s]
                what = 3
                who = s
        if unsettled and tn > t:  # every event of the instant is in: decide it
            _settle(m, st, t)
            unsettled = False
            continue
        if tn > min(m.horizon, until):
            t = min(m.horizon, until)
            break
        while grid_i < n_grid and m.grid[grid_i] <= tn:
            grid_finished[grid_i] = st.finished.sum()
            grid_stock[grid_i, :] = st.stock
            grid_i += 1
        t = tn
        if what == 0:
            c = staff_order[staff_i]
            staff_i += 1
            set_state(m, st, c, STARVED, t)
            st.dirty[m.cell_station[c]] = True
        elif what == 1:
            while deliv_i < m.deliv_time.shape[0] and m.deliv_time[deliv_i] == t:
                st.stock[m.deliv_material[deliv_i]] += m.deliv_qty[deliv_i]
                deliv_i += 1
            for s in range(n_st):
                st.dirty[s] = True
        elif what == 2:
            if _cell_event(m, st, who, t):
                complete = True
                break
        else:
            st.wake[who] = np.inf
            st.dirty[who] = True
        unsettled = True
    while grid_i < n_grid:  # after the end nothing changes any more
        grid_finished[grid_i] = st.finished.sum()
        grid_stock[grid_i, :] = st.stock
        grid_i += 1
    shares = np.zeros((n_st, STATES))
    for c in range(n_cells):
        s = m.cell_station[c]
        st.acc[c, st.cell_state[c]] += working_before(m.cal, s, t) - st.cell_since[c]
        for k in range(STATES):
            shares[s, k] += st.acc[c, k]
    for s in range(n_st):
        total = working_before(m.cal, s, t) * (m.st_cell_off[s + 1] - m.st_cell_off[s])
        if total > 0.0:
            for k in range(STATES):
                shares[s, k] /= total
        else:
            shares[s, UNSTAFFED] = 1.0
    rows = min(st.count[TRACE_N], st.trace.shape[0])
    return (
        t,
        complete,
        st.line_done,
        st.by_due,
        st.count[STARTED],
        st.count[SCRAPPED],
        shares,
        st.trace[:rows],
        st.count[TRACE_N],
    )

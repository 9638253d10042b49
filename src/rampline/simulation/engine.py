"""One replication of the ramp, compiled with Numba.

The engine is an event loop over a handful of clocks: each cell's next event
(end of work, failure, end of repair), each station's wake-up at its next
shift, the next cell to be staffed and the next delivery. Between events,
all events of an instant are applied, then the instant is decided once
(``settle``): the release, units finished at that instant asking to move on,
and stations whose situation changed ("dirty") trying to start work, in line
order (ADR 0004). The decision notes the earliest clock it set, so the clocks
are scanned again only when it set one at or before the next event found.

Why one function with inner functions (ADR 0001): helpers that took the
model and the state as arguments cost Numba a reference count on every call
and every field read, a fifth of the engine's time. Here the model's arrays
are read once, as views that carry no reference count (``structs.borrowed``),
the state's arrays are locals used through such views too, and the inner
functions, which Numba inlines, use them directly; so do the calendar, bitset,
linked-list (``fifo``) and random-draw helpers, inlined too. The views are
``BorrowedArray``s, whose integer indices skip Python's negative-index
wraparound: no index here is ever negative (a test runs the engine's tests
with Numba's bounds checks on). The state's layout is described in
``state.py``.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from rampline.simulation import trace as rec
from rampline.simulation.bitset import add, discard, first_from
from rampline.simulation.calendar_ops import (
    advance,
    clock_at,
    is_working,
    next_working,
    working_before,
)
from rampline.simulation.fifo import append, pop_front, unlink
from rampline.simulation.state import (
    BLOCKED,
    BUSY,
    DONE_LINES,
    DOWN,
    FAIL,
    N_MOVED,
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
    WAKE_FIRST,
    WIP,
    WORK_END,
    new_state,
    time_shares,
)
from rampline.simulation.streams import (
    BRANCH,
    FAILURE,
    OP_TIME,
    PURPOSES,
    REPAIR,
    REWORK_TIME,
    sample,
    uniform,
)
from rampline.simulation.structs import borrowed, borrowed_all, borrowed_model


@njit(cache=True)
def replicate(
    model,
    staff_order: np.ndarray,
    seeds: np.ndarray,
    capacity: int,
    grid_finished: np.ndarray,
    grid_stock: np.ndarray,
    until: float = np.inf,
    trace_rows: int | np.int64 = 0,
):
    """Run one replication, to the demand met, the horizon or ``until``. Returns
    (end, complete, line_done, by_due, started, scrapped, shares[S, 5], trace
    rows, rows wanted) or end = -1 when ``capacity`` units were not enough."""
    m = borrowed_model(model)
    # Arrays shared with other replications of a parallel batch, borrowed too
    # (threads counting references on one array contend for it).
    order = borrowed(staff_order)
    out_finished = borrowed(grid_finished)
    out_stock = borrowed(grid_stock)
    # The plan, read once.
    cal = m.cal
    st_cell_off, st_buffer, st_fail = m.st_cell_off, m.st_buffer, m.st_fail
    st_mtbf, st_mttr_kind, st_mttr_p = m.st_mtbf, m.st_mttr_kind, m.st_mttr_p
    cell_station, staffed_at = m.cell_station, m.cell_staffed_at
    prod_step_off, step_station, step_kind, step_p = (
        m.prod_step_off,
        m.step_station,
        m.step_kind,
        m.step_p,
    )
    step_mean, step_learn_first, step_learn_exp = m.step_mean, m.step_learn_first, m.step_learn_exp
    step_learn_until = m.step_learn_until
    step_rework_rate, step_rework_kind, step_rework_p = (
        m.step_rework_rate,
        m.step_rework_kind,
        m.step_rework_p,
    )
    step_scrap, step_use_off, use_material, use_qty = (
        m.step_scrap,
        m.step_use_off,
        m.use_material,
        m.use_qty,
    )
    deliv_time, deliv_material, deliv_qty = m.deliv_time, m.deliv_material, m.deliv_qty
    release, wip_limit = m.release, m.wip_limit
    line_product, line_threshold, line_due_end = m.line_product, m.line_threshold, m.line_due_end
    grid = m.grid
    # The replication's state (see state.py). The loop uses its arrays through
    # borrowed views too: Numba counted references to them with atomic calls at
    # some seventy places, an eighth of the time. ``owners`` keeps the memory
    # alive until the return, which hands out the three arrays it returns from
    # there.
    n_cells = cell_station.shape[0]
    n_st = st_cell_off.shape[0] - 1
    n_lines = line_product.shape[0]
    owners = new_state(
        n_cells,
        n_st,
        n_lines,
        prod_step_off.shape[0] - 1,
        capacity,
        trace_rows,
        m.stock0,
        seeds,
        cal[0],
    )
    # fmt: off
    (
        line_done, by_due, trace, cell_state, cell_since, cell_unit, cell_evt,
        cell_kind, cell_rem, cell_phase, cell_ttf, cell_hnext, acc, q_head, q_tail,
        q_len, h_head, h_tail, wake, learn_k, dirty, unit_product, unit_step,
        unit_next, repl, stock, finished, count, rng, moved, lowest, cur, n_free
    ) = borrowed_all(owners)
    # fmt: on
    for c in range(n_cells):
        s = cell_station[c]
        if st_fail[s]:
            cell_ttf[c] = -st_mtbf[s] * math.log(uniform(rng, s * PURPOSES + FAILURE))
    tracing = trace.shape[0] > 0

    # -- the state's small operations --------------------------------------

    def log(t, kind, c, u, aux, qty):
        """Record one trace row (see trace.py)."""
        n = count[TRACE_N]
        if n < trace.shape[0]:
            s = cell_station[c] if c >= 0 else (step_station[unit_step[u]] if u >= 0 else -1)
            trace[n, 0] = t
            trace[n, 1] = kind
            trace[n, 2] = s
            trace[n, 3] = c - st_cell_off[s] if c >= 0 else -1
            trace[n, 4] = u
            trace[n, 5] = aux
            trace[n, 6] = qty
        count[TRACE_N] = n + 1

    def set_state(c, new, t):
        """Cell ``c`` enters state ``new`` at ``t``; its time in the old state is
        counted on its station's working-time axis."""
        s = cell_station[c]
        w = working_before(cal, s, advance(cal, cur, s, t), t)
        old = cell_state[c]
        acc[c, old] += w - cell_since[c]
        cell_since[c] = w
        cell_state[c] = new
        if old == STARVED:
            n_free[s] -= 1
        if new == STARVED:
            n_free[s] += 1

    def push(s, u):
        """Unit ``u`` joins the back of station ``s``'s queue."""
        append(q_head, q_tail, unit_next, s, u)
        q_len[s] += 1

    def pop(s):
        u = pop_front(q_head, q_tail, unit_next, s)
        q_len[s] -= 1
        return u

    def hold(s, c):
        """Cell ``c`` (or the release, ``n_cells``) waits to put a unit into ``s``."""
        append(h_head, h_tail, cell_hnext, s, c)

    def set_wake(s, x):
        """Station ``s`` wakes up at ``x`` (noted in ``lowest`` like every clock
        set); ``count[WAKE_FIRST]`` is kept the first station with the earliest
        wake-up (-1 for none), as the scan would find it: wake-ups are rare,
        next events are sought at every instant."""
        old = wake[s]
        wake[s] = x
        if x < lowest[0]:
            lowest[0] = x
        f = count[WAKE_FIRST]
        if f == s:
            if x > old:
                f = -1
                for k in range(n_st):
                    if wake[k] < np.inf and (f < 0 or wake[k] < wake[f]):
                        f = k
                count[WAKE_FIRST] = f
        elif x < np.inf and (f < 0 or x < wake[f] or (x == wake[f] and s < f)):
            count[WAKE_FIRST] = s

    def has_room(s):
        return st_buffer[s] < 0 or q_len[s] < st_buffer[s]

    def free_cell(s):
        if n_free[s] == 0:
            return -1
        for k in range(st_cell_off[s], st_cell_off[s + 1]):
            if cell_state[k] == STARVED:
                return k
        return -1

    def stuck(s):
        """No free cell at ``s`` and nobody can come in: a visit would start
        nothing, and only a change at ``s`` (which marks it) can alter that."""
        return (h_head[s] < 0 or not has_room(s)) and free_cell(s) < 0

    def wait_at(s, c):
        """Cell (or release) ``c`` waits to put a unit into ``s``, which is marked
        for a visit unless it is stuck (nothing there can change before
        something marks it anyway)."""
        hold(s, c)
        if not stuck(s):
            add(dirty, s)

    def take_materials(step):
        """Take the step's materials if all are in stock."""
        for k in range(step_use_off[step], step_use_off[step + 1]):
            if stock[use_material[k]] < use_qty[k]:
                return False
        for k in range(step_use_off[step], step_use_off[step + 1]):
            stock[use_material[k]] -= use_qty[k]
        return True

    # -- work, release and flow -----------------------------------------------

    def begin_work(c, t, work):
        """The cell works ``work`` working minutes from ``t``, failing on the way if due."""
        s = cell_station[c]
        set_state(c, BUSY, t)
        w = cell_since[c]
        if st_fail[s] and cell_ttf[c] < work:
            cell_rem[c] = work - cell_ttf[c]
            cell_evt[c] = clock_at(cal, s, cur[s], w + cell_ttf[c])
            cell_kind[c] = FAIL
            cell_ttf[c] = 0.0
        else:
            if st_fail[s]:
                cell_ttf[c] -= work
            cell_rem[c] = 0.0
            cell_evt[c] = clock_at(cal, s, cur[s], w + work)
            cell_kind[c] = WORK_END
        if cell_evt[c] < lowest[0]:
            lowest[0] = cell_evt[c]

    def new_unit(p, t):
        u = count[N_UNITS]
        if u >= unit_product.shape[0] - 1:
            count[OVERFLOW] = 1  # out of room: the caller runs this replication again with more
            u = unit_product.shape[0] - 1
        else:
            count[N_UNITS] += 1
        unit_product[u] = p
        unit_step[u] = prod_step_off[p]
        count[WIP] += 1
        count[STARTED] += 1
        if tracing:
            log(t, rec.RELEASE, -1, u, p, 0.0)
        return u

    def unhold(s, t):
        """Take the first held unit of station ``s``; the holder is freed."""
        c = pop_front(h_head, h_tail, cell_hnext, s)
        if c == n_cells:  # the release (offered again by try_start at once)
            count[REL_HELD] = 0
            return new_unit(count[REL_PRODUCT], t)
        u = cell_unit[c]
        cell_unit[c] = -1
        set_state(c, STARVED, t)
        add(dirty, cell_station[c])
        return u

    def start_operation(c, u, t):
        s = cell_station[c]
        step = unit_step[u]
        learn_k[s] += 1
        work = sample(step_kind[step], step_p[step], rng, s * PURPOSES + OP_TIME)
        if learn_k[s] < step_learn_until[step]:  # 0 without a learning curve
            expected = max(
                step_mean[step], step_learn_first[step] * learn_k[s] ** step_learn_exp[step]
            )
            work *= expected / step_mean[step]
        cell_unit[c] = u
        cell_phase[c] = 0
        if tracing:
            for k in range(step_use_off[step], step_use_off[step + 1]):
                log(t, rec.TAKE, c, u, use_material[k], use_qty[k])
            log(t, rec.OP_START, c, u, step, 0.0)
        begin_work(c, t, work)

    def start_queue(s, t):
        """Free cells take the front units of the queue while materials allow."""
        while q_len[s] > 0:
            c = free_cell(s)
            if c < 0 or not take_materials(unit_step[q_head[s]]):
                return  # the front unit waits for a cell or for material
            start_operation(c, pop(s), t)

    def try_release(t, first):
        """Offer the next units to release while WIP allows, each into its first
        station's queue when it has room and nobody waits there, else it waits
        there like a held unit. ``first``: the release offered at the start of a
        decision always waits to be let in at its station's visit (ahead of the
        units finished at that instant), so that the one after it is offered only
        once it has gone in, behind those units (ADR 0004, 1)."""
        n_planned = release.shape[0]
        while count[REL_HELD] == 0 and count[WIP] < wip_limit:
            planned = 0
            if count[REPL_HEAD] < count[REPL_TAIL]:
                p = repl[count[REPL_HEAD]]
                count[REPL_HEAD] += 1
            elif count[NEXT_PLANNED] < n_planned:
                p = release[count[NEXT_PLANNED]]
                count[NEXT_PLANNED] += 1
                planned = 1
            else:
                return
            s0 = step_station[prod_step_off[p]]
            if not first and has_room(s0) and h_head[s0] < 0:
                push(s0, new_unit(p, t))
                add(dirty, s0)
            else:
                count[REL_HELD] = 1
                count[REL_PRODUCT] = p
                count[REL_PLANNED] = planned
                wait_at(s0, n_cells)

    def try_start(s, t):
        """Visit station ``s`` (ADR 0002, 2-4): its free cells start the front units
        of its queue, then the held units (and the release) come in one at a time,
        each followed by starts: into the buffer while it has room, or with buffer
        0 straight into a free cell that can start them now."""
        if q_len[s] == 0 and h_head[s] < 0:
            return
        if stuck(s):
            return
        j = advance(cal, cur, s, t)
        working = is_working(cal, s, j, t)
        if working:
            start_queue(s, t)
        while h_head[s] >= 0:
            h = h_head[s]
            if has_room(s):
                push(s, unhold(s, t))
            else:
                c = free_cell(s) if working and q_len[s] == 0 else -1
                if h == n_cells:
                    step = prod_step_off[count[REL_PRODUCT]]
                else:
                    step = unit_step[cell_unit[h]]
                if c < 0 or not take_materials(step):
                    break
                start_operation(c, unhold(s, t), t)
            if h == n_cells:
                try_release(t, False)  # the next release is offered at once
            if working:
                start_queue(s, t)
        if not working and (q_len[s] > 0 or h_head[s] >= 0):
            nw = next_working(cal, s, j, t)
            if wake[s] <= t or nw < wake[s]:
                set_wake(s, nw)

    def replace(p):
        """A unit of product ``p`` was scrapped: one more is released ahead of every
        planned unit not yet released, a planned unit held back at a full first
        buffer included (it takes that place; the planned unit goes back to the
        front of the plan). Replacements keep the order of their scraps."""
        if count[REL_HELD] and count[REL_PLANNED]:
            count[NEXT_PLANNED] -= 1
            was = step_station[prod_step_off[count[REL_PRODUCT]]]
            now = step_station[prod_step_off[p]]
            count[REL_PRODUCT] = p
            count[REL_PLANNED] = 0
            if now != was:  # it waits at its own first station, behind those held there
                unlink(h_head, h_tail, cell_hnext, was, n_cells)
                hold(now, n_cells)
                add(dirty, now)
        else:
            repl[count[REPL_TAIL]] = p
            count[REPL_TAIL] += 1

    def finish(p, t):
        """A unit of ``p`` is finished; returns True when the whole demand is met."""
        finished[p] += 1
        for i in range(n_lines):
            if line_product[i] != p:
                continue
            if t <= line_due_end[i]:
                by_due[i] += 1
            if line_done[i] < 0.0 and finished[p] >= line_threshold[i]:
                line_done[i] = t
                count[DONE_LINES] += 1
        return count[DONE_LINES] == n_lines

    def work_done(c, t):
        """The cell finished its work; returns True when the demand is met."""
        s = cell_station[c]
        u = cell_unit[c]
        step = unit_step[u]
        b = s * PURPOSES + BRANCH
        ended = rec.REWORK_END if cell_phase[c] == 1 else rec.OP_END
        if cell_phase[c] == 0:
            cell_phase[c] = 1
            if step_rework_rate[step] > 0.0 and uniform(rng, b) < step_rework_rate[step]:
                rework = sample(
                    step_rework_kind[step], step_rework_p[step], rng, s * PURPOSES + REWORK_TIME
                )
                if tracing:
                    log(t, rec.OP_END, c, u, 1.0, 0.0)
                    log(t, rec.REWORK_START, c, u, step, 0.0)
                begin_work(c, t, rework)
                return False
        cell_evt[c] = np.inf
        p = unit_product[u]
        scrapped = step_scrap[step] > 0.0 and uniform(rng, b) < step_scrap[step]
        if tracing:
            log(t, ended, c, u, 2.0 if scrapped else 0.0, 0.0)
        if scrapped:
            count[SCRAPPED] += 1
            count[WIP] -= 1
            replace(p)
            cell_unit[c] = -1
            set_state(c, STARVED, t)
            add(dirty, s)
            return False
        if step + 1 == prod_step_off[p + 1]:
            if tracing:
                log(t, rec.FINISHED, c, u, p, 0.0)
            count[WIP] -= 1
            cell_unit[c] = -1
            set_state(c, STARVED, t)
            add(dirty, s)
            return finish(p, t)
        # The unit passes on in the settle (after the instant's release, in cell
        # order); until then the cell holds it, so its station is not dirty: a
        # visit could start nothing more than before.
        unit_step[u] = step + 1
        k = count[N_MOVED]
        while k > 0 and moved[k - 1] > c:
            moved[k] = moved[k - 1]
            k -= 1
        moved[k] = c
        count[N_MOVED] += 1
        return False

    def cell_event(c, t):
        """Cell ``c``'s event at ``t``; returns True when the demand is met."""
        s = cell_station[c]
        kind = cell_kind[c]
        if kind == WORK_END:
            return work_done(c, t)
        if kind == FAIL:
            if tracing:
                log(t, rec.FAIL, c, cell_unit[c], 0.0, 0.0)
            set_state(c, DOWN, t)
            repair = sample(st_mttr_kind[s], st_mttr_p[s], rng, s * PURPOSES + REPAIR)
            cell_evt[c] = clock_at(cal, s, cur[s], cell_since[c] + repair)
            cell_kind[c] = REPAIR_END
            cell_ttf[c] = -st_mtbf[s] * math.log(uniform(rng, s * PURPOSES + FAILURE))
            return False
        if tracing:
            log(t, rec.REPAIRED, c, cell_unit[c], 0.0, 0.0)
        begin_work(c, t, cell_rem[c])
        return False

    def settle(t):
        """Decide the instant ``t``, once all its events are in (ADR 0002, 1-3; ADR
        0004, 1): the release first, then the units finished at ``t`` pass on (cell
        order, that is line order): straight into the next buffer where it has room
        and nobody waits, their cells free at once, else they wait in their cells;
        then every station whose situation changed tries to start work, in line
        order, until nothing changes. The next release is offered whenever one goes
        in (``try_start``)."""
        try_release(t, True)  # at every decided instant: events need not mark the release
        for i in range(count[N_MOVED]):
            c = moved[i]
            s2 = step_station[unit_step[cell_unit[c]]]
            if h_head[s2] < 0 and has_room(s2):
                push(s2, cell_unit[c])
                cell_unit[c] = -1
                set_state(c, STARVED, t)
                add(dirty, cell_station[c])
                add(dirty, s2)
            else:  # blocked: it waits to be let in at s2's visit
                set_state(c, BLOCKED, t)
                wait_at(s2, c)
        count[N_MOVED] = 0
        s = first_from(dirty, 0)
        while s >= 0:  # passes over the dirty stations, in order
            discard(dirty, s)
            if q_len[s] > 0 or h_head[s] >= 0:  # else nothing to start
                try_start(s, t)
            s = first_from(dirty, s + 1)
            if s < 0:  # the pass is over: stations made dirty behind it come next
                s = first_from(dirty, 0)

    # -- the event loop -------------------------------------------------------

    staff_i = 0
    deliv_i = 0
    grid_i = 0
    n_grid = out_finished.shape[0]
    n_deliv = deliv_time.shape[0]
    end = min(m.horizon, until)
    t = 0.0
    complete = False
    unsettled = True  # events of the instant t were applied but not yet decided
    while True:
        if count[OVERFLOW]:
            return (
                -1.0,
                False,
                owners[0],
                owners[1],
                0,
                0,
                np.zeros((n_st, STATES)),
                owners[2],
                0,
            )
        tn = np.inf
        what = -1
        if staff_i < n_cells and staffed_at[order[staff_i]] < tn:
            tn = staffed_at[order[staff_i]]
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
        s = count[WAKE_FIRST]
        if s >= 0 and wake[s] < tn:
            tn = wake[s]
            what = 3
            who = s
        if unsettled and tn > t:  # every event of the instant is in: decide it
            lowest[0] = np.inf
            settle(t)
            unsettled = False
            if lowest[0] <= tn:  # the decision set an earlier clock (or a tie): look again
                continue
        if tn > end:
            t = end
            break
        while grid_i < n_grid and grid[grid_i] <= tn:
            out_finished[grid_i] = finished.sum()
            out_stock[grid_i, :] = stock
            grid_i += 1
        t = tn
        if what == 0:
            c = order[staff_i]
            staff_i += 1
            set_state(c, STARVED, t)
            add(dirty, cell_station[c])
        elif what == 1:
            while deliv_i < n_deliv and deliv_time[deliv_i] == t:
                stock[deliv_material[deliv_i]] += deliv_qty[deliv_i]
                deliv_i += 1
            for s in range(n_st):
                add(dirty, s)
        elif what == 2:
            if cell_event(who, t):
                complete = True
                break
        else:
            set_wake(who, np.inf)
            add(dirty, who)
        unsettled = True
    while grid_i < n_grid:  # after the end nothing changes any more
        out_finished[grid_i] = finished.sum()
        out_stock[grid_i, :] = stock
        grid_i += 1
    shares = time_shares(cal, cur, t, acc, cell_state, cell_since, cell_station, st_cell_off)
    rows = min(count[TRACE_N], trace.shape[0])
    return (
        t,
        complete,
        owners[0],
        owners[1],
        count[STARTED],
        count[SCRAPPED],
        shares,
        owners[2][:rows],
        count[TRACE_N],
    )

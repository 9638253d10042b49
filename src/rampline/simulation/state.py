"""The layout of one replication's state (arrays that ``engine.replicate``
holds for one replication).

Cells keep their state (unstaffed, starved, busy, down, blocked) and the
station working time at which they entered it; shares accumulate on the
station's working-time axis only. Queues are linked lists through
``unit_next``; units held by a blocked cell wait in the downstream station's
held list (cells linked through ``cell_hnext``), the release counting as one
extra pseudo-cell ``C``. Cells whose finished unit waits for the instant's
decision to pass on are listed in ``moved``, in cell order (``N_MOVED`` of
them). ``count`` holds the replication's counters.

``new_state`` allocates it, ``time_shares`` turns the accumulator into each
station's shares of working time at the end.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from rampline.simulation.calendar_ops import advance, working_before

# Cell states; also the columns of the time-share accumulator.
UNSTAFFED, STARVED, BUSY, DOWN, BLOCKED = 0, 1, 2, 3, 4
STATES = 5
# Cell event kinds.
WORK_END, FAIL, REPAIR_END = 0, 1, 2
# Counters.
N_UNITS, WIP, NEXT_PLANNED, REL_HELD, REL_PRODUCT, SCRAPPED, STARTED, REPL_HEAD, REPL_TAIL = range(
    9
)
DONE_LINES, OVERFLOW, TRACE_N, REL_PLANNED, N_MOVED, WAKE_FIRST, NCOUNT = 9, 10, 11, 12, 13, 14, 15


@njit(cache=True)
def new_state(n_cells, n_st, n_lines, n_prod, capacity, trace_rows, stock0, seeds, cal_off):
    """A replication's state, every cell unstaffed and every queue empty; the
    engine unpacks the arrays in this order."""
    count = np.zeros(NCOUNT, np.int64)
    count[WAKE_FIRST] = -1
    return (
        np.full(n_lines, -1.0),  # line_done: when each demand line was met
        np.zeros(n_lines, np.int64),  # by_due: units of each line by its due date
        np.zeros((trace_rows, 7)),  # trace (see trace.py)
        np.zeros(n_cells, np.int64),  # cell_state
        np.zeros(n_cells),  # cell_since: W when the cell entered its state
        np.full(n_cells, -1, np.int64),  # cell_unit
        np.full(n_cells, np.inf),  # cell_evt: the cell's next event
        np.zeros(n_cells, np.int64),  # cell_kind: what that event is
        np.zeros(n_cells),  # cell_rem: work left when a failure interrupts
        np.zeros(n_cells, np.int64),  # cell_phase: 0 operation, 1 rework
        np.zeros(n_cells),  # cell_ttf: working time to the next failure
        np.full(n_cells + 1, -1, np.int64),  # cell_hnext: held lists (C: the release)
        np.zeros((n_cells, STATES)),  # acc: working time per cell and state
        np.full(n_st, -1, np.int64),  # q_head
        np.full(n_st, -1, np.int64),  # q_tail
        np.zeros(n_st, np.int64),  # q_len
        np.full(n_st, -1, np.int64),  # h_head
        np.full(n_st, -1, np.int64),  # h_tail
        np.full(n_st, np.inf),  # wake: when an idle station looks again
        np.zeros(n_st, np.int64),  # learn_k: operations started per station
        np.zeros((n_st + 63) // 64, np.uint64),  # dirty: a bitset of stations
        np.zeros(capacity, np.int64),  # unit_product
        np.zeros(capacity, np.int64),  # unit_step
        np.full(capacity, -1, np.int64),  # unit_next: queues as linked lists
        np.zeros(capacity, np.int64),  # repl: products of the replacements owed
        stock0.copy(),  # stock
        np.zeros(n_prod, np.int64),  # finished
        count,
        seeds.copy(),  # rng: one stream per station and purpose
        np.empty(n_cells, np.int64),  # moved: finished units waiting to pass on
        np.full(1, np.inf),  # lowest: the earliest clock set since it was reset
        cal_off[:-1] - 1,  # cur: each station's calendar cursor (calendar_ops)
        np.zeros(n_st, np.int64),  # n_free: cells starved for work, per station
    )


@njit(cache=True)
def time_shares(cal, cur, t, acc, cell_state, cell_since, cell_station, st_cell_off):
    """Each station's shares of its working time up to ``t`` per state, its cells
    together; a station with no working time is all unstaffed."""
    n_st = st_cell_off.shape[0] - 1
    shares = np.zeros((n_st, STATES))
    for c in range(cell_station.shape[0]):
        s = cell_station[c]
        acc[c, cell_state[c]] += working_before(cal, s, advance(cal, cur, s, t), t) - cell_since[c]
        for k in range(STATES):
            shares[s, k] += acc[c, k]
    for s in range(n_st):
        total = working_before(cal, s, advance(cal, cur, s, t), t) * (
            st_cell_off[s + 1] - st_cell_off[s]
        )
        if total > 0.0:
            for k in range(STATES):
                shares[s, k] /= total
        else:
            shares[s, UNSTAFFED] = 1.0
    return shares

"""The state of one replication and the small operations on it.

Cells keep their state (unstaffed, starved, busy, down, blocked) and the
station working time at which they entered it; shares accumulate on the
station's working-time axis only. Queues are linked lists through
``unit_next``; units held by a blocked cell wait in the downstream station's
held list (cells linked through ``cell_hnext``), the release counting as one
extra pseudo-cell ``C``. ``count`` holds the replication's counters.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from rampline.simulation.streams import FAILURE, PURPOSES, uniform
from rampline.simulation.structs import State

# Cell states; also the columns of the time-share accumulator.
UNSTAFFED, STARVED, BUSY, DOWN, BLOCKED = 0, 1, 2, 3, 4
STATES = 5
# Cell event kinds; MOVE: a finished unit waits for the instant's decision to pass on.
WORK_END, FAIL, REPAIR_END, MOVE = 0, 1, 2, 3
# Counters.
N_UNITS, WIP, NEXT_PLANNED, REL_HELD, REL_PRODUCT, SCRAPPED, STARTED, REPL_HEAD, REPL_TAIL = range(
    9
)
DONE_LINES, OVERFLOW, TRACE_N, REL_PLANNED, NCOUNT = 9, 10, 11, 12, 13


@njit(cache=True)
def new_state(m, capacity: int, seeds: np.ndarray, trace_rows: int):
    n_cells = m.cell_station.shape[0]
    n_st = m.st_cell_off.shape[0] - 1
    n_lines = m.line_product.shape[0]
    n_prod = m.prod_step_off.shape[0] - 1
    st = State(
        np.zeros(n_cells, np.int64),
        np.zeros(n_cells),
        np.full(n_cells, -1, np.int64),
        np.full(n_cells, np.inf),
        np.zeros(n_cells, np.int64),
        np.zeros(n_cells),
        np.zeros(n_cells, np.int64),
        np.zeros(n_cells),
        np.full(n_cells + 1, -1, np.int64),
        np.zeros((n_cells, STATES)),
        np.full(n_st, -1, np.int64),
        np.full(n_st, -1, np.int64),
        np.zeros(n_st, np.int64),
        np.full(n_st, -1, np.int64),
        np.full(n_st, -1, np.int64),
        np.full(n_st, np.inf),
        np.zeros(n_st, np.int64),
        np.zeros(n_st + 1, np.bool_),
        np.zeros(capacity, np.int64),
        np.zeros(capacity, np.int64),
        np.full(capacity, -1, np.int64),
        np.zeros(capacity, np.int64),
        m.stock0.copy(),
        np.zeros(n_prod, np.int64),
        np.full(n_lines, -1.0),
        np.zeros(n_lines, np.int64),
        np.zeros(NCOUNT, np.int64),
        seeds.copy(),
        np.zeros((trace_rows, 7)),
    )
    for c in range(n_cells):
        s = m.cell_station[c]
        if m.st_fail[s]:
            st.cell_ttf[c] = -m.st_mtbf[s] * math.log(uniform(st.rng, s * PURPOSES + FAILURE))
    return st

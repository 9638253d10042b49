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

from rampline.simulation.calendar_ops import working_before
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


@njit(cache=True)
def log(m, st, t: float, kind: int, c: int, u: int, aux: float, qty: float) -> None:
    """Record one trace row (see trace.py); a no-op for statistics runs."""
    n = st.count[TRACE_N]
    if n < st.trace.shape[0]:
        s = m.cell_station[c] if c >= 0 else (m.step_station[st.unit_step[u]] if u >= 0 else -1)
        row = st.trace[n]
        row[0], row[1], row[2] = t, kind, s
        row[3] = c - m.st_cell_off[s] if c >= 0 else -1
        row[4], row[5], row[6] = u, aux, qty
    st.count[TRACE_N] = n + 1


@njit(cache=True)
def set_state(m, st, c: int, new: int, t: float) -> None:
    w = working_before(m.cal, m.cell_station[c], t)
    st.acc[c, st.cell_state[c]] += w - st.cell_since[c]
    st.cell_since[c] = w
    st.cell_state[c] = new


@njit(cache=True)
def push(st, s: int, u: int) -> None:
    st.unit_next[u] = -1
    if st.q_tail[s] < 0:
        st.q_head[s] = u
    else:
        st.unit_next[st.q_tail[s]] = u
    st.q_tail[s] = u
    st.q_len[s] += 1


@njit(cache=True)
def pop(st, s: int) -> int:
    u = st.q_head[s]
    st.q_head[s] = st.unit_next[u]
    if st.q_head[s] < 0:
        st.q_tail[s] = -1
    st.q_len[s] -= 1
    return u


@njit(cache=True)
def hold(st, s: int, c: int) -> None:
    st.cell_hnext[c] = -1
    if st.h_tail[s] < 0:
        st.h_head[s] = c
    else:
        st.cell_hnext[st.h_tail[s]] = c
    st.h_tail[s] = c


@njit(cache=True)
def drop_held(st, s: int, c: int) -> None:
    """Take cell (or release) ``c`` out of station ``s``'s held list."""
    prev, k = -1, st.h_head[s]
    while k != c:
        prev, k = k, st.cell_hnext[k]
    nxt = st.cell_hnext[c]
    if prev < 0:
        st.h_head[s] = nxt
    else:
        st.cell_hnext[prev] = nxt
    if st.h_tail[s] == c:
        st.h_tail[s] = prev


@njit(cache=True)
def has_room(m, st, s: int) -> bool:
    return m.st_buffer[s] < 0 or st.q_len[s] < m.st_buffer[s]


@njit(cache=True)
def free_cell(m, st, s: int) -> int:
    for k in range(m.st_cell_off[s], m.st_cell_off[s + 1]):
        if st.cell_state[k] == STARVED:
            return k
    return -1


@njit(cache=True)
def take_materials(m, st, step: int) -> bool:
    """Take the step's materials if all are in stock."""
    for k in range(m.step_use_off[step], m.step_use_off[step + 1]):
        if st.stock[m.use_material[k]] < m.use_qty[k]:
            return False
    for k in range(m.step_use_off[step], m.step_use_off[step + 1]):
        st.stock[m.use_material[k]] -= m.use_qty[k]
    return True

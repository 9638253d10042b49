"""The layout of one replication's state (the arrays are locals of
``engine.replicate``).

Cells keep their state (unstaffed, starved, busy, down, blocked) and the
station working time at which they entered it; shares accumulate on the
station's working-time axis only. Queues are linked lists through
``unit_next``; units held by a blocked cell wait in the downstream station's
held list (cells linked through ``cell_hnext``), the release counting as one
extra pseudo-cell ``C``. Cells whose finished unit waits for the instant's
decision to pass on are listed in ``moved``, in cell order (``N_MOVED`` of
them). ``count`` holds the replication's counters.
"""

from __future__ import annotations

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

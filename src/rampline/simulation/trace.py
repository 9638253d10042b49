"""What happened in one replication, event by event, for demos and tests.

``trace(factory, seed, until)`` runs one replication (replication 0 of
``seed``) and records every release, operation start and end, failure and
repair, material take and finished or scrapped unit up to ``until`` minutes
after start. Statistics runs never trace: memory stays flat as runs grow.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rampline.domain.factory import Factory

# Record kinds (column ``kind`` of Trace.records).
RELEASE = 0  # unit released; aux = product index
OP_START = 1  # operation started at (station, cell); aux = routing step (global index)
OP_END = 2  # operation ended; aux = outcome: 0 pass, 1 rework follows, 2 scrap
REWORK_START = 3  # rework started in the same cell right after OP_END with aux 1
REWORK_END = 4  # rework ended; aux = outcome: 0 pass, 2 scrap
FAIL = 5  # the cell failed (unit stays in it)
REPAIRED = 6  # the cell's repair ended
TAKE = 7  # material taken at operation start; aux = material index, qty in column ``qty``
FINISHED = 8  # unit finished its routing

COLUMNS = ("time", "kind", "station", "cell", "unit", "aux", "qty")


@dataclass(frozen=True)
class Trace:
    """Records in time order: an array ``[n, 7]`` with the columns of ``COLUMNS``
    (time in minutes after start; station and cell are indexes, cell counted
    within its station from 0; unit is the engine's unit number, from 0 in
    release order); names to turn indexes into ids."""

    records: np.ndarray
    stations: tuple[str, ...]
    products: tuple[str, ...]
    materials: tuple[str, ...]
    unit_product: np.ndarray  # product index per unit number

    def of_kind(self, kind: int) -> np.ndarray:
        rows: np.ndarray = self.records[self.records[:, 1] == kind]
        return rows


def trace(factory: Factory, seed: int, until_minutes: float, *, replication: int = 0) -> Trace:
    """Run replication ``replication`` of ``seed`` up to ``until_minutes`` after
    start (or until the demand is met) and return every record."""
    from rampline.simulation.compiled import compile_model
    from rampline.simulation.engine import replicate
    from rampline.simulation.montecarlo import unit_capacity
    from rampline.simulation.streams import PURPOSES, stream_seeds

    model = compile_model(factory)
    order = np.argsort(model.cell_staffed_at, kind="stable").astype(np.int64)
    seeds = stream_seeds(seed, 1, len(factory.stations) * PURPOSES, first_run=replication)[0]
    capacity = unit_capacity(model, factory)
    rows = 64 * capacity
    empty_grid, empty_stock = np.zeros(0), np.zeros((0, len(factory.materials)))
    while True:
        res = replicate(
            model, order, seeds, capacity, empty_grid, empty_stock, float(until_minutes), rows
        )
        if res[0] < 0:  # more units than room: again with more
            capacity *= 2
        elif res[8] > rows:  # more records than room: again with more
            rows = int(res[8]) + 1
        else:
            break
    records = np.array(res[7])
    units = int(records[records[:, 1] == RELEASE][:, 4].max()) + 1 if len(records) else 0
    unit_product = np.full(units, -1, dtype=np.int64)
    released = records[records[:, 1] == RELEASE]
    unit_product[released[:, 4].astype(np.int64)] = released[:, 5].astype(np.int64)
    return Trace(
        records=records,
        stations=tuple(s.id for s in factory.stations),
        products=tuple(factory.products),
        materials=tuple(factory.materials),
        unit_product=unit_product,
    )

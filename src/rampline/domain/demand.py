"""What must be delivered, by when, and the order in which units are released."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from rampline.domain.calendar import end_of_day


@dataclass(frozen=True)
class DemandLine:
    product: str
    quantity: int
    due: date

    @property
    def due_end(self) -> datetime:
        """The end (24:00) of the due day: finished by then is on time."""
        return end_of_day(self.due)


def release_order(demand: Sequence[DemandLine]) -> list[str]:
    """Products of the planned units in release order.

    Earliest due date first; within one due date interleaved: the next unit is
    of the product with the largest ``q_p·(n+1)/U − r_p`` (ties: the product
    listed first in ``demand``).
    """
    order: list[str] = []
    for due in sorted({d.due for d in demand}):
        quantities: dict[str, int] = {}
        for line in demand:
            if line.due == due:
                quantities[line.product] = quantities.get(line.product, 0) + line.quantity
        total = sum(quantities.values())
        released = dict.fromkeys(quantities, 0)
        for n in range(total):
            best = max(
                quantities,
                key=lambda p: quantities[p] * (n + 1) / total - released[p],
            )
            released[best] += 1
            order.append(best)
    return order

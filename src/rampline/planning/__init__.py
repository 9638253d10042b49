"""Pure planning: steady-state capacity, the bottleneck, what the plan needs."""

from rampline.planning.capacity import Capacity, StationCapacity, capacity
from rampline.planning.verdict import verdict

__all__ = ["Capacity", "StationCapacity", "capacity", "verdict"]

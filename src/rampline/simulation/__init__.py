"""Monte Carlo simulation of a production ramp-up.

``simulate(factory, runs, seed)`` runs the compiled engine (Numba) once per
replication, each with its own random streams spawned from the seed, and
returns a frozen :class:`SimulationResult`.
"""

from rampline.simulation.montecarlo import simulate
from rampline.simulation.results import SimulationResult

__all__ = ["SimulationResult", "simulate"]

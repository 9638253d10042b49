"""Random streams for the engine: one SplitMix64 stream per station and purpose.

Why our own generator: inside Numba a replication needs several independent
streams (op times, rework and scrap draws, failures...) so that scenarios that
change one station keep the others' draws (common random numbers). Numba has
no array of ``numpy.random.Generator`` objects; SplitMix64 (Steele, Lea and
Flood 2014; passes BigCrush) is six lines and its state is one uint64. The
seeds of the streams come from ``numpy.random.SeedSequence``.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

# Purposes: each station has one stream per purpose.
OP_TIME = 0
BRANCH = 1  # rework and scrap draws
REWORK_TIME = 2
FAILURE = 3  # time to failure
REPAIR = 4
PURPOSES = 5

_GAMMA = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30 = np.uint64(30)
_S27 = np.uint64(27)
_S31 = np.uint64(31)
_S11 = np.uint64(11)
_TWO53 = 1.0 / 9007199254740992.0


@njit(cache=True, inline="always")
def uniform(state: np.ndarray, i: int) -> float:
    """A uniform draw in (0, 1) from stream ``i``."""
    z = state[i] + _GAMMA
    state[i] = z
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    z = z ^ (z >> _S31)
    return (float(z >> _S11) + 0.5) * _TWO53


@njit(cache=True, inline="always")
def standard_normal(state: np.ndarray, i: int) -> float:
    u1 = uniform(state, i)
    u2 = uniform(state, i)
    return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)


# Distribution kinds, as compiled from the domain.
FIXED = 0
LOGNORMAL = 1
EXPONENTIAL = 2
TRIANGULAR = 3
NORMAL = 4


@njit(cache=True, inline="always")
def sample(kind: int, p: np.ndarray, state: np.ndarray, i: int) -> float:
    """One draw of a distribution with parameters ``p`` (see compile.py)."""
    if kind == FIXED:
        return p[0]
    if kind == LOGNORMAL:
        return math.exp(p[1] + p[2] * standard_normal(state, i))
    if kind == EXPONENTIAL:
        return -p[0] * math.log(uniform(state, i))
    if kind == TRIANGULAR:
        low, mode, high = p[0], p[1], p[2]
        u = uniform(state, i)
        cut = (mode - low) / (high - low)
        if u < cut:
            return low + math.sqrt(u * (high - low) * (mode - low))
        return high - math.sqrt((1.0 - u) * (high - low) * (high - mode))
    while True:  # normal, redrawn while not positive
        x = p[0] + p[1] * standard_normal(state, i)
        if x > 0.0:
            return x


def stream_seeds(seed: int, runs: int, streams: int, first_run: int = 0) -> np.ndarray:
    """Seeds ``[runs, streams]``: replication ``r`` gets child ``r`` of the seed,
    whatever the chunking or the number of workers."""
    out = np.empty((runs, streams), dtype=np.uint64)
    for r in range(runs):
        # The same as SeedSequence(seed).spawn(n)[first_run + r], without spawning n.
        child = np.random.SeedSequence(seed, spawn_key=(first_run + r,))
        out[r] = child.generate_state(streams, dtype=np.uint64)
    return out

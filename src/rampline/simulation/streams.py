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
def bits(state: np.ndarray, i: int) -> np.uint64:
    """The next 64 random bits of stream ``i``."""
    z = state[i] + _GAMMA
    state[i] = z
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


@njit(cache=True, inline="always")
def uniform(state: np.ndarray, i: int) -> float:
    """A uniform draw in (0, 1) from stream ``i``."""
    return (float(bits(state, i) >> _S11) + 0.5) * _TWO53


# The ziggurat of Marsaglia and Tsang (2000) for the standard normal, with 256
# layers of equal area V on the right half of the density f(x) = exp(-x^2/2);
# the base layer holds the tail beyond R. One 64-bit draw gives the layer (8
# bits), the sign (1 bit) and the position in the layer (52 bits), as in
# NumPy's generator (Doornik 2005: no bits are shared between them); 99 % of
# the draws end there, without a logarithm or a cosine. Box-Muller took a
# fifth of a replication's time.
ZIG_R = 3.6541528853610088  # the base layer's right edge
ZIG_V = 4.92867323399e-3  # each layer's area
_M52 = 2.0**52


def ziggurat_tables() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(k, w, f) per layer: a position below ``k`` lies inside the density; ``w``
    turns a position into x; ``f`` is the density at the layer's right edge
    (Marsaglia and Tsang's ``zigset``, for 52-bit positions and 256 layers)."""
    n = 256
    k = np.zeros(n, np.uint64)
    w = np.zeros(n)
    f = np.zeros(n)
    x = ZIG_R
    q = ZIG_V / math.exp(-0.5 * x * x)  # the base layer's width, tail included
    k[0] = np.uint64(x / q * _M52)
    w[0] = q / _M52
    w[n - 1] = x / _M52
    f[0] = 1.0
    f[n - 1] = math.exp(-0.5 * x * x)
    for i in range(n - 2, 0, -1):
        inner = math.sqrt(-2.0 * math.log(ZIG_V / x + math.exp(-0.5 * x * x)))
        k[i + 1] = np.uint64(inner / x * _M52)
        x = inner
        f[i] = math.exp(-0.5 * x * x)
        w[i] = x / _M52
    return k, w, f


_ZK, _ZW, _ZF = ziggurat_tables()
_LAYER = np.uint64(0xFF)
_S8 = np.uint64(8)
_S9 = np.uint64(9)
_ONE = np.uint64(1)
_POS = np.uint64((1 << 52) - 1)


@njit(cache=True, inline="always")
def standard_normal(state: np.ndarray, i: int) -> float:
    while True:
        r = bits(state, i)
        layer = r & _LAYER
        negative = (r >> _S8) & _ONE
        pos = (r >> _S9) & _POS
        x = float(pos) * _ZW[layer]
        if pos < _ZK[layer]:
            return -x if negative else x
        if layer == 0:  # the tail beyond R
            while True:
                xx = -math.log(uniform(state, i)) / ZIG_R
                yy = -math.log(uniform(state, i))
                if yy + yy > xx * xx:
                    return -(ZIG_R + xx) if negative else ZIG_R + xx
        if (_ZF[layer - 1] - _ZF[layer]) * uniform(state, i) + _ZF[layer] < math.exp(-0.5 * x * x):
            return -x if negative else x


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

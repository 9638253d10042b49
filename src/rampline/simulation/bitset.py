"""A set of small integers as bits in 64-bit words, inside Numba.

The engine keeps the stations whose situation changed at an instant in such
a set and visits them in index order: finding the
next member is a count of trailing zeros, where a flag per station meant a
loop over every station, two or three times per instant, with a branch per
flag that the processor could not predict (a tenth of the engine's time).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from numba import njit
from numba.core import types
from numba.extending import intrinsic

_ONE = np.uint64(1)
_ALL = np.uint64(0xFFFFFFFFFFFFFFFF)
_LOW6 = np.uint64(63)


@intrinsic
def _trailing_zeros(typingctx: Any, x: Any) -> Any:
    """The number of trailing zero bits of a nonzero uint64 (LLVM's cttz)."""

    def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
        return builder.cttz(args[0], context.get_constant(types.boolean, True))

    if x != types.uint64:
        return None
    return types.uint64(types.uint64), codegen


if TYPE_CHECKING:

    def trailing_zeros(x: np.uint64) -> np.uint64: ...  # what the intrinsic does

else:
    trailing_zeros = _trailing_zeros


@njit(cache=True, inline="always")
def add(bits: np.ndarray, i: int) -> None:
    bits[i >> 6] |= _ONE << (np.uint64(i) & _LOW6)


@njit(cache=True, inline="always")
def discard(bits: np.ndarray, i: int) -> None:
    bits[i >> 6] &= ~(_ONE << (np.uint64(i) & _LOW6))


@njit(cache=True, inline="always")
def first_from(bits: np.ndarray, i: int) -> int:
    """The least member ``>= i``, or -1."""
    w = i >> 6
    if w >= bits.shape[0]:
        return -1
    word = bits[w] & (_ALL << (np.uint64(i) & _LOW6))
    while word == 0:
        w += 1
        if w >= bits.shape[0]:
            return -1
        word = bits[w]
    return (w << 6) + int(trailing_zeros(word))

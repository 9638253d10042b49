"""The field types the request bodies share: names, free text and numbers.

An id (station, serial, operator, lot...) appears in URLs and on screens, so
it is printable text with no spaces at either end, no control or invisible
characters (a NUL, a newline, a zero-width space or a right-to-left override
would make two ids look alike) and no ``/``. Free text must say something.
Numbers are strict: ``true`` or ``"5"`` is not a number.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated

from pydantic import AfterValidator, Field

_HIDDEN = {"Cc", "Cf", "Zl", "Zp"}  # control, format (zero-width, bidi), line and paragraph


def _hidden(text: str, allowed: str = "") -> str | None:
    """The first control or invisible character of ``text`` not in ``allowed``."""
    return next((c for c in text if c not in allowed and unicodedata.category(c) in _HIDDEN), None)


def _identifier(text: str) -> str:
    if text != text.strip():
        raise ValueError("an id has no spaces at either end")
    bad = _hidden(text)
    if bad is not None:
        raise ValueError(f"an id has no control or invisible characters (U+{ord(bad):04X})")
    if "/" in text or text in {".", ".."}:
        raise ValueError("an id has no '/' and is not '.' or '..' (ids appear in URLs)")
    return text


def _words(text: str) -> str:
    if not text.strip():
        raise ValueError("must say something, not only spaces")
    bad = _hidden(text, allowed="\n\t")  # free text may have lines and tabs
    if bad is not None:
        raise ValueError(f"no control or invisible characters (U+{ord(bad):04X})")
    return text


Id = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_identifier)]
Text = Annotated[str, Field(min_length=1, max_length=2000), AfterValidator(_words)]

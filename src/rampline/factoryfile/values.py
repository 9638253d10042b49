"""Parsers for the value kinds of the factory file: durations, shares, dates,
times of day and distributions. Each raises ``ValueError`` with a message in
plain words; the schema adds the file, line and path."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from rampline.domain.distributions import (
    Distribution,
    Exponential,
    Fixed,
    LogNormal,
    Normal,
    Triangular,
)

_UNITS = {"s": 1 / 60, "min": 1.0, "h": 60.0, "d": 1440.0, "w": 10080.0}
_DURATION = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([a-z]+)\s*$")
_SIGNED = re.compile(r"^\s*-\s*[0-9.]+\s*[a-z]*\s*$")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def duration(value: Any, *, positive: bool = True) -> float:
    """Minutes in a duration such as ``45s``, ``12min``, ``1.5h``, ``3d``, ``2w``."""
    if _is_number(value):
        raise ValueError(
            f"a duration needs a unit (s, min, h, d or w): write e.g. '{value}min' or '{value}h'"
        )
    if not isinstance(value, str):
        raise ValueError(f"expected a duration such as '30min', got {show(value)}")
    if _SIGNED.match(value):
        if positive:
            raise ValueError(f"a time must be positive, got '{value}'")
        raise ValueError(f"a time cannot be negative, got '{value}'")
    m = _DURATION.match(value)
    if not m:
        raise ValueError(
            f"expected a duration such as '45s', '12min', '1.5h', '3d' or '2w', got '{value}'"
        )
    number, unit = float(m.group(1)), m.group(2)
    if unit not in _UNITS:
        raise ValueError(f"unknown time unit '{unit}' in '{value}': use s, min, h, d or w")
    minutes = number * _UNITS[unit]
    if positive and minutes <= 0:
        raise ValueError(f"a time must be positive, got '{value}'")
    return minutes


def coefficient(value: Any) -> float:
    """A coefficient of variation: a number, 0 or more."""
    cv = number(value, positive=False, what="cv")
    if cv < 0:
        raise ValueError(f"a coefficient of variation cannot be negative, got {value}")
    return cv


def share(value: Any) -> float:
    """A share from 0 to 1, written ``85%``, ``0.5%`` or ``0.85``."""
    if isinstance(value, str):
        text = value.strip()
        if not text.endswith("%"):
            raise ValueError(f"expected a share such as '85%' or 0.85, got '{value}'")
        try:
            number = float(text[:-1]) / 100.0
        except ValueError:
            raise ValueError(f"expected a share such as '85%' or 0.85, got '{value}'") from None
        shown = value
    elif _is_number(value):
        number = float(value)
        shown = str(value)
        if number > 1:
            raise ValueError(
                f"a share is a number from 0 to 1 or a percentage; {value} is over 1 "
                f"(did you mean '{value}%'?)"
            )
    else:
        raise ValueError(f"expected a share such as '85%' or 0.85, got {show(value)}")
    if not math.isfinite(number) or number < 0:
        raise ValueError(f"a share cannot be negative, got {shown}")
    if number > 1:
        raise ValueError(f"a share cannot be over 100%, got {shown}")
    return number


def date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        raise ValueError(f"expected a date such as 2026-05-01, got a date-time {value.isoformat()}")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"expected a date such as 2026-05-01, got {show(value)}")


def datetime(value: Any) -> dt.datetime:
    """A date-time; a date alone means its 00:00."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            raise ValueError("date-times are factory local time, without a time zone")
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        text = value.strip()
        try:
            parsed = dt.datetime.fromisoformat(text)
        except ValueError:
            parsed = None
        if parsed is not None:
            if parsed.tzinfo is not None:
                raise ValueError(
                    f"date-times are factory local time, without a time zone: '{value}'"
                )
            return parsed
    raise ValueError(f"expected a date-time such as 2026-01-05T06:00, got {show(value)}")


def time_of_day(value: Any) -> int:
    """Minutes after midnight of ``HH:MM``."""
    if isinstance(value, str):
        m = re.match(r"^\s*(\d{1,2}):(\d{2})\s*$", value)
        if m:
            hours, minutes = int(m.group(1)), int(m.group(2))
            if hours < 24 and minutes < 60:
                return hours * 60 + minutes
    raise ValueError(f'expected a time of day HH:MM such as "06:00", got {show(value)}')


def whole(value: Any, *, minimum: int = 0, what: str = "the value") -> int:
    """A whole number, at least ``minimum`` (``3.0`` is accepted as 3)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{what} must be a whole number, got {show(value)}")
    if value < minimum:
        raise ValueError(f"{what} must be at least {minimum}, got {value}")
    return value


def number(value: Any, *, positive: bool = True, what: str = "the value") -> float:
    """A number; with ``positive`` (the default) greater than 0."""
    if not _is_number(value) or not math.isfinite(float(value)):
        raise ValueError(f"{what} must be a number, got {show(value)}")
    if positive and value <= 0:
        raise ValueError(f"{what} must be greater than 0, got {value}")
    return float(value)


DIST_KEYS = {
    "lognormal": {"mean", "cv"},
    "exponential": {"mean", "dist"},
    "triangular": {"min", "mode", "max"},
    "normal": {"mean", "sd", "dist"},
}


def distribution_kind(value: dict[str, Any]) -> str:
    """Which distribution a mapping describes, or a ValueError."""
    keys = set(value)
    kind = value.get("dist")
    if kind is not None:
        if kind not in ("exponential", "normal"):
            raise ValueError(
                f"unknown distribution '{kind}': 'dist' may be exponential or normal "
                "(a lognormal is {mean, cv}, a triangular {min, mode, max})"
            )
        return str(kind)
    # The form most of whose keys are there: {mean, cv, min} is a lognormal
    # with an unknown key 'min', not a triangular missing two.
    triangular = len(DIST_KEYS["triangular"] & keys)
    if triangular and triangular >= len(DIST_KEYS["lognormal"] & keys):
        return "triangular"
    if "cv" in keys:
        return "lognormal"
    if "sd" in keys:
        raise ValueError("a normal distribution needs dist: normal besides mean and sd")
    raise ValueError(
        "a distribution is {mean, cv} (lognormal), {mean, dist: exponential}, "
        "{min, mode, max} (triangular) or {mean, sd, dist: normal}"
    )


def build_distribution(kind: str, fields: dict[str, float]) -> Distribution:
    if kind == "lognormal":
        return LogNormal(fields["mean"], fields["cv"])
    if kind == "exponential":
        return Exponential(fields["mean"])
    if kind == "triangular":
        low, mode, high = fields["min"], fields["mode"], fields["max"]
        if not low <= mode <= high:
            raise ValueError(
                f"a triangular needs min ≤ mode ≤ max, got min {low:g}, mode {mode:g} "
                f"and max {high:g} min"
            )
        if low == high:
            return Fixed(low)
        return Triangular(low, mode, high)
    return Normal(fields["mean"], fields["sd"])


def show(value: Any) -> str:
    if isinstance(value, str):
        return f"'{value}'"
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping" if value else "an empty mapping"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    if isinstance(value, dt.date):
        return value.isoformat()
    return repr(value)

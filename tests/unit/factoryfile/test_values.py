"""Durations, shares, dates and distributions: parsed and refused."""

from __future__ import annotations

import datetime as dt

import pytest
from factory_texts import BASE

from rampline.domain.distributions import Exponential, Fixed, LogNormal, Normal, Triangular
from rampline.factoryfile import parse_factory, values


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("45s", 0.75),
        ("12min", 12.0),
        ("1.5h", 90.0),
        ("3d", 4320.0),
        ("2w", 20160.0),
        ("0.5 h", 30.0),
    ],
)
def test_durations(text: str, minutes: float) -> None:
    assert values.duration(text) == pytest.approx(minutes)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (30, "needs a unit"),
        ("30", "expected a duration"),
        ("30 minutes", "unknown time unit 'minutes'"),
        ("0min", "must be positive"),
        ("-2h", "must be positive"),
        (True, "expected a duration"),
        (None, "got nothing"),
    ],
)
def test_durations_refused(value: object, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        values.duration(value)


@pytest.mark.parametrize(
    ("value", "share"),
    [("85%", 0.85), (0.85, 0.85), ("0.5%", 0.005), (0, 0.0), (1, 1.0), ("100%", 1.0)],
)
def test_shares(value: object, share: float) -> None:
    assert values.share(value) == pytest.approx(share)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("120%", "over 100%"),
        (85, "did you mean '85%'"),
        ("-5%", "negative"),
        (-0.1, "negative"),
        ("85", "expected a share"),
        ("x%", "expected a share"),
    ],
)
def test_shares_refused(value: object, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        values.share(value)


def test_dates_and_times() -> None:
    assert values.date("2026-05-01") == dt.date(2026, 5, 1)
    assert values.datetime("2026-01-05T06:00") == dt.datetime(2026, 1, 5, 6)
    assert values.datetime(dt.date(2026, 1, 5)) == dt.datetime(2026, 1, 5)
    assert values.time_of_day("06:00") == 360
    with pytest.raises(ValueError, match="time zone"):
        values.datetime("2026-01-05T06:00+01:00")
    with pytest.raises(ValueError, match="HH:MM"):
        values.time_of_day("24:00")
    with pytest.raises(ValueError, match="expected a date"):
        values.date(dt.datetime(2026, 1, 5, 6))


def _time(expr: str) -> object:
    text = BASE.replace("        time: 10min", f"        time: {expr}")
    return parse_factory(text).base.products["p"].routing[1].time


@pytest.mark.parametrize(
    ("expr", "dist"),
    [
        ("10min", Fixed(10.0)),
        ("{mean: 10min, cv: 0.5}", LogNormal(10.0, 0.5)),
        ("{mean: 10min, cv: 0}", Fixed(10.0)),
        ("{mean: 1h, dist: exponential}", Exponential(60.0)),
        ("{min: 5min, mode: 10min, max: 30min}", Triangular(5.0, 10.0, 30.0)),
        ("{min: 10min, mode: 10min, max: 10min}", Fixed(10.0)),
        ("{mean: 10min, sd: 2min, dist: normal}", Normal(10.0, 2.0)),
    ],
)
def test_distributions(expr: str, dist: object) -> None:
    assert _time(expr) == dist


def test_plain_mttr_is_exponential_and_availability() -> None:
    failures = parse_factory(BASE).base.station("avionics").failures
    assert failures is not None
    assert failures.mttr == Exponential(120.0)
    assert failures.availability == pytest.approx(100 / 102)

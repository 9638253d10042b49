"""Control charts wired to the line: every characteristic's I-MR chart, and its alerts.

Each characteristic is charted on an individuals and moving-range (I-MR)
chart of its measurements in time order (``at``, then arrival). The first
``baseline`` measurements (20 unless set with :func:`set_chart_settings`) are
phase I: once there are that many, the centre and sigma (MR-bar/d2) are
computed from them and frozen; every later point is phase II, judged against
the frozen limits.

:func:`raise_alerts` runs inside the transaction that stores a batch of
station events (``services.events``): the events and the alerts they raise
commit together or not at all. From the moment the limits freeze, the run
rules of the characteristic's rule set (Western Electric by default) are
checked on the individuals panel, and on the moving-range panel only points
beyond its limits (successive moving ranges share a value, so zone and run
rules on them raise false alarms; Montgomery, 6.4); a point that a rule flags
for the first time raises an alert. All the points newly flagged by one rule
on one panel in one batch form one alert; a point already flagged by that rule
never raises another.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from rampline import spc
from rampline.domain.quality import Alert, AlertStatus, ChartPoint, ChartSettings
from rampline.domain.tracking import Characteristic, MeasurementRecord
from rampline.errors import ConflictError, InputError, NotFoundError
from rampline.services.chart_view import chart_json
from rampline.services.ports import Clock, Transaction, UnitOfWork

MIN_BASELINE = 2

RULE_WORDS = {
    "1": "a point beyond the 3-sigma control limits",
    "western-electric-2": "2 of 3 points beyond 2 sigma on the same side",
    "western-electric-3": "4 of 5 points beyond 1 sigma on the same side",
    "western-electric-4": "8 points in a row on one side of the centre line",
    "nelson-2": "9 points in a row on one side of the centre line",
    "nelson-3": "6 points in a row steadily rising or falling",
    "nelson-4": "14 points in a row alternating up and down",
    "nelson-5": "2 of 3 points beyond 2 sigma on the same side",
    "nelson-6": "4 of 5 points beyond 1 sigma on the same side",
    "nelson-7": "15 points in a row within 1 sigma of the centre line",
    "nelson-8": "8 points in a row beyond 1 sigma, on both sides",
}
_PANELS = {"x": "individuals", "MR": "moving-range"}


def _words(rule: str) -> str:
    return RULE_WORDS.get(rule, RULE_WORDS["1"] if rule.endswith("-1") else rule)


# --- in the events' transaction ------------------------------------------


def raise_alerts(
    tx: Transaction, measurements: Sequence[MeasurementRecord], now: datetime
) -> list[Alert]:
    """Chart the characteristics these (just stored) measurements belong to; store new alerts."""
    raised: list[Alert] = []
    for characteristic in sorted({m.characteristic for m in measurements}):
        tx.quality.lock_chart(characteristic)
        raised += _evaluate(tx, characteristic, now)
    return raised


def _evaluate(tx: Transaction, characteristic: str, now: datetime) -> list[Alert]:
    settings = tx.quality.settings(characteristic) or ChartSettings(characteristic)
    points = tx.quality.points(characteristic)
    if not settings.frozen:
        settings = _freeze(settings, points, now)
        if not settings.frozen:
            return []  # still phase I: no limits to judge against yet
        tx.quality.save_settings(settings)
    chart = _chart(points, settings)
    flagged = tx.quality.flagged(characteristic)
    raised = []
    for part in (chart.main, chart.dispersion):
        assert part is not None
        for violation in spc.check_part(part, settings.rules):
            if part is chart.dispersion and not violation.rule.endswith("-1"):
                continue  # moving ranges are correlated: only a point beyond the limits counts
            new = [
                i
                for i in violation.indices
                if (points[i].measurement_id, part.name, violation.rule) not in flagged
            ]
            if new:
                alert = _alert(characteristic, violation.rule, part.name, points, new, now)
                raised.append(tx.quality.add_alert(alert, [points[i].measurement_id for i in new]))
    return raised


def _freeze(settings: ChartSettings, points: list[ChartPoint], now: datetime) -> ChartSettings:
    if len(points) < settings.baseline:
        return settings
    phase_one = spc.i_mr([p.value for p in points[: settings.baseline]])
    center = float(phase_one.main.center[0])
    if not (0 < phase_one.sigma < math.inf and math.isfinite(center)):
        # every baseline value the same (no spread), or, for values stored before
        # the API bounded them, an overflow: no limits to set; phase I goes on
        return settings
    return replace(settings, center=center, sigma=phase_one.sigma, frozen_at=now)


def phase(settings: ChartSettings, points: list[ChartPoint]) -> str:
    """In words, where the chart's limits stand."""
    if settings.frozen:
        return f"phase II: limits frozen from the first {settings.baseline} measurements"
    if len(points) < settings.baseline:
        return (
            f"phase I: {len(points)} of {settings.baseline} baseline measurements; "
            "trial limits from every point so far"
        )
    return (
        f"phase I: the first {settings.baseline} measurements give no usable spread "
        "(all equal); trial limits from every point so far; a larger baseline "
        "(PUT chart-settings) takes in later measurements"
    )


def _chart(points: list[ChartPoint], settings: ChartSettings) -> spc.ControlChart:
    values = [p.value for p in points]
    if settings.frozen:
        return spc.i_mr(
            values, baseline=settings.baseline, center=settings.center, sigma=settings.sigma
        )
    return spc.i_mr(values)  # phase I: trial limits from every point so far


def _alert(
    characteristic: str,
    rule: str,
    panel: str,
    points: list[ChartPoint],
    new: list[int],
    now: datetime,
) -> Alert:
    positions = tuple(i + 1 for i in new)
    serials = tuple(points[i].serial for i in new)
    where = ", ".join(f"{n} ({s})" for n, s in zip(positions, serials, strict=True))
    noun = "point" if len(new) == 1 else "points"
    message = (
        f"{characteristic}: {_words(rule)} ({rule}) on the {_PANELS.get(panel, panel)} chart, "
        f"at {noun} {where}"
    )
    return Alert(0, characteristic, rule, panel, positions, serials, now, message)


# --- reads and acknowledgements -------------------------------------------


def open_alerts(uow: UnitOfWork) -> list[Alert]:
    """Every alert nobody has acknowledged yet, oldest first (for ``rampline status``)."""
    return alerts(uow, AlertStatus.OPEN)


def alerts(uow: UnitOfWork, status: AlertStatus | None = None) -> list[Alert]:
    with uow.read() as tx:
        return tx.quality.alerts(status)


def alert(uow: UnitOfWork, alert_id: int) -> Alert:
    with uow.read() as tx:
        found = tx.quality.alert(alert_id)
    if found is None:
        raise NotFoundError(f"no alert {alert_id}")
    return found


def acknowledge_alert(uow: UnitOfWork, alert_id: int, by: str, reason: str, clock: Clock) -> Alert:
    """A named person has seen the alert and says why it needs nothing more (or what was done)."""
    with uow.write() as tx:
        found = tx.quality.alert(alert_id, lock=True)
        if found is None:
            raise NotFoundError(f"no alert {alert_id}")
        if found.status is not AlertStatus.OPEN:
            raise ConflictError(
                f"alert {alert_id} is {found.status} already "
                f"(by {found.acknowledged_by} at {found.acknowledged_at:%Y-%m-%d %H:%M})",
                "status",
            )
        done = replace(
            found,
            status=AlertStatus.ACKNOWLEDGED,
            acknowledged_by=by,
            acknowledged_at=clock.now(),
            reason=reason,
        )
        tx.quality.update_alert(done)
        tx.commit()
    return done


# --- chart settings and the chart itself ----------------------------------


def _characteristic(tx: Transaction, characteristic: str) -> Characteristic:
    found = tx.characteristics.get_many([characteristic]).get(characteristic)
    if found is None:
        raise NotFoundError(f"no characteristic '{characteristic}'")
    return found


def chart_settings(uow: UnitOfWork, characteristic: str) -> ChartSettings:
    with uow.read() as tx:
        _characteristic(tx, characteristic)
        return tx.quality.settings(characteristic) or ChartSettings(characteristic)


def set_chart_settings(
    uow: UnitOfWork, characteristic: str, baseline: int, rules: str, clock: Clock
) -> ChartSettings:
    """Change the baseline size or rule set while the limits are not frozen yet.

    If the characteristic already has ``baseline`` measurements the limits freeze
    now and the run rules are checked, in the same transaction.
    """
    if baseline < MIN_BASELINE:
        raise InputError(f"a baseline needs at least {MIN_BASELINE} points", "baseline")
    if rules not in spc.RULE_SETS:
        raise InputError(f"unknown rule set '{rules}'; choose {', '.join(spc.RULE_SETS)}", "rules")
    with uow.write() as tx:
        _characteristic(tx, characteristic)
        tx.quality.lock_chart(characteristic)
        current = tx.quality.settings(characteristic) or ChartSettings(characteristic)
        if current.frozen:
            raise ConflictError(
                f"the limits of '{characteristic}' are frozen since "
                f"{current.frozen_at:%Y-%m-%d %H:%M} (baseline {current.baseline})",
                "baseline",
            )
        settings = replace(current, baseline=baseline, rules=rules)
        tx.quality.save_settings(settings)
        _evaluate(tx, characteristic, clock.now())
        settings = tx.quality.settings(characteristic) or settings
        tx.commit()
    return settings


def chart(uow: UnitOfWork, characteristic: str) -> dict[str, Any]:
    """The characteristic's chart with the keys of ``rampline spc --json``, and a few more.

    Added keys: ``characteristic``, ``rules``, ``limits_frozen``, ``phase`` (where
    the limits stand, in words) and ``serials`` (the unit of each point).
    """
    with uow.read() as tx:
        found = _characteristic(tx, characteristic)
        settings = tx.quality.settings(characteristic) or ChartSettings(characteristic)
        points = tx.quality.points(characteristic)
    if len(points) < MIN_BASELINE:
        raise ConflictError(
            f"characteristic '{characteristic}' has {len(points)} measurement(s); "
            f"a chart needs at least {MIN_BASELINE}",
            "characteristic",
        )
    built = _chart(points, settings)
    out = chart_json(built, settings.rules, _capability(built, points, found))
    out.update(
        characteristic=characteristic,
        rules=settings.rules,
        limits_frozen=settings.frozen,
        phase=phase(settings, points),
        serials=[p.serial for p in points],
    )
    return out


def _capability(
    chart: spc.ControlChart, points: list[ChartPoint], c: Characteristic
) -> spc.Capability | None:
    if c.lsl is None and c.usl is None:
        return None
    baseline = [p.value for p, used in zip(points, chart.in_limits, strict=True) if used]
    try:
        return spc.capability(
            baseline,
            sigma_within=chart.sigma,
            lsl=c.lsl,
            usl=c.usl,
            center=float(chart.main.center[0]),
            target=c.target,
        )
    except ValueError:
        return None  # e.g. values that do not vary: no capability to speak of

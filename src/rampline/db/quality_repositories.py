"""Repositories of the quality records: chart settings and points, alerts,
nonconformance reports. Like every repository, they never commit."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace

from sqlalchemy import func, insert, select, text, update

from rampline.db import mappers
from rampline.db import tables as t
from rampline.db.repositories import Repo, chunks
from rampline.domain.quality import (
    Alert,
    AlertStatus,
    ChartPoint,
    ChartSettings,
    NcrStatus,
    NcrStep,
    Nonconformance,
)


class QualityRepository(Repo):
    """Chart settings with their frozen limits, the points of a chart, alerts."""

    def lock_chart(self, characteristic: str) -> None:
        """Serialise alert evaluation per characteristic (PostgreSQL; SQLite has one writer)."""
        if self.postgres:
            self.conn.execute(
                text("SELECT pg_advisory_xact_lock(hashtextextended(:k, 0))"),
                {"k": f"rampline-chart:{characteristic}"},
            )

    def settings(self, characteristic: str) -> ChartSettings | None:
        c = t.control_charts
        row = self.conn.execute(select(c).where(c.c.characteristic == characteristic)).first()
        return mappers.chart_settings(row) if row else None

    def save_settings(self, settings: ChartSettings) -> None:
        c = t.control_charts
        row = mappers.chart_settings_row(settings)
        done = self.conn.execute(
            update(c).where(c.c.characteristic == settings.characteristic).values(row)
        )
        if not done.rowcount:
            self.conn.execute(insert(c), [row])

    def points(self, characteristic: str) -> list[ChartPoint]:
        m = t.measurements
        rows = self.conn.execute(
            select(m.c.id, m.c.serial, m.c.value, m.c.at)
            .where(m.c.characteristic == characteristic)
            .order_by(m.c.at, m.c.id)
        )
        return [mappers.chart_point(r) for r in rows]

    def flagged(self, characteristic: str) -> set[tuple[int, str, str]]:
        """(measurement id, panel, rule) of every point an alert already holds."""
        p, a = t.alert_points, t.alerts
        rows = self.conn.execute(
            select(p.c.measurement_id, p.c.panel, p.c.rule)
            .join(a, a.c.id == p.c.alert_id)
            .where(a.c.characteristic == characteristic)
        )
        return {(r[0], r[1], r[2]) for r in rows}

    def add_alert(self, alert: Alert, measurement_ids: Sequence[int]) -> Alert:
        result = self.conn.execute(insert(t.alerts).values(mappers.alert_row(alert)))
        alert_id = int(result.inserted_primary_key[0])  # type: ignore[index]
        where = {"alert_id": alert_id, "panel": alert.panel, "rule": alert.rule}
        self.conn.execute(
            insert(t.alert_points), [{**where, "measurement_id": m} for m in measurement_ids]
        )
        return replace(alert, id=alert_id)

    def alerts(self, status: AlertStatus | None = None) -> list[Alert]:
        a = t.alerts
        query = select(a).order_by(a.c.id)
        if status is not None:
            query = query.where(a.c.status == status.value)
        return [mappers.alert(r) for r in self.conn.execute(query)]

    def alert(self, alert_id: int, *, lock: bool = False) -> Alert | None:
        a = t.alerts
        query = select(a).where(a.c.id == alert_id)
        if lock:
            query = query.with_for_update()
        row = self.conn.execute(query).first()
        return mappers.alert(row) if row else None

    def update_alert(self, alert: Alert) -> None:
        a = t.alerts
        row = mappers.alert_row(alert)
        self.conn.execute(update(a).where(a.c.id == alert.id).values(row))


class NonconformanceRepository(Repo):
    """Nonconformance reports and the steps of their history."""

    def add(self, ncr: Nonconformance) -> Nonconformance:
        result = self.conn.execute(
            insert(t.nonconformances).values(mappers.nonconformance_row(ncr))
        )
        ncr_id = int(result.inserted_primary_key[0])  # type: ignore[index]
        self._steps(ncr_id, ncr.history)
        return replace(ncr, id=ncr_id)

    def _steps(self, ncr_id: int, steps: Iterable[NcrStep]) -> None:
        rows = [mappers.ncr_step_row(ncr_id, s) for s in steps]
        if rows:
            self.conn.execute(insert(t.nonconformance_steps), rows)

    def update(self, ncr: Nonconformance, step: NcrStep) -> None:
        n = t.nonconformances
        row = mappers.nonconformance_row(ncr)
        self.conn.execute(
            update(n)
            .where(n.c.id == ncr.id)
            .values(status=row["status"], disposition=row["disposition"])
        )
        self._steps(ncr.id, [step])

    def get(self, ncr_id: int, *, lock: bool = False) -> Nonconformance | None:
        n = t.nonconformances
        query = select(n).where(n.c.id == ncr_id)
        if lock:
            query = query.with_for_update()
        row = self.conn.execute(query).first()
        return mappers.nonconformance(row, tuple(self._history([ncr_id])[ncr_id])) if row else None

    def all(self, status: NcrStatus | None = None) -> list[Nonconformance]:
        n = t.nonconformances
        query = select(n).order_by(n.c.id)
        if status is not None:
            query = query.where(n.c.status == status.value)
        rows = list(self.conn.execute(query))
        history = self._history([r.id for r in rows])
        return [mappers.nonconformance(r, tuple(history[r.id])) for r in rows]

    def _history(self, ids: Collection[int]) -> dict[int, list[NcrStep]]:
        out: dict[int, list[NcrStep]] = {i: [] for i in ids}
        s = t.nonconformance_steps
        for chunk in chunks(sorted(ids)):
            rows = self.conn.execute(
                select(s).where(s.c.nonconformance_id.in_(chunk)).order_by(s.c.id)
            )
            for r in rows:
                out[r.nonconformance_id].append(mappers.ncr_step(r))
        return out

    def defect_counts(self, status: NcrStatus | None = None) -> dict[str, int]:
        n = t.nonconformances
        query = select(n.c.defect_code, func.count()).group_by(n.c.defect_code)
        if status is not None:
            query = query.where(n.c.status == status.value)
        return {r[0]: int(r[1]) for r in self.conn.execute(query)}

"""Explicit row <-> record mappers: the only place that knows both shapes."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Row

from rampline.domain.quality import (
    Alert,
    AlertStatus,
    ChartPoint,
    ChartSettings,
    Disposition,
    NcrAction,
    NcrStatus,
    NcrStep,
    Nonconformance,
)
from rampline.domain.tracking import (
    Characteristic,
    Consumption,
    DowntimeRecord,
    FactoryModel,
    IdempotentReply,
    Lot,
    MeasurementRecord,
    OperationRecord,
    Outcome,
    Qualification,
    StationSequence,
    StoredEvent,
    Unit,
    UnitStatus,
    WorkOrder,
)

RowT = Row[Any]


def factory_model(r: RowT) -> FactoryModel:
    return FactoryModel(r.version, r.name, r.sha256, r.text, r.loaded_by, r.loaded_at)


def characteristic(r: RowT) -> Characteristic:
    return Characteristic(
        r.id, r.station, r.unit_of_measure, r.lsl, r.usl, r.target, r.product, r.name
    )


def characteristic_row(c: Characteristic) -> dict[str, Any]:
    return {
        "id": c.id,
        "name": c.name,
        "station": c.station,
        "product": c.product,
        "unit_of_measure": c.unit_of_measure,
        "lsl": c.lsl,
        "usl": c.usl,
        "target": c.target,
    }


def qualification(r: RowT) -> Qualification:
    return Qualification(r.skill, r.qualified_on, r.expires)


def qualification_row(operator_id: str, q: Qualification) -> dict[str, Any]:
    return {
        "operator_id": operator_id,
        "skill": q.skill,
        "qualified_on": q.qualified_on,
        "expires": q.expires,
    }


def work_order(r: RowT) -> WorkOrder:
    return WorkOrder(r.id, r.product, r.quantity, r.due, r.created_at)


def work_order_row(o: WorkOrder) -> dict[str, Any]:
    return {
        "id": o.id,
        "product": o.product,
        "quantity": o.quantity,
        "due": o.due,
        "created_at": o.created_at,
    }


def unit(r: RowT) -> Unit:
    return Unit(
        r.serial,
        r.work_order_id,
        r.product,
        UnitStatus(r.status),
        r.step,
        r.attempts,
        r.running_station,
        r.running_cell,
        r.running_operator,
        r.running_since,
        r.finished_at,
    )


def unit_row(u: Unit) -> dict[str, Any]:
    return {
        "serial": u.serial,
        "work_order_id": u.work_order,
        "product": u.product,
        "status": u.status.value,
        "step": u.step,
        "attempts": u.attempts,
        "running_station": u.running_station,
        "running_cell": u.running_cell,
        "running_operator": u.running_operator,
        "running_since": u.running_since,
        "finished_at": u.finished_at,
    }


def lot(r: RowT) -> Lot:
    return Lot(r.id, r.material, r.quantity, r.remaining, r.received_at, r.supplier)


def lot_row(lot_: Lot) -> dict[str, Any]:
    return {
        "id": lot_.id,
        "material": lot_.material,
        "quantity": lot_.quantity,
        "remaining": lot_.remaining,
        "received_at": lot_.received_at,
        "supplier": lot_.supplier,
    }


def event_row(e: StoredEvent) -> dict[str, Any]:
    return {
        "station": e.station,
        "seq": e.seq,
        "type": e.type,
        "at": e.at,
        "serial": e.serial,
        "payload": e.payload,
        "received_at": e.received_at,
    }


def operation(r: RowT) -> OperationRecord:
    return OperationRecord(
        r.serial,
        r.station,
        r.cell,
        r.operator,
        r.start,
        r.end,
        Outcome(r.outcome),
        r.step,
        r.attempt,
        r.seq,
    )


def operation_row(o: OperationRecord) -> dict[str, Any]:
    return {
        "serial": o.serial,
        "station": o.station,
        "cell": o.cell,
        "operator": o.operator,
        "start": o.start,
        "end": o.end,
        "outcome": o.outcome.value,
        "step": o.step,
        "attempt": o.attempt,
        "seq": o.seq,
    }


def measurement(r: RowT) -> MeasurementRecord:
    return MeasurementRecord(
        r.serial, r.station, r.seq, r.characteristic, r.value, r.unit_of_measure, r.lsl, r.usl, r.at
    )


def measurement_row(m: MeasurementRecord) -> dict[str, Any]:
    return {
        "serial": m.serial,
        "station": m.station,
        "seq": m.seq,
        "characteristic": m.characteristic,
        "value": m.value,
        "unit_of_measure": m.unit_of_measure,
        "lsl": m.lsl,
        "usl": m.usl,
        "at": m.at,
    }


def downtime(r: RowT) -> DowntimeRecord:
    return DowntimeRecord(r.station, r.seq, r.cell, r.start, r.end, r.reason)


def downtime_row(d: DowntimeRecord) -> dict[str, Any]:
    return {
        "station": d.station,
        "seq": d.seq,
        "cell": d.cell,
        "start": d.start,
        "end": d.end,
        "reason": d.reason,
    }


def consumption(r: RowT) -> Consumption:
    return Consumption(r.serial, r.lot, r.station, r.seq, r.quantity, r.at)


def consumption_row(c: Consumption) -> dict[str, Any]:
    return {
        "serial": c.serial,
        "lot": c.lot,
        "station": c.station,
        "seq": c.seq,
        "quantity": c.quantity,
        "at": c.at,
    }


def sequence(r: RowT) -> StationSequence:
    return StationSequence(r.station, r.last_seq, r.received)


def reply(r: RowT) -> IdempotentReply:
    return IdempotentReply(r.key, r.fingerprint, r.status, r.body, r.created_at, r.expires_at)


def reply_row(x: IdempotentReply) -> dict[str, Any]:
    return {
        "key": x.key,
        "fingerprint": x.fingerprint,
        "status": x.status,
        "body": x.body,
        "created_at": x.created_at,
        "expires_at": x.expires_at,
    }


# --- quality: control charts, alerts, nonconformance reports -----------------


def chart_settings(r: RowT) -> ChartSettings:
    return ChartSettings(r.characteristic, r.baseline, r.rules, r.center, r.sigma, r.frozen_at)


def chart_settings_row(s: ChartSettings) -> dict[str, Any]:
    return {
        "characteristic": s.characteristic,
        "baseline": s.baseline,
        "rules": s.rules,
        "center": s.center,
        "sigma": s.sigma,
        "frozen_at": s.frozen_at,
    }


def chart_point(r: Any) -> ChartPoint:  # a row of (id, serial, value, at) of measurements
    return ChartPoint(r.id, r.serial, r.value, r.at)


def alert(r: RowT) -> Alert:
    return Alert(
        r.id,
        r.characteristic,
        r.rule,
        r.panel,
        tuple(json.loads(r.points)),
        tuple(json.loads(r.serials)),
        r.raised_at,
        r.message,
        AlertStatus(r.status),
        r.acknowledged_by,
        r.acknowledged_at,
        r.reason,
    )


def alert_row(a: Alert) -> dict[str, Any]:
    return {
        "characteristic": a.characteristic,
        "rule": a.rule,
        "panel": a.panel,
        "points": json.dumps(list(a.points)),
        "serials": json.dumps(list(a.serials)),
        "message": a.message,
        "raised_at": a.raised_at,
        "status": a.status.value,
        "acknowledged_by": a.acknowledged_by,
        "acknowledged_at": a.acknowledged_at,
        "reason": a.reason,
    }


def ncr_step(r: RowT) -> NcrStep:
    return NcrStep(
        NcrAction(r.action),
        NcrStatus(r.status),
        r.done_by,
        r.reason,
        r.at,
        Disposition(r.disposition) if r.disposition else None,
    )


def ncr_step_row(ncr_id: int, s: NcrStep) -> dict[str, Any]:
    return {
        "nonconformance_id": ncr_id,
        "action": s.action.value,
        "status": s.status.value,
        "done_by": s.by,
        "reason": s.reason,
        "at": s.at,
        "disposition": s.disposition.value if s.disposition else None,
    }


def nonconformance(r: RowT, history: tuple[NcrStep, ...]) -> Nonconformance:
    return Nonconformance(
        r.id,
        r.serial,
        r.station,
        r.defect_code,
        r.description,
        r.reported_by,
        r.reported_at,
        NcrStatus(r.status),
        r.lot,
        Disposition(r.disposition) if r.disposition else None,
        history,
    )


def nonconformance_row(n: Nonconformance) -> dict[str, Any]:
    return {
        "serial": n.serial,
        "station": n.station,
        "lot": n.lot,
        "defect_code": n.defect_code,
        "description": n.description,
        "reported_by": n.reported_by,
        "reported_at": n.reported_at,
        "status": n.status.value,
        "disposition": n.disposition.value if n.disposition else None,
    }

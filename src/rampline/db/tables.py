"""The tables, as SQLAlchemy Core: rows are never domain objects (see ``mappers``).

Names follow ISA-95 where one fits. The schema itself is created and changed
only by the Alembic migrations in ``db/migrations``; this module must describe
the same schema (a test compares them).
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

ID = 200  # length of ids, serials, lot numbers

factory_models = Table(
    "factory_models",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=True),
    Column("name", String(ID), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("text", Text, nullable=False),
    Column("loaded_by", String(ID), nullable=False),
    Column("loaded_at", DateTime, nullable=False),
)

characteristics = Table(
    "characteristics",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("name", String(ID), nullable=False, default=""),
    Column("station", String(ID), nullable=False),
    Column("product", String(ID), nullable=True),
    Column("unit_of_measure", String(50), nullable=False),
    Column("lsl", Float, nullable=True),
    Column("usl", Float, nullable=True),
    Column("target", Float, nullable=True),
)

operators = Table(
    "operators",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("name", String(ID), nullable=False, default=""),
)

qualifications = Table(
    "qualifications",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("operator_id", String(ID), ForeignKey("operators.id"), nullable=False, index=True),
    Column("skill", String(ID), nullable=False),
    Column("qualified_on", Date, nullable=False),
    Column("expires", Date, nullable=True),
)

work_orders = Table(
    "work_orders",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("product", String(ID), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("due", Date, nullable=True),
    Column("created_at", DateTime, nullable=False),
)

units = Table(
    "units",
    metadata,
    Column("serial", String(ID), primary_key=True),
    Column("work_order_id", String(ID), ForeignKey("work_orders.id"), nullable=False, index=True),
    Column("product", String(ID), nullable=False),
    Column("status", String(20), nullable=False),
    Column("step", Integer, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("running_station", String(ID), nullable=True),
    Column("running_cell", Integer, nullable=True),
    Column("running_operator", String(ID), nullable=True),
    Column("running_since", DateTime, nullable=True),
    Column("finished_at", DateTime, nullable=True),
    Index("ix_units_status", "status"),
    Index("ix_units_finished_at", "finished_at"),
)

lots = Table(
    "material_lots",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("material", String(ID), nullable=False),
    Column("quantity", Float, nullable=False),
    Column("remaining", Float, nullable=False),
    Column("received_at", DateTime, nullable=False),
    Column("supplier", String(ID), nullable=False, default=""),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("station", String(ID), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("type", String(40), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("serial", String(ID), nullable=True, index=True),
    Column("payload", Text, nullable=False),
    Column("received_at", DateTime, nullable=False),
    UniqueConstraint("station", "seq", name="uq_events_station_seq"),
)

station_sequences = Table(
    "station_sequences",
    metadata,
    Column("station", String(ID), primary_key=True),
    Column("last_seq", Integer, nullable=False),
    Column("received", Integer, nullable=False),
)

operations = Table(
    "operation_records",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("serial", String(ID), ForeignKey("units.serial"), nullable=False, index=True),
    Column("station", String(ID), nullable=False),
    Column("cell", Integer, nullable=False),
    Column("operator", String(ID), nullable=True),
    Column("start", DateTime, nullable=False),
    Column("end", DateTime, nullable=False),
    Column("outcome", String(10), nullable=False),
    Column("step", Integer, nullable=False),
    Column("attempt", Integer, nullable=False),
    Column("seq", Integer, nullable=False),
    Index("ix_operation_records_station_outcome", "station", "outcome"),
)

measurements = Table(
    "measurements",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("serial", String(ID), ForeignKey("units.serial"), nullable=False, index=True),
    Column("station", String(ID), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("characteristic", String(ID), ForeignKey("characteristics.id"), nullable=False),
    Column("value", Float, nullable=False),
    Column("unit_of_measure", String(50), nullable=False),
    Column("lsl", Float, nullable=True),
    Column("usl", Float, nullable=True),
    Column("at", DateTime, nullable=False),
    Index("ix_measurements_characteristic_at", "characteristic", "at"),
)

downtime = Table(
    "downtime",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("station", String(ID), nullable=False, index=True),
    Column("seq", Integer, nullable=False),
    Column("cell", Integer, nullable=True),
    Column("start", DateTime, nullable=False),
    Column("end", DateTime, nullable=False),
    Column("reason", Text, nullable=False),
)

consumptions = Table(
    "lot_consumptions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("serial", String(ID), ForeignKey("units.serial"), nullable=False, index=True),
    Column("lot", String(ID), ForeignKey("material_lots.id"), nullable=False, index=True),
    Column("station", String(ID), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("quantity", Float, nullable=False),
    Column("at", DateTime, nullable=False),
)

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("key", String(255), primary_key=True),  # the unique constraint on the key
    Column("fingerprint", String(64), nullable=False),
    Column("status", Integer, nullable=False),
    Column("body", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False, index=True),
)

EXPORTED = (
    factory_models,
    characteristics,
    operators,
    qualifications,
    work_orders,
    units,
    lots,
    events,
    operations,
    measurements,
    downtime,
    consumptions,
)

# --- quality: control charts, alerts, nonconformance reports (migration 0002) ---

control_charts = Table(
    "control_charts",
    metadata,
    Column("characteristic", String(ID), ForeignKey("characteristics.id"), primary_key=True),
    Column("baseline", Integer, nullable=False),
    Column("rules", String(40), nullable=False),
    Column("center", Float, nullable=True),  # frozen limits, once the baseline is complete
    Column("sigma", Float, nullable=True),
    Column("frozen_at", DateTime, nullable=True),
)

alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "characteristic", String(ID), ForeignKey("characteristics.id"), nullable=False, index=True
    ),
    Column("rule", String(40), nullable=False),
    Column("panel", String(10), nullable=False),
    Column("points", Text, nullable=False),  # JSON list of 1-based chart positions
    Column("serials", Text, nullable=False),  # JSON list, one serial per point
    Column("message", Text, nullable=False),
    Column("raised_at", DateTime, nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("acknowledged_by", String(ID), nullable=True),
    Column("acknowledged_at", DateTime, nullable=True),
    Column("reason", Text, nullable=True),
)

alert_points = Table(
    "alert_points",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("alert_id", Integer, ForeignKey("alerts.id"), nullable=False, index=True),
    Column("measurement_id", Integer, ForeignKey("measurements.id"), nullable=False),
    Column("panel", String(10), nullable=False),
    Column("rule", String(40), nullable=False),
    # a point is flagged at most once per rule and panel: only new violations raise alerts
    UniqueConstraint("measurement_id", "panel", "rule", name="uq_alert_points_measurement_id"),
)

nonconformances = Table(
    "nonconformances",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("serial", String(ID), ForeignKey("units.serial"), nullable=False, index=True),
    Column("station", String(ID), nullable=False),
    Column("lot", String(ID), ForeignKey("material_lots.id"), nullable=True),
    Column("defect_code", String(ID), nullable=False, index=True),
    Column("description", Text, nullable=False),
    Column("reported_by", String(ID), nullable=False),
    Column("reported_at", DateTime, nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("disposition", String(30), nullable=True),
)

nonconformance_steps = Table(
    "nonconformance_steps",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "nonconformance_id",
        Integer,
        ForeignKey("nonconformances.id"),
        nullable=False,
        index=True,
    ),
    Column("action", String(20), nullable=False),
    Column("status", String(20), nullable=False),
    Column("done_by", String(ID), nullable=False),
    Column("reason", Text, nullable=False),
    Column("at", DateTime, nullable=False),
    Column("disposition", String(30), nullable=True),
)

"""Tracking tables: factory model versions, work orders, units, events and records.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-25 16:40:05.335962
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "characteristics",
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("station", sa.String(length=200), nullable=False),
        sa.Column("product", sa.String(length=200), nullable=True),
        sa.Column("unit_of_measure", sa.String(length=50), nullable=False),
        sa.Column("lsl", sa.Float(), nullable=True),
        sa.Column("usl", sa.Float(), nullable=True),
        sa.Column("target", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_characteristics")),
    )
    op.create_table(
        "downtime",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("station", sa.String(length=200), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("cell", sa.Integer(), nullable=True),
        sa.Column("start", sa.DateTime(), nullable=False),
        sa.Column("end", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_downtime")),
    )
    with op.batch_alter_table("downtime", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_downtime_station"), ["station"], unique=False)

    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("station", sa.String(length=200), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("serial", sa.String(length=200), nullable=True),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        sa.UniqueConstraint("station", "seq", name="uq_events_station_seq"),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_serial"), ["serial"], unique=False)

    op.create_table(
        "factory_models",
        sa.Column("version", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("loaded_by", sa.String(length=200), nullable=False),
        sa.Column("loaded_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("version", name=op.f("pk_factory_models")),
    )
    op.create_table(
        "idempotency_keys",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_idempotency_keys")),
    )
    with op.batch_alter_table("idempotency_keys", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_idempotency_keys_expires_at"), ["expires_at"], unique=False
        )

    op.create_table(
        "material_lots",
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("material", sa.String(length=200), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=False),
        sa.Column("remaining", sa.Float(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("supplier", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_material_lots")),
    )
    op.create_table(
        "operators",
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_operators")),
    )
    op.create_table(
        "station_sequences",
        sa.Column("station", sa.String(length=200), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("received", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("station", name=op.f("pk_station_sequences")),
    )
    op.create_table(
        "work_orders",
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("product", sa.String(length=200), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_orders")),
    )
    op.create_table(
        "qualifications",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("operator_id", sa.String(length=200), nullable=False),
        sa.Column("skill", sa.String(length=200), nullable=False),
        sa.Column("qualified_on", sa.Date(), nullable=False),
        sa.Column("expires", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["operators.id"], name=op.f("fk_qualifications_operator_id_operators")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qualifications")),
    )
    with op.batch_alter_table("qualifications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_qualifications_operator_id"), ["operator_id"], unique=False
        )

    op.create_table(
        "units",
        sa.Column("serial", sa.String(length=200), nullable=False),
        sa.Column("work_order_id", sa.String(length=200), nullable=False),
        sa.Column("product", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("running_station", sa.String(length=200), nullable=True),
        sa.Column("running_cell", sa.Integer(), nullable=True),
        sa.Column("running_operator", sa.String(length=200), nullable=True),
        sa.Column("running_since", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["work_order_id"], ["work_orders.id"], name=op.f("fk_units_work_order_id_work_orders")
        ),
        sa.PrimaryKeyConstraint("serial", name=op.f("pk_units")),
    )
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.create_index("ix_units_finished_at", ["finished_at"], unique=False)
        batch_op.create_index("ix_units_status", ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_units_work_order_id"), ["work_order_id"], unique=False)

    op.create_table(
        "lot_consumptions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("serial", sa.String(length=200), nullable=False),
        sa.Column("lot", sa.String(length=200), nullable=False),
        sa.Column("station", sa.String(length=200), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["lot"], ["material_lots.id"], name=op.f("fk_lot_consumptions_lot_material_lots")
        ),
        sa.ForeignKeyConstraint(
            ["serial"], ["units.serial"], name=op.f("fk_lot_consumptions_serial_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lot_consumptions")),
    )
    with op.batch_alter_table("lot_consumptions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lot_consumptions_lot"), ["lot"], unique=False)
        batch_op.create_index(batch_op.f("ix_lot_consumptions_serial"), ["serial"], unique=False)

    op.create_table(
        "measurements",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("serial", sa.String(length=200), nullable=False),
        sa.Column("station", sa.String(length=200), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("characteristic", sa.String(length=200), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit_of_measure", sa.String(length=50), nullable=False),
        sa.Column("lsl", sa.Float(), nullable=True),
        sa.Column("usl", sa.Float(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["characteristic"],
            ["characteristics.id"],
            name=op.f("fk_measurements_characteristic_characteristics"),
        ),
        sa.ForeignKeyConstraint(
            ["serial"], ["units.serial"], name=op.f("fk_measurements_serial_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measurements")),
    )
    with op.batch_alter_table("measurements", schema=None) as batch_op:
        batch_op.create_index(
            "ix_measurements_characteristic_at", ["characteristic", "at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_measurements_serial"), ["serial"], unique=False)

    op.create_table(
        "operation_records",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("serial", sa.String(length=200), nullable=False),
        sa.Column("station", sa.String(length=200), nullable=False),
        sa.Column("cell", sa.Integer(), nullable=False),
        sa.Column("operator", sa.String(length=200), nullable=True),
        sa.Column("start", sa.DateTime(), nullable=False),
        sa.Column("end", sa.DateTime(), nullable=False),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["serial"], ["units.serial"], name=op.f("fk_operation_records_serial_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_operation_records")),
    )
    with op.batch_alter_table("operation_records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_operation_records_serial"), ["serial"], unique=False)
        batch_op.create_index(
            "ix_operation_records_station_outcome", ["station", "outcome"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("operation_records", schema=None) as batch_op:
        batch_op.drop_index("ix_operation_records_station_outcome")
        batch_op.drop_index(batch_op.f("ix_operation_records_serial"))

    op.drop_table("operation_records")
    with op.batch_alter_table("measurements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_measurements_serial"))
        batch_op.drop_index("ix_measurements_characteristic_at")

    op.drop_table("measurements")
    with op.batch_alter_table("lot_consumptions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lot_consumptions_serial"))
        batch_op.drop_index(batch_op.f("ix_lot_consumptions_lot"))

    op.drop_table("lot_consumptions")
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_units_work_order_id"))
        batch_op.drop_index("ix_units_status")
        batch_op.drop_index("ix_units_finished_at")

    op.drop_table("units")
    with op.batch_alter_table("qualifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_qualifications_operator_id"))

    op.drop_table("qualifications")
    op.drop_table("work_orders")
    op.drop_table("station_sequences")
    op.drop_table("operators")
    op.drop_table("material_lots")
    with op.batch_alter_table("idempotency_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_idempotency_keys_expires_at"))

    op.drop_table("idempotency_keys")
    op.drop_table("factory_models")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_serial"))

    op.drop_table("events")
    with op.batch_alter_table("downtime", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_downtime_station"))

    op.drop_table("downtime")
    op.drop_table("characteristics")

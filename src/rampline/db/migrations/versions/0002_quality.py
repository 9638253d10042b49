"""Quality: control charts with frozen limits, run-rule alerts, nonconformance reports.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 16:55:49.874670
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("characteristic", sa.String(length=200), nullable=False),
        sa.Column("rule", sa.String(length=40), nullable=False),
        sa.Column("panel", sa.String(length=10), nullable=False),
        sa.Column("points", sa.Text(), nullable=False),
        sa.Column("serials", sa.Text(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("raised_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("acknowledged_by", sa.String(length=200), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["characteristic"],
            ["characteristics.id"],
            name=op.f("fk_alerts_characteristic_characteristics"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alerts")),
    )
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_alerts_characteristic"), ["characteristic"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_alerts_status"), ["status"], unique=False)

    op.create_table(
        "control_charts",
        sa.Column("characteristic", sa.String(length=200), nullable=False),
        sa.Column("baseline", sa.Integer(), nullable=False),
        sa.Column("rules", sa.String(length=40), nullable=False),
        sa.Column("center", sa.Float(), nullable=True),
        sa.Column("sigma", sa.Float(), nullable=True),
        sa.Column("frozen_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["characteristic"],
            ["characteristics.id"],
            name=op.f("fk_control_charts_characteristic_characteristics"),
        ),
        sa.PrimaryKeyConstraint("characteristic", name=op.f("pk_control_charts")),
    )
    op.create_table(
        "nonconformances",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("serial", sa.String(length=200), nullable=False),
        sa.Column("station", sa.String(length=200), nullable=False),
        sa.Column("lot", sa.String(length=200), nullable=True),
        sa.Column("defect_code", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("reported_by", sa.String(length=200), nullable=False),
        sa.Column("reported_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("disposition", sa.String(length=30), nullable=True),
        sa.ForeignKeyConstraint(
            ["lot"], ["material_lots.id"], name=op.f("fk_nonconformances_lot_material_lots")
        ),
        sa.ForeignKeyConstraint(
            ["serial"], ["units.serial"], name=op.f("fk_nonconformances_serial_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nonconformances")),
    )
    with op.batch_alter_table("nonconformances", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_nonconformances_defect_code"), ["defect_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_nonconformances_serial"), ["serial"], unique=False)
        batch_op.create_index(batch_op.f("ix_nonconformances_status"), ["status"], unique=False)

    op.create_table(
        "alert_points",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("measurement_id", sa.Integer(), nullable=False),
        sa.Column("panel", sa.String(length=10), nullable=False),
        sa.Column("rule", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["alert_id"], ["alerts.id"], name=op.f("fk_alert_points_alert_id_alerts")
        ),
        sa.ForeignKeyConstraint(
            ["measurement_id"],
            ["measurements.id"],
            name=op.f("fk_alert_points_measurement_id_measurements"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_points")),
        sa.UniqueConstraint(
            "measurement_id", "panel", "rule", name="uq_alert_points_measurement_id"
        ),
    )
    with op.batch_alter_table("alert_points", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alert_points_alert_id"), ["alert_id"], unique=False)

    op.create_table(
        "nonconformance_steps",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("nonconformance_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("done_by", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("disposition", sa.String(length=30), nullable=True),
        sa.ForeignKeyConstraint(
            ["nonconformance_id"],
            ["nonconformances.id"],
            name=op.f("fk_nonconformance_steps_nonconformance_id_nonconformances"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nonconformance_steps")),
    )
    with op.batch_alter_table("nonconformance_steps", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_nonconformance_steps_nonconformance_id"),
            ["nonconformance_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("nonconformance_steps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_nonconformance_steps_nonconformance_id"))

    op.drop_table("nonconformance_steps")
    with op.batch_alter_table("alert_points", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alert_points_alert_id"))

    op.drop_table("alert_points")
    with op.batch_alter_table("nonconformances", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_nonconformances_status"))
        batch_op.drop_index(batch_op.f("ix_nonconformances_serial"))
        batch_op.drop_index(batch_op.f("ix_nonconformances_defect_code"))

    op.drop_table("nonconformances")
    op.drop_table("control_charts")
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alerts_status"))
        batch_op.drop_index(batch_op.f("ix_alerts_characteristic"))

    op.drop_table("alerts")

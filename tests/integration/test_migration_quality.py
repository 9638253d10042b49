"""Migration 0002 (quality tables): upgrade from 0001 keeps the data, downgrade drops only its tables."""

from __future__ import annotations

from datetime import datetime

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import insert, inspect, select

from rampline.db import tables as t
from rampline.db.engine import make_engine
from rampline.db.migrate import current_revision, downgrade, upgrade

QUALITY = {"control_charts", "alerts", "alert_points", "nonconformances", "nonconformance_steps"}


def test_0002_upgrades_from_0001_and_downgrades_back(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        upgrade(engine, "0001")
        assert current_revision(engine) == "0001"
        assert not QUALITY & set(inspect(engine).get_table_names())
        with engine.begin() as conn:
            conn.execute(
                insert(t.characteristics).values(
                    id="hover-current", name="", station="flight-test", unit_of_measure="A"
                )
            )
        upgrade(engine)
        assert current_revision(engine) == "0002"
        assert set(inspect(engine).get_table_names()) >= QUALITY
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), t.metadata) == []
        with engine.begin() as conn:
            conn.execute(
                insert(t.control_charts).values(
                    characteristic="hover-current", baseline=20, rules="nelson"
                )
            )
            alert = {
                "characteristic": "hover-current", "rule": "nelson-1", "panel": "x",
                "points": "[21]", "serials": '["S21"]', "message": "m",
                "raised_at": datetime(2026, 1, 6), "status": "open",
            }  # fmt: skip
            conn.execute(insert(t.alerts).values(**alert))
        downgrade(engine, "0001")
        assert current_revision(engine) == "0001"
        assert not QUALITY & set(inspect(engine).get_table_names())
        with engine.connect() as conn:
            kept = conn.execute(select(t.characteristics.c.id)).scalars().all()
        assert kept == ["hover-current"]
        upgrade(engine)
        downgrade(engine)
        assert current_revision(engine) is None
    finally:
        engine.dispose()

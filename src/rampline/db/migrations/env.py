"""Alembic environment: runs on the connection ``rampline.db.migrate`` hands over.

From the ``alembic`` command line, give the URL with ``-x db=URL`` or
``RAMPLINE_DB``.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from rampline.config import database_url
from rampline.db.engine import make_engine
from rampline.db.tables import metadata

config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    engine = make_engine(database_url(context.get_x_argument(as_dictionary=True).get("db")))
    with engine.connect() as conn:
        _run(conn)
        conn.commit()
    engine.dispose()

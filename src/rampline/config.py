"""Settings: the one place that reads the environment.

The database is a URL: ``--db`` on the command line wins, then the
``RAMPLINE_DB`` environment variable, then a SQLite file ``rampline.sqlite``
in the current folder. A bare path (``line.sqlite``) is taken as a SQLite file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta

DEFAULT_DB = "sqlite:///rampline.sqlite"


def database_url(value: str | None) -> str:
    """A URL from ``--db``, ``RAMPLINE_DB`` or the default; a plain path means SQLite."""
    url = value or os.environ.get("RAMPLINE_DB") or DEFAULT_DB
    if "://" not in url:
        url = f"sqlite:///{url}"
    return url


@dataclass(frozen=True)
class Settings:
    db_url: str = DEFAULT_DB
    host: str = "127.0.0.1"
    port: int = 8000
    # How long a stored Idempotency-Key answers retries (see docs/tracking.md).
    idempotency_ttl: timedelta = timedelta(hours=24)

    @classmethod
    def from_env(
        cls, db: str | None = None, host: str | None = None, port: int | None = None
    ) -> Settings:
        ttl_hours = float(os.environ.get("RAMPLINE_IDEMPOTENCY_TTL_HOURS", "24"))
        return cls(
            db_url=database_url(db),
            host=host or os.environ.get("RAMPLINE_HOST", "127.0.0.1"),
            port=port if port is not None else int(os.environ.get("RAMPLINE_PORT", "8000")),
            idempotency_ttl=timedelta(hours=ttl_hours),
        )

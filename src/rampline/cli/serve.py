"""``rampline serve``: the tracking API under uvicorn."""

from __future__ import annotations

import typer

from rampline.cli.app import app


@app.command("serve")
def serve(
    db: str | None = typer.Option(
        None,
        "--db",
        help="database URL or SQLite file (default: $RAMPLINE_DB, else rampline.sqlite)",
    ),
    host: str = typer.Option("127.0.0.1", "--host", help="address to listen on"),
    port: int = typer.Option(8000, "--port", help="port to listen on"),
) -> None:
    """Serve the tracking API (OpenAPI at /openapi.json, docs at /docs)."""
    import os

    import uvicorn

    from rampline.config import Settings

    settings = Settings.from_env(db=db, host=host, port=port)
    # cli and api are sibling layers: uvicorn imports the app by name and
    # ``app_from_env`` reads the same settings back from the environment.
    os.environ["RAMPLINE_DB"] = settings.db_url
    uvicorn.run(
        "rampline.api.app:app_from_env",
        factory=True,
        host=settings.host,
        port=settings.port,
        log_level="warning",
        access_log=False,
        ws="none",
    )

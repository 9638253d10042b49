"""``create_app(settings)``: the FastAPI application, engine built here and not at import."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from rampline import __version__
from rampline.api import errors
from rampline.api.routes import (
    alerts,
    characteristics,
    control_charts,
    events,
    factory_models,
    lots,
    nonconformances,
    operators,
    reports,
    units,
    work_orders,
)
from rampline.bootstrap import build
from rampline.config import Settings


def create_app(settings: Settings) -> FastAPI:
    tracking = build(settings)
    tracking.purge_expired_keys()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        tracking.close()

    app = FastAPI(
        title="Rampline tracking",
        version=__version__,
        lifespan=lifespan,
        description="Record what the line does: station events with "
        "Idempotency-Key, genealogy, WIP, output and yields.",
    )
    app.state.tracking = tracking
    errors.install(app)
    for module in (
        events,
        factory_models,
        characteristics,
        operators,
        work_orders,
        units,
        lots,
        reports,
        control_charts,
        alerts,
        nonconformances,
    ):
        app.include_router(module.router)

    @app.get("/health", tags=["health"])
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app


def app_from_env() -> FastAPI:
    """For ``uvicorn --factory rampline.api.app:app_from_env``: settings from the environment."""
    return create_app(Settings.from_env())

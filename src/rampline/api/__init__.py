"""The HTTP API (FastAPI): ``create_app(settings)`` builds it, one router per resource."""

from rampline.api.app import create_app

__all__ = ["create_app"]

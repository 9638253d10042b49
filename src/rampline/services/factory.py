"""The factory model that events are checked against: the latest one loaded."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from rampline.domain.factory import Factory
from rampline.domain.tracking import FactoryModel
from rampline.errors import ConflictError, UnknownReferenceError
from rampline.factoryfile import parse_factory
from rampline.services.ports import Transaction


@lru_cache(maxsize=8)
def _parse(sha256: str, text: str) -> Factory:
    return parse_factory(text, "<factory model>").base


def factory_of(model: FactoryModel) -> Factory:
    return _parse(model.sha256, model.text)


def unknown_station(
    station: str, known: Iterable[str], field: str = "station"
) -> UnknownReferenceError:
    """The error for a station the factory model does not have, naming those it has."""
    return UnknownReferenceError(
        f"unknown station '{station}' (the factory model has: {', '.join(known)})", field
    )


def current_factory(tx: Transaction) -> Factory:
    model = tx.factory_models.current()
    if model is None:
        raise ConflictError(
            "no factory model is loaded yet: POST the factory file to /factory-models first",
            "factory_model",
        )
    return factory_of(model)

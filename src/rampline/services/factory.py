"""The factory model that events are checked against: the latest one loaded."""

from __future__ import annotations

from functools import lru_cache

from rampline.domain.factory import Factory
from rampline.domain.tracking import FactoryModel
from rampline.errors import ConflictError
from rampline.factoryfile import parse_factory
from rampline.services.ports import Transaction


@lru_cache(maxsize=8)
def _parse(sha256: str, text: str) -> Factory:
    return parse_factory(text, "<factory model>").base


def factory_of(model: FactoryModel) -> Factory:
    return _parse(model.sha256, model.text)


def current_factory(tx: Transaction) -> Factory:
    model = tx.factory_models.current()
    if model is None:
        raise ConflictError(
            "no factory model is loaded yet: POST the factory file to /factory-models first",
            "factory_model",
        )
    return factory_of(model)

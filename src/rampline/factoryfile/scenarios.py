"""Scenarios: the base document with each ``set`` path replaced and the
``outages`` added, then read and checked like the base file. Every problem
found names the scenario."""

from __future__ import annotations

import copy
from dataclasses import replace

from rampline.domain.factory import Factory
from rampline.errors import Problem
from rampline.factoryfile.document import Document, Path, apply_set, split_set_path
from rampline.factoryfile.reader import Reader
from rampline.factoryfile.routing import read_outages
from rampline.factoryfile.schema import read_factory
from rampline.factoryfile.semantics import check_factory


def read_scenario(
    doc: Document, file: str, name: str, body: object
) -> tuple[Factory | None, list[Problem]]:
    """The scenario's model (None if it has errors) and its problems."""
    sdoc = copy.deepcopy(doc)
    reader = Reader(sdoc, file, name)
    spath: Path = ("scenarios", name)
    if body is None:
        body = {}
    if not isinstance(body, dict):
        reader.problem(spath, "a scenario must be a mapping with description, set and outages")
        return None, reader.problems
    reader.keys(body, spath, ("description", "set", "outages"))
    description = reader.text(body, spath, "description")
    sets = body.get("set") or {}
    if not isinstance(sets, dict):
        reader.problem((*spath, "set"), "set must map dotted paths to values")
        sets = {}
    for key, value in sets.items():
        error = apply_set(sdoc, split_set_path(key), value, (*spath, "set", key))
        if error:
            reader.problem((*spath, "set", key), f"cannot set '{key}': {error}")
    if not reader.ok:
        return None, reader.problems
    factory = read_factory(reader)
    if factory is None:
        return None, reader.problems
    outages = []
    if body.get("outages") is not None:
        ids = [s.id for s in factory.stations]
        outages = read_outages(reader, body["outages"], (*spath, "outages"), ids)
    factory = replace(factory, outages=tuple(outages), scenario=name, description=description)
    check_factory(reader, factory)
    if not reader.ok:
        return None, reader.problems
    return factory, reader.problems

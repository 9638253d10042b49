"""Master data: factory model versions, characteristics, operators, work orders, lots.

Each use case checks names against the current factory model (an unknown
product, skill, station or material is a 422) and refuses an id that exists
already (409).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

from rampline.domain.people import Skill
from rampline.domain.tracking import (
    Characteristic,
    FactoryModel,
    Lot,
    Operator,
    Qualification,
    Unit,
    WorkOrder,
)
from rampline.errors import ConflictError, InputError, NotFoundError, UnknownReferenceError
from rampline.factoryfile import parse_factory
from rampline.services.factory import current_factory, unknown_station
from rampline.services.ports import Clock, Transaction, UnitOfWork


def load_factory_model(uow: UnitOfWork, text: str, loaded_by: str, clock: Clock) -> FactoryModel:
    """Record a new version of the factory file (it must load without errors)."""
    factory = parse_factory(text, "<factory model>").base
    digest = hashlib.sha256(text.encode()).hexdigest()
    with uow.write() as tx:
        model = tx.factory_models.add(factory.name, digest, text, loaded_by, clock.now())
        tx.events.ensure_stations(s.id for s in factory.stations)
        tx.commit()
    return model


def add_characteristic(uow: UnitOfWork, c: Characteristic) -> Characteristic:
    if c.lsl is not None and c.usl is not None and c.lsl > c.usl:
        raise InputError(f"the lower spec limit {c.lsl:g} is above the upper {c.usl:g}", "lsl")
    with uow.write() as tx:
        factory = current_factory(tx)
        known = [s.id for s in factory.stations]
        if c.station not in known:
            raise unknown_station(c.station, known)
        if c.product is not None and c.product not in factory.products:
            raise UnknownReferenceError(f"unknown product '{c.product}'", "product")
        if tx.characteristics.get_many([c.id]):
            raise ConflictError(f"characteristic '{c.id}' exists already", "id")
        tx.characteristics.add(c)
        tx.commit()
    return c


def add_operator(uow: UnitOfWork, operator: Operator) -> Operator:
    with uow.write() as tx:
        factory = current_factory(tx)
        for i, q in enumerate(operator.qualifications):
            _check_skill(factory.people, q, f"qualifications[{i}]")
        if tx.operators.get(operator.id) is not None:
            raise ConflictError(f"operator '{operator.id}' exists already", "id")
        tx.operators.add(operator)
        tx.commit()
    return operator


def add_qualification(uow: UnitOfWork, operator_id: str, q: Qualification) -> Operator:
    with uow.write() as tx:
        _check_skill(current_factory(tx).people, q, "")
        if tx.operators.get(operator_id) is None:
            raise NotFoundError(f"no operator '{operator_id}'")
        tx.operators.add_qualification(operator_id, q)
        found = tx.operators.get(operator_id)
        tx.commit()
    assert found is not None
    return found


def _check_skill(skills: Mapping[str, Skill], q: Qualification, where: str) -> None:
    prefix = f"{where}." if where else ""
    if q.skill not in skills:
        raise UnknownReferenceError(f"unknown skill '{q.skill}'", f"{prefix}skill")
    if q.expires is not None and q.expires <= q.qualified_on:
        raise InputError("a qualification must expire after it is granted", f"{prefix}expires")


def add_work_order(
    uow: UnitOfWork, order: WorkOrder, serials: Sequence[str], clock: Clock
) -> WorkOrder:
    with uow.write() as tx:
        factory = current_factory(tx)
        if order.product not in factory.products:
            raise UnknownReferenceError(f"unknown product '{order.product}'", "product")
        if tx.work_orders.get(order.id) is not None:
            raise ConflictError(f"work order '{order.id}' exists already", "id")
        stamped = WorkOrder(order.id, order.product, order.quantity, order.due, clock.now())
        tx.work_orders.add(stamped)
        _add_units(tx, stamped, serials)
        tx.commit()
    return stamped


def add_units(uow: UnitOfWork, order_id: str, serials: Sequence[str]) -> list[Unit]:
    with uow.write() as tx:
        order = tx.work_orders.get(order_id)
        if order is None:
            raise NotFoundError(f"no work order '{order_id}'")
        units = _add_units(tx, order, serials)
        tx.commit()
    return units


def _add_units(t: Transaction, order: WorkOrder, serials: Sequence[str]) -> list[Unit]:
    if len(set(serials)) != len(serials):
        raise InputError("a serial is listed twice", "serials")
    taken = t.units.existing(serials)
    if taken:
        raise ConflictError(f"serial '{sorted(taken)[0]}' exists already", "serials")
    if t.work_orders.count_units(order.id) + len(serials) > order.quantity:
        raise ConflictError(f"work order '{order.id}' is for {order.quantity} units", "serials")
    units = [Unit(s, order.id, order.product) for s in serials]
    t.units.add_many(units)
    return units


def receive_lot(uow: UnitOfWork, lot: Lot) -> Lot:
    with uow.write() as tx:
        factory = current_factory(tx)
        if lot.material not in factory.materials:
            raise UnknownReferenceError(f"unknown material '{lot.material}'", "material")
        if tx.lots.get_many([lot.id]):
            raise ConflictError(f"lot '{lot.id}' exists already", "lot")
        tx.lots.add(lot)
        tx.commit()
    return lot

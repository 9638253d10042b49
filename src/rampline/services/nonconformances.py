"""Nonconformance reports (NCRs): open, disposition, close, each by a named person with a reason.

The allowed steps are decided by :func:`rampline.domain.quality.after`; this
module checks the references (the unit, the station in the current factory
model, the lot), stores the report and every step of its history, and turns
a step the state does not allow into a 409 that names the state.
"""

from __future__ import annotations

from dataclasses import replace

from rampline import spc
from rampline.domain.quality import (
    Disposition,
    IllegalTransition,
    NcrAction,
    NcrStatus,
    NcrStep,
    Nonconformance,
    after,
)
from rampline.errors import ConflictError, NotFoundError, UnknownReferenceError
from rampline.services.factory import current_factory, unknown_station
from rampline.services.ports import Clock, Transaction, UnitOfWork


def report(
    uow: UnitOfWork,
    *,
    serial: str,
    station: str,
    defect_code: str,
    description: str,
    reported_by: str,
    clock: Clock,
    lot: str | None = None,
) -> Nonconformance:
    """Open an NCR on unit ``serial`` at ``station`` (and ``lot``, if the material is suspect)."""
    with uow.write() as tx:
        known = [s.id for s in current_factory(tx).stations]
        if station not in known:
            raise unknown_station(station, known)
        if not tx.units.existing([serial]):
            raise UnknownReferenceError(f"unknown serial '{serial}'", "serial")
        if lot is not None and not tx.lots.get_many([lot]):
            raise UnknownReferenceError(f"unknown lot '{lot}'", "lot")
        now = clock.now()
        status = after(None, NcrAction.OPEN)
        step = NcrStep(NcrAction.OPEN, status, reported_by, description, now)
        ncr = Nonconformance(
            0, serial, station, defect_code, description, reported_by, now, status, lot,
            history=(step,),
        )  # fmt: skip
        stored = tx.nonconformances.add(ncr)
        tx.commit()
    return stored


def disposition(
    uow: UnitOfWork, ncr_id: int, what: Disposition, by: str, reason: str, clock: Clock
) -> Nonconformance:
    """Decide what happens to the unit: rework, scrap, use as is, return to supplier."""
    return _step(uow, ncr_id, NcrAction.DISPOSITION, by, reason, clock, what)


def close(uow: UnitOfWork, ncr_id: int, by: str, reason: str, clock: Clock) -> Nonconformance:
    """Close a dispositioned NCR (the disposition has been carried out)."""
    return _step(uow, ncr_id, NcrAction.CLOSE, by, reason, clock)


def _step(
    uow: UnitOfWork,
    ncr_id: int,
    action: NcrAction,
    by: str,
    reason: str,
    clock: Clock,
    what: Disposition | None = None,
) -> Nonconformance:
    with uow.write() as tx:
        ncr = _get(tx, ncr_id, lock=True)
        try:
            status = after(ncr.status, action)
        except IllegalTransition as exc:
            message = f"NCR {ncr_id} cannot be {_done(action)}: {exc}"
            raise ConflictError(message, "status") from None
        step = NcrStep(action, status, by, reason, clock.now(), what)
        changed = replace(
            ncr,
            status=status,
            disposition=what if what is not None else ncr.disposition,
            history=(*ncr.history, step),
        )
        tx.nonconformances.update(changed, step)
        tx.commit()
    return changed


def _done(action: NcrAction) -> str:
    return {NcrAction.DISPOSITION: "dispositioned", NcrAction.CLOSE: "closed"}.get(action, "opened")


def _get(tx: Transaction, ncr_id: int, *, lock: bool = False) -> Nonconformance:
    found = tx.nonconformances.get(ncr_id, lock=lock)
    if found is None:
        raise NotFoundError(f"no nonconformance report {ncr_id}")
    return found


def get(uow: UnitOfWork, ncr_id: int) -> Nonconformance:
    with uow.read() as tx:
        return _get(tx, ncr_id)


def all_reports(uow: UnitOfWork, status: NcrStatus | None = None) -> list[Nonconformance]:
    with uow.read() as tx:
        return tx.nonconformances.all(status)


def defect_pareto(uow: UnitOfWork, status: NcrStatus | None = None) -> tuple[spc.ParetoBar, ...]:
    """Defect codes of the NCRs by falling count, with shares and the cumulative share."""
    with uow.read() as tx:
        counts = tx.nonconformances.defect_counts(status)
    return spc.pareto(counts)

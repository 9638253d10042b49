"""Error codes to HTTP statuses: the one place that decides them.

Every error body has the same shape (:class:`~rampline.api.schemas.reads.ErrorPublic`):
a stable ``code``, a ``message``, the ``field`` at fault, and for a rejected
batch every ``problems`` entry with its index in the batch.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from rampline.errors import (
    ConflictError,
    FactoryFileError,
    IdempotencyError,
    InputError,
    NotFoundError,
    RamplineError,
    RejectedEventsError,
)

# pydantic puts the discriminator's value in the location of a union member's error
_EVENT_TYPES = {"operation.start", "operation.end", "measurement", "downtime", "material.consumed"}


def status_of(exc: RamplineError) -> int:
    if isinstance(exc, RejectedEventsError):
        return status_of(exc.problems[0][1])
    if isinstance(exc, IdempotencyError):
        return exc.status
    if isinstance(exc, ConflictError):
        return 409
    if isinstance(exc, InputError | FactoryFileError):
        return 422
    if isinstance(exc, NotFoundError):
        return 404
    return 400


def body_of(exc: RamplineError) -> dict[str, Any]:
    if isinstance(exc, RejectedEventsError):
        problems = [
            {"index": i, "code": e.code, "field": f"events[{i}].{e.field}", "message": e.message}
            for i, e in exc.problems
        ]
        return {
            "code": exc.code,
            "message": problems[0]["message"],
            "field": problems[0]["field"],
            "problems": problems,
        }
    if isinstance(exc, FactoryFileError):
        problems = [
            {"code": exc.code, "field": p.path, "message": str(p)}
            for p in exc.problems
            if p.severity == "error"
        ]
        return {
            "code": exc.code,
            "message": str(exc).splitlines()[0] if problems else "",
            "field": "text",
            "problems": problems,
        }
    if isinstance(exc, IdempotencyError):
        return {"code": exc.code, "message": str(exc), "field": "Idempotency-Key", "problems": []}
    return {
        "code": exc.code,
        "message": str(exc),
        "field": getattr(exc, "field", ""),
        "problems": [],
    }


def _on_rampline_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RamplineError)
    return JSONResponse(body_of(exc), status_code=status_of(exc))


def _on_validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = []
    for err in exc.errors():
        loc = [str(x) for x in err.get("loc", ()) if x != "body" and x not in _EVENT_TYPES]
        field = ""
        for part in loc:
            field += f"[{part}]" if part.isdigit() else (f".{part}" if field else part)
        problems.append({"code": "bad-input", "field": field, "message": err.get("msg", "")})
    first = problems[0] if problems else {"field": "", "message": "invalid request"}
    return JSONResponse(
        {
            "code": "bad-input",
            "message": f"{first['field']}: {first['message']}",
            "field": first["field"],
            "problems": problems,
        },
        status_code=422,
    )


def install(app: FastAPI) -> None:
    app.add_exception_handler(RamplineError, _on_rampline_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)

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
from starlette.exceptions import HTTPException as StarletteHTTPException

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


def _where(err: dict[str, Any]) -> tuple[str, int | None]:
    """The dotted field of one pydantic error (``events[0].seq``; ``body`` for a
    body that is not JSON or not an object; the discriminator, ``type``, for an
    event whose type is missing or unknown) and, in a batch, its event's index."""
    loc = [x for x in err.get("loc", ()) if x != "body"]
    index = loc[1] if len(loc) > 1 and loc[0] == "events" and isinstance(loc[1], int) else None
    if err.get("type") == "json_invalid":
        return "body", None
    parts = [str(x) for x in loc if x not in _EVENT_TYPES]
    if err.get("type") in ("union_tag_invalid", "union_tag_not_found"):
        parts.append(str(err.get("ctx", {}).get("discriminator", "type")).strip("'"))
    field = ""
    for part in parts:
        field += f"[{part}]" if part.isdigit() else (f".{part}" if field else part)
    return field or "body", index


def _on_validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = []
    for err in exc.errors():
        field, index = _where(err)
        problem: dict[str, Any] = {"code": "bad-input", "field": field}
        problem["message"] = err.get("msg", "")
        if index is not None:
            problem["index"] = index  # a batch's event, as for the rules' problems
        problems.append(problem)
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


_HTTP_CODES = {400: "bad-input", 404: "not-found", 405: "method-not-allowed"}


def _on_http_error(_request: Request, exc: Exception) -> JSONResponse:
    """FastAPI's and Starlette's own errors (a body that cannot be read, an
    unknown path, a method not allowed) in the same shape as ours."""
    assert isinstance(exc, StarletteHTTPException)
    return JSONResponse(
        {
            "code": _HTTP_CODES.get(exc.status_code, "http-error"),
            "message": str(exc.detail),
            "field": "body" if exc.status_code == 400 else "",
            "problems": [],
        },
        status_code=exc.status_code,
        headers=exc.headers,
    )


def install(app: FastAPI) -> None:
    app.add_exception_handler(RamplineError, _on_rampline_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)

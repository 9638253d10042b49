"""One error tree with stable codes.

Every error Rampline raises on purpose derives from :class:`RamplineError` and
carries a stable ``code``. The CLI maps codes to exit statuses and the API to
HTTP statuses, each in one place::

    RamplineError                      code
    ├── FactoryFileError               factory-file        (exit 2)
    ├── ScenarioError                  unknown-scenario    (exit 2)
    ├── InputError                     bad-input           (exit 2; HTTP 422)
    │   ├── UnknownReferenceError      unknown-reference   (HTTP 422)
    │   ├── CsvFormatError             csv-format          (exit 2)
    │   └── RejectedEventsError        rejected-events     (exit 2; HTTP: its first problem's)
    ├── ConflictError                  conflict            (HTTP 409)
    ├── IdempotencyError               idempotency         (HTTP 400/409/422)
    └── NotFoundError                  not-found           (HTTP 404)
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is and what is wrong, in plain words."""

    message: str
    path: str = ""
    line: int | None = None
    file: str = ""
    scenario: str | None = None
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.line is not None:
            where += f":{self.line}"
        parts = [where]
        if self.scenario:
            parts.append(f"scenario '{self.scenario}'")
        if self.path:
            parts.append(self.path)
        return f"{': '.join(parts)}: {self.severity}: {self.message}"


class RamplineError(Exception):
    """Base of every error Rampline raises on purpose."""

    code = "rampline"


class InputError(RamplineError):
    """Input that breaks a rule; ``field`` names the offending field."""

    code = "bad-input"

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class UnknownReferenceError(InputError):
    """A reference to a station, product, skill, serial... that does not exist."""

    code = "unknown-reference"


class CsvFormatError(InputError):
    """A CSV file that cannot be read as asked."""

    code = "csv-format"


class ConflictError(InputError):
    """Input that is well-formed but conflicts with the state of the line."""

    code = "conflict"


class IdempotencyError(RamplineError):
    """A misuse of the Idempotency-Key header; ``status`` is the HTTP status."""

    code = "idempotency"

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class NotFoundError(RamplineError):
    """Something asked for by id that is not there."""

    code = "not-found"


@dataclass
class FactoryFileError(RamplineError):
    """A factory file with errors; ``problems`` holds all of them, in file order."""

    problems: list[Problem] = field(default_factory=list)
    code = "factory-file"

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        errors = [p for p in self.problems if p.severity == "error"]
        return "\n".join(str(p) for p in errors)


class ScenarioError(RamplineError):
    """A scenario name that the factory file does not define."""

    code = "unknown-scenario"


class RejectedEventsError(InputError):
    """Station events that break rules; nothing of them was stored.

    ``problems`` holds ``(index, error)`` for each rejected event, in input
    order; ``message`` and ``field`` are those of the first.
    """

    code = "rejected-events"

    def __init__(self, problems: list[tuple[int, InputError]]) -> None:
        first = problems[0][1]
        super().__init__(first.message, first.field)
        self.problems = problems

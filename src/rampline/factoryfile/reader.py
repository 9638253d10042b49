"""The :class:`Reader`: walks the plain document and collects every problem
with its file, line and dotted path, instead of stopping at the first one."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from rampline.domain.distributions import Distribution, Exponential, Fixed, is_fixed
from rampline.errors import Problem
from rampline.factoryfile import values
from rampline.factoryfile.document import Document, Path, format_path

T = TypeVar("T")


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` for the nearest of ``choices``, or ``""``."""
    close = difflib.get_close_matches(str(name), [str(c) for c in choices], n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


class Reader:
    """Reads one document (the base file or a scenario's version of it)."""

    def __init__(self, doc: Document, file: str, scenario: str | None = None) -> None:
        self.doc = doc
        self.file = file
        self.scenario = scenario
        self.problems: list[Problem] = []

    # -- reporting -------------------------------------------------------
    def problem(self, path: Path, message: str, severity: str = "error") -> None:
        self.problems.append(
            Problem(
                message, format_path(path), self.doc.line(path), self.file, self.scenario, severity
            )
        )

    def warn(self, path: Path, message: str) -> None:
        self.problem(path, message, "warning")

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    # -- structure -------------------------------------------------------
    def mapping(self, value: Any, path: Path, what: str) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        self.problem(path, f"{what} must be a mapping of keys to values, got {values.show(value)}")
        return None

    def keys(
        self,
        value: dict[str, Any],
        path: Path,
        allowed: Iterable[str],
        required: Iterable[str] = (),
    ) -> None:
        """Unknown keys (with the nearest allowed one) and missing required keys."""
        allowed = tuple(allowed)
        for key in value:
            if key not in allowed:
                self.problem((*path, key), f"unknown key '{key}'{did_you_mean(key, allowed)}")
        for key in required:
            if key not in value:
                where = format_path(path) or "the file"
                self.problem(path, f"missing required key '{key}' in {where}")

    def convert(self, value: Any, path: Path, parser: Callable[[Any], T]) -> T | None:
        try:
            return parser(value)
        except ValueError as exc:
            self.problem(path, str(exc))
            return None

    def optional(
        self, body: dict[str, Any], path: Path, key: str, parser: Callable[[Any], T]
    ) -> T | None:
        """``parser(body[key])`` if the key is there, else None (problems collected)."""
        if key not in body:
            return None
        return self.convert(body[key], (*path, key), parser)

    def whole(self, body: dict[str, Any], path: Path, key: str, *, minimum: int) -> int | None:
        return self.optional(body, path, key, lambda v: values.whole(v, minimum=minimum, what=key))

    def number(self, body: dict[str, Any], path: Path, key: str) -> float | None:
        """A positive number such as ``rota`` or a shift's ``hours``."""
        return self.optional(body, path, key, lambda v: values.number(v, what=key))

    def text(self, body: dict[str, Any], path: Path, key: str) -> str:
        value = body.get(key, "")
        if value is None:
            return ""
        if not isinstance(value, str):
            self.problem((*path, key), f"{key} must be text, got {values.show(value)}")
            return str(value)
        return value

    def reference(self, name: Any, path: Path, kind: str, choices: Iterable[str]) -> str | None:
        choices = list(choices)
        if not isinstance(name, str):
            self.problem(path, f"expected the name of a {kind}, got {values.show(name)}")
            return None
        if name not in choices:
            self.problem(path, f"unknown {kind} '{name}'{did_you_mean(name, choices)}")
            return None
        return name

    def time(
        self, value: Any, path: Path, *, exponential_plain: bool = False
    ) -> Distribution | None:
        """A duration (fixed, or exponential mean for ``mttr``) or a distribution."""
        if not isinstance(value, dict):
            minutes = self.convert(value, path, values.duration)
            if minutes is None:
                return None
            return Exponential(minutes) if exponential_plain else Fixed(minutes)
        try:
            kind = values.distribution_kind(value)
        except ValueError as exc:
            self.problem(path, str(exc))
            return None
        allowed = values.DIST_KEYS[kind]
        required = sorted(allowed - {"dist"})
        self.keys(value, path, sorted(allowed), required)
        fields: dict[str, float] = {}
        for key in required:
            if key not in value:
                return None
            parsed = self.convert(
                value[key], (*path, key), _FIELD_PARSERS.get(key, values.duration)
            )
            if parsed is None:
                return None
            fields[key] = parsed
        try:
            dist = values.build_distribution(kind, fields)
        except ValueError as exc:
            self.problem(path, str(exc))
            return None
        if isinstance(dist, Fixed) and dist.value <= 0:
            self.problem(path, "a time must be positive, and this one is always 0")
            return None
        if is_fixed(dist) and not isinstance(dist, Fixed):
            return Fixed(dist.mean)
        return dist


_FIELD_PARSERS: dict[str, Callable[[Any], float]] = {
    "cv": values.coefficient,
    "min": lambda v: values.duration(v, positive=False),
    "sd": lambda v: values.duration(v, positive=False),
}

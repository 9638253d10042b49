"""Load a factory file: the base plan and every scenario, all problems at once."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path as FsPath

from rampline.domain.factory import Factory
from rampline.errors import FactoryFileError, Problem, ScenarioError
from rampline.factoryfile.document import YamlSyntaxError, parse_yaml
from rampline.factoryfile.reader import Reader, did_you_mean
from rampline.factoryfile.scenarios import read_scenario
from rampline.factoryfile.schema import read_factory
from rampline.factoryfile.semantics import check_factory


@dataclass(frozen=True)
class FactoryFile:
    """A loaded factory file: the base plan, its scenarios (file order) and warnings."""

    path: str
    text: str
    base: Factory
    scenarios: dict[str, Factory] = field(default_factory=dict)
    warnings: tuple[Problem, ...] = ()

    def plan(self, scenario: str | None = None) -> Factory:
        """The base plan, or the named scenario (:class:`ScenarioError` if unknown)."""
        if scenario is None:
            return self.base
        if scenario not in self.scenarios:
            hint = did_you_mean(scenario, self.scenarios)
            known = ", ".join(self.scenarios) or "none"
            raise ScenarioError(f"unknown scenario '{scenario}'{hint} (defined: {known})")
        return self.scenarios[scenario]


def load_factory_file(path: str | FsPath) -> FactoryFile:
    """Read and check ``path``; :class:`FactoryFileError` lists every problem."""
    p = FsPath(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "it is not UTF-8 text"
        raise FactoryFileError([Problem(f"cannot read the file: {reason}", file=str(p))]) from exc
    return parse_factory(text, str(p))


def load_factory(path: str | FsPath, scenario: str | None = None) -> Factory:
    return load_factory_file(path).plan(scenario)


def parse_factory(text: str, file: str = "<factory>") -> FactoryFile:
    """Check the YAML ``text`` (named ``file`` in messages) and build its plans."""
    try:
        doc = parse_yaml(text)
    except YamlSyntaxError as exc:
        raise FactoryFileError([Problem(exc.message, line=exc.line, file=file)]) from exc
    reader = Reader(copy.deepcopy(doc), file)
    base = read_factory(reader)
    if base is not None:
        check_factory(reader, base)
    problems = list(reader.problems)
    seen = {(p.path, p.message, p.line) for p in problems}
    scenarios: dict[str, Factory] = {}
    raw = doc.data.get("scenarios") if isinstance(doc.data, dict) else None
    if raw is not None and not isinstance(raw, dict):
        line = doc.line(("scenarios",))
        problems.append(
            Problem("scenarios must be a mapping of names to scenarios", "scenarios", line, file)
        )
        raw = None
    for name, body in (raw or {}).items():
        factory, found = read_scenario(doc, file, str(name), body)
        for p in found:
            # A problem of the base file shows up in every scenario: report it once.
            if (p.path, p.message, p.line) not in seen:
                seen.add((p.path, p.message, p.line))
                problems.append(p)
        if factory is not None:
            scenarios[str(name)] = factory
    if base is None or any(p.severity == "error" for p in problems):
        raise FactoryFileError(sorted(problems, key=_order))
    warnings = tuple(sorted((p for p in problems if p.severity == "warning"), key=_order))
    return FactoryFile(file, text, base, scenarios, warnings)


def _order(p: Problem) -> tuple[int, int, str]:
    return (0 if p.scenario is None else 1, p.line or 0, p.path)

"""Helpers every command shares: load a factory file or exit 2 with every
problem on standard error, and print JSON alone on standard output."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from rampline.domain.factory import Factory
from rampline.errors import FactoryFileError, Problem, ScenarioError
from rampline.factoryfile import FactoryFile, load_factory_file

EXIT_INPUT = 2  # factory-file and unknown-scenario errors

stderr = Console(stderr=True, highlight=False, soft_wrap=True)


def whole(table: Table) -> Table:
    """``table`` with values too long for a narrow terminal (a pipe gets 80
    columns) folded onto more lines instead of cut short with an ellipsis:
    every id and number stays whole to read."""
    for column in table.columns:
        column.overflow = "fold"
    return table


def print_problems(problems: Iterable[Problem]) -> None:
    """Each problem on standard error: ``file:line: [scenario 'x':] path: kind: message``."""
    for p in problems:
        style = "red" if p.severity == "error" else "yellow"
        stderr.print(f"[{style}]{escape(str(p))}[/{style}]")


def fail(message: str) -> NoReturn:
    stderr.print(f"[red]error:[/red] {escape(message)}")
    raise typer.Exit(EXIT_INPUT)


@contextmanager
def exit_on_input_errors() -> Iterator[None]:
    """Turn a FactoryFileError or ScenarioError into its messages and exit 2."""
    try:
        yield
    except FactoryFileError as exc:
        print_problems(exc.problems)
        errors = sum(p.severity == "error" for p in exc.problems)
        stderr.print(f"[red]{errors} error{'s' if errors != 1 else ''}[/red]; nothing was run")
        raise typer.Exit(EXIT_INPUT) from None
    except ScenarioError as exc:
        fail(str(exc))


def load_or_exit(path: str | Path) -> FactoryFile:
    """The loaded file (its warnings printed to standard error), or exit 2."""
    with exit_on_input_errors():
        loaded = load_factory_file(path)
    print_problems(loaded.warnings)
    return loaded


def plan_or_exit(loaded: FactoryFile, scenario: str | None) -> Factory:
    """The base plan or the named scenario, or exit 2 naming the known ones."""
    with exit_on_input_errors():
        return loaded.plan(scenario)
    raise AssertionError("unreachable")  # pragma: no cover


def progress_bar() -> Progress:
    """The progress bar every long command shows on standard error."""
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=stderr,
        transient=True,
    )


def emit_json(obj: Any) -> None:
    """``obj`` as one JSON document on standard output, and nothing else."""
    typer.echo(json.dumps(obj, indent=2, ensure_ascii=False, default=_default))


def _default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")

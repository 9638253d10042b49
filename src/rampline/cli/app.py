"""The ``rampline`` command: one Typer app, each command in a module of its own."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="rampline",
    help="Plan, simulate and track a production ramp-up.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    from rampline.cli import commands  # noqa: F401  (registers commands on import)


def main() -> None:
    _register()
    app()

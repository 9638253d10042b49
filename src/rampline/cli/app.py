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


def _version(value: bool) -> None:
    if value:
        from rampline import __version__

        typer.echo(f"rampline {__version__}")
        raise typer.Exit()


# A root callback keeps every command a subcommand, however few are loaded
# (with a single command Typer would run it as the whole program).
@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version."
    ),
) -> None:
    """Plan, simulate and track a production ramp-up."""


def _register() -> None:
    from rampline.cli import commands  # noqa: F401  (registers commands on import)


def main() -> None:
    _register()
    app()

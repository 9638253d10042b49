"""Docs that run: every `rampline ...` command in the README works as shown."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rampline.cli.app import _register, app

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = re.findall(r"^rampline .+$", README, flags=re.MULTILINE)


def test_the_readme_shows_commands() -> None:
    assert {c.split()[1] for c in COMMANDS} >= {
        "check",
        "capacity",
        "simulate",
        "compare",
        "report",
        "spc",
    }


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_command_runs(command: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _register()
    monkeypatch.chdir(ROOT)
    args = shlex.split(command)[1:]
    if "-o" in args:  # written files go to a temporary folder, not into the checkout
        i = args.index("-o") + 1
        args[i] = str(tmp_path / args[i])
    result = CliRunner().invoke(app, args, env={**os.environ, "COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    if "-o" in args:
        assert Path(args[args.index("-o") + 1]).stat().st_size > 0


def test_readme_simulation_output_is_what_the_command_prints(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The README's simulate output is real: the same seed prints the same numbers."""
    _register()
    monkeypatch.chdir(ROOT)
    command = next(c for c in COMMANDS if c.split()[1] == "simulate")
    result = CliRunner().invoke(app, shlex.split(command)[1:])
    assert result.exit_code == 0
    shown = re.search(r"On time \(every demand line\): (\d+)%", README)
    printed = re.search(r"On time \(every demand line\): (\d+)%", result.stdout)
    assert shown is not None
    assert printed is not None
    assert shown.group(1) == printed.group(1)

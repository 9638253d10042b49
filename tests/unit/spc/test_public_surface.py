"""The public surface of rampline.spc is small, sorted and importable, and the core stays pure."""

from __future__ import annotations

import ast
from pathlib import Path

import rampline.spc as spc

SPC = Path(spc.__file__).parent
ALLOWED = {"numpy", "scipy", "rampline", "__future__", "collections", "dataclasses",
           "functools", "math", "typing"}  # fmt: skip


def _isort_key(name: str) -> tuple[int, str]:
    # ruff's RUF022 order: CONSTANTS, then Classes, then functions.
    kind = 0 if name.isupper() else 1 if name[0].isupper() else 2
    return kind, name


def test_all_is_sorted_and_exported() -> None:
    assert list(spc.__all__) == sorted(spc.__all__, key=_isort_key)
    for name in spc.__all__:
        assert hasattr(spc, name), name


def test_core_imports_only_numpy_scipy_and_the_standard_library() -> None:
    for path in SPC.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                roots = {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                roots = {node.module.split(".")[0]}
            else:
                continue
            assert roots <= ALLOWED, f"{path.name} imports {roots - ALLOWED}"


def test_modules_stay_small() -> None:
    for path in SPC.glob("*.py"):
        assert len(path.read_text().splitlines()) < 400, path.name

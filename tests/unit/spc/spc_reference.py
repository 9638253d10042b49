"""Readers for the published reference data in /work/shared/reference/spc/."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import numpy.typing as npt

REFERENCE = Path(__file__).resolve().parents[3].parent / "shared" / "reference" / "spc"


def read_rows(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(newline="") as handle:
        return list(csv.DictReader(handle))


def column(name: str, field: str) -> npt.NDArray[np.float64]:
    return np.array([float(row[field]) for row in read_rows(name)])


def wide(name: str, fields: list[str]) -> npt.NDArray[np.float64]:
    return np.array([[float(row[f]) for f in fields] for row in read_rows(name)])


def grouped(name: str, value: str, key: str) -> npt.NDArray[np.float64]:
    groups: dict[str, list[float]] = {}
    for row in read_rows(name):
        groups.setdefault(row[key], []).append(float(row[value]))
    return np.array(list(groups.values()))

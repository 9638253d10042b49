"""CSV files for the quality commands (``spc``, ``spc-compare``): read whole,
with errors that name the file, the line and the column."""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

from rampline.errors import CsvFormatError


@dataclass(frozen=True)
class CsvTable:
    """A CSV file read whole: header, and rows with their line numbers; typed
    access to cells that names the file, line and column when it fails."""

    path: Path
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line number in the file, cells)

    def index(self, column: str) -> int:
        if column not in self.header:
            raise CsvFormatError(
                f"{self.path}:1: no column '{column}' (columns: {', '.join(self.header)})",
                field=column,
            )
        return self.header.index(column)

    def cell(self, line: int, cells: list[str], column: str) -> str:
        position = self.index(column)
        return cells[position].strip() if position < len(cells) else ""

    def number(self, line: int, cells: list[str], column: str, blank_ok: bool = False) -> float:
        text = self.cell(line, cells, column)
        if text == "" and blank_ok:
            return math.nan
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            shown = f"'{text}'" if text else "an empty cell"
            raise CsvFormatError(
                f"{self.path}:{line}: column '{column}': {shown} is not a number", field=column
            ) from None
        return value


def read_csv(path: Path) -> CsvTable:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = [name.strip() for name in next(reader, [])]
            rows = [(reader.line_num, row) for row in reader if any(c.strip() for c in row)]
    except OSError as error:
        raise CsvFormatError(f"{path}: cannot read the file ({error.strerror})") from None
    except (csv.Error, UnicodeDecodeError) as error:
        raise CsvFormatError(f"{path}: not a readable CSV file ({error})") from None
    if not header:
        raise CsvFormatError(f"{path}:1: the file is empty; expected a header row")
    if not rows:
        raise CsvFormatError(f"{path}:2: no data rows after the header")
    return CsvTable(path, header, rows)

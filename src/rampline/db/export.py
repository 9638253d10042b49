"""Tables to files: one CSV or Parquet file per table, read in one snapshot."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import Date, DateTime, Engine, Float, Integer, Table, select

from rampline.db import tables as t

FORMATS = ("csv", "parquet")
_BATCH = 10_000


@dataclass(frozen=True)
class Exported:
    table: str
    path: Path
    rows: int


def export_tables(
    engine: Engine, folder: Path, fmt: str, names: Sequence[str] | None = None
) -> list[Exported]:
    if fmt not in FORMATS:
        raise ValueError(fmt)
    chosen = [x for x in t.EXPORTED if names is None or x.name in names]
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    with engine.connect().execution_options(rampline_write=False) as conn, conn.begin():
        for table in chosen:
            result = conn.execution_options(yield_per=_BATCH).execute(
                select(table).order_by(*table.primary_key.columns)
            )
            batches = (list(p) for p in result.partitions(_BATCH))
            path = folder / f"{table.name}.{fmt}"
            writer = _write_csv if fmt == "csv" else _write_parquet
            out.append(Exported(table.name, path, writer(table, batches, path)))
    return out


def _write_csv(table: Table, batches: Iterator[list[Any]], path: Path) -> int:
    n = 0
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow([c.name for c in table.columns])
        for batch in batches:
            w.writerows([_csv_value(v) for v in row] for row in batch)
            n += len(batch)
    return n


def _csv_value(v: object) -> object:
    if isinstance(v, datetime | date):
        return v.isoformat()
    return "" if v is None else v


def _arrow_type(column: Any) -> pa.DataType:
    kind = column.type
    if isinstance(kind, Integer):
        return pa.int64()
    if isinstance(kind, Float):
        return pa.float64()
    if isinstance(kind, DateTime):
        return pa.timestamp("us")
    if isinstance(kind, Date):
        return pa.date32()
    return pa.string()


def _write_parquet(table: Table, batches: Iterator[list[Any]], path: Path) -> int:
    schema = pa.schema(
        [pa.field(c.name, _arrow_type(c), nullable=c.nullable) for c in table.columns]
    )
    n = 0
    with pq.ParquetWriter(path, schema) as writer:
        for batch in batches:
            columns = list(zip(*batch, strict=True)) if batch else [()] * len(schema)
            arrays = [
                pa.array(list(col), type=f.type) for col, f in zip(columns, schema, strict=True)
            ]
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
            n += len(batch)
        if n == 0:
            writer.write_table(schema.empty_table())
    return n

"""``rampline import`` and ``rampline export``: station events in and records out."""

from __future__ import annotations

import csv
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from rampline.cli.app import app
from rampline.cli.common import whole

_DB_HELP = "database URL or SQLite file (default: $RAMPLINE_DB, else rampline.sqlite)"


@app.command("import")
def import_events(
    path: Path = typer.Argument(..., help="CSV of station events (see docs/tracking.md)"),
    db: str | None = typer.Option(None, "--db", help=_DB_HELP),
    check: bool = typer.Option(False, "--check", help="check every row, store nothing"),
) -> None:
    """Import station events from CSV with the API's rules: all rows or none."""
    from rampline.bootstrap import build
    from rampline.config import Settings
    from rampline.errors import RamplineError, RejectedEventsError
    from rampline.services.csv_events import RowProblem, parse_rows
    from rampline.services.events import record_events

    console = Console()
    try:
        with path.open(newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            rows = [(reader.line_num, row) for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        console.print(f"[red]error:[/] cannot read {path}: {exc}")
        raise typer.Exit(2) from exc
    events, lines, problems = parse_rows(rows)
    tracking = build(Settings.from_env(db=db))
    try:
        if events:
            record_events(tracking.uow, events, tracking.clock, dry_run=check or bool(problems))
    except RejectedEventsError as exc:
        problems += [RowProblem(lines[i], e.field, e.message) for i, e in exc.problems]
    except RamplineError as exc:
        console.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc
    finally:
        tracking.close()
    if problems:
        table = Table(title=f"{len(problems)} rejected rows in {path}; nothing was imported")
        for name in ("line", "field", "reason"):
            table.add_column(name)
        for p in sorted(problems, key=lambda p: p.line):
            table.add_row(str(p.line), p.field, p.message)
        console.print(whole(table))
        raise typer.Exit(2)
    verb = "checked (nothing stored)" if check else "imported"
    console.print(f"{len(events)} events {verb} from {path}")


@app.command("export")
def export(
    out: Path = typer.Option(Path("export"), "--out", help="folder for the files"),
    fmt: str = typer.Option("csv", "--format", help="csv or parquet"),
    db: str | None = typer.Option(None, "--db", help=_DB_HELP),
    table: list[str] = typer.Option([], "--table", help="only these tables (repeatable)"),
) -> None:
    """Export the tracking tables, one file per table, as CSV or Parquet."""
    from rampline.bootstrap import build
    from rampline.config import Settings
    from rampline.db.export import FORMATS, export_tables
    from rampline.db.tables import EXPORTED

    console = Console()
    if fmt not in FORMATS:
        console.print(f"[red]error:[/] --format must be csv or parquet, not '{fmt}'")
        raise typer.Exit(2)
    known = {x.name for x in EXPORTED}
    unknown = [x for x in table if x not in known]
    if unknown:
        console.print(
            f"[red]error:[/] unknown table '{unknown[0]}' (tables: {', '.join(sorted(known))})"
        )
        raise typer.Exit(2)
    tracking = build(Settings.from_env(db=db))
    try:
        done = export_tables(tracking.engine, out, fmt, table or None)
    finally:
        tracking.close()
    result = Table(title=f"exported to {out}")
    result.add_column("table")
    result.add_column("rows", justify="right")
    result.add_column("file")
    for e in done:
        result.add_row(e.table, str(e.rows), str(e.path))
    console.print(whole(result))

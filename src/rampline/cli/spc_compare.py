"""``rampline spc-compare A.csv B.csv --column X``: two lines or sites side by side.

Each CSV holds one line's measurements of the same characteristic (one per
row, in time order). With spec limits the command compares capability (Cpk
with intervals, F and Welch tests) and the yield within the limits; with
``--outcome-column`` the yield comes from pass/fail values instead. It ends
with a verdict in plain words; ``--json`` prints one JSON object instead.
Bad input exits with status 2.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from rampline.cli.app import app
from rampline.cli.common import whole
from rampline.cli.csv_table import read_csv
from rampline.errors import CsvFormatError, InputError, RamplineError
from rampline.spc.capability import Capability
from rampline.spc.compare_lines import LineComparison, compare_lines

PASS = {"pass", "passed", "ok", "good", "1", "true", "yes", "y"}
FAIL = {"fail", "failed", "nok", "bad", "0", "false", "no", "n", "scrap", "rework"}


def _read(path: Path, column: str | None, outcome: str | None) -> tuple[list[float], list[bool]]:
    table = read_csv(path)
    for name in (column, outcome):
        if name is not None:
            table.index(name)
    values: list[float] = []
    passed: list[bool] = []
    for line, cells in table.rows:
        if column is not None:
            values.append(table.number(line, cells, column))
        if outcome is not None:
            text = table.cell(line, cells, outcome).lower()
            if text not in PASS | FAIL:
                raise CsvFormatError(
                    f"{path}:{line}: column '{outcome}': '{text}' is neither pass nor fail",
                    field=outcome,
                )
            passed.append(text in PASS)
    return values, passed


def _num(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _capability_json(cap: Capability) -> dict[str, Any]:
    return {
        "n": cap.n,
        "mean": _num(cap.center),
        "sigma_within": _num(cap.sigma_within),
        "sigma_overall": _num(cap.sigma_overall),
        "cpk": _num(cap.cpk.value),
        "cpk_ci": [_num(cap.cpk.low), _num(cap.cpk.high)],
        "cp": None if cap.cp is None else _num(cap.cp.value),
    }


def to_json(result: LineComparison) -> dict[str, Any]:
    out: dict[str, Any] = {"lines": [result.name_a, result.name_b], "alpha": result.alpha}
    y = result.yields
    out["yield"] = (
        None
        if y is None
        else {
            "passed": [y.passed_a, y.passed_b],
            "tried": [y.tried_a, y.tried_b],
            "yield": [y.yield_a, y.yield_b],
            "difference": y.difference,
            "difference_ci": [y.low, y.high],
            "test": y.test,
            "statistic": _num(y.statistic),
            "p_value": y.p_value,
        }
    )
    c = result.capability
    out["capability"] = (
        None
        if c is None
        else {
            "lines": [_capability_json(c.a), _capability_json(c.b)],
            "cpk_difference": {"z": c.cpk_z, "p_value": c.cpk_p_value},
            "means": {"values": [c.mean_a, c.mean_b], "welch_t": c.welch_t,
                      "df": c.welch_df, "p_value": c.welch_p_value},
            "spreads": {"sd": [c.sd_a, c.sd_b], "f": c.f_statistic, "p_value": c.f_p_value},
        }
    )  # fmt: skip
    out["verdict"] = list(result.verdict)
    return out


def _show(result: LineComparison, console: Console) -> None:
    table = Table(title=f"line {result.name_a} against line {result.name_b}")
    for name in ("", result.name_a, result.name_b, "test"):
        table.add_column(name)
    y = result.yields
    if y is not None:
        table.add_row(
            "yield", f"{y.yield_a:.1%} ({y.passed_a}/{y.tried_a})",
            f"{y.yield_b:.1%} ({y.passed_b}/{y.tried_b})", f"{y.test}: p = {y.p_value:.3g}",
        )  # fmt: skip
    c = result.capability
    if c is not None:
        cpk = [f"{x.cpk.value:.3f} [{x.cpk.low:.3f}, {x.cpk.high:.3f}]" for x in (c.a, c.b)]
        table.add_row("Cpk", *cpk, f"z = {c.cpk_z:.2f}: p = {c.cpk_p_value:.3g}")
        table.add_row(
            "mean", f"{c.mean_a:.6g}", f"{c.mean_b:.6g}", f"Welch t: p = {c.welch_p_value:.3g}"
        )
        table.add_row("std dev", f"{c.sd_a:.6g}", f"{c.sd_b:.6g}", f"F: p = {c.f_p_value:.3g}")
    console.print(whole(table))
    for sentence in result.verdict:
        console.print(sentence)


@app.command("spc-compare")
def spc_compare_command(
    file_a: Path = typer.Argument(..., help="CSV of line A."),
    file_b: Path = typer.Argument(..., help="CSV of line B."),
    column: str | None = typer.Option(
        None,
        "--column",
        help="The measured characteristic, one unit a row; Cpk takes each line's I-MR "
        "sigma (MR-bar/d2 over the rows in file order).",
    ),
    lsl: float | None = typer.Option(None, "--lsl", help="Lower specification limit."),
    usl: float | None = typer.Option(None, "--usl", help="Upper specification limit."),
    outcome_column: str | None = typer.Option(
        None, "--outcome-column", help="pass/fail per unit, for the yield."
    ),
    names: str = typer.Option("A,B", "--names", help="What to call the two lines."),
    alpha: float = typer.Option(0.05, "--alpha", help="Significance level of every test."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object and nothing else."),
) -> None:
    """Compare the yield and capability of two lines or sites, with a verdict in words."""
    try:
        label = [n.strip() for n in names.split(",")]
        if len(label) != 2 or not all(label):
            raise InputError(f"--names takes two names like A,B, got {names!r}", "names")
        if column is None and outcome_column is None:
            raise InputError("give --column NAME (measurements) and/or --outcome-column NAME")
        if column is not None and lsl is None and usl is None and outcome_column is None:
            raise InputError("comparing measurements needs --lsl and/or --usl")
        values_a, passed_a = _read(file_a, column, outcome_column)
        values_b, passed_b = _read(file_b, column, outcome_column)
        yields = None
        if outcome_column is not None:
            yields = (sum(passed_a), len(passed_a), sum(passed_b), len(passed_b))
        try:
            result = compare_lines(
                values_a if column else None, values_b if column else None,
                lsl=lsl, usl=usl, yields=yields, names=(label[0], label[1]), alpha=alpha,
            )  # fmt: skip
        except ValueError as error:
            raise InputError(str(error)) from None
    except RamplineError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps(to_json(result)))
    else:
        _show(result, Console())

"""``rampline spc FILE.csv --chart ...``: a control chart from a CSV, no database needed.

Reads the CSV (long format with ``--column`` [``--subgroup-column``], or one
subgroup per row with ``--columns``), runs the pure ``rampline.spc`` core and
shows the result as a Rich table, as JSON (``--json``, nothing else on stdout)
or as a chart file (``-o chart.html``). Bad input exits with status 2 and a
message naming the file, the line and the column.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import typer
from rich.console import Console
from rich.table import Table

from rampline import spc
from rampline.cli.app import app
from rampline.cli.common import whole
from rampline.cli.csv_table import CsvTable, read_csv
from rampline.errors import CsvFormatError, InputError, RamplineError
from rampline.services.chart_view import capability_json, finite, part_json

CHARTS = ("xbar-r", "xbar-s", "i-mr", "p", "np", "c", "u", "ewma", "cusum")
_VARIABLES = {"xbar-r", "xbar-s", "i-mr", "ewma", "cusum"}
Chart = spc.ControlChart | spc.EwmaChart | spc.CusumChart


def _columns(table: CsvTable, names: str) -> npt.NDArray[np.float64]:
    wanted = [name.strip() for name in names.split(",") if name.strip()]
    for name in wanted:
        table.index(name)
    return np.array(
        [
            [table.number(line, cells, n, blank_ok=True) for n in wanted]
            for line, cells in table.rows
        ]
    )


def _long(table: CsvTable, column: str, subgroup: str | None) -> npt.NDArray[np.float64]:
    if subgroup is None:
        return np.array([table.number(line, cells, column) for line, cells in table.rows])
    groups: dict[str, list[float]] = {}
    for line, cells in table.rows:
        value = table.number(line, cells, column, blank_ok=True)
        key = table.cell(line, cells, subgroup)
        if not key:
            raise CsvFormatError(f"{table.path}:{line}: column '{subgroup}' is empty", subgroup)
        groups.setdefault(key, [])
        if math.isfinite(value):
            groups[key].append(value)
    width = max(len(values) for values in groups.values())
    out = np.full((len(groups), width), np.nan)
    for row, values in enumerate(groups.values()):
        out[row, : len(values)] = values
    return out


def _measurements(
    table: CsvTable, chart: str, column: str | None, columns: str | None, subgroup: str | None
) -> npt.NDArray[np.float64]:
    if columns is not None and (column is not None or subgroup is not None):
        raise InputError("give either --columns, or --column [--subgroup-column], not both")
    if columns is not None:
        data = _columns(table, columns)
    elif column is not None:
        data = _long(table, column, subgroup)
    else:
        raise InputError(f"--chart {chart} needs --column NAME or --columns A,B,C")
    if chart in {"xbar-r", "xbar-s"} and data.ndim == 1:
        raise InputError(f"--chart {chart} needs subgroups: add --subgroup-column or use --columns")
    if chart == "i-mr":
        if data.ndim == 2 and data.shape[1] != 1:
            raise InputError("--chart i-mr charts one value per point: give a single column")
        data = data.ravel()
        if np.isnan(data).any():
            line = table.rows[int(np.flatnonzero(np.isnan(data))[0])][0]
            raise CsvFormatError(f"{table.path}:{line}: an empty cell where a number is needed")
    return data


def _summary(
    table: CsvTable,
    options: _Options,
    names: tuple[str | None, str | None, str | None, str | None],
    chart: str,
) -> Chart:
    """An X-bar/R or X-bar/S chart from subgroup summaries: one row per subgroup
    with its mean (``--column``), range or standard deviation, and size."""
    means, ranges, sds, sizes = names
    if ranges is not None and sds is not None:
        raise InputError("give --range-column (xbar-r) or --sd-column (xbar-s), not both")
    spread, flag, wanted = (
        (ranges, "--range-column", "xbar-r")
        if ranges is not None
        else (sds, "--sd-column", "xbar-s")
    )
    if chart != wanted or spread is None:
        raise InputError(f"{flag} (subgroup summaries) goes with --chart {wanted}")
    if means is None or sizes is None:
        raise InputError(f"subgroup summaries need --column (the means), {flag} and --size-column")
    values = [
        np.array([table.number(line, cells, name) for line, cells in table.rows])
        for name in (means, spread, sizes)
    ]
    build = spc.xbar_r_summary if wanted == "xbar-r" else spc.xbar_s_summary
    return build(
        *values,
        baseline=options.baseline,
        exclude=options.exclude,
        center=options.mu0,
        sigma=options.sigma,
    )


def _counts(
    table: CsvTable, chart: str, column: str | None, size_column: str | None
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64] | None]:
    if column is None:
        raise InputError(f"--chart {chart} needs --column NAME (the counts)")
    counts = np.array([table.number(line, cells, column) for line, cells in table.rows])
    if size_column is None:
        if chart != "c":
            raise InputError(f"--chart {chart} needs --size-column NAME (the sample sizes)")
        return counts, None
    sizes = np.array([table.number(line, cells, size_column) for line, cells in table.rows])
    return counts, sizes


def _positions(text: str | None) -> list[int]:
    if not text:
        return []
    try:
        return [int(part) - 1 for part in text.split(",") if part.strip()]
    except ValueError:
        raise InputError(f"--exclude takes point numbers like 6,20, got {text!r}") from None


@dataclass(frozen=True)
class _Options:
    chart: str
    baseline: int | None
    exclude: list[int]
    mu0: float | None
    sigma: float | None
    lam: float
    width: float
    k: float
    h: float


def _build(
    options: _Options, data: npt.NDArray[np.float64], sizes: npt.NDArray[np.float64] | None
) -> Chart:
    common: dict[str, Any] = {"baseline": options.baseline, "exclude": options.exclude}
    chart = options.chart
    if chart in _VARIABLES:
        common.update(center=options.mu0, sigma=options.sigma)
        if chart == "ewma":
            return spc.ewma(data, lam=options.lam, nsigmas=options.width, **common)
        if chart == "cusum":
            return spc.cusum(data, k=options.k, h=options.h, **common)
        builder = {"xbar-r": spc.xbar_r, "xbar-s": spc.xbar_s, "i-mr": spc.i_mr}[chart]
        return builder(data, **common)
    if options.sigma is not None:
        raise InputError(
            f"--sigma does not apply to a {chart} chart (its sigma follows its centre)"
        )
    common["center"] = options.mu0
    if chart == "c":
        return spc.c_chart(data, sizes, **common)
    if sizes is None:
        raise InputError(f"--chart {chart} needs --size-column NAME (the sample sizes)")
    attribute = {"p": spc.p_chart, "np": spc.np_chart, "u": spc.u_chart}[chart]
    return attribute(data, sizes, **common)


def _to_json(chart: Chart, rules: str, capability: spc.Capability | None) -> dict[str, Any]:
    sequential = not isinstance(chart, spc.ControlChart)
    out: dict[str, Any] = {"chart": chart.kind}
    out.update(part_json(chart.main, chart.sigma, "none" if sequential else rules))
    out["baseline"] = chart.baseline
    out["excluded"] = [int(i) + 1 for i in np.flatnonzero(~chart.in_limits[: chart.baseline])]
    if isinstance(chart, spc.ControlChart) and chart.dispersion is not None:
        out["dispersion"] = part_json(chart.dispersion, chart.sigma, rules)
    if isinstance(chart, spc.EwmaChart):
        out.update(
            signals=[i + 1 for i in chart.signals], **{"lambda": chart.lam, "L": chart.nsigmas}
        )
        out.update(steady_lcl=chart.steady_lcl, steady_ucl=chart.steady_ucl)
    if isinstance(chart, spc.CusumChart):
        out.update(signals=[i + 1 for i in chart.signals], k=chart.k, h=chart.h)
        out.update(mu0=chart.center, upper=[finite(v) for v in chart.upper])
        out["lower"] = [finite(v) for v in chart.lower]
    if capability is not None:
        out["capability"] = capability_json(capability)
    return out


def _capability(
    chart: Chart,
    data: npt.NDArray[np.float64],
    lsl: float | None,
    usl: float | None,
    target: float | None,
) -> spc.Capability | None:
    if lsl is None and usl is None:
        if target is not None:
            raise InputError("--target needs --lsl and/or --usl")
        return None
    if chart.kind not in _VARIABLES:
        raise InputError(f"capability needs measurements; a {chart.kind} chart charts counts")
    rows = data if data.ndim == 2 else data[:, None]
    baseline = rows[chart.in_limits]
    center = chart.center if isinstance(chart, spc.CusumChart) else float(chart.main.center[0])
    return spc.capability(
        baseline, sigma_within=chart.sigma, lsl=lsl, usl=usl, center=center, target=target
    )


def _show(result: dict[str, Any], console: Console) -> None:
    def fmt(value: Any) -> str:
        if isinstance(value, list):
            finite = [v for v in value if v is not None]
            return f"varies {min(finite):.6g} … {max(finite):.6g}" if finite else "—"
        return "—" if value is None else f"{value:.6g}"

    table = Table(title=f"{result['chart']} chart", show_header=True)
    table.add_column("panel")
    for name in ("centre", "LCL", "UCL", "sigma", "beyond limits"):
        table.add_column(name)
    parts = [("main", result)] + (
        [("dispersion", result["dispersion"])] if "dispersion" in result else []
    )
    for label, part in parts:
        table.add_row(
            label, fmt(part["center"]), fmt(part["lcl"]), fmt(part["ucl"]), fmt(part["sigma"]),
            ", ".join(map(str, part["beyond"])) or "none",
        )  # fmt: skip
    console.print(whole(table))
    for label, part in parts:
        for violation in part["violations"]:
            points = ", ".join(map(str, violation["points"]))
            console.print(f"{label}: rule {violation['rule']} at points {points}")
    if "signals" in result:
        console.print(f"signals at points: {', '.join(map(str, result['signals'])) or 'none'}")
    if "capability" in result:
        cap = result["capability"]
        ctable = Table(title=f"capability (n = {cap['n']}, {cap['confidence']:.0%} intervals)")
        for name in ("index", "value", "low", "high"):
            ctable.add_column(name)
        for name in ("cp", "cpk", "pp", "ppk"):
            ci = cap[f"{name}_ci"] or [None, None]
            ctable.add_row(name.capitalize(), fmt(cap[name]), fmt(ci[0]), fmt(ci[1]))
        console.print(whole(ctable))
        if cap["normality"] is not None:
            check = cap["normality"]
            console.print(f"normality ({check['test']}): p = {check['p_value']:.3g}")


def _panels(result: dict[str, Any]) -> list[Any]:
    from rampline.report.spc_chart import Panel

    def expand(value: Any, n: int) -> list[float]:
        return list(value) if isinstance(value, list) else [value] * n

    out = []
    parts = [(result["chart"], result)] + (
        [("dispersion", result["dispersion"])] if "dispersion" in result else []
    )
    for title, part in parts:
        n = len(part["points"])
        flagged = set(part["beyond"]) | {p for v in part["violations"] for p in v["points"]}
        lower = [-v for v in result["lower"]] if title == "cusum" else None
        out.append(
            Panel(
                title=title,
                points=part["points"],
                center=expand(part["center"], n),
                lcl=expand(part["lcl"], n),
                ucl=expand(part["ucl"], n),
                flagged=sorted(p - 1 for p in flagged),
                lower=lower,
            )
        )
    return out


@app.command("spc")
def spc_command(
    file: Path = typer.Argument(..., help="CSV file with a header row."),
    chart: str = typer.Option(
        ..., "--chart", help="xbar-r, xbar-s, i-mr, p, np, c, u, ewma or cusum."
    ),
    column: str | None = typer.Option(
        None, "--column", help="Value (or count) column, long format."
    ),
    columns: str | None = typer.Option(None, "--columns", help="A,B,C: one subgroup per row."),
    subgroup_column: str | None = typer.Option(
        None, "--subgroup-column", help="Rows with the same value form a subgroup."
    ),
    size_column: str | None = typer.Option(
        None,
        "--size-column",
        help="Sample size (p, np, u; subgroup size with --range-column or --sd-column).",
    ),
    range_column: str | None = typer.Option(
        None,
        "--range-column",
        help="Subgroup ranges: with --chart xbar-r, --column (the means) and --size-column, "
        "one row per subgroup (summary data).",
    ),
    sd_column: str | None = typer.Option(
        None,
        "--sd-column",
        help="Subgroup standard deviations: with --chart xbar-s, --column (the means) and "
        "--size-column, one row per subgroup (summary data).",
    ),
    baseline: int | None = typer.Option(
        None, "--baseline", help="Limits from the first N points; the rest are monitored."
    ),
    exclude: str | None = typer.Option(
        None, "--exclude", help="Points left out of the limits, e.g. 6,20."
    ),
    lsl: float | None = typer.Option(None, "--lsl", help="Lower specification limit."),
    usl: float | None = typer.Option(None, "--usl", help="Upper specification limit."),
    target: float | None = typer.Option(None, "--target", help="Target, for Cpm."),
    mu0: float | None = typer.Option(
        None, "--mu0", help="Known centre (p0, c0, u0 for attributes)."
    ),
    sigma: float | None = typer.Option(None, "--sigma", help="Known process sigma."),
    lam: float = typer.Option(0.2, "--lambda", help="EWMA weight."),
    width: float = typer.Option(3.0, "--L", help="EWMA limit width in sigmas."),
    k: float = typer.Option(0.5, "--k", help="CUSUM reference value, in sigmas."),
    h: float = typer.Option(5.0, "--h", help="CUSUM decision interval, in sigmas."),
    rules: str = typer.Option(
        "western-electric", "--rules", help="western-electric, nelson or none."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object and nothing else."),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="Write the chart: .html or .png."
    ),
) -> None:
    """Control chart, run rules and capability for a CSV file."""
    try:
        if chart not in CHARTS:
            raise InputError(f"unknown chart {chart!r}; choose one of {', '.join(CHARTS)}", "chart")
        if rules not in spc.RULE_SETS:
            raise InputError(f"unknown rule set {rules!r}; choose {', '.join(spc.RULE_SETS)}")
        if sigma is not None and not sigma > 0:  # else the lower limit is at or above the upper
            raise InputError(f"--sigma must be positive, got {sigma:g}", "sigma")
        if not width > 0:
            raise InputError(f"--L must be positive, got {width:g}", "L")
        table = read_csv(file)
        options = _Options(chart, baseline, _positions(exclude), mu0, sigma, lam, width, k, h)
        try:
            if range_column is not None or sd_column is not None:  # subgroup summaries
                if lsl is not None or usl is not None:
                    raise InputError("capability needs the measurements, not subgroup summaries")
                names = (column, range_column, sd_column, size_column)
                result = _summary(table, options, names, chart)
                capability = None
            else:
                sizes = None
                if chart in _VARIABLES:
                    data = _measurements(table, chart, column, columns, subgroup_column)
                else:
                    data, sizes = _counts(table, chart, column, size_column)
                result = _build(options, data, sizes)
                capability = _capability(result, data, lsl, usl, target)
        except ValueError as error:
            raise InputError(f"{file}: {error}") from None
        payload = _to_json(result, rules, capability)
        if output is not None:
            from rampline.report.spc_chart import write_chart

            write_chart(output, f"{chart} chart of {file.name}", _panels(payload), result.baseline)
    except RamplineError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps(payload))
    else:
        _show(payload, Console())

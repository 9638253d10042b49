"""The plots of the ramp-up report, one function per plot.

Every plot uses the same colour per plan and dates on the time axis. Bands
are the P10 to P90 of the runs (eight runs in ten lie inside), the line their
median (P50).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from rampline.domain.calendar import end_of_day

if TYPE_CHECKING:
    from rampline.report.ramp import PlanData, RampReport

PALETTE = ("#1f4e79", "#d95f02", "#1b9e77", "#7570b3", "#e7298a", "#66a61e", "#a6761d")
SHARE_COLOURS = {
    "busy": "#1b9e77",
    "blocked": "#e6ab02",
    "starved": "#9ecae1",
    "down": "#d62728",
    "unstaffed": "#bdbdbd",
}
SHARE_LABELS = {
    "busy": "busy (working on a unit)",
    "blocked": "blocked (next buffer full)",
    "starved": "starved (nothing to work on)",
    "down": "down (under repair)",
    "unstaffed": "unstaffed (no crew yet)",
}
_FONT = {"family": "Segoe UI, Helvetica, Arial, sans-serif", "size": 13}
_DAY = 1440.0
_DAY_MS = 86_400_000  # a day on a plotly date axis

Section = tuple[str, str, str, go.Figure]  # key, title, how to read it, figure


def figures(report: RampReport) -> Iterator[Section]:
    view = _View(report)
    yield (
        "finished",
        "Finished units over time against the demand",
        "Cumulative finished units, all products. Line: median of the runs (P50); "
        "shaded band: P10 to P90 (eight runs in ten lie inside). Dashed: the demand "
        "that must be finished by the end of each due day." + _sampled(report),
        finished_figure(report, view),
    )
    yield (
        "completion",
        "Completion date per run",
        "The day the last demanded unit is finished, one dot per run. Box: the middle "
        "half of the runs with the median. Runs left of the dashed due line are on time.",
        completion_figure(report, view),
    )
    yield (
        "shares",
        "Station time shares",
        "Share of each station's working time (outages excluded) from start to "
        "completion, mean over the runs. The bottleneck is the station most often "
        "busiest (busy + down).",
        shares_figure(report),
    )
    yield (
        "people",
        "Qualified people and trainees over time",
        "Operators qualified for each skill and operators in training, from the hiring "
        "and training plan (no chance involved). Pick the plan in the menu.",
        people_figure(report, view),
    )
    if report.materials:
        yield (
            "stock",
            "Material stock over time",
            "Units in stock at the end of each day. Line: median of the runs; band: P10 "
            "to P90. A line at zero means the line waits for material. Pick the plan in "
            "the menu." + _sampled(report),
            stock_figure(report, view),
        )


def _sampled(report: RampReport) -> str:
    """Where the daily curves come from fewer runs than the rest (see PlanData)."""
    kept = min((p.finished.shape[0] for p in report.plans), default=report.runs)
    if kept >= report.runs:
        return ""
    return (
        f" Curves from the first {kept:,} of the {report.runs:,} runs: the runs are "
        "independent, so these are a random sample of them."
    )


class _View:
    """The time axis every plot shares: from start to a little after the last run ends."""

    def __init__(self, report: RampReport) -> None:
        self.start = report.start
        grid = min((p.finished.shape[1] for p in report.plans), default=0)
        latest = max((float(np.max(p.completion_minutes)) for p in report.plans), default=0.0)
        if report.demand:
            due = max(d.due for d in report.demand)
            latest = max(latest, (datetime(due.year, due.month, due.day) - self.start).days * _DAY)
        self.days = max(1, min(grid, math.ceil(latest / _DAY) + 21))
        # The engine samples at each midnight after start: the first is the end of day one.
        self.first = datetime.combine(self.start.date(), datetime.min.time()) + timedelta(days=1)
        self.end = self.start + timedelta(days=self.days + 1)

    def at(self, minutes: float) -> datetime:
        return self.start + timedelta(minutes=minutes)


def _colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[k : k + 2], 16) for k in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _grid(n: int, cols: int = 3) -> tuple[int, int]:
    c = min(cols, max(1, n))
    return math.ceil(n / c), c


def _layout(fig: go.Figure, height: int, **extra: Any) -> None:
    settings: dict[str, Any] = {
        "height": height,
        "margin": {"l": 70, "r": 20, "t": 60, "b": 50},
        "font": _FONT,
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "hovermode": "x unified",
        "legend": {"orientation": "h", "x": 0, "y": -0.08, "yanchor": "top"},
    }
    fig.update_layout(**{**settings, **extra})
    fig.update_xaxes(showgrid=True, gridcolor="#e5e5e5", linecolor="#999", zeroline=False)
    fig.update_yaxes(showgrid=True, gridcolor="#e5e5e5", linecolor="#999", zeroline=False)


def _band(
    fig: go.Figure,
    x0: datetime,
    values: np.ndarray,
    colour: str,
    *,
    unit: str,
    legend: bool,
    row: int,
    col: int,
    visible: bool = True,
) -> int:
    """Median line and P10-P90 band of ``values`` [runs, days] (nan: the run had
    stopped), one point a day from ``x0``; returns the number of traces added."""
    alive = np.flatnonzero(np.any(~np.isnan(values), axis=0))
    values = values[:, : alive[-1] + 1] if alive.size else values[:, :1]
    if alive.size:
        p10, p50, p90 = np.round(np.nanpercentile(values, [10, 50, 90], axis=0), 1)
    else:
        p10 = p50 = p90 = np.zeros(1)
    common: dict[str, Any] = {"x0": x0, "dx": _DAY_MS, "legendgroup": "band", "visible": visible}
    fig.add_trace(
        go.Scatter(
            y=p90,
            line={"width": 0},
            showlegend=False,
            name="P90",
            hovertemplate=f"P90 %{{y:,.0f}} {unit}<extra></extra>",
            **common,
        ),
        row=row,
        col=col,
    )
    fig.add_trace(
        go.Scatter(
            y=p10,
            line={"width": 0},
            fill="tonexty",
            fillcolor=_rgba(colour, 0.22),
            name="P10 to P90 of the runs",
            showlegend=legend,
            hovertemplate=f"P10 %{{y:,.0f}} {unit}<extra></extra>",
            **common,
        ),
        row=row,
        col=col,
    )
    fig.add_trace(
        go.Scatter(
            y=p50,
            line={"width": 2.5, "color": colour},
            name="median (P50)",
            showlegend=legend,
            hovertemplate=f"median %{{y:,.0f}} {unit}<extra></extra>",
            **{**common, "legendgroup": "median"},
        ),
        row=row,
        col=col,
    )
    return 3


def _subtitle(p: PlanData) -> str:
    return f"<b>{p.name}</b>: {p.on_time:.0%} on time"


def finished_figure(report: RampReport, view: _View) -> go.Figure:
    plans = report.plans
    rows, cols = _grid(len(plans))
    fig = make_subplots(
        rows=rows,
        cols=cols,
        shared_xaxes="all",
        shared_yaxes="all",
        subplot_titles=[_subtitle(p) for p in plans],
        vertical_spacing=0.14 if rows > 1 else 0.1,
        horizontal_spacing=0.04,
    )
    steps_x, steps_y = _demand_steps(report, view)
    for i, p in enumerate(plans):
        row, col = i // cols + 1, i % cols + 1
        _band(
            fig,
            view.first,
            p.finished[:, : view.days],
            _colour(i),
            unit="units",
            legend=i == 0,
            row=row,
            col=col,
        )
        fig.add_trace(
            go.Scatter(
                x=steps_x,
                y=steps_y,
                mode="lines",
                line={"shape": "hv", "dash": "dash", "color": "#222", "width": 1.5},
                name="demand due",
                legendgroup="demand",
                showlegend=i == 0,
                hovertemplate="demand due %{y:,.0f} units<extra></extra>",
            ),
            row=row,
            col=col,
        )
    fig.update_yaxes(title_text="finished units", col=1, rangemode="tozero", tickformat=",")
    _layout(fig, 300 * rows + 120)
    return fig


def _demand_steps(report: RampReport, view: _View) -> tuple[list[datetime], list[float]]:
    xs: list[datetime] = [view.start]
    ys: list[float] = [0.0]
    total = 0.0
    for due in sorted({d.due for d in report.demand}):
        total += sum(d.quantity for d in report.demand if d.due == due)
        xs.append(end_of_day(due))
        ys.append(total)
    xs.append(max(view.end, xs[-1]))
    ys.append(total)
    return xs, ys


def completion_figure(report: RampReport, view: _View) -> go.Figure:
    fig = go.Figure()
    for i, p in enumerate(report.plans):
        when = [view.at(m) for m in p.completion_minutes]
        fig.add_trace(
            go.Box(
                x=when,
                name=p.name,
                orientation="h",
                boxpoints="all",
                jitter=0.6,
                pointpos=0,
                marker={"size": 4, "opacity": 0.35, "color": _colour(i)},
                line={"color": _colour(i), "width": 2},
                fillcolor="rgba(255,255,255,0)",
                hovertemplate="%{x|%Y-%m-%d}<extra>%{fullData.name}</extra>",
            )
        )
    if report.demand:
        due = max(d.due for d in report.demand)
        due_end = end_of_day(due)
        fig.add_vline(x=due_end, line={"dash": "dash", "color": "#222", "width": 1.5})
        fig.add_annotation(
            x=due_end,
            y=1.0,
            yref="paper",
            yanchor="bottom",
            text=f"due {due.isoformat()}",
            showarrow=False,
            font={"size": 12},
        )
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_xaxes(title_text="date the last demanded unit is finished")
    _layout(fig, 70 * len(report.plans) + 150, showlegend=False, hovermode="closest")
    return fig


def shares_figure(report: RampReport) -> go.Figure:
    plans = report.plans
    rows, cols = _grid(len(plans))
    fig = make_subplots(
        rows=rows,
        cols=cols,
        shared_xaxes="all",
        shared_yaxes="all",
        subplot_titles=[f"<b>{p.name}</b>: bottleneck {p.bottleneck}" for p in plans],
        vertical_spacing=0.14 if rows > 1 else 0.1,
        horizontal_spacing=0.03,
    )
    for i, p in enumerate(plans):
        row, col = i // cols + 1, i % cols + 1
        stations = list(p.shares)
        for share, colour in SHARE_COLOURS.items():
            fig.add_trace(
                go.Bar(
                    y=stations,
                    x=[100.0 * p.shares[s][share] for s in stations],
                    orientation="h",
                    name=SHARE_LABELS[share],
                    legendgroup=share,
                    showlegend=i == 0,
                    marker={"color": colour},
                    hovertemplate=f"%{{y}}: %{{x:.1f}}% {share}<extra></extra>",
                ),
                row=row,
                col=col,
            )
    fig.update_layout(barmode="stack", bargap=0.25)
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_xaxes(range=[0, 100], ticksuffix="%", dtick=25)
    _layout(fig, 280 * rows + 130, hovermode="closest")
    return fig


def people_figure(report: RampReport, view: _View) -> go.Figure:
    skills = [s.skill for s in report.plans[0].people] if report.plans else []
    rows, cols = _grid(len(skills), 2)
    fig = make_subplots(
        rows=max(rows, 1),
        cols=max(cols, 1),
        shared_xaxes="all",
        subplot_titles=[f"<b>{s}</b>" for s in skills],
        vertical_spacing=0.16,
        horizontal_spacing=0.07,
    )
    per_plan: list[int] = []
    base_people = _people_key(report.plans[0]) if report.plans else None
    for i, p in enumerate(report.plans):
        added = 0
        for k, steps in enumerate(p.people):
            row, col = k // cols + 1, k % cols + 1
            x = [view.at(m) for m in steps.minutes] + [view.end]
            for label, values, dash, colour in (
                ("qualified operators", steps.qualified, "solid", PALETTE[0]),
                ("trainees", steps.trainees, "dot", PALETTE[1]),
            ):
                fig.add_trace(
                    go.Scatter(
                        x=x,
                        y=[*values, values[-1]],
                        mode="lines",
                        line={"shape": "hv", "dash": dash, "color": colour, "width": 2.5},
                        name=label,
                        legendgroup=label,
                        showlegend=k == 0,
                        visible=i == 0,
                        hovertemplate=f"%{{y}} {label}<extra></extra>",
                    ),
                    row=row,
                    col=col,
                )
                added += 1
        per_plan.append(added)
    labels = [
        p.name + (" (same people as base plan)" if i and _people_key(p) == base_people else "")
        for i, p in enumerate(report.plans)
    ]
    fig.update_yaxes(title_text="people", col=1, rangemode="tozero")
    _layout(fig, 260 * max(rows, 1) + 150, updatemenus=[_plan_menu(labels, per_plan)])
    return fig


def _people_key(p: PlanData) -> tuple[Any, ...]:
    return tuple(
        (s.skill, tuple(s.minutes), tuple(s.qualified), tuple(s.trainees)) for s in p.people
    )


def stock_figure(report: RampReport, view: _View) -> go.Figure:
    materials = list(report.materials)
    rows, cols = _grid(len(materials))
    fig = make_subplots(
        rows=rows,
        cols=cols,
        shared_xaxes="all",
        subplot_titles=[f"<b>{m}</b>" for m in materials],
        vertical_spacing=0.16,
        horizontal_spacing=0.06,
    )
    per_plan = []
    for i, p in enumerate(report.plans):
        added = 0
        for k in range(len(materials)):
            added += _band(
                fig,
                view.first,
                p.stock[:, : view.days, k],
                _colour(i),
                unit="in stock",
                legend=k == 0,
                row=k // cols + 1,
                col=k % cols + 1,
                visible=i == 0,
            )
        per_plan.append(added)
    fig.update_yaxes(rangemode="tozero", tickformat=",")
    fig.update_yaxes(title_text="units in stock", col=1)
    _layout(
        fig,
        260 * rows + 150,
        updatemenus=[_plan_menu([p.name for p in report.plans], per_plan)],
    )
    return fig


def _plan_menu(labels: Sequence[str], per_plan: Sequence[int]) -> dict[str, Any]:
    """A drop-down that shows one plan's traces (each plan added ``per_plan[i]`` in order)."""
    total = sum(per_plan)
    buttons = []
    offset = 0
    for label, n in zip(labels, per_plan, strict=True):
        mask = [offset <= t < offset + n for t in range(total)]
        buttons.append(
            {"label": f"Plan: {label}", "method": "restyle", "args": [{"visible": mask}]}
        )
        offset += n
    return {
        "buttons": buttons,
        "direction": "down",
        "showactive": True,
        "x": 0,
        "xanchor": "left",
        "y": 1.0,
        "yanchor": "bottom",
        "pad": {"b": 28},
        "bgcolor": "#f4f6f8",
        "bordercolor": "#888",
    }

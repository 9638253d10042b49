"""A control chart as a self-contained Plotly HTML page (or a PNG with kaleido).

Takes plain numbers, not SPC result objects, so that ``report`` does not depend
on ``spc`` (they are sibling layers). One panel per chart part, stacked.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from rampline.errors import InputError


@dataclass(frozen=True)
class Panel:
    """One panel: the plotted points, centre and limits per point, flagged positions (0-based)."""

    title: str
    points: Sequence[float | None]
    center: Sequence[float]
    lcl: Sequence[float]
    ucl: Sequence[float]
    flagged: Sequence[int] = ()
    lower: Sequence[float] | None = None  # a second series, e.g. a CUSUM's lower sum
    notes: Sequence[str] = field(default_factory=tuple)


def chart_figure(title: str, panels: Sequence[Panel], baseline: int) -> go.Figure:
    """Stacked panels; a dashed line marks the end of the baseline (phase I)."""
    figure = make_subplots(
        rows=len(panels), cols=1, shared_xaxes=True, subplot_titles=[p.title for p in panels]
    )
    for row, panel in enumerate(panels, start=1):
        x = list(range(1, len(panel.points) + 1))
        figure.add_trace(
            go.Scatter(x=x, y=list(panel.points), mode="lines+markers", name=panel.title),
            row=row,
            col=1,
        )
        if panel.lower is not None:
            figure.add_trace(
                go.Scatter(x=x, y=list(panel.lower), mode="lines+markers", name="lower"),
                row=row,
                col=1,
            )
        for name, values, dash in (
            ("UCL", panel.ucl, "dash"),
            ("centre", panel.center, "solid"),
            ("LCL", panel.lcl, "dash"),
        ):
            figure.add_trace(
                go.Scatter(
                    x=x,
                    y=list(values),
                    mode="lines",
                    line={"shape": "hvh", "dash": dash, "color": "grey"},
                    name=name,
                    showlegend=False,
                ),
                row=row,
                col=1,
            )
        if panel.flagged:
            figure.add_trace(
                go.Scatter(
                    x=[i + 1 for i in panel.flagged],
                    y=[panel.points[i] for i in panel.flagged],
                    mode="markers",
                    marker={"color": "red", "size": 10},
                    name="signal",
                ),
                row=row,
                col=1,
            )
        if baseline < len(panel.points):
            figure.add_vline(x=baseline + 0.5, line_dash="dot", row=row, col=1)
    figure.update_layout(title=title, showlegend=False, height=350 * len(panels))
    return figure


def write_chart(path: Path, title: str, panels: Sequence[Panel], baseline: int) -> None:
    """Write an HTML page (plotly.js inlined, opens offline) or a PNG (needs kaleido)."""
    figure = chart_figure(title, panels, baseline)
    suffix = path.suffix.lower()
    if suffix in {".html", ".htm"}:
        figure.write_html(str(path), include_plotlyjs=True)
    elif suffix == ".png":
        if importlib.util.find_spec("kaleido") is None:
            raise InputError(
                f"cannot write {path}: PNG output needs the 'kaleido' package "
                "(pip install kaleido); write an .html chart instead",
                field="output",
            )
        figure.write_image(str(path))
    else:
        raise InputError(f"cannot write {path}: the chart file must end in .html or .png", "output")

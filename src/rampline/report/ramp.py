"""The ramp-up report: one self-contained HTML page comparing the base plan
with its scenarios, for a planner to open offline and forward by mail.

Takes plain numbers (per-run arrays, shares, step functions), not simulation
result objects, so that ``report`` does not depend on ``simulation`` (they are
sibling layers); the CLI maps one onto the other. plotly.js is inlined once,
in the page head, and every figure is drawn from it: no CDN, no network.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from plotly.offline import get_plotlyjs

from rampline.report import ramp_figures

SHARE_NAMES = ("busy", "blocked", "starved", "down", "unstaffed")


@dataclass(frozen=True)
class SkillSteps:
    """Qualified operators and trainees of one skill; each value holds from its
    moment (minutes after start) until the next."""

    skill: str
    minutes: Sequence[float]
    qualified: Sequence[int]
    trainees: Sequence[int]


@dataclass(frozen=True)
class DemandMark:
    product: str
    quantity: int
    due: date


@dataclass(frozen=True)
class PlanData:
    """One plan (the base plan or a scenario) as the report needs it."""

    name: str
    description: str
    on_time: float  # probability that every demand line is on time
    completion_minutes: np.ndarray  # per run, after start
    # The daily curves may come from the first runs only (a random sample of them;
    # the simulation keeps a bounded number: montecarlo.SERIES_RUNS).
    finished: np.ndarray  # [runs, days] cumulative finished units at the end of each day
    stock: np.ndarray  # [runs, days, materials] at the end of each day
    shares: Mapping[str, Mapping[str, float]]  # station -> share name -> mean share
    bottleneck: str
    people: Sequence[SkillSteps] = ()


@dataclass(frozen=True)
class CompareTable:
    headers: Sequence[str]
    rows: Sequence[Sequence[str]]
    caption: str = ""
    notes: Sequence[str] = ()


@dataclass(frozen=True)
class RampReport:
    factory: str
    start: datetime
    runs: int
    seed: int
    verdict: str
    demand: Sequence[DemandMark]
    materials: Sequence[str]
    plans: Sequence[PlanData]  # the base plan first
    table: CompareTable
    command: str = ""
    version: str = ""
    warnings: Sequence[str] = field(default_factory=tuple)


_CONFIG = {"displaylogo": False, "responsive": True}


def render_report(report: RampReport) -> str:
    """The whole HTML page as text."""
    env = Environment(
        loader=PackageLoader("rampline.report", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    sections = [
        (key, title, help_text, Markup(_div(fig, key)))
        for key, title, help_text, fig in ramp_figures.figures(report)
    ]
    return env.get_template("ramp.html").render(
        r=report,
        plotly_js=Markup(get_plotlyjs()),
        sections=sections,
        due=max(d.due for d in report.demand) if report.demand else None,
        total_demand=sum(d.quantity for d in report.demand),
    )


def _div(fig: object, key: str) -> str:
    html: str = fig.to_html(  # type: ignore[attr-defined]
        full_html=False, include_plotlyjs=False, div_id=f"plot-{key}", config=_CONFIG
    )
    return html

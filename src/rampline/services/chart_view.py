"""A control chart as the JSON object ``rampline spc --json`` prints (same keys).

``center``, ``lcl``, ``ucl`` (a number, or a list when limits vary), ``sigma``,
``points`` (``null`` where a point does not exist, e.g. the first moving
range), ``beyond`` and ``violations`` (1-based positions), ``baseline``,
``excluded``, ``dispersion`` for two-part charts and ``capability`` when the
characteristic has spec limits. See docs/spc.md, "Output".
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt

from rampline import spc


def finite(value: float) -> float | None:
    """A number for JSON: NaN and infinities become null."""
    value = float(value)
    return value if math.isfinite(value) else None


def _values(values: npt.NDArray[np.float64], vary: bool) -> float | list[float | None] | None:
    if vary:
        return [finite(v) for v in values]
    kept = values[np.isfinite(values)]
    return finite(kept[0]) if kept.size else None


def part_json(part: spc.ChartPart, sigma: float, rules: str) -> dict[str, Any]:
    vary = part.limits_vary
    return {
        "center": _values(part.center, vary),
        "lcl": _values(part.lcl, vary),
        "ucl": _values(part.ucl, vary),
        "sigma": finite(sigma),
        "points": [finite(v) for v in part.points],
        "beyond": [i + 1 for i in part.beyond()],
        "violations": [
            {"rule": v.rule, "points": [i + 1 for i in v.indices]}
            for v in spc.check_part(part, rules)
        ],
    }


def _index_json(name: str, index: spc.Index | None) -> dict[str, Any]:
    if index is None:
        return {name: None, f"{name}_ci": None}
    return {name: finite(index.value), f"{name}_ci": [finite(index.low), finite(index.high)]}


def capability_json(result: spc.Capability) -> dict[str, Any]:
    out: dict[str, Any] = {"n": result.n, "lsl": result.lsl, "usl": result.usl}
    for name in ("cp", "cpk", "pp", "ppk"):
        out.update(_index_json(name, getattr(result, name)))
    out.update(
        cpm=result.cpm,
        confidence=result.confidence,
        center=finite(result.center),
        sigma_within=finite(result.sigma_within),
        sigma_overall=finite(result.sigma_overall),
        normality=None
        if result.normality is None
        else {
            "test": result.normality.test,
            "statistic": finite(result.normality.statistic),
            "p_value": finite(result.normality.p_value),
        },
    )
    return out


def chart_json(
    chart: spc.ControlChart, rules: str, capability: spc.Capability | None
) -> dict[str, Any]:
    """The keys of ``rampline spc --json`` for a Shewhart chart."""
    out: dict[str, Any] = {"chart": chart.kind}
    out.update(part_json(chart.main, chart.sigma, rules))
    out["baseline"] = chart.baseline
    out["excluded"] = [int(i) + 1 for i in np.flatnonzero(~chart.in_limits[: chart.baseline])]
    if chart.dispersion is not None:
        out["dispersion"] = part_json(chart.dispersion, chart.sigma, rules)
    if capability is not None:
        out["capability"] = capability_json(capability)
    return out

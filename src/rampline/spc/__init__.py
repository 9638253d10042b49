"""Statistical process control: control charts, run rules, capability and yields.

A pure core (numpy and scipy only): functions take arrays and return frozen
results; reading files, drawing charts and printing belong to the adapters.
"""

from rampline.spc.attributes import c_chart, np_chart, p_chart, u_chart
from rampline.spc.capability import Capability, Index, capability
from rampline.spc.chart import ChartPart, ControlChart
from rampline.spc.charts import i_mr, xbar_r, xbar_r_summary, xbar_s, xbar_s_summary
from rampline.spc.constants import c4, d2, d3
from rampline.spc.cusum import CusumChart, cusum
from rampline.spc.ewma import EwmaChart, ewma
from rampline.spc.normality import NormalityCheck, check_normality
from rampline.spc.rules import RULE_SETS, Violation, check_part, check_rules
from rampline.spc.yields import (
    LineYield,
    OperationYield,
    ParetoBar,
    first_pass_yields,
    line_yield,
    pareto,
)

__all__ = [
    "RULE_SETS",
    "Capability",
    "ChartPart",
    "ControlChart",
    "CusumChart",
    "EwmaChart",
    "Index",
    "LineYield",
    "NormalityCheck",
    "OperationYield",
    "ParetoBar",
    "Violation",
    "c4",
    "c_chart",
    "capability",
    "check_normality",
    "check_part",
    "check_rules",
    "cusum",
    "d2",
    "d3",
    "ewma",
    "first_pass_yields",
    "i_mr",
    "line_yield",
    "np_chart",
    "p_chart",
    "pareto",
    "u_chart",
    "xbar_r",
    "xbar_r_summary",
    "xbar_s",
    "xbar_s_summary",
]

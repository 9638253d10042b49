"""Rampline: plan, simulate and track a production ramp-up from one model of the line."""

from rampline.errors import FactoryFileError, Problem, RamplineError

__version__ = "0.1.0"

__all__ = ["FactoryFileError", "Problem", "RamplineError", "__version__"]

"""Imports every command module so that each registers itself on ``app``."""

from rampline.cli import capacity, check, simulate, spc  # noqa: F401

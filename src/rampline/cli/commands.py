"""Imports every command module so that each registers itself on ``app``."""

from rampline.cli import (  # noqa: F401
    capacity,
    check,
    compare,
    demo,
    report,
    serve,
    simulate,
    spc,
    spc_compare,
    tracking,
)

"""Imports every command module so that each registers itself on ``app``."""

from rampline.cli import (
    capacity,  # noqa: F401
    check,  # noqa: F401
    compare,  # noqa: F401
    demo,  # noqa: F401
    report,  # noqa: F401
    serve,  # noqa: F401
    simulate,  # noqa: F401
    spc,  # noqa: F401
    spc_compare,  # noqa: F401
    status,  # noqa: F401
    tracking,  # noqa: F401
)

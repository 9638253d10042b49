"""The line as Rampline understands it: frozen dataclasses, standard library only.

Times inside the core are minutes (floats). Absolute moments are minutes after
the plan's ``start``; the calendar module converts to and from date-times.
"""

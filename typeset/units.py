"""Lengths written by people ("3mm", "0.125in", "9pt", "1.2cm") into PDF points.

Takes strings or numbers; gives floats. Knows nothing of YAML or ReportLab.
Raises a plain `ValueError` with what was expected; the caller adds the location.
"""

from __future__ import annotations

import re

POINTS_PER = {"pt": 1.0, "mm": 72.0 / 25.4, "cm": 72.0 / 2.54, "in": 72.0}

_LENGTH = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*([a-z]*)\s*$")


def parse_length(value: object) -> float:
    """Return the length in points; a bare number is already in points."""
    if isinstance(value, bool):
        raise ValueError(f"expected a length such as 12mm or 9pt, found {value!r}")
    if isinstance(value, int | float):
        return float(value)
    if not isinstance(value, str):
        raise ValueError(f"expected a length such as 12mm or 9pt, found {type(value).__name__}")
    match = _LENGTH.match(value)
    if not match:
        raise ValueError(f"expected a length such as 12mm or 9pt, found {value!r}")
    number, unit = match.groups()
    if unit == "":
        unit = "pt"
    if unit not in POINTS_PER:
        units = ", ".join(POINTS_PER)
        raise ValueError(f"unknown unit {unit!r} in {value!r}; use one of {units}")
    return float(number) * POINTS_PER[unit]

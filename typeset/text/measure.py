"""How wide a run of text is: the one measurement the line breaker sees.

Takes a run (text, a registered font name, a size in points); gives its
advance width in points. `ReportLabMeasure` uses ReportLab's own metrics, the
same ReportLab draws with, so a line measured here is exactly as wide on the
page. Right-to-left scripts will need shaped glyph runs (HarfBuzz advances):
another `Measure` with the same method, so that the breaker does not change.
Must not draw, and must not decide a style.
"""

from __future__ import annotations

from typing import Protocol

from reportlab.pdfbase.pdfmetrics import stringWidth


class Measure(Protocol):
    def width(self, text: str, font: str, size: float) -> float:
        """The advance width of `text` set in `font` at `size` points."""
        ...


class ReportLabMeasure:
    """Advance widths from the fonts' metrics, as ReportLab draws them (no
    kerning, no shaping). Remembers what it measured: a paragraph is measured
    again for every column width it is tried at."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, str, float], float] = {}

    def width(self, text: str, font: str, size: float) -> float:
        key = (text, font, size)
        known = self._known.get(key)
        if known is None:
            known = self._known[key] = float(stringWidth(text, font, size))
        return known

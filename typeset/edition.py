"""Print or screen: the one place that says what an edition changes.

Takes nothing but the edition's name; gives the `Edition` switches that every
stage reads instead of testing the name: the sheet a page is printed on (trim
only on screen; bleed and slug round it in print), the colour space, whether
images are separated to CMYK and checked for sharpness, whether the story is
padded to the binding's page multiple, and whether the file is finished for a
press (PDF/X, which also removes links). Layout, render and compile ask these
questions here, so that an edition is never decided in two places that drift.
Knows nothing of pages' content or drawing.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from .geometry import Sheet, sheet

if TYPE_CHECKING:
    from .production import PrintSpec


class ColourSpace(StrEnum):
    """The colour space an edition paints in; the value is ReportLab's
    `enforceColorSpace` name."""

    CMYK = "cmyk"
    RGB = "rgb"


@dataclass(frozen=True)
class Edition:
    """One variant of an issue's PDF; the variants differ only in these switches."""

    name: str
    colour_space: ColourSpace
    #: appended to the issue file's stem for the PDF's name
    suffix: str
    #: pages carry bleed, slug, boxes and marks; the file is finished as PDF/X-4,
    #: which also removes link annotations (PDF/X keeps the printed area clear)
    press: bool

    def sheet(self, trim_size: tuple[float, float], press: PrintSpec) -> Sheet:
        """The press boxes of every page: trim only on screen; bleed and slug in print."""
        if self.press:
            return sheet(trim_size, bleed=press.bleed, slug=press.slug)
        return sheet(trim_size)

    def pads_for_binding(self, press: PrintSpec) -> bool:
        """Whether the story is padded to the binding's multiple of four pages."""
        return self.press and press.saddle_stitch

    @property
    def separates_images(self) -> bool:
        """Images are converted to the press's CMYK and checked for print resolution."""
        return self.press

    @property
    def finished_for_press(self) -> bool:
        """The written file is finished as PDF/X (boxes, output intent, no links)."""
        return self.press


EDITIONS: dict[str, Edition] = {
    "print": Edition("print", ColourSpace.CMYK, "-print", press=True),
    "screen": Edition("screen", ColourSpace.RGB, "", press=False),
}

"""How wide a run of text is: the one measurement the line breaker sees.

Takes a run and gives its advance width in points, the same width it is
drawn at, so that a line measured here is exactly as wide on the page.
`ReportLabMeasure` measures Latin runs (text, a registered font name, a
size) with ReportLab's own metrics. `ShapedMeasure` measures a stretch of a
right-to-left or mixed paragraph (logical text with its bidi levels) as
HarfBuzz shapes it, in the fonts and direction it will be drawn in: the
breaker gets plain widths either way and does not change. Must not draw, and
must not decide a style.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from reportlab.pdfbase.pdfmetrics import stringWidth

from .bidi import Paragraph
from .shaping import choose_fonts, shape, shape_line


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


#: Per look, the fonts that set it: (left-to-right candidates, right-to-left
#: candidates), as `shaping.shape_line` takes them.
LookFonts = tuple[tuple[tuple[Path, ...], tuple[Path, ...]], ...]


class ShapedMeasure:
    """Widths of the words and spaces of shaped paragraphs, as HarfBuzz sets
    them: a word in its own bidi levels, fonts and looks (`shape_line` of the
    word alone, with the paragraph around it as context), a space in the font
    its level chooses. A line's width is then the sum of its words and
    spaces, because no letter joins across a space; what kerning across a
    space or a change of run might add is left to the drawing, which
    justifies from the line as shaped.

    Remembers every word it shaped, keyed by what decides its glyphs (its
    text, the characters either side when they are not spaces, its levels,
    looks, fonts, size and language): words recur across paragraphs, and a
    paragraph is measured at every width it is tried at."""

    #: forget everything past this many words (a long compile sets many issues)
    LIMIT = 1 << 16

    def __init__(self) -> None:
        self._known: dict[tuple[object, ...], float] = {}

    def word(
        self,
        par: Paragraph,
        start: int,
        end: int,
        *,
        looks: Sequence[int],
        look_fonts: LookFonts,
        size: float,
        language: str,
    ) -> float:
        """The width of `par.text[start:end]` (no space in it) as drawn in a line."""
        text = par.text
        before = text[start - 1] if start > 0 and not text[start - 1].isspace() else ""
        after = text[end] if end < len(text) and not text[end].isspace() else ""
        key = (
            text[start:end],
            before,
            after,
            par.levels[start:end],
            tuple(looks[start:end]),
            look_fonts,
            size,
            language,
        )
        known = self._known.get(key)
        if known is None:
            if len(self._known) > self.LIMIT:
                self._known.clear()
            shaped = shape_line(
                par,
                start,
                end,
                fonts=(),
                size=size,
                language=language,
                looks=looks,
                look_fonts=look_fonts,
            )
            known = self._known[key] = shaped.width
        return known

    def space(
        self,
        par: Paragraph,
        index: int,
        *,
        look_fonts: LookFonts,
        look: int,
        size: float,
        language: str,
    ) -> float:
        """The width of the space at `index` inside a line: in the font its
        resolved level chooses (a Persian space between Persian words, a Latin
        one between Latin words). Measured alone it would take the paragraph's
        level, as at a line's end (rule L1), and could take the other font."""
        rtl = par.levels[index] % 2 == 1
        latin, arabic = look_fonts[look]
        candidates = [*arabic, *latin] if rtl else [*latin, *arabic]
        (font,) = choose_fonts(par.text, index, [candidates])
        key = ("space", par.text[index], font, size, rtl, language)
        known = self._known.get(key)
        if known is None:
            run = shape(
                par.text, index, index + 1, font=font, size=size, rtl=rtl, language=language
            )
            known = self._known[key] = run.width
        return known

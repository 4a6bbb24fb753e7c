"""A paragraph of right-to-left or mixed-direction text, as a ReportLab flowable.

Takes `RichText` (from `markup`), a paragraph style and, per look (plain,
italic, bold, link), the fonts that set it; gives a flowable that breaks the
logical text into lines at spaces, measuring HarfBuzz's shaped widths, then
orders and shapes each line on its own (`text.bidi`, `text.shaping`) and
draws its glyphs (`text.glyphs`). A right-to-left paragraph starts at the
right edge; justified lines stretch their spaces (no kashida), the last line
is not stretched; no hyphenation. It splits between lines across columns,
keeping two lines on either side as the brand's Latin paragraphs do. Decides
no style: fonts, sizes and colours arrive as arguments.

Line breaking is greedy (first fit), like ReportLab's own. The total-fit
breaker (`text/breaker.py`) could set these paragraphs too: it would take its
box widths from `_advances` below (each character's share of the shaped
width) instead of `text/measure.py`'s Latin metrics; not done yet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from .markup import RichText
from .text import bidi
from .text.glyphs import draw_line
from .text.shaping import GlyphRun, ShapedLine, shape_line

#: Lines kept together at a column break, on either side (the brand's Latin
#: paragraphs are set with allowWidows=0 and allowOrphans=0: two lines).
_KEEP = 2


@dataclass(frozen=True)
class Look:
    """How a span is set: its fonts (left-to-right, then right-to-left
    candidates), its colour and the link it leads to."""

    fonts: tuple[Path, ...]
    rtl_fonts: tuple[Path, ...]
    colour: Color
    href: str | None = None


@dataclass(frozen=True)
class _Line:
    start: int
    end: int  # spaces at the break excluded
    last: bool


class ShapedParagraph(Flowable):  # type: ignore[misc]
    def __init__(
        self,
        text: RichText,
        style: ParagraphStyle,
        looks: Sequence[Look],
        span_looks: Sequence[int],
        *,
        base: bidi.Direction | None,
        language: str,
        uppercase: bool = False,
    ) -> None:
        super().__init__()
        plain = "".join(s.text.upper() if uppercase else s.text for s in text.spans)
        # line breaks inside a paragraph are spaces, as in ReportLab's paragraphs
        self.text = " ".join(plain.split("\n"))
        self.style = style
        self.looks = tuple(looks)
        self.char_looks = [
            look for span, look in zip(text.spans, span_looks, strict=True) for _ in span.text
        ]
        self.par = bidi.paragraph(self.text, base)
        self.language = language
        self._lines: list[_Line] | None = None
        self._wrapped_at: float | None = None
        self.width = 0.0
        self.height = 0.0

    # -- measuring -------------------------------------------------------------
    def _shape(self, start: int, end: int) -> ShapedLine:
        return shape_line(
            self.par,
            start,
            end,
            fonts=(),
            size=self.style.fontSize,
            language=self.language,
            looks=self.char_looks,
            look_fonts=[(look.fonts, look.rtl_fonts) for look in self.looks],
        )

    def _advances(self) -> list[float]:
        """Each character's share of the width, from the paragraph shaped as
        one line: joins never cross a space, so a line's width is the sum of
        its characters' shares (up to kerning at a change of run)."""
        shares = [0.0] * len(self.text)
        for run in self._shape(0, len(self.text)).runs:
            for glyph in run.glyphs:
                shares[glyph.cluster] += glyph.advance
        return shares

    def _break(self, width: float) -> list[_Line]:
        shares = self._advances()
        words: list[tuple[int, int]] = []  # (start, end) of each word
        index = 0
        while index < len(self.text):
            while index < len(self.text) and self.text[index] == " ":
                index += 1
            begin = index
            while index < len(self.text) and self.text[index] != " ":
                index += 1
            if index > begin:
                words.append((begin, index))
        lines: list[_Line] = []
        line_start: int | None = None
        line_end = 0
        for begin, finish in words:
            if line_start is None:
                line_start, line_end = begin, finish
                continue
            if sum(shares[line_start:finish]) <= width:
                line_end = finish
            else:
                lines.append(_Line(line_start, line_end, False))
                line_start, line_end = begin, finish
        if line_start is not None:
            lines.append(_Line(line_start, line_end, True))
        return lines

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self._lines is None or self._wrapped_at != avail_width:
            self._lines = self._break(avail_width)
            self._wrapped_at = avail_width
        self.width = avail_width
        self.height = len(self._lines) * self.style.leading
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        assert self._lines is not None
        fit = int((avail_height + 1e-6) // self.style.leading)
        total = len(self._lines)
        if fit >= total:
            return [self]
        fit = min(fit, total - _KEEP)
        if fit < _KEEP:
            return []
        first, rest = self._lines[:fit], self._lines[fit:]
        return [self._part(first, avail_width), self._part(rest, avail_width)]

    def _part(self, lines: list[_Line], width: float) -> ShapedParagraph:
        part = ShapedParagraph.__new__(ShapedParagraph)
        Flowable.__init__(part)
        part.__dict__.update(
            {k: v for k, v in self.__dict__.items() if k not in ("canv", "_frame")}
        )
        part._lines = lines
        part._wrapped_at = width
        part.style = self.style.clone(self.style.name + "-part")
        if lines[0] is not self._lines[0]:  # type: ignore[index]
            part.style.spaceBefore = 0
        if lines[-1] is not self._lines[-1]:  # type: ignore[index]
            part.style.spaceAfter = 0
        return part

    def getSpaceBefore(self) -> float:  # noqa: N802 (ReportLab's name)
        return float(self.style.spaceBefore)

    def getSpaceAfter(self) -> float:  # noqa: N802 (ReportLab's name)
        return float(self.style.spaceAfter)

    # -- drawing ---------------------------------------------------------------
    def draw(self) -> None:
        assert self._lines is not None
        canvas = self.canv
        rtl = self.par.direction == "rtl"
        y = self.height - self.style.fontSize
        colours = [look.colour for look in self.looks]
        for line in self._lines:
            shaped = self._shape(line.start, line.end)
            slack = self.width - shaped.width
            spaces = self.text.count(" ", line.start, line.end)
            spacing = 0.0
            align = self.style.alignment
            if align == TA_JUSTIFY and not line.last and spaces:
                spacing = slack / spaces
                x = 0.0
            elif align == TA_CENTER:
                x = slack / 2
            elif (align == TA_RIGHT) != rtl:
                x = slack  # the start of a right-to-left line is its right end
            else:
                x = 0.0

            def link(run: GlyphRun, left: float, right: float, y: float = y) -> None:
                href = self.looks[run.look].href
                if href:
                    area = (left, y - self.style.fontSize * 0.25, right, y + self.style.fontSize)
                    canvas.linkURL(href, area, relative=1, thickness=0)

            draw_line(canvas, shaped, x, y, spacing=spacing, colours=colours, on_run=link)
            y -= self.style.leading

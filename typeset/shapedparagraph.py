"""A paragraph of right-to-left or mixed-direction text, as a ReportLab flowable.

Takes `RichText` (from `markup`), a paragraph style, per look (plain,
italic, bold, link) the fonts that set it, and, for justified text, the
brand's `Knobs`; gives a flowable that breaks the logical text into lines
with the same breaker as the Latin text (`text.breaker`), then orders and
shapes each line on its own (`text.bidi`, `text.shaping`) and draws its
glyphs (`text.glyphs`). Decides no style: fonts, sizes and colours arrive as
arguments.

Line breaking works on the logical text, before any reordering: a box per
word, a glue per space, and nothing else. A line may break only at a space;
a ZWNJ (U+200C) is part of its word, zero width, and never a break; no word
is hyphenated (Persian is not). Widths come from HarfBuzz through
`text.measure.ShapedMeasure`, which shapes each word once in the fonts,
direction and look it is drawn in. Justified text goes to the total-fit
breaker: a space may stretch and shrink by the brand's share of the
paragraph's own space (the Persian font's, 0.22 em in Noto Naskh Arabic,
for a right-to-left paragraph). Ragged text (headlines, captions, centred
lines), and justified text when the brand chose `breaker: greedy`, is broken
first-fit, as ReportLab breaks the Latin text of those styles. A word wider
than the column may break between any two characters (at its URL
punctuation first), as the composer breaks Latin ones.

A right-to-left paragraph starts at the right edge; a justified line is
stretched to both edges by its spaces, measured again from the line as
shaped (no kashida); the last line is not stretched. It splits between lines
across columns, keeping two lines on either side as the brand's Latin
paragraphs do.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from .markup import RichText
from .text import bidi
from .text.breaker import Box, Glue, Item, Penalty, compose, finish, first_fit, lines_at
from .text.composed import CHAR_BREAK_PENALTY, URL_BREAK_PENALTY, URL_BREAKS, Knobs
from .text.glyphs import draw_line
from .text.measure import LookFonts, ShapedMeasure
from .text.shaping import GlyphRun, ShapedLine, shape, shape_line

#: Lines kept together at a column break, on either side (the brand's Latin
#: paragraphs are set with allowWidows=0 and allowOrphans=0: two lines).
_KEEP = 2
#: Where a line may break: a space. (A no-break space, a ZWNJ, are not.)
_SPACE = " "
#: Characters a word too wide for the column is never cut after or before:
#: the joiners, which belong to the letters on both sides.
_JOINERS = frozenset("\u200c\u200d")

_MEASURE = ShapedMeasure()


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


@dataclass(frozen=True)
class _Token:
    """A word (start to end, no space in it) or one space, with its width."""

    start: int
    end: int
    width: float
    space: bool


class ShapedParagraph(Flowable):  # type: ignore[misc]
    #: a refused split leaves its lines as they were (see `layout.compose`)
    keeps_lines_after_split = True

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
        knobs: Knobs | None = None,
    ) -> None:
        super().__init__()
        plain = "".join(s.text.upper() if uppercase else s.text for s in text.spans)
        # line breaks inside a paragraph are spaces, as in ReportLab's paragraphs
        self.text = " ".join(plain.split("\n"))
        self.style = style
        self.looks = tuple(looks)
        self.look_fonts: LookFonts = tuple((look.fonts, look.rtl_fonts) for look in self.looks)
        self.char_looks = [
            look for span, look in zip(text.spans, span_looks, strict=True) for _ in span.text
        ]
        self.par = bidi.paragraph(self.text, base)
        self.language = language
        #: the total-fit breaker's settings; None breaks first-fit
        self.knobs = knobs
        #: 1 when every line met the tolerance; from 3 on, lines may be loose
        #: (the breaker's passes, as `ComposedParagraph.passes` says them)
        self.passes = 1
        self._tokens: list[_Token] | None = None
        self._base: float | None = None
        self._lines: list[_Line] | None = None
        self._wrapped_at: float | None = None
        self.width = 0.0
        self.height = 0.0

    def __repr__(self) -> str:
        return f"<ShapedParagraph {self.text[:40]!r}>"

    @property
    def flush_right(self) -> bool:
        """Whether its lines start at the right edge: a right-to-left
        paragraph, or a left-to-right one aligned right (not centred)."""
        align = self.style.alignment
        return bool(align != TA_CENTER) and (align == TA_RIGHT) != (self.par.direction == "rtl")

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
            look_fonts=self.look_fonts,
        )

    def _width(self, start: int, end: int) -> float:
        return _MEASURE.word(
            self.par,
            start,
            end,
            looks=self.char_looks,
            look_fonts=self.look_fonts,
            size=self.style.fontSize,
            language=self.language,
        )

    def _space(self, index: int) -> float:
        return _MEASURE.space(
            self.par,
            index,
            look_fonts=self.look_fonts,
            look=self.char_looks[index],
            size=self.style.fontSize,
            language=self.language,
        )

    def tokens(self) -> list[_Token]:
        """The words and spaces of the paragraph, measured (once: they do not
        depend on the width)."""
        if self._tokens is None:
            tokens: list[_Token] = []
            index, text = 0, self.text
            while index < len(text):
                if text[index] == _SPACE:
                    tokens.append(_Token(index, index + 1, self._space(index), True))
                    index += 1
                    continue
                begin = index
                while index < len(text) and text[index] != _SPACE:
                    index += 1
                tokens.append(_Token(begin, index, self._width(begin, index), False))
            self._tokens = tokens
        return self._tokens

    def _base_space(self) -> float:
        """The paragraph's own space, which the brand's stretch and shrink are
        shares of: the first font of look 0 in the paragraph's direction."""
        latin, arabic = self.look_fonts[0] if self.look_fonts else ((), ())
        own = arabic if self.par.direction == "rtl" and arabic else latin
        if not own:
            return 0.0
        run = shape(
            " ",
            0,
            1,
            font=own[0],
            size=self.style.fontSize,
            rtl=self.par.direction == "rtl",
            language=self.language,
        )
        return run.width

    # -- breaking --------------------------------------------------------------
    def items(self, width: float) -> list[Item]:
        """Boxes (words, payload: their logical range), glue (spaces) and,
        only in a word wider than `width`, penalties between its characters."""
        knobs = self.knobs
        if knobs and self._base is None:
            self._base = self._base_space()  # once: it does not depend on the width
        base = self._base or 0.0
        stretch = knobs.stretch * base if knobs else 0.0
        shrink = knobs.shrink * base if knobs else 0.0
        items: list[Item] = []
        for token in self.tokens():
            if token.space:
                if items:  # a space before the first word is not set
                    items.append(Glue(token.width, stretch, shrink))
            elif token.width <= width:
                items.append(Box(token.width, (token.start, token.end)))
            else:
                self._cut(items, token)
        return finish(items)

    def _cut(self, items: list[Item], token: _Token) -> None:
        """A word too wide for any line, in pieces that may break anywhere
        (at its URL punctuation first); no hyphen is added."""
        text = self.text
        begin = token.start
        for at in range(token.start + 1, token.end):
            if unicodedata.combining(text[at]) or text[at] in _JOINERS:
                continue
            if text[at - 1] in _JOINERS:
                continue
            items.append(Box(self._width(begin, at), (begin, at)))
            cost = URL_BREAK_PENALTY if text[at - 1] in URL_BREAKS else CHAR_BREAK_PENALTY
            items.append(Penalty(0.0, cost))
            begin = at
        items.append(Box(self._width(begin, token.end), (begin, token.end)))

    def _break(self, width: float) -> list[_Line]:
        items = self.items(width)
        if len(items) <= 3:  # nothing but the closing glue and penalties
            return []
        if self.knobs is not None:
            composition = compose(items, width, self.knobs.settings(float(self.style.fontSize)))
            lines, self.passes = composition.lines, composition.passes
        else:
            lines, self.passes = lines_at(items, first_fit(items, width)), 1
        found: list[_Line] = []
        for number, line in enumerate(lines):
            boxes = [item for item in items[line.start : line.end] if isinstance(item, Box)]
            if not boxes:
                continue
            first: tuple[int, int] = boxes[0].payload  # type: ignore[assignment]
            final: tuple[int, int] = boxes[-1].payload  # type: ignore[assignment]
            found.append(_Line(first[0], final[1], number == len(lines) - 1))
        return found

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self._lines is None or self._wrapped_at != avail_width:
            try:
                self._lines = self._break(avail_width)
            except ValueError:  # a character is wider than the column
                self._lines, self._wrapped_at = None, None
                return 0, 0x7FFFFFFF  # as ReportLab answers: it cannot fit here
            self._wrapped_at = avail_width
        self.width = avail_width
        self.height = len(self._lines) * self.style.leading
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        if self._lines is None:
            return []
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
    def lines(self) -> list[ShapedLine]:
        """The lines as they are drawn, shaped (after `wrap`)."""
        assert self._lines is not None, "wrap before asking for lines"
        return [self._shape(line.start, line.end) for line in self._lines]

    def draw(self) -> None:
        assert self._lines is not None
        canvas = self.canv
        rtl = self.par.direction == "rtl"
        y = self.height - self.style.fontSize
        colours = [look.colour for look in self.looks]
        for line, shaped in zip(self._lines, self.lines(), strict=True):
            slack = self.width - shaped.width
            spaces = self.text.count(_SPACE, line.start, line.end)
            spacing = 0.0
            align = self.style.alignment
            if align == TA_JUSTIFY and spaces and (not line.last or slack < 0):
                # both edges, from the line as shaped (a last line only
                # shrinks, when the breaker set it tighter than its natural width)
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

"""The newsletter's own ReportLab flowables.

Takes paragraphs and styles already built by `layout`; gives flowables that
know how to keep a headline with its text, draw tracked labels, tinted boxes and
page references that are filled in when the referenced headline is drawn.
Decides no style: every font, size and colour arrives as an argument.

Every flowable here declares its `role` (what kind of block it is: a label,
an item's head, a box, a figure, ...), as paragraphs do (body, summary,
caption, ...), so that a tagged PDF can later wrap each block in marked
content from its `draw`, the one place its marks are made.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from PIL import Image as PILImage
from reportlab.lib.colors import Color
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfdoc import XMP, PDFImageXObject, PDFObjectReference
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from . import fonts
from .text.bidi import paragraph as bidi_paragraph
from .text.glyphs import draw_line
from .text.links import as_drawn, break_link
from .text.scripts import needs_shaping
from .text.shaping import ShapedLine, shape_text
from .xmp import source_packet


@dataclass(frozen=True)
class Ink:
    """What a canvas needs to draw one line of text."""

    font: str
    size: float
    colour: Color
    tracking: float = 0.0
    #: the font for characters `font` has no glyph for
    fallback: str | None = None
    #: the font for right-to-left scripts (Persian), shaped by HarfBuzz
    script: str | None = None

    def runs(self, text: str) -> list[tuple[str, str]]:
        return fonts.runs(text, self.font, self.fallback)

    def shaped(self, text: str) -> ShapedLine:
        """`text` as one line of HarfBuzz glyph runs, left to right."""
        return shape_text(
            text,
            fonts=[fonts.path_of(f) for f in (self.font, self.fallback) if f],
            rtl_fonts=[fonts.path_of(self.script)] if self.script else [],
            size=self.size,
        )

    def width(self, text: str) -> float:
        if needs_shaping(text):
            return self.shaped(text).width
        advance = sum(float(stringWidth(part, font, self.size)) for font, part in self.runs(text))
        return advance + self.tracking * max(len(text) - 1, 0)


def draw_text(
    canv: Canvas, x: float, y: float, text: str, ink: Ink, *, align: str = "left"
) -> None:
    """One line of text at baseline `y`, aligned on `x`. Right-to-left text is
    shaped and ordered (without tracking, which would break its joins)."""
    width = ink.width(text)
    if align == "right":
        x -= width
    elif align == "center":
        x -= width / 2
    canv.setFillColor(ink.colour)
    if needs_shaping(text):
        draw_line(canv, ink.shaped(text), x, y)
        return
    for font, part in ink.runs(text):
        canv.setFont(font, ink.size)
        canv.drawString(x, y, part, charSpace=ink.tracking)
        x += float(stringWidth(part, font, ink.size)) + ink.tracking * len(part)


def starts_right(text: str) -> bool:
    """Whether a line of `text` reads right to left (its first strong
    character is Persian, Arabic or Hebrew)."""
    return needs_shaping(text) and bidi_paragraph(text).direction == "rtl"


class Label(Flowable):  # type: ignore[misc]
    """A short line of text drawn straight on the canvas (a kicker, a box title,
    a link line), with tracking and an optional link. Wider than the column, a
    link line is broken as an address breaks (`text.links`: after `/`, `.` or
    `-`, never inside a word); any other label becomes a paragraph, without the
    tracking."""

    role = "label"
    #: a refused split leaves it as wrapped (see `layout.compose`)
    keeps_lines_after_split = True

    def __init__(
        self,
        text: str,
        ink: Ink,
        leading: float,
        fallback: Callable[[], Paragraph],
        *,
        href: str | None = None,
        mirrored: bool = False,
    ) -> None:
        super().__init__()
        self.text = text
        self.href = href
        #: on a right-to-left page every label starts at the right, Latin ones too
        self.mirrored = mirrored
        self.ink = ink
        self.leading = leading
        self.make_fallback = fallback  # made only when needed: most labels fit
        self.fallback: Paragraph | None = None
        #: the lines as drawn: one, unless a link line is broken
        self.lines: tuple[str, ...] = (text,)
        #: pieces of the address wider than the column, cut inside (for the report)
        self.forced: tuple[str, ...] = ()

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.fallback, self.lines, self.forced = None, (self.text,), ()
        self.width, self.height = avail_width, self.leading
        if self.ink.width(self.text) <= avail_width:
            return self.width, self.height
        if self.href:
            broken = break_link(self.text, self.ink.width, avail_width)
            self.lines = tuple(as_drawn(line) for line in broken.lines)
            self.forced = broken.forced
            self.height = self.leading * len(self.lines)
        else:
            self.fallback = self.make_fallback()
            _, self.height = self.fallback.wrap(avail_width, avail_height)
        return self.width, self.height

    def draw(self) -> None:
        if self.fallback is not None:
            self.fallback.drawOn(self.canv, 0, 0)
            return
        # a right-to-left label (a Persian kicker) starts at the column's right edge
        right = self.mirrored or starts_right(self.text)
        top = self.height
        for line in self.lines:
            width = self.ink.width(line)
            x = self.width - width if right else 0.0
            draw_text(self.canv, x, top - self.ink.size, line, self.ink)
            if self.href:
                area = (x, top - self.leading, x + width, top)
                self.canv.linkURL(self.href, area, relative=1, thickness=0)
            top -= self.leading


def _stack_height(parts: Sequence[tuple[Flowable, float]], width: float) -> float:
    return float(sum(part.wrap(width, 1e9)[1] + gap for part, gap in parts))


def _draw_stack(canv: Canvas, parts: Sequence[tuple[Flowable, float]], top: float) -> None:
    y = top
    for part, gap in parts:
        y -= part.height
        part.drawOn(canv, 0, y)
        y -= gap


class Balanced(Flowable):  # type: ignore[misc]
    """A short paragraph (a headline) broken into lines of similar length, as
    CSS `text-wrap: balance` does: set at the narrowest width that keeps the
    number of lines it has at the full width, so that its last line is never
    one short word when another break exists. The paragraph is opaque: only
    its height at a width is asked for (lines = height / leading)."""

    role = "headline"
    #: a refused split leaves it as wrapped (see `layout.compose`)
    keeps_lines_after_split = True

    def __init__(self, paragraph: Paragraph, *, leading: float, max_lines: int = 4) -> None:
        super().__init__()
        self.paragraph = paragraph
        self.leading = leading
        self.max_lines = max_lines
        self._wrapped_at: float | None = None
        #: the width the paragraph is set at (at most the available width)
        self.measure = 0.0

    def _lines(self, width: float) -> int:
        return round(float(self.paragraph.wrap(width, 1e9)[1]) / self.leading)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if avail_width != self._wrapped_at:
            lines = self._lines(avail_width)
            measure = avail_width
            if 1 < lines <= self.max_lines:
                # Narrower than the full width shared by the lines it cannot be.
                low, high = avail_width * (lines - 1) / lines, avail_width
                while high - low > BALANCE_PRECISION:
                    middle = (low + high) / 2
                    if self._lines(middle) > lines:
                        low = middle
                    else:
                        high = middle
                measure = high
            _, height = self.paragraph.wrap(measure, 1e9)
            self.measure = measure
            self.width, self.height = avail_width, height
            self._wrapped_at = avail_width
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        # set narrower than the column: a headline that starts at the right
        # (Persian) keeps its right edge on the column's
        x = self.width - self.measure if getattr(self.paragraph, "flush_right", False) else 0
        self.paragraph.drawOn(self.canv, x, 0)


#: How close (points) balancing gets to the narrowest width that keeps the lines.
BALANCE_PRECISION = 1.0


class ItemHead(Flowable):  # type: ignore[misc]
    """Kicker, headline and summary of one item, kept together so that a headline
    never stands alone at the foot of a column: it moves on unless at least
    `min_lines` lines of the summary fit beneath it. The space and rule above
    an item are the composer's (see `layout.compose`).

    When drawn, calls `on_draw(canvas)` once, so that the page it lands on can be
    recorded (for the contents box and the bookmarks)."""

    role = "item_head"
    #: a refused split leaves it as wrapped (see `layout.compose`)
    keeps_lines_after_split = True

    def __init__(
        self,
        head: Sequence[tuple[Flowable, float]],
        summary: Paragraph,
        *,
        min_lines: int,
        on_draw: Callable[[Canvas], None] | None,
    ) -> None:
        super().__init__()
        self.head = list(head)
        self.summary = summary
        self.min_lines = min_lines
        self.on_draw = on_draw
        self._wrapped_at: float | None = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        # Line breaking depends only on the width; the composer asks again with
        # the same width (wrap, then split), so the answer is kept.
        if avail_width != self._wrapped_at:
            self._head_height = _stack_height(self.head, avail_width)
            _, summary_height = self.summary.wrap(avail_width, avail_height)
            self.width = avail_width
            self.height = self._head_height + summary_height
            self._wrapped_at = avail_width
        return self.width, self.height

    @property
    def head_height(self) -> float:
        """The kicker and headline with their spaces, as last wrapped."""
        return float(self._head_height)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        room = avail_height - self._head_height
        if room < self.summary.style.leading * self.min_lines:
            return []
        parts = self.summary.split(avail_width, room)
        if len(parts) != 2:
            # A paragraph that refuses a split may forget its lines (ReportLab's
            # do): set it again, so that this head stays as wrapped.
            self.summary.wrap(avail_width, 1e9)
            return []
        first = ItemHead(self.head, parts[0], min_lines=0, on_draw=self.on_draw)
        return [first, parts[1]]

    def draw(self) -> None:
        if self.on_draw is not None:
            self.on_draw(self.canv)
        _draw_stack(self.canv, [*self.head, (self.summary, 0.0)], self.height)


class Stack(Flowable):  # type: ignore[misc]
    """Flowables one under another, each followed by its space, never split:
    an image with its caption and credit, or a lead story's head across the
    columns. `on_draw(canvas)` is called once when it is drawn (see `ItemHead`)."""

    role = "stack"
    #: a refused split leaves it as wrapped (see `layout.compose`)
    keeps_lines_after_split = True

    def __init__(
        self,
        parts: Sequence[tuple[Flowable, float]],
        *,
        on_draw: Callable[[Canvas], None] | None = None,
        width: float | None = None,
    ) -> None:
        super().__init__()
        self.parts = list(parts)
        self.on_draw = on_draw
        #: at most this wide (an image's caption as wide as the image), centred
        self.fixed_width = width
        self._wrapped_at: float | None = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if avail_width != self._wrapped_at:
            width = min(avail_width, self.fixed_width or avail_width)
            self.width = width
            self.height = _stack_height(self.parts, width)
            self._wrapped_at = avail_width
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        if self.on_draw is not None:
            self.on_draw(self.canv)
        y = self.height
        for part, gap in self.parts:
            y -= part.height
            # a part narrower than the stack (an image scaled down) is centred
            part.drawOn(self.canv, max(self.width - part.width, 0.0) / 2, y)
            y -= gap


class PullQuote(Flowable):  # type: ignore[misc]
    """A sentence set large between two hairlines, `space` above and below the
    text, never split."""

    role = "pull_quote"
    #: a refused split leaves it as wrapped (see `layout.compose`)
    keeps_lines_after_split = True

    def __init__(self, paragraph: Paragraph, *, space: float, rule: tuple[float, Color]) -> None:
        super().__init__()
        self.paragraph = paragraph
        self.space = space
        self.rule = rule

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        _, height = self.paragraph.wrap(avail_width, avail_height)
        self.width, self.height = avail_width, height + 2 * self.space
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        width, colour = self.rule
        self.canv.setStrokeColor(colour)
        self.canv.setLineWidth(width)
        for y in (width / 2, self.height - width / 2):
            self.canv.line(0, y, self.width, y)
        self.paragraph.drawOn(self.canv, 0, self.space)


@dataclass(frozen=True)
class BoxRow:
    """A line of a box; `ref` names a form that will hold a right-aligned number."""

    paragraph: Flowable
    ref: str | None = None
    gap: float = 0.0


class Box(Flowable):  # type: ignore[misc]
    """A tinted panel with a title and rows (contents, related issues, contact).
    Splits between rows when it cannot fit a column."""

    role = "box"
    #: a refused split leaves it as wrapped (see `layout.compose`)
    keeps_lines_after_split = True

    def __init__(
        self,
        title: Label | None,
        rows: Sequence[BoxRow],
        *,
        padding: float,
        background: Color,
        rule: tuple[float, Color],
        ref_width: float,
        ref_size: float,
    ) -> None:
        super().__init__()
        self.title = title
        self.rows = list(rows)
        self.padding = padding
        self.background = background
        self.rule = rule
        self.ref_width = ref_width
        self.ref_size = ref_size

    def _inner(self, avail_width: float) -> float:
        return avail_width - 2 * self.padding

    def _row_width(self, row: BoxRow, inner: float) -> float:
        return inner - self.ref_width if row.ref else inner

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        inner = self._inner(avail_width)
        height = 2 * self.padding
        if self.title is not None:
            height += self.title.wrap(inner, avail_height)[1] + self.padding / 2
        for row in self.rows:
            height += row.paragraph.wrap(self._row_width(row, inner), avail_height)[1] + row.gap
        self.width, self.height = avail_width, height
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        inner = self._inner(avail_width)
        used = 2 * self.padding
        if self.title is not None:
            used += self.title.wrap(inner, avail_height)[1] + self.padding / 2
        fit = 0
        for row in self.rows:
            used += row.paragraph.wrap(self._row_width(row, inner), avail_height)[1] + row.gap
            if used > avail_height:
                break
            fit += 1
        if fit == 0 or fit == len(self.rows):
            return []
        settings = dict(
            padding=self.padding,
            background=self.background,
            rule=self.rule,
            ref_width=self.ref_width,
            ref_size=self.ref_size,
        )
        return [
            Box(self.title, self.rows[:fit], **settings),
            Box(None, self.rows[fit:], **settings),
        ]

    def draw(self) -> None:
        canv = self.canv
        canv.setFillColor(self.background)
        canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        rule_width, rule_colour = self.rule
        canv.setStrokeColor(rule_colour)
        canv.setLineWidth(rule_width)
        canv.line(0, self.height - rule_width / 2, self.width, self.height - rule_width / 2)
        inner = self._inner(self.width)
        y = self.height - self.padding
        if self.title is not None:
            y -= self.title.height
            self.title.drawOn(canv, self.padding, y)
            y -= self.padding / 2
        for row in self.rows:
            paragraph = row.paragraph
            y -= paragraph.height
            paragraph.drawOn(canv, self.padding, y)
            if row.ref:
                canv.saveState()
                canv.translate(self.padding + inner, y + paragraph.height - self.ref_size)
                canv.doForm(row.ref)
                canv.restoreState()
            y -= row.gap


def define_number_form(canv: Canvas, name: str, text: str, ink: Ink) -> None:
    """Fill the form `name`, already placed by a `Box` row, with right-aligned `text`."""
    width = ink.width(text)
    canv.beginForm(
        name,
        lowerx=-width - 2,
        lowery=-ink.size,
        upperx=2,
        uppery=ink.size * 1.5,
    )
    draw_text(canv, 0, 0, text, ink, align="right")
    canv.endForm()


class _SourcedImage(PDFImageXObject):  # type: ignore[misc]
    """ReportLab's image XObject with a /Metadata entry (`metadata`, a reference).

    ReportLab writes an image's dictionary from fixed fields and has no place
    for another key, so this writes its stream as ReportLab does and puts the
    reference first in the dictionary, which every stream object opens with."""

    metadata: PDFObjectReference

    def format(self, document: object) -> bytes:
        written: bytes = super().format(document)
        assert written.startswith(b"<<"), "a stream object starts with its dictionary"
        reference: bytes = self.metadata.format(document)
        return b"<<\n/Metadata " + reference + written[2:]


def _name_source(canv: Canvas, known: int, source: str) -> None:
    """Give the image XObject that the last `drawImage` registered (objects from
    index `known` on) an XMP packet naming its source file (`xmp.source_packet`).
    ReportLab's `XMP` stream, as the document's own packet, is written without
    a filter (PDF/A refuses one on the catalog's metadata; a reader finds the
    name with any tool)."""
    doc = canv._doc
    added = list(doc.idToObject.values())[known:]
    image = next((obj for obj in added if isinstance(obj, PDFImageXObject)), None)
    if image is None:  # the same pixels were drawn before and named then
        return
    packet = source_packet(source)
    # drawImage makes the object itself; only its class changes, not its state
    image.__class__ = _SourcedImage
    image.metadata = doc.Reference(XMP(creator=lambda _doc: packet))


class Picture(Flowable):  # type: ignore[misc]
    """An image at a fixed size; the image is a file, encoded bytes or decoded pixels.

    With `source` (the file's path as the issue gives it), the image XObject
    keeps that name in its own XMP metadata, so that preflight can name the
    file instead of the PDF's internal name."""

    role = "figure"
    #: a refused split leaves it as wrapped (see `layout.compose`)
    keeps_lines_after_split = True

    def __init__(
        self,
        image: Path | BinaryIO | PILImage.Image,
        width: float,
        height: float,
        *,
        source: str = "",
    ) -> None:
        super().__init__()
        self.image = image
        self.width = width
        self.height = height
        self.source = source

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        image = str(self.image) if isinstance(self.image, Path) else self.image
        known = len(self.canv._doc.idToObject)
        self.canv.drawImage(ImageReader(image), 0, 0, self.width, self.height)
        if self.source:
            _name_source(self.canv, known, self.source)


class NotesPage(Flowable):  # type: ignore[misc]
    """A page left for the reader's notes: a heading over ruled lines, filling
    the frame. Pads a print edition to the page count the binding needs."""

    role = "notes"

    def __init__(self, heading: str, ink: Ink, *, rule: Color, rule_width: float, pitch: float):
        super().__init__()
        self.heading = heading
        self.ink = ink
        self.rule = rule
        self.rule_width = rule_width
        self.pitch = pitch

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, avail_height
        return avail_width, avail_height * 0.999  # never taller than the frame

    def draw(self) -> None:
        canv = self.canv
        baseline = self.height - self.ink.size
        draw_text(canv, 0, baseline, self.heading, self.ink)
        canv.setStrokeColor(self.rule)
        canv.setLineWidth(self.rule_width)
        y = baseline - 2 * self.pitch
        while y > self.pitch / 2:
            canv.line(0, y, self.width, y)
            y -= self.pitch


class PadTo(Flowable):  # type: ignore[misc]
    """A marker at the end of a story: add filler pages until the page count is
    a multiple of `multiple` (`render` expands it). `make_page` gives one filler
    page's flowable; None means report the shortfall instead of filling it."""

    def __init__(
        self, multiple: int, template: str, make_page: Callable[[], Flowable] | None
    ) -> None:
        super().__init__()
        self.multiple = multiple
        self.template = template
        self.make_page = make_page

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0.0, 0.0

    def draw(self) -> None:
        pass

"""Drawing a shaped line on a ReportLab canvas, readable as the text typed.

Takes a `shaping.ShapedLine` and a position; draws every glyph at the place
HarfBuzz gave it, left to right, as every right-to-left PDF is drawn, and
gives each glyph a ToUnicode entry for the letters it stands for (a joined
letterform for its letter, a ligature for its letters), so that a viewer's
search and copy, and pdfium's text extraction, read the letters typed and
put right-to-left words back in reading order themselves. Touches nothing but
the canvas it is given.

Why our own drawing and not ReportLab's `shaping` option: ReportLab (4.1 to
5.1) shapes each fragment with HarfBuzz's guessed direction and no bidi step
(digit runs inside right-to-left text come out reversed), and maps every
glyph without a character of its own (each joined letterform) to a
private-use code point that its ToUnicode map passes on: the extracted text
is private-use characters and searching for a Persian word finds nothing.
Measured with ReportLab 5.1 (`shaping=1`, `wordWrap="RTL"`, Noto Naskh Arabic,
"سال ۱۴۰۳ آغاز شد."): the digits are drawn ۳۰۴۱, the full stop and a
question mark land on the wrong side, and pdfium extracts the number as
"۱\ue000۳۰" (a private-use character for the Persian form of ۴).
We keep ReportLab for what it does well, embedding a subset of the TrueType
font, and give it glyphs by code through `fonts.ShapedTTFont`, whose
ToUnicode map says what each of them stands for.

Measured with pdfium (tests/test_bidi.py): a Persian line extracts in
reading order, joined letters as their letters and ۱۴۰۳ in its order; a line
that mixes Latin words into Persian extracts each word correctly but pdfium's
own reordering of the whole line is approximate; a ZWNJ (zero width) is
dropped by pdfium's extraction, so "می‌رود" is found by searching "میرود".
An ActualText span per line or per cluster was tried first and read worse
by both pdfium and poppler, which reorder ActualText again as if it were
visual.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.lib.colors import Color
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from .. import fonts
from .scripts import BIDI_CONTROLS
from .shaping import GlyphRun, ShapedLine


def clusters(run: GlyphRun, text: str) -> list[tuple[str, list[int]]]:
    """The glyphs of `run` grouped by cluster, left to right: (the logical
    characters the cluster draws, indices of its glyphs in the run)."""
    starts = sorted({glyph.cluster for glyph in run.glyphs})
    ends = {
        begin: (starts[i + 1] if i + 1 < len(starts) else run.end) for i, begin in enumerate(starts)
    }
    groups: list[tuple[str, list[int]]] = []
    previous: int | None = None
    for index, glyph in enumerate(run.glyphs):
        if glyph.cluster == previous:
            groups[-1][1].append(index)
        else:
            groups.append((text[glyph.cluster : ends[glyph.cluster]], [index]))
            previous = glyph.cluster
    return groups


def _draw_run(
    canvas: Canvas, run: GlyphRun, text: str, x: float, y: float, spacing: float
) -> float:
    name = fonts.register(run.font)
    font = pdfmetrics.getFont(name)
    assert isinstance(font, fonts.ShapedTTFont), name
    line = canvas.beginText()
    line.setFont(name, run.size)
    for characters, indices in clusters(run, text):
        if BIDI_CONTROLS.issuperset(characters):
            continue  # an isolate typeset put in: zero width, nothing to read
        for position, index in enumerate(indices):
            glyph = run.glyphs[index]
            # the cluster's letters go with its first glyph; a further glyph
            # of the same cluster (a mark of its own) stands for nothing more
            code = font.glyph_code(
                glyph.gid, characters if position == 0 else "", glyph.advance * 1000 / run.size
            )
            line.setTextOrigin(x + glyph.x_offset, y + glyph.y_offset)
            line.textOut(code)
            x += glyph.advance
        if characters == " ":
            x += spacing
    canvas.drawText(line)
    return x


def draw_line(
    canvas: Canvas,
    line: ShapedLine,
    x: float,
    y: float,
    *,
    spacing: float = 0.0,
    colours: Sequence[Color] = (),
    on_run: Callable[[GlyphRun, float, float], None] | None = None,
) -> float:
    """Draw `line` with its left end at (`x`, `y`) on the baseline; return the
    right end. `spacing` is added after every space (justification); a run of
    look i is filled with `colours[i]` when given; `on_run(run, left, right)`
    is told where each run landed (for link areas)."""
    for run in line.runs:
        if colours:
            canvas.setFillColor(colours[run.look])
        left = x
        x = _draw_run(canvas, run, line.text, x, y, spacing)
        if on_run is not None:
            on_run(run, left, x)
    return x

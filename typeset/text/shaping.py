"""HarfBuzz shaping of one line of logical text into glyph runs, left to right.

Takes a paragraph (`bidi.Paragraph`), a line's range in it, the candidate
fonts (TrueType files) and a size; gives a `ShapedLine`: glyph runs in visual
order, each glyph with its id, its advance and offsets in points, and the
logical character range (cluster) it draws. Each run is shaped with an
explicit direction (from its bidi level), script and language, with the whole
paragraph as context, so that letters join across a change of font and a
right-to-left run comes back in visual order already mirrored ("(" drawn as
")"). Knows no brand and draws nothing (see `glyphs` for drawing).

Fonts are chosen per character: a right-to-left run prefers the
right-to-left font (its punctuation and digits match its letters), a
left-to-right run the main font; the first font that has the character wins,
and marks, joiners and spaces stay in the font of the letter before them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import uharfbuzz as hb
from fontTools.ttLib import TTFont

from .bidi import Direction, Paragraph, paragraph, visual_runs

#: Characters that take the font of the letter before them: the joiners
#: (ZWNJ must reach HarfBuzz in the same buffer as the letters it keeps apart).
_STICKY = frozenset("\u200c\u200d")


@dataclass(frozen=True)
class Glyph:
    gid: int
    cluster: int  # the logical index of the first character it draws
    advance: float  # points
    x_offset: float
    y_offset: float


@dataclass(frozen=True)
class GlyphRun:
    """Glyphs of one font and one direction, in visual order (left to right)."""

    font: Path
    size: float
    rtl: bool
    start: int  # the logical range of text the run draws
    end: int
    glyphs: tuple[Glyph, ...]
    look: int = 0  # which of the caller's looks (bold, a link ...) it is set in

    @property
    def width(self) -> float:
        return sum(glyph.advance for glyph in self.glyphs)


@dataclass(frozen=True)
class ShapedLine:
    text: str  # the whole paragraph's logical text
    start: int
    end: int
    runs: tuple[GlyphRun, ...]

    @property
    def width(self) -> float:
        return sum(run.width for run in self.runs)

    @property
    def logical(self) -> str:
        return self.text[self.start : self.end]


@cache
def _hb_font(path: Path) -> hb.Font:
    return hb.Font(hb.Face(hb.Blob.from_file_path(str(path))))


@cache
def cmap(path: Path) -> frozenset[int]:
    """The code points the font at `path` maps to a glyph."""
    font = TTFont(str(path), lazy=True)
    try:
        return frozenset(font.getBestCmap())
    finally:
        font.close()


def _script(text: str) -> str:
    for char in text:
        code = ord(char)
        if 0x0600 <= code <= 0x08FF or 0xFB50 <= code <= 0xFEFC:
            return "Arab"
        if 0x0590 <= code <= 0x05FF or 0xFB1D <= code <= 0xFB4F:
            return "Hebr"
        if char.isalpha():
            return "Latn"
    return "Zyyy"


def choose_fonts(text: str, start: int, candidates: Sequence[Sequence[Path]]) -> list[Path]:
    """The font of each character of `text[start:start + len(candidates)]`:
    the first of its candidates that has it; a space takes its first
    candidate's (the run's own font), a joiner or combining mark the font
    before it. A character no candidate has gets its first candidate (it
    would draw as that font's .notdef: coverage checks forbid it)."""
    chosen: list[Path | None] = []
    for offset, fonts in enumerate(candidates):
        char = text[start + offset]
        if char in _STICKY or unicodedata.combining(char):
            chosen.append(None)
            continue
        code = ord(char)
        if char.isspace() and code in cmap(fonts[0]):
            # a space between Persian words takes the Persian font's width
            chosen.append(fonts[0])
            continue
        chosen.append(next((font for font in fonts if code in cmap(font)), fonts[0]))
    previous: Path | None = None
    for index, font in enumerate(chosen):
        if font is None:
            chosen[index] = previous
        else:
            previous = font
    following: Path | None = None
    for index in range(len(chosen) - 1, -1, -1):
        if chosen[index] is None:
            chosen[index] = following if following is not None else candidates[index][0]
        else:
            following = chosen[index]
    return [font for font in chosen if font is not None]


def shape(
    text: str,
    start: int,
    end: int,
    *,
    font: Path,
    size: float,
    rtl: bool,
    language: str,
) -> GlyphRun:
    """Shape `text[start:end]` in one font and direction, with the rest of
    `text` as context. Glyphs come back left to right."""
    hb_font = _hb_font(font)
    scale = size / hb_font.face.upem
    buffer = hb.Buffer()
    buffer.add_codepoints([ord(char) for char in text], start, end - start)
    buffer.direction = "rtl" if rtl else "ltr"
    buffer.script = _script(text[start:end])
    buffer.language = language
    buffer.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    hb.shape(hb_font, buffer, {"kern": True, "liga": True})
    glyphs = tuple(
        Glyph(
            info.codepoint,
            info.cluster,
            position.x_advance * scale,
            position.x_offset * scale,
            position.y_offset * scale,
        )
        for info, position in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True)
    )
    return GlyphRun(font, size, rtl, start, end, glyphs)


def shape_line(
    par: Paragraph,
    start: int,
    end: int,
    *,
    fonts: Sequence[Path],
    rtl_fonts: Sequence[Path] = (),
    size: float,
    language: str,
    looks: Sequence[int] | None = None,
    look_fonts: Sequence[tuple[Sequence[Path], Sequence[Path]]] = (),
) -> ShapedLine:
    """Shape the line `start:end` of `par`: bidi runs in visual order, each cut
    where the font or the look changes and shaped in its own direction.

    `fonts` are tried in order for left-to-right runs; `rtl_fonts` first, then
    `fonts`, for right-to-left runs. With `looks` (a look per character of the
    paragraph), character i is set from `look_fonts[looks[i]]` instead, a
    (fonts, rtl_fonts) pair: so bold and italic spans keep their faces."""
    runs: list[GlyphRun] = []
    for bidi_run in visual_runs(par, start, end):
        rtl = bidi_run.level % 2 == 1
        span = range(bidi_run.start, bidi_run.end)
        table = [(fonts, rtl_fonts)] if looks is None else look_fonts
        look_of = [0 if looks is None else looks[i] for i in span]
        candidates = [
            [*table[look][1], *table[look][0]] if rtl else [*table[look][0], *table[look][1]]
            for look in look_of
        ]
        chosen = choose_fonts(par.text, bidi_run.start, candidates)
        pieces: list[tuple[int, int, Path, int]] = []
        for offset, font in enumerate(chosen):
            index, look = bidi_run.start + offset, look_of[offset]
            if pieces and pieces[-1][2:] == (font, look):
                pieces[-1] = (pieces[-1][0], index + 1, font, look)
            else:
                pieces.append((index, index + 1, font, look))
        if rtl:
            pieces.reverse()  # a right-to-left run's first piece is drawn rightmost
        for piece_start, piece_end, font, look in pieces:
            run = shape(
                par.text, piece_start, piece_end, font=font, size=size, rtl=rtl, language=language
            )
            runs.append(replace(run, look=look))
    return ShapedLine(par.text, start, end, tuple(runs))


def shape_text(
    text: str,
    *,
    fonts: Sequence[Path],
    rtl_fonts: Sequence[Path] = (),
    size: float,
    base: Direction | None = None,
    language: str = "fa",
) -> ShapedLine:
    """One short line of text (a label, a date) shaped whole: its base
    direction from its first strong character unless `base` is given."""
    par = paragraph(text, base)
    return shape_line(
        par, 0, len(text), fonts=fonts, rtl_fonts=rtl_fonts, size=size, language=language
    )

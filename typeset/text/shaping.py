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
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import uharfbuzz as hb
from fontTools.ttLib import TTFont

from .bidi import Paragraph, visual_runs

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


def choose_fonts(text: str, start: int, end: int, candidates: Sequence[Path]) -> list[Path]:
    """The font of each character of `text[start:end]`: the first candidate
    that has it; a sticky character (space, joiner) or a combining mark takes
    the font before it; a space the run's first font. A character no candidate has gets the first
    candidate (it draws as that font's .notdef: coverage checks forbid it)."""
    chosen: list[Path | None] = []
    for char in text[start:end]:
        if char in _STICKY or unicodedata.combining(char):
            chosen.append(None)
            continue
        code = ord(char)
        if char.isspace() and code in cmap(candidates[0]):
            # a space between Persian words takes the Persian font's width
            chosen.append(candidates[0])
            continue
        chosen.append(next((font for font in candidates if code in cmap(font)), candidates[0]))
    # sticky characters take the font before them, or after them at the start
    previous: Path | None = None
    for index, font in enumerate(chosen):
        if font is None:
            chosen[index] = previous
        else:
            previous = font
    following: Path = candidates[0]
    for index in range(len(chosen) - 1, -1, -1):
        if chosen[index] is None:
            chosen[index] = following
        else:
            following = chosen[index]  # type: ignore[assignment]
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
) -> ShapedLine:
    """Shape the line `start:end` of `par`: bidi runs in visual order, each cut
    where the font changes and shaped in its own direction. `fonts` are tried
    in order for left-to-right runs; `rtl_fonts` first, then `fonts`, for
    right-to-left runs."""
    runs: list[GlyphRun] = []
    for bidi_run in visual_runs(par, start, end):
        rtl = bidi_run.level % 2 == 1
        candidates = [*rtl_fonts, *fonts] if rtl else [*fonts, *rtl_fonts]
        chosen = choose_fonts(par.text, bidi_run.start, bidi_run.end, candidates)
        pieces: list[tuple[int, int, Path]] = []
        for offset, font in enumerate(chosen):
            index = bidi_run.start + offset
            if pieces and pieces[-1][2] == font:
                pieces[-1] = (pieces[-1][0], index + 1, font)
            else:
                pieces.append((index, index + 1, font))
        if rtl:
            pieces.reverse()  # a right-to-left run's first piece is drawn rightmost
        for piece_start, piece_end, font in pieces:
            runs.append(
                shape(
                    par.text,
                    piece_start,
                    piece_end,
                    font=font,
                    size=size,
                    rtl=rtl,
                    language=language,
                )
            )
    return ShapedLine(par.text, start, end, tuple(runs))

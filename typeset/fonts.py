"""TrueType fonts: loading each file once per process and naming it for ReportLab.

Takes font file paths; gives registered ReportLab font names and glyph coverage.
ReportLab embeds a subset of every TrueType font it draws with, so a PDF made
only with fonts from here has no unembedded font. Raises `ValueError` with a
plain message for a file that is missing or not a usable TrueType font.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont


@cache
def register(path: Path) -> str:
    """Register the font at `path` (once) and return its ReportLab name."""
    resolved = path.resolve()
    if not resolved.is_file():
        raise ValueError(f"font file {str(path)!r} not found")
    digest = hashlib.sha1(str(resolved).encode()).hexdigest()[:8]
    name = f"{resolved.stem}-{digest}"
    try:
        font = TTFont(name, str(resolved))
    except (TTFError, OSError, ValueError) as exc:
        raise ValueError(
            f"{str(path)!r} is not a usable TrueType font ({exc}); "
            "use a .ttf file with TrueType outlines"
        ) from None
    pdfmetrics.registerFont(font)
    return name


def register_family(normal: str, bold: str, italic: str, bold_italic: str) -> None:
    """Tell ReportLab which fonts <b> and <i> switch to inside a paragraph."""
    pdfmetrics.registerFontFamily(
        normal, normal=normal, bold=bold, italic=italic, boldItalic=bold_italic
    )


@cache
def characters(name: str) -> frozenset[str]:
    """Every character the registered font `name` has a glyph for."""
    face = pdfmetrics.getFont(name).face
    return frozenset(chr(code) for code in face.charToGlyph)


def missing(name: str, text: str) -> list[str]:
    """The characters of `text` (whitespace aside) that font `name` cannot draw,
    in order of first appearance."""
    have = characters(name)
    if have.issuperset(text):
        return []
    return [char for char in dict.fromkeys(text) if char not in have and not char.isspace()]


def runs(text: str, name: str, fallback: str | None) -> list[tuple[str, str]]:
    """`text` cut into (font, text) runs: the font's own glyphs where it has
    them, the fallback font's elsewhere."""
    have = characters(name)
    if fallback is None or have.issuperset(text):
        return [(name, text)]
    result: list[tuple[str, str]] = []
    for char in text:
        font = name if char in have or char.isspace() else fallback
        if result and result[-1][0] == font:
            result[-1] = (font, result[-1][1] + char)
        else:
            result.append((font, char))
    return result

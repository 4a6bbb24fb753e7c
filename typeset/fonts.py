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
from typing import Literal

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

#: How much of a font a PDF embeds: "used", only the characters the document
#: draws (smallest: a web file); "brand", `BRAND_CHARACTERS` too, so that every
#: document set in the brand embeds byte-identical font programs, which a
#: volume of many issues stores once.
FontSubset = Literal["used", "brand"]
FONT_SUBSETS: tuple[FontSubset, ...] = ("used", "brand")

#: The characters of the brand's languages (the Latin-script languages of
#: Europe, Albanian, Turkish, Vietnamese aside): printable ASCII, Latin-1,
#: Latin Extended-A, the Romanian comma-below letters and common punctuation.
#: The order is part of the design: it fixes each character's code in the subset.
BRAND_CHARACTERS = "".join(
    [
        *map(chr, range(0x20, 0x7F)),
        *map(chr, range(0xA1, 0x180)),
        "\u0192\u02c6\u02c7\u02d8\u02d9\u02da\u02db\u02dc\u02dd",  # ƒ ˆ ˇ ˘ ˙ ˚ ˛ ˜ ˝
        "\u0218\u0219\u021a\u021b",  # Ș ș Ț ț
        "\u2010\u2011\u2012\u2013\u2014\u2015",  # hyphens and dashes
        "\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f",  # quotation marks
        "\u2020\u2021\u2022\u2026\u2030\u2032\u2033\u2039\u203a\u2044",  # † ‡ • … ‰ ′ ″ ‹ › ⁄
        "\u2009\u200a\u202f\u2007\u2008",  # thin, hair, narrow no-break, figure, punctuation spaces
        "\u20ac\u2116\u2122\u2190\u2192\u2212\u2713",  # € № ™ ← → − ✓
    ]
)


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


@cache
def brand_characters(name: str) -> str:
    """`BRAND_CHARACTERS` that the registered font `name` can draw, in order."""
    have = characters(name)
    return "".join(char for char in BRAND_CHARACTERS if char in have)


def reserve_brand_subset(name: str, document: object) -> None:
    """Make `BRAND_CHARACTERS` part of what the TrueType font `name` embeds in
    `document` (a ReportLab `PDFDocument`), without drawing anything.

    ReportLab gives each character a code in the order a document first uses
    it, 256 codes to a subset. Assigning the brand's characters first gives
    them the same codes in every document, so the subsets that hold them are
    identical; the characters a document adds beyond them start a subset of
    their own, so they never change those. Nothing is embedded for a font the
    document does not draw with."""
    font = pdfmetrics.getFont(name)
    if not isinstance(font, TTFont):
        return
    font.splitString(brand_characters(name), document)
    state = font.state[document]
    # ReportLab's own subset state: round the next code up to a fresh subset.
    state.nextCode = -(-state.nextCode // 256) * 256


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

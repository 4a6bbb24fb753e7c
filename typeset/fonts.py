"""TrueType fonts: loading each file once per process and naming it for ReportLab.

Takes font file paths; gives registered ReportLab font names and glyph coverage.
ReportLab embeds a subset of every TrueType font it draws with, so a PDF made
only with fonts from here has no unembedded font. Raises `ValueError` with a
plain message for a file that is missing or not a usable TrueType font.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path
from stat import S_ISREG
from typing import Literal

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTFError, TTFont

from .otf import truetype_of

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


#: Arabic presentation forms (A and B): code points of joined letterforms that
#: a font's character map may list, never the text a reader typed.
_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")

#: Where a glyph without a character of its own (a joined letterform, a
#: ligature) gets a code point for ReportLab to encode it by: plane 15,
#: private use, U+F0000 + glyph id, the same in every run.
GLYPH_CODES = 0xF0000


class ShapedTTFont(TTFont):  # type: ignore[misc]
    """A TrueType font that can also draw glyphs chosen by a shaper.

    ReportLab encodes characters, not glyphs. `glyph_code` gives a glyph with
    no character of its own a private-use code point in the font's character
    table, with the text it stands for; the font's ToUnicode map then sends
    that code to the text (not to the private-use point, as ReportLab's own
    `shaping` option does), so that a viewer's search and copy read the
    letters that were typed. Fonts that draw no such glyph are written
    exactly as ReportLab writes them."""

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename)
        #: private-use code -> the text its glyph stands for
        self.glyph_text: dict[int, str] = {}

    def glyph_code(self, gid: int, text: str, width_1000: float) -> str:
        """The character to encode so that glyph `gid` is drawn; `text` is what
        it stands for, `width_1000` its advance in thousandths of the size."""
        face = self.face
        own = [code for code in face.glyphToChar.get(gid, ()) if code < GLYPH_CODES]
        if own and not _PRESENTATION_FORMS.match(chr(min(own))):
            return chr(min(own))
        # A joined letterform the font also maps from a presentation form
        # (Noto Naskh maps U+FEB7 to the initial form of ش): encoded by its own
        # code with the letter it stands for, not the presentation form, which
        # poppler (pdftotext, Evince) would copy as it is (ﺷﻤﺎرهی for شماره‌ی).
        code = GLYPH_CODES + gid
        if code not in face.charToGlyph:
            face.charToGlyph[code] = gid
            face.glyphToChar.setdefault(gid, []).append(code)
            face.charWidths[code] = width_1000
            self.glyph_text[code] = text
        return chr(code)

    def addObjects(self, doc: object) -> None:  # noqa: N802 (ReportLab's name)
        state = self.state.get(doc)
        subsets = [list(subset) for subset in state.subsets] if state is not None else []
        super().addObjects(doc)
        for n, subset in enumerate(subsets):
            if not any(code in self.glyph_text for code in subset):
                continue
            base = b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX))
            stream = doc.idToObject["toUnicodeCMap:" + base.decode("pdfdoc")]  # type: ignore[attr-defined]
            stream.content = _to_unicode(base.decode("pdfdoc"), subset, self.glyph_text)


def _to_unicode(name: str, subset: list[int], texts: dict[int, str]) -> str:
    """A ToUnicode CMap for one subset: code i stands for `subset[i]`'s text."""
    entries = [
        f"<{code:02X}> <{text.encode('utf-16-be').hex().upper()}>"
        for code, char in enumerate(subset)
        if (text := texts.get(char, chr(char)))
    ]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            f"/CIDSystemInfo << /Registry ({name}) /Ordering ({name}) /Supplement 0 >> def",
            f"/CMapName /{name} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            *(
                line
                for start in range(0, len(entries), 100)
                for line in (
                    f"{len(entries[start : start + 100])} beginbfchar",
                    *entries[start : start + 100],
                    "endbfchar",
                )
            ),
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


def register(path: Path) -> str:
    """Register the font at `path` (once per content) and return its ReportLab
    name. Keyed by the file's bytes, not its path: a font replaced while
    `typeset watch` runs is parsed again, an unchanged one never is (hashing
    the eight sample fonts takes about 5 ms, parsing them about 150 ms)."""
    try:
        stat = path.stat()
    except OSError:
        stat = None
    if stat is None or not S_ISREG(stat.st_mode):
        raise ValueError(f"font file {str(path)!r} not found")
    return _registered(path, stat.st_ino, stat.st_mtime_ns, stat.st_size)


@cache
def _registered(path: Path, inode: int, mtime_ns: int, size: int) -> str:
    """`register` for one state of the file (its inode, time and size, from one
    stat): the layout asks for a font hundreds of times per build, and
    resolving its path each time took 13 % of a warm rebuild (3,300 lstat
    calls for a 4-page issue whose fonts sit behind a symbolic link)."""
    resolved = path.resolve()
    return _register(path, resolved, content_digest(resolved))


def _usable(path: Path, resolved: Path) -> Path:
    """The TrueType file to load for `resolved`: itself, or its conversion from
    OpenType CFF outlines (`otf`), with the reason in the message if neither."""
    try:
        return truetype_of(resolved)
    except ValueError as exc:
        raise ValueError(str(exc).replace(repr(str(resolved)), repr(str(path)))) from None


def content_digest(path: Path) -> str:
    """A digest of the file's bytes, hashed again only when its size or
    modification time changes (the layout asks for a font hundreds of times
    per page; a stat is microseconds, hashing a font a millisecond)."""
    stat = path.stat()
    return _digest(path, stat.st_mtime_ns, stat.st_size)


@cache
def _digest(path: Path, mtime_ns: int, size: int) -> str:
    return hashlib.sha1(path.read_bytes()).hexdigest()[:8]


@cache
def _register(path: Path, resolved: Path, digest: str) -> str:
    name = f"{resolved.stem}-{digest}"
    resolved = _usable(path, resolved)
    try:
        font = ShapedTTFont(name, str(resolved))
    except (TTFError, OSError, ValueError) as exc:
        raise ValueError(f"{str(path)!r} is not a usable TrueType font ({exc})") from None
    pdfmetrics.registerFont(font)
    registered = pdfmetrics.getFont(name)
    if not isinstance(registered, ShapedTTFont):
        # ReportLab shares one font object per face name: when other code in
        # the process registered this face first (a plain TTFont), our name
        # now stands for that object. It gets our glyph encoding too, so that
        # shaped text drawn with it still has its ToUnicode entries.
        registered.__class__ = ShapedTTFont
        registered.glyph_text = {}
    _PATHS[name] = resolved
    return name


#: registered name -> font file, for the shaper, which reads the file itself
_PATHS: dict[str, Path] = {}


def path_of(name: str) -> Path:
    """The file of a font registered by `register`."""
    return _PATHS[name]


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

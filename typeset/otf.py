"""OpenType fonts with PostScript (CFF) outlines, made usable as TrueType.

Takes a font file; gives the path of a TrueType file with the same glyphs,
metrics, character map and layout tables, its cubic outlines converted to
quadratic ones by fontTools (cu2qu, within 1 font unit), written once into the
user's cache folder under the hash of the source bytes and reused from there.
ReportLab embeds only TrueType outlines, hence the conversion. Raises
`ValueError` saying why a file cannot be used (a web font, a collection, a
variable CFF2 font, not a font). Must not touch brands, issues or ReportLab.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

#: The first four bytes of a font file, and what they say about it.
SFNT_TRUETYPE = (b"\x00\x01\x00\x00", b"true")
SFNT_CFF = b"OTTO"
REFUSED = {
    b"wOFF": "a WOFF web font; use the .ttf or .otf file it was made from",
    b"wOF2": "a WOFF2 web font; use the .ttf or .otf file it was made from",
    b"ttcf": "a font collection (.ttc) holding several fonts; "
    "use a single .ttf or .otf file of the style you want",
}
#: how far (in font units) a converted outline may stray from the original
MAX_ERROR = 1.0


def cache_folder() -> Path:
    """Where converted fonts are kept: $XDG_CACHE_HOME/typeset/fonts, else
    ~/.cache/typeset/fonts."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "typeset" / "fonts"


def truetype_of(path: Path) -> Path:
    """`path` itself when it holds TrueType outlines, else its converted copy."""
    with path.open("rb") as handle:
        magic = handle.read(4)
    if magic in SFNT_TRUETYPE:
        return path
    if magic in REFUSED:
        raise ValueError(f"{str(path)!r} is {REFUSED[magic]}")
    if magic != SFNT_CFF:
        raise ValueError(f"{str(path)!r} is not a TrueType or OpenType font file")
    data = path.read_bytes()
    target = cache_folder() / f"{path.stem}-{hashlib.sha256(data).hexdigest()[:16]}.ttf"
    if not target.is_file():
        _convert(path, target)
    return target


def _convert(source: Path, target: Path) -> None:
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, TTLibError, newTable

    try:
        font = TTFont(str(source))
    except (TTLibError, OSError, AssertionError) as exc:
        raise ValueError(f"{str(source)!r} is not a readable OpenType font ({exc})") from None
    if "CFF2" in font:
        raise ValueError(
            f"{str(source)!r} is a variable OpenType font (CFF2 outlines); "
            "use a static instance of the style you want (a .ttf or .otf per style)"
        )
    if "CFF " not in font:
        raise ValueError(f"{str(source)!r} says it has PostScript outlines but has no CFF table")
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        # CFF outlines run counter-clockwise, TrueType ones clockwise
        glyph_set[name].draw(Cu2QuPen(pen, MAX_ERROR, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, field, 1 if field == "maxZones" else 0)
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"
    target.parent.mkdir(parents=True, exist_ok=True)
    # written under a temporary name: two builds converting at once never read half a font
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    font.save(str(temporary))
    os.replace(temporary, target)

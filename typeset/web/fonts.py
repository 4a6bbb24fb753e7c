"""Web fonts from the brand's own TrueType files.

Takes the brand's font files by role and the text the site shows; gives WOFF2
subsets (only the characters used, plus printable ASCII) written beside the
pages, and the `@font-face` rules that name them. The subsets are made by
fontTools without a timestamp, so the same text gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fontTools import subset

#: role -> (CSS family, weight, style); the body and caption roles form families,
#: so that <strong> and <em> pick the brand's own bold and italic.
FACES: dict[str, tuple[str, int, str]] = {
    "body": ("body", 400, "normal"),
    "body_italic": ("body", 400, "italic"),
    "body_bold": ("body", 700, "normal"),
    "body_bold_italic": ("body", 700, "italic"),
    "caption": ("caption", 400, "normal"),
    "caption_italic": ("caption", 400, "italic"),
    "label": ("label", 400, "normal"),
    "headline": ("headline", 400, "normal"),
}

#: Always in the subset: what a template may print that no issue wrote.
_BASE = "".join(chr(c) for c in range(0x20, 0x7F)) + "\u00a0–—‘’“”…·•«»"


@dataclass(frozen=True)
class FontFace:
    family: str
    weight: int
    style: str
    #: the WOFF2 file, relative to the pages
    href: str


def subset_woff2(path: Path, characters: str) -> bytes:
    """The font at `path` cut down to `characters`, as WOFF2."""
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    # fontTools logs a warning for each Lato file when it reads the `head`
    # table ("'created' timestamp seems very low"): the fonts' own dates,
    # which the subset keeps and no reader sees.
    head = logging.getLogger("fontTools.ttLib.tables._h_e_a_d")
    level = head.level
    head.setLevel(logging.ERROR)
    font = subset.load_font(str(path), options)
    try:
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=characters)
        subsetter.subset(font)
        buffer = io.BytesIO()
        subset.save_font(font, buffer, options)
    finally:
        font.close()
        head.setLevel(level)
    return buffer.getvalue()


def web_fonts(
    font_files: dict[str, Path], text: str, write: Callable[[str, bytes], None]
) -> list[FontFace]:
    """Subset every role's font to `text` and `write(name, data)` each file once."""
    characters = "".join(sorted(set(_BASE + text + text.upper() + text.lower())))
    written: dict[Path, str] = {}
    faces: list[FontFace] = []
    for role, (family, weight, style) in FACES.items():
        path = font_files.get(role)
        if path is None:
            continue
        if path not in written:
            data = subset_woff2(path, characters)
            name = f"fonts/{path.stem}-{hashlib.sha256(data).hexdigest()[:10]}.woff2"
            write(name, data)
            written[path] = name
        faces.append(FontFace(family, weight, style, written[path]))
    return faces

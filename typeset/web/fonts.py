"""Web fonts from the brand's own TrueType files.

Takes the brand's font files by role and the text the site shows; gives WOFF2
subsets (only the characters used, plus printable ASCII) written beside the
pages, and the `@font-face` rules that name them. When the site shows Persian
(Arabic-script) text, the brand's `arabic` and `arabic_bold` fonts join every
family for the Arabic code points (`unicode-range`). The subsets are made by
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

#: The brand's Arabic-script roles: (weight, role). Their faces join every
#: family above for the Arabic-script code points only (`unicode-range`), so
#: that a Persian word in a headline or a caption is drawn by the brand's
#: Persian font and its parentheses and Latin names by the family's own.
ARABIC_FACES = ((400, "arabic"), (700, "arabic_bold"))

#: Arabic, Arabic Supplement, Arabic Extended-A, the presentation forms, and
#: ZWNJ/ZWJ (which join or part Persian letters).
ARABIC_RANGE = "U+0600-06FF, U+0750-077F, U+08A0-08FF, U+FB50-FDFF, U+FE70-FEFF, U+200C-200D"

#: Always in the subset: what a template may print that no issue wrote.
_BASE = "".join(chr(c) for c in range(0x20, 0x7F)) + "\u00a0–—‘’“”…·•«»"


@dataclass(frozen=True)
class FontFace:
    family: str
    weight: int
    style: str
    #: the WOFF2 file, relative to the pages
    href: str
    #: the code points this face draws (CSS `unicode-range`); None: every one
    unicode_range: str | None = None


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

    def href(path: Path) -> str:
        if path not in written:
            data = subset_woff2(path, characters)
            name = f"fonts/{path.stem}-{hashlib.sha256(data).hexdigest()[:10]}.woff2"
            write(name, data)
            written[path] = name
        return written[path]

    faces: list[FontFace] = []
    for role, (family, weight, style) in FACES.items():
        path = font_files.get(role)
        if path is not None:
            faces.append(FontFace(family, weight, style, href(path)))
    # After the Latin faces: a browser tries a family's faces last-declared
    # first, so for an Arabic-script letter it picks these.
    families = dict.fromkeys(family for family, _, _ in FACES.values())
    if any("\u0600" <= char <= "\u06ff" for char in text):
        for weight, role in ARABIC_FACES:
            path = font_files.get(role) or (font_files.get("arabic") if weight == 700 else None)
            if path is None:
                continue
            for family in families:
                faces.append(FontFace(family, weight, "normal", href(path), ARABIC_RANGE))
    return faces

"""Brand text styles turned into ReportLab paragraph styles and canvas inks.

Takes a `Brand` and the issue's language; gives `ParagraphStyle`s (with the
language's hyphenation) and `Ink`s for text drawn straight on the canvas.
Each paragraph style also carries `role` (the brand style's name: body,
summary, caption, ...) and `lineBreaking` (the brand's `LineBreaking` for a
justified style, else None), which `paragraphs` reads to choose the composer.
Holds no style of its own: everything comes from the brand.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, cached_property

import pyphen
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from .brand import Brand, TextStyle
from .flowables import Ink

_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}


@cache
def _hyphenator(language: str) -> Callable[[str], object]:
    iterate: Callable[[str], object] = pyphen.Pyphen(lang=language).iterate
    return iterate


def hyphenation_language(language: str) -> str | None:
    """The pyphen dictionary for a language code, or None if there is none."""
    found: str | None = pyphen.language_fallback(language.replace("-", "_"))
    return found


class Styles:
    def __init__(self, brand: Brand, language: str) -> None:
        self.brand = brand
        self.language = language
        self._paragraph: dict[str, ParagraphStyle] = {}

    @cached_property
    def _hyphenation(self) -> Callable[[str], object] | None:
        """The hyphenator for the issue's language, made once: given a language
        name, ReportLab would build a new one for every paragraph."""
        language = hyphenation_language(self.language)
        return _hyphenator(language) if language else None

    def text_style(self, name: str) -> TextStyle:
        return self.brand.styles[name]

    def paragraph(self, name: str) -> ParagraphStyle:
        if name not in self._paragraph:
            style = self.brand.styles[name]
            hyphenate = style.hyphenate and self._hyphenation is not None
            self._paragraph[name] = ParagraphStyle(
                name,
                fontName=self.brand.font(style.font),
                fontSize=style.size,
                leading=style.leading,
                textColor=self.brand.colour(style.colour),
                alignment=_ALIGN[style.align],
                hyphenationLang=self._hyphenation if hyphenate else "",
                embeddedHyphenation=1,
                uriWasteReduce=0.3,
                splitLongWords=1,
                allowWidows=0,
                allowOrphans=0,
            )
            paragraph = self._paragraph[name]
            paragraph.role = name
            paragraph.lineBreaking = self.brand.line_breaking if style.align == "justify" else None
        return self._paragraph[name]

    def ink(self, name: str) -> Ink:
        style = self.brand.styles[name]
        return Ink(
            self.brand.font(style.font),
            style.size,
            self.brand.colour(style.colour),
            style.tracking,
            self.fallback,
            self.brand.script_font(style.font),
        )

    @cached_property
    def fallback(self) -> str | None:
        """The brand's fallback font, for characters a style's font lacks."""
        return self.brand.font("fallback") if "fallback" in self.brand.font_files else None

    def script_for(self, font: str) -> str | None:
        """The Arabic-script font to pair with the registered font `font` (bold
        with the bold faces), None if the brand has none."""
        for role in self.brand.font_files:
            if self.brand.font(role) == font and role not in ("arabic", "arabic_bold"):
                return self.brand.script_font(role)
        return self.brand.script_font("body")

    def space(self, name: str) -> float:
        return self.brand.spacing[name]

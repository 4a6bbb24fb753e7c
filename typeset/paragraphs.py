"""ReportLab paragraphs made from our spans, without ReportLab's markup parser.

Takes `RichText` (from `markup`) and a ReportLab paragraph style; gives a
`Paragraph` whose fragments are built directly. No text from YAML is ever
parsed as ReportLab markup, so nothing in it needs escaping, and text full of
characters such as ``<`` stays one fragment instead of hundreds (which made
ReportLab's line breaking quadratic on long runs of them). Decides no style.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph
from reportlab.platypus.paraparser import ParaParser

from . import fonts
from .markup import RichText

#: Prototype fragments come from parsing this fixed template, never user text.
_TEMPLATE_LINK = '<a href="https://example.org/">x</a>'


class ParagraphMaker:
    """Makes paragraphs for one document; keeps one prototype fragment per look."""

    def __init__(self, *, link_colour: Color, fallback: str | None = None) -> None:
        self.link_colour = link_colour
        self.fallback = fallback
        self._prototypes: dict[tuple[str, bool, bool, bool], object] = {}

    def _prototype(self, style: ParagraphStyle, italic: bool, bold: bool, link: bool) -> object:
        key = (style.name, italic, bold, link)
        if key not in self._prototypes:
            markup = _TEMPLATE_LINK if link else "x"
            if italic:
                markup = f"<i>{markup}</i>"
            if bold:
                markup = f"<b>{markup}</b>"
            _, frags, _ = ParaParser().parse(markup, style)
            if link:
                frags[0].textColor = self.link_colour
            self._prototypes[key] = frags[0]
        return self._prototypes[key]

    def make(self, text: RichText, style: ParagraphStyle, *, uppercase: bool = False) -> Paragraph:
        frags = []
        for span in text.spans:
            prototype: Any = self._prototype(style, span.italic, span.bold, span.href is not None)
            content = span.text.upper() if uppercase else span.text
            link = [(0, span.href)] if span.href else []
            for font, part in fonts.runs(content, prototype.fontName, self.fallback):
                frags.append(prototype.clone(text=part, fontName=font, link=link, us_lines=[]))
        plain = "".join(f.text for f in frags)
        return Paragraph(plain, style, frags=frags or None)

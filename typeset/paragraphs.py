"""ReportLab paragraphs made from our spans, without ReportLab's markup parser.

Takes `RichText` (from `markup`) and a ReportLab paragraph style; gives a
`Paragraph` whose fragments are built directly, or, for a justified style
whose brand chose the total-fit breaker (`style.lineBreaking`), a
`text.composed.ComposedParagraph` made from the same fragments. Either has
the style's `role` (body, summary, caption, ...). No text from YAML is ever
parsed as ReportLab markup, so nothing in it needs escaping, and text full of
characters such as ``<`` stays one fragment instead of hundreds (which made
ReportLab's line breaking quadratic on long runs of them). Decides no style.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph
from reportlab.platypus.paraparser import ParaParser

from . import fonts
from .markup import RichText
from .shapedparagraph import Look, ShapedParagraph
from .text.composed import LONG_WORD, ComposedParagraph, ComposedText, Knobs, Run
from .text.scripts import needs_shaping, right_to_left

# LONG_WORD: a "word" longer than this is a URL or a string of symbols, not
# language. With any of ReportLab's hyphenation options on (dictionary,
# embedded hyphens, URL breaking), such a word can end up with its remainder
# on one line far past the column edge; a paragraph holding one is set with
# them all off, and ReportLab then breaks the long word letter by letter. The
# composer never hyphenates such a word either.

#: Prototype fragments come from parsing this fixed template, never user text.
_TEMPLATE_LINK = '<a href="https://example.org/">x</a>'


class ParagraphMaker:
    """Makes paragraphs for one document; keeps one prototype fragment per look."""

    def __init__(
        self,
        *,
        link_colour: Color,
        fallback: str | None = None,
        script_for: Callable[[str], str | None] | None = None,
        language: str = "en",
    ) -> None:
        self.link_colour = link_colour
        self.fallback = fallback
        #: the right-to-left (Arabic-script) font to pair with a span's font
        self.script_for = script_for
        #: the language of the text being made: a right-to-left one sets every
        #: paragraph right to left, even one that starts with a Latin word
        self.language = language
        self._prototypes: dict[tuple[str, bool, bool, bool], object] = {}
        self._plain_styles: dict[str, ParagraphStyle] = {}

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

    def make(
        self, text: RichText, style: ParagraphStyle, *, uppercase: bool = False
    ) -> Paragraph | ComposedParagraph | ShapedParagraph:
        if needs_shaping(text.plain) or right_to_left(self.language):
            # right-to-left or mixed text: shaped, broken by the same breaker
            # on HarfBuzz's widths, and ordered per line
            return self._shaped(text, style, uppercase=uppercase)
        frags = []
        for span in text.spans:
            prototype: Any = self._prototype(style, span.italic, span.bold, span.href is not None)
            content = span.text.upper() if uppercase else span.text
            link = [(0, span.href)] if span.href else []
            for font, part in fonts.runs(content, prototype.fontName, self.fallback):
                frags.append(prototype.clone(text=part, fontName=font, link=link, us_lines=[]))
        role = getattr(style, "role", style.name)
        breaking = getattr(style, "lineBreaking", None)
        if breaking is not None and breaking.breaker == "total-fit":
            return self._composed(frags, style, role, breaking)
        plain = "".join(f.text for f in frags)
        if _has_long_word(plain):
            style = self._without_hyphenation(style)
        paragraph = Paragraph(plain, style, frags=frags or None)
        paragraph.role = role
        return paragraph

    def _composed(
        self, frags: list[Any], style: ParagraphStyle, role: str, breaking: Any
    ) -> ComposedParagraph:
        hyphenate = style.hyphenationLang if callable(style.hyphenationLang) else None
        parts = [
            (Run(f.fontName, f.fontSize, f.textColor, f.link[0][1] if f.link else None), f.text)
            for f in frags
        ]
        text = ComposedText.from_runs(
            parts, base_font=style.fontName, base_size=style.fontSize, hyphenate=hyphenate
        )
        return ComposedParagraph(text, style, role=role, knobs=_knobs(breaking))

    def _shaped(self, text: RichText, style: ParagraphStyle, *, uppercase: bool) -> ShapedParagraph:
        """Right-to-left or mixed text: shaped by HarfBuzz, ordered per line."""
        looks: dict[Look, int] = {}
        span_looks: list[int] = []
        for span in text.spans:
            prototype: Any = self._prototype(style, span.italic, span.bold, span.href is not None)
            script = self.script_for(prototype.fontName) if self.script_for else None
            look = Look(
                fonts=tuple(fonts.path_of(f) for f in (prototype.fontName, self.fallback) if f),
                rtl_fonts=(fonts.path_of(script),) if script else (),
                colour=prototype.textColor,
                href=span.href,
            )
            span_looks.append(looks.setdefault(look, len(looks)))
        breaking = getattr(style, "lineBreaking", None)
        total_fit = breaking is not None and breaking.breaker == "total-fit"
        paragraph = ShapedParagraph(
            text,
            style,
            list(looks),
            span_looks,
            base="rtl" if right_to_left(self.language) else None,
            language=self.language,
            uppercase=uppercase,
            # justified text by the brand's breaker; ragged text first-fit,
            # as ReportLab breaks the Latin text of those styles
            knobs=_knobs(breaking) if total_fit else None,
        )
        paragraph.role = getattr(style, "role", style.name)
        return paragraph

    def _without_hyphenation(self, style: ParagraphStyle) -> ParagraphStyle:
        if style.name not in self._plain_styles:
            self._plain_styles[style.name] = style.clone(
                style.name + "-unhyphenated",
                hyphenationLang="",
                embeddedHyphenation=0,
                uriWasteReduce=0,
            )
        return self._plain_styles[style.name]


def _knobs(breaking: Any) -> Knobs:
    """The composer's settings from the brand's `LineBreaking`."""
    return Knobs(
        stretch=breaking.stretch,
        shrink=breaking.shrink,
        hyphen_penalty=breaking.hyphen_penalty,
        tolerance=breaking.tolerance,
        margin_kerning=breaking.margin_kerning,
    )


def _has_long_word(text: str) -> bool:
    return len(text) > LONG_WORD and any(len(word) > LONG_WORD for word in text.split())

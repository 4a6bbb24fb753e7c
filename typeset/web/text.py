"""Issue text as HTML: inline markup, language direction and dates.

Takes `RichText` spans, language codes and dates; gives `Markup` in which every
character from the YAML is escaped and only our own tags (`em`, `strong`, `a`
with an allowed scheme) are markup. Knows nothing of pages or files.
"""

from __future__ import annotations

import datetime as dt

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from markupsafe import Markup, escape

from ..markup import RichText, check_link


def rich_html(text: RichText | None) -> Markup:
    """Inline markup as HTML: *emphasis* -> <em>, **strong** -> <strong>, links -> <a>."""
    if text is None:
        return Markup("")
    parts: list[Markup] = []
    for span in text.spans:
        html = escape(span.text)
        if span.italic:
            html = Markup("<em>%s</em>") % html
        if span.bold:
            html = Markup("<strong>%s</strong>") % html
        href = _allowed(span.href)
        if href is not None:
            html = Markup('<a href="%s">%s</a>') % (href, html)
        parts.append(html)
    return Markup("").join(parts)


def _allowed(href: str | None) -> str | None:
    """The model already refused other schemes; checked again where it becomes HTML."""
    if href is None:
        return None
    try:
        return check_link(href)
    except ValueError:
        return None


def _locale(language: str) -> Locale | None:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return None


def direction(language: str) -> str:
    """`rtl` for a right-to-left language (fa, ar, he ...), else `ltr`."""
    locale = _locale(language)
    return "rtl" if locale is not None and locale.text_direction == "rtl" else "ltr"


def written_date(date: dt.date, pattern: str, language: str) -> str:
    """The date as readers see it, in the issue's language (the brand's CLDR pattern);
    the same words the PDF prints."""
    locale = _locale(language)
    return str(format_date(date, pattern, locale=locale if locale is not None else "en"))


def atom_time(date: dt.date) -> str:
    """Midnight UTC of `date`, as Atom (RFC 3339) writes it."""
    return f"{date.isoformat()}T00:00:00Z"

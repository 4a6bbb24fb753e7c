"""The inline markup authors may use, and nothing else.

Takes a text field as typed in YAML; gives `RichText`: a tuple of `Span`s with
emphasis, strength and link target, and the plain text a reader sees. Turning
spans into ReportLab paragraphs happens in `paragraphs`, without ReportLab's
markup parser, so no text from YAML is ever read as ReportLab markup.

Recognised: ``*emphasis*``, ``**strong**``, ``[text](https://...)`` and a
backslash before punctuation to print it literally (``\\*``). Everything else,
including ``<b>``, ``&amp;`` and ``_underscores_``, is printed as typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

LINK_SCHEMES = ("http", "https", "mailto")

_PARSER = MarkdownIt("zero").enable(["emphasis", "link", "escape"])
# We judge link targets ourselves, so that a refused one is an error, not literal text.
_PARSER.validateLink = lambda url: True  # type: ignore[method-assign]


@dataclass(frozen=True)
class Span:
    text: str
    italic: bool = False
    bold: bool = False
    href: str | None = None


@dataclass(frozen=True)
class RichText:
    source: str
    spans: tuple[Span, ...]

    @property
    def plain(self) -> str:
        return "".join(span.text for span in self.spans)


_SPACE_OR_CONTROL = re.compile(r"[\x00-\x20\s]")


def check_link(url: str) -> str:
    """Return `url` if it is a link we allow; raise ValueError saying why not."""
    if _SPACE_OR_CONTROL.search(url):
        raise ValueError(f"link {url!r} contains spaces or control characters")
    scheme = urlsplit(url).scheme.lower()
    if scheme not in LINK_SCHEMES:
        shown = f"{scheme}:" if scheme else "no scheme"
        raise ValueError(
            f"link {url!r} uses {shown}; allowed are " + ", ".join(f"{s}:" for s in LINK_SCHEMES)
        )
    if scheme in ("http", "https") and not urlsplit(url).netloc:
        raise ValueError(f"link {url!r} has no host")
    return url


_WHITESPACE = re.compile(r"[\t\r\n]|  ")
_WHITESPACE_RUN = re.compile(r"[ \t\r\n]+")


def _collapse(text: str) -> str:
    """Line breaks and runs of spaces from YAML become one space, as in a browser."""
    return _WHITESPACE_RUN.sub(" ", text) if _WHITESPACE.search(text) else text


_MARKUP_CHARS = frozenset("*[\\_")


def parse_inline(text: str) -> RichText:
    """Parse one paragraph of inline markup; raise ValueError for a refused link."""
    if _MARKUP_CHARS.isdisjoint(text):
        return plain(text)  # nothing that could be markup: skip the parser
    tokens: list[Token] = _PARSER.parseInline(text)[0].children or []
    spans: list[Span] = []
    italic = bold = 0
    href: str | None = None
    for token in tokens:
        kind = token.type
        emphasis = kind in ("em_open", "em_close", "strong_open", "strong_close")
        if emphasis and token.markup[0] == "_":
            # Only asterisks are markup; underscores are printed as typed.
            spans.append(Span(token.markup, italic > 0, bold > 0, href))
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "link_open":
            href = check_link(str(token.attrs.get("href", "")))
        elif kind == "link_close":
            href = None
        elif kind in ("softbreak", "hardbreak"):
            spans.append(Span(" ", italic > 0, bold > 0, href))
        else:
            spans.append(Span(_collapse(token.content), italic > 0, bold > 0, href))
    return RichText(text, _trim(_merge(spans)))


def plain(text: str) -> RichText:
    """A field without markup: every character is printed as typed."""
    return RichText(text, _trim([Span(_collapse(text))]))


def _trim(spans: list[Span]) -> tuple[Span, ...]:
    """Without the spaces at the very start and end of the paragraph."""
    if spans:
        first = spans[0]
        spans[0] = Span(first.text.lstrip(), first.italic, first.bold, first.href)
        last = spans[-1]
        spans[-1] = Span(last.text.rstrip(), last.italic, last.bold, last.href)
    return tuple(span for span in spans if span.text)


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        last = merged[-1] if merged else None
        if last and (last.italic, last.bold, last.href) == (span.italic, span.bold, span.href):
            merged[-1] = Span(last.text + span.text, span.italic, span.bold, span.href)
        else:
            merged.append(span)
    return merged

"""Reading the web post as a browser and a feed reader would: HTML parsed by the
standard library, links resolved against the output folder."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class Page(HTMLParser):
    """Every element's attributes, and the text of each heading and paragraph class."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.texts: dict[str, list[str]] = {}
        self._open: list[tuple[str, str]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag in ("h1", "h2", "p", "title", "figcaption", "li"):
            key = tag + "." + (attributes.get("class") or "")
            self._open.append((tag, key))
            self.texts.setdefault(key, []).append("")

    def handle_endtag(self, tag):
        if self._open and self._open[-1][0] == tag:
            self._open.pop()

    def handle_data(self, data):
        for _, key in self._open:
            self.texts[key][-1] += data

    def text(self, key: str) -> list[str]:
        return [" ".join(t.split()) for t in self.texts.get(key, [])]

    def first(self, tag: str) -> dict[str, str | None]:
        return next(attrs for name, attrs in self.elements if name == tag)

    def references(self) -> list[str]:
        return [
            value
            for _, attrs in self.elements
            for name, value in attrs.items()
            if name in ("href", "src") and value is not None
        ]


def local_target(folder: Path, page: Path, reference: str) -> Path | None:
    """The file a relative reference names, or None for http, https and mailto."""
    parts = urlsplit(reference)
    if parts.scheme in ("http", "https", "mailto"):
        return None
    assert not parts.scheme, f"{page.name}: unexpected scheme in {reference!r}"
    target = (page.parent / unquote(parts.path)).resolve()
    assert target.is_relative_to(folder.resolve()), f"{page.name}: {reference!r} leaves the site"
    return target


def css_urls(css: str) -> list[str]:
    return re.findall(r"url\(\"?([^\")]+)\"?\)", css)

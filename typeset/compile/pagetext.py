"""The text of a foreign PDF's pages as pdfium reads it: lines with their size
and weight, and headlines found in it whatever their case, accents or breaks.

Takes an open pdfium document; gives `Line`s (the text of one printed line,
its page, its font size and whether it is bold, its top edge) and the page on
which a headline is printed, compared after `fold` (case, diacritics,
hyphenation at line ends and whitespace folded away). What `typeset sidecar`
drafts from and what `compile` searches when a sidecar item has no page. Must
not change the PDF and knows nothing of sidecars.
"""

from __future__ import annotations

import ctypes
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

#: A font this heavy (CSS weights: 400 regular, 700 bold) counts as bold.
BOLD_WEIGHT = 600
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi|cmbx", re.IGNORECASE)
# A hyphen at the end of a printed line joins the word to the next line's start
# (pdfium gives it as U+FFFE and drops the break itself).
_LINE_END_HYPHEN = re.compile(r"[-\u00ad\u2010\u2011\x02]\s*[\r\n]+\s*|\ufffe\s*")
_HYPHENS = re.compile(r"[-\u00ad\u2010\u2011\x02\ufffe]")
_NOT_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Line:
    """One printed line of a page."""

    #: counted from 1
    page: int
    text: str
    #: the font size most of its characters are set in, in points
    size: float
    #: most of its characters are in a bold font
    bold: bool
    #: its top edge and its left edge, in PDF points from the page's bottom left
    top: float
    left: float
    #: its bottom edge
    bottom: float


def fold(text: str) -> str:
    """`text` as headlines are compared: case, diacritics, hyphens (at line
    ends and within words), punctuation and runs of whitespace folded away."""
    text = _LINE_END_HYPHEN.sub("", text)
    text = _HYPHENS.sub("", text)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", bare).split())


def page_text(document: pdfium.PdfDocument, index: int) -> str:
    """All the text of page `index` (from 0), in pdfium's reading order; none
    for a page pdfium cannot load (a damaged one: the merge reports it)."""
    try:
        page = document[index]
        textpage = page.get_textpage()
    except pdfium.PdfiumError:
        return ""
    try:
        return str(textpage.get_text_range())
    finally:
        textpage.close()
        page.close()


def find_pages(
    document: pdfium.PdfDocument, headlines: Sequence[str], *, first: int = 1
) -> list[int | None]:
    """The page (from 1) each headline is printed on, searched in order from
    the page of the one before it (a headline listed after another starts no
    earlier); None where the text is not found on any page from there on."""
    folded = [fold(page_text(document, index)) for index in range(len(document))]
    found: list[int | None] = []
    start = first
    for headline in headlines:
        wanted = fold(headline)
        page = _search(folded, wanted, start) if wanted else None
        if page is None and wanted:
            page = _search(folded, wanted, 1)  # out of order: still found
        found.append(page)
        if page is not None:
            start = page
    return found


def search(data: bytes, password: str | None, headlines: Sequence[str]) -> list[int | None]:
    """`find_pages` on a PDF's bytes; every headline None if pdfium cannot open it."""
    try:
        document = pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError:
        return [None] * len(headlines)
    try:
        return find_pages(document, headlines)
    finally:
        document.close()


def _search(pages: Sequence[str], wanted: str, start: int) -> int | None:
    for number in range(start, len(pages) + 1):
        if f" {wanted} " in f" {pages[number - 1]} ":
            return number
    return None


def lines(document: pdfium.PdfDocument, *, pages: int) -> Iterator[Line]:
    """The printed lines of the first `pages` pages, page by page."""
    for index in range(min(pages, len(document))):
        try:
            page = document[index]
            textpage = page.get_textpage()
        except pdfium.PdfiumError:
            continue  # a damaged page: its lines are not read
        try:
            yield from _page_lines(textpage, index + 1)
        finally:
            textpage.close()
            page.close()


def _page_lines(textpage: pdfium.PdfTextPage, number: int) -> Iterator[Line]:
    raw = textpage.raw
    chars: list[tuple[str, float, bool, float, float, float]] = []
    weights: dict[int, bool] = {}
    buffer = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    left, bottom, right, top = (ctypes.c_double() for _ in range(4))
    for i in range(pdfium_c.FPDFText_CountChars(raw)):
        code = pdfium_c.FPDFText_GetUnicode(raw, i)
        char = chr(code) if 0 < code < 0x110000 else ""
        if char in ("\ufffe", "\x02"):  # a hyphen at a line's end: the line ends here
            if chars:
                chars.append(("-", *chars[-1][1:]))
                yield _line(chars, number)
            chars = []
            continue
        if char == "\n":
            if chars:
                yield _line(chars, number)
            chars = []
            continue
        if not char or char == "\r":
            continue
        if char.isspace() or pdfium_c.FPDFText_IsGenerated(raw, i) == 1:
            if chars and char.isspace():
                chars.append((" ", 0.0, False, 0.0, 0.0, 0.0))
            continue
        size = round(pdfium_c.FPDFText_GetFontSize(raw, i) * 2) / 2
        weight = pdfium_c.FPDFText_GetFontWeight(raw, i)
        if weight not in weights:
            weights[weight] = weight >= BOLD_WEIGHT
        bold = weights[weight]
        if not bold:
            length = pdfium_c.FPDFText_GetFontInfo(raw, i, buffer, len(buffer), ctypes.byref(flags))
            name = buffer.raw[: max(length - 1, 0)].decode("utf-8", "replace")
            bold = bool(_BOLD_NAME.search(name)) or bool(flags.value & (1 << 18))
        pdfium_c.FPDFText_GetCharBox(
            raw, i, ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom), ctypes.byref(top)
        )
        chars.append((char, size, bold, top.value, left.value, bottom.value))
    if chars:
        yield _line(chars, number)


def _line(chars: list[tuple[str, float, bool, float, float, float]], number: int) -> Line:
    text = " ".join("".join(c[0] for c in chars).split())
    printed = [c for c in chars if not c[0].isspace()] or chars
    sizes: dict[float, int] = {}
    for c in printed:
        sizes[c[1]] = sizes.get(c[1], 0) + 1
    size = max(sizes, key=lambda s: (sizes[s], s))
    bold = sum(c[2] for c in printed) * 5 >= len(printed) * 4
    return Line(
        page=number,
        text=text,
        size=size,
        bold=bold,
        top=max(c[3] for c in printed),
        left=min(c[4] for c in printed),
        bottom=min(c[5] for c in printed),
    )


__all__ = ["Line", "find_pages", "fold", "lines", "page_text", "search"]

"""What a second reader (pdfium) sees in a PDF, read in one pass over it.

Takes a PDF's bytes (and its password); gives its page count as pdfium counts
it, and on request the page each top-level bookmark goes to and where given
words are printed on its last page: what `compile` needs to know of our own
issues (which item starts where; where the 'Related issues' box prints each
related issue's label). pdfium reads the outline through its C API, far faster
than parsing it in Python, and the document opened to count the pages is the
one searched. Must not change the PDF.
"""

from __future__ import annotations

import ctypes
from collections.abc import Sequence
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

#: A rectangle on a page in PDF points: left, bottom, right, top.
Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Survey:
    """A PDF as pdfium sees it."""

    pages: int
    #: the page (from 0) each top-level bookmark goes to, in order; None where
    #: it goes nowhere pdfium can tell (empty unless asked for)
    bookmarks: tuple[int | None, ...] = ()
    #: where each text asked for is printed, as whole words, on the last page
    spots: dict[str, list[Box]] = field(default_factory=dict)


def survey(
    data: bytes,
    password: str | None = None,
    *,
    bookmarks: bool = False,
    texts: Sequence[str] = (),
) -> Survey | None:
    """The page count; with `bookmarks`, the top-level bookmarks' pages; with
    `texts`, where each is printed on the last page. None if pdfium cannot open
    the file."""
    try:
        document = pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError:
        return None
    try:
        pages = len(document)
        marks = _top_bookmarks(document) if bookmarks else ()
        spots = _find(document, pages - 1, texts) if texts and pages else {}
        return Survey(pages, marks, spots)
    finally:
        document.close()


def _top_bookmarks(document: pdfium.PdfDocument) -> tuple[int | None, ...]:
    """The page of each top-level outline entry, whether it goes there by
    /Dest or by a GoTo action (as pypdf resolves them)."""
    found: list[int | None] = []
    seen: set[int] = set()
    mark = pdfium_c.FPDFBookmark_GetFirstChild(document, None)
    while mark:  # a NULL pointer is false
        address = ctypes.addressof(mark.contents)
        if address in seen:  # a sibling chain that loops back: read once
            break
        seen.add(address)
        found.append(_page_of(document, mark))
        mark = pdfium_c.FPDFBookmark_GetNextSibling(document, mark)
    return tuple(found)


def _page_of(document: pdfium.PdfDocument, mark: object) -> int | None:
    dest = pdfium_c.FPDFBookmark_GetDest(document, mark)
    if not dest:
        action = pdfium_c.FPDFBookmark_GetAction(mark)
        if not action or pdfium_c.FPDFAction_GetType(action) != pdfium_c.PDFACTION_GOTO:
            return None
        dest = pdfium_c.FPDFAction_GetDest(document, action)
        if not dest:
            return None
    index = int(pdfium_c.FPDFDest_GetDestPageIndex(document, dest))
    return index if index >= 0 else None


def _find(
    document: pdfium.PdfDocument, page_index: int, texts: Sequence[str]
) -> dict[str, list[Box]]:
    """Where each of `texts` is printed on one page, as whole words."""
    page = document[page_index]
    textpage = page.get_textpage()
    try:
        found: dict[str, list[Box]] = {}
        for text in texts:
            spots = found.setdefault(text, [])
            searcher = textpage.search(text, match_case=True, match_whole_word=True)
            while (hit := searcher.get_next()) is not None:
                start, count = hit
                boxes = [textpage.get_charbox(i) for i in range(start, start + count)]
                spots.append(
                    (
                        min(b[0] for b in boxes),
                        min(b[1] for b in boxes),
                        max(b[2] for b in boxes),
                        max(b[3] for b in boxes),
                    )
                )
            searcher.close()
        return found
    finally:
        textpage.close()
        page.close()

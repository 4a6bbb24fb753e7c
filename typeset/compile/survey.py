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
import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..output import atomic_path

log = logging.getLogger(__name__)

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


# -- what was seen before ------------------------------------------------------

#: Changed whenever what a survey records, or how, changes: older records are
#: then ignored.
RECORD_VERSION = 1


class Surveys:
    """What pdfium saw in the PDFs of one folder (our built issues), kept in
    `FILE` there: one record per file name, valid only for the bytes it was
    made from (their SHA-256), with the words that were searched for."""

    FILE = "surveys.json"

    def __init__(self, folder: Path) -> None:
        self.path = folder / self.FILE
        self.records: dict[str, dict[str, object]] = {}
        self.changed = False
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # none yet, or unreadable: every file is surveyed again
        if (
            isinstance(stored, dict)
            and stored.get("version") == RECORD_VERSION
            and stored.get("pdfium") == _pdfium_version()
            and isinstance(stored.get("files"), dict)
        ):
            self.records = stored["files"]

    def get(self, name: str, data: bytes, *, texts: Sequence[str]) -> Survey | None:
        """The survey of `data` (the file `name`) with its bookmarks and `texts`
        searched, if it was made before."""
        record = self.records.get(name)
        if not isinstance(record, dict) or record.get("sha256") != _digest(data):
            return None
        try:
            spots = record["spots"]
            assert isinstance(spots, dict)
            if any(text not in spots for text in texts):
                return None
            marks = record["bookmarks"]
            assert isinstance(marks, list)
            return Survey(
                int(record["pages"]),  # type: ignore[call-overload]
                tuple(None if m is None else int(m) for m in marks),
                {text: [_box(b) for b in spots[text]] for text in texts},
            )
        except (KeyError, TypeError, ValueError, AssertionError):
            return None

    def put(self, name: str, data: bytes, seen: Survey) -> None:
        self.records[name] = {
            "sha256": _digest(data),
            "pages": seen.pages,
            "bookmarks": list(seen.bookmarks),
            "spots": {text: [list(b) for b in boxes] for text, boxes in seen.spots.items()},
        }
        self.changed = True

    def save(self) -> None:
        """Write the records if anything changed; a cache that cannot be
        written costs only time, so a failure is logged, not raised."""
        if not self.changed:
            return
        stored = {"version": RECORD_VERSION, "pdfium": _pdfium_version(), "files": self.records}
        try:
            with atomic_path(self.path) as temporary:
                temporary.write_text(json.dumps(stored, sort_keys=True), encoding="utf-8")
        except OSError as exc:
            log.info("cannot keep the surveys in %s: %s", self.path, exc)
            return
        self.changed = False


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _box(values: object) -> Box:
    assert isinstance(values, list) and len(values) == 4
    return (float(values[0]), float(values[1]), float(values[2]), float(values[3]))


def _pdfium_version() -> str:
    return str(getattr(pdfium, "PDFIUM_INFO", "")) + "/" + str(getattr(pdfium, "PYPDFIUM_INFO", ""))

"""An opened PDF as the checks see it: pages, their boxes, and what their content uses.

Takes an opened `pikepdf.Pdf` and the settings of one run; gives each check the pages,
the page boxes (read from the keys themselves, never a default a library fills in),
a content scan per page (cached, shared by the colour and image checks) and, when a
check needs placement as a viewer computes it, a pypdfium2 document opened lazily.
Judges nothing itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf

from ..limits import PdfLimits
from ..units import POINTS_PER
from .bounds import Bounds
from .content import PageScan, Rect, rect, scan_page
from .findings import Problem

_MAX_DEPTH = 64
_UNSET = object()


@dataclass(frozen=True)
class Settings:
    """What one run checks against; lengths in points."""

    profile: str
    safe_zone: float
    min_bleed: float
    min_ppi: float | None  # images below this are errors (None: never)
    good_ppi: float  # images below this are warnings
    limits: PdfLimits = PdfLimits()


def contains(outer: Rect, inner: Rect, *, tolerance: float = 0.01) -> bool:
    return (
        outer[0] <= inner[0] + tolerance
        and outer[1] <= inner[1] + tolerance
        and outer[2] >= inner[2] - tolerance
        and outer[3] >= inner[3] - tolerance
    )


def own_or_inherited(page: pikepdf.Dictionary, key: str) -> tuple[object | None, bool]:
    """The value of `key` on the page or, for inheritable keys, on an ancestor;
    and whether it was found on an ancestor rather than the page itself.
    For a key that is not inheritable an ancestor's value is still returned
    (flagged as inherited) so that a check can say why it does not count."""
    node: object = page
    for depth in range(_MAX_DEPTH):
        if not isinstance(node, pikepdf.Dictionary):
            break
        if key in node:
            return node[key], depth > 0
        node = node.get("/Parent")
    return None, False


class Document:
    """One opened file and the settings it is checked against."""

    def __init__(self, path: Path, pdf: pikepdf.Pdf, settings: Settings, password: str) -> None:
        self.path = path
        self.pdf = pdf
        self.settings = settings
        self.password = password
        self.pages: list[pikepdf.Page] = list(pdf.pages)
        self.repairs: list[str] = []  # qpdf's warnings on opening: what it had to repair
        #: what is over the declared limits, and the pages no check may decode
        self.bounds = Bounds()
        #: the bytes pdfium reads, when they are not the file's (data after %%EOF cut off)
        self.source: bytes | None = None
        self._scans: dict[int, PageScan] = {}
        self._boxes: dict[tuple[int, str], Rect | None] = {}
        self._inherited: dict[tuple[tuple[int, int], str], object | None] = {}
        self._pdfium: Any = None
        #: the XMP properties preflight reads, or why they cannot be read
        #: (`metadata.read_xmp`): parsed once, as two checks ask
        self.xmp: tuple[dict[str, str] | None, str | None] | None = None

    def page_dict(self, number: int) -> pikepdf.Dictionary:
        """The page dictionary of page `number` (from 1)."""
        return self.pages[number - 1].obj

    def _box(self, number: int, key: str, inherited: bool) -> Rect | None:
        # read once per page and key: the boxes, colour and safe-zone checks all ask
        if (number, key) not in self._boxes:
            page = self.page_dict(number)
            value = self.inherited(page, key)[0] if inherited else page.get(key)
            self._boxes[(number, key)] = rect(value)
        return self._boxes[(number, key)]

    def inherited(self, page: pikepdf.Dictionary, key: str) -> tuple[object | None, bool]:
        """`own_or_inherited`, with what the page's parent holds read once per parent:
        pages share a few /Pages nodes, and climbing the tree for every page and key
        was a quarter of print's time on 20,000 pages."""
        if key in page:
            return page[key], False
        parent = page.get("/Parent")
        if not isinstance(parent, pikepdf.Dictionary):
            return None, False
        if parent.objgen == (0, 0):  # a direct parent: nothing to share
            value = own_or_inherited(parent, key)[0]
            return value, value is not None
        cached = self._inherited.get((parent.objgen, key), _UNSET)
        if cached is _UNSET:
            cached = self._inherited[(parent.objgen, key)] = own_or_inherited(parent, key)[0]
        return cached, cached is not None

    def media_box(self, number: int) -> Rect | None:
        return self._box(number, "/MediaBox", True)

    def crop_box(self, number: int) -> Rect | None:
        """The CropBox (inherited if need be), clipped to nothing: None if absent."""
        return self._box(number, "/CropBox", True)

    def own_box(self, number: int, key: str) -> Rect | None:
        """A box the page itself declares (TrimBox and BleedBox are not inherited)."""
        return self._box(number, key, False)

    def visible_box(self, number: int) -> Rect | None:
        return self.crop_box(number) or self.media_box(number)

    def trim_box(self, number: int) -> Rect | None:
        """Where the page will be cut: the TrimBox, else what a viewer shows."""
        return self.own_box(number, "/TrimBox") or self.visible_box(number)

    def resources(self, number: int) -> pikepdf.Dictionary | None:
        value, _ = self.inherited(self.page_dict(number), "/Resources")
        return value if isinstance(value, pikepdf.Dictionary) else None

    def readable(self, number: int) -> bool:
        """Whether page `number` may be decoded and drawn: it reaches no stream over
        the limits (those are reported once, by `bounds`)."""
        return not self.bounds.whole_file and number not in self.bounds.pages

    def scan(self, number: int) -> PageScan:
        """What page `number`'s content draws (images, RGB colour), read once; nothing
        for a page over the limits."""
        if number not in self._scans:
            if not self.readable(number):
                self._scans[number] = PageScan()
            else:
                self._scans[number] = scan_page(self.page_dict(number), self.resources(number))
        return self._scans[number]

    def pdfium(self) -> Any:
        """The same file opened with pypdfium2 (as a viewer places text and images)."""
        if self._pdfium is None:
            import pypdfium2

            source = self.source if self.source is not None else str(self.path)
            self._pdfium = pypdfium2.PdfDocument(source, password=self.password)
        return self._pdfium

    def close(self) -> None:
        if self._pdfium is not None:
            self._pdfium.close()
            self._pdfium = None
        self.pdf.close()


def each_page(
    doc: Document, what: str, check: Callable[[int], Iterable[Problem]]
) -> Iterator[Problem]:
    """`check` run on every page in turn, each page isolated: a page that breaks a
    reader costs that page's findings of this check, said by name, not the rest."""
    for number in range(1, len(doc.pages) + 1):
        try:
            found = list(check(number))
        except Exception as exc:  # a file can break a reader in ways no list foresees
            found = [
                Problem(
                    "check.failed",
                    f"the {what} check could not read this page: {type(exc).__name__}: {exc}",
                    number,
                    ("the file is probably damaged; the other pages and checks still ran",),
                )
            ]
        yield from found


def mm(points: float) -> str:
    """A length for a message: "3 mm", "1.5 mm"."""
    value = round(points / POINTS_PER["mm"], 1)
    return f"{value:g} mm"


def size(box: Rect) -> str:
    return f"{mm(box[2] - box[0])[:-3]} x {mm(box[3] - box[1])}"

"""Whether text keeps clear of the trim edge (print): the safe zone.

Takes a `Document`; gives problems. Reads every character's box as a viewer places
it (pypdfium2, in PDF user space: the same coordinates as the page boxes, whatever
the MediaBox origin or /Rotate), and reports, per page, the characters whose box is
not inside the TrimBox shrunk by the safe zone: the first offending text, how far it
is from which edge, and how many characters. Characters wholly outside the BleedBox
sit in the slug, which is cut away on purpose, and are left alone. A page without a
TrimBox is measured against what a viewer shows (CropBox, else MediaBox).
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from typing import Any

import pypdfium2.raw as pdfium_c

from .content import Rect
from .document import Document, each_page, mm
from .findings import Problem

_SIDES = ("left", "bottom", "right", "top")


def _inside(outer: Rect, inner: Rect) -> bool:
    return (
        outer[0] <= inner[0]
        and outer[1] <= inner[1]
        and outer[2] >= inner[2]
        and outer[3] >= inner[3]
    )


def _disjoint(a: Rect, b: Rect) -> bool:
    return a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


def _nearest_edge(trim: Rect, box: Rect) -> tuple[str, float]:
    """The trim edge a character is closest to, and how far inside it is (negative: outside)."""
    distances = (box[0] - trim[0], box[1] - trim[1], trim[2] - box[2], trim[3] - box[3])
    side = min(range(4), key=lambda i: distances[i])
    return _SIDES[side], distances[side]


def _runs_inside(pdf: Any, index: int, safe: Rect) -> bool:
    """Whether every text run of page `index` lies inside `safe`, asked of pdfium's
    C API directly: pypdfium2's page and text-page objects cost more than pdfium's
    own work here (finalizers, weak references), a third of print's time on a
    50,000-page file."""
    page = pdfium_c.FPDF_LoadPage(pdf.raw, index)
    if not page:
        return False
    text = pdfium_c.FPDFText_LoadPage(page)
    try:
        if not text:
            return False
        left, top, right, bottom = (ctypes.c_double() for _ in range(4))
        for run in range(pdfium_c.FPDFText_CountRects(text, 0, -1)):
            pdfium_c.FPDFText_GetRect(
                text, run, ctypes.byref(left), ctypes.byref(top), ctypes.byref(right),
                ctypes.byref(bottom),
            )  # fmt: skip
            if not _inside(safe, (left.value, bottom.value, right.value, top.value)):
                return False
        return True
    finally:
        if text:
            pdfium_c.FPDFText_ClosePage(text)
        pdfium_c.FPDF_ClosePage(page)


def _page(doc: Document, pdf: Any, number: int) -> Problem | None:
    trim = doc.trim_box(number)
    if trim is None:
        return None
    outer = doc.own_box(number, "/BleedBox") or trim
    zone = doc.settings.safe_zone
    safe = (trim[0] + zone, trim[1] + zone, trim[2] - zone, trim[3] - zone)
    # Fast path: pdfium's text runs enclose their characters' boxes; a page whose
    # runs all lie in the safe area needs no look at single characters.
    if _runs_inside(pdf, number - 1, safe):
        return None
    page = pdf[number - 1]
    textpage = page.get_textpage()
    try:
        offending: list[tuple[int, str, Rect]] = []
        for index in range(textpage.count_chars()):
            char = textpage.get_text_range(index, 1)
            if not char.strip():
                continue
            box: Rect = textpage.get_charbox(index)
            if box[2] <= box[0] and box[3] <= box[1]:
                continue
            if _disjoint(box, outer) or _inside(safe, box):
                continue
            offending.append((index, char, box))
        if offending:
            total = textpage.count_chars()
            start = offending[0][0]
            line = textpage.get_text_range(start, min(60, total - start)).splitlines()[0]
    finally:
        textpage.close()
        page.close()
    if not offending:
        return None
    text = line.strip()[:40] + ("…" if len(line.strip()) > 40 else "")
    side, distance = _nearest_edge(trim, offending[0][2])
    where = f"{mm(distance)} inside" if distance >= 0 else f"{mm(-distance)} outside"
    count = len(offending)
    chars = "1 character" if count == 1 else f"{count} characters"
    return Problem(
        "text.safe-zone",
        f"text {text!r} is {where} the {side} trim edge, within the {mm(zone)} safe zone "
        f"({chars} on this page)",
        number,
        (f"keep text at least {mm(zone)} inside the trim, where the cut may wander",),
    )


def check_safe_zone(doc: Document) -> Iterator[Problem]:
    try:
        pdf = doc.pdfium()
    except Exception as exc:  # pypdfium2 raises PdfiumError, or OSError for the file
        hint = (
            "give the file's user password with --password"
            if doc.pdf.is_encrypted
            else "the file is probably damaged; the other checks still ran"
        )
        yield Problem(
            "check.failed",
            f"the safe zone was not checked: pdfium cannot open the file ({exc})",
            hints=(hint,),
        )
        return

    def page(number: int) -> Iterator[Problem]:
        # pdfium decodes a page whole: only pages whose streams are within the limits
        problem = _page(doc, pdf, number) if doc.readable(number) else None
        if problem is not None:
            yield problem

    yield from each_page(doc, "safe zone", page)

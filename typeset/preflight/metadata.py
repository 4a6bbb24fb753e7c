"""Whether the file says what it is: a title, and document information that agrees
with its XMP metadata.

Takes a `Document`; gives problems. The title is the Info dictionary's /Title or XMP's
dc:title; an empty title or a writing program's placeholder ("untitled") counts as
none. Where both Info and XMP hold the title, the creation and modification dates or
the producer, they must agree (dates as instants, to the second). Also reports a file
with no XMP at all (PDF/X-4 requires it) and, for the screen, no document language.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pikepdf

from ..logs import collected
from .document import Document
from .findings import Problem

PLACEHOLDER_TITLES = frozenset({"untitled", "unspecified", "untitled document", "document"})
#: (Info key, XMP property, what to call it)
PAIRS = (
    ("/Title", "dc:title", "title"),
    ("/CreationDate", "xmp:CreateDate", "creation date"),
    ("/ModDate", "xmp:ModifyDate", "modification date"),
    ("/Producer", "pdf:Producer", "producer"),
)
_PDF_DATE = re.compile(
    r"^D?:?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*(?:([Zz+\-])(\d{2})?'?(\d{2})?'?)?"
)
_HINT_TITLE = "set a document title: viewers show it instead of the file name"
_HINT_SYNC = "write Info and XMP from the same values (most PDF libraries can sync them)"


def _info(doc: Document) -> dict[str, str]:
    info = doc.pdf.trailer.get("/Info")
    if not isinstance(info, pikepdf.Dictionary):
        return {}
    return {key: str(value) for key, value in info.items() if isinstance(value, pikepdf.String)}


#: The XMP properties preflight reads: those compared with the Info, and the
#: PDF/X identification (`colour`).
XMP_READ = (*(xmp for _, xmp, _ in PAIRS), "pdfxid:GTS_PDFXVersion")


def read_xmp(doc: Document) -> tuple[dict[str, str] | None, str | None]:
    """The XMP properties preflight reads (`XMP_READ`) that the file has, or
    None and why the packet could not be read (None too when there is none).
    Parsed once per file: the metadata and colour checks both ask."""
    if doc.xmp is None:
        doc.xmp = _parse_xmp(doc)
    return doc.xmp


def _parse_xmp(doc: Document) -> tuple[dict[str, str] | None, str | None]:
    stream = doc.pdf.Root.get("/Metadata")
    if not isinstance(stream, pikepdf.Stream):
        return None, None
    if not doc.bounds.safe(stream):
        return None, "the metadata stream is over the limits and was not read"
    try:
        with warnings.catch_warnings(record=True) as caught, collected("pikepdf") as said:
            warnings.simplefilter("always")
            meta = doc.pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False)
            values = {xmp: meta.get(xmp) for xmp in XMP_READ}
    except Exception as exc:  # pikepdf raises several kinds on malformed XML
        return None, str(exc) or type(exc).__name__
    if caught:
        return None, str(caught[0].message)
    if said:
        return None, said[0]
    return {key: str(value) for key, value in values.items() if value}, None


def parse_date(text: str) -> datetime | None:
    """A PDF date (D:20240322120000+01'00') or an XMP (ISO 8601) date."""
    text = text.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    match = _PDF_DATE.match(text)
    if not match:
        return None
    year, month, day, hour, minute, second, sign, tz_h, tz_m = match.groups()
    try:
        when = datetime(
            int(year), int(month or 1), int(day or 1), int(hour or 0), int(minute or 0),
            int(second or 0),
        )  # fmt: skip
    except ValueError:
        return None
    if sign is None:
        return when
    offset = timedelta(hours=int(tz_h or 0), minutes=int(tz_m or 0))
    if sign == "-":
        offset = -offset
    try:
        return when.replace(tzinfo=timezone(offset))
    except ValueError:
        return when


def _same(key: str, info: str, xmp: str) -> bool:
    if key in ("/CreationDate", "/ModDate"):
        a, b = parse_date(info), parse_date(xmp)
        if a is None or b is None:
            return info.strip() == xmp.strip()
        if (a.tzinfo is None) != (b.tzinfo is None):
            a, b = a.replace(tzinfo=None), b.replace(tzinfo=None)
        return abs((a - b).total_seconds()) < 1
    return info.strip() == xmp.strip()


def _title(info: dict[str, str], xmp: dict[str, str] | None) -> Iterator[Problem]:
    titles = [t for t in (info.get("/Title"), (xmp or {}).get("dc:title")) if t is not None]
    meaningful = [t for t in titles if t.strip() and t.strip().lower() not in PLACEHOLDER_TITLES]
    if meaningful:
        return
    if not titles or not any(t.strip() for t in titles):
        what = "the document title is empty" if titles else "no document title"
        message = f"{what} (/Title in the document information, dc:title in XMP)"
    else:
        placeholder = next(t for t in titles if t.strip())
        message = f"the document title is the placeholder {placeholder!r}"
    yield Problem("metadata.title", message, hints=(_HINT_TITLE,))


def check_metadata(doc: Document) -> Iterator[Problem]:
    info = _info(doc)
    xmp, unreadable = read_xmp(doc)
    yield from _title(info, xmp)
    if unreadable is not None:
        yield Problem(
            "metadata.xmp",
            f"the XMP metadata cannot be read: {unreadable}",
            hints=("write the XMP packet again with a PDF library",),
        )
    elif xmp is None:
        yield Problem(
            "metadata.xmp",
            "no XMP metadata (PDF/X-4 requires it)",
            hints=("add an XMP packet that repeats the document information",),
        )
    for key, prop, what in PAIRS:
        if xmp is not None and key in info and prop in xmp and not _same(key, info[key], xmp[prop]):
            yield Problem(
                "metadata.mismatch",
                f"the {what} differs: {info[key]!r} in the document information, "
                f"{xmp[prop]!r} in XMP",
                hints=(_HINT_SYNC,),
            )


def check_language(doc: Document) -> Iterator[Problem]:
    language = doc.pdf.Root.get("/Lang")
    if not isinstance(language, pikepdf.String) or not str(language).strip():
        yield Problem(
            "metadata.language",
            "no document language (/Lang in the catalog)",
            hints=("set the language, so that screen readers pronounce the text rightly",),
        )

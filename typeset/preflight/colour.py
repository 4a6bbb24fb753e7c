"""Whether the colour is ready for a CMYK press (print).

Takes a `Document`; gives problems. DeviceRGB anywhere a page draws (the rg/RG
operators, a DeviceRGB colour space set with cs/CS, shadings, images and inline
images, inside forms, patterns and annotation appearances too); a PDF/X output
intent with an embedded CMYK ICC profile; and, where the file claims a PDF/X
version (/GTS_PDFXVersion), that the claim names a PDF/X version and is the same
in its XMP. A file need not claim PDF/X to be ready for a press, and a claim is
only as good as the validator that confirmed it, which preflight is not.
ICC-based and calibrated RGB are not reported: PDF/X-4 allows them, converted
through the output intent. Spot colours' alternate spaces, overprint and
transparency are not checked.
"""

from __future__ import annotations

from collections.abc import Iterator

import pikepdf

from .document import Document, each_page
from .findings import Problem
from .metadata import read_xmp

_HINT_RGB = "set colours in CMYK (the k and K operators), or convert the file to the output intent"
_HINT_RGB_IMAGE = (
    "convert the image to CMYK before placing it, or convert the file to the output intent"
)
_HINT_INTENT = "add a PDF/X output intent with the printer's CMYK profile (e.g. FOGRA39 or GRACoL)"


#: The PDF/X versions identified in the XMP too (pdfxid:GTS_PDFXVersion), not
#: only in the Info dictionary as PDF/X-1a and PDF/X-3 are.
XMP_IDENTIFIED = ("PDF/X-4", "PDF/X-5", "PDF/X-6")


def _pages(doc: Document) -> Iterator[Problem]:
    yield from each_page(doc, "colour", lambda number: _page(doc, number))


def _page(doc: Document, number: int) -> Iterator[Problem]:
    scan = doc.scan(number)
    if scan.rgb:
        uses = ", ".join(f"{what} x{count}" for what, count in sorted(scan.rgb.items()))
        yield Problem(
            "colour.rgb",
            f"the page content uses DeviceRGB colour: {uses}",
            number,
            (_HINT_RGB,),
        )
    reported: set[tuple[str, int, int]] = set()
    for image in scan.images:
        key = (image.name, image.width, image.height)
        if image.rgb and key not in reported:
            reported.add(key)
            yield Problem(
                "colour.rgb-image",
                f"{image.describe()} is {image.colour_space[1:]}, not CMYK",
                number,
                (_HINT_RGB_IMAGE,),
            )


def _profile_problem(doc: Document, intent: pikepdf.Dictionary) -> str | None:
    """What is wrong with the output intent's ICC profile, or None."""
    profile = intent.get("/DestOutputProfile")
    if not isinstance(profile, pikepdf.Stream):
        return "the PDF/X output intent has no embedded ICC profile (/DestOutputProfile)"
    if not doc.bounds.safe(profile):
        return "the output intent's ICC profile is over the limits and was not read"
    channels = profile.get("/N")
    if channels != 4:
        return f"the output intent's ICC profile has /N {channels}, where CMYK has 4"
    try:
        header = profile.read_bytes()[:128]
    except (pikepdf.PdfError, RuntimeError, ValueError) as exc:
        return f"the output intent's ICC profile cannot be read: {exc}"
    if len(header) < 128 or header[36:40] != b"acsp":
        return "the output intent's profile is not an ICC profile (no 'acsp' signature)"
    space = header[16:20].decode("latin-1")
    if space != "CMYK":
        return f"the output intent's ICC profile is for {space.strip()!r} colour, not 'CMYK'"
    return None


def _output_intent(doc: Document) -> Iterator[Problem]:
    intents = doc.pdf.Root.get("/OutputIntents")
    listed = (
        [i for i in intents if isinstance(i, pikepdf.Dictionary)]
        if isinstance(intents, pikepdf.Array)
        else []
    )
    pdfx = [i for i in listed if i.get("/S") == "/GTS_PDFX"]
    if not pdfx:
        others = sorted({str(i.get("/S", "/unknown"))[1:] for i in listed})
        found = f" (found only {', '.join(others)})" if others else ""
        yield Problem(
            "colour.output-intent",
            f"no PDF/X output intent (/OutputIntents with /S /GTS_PDFX){found}",
            hints=(_HINT_INTENT,),
        )
        return
    problem = _profile_problem(doc, pdfx[0])
    if problem:
        yield Problem("colour.output-intent", problem, hints=(_HINT_INTENT,))


def _pdfx_version(doc: Document) -> Iterator[Problem]:
    try:
        info = doc.pdf.trailer.get("/Info", pikepdf.Dictionary())
        version = info.get("/GTS_PDFXVersion") if isinstance(info, pikepdf.Dictionary) else None
    except (pikepdf.PdfError, AttributeError):
        version = None
    claimed = str(version) if version is not None else None
    readable, in_xmp = _xmp_pdfx(doc)
    if claimed is None and in_xmp is None:
        return  # no claim: nothing to hold it to
    if not readable:
        return  # no XMP to compare with: metadata.xmp says so, once
    hint = "write the PDF/X identification in Info and XMP from the same value"
    if in_xmp is None and claimed is not None and not claimed.startswith(XMP_IDENTIFIED):
        return  # PDF/X-1a and -3 are identified in the Info alone
    if claimed is None or in_xmp is None:
        where, value = ("XMP", in_xmp) if claimed is None else ("Info", claimed)
        yield Problem(
            "colour.pdfx-version",
            f"the PDF/X claim {value!r} is in the {where} only (/GTS_PDFXVersion, "
            "pdfxid:GTS_PDFXVersion)",
            hints=(hint,),
        )
    elif claimed != in_xmp:
        yield Problem(
            "colour.pdfx-version",
            f"the PDF/X claim differs: {claimed!r} in Info, {in_xmp!r} in XMP",
            hints=(hint,),
        )
    elif not claimed.startswith("PDF/X-"):
        yield Problem(
            "colour.pdfx-version",
            f"/GTS_PDFXVersion {claimed!r} names no PDF/X version",
            hints=('PDF/X-4 is written "PDF/X-4"',),
        )


def _xmp_pdfx(doc: Document) -> tuple[bool, str | None]:
    """Whether the XMP packet can be read, and its pdfxid:GTS_PDFXVersion.
    Malformed XMP is metadata.xmp's finding, not this rule's."""
    values, _ = read_xmp(doc)
    if values is None:
        return False, None
    return True, values.get("pdfxid:GTS_PDFXVersion")


def check_colour(doc: Document) -> Iterator[Problem]:
    yield from _output_intent(doc)
    yield from _pdfx_version(doc)
    yield from _pages(doc)

"""Finishing a rendered PDF for its edition: what ReportLab cannot write.

Takes the PDF ReportLab made, the page `Sheet`, the brand's print settings and
a `DocumentInfo`; rewrites the print edition in place with pikepdf as PDF/X-4:
TrimBox and BleedBox on every page (ReportLab's `cropMarks`
writes no boxes, and its `bleedWidth` scales the page instead of adding bleed),
crop marks in registration colour, the output intent with its embedded CMYK
profile, the PDF/X-4 keys, and no annotations on the printed area. Makes no
style choice; the geometry comes from `geometry`.
"""

from __future__ import annotations

import zlib
from functools import cache
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

from .geometry import Rect, Sheet, crop_marks
from .production import OutputIntent, PrintSpec
from .xmp import DocumentInfo, packet

PDFX_VERSION = "PDF/X-4"
#: Crop marks: a quarter point wide, as printers ask.
MARK_WIDTH = 0.25
#: The resource name of the registration colour on each page.
REGISTRATION = Name("/TypesetRegistration")


def _box(rect: Rect) -> Array:
    return Array([round(v, 4) for v in (rect.x, rect.y, rect.right, rect.top)])


def _registration(pdf: pikepdf.Pdf) -> pikepdf.Object:
    """The Separation colour /All: ink on every plate, for marks only."""
    tint = Dictionary(
        FunctionType=2, Domain=Array([0, 1]), C0=Array([0, 0, 0, 0]), C1=Array([1, 1, 1, 1]), N=1
    )
    return pdf.make_indirect(Array([Name.Separation, Name.All, Name.DeviceCMYK, tint]))


def _marks_stream(page: Sheet) -> bytes:
    lines = [f"q /{str(REGISTRATION)[1:]} CS 1 SCN {MARK_WIDTH} w 0 J"]
    for x1, y1, x2, y2 in crop_marks(page):
        lines.append(f"{x1:.3f} {y1:.3f} m {x2:.3f} {y2:.3f} l S")
    lines.append("Q")
    return "\n".join(lines).encode("ascii")


def _press_pages(pdf: pikepdf.Pdf, page: Sheet, press: PrintSpec) -> None:
    registration = _registration(pdf) if press.crop_marks else None
    marks = _marks_stream(page) if press.crop_marks else b""
    for pdf_page in pdf.pages:
        pdf_page.obj.MediaBox = _box(page.media)
        pdf_page.obj.BleedBox = _box(page.bleed)
        pdf_page.obj.TrimBox = _box(page.trim)
        if "/CropBox" in pdf_page.obj:
            del pdf_page.obj.CropBox
        # PDF/X allows no annotation on the printed area; links belong to the
        # screen edition.
        if "/Annots" in pdf_page.obj:
            del pdf_page.obj.Annots
        if registration is not None:
            if Name.Resources not in pdf_page.obj:
                pdf_page.obj.Resources = Dictionary()
            resources = pdf_page.obj.Resources
            if Name.ColorSpace not in resources:
                resources.ColorSpace = Dictionary()
            resources.ColorSpace[REGISTRATION] = registration
            # The page's own drawing is wrapped in q/Q so that no state it
            # leaves behind can move or recolour the marks.
            pdf_page.contents_add(Stream(pdf, b"q\n"), prepend=True)
            pdf_page.contents_add(Stream(pdf, b"\nQ\n" + marks), prepend=False)


@cache
def compressed_profile(path: Path) -> bytes:
    """An ICC profile as it is embedded, compressed once per process."""
    return zlib.compress(path.read_bytes(), 9)


def _output_intent(pdf: pikepdf.Pdf, intent: OutputIntent) -> None:
    profile = Stream(pdf, b"")
    profile.write(compressed_profile(intent.profile), filter=Name.FlateDecode)
    profile.N = 4
    pdf.Root.OutputIntents = Array(
        [
            Dictionary(
                Type=Name.OutputIntent,
                S=Name.GTS_PDFX,
                OutputConditionIdentifier=intent.condition,
                OutputCondition=intent.info,
                Info=intent.info,
                RegistryName=intent.registry,
                DestOutputProfile=pdf.make_indirect(profile),
            )
        ]
    )


def _describe(pdf: pikepdf.Pdf, info: DocumentInfo, *, claim: bool) -> None:
    """The PDF/X keys, in the Info dictionary ReportLab wrote from `info` and in
    an XMP packet made from the same values, so that the two agree; the
    PDF/X-4 identification itself only with `claim`."""
    if claim:
        pdf.docinfo.GTS_PDFXVersion = PDFX_VERSION
    elif "/GTS_PDFXVersion" in pdf.docinfo:
        del pdf.docinfo["/GTS_PDFXVersion"]
    pdf.docinfo.Trapped = Name("/False")  # ReportLab writes it too; PDF/X needs it
    metadata = Stream(pdf, packet(info, pdfx=PDFX_VERSION if claim else None, trapped=True))
    metadata.Type = Name.Metadata
    metadata.Subtype = Name.XML
    pdf.Root.Metadata = pdf.make_indirect(metadata)


def finish(
    path: Path, *, page: Sheet, info: DocumentInfo, press: PrintSpec, claim: bool = False
) -> None:
    """Finish the PDF at `path` in place to PDF/X-4's rules (boxes, output
    intent, keys); with `claim` it also says it is PDF/X-4 (see `pdfx`)."""
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        _press_pages(pdf, page, press)
        _output_intent(pdf, press.output_intent)
        _describe(pdf, info, claim=claim)
        _save(pdf, path)


def withdraw_claim(path: Path, info: DocumentInfo) -> None:
    """Take the PDF/X-4 identification out of a finished file again."""
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        _describe(pdf, info, claim=False)
        _save(pdf, path)


def _save(pdf: pikepdf.Pdf, path: Path) -> None:
    pdf.save(
        path,
        # ReportLab compressed its streams already and the profile is
        # compressed above. qpdf's own compression (which object streams
        # would need) makes finishing 3.5 times slower for 8% less size.
        compress_streams=False,
        object_stream_mode=pikepdf.ObjectStreamMode.disable,
        min_version="1.6",
        fix_metadata_version=False,
        deterministic_id=True,
    )

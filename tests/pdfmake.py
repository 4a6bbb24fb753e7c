"""Small PDFs made for preflight tests: one well-made print file, and ways to break it.

Every file is drawn with ReportLab in the project's bundled fonts, then finished or
damaged with pikepdf. Nothing is read from outside the repository: the CMYK ICC
profile of the output intent is a minimal one made here (a valid header, no tags),
which is all preflight reads of it.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from pathlib import Path

import pikepdf
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from typeset.preflight.metadata import parse_date

ROOT = Path(__file__).resolve().parent.parent
MM = 72 / 25.4
TRIM = (120 * MM, 170 * MM)  # width, height
BLEED = 3 * MM
FONT = "PreflightSerif"
TITLE = "Ura Newsletter No.7"

Draw = Callable[[Canvas, int], None]


def _register_font() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        path = ROOT / "fonts" / "noto-serif" / "NotoSerif-Regular.ttf"
        pdfmetrics.registerFont(TTFont(FONT, str(path)))


def icc_profile(space: bytes = b"CMYK", device_class: bytes = b"prtr") -> bytes:
    """A minimal ICC profile: a 128-byte header and an empty tag table."""
    header = bytearray(128)
    struct.pack_into(">I", header, 0, 132)
    header[4:8] = b"none"
    struct.pack_into(">I", header, 8, 0x02100000)  # version 2.1
    header[12:16] = device_class
    header[16:20] = space
    header[20:24] = b"Lab "
    struct.pack_into(">6H", header, 24, 2024, 1, 1, 0, 0, 0)
    header[36:40] = b"acsp"
    struct.pack_into(">3I", header, 68, 0xF6D6, 0x10000, 0xD32D)  # D50
    return bytes(header) + struct.pack(">I", 0)


def image(mode: str, pixels: int) -> ImageReader:
    colour = {"CMYK": (10, 60, 20, 5), "RGB": (200, 60, 20), "L": 128}[mode]
    return ImageReader(Image.new(mode, (pixels, pixels), colour))  # type: ignore[arg-type]


def at(x_mm: float, y_mm: float) -> tuple[float, float]:
    """A point given in mm from the trim's lower left corner, in page points."""
    return BLEED + x_mm * MM, BLEED + y_mm * MM


def draw_pdf(
    path: Path,
    *,
    pages: int = 2,
    draw: Draw | None = None,
    bleed: float = BLEED,
    title: str | None = TITLE,
) -> Path:
    """The ReportLab part: CMYK text in an embedded font, inside the safe zone, on
    pages with a TrimBox and a BleedBox `bleed` wider."""
    _register_font()
    width, height = TRIM
    canvas = Canvas(
        str(path),
        pagesize=(width + 2 * BLEED, height + 2 * BLEED),
        invariant=True,
        initialFontName=FONT,
    )
    if title is not None:
        canvas.setTitle(title)
    canvas.setAuthor("Ura Society")
    for number in range(1, pages + 1):
        canvas.setTrimBox((BLEED, BLEED, BLEED + width, BLEED + height))
        canvas.setBleedBox(
            (BLEED - bleed, BLEED - bleed, BLEED + width + bleed, BLEED + height + bleed)
        )
        canvas.setFillColorCMYK(0.9, 0.4, 0.35, 0.4)
        canvas.rect(0, 0, width + 2 * BLEED, 30 * MM, stroke=0, fill=1)  # bleeds off the edge
        canvas.setFillColorCMYK(0, 0, 0, 0.9)
        canvas.setFont(FONT, 10)
        canvas.drawString(*at(15, 100), f"Page {number}: news from Ura Society")
        canvas.drawImage(image("CMYK", 240), *at(15, 40), width=0.5 * 72, height=0.5 * 72)
        if draw is not None:
            draw(canvas, number)
        canvas.showPage()
    canvas.save()
    return path


def finish(
    path: Path,
    *,
    intent: bool = True,
    profile: bytes | None = None,
    pdfx: bool = True,
    xmp: bool = True,
    language: str | None = "en",
) -> Path:
    """The PDF/X part: output intent with a CMYK profile, version key, XMP in step
    with the document information, language."""
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        if intent:
            icc = pdf.make_stream(profile if profile is not None else icc_profile())
            icc["/N"] = 4
            pdf.Root.OutputIntents = pikepdf.Array(
                [
                    pikepdf.Dictionary(
                        Type=pikepdf.Name.OutputIntent,
                        S=pikepdf.Name.GTS_PDFX,
                        OutputConditionIdentifier="FOGRA39",
                        DestOutputProfile=icc,
                    )
                ]
            )
        if pdfx:
            pdf.docinfo["/GTS_PDFXVersion"] = "PDF/X-4"
        if language:
            pdf.Root.Lang = language
        if xmp:
            write_xmp(pdf)
        pdf.save(path)
    return path


def write_xmp(pdf: pikepdf.Pdf, **changes: str) -> None:
    """XMP that repeats the document information (with `changes` to break it)."""
    info = pdf.docinfo
    values = {
        "dc:title": str(info.get("/Title", "")),
        "pdf:Producer": str(info.get("/Producer", "")),
        "xmp:CreateDate": _iso(str(info.get("/CreationDate", ""))),
        "xmp:ModifyDate": _iso(str(info.get("/ModDate", ""))),
        "pdfxid:GTS_PDFXVersion": str(info.get("/GTS_PDFXVersion", "")),
    }
    values.update(changes)
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        for key, value in values.items():
            if value:
                meta[key] = value


def _iso(pdf_date: str) -> str:
    parsed = parse_date(pdf_date)
    return parsed.isoformat() if parsed else ""


def print_pdf(path: Path, **draw_options: object) -> Path:
    """A well-made print PDF: no findings in either profile."""
    return finish(draw_pdf(path, **draw_options))  # type: ignore[arg-type]


def edit(path: Path, change: Callable[[pikepdf.Pdf], None]) -> Path:
    """Change a finished file in place with pikepdf."""
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        change(pdf)
        pdf.save(path)
    return path


def add_content(pdf: pikepdf.Pdf, page: int, content: bytes, **resources: object) -> None:
    """Append drawing to a page, with resources merged into its /Resources."""
    target = pdf.pages[page - 1]
    for kind, entries in resources.items():
        group = target.Resources.get(f"/{kind}")
        if group is None:
            group = target.Resources[f"/{kind}"] = pikepdf.Dictionary()
        for name, value in entries.items():  # type: ignore[attr-defined]
            group[f"/{name}"] = value
    target.contents_add(pdf.make_stream(content))


def type3_font(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    """A Type 3 font with one glyph, a square, for the letter a."""
    glyph = pdf.make_stream(b"1000 0 0 0 750 750 d1 0 0 750 750 re f")
    return pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type3,
            FontBBox=[0, 0, 750, 750],
            FontMatrix=[0.001, 0, 0, 0.001, 0, 0],
            CharProcs=pikepdf.Dictionary(a=glyph),
            Encoding=pikepdf.Dictionary(Differences=[97, pikepdf.Name.a]),
            FirstChar=97,
            LastChar=97,
            Widths=[1000],
            Resources=pikepdf.Dictionary(),
        )
    )

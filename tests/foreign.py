"""Back issues made with 'another tool': small PDFs drawn with a bare ReportLab
canvas (none of our templates), then given outlines, page labels, named
destinations, encryption or damage with pypdf, as real ones have."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pypdf
from conftest import ROOT
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, TTFontFile
from reportlab.pdfgen.canvas import Canvas

FONT = "ForeignLato"
pdfmetrics.registerFont(TTFont(FONT, str(ROOT / "fonts" / "lato" / "Lato-Regular.ttf")))


def draw(pages: list[list[str]], *, embedded: bool = True) -> bytes:
    """A PDF with one page per list of lines (the first line is large)."""
    out = io.BytesIO()
    font = FONT if embedded else "Helvetica"
    canvas = Canvas(out, pagesize=(420, 595), invariant=True, initialFontName=font)
    for lines in pages:
        y = 540.0
        for number, line in enumerate(lines):
            canvas.setFont(font, 18 if number == 0 else 10)
            canvas.drawString(40, y, line)
            y -= 30 if number == 0 else 14
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def with_extras(
    data: bytes,
    *,
    outline: list[tuple[str, int, list[tuple[str, int]]]] = (),  # type: ignore[assignment]
    labels: bool = False,
    names: dict[str, int] | None = None,
    named_link: tuple[int, str] | None = None,
    password: str | None = None,
) -> bytes:
    """Add an outline (title, page, children), page labels (roman), named
    destinations (name -> page) and a link on page `named_link[0]` to the name
    `named_link[1]`; encrypt with `password`."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    for title, page, children in outline:
        parent = writer.add_outline_item(title=title, page_number=page)
        for child, child_page in children:
            writer.add_outline_item(title=child, page_number=child_page, parent=parent)
    if labels:
        writer.set_page_label(0, len(writer.pages) - 1, style="/r")
    for name, page in (names or {}).items():
        writer.add_named_destination(title=name, page_number=page)
    if named_link is not None:
        page_index, name = named_link
        annot = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (40, 40, 200, 60)]),
                NameObject("/Border"): ArrayObject([NumberObject(0)] * 3),
                NameObject("/Dest"): TextStringObject(name),
            }
        )
        page = writer.pages[page_index]
        page[NameObject("/Annots")] = ArrayObject([writer._add_object(annot)])
    if password is not None:
        writer.encrypt(password, algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def write_issue(
    folder: Path,
    stem: str,
    data: bytes,
    *,
    number: int,
    date: str,
    title: str | None = None,
    items: list[tuple[str, int]] = (),  # type: ignore[assignment]
    password: str | None = None,
) -> Path:
    """The PDF and its sidecar in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    pdf = folder / f"{stem}.pdf"
    pdf.write_bytes(data)
    lines = [f"number: {number}", f"date: {date}"]
    if title:
        lines.append(f'title: "{title}"')
    if password:
        lines.append(f'password: "{password}"')
    if items:
        lines.append("items:")
        for headline, page in items:
            lines += [f'  - headline: "{headline}"', f"    page: {page}"]
    (folder / f"{stem}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return pdf


def cairo_style(data: bytes, text: str = "Cairo") -> bytes:
    """`data` with `text` added to its first page in a Type 0 font whose Type 2
    CIDFont has no /CIDToGIDMap, as cairo 1.16 writes them (the browser-printed
    back issue of the corpus): the codes are glyph ids, the font program
    (Lato, whole) embedded. PDF/A-2b asks for the map; the validator's rule is
    PDFA2B-CIDTOGIDMAP-001. Nothing else in the file breaks PDF/A-2b."""
    path = ROOT / "fonts" / "lato" / "Lato-Regular.ttf"
    metrics = TTFontFile(str(path))
    glyphs = [metrics.charToGlyph[ord(c)] for c in text]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        program = pdf.make_stream(path.read_bytes())
        program["/Length1"] = len(path.read_bytes())
        descriptor = pikepdf.Dictionary(
            Type=pikepdf.Name.FontDescriptor,
            FontName=pikepdf.Name("/Lato-Regular"),
            Flags=32,
            FontBBox=[int(v) for v in metrics.bbox],
            ItalicAngle=0,
            Ascent=int(metrics.ascent),
            Descent=int(metrics.descent),
            CapHeight=int(metrics.capHeight),
            StemV=int(metrics.stemV),
            FontFile2=program,
        )
        widths = [
            w for c, g in zip(text, glyphs, strict=True) for w in (g, [metrics.charWidths[ord(c)]])
        ]
        cid_font = pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.CIDFontType2,
            BaseFont=pikepdf.Name("/Lato-Regular"),
            CIDSystemInfo=pikepdf.Dictionary(
                Registry=pikepdf.String("Adobe"), Ordering=pikepdf.String("Identity"), Supplement=0
            ),
            FontDescriptor=descriptor,
            DW=1000,
            W=widths,
        )
        font = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Font,
                Subtype=pikepdf.Name.Type0,
                BaseFont=pikepdf.Name("/Lato-Regular"),
                Encoding=pikepdf.Name("/Identity-H"),
                DescendantFonts=[pdf.make_indirect(cid_font)],
            )
        )
        page = pdf.pages[0]
        page.Resources.Font[pikepdf.Name("/FCairo")] = font
        codes = "".join(f"{g:04x}" for g in glyphs)
        page.contents_add(pdf.make_stream(f"BT /FCairo 12 Tf 40 60 Td <{codes}> Tj ET".encode()))
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()

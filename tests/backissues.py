"""Back issues as other producers make them, for `typeset sidecar` to draft
from: each maker writes the PDF and returns the items a reader sees in it
(headline, page). Drawn with a bare ReportLab canvas and the project's Lato,
none of our templates.

- `word_processor`: one column, bold headlines, an outline (bookmarks) to each
  item and an /Info title, as a word processor's "export to PDF" gives.
- `two_columns`: a masthead, a running head, two columns with headlines in a
  bold face a size up (one on two lines, one hyphenated body line), no outline
  and no /Info title, as a layout program gives.
- `scan`: pages that are only images of text, as a scanner gives.
"""

from __future__ import annotations

import io
from pathlib import Path

from conftest import ROOT
from PIL import Image, ImageDraw
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

REGULAR, BOLD = "IntakeLato", "IntakeLato-Bold"
pdfmetrics.registerFont(TTFont(REGULAR, str(ROOT / "fonts" / "lato" / "Lato-Regular.ttf")))
pdfmetrics.registerFont(TTFont(BOLD, str(ROOT / "fonts" / "lato" / "Lato-Bold.ttf")))

BODY = (
    "The committee met on Tuesday evening to plan the season ahead. Volunteers "
    "from every village took part, and the minutes are kept in the office for "
    "anyone who wants to read them in full."
)

Items = list[tuple[str, int]]


def _paragraph(canvas: Canvas, x: float, y: float, width: float, size: float) -> float:
    """Body text set ragged in `width`; gives the y below it."""
    words = BODY.split()
    line: list[str] = []
    for word in words:
        if pdfmetrics.stringWidth(" ".join([*line, word]), REGULAR, size) > width and line:
            canvas.setFont(REGULAR, size)
            canvas.drawString(x, y, " ".join(line))
            y -= size * 1.3
            line = []
        line.append(word)
    canvas.setFont(REGULAR, size)
    canvas.drawString(x, y, " ".join(line))
    return y - size * 2


def word_processor(path: Path, *, bookmarks: list[str] | None = None) -> Items:
    """`bookmarks`: titles for the outline other than the headlines (a
    template's "Heading 1", "Heading 2" ...)."""
    headlines = [
        ["Spring fair raises funds for the new roof", "A letter from the chair"],
        ["Choir wins the regional prize", "Café opens in the old bakery"],
        ["Twenty years of the walking group", "Notices and dates"],
    ]
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(595, 842), invariant=True)
    canvas.setTitle("Riverside News No. 87")
    canvas.setProducer("LibreOffice 7.4")
    items: Items = []
    for page, pair in enumerate(headlines, start=1):
        y = 780.0
        if page == 1:
            canvas.setFont(REGULAR, 11)
            canvas.drawString(72, y, "Riverside News · No. 87 · 15 March 2019")
            y -= 40
        for number, headline in enumerate(pair):
            key = f"p{page}i{number}"
            canvas.bookmarkPage(key, fit="XYZ", top=y + 20)
            title = bookmarks[len(items)] if bookmarks else headline
            canvas.addOutlineEntry(title, key, level=0)
            canvas.setFont(BOLD, 14)
            canvas.drawString(72, y, headline)
            y -= 24
            for _ in range(4):
                y = _paragraph(canvas, 72, y, 450, 11)
            items.append((headline, page))
        canvas.showPage()
    canvas.save()
    path.write_bytes(out.getvalue())
    return items


def two_columns(path: Path) -> Items:
    pages = [
        [
            ["Harvest supper", "in the village hall"],
            ["New footpath opens"],
            ["Library hours change"],
        ],
        [["Bell ringers welcome", "two new learners"], ["Flower show results"]],
        [["Youth club trip to the coast"], ["Recycling dates for spring"], ["Thank you"]],
    ]
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(595, 842), invariant=True)
    canvas.setProducer("Adobe InDesign 18.0 (Macintosh)")
    items: Items = []
    for page, headlines in enumerate(pages, start=1):
        canvas.setFont(REGULAR, 8)
        canvas.drawString(50, 810, "Hillside Parish Letter · October 2021")
        canvas.drawString(540, 30, str(page))
        y = 780.0
        if page == 1:
            canvas.setFont(BOLD, 30)
            canvas.drawString(50, 740, "Hillside Parish Letter")
            canvas.setFont(REGULAR, 10)
            canvas.drawString(50, 715, "Issue 42 · October 2021")
            y = 680
        # the columns are filled one after the other, as a layout program does
        column_headlines = [
            headlines[: (len(headlines) + 1) // 2],
            headlines[(len(headlines) + 1) // 2 :],
        ]
        for column, chunk in enumerate(column_headlines):
            x, cy = 50 + column * 260, y
            for lines in chunk:
                for line in lines:
                    canvas.setFont(BOLD, 12)
                    canvas.drawString(x, cy, line)
                    cy -= 15
                cy -= 4
                for _ in range(2):
                    cy = _paragraph(canvas, x, cy, 230, 9.5)
                items.append((" ".join(lines), page))
        canvas.showPage()
    canvas.save()
    path.write_bytes(out.getvalue())
    return items


def scan(path: Path, pages: int = 2) -> None:
    """Pages that are pictures of text: no text layer at all."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(595, 842), invariant=True)
    canvas.setProducer("Canon iR-ADV C5535")
    for _ in range(pages):
        picture = Image.new("L", (595, 842), 255)
        draw = ImageDraw.Draw(picture)
        for row in range(40):
            draw.rectangle((60, 80 + row * 18, 60 + (row * 37) % 400 + 100, 90 + row * 18), fill=0)
        canvas.drawImage(ImageReader(picture), 0, 0, 595, 842)
        canvas.showPage()
    canvas.save()
    path.write_bytes(out.getvalue())

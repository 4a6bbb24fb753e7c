"""Page templates: the frames of each page and what is drawn around them.

Takes the `Grid` (from `geometry`), the brand and the issue; gives ReportLab
`PageTemplate`s: the first page with the masthead, later pages without it, and
the running footer on every page. Every colour, size and word comes from the
brand or the issue.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, PageTemplate
from svglib.svglib import svg2rlg

from .brand import Brand
from .flowables import draw_text
from .geometry import Grid, Rect
from .model import Issue
from .styles import Styles


@cache
def _svg(path: Path) -> Drawing:
    drawing = svg2rlg(str(path))
    if drawing is None:
        raise ValueError(f"cannot read the SVG logo {str(path)!r}")
    return drawing


def draw_logo(canv: Canvas, path: Path, box: Rect, *, font: str) -> None:
    """The logo, as large as fits `box`, centred in it; SVG stays vector.

    `font` is the drawing's initial font: ReportLab would otherwise select an
    unembedded Helvetica for it, even for a logo without text."""
    if path.suffix.lower() == ".svg":
        drawing = _svg(path)
        drawing.initialFontName = font
        width, height = drawing.width, drawing.height
        scale = min(box.width / width, box.height / height)
        canv.saveState()
        canv.translate(
            box.x + (box.width - width * scale) / 2,
            box.y + (box.height - height * scale) / 2,
        )
        canv.scale(scale, scale)
        renderPDF.draw(drawing, canv, 0, 0)
        canv.restoreState()
    else:
        image = ImageReader(str(path))
        width, height = image.getSize()
        scale = min(box.width / width, box.height / height)
        canv.drawImage(
            image,
            box.x + (box.width - width * scale) / 2,
            box.y + (box.height - height * scale) / 2,
            width * scale,
            height * scale,
            mask="auto",
        )


class Decorator:
    """Draws the masthead and the footer; one per build."""

    def __init__(
        self, issue: Issue, brand: Brand, styles: Styles, grid: Grid, date_text: str
    ) -> None:
        self.issue = issue
        self.brand = brand
        self.styles = styles
        self.grid = grid
        self.date_text = date_text

    def masthead(self, canv: Canvas) -> None:
        brand, styles, space = self.brand, self.styles, self.styles.space
        area = self.grid.masthead
        band = Rect(
            area.x, area.top - space("masthead_height"), area.width, space("masthead_height")
        )
        pad = space("box_padding") * 1.5
        canv.setFillColor(brand.colour("primary"))
        canv.rect(band.x, band.y, band.width, band.height, stroke=0, fill=1)
        text_x = band.x + pad
        if brand.logo is not None:
            side = band.height - 2 * pad
            draw_logo(
                canv,
                brand.logo,
                Rect(band.x + pad, band.y + pad, side, side),
                font=brand.font("caption"),
            )
            text_x += side + pad
        # Name over tagline, the pair centred on the band's height.
        name, tagline = styles.ink("masthead_name"), styles.ink("masthead_tagline")
        tag_leading = styles.text_style("masthead_tagline").leading
        block = name.size + (tag_leading if brand.tagline else 0)
        name_base = band.y + (band.height + block) / 2 - name.size * 0.8
        draw_text(canv, text_x, name_base, brand.name, name)
        if brand.tagline:
            draw_text(canv, text_x, name_base - tag_leading, brand.tagline, tagline)
        # Number over date at the right.
        number = styles.ink("masthead_number")
        right = band.right - pad
        draw_text(
            canv,
            right,
            name_base,
            brand.label("number", number=self.issue.number),
            number,
            align="right",
        )
        draw_text(canv, right, name_base - tag_leading, self.date_text, tagline, align="right")
        # The strip under the band: theme at the left, web address at the right.
        line = styles.ink("masthead_line")
        strip_base = band.y - space("masthead_line") + (space("masthead_line") - line.size) / 2
        if self.issue.title:
            draw_text(
                canv,
                band.x,
                strip_base,
                self.issue.title.upper()
                if styles.text_style("masthead_line").uppercase
                else self.issue.title,
                line,
            )
        if brand.web:
            draw_text(canv, band.right, strip_base, display_url(brand.web), line, align="right")
        rule_y = band.y - space("masthead_line")
        canv.setStrokeColor(brand.colour("accent"))
        canv.setLineWidth(space("rule_heavy"))
        canv.line(band.x, rule_y, band.right, rule_y)

    def footer(self, canv: Canvas, page: int) -> None:
        area = self.grid.footer
        ink = self.styles.ink("footer")
        canv.setStrokeColor(self.brand.colour("rule"))
        canv.setLineWidth(self.styles.space("rule"))
        rule_y = area.top - self.styles.space("rule")
        canv.line(area.x, rule_y, area.right, rule_y)
        base = area.y
        left = " · ".join(
            (self.brand.name, self.brand.label("number", number=self.issue.number), self.date_text)
        )
        draw_text(canv, area.x, base, left, ink)
        draw_text(canv, area.right, base, self.brand.label("page", page=page), ink, align="right")


def display_url(url: str) -> str:
    """A link as printed: without the scheme and a trailing slash."""
    for prefix in ("https://", "http://", "mailto:"):
        if url.startswith(prefix):
            url = url[len(prefix) :]
            break
    return url.rstrip("/")


def _frames(rects: tuple[Rect, ...], prefix: str) -> list[Frame]:
    return [
        Frame(
            r.x,
            r.y,
            r.width,
            r.height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id=f"{prefix}{i + 1}",
        )
        for i, r in enumerate(rects)
    ]


def page_templates(decorator: Decorator) -> list[PageTemplate]:
    grid = decorator.grid

    def first(canv: Canvas, doc: object) -> None:
        decorator.masthead(canv)
        decorator.footer(canv, canv.getPageNumber())

    def later(canv: Canvas, doc: object) -> None:
        decorator.footer(canv, canv.getPageNumber())

    return [
        PageTemplate(
            "first",
            _frames(grid.first_columns, "p1c"),
            onPage=first,
            autoNextPageTemplate="later",
            pagesize=(grid.page.width, grid.page.height),
        ),
        PageTemplate(
            "later",
            _frames(grid.columns, "c"),
            onPage=later,
            pagesize=(grid.page.width, grid.page.height),
        ),
    ]

"""Page templates: the frames of each page and what is drawn around them.

Takes the `Grid` (from `geometry`), the brand and the issue; gives ReportLab
`PageTemplate`s: the first page with the masthead, later pages without it, and
the running footer on every page. Every colour, size and word comes from the
brand or the issue.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import cache
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, PageTemplate
from svglib.svglib import svg2rlg

from .brand import Brand
from .colour import rgb_to_cmyk
from .flowables import draw_text
from .geometry import Grid, Rect
from .model import Issue
from .styles import Styles
from .text.scripts import isolate


@cache
def _svg(path: Path) -> Drawing:
    drawing = svg2rlg(str(path))
    if drawing is None:
        raise ValueError(f"cannot read the SVG logo {str(path)!r}")
    return drawing


def _repaint(node: object, paint: Callable[[Color], Color]) -> None:
    """Pass every fill and stroke colour of a drawing through `paint`."""
    for attribute in ("fillColor", "strokeColor"):
        value = getattr(node, attribute, None)
        if isinstance(value, Color):
            setattr(node, attribute, paint(value))
    for child in getattr(node, "contents", ()):
        _repaint(child, paint)


def draw_logo(
    canv: Canvas,
    path: Path,
    box: Rect,
    *,
    font: str,
    paint: Callable[[Color], Color] | None = None,
) -> None:
    """The logo, as large as fits `box`, centred in it; SVG stays vector.

    `font` is the drawing's initial font: ReportLab would otherwise select an
    unembedded Helvetica for it, even for a logo without text. `paint` turns
    the SVG's colours into the edition's colour space."""
    if path.suffix.lower() == ".svg":
        drawing = _svg(path)
        if paint is not None:
            drawing = copy.deepcopy(drawing)
            _repaint(drawing, paint)
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


def logo_paint(brand: Brand) -> Callable[[Color], Color] | None:
    """How a logo's RGB colours are painted in the brand's colour space: None
    on screen; in print, the palette's own CMYK value for a palette colour,
    else the colour separated through the output profile."""
    if brand.colour_space != "cmyk":
        return None
    palette = {entry.rgb.upper(): entry for entry in brand.palette.values()}
    profile = brand.press.output_intent.profile

    def paint(colour: Color) -> Color:
        if isinstance(colour, CMYKColor):
            return colour
        hex_value = "#" + colour.hexval()[2:].upper()
        if hex_value in palette:
            return palette[hex_value].for_pdf("cmyk")
        cyan, magenta, yellow, black = rgb_to_cmyk(hex_value, profile)
        return CMYKColor(cyan, magenta, yellow, black, alpha=colour.alpha)

    return paint


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
        # The colour runs off the top and both sides of the page: out to the
        # bleed edge in print, so that trimming never leaves a white hairline.
        paint = self.grid.sheet.bleed
        canv.setFillColor(brand.colour("primary"))
        canv.rect(paint.x, band.y, paint.width, paint.top - band.y, stroke=0, fill=1)
        # Logo and words sit inside the margins, centred on the colour that
        # shows once the page is trimmed.
        bottom = band.y
        rise = (self.grid.page.top - band.top) / 2
        band = Rect(band.x, band.y + rise, band.width, band.height)
        text_x = band.x + pad
        if brand.logo is not None:
            side = band.height - 2 * pad
            draw_logo(
                canv,
                brand.logo,
                Rect(band.x + pad, band.y + pad, side, side),
                font=brand.font("caption"),
                paint=logo_paint(brand),
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
        strip_base = bottom - space("masthead_line") + (space("masthead_line") - line.size) / 2
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
        rule_y = bottom - space("masthead_line")
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
            isolate(part)
            for part in (
                self.brand.name,
                self.brand.label("number", number=self.issue.number),
                self.date_text,
            )
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


#: The page template of filler pages (see `flowables.NotesPage`).
FILLER_TEMPLATE = "filler"


def page_templates(decorator: Decorator) -> list[PageTemplate]:
    grid = decorator.grid
    media = (grid.sheet.media.width, grid.sheet.media.height)

    def first(canv: Canvas, doc: object) -> None:
        decorator.masthead(canv)
        decorator.footer(canv, canv.getPageNumber())

    def later(canv: Canvas, doc: object) -> None:
        decorator.footer(canv, canv.getPageNumber())

    body = Rect(
        grid.columns[0].x,
        grid.columns[0].y,
        grid.columns[-1].right - grid.columns[0].x,
        grid.columns[0].height,
    )
    return [
        PageTemplate(
            "first",
            _frames(grid.first_columns, "p1c"),
            onPage=first,
            autoNextPageTemplate="later",
            pagesize=media,
        ),
        PageTemplate("later", _frames(grid.columns, "c"), onPage=later, pagesize=media),
        PageTemplate(FILLER_TEMPLATE, _frames((body,), "notes"), onPage=later, pagesize=media),
    ]

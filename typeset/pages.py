"""Page templates: the frames of each page and what is drawn around them.

Takes the `Grid` (from `geometry`), the brand and the issue; gives ReportLab
`PageTemplate`s: the first page with the masthead, later pages without it, and
the running footer on every page. Every colour, size and word comes from the
brand or the issue; what volumes print too (logo, footer, dated line, contact
lines) is drawn by `furniture`.
"""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, PageTemplate

from .brand import Brand
from .flowables import draw_text
from .furniture import display_url, draw_footer, draw_logo, joined, logo_paint, mirrored
from .geometry import Grid, Rect, across
from .model import Issue
from .styles import Styles


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
        # A right-to-left page is mirrored: logo and name at the right, number
        # and date at the left, theme at the right of the strip.
        rtl = mirrored(self.issue.language)
        start, end = ("right", "left") if rtl else ("left", "right")
        step = -1 if rtl else 1
        text_x = band.right - pad if rtl else band.x + pad
        if brand.logo is not None:
            side = band.height - 2 * pad
            draw_logo(
                canv,
                brand.logo,
                Rect(text_x - side if rtl else text_x, band.y + pad, side, side),
                font=brand.font("caption"),
                paint=logo_paint(brand),
            )
            text_x += step * (side + pad)
        # Name over tagline, the pair centred on the band's height.
        name, tagline = styles.ink("masthead_name"), styles.ink("masthead_tagline")
        tag_leading = styles.text_style("masthead_tagline").leading
        block = name.size + (tag_leading if brand.tagline else 0)
        name_base = band.y + (band.height + block) / 2 - name.size * 0.8
        draw_text(canv, text_x, name_base, brand.name, name, align=start)
        if brand.tagline:
            draw_text(canv, text_x, name_base - tag_leading, brand.tagline, tagline, align=start)
        # Number over date at the other end.
        number = styles.ink("masthead_number")
        other = band.x + pad if rtl else band.right - pad
        draw_text(
            canv,
            other,
            name_base,
            brand.label("number", number=self.issue.number),
            number,
            align=end,
        )
        draw_text(canv, other, name_base - tag_leading, self.date_text, tagline, align=end)
        # The strip under the band: theme at the start, web address at the end.
        line = styles.ink("masthead_line")
        strip_base = bottom - space("masthead_line") + (space("masthead_line") - line.size) / 2
        if self.issue.title:
            draw_text(
                canv,
                band.right if rtl else band.x,
                strip_base,
                self.issue.title.upper()
                if styles.text_style("masthead_line").uppercase
                else self.issue.title,
                line,
                align=start,
            )
        if brand.web:
            x = band.x if rtl else band.right
            draw_text(canv, x, strip_base, display_url(brand.web), line, align=end)
        rule_y = bottom - space("masthead_line")
        canv.setStrokeColor(brand.colour("accent"))
        canv.setLineWidth(space("rule_heavy"))
        canv.line(band.x, rule_y, band.right, rule_y)

    def footer(self, canv: Canvas, page: int) -> None:
        rtl = mirrored(self.issue.language)
        left = joined(
            (self.brand.name, self.brand.label("number", number=self.issue.number), self.date_text),
            right_to_left=rtl,
        )
        page_label = self.brand.label("page", page=page)
        draw_footer(
            canv,
            self.grid.footer,
            self.styles,
            left,
            page_label,
            mirrored=rtl,
        )


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

    body = across(grid.columns)
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

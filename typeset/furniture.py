"""Page furniture shared by an issue's pages and a volume's own pages.

Takes the brand, a canvas and the boxes to draw in; gives what both kinds of
page print around their content: the logo (SVG kept vector, painted in the
edition's colour space), the footer (a rule, a line at the left, a page label
at the right), the dated line ("No.3 · 20 March 2024", the date written as
readers of the issue's language write it, through `dates`), the contact block
(organisation, contact, web address) and what the PDF says about itself
(`DocumentInfo`). Issues (`pages`, `layout.story`) and volumes
(`compile.frontmatter`) both call it, so that a volume's front matter dates a
Persian issue in the Solar Hijri calendar as the issue does. Must not know
frames, stories or where an issue's items land.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import uuid
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from svglib.svglib import svg2rlg

from . import __version__, dates, fonts
from .brand import Brand
from .colour import rgb_to_cmyk
from .edition import ColourSpace
from .flowables import draw_text
from .geometry import Rect
from .styles import Styles
from .text.scripts import isolate, persian_digits, right_to_left
from .xmp import DocumentInfo


def _svg(path: Path) -> Drawing:
    """The logo's drawing, parsed once per content: a logo edited while
    `typeset watch` runs is read again, an unchanged one is not (svglib takes
    about 20 ms for the sample logo)."""
    return _svg_of(path, fonts.content_digest(path))


@cache
def _svg_of(path: Path, digest: str) -> Drawing:
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
    if brand.colour_space is not ColourSpace.CMYK:
        return None
    palette = {entry.rgb.upper(): entry for entry in brand.palette.values()}
    profile = brand.press.output_intent.profile

    def paint(colour: Color) -> Color:
        if isinstance(colour, CMYKColor):
            return colour
        hex_value = "#" + colour.hexval()[2:].upper()
        if hex_value in palette:
            return palette[hex_value].for_pdf(ColourSpace.CMYK)
        cyan, magenta, yellow, black = rgb_to_cmyk(hex_value, profile)
        return CMYKColor(cyan, magenta, yellow, black, alpha=colour.alpha)

    return paint


def display_url(url: str) -> str:
    """A link as printed: without the scheme and a trailing slash."""
    for prefix in ("https://", "http://", "mailto:"):
        if url.startswith(prefix):
            url = url[len(prefix) :]
            break
    return url.rstrip("/")


def link_text(label: str, url: str) -> str:
    """An item's link line: "Read online: example.org/story", or the bare
    address for a mail link (one does not read an address online)."""
    if url.startswith("mailto:"):
        return display_url(url)
    return f"{label}: {display_url(url)}"


def written_date(date: dt.date, brand: Brand, language: str) -> str:
    """The date as readers of `language` see it: the date pattern of that
    language's labels (the brand's own where it gives none), Babel's month
    names, and for Persian the Solar Hijri date with the Gregorian beside it
    (see `dates`)."""
    pattern = brand.for_language(language).labels["date"]
    return dates.written_date(date, pattern, language)


def numeral(number: int, language: str) -> str:
    """A number as the page prints it: Persian digits on a Persian page
    (a page number in "In this issue": ۲)."""
    text = str(number)
    return persian_digits(text) if language.split("-", 1)[0].lower() == "fa" else text


def mirrored(language: str) -> bool:
    """Whether the page furniture of `language` is mirrored (right to left)."""
    return right_to_left(language)


#: The right-to-left mark: drawn as nothing, it makes a generated line read
#: from the right even when its first word is Latin ("Ura Newsletter · …").
RIGHT_TO_LEFT_MARK = "\u200f"


def separator(right_to_left: bool = False) -> str:
    """What stands between the parts of a generated line: a middle dot, or on
    a right-to-left page a bullet. Beside Persian digits a middle dot looks
    like the Persian zero (۰, a dot at the same height in Noto Naskh):
    "شماره‌ی ۱۱۱ · ۳ فروردین" reads as ۱۱۱۰۳ (seen at 600 dpi in the footer of
    the Persian sample); the bullet is a disc twice the zero's size. Tried and
    left: the Persian comma ("۱۱۱، ۳"), which pdfium and pdftotext then copy
    on the wrong side of the number ("،۱۱۱ ۳"; a symmetric mark copies as the
    dot did); a vertical bar, which beside ۱۱۱ reads as one more ۱; an en
    dash, which reads as a range."""
    return " • " if right_to_left else " · "


#: Arabic-Indic and Persian digits: beside them a middle dot reads as a zero.
_EASTERN_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")


def joined(parts: Iterable[str], *, right_to_left: bool = False) -> str:
    """Parts of one printed line joined by `separator`, each right-to-left
    part isolated so that its digits stay with its words; with `right_to_left`
    the first part is the rightmost. A left-to-right line with Persian digits
    in it takes the bullet too (a volume's contents: "No.111 • ۳ فروردین ۱۴۰۳
    (۲۲ مارس ۲۰۲۴) • روز جهانی …", where "۳ · روز" read as ۳۰)."""
    parts = list(parts)
    eastern = any(_EASTERN_DIGITS.search(part) for part in parts)
    line = separator(right_to_left or eastern).join(isolate(part) for part in parts)
    return RIGHT_TO_LEFT_MARK + line if right_to_left else line


def dated_line(brand: Brand, number: int, date: dt.date, language: str) -> list[str]:
    """An issue's number and its date, as the footer and the volume's
    contents print them (the date in the issue's own language)."""
    return [brand.label("number", number=number), written_date(date, brand, language)]


def contact_lines(brand: Brand) -> list[str]:
    """Who publishes: organisation, contact line, web address (those given)."""
    lines = [brand.organisation, brand.contact, display_url(brand.web) if brand.web else None]
    return [line for line in lines if line]


def draw_footer(
    canv: Canvas, area: Rect, styles: Styles, left: str, right: str, *, mirrored: bool = False
) -> None:
    """The running footer in `area`: a rule along its top, `left` at the left
    and `right` at the right on its bottom edge; `mirrored` (a right-to-left
    page) swaps the two sides."""
    ink = styles.ink("footer")
    canv.setStrokeColor(styles.brand.colour("rule"))
    canv.setLineWidth(styles.space("rule"))
    rule_y = area.top - styles.space("rule")
    canv.line(area.x, rule_y, area.right, rule_y)
    if mirrored:
        left, right = right, left
    draw_text(canv, area.x, area.y, left, ink)
    draw_text(canv, area.right, area.y, right, ink, align="right")


def document_info(
    brand: Brand,
    *,
    title: str,
    subject: str,
    keywords: tuple[str, ...],
    language: str,
    created: dt.datetime,
    identity: str | None,
    producer: str | None = None,
) -> DocumentInfo:
    """What a PDF says about itself, in Info and XMP alike. `identity` names
    the document across rebuilds (its DocumentID is derived from it); None
    gives the null id of a part that is merged into another document."""
    if identity is None:
        document = uuid.UUID(int=0)
        instance = document
    else:
        document = uuid.uuid5(uuid.NAMESPACE_URL, identity)
        instance = uuid.uuid5(document, created.isoformat())
    return DocumentInfo(
        title=title,
        author=brand.organisation,
        subject=subject,
        keywords=keywords,
        language=language,
        creator=f"typeset {__version__}",
        producer=producer or f"typeset {__version__}",
        created=created,
        document_id=f"uuid:{document}",
        instance_id=f"uuid:{instance}",
    )

"""The volume's own pages, typeset with the brand: cover, contents and index.

Takes the brand, the year and where every issue and headline lands in the
volume; gives PDF bytes made by ReportLab (invariant, brand fonts embedded),
their page count, and the spots on them that should link to a volume page.
The words it prints are in `WORDS`; every font, size and colour comes from
the brand. Must not touch the issues' own pages.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
)

from .. import __version__, markup
from ..brand import Brand
from ..flowables import Ink, draw_text
from ..geometry import Rect
from ..layout import written_date
from ..pages import display_url, draw_logo
from ..paragraphs import ParagraphMaker
from ..render import binary_streams, brand_fonts, canvas_maker
from ..styles import Styles

#: The words the front matter prints (a brand's labels cover only the issues).
WORDS = {
    "volume": "Volume {year}",
    "range": "{first} – {last}",
    "issues": "{count} issues",
    "contents": "Contents",
    "index": "Index of headlines",
    "other": "#",
}


@dataclass(frozen=True)
class IssueLine:
    """An issue as the contents lists it."""

    number: int
    date: dt.date
    title: str | None
    #: the issue's first page in the volume, counted from 1
    page: int
    #: (headline, page in the volume)
    items: tuple[tuple[str, int], ...]
    language: str = "en"


@dataclass(frozen=True)
class Spot:
    """A place on a front-matter page that links to a page of the volume."""

    page: int  # index of the front-matter page, from 0
    rect: tuple[float, float, float, float]
    target: int  # volume page, counted from 1


@dataclass
class Made:
    data: bytes
    pages: int
    spots: list[Spot] = field(default_factory=list)


class _Row(Flowable):  # type: ignore[misc]
    """Text at the left, a page number at the right on its first line; the
    whole row becomes a link to that page."""

    def __init__(
        self,
        paragraph: Paragraph,
        number: str,
        ink: Ink,
        *,
        target: int,
        record: Callable[[Canvas, tuple[float, float, float, float], int], None],
        indent: float = 0.0,
        gap: float = 0.0,
    ) -> None:
        super().__init__()
        self.paragraph = paragraph
        self.number = number
        self.ink = ink
        self.target = target
        self.record = record
        self.indent = indent
        self.spaceAfter = gap
        self.number_width = ink.width("0000") + ink.size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        inner = avail_width - self.indent - self.number_width
        _, height = self.paragraph.wrap(inner, avail_height)
        self.width, self.height = avail_width, height
        return self.width, self.height

    def draw(self) -> None:
        self.paragraph.drawOn(self.canv, self.indent, 0)
        first_line = self.height - self.paragraph.style.fontSize
        baseline = first_line - (self.paragraph.style.leading - self.paragraph.style.fontSize) / 2
        draw_text(self.canv, self.width, baseline + 1, self.number, self.ink, align="right")
        x0, y0 = self.canv.absolutePosition(0, 0)
        x1, y1 = self.canv.absolutePosition(self.width, self.height)
        self.record(self.canv, (x0, y0, x1, y1), self.target)


def month_year(date: dt.date, language: str) -> str:
    """'March 2024', in the issue's language."""
    from babel.dates import format_date

    try:
        return str(format_date(date, "LLLL y", locale=language.replace("-", "_")))
    except (ValueError, LookupError):
        return str(format_date(date, "LLLL y", locale="en"))


class _Maker:
    def __init__(self, brand: Brand, year: int, language: str) -> None:
        self.brand = brand
        self.year = year
        self.styles = Styles(brand, language)
        self.paragraphs = ParagraphMaker(
            link_colour=brand.colour("accent"), fallback=self.styles.fallback
        )
        self.spots: list[Spot] = []

    def para(self, text: str, style: str) -> Paragraph:
        ts = self.styles.text_style(style)
        return self.paragraphs.make(
            markup.plain(text), self.styles.paragraph(style), uppercase=ts.uppercase
        )

    def record(self, canv: Canvas, rect: tuple[float, float, float, float], target: int) -> None:
        self.spots.append(Spot(canv.getPageNumber() - 1, rect, target))

    def row(
        self, text: str, style: str, page: int, *, indent: float = 0.0, gap: float = 0.0
    ) -> _Row:
        return _Row(
            self.para(text, style),
            str(page),
            self.styles.ink("box_number"),
            target=page,
            record=self.record,
            indent=indent,
            gap=gap,
        )

    # -- pages ------------------------------------------------------------
    def content_rect(self) -> Rect:
        width, height = self.brand.page_size
        m = self.brand.margins
        footer = self.styles.space("footer_height")
        return Rect(
            m.left, m.bottom + footer, width - m.left - m.right, height - m.top - m.bottom - footer
        )

    def footer(self, canv: Canvas, label: str) -> None:
        m = self.brand.margins
        width, _ = self.brand.page_size
        ink = self.styles.ink("footer")
        canv.setStrokeColor(self.brand.colour("rule"))
        canv.setLineWidth(self.styles.space("rule"))
        top = m.bottom + self.styles.space("footer_height") - self.styles.space("rule")
        canv.line(m.left, top, width - m.right, top)
        left = f"{self.brand.name} · {WORDS['volume'].format(year=self.year)}"
        draw_text(canv, m.left, m.bottom, left, ink)
        draw_text(canv, width - m.right, m.bottom, label, ink, align="right")

    def cover(self, canv: Canvas, issues: Sequence[IssueLine]) -> None:
        brand, styles, space = self.brand, self.styles, self.styles.space
        width, height = brand.page_size
        m = brand.margins
        area = Rect(m.left, m.bottom, width - m.left - m.right, height - m.top - m.bottom)
        band_height = area.height * 0.42
        band = Rect(area.x, area.top - band_height, area.width, band_height)
        pad = space("box_padding") * 3
        canv.setFillColor(brand.colour("primary"))
        canv.rect(band.x, band.y, band.width, band.height, stroke=0, fill=1)
        name = styles.ink("masthead_name")
        tagline = styles.ink("masthead_tagline")
        if brand.logo is not None:
            side = band.height * 0.45
            draw_logo(
                canv,
                brand.logo,
                Rect(band.x + pad, band.top - pad - side, side, side),
                font=brand.font("caption"),
            )
        base = band.y + pad + tagline.size * 2
        draw_text(canv, band.x + pad, base, brand.name, name)
        if brand.tagline:
            leading = styles.text_style("masthead_tagline").leading
            draw_text(canv, band.x + pad, base - leading * 1.5, brand.tagline, tagline)
        # Under the band: the volume and the issues it holds.
        title = Ink(
            name.font, name.size * 1.5, brand.colour("primary"), name.tracking, name.fallback
        )
        y = band.y - pad - title.size
        draw_text(canv, area.x, y, WORDS["volume"].format(year=self.year), title)
        number = styles.ink("masthead_number")
        accent = Ink(
            number.font, number.size, brand.colour("accent"), number.tracking, number.fallback
        )
        y -= accent.size * 2
        if issues:
            first = brand.label("number", number=issues[0].number)
            last = brand.label("number", number=issues[-1].number)
            span = first if len(issues) == 1 else WORDS["range"].format(first=first, last=last)
            draw_text(canv, area.x, y, span, accent)
            y -= styles.text_style("box_entry").leading * 2
            dates = f"{written_date(issues[0].date, brand, issues[0].language)} – " + written_date(
                issues[-1].date, brand, issues[-1].language
            )
            line = f"{WORDS['issues'].format(count=len(issues))} · {dates}"
            draw_text(canv, area.x, y, line, styles.ink("box_entry"))
        canv.setStrokeColor(brand.colour("accent"))
        canv.setLineWidth(space("rule_heavy"))
        canv.line(
            area.x, band.y - space("rule_heavy") / 2, area.right, band.y - space("rule_heavy") / 2
        )
        # At the foot: who publishes it.
        contact = styles.ink("contact")
        lines = [brand.organisation, brand.contact, display_url(brand.web) if brand.web else None]
        y = area.y + styles.text_style("contact").leading * 3
        for i, text in enumerate(t for t in lines if t):
            draw_text(canv, area.x, y, text, styles.ink("box_title") if i == 0 else contact)
            y -= styles.text_style("contact").leading

    def contents_story(self, issues: Sequence[IssueLine]) -> list[Flowable]:
        space = self.styles.space
        story: list[Flowable] = [
            self.para(WORDS["contents"], "headline"),
            Spacer(1, space("box_after")),
        ]
        indent = space("box_padding") * 2
        for issue in issues:
            head = [
                self.brand.label("number", number=issue.number),
                written_date(issue.date, self.brand, issue.language),
            ]
            if issue.title:
                head.append(issue.title)
            story.append(
                self.row(" · ".join(head), "box_title", issue.page, gap=space("paragraph_after"))
            )
            for headline, page in issue.items:
                story.append(
                    self.row(
                        headline, "box_entry", page, indent=indent, gap=space("paragraph_after")
                    )
                )
            story.append(Spacer(1, space("item_between")))
        return story

    def index_story(self, entries: Sequence[tuple[str, int, int]]) -> list[Flowable]:
        space = self.styles.space
        story: list[Flowable] = [
            self.para(WORDS["index"], "headline"),
            Spacer(1, space("box_after")),
        ]
        letter = None
        for headline, number, page in sorted(entries, key=lambda e: (sort_key(e[0]), e[1], e[2])):
            initial = initial_of(headline)
            text = f"{headline} ({self.brand.label('number', number=number)})"
            row = self.row(text, "box_entry", page, gap=space("paragraph_after"))
            if initial != letter:
                # The letter stays with its first entry: never alone at a column's foot.
                before = space("paragraph_after") * 2 if letter is not None else 0.0
                story.append(
                    KeepTogether(
                        [
                            Spacer(1, before),
                            self.para(initial, "box_title"),
                            Spacer(1, space("paragraph_after")),
                            row,
                        ]
                    )
                )
                letter = initial
            else:
                story.append(row)
        return story


def sort_key(text: str) -> str:
    """Headlines sorted as a reader expects: accents and case ignored."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lstrip("\"'“‘«(")


def initial_of(text: str) -> str:
    key = sort_key(text)
    first = key[:1].upper()
    return first if first.isalpha() and first.isascii() else WORDS["other"]


def _build(
    maker: _Maker, templates: list[PageTemplate], story: list[Flowable], created: dt.datetime
) -> Made:
    out = io.BytesIO()
    with binary_streams():
        doc = BaseDocTemplate(
            out,
            pagesize=maker.brand.page_size,
            pageTemplates=templates,
            title=f"{maker.brand.name} — {maker.year}",
            author=maker.brand.organisation,
            creator=f"typeset {__version__}",
            invariant=True,
            initialFontName=maker.brand.font("body"),
        )
        # The brand's fixed subsets, as the issues have: the volume stores each font once.
        doc.build(
            story, canvasmaker=canvas_maker(created, brand_fonts=brand_fonts(maker.brand, "brand"))
        )
    return Made(out.getvalue(), doc.page, maker.spots)


def _frame(rect: Rect, name: str) -> Frame:
    return Frame(rect.x, rect.y, rect.width, rect.height, 0, 0, 0, 0, id=name)


def render_front(
    brand: Brand,
    year: int,
    issues: Sequence[IssueLine],
    *,
    created: dt.datetime,
    language: str = "en",
) -> Made:
    """The cover and the contents (footers numbered i, ii, …)."""
    maker = _Maker(brand, year, language)

    def cover(canv: Canvas, doc: object) -> None:
        maker.cover(canv, issues)

    def contents(canv: Canvas, doc: object) -> None:
        maker.footer(canv, roman(canv.getPageNumber()))

    rect = maker.content_rect()
    templates = [
        PageTemplate("cover", [_frame(rect, "cover")], onPage=cover, pagesize=brand.page_size),
        PageTemplate(
            "contents", [_frame(rect, "contents")], onPage=contents, pagesize=brand.page_size
        ),
    ]
    story: list[Flowable] = [NextPageTemplate("contents"), PageBreak()]
    story += maker.contents_story(issues)
    return _build(maker, templates, story, created)


def render_index(
    brand: Brand,
    year: int,
    entries: Sequence[tuple[str, int, int]],
    *,
    created: dt.datetime,
    labels: Callable[[int], str],
    language: str = "en",
) -> Made:
    """The index of headlines A–Z, in the brand's columns; `entries` are
    (headline, issue number, volume page); `labels(n)` is the footer of its page n."""
    maker = _Maker(brand, year, language)
    rect = maker.content_rect()
    columns = brand.columns
    gutter = brand.gutter
    width = (rect.width - gutter * (columns - 1)) / columns
    frames = [
        _frame(Rect(rect.x + i * (width + gutter), rect.y, width, rect.height), f"index{i}")
        for i in range(columns)
    ]

    def footer(canv: Canvas, doc: object) -> None:
        maker.footer(canv, labels(canv.getPageNumber()))

    templates = [PageTemplate("index", frames, onPage=footer, pagesize=brand.page_size)]
    return _build(maker, templates, maker.index_story(entries), created)


def roman(number: int) -> str:
    """1 -> 'i', 4 -> 'iv', 14 -> 'xiv'."""
    values = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ]
    out = ""
    for value, letters in values:
        while number >= value:
            out += letters
            number -= value
    return out

"""From an `Issue` and a `Brand` to a ReportLab story and page templates.

Takes the validated model, the brand and what is known of related issues;
gives a `Layout`: the flowables in reading order, the page templates, and a
record of the page each headline lands on (filled in while the PDF is built).
Every typographic decision is made here; writing bytes is `render`'s job.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from math import ceil
from pathlib import Path
from typing import BinaryIO

from PIL import Image as PILImage
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, PageTemplate, Paragraph, Spacer

from . import dates, images, markup
from .brand import Brand
from .errors import Diagnostic, LayoutError, error, warning
from .flowables import (
    Box,
    BoxRow,
    ItemHead,
    Label,
    NotesPage,
    PadTo,
    Picture,
    define_number_form,
)
from .geometry import Grid, Sheet, grid, sheet
from .model import Issue, Item
from .pages import FILLER_TEMPLATE, Decorator, display_url, page_templates
from .paragraphs import ParagraphMaker
from .production import PRINT_PPI_GOOD, PRINT_PPI_MINIMUM, Edition
from .styles import Styles

#: Lines of summary that must fit under a headline before it may end a column.
MIN_SUMMARY_LINES = 2
#: Largest share of a column's height an image may take.
MAX_IMAGE_SHARE = 0.6


@dataclass(frozen=True)
class IssueRef:
    """What the 'Related issues' box says about another issue."""

    number: int
    date: dt.date | None = None
    title: str | None = None


@dataclass
class Layout:
    story: list[Flowable]
    templates: list[PageTemplate]
    grid: Grid
    #: item index -> page number, filled in as each headline is drawn
    landed: dict[int, int] = field(default_factory=dict)
    #: what layout repaired (an image scaled down), for the user to see
    warnings: list[Diagnostic] = field(default_factory=list)


def written_date(date: dt.date, brand: Brand, language: str) -> str:
    """The date as readers see it, in the issue's language (CLDR pattern from the
    brand; Solar Hijri with the Gregorian beside it for Persian: see `dates`)."""
    return dates.written_date(date, brand.labels["date"], language)


def page_sheet(brand: Brand, edition: Edition) -> Sheet:
    """The press boxes of every page: trim only on screen; bleed and slug in print."""
    if edition.press:
        return sheet(brand.page_size, bleed=brand.press.bleed, slug=brand.press.slug)
    return sheet(brand.page_size)


def lay_out(
    issue: Issue,
    brand: Brand,
    *,
    edition: Edition,
    related: Mapping[int, IssueRef] | None = None,
) -> Layout:
    """The story and templates of `issue` for `edition`; `brand` as that edition
    paints it (`Brand.for_edition`)."""
    styles = Styles(brand, issue.language)
    space = styles.space
    masthead = space("masthead_height") + space("masthead_line") + space("masthead_after")
    page_grid = grid(
        page=page_sheet(brand, edition),
        margins=(brand.margins.top, brand.margins.right, brand.margins.bottom, brand.margins.left),
        columns=brand.columns,
        gutter=brand.gutter,
        masthead_height=masthead,
        footer_height=space("footer_height"),
    )
    date_text = written_date(issue.date, brand, issue.language)
    layout = Layout(
        [], page_templates(Decorator(issue, brand, styles, page_grid, date_text)), page_grid
    )
    builder = _StoryBuilder(issue, brand, styles, layout, edition)
    layout.story = builder.story(related or {})
    return layout


class _StoryBuilder:
    def __init__(
        self, issue: Issue, brand: Brand, styles: Styles, layout: Layout, edition: Edition
    ) -> None:
        self.edition = edition
        self.issue = issue
        self.brand = brand
        self.styles = styles
        self.layout = layout
        self.column = layout.grid.columns[0]
        self.paragraphs = ParagraphMaker(
            link_colour=brand.colour("accent"),
            fallback=styles.fallback,
            script_for=styles.script_for,
            language=issue.language,
        )
        self.problems: list[Diagnostic] = []

    # -- helpers -------------------------------------------------------------
    def para(self, text: str | markup.RichText, style: str) -> Paragraph:
        if isinstance(text, str):
            text = markup.plain(text)
        return self.paragraphs.make(
            text,
            self.styles.paragraph(style),
            uppercase=self.styles.text_style(style).uppercase,
        )

    def label(self, text: str, style: str, *, href: str | None = None) -> Label:
        ts = self.styles.text_style(style)
        shown = text.upper() if ts.uppercase else text
        rich = markup.RichText(text, (markup.Span(text, href=href),))
        return Label(
            shown, self.styles.ink(style), ts.leading, lambda: self.para(rich, style), href=href
        )

    def box(self, title: str, rows: list[BoxRow]) -> Box:
        space = self.styles.space
        number = self.styles.ink("box_number")
        return Box(
            self.label(title, "box_title"),
            rows,
            padding=space("box_padding"),
            background=self.brand.colour("tint"),
            rule=(space("rule_heavy"), self.brand.colour("primary")),
            ref_width=number.width("000") + space("box_padding"),
            ref_size=self.styles.text_style("box_entry").size,
        )

    # -- the story -------------------------------------------------------------
    def story(self, related: Mapping[int, IssueRef]) -> list[Flowable]:
        space = self.styles.space
        flow: list[Flowable] = [self.contents(), Spacer(1, space("box_after"))]
        for index, item in enumerate(self.issue.items):
            flow.extend(self.item(index, item))
        flow.append(Spacer(1, space("box_after")))
        flow.append(KeepTogether(self.closing(related)))
        press = self.brand.press
        if self.edition.press and press.saddle_stitch:
            flow.append(PadTo(4, FILLER_TEMPLATE, self._notes_page if press.filler else None))
        if self.problems:
            raise LayoutError(self.problems)
        return flow

    def _notes_page(self) -> Flowable:
        assert self.brand.press.filler
        return NotesPage(
            self.brand.press.filler,
            self.styles.ink("headline"),
            rule=self.brand.colour("rule"),
            rule_width=self.styles.space("rule"),
            pitch=self.styles.text_style("body").leading * 2,
        )

    def contents(self) -> Box:
        rows = []
        for index, item in enumerate(self.issue.items):
            self.paragraphs.language = item.language or self.issue.language
            rows.append(
                BoxRow(
                    self.para(item.headline, "box_entry"),
                    ref=f"landed{index}",
                    gap=self.styles.space("paragraph_after"),
                )
            )
        self.paragraphs.language = self.issue.language
        return self.box(self.brand.label("in_this_issue"), rows)

    def item(self, index: int, item: Item) -> list[Flowable]:
        # an item's own language (a Persian item in an English issue) sets the
        # direction of its paragraphs; the next item sets its own
        self.paragraphs.language = item.language or self.issue.language
        space = self.styles.space
        head: list[tuple[Flowable, float]] = []
        if item.kicker:
            head.append((self.label(item.kicker, "kicker"), space("kicker_after")))
        head.append((self.para(item.headline, "headline"), space("headline_after")))
        self._check_head_fits(index, item, head)
        after_summary = space("summary_after") if (item.body or item.image or item.link) else 0.0
        flow: list[Flowable] = [
            ItemHead(
                head,
                self.para(item.summary, "summary"),
                after_summary,
                min_lines=MIN_SUMMARY_LINES,
                on_draw=self._landing(index, item),
                rule_above=(
                    (space("item_between"), space("rule"), self.brand.colour("rule"))
                    if index
                    else None
                ),
            )
        ]
        for number, paragraph in enumerate(item.body):
            p = self.para(paragraph, "body")
            last = number == len(item.body) - 1
            p.style = p.style.clone(
                f"body-{index}-{number}", spaceAfter=0 if last else space("paragraph_after")
            )
            flow.append(p)
        if item.image is not None:
            flow.append(Spacer(1, space("image_before")))
            flow.append(self.figure(index, item))
        if item.link:
            flow.append(Spacer(1, space("link_before")))
            text = f"{self.brand.label('read_more')}: {display_url(item.link)}"
            flow.append(self.label(text, "link", href=item.link))
        return flow

    def _check_head_fits(self, index: int, item: Item, head: list[tuple[Flowable, float]]) -> None:
        """A kicker and headline, with the summary lines that must follow them,
        have to fit the tallest column; otherwise no page can hold the item."""
        column = max(self.layout.grid.columns, key=lambda rect: rect.height)
        gaps = sum(gap for _, gap in head)
        summary_lines = MIN_SUMMARY_LINES * self.styles.text_style("summary").leading
        # A quick upper bound first, to spare wrapping every headline twice.
        bound = self._height_bound(item.headline, "headline", column.width)
        if item.kicker:
            bound += self._height_bound(item.kicker, "kicker", column.width)
        if bound + gaps + summary_lines <= column.height:
            return
        needed = sum(part.wrap(column.width, column.height)[1] for part, _ in head)
        needed += gaps + summary_lines
        if needed > column.height:
            self.problems.append(
                error(
                    item.where["headline"],
                    f"items[{index + 1}].headline: the headline needs {needed:.0f}pt in a "
                    f"{column.width:.0f}pt column, but a column is {column.height:.0f}pt tall",
                    "shorten the headline, or make the brand's headline style smaller",
                )
            )

    def _height_bound(self, text: str, style_name: str, width: float) -> float:
        """At least as tall as `text` set in `width`: a line holds at least one
        word, or one line's worth of a longer word."""
        style = self.styles.text_style(style_name)
        font = self.brand.font(style.font)
        words = (text.upper() if style.uppercase else text).split()
        lines = sum(1 + int(stringWidth(word, font, style.size) // width) for word in words)
        return lines * style.leading

    def figure(self, index: int, item: Item) -> Flowable:
        assert item.image is not None
        image = item.image
        width = self.column.width
        height = width * image.info.height / image.info.width
        limit = self.column.height * MAX_IMAGE_SHARE
        if height > limit:
            self.layout.warnings.append(
                warning(
                    image.location,
                    f"items[{index + 1}].image: at the column's width the image would be "
                    f"{height:.0f}pt tall; scaled down to {limit:.0f}pt "
                    f"({MAX_IMAGE_SHARE:.0%} of a column)",
                    "crop the image, or use a wider one",
                )
            )
            width, height = width * limit / height, limit
        embedded = self._embedded(index, item, width, height)
        parts: list[Flowable] = [Picture(embedded, width, height)]
        if image.caption is not None:
            parts.append(Spacer(1, self.styles.space("caption_before")))
            parts.append(self.para(image.caption, "caption"))
        if image.credit:
            parts.append(self.para(image.credit, "credit"))
        return KeepTogether(parts)

    def _embedded(
        self, index: int, item: Item, width: float, height: float
    ) -> Path | BinaryIO | PILImage.Image:
        """The image as this edition embeds it; in print, checked for sharpness."""
        assert item.image is not None
        image = item.image
        if not self.edition.press:
            return images.prepare(
                image.path, image.info, width, height, ppi=self.brand.screen.image_resolution
            )
        press = self.brand.press
        ppi = images.resolution(image.info, width)
        field_name = f"items[{index + 1}].image"
        if ppi < PRINT_PPI_MINIMUM and not press.allow_low_resolution:
            self.problems.append(
                error(
                    image.location,
                    f"{field_name}: {image.info.width} pixels wide at {width:.0f}pt is "
                    f"{ppi:.0f} ppi; print needs at least {PRINT_PPI_MINIMUM} ppi",
                    f"use an image at least "
                    f"{ceil(width / 72 * PRINT_PPI_GOOD)} pixels wide, or set "
                    "print.allow_low_resolution: true in the brand",
                )
            )
        elif ppi < PRINT_PPI_GOOD:
            self.layout.warnings.append(
                warning(
                    image.location,
                    f"{field_name}: {image.info.width} pixels wide at {width:.0f}pt is "
                    f"{ppi:.0f} ppi; print looks soft below {PRINT_PPI_GOOD} ppi",
                    f"an image {ceil(width / 72 * PRINT_PPI_GOOD)} pixels wide would be sharp",
                )
            )
        return images.prepare(
            image.path,
            image.info,
            width,
            height,
            ppi=PRINT_PPI_GOOD,
            cmyk_profile=press.output_intent.profile,
        )

    def _landing(self, index: int, item: Item) -> Callable[[Canvas], None]:
        landed = self.layout.landed
        number_ink = self.styles.ink("box_number")
        key = f"item{index}"

        def record(canv: Canvas) -> None:
            if index in landed:
                return  # the head was split; the first part already recorded it
            page = canv.getPageNumber()
            landed[index] = page
            define_number_form(canv, f"landed{index}", str(page), number_ink)
            canv.bookmarkHorizontal(key, 0, 0)
            canv.addOutlineEntry(item.headline, key, level=0)

        return record

    def closing(self, related: Mapping[int, IssueRef]) -> list[Flowable]:
        """The last page's box: related issues, then the organisation's contact lines."""
        rows: list[BoxRow] = []
        gap = self.styles.space("paragraph_after")
        for number in self.issue.related:
            ref = related.get(number, IssueRef(number))
            parts = [self.brand.label("number", number=number)]
            if ref.title:
                parts.append(ref.title)
            if ref.date:
                parts.append(written_date(ref.date, self.brand, self.issue.language))
            rows.append(BoxRow(self.para(" · ".join(parts), "box_entry"), gap=gap))
        contact = [
            self.brand.organisation,
            self.brand.contact,
            display_url(self.brand.web) if self.brand.web else None,
        ]
        lines = [text for text in contact if text]
        if rows and lines:
            rows[-1] = BoxRow(rows[-1].paragraph, gap=self.styles.space("box_padding"))
        for number, text in enumerate(lines):
            rows.append(BoxRow(self.para(text, "contact" if number else "box_title"), gap=0))
        title = self.brand.label("related") if self.issue.related else self.brand.organisation
        if not self.issue.related and lines:
            rows = rows[1:]
        return [self.box(title, rows)]

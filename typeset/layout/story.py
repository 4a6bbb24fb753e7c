"""From an `Issue` and a `Brand` to composed pages and page templates.

Takes the validated model, the brand and what is known of related issues;
gives a `Layout`: the blocks of the story in reading order composed into pages
(see `compose`), one ReportLab flowable per page, the page templates, the
layout report (see `report`), and a record of the page each headline lands on
(filled in while the PDF is built). A story that runs past the page budget is a
`LayoutError` naming what does not fit (see `budget`). Every typographic
decision is made here and in `compose`; writing bytes is `render`'s job.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from math import ceil
from pathlib import Path
from typing import BinaryIO

from PIL import Image as PILImage
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak, PageTemplate, Paragraph

from .. import images, markup
from ..brand import Brand
from ..errors import Diagnostic, LayoutError, error, warning
from ..flowables import (
    Balanced,
    Box,
    BoxRow,
    ItemHead,
    Label,
    NotesPage,
    PadTo,
    Picture,
    PullQuote,
    Stack,
    define_number_form,
)
from ..furniture import contact_lines, link_text, mirrored, numeral, separator, written_date
from ..geometry import Grid, Sheet, across, grid
from ..model import Issue, Item
from ..pages import FILLER_TEMPLATE, Decorator, page_templates
from ..paragraphs import ParagraphMaker
from ..production import PRINT_PPI_GOOD, PRINT_PPI_MINIMUM, Edition
from ..styles import Styles
from ..text.scripts import right_to_left
from . import budget
from .compose import Block, Composer, Overset, PageContent, Placed, Role
from .report import LayoutReport, report_for

#: Lines of summary that must fit under a headline before it may end a column.
MIN_SUMMARY_LINES = 2
#: Largest share of a column's height an image may take.
MAX_IMAGE_SHARE = 0.6
#: Largest share of a page's text height an image across the columns may take.
MAX_SPAN_IMAGE_SHARE = 0.4


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
    #: where everything landed, and what a designer would want to know
    report: LayoutReport | None = None


def page_sheet(brand: Brand, edition: Edition) -> Sheet:
    """The press boxes of every page, as `edition` decides them."""
    return edition.sheet(brand.page_size, brand.press)


def lay_out(
    issue: Issue,
    brand: Brand,
    *,
    edition: Edition,
    related: Mapping[int, IssueRef] | None = None,
    fit: bool = False,
) -> Layout:
    """The story and templates of `issue` for `edition`; `brand` as that edition
    paints it (`Brand.for_edition`). Past the page budget, a `LayoutError`
    naming what does not fit; with `fit`, first the `--fit` ladder (see
    `budget.ladder`), stopping at the first rung that fits."""
    pages = issue.pages or brand.pages
    attempt = _Attempt(issue, brand, edition, related or {})
    passes = attempt.composition.passes
    fitted: budget.Fit | None = None
    if pages is not None and len(attempt.composition.pages) > pages:
        tried = 0
        if fit:
            for rung in budget.ladder(issue, brand):
                tried += 1
                fitted_issue, fitted_brand = rung.apply(issue, brand)
                attempt = _Attempt(
                    fitted_issue, fitted_brand, edition, related or {}, image_scale=rung.image_scale
                )
                passes += attempt.composition.passes
                if len(attempt.composition.pages) <= pages:
                    fitted = rung
                    break
        if fitted is None:
            problems = budget.overflow(attempt.issue, brand, attempt.composition, pages)
            if fit:
                problems.append(budget.unfitted(issue, brand, tried, attempt.composition))
            raise LayoutError(problems)
    changes = fitted.changes(issue, brand) if fitted is not None else []
    if fit and budget.sparse(attempt.composition, brand.tolerances.last_page):
        pulled, tries = _pull_back(attempt, fitted, related or {}, edition)
        passes += tries
        if pulled is not None:
            attempt, fitted = pulled
            changes = [
                *fitted.changes(issue, brand),
                f"the sparse last page pulled back: {len(attempt.composition.pages)} pages",
            ]
    layout = attempt.layout
    layout.report = report_for(
        attempt.issue,
        attempt.brand,
        attempt.composition,
        pages=pages,
        line=attempt.styles.text_style("body").leading,
        passes=passes,
        fit_changes=changes,
    )
    draw_rule = _rule_drawer(attempt.styles)
    story: list[Flowable] = []
    for page in attempt.composition.pages:
        if story:
            story.append(PageBreak())
        story.append(PageContent(page, draw_rule))
    if edition.pads_for_binding(brand.press):
        notes = attempt.builder.notes_page if brand.press.filler else None
        story.append(PadTo(4, FILLER_TEMPLATE, notes))
    layout.story = story
    return layout


def _pull_back(
    attempt: _Attempt, fitted: budget.Fit | None, related: Mapping[int, IssueRef], edition: Edition
) -> tuple[tuple[_Attempt, budget.Fit] | None, int]:
    """`--fit` on a last page under the brand's `tolerances.last_page`: the
    first rung past `fitted` (spacing, leading, image scale; never a cut, which
    would drop text to save white space) that sets the issue on one page less;
    with the layout passes it cost."""
    issue, brand = attempt.issue, attempt.brand
    target = len(attempt.composition.pages) - 1
    start = fitted or budget.Fit()
    passes = 0
    for rung in budget.ladder(issue, brand):
        if rung.cut or not rung.beyond(start):
            continue
        fitted_issue, fitted_brand = rung.apply(issue, brand)
        tried = _Attempt(fitted_issue, fitted_brand, edition, related, image_scale=rung.image_scale)
        passes += tried.composition.passes
        if len(tried.composition.pages) <= target:
            return (tried, rung), passes
    return None, passes


class _Attempt:
    """One composition of an issue: its blocks poured into pages."""

    def __init__(
        self,
        issue: Issue,
        brand: Brand,
        edition: Edition,
        related: Mapping[int, IssueRef],
        *,
        image_scale: float = 1.0,
    ) -> None:
        self.issue = issue
        self.brand = brand
        styles = Styles(brand, issue.language)
        self.styles = styles
        space = styles.space
        masthead = space("masthead_height") + space("masthead_line") + space("masthead_after")
        m = brand.margins
        page_grid = grid(
            page=page_sheet(brand, edition),
            margins=(m.top, m.right, m.bottom, m.left),
            columns=brand.columns,
            gutter=brand.gutter,
            masthead_height=masthead,
            footer_height=space("footer_height"),
            # a Persian issue fills its columns from the right
            right_to_left=right_to_left(issue.language),
        )
        date_text = written_date(issue.date, brand, issue.language)
        self.layout = Layout(
            [], page_templates(Decorator(issue, brand, styles, page_grid, date_text)), page_grid
        )
        self.builder = _StoryBuilder(
            issue, brand, styles, self.layout, edition, image_scale=image_scale
        )
        blocks = self.builder.blocks(related)
        composer = Composer(page_grid, line=styles.text_style("body").leading)
        try:
            self.composition = composer.compose(blocks)
        except Overset as exc:
            raise LayoutError([budget.overset(issue, exc)]) from None


def _rule_drawer(styles: Styles) -> Callable[[Canvas, Placed], None]:
    def draw(canv: Canvas, piece: Placed) -> None:
        assert piece.block.rule is not None
        width, colour = piece.block.rule
        canv.saveState()
        canv.setStrokeColor(colour)
        canv.setLineWidth(width)
        y = piece.top + piece.gap / 2
        canv.line(piece.x, y, piece.x + piece.width, y)
        canv.restoreState()

    return draw


class _StoryBuilder:
    def __init__(
        self,
        issue: Issue,
        brand: Brand,
        styles: Styles,
        layout: Layout,
        edition: Edition,
        *,
        image_scale: float = 1.0,
    ) -> None:
        self.edition = edition
        #: the share of their size images are set at (`--fit`)
        self.image_scale = image_scale
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
        #: between the parts of a related issue's line (a Persian comma on a
        #: right-to-left page: see `furniture.separator`)
        self.separator = separator(mirrored(issue.language))

    # -- helpers -------------------------------------------------------------
    def para(self, text: str | markup.RichText, style: str) -> Paragraph:
        if isinstance(text, str):
            text = markup.plain(text)
        return self.paragraphs.make(
            text,
            self.styles.paragraph(style),
            uppercase=self.styles.text_style(style).uppercase,
        )

    def headline(self, text: str, style: str) -> Balanced:
        """A headline whose lines are of similar length (see `Balanced`)."""
        return Balanced(self.para(text, style), leading=self.styles.text_style(style).leading)

    def label(self, text: str, style: str, *, href: str | None = None) -> Label:
        ts = self.styles.text_style(style)
        shown = text.upper() if ts.uppercase else text
        rich = markup.RichText(text, (markup.Span(text, href=href),))
        return Label(
            shown,
            self.styles.ink(style),
            ts.leading,
            lambda: self.para(rich, style),
            href=href,
            mirrored=right_to_left(self.issue.language),
        )

    def box(self, title: str, rows: list[BoxRow]) -> Box:
        return self.box_of(self.label(title, "box_title"), rows)

    def box_of(self, title: Label | None, rows: list[BoxRow]) -> Box:
        space = self.styles.space
        number = self.styles.ink("box_number")
        return Box(
            title,
            rows,
            padding=space("box_padding"),
            background=self.brand.colour("tint"),
            rule=(space("rule_heavy"), self.brand.colour("primary")),
            ref_width=number.width("000") + space("box_padding"),
            ref_size=self.styles.text_style("box_entry").size,
        )

    # -- the story -------------------------------------------------------------
    def blocks(self, related: Mapping[int, IssueRef]) -> list[Block]:
        """The story in reading order. The contents box opens the columns (under
        a lead story's head if the first item is one); the end matter spans the
        text width under the last columns."""
        space = self.styles.space
        contents = Block(
            self.contents(),
            gap=space("box_after"),
            stretch=self._stretch("box_after"),
            role=Role.CONTENTS,
        )
        flow: list[Block] = []
        lead_first = self.issue.items[0].span
        if not lead_first:
            flow.append(contents)
        for index, item in enumerate(self.issue.items):
            blocks = self.item(index, item, after_box=not flow or flow[-1].role is Role.CONTENTS)
            if index == 0 and lead_first:
                # The contents box heads the first column under the lead's head,
                # where a reader looks first; the lead's body follows it.
                after = [replace(b, gap=space("box_after")) for b in blocks[1:2]]
                blocks = [blocks[0], contents, *after, *blocks[2:]]
            flow.extend(blocks)
        flow.append(
            Block(
                self.closing(related),
                gap=space("box_after"),
                span=True,
                keep=True,
                may_join_columns=True,
                role=Role.CLOSING,
            )
        )
        if self.problems:
            raise LayoutError(self.problems)
        return flow

    def _stretch(self, name: str) -> float:
        space = self.styles.space
        return max(space(f"{name}_max") - space(name), 0.0)

    def notes_page(self) -> Flowable:
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

    def _between(self, after_box: bool) -> dict[str, object]:
        """The space above an item: after a box, the box's; else the space
        between items with a hairline in it."""
        space = self.styles.space
        if after_box:
            return {"gap": space("box_after"), "stretch": self._stretch("box_after")}
        return {
            "gap": space("item_between"),
            "stretch": self._stretch("item_between"),
            "rule": (space("rule"), self.brand.colour("rule")),
        }

    def item(self, index: int, item: Item, *, after_box: bool = False) -> list[Block]:
        # an item's own language (a Persian item in an English issue) sets the
        # direction of its paragraphs; the next item sets its own
        self.paragraphs.language = item.language or self.issue.language
        space = self.styles.space
        between = self._between(after_box)
        if item.box:
            return [self.boxed_item(index, item, between)]
        head: list[tuple[Flowable, float]] = []
        if item.kicker:
            head.append((self.label(item.kicker, "kicker"), space("kicker_after")))
        image = item.image
        in_column = image is not None and not image.span and not item.span
        position = image.position if image is not None and in_column else None
        flow: list[Block] = []
        if item.span:
            head.append((self.headline(item.headline, "lead_headline"), space("headline_after")))
            flow.append(self.lead_head(index, item, head, between))
        else:
            head.append((self.headline(item.headline, "headline"), space("headline_after")))
            self._check_head_fits(index, item, head)
            if image is not None and image.span:
                flow.append(self.spanning_figure(index, item, between))
                between = {}
            if position == "after_headline":
                # Between headline and summary: kept with both, like the headline.
                head.append((self.column_figure(index, item), space("headline_after")))
            flow.append(
                Block(
                    ItemHead(
                        head,
                        self.para(item.summary, "summary"),
                        min_lines=MIN_SUMMARY_LINES,
                        on_draw=self._landing(index, item),
                    ),
                    item=index,
                    role=Role.HEAD,
                    **between,  # type: ignore[arg-type]
                )
            )
        if position == "after_summary":
            flow.append(self.figure_block(index, item))
        for number, paragraph in enumerate(item.body):
            flow.append(
                Block(
                    self.para(paragraph, "body"),
                    gap=space("summary_after" if number == 0 else "paragraph_after"),
                    stretch=self._stretch("paragraph_after"),
                    item=index,
                    role=Role.BODY,
                )
            )
            if number == 0 and item.quote is not None:
                flow.append(self.quote_block(index, item))
        if not item.body and item.quote is not None:
            flow.append(self.quote_block(index, item))
        if position == "end":
            flow.append(self.figure_block(index, item))
        if item.link:
            flow.append(self.link_block(index, item))
        return flow

    def link_block(self, index: int, item: Item) -> Block:
        assert item.link
        space = self.styles.space
        text = link_text(self.brand.label("read_more"), item.link)
        return Block(
            self.label(text, "link", href=item.link),
            gap=space("link_before" if item.body or item.image else "summary_after"),
            item=index,
            role=Role.LINK,
            glue=True,
        )

    def column_figure(self, index: int, item: Item) -> Flowable:
        return self.figure(index, item, self.column.width, self.column.height * MAX_IMAGE_SHARE)

    def figure_block(self, index: int, item: Item) -> Block:
        """An image in its item's column. Glued to the text before it: it never
        heads a column alone, where it would sit above the next item."""
        space = self.styles.space
        return Block(
            self.column_figure(index, item),
            gap=space("image_before"),
            stretch=self._stretch("image_before"),
            keep=True,
            glue=True,
            item=index,
            role=Role.IMAGE,
        )

    def quote_block(self, index: int, item: Item) -> Block:
        assert item.quote is not None
        space = self.styles.space
        return Block(
            PullQuote(
                self.para(item.quote, "quote"),
                space=space("quote_around"),
                rule=(space("rule"), self.brand.colour("rule")),
            ),
            gap=space("paragraph_after"),
            stretch=self._stretch("paragraph_after"),
            keep=True,
            # a lead story's quote runs across the text width, as its head does:
            # its first paragraph balances in the columns above it
            span=item.span,
            item=index,
            role=Role.QUOTE,
        )

    def boxed_item(self, index: int, item: Item, between: dict[str, object]) -> Block:
        """The whole item in a tinted box, kept whole when it fits a column."""
        space = self.styles.space
        gap = space("paragraph_after")
        headline = Stack(
            [(self.headline(item.headline, "headline"), 0.0)], on_draw=self._landing(index, item)
        )
        rows = [BoxRow(headline, gap=space("headline_after"))]
        rows.append(BoxRow(self.para(item.summary, "summary"), gap=gap))
        rows += [BoxRow(self.para(paragraph, "body"), gap=gap) for paragraph in item.body]
        if item.quote is not None:
            rows.append(BoxRow(self.para(item.quote, "quote"), gap=gap))
        if item.image is not None:
            inner = self.column.width - 2 * space("box_padding")
            figure = self.figure(index, item, inner, self.column.height * MAX_IMAGE_SHARE)
            rows.append(BoxRow(figure, gap=gap))
        if item.link:
            text = link_text(self.brand.label("read_more"), item.link)
            rows.append(BoxRow(self.label(text, "link", href=item.link)))
        title = self.label(item.kicker, "box_title") if item.kicker else None
        box = self.box_of(title, rows)
        fits = box.wrap(self.column.width, self.column.height)[1] <= self.column.height
        return Block(
            box,
            gap=float(between.get("gap", 0.0)),  # type: ignore[arg-type]
            stretch=float(between.get("stretch", 0.0)),  # type: ignore[arg-type]
            keep=fits,
            item=index,
            role=Role.BOX,
        )

    def _text_width(self) -> float:
        return across(self.layout.grid.columns).width

    def lead_head(
        self, index: int, item: Item, head: list[tuple[Flowable, float]], between: dict[str, object]
    ) -> Block:
        """A lead story's kicker, headline, image and summary across the columns."""
        space = self.styles.space
        parts = list(head)
        if item.image is not None:
            parts.append(
                (
                    self.figure(index, item, self._text_width(), self._span_image_limit()),
                    space("summary_after"),
                )
            )
        parts.append((self.para(item.summary, "lead_summary"), space("span_after")))
        return Block(
            Stack(parts, on_draw=self._landing(index, item)),
            span=True,
            keep=True,
            item=index,
            role=Role.HEAD,
            **between,  # type: ignore[arg-type]
        )

    def _span_image_limit(self) -> float:
        return self.layout.grid.columns[0].height * MAX_SPAN_IMAGE_SHARE

    def spanning_figure(self, index: int, item: Item, between: dict[str, object]) -> Block:
        """An item's image across the columns, above its headline."""
        figure = self.figure(index, item, self._text_width(), self._span_image_limit())
        return Block(
            Stack([(figure, self.styles.space("span_after"))]),
            span=True,
            keep=True,
            item=index,
            role=Role.IMAGE,
            **between,  # type: ignore[arg-type]
        )

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

    def figure(self, index: int, item: Item, width: float, limit: float) -> Flowable:
        """The image at `width` (no taller than `limit`) with its caption and credit."""
        assert item.image is not None
        across = width > self.column.width
        where = "the text" if across else "the column's"
        what = "the page's text height" if across else "a column"
        image = item.image
        width, limit = width * self.image_scale, limit * self.image_scale
        height = width * image.info.height / image.info.width
        if height > limit:
            self.layout.warnings.append(
                warning(
                    image.location,
                    f"items[{index + 1}].image: at {where} width the image would be "
                    f"{height:.0f}pt tall; scaled down to {limit:.0f}pt "
                    f"({limit / self.column.height / self.image_scale:.0%} of {what})",
                    "crop the image, or use a wider one",
                )
            )
            width, height = width * limit / height, limit
        embedded = self._embedded(index, item, width, height)
        picture = Picture(embedded, width, height, source=image.source)
        parts: list[tuple[Flowable, float]] = [(picture, 0.0)]
        if image.caption is not None:
            parts[-1] = (parts[-1][0], self.styles.space("caption_before"))
            parts.append((self.para(image.caption, "caption"), 0.0))
        if image.credit:
            parts.append((self.para(image.credit, "credit"), 0.0))
        return Stack(parts, width=width)

    def _embedded(
        self, index: int, item: Item, width: float, height: float
    ) -> Path | BinaryIO | PILImage.Image:
        """The image as this edition embeds it; in print, checked for sharpness."""
        assert item.image is not None
        image = item.image
        if not self.edition.separates_images:
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
            define_number_form(
                canv, f"landed{index}", numeral(page, self.issue.language), number_ink
            )
            canv.bookmarkHorizontal(key, 0, 0)
            canv.addOutlineEntry(item.headline, key, level=0)

        return record

    def closing(self, related: Mapping[int, IssueRef]) -> Box:
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
            rows.append(BoxRow(self.para(self.separator.join(parts), "box_entry"), gap=gap))
        lines = contact_lines(self.brand)
        if rows and lines:
            rows[-1] = BoxRow(rows[-1].paragraph, gap=self.styles.space("box_padding"))
        for number, text in enumerate(lines):
            rows.append(BoxRow(self.para(text, "contact" if number else "box_title"), gap=0))
        title = self.brand.label("related") if self.issue.related else self.brand.organisation
        if not self.issue.related and lines:
            rows = rows[1:]
        return self.box(title, rows)

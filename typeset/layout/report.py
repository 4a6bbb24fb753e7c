"""The layout report: where everything landed, and what a designer would fix.

Takes a `Composition` (from `compose`), the issue and the brand; gives a
`LayoutReport`: per item the page and column where it starts and ends, per page
each column's filled height and blank space, and the findings (unbalanced last
page, short columns with their cause, stranded headlines, widows and orphans,
a sparse last page, images under 300 ppi, a link's address cut inside a word,
a budget not filled). A finding
above its tolerance fails `typeset build --strict`. `build` writes the report
as `<issue>.layout.json` beside the PDF. Reads no file and writes none.

Tolerances come from the brand's `tolerances:` (by default from the body text's
leading, so that they follow the brand): the last page's columns may end up to
one body line apart; a column may end up to one body line above its foot; the
last page should be at least a quarter full.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from reportlab.platypus import Paragraph

from .. import images
from ..brand import Brand
from ..flowables import Box, ItemHead, Label, Picture, PullQuote, Stack
from ..model import Issue
from ..shapedparagraph import ShapedParagraph
from ..text.composed import ComposedParagraph
from ..words import plural
from .budget import describe
from .compose import Column, Composition, Page, Placed, Role

MM = 72 / 25.4
#: Images below this many pixels per inch, as placed, look soft in print.
GOOD_PPI = 300
#: The composer's passes (see `text.composed`): 1 and 2 keep every line within
#: the tolerances; from 3 on (emergency stretch, then anything that fits) lines
#: may be loose.
EMERGENCY_PASS = 3
#: Hyphenated line ends in a row that make a ladder down the column's edge.
LADDER = 3
#: How a hyphenated line ends: a hyphen drawn by the composer (soft or plain),
#: or a word's own hyphen or dash.
HYPHENS = ("-", "\u00ad", "\u2010", "\u2011")


def _mm(points: float) -> float:
    return round(points / MM, 1)


@dataclass(frozen=True)
class Finding:
    kind: str
    message: str
    #: above the brand's tolerance: `build --strict` fails on it
    over_tolerance: bool
    page: int | None = None
    column: int | str | None = None
    item: int | None = None


@dataclass(frozen=True)
class Where:
    page: int
    #: 1, 2, ... or "all" for a piece across the columns
    column: int | str


@dataclass(frozen=True)
class ItemPlace:
    item: int
    headline: str
    start: Where
    end: Where


@dataclass(frozen=True)
class ColumnFill:
    column: int
    filled_mm: float
    blank_mm: float


@dataclass(frozen=True)
class PageFill:
    page: int
    columns: tuple[ColumnFill, ...]
    #: the text width taken by elements across the columns
    spanning_mm: float


@dataclass(frozen=True)
class LayoutReport:
    issue: str
    pages: int
    budget: int | None
    #: how many times columns were poured (pages, plus tries while balancing)
    passes: int
    last_page_imbalance_mm: float
    items: tuple[ItemPlace, ...]
    page_fill: tuple[PageFill, ...]
    findings: tuple[Finding, ...] = field(default=())

    @property
    def over_tolerance(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.over_tolerance)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), indent=2, ensure_ascii=False) + "\n"

    def summary(self) -> str:
        budget = f" of a {self.budget}-page budget" if self.budget else ""
        over = len(self.over_tolerance)
        return (
            f"{plural(self.pages, 'page')}{budget}, last page balanced within "
            f"{self.last_page_imbalance_mm:.1f} mm, {plural(len(self.findings), 'finding')} "
            f"({over} over tolerance), {plural(self.passes, 'layout pass', 'layout passes')}"
        )


def _where(page: Page, piece: Placed) -> Where:
    column = next((c.index for c in page.columns if piece in c.placed), None)
    return Where(page.number, column if column is not None else "all")


def _items(issue: Issue, pages: Sequence[Page]) -> tuple[ItemPlace, ...]:
    first: dict[int, Where] = {}
    last: dict[int, Where] = {}
    for page in pages:
        for piece in page.order:
            item = piece.block.item
            if item is None:
                continue
            where = _where(page, piece)
            first.setdefault(item, where)
            last[item] = where
    return tuple(
        ItemPlace(index, issue.items[index].headline, first[index], last[index])
        for index in sorted(first)
    )


def _page_fill(page: Page, count: int) -> PageFill:
    filled = [0.0] * count
    blank = [0.0] * count
    for column in page.columns:
        filled[column.index - 1] += column.rect.height - column.blank
        blank[column.index - 1] += column.blank
    spanning = sum(p.height + p.gap for p in page.spans)
    return PageFill(
        page.number,
        tuple(
            ColumnFill(i + 1, _mm(f), _mm(b))
            for i, (f, b) in enumerate(zip(filled, blank, strict=True))
        ),
        _mm(spanning),
    )


def _last_band(page: Page, count: int) -> list[Column]:
    return page.columns[-count:] if len(page.columns) >= count else []


def _cause(issue: Issue, column: Column) -> str:
    block = column.stopped_by
    if column.held_back:
        return (
            "lines held back for the last page, so that its columns balance and the "
            "end matter is not alone there"
        )
    if block is None:
        return "the story ends here"
    what = describe(issue, block)
    if block.span:
        return f"{what} runs across the columns below"
    if block.keep:
        return f"{what} cannot be split"
    if block.role is Role.HEAD:
        return f"{what} moves on whole: a headline needs lines of its summary under it"
    return f"{what} could not be split here"


def _page_end_findings(
    issue: Issue, page: Page, pages: Sequence[Page], short: float
) -> list[Finding]:
    """A page before the last whose columns end, balanced, above its foot
    because the spanning block after them did not fit under them."""
    if page is pages[-1] or not page.order:
        return []
    below = min(p.bottom for p in page.order) - page.body.y
    moved = next(
        (
            c.stopped_by
            for c in page.columns
            if c.stopped_by is not None
            and c.stopped_by.span
            and all(p.block is not c.stopped_by for p in page.spans)
        ),
        None,
    )
    if below <= short + 0.5 or moved is None:
        return []
    return [
        Finding(
            "page_ends_early",
            f"page {page.number} ends {_mm(below):.1f} mm above its foot: "
            f"{describe(issue, moved)} runs across the columns and does not fit under "
            f"them, so it opens page {page.number + 1}; set it in its column (without "
            f"`span: all`), crop it, or shorten the text above it",
            True,
            page.number,
            "all",
            moved.item,
        )
    ]


def _pieces_findings(issue: Issue, page: Page, line: float) -> list[Finding]:
    found: list[Finding] = []
    for column in page.columns:
        if not column.placed:
            continue
        last = column.placed[-1]
        flowable = last.block.flowable
        if isinstance(flowable, ItemHead) and last.block.item is not None:
            under = last.height - flowable.head_height
            if under < 2 * flowable.summary.style.leading - 0.5 and column.stopped_by is not None:
                found.append(
                    Finding(
                        "stranded_headline",
                        f"{describe(issue, last.block)} ends page {page.number}, column "
                        f"{column.index} with {under / line:.1f} lines under it",
                        True,
                        page.number,
                        column.index,
                        last.block.item,
                    )
                )
        for piece in (column.placed[0], last):
            if piece.block.role is not Role.BODY or piece.height > 1.5 * line:
                continue
            continues = column.stopped_by is not None and piece is last
            if piece.block.continued or continues:
                kind = "widow" if piece.block.continued and piece is column.placed[0] else "orphan"
                found.append(
                    Finding(
                        kind,
                        f"{describe(issue, piece.block)}: one line alone at the "
                        f"{'head' if kind == 'widow' else 'foot'} of page {page.number}, "
                        f"column {column.index}",
                        True,
                        page.number,
                        column.index,
                        piece.block.item,
                    )
                )
    return found


def _paragraphs(flowable: object) -> list[ComposedParagraph | ShapedParagraph | Paragraph]:
    """The paragraphs a piece draws, inside its heads, stacks, quotes and boxes
    (a balanced headline is not one: it is short and never hyphenated)."""
    if isinstance(flowable, ComposedParagraph | ShapedParagraph | Paragraph):
        return [flowable]
    inner: list[object] = []
    if isinstance(flowable, ItemHead):
        inner = [*flowable.head, flowable.summary]
    elif isinstance(flowable, Stack):
        inner = list(flowable.parts)
    elif isinstance(flowable, PullQuote):
        inner = [flowable.paragraph]
    elif isinstance(flowable, Box):
        inner = [row.paragraph for row in flowable.rows]
    return [found for part in inner for found in _paragraphs(part)]


def _rl_line_ends(paragraph: Paragraph) -> list[str]:
    """The text of each line of a wrapped ReportLab paragraph (greedy breaking)."""
    para = getattr(paragraph, "blPara", None)
    if para is None:
        return []
    if para.kind == 0:  # (extra space, words) per line
        return [" ".join(words) for _, words in para.lines]
    return ["".join(getattr(frag, "text", "") for frag in line.words) for line in para.lines]


def _at(page: Page, piece: Placed) -> tuple[str, int | str]:
    """Where a piece is, as a message says it, and its column."""
    column = _where(page, piece).column
    text = f"column {column}" if column != "all" else "across the columns"
    return f"page {page.number}, {text}", column


def _line_findings(issue: Issue, page: Page) -> list[Finding]:
    """Loose lines (a paragraph the composer could only set in its emergency
    passes) and hyphen ladders (three or more hyphenated line ends in a row),
    each where it is drawn. Ladders are looked for in paragraphs broken by
    ReportLab (`line_breaking.breaker: greedy`, and styles the composer does not
    set): the composer never sets more than two hyphenated lines in a row.
    Said, not over tolerance: the brand's line-breaking settings decide them."""
    found: list[Finding] = []
    said: set[int] = set()  # a paragraph split over columns is loose once
    for piece in page.order:
        for paragraph in _paragraphs(piece.block.flowable):
            if isinstance(paragraph, ShapedParagraph):
                # right-to-left text, broken by the same breaker on shaped widths
                if paragraph.passes >= EMERGENCY_PASS and id(paragraph.par) not in said:
                    said.add(id(paragraph.par))
                    found.append(_loose(issue, page, piece, paragraph.text, paragraph.passes))
                continue
            if isinstance(paragraph, ComposedParagraph):
                if paragraph.passes < EMERGENCY_PASS or id(paragraph.text) in said:
                    continue
                if getattr(paragraph, "_layout", None) is None:
                    continue  # never set (a part of a split that was not drawn)
                said.add(id(paragraph.text))
                lines = paragraph.set_lines()
                opening = "".join(text for _, text in lines[0].parts) if lines else ""
                found.append(_loose(issue, page, piece, opening, paragraph.passes))
                continue
            ends = _rl_line_ends(paragraph)
            run = 0
            for number, text in enumerate(ends):
                run = run + 1 if text.rstrip().endswith(HYPHENS) else 0
                if run == LADDER:
                    where, column = _at(page, piece)
                    found.append(
                        Finding(
                            "hyphen_ladder",
                            f"{describe(issue, piece.block)} on {where}: {LADDER} hyphenated "
                            f'lines in a row from "{ends[number - LADDER + 1][:40].strip()}"',
                            False,
                            page.number,
                            column,
                            piece.block.item,
                        )
                    )
    return found


def _loose(issue: Issue, page: Page, piece: Placed, opening: str, passes: int) -> Finding:
    where, column = _at(page, piece)
    return Finding(
        "loose_lines",
        f"{describe(issue, piece.block)} on {where}: the paragraph from "
        f'"{opening[:40].strip()}" could only be set with loose lines '
        f"(the composer's pass {passes} of 4)",
        False,
        page.number,
        column,
        piece.block.item,
    )


def _link_findings(issue: Issue, page: Page) -> list[Finding]:
    """Link lines whose address has a piece wider than its column, so that it
    was cut inside a word (`text.links`), each where it is drawn: said, not
    over tolerance; a shorter address, or a wider column, is the fix."""
    found = []
    for piece in page.order:
        flowable = piece.block.flowable
        rows = [row.paragraph for row in flowable.rows] if isinstance(flowable, Box) else []
        for label in (flowable, *rows):
            if not isinstance(label, Label) or not label.forced:
                continue
            where, column = _at(page, piece)
            cut = ", ".join(f'"{text}"' for text in label.forced)
            found.append(
                Finding(
                    "link_broken_inside",
                    f"{describe(issue, piece.block)} on {where}: the link's address has "
                    f"{plural(len(label.forced), 'piece')} wider than the column ({cut}), "
                    "broken inside a word",
                    False,
                    page.number,
                    column,
                    piece.block.item,
                )
            )
    return found


def _image_findings(issue: Issue, page: Page) -> list[Finding]:
    found = []
    for piece in page.order:
        item = piece.block.item
        if item is None or issue.items[item].image is None:
            continue
        image = issue.items[item].image
        assert image is not None
        stack = piece.block.flowable
        width = _picture_width(stack)
        if width is None:
            continue
        ppi = images.resolution(image.info, width)
        if ppi < GOOD_PPI:
            found.append(
                Finding(
                    "image_resolution",
                    f"items[{item + 1}].image: {image.info.width} pixels across "
                    f"{_mm(width):.0f} mm is {ppi:.0f} ppi; print wants {GOOD_PPI}",
                    True,
                    page.number,
                    _where(page, piece).column,
                    item,
                )
            )
    return found


def _picture_width(flowable: object) -> float | None:
    """The placed width of the first picture inside a stack of stacks."""
    if isinstance(flowable, Picture):
        return float(flowable.width)
    parts: list[object] = []
    if isinstance(flowable, Stack):
        parts = [part for part, _ in flowable.parts]
    elif isinstance(flowable, ItemHead):
        parts = [part for part, _ in flowable.head]
    elif isinstance(flowable, Box):
        parts = [row.paragraph for row in flowable.rows]
    for part in parts:
        width = _picture_width(part)
        if width is not None:
            return width
    return None


def report_for(
    issue: Issue,
    brand: Brand,
    composition: Composition,
    *,
    pages: int | None,
    line: float,
    passes: int | None = None,
    fit_changes: Sequence[str] = (),
) -> LayoutReport:
    count = brand.columns
    balance = brand.tolerances.balance if brand.tolerances.balance is not None else line
    short = brand.tolerances.short_column
    short = short if short is not None else line
    found = [Finding("fit", f"--fit: {change}", False) for change in fit_changes]
    last = composition.pages[-1]
    band = _last_band(last, count)
    imbalance = 0.0
    if band:
        ends = [c.blank for c in band]
        imbalance = max(ends) - min(ends)
        if imbalance > balance + 0.5:
            found.append(
                Finding(
                    "unbalanced_last_page",
                    f"the last page's columns end {_mm(imbalance):.1f} mm "
                    f"({imbalance / line:.1f} lines) apart",
                    True,
                    last.number,
                )
            )
    for page in composition.pages:
        for column in page.columns:
            if column.blank > 0.5:
                over = column.blank > short + 0.5
                found.append(
                    Finding(
                        "short_column",
                        f"page {page.number}, column {column.index} ends "
                        f"{_mm(column.blank):.1f} mm above its foot: {_cause(issue, column)}",
                        over,
                        page.number,
                        column.index,
                    )
                )
        found.extend(_page_end_findings(issue, page, composition.pages, short))
        found.extend(_pieces_findings(issue, page, line))
        found.extend(_image_findings(issue, page))
        found.extend(_link_findings(issue, page))
        found.extend(_line_findings(issue, page))
    used = last.body.top - min((p.bottom for p in last.order), default=last.body.top)
    sparse = brand.tolerances.last_page
    if len(composition.pages) > 1 and used < sparse * last.body.height:
        found.append(
            Finding(
                "sparse_last_page",
                f"the last page is {used / last.body.height:.0%} full",
                True,
                last.number,
            )
        )
    if pages is not None and len(composition.pages) < pages:
        left = pages - len(composition.pages)
        found.append(
            Finding(
                "budget_not_filled",
                f"the issue fills {len(composition.pages)} of its {pages} pages: "
                f"{left} {'page is' if left == 1 else 'pages are'} left, and "
                f"{_mm(last.body.top - last.body.y - used):.0f} mm of the last page",
                False,
            )
        )
    return LayoutReport(
        issue=str(issue.path.name),
        pages=len(composition.pages),
        budget=pages,
        passes=composition.passes if passes is None else passes,
        last_page_imbalance_mm=_mm(imbalance),
        items=_items(issue, composition.pages),
        page_fill=tuple(_page_fill(page, count) for page in composition.pages),
        findings=tuple(found),
    )

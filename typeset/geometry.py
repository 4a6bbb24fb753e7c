"""Where things go on the page: pure arithmetic on the brand's grid.

Takes the trim size, bleed and slug, margins, column count, gutter and the
heights of the masthead and footer bands; gives rectangles in PDF points
(origin at the bottom-left of the MediaBox): the press boxes of a `Sheet`, the
column frames of a `Grid`, and the crop marks. Draws nothing and reads no file.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float

    @property
    def top(self) -> float:
        return self.y + self.height

    @property
    def right(self) -> float:
        return self.x + self.width

    def grown(self, by: float) -> Rect:
        return Rect(self.x - by, self.y - by, self.width + 2 * by, self.height + 2 * by)


@dataclass(frozen=True)
class Sheet:
    """A page as the press sees it: the MediaBox holds the bleed, which holds the trim.

    A screen page has neither bleed nor slug: all three boxes are the trim."""

    media: Rect
    bleed: Rect
    trim: Rect


def sheet(trim_size: tuple[float, float], *, bleed: float = 0.0, slug: float = 0.0) -> Sheet:
    """The boxes of a page trimmed to `trim_size`, with `bleed` round it and
    `slug` (room for marks) outside the bleed."""
    width, height = trim_size
    outside = bleed + slug
    trim = Rect(outside, outside, width, height)
    return Sheet(media=trim.grown(outside), bleed=trim.grown(bleed), trim=trim)


#: How far beyond the bleed edge a crop mark starts, and the room it leaves at
#: the edge of the MediaBox.
MARK_GAP = 1 * 72 / 25.4
MARK_EDGE = 1 * 72 / 25.4
#: The least slug that holds a useful crop mark.
MIN_MARK_SLUG = MARK_GAP + MARK_EDGE + 3 * 72 / 25.4


Segment = tuple[float, float, float, float]


def crop_marks(page: Sheet) -> tuple[Segment, ...]:
    """Eight lines (x1, y1, x2, y2) on the extensions of the trim edges, in the
    slug: they start beyond the bleed, so trimming never leaves a piece of one."""
    trim, bleed, media = page.trim, page.bleed, page.media
    start = bleed.x - trim.x - MARK_GAP  # negative: outward from the trim edge
    end = media.x - trim.x + MARK_EDGE
    if end >= start:
        raise ValueError("the slug is too narrow for crop marks")
    marks: list[Segment] = []
    for x, outward_x in ((trim.x, -1), (trim.right, 1)):
        for y, outward_y in ((trim.y, -1), (trim.top, 1)):
            # the vertical mark continues the side edge beyond the top or bottom
            marks.append((x, y - outward_y * start, x, y - outward_y * end))
            # the horizontal mark continues the top or bottom edge beyond the side
            marks.append((x - outward_x * start, y, x - outward_x * end, y))
    return tuple(marks)


@dataclass(frozen=True)
class Grid:
    sheet: Sheet
    page: Rect  # the trimmed page
    content: Rect  # inside the margins
    masthead: Rect  # first page only, across the full content width
    footer: Rect  # every page, at the foot of the content area
    first_columns: tuple[Rect, ...]
    columns: tuple[Rect, ...]


def columns_in(area: Rect, count: int, gutter: float) -> tuple[Rect, ...]:
    """`count` equal columns across `area`, separated by `gutter`."""
    width = (area.width - gutter * (count - 1)) / count
    if width <= 0:
        raise ValueError(
            f"{count} columns with a {gutter:g}pt gutter do not fit in {area.width:g}pt"
        )
    return tuple(
        Rect(area.x + i * (width + gutter), area.y, width, area.height) for i in range(count)
    )


def grid(
    *,
    page: Sheet,
    margins: tuple[float, float, float, float],
    columns: int,
    gutter: float,
    masthead_height: float,
    footer_height: float,
    right_to_left: bool = False,
) -> Grid:
    """The page grid; `margins` are (top, right, bottom, left), measured from the trim.
    With `right_to_left` the columns are listed from the right: the first column
    (the one text fills first) is the rightmost."""
    trim = page.trim
    top, right, bottom, left = margins
    content = Rect(
        trim.x + left, trim.y + bottom, trim.width - left - right, trim.height - top - bottom
    )
    if content.width <= 0 or content.height <= 0:
        raise ValueError("the margins leave no room on the page")
    footer = Rect(content.x, content.y, content.width, footer_height)
    body = Rect(content.x, footer.top, content.width, content.height - footer_height)
    masthead = Rect(content.x, content.top - masthead_height, content.width, masthead_height)
    first_body = Rect(body.x, body.y, body.width, masthead.y - body.y)
    if first_body.height <= 0:
        raise ValueError("the masthead leaves no room for text on the first page")
    return Grid(
        sheet=page,
        page=trim,
        content=content,
        masthead=masthead,
        footer=footer,
        first_columns=_ordered(columns_in(first_body, columns, gutter), right_to_left),
        columns=_ordered(columns_in(body, columns, gutter), right_to_left),
    )


def _ordered(columns: tuple[Rect, ...], right_to_left: bool) -> tuple[Rect, ...]:
    return tuple(reversed(columns)) if right_to_left else columns


def across(rects: tuple[Rect, ...] | list[Rect]) -> Rect:
    """The box from the leftmost to the rightmost of `rects` (columns in either
    reading order), as tall as the first."""
    left = min(r.x for r in rects)
    right = max(r.right for r in rects)
    return Rect(left, rects[0].y, right - left, rects[0].height)

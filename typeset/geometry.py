"""Where things go on the page: pure arithmetic on the brand's grid.

Takes the page size, margins, column count, gutter and the heights of the
masthead and footer bands; gives rectangles in PDF points (origin bottom-left).
Draws nothing and reads no file.
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


@dataclass(frozen=True)
class Grid:
    page: Rect
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
    page_size: tuple[float, float],
    margins: tuple[float, float, float, float],
    columns: int,
    gutter: float,
    masthead_height: float,
    footer_height: float,
) -> Grid:
    """The page grid; `margins` are (top, right, bottom, left)."""
    width, height = page_size
    top, right, bottom, left = margins
    content = Rect(left, bottom, width - left - right, height - top - bottom)
    if content.width <= 0 or content.height <= 0:
        raise ValueError("the margins leave no room on the page")
    footer = Rect(content.x, content.y, content.width, footer_height)
    body = Rect(content.x, footer.top, content.width, content.height - footer_height)
    masthead = Rect(content.x, content.top - masthead_height, content.width, masthead_height)
    first_body = Rect(body.x, body.y, body.width, masthead.y - body.y)
    if first_body.height <= 0:
        raise ValueError("the masthead leaves no room for text on the first page")
    return Grid(
        page=Rect(0, 0, width, height),
        content=content,
        masthead=masthead,
        footer=footer,
        first_columns=columns_in(first_body, columns, gutter),
        columns=columns_in(body, columns, gutter),
    )

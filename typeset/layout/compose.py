"""Composing pages: blocks poured into columns, balanced, and justified.

Takes `Block`s in reading order (flowables made by `story`, each with the space
above it, how far that space may grow, and whether it spans the columns) and
the page grid; gives `Page`s, each a list of `Placed` pieces at absolute
positions, and `PageContent` flowables that draw them. ReportLab's frames are
not used to fill columns: they cannot balance columns or justify a column
vertically, both of which need to try a column height and look again.
ReportLab's `BalancedColumns` was tried and not used: it balances a list of
flowables inside one frame, so the story would need a second build to learn
where the last page starts, and it neither justifies columns vertically nor
knows our spanning blocks, held-back lines or link lines glued to their text.

The rules, in the order they are applied:

- Column blocks fill the columns of a page from the top, left to right. A
  block that does not fit is split (`Flowable.split`, so paragraphs keep their
  own widow and orphan control); one marked `keep` moves on whole. The space
  above a block is dropped at the top of a column.
- A spanning block runs across the text width at the current height; the
  column blocks before it end above it, in balanced columns.
- The columns of a band that ends on the page (above a spanning block, or the
  story's end) are balanced: the shortest column height that holds the band
  is found by trying heights (each try is one "pass", counted in the report).
- A column that ends short is filled by vertical justification: the spaces
  above its blocks grow, each up to its `stretch`; what the stretch cannot
  close is recorded with its cause.

Draws nothing itself but through the flowables; decides no style.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from ..geometry import Grid, Rect, across
from ..text.composed import ComposedParagraph

#: Lengths closer than this (points) count as equal: a column is "full".
EPSILON = 0.01
#: The most body lines held back from a column so that the last page balances
#: or the end matter has company: more blank at a column's foot is worse than
#: an unbalanced last page.
MAX_HELD_LINES = 8
#: More may be held back only when nothing less balances the last page within
#: a line: 2024-02 ends on a six-line item whose split (2 lines on page 2, 4
#: with the link on page 3) leaves page 3's columns 13.5pt apart, over the 12.8pt
#: line; moving the item whole (headline with its text) balances it at 10.7pt.
MAX_HELD_LINES_TO_BALANCE = 16
#: Column heights tried upwards, in half lines, before balancing halves the range.
PROBES = 4


class Role(StrEnum):
    """What a block of the story is, for the composer's rules and the report."""

    HEAD = "head"  # an item's kicker, headline and summary (or a lead's, across)
    BODY = "body"
    IMAGE = "image"
    LINK = "link"  # the "Read online" line
    QUOTE = "quote"
    BOX = "box"  # a boxed item
    CONTENTS = "contents"  # "In this issue"
    CLOSING = "closing"  # the end matter: related issues and contact
    OTHER = ""


@dataclass(frozen=True)
class Block:
    """One flowable of the story, with how it sits among the others."""

    flowable: Flowable
    #: space above the block; dropped at the top of a column or page
    gap: float = 0.0
    #: how much `gap` may grow to fill a column (vertical justification)
    stretch: float = 0.0
    #: a hairline (width, colour) in the middle of the gap, where the gap shows
    rule: tuple[float, Color] | None = None
    #: runs across the text width instead of one column
    span: bool = False
    #: moves on whole instead of splitting (an image with its caption)
    keep: bool = False
    #: the item it belongs to (index in the issue), None for the issue's own boxes
    item: int | None = None
    #: what it is, for the composer's rules and the layout report
    role: Role = Role.OTHER
    #: the rest of a block split at the foot of the column before
    continued: bool = False
    #: never first in a column without some of the block before it (a link
    #: line, which would otherwise head a column alone, away from its text)
    glue: bool = False
    #: a spanning block that may end the last column instead, at the column's
    #: width, when it does not fit under the columns (the end matter)
    may_join_columns: bool = False

    def rest(self, flowable: Flowable) -> Block:
        """The part of this block that continues in the next column."""
        return replace(self, flowable=flowable, gap=0.0, stretch=0.0, rule=None, continued=True)


@dataclass
class Placed:
    block: Block
    x: float
    #: the top of the piece (PDF points, origin bottom-left)
    top: float
    width: float
    height: float
    #: the space shown above the piece (0 at the top of a column)
    gap: float

    @property
    def bottom(self) -> float:
        return self.top - self.height


@dataclass
class Column:
    """A column of one band on one page."""

    #: 1 for the first column of the grid, 2 for the next, ...
    index: int
    rect: Rect
    placed: list[Placed] = field(default_factory=list)
    #: what made the column end before its foot (the block that did not fit)
    stopped_by: Block | None = None
    #: space left at the foot after vertical justification
    blank: float = 0.0
    #: lines were held back from this column to go with the end matter
    held_back: bool = False

    @property
    def used(self) -> float:
        if not self.placed:
            return 0.0
        return self.rect.top - self.placed[-1].bottom


@dataclass
class Page:
    number: int
    #: body area of the page (below the masthead on page 1)
    body: Rect
    columns: list[Column] = field(default_factory=list)
    spans: list[Placed] = field(default_factory=list)
    #: every piece in reading order: the order they are drawn in, so that
    #: bookmarks and page references follow the story
    order: list[Placed] = field(default_factory=list)


class Overset(Exception):
    """A block that fits no column (or no page, if it spans)."""

    def __init__(self, block: Block, height: float, room: float) -> None:
        super().__init__(f"{block.role} needs {height:.0f}pt, a column holds {room:.0f}pt")
        self.block = block
        self.height = height
        self.room = room


@dataclass
class _Fill:
    """One try at pouring blocks into columns of given heights."""

    columns: list[list[tuple[Block, float, float]]]  # (piece, gap shown, height)
    stopped_by: list[Block | None]
    leftover: deque[Block]
    #: a glued block (a link line) had to head a column alone
    parted: bool = False


def _height(flowable: Flowable, width: float, room: float) -> float:
    """The flowable's height at `width`, wrapped once per width.

    Line breaking depends on the width alone, and every try at a column
    height wraps the same flowables at the same width again: a 2024-03
    build made 56 such tries, which wrapped each paragraph up to 56 times."""
    cached = getattr(flowable, "_typeset_wrapped", None)
    if cached is not None and cached[0] == width:
        return float(cached[1])
    _, height = flowable.wrap(width, room)
    flowable._typeset_wrapped = (width, height)
    return float(height)


def _split(flowable: Flowable, width: float, room: float) -> list[Flowable]:
    parts: list[Flowable] = flowable.split(width, room)
    # A composed paragraph keeps its lines for its width whatever split answers.
    keeps = isinstance(flowable, ComposedParagraph)
    if not parts and not keeps and not getattr(flowable, "keeps_lines_after_split", False):
        # A paragraph that refuses a split forgets its lines (ReportLab
        # deletes them): it must be wrapped again before it is drawn.
        flowable._typeset_wrapped = None
    return parts


def _give_back(
    placed: list[tuple[Block, float, float]], width: float, block: Block, line: float
) -> list[Block]:
    """Shorten the column's last piece, if it belongs to `block`'s item, so that
    its last lines move on with `block` (which is glued to it); the blocks that
    move on, in order, or none if it cannot be done."""
    previous, gap, height = placed[-1]
    if previous.item != block.item or previous.keep or previous.span:
        return []
    for cut in (1.0, line + 1.0, 2 * line + 1.0):
        if height - cut <= 0:
            break
        parts = _split(previous.flowable, width, height - cut)
        if len(parts) < 2:
            continue
        first_height = _height(parts[0], width, height - cut)
        if first_height <= height - cut + EPSILON:
            placed[-1] = (replace(previous, flowable=parts[0]), gap, first_height)
            return [previous.rest(part) for part in parts[1:]]
    # it stays placed: set again what a refused split made it forget
    _height(previous.flowable, width, height)
    if len(placed) > 1:
        placed.pop()
        return [previous]
    return []


def _fill(blocks: Sequence[Block], width: float, heights: Sequence[float], line: float) -> _Fill:
    queue: deque[Block] = deque(blocks)
    columns: list[list[tuple[Block, float, float]]] = []
    stopped: list[Block | None] = []
    parted = False
    for height in heights:
        placed: list[tuple[Block, float, float]] = []
        used = 0.0
        stop: Block | None = None
        while queue:
            block = queue[0]
            gap = block.gap if placed else 0.0
            room = height - used - gap
            needed = _height(block.flowable, width, max(room, 0.0))
            if needed <= room + EPSILON:
                placed.append((block, gap, needed))
                used += gap + needed
                queue.popleft()
                continue
            parts = [] if block.keep or room <= 0 else _split(block.flowable, width, room)
            if parts:
                first = parts[0]
                first_height = _height(first, width, room)
                if first_height <= room + EPSILON:
                    placed.append((replace(block, flowable=first), gap, first_height))
                    queue.popleft()
                    queue.extendleft(reversed([block.rest(part) for part in parts[1:]]))
                    stop = queue[0] if queue else None
                    break
            if block.glue and placed and not block.continued:
                moved = _give_back(placed, width, block, line)
                if moved:
                    queue.extendleft(reversed(moved))
                    block = queue[0]
                else:
                    parted = True
            stop = block
            break
        columns.append(placed)
        stopped.append(stop)
    return _Fill(columns, stopped, queue, parted)


def _justify(pieces: list[tuple[Block, float, float]], room: float) -> tuple[list[float], float]:
    """The gap shown above each piece once `room` (the column's unused height)
    is shared among the gaps that may stretch, in proportion to their stretch;
    and what is left unfilled."""
    gaps = [gap for _, gap, _ in pieces]
    stretch = [
        block.stretch if index and gap else 0.0 for index, (block, gap, _) in enumerate(pieces)
    ]
    total = sum(stretch)
    if room <= EPSILON or total <= 0:
        return gaps, max(room, 0.0)
    share = min(room, total)
    return [gap + share * s / total for gap, s in zip(gaps, stretch, strict=True)], room - share


@dataclass
class Composition:
    pages: list[Page]
    #: how many times columns were poured (one per page, plus the balancing tries)
    passes: int = 0


class Composer:
    """Pours a story's blocks into the pages of `grid`."""

    def __init__(self, grid: Grid, *, line: float) -> None:
        self.grid = grid
        #: the body text's leading: balancing stops within a fraction of it
        self.line = line
        self.passes = 0
        self.pages: list[Page] = []
        #: the spanning block `_place_run` set in the last column instead
        self._joined: Block | None = None

    # -- geometry -------------------------------------------------------------
    def _new_page(self) -> Page:
        number = len(self.pages) + 1
        rects = self.grid.first_columns if number == 1 else self.grid.columns
        body = across(rects)
        page = Page(number, body)
        self.pages.append(page)
        return page

    @property
    def column_width(self) -> float:
        return self.grid.columns[0].width

    def _column_rects(self, page: Page, top: float, height: float) -> list[Rect]:
        rects = self.grid.first_columns if page.number == 1 else self.grid.columns
        return [Rect(r.x, top - height, r.width, height) for r in rects]

    # -- composing --------------------------------------------------------------
    def compose(self, blocks: Sequence[Block]) -> Composition:
        page = self._new_page()
        top = page.body.top
        queue = list(blocks)
        while queue:
            if queue[0].span:
                span = queue.pop(0)
                page, top = self._place_span(page, top, span, queue[0] if queue else None)
                continue
            end = next((i for i, b in enumerate(queue) if b.span), len(queue))
            run, queue = queue[:end], queue[end:]
            following = queue[0] if queue else None
            self._joined = None
            # a spanning block with nothing after it ends the story: it needs
            # company on its page; one that the story goes on after has it
            alone = len(queue) == 1
            after = self._span_need(following, queue[1] if len(queue) > 1 else None)
            page, top = self._place_run(page, top, run, following, after=after, alone=alone)
            if queue and self._joined is queue[0]:
                queue.pop(0)
        return Composition(self.pages, self.passes)

    def _span_height(self, block: Block) -> float:
        return _height(block.flowable, self.pages[0].body.width, 1e9)

    def _span_need(self, span: Block | None, then: Block | None) -> float:
        """The height a spanning block needs under the text above it: its gap
        and itself, and for an image over its item's headline (`then`) the
        least of that headline that can start a column under it. Without the
        headline, the Persian sample with its picture across the columns ended
        page 1 with the picture and began page 2 with its headline."""
        if span is None:
            return 0.0
        need = span.gap + self._span_height(span)
        if span.role is Role.IMAGE and then is not None and then.item == span.item:
            need += self._opening(then)  # the gap above `then` is dropped there
        return need

    def _opening(self, block: Block) -> float:
        """The least column height in which `block` can start: all of it, or
        the first piece it lets itself be split into (a headline with the
        lines of its summary that must follow it)."""
        whole = self._height_of(block)
        if block.keep:
            return whole
        height = self.line
        while height < whole:
            self.passes += 1
            if _fill([block], self.column_width, [height], self.line).columns[0]:
                return height
            height += self.line
        return whole

    def _place_span(
        self, page: Page, top: float, block: Block, then: Block | None
    ) -> tuple[Page, float]:
        height = self._span_height(block)
        gap = block.gap if top < page.body.top - EPSILON else 0.0
        need = self._span_need(block, then) - block.gap
        if top - gap - need < page.body.y - EPSILON:
            if top >= page.body.top - EPSILON:
                if top - height < page.body.y - EPSILON:
                    raise Overset(block, height, page.body.height)
            else:
                page = self._new_page()
                top, gap = page.body.top, 0.0
        placed = Placed(block, page.body.x, top - gap, page.body.width, height, gap)
        page.spans.append(placed)
        page.order.append(placed)
        return page, top - gap - height

    def _place_run(
        self,
        page: Page,
        top: float,
        run: list[Block],
        following: Block | None,
        *,
        after: float,
        alone: bool,
    ) -> tuple[Page, float]:
        """Pour `run` (column blocks up to the next spanning block, `following`,
        which needs `after` under it) from `top` on, page after page; the page
        and height where it ends."""
        while run:
            room = top - page.body.y
            above = self._end_above(page, top, room, run, after)
            if above is not None:
                return page, above
            trial = self._pour(run, room)
            if not trial.leftover:
                ended = self._end_run(
                    page, top, room, run, trial, following, after=after, alone=alone
                )
                if not isinstance(ended, _Fill):
                    return page, ended
                fill = ended
            else:
                if not trial.columns[0] and top >= page.body.top - EPSILON:
                    block = run[0]
                    raise Overset(block, self._height_of(block), room)
                fill = self._even_out(run, room, trial, after) or trial
            self._commit_fill(page, top, room, fill, held_back=fill is not trial)
            run = list(fill.leftover)
            page = self._new_page()
            top = page.body.top
        return page, top

    def _pour(self, run: list[Block], height: float) -> _Fill:
        """`run` poured into the columns at `height` (one pass)."""
        self.passes += 1
        return _fill(run, self.column_width, [height] * len(self.grid.columns), self.line)

    def _end_above(
        self, page: Page, top: float, room: float, run: list[Block], after: float
    ) -> float | None:
        """End the run in balanced columns with room under them for the
        spanning block that follows (`after` high), if it fits; the new top."""
        if not after or room - after <= self.line or not self._may_fit(run, room - after):
            return None
        trial = self._pour(run, room - after)
        if trial.leftover:
            return None
        height = self._balance(run, room - after, trial)
        return self._commit(page, top, height, run)

    def _end_run(
        self,
        page: Page,
        top: float,
        room: float,
        run: list[Block],
        trial: _Fill,
        following: Block | None,
        *,
        after: float,
        alone: bool,
    ) -> float | _Fill:
        """The run fits this page (`trial`) but the spanning block after it, if
        any, does not fit under it. The new top once the run is ended here; or
        a fill that holds lines back for the next page."""
        if following is None:
            return self._commit(page, top, self._balance(run, room, trial), run)
        if following.may_join_columns:
            joined = self._join(page, top, room, run, following)
            if joined is not None:
                return joined
        if alone:
            # The spanning block would stand alone on the next page, the
            # story's last: hold some lines back to keep it company there.
            held = self._hold_back(run, room, trial, after)
            if held is not None:
                return held
        # The spanning block moves to the next page, where the story goes on
        # under it: this page ends with the run, in balanced columns. Holding
        # lines back for it left 2 lines in the second column of the Albanian
        # sample's page 1 and a link line alone on page 2.
        end = self._commit(page, top, self._balance(run, room, trial), run)
        for column in page.columns[-len(self.grid.columns) :]:
            column.stopped_by = following
        return end

    def _join(
        self, page: Page, top: float, room: float, run: list[Block], following: Block
    ) -> float | None:
        """End the run's last column with `following` at the column's width,
        in balanced columns, if that fits the page; the new top, or None."""
        count = len(self.grid.columns)
        joined = [*run, replace(following, span=False, keep=True)]
        self.passes += 1
        fill = _fill(joined, self.column_width, [room] * count, self.line)
        if fill.leftover or fill.parted:
            return None
        height = self._balance(joined, room, fill)
        self._joined = following
        return self._commit(page, top, height, joined)

    def _even_out(self, run: list[Block], room: float, trial: _Fill, after: float) -> _Fill | None:
        """If what `trial` leaves over ends the run on the next page in columns
        more than a line apart, a fill that holds lines back so that it
        balances (see `_hold_back`); None to keep `trial`."""
        next_room = self.grid.columns[0].height - after
        spread = self._spread(list(trial.leftover), next_room)
        if spread is None or spread <= self.line:
            return None
        held = self._hold_back(run, room, trial, after, better_than=spread)
        return held

    def _hold_back(
        self,
        run: list[Block],
        room: float,
        full: _Fill,
        after: float,
        *,
        better_than: float = float("inf"),
    ) -> _Fill | None:
        """A fill whose last column stops some lines above where `full` (the
        run poured into whole columns) ends it, so that what is left over goes
        with the spanning block on the next page. The fewest lines whose
        leftover balances there within a line; else the best balanced; None
        if nothing can be left over."""
        count = len(self.grid.columns)
        used = sum(gap + height for _, gap, height in full.columns[-1])
        next_room = self.grid.columns[0].height - after
        best: tuple[float, _Fill] | None = None
        # The columns before the last are the same whatever is held back:
        # poured once, then only the last column is poured for each try.
        self.passes += 1
        before = _fill(run, self.column_width, [room] * (count - 1), self.line)
        # Trying one more line often keeps the same pieces (a block that moves
        # on whole, widow control): its leftover was judged already. 2024-01:
        # 82 passes without this, 64 with it (2024-02: 82, 54).
        judged: set[float] = set()
        for lines in range(1, MAX_HELD_LINES_TO_BALANCE + 1):
            if used - lines * self.line <= 0:
                break
            self.passes += 1
            last = _fill(
                list(before.leftover), self.column_width, [used - lines * self.line], self.line
            )
            fill = _Fill(
                [*before.columns, *last.columns],
                [*before.stopped_by, *last.stopped_by],
                last.leftover,
                before.parted or last.parted,
            )
            if not fill.leftover or not any(fill.columns):
                continue
            kept = sum(gap + h for _, gap, h in fill.columns[-1])
            if used - kept > MAX_HELD_LINES_TO_BALANCE * self.line:
                continue  # what moved on was a whole block, not a few lines
            if round(kept, 3) in judged:
                continue
            judged.add(round(kept, 3))
            spread = self._spread(list(fill.leftover), next_room)
            if spread is None:
                continue
            if used - kept > MAX_HELD_LINES * self.line and spread > self.line:
                continue  # a big hole is only worth a balanced last page
            if spread < better_than and (best is None or spread < best[0]):
                best = (spread, fill)
            if spread <= self.line:
                break
        return best[1] if best else None

    def _spread(self, run: list[Block], room: float) -> float | None:
        """How far apart the columns of `run`, balanced in `room`, end; None
        if it does not fit."""
        count = len(self.grid.columns)
        if not self._may_fit(run, room):
            return None
        self.passes += 1
        fits = _fill(run, self.column_width, [room] * count, self.line)
        if fits.leftover:
            return None
        height = self._balance(run, room, fits)
        self.passes += 1
        fill = _fill(run, self.column_width, [height] * count, self.line)
        used = [sum(gap + h for _, gap, h in column) for column in fill.columns]
        return max(used) - min(used)

    def _height_of(self, block: Block) -> float:
        return _height(block.flowable, self.column_width, 1e9)

    def _new_top(self) -> float:
        return self.pages[-1].body.top

    def _balance(self, run: list[Block], room: float, fits: _Fill) -> float:
        """The least column height (to a quarter line) that holds `run`.

        The answer is nearly always within a few lines of the run's height
        shared among the columns, so heights are tried upwards from there in
        half lines first (2024-03: 3 tries instead of 7), and halved between
        the last that failed and the page only when those miss."""
        count = len(self.grid.columns)
        total = sum(gap + height for column in fits.columns for _, gap, height in column)
        low = max(total / count - self.line, 0.0)
        high = room
        start = total / count
        for step in range(PROBES):
            height = start + step * self.line / 2
            if height >= room:
                break
            if self._holds(run, height):
                high = height
                finer = height - self.line / 4
                return finer if finer > low and self._holds(run, finer) else height
            low = height
        while high - low > self.line / 4:
            middle = (low + high) / 2
            if self._holds(run, middle):
                high = middle
            else:
                low = middle
        return high

    def _may_fit(self, run: list[Block], height: float) -> bool:
        """False when the run is surely too tall for columns of `height`: its
        blocks (heights known from earlier passes) with their spaces exceed
        them even after dropping a space at each column's top. Spares a pass
        that would only pour the rest of the story to learn that."""
        width = self.column_width
        count = len(self.grid.columns)
        total = sum(block.gap + _height(block.flowable, width, height) for block in run)
        dropped = sum(sorted((block.gap for block in run), reverse=True)[:count])
        return total - dropped <= count * height + EPSILON

    def _holds(self, run: list[Block], height: float) -> bool:
        """Whether columns of `height` hold the whole run (one pass)."""
        self.passes += 1
        trial = _fill(run, self.column_width, [height] * len(self.grid.columns), self.line)
        return not trial.leftover and not trial.parted

    def _commit(self, page: Page, top: float, height: float, run: list[Block]) -> float:
        self.passes += 1
        fill = _fill(run, self.column_width, [height] * len(self.grid.columns), self.line)
        assert not fill.leftover
        self._commit_fill(page, top, height, fill)
        return top - height

    def _commit_fill(
        self, page: Page, top: float, height: float, fill: _Fill, *, held_back: bool = False
    ) -> None:
        for index, (rect, pieces) in enumerate(
            zip(self._column_rects(page, top, height), fill.columns, strict=True)
        ):
            column = Column(index + 1, rect, stopped_by=fill.stopped_by[index])
            used = sum(gap + h for _, gap, h in pieces)
            gaps, blank = _justify(pieces, height - used) if pieces else ([], height)
            y = top
            for (block, _, piece_height), gap in zip(pieces, gaps, strict=True):
                # A try made after this fill may have split a piece it placed
                # whole, and a refused split makes a paragraph forget its lines:
                # set again whatever was.
                _height(block.flowable, rect.width, piece_height)
                y -= gap
                placed = Placed(block, rect.x, y, rect.width, piece_height, gap)
                column.placed.append(placed)
                page.order.append(placed)
                y -= piece_height
            column.blank = blank
            column.held_back = held_back and index == len(fill.columns) - 1
            page.columns.append(column)


class PageContent(Flowable):  # type: ignore[misc]
    """Everything composed for one page, drawn at the positions composed.

    Takes no room in ReportLab's frame: the frame only carries it to the page.
    `drawOn` is where every block of the page begins and ends drawing."""

    role = "page"

    def __init__(self, page: Page, draw_rule: Callable[[Canvas, Placed], None]) -> None:
        super().__init__()
        self.page = page
        self.draw_rule = draw_rule

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0.0, 0.0

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802
        for piece in self.page.order:
            if piece.block.rule is not None and piece.gap > 0:
                self.draw_rule(canvas, piece)
            flowable = piece.block.flowable
            # a piece narrower than its column (an image scaled down) is centred
            inset = max(piece.width - float(getattr(flowable, "width", piece.width)), 0.0) / 2
            flowable.drawOn(canvas, piece.x + inset, piece.bottom)

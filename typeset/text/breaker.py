"""Total-fit line breaking (Knuth and Plass, "Breaking paragraphs into lines", 1981).

Takes a paragraph as a sequence of `Box`, `Glue` and `Penalty` items, a line
width and `Settings`; gives the breaks that minimise the total demerits of the
paragraph (`Composition`). Knows nothing of fonts, text or ReportLab: a box is
a width with an opaque payload, so the same breaker serves measured Latin runs
today and shaped right-to-left runs later.

The classic ingredients: badness 100·|r|³ of a line stretched or shrunk by the
ratio r; demerits (line_penalty + badness)² plus the square of the break's
penalty; extra demerits for two hyphenated lines in a row and for adjacent
lines in fitness classes more than one apart (tight, decent, loose, very
loose); never more than `max_hyphen_run` hyphenated lines in a row; extra
demerits when the last line is one short word. Badness is not capped at
10000 as in TeX, so that a line twice as loose as another stays worse.

Up to four passes: within `tolerance`; within `second_tolerance`; accepting
what `emergency_stretch` added to every line could fill (lines are still
scored as drawn, without it); and last any line that fits. A pass whose best
answer ends in a short last word lets the next pass try, and the cheaper
answer wins. A line is never shrunk beyond its glue's shrink, so no line is
wider than the measure as long as every box fits it (the composer splits
wider boxes into pieces that do); `compose` raises ValueError otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

#: A penalty at or below this forces a break; at or above it forbids one.
INFINITY = 10000
#: Badness of a line that cannot stretch at all (no glue) yet falls short of
#: the measure. Unlike TeX, badness is not capped at 10000 otherwise: a line
#: twice as loose as another stays worse, so that the last pass still spreads
#: what cannot be avoided instead of treating every bad line alike.
BAD = 1e7
#: The stretch of the glue that fills a paragraph's last line.
FILL = 1e9


# Items are named tuples: a paragraph has thousands, and a tuple is made
# several times faster than a frozen dataclass (0.4 µs against 1.5 µs).
class Box(NamedTuple):
    width: float
    payload: object = None


class Glue(NamedTuple):
    width: float
    stretch: float
    shrink: float


class Penalty(NamedTuple):
    width: float
    cost: float
    #: a hyphenation point: two flagged breaks in a row cost extra
    flagged: bool = False


Item = Box | Glue | Penalty


@dataclass(frozen=True)
class Settings:
    tolerance: float = 200.0
    second_tolerance: float = 10000.0
    emergency_stretch: float = 0.0
    line_penalty: float = 10.0
    double_hyphen_demerits: float = 10000.0
    final_hyphen_demerits: float = 5000.0
    fitness_demerits: float = 10000.0
    max_hyphen_run: int = 2
    #: a last line with no glue narrower than this costs `short_last_demerits`:
    #: as much as a line at badness 10000 (word spaces 4.6 times their stretch
    #: wider), so that it is taken only when nothing milder avoids it
    short_last_width: float = 0.0
    short_last_demerits: float = 1e8


@dataclass(frozen=True)
class Line:
    start: int  # index of the first item on the line
    end: int  # index of the break (glue or penalty) ending it, or len(items)
    ratio: float  # adjustment ratio: >0 stretched, <0 shrunk
    hyphenated: bool  # ends at a flagged penalty


@dataclass(frozen=True)
class Composition:
    lines: list[Line]
    demerits: float
    #: 1 within tolerance, 2 within the second tolerance, 3 with emergency
    #: stretch, 4 anything that fits (the least demerits over every way)
    passes: int = 1


@dataclass(slots=True)
class _Node:
    position: int
    line: int
    fitness: int
    total_width: float
    total_stretch: float
    total_shrink: float
    demerits: float
    hyphen_run: int
    ratio: float
    previous: _Node | None


def fitness_class(ratio: float) -> int:
    if ratio < -0.5:
        return 0
    if ratio <= 0.5:
        return 1
    if ratio <= 1.0:
        return 2
    return 3


def badness(ratio: float) -> float:
    if ratio < -1:
        return float("inf")
    if ratio == float("inf"):
        return BAD
    return min(BAD, 100.0 * abs(ratio) ** 3)


def _is_break(items: Sequence[Item], index: int) -> bool:
    item = items[index]
    if isinstance(item, Penalty):
        return item.cost < INFINITY
    return isinstance(item, Glue) and index > 0 and isinstance(items[index - 1], Box)


def _break_width(item: Item) -> float:
    return item.width if isinstance(item, Penalty) else 0.0


class _Sums:
    """Running totals of width, stretch and shrink, and where each line starts
    after a break (discardable glue and penalties after a break are dropped)."""

    def __init__(self, items: Sequence[Item]) -> None:
        n = len(items)
        width = self.width = [0.0] * (n + 1)
        stretch = self.stretch = [0.0] * (n + 1)
        shrink = self.shrink = [0.0] * (n + 1)
        flagged = self.flagged = [False] * n
        cost = self.cost = [0.0] * n
        #: every legal break: (index, cost, flagged, width added if broken here)
        breaks: list[tuple[int, float, bool, float]] = []
        self.breaks = breaks
        w = y = z = 0.0
        after_box = False
        widest = 0.0
        for i, item in enumerate(items):
            width[i] = w
            stretch[i] = y
            shrink[i] = z
            if type(item) is Box:
                w += item.width
                after_box = True
                if item.width > widest:
                    widest = item.width
                continue
            if type(item) is Glue:
                if after_box:
                    breaks.append((i, 0.0, False, 0.0))
                w += item.width
                y += item.stretch
                z += item.shrink
            elif isinstance(item, Penalty):
                cost[i] = item.cost
                flagged[i] = item.flagged
                if item.cost < INFINITY:
                    breaks.append((i, item.cost, item.flagged, item.width))
            after_box = False
        width[n], stretch[n], shrink[n] = w, y, z
        #: the widest box: no narrower line can hold the paragraph
        self.widest = widest
        # after a break at i, the next line begins at the first box (or forced
        # penalty) after i
        self.next_start = [n] * (n + 1)
        following = n
        for i in range(n - 1, -1, -1):
            self.next_start[i] = following
            item = items[i]
            if type(item) is Box or (isinstance(item, Penalty) and item.cost <= -INFINITY):
                following = i


def compose(items: Sequence[Item], width: float, settings: Settings | None = None) -> Composition:
    """The breaks of `items` in lines `width` wide with the least total demerits.

    The last item must be a forced break (a `Penalty` of cost -INFINITY), as
    made by `finish`. Raises ValueError if a box is wider than `width`."""
    settings = settings or Settings()
    if not items or not (isinstance(items[-1], Penalty) and items[-1].cost <= -INFINITY):
        raise ValueError("a paragraph must end with a forced break")
    sums = _Sums(items)
    if sums.widest > width + 1e-6:
        raise ValueError(f"a box {sums.widest:.2f}pt wide cannot fit a {width:.2f}pt line")
    plans = (
        (1, settings.tolerance, 0.0),
        (2, settings.second_tolerance, 0.0),
        (3, settings.second_tolerance, settings.emergency_stretch),
        (4, float("inf"), 0.0),
    )
    fallback: Composition | None = None
    tried: set[tuple[float, float]] = set()
    for number, tolerance, extra in plans:
        if (tolerance, extra) in tried:
            continue  # the same pass again would fail again
        tried.add((tolerance, extra))
        found = _run(items, width, settings, sums, tolerance, extra)
        if found is None:
            continue
        lines, total, short = found
        composition = Composition(lines, total, number)
        if not short:
            return composition
        # Only a last line of one short word within this tolerance: a looser
        # pass may avoid it (and is taken if its demerits are lower).
        if fallback is None or composition.demerits < fallback.demerits:
            fallback = composition
    if fallback is not None:
        return fallback
    raise AssertionError("the last pass accepts every line that fits")  # pragma: no cover


def _ratio(sums: _Sums, node: _Node, index: int, item: Item, width: float, extra: float) -> float:
    natural = sums.width[index] - node.total_width + _break_width(item)
    if natural < width:
        stretch = sums.stretch[index] - node.total_stretch + extra
        return (width - natural) / stretch if stretch > 0 else float("inf")
    if natural > width:
        shrink = sums.shrink[index] - node.total_shrink
        return (width - natural) / shrink if shrink > 0 else float("-inf")
    return 0.0


def _run(
    items: Sequence[Item],
    width: float,
    settings: Settings,
    sums: _Sums,
    tolerance: float,
    extra: float,
) -> tuple[list[Line], float, bool] | None:
    active: list[_Node] = [_Node(0, 0, 1, 0.0, 0.0, 0.0, 0.0, 0, 0.0, None)]
    last = len(items) - 1
    total_width, total_stretch, total_shrink = sums.width, sums.stretch, sums.shrink
    limit = settings.max_hyphen_run
    line_penalty = settings.line_penalty
    double_hyphen = settings.double_hyphen_demerits
    adjacent = settings.fitness_demerits
    flagged_at = sums.flagged
    # the largest ratio within tolerance: cheaper to compare than badness
    most = (tolerance / 100.0) ** (1 / 3) if tolerance != float("inf") else float("inf")
    inf = float("inf")
    for index, cost, flagged, break_width in sums.breaks:
        forced = cost <= -INFINITY
        final = index == last
        # the best way to reach this break per (fitness class, hyphen run):
        # (demerits, from node, ratio)
        best: dict[int, tuple[float, _Node, float]] = {}
        survivors: list[_Node] = []
        for node in active:
            natural = total_width[index] - node.total_width + break_width
            if natural < width:
                stretch = total_stretch[index] - node.total_stretch
                ratio = (width - natural) / stretch if stretch > 0 else inf
                # the emergency pass accepts what the extra stretch could fill,
                # but scores the line as it is drawn: without it
                eased = (width - natural) / (stretch + extra) if extra else ratio
            elif natural > width:
                shrink = total_shrink[index] - node.total_shrink
                ratio = eased = (width - natural) / shrink if shrink > 0 else -inf
            else:
                ratio = eased = 0.0
            if ratio < -1:
                continue  # this line is too full; so is every longer one
            if not forced:
                survivors.append(node)  # may still reach a later break
            if final:
                # the last line sets at its natural width (its fill is infinite)
                ratio = min(ratio, 0.0) if ratio != inf else 0.0
            if (ratio > most and eased > most) or ratio < -most:
                continue  # beyond the tolerance
            run = node.hyphen_run + 1 if flagged else 0
            if run > limit:
                continue  # never: a break at a space is always possible instead
            # `_demerits`, inlined: this loop is most of the composer's time
            # (the test that compares `compose` with `score` keeps them equal)
            bad = 100.0 * (ratio if ratio >= 0 else -ratio) ** 3 if ratio != inf else BAD
            demerits = (line_penalty + min(bad, BAD)) ** 2
            if cost >= 0:
                demerits += cost * cost
            elif not forced:
                demerits -= cost * cost
            started = node.previous is not None
            hyphen_before = started and flagged_at[node.position]
            if flagged and hyphen_before:
                demerits += double_hyphen
            fitness = 0 if ratio < -0.5 else 1 if ratio <= 0.5 else 2 if ratio <= 1.0 else 3
            if started and (fitness - node.fitness > 1 or node.fitness - fitness > 1):
                demerits += adjacent
            if final:
                if hyphen_before:
                    demerits += settings.final_hyphen_demerits
                if _short_tail(items, sums, node, index, settings):
                    demerits += settings.short_last_demerits
            demerits += node.demerits
            key = fitness * 100 + run
            known = best.get(key)
            if known is None or demerits < known[0]:
                best[key] = (demerits, node, ratio)
        active = survivors
        if best:
            nxt = sums.next_start[index] if not final else index
            # A way here whose demerits exceed another's by more than the
            # fitness demerits, with as long a run of hyphens, can never be
            # part of the best paragraph: only the fitness class and the run
            # of hyphens make the rest of the lines cost differently.
            kept = list(best.items())
            if len(kept) > 1:
                kept.sort(key=lambda way: way[1][0])
                kept = [
                    (key, way)
                    for number, (key, way) in enumerate(kept)
                    if not any(
                        other[0] + adjacent <= way[0] and earlier % 100 <= key % 100
                        for earlier, other in kept[:number]
                    )
                ]
                kept.sort()
            for key, (demerits, node, ratio) in kept:
                active.append(
                    _Node(
                        index,
                        node.line + 1,
                        key // 100,
                        total_width[nxt],
                        total_stretch[nxt],
                        total_shrink[nxt],
                        demerits,
                        key % 100,
                        ratio,
                        node,
                    )
                )
        if not active:
            return None
    finals = [node for node in active if node.position == last]
    if not finals:
        return None
    best_final = min(finals, key=lambda node: (node.demerits, node.line))
    assert best_final.previous is not None
    short = _short_tail(items, sums, best_final.previous, last, settings)
    return _lines(items, best_final), best_final.demerits, short


def _demerits(
    items: Sequence[Item], sums: _Sums, node: _Node, index: int, ratio: float, settings: Settings
) -> float:
    """The demerits of the line from `node` to a break at `index` set at `ratio`."""
    cost, flagged = sums.cost[index], sums.flagged[index]
    last = index == len(items) - 1
    demerits = (settings.line_penalty + badness(ratio)) ** 2
    if 0 <= cost < INFINITY:
        demerits += cost**2
    elif -INFINITY < cost < 0:
        demerits -= cost**2
    hyphen_before = node.previous is not None and sums.flagged[node.position]
    if flagged and hyphen_before:
        demerits += settings.double_hyphen_demerits
    if last and hyphen_before:
        demerits += settings.final_hyphen_demerits
    if node.previous is not None and abs(fitness_class(ratio) - node.fitness) > 1:
        demerits += settings.fitness_demerits
    if last and _short_tail(items, sums, node, index, settings):
        demerits += settings.short_last_demerits
    return demerits


def _short_tail(
    items: Sequence[Item], sums: _Sums, node: _Node, index: int, settings: Settings
) -> bool:
    if settings.short_last_width <= 0 or node.previous is None:
        return False
    begin = sums.next_start[node.position]
    for item in items[begin:index]:
        if isinstance(item, Glue) and item.stretch < FILL:
            return False
    return sums.width[index] - sums.width[begin] < settings.short_last_width


def _lines(items: Sequence[Item], final: _Node) -> list[Line]:
    chain: list[_Node] = []
    node: _Node | None = final
    while node is not None and node.previous is not None:
        chain.append(node)
        node = node.previous
    chain.reverse()
    lines: list[Line] = []
    begin = 0
    for node in chain:
        item = items[node.position]
        hyphenated = isinstance(item, Penalty) and item.flagged and item.cost < INFINITY
        lines.append(Line(begin, node.position, node.ratio, hyphenated))
        begin = _after(items, node.position)
    return lines


def _after(items: Sequence[Item], index: int) -> int:
    """The first item of the line after a break at `index`."""
    i = index + 1
    while i < len(items):
        item = items[i]
        if isinstance(item, Box) or (isinstance(item, Penalty) and item.cost <= -INFINITY):
            break
        i += 1
    return i


def finish(items: list[Item]) -> list[Item]:
    """`items` closed as a paragraph: glue that fills the last line, then a forced break."""
    while items and isinstance(items[-1], Glue):
        items.pop()
    items.append(Penalty(0.0, INFINITY))
    items.append(Glue(0.0, FILL, 0.0))
    items.append(Penalty(0.0, -INFINITY))
    return items


def first_fit(items: Sequence[Item], width: float) -> list[int]:
    """The breaks a greedy breaker chooses: each line takes every item that
    fits at natural width, breaking at the last legal break that fits (a word
    wider than the line, and what follows it, goes on a line of its own)."""
    sums = _Sums(items)
    breaks: list[int] = []
    begin = 0
    candidate: int | None = None
    for index, item in enumerate(items):
        if not _is_break(items, index):
            continue
        forced = isinstance(item, Penalty) and item.cost <= -INFINITY
        natural = sums.width[index] - sums.width[begin] + _break_width(item)
        if natural > width and candidate is not None:
            breaks.append(candidate)
            begin = sums.next_start[candidate]
            candidate = None
            natural = sums.width[index] - sums.width[begin] + _break_width(item)
        if forced:
            breaks.append(index)
            begin = sums.next_start[index]
            candidate = None
        elif natural <= width or candidate is None:
            candidate = index
    return breaks


def lines_at(items: Sequence[Item], breaks: Sequence[int]) -> list[Line]:
    """The lines that `breaks` (as `first_fit` gives them) cut `items` into,
    as `compose` describes its own (ratio 0: a first-fit line is not scored)."""
    lines: list[Line] = []
    begin = 0
    for index in breaks:
        item = items[index]
        hyphenated = isinstance(item, Penalty) and item.flagged and item.cost < INFINITY
        lines.append(Line(begin, index, 0.0, hyphenated))
        begin = _after(items, index)
    return lines


def score(
    items: Sequence[Item], breaks: Sequence[int], width: float, settings: Settings | None = None
) -> float:
    """Total demerits of the given breaks, by the rules `compose` minimises
    (with no tolerance: any line that does not overflow counts). Breaks that
    `compose` never chooses (an overfull line, more than `max_hyphen_run`
    hyphenated lines in a row) score infinity."""
    settings = settings or Settings()
    sums = _Sums(items)
    node = _Node(0, 0, 1, 0.0, 0.0, 0.0, 0.0, 0, 0.0, None)
    last = len(items) - 1
    for index in breaks:
        item = items[index]
        ratio = _ratio(sums, node, index, item, width, 0.0)
        if index == last:
            ratio = min(ratio, 0.0) if ratio != float("inf") else 0.0
        flagged = isinstance(item, Penalty) and item.flagged
        run = node.hyphen_run + 1 if flagged else 0
        if ratio < -1 or run > settings.max_hyphen_run:
            return float("inf")
        demerits = _demerits(items, sums, node, index, ratio, settings)
        fitness = fitness_class(ratio)
        nxt = sums.next_start[index]
        node = _Node(
            index,
            node.line + 1,
            fitness,
            sums.width[nxt],
            sums.stretch[nxt],
            sums.shrink[nxt],
            node.demerits + demerits,
            run,
            ratio,
            node,
        )
    return node.demerits

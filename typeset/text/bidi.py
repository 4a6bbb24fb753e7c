"""The Unicode Bidirectional Algorithm on logical text: levels and line order.

Takes a paragraph of logical text (as typed, as stored in the YAML) and its
base direction; gives an embedding level per character (`levels`) and, for
any line cut out of it, the runs of that line in visual order
(`visual_runs`). Line breaking works on the logical text; only a finished
line is reordered (UAX #9, rules L1 and L2), so a break never depends on
where a word happens to land on the page. Draws nothing, knows no font.

The levels come from python-bidi, whose Rust core is the full algorithm of
UAX #9 (isolates and the bracket-pair rule N0, which puts the parentheses of
"(Ura Society)" inside a Persian sentence around the Latin words, where the
older pure-Python module of the same package set them apart). Its Python
interface returns only the reordered string, or with ``debug=True`` the
algorithm's own record, which holds the levels; we read them from there,
checked against the length of the text, and fail loudly if the record ever
changes shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bidi import get_display

Direction = Literal["ltr", "rtl"]

_LEVELS = re.compile(r"levels: \[(.*?)\]", re.S)
_LEVEL = re.compile(r"Level\(\s*(\d+),?\s*\)")
_PARAGRAPH_LEVEL = re.compile(r"ParagraphInfo \{.*?level: Level\(\s*(\d+),?\s*\)", re.S)

#: Characters that rule L1 puts back at the paragraph level at the end of a
#: line: whitespace (class WS), tabs and the isolate controls we never accept.
_TRAILING = frozenset(
    " \t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u205f\u3000"
)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph's logical text with the level of each character."""

    text: str
    base: int  # 0 left to right, 1 right to left
    levels: tuple[int, ...]

    @property
    def direction(self) -> Direction:
        return "rtl" if self.base % 2 else "ltr"


@dataclass(frozen=True)
class Run:
    """A stretch of one line at one level: `start` to `end` in the logical text."""

    start: int
    end: int
    level: int

    @property
    def direction(self) -> Direction:
        return "rtl" if self.level % 2 else "ltr"


def paragraph(text: str, base: Direction | None = None) -> Paragraph:
    """Resolve the levels of `text` (one paragraph, no line breaks in it).

    `base` forces the paragraph direction; None takes it from the first strong
    character (rules P2, P3), left to right when there is none."""
    if "\n" in text or "\r" in text or "\u2029" in text:
        raise ValueError("a paragraph for the bidi algorithm must not contain a line break")
    if not text:
        return Paragraph(text, 1 if base == "rtl" else 0, ())
    record = get_display(text, base_dir={"ltr": "L", "rtl": "R", None: None}[base], debug=True)
    levels_match = _LEVELS.search(str(record))
    base_match = _PARAGRAPH_LEVEL.search(str(record))
    if levels_match is None or base_match is None:
        raise RuntimeError("python-bidi's debug record has changed shape: no levels found")
    per_byte = [int(level) for level in _LEVEL.findall(levels_match.group(1))]
    encoded = text.encode("utf-8")
    if len(per_byte) != len(encoded):
        raise RuntimeError(
            f"python-bidi gave {len(per_byte)} levels for {len(encoded)} bytes of text"
        )
    # The record has one level per UTF-8 byte; a character's is its first byte's.
    levels: list[int] = []
    offset = 0
    for char in text:
        levels.append(per_byte[offset])
        offset += len(char.encode("utf-8"))
    return Paragraph(text, int(base_match.group(1)), tuple(levels))


def line_levels(par: Paragraph, start: int, end: int) -> list[int]:
    """The levels of the line `start:end` after rule L1: whitespace at the end
    of the line goes back to the paragraph level (so a trailing space never
    sits between two right-to-left words at the line's far end)."""
    levels = list(par.levels[start:end])
    index = len(levels)
    while index > 0 and par.text[start + index - 1] in _TRAILING:
        index -= 1
        levels[index] = par.base
    return levels


def visual_runs(par: Paragraph, start: int = 0, end: int | None = None) -> list[Run]:
    """The runs of the line `start:end` of `par`, left to right as drawn.

    Rule L2: from the highest level down to the lowest odd one, reverse every
    sequence of runs at that level or higher. Each run keeps its logical
    range, so a right-to-left run is drawn from its last character to its
    first by whoever shapes it (HarfBuzz does, given the direction)."""
    stop = len(par.text) if end is None else end
    levels = line_levels(par, start, stop)
    runs: list[Run] = []
    for offset, level in enumerate(levels):
        index = start + offset
        if runs and runs[-1].level == level:
            runs[-1] = Run(runs[-1].start, index + 1, level)
        else:
            runs.append(Run(index, index + 1, level))
    if not runs:
        return runs
    highest = max(run.level for run in runs)
    lowest_odd = min((run.level for run in runs if run.level % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        position = 0
        while position < len(runs):
            if runs[position].level >= level:
                finish = position
                while finish < len(runs) and runs[finish].level >= level:
                    finish += 1
                runs[position:finish] = runs[position:finish][::-1]
                position = finish
            else:
                position += 1
    return runs


def visual_order(par: Paragraph, start: int = 0, end: int | None = None) -> list[int]:
    """Logical indices of the line `start:end`, left to right as drawn:
    the character order a reader's eye meets from the left edge."""
    order: list[int] = []
    for run in visual_runs(par, start, end):
        indices = range(run.start, run.end)
        order.extend(reversed(indices) if run.level % 2 else indices)
    return order

"""How justified text is spaced, measured from a finished PDF.

Takes a PDF file and the name (or part of it) of the font family its
justified text is set in; gives `Spacing`: per justified line its word space
in em of the font size, whether it ends in a hyphen, and per paragraph whether
its last line is one short word. Reads only the file, as a viewer places the
characters (pypdfium2: each character's origin and advance box): the figures
describe what a reader sees, whatever made the PDF.

A line is a run of characters in content order on one baseline. A line of
the family counts as justified when it reaches its column's right edge (where
most lines of that column end, within `EDGE`; a line whose last character
hangs into the margin reaches past it) and has a word space; a line of the
family that stops short, right after a justified line, ends a paragraph. The
word space of a line is the mean distance from the
origin of each space to the origin of the character after it.

Right-to-left text (`rtl=True`) is read by where its glyphs are drawn, not
in pdfium's order (which puts a right-to-left line back in reading order,
so its characters run leftwards): a line is the characters on one baseline
sorted left to right, cut where a gap opens that no space glyph fills (the
gutter between columns). Its lines start at the column's right edge, so a
line counts as justified when it reaches the column's left edge; a word
space is the distance from a space's origin to the origin of the glyph drawn
right of it, in em of the line's type size (pdfium reports size 1 for the
space glyphs of a shaped run).
"""

from __future__ import annotations

import ctypes
import statistics
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: How close to the column's right edge a line must end to count as justified (pt).
EDGE = 1.0
#: Word spaces wider than this (em) make a line loose.
LOOSE = 0.5
#: A paragraph's last line of one word narrower than this (em) is a short last word.
SHORT_WORD = 3.0
#: What a line-end hyphen reads as: typed, U+2010, a soft hyphen (and pdfium's
#: marks for a soft hyphen at a line end).
HYPHENS = frozenset("-\u2010\u00ad\ufffe\x02")


@dataclass
class TextLine:
    page: int
    text: str
    font: str
    size: float
    left: float
    right: float
    baseline: float
    #: one per word space: the distance to the next word's origin, in em
    spaces: list[float] = field(default_factory=list)

    @property
    def word_space(self) -> float:
        return sum(self.spaces) / len(self.spaces) if self.spaces else 0.0

    @property
    def hyphenated(self) -> bool:
        return bool(self.text) and self.text[-1] in HYPHENS


@dataclass
class Spacing:
    """The spacing of the justified lines of one PDF."""

    justified: list[TextLine]
    #: last lines of paragraphs that are one word narrower than `SHORT_WORD` em
    short_last: list[TextLine]
    #: runs of three or more hyphenated lines in a row (their lengths)
    hyphen_runs: list[int]
    #: the line that ends each paragraph (a line of the family that stops
    #: short right after a justified one), with the width of its column
    last_lines: list[tuple[TextLine, float]] = field(default_factory=list)
    #: every line of the family, justified or not
    lines: list[TextLine] = field(default_factory=list)

    @property
    def spaces(self) -> list[float]:
        return sorted(line.word_space for line in self.justified)

    @property
    def median(self) -> float:
        return statistics.median(self.spaces) if self.justified else 0.0

    @property
    def p95(self) -> float:
        spaces = self.spaces
        if not spaces:
            return 0.0
        return spaces[min(len(spaces) - 1, round(0.95 * (len(spaces) - 1)))]

    @property
    def loose(self) -> float:
        """The share of justified lines whose word spaces exceed `LOOSE` em."""
        if not self.justified:
            return 0.0
        return sum(line.word_space > LOOSE for line in self.justified) / len(self.justified)

    @property
    def hyphenated(self) -> float:
        """The share of justified lines that end in a hyphen."""
        if not self.justified:
            return 0.0
        return sum(line.hyphenated for line in self.justified) / len(self.justified)


def measure_spacing(path: Path | str, family: str, *, rtl: bool = False) -> Spacing:
    """The spacing of the justified lines set in fonts whose name contains
    `family`; with `rtl`, of right-to-left lines (see the module's text)."""
    import pypdfium2

    read = _rtl_lines if rtl else _lines
    document = pypdfium2.PdfDocument(str(path))
    try:
        lines = [
            line
            for number in range(len(document))
            for line in read(document[number], number + 1)
            if family in line.font
        ]
    finally:
        document.close()
    return _judge(lines, rtl=rtl)


def _judge(lines: Sequence[TextLine], *, rtl: bool = False) -> Spacing:
    # A column is known by the edge its lines start at; its other edge is
    # where most of its lines end.
    def column(line: TextLine) -> tuple[int, int]:
        return line.page, round((line.right if rtl else line.left) / 4)

    ends: dict[tuple[int, int], list[float]] = {}
    for line in lines:
        ends.setdefault(column(line), []).append(round(line.left if rtl else line.right, 1))
    edges = {key: max(set(values), key=values.count) for key, values in ends.items()}
    justified: list[TextLine] = []
    short_last: list[TextLine] = []
    last_lines: list[tuple[TextLine, float]] = []
    runs: list[int] = []
    run = 0
    previous_full: TextLine | None = None
    for line in lines:
        edge = edges[column(line)]
        if rtl:
            full = bool(line.spaces) and line.left <= edge + EDGE
        else:
            full = bool(line.spaces) and line.right >= edge - EDGE
        if full:
            justified.append(line)
            run = run + 1 if line.hyphenated else 0
            if run == 3:
                runs.append(3)
            elif run > 3:
                runs[-1] = run
            previous_full = line
            continue
        if (
            previous_full is not None
            and previous_full.page == line.page
            and abs(_start(previous_full, rtl) - _start(line, rtl)) < 4
            and 0 < previous_full.baseline - line.baseline < 2 * line.size
        ):
            last_lines.append((line, abs(_start(line, rtl) - edge)))
            if not line.spaces and line.right - line.left < SHORT_WORD * line.size:
                short_last.append(line)
        run = 0
        previous_full = None
    return Spacing(justified, short_last, runs, last_lines, list(lines))


def _start(line: TextLine, rtl: bool) -> float:
    """Where a line starts: its right end if it reads right to left."""
    return line.right if rtl else line.left


def _rtl_lines(page: Any, number: int) -> Iterator[TextLine]:
    """Lines of glyphs as drawn (see the module's text), in the order of
    their first character in pdfium's text."""
    rows: dict[float, list[tuple[int, _Char]]] = {}
    for index, char in enumerate(_chars(page)):
        rows.setdefault(round(char.y * 2) / 2, []).append((index, char))
    found: list[tuple[int, TextLine]] = []
    for row in rows.values():
        row.sort(key=lambda pair: pair[1].x)
        current: list[tuple[int, _Char]] = []
        for index, char in row:
            if current:
                before = current[-1][1]
                size = max(before.size, char.size)
                if not before.char.isspace() and char.x > before.right + 0.5 * size:
                    found.append(_visual_line(current, number))
                    current = []
            current.append((index, char))
        if current:
            found.append(_visual_line(current, number))
    found.sort(key=lambda pair: pair[0])
    return (line for _, line in found)


def _visual_line(chars: list[tuple[int, _Char]], number: int) -> tuple[int, TextLine]:
    drawn = [char for _, char in chars]
    while drawn and drawn[0].char.isspace():
        drawn = drawn[1:]
    while drawn and drawn[-1].char.isspace():
        drawn = drawn[:-1]
    glyphs = [c for c in drawn if not c.char.isspace()]
    fonts = [c.font for c in glyphs]
    sizes = [round(c.size, 2) for c in glyphs]
    size = max(set(sizes), key=sizes.count) if sizes else 0.0
    spaces = []
    for at, char in enumerate(drawn):
        if char.char == " " and size:
            after = next((c for c in drawn[at + 1 :] if not c.char.isspace()), None)
            if after is not None and at > 0 and not drawn[at - 1].char.isspace():
                spaces.append((after.x - char.x) / size)
    line = TextLine(
        number,
        "".join(c.char for c in drawn),
        max(set(fonts), key=fonts.count) if fonts else "",
        size,
        min((c.x for c in drawn), default=0.0),
        max((c.right for c in drawn), default=0.0),
        drawn[0].y if drawn else 0.0,
        spaces,
    )
    return min(index for index, _ in chars), line


@dataclass
class _Char:
    char: str
    x: float
    y: float
    right: float
    size: float
    font: str


def _lines(page: Any, number: int) -> Iterator[TextLine]:
    current: list[_Char] = []
    for char in _chars(page):
        if current and (
            abs(char.y - current[-1].y) > 0.5
            or char.x < current[-1].x - 0.5
            or char.x > current[-1].right + 3 * char.size
        ):
            yield _line(current, number)
            current = []
        current.append(char)
    if current:
        yield _line(current, number)


def _line(chars: list[_Char], number: int) -> TextLine:
    while chars and chars[-1].char.isspace():
        chars = chars[:-1]
    text = "".join(c.char for c in chars)
    fonts = [c.font for c in chars if not c.char.isspace()]
    font = max(set(fonts), key=fonts.count) if fonts else ""
    spaces = [
        (after.x - space.x) / space.size
        for space, after in zip(chars, chars[1:], strict=False)
        if space.char == " " and not after.char.isspace() and space.size
    ]
    return TextLine(
        number,
        text,
        font,
        max((c.size for c in chars), default=0.0),
        chars[0].x if chars else 0.0,
        max((c.right for c in chars), default=0.0),
        chars[0].y if chars else 0.0,
        spaces,
    )


def _chars(page: Any) -> Iterator[_Char]:
    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    handle = textpage.raw
    x, y = ctypes.c_double(), ctypes.c_double()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    rect = raw.FS_RECTF()
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    try:
        for index in range(raw.FPDFText_CountChars(handle)):
            if raw.FPDFText_IsGenerated(handle, index):
                continue
            code = raw.FPDFText_GetUnicode(handle, index)
            if code in (10, 13):
                continue
            raw.FPDFText_GetCharOrigin(handle, index, ctypes.byref(x), ctypes.byref(y))
            raw.FPDFText_GetLooseCharBox(handle, index, ctypes.byref(rect))
            raw.FPDFText_GetCharBox(
                handle,
                index,
                ctypes.byref(left),
                ctypes.byref(right),
                ctypes.byref(bottom),
                ctypes.byref(top),
            )
            raw.FPDFText_GetFontInfo(handle, index, name, len(name), ctypes.byref(flags))
            yield _Char(
                chr(code),
                x.value,
                y.value,
                max(rect.right, right.value),
                raw.FPDFText_GetFontSize(handle, index),
                name.value.decode("latin-1"),
            )
    finally:
        textpage.close()

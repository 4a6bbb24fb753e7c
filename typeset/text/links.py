"""Breaking a link line ("Read online: example.org/2024/03/story") over lines.

Takes the line's text and a way to measure it; gives its lines. The words
before the address break at their spaces (the space is dropped); the address
breaks only after a `/`, `.` or `-`, never inside a word and with no hyphen
added, so that each line ends where a reader would expect a URL to continue and
the lines joined give the address back. A piece between two such places that is
wider than a whole line is cut where it must be, after the last character that
fits, and named in `forced` so that the layout report can say so; `as_drawn`
keeps a line's end with its address on a right-to-left page. Knows nothing of
fonts, pages or ReportLab: the caller's `width` measures.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .scripts import FIRST_STRONG_ISOLATE, POP_ISOLATE, needs_shaping

#: The places an address may break: after a run of these characters.
_PIECE = re.compile(r"[^/.\-]+[/.\-]*|[/.\-]+")


@dataclass(frozen=True)
class BrokenLink:
    lines: tuple[str, ...]
    #: the pieces wider than a line, cut inside (a word of the address)
    forced: tuple[str, ...] = ()


def pieces(address: str) -> list[str]:
    """`address` cut after each run of `/`, `.` and `-`: the units a line holds whole."""
    return _PIECE.findall(address)


def break_link(text: str, width: Callable[[str], float], line_width: float) -> BrokenLink:
    """`text` (words, a space, then an address with no spaces in it) in lines no
    wider than `line_width` as `width` measures them."""
    head, _, address = text.rpartition(" ")
    units = [f"{word} " for word in head.split(" ") if word] + pieces(address)
    lines: list[str] = []
    forced: list[str] = []
    line = ""
    for unit in units:
        if width((line + unit).rstrip()) <= line_width:
            line += unit
            continue
        if width(unit.rstrip()) <= line_width:
            lines.append(line.rstrip())
            line = unit
            continue
        # Wider than a whole line: it starts where the line is and is cut
        # after the last character that fits, as often as it must.
        forced.append(unit.rstrip())
        for character in unit:
            if line and width((line + character).rstrip()) > line_width:
                lines.append(line.rstrip())
                line = ""
            line += character
    if line.strip():
        lines.append(line.rstrip())
    return BrokenLink(tuple(line for line in lines if line), tuple(forced))


def as_drawn(line: str) -> str:
    """A line of a broken link ready to draw. In a line that also holds
    right-to-left words (a Persian "Read online:"), the address's part is
    isolated: otherwise the `/`, `.` or `-` that ends the line, a neutral
    character at the end of a right-to-left paragraph, is drawn at the line's
    far left, before the address ("-ura-society.example.org/…/international"
    instead of "…/international-"). The isolates are drawn as nothing."""
    head, space, address = line.rpartition(" ")
    if not head or not needs_shaping(head) or needs_shaping(address):
        return line
    return f"{head}{space}{FIRST_STRONG_ISOLATE}{address}{POP_ISOLATE}"

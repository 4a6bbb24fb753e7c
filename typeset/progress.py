"""Progress on a terminal: one line, rewritten in place, for runs over many files.

Takes a stream (standard error) and whether to speak at all; gives `Progress`,
whose `update(done, total, label)` writes `[12/52] 2024-03.pdf` over the line it
wrote before (a carriage return, the text, spaces over what is left of the
longer line before it) and whose `clear()` blanks that line and returns to its
start, so that a diagnostic printed next begins on a clean line. It writes only
when the stream is a terminal: in a log file or a pipe a rewritten line is
noise, and `--json` output stays the JSON alone. Used by the CLI alone; the
stages report progress through a callback and never write to a terminal.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO


class Progress:
    def __init__(self, stream: TextIO | None = None, *, enabled: bool = True) -> None:
        self.stream = sys.stderr if stream is None else stream
        self.enabled = enabled and _is_terminal(self.stream)
        self._shown = 0  # characters on the line now

    def update(self, done: int, total: int, label: str) -> None:
        """Show `[done/total] label` in place of the line shown before."""
        if not self.enabled:
            return
        # A line longer than the terminal would wrap, and a carriage return
        # then rewrites only its last row: the text is cut to fit.
        room = max(shutil.get_terminal_size().columns - 1, 20)
        text = f"[{done}/{total}] {label}"[:room]
        self.stream.write("\r" + text.ljust(self._shown))
        self.stream.flush()
        self._shown = len(text)

    def clear(self) -> None:
        """Blank the line (if one is shown) and go back to its start."""
        if not self.enabled or not self._shown:
            return
        self.stream.write("\r" + " " * self._shown + "\r")
        self.stream.flush()
        self._shown = 0

    @contextmanager
    def step(self, done: int, total: int, label: str) -> Iterator[None]:
        """`label` shown while the work inside runs, cleared before anything
        the work's caller prints after it."""
        self.update(done, total, label)
        try:
            yield
        finally:
            self.clear()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a replaced or closed stream
        return False

"""Diagnostics: where a problem is, what it is, and how to fix it.

Takes nothing from the rest of the package. Gives `Location`, `Diagnostic`, the
exception tree and the one message format every stage uses:

    issues/2024-03.yaml:14:5: error: items[3].summary: expected text, found a number
      hint: put the value in quotes
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum


@dataclass(frozen=True)
class Location:
    """A place in an input file; line and column count from 1 (0 means unknown)."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.col}"
        return self.path


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    """One message about the input, with the fixes we can suggest."""

    severity: Severity
    location: Location
    message: str
    hints: tuple[str, ...] = field(default=())

    def format(self) -> str:
        lines = [f"{self.location}: {self.severity.value}: {self.message}"]
        lines.extend(f"  hint: {hint}" for hint in self.hints)
        return "\n".join(lines)

    def as_dict(self) -> dict[str, object]:
        """The diagnostic for `--json`: the same fields the text line shows."""
        return {
            "severity": self.severity.value,
            "path": self.location.path,
            "line": self.location.line,
            "col": self.location.col,
            "message": self.message,
            "hints": list(self.hints),
        }


def error(location: Location, message: str, *hints: str) -> Diagnostic:
    return Diagnostic(Severity.ERROR, location, message, tuple(hints))


def warning(location: Location, message: str, *hints: str) -> Diagnostic:
    return Diagnostic(Severity.WARNING, location, message, tuple(hints))


class TypesetError(Exception):
    """Root of every error `typeset` raises on purpose; carries its diagnostics."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics: Sequence[Diagnostic] = tuple(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


class InputError(TypesetError):
    """The input files are wrong."""


class LayoutError(TypesetError):
    """The content is valid but cannot be laid out with this brand."""

"""The volume's plan: what every compile stage reads and none of them owns.

Holds the types that describe a volume while it is made (`Options`, the
issues as `Placed` with their `Article`s) and once it is made (`Volume`).
A leaf of the compile package: it imports the types it names (`Candidate`,
`Opened`, `Bookmark`) and nothing that merges, so that `volume`, `archive`,
`press` and `related` can all import it without a circle. Must not do work:
no I/O, no PDF library calls.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Diagnostic
from .collect import Candidate, Origin
from .inputs import Opened
from .navigation import Bookmark

#: Why a placed issue is missing when no file has its number (`--allow-missing`):
#: its placeholder says so with the label `missing_gap`.
GAP = Origin.GAP.value


@dataclass(frozen=True)
class Article:
    """An item of an issue, as placed in the volume."""

    headline: str
    #: page in its issue, from 1
    page_in_issue: int
    #: page in the volume, from 1
    page: int


@dataclass
class Placed:
    """An issue as placed in the volume."""

    candidate: Candidate
    opened: Opened
    #: the issue's first page in the volume, from 1
    first: int = 0
    articles: list[Article] = field(default_factory=list)
    bookmarks: list[Bookmark] = field(default_factory=list)
    #: why the issue is missing (`--allow-missing`), "" when it is bound: "gap"
    #: (no file has its number) or why its file was refused (`inputs.REASONS`);
    #: one placeholder page stands in for it
    missing: str = ""

    @property
    def pages(self) -> int:
        return self.opened.pages

    @property
    def label(self) -> str:
        return f"No.{self.candidate.number}"

    @property
    def gap(self) -> bool:
        """A number with no file at all: its date, title and source are unknown."""
        return self.candidate.kind is Origin.GAP


@dataclass
class Volume:
    """What was made, for the command line and the catalog."""

    year: int
    path: Path
    pages: int
    front_pages: int
    index_pages: int
    issues: list[Placed]
    warnings: list[Diagnostic]
    input_bytes: int
    size: int
    #: marked PDF/A-2b, which page-validation confirmed
    pdfa: bool = False
    #: seconds page-validation took to judge the volume (None: not asked)
    validated_in: float | None = None
    #: marked PDF/X-4, which this checker (the brand's print.pdfx_checker) confirmed
    pdfx: str = ""


@dataclass(frozen=True)
class Options:
    passwords: tuple[str, ...] = ()
    strict: bool = False
    #: "" (no), "strict" or "best-effort"
    archive: str = ""
    created: dt.datetime | None = None
    #: "screen": the front matter in RGB; "print": in the brand's colour space
    edition: str = "screen"
    #: a refused input becomes a placeholder page with a warning, not an error
    allow_missing: bool = False

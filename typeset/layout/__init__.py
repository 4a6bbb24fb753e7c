"""Layout: from an issue and a brand to composed pages.

`story` builds the blocks of an issue and composes them (`compose`) into pages;
`budget` says what does not fit the page budget; `report` is the layout report.
The names other stages use are these.
"""

from __future__ import annotations

from ..furniture import written_date
from .report import Finding, LayoutReport
from .story import IssueRef, Layout, lay_out, page_sheet

__all__ = [
    "Finding",
    "IssueRef",
    "Layout",
    "LayoutReport",
    "lay_out",
    "page_sheet",
    "written_date",
]

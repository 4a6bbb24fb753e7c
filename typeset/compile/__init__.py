"""`typeset compile`: every issue of a year bound into one PDF volume.

Takes the folders of YAML issues and of foreign back-issue PDFs (each with a
sidecar), and the years wanted; gives one volume per year, with front matter,
outline, page labels, links, metadata and, on request, PDF/A-2b conformance
and a catalog. The stages, each in its own module:

    collect   -> the year's issues, our stale PDFs built first (sidecar: foreign ones)
    inputs    -> every PDF opened: passwords, repairs, page counts checked twice
    plan      -> the types every stage reads: Options, Placed issues, the Volume made
    volume    -> placing and merging (frontmatter, navigation, related, metadata)
    archive   -> PDF/A-2b
    catalog   -> the finding aid, JSON or CSV

Never configures logging and never exits the process.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .collect import EDITIONS, Candidate, Collection, collect
    from .plan import Options, Volume
    from .volume import compile_year

# Imported when first used: `typeset.cli` wires in `command` without loading
# the stages (ReportLab, pypdf, pdfium) for the other subcommands.
_HOME = {
    "EDITIONS": "collect",
    "Candidate": "collect",
    "Collection": "collect",
    "collect": "collect",
    "Options": "plan",
    "Volume": "plan",
    "compile_year": "volume",
}


def __getattr__(name: str) -> object:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_HOME[name]}", __name__), name)


__all__ = ["EDITIONS", "Candidate", "Collection", "Options", "Volume", "collect", "compile_year"]

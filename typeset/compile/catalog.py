"""The finding aid: one row per item of every volume, as JSON or CSV.

Takes the compiled volumes; gives rows of year, issue number, date, issue
title, headline, first page in the volume, page in the issue, page label and
the volume's file name, written atomically as JSON (an array of objects) or
CSV (a header row, then UTF-8 rows) according to the file's extension.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path

from ..output import atomic_path
from .plan import Volume

FIELDS = (
    "year",
    "issue",
    "date",
    "issue_title",
    "headline",
    "volume_page",
    "issue_page",
    "page_label",
    "volume",
)
FORMATS = (".json", ".csv")


def rows(volumes: Sequence[Volume]) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []
    for volume in volumes:
        for placed in volume.issues:
            c = placed.candidate
            for article in placed.articles:
                found.append(
                    {
                        "year": volume.year,
                        "issue": c.number,
                        "date": c.date.isoformat(),
                        "issue_title": c.title or "",
                        "headline": article.headline,
                        "volume_page": article.page,
                        "issue_page": article.page_in_issue,
                        "page_label": f"{c.number}-{article.page_in_issue}",
                        "volume": volume.path.name,
                    }
                )
    return found


def write_catalog(path: Path, volumes: Sequence[Volume]) -> int:
    """Write the catalog; the number of rows. The format follows the extension."""
    table = rows(volumes)
    suffix = path.suffix.lower()
    if suffix == ".json":
        text = json.dumps(table, ensure_ascii=False, indent=2) + "\n"
    elif suffix == ".csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)
        text = out.getvalue()
    else:
        raise ValueError(f"expected a .json or .csv file, found {path.name!r}")
    with atomic_path(path) as temporary:
        temporary.write_text(text, encoding="utf-8")
    return len(table)

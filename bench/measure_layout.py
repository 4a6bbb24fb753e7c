"""How composed the pages of built issues are, read from the PDFs alone.

For every page of every screen-edition PDF named, finds where each column's
content ends (the lowest character, image or tinted box whose extent lies
inside one column, read with pdfium) and prints:

- the last page's imbalance: the height difference between the column that
  ends highest and the one that ends lowest, in mm and in body lines;
- the blank space at the foot of the inner columns (every page but the last):
  how many columns stop more than one body line above the column foot, and
  their blank space in mm.

The columns come from the brand (brand.yaml beside the first PDF's issue, or
--brand). Nothing from typeset's layout report is used: this is the
independent check.

    python bench/measure_layout.py build/*.pdf [--brand issues/brand.yaml]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from typeset.brand import load_brand
from typeset.geometry import Rect, grid, sheet

MM = 72 / 25.4
ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Column:
    page: int
    index: int
    #: where the content of this column ends (lowest bottom), None if empty
    bottom: float | None
    #: the column frame's foot and head
    foot: float
    top: float


def _column_rects(brand_path: Path) -> tuple[tuple[Rect, ...], tuple[Rect, ...]]:
    brand = load_brand(brand_path)
    space = brand.spacing
    masthead = space["masthead_height"] + space["masthead_line"] + space["masthead_after"]
    m = brand.margins
    page_grid = grid(
        page=sheet(brand.page_size),
        margins=(m.top, m.right, m.bottom, m.left),
        columns=brand.columns,
        gutter=brand.gutter,
        masthead_height=masthead,
        footer_height=space["footer_height"],
    )
    return page_grid.first_columns, page_grid.columns


def _extents(page: pdfium.PdfPage) -> list[tuple[float, float, float, float]]:
    """(left, bottom, right, top) of every character, image and filled box."""
    found: list[tuple[float, float, float, float]] = []
    text = page.get_textpage()
    for index in range(text.count_chars()):
        if not text.get_text_range(index, 1).strip():
            continue
        found.append(text.get_charbox(index))
    text.close()
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_PATH)):
        left, bottom, right, top = obj.get_bounds()
        if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH and top - bottom < 3:
            continue  # rules and hairlines are not content
        found.append((left, bottom, right, top))
    return found


def _spanning(page: pdfium.PdfPage, width: float) -> list[tuple[float, float]]:
    """The heights (bottom, top) taken by tinted boxes and images wider than a
    column: what is inside them is not column text (the end matter's lines are
    short enough to sit over one column)."""
    areas = []
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_PATH)):
        left, bottom, right, top = obj.get_bounds()
        if right - left > width * 1.2 and top - bottom >= 3:
            areas.append((bottom, top))
    return areas


def columns_of(path: Path, brand_path: Path) -> list[list[Column]]:
    first, later = _column_rects(brand_path)
    pdf = pdfium.PdfDocument(str(path))
    pages: list[list[Column]] = []
    try:
        for number, page in enumerate(pdf, start=1):
            rects = first if number == 1 else later
            spans = _spanning(page, rects[0].width)
            extents = [
                e
                for e in _extents(page)
                if not any(bottom - 1 <= e[1] and e[3] <= top + 1 for bottom, top in spans)
            ]
            columns = []
            for index, rect in enumerate(rects):
                inside = [
                    bottom
                    for left, bottom, right, top in extents
                    if left >= rect.x - 1
                    and right <= rect.right + 1
                    and bottom >= rect.y - 2
                    and top <= rect.top + 2
                ]
                columns.append(
                    Column(number, index + 1, min(inside) if inside else None, rect.y, rect.top)
                )
            pages.append(columns)
            page.close()
    finally:
        pdf.close()
    return pages


def summary(path: Path, brand_path: Path, line: float) -> str:
    pages = columns_of(path, brand_path)
    # An empty column ends where it starts: at its top.
    ends = [c.bottom if c.bottom is not None else c.top for c in pages[-1]]
    spread = max(ends) - min(ends)
    empty = sum(c.bottom is None for c in pages[-1])
    imbalance = f"{spread / MM:5.1f} mm ({spread / line:4.1f} lines)" + (
        f", {empty} empty" if empty else ""
    )
    short = [
        (c, (c.bottom - c.foot) if c.bottom is not None else None)
        for page in pages[:-1]
        for c in page
        if c.bottom is None or c.bottom - c.foot > line
    ]
    blank = sum(gap for _, gap in short if gap is not None)
    where = ", ".join(
        f"p{c.page}c{c.index} {gap / MM:.0f}mm" if gap is not None else f"p{c.page}c{c.index} empty"
        for c, gap in short
    )
    return (
        f"{path.name}: {len(pages)} pages; last page imbalance {imbalance}; "
        f"inner columns short by more than a line: {len(short)} ({blank / MM:.0f} mm)"
        + (f" [{where}]" if where else "")
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pdfs", nargs="+", type=Path)
    parser.add_argument("--brand", type=Path, default=ROOT / "issues" / "brand.yaml")
    args = parser.parse_args()
    line = load_brand(args.brand).styles["body"].leading
    for path in args.pdfs:
        print(summary(path, args.brand, line))
    return 0


if __name__ == "__main__":
    sys.exit(main())

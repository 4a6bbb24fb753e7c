"""'Related issues' made into links inside the volume.

Our issues print, in their closing box, the label of each related issue
(the brand's number label, "No.110 · Title · date") as plain text. Takes the placed issues and the
writer; finds each label on the issue's last page with pdfium and lays an
invisible link over it to the first page of that issue, when the issue is in
the same volume. Must not change what is printed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pypdf
import pypdfium2 as pdfium

from ..brand import Brand
from ..errors import Diagnostic
from . import navigation

if TYPE_CHECKING:
    from .volume import Placed


def _find(
    data: bytes, page_index: int, texts: Sequence[str]
) -> dict[str, list[tuple[float, float, float, float]]]:
    """Where each of `texts` is printed on one page, as whole words."""
    document = pdfium.PdfDocument(data)
    try:
        page = document[page_index]
        textpage = page.get_textpage()
        found: dict[str, list[tuple[float, float, float, float]]] = {}
        for text in texts:
            spots = found.setdefault(text, [])
            searcher = textpage.search(text, match_case=True, match_whole_word=True)
            while (hit := searcher.get_next()) is not None:
                start, count = hit
                boxes = [textpage.get_charbox(i) for i in range(start, start + count)]
                spots.append(
                    (
                        min(b[0] for b in boxes),
                        min(b[1] for b in boxes),
                        max(b[2] for b in boxes),
                        max(b[3] for b in boxes),
                    )
                )
            searcher.close()
        textpage.close()
        page.close()
        return found
    finally:
        document.close()


def link_related(
    writer: pypdf.PdfWriter, issues: Sequence[Placed], brand: Brand
) -> list[Diagnostic]:
    first_page = {p.candidate.number: p.first for p in issues}
    for item in issues:
        wanted = [n for n in item.candidate.related if n in first_page]
        if item.candidate.kind != "ours" or not wanted:
            continue
        last = item.pages - 1
        labels = {n: brand.label("number", number=n) for n in wanted}
        found = _find(item.candidate.pdf.read_bytes(), last, list(dict.fromkeys(labels.values())))
        for number, label in labels.items():
            for rect in found[label]:
                pad = 1.5
                box = (rect[0] - pad, rect[1] - pad, rect[2] + pad, rect[3] + pad)
                navigation.add_link(writer, item.first - 1 + last, box, first_page[number] - 1)
    return []

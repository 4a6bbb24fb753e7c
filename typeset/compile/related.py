"""'Related issues' made into links inside the volume.

Our issues print, in their closing box, the label of each related issue
(the brand's number label, "No.110 · Title · date") as plain text. Names the
labels to look for on each issue's last page (`labels`: pdfium finds them
while the issue is opened, `inputs`); then, given the placed issues and the
writer, lays an invisible link over each label found to the first page of
that issue, when the issue is in the same volume. Must not change what is
printed.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import pypdf

from ..brand import Brand
from ..errors import Diagnostic
from . import navigation
from .collect import Candidate
from .plan import Placed

#: How far a link reaches beyond the printed label, in points.
PAD = 1.5


def labels(candidate: Candidate, numbers: Collection[int], brand: Brand) -> dict[int, str]:
    """The label printed for each issue that `candidate` names as related and
    that is among `numbers` (the issues of the volume)."""
    if not candidate.ours:
        return {}
    return {n: brand.label("number", number=n) for n in candidate.related if n in numbers}


def link_related(
    writer: pypdf.PdfWriter, issues: Sequence[Placed], brand: Brand
) -> list[Diagnostic]:
    first_page = {p.candidate.number: p.first for p in issues}
    for item in issues:
        seen = item.opened.seen
        wanted = labels(item.candidate, first_page, brand)
        if not wanted or seen is None or not 0 < seen.pages <= item.pages:
            continue
        last = seen.pages - 1
        for number, label in wanted.items():
            for rect in seen.spots.get(label, []):
                box = (rect[0] - PAD, rect[1] - PAD, rect[2] + PAD, rect[3] + PAD)
                navigation.add_link(writer, item.first - 1 + last, box, first_page[number] - 1)
    return []

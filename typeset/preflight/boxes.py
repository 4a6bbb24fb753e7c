"""Whether every page says where it is cut and how far its artwork bleeds (print).

Takes a `Document`; gives problems. Reads the TrimBox and BleedBox keys of each page
itself: libraries hand back the CropBox or MediaBox when one is missing, which would
hide exactly what this check looks for. Neither box is inheritable in PDF, so one
found only on a /Pages ancestor is reported as missing, with that said. Checks that
BleedBox ⊇ TrimBox with at least the minimum bleed on every side, MediaBox ⊇
BleedBox, and that every page has the trim size of the first.
"""

from __future__ import annotations

from collections.abc import Iterator

from .content import Rect
from .document import Document, contains, mm, size
from .findings import Problem, collapse

_SIDES = ("left", "bottom", "right", "top")
_TOLERANCE = 0.05  # points: rounding in the writing program


_WHY = {
    "TrimBox": "a printer needs it to know where to cut",
    "BleedBox": "a printer needs it to know how far colour runs past the cut",
}


def _missing(doc: Document, number: int, key: str) -> Problem:
    _, on_parent = doc.inherited(doc.page_dict(number), key)
    box = key[1:]
    if on_parent:
        return Problem(
            "boxes.missing",
            f"no {box} on the page; the one on its /Pages parent does not count, since "
            f"PDF does not inherit {box}",
            number,
            (f"set a {box} on every page",),
        )
    return Problem(
        "boxes.missing",
        f"no {box}",
        number,
        (f"set a {box} on every page: {_WHY[box]}",),
    )


def _bleed_problems(doc: Document, number: int, trim: Rect, bleed: Rect) -> Iterator[Problem]:
    minimum = doc.settings.min_bleed
    if not contains(bleed, trim):
        yield Problem(
            "boxes.trim-outside-bleed",
            f"the BleedBox ({size(bleed)}) does not contain the TrimBox ({size(trim)})",
            number,
            ("the BleedBox is the TrimBox grown by the bleed on every side",),
        )
        return
    margins = (trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3])
    short = [(side, m) for side, m in zip(_SIDES, margins, strict=True) if m < minimum - _TOLERANCE]
    if short:
        said = ", ".join(f"{mm(m)} at the {side}" for side, m in short)
        yield Problem(
            "boxes.bleed-too-small",
            f"the bleed is {said}; at least {mm(minimum)} is needed on every side",
            number,
            (f"extend backgrounds and pictures that touch the edge {mm(minimum)} past the trim",),
        )


def check_boxes(doc: Document) -> Iterator[Problem]:
    problems: list[Problem] = []
    first_trim: tuple[int, Rect] | None = None
    for number in range(1, len(doc.pages) + 1):
        media = doc.media_box(number)
        trim = doc.own_box(number, "/TrimBox")
        bleed = doc.own_box(number, "/BleedBox")
        if media is None:
            problems.append(Problem("boxes.missing", "no valid MediaBox", number))
        if trim is None:
            problems.append(_missing(doc, number, "/TrimBox"))
        if bleed is None:
            problems.append(_missing(doc, number, "/BleedBox"))
        if trim is not None and bleed is not None:
            problems.extend(_bleed_problems(doc, number, trim, bleed))
        if media is not None and bleed is not None and not contains(media, bleed):
            problems.append(
                Problem(
                    "boxes.bleed-outside-media",
                    f"the BleedBox ({size(bleed)}) reaches outside the MediaBox ({size(media)})",
                    number,
                    ("make the MediaBox at least as large as the BleedBox",),
                )
            )
        if trim is not None:
            if first_trim is None:
                first_trim = (number, trim)
            elif _differs(first_trim[1], trim):
                problems.append(
                    Problem(
                        "boxes.mixed-trim",
                        f"the trim size is {size(trim)}, but page {first_trim[0]}'s is "
                        f"{size(first_trim[1])}",
                        number,
                        ("every page of a printed issue is cut to the same size",),
                    )
                )
    yield from collapse(problems, len(doc.pages))


def _differs(a: Rect, b: Rect) -> bool:
    return abs((a[2] - a[0]) - (b[2] - b[0])) > 0.5 or abs((a[3] - a[1]) - (b[3] - b[1])) > 0.5

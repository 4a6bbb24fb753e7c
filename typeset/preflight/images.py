"""Whether every image has enough pixels for the size it is placed at.

Takes a `Document`; gives problems. The effective resolution of an image is its
pixels over its placed size in inches (the lower of width and height), from the
transformation in force where the page draws it, inside forms too. An image is
reported once per page and size. Images of 4 pixels or fewer across are fills and
rules, not pictures, and are left alone. An image is named by the file it was
made from when its own XMP says so (as `typeset build` writes it), else by its
name in the PDF.
"""

from __future__ import annotations

from collections.abc import Iterator

from .content import ImageUse
from .document import Document, each_page, mm
from .findings import Problem

_SMALLEST = 4  # pixels: anything this narrow is a fill or a rule, not a picture


def _describe(image: ImageUse) -> str:
    placed = f"{mm(image.placed_width)[:-3]} x {mm(image.placed_height)}"
    return f"{image.describe()} is placed at {placed}: {image.ppi:.0f} ppi"


def check_images(doc: Document) -> Iterator[Problem]:
    yield from each_page(doc, "images", lambda number: _page(doc, number))


def _page(doc: Document, number: int) -> Iterator[Problem]:
    low, good = doc.settings.min_ppi, doc.settings.good_ppi
    medium = "print" if doc.settings.profile == "print" else "the screen"
    seen: set[tuple[str, int, int, int]] = set()
    for image in doc.scan(number).images:
        if min(image.width, image.height) <= _SMALLEST:
            continue
        ppi = image.ppi
        key = (image.name, image.width, image.height, round(ppi))
        if round(ppi) >= good or key in seen:
            continue
        seen.add(key)
        needed = good * image.placed_width / 72, good * image.placed_height / 72
        hint = (
            f"use an image of at least {needed[0]:.0f} x {needed[1]:.0f} px, "
            "or place this one smaller"
        )
        if low is not None and round(ppi) < low:
            message = f"{_describe(image)}, below the {low:.0f} ppi {medium} needs"
            yield Problem("images.resolution", message, number, (hint,))
        else:
            message = f"{_describe(image)}; {good:.0f} ppi is recommended for {medium}"
            yield Problem("images.resolution-low", message, number, (hint,))

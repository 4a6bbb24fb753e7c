"""What a reader of the PDF would check: text, where it is, which fonts."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pypdfium2 as pdfium

_SPACE = re.compile(r"\s+")
_BREAKS = re.compile(r"[\s\-\u00ad\u2010]+")


def squash(text: str, *, hyphens: bool = True) -> str:
    """Text with whitespace (and hyphens, unless `hyphens` is false) removed:
    line breaks and hyphenation vanish."""
    return _BREAKS.sub("", text) if hyphens else "".join(text.split())


_FOOTER = re.compile(r"^.*?·No\.\d+·.*?Page\d+")


def story_text(path: Path, *, hyphens: bool = True) -> str:
    """The squashed text of all pages (see `squash`), without each page's
    running footer: drawn first on every page, it would interrupt a story
    that continues from the page before."""
    return "".join(
        _FOOTER.sub("", squash(text, hyphens=hyphens), count=1) for text in page_texts(path)
    )


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


def fonts_by_page(path: Path) -> list[dict[str, dict[str, object]]]:
    """For every page, BaseFont -> facts about it, including fonts inside forms."""
    result = []
    for page in pypdf.PdfReader(path).pages:
        found: dict[str, dict[str, object]] = {}

        def walk(resources: object, found: dict[str, dict[str, object]] = found) -> None:
            resources = resources.get_object()  # type: ignore[attr-defined]
            for font in (resources.get("/Font") or {}).values():
                font = font.get_object()
                descriptor = font.get("/FontDescriptor")
                if descriptor is None and "/DescendantFonts" in font:
                    descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
                descriptor = descriptor.get_object() if descriptor is not None else {}
                found[str(font["/BaseFont"])] = {
                    "embedded": any(
                        k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
                    ),
                    "subtype": str(font["/Subtype"]),
                }
            for xobject in (resources.get("/XObject") or {}).values():
                xobject = xobject.get_object()
                if "/Resources" in xobject:
                    walk(xobject["/Resources"])

        walk(page["/Resources"])
        result.append(found)
    return result


@dataclass(frozen=True)
class Box:
    char: str
    left: float
    bottom: float
    right: float
    top: float


def char_boxes(path: Path) -> list[list[Box]]:
    """Every visible character's box on every page, in PDF points."""
    pdf = pdfium.PdfDocument(str(path))
    pages = []
    try:
        for page in pdf:
            text = page.get_textpage()
            boxes = []
            for index in range(text.count_chars()):
                char = text.get_text_range(index, 1)
                if not char.strip():
                    continue
                left, bottom, right, top = text.get_charbox(index)
                boxes.append(Box(char, left, bottom, right, top))
            pages.append(boxes)
            text.close()
            page.close()
    finally:
        pdf.close()
    return pages


def overlaps(boxes: list[Box], *, share: float = 0.3) -> list[tuple[Box, Box]]:
    """Pairs of characters whose boxes overlap by more than `share` of the smaller one."""
    cells: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, box in enumerate(boxes):
        for cx in range(int(box.left // 10), int(box.right // 10) + 1):
            for cy in range(int(box.bottom // 10), int(box.top // 10) + 1):
                cells[(cx, cy)].append(i)
    seen: set[tuple[int, int]] = set()
    found = []
    for members in cells.values():
        for a_pos, a in enumerate(members):
            for b in members[a_pos + 1 :]:
                if (a, b) in seen:
                    continue
                seen.add((a, b))
                p, q = boxes[a], boxes[b]
                width = min(p.right, q.right) - max(p.left, q.left)
                height = min(p.top, q.top) - max(p.bottom, q.bottom)
                if width <= 0 or height <= 0:
                    continue
                smaller = min(
                    (p.right - p.left) * (p.top - p.bottom), (q.right - q.left) * (q.top - q.bottom)
                )
                if smaller > 0 and width * height > share * smaller:
                    found.append((p, q))
    return found

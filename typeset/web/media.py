"""Pictures for the web post: the cover thumbnail and the items' images.

Takes the screen edition's PDF and the items' image files; gives PNG thumbnails
of page 1 (rendered by pdfium, as a viewer would show it) and copies of the
images under names made from their content, so that two files never collide
and an unchanged image keeps its name.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

#: The thumbnail's width in pixels: shown at 160 CSS pixels, sharp on a 2x screen.
THUMBNAIL_WIDTH = 320


@dataclass(frozen=True)
class Picture:
    #: relative to the pages
    href: str
    width: int
    height: int


def cover_png(pdf: Path, *, width: int = THUMBNAIL_WIDTH) -> tuple[bytes, int, int]:
    """Page 1 of `pdf` as a PNG `width` pixels wide, with its pixel size."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        page = document[0]
        scale = width / page.get_width()
        bitmap = page.render(scale=scale)
        # 256 colours without dithering: the sample No.111's cover is 31 KB instead
        # of 77 KB in full colour, and the masthead keeps its exact brand colour.
        image = bitmap.to_pil().convert("RGB").quantize(256, dither=Image.Dither.NONE)
        page.close()
    finally:
        document.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue(), image.width, image.height


def image_name(path: Path) -> str:
    """Where an item's image goes: `images/<name>-<hash of its bytes><suffix>`."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
    return f"images/{path.stem}-{digest}{path.suffix.lower()}"

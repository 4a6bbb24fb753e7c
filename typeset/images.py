"""Images from issue files: checked before layout, resampled for print.

Takes an image path; gives `ImageInfo` (pixel size and format) after making
sure the file is a PNG or JPEG that decodes completely and stays within the
pixel limit, and, for layout, an image no sharper than print needs. Raises a
plain `ValueError` saying what is wrong; the caller adds the field's location.
Knows nothing of newsletters or ReportLab's page model.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageFile, JpegImagePlugin, PngImagePlugin

from .limits import MAX_IMAGE_PIXELS, PRINT_DPI

_OPENERS = (PngImagePlugin.PngImageFile, JpegImagePlugin.JpegImageFile)
#: Downsample only when an image is this much sharper than PRINT_DPI, so that
#: an image already made for print is embedded as it is.
RESAMPLE_ABOVE = 1.5


@dataclass(frozen=True)
class ImageInfo:
    width: int
    height: int
    format: str


def _too_big(width: int, height: int) -> ValueError:
    return ValueError(
        f"the image is {width:,} x {height:,} pixels ({width * height / 1e6:,.0f} megapixels); "
        f"the limit is {MAX_IMAGE_PIXELS / 1e6:.0f} megapixels"
    )


def _open(path: Path) -> ImageFile.ImageFile:
    """Open `path` as PNG or JPEG, reading the header only.

    The two decoders are called directly instead of through `Image.open`: no
    other format's code ever sees the file, and the pixel size can be read
    (and refused) before Pillow's own decompression-bomb guard would raise."""
    for opener in _OPENERS:
        try:
            return opener(path)
        except SyntaxError:  # Pillow's way of saying "not this format"
            continue
    raise ValueError("the file is not a PNG or JPEG image")


def inspect(path: Path) -> ImageInfo:
    """Check that `path` is a whole PNG or JPEG within the pixel limit."""
    try:
        with _open(path) as image:
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise _too_big(width, height)
            image.load()  # decodes everything: a truncated file fails here
            return ImageInfo(width, height, str(image.format))
    except (OSError, SyntaxError, EOFError, struct.error) as exc:
        raise ValueError(f"the image is damaged or truncated ({exc})") from None


def for_print(path: Path, info: ImageInfo, width_pt: float, height_pt: float) -> Path | io.BytesIO:
    """The image to embed when it is placed at `width_pt` x `height_pt` points:
    the file itself, or a copy downsampled to PRINT_DPI if it is much sharper."""
    dpi = info.width / (width_pt / 72)
    if dpi <= PRINT_DPI * RESAMPLE_ABOVE:
        return path
    size = (max(1, round(width_pt / 72 * PRINT_DPI)), max(1, round(height_pt / 72 * PRINT_DPI)))
    with _open(path) as image:
        smaller = image.resize(size, PILImage.Resampling.LANCZOS, reducing_gap=3.0)
        buffer = io.BytesIO()
        if info.format == "JPEG":
            smaller.convert("RGB").save(buffer, "JPEG", quality=90, optimize=True)
        else:
            smaller.save(buffer, "PNG", optimize=False)
    buffer.seek(0)
    return buffer

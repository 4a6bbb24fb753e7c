"""Images from issue files: checked before layout, prepared for each edition.

Takes an image path; gives `ImageInfo` (pixel size and format) after making
sure the file is a PNG or JPEG that decodes completely and stays within the
pixel limit, and, for layout, an image no sharper than the edition needs (in
CMYK for print, through `colour`). Raises a
plain `ValueError` saying what is wrong; the caller adds the field's location.
Knows nothing of newsletters or ReportLab's page model.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageFile, JpegImagePlugin, PngImagePlugin

from . import colour
from .limits import MAX_IMAGE_PIXELS

_OPENERS = (PngImagePlugin.PngImageFile, JpegImagePlugin.JpegImageFile)
#: Downsample only when an image is this much sharper than the edition needs,
#: so that an image already made for it is embedded as it is.
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
    """Check that `path` is a whole PNG or JPEG within the pixel limit.

    The answer is kept for the file as it is (its inode, modification time and
    size): `typeset watch` rebuilds an issue on every save, and decoding a
    2400-pixel picture to check it whole is 7 ms each time."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise ValueError(f"the image cannot be read ({exc.strerror})") from None
    return _inspect(path, stat.st_ino, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=256)
def _inspect(path: Path, inode: int, mtime_ns: int, size: int) -> ImageInfo:
    try:
        with _open(path) as image:
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise _too_big(width, height)
            image.load()  # decodes everything: a truncated file fails here
            return ImageInfo(width, height, str(image.format))
    except (OSError, SyntaxError, EOFError, struct.error) as exc:
        raise ValueError(f"the image is damaged or truncated ({exc})") from None


def resolution(info: ImageInfo, width_pt: float) -> float:
    """Pixels per inch of an image placed `width_pt` points wide."""
    return info.width / (width_pt / 72)


def prepare(
    path: Path,
    info: ImageInfo,
    width_pt: float,
    height_pt: float,
    *,
    ppi: float,
    cmyk_profile: Path | None = None,
) -> Path | io.BytesIO | PILImage.Image:
    """The image to embed when it is placed at `width_pt` x `height_pt` points.

    An image much sharper than `ppi` is downsampled to it. With `cmyk_profile`
    (the print edition) colour images are separated into CMYK through that
    profile; otherwise the file itself is embedded whenever it can be."""
    sharp = resolution(info, width_pt) > ppi * RESAMPLE_ABOVE
    if not sharp and cmyk_profile is None:
        return path
    size = (max(1, round(width_pt / 72 * ppi)), max(1, round(height_pt / 72 * ppi)))
    if cmyk_profile is not None:
        return _separated(path, size if sharp else None, cmyk_profile)
    stat = path.stat()
    encoded = _resampled(path, stat.st_ino, stat.st_mtime_ns, stat.st_size, size, info.format)
    return io.BytesIO(encoded)


def _sharpened(image: ImageFile.ImageFile, size: tuple[int, int] | None) -> PILImage.Image:
    if size is None:
        return image
    picture = image.resize(size, PILImage.Resampling.LANCZOS, reducing_gap=3.0)
    picture.info = dict(image.info)  # keep the embedded ICC profile
    return picture


def _separated(path: Path, size: tuple[int, int] | None, profile: Path) -> PILImage.Image:
    with _open(path) as image:
        image.load()
        return colour.image_to_cmyk(_sharpened(image, size), profile)


@lru_cache(maxsize=32)
def _resampled(
    path: Path, inode: int, mtime_ns: int, bytes_: int, size: tuple[int, int], kind: str
) -> bytes:
    """The screen's copy of an image much sharper than it needs, encoded; kept
    for the file as it is, so that a rebuild under `typeset watch` does not
    decode, resample and encode the same picture again (15 ms for a
    2400-pixel PNG at a column's width)."""
    with _open(path) as image:
        image.load()
        picture = colour.image_to_rgb(_sharpened(image, size))
        buffer = io.BytesIO()
        if kind == "JPEG":
            picture.convert("RGB").save(buffer, "JPEG", quality=85, optimize=True)
        else:
            picture.save(buffer, "PNG", optimize=False)
    return buffer.getvalue()

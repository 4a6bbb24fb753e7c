"""Colour conversion through ICC profiles, for the print edition.

Takes RGB pixels or colours and the CMYK output profile the brand prints with;
gives CMYK through Little CMS (Pillow's ImageCms), the way a prepress tool
would, instead of the naive formula that ignores the press. Images keep their
own embedded profile as the source; untagged ones are taken to be sRGB. Knows
nothing of layout or PDF.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from PIL import Image, ImageCms

#: Perceptual rendering keeps the relations between a photo's colours when
#: some are out of the press's gamut; flat colours use relative colorimetric,
#: which keeps the in-gamut ones exact.
PHOTO_INTENT = ImageCms.Intent.PERCEPTUAL
FLAT_INTENT = ImageCms.Intent.RELATIVE_COLORIMETRIC


@cache
def _srgb() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


@cache
def _profile(path: Path) -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(str(path))


@cache
def _transform(
    source: bytes | None, target: Path, intent: ImageCms.Intent, mode: str
) -> ImageCms.ImageCmsTransform:
    source_profile = ImageCms.ImageCmsProfile(io.BytesIO(source)) if source else _srgb()
    target_profile = _profile(target)
    if not ImageCms.isIntentSupported(target_profile, intent, ImageCms.Direction.OUTPUT):
        intent = FLAT_INTENT
    return ImageCms.buildTransform(source_profile, target_profile, mode, "CMYK", intent)


def image_to_cmyk(image: Image.Image, profile: Path) -> Image.Image:
    """`image` separated for the press described by `profile`.

    Transparent parts are laid on white paper first: a CMYK image in our PDFs
    has no alpha channel. Greyscale stays greyscale (it prints from the black
    plate alone); CMYK images are kept as they are."""
    if image.mode in ("CMYK", "L", "1"):
        return image if image.mode != "1" else image.convert("L")
    embedded = image.info.get("icc_profile") or None
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(paper, rgba).convert("RGB")
    elif image.mode != "RGB":
        image = image.convert("RGB")
    if embedded is not None:
        try:
            ImageCms.ImageCmsProfile(io.BytesIO(embedded))
        except (OSError, ImageCms.PyCMSError):
            embedded = None  # a broken embedded profile: fall back to sRGB
    result = ImageCms.applyTransform(image, _transform(embedded, profile, PHOTO_INTENT, "RGB"))
    assert result is not None
    return result


def image_to_rgb(image: Image.Image) -> Image.Image:
    """`image` for a screen: CMYK images are turned into sRGB through their own
    profile when they carry one; everything else is left in its own mode."""
    if image.mode != "CMYK":
        return image
    embedded = image.info.get("icc_profile")
    if embedded:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(embedded))
            result = ImageCms.profileToProfile(image, source, _srgb(), outputMode="RGB")
            if result is not None:
                return result
        except (OSError, ImageCms.PyCMSError):
            pass
    return image.convert("RGB")


@cache
def rgb_to_cmyk(hex_colour: str, profile: Path) -> tuple[float, float, float, float]:
    """A flat sRGB colour ("#C8553D") as CMYK fractions (0..1) for `profile`."""
    value = int(hex_colour.lstrip("#"), 16)
    pixel = Image.new("RGB", (1, 1), ((value >> 16) & 255, (value >> 8) & 255, value & 255))
    converted = ImageCms.applyTransform(pixel, _transform(None, profile, FLAT_INTENT, "RGB"))
    assert converted is not None
    c, m, y, k = converted.getpixel((0, 0))  # type: ignore[misc]
    return (c / 255, m / 255, y / 255, k / 255)

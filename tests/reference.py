"""Reference renders: page 1 and the last page of two sample issues and of the
Persian sample, drawn by pdfium at 50 dpi, compared with reviewed PNGs in
tests/reference/.

A page matches when at most `TOLERANCE` of its pixels differ from the
reference by more than `LEVELS` in any channel. After a deliberate change to
the look, regenerate the PNGs with one command, look at them (and at the
diff `git diff --stat tests/reference` shows), then commit them:

    .venv/bin/python tests/reference.py

pypdfium2 is pinned to one major version in the test extras, so that the
renderer does not drift under the references.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageChops

HERE = Path(__file__).resolve().parent
REFERENCE = HERE / "reference"
#: the samples drawn: a lead story with an image across the columns in each
SAMPLES = ("2024-03", "2024-06")
#: and the Persian edition (right to left, total-fit text), by its path in issues/
RTL_SAMPLES = ("fa/2024-03",)
DPI = 50
#: the share of a page's pixels that may differ, and by how much (0 to 255)
TOLERANCE = 0.005
LEVELS = 32


def render_pages(pdf: Path) -> dict[str, Image.Image]:
    """Page 1 and the last page of `pdf`, by name: p1, last."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        last = len(document) - 1
        return {
            name: document[index].render(scale=DPI / 72).to_pil().convert("RGB")
            for name, index in (("p1", 0), ("last", last))
        }
    finally:
        document.close()


def reference_path(stem: str, page: str) -> Path:
    return REFERENCE / f"{stem.replace('/', '-')}-{page}.png"


def differing_share(image: Image.Image, reference: Image.Image) -> float:
    """The share of pixels that differ by more than LEVELS in any channel;
    1.0 if the sizes differ."""
    if image.size != reference.size:
        return 1.0
    difference = ImageChops.difference(image, reference).convert("RGB")
    channels = difference.split()
    over = [channel.point(lambda v: 255 if v > LEVELS else 0) for channel in channels]
    mask = ImageChops.lighter(ImageChops.lighter(over[0], over[1]), over[2])
    histogram = mask.histogram()
    return histogram[255] / (image.size[0] * image.size[1])


def regenerate() -> int:
    """Build the samples' screen editions and write their reference PNGs."""
    sys.path.insert(0, str(HERE.parent))
    from typeset.brand import load_brand
    from typeset.build import build_issue, related_refs

    issues = HERE.parent / "issues"
    brand = load_brand(issues / "brand.yaml")
    REFERENCE.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        for stem in (*SAMPLES, *RTL_SAMPLES):
            path = issues / f"{stem}.yaml"
            built = build_issue(
                path,
                brand,
                Path(folder) / stem,
                editions=("screen",),
                related=related_refs(path.parent),
            )
            for page, image in render_pages(built.edition("screen").path).items():
                path = reference_path(stem, page)
                old = Image.open(path).convert("RGB") if path.exists() else None
                image.save(path, optimize=True)
                change = f"{differing_share(image, old):.2%} of pixels changed" if old else "new"
                print(f"{path.relative_to(HERE.parent)}: {change}")
    return 0


if __name__ == "__main__":
    sys.exit(regenerate())

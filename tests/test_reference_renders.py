"""Page 1 and the last page of two samples, as pdfium draws them, against the
reviewed references in tests/reference/ (see tests/reference.py, which also
regenerates them after a deliberate change)."""

from __future__ import annotations

import pytest
from PIL import Image
from reference import (
    LEVELS,
    SAMPLES,
    TOLERANCE,
    differing_share,
    reference_path,
    render_pages,
)


@pytest.mark.parametrize("stem", SAMPLES)
def test_first_and_last_page_look_as_reviewed(built_samples, stem):
    pages = render_pages(built_samples[stem].edition("screen").path)
    for name, image in pages.items():
        reference = Image.open(reference_path(stem, name)).convert("RGB")
        share = differing_share(image, reference)
        assert share <= TOLERANCE, (
            f"{stem} {name}: {share:.2%} of pixels differ by more than {LEVELS} levels "
            f"(at most {TOLERANCE:.1%}); if the change is deliberate, run "
            "`.venv/bin/python tests/reference.py` and look at the new PNGs"
        )


def test_the_comparison_sees_a_different_page():
    first, other = (Image.open(reference_path(stem, "p1")).convert("RGB") for stem in SAMPLES)
    assert differing_share(first, other) > TOLERANCE
    moved = first.transform(
        first.size, Image.Transform.AFFINE, (1, 0, 0, 0, 1, 3), fillcolor="white"
    )
    assert differing_share(first, moved) > TOLERANCE

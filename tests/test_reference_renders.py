"""Page 1 and the last page of two samples, as pdfium draws them, against the
reviewed references in tests/reference/ (see tests/reference.py, which also
regenerates them after a deliberate change)."""

from __future__ import annotations

import pytest
from conftest import SAMPLES as ISSUES
from PIL import Image
from reference import (
    LEVELS,
    RTL_SAMPLES,
    SAMPLES,
    TOLERANCE,
    differing_share,
    reference_path,
    render_pages,
)

from typeset.cli import main


@pytest.mark.parametrize("stem", SAMPLES)
def test_first_and_last_page_look_as_reviewed(built_samples, stem):
    _compare(stem, render_pages(built_samples[stem].edition("screen").path))


@pytest.mark.parametrize("stem", RTL_SAMPLES)
def test_the_persian_samples_pages_look_as_reviewed(tmp_path, stem):
    sample = ISSUES / f"{stem}.yaml"
    assert main(["build", str(sample), "-o", str(tmp_path), "-q", "--edition", "screen"]) == 0
    _compare(stem, render_pages(tmp_path / sample.with_suffix(".pdf").name))


def _compare(stem, pages):
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

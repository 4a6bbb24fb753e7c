"""Fixed font subsets: issues built for a volume embed the brand's whole
character set, so that two issues with different texts embed byte-identical
font programs (which the volume stores once), while their text reads the same."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pikepdf
import pytest
from conftest import SAMPLES
from pdfcheck import page_texts

from typeset.brand import Brand
from typeset.build import build_issue, related_refs

STEMS = ("2024-03", "2024-04")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, sample_brand: Brand) -> dict[str, Path]:
    """Two sample issues with different texts, each built with both subsets."""
    out = tmp_path_factory.mktemp("subsets")
    refs = related_refs(SAMPLES)
    paths: dict[str, Path] = {}
    for mode in ("used", "brand"):
        for stem in STEMS:
            result = build_issue(
                SAMPLES / f"{stem}.yaml",
                sample_brand,
                out / mode,
                editions=("screen",),
                related=refs,
                font_subset=mode,  # type: ignore[arg-type]
            )
            paths[f"{mode}/{stem}"] = result.rendered[0].path
    return paths


def _digest(obj: pikepdf.Object) -> str:
    return hashlib.sha256(obj.read_raw_bytes()).hexdigest()


def fonts_of(path: Path) -> dict[str, dict[str, object]]:
    """Per embedded font (by its BaseFont): digests of its font program and
    ToUnicode map, its widths and its descriptor's metrics."""
    found: dict[str, dict[str, object]] = {}
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != "/Font":
                continue
            descriptor = obj.FontDescriptor
            found[str(obj.BaseFont)] = {
                "program": _digest(descriptor.FontFile2),
                "to_unicode": _digest(obj.ToUnicode),
                "widths": [float(w) for w in obj.Widths],
                "chars": (int(obj.FirstChar), int(obj.LastChar)),
                "descriptor": sorted(
                    (str(k), repr(v)) for k, v in descriptor.items() if k != "/FontFile2"
                ),
            }
    return found


def test_two_issues_with_different_texts_embed_identical_fonts(built):
    first, second = (fonts_of(built[f"brand/{stem}"]) for stem in STEMS)
    shared = first.keys() & second.keys()
    # the body, headline and caption fonts at least, each in two subsets
    assert len(shared) >= 8, sorted(shared)
    for name in shared:
        assert first[name] == second[name], name
    assert page_texts(built["used/2024-03"]) != page_texts(built["used/2024-04"])


def test_minimal_subsets_differ_between_issues(built):
    first, second = (fonts_of(built[f"used/{stem}"]) for stem in STEMS)
    assert any(first[n]["program"] != second[n]["program"] for n in first.keys() & second.keys())


@pytest.mark.parametrize("stem", STEMS)
def test_fixed_subsets_leave_the_text_unchanged(built, stem):
    assert page_texts(built[f"brand/{stem}"]) == page_texts(built[f"used/{stem}"])


def test_fixed_subsets_cost_size_in_a_single_issue(built):
    for stem in STEMS:
        assert built[f"used/{stem}"].stat().st_size < built[f"brand/{stem}"].stat().st_size


def test_fixed_subsets_are_reproducible(built, sample_brand, tmp_path):
    again = build_issue(
        SAMPLES / "2024-03.yaml",
        sample_brand,
        tmp_path,
        editions=("screen",),
        related=related_refs(SAMPLES),
        font_subset="brand",
    )
    assert again.rendered[0].path.read_bytes() == built["brand/2024-03"].read_bytes()

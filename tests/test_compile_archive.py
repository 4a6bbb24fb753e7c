"""`typeset compile --archive`: PDF/A-2b, judged by an independent validator
(the `page` checker from the page-validation package)."""

from __future__ import annotations

import shutil
from pathlib import Path

import page
import pypdf
import pytest
from conftest import SAMPLES, brand_text
from foreign import draw, write_issue

from typeset.cli import main

PAGES = [["Old headline one", "text"], ["Old headline two", "text"]]


@pytest.fixture(scope="module")
def rgb_issues(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three sample issues with the demo brand (compiled from the RGB screen edition)."""
    folder = tmp_path_factory.mktemp("rgb")
    for stem in ("2024-01", "2024-02", "2024-03"):
        shutil.copy(SAMPLES / f"{stem}.yaml", folder)
    shutil.copytree(SAMPLES / "images", folder / "images")
    text = brand_text()
    (folder / "brand.yaml").write_text(text, encoding="utf-8")
    return folder


def compile_archive(capsys, issues: Path, out: Path, *extra: str) -> tuple[int, str]:
    code = main(["compile", "2024", "--issues", str(issues), "-o", str(out), "-q", *extra])
    return code, capsys.readouterr().err


def test_archive_volume_passes_an_independent_pdfa_2b_validator(rgb_issues, tmp_path, capsys):
    pdfs = tmp_path / "pdfs"
    write_issue(pdfs, "old", draw(PAGES), number=112, date="2024-04-02", items=[("Old", 1)])
    code, err = compile_archive(
        capsys, rgb_issues, tmp_path / "out", "--archive", "--pdfs", str(pdfs)
    )
    assert code == 0, err
    volume = tmp_path / "out" / "volume-2024.pdf"
    report = page.validate_pdf(volume, profile="2b")
    assert report.is_compliant, [(f.rule_id, f.message) for f in report.failures]
    xmp = pypdf.PdfReader(volume).xmp_metadata
    assert xmp is not None
    assert b"<pdfaid:part>2</pdfaid:part>" in xmp.stream.get_data()


def test_an_input_with_unembedded_fonts_is_named_and_fails_unless_best_effort(
    rgb_issues, tmp_path, capsys
):
    pdfs = tmp_path / "pdfs"
    bare = write_issue(pdfs, "bare", draw(PAGES, embedded=False), number=112, date="2024-04-02")
    out = tmp_path / "out"
    code, err = compile_archive(capsys, rgb_issues, out, "--archive", "--pdfs", str(pdfs))
    assert code == 1
    assert f"{bare}: error: cannot be made PDF/A-2b: fonts not embedded: Helvetica" in err
    assert not (out / "volume-2024.pdf").exists()
    code, err = compile_archive(
        capsys, rgb_issues, out, "--archive=best-effort", "--pdfs", str(pdfs)
    )
    assert code == 0
    assert f"{bare}: warning: cannot be made PDF/A-2b: fonts not embedded: Helvetica" in err
    assert "warning: the volume is not marked PDF/A-2b" in err
    xmp = pypdf.PdfReader(out / "volume-2024.pdf").xmp_metadata
    assert xmp is not None and b"pdfaid" not in xmp.stream.get_data()


def test_print_colours_are_named_as_the_reason(tmp_path, capsys):
    code, err = compile_archive(
        capsys, SAMPLES, tmp_path / "out", "--archive", "--edition", "print"
    )
    assert code == 1
    assert (
        f"{SAMPLES / '2024-01.yaml'}: error: cannot be made PDF/A-2b: it paints in DeviceCMYK"
        in err
    )
    assert "hint: compile the screen edition (--edition screen, the default)" in err


def test_an_archive_volume_is_reproducible(rgb_issues, tmp_path, capsys, monkeypatch):
    """The sRGB output profile is made afresh by LittleCMS, which dates it: the
    date is pinned, so the same inputs give the same bytes a second later too."""
    import time

    from typeset.compile import archive

    volumes = []
    for run in ("a", "b"):
        archive.srgb_profile.cache_clear()
        code, err = compile_archive(capsys, rgb_issues, tmp_path / run, "--archive")
        assert code == 0, err
        volumes.append((tmp_path / run / "volume-2024.pdf").read_bytes())
        time.sleep(1.1)  # LittleCMS dates its profiles to the second
    assert volumes[0] == volumes[1]

"""`typeset compile --archive`: PDF/A-2b, judged by an independent validator
(the `page` checker from the page-validation package)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import page
import pikepdf
import pypdf
import pytest
from conftest import SAMPLES, brand_text
from foreign import cairo_style, draw, write_issue

from typeset.cli import main
from typeset.preflight import pdfa

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


def _no_leftovers(folder: Path) -> None:
    assert not folder.exists() or not list(folder.glob("*.pdf")) + list(folder.glob(".*.part"))


def _claims_pdfa(volume: Path) -> bool:
    xmp = pypdf.PdfReader(volume).xmp_metadata
    assert xmp is not None
    return b"pdfaid" in xmp.stream.get_data()


def test_a_cairo_style_font_without_cidtogidmap_is_refused_by_the_validator(
    rgb_issues, tmp_path, capsys
):
    """Every font embedded, no DeviceCMYK: our own checks pass it; the
    validator does not, and names the rule; the input is named from the page
    that uses the font."""
    pdfs = tmp_path / "pdfs"
    cairo = write_issue(
        pdfs, "cairo", cairo_style(draw(PAGES)), number=112, date="2024-04-02", items=[("Old", 1)]
    )
    out = tmp_path / "out"
    code, err = compile_archive(capsys, rgb_issues, out, "--archive", "--pdfs", str(pdfs))
    assert code == 1, err
    assert f"{cairo}: error: fails PDF/A-2b in the volume: PDFA2B-CIDTOGIDMAP-001: " in err
    assert "(its page 1, volume page " in err
    assert "hint: export it again with another program: a CIDFont needs a /CIDToGIDMap" in err
    assert "error: the volume is not marked PDF/A-2b: page-validation finds 1 rule" in err
    assert "volume 2024: not written" in err
    _no_leftovers(out)

    code, err = compile_archive(
        capsys, rgb_issues, out, "--archive=best-effort", "--pdfs", str(pdfs)
    )
    assert code == 0, err
    assert f"{cairo}: warning: fails PDF/A-2b in the volume: PDFA2B-CIDTOGIDMAP-001" in err
    assert "warning: the volume is not marked PDF/A-2b" in err
    volume = out / "volume-2024.pdf"
    assert not _claims_pdfa(volume)
    assert not page.validate_pdf(volume, profile="2b").is_compliant
    assert not list(out.glob(".*.part"))


def _failing(rule: str):
    def validate(paths, *, time_limit=None):
        failure = pdfa.Failure(rule, "made to fail by the test")
        return [pdfa.Verdict(Path(p), False, (failure,)) for p in paths]

    return validate


def test_a_volume_the_validator_rejects_is_never_marked_and_not_written(
    rgb_issues, tmp_path, capsys, monkeypatch
):
    monkeypatch.setattr(pdfa, "validate", _failing("PDFA2B-TEST-001"))
    out = tmp_path / "out"
    code, err = compile_archive(capsys, rgb_issues, out, "--archive")
    assert code == 1
    assert "fails PDF/A-2b in the volume: PDFA2B-TEST-001: made to fail by the test" in err
    # no page uses the object: the inputs that break the rule alone are named
    assert "error: the volume fails PDF/A-2b in the volume: PDFA2B-TEST-001" in err
    for stem in ("2024-01", "2024-02", "2024-03"):
        assert (
            f"{rgb_issues / stem}.yaml: error: breaks PDF/A-2b rule PDFA2B-TEST-001 when "
            "validated alone" in err
        )
    _no_leftovers(out)
    code, err = compile_archive(capsys, rgb_issues, out, "--archive=best-effort")
    assert code == 0, err
    assert not _claims_pdfa(out / "volume-2024.pdf")


@pytest.mark.parametrize(
    ("child", "limit", "why"),
    [
        ("import os, signal; os.kill(os.getpid(), signal.SIGSEGV)", None, "crashed (SIGSEGV)"),
        ("import time; time.sleep(60)", 1.0, "did not finish within 1 s"),
        ("raise SystemExit('page is not installed')", None, "failed (exit status 1"),
        (  # what the child prints when page raises SafetyLimitError (sf-009 of the corpus)
            'print(\'{"gave_up": "SafetyLimitError: reference chain exceeds the '
            "configured depth of 256\"}')",
            None,
            "gave up: SafetyLimitError: reference chain exceeds the configured depth of 256",
        ),
    ],
)
def test_a_validator_that_cannot_judge_the_volume_means_no_claim(
    rgb_issues, tmp_path, capsys, monkeypatch, child, limit, why
):
    monkeypatch.setattr(pdfa, "_CHILD", child)
    if limit is not None:
        monkeypatch.setattr(pdfa, "TIME_LIMIT", limit)
    out = tmp_path / "out"
    code, err = compile_archive(capsys, rgb_issues, out, "--archive")
    assert code == 1
    assert f"error: the volume is not marked PDF/A-2b: the validator {why}" in err
    _no_leftovers(out)
    code, err = compile_archive(capsys, rgb_issues, out, "--archive=best-effort")
    assert code == 0, err
    assert f"warning: the volume is not marked PDF/A-2b: the validator {why}" in err
    assert not _claims_pdfa(out / "volume-2024.pdf")


def test_preflight_pdfa_2b_runs_the_same_validator(rgb_issues, tmp_path, capsys):
    code, err = compile_archive(capsys, rgb_issues, tmp_path / "out", "--archive")
    assert code == 0, err
    volume = tmp_path / "out" / "volume-2024.pdf"
    assert main(["preflight", "--profile", "pdfa-2b", str(volume)]) == 0
    assert f"{volume} (11 pages, pdfa-2b): ok" in capsys.readouterr().out
    cairo = tmp_path / "cairo.pdf"
    cairo.write_bytes(cairo_style(draw(PAGES)))
    assert main(["preflight", "--profile", "pdfa-2b", "-q", str(cairo)]) == 1
    err = capsys.readouterr().err
    assert f"{cairo}: page 1: error: PDFA2B-CIDTOGIDMAP-001: font object" in err
    assert f"{cairo}: error: PDFA2B-ID-SCHEMA-001: " in err


def _with_annotation(data: bytes, content: bytes, **resources: object) -> bytes:
    """`data` with a note on page 1 whose only drawing is its appearance stream."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        appearance = pdf.make_stream(content)
        appearance.Type, appearance.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
        appearance.BBox = [0, 0, 60, 20]
        appearance.Resources = pikepdf.Dictionary(**resources)
        note = pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Square,
            Rect=[40, 40, 100, 60],
            F=4,
            AP=pikepdf.Dictionary(N=appearance),
        )
        pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(note)]))
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "resources", "reason"),
    [
        (b"0 0 0 1 k 0 0 60 20 re f", {}, "it paints in DeviceCMYK, which needs a CMYK output"),
        (
            b"BT /Helv 9 Tf 2 6 Td (Note) Tj ET",
            {
                "Font": pikepdf.Dictionary(
                    Helv=pikepdf.Dictionary(
                        Type=pikepdf.Name.Font,
                        Subtype=pikepdf.Name.Type1,
                        BaseFont=pikepdf.Name.Helvetica,
                    )
                )
            },
            "fonts not embedded: Helvetica",
        ),
    ],
)
def test_what_only_an_annotation_appearance_draws_is_checked_too(
    rgb_issues, tmp_path, capsys, content, resources, reason
):
    """The archive check reads the pages as preflight does: forms, patterns and
    annotation appearances included (it read only the page's own content)."""
    pdfs = tmp_path / "pdfs"
    noted = write_issue(
        pdfs,
        "noted",
        _with_annotation(draw(PAGES), content, **resources),
        number=112,
        date="2024-04-02",
    )
    out = tmp_path / "out"
    code, err = compile_archive(capsys, rgb_issues, out, "--archive", "--pdfs", str(pdfs))
    assert code == 1
    assert f"{noted}: error: cannot be made PDF/A-2b: {reason}" in err
    assert "(its page 1)" in err
    _no_leftovers(out)


def test_every_input_that_breaks_the_rule_is_named_not_only_the_first(rgb_issues, tmp_path, capsys):
    """The validator names one object per rule; the other inputs that break
    it are found by validating each input alone."""
    pdfs = tmp_path / "pdfs"
    first = write_issue(pdfs, "first", cairo_style(draw(PAGES)), number=112, date="2024-04-02")
    # other glyphs: a font dictionary of its own (identical ones are stored once)
    other = cairo_style(draw(PAGES), "Other")
    second = write_issue(pdfs, "second", other, number=113, date="2024-05-02")
    out = tmp_path / "out"
    code, err = compile_archive(capsys, rgb_issues, out, "--archive", "--pdfs", str(pdfs))
    assert code == 1
    assert f"{first}: error: fails PDF/A-2b in the volume: PDFA2B-CIDTOGIDMAP-001" in err
    assert f"{second}: error: breaks PDF/A-2b rule PDFA2B-CIDTOGIDMAP-001 when validated" in err
    _no_leftovers(out)


def test_a_refused_archive_still_says_what_was_repaired(rgb_issues, tmp_path, capsys):
    pdfs = tmp_path / "pdfs"
    padded = draw(PAGES, embedded=False) + b"\0" * 2048  # no startxref where qpdf looks
    bare = write_issue(pdfs, "bare", padded, number=112, date="2024-04-02")
    code, err = compile_archive(
        capsys, rgb_issues, tmp_path / "out", "--archive", "--pdfs", str(pdfs)
    )
    assert code == 1
    assert f"{bare}: warning: repaired: qpdf: can't find startxref" in err
    assert f"{bare}: error: cannot be made PDF/A-2b: fonts not embedded: Helvetica" in err

"""`compile --allow-missing`: a number no file has, and an input that is
refused, each get one placeholder page in the brand's words; the volume is
still PDF/A-2b (confirmed by the validator) or finished for press when its inputs allow,
and the placeholder pages themselves pass (fonts embedded, no RGB in print)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import page
import pikepdf
import pypdf
import pypdfium2 as pdfium
import pytest
from conftest import SAMPLES, brand_text
from foreign import draw, write_issue
from pdfcheck import fonts_by_page

from typeset.cli import main


def _text(document: pdfium.PdfDocument, index: int) -> str:
    return " ".join(document[index].get_textpage().get_text_range().split())


def test_a_gap_gets_a_placeholder_page_only_with_allow_missing(tmp_path, capsys):
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    (pdfs / "brand.yaml").write_text(brand_text(), encoding="utf-8")
    write_issue(pdfs, "2024-01-a", draw([["Winter lunch", "Soup."]]), number=1, date="2024-01-05")
    write_issue(pdfs, "2024-02-b", draw([["Choir news", "Songs."]]), number=2, date="2024-02-02")
    write_issue(pdfs, "2024-04-d", draw([["Spring fair", "Text."]]), number=4, date="2024-04-04")
    out = tmp_path / "out"
    argv = ["compile", "2024", "--pdfs", str(pdfs), "-o", str(out), "-q"]
    assert main(argv) == 0
    assert "3-1" not in pypdf.PdfReader(out / "volume-2024.pdf").page_labels

    catalog = out / "aid.csv"
    assert main([*argv, "--allow-missing", "--catalog", str(catalog)]) == 0
    assert "warning: 2024: no issue numbered No.3 between No.1 and No.4" in capsys.readouterr().err
    volume = out / "volume-2024.pdf"
    reader = pypdf.PdfReader(volume)
    labels = reader.page_labels
    stand_in = labels.index("3-1")
    assert labels[stand_in - 1] == "2-1" and labels[stand_in + 1] == "4-1"
    document = pdfium.PdfDocument(volume)
    # its number, the brand's word for missing and why; no date: none is known
    assert "No.3 MISSING No file of this issue was given for the volume." in _text(
        document, stand_in
    )
    cover = _text(document, 0)
    assert "No.1 – No.4" in cover and "3 issues" in cover  # a gap is not an issue
    contents = _text(document, 1)
    assert f"NO.3 · MISSING {stand_in + 1}" in contents
    outline = [node.title for node in reader.outline[2] if not isinstance(node, list)]
    assert outline[2] == "No.3 · missing"
    with catalog.open(encoding="utf-8") as stream:
        row = next(r for r in csv.DictReader(stream) if r["issue"] == "3")
    assert (row["status"], row["source"], row["sha256"], row["date"]) == ("missing", "", "", "")
    assert row["volume_pages"] == str(stand_in + 1)


def test_a_wrong_password_is_said_in_the_brands_words(tmp_path, capsys):
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    (pdfs / "brand.yaml").write_text(brand_text(), encoding="utf-8")
    locked = pikepdf.open(pdfs.parent / _plain(pdfs.parent))
    locked.save(
        pdfs / "2024-01-a.pdf",
        encryption=pikepdf.Encryption(user="secret", owner="owner", R=6),
    )
    locked.close()
    (pdfs / "2024-01-a.yaml").write_text("number: 1\ndate: 2024-01-05\n", encoding="utf-8")
    write_issue(pdfs, "2024-02-b", draw([["Choir news", "Songs."]]), number=2, date="2024-02-02")
    out = tmp_path / "out"
    argv = ["compile", "2024", "--pdfs", str(pdfs), "-o", str(out), "-q", "--allow-missing"]
    assert main(argv) == 0
    assert "2024-01-a.pdf: warning: missing from the volume: encrypted with a password" in (
        capsys.readouterr().err
    )
    document = pdfium.PdfDocument(out / "volume-2024.pdf")
    labels = pypdf.PdfReader(out / "volume-2024.pdf").page_labels
    assert (
        "No.1 5 JANUARY 2024 · MISSING Its file is encrypted, and no password given opens it."
        in _text(document, labels.index("1-1"))
    )


def _plain(folder: Path) -> str:
    (folder / "plain.pdf").write_bytes(draw([["Winter lunch", "Soup."]]))
    return "plain.pdf"


@pytest.fixture(scope="module")
def year_with_holes(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two sample issues (No.109 and No.111: No.110 has no file) and a foreign
    No.112 that is not a PDF at all."""
    root = tmp_path_factory.mktemp("holes")
    issues = root / "issues"
    issues.mkdir()
    for stem in ("2024-01", "2024-03"):
        shutil.copy(SAMPLES / f"{stem}.yaml", issues)
    shutil.copytree(SAMPLES / "images", issues / "images")
    (issues / "brand.yaml").write_text(brand_text(), encoding="utf-8")
    pdfs = root / "pdfs"
    write_issue(pdfs, "2024-04-old", b"Not a PDF, a letter", number=112, date="2024-04-18")
    return issues, pdfs


def _placeholders(volume: Path) -> list[int]:
    labels = pypdf.PdfReader(volume).page_labels
    return [labels.index("110-1"), labels.index("112-1")]


def _check_placeholders(volume: Path, stand_ins: list[int]) -> None:
    document = pdfium.PdfDocument(volume)
    assert "No.110 MISSING No file of this issue was given" in _text(document, stand_ins[0])
    assert "No.112 18 APRIL 2024 · MISSING Its file cannot be read as a PDF." in _text(
        document, stand_ins[1]
    )
    fonts = fonts_by_page(volume)
    for index in stand_ins:
        assert fonts[index] and all(f["embedded"] for f in fonts[index].values()), fonts[index]


def test_allow_missing_with_archive_is_confirmed_pdfa_2b(year_with_holes, tmp_path, capsys):
    issues, pdfs = year_with_holes
    out = tmp_path / "out"
    argv = ["compile", "2024", "--issues", str(issues), "--pdfs", str(pdfs), "-o", str(out)]
    assert main([*argv, "--archive", "--allow-missing"]) == 0
    captured = capsys.readouterr()
    assert "warning: missing from the volume: not a PDF file" in captured.err
    volume = out / "volume-2024.pdf"
    report = page.validate_pdf(volume, profile="2b")
    assert report.is_compliant, [(f.rule_id, f.message) for f in report.failures]
    xmp = pypdf.PdfReader(volume).xmp_metadata
    assert xmp is not None and b"<pdfaid:part>2</pdfaid:part>" in xmp.stream.get_data()
    _check_placeholders(volume, _placeholders(volume))


def test_allow_missing_in_print_is_finished_for_press_and_its_placeholders_preflight_clean(
    year_with_holes, tmp_path, capsys
):
    from typeset.preflight import preflight

    issues, pdfs = year_with_holes
    out = tmp_path / "print"
    argv = ["compile", "2024", "--issues", str(issues), "--pdfs", str(pdfs), "-o", str(out)]
    assert main([*argv, "-q", "--edition", "print", "--allow-missing"]) == 0
    assert "not finished for the press" not in capsys.readouterr().err
    volume = out / "volume-2024.pdf"
    reader = pypdf.PdfReader(volume)
    assert reader.root_object["/OutputIntents"][0]["/S"] == "/GTS_PDFX"
    # preflight judges every page, the placeholders too: trim and bleed boxes,
    # fonts embedded, no RGB where the print profile forbids it
    report = preflight(volume, profile="print")
    assert report.findings == (), [f.format() for f in report.findings]
    stand_ins = _placeholders(volume)
    _check_placeholders(volume, stand_ins)
    with pikepdf.open(volume) as pdf:
        for index in stand_ins:
            ops = {str(op) for _, op in pikepdf.parse_content_stream(pdf.pages[index])}
            assert not ops & {"rg", "RG"}, ops  # no DeviceRGB colour on the page
            assert "/TrimBox" in pdf.pages[index].obj

"""The PDF/X-4 claim: a print file says it is PDF/X-4 only when the checker
the brand names (`print.pdfx_checker`) confirms it; without one it is made to
PDF/X-4's rules but claims nothing. The checkers here are small scripts that
read the file they are given, as a real validator would."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pikepdf
import pypdf
import pytest
from conftest import MINIMAL, SAMPLES, brand_text

from typeset.cli import main
from typeset.preflight import preflight

#: Confirms a file that carries the PDF/X-4 identification in Info and XMP
#: and a PDF/X output intent; refuses anything else, saying why.
CHECKER = textwrap.dedent(
    """
    import sys, pikepdf
    with pikepdf.open(sys.argv[1]) as pdf:
        version = str(pdf.docinfo.get("/GTS_PDFXVersion", ""))
        xmp = str(pdf.open_metadata().get("pdfxid:GTS_PDFXVersion", ""))
        intents = [str(i.S) for i in pdf.Root.get("/OutputIntents", [])]
    if version != "PDF/X-4" or xmp != "PDF/X-4" or "/GTS_PDFX" not in intents:
        print(f"not PDF/X-4: {version!r} {xmp!r} {intents}")
        sys.exit(1)
    """
)
#: Refuses every file, as a validator that finds a fault would.
REFUSER = 'import sys\nprint("ISO 15930-7 6.2.2: transparency group colour space")\nsys.exit(2)\n'


def _brand(folder: Path, script: str | None, *, extra: str = "") -> None:
    text = brand_text()
    if script is not None:
        checker = folder / "checker.py"
        checker.write_text(script, encoding="utf-8")
        text += f'print:\n  pdfx_checker: ["{sys.executable}", "{checker}", "{{pdf}}"]\n'
    text += extra
    (folder / "brand.yaml").write_text(text, encoding="utf-8")


def _issue(folder: Path) -> Path:
    path = folder / "2024-05.yaml"
    text = MINIMAL.format(headline="A short story", summary="Told in a line.")
    path.write_text(text, encoding="utf-8")
    return path


def _claims(path: Path) -> tuple[str | None, str | None]:
    with pikepdf.open(path) as pdf:
        info = pdf.docinfo.get("/GTS_PDFXVersion")
        xmp = pdf.open_metadata().get("pdfxid:GTS_PDFXVersion")
    return (str(info) if info is not None else None, str(xmp) if xmp else None)


def test_without_a_checker_the_print_edition_claims_nothing(tmp_path, capsys):
    _brand(tmp_path, None)
    issue = _issue(tmp_path)
    assert main(["build", str(issue), "-o", str(tmp_path / "out")]) == 0
    printed = tmp_path / "out" / "2024-05-print.pdf"
    assert _claims(printed) == (None, None)
    assert "confirmed" not in capsys.readouterr().out
    # still finished for the press: preflight's print profile finds nothing
    assert preflight(printed, profile="print").findings == ()


def test_a_checker_that_confirms_the_file_lets_it_claim_pdfx4(tmp_path, capsys):
    _brand(tmp_path, CHECKER)
    issue = _issue(tmp_path)
    assert main(["build", str(issue), "-o", str(tmp_path / "out")]) == 0
    printed = tmp_path / "out" / "2024-05-print.pdf"
    assert _claims(printed) == ("PDF/X-4", "PDF/X-4")
    out = capsys.readouterr().out
    assert f"built {printed} (1 page, PDF/X-4 confirmed by `{sys.executable} " in out
    assert _claims(tmp_path / "out" / "2024-05.pdf") == (None, None)  # screen: never
    assert preflight(printed, profile="print").findings == ()


def test_a_checker_that_refuses_leaves_the_file_unmarked_and_says_why(tmp_path, capsys):
    _brand(tmp_path, REFUSER)
    issue = _issue(tmp_path)
    assert main(["build", str(issue), "-o", str(tmp_path / "out")]) == 0
    printed = tmp_path / "out" / "2024-05-print.pdf"
    assert _claims(printed) == (None, None)
    err = capsys.readouterr().err
    brand = tmp_path / "brand.yaml"
    line = brand.read_text(encoding="utf-8").splitlines().index("print:") + 2
    assert f"{brand}:{line}:" in err
    assert f"warning: {printed} is not marked PDF/X-4: the checker `{sys.executable} " in err
    assert "(exit status 2: ISO 15930-7 6.2.2: transparency group colour space)" in err
    assert preflight(printed, profile="print").findings == ()


def test_a_checker_that_cannot_be_run_is_not_a_confirmation(tmp_path, capsys):
    extra = 'print:\n  pdfx_checker: ["no-such-pdfx-validator", "{pdf}"]\n'
    _brand(tmp_path, None, extra=extra)
    issue = _issue(tmp_path)
    assert main(["build", str(issue), "-o", str(tmp_path / "out")]) == 0
    assert _claims(tmp_path / "out" / "2024-05-print.pdf") == (None, None)
    assert "'no-such-pdfx-validator' was not found" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('["checker"]', "no {pdf} in the command line: the checker would not be given the file"),
        ('"checker {pdf}"', 'expected a command line as a list, such as [checker, "{pdf}"]'),
        ("[]", "must name a command"),
    ],
)
def test_a_wrong_checker_is_a_located_error(tmp_path, capsys, value, message):
    _brand(tmp_path, None, extra=f"print:\n  pdfx_checker: {value}\n")
    issue = _issue(tmp_path)
    assert main(["build", str(issue), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    brand = tmp_path / "brand.yaml"
    line = len(brand.read_text(encoding="utf-8").splitlines())
    assert f"{brand}:{line}:17: error: print.pdfx_checker: {message}" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_a_print_volume_claims_pdfx4_only_when_the_checker_confirms_it(tmp_path, capsys):
    for name in ("2024-01.yaml", "2024-02.yaml"):
        (tmp_path / name).write_text((SAMPLES / name).read_text(encoding="utf-8"), "utf-8")
    (tmp_path / "images").symlink_to(SAMPLES / "images")
    for script, claimed in ((CHECKER, "PDF/X-4"), (REFUSER, None)):
        _brand(tmp_path, script)
        out = tmp_path / f"out-{claimed}"
        argv = ["compile", "2024", "--issues", str(tmp_path), "-o", str(out), "--edition", "print"]
        assert main(argv) == 0
        volume = out / "volume-2024.pdf"
        reader = pypdf.PdfReader(volume)
        assert reader.metadata.get("/GTS_PDFXVersion") == claimed
        assert (b"<pdfxid:GTS_PDFXVersion>" in reader.xmp_metadata.stream.get_data()) == bool(
            claimed
        )
        assert reader.root_object["/OutputIntents"][0]["/S"] == "/GTS_PDFX"
        captured = capsys.readouterr()
        if claimed:
            assert f"{volume}: PDF/X-4 confirmed by `{sys.executable} " in captured.out
        else:
            assert f"warning: {volume} is not marked PDF/X-4: the checker" in captured.err
        assert preflight(volume, profile="print").findings == ()

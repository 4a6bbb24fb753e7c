"""`typeset preflight` on hostile and broken files: a decompression bomb is an error
and never decoded, a broken object costs only itself, a false page count and data
appended after the end are said, and a long file costs time in proportion."""

from __future__ import annotations

import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pikepdf
import pytest
from hostile_pdfs import add_bomb, not_xmp, object_stream_bomb, raw_pdf, text_page
from pdfmake import add_content, edit, print_pdf

from typeset.cli import main
from typeset.limits import PdfLimits
from typeset.preflight import preflight
from typeset.preflight.findings import Problem, collapse


def rules(report) -> set[str]:  # type: ignore[no-untyped-def]
    return {finding.rule for finding in report.findings}


def texts(report, rule: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.format() for f in report.findings if f.rule == rule]


@pytest.fixture
def good(tmp_path: Path) -> Path:
    return print_pdf(tmp_path / "good.pdf", pages=2)


@pytest.mark.parametrize("profile", ["print", "screen", "pdfa-2b"])
def test_a_stream_over_the_limit_is_an_error_naming_the_object(good, profile):
    edit(good, lambda pdf: add_bomb(pdf, 2, 8 << 20))
    with pikepdf.open(good) as pdf:
        number = pdf.pages[1].Contents[-1].objgen[0]
    report = preflight(good, profile=profile, limits=PdfLimits(stream_bytes=4 << 20))
    assert not report.passed()
    (text,) = texts(report, "file.limits")
    assert f"object {number} 0 (a stream) decodes to more than 4 MB, the limit for one stream" in (
        text
    )
    assert "pages that draw them were not read" in text
    # page 1 draws nothing over the limit: it is still read (its safe zone, its colour)
    assert "check.failed" not in rules(report)


def test_a_two_gigabyte_bomb_is_refused_in_bounded_memory(good, tmp_path):
    """The real thing, with the default limits, in a child process that may use
    1.5 GiB: inflating the stream would need 2 GiB, so a pass here means it never
    was (pdfium and qpdf's stream check included)."""
    edit(good, lambda pdf: add_bomb(pdf, 1, 2 << 30))
    assert good.stat().st_size < 3_000_000
    script = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1536 << 20, 1536 << 20))\n"
        "from typeset.cli import main\n"
        f"sys.exit(main(['preflight', {str(good)!r}, '--profile', 'print']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "decodes to more than 256 MB, the limit for one stream" in done.stdout + done.stderr
    # the parent measured nothing of it: the child did all the work
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < 1536 << 10


def test_an_object_stream_bomb_is_found_before_qpdf_reads_the_pages(tmp_path):
    """qpdf decodes an object stream whole to read any object in it (a 2 GiB one took
    1.1 GB and 16 s before qpdf gave up): it is measured first, from its bytes."""
    path = tmp_path / "objstm.pdf"
    path.write_bytes(object_stream_bomb(512))
    assert path.stat().st_size < 1_000_000
    small = tmp_path / "small.pdf"
    small.write_bytes(object_stream_bomb(1))
    assert "file.limits" not in rules(preflight(small, profile="screen"))
    report = preflight(path, profile="screen")
    (text,) = texts(report, "file.limits")
    assert "error: object 6 0 (an object stream) decodes to more than 256 MB" in text
    assert "the file was not checked" in text and report.pages is None


def test_a_file_over_the_total_limit_is_not_read(good):
    edit(good, lambda pdf: [add_bomb(pdf, n, 3 << 20) for n in (1, 2)])
    limits = PdfLimits(stream_bytes=4 << 20, pdf_bytes=5 << 20)
    report = preflight(good, limits=limits)
    (text,) = texts(report, "file.limits")
    assert "the file's streams decode to more than 5 MB together" in text


def test_a_file_over_the_page_limit(good):
    report = preflight(good, limits=PdfLimits(pages=1))
    (text,) = texts(report, "file.limits")
    assert "the file has 2 pages, more than the limit of 1; it was not checked" in text


def test_an_operator_that_is_not_utf8_costs_no_check(good):
    """A damaged operator is an unknown operator: the RGB fill after it still counts."""
    edit(good, lambda pdf: add_content(pdf, 1, b"q \xe9\xff Q 1 0 0 rg 0 0 10 10 re f"))
    report = preflight(good)
    assert "check.failed" not in rules(report)
    (text,) = texts(report, "colour.rgb")
    assert "page 1: error: the page content uses DeviceRGB colour: 'rg' operator x1" in text


def test_one_broken_page_costs_only_that_page(good, monkeypatch):
    from typeset.preflight import content

    real = content.scan_page

    def breaks_on_page_two(page, resources):  # type: ignore[no-untyped-def]
        if page.get("/Broken"):
            raise RuntimeError("unreadable object")
        return real(page, resources)

    monkeypatch.setattr("typeset.preflight.document.scan_page", breaks_on_page_two)

    def mark(pdf: pikepdf.Pdf) -> None:
        pdf.pages[1].obj["/Broken"] = True
        for number in (1, 2):
            add_content(pdf, number, b"1 0 0 rg 0 0 10 10 re f")

    edit(good, mark)
    report = preflight(good)
    colour = texts(report, "colour.rgb")
    assert len(colour) == 1 and ": page 1: " in colour[0]
    failed = texts(report, "check.failed")
    assert any(
        ": page 2: " in t and "the colour check could not read this page" in t for t in failed
    )


def test_a_false_page_count(tmp_path):
    objects = text_page()
    objects[1] = objects[1].replace(b"/Count 1", b"/Count 2147483648")
    path = tmp_path / "count.pdf"
    path.write_bytes(raw_pdf(objects))
    report = preflight(path, profile="screen")
    (text,) = texts(report, "file.damaged")
    assert "the page tree says the file has 2,147,483,648 pages (/Count), but it holds 1" in text


def test_data_after_the_end_is_a_warning_not_damage(good, tmp_path):
    archive = tmp_path / "extra.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("notes.bin", bytes(range(256)) * 256)  # 64 KB, stored
    appended = archive.read_bytes()
    with good.open("ab") as stream:
        stream.write(appended)
    report = preflight(good)
    assert rules(report) == {"file.warning"}, [f.format() for f in report.findings]
    (text,) = texts(report, "file.warning")
    assert "warning: data after the end of the PDF, ignored" in text
    assert f"({len(appended):,} bytes after the last %%EOF)" in text


def test_an_appended_update_is_not_taken_for_junk(good):
    """What follows %%EOF and looks like a PDF update is left to qpdf to judge,
    never cut away as junk."""
    with good.open("ab") as stream:
        stream.write(b"\n9 0 obj\n<< /Broken true >>\nendobj\nxref\n")
    report = preflight(good)
    assert not any("after the end" in t for t in texts(report, "file.warning"))


def test_collapse_is_linear_in_problems():
    """50,000 pages, one problem on each: said once, at once."""
    problems = [Problem("boxes.missing", "no TrimBox", n) for n in range(1, 50_001)]
    (once,) = collapse(problems, 50_000)
    assert once.message == "no TrimBox (on all 50000 pages)" and once.page is None


def test_cli_says_the_bomb_and_exits_1(good, capsys):
    edit(good, lambda pdf: add_bomb(pdf, 1, 300 << 20))
    code = main(["preflight", str(good), "--profile", "screen"])
    out = capsys.readouterr()
    assert code == 1
    assert "error: object" in out.out + out.err
    assert "Traceback" not in out.err


def test_xml_metadata_that_is_not_xmp_is_said_without_a_traceback(tmp_path, capsys, caplog):
    path = tmp_path / "not-xmp.pdf"
    path.write_bytes(not_xmp())
    main(["preflight", str(path), "--profile", "print"])
    err = capsys.readouterr().err
    # pikepdf logs its traceback (pytest takes log records: they are looked for there)
    assert not [r.getMessage() for r in caplog.records if r.name.startswith("pikepdf")]
    assert "Traceback" not in err
    assert f"{path}: warning: the XMP metadata cannot be read: " in err
    assert "Metadata seems to be XML but not XMP" in err

"""`typeset compile` with difficult input: sidecar mistakes, numbering
problems, passwords, damaged files, stale builds. Nothing is lost silently and
a failed compile leaves no file."""

from __future__ import annotations

import io
import os
import random
import subprocess
import zlib
from pathlib import Path

import pikepdf
import pypdf
import pytest
from conftest import MINIMAL, Workspace
from foreign import draw, with_extras, write_issue
from PIL import Image

from typeset.cli import main
from typeset.compile import inputs
from typeset.compile.survey import Survey

PAGES = [["Old headline one", "text"], ["Old headline two", "text"]]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["compile", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def foreign_only(tmp_path: Path, capsys: pytest.CaptureFixture[str], *extra: str):
    """Compile 2024 from tmp_path/pdfs (with the demo brand beside it)."""
    Workspace(tmp_path / "pdfs")  # writes brand.yaml
    return run(
        capsys, "2024", "--pdfs", str(tmp_path / "pdfs"), "-o", str(tmp_path / "out"), *extra
    )


def no_volume(tmp_path: Path) -> bool:
    out = tmp_path / "out"
    return not out.exists() or not [p for p in out.iterdir() if p.suffix in (".pdf", ".part")]


def test_sidecar_errors_are_all_reported_with_their_place(tmp_path, capsys):
    pdfs = tmp_path / "pdfs"
    write_issue(pdfs, "2024-01", draw(PAGES), number=1, date="2024-01-05")
    (pdfs / "2024-01.yaml").write_text(
        "number: 01x\ndate: 2024-02-30\ntitel: Old\nitems:\n  - headline: One\n    page: zero\n",
        encoding="utf-8",
    )
    code, _, err = foreign_only(tmp_path, capsys)
    assert code == 1
    side = pdfs / "2024-01.yaml"
    assert f"{side}:1:9: error: number: expected a whole number, found text" in err
    assert f"{side}:2:7: error: date: invalid date '2024-02-30'" in err
    assert f"{side}:3:1: error: titel: unknown key 'titel'" in err
    assert "hint: did you mean 'title'?" in err
    assert f"{side}:6:11: error: items[1].page: expected a whole number, found text" in err
    assert no_volume(tmp_path)


def test_a_pdf_without_sidecar_and_a_sidecar_without_pdf_are_errors(tmp_path, capsys):
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    (pdfs / "lonely.pdf").write_bytes(draw(PAGES))
    (pdfs / "orphan.yaml").write_text("number: 3\ndate: 2024-01-01\n", encoding="utf-8")
    code, _, err = foreign_only(tmp_path, capsys)
    assert code == 1
    assert f"{pdfs / 'lonely.pdf'}: error: no sidecar lonely.yaml describing this back issue" in err
    assert f"{pdfs / 'orphan.yaml'}: error: a sidecar without its PDF" in err


def test_duplicate_number_is_an_error_and_a_gap_a_warning(tmp_path, capsys):
    pdfs = tmp_path / "pdfs"
    write_issue(pdfs, "a", draw(PAGES), number=1, date="2024-01-05")
    write_issue(pdfs, "b", draw(PAGES), number=1, date="2024-02-05")
    write_issue(pdfs, "c", draw(PAGES), number=4, date="2024-04-05")
    code, _, err = foreign_only(tmp_path, capsys)
    assert code == 1
    assert (
        f"{pdfs / 'b.yaml'}:1:9: error: duplicate issue No.1: {pdfs / 'a.yaml'} has the same" in err
    )
    assert "warning: 2024: no issue numbered No.2–3 between No.1 and No.4" in err
    assert no_volume(tmp_path)


def test_an_issue_numbered_inside_the_year_but_dated_outside_it_is_an_error(tmp_path, capsys):
    pdfs = tmp_path / "pdfs"
    write_issue(pdfs, "a", draw(PAGES), number=1, date="2024-01-05")
    write_issue(pdfs, "b", draw(PAGES), number=2, date="2023-02-05")
    write_issue(pdfs, "c", draw(PAGES), number=3, date="2024-03-05")
    write_issue(pdfs, "2024-04", draw(PAGES), number=4, date="2025-04-05")
    code, _, err = foreign_only(tmp_path, capsys)
    assert code == 1
    assert "error: No.2 is dated 2023-02-05, outside 2024, but 2024 runs from No.1 to No.3" in err
    assert "error: the file name says 2024 but the issue is dated 2025-04-05" in err


def test_encrypted_input_opens_with_a_password_from_the_command_line(tmp_path, capsys):
    pdfs = tmp_path / "pdfs"
    locked = with_extras(draw(PAGES), password="pw1")
    write_issue(pdfs, "locked", locked, number=1, date="2024-01-05")
    code, _, err = foreign_only(tmp_path, capsys)
    assert code == 1
    assert f"{pdfs / 'locked.pdf'}: error: encrypted with a password" in err
    assert "hint: give it in the sidecar (password: …) or with --password" in err
    assert no_volume(tmp_path)
    code, _, err = foreign_only(tmp_path, capsys, "--password", "wrong")
    assert code == 1
    assert "encrypted, and none of the passwords given opens it" in err
    code, _, err = foreign_only(tmp_path, capsys, "--password", "wrong", "--password", "pw1", "-q")
    assert code == 0, err
    volume = pypdf.PdfReader(tmp_path / "out" / "volume-2024.pdf")
    assert not volume.is_encrypted


def _broken_startxref(data: bytes) -> bytes:
    at = data.rindex(b"startxref")
    return data[:at] + b"startxref\n999999\n%%EOF\n"


def test_damaged_input_is_repaired_with_a_warning_and_refused_with_strict(tmp_path, capsys):
    pdfs = tmp_path / "pdfs"
    write_issue(pdfs, "good", draw(PAGES), number=1, date="2024-01-05")
    write_issue(pdfs, "broken", _broken_startxref(draw(PAGES * 2)), number=2, date="2024-02-05")
    code, out, err = foreign_only(tmp_path, capsys)
    assert code == 0, err
    assert f"{pdfs / 'broken.pdf'}: warning: repaired: pypdf:" in err
    assert "No.2 broken.pdf: repaired, 4 pages" in out
    reader = pypdf.PdfReader(tmp_path / "out" / "volume-2024.pdf")
    assert reader.page_labels.count("2-4") == 1
    (tmp_path / "out" / "volume-2024.pdf").unlink()
    code, _, err = foreign_only(tmp_path, capsys, "--strict")
    assert code == 1
    assert f"{pdfs / 'broken.pdf'}: error: damaged (--strict refuses repairs)" in err
    assert no_volume(tmp_path)


def test_truncated_input_that_qpdf_rebuilds_is_used_with_a_warning(tmp_path, capsys):
    pdfs = tmp_path / "pdfs"
    data = draw(PAGES)
    truncated = data[: data.rindex(b"xref")]  # no cross-reference table, no trailer
    write_issue(pdfs, "cut", truncated, number=1, date="2024-01-05")
    code, _, err = foreign_only(tmp_path, capsys)
    assert code == 0, err
    assert f"{pdfs / 'cut.pdf'}: warning: repaired" in err


def test_an_input_without_startxref_is_a_repair_and_refused_with_strict(tmp_path, capsys):
    pdfs = tmp_path / "pdfs"
    data = draw(PAGES)
    write_issue(pdfs, "cut", data[: data.rindex(b"startxref")], number=1, date="2024-01-05")
    code, _, err = foreign_only(tmp_path, capsys)
    assert code == 0, err
    assert f"{pdfs / 'cut.pdf'}: warning: repaired: rebuilt by qpdf: can't find startxref" in err
    (tmp_path / "out" / "volume-2024.pdf").unlink()
    code, _, err = foreign_only(tmp_path, capsys, "--strict")
    assert code == 1
    assert f"{pdfs / 'cut.pdf'}: error: damaged (--strict refuses repairs): rebuilt by qpdf" in err
    assert no_volume(tmp_path)


def test_a_repair_only_qpdf_needs_is_reported_too(tmp_path, capsys):
    """Zeros after the end (cairo 1.16 pads its files so): pypdf finds the
    startxref and reads on without a word, but qpdf, and viewers, look for it
    in the last 1,024 bytes and must rebuild the cross-reference table."""
    pdfs = tmp_path / "pdfs"
    write_issue(pdfs, "padded", draw(PAGES) + b"\0" * 2048, number=1, date="2024-01-05")
    code, _, err = foreign_only(tmp_path, capsys)
    assert code == 0, err
    assert f"{pdfs / 'padded.pdf'}: warning: repaired: qpdf: can't find startxref" in err
    assert "stream <" not in err  # qpdf's name for a file read from memory
    (tmp_path / "out" / "volume-2024.pdf").unlink()
    code, _, err = foreign_only(tmp_path, capsys, "--strict")
    assert code == 1
    assert f"{pdfs / 'padded.pdf'}: error: damaged (--strict refuses repairs): qpdf: " in err
    assert no_volume(tmp_path)


def test_unrecoverable_input_is_an_error_naming_the_file(tmp_path, capsys):
    pdfs = tmp_path / "pdfs"
    write_issue(pdfs, "good", draw(PAGES), number=1, date="2024-01-05")
    write_issue(pdfs, "junk", b"%PDF-1.4\n" + b"\x00garbage" * 50, number=2, date="2024-02-05")
    code, _, err = foreign_only(tmp_path, capsys)
    assert code == 1
    assert f"{pdfs / 'junk.pdf'}: error: damaged beyond repair" in err
    assert no_volume(tmp_path)


def test_a_repair_that_loses_pages_is_an_error(tmp_path, monkeypatch):
    path = tmp_path / "x.pdf"
    path.write_bytes(draw(PAGES))
    monkeypatch.setattr(inputs, "_pdfium", lambda data, password, **wanted: Survey(5))
    with pytest.raises(inputs.Refused) as caught:
        inputs.open_pdf(path)
    assert "another reader finds 5 pages, but only 2 could be recovered" in str(caught.value)


def test_a_sidecar_item_past_the_last_page_is_an_error(tmp_path, capsys):
    pdfs = tmp_path / "pdfs"
    write_issue(pdfs, "a", draw(PAGES), number=1, date="2024-01-05", items=[("Far away", 9)])
    code, _, err = foreign_only(tmp_path, capsys)
    assert code == 1
    assert "error: item 'Far away' is on page 9, but a.pdf has 2 pages" in err


def test_our_issues_are_built_once_and_again_when_their_yaml_changes(workspace, tmp_path, capsys):
    one = workspace.issue("one.yaml", MINIMAL.format(headline="One", summary="Text."))
    out = tmp_path / "out"
    argv = ("2024", "--issues", str(workspace.root), "-o", str(out))
    code, first, _ = run(capsys, *argv)
    assert code == 0
    assert "[1/1] No.7 one.yaml: built (1 page)" in first
    code, second, _ = run(capsys, *argv)
    assert "No.7 one.yaml: up to date" in second
    later = (out / ".cache" / "brand-fonts" / "one.pdf").stat().st_mtime + 5
    os.utime(one, (later, later))
    code, third, _ = run(capsys, *argv)
    assert "No.7 one.yaml: built" in third


def test_usage_errors(tmp_path, capsys):
    assert run(capsys, "--issues", str(tmp_path))[0] == 2
    assert run(capsys, "2024")[0] == 2
    assert run(capsys, "2024", "2025", "--issues", str(tmp_path), "-o", "x.pdf")[0] == 2
    assert run(capsys, "2024", "--issues", str(tmp_path), "--catalog", "x.txt")[0] == 2
    code = main(["compile", "--help"])
    assert code == 0
    assert "exit status" in capsys.readouterr().out


def _undecodable(data: bytes) -> bytes:
    """`data` with page 2's content stream damaged in the middle (as a bad
    disk or transfer leaves it) and a resource stream of bad LZW codes."""
    rng = random.Random(5)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[1]
        text = b"".join(b"BT 72 %d Td ET\n" % rng.randrange(10**9) for _ in range(300))
        packed = zlib.compress(text)
        broken = packed[:300] + bytes(rng.randrange(256) for _ in range(200)) + packed[500:]
        page.obj.Contents = pdf.make_stream(broken, Filter=pikepdf.Name.FlateDecode)
        lzw = pdf.make_stream(bytes(rng.randrange(256) for _ in range(300)))
        lzw.Filter = pikepdf.Name.LZWDecode
        page.obj.Resources.Stray = lzw
        # an image qpdf does not decode itself (JPEG) is sound and must stay as it is
        photo = io.BytesIO()
        Image.new("RGB", (8, 8), (200, 30, 30)).save(photo, "JPEG")
        jpeg = pdf.make_stream(photo.getvalue(), Filter=pikepdf.Name.DCTDecode)
        jpeg.Type, jpeg.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
        jpeg.Width = jpeg.Height = jpeg.BitsPerComponent = 8
        jpeg.ColorSpace = pikepdf.Name.DeviceRGB
        pdf.pages[0].obj.Resources.XObject = pikepdf.Dictionary(Photo=jpeg)
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def test_undecodable_streams_are_repaired_by_name_and_refused_with_strict(tmp_path, capsys):
    pdfs = tmp_path / "pdfs"
    write_issue(pdfs, "bad", _undecodable(draw(PAGES)), number=1, date="2024-01-05")
    code, _, err = foreign_only(tmp_path, capsys)
    assert code == 0, err
    assert f"{pdfs / 'bad.pdf'}: warning: repaired: object " in err
    assert "undecodable stream (inflate: data: invalid distance too far back)" in err
    assert "undecodable stream (LZWDecoder: bad code received)" in err
    assert err.count("undecodable stream") == 2
    volume = tmp_path / "out" / "volume-2024.pdf"
    checked = subprocess.run(["qpdf", "--check", str(volume)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    reader = pypdf.PdfReader(volume)
    first = reader.pages[reader.page_labels.index("1-1")]
    assert "Old headline one" in first.extract_text()
    assert first["/Resources"]["/XObject"]["/Photo"].get_object()._data.startswith(b"\xff\xd8")
    volume.unlink()
    code, _, err = foreign_only(tmp_path, capsys, "--strict")
    assert code == 1
    assert "error: damaged (--strict refuses repairs): object " in err
    assert no_volume(tmp_path)

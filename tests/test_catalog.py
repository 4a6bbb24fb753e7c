"""The finding aid: a row per issue (bound, repaired or missing, with its source
file, checksum, producer, version, pages and warnings) and a row per item."""

from __future__ import annotations

import csv
import hashlib

import pypdf
import pypdfium2 as pdfium
from conftest import brand_text
from foreign import draw, write_issue

from typeset.cli import main


def _broken_startxref(data: bytes) -> bytes:
    at = data.rindex(b"startxref")
    return data[:at] + b"startxref\n999999\n%%EOF\n"


def test_issue_rows_say_how_each_issue_was_bound_and_which_is_missing(tmp_path, capsys):
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    (pdfs / "brand.yaml").write_text(brand_text(), encoding="utf-8")
    good = write_issue(
        pdfs,
        "2024-01-a",
        draw([["Winter lunch", "Soup."], ["Choir news", "Songs."]]),
        number=1,
        date="2024-01-05",
        title="Winter",
        items=[("Winter lunch", 1), ("Choir news", 2)],
    )
    write_issue(pdfs, "2024-02-b", draw([["No items here", "Text."]]), number=2, date="2024-02-02")
    write_issue(
        pdfs,
        "2024-04-d",
        _broken_startxref(draw([["Spring fair", "Text."]])),
        number=4,
        date="2024-04-04",
        items=[("Spring fair", 1)],
    )
    target = tmp_path / "out" / "finding-aid.csv"
    argv = ["compile", "2024", "--pdfs", str(pdfs), "-o", str(tmp_path / "out")]
    assert main([*argv, "--catalog", str(target)]) == 0
    assert "finding-aid.csv: 7 rows" in capsys.readouterr().out
    with target.open(encoding="utf-8") as stream:
        table = list(csv.DictReader(stream))
    assert [(r["row"], r["issue"], r["status"]) for r in table] == [
        ("issue", "1", "bound"),
        ("item", "1", ""),
        ("item", "1", ""),
        ("issue", "2", "bound"),
        ("issue", "3", "missing"),
        ("issue", "4", "repaired"),
        ("item", "4", ""),
    ]
    first = table[0]
    assert first["source"] == "2024-01-a.pdf"
    assert first["sha256"] == hashlib.sha256(good.read_bytes()).hexdigest()
    assert first["producer"] == "ReportLab PDF Library - (opensource)"
    assert first["pdf_version"] == "1.3"  # ReportLab's canvas writes %PDF-1.3
    assert (first["source_pages"], first["issue_title"], first["date"]) == (
        "2",
        "Winter",
        "2024-01-05",
    )
    front = int(first["volume_page"]) - 1
    assert first["volume_pages"] == f"{front + 1}–{front + 2}"
    assert table[2]["headline"] == "Choir news" and table[2]["volume_page"] == str(front + 2)
    missing = table[4]
    assert missing["warnings"] == "no issue numbered No.3 in 2024" and missing["sha256"] == ""
    contents = pdfium.PdfDocument(tmp_path / "out" / "volume-2024.pdf")[1]
    text = "".join(contents.get_textpage().get_text_range().split())
    assert text.index("NO.2·2FEBRUARY2024") < text.index("No.3·missing") < text.index("NO.4·")
    repaired = table[5]
    assert repaired["warnings"].startswith("repaired: ")
    assert repaired["source_pages"] == "1" and repaired["volume_pages"] == str(front + 4)


def test_allow_missing_binds_the_year_with_a_page_for_an_unusable_input(tmp_path, capsys):
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    (pdfs / "brand.yaml").write_text(brand_text(), encoding="utf-8")
    write_issue(pdfs, "2024-01-a", draw([["Winter lunch", "Soup."]]), number=1, date="2024-01-05")
    write_issue(pdfs, "2024-02-b", b"%PDF-1.4\n" + b"\x00" * 64, number=2, date="2024-02-02")
    write_issue(pdfs, "2024-03-c", draw([["Spring fair", "Text."]]), number=3, date="2024-03-01")
    broken = pdfs / "2024-02-b.pdf"
    out = tmp_path / "out"
    argv = ["compile", "2024", "--pdfs", str(pdfs), "-o", str(out), "-q"]
    assert main(argv) == 1
    assert f"{broken}: error: " in capsys.readouterr().err
    assert not (out / "volume-2024.pdf").exists()

    catalog = out / "aid.csv"
    assert main([*argv, "--allow-missing", "--catalog", str(catalog)]) == 0
    err = capsys.readouterr().err
    assert f"{broken}: warning: missing from the volume: " in err
    volume = out / "volume-2024.pdf"
    reader = pypdf.PdfReader(volume)
    labels = reader.page_labels
    stand_in = labels.index("2-1")
    assert labels[stand_in + 1] == "3-1" and len(reader.pages) == stand_in + 2
    document = pdfium.PdfDocument(volume)
    page = " ".join(document[stand_in].get_textpage().get_text_range().split())
    # the brand's words (number, date, missing, why), not the library's exception
    assert "No.2 2 FEBRUARY 2024 · MISSING Its file is damaged beyond repair." in page
    assert "Error" not in page and "startxref" not in page
    cover = "".join(document[0].get_textpage().get_text_range().split())
    assert "No.1–No.3" in cover and "3issues" in cover
    contents = "".join(document[1].get_textpage().get_text_range().split())
    assert "NO.2·2FEBRUARY2024·MISSING" in contents
    outline = [node.title for node in reader.outline[2] if not isinstance(node, list)]
    assert outline[1] == "No.2 – February 2024 · missing"
    with catalog.open(encoding="utf-8") as stream:
        table = list(csv.DictReader(stream))
    row = next(r for r in table if r["issue"] == "2")
    assert (row["status"], row["source"], row["volume_pages"]) == (
        "missing",
        "2024-02-b.pdf",
        str(stand_in + 1),
    )
    assert row["warnings"].startswith("missing from the volume: ")

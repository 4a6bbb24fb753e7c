"""Sidecars typed by an archivist: items without pages (found in the PDF's
text), quoted dates, mistakes reported at the item, a draft offered for a
missing sidecar, and the volume's words for one issue and its index order."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
from conftest import brand_text
from foreign import draw, with_extras
from pdfcheck import squash

from typeset.cli import main

PAGES = [
    ["Zebra crossing repainted", "Text of page one."],
    ["A page of notices", "Nothing to see."],
    # the headline is printed in other case, without its accent, and
    # hyphenated across two lines
    ["THE MODEL RAIL-", "WAY CLUB MEETS", "at the Cafe Lumière."],
]
SIDECAR = """\
number: 7
date: "2024-05-03"
items:
  - headline: Zebra crossing repainted
  - headline: The model railway club meets
  - headline: Notices
    page: 2
"""


def _folder(tmp_path: Path, sidecar: str = SIDECAR) -> Path:
    folder = tmp_path / "pdfs"
    folder.mkdir()
    (folder / "brand.yaml").write_text(brand_text(), encoding="utf-8")
    (folder / "2024-05-old.pdf").write_bytes(draw(PAGES))
    (folder / "2024-05-old.yaml").write_text(sidecar, encoding="utf-8")
    return folder


def _compile(folder: Path, out: Path) -> int:
    return main(
        [
            "compile",
            "2024",
            "--pdfs",
            str(folder),
            "-o",
            str(out),
            "--catalog",
            str(out / "catalog.json"),
            "-q",
        ]
    )


def _text(path: Path, index: int) -> str:
    document = pdfium.PdfDocument(path)
    try:
        return squash(document[index].get_textpage().get_text_range())
    finally:
        document.close()


def test_items_without_pages_bind_on_the_page_their_headline_is_printed(tmp_path):
    out = tmp_path / "out"
    assert _compile(_folder(tmp_path), out) == 0
    rows = json.loads((out / "catalog.json").read_text("utf-8"))
    pages = {row["headline"]: row["issue_page"] for row in rows if row["row"] == "item"}
    assert pages == {
        "Zebra crossing repainted": 1,
        "The model railway club meets": 3,
        "Notices": 2,
    }
    labels = pypdf.PdfReader(out / "volume-2024.pdf").page_labels
    for row in rows[1:]:
        assert labels[row["volume_page"] - 1] == f"7-{row['issue_page']}"


def test_the_cover_says_one_issue_and_the_index_files_the_model_under_m(tmp_path):
    out = tmp_path / "out"
    assert _compile(_folder(tmp_path), out) == 0
    volume = out / "volume-2024.pdf"
    cover = _text(volume, 0)
    assert "1issue·3May2024" in cover and "1issues" not in cover
    assert "–" not in cover.split("1issue·")[1][:30]  # one date, not a range of one
    labels = pypdf.PdfReader(volume).page_labels
    index = "".join(_text(volume, i) for i, label in enumerate(labels) if label.startswith("index"))
    model = index.index("Themodelrailwayclubmeets")
    assert index.index("Notices") > model > index.index("M")
    assert index.index("Zebra") > index.index("Notices")
    assert "T" not in index[: index.index("Zebra")].replace("Themodel", "")


def test_an_item_not_in_the_text_is_an_error_at_the_item_suggesting_its_page(tmp_path, capsys):
    sidecar = SIDECAR.replace("Zebra crossing repainted", "Zebra crossing closed")
    folder = _folder(tmp_path, sidecar)
    out = tmp_path / "out"
    assert _compile(folder, out) == 1
    err = capsys.readouterr().err
    side = folder / "2024-05-old.yaml"
    assert (
        f"{side}:4:5: error: item 'Zebra crossing closed': the headline is not in the text "
        "of 2024-05-old.pdf, so its page cannot be found" in err
    )
    assert "hint: give the page it starts on (page: 3), or correct the headline" in err
    assert not (out / "volume-2024.pdf").exists()


def test_a_page_beyond_the_pdf_is_reported_at_the_item(tmp_path, capsys):
    folder = _folder(tmp_path, SIDECAR.replace("page: 2", "page: 9"))
    assert _compile(folder, tmp_path / "out") == 1
    err = capsys.readouterr().err
    side = folder / "2024-05-old.yaml"
    assert f"{side}:6:5: error: item 'Notices' is on page 9, but 2024-05-old.pdf has 3 pages" in err


def test_a_quoted_date_that_is_not_in_the_calendar_is_an_error(tmp_path, capsys):
    folder = _folder(tmp_path, SIDECAR.replace('"2024-05-03"', '"2024-02-30"'))
    assert _compile(folder, tmp_path / "out") == 1
    err = capsys.readouterr().err
    assert f"{folder / '2024-05-old.yaml'}:2:7: error: date: '2024-02-30' is not a date" in err


def test_a_missing_sidecar_is_an_error_showing_what_the_pdf_suggests(tmp_path, capsys):
    folder = _folder(tmp_path)
    (folder / "2024-05-old.yaml").unlink()
    (folder / "2024-06-no8.pdf").write_bytes(
        draw([["Harvest supper", "Issue 8 · 14 June 2024"], ["Notices", "Text."]])
    )
    assert _compile(folder, tmp_path / "out") == 1
    err = capsys.readouterr().err
    pdf = folder / "2024-06-no8.pdf"
    assert f"{pdf}: error: no sidecar 2024-06-no8.yaml describing this back issue" in err
    assert f"hint: draft it with `typeset sidecar {pdf} --write`, then review it" in err
    assert "hint: the PDF suggests number: 8, date: 2024-06-14, " in err


def _outline_under_issue(volume: Path) -> list[tuple[str, int]]:
    """The bookmarks under the one issue of `volume`: (title, page from 1 in the issue)."""
    reader = pypdf.PdfReader(volume)
    first = reader.page_labels.index("7-1")
    year = reader.outline[2]  # Contents, the year, its issues, Index
    assert isinstance(year, list)
    nodes = year[1]
    assert isinstance(nodes, list)
    return [
        (node.title, reader.get_destination_page_number(node) - first + 1)
        for node in nodes
        if not isinstance(node, list)
    ]


def test_a_foreign_outline_stays_whole_unless_the_items_were_drafted_from_it(tmp_path):
    outline = [("Zebra crossing repainted", 0, []), ("Notices", 1, []), ("Club news", 2, [])]
    folder = _folder(tmp_path)
    pdf = folder / "2024-05-old.pdf"
    pdf.write_bytes(with_extras(draw(PAGES), outline=outline))
    # two items match bookmarks, one does not: every bookmark is kept
    assert _compile(folder, tmp_path / "out") == 0
    assert _outline_under_issue(tmp_path / "out" / "volume-2024.pdf") == [
        ("Zebra crossing repainted", 1),
        ("The model railway club meets", 3),
        ("Notices", 2),
        ("Zebra crossing repainted", 1),
        ("Notices", 2),
        ("Club news", 3),
    ]
    # a sidecar drafted from the outline: each bookmark once, as an item
    (folder / "2024-05-old.yaml").unlink()
    assert main(["sidecar", str(pdf), "--write", "-q"]) == 0
    side = folder / "2024-05-old.yaml"
    drafted = side.read_text(encoding="utf-8")
    assert "from the PDF's outline (3 bookmarks)" in drafted
    # the review: the PDF does not print its number, the archivist types it
    side.write_text(re.sub(r"(?m)^number:.*$", "number: 7", drafted), encoding="utf-8")
    assert _compile(folder, tmp_path / "again") == 0
    assert _outline_under_issue(tmp_path / "again" / "volume-2024.pdf") == [
        ("Zebra crossing repainted", 1),
        ("Notices", 2),
        ("Club news", 3),
    ]

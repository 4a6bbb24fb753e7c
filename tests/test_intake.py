"""`typeset sidecar`: drafts of foreign back issues' sidecars, read from the PDF."""

from __future__ import annotations

import re
from pathlib import Path

import backissues
import pytest
import yaml
from foreign import draw, with_extras
from reportlab.pdfgen.canvas import Canvas

from typeset.cli import main
from typeset.compile.pagetext import fold
from typeset.compile.sidecar import load_sidecar

#: a line that sets a value (not a comment, not a list's own key line)
VALUE = re.compile(r"^\s*(?:- )?(number|date|title|headline|page|password): *(\S.*)?$")


def _draft(pdf: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["sidecar", str(pdf), *args]) == 0
    return capsys.readouterr().out


def _share_right(text: str, known: list[tuple[str, int]]) -> float:
    drafted = {(fold(i["headline"]), i["page"]) for i in yaml.safe_load(text)["items"] or []}
    return sum((fold(h), p) in drafted for h, p in known) / len(known)


def _every_guess_marked(text: str) -> None:
    for line in text.splitlines():
        found = VALUE.match(line)
        if found and found[2] and not found[2].startswith("#"):
            assert "# guess" in line or "password" in line, line


@pytest.mark.parametrize("maker", ["word_processor", "two_columns"])
def test_a_draft_finds_the_items_and_their_pages(tmp_path, capsys, maker):
    pdf = tmp_path / "riverside-news.pdf"
    known = getattr(backissues, maker)(pdf)
    text = _draft(pdf, capsys)
    assert _share_right(text, known) >= 0.8
    _every_guess_marked(text)


def test_an_outline_whose_titles_are_not_printed_gives_way_to_the_text(tmp_path, capsys):
    pdf = tmp_path / "riverside-news.pdf"
    known = backissues.word_processor(pdf, bookmarks=[f"Heading {n}" for n in range(1, 7)])
    text = _draft(pdf, capsys)
    assert "the outline's titles are not printed on their pages" in text
    assert "Heading" not in text.split("items:")[1]
    assert _share_right(text, known) >= 0.8
    _every_guess_marked(text)


def test_the_word_processor_draft_reads_number_date_and_title(tmp_path, capsys):
    pdf = tmp_path / "riverside-news.pdf"
    backissues.word_processor(pdf)
    text = _draft(pdf, capsys)
    assert "number: 87  # guess: 'No. 87' in the PDF's /Info title" in text
    assert "date: 2019-03-15  # guess: '15 March 2019' on page 1" in text
    assert 'title: "Riverside News No. 87"  # guess: the PDF\'s /Info title' in text
    assert "from the PDF's outline (6 bookmarks)" in text


def test_the_two_column_draft_reads_the_masthead_and_the_dateline(tmp_path, capsys):
    pdf = tmp_path / "hillside.pdf"
    backissues.two_columns(pdf)
    text = _draft(pdf, capsys)
    assert "number: 42  # guess: 'Issue 42' in page 1" in text
    assert "date: 2021-10-01  # guess: 'October 2021' on page 1 (no day given: the 1st)" in text
    assert 'title: "Hillside Parish Letter"  # guess: the largest text on page 1' in text
    # the running head on every page and the page numbers are not items
    headlines = [i["headline"] for i in yaml.safe_load(text)["items"]]
    assert not any("Parish Letter" in h for h in headlines)
    assert "Harvest supper in the village hall" in headlines  # set on two lines


def test_a_scan_gets_number_date_pages_and_a_note_to_run_ocr(tmp_path, capsys):
    pdf = tmp_path / "2019-05-no89.pdf"
    backissues.scan(pdf, pages=2)
    text = _draft(pdf, capsys)
    assert "number: 89  # guess: 'no89' in the file name '2019-05-no89.pdf'" in text
    assert "date: 2019-05-01  # guess: '2019-05' in the file name (no day given: the 1st)" in text
    assert "# The PDF: 2 pages" in text
    assert "run OCR" in text
    assert yaml.safe_load(text)["items"] == []


def test_a_written_draft_loads_as_a_sidecar_and_is_never_overwritten(tmp_path, capsys):
    pdf = tmp_path / "riverside-news.pdf"
    known = backissues.word_processor(pdf)
    assert main(["sidecar", str(pdf), "--write"]) == 0
    side = tmp_path / "riverside-news.yaml"
    loaded = load_sidecar(side)
    assert (loaded.number, loaded.date.isoformat()) == (87, "2019-03-15")
    assert [(i.headline, i.page) for i in loaded.items] == known
    side.write_text("number: 87\ndate: 2019-03-15\n", encoding="utf-8")  # reviewed
    capsys.readouterr()
    assert main(["sidecar", str(pdf), "--write"]) == 1
    err = capsys.readouterr().err
    assert f"{side}: error: a sidecar already exists; not overwritten" in err
    assert side.read_text(encoding="utf-8") == "number: 87\ndate: 2019-03-15\n"


def test_an_encrypted_pdf_asks_for_its_password(tmp_path, capsys):
    data = with_extras(draw([["No. 12 · 3 May 2022", "body"]]), password="sesame")
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(data)
    text = _draft(pdf, capsys)
    assert 'password: ""  # needed: the PDF is encrypted; type its password' in text
    opened = _draft(pdf, capsys, "--password", "wrong", "--password", "sesame")
    assert 'password: "sesame"  # opened this PDF' in opened
    assert "date: 2022-05-03  # guess: '3 May 2022' on page 1" in opened


def test_not_a_pdf_is_an_error_naming_the_file_and_the_others_are_drafted(tmp_path, capsys):
    bad = tmp_path / "notes.pdf"
    bad.write_text("not a pdf", encoding="utf-8")
    good = tmp_path / "2019-05-no89.pdf"
    backissues.scan(good, pages=1)
    assert main(["sidecar", str(bad), str(good), "--write"]) == 1
    err = capsys.readouterr().err
    assert f"{bad}: error: not a PDF pdfium can read" in err
    assert not (tmp_path / "notes.yaml").exists()
    assert (tmp_path / "2019-05-no89.yaml").exists()


def test_a_nearly_blank_page_is_not_called_a_scan(tmp_path, capsys):
    # A page with one short line and no picture: there is nothing to run OCR on.
    pdf = tmp_path / "2019-06-no90.pdf"
    canvas = Canvas(str(pdf), pagesize=(595, 842))
    canvas.drawString(72, 770, "Hello world")
    canvas.showPage()
    canvas.save()
    text = _draft(pdf, capsys)
    assert "run OCR" not in text
    assert "# Note: almost no text (11 characters on 1 page) and no page is a picture" in text
    assert yaml.safe_load(text)["items"] == []

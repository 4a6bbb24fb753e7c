"""Persian issues and items: set right to left with joined letters, Persian
digits in their order, dates in the Solar Hijri calendar, and every character
checked against the font that will draw it, the date typeset writes included."""

from __future__ import annotations

import re

import pikepdf
import pypdfium2 as pdfium
import pytest
from conftest import latin_only_brand

from typeset.cli import main

PERSIAN = """\
number: 111
date: 2024-03-20
title: روز زن و نوروز
language: fa
items:
  - kicker: همایش
    headline: همایش روز جهانی زن در دفتر تیرانا
    summary: >-
      روز جمعه ۱۸ اسفند ۱۴۰۲، انجمن اورا (Ura Society) همایشی به مناسبت روز
      جهانی زن برگزار کرد. موضوع همایش «زنانی که پل می‌سازند» بود.
    body: |
      مریم صادقی همایش را با سخنانی درباره‌ی *خانواده‌ها* و **پل‌ها** گشود.
  - headline: جشن نوروز ۱۴۰۳
    summary: سال نو را با سفره‌ی هفت‌سین در دفتر تیرانا جشن گرفتیم.
"""


def _build(workspace, text: str, name: str = "issue.yaml"):
    path = workspace.issue(name, text)
    out = workspace.root / "out"
    status = main(["build", str(path), "-o", str(out), "-q", "--edition", "screen"])
    return status, out / path.with_suffix(".pdf").name


def _textpage(pdf):
    return pdfium.PdfDocument(str(pdf))[0].get_textpage()


def _find(textpage, word: str) -> list[tuple[float, float, float, float]]:
    """The character boxes of the first match of `word` on the page."""
    found = textpage.search(word).get_next()
    assert found is not None, f"{word!r} not found in {textpage.get_text_range()!r}"
    start, count = found
    return [textpage.get_charbox(i) for i in range(start, start + count)]


def test_a_persian_issue_builds_and_its_headlines_are_found(workspace):
    status, pdf = _build(workspace, PERSIAN)
    assert status == 0
    textpage = _textpage(pdf)
    for headline in ("همایش روز جهانی زن در دفتر تیرانا", "جشن نوروز ۱۴۰۳"):
        assert _find(textpage, headline)
    # the Persian font is embedded (a subset), beside the brand's Latin fonts
    with pikepdf.open(pdf) as doc:
        names = {
            str(font.BaseFont).split("+", 1)[1]
            for font in doc.pages[0].Resources.Font.values()
            if "/FontDescriptor" in font and "/FontFile2" in font.FontDescriptor
        }
    assert {"NotoNaskhArabic-Bold", "NotoNaskhArabic-Regular"} <= names


def test_a_headline_starts_at_the_right_end_of_its_line(workspace):
    _, pdf = _build(workspace, PERSIAN)
    textpage = _textpage(pdf)
    # the headline in the story, not the contents box: the second match
    search = textpage.search("همایش روز جهانی")
    search.get_next()
    start, count = search.get_next()
    boxes = [textpage.get_charbox(i) for i in range(start, start + count)]
    first_right = boxes[0][2]
    assert first_right == max(box[2] for box in boxes)
    assert boxes[0][0] > boxes[-1][0]


def test_persian_digits_read_left_to_right_in_glyph_positions(workspace):
    _, pdf = _build(workspace, PERSIAN)
    boxes = _find(_textpage(pdf), "۱۴۰۳")
    lefts = [box[0] for box in boxes]
    assert lefts == sorted(lefts) and len(set(lefts)) == 4


def test_the_date_is_solar_hijri_with_the_gregorian_beside_it(workspace):
    # Nowruz 1403 is 20 March 2024: 1 Farvardin 1403
    _, pdf = _build(workspace, PERSIAN)
    text = _textpage(pdf).get_text_range()
    assert "۱ فروردین ۱۴۰۳ (۲۰ مارس ۲۰۲۴)" in text


def test_a_latin_name_inside_persian_text_stays_left_to_right(workspace):
    _, pdf = _build(workspace, PERSIAN)
    boxes = _find(_textpage(pdf), "Society")
    lefts = [box[0] for box in boxes]
    assert lefts == sorted(lefts)


def test_a_persian_item_in_an_english_issue(workspace):
    text = (
        "number: 7\ndate: 2024-05-01\nitems:\n"
        "  - headline: A Latin headline\n    summary: In English.\n"
        "  - headline: جشن نوروز\n    language: fa\n    summary: سال نو مبارک.\n"
    )
    status, pdf = _build(workspace, text)
    assert status == 0
    textpage = _textpage(pdf)
    assert _find(textpage, "جشن نوروز") and _find(textpage, "A Latin headline")
    # the English date stays English
    assert "1 May 2024" in textpage.get_text_range()


def test_persian_digits_alone_are_not_refused(workspace):
    status, pdf = _build(
        workspace,
        "number: 7\ndate: 2024-05-01\nitems:\n  - headline: The year ۱۴۰۳\n    summary: Nowruz.\n",
    )
    assert status == 0
    assert _find(_textpage(pdf), "۱۴۰۳")


def test_bidi_overrides_stay_refused_in_persian_text(workspace, capsys):
    status, pdf = _build(
        workspace,
        "number: 7\ndate: 2024-05-01\nlanguage: fa\nitems:\n"
        '  - headline: "سلام \\u202Eدنیا"\n    summary: متن.\n',
    )
    assert status == 1 and not pdf.exists()
    err = capsys.readouterr().err
    assert "items[1].headline" in err and "U+202E" in err


def test_a_persian_issue_without_a_persian_font_names_the_brand_key(workspace, capsys):
    (workspace.root / "brand.yaml").write_text(latin_only_brand(), encoding="utf-8")
    status, pdf = _build(workspace, PERSIAN)
    assert status == 1 and not pdf.exists()
    err = capsys.readouterr().err
    assert (
        "issue.yaml:4:11: error: language: fa is written in the Arabic script, and the brand "
        "(brand.yaml) has no font for it" in err
    )
    assert "issue.yaml:7:15: error: items[1].headline: 'ه' (U+0647 ARABIC LETTER HEH) is " in err
    assert (
        err.count("hint: add a font for the Arabic script (Persian) to the brand as fonts.arabic")
        >= 2
    )
    # the date (generated text) is not reported again: the language said it
    assert "date (printed as" not in err


def test_a_persian_item_without_a_persian_font_names_the_item(workspace, capsys):
    (workspace.root / "brand.yaml").write_text(latin_only_brand(), encoding="utf-8")
    status, _ = _build(
        workspace,
        "number: 7\ndate: 2024-05-01\nitems:\n"
        "  - headline: Nowruz\n    language: fa\n    summary: Greetings.\n",
    )
    assert status == 1
    err = capsys.readouterr().err
    assert "issue.yaml:5:15: error: items[1].language: fa is written in the Arabic script" in err


def test_a_date_the_fonts_cannot_draw_is_an_error_not_a_blank(workspace, capsys):
    # Georgian month names: the brand's Latin fonts have no Georgian letters
    status, pdf = _build(
        workspace,
        "number: 7\ndate: 2024-03-20\nlanguage: ka\nitems:\n  - headline: H\n    summary: S.\n",
    )
    assert status == 1 and not pdf.exists()
    err = capsys.readouterr().err
    assert (
        "issue.yaml:2:7: error: date (printed as '20 მარტი 2024'): no font can draw 'მ' (U+10DB"
        in err
    )


# -- the Persian sample issue ---------------------------------------------------


def test_the_persian_sample_sets_every_headline_right_to_left(tmp_path):
    from conftest import SAMPLES

    sample = SAMPLES / "fa" / "2024-03.yaml"
    # its brand is the samples' brand one folder up, its picture in ../images
    assert main(["build", str(sample), "-o", str(tmp_path), "-q", "--edition", "screen"]) == 0
    document = pdfium.PdfDocument(str(tmp_path / "2024-03.pdf"))
    text = "".join(page.get_textpage().get_text_range() for page in document)
    headlines = [
        "همایش روز جهانی زن در دفتر تیرانا",
        "شادباش نوروز ۱۴۰۳",
        "نوروز دور از خانه در دورس و مانز",
        "لیلا حسینی پس از ۱۴ سال مادرش را یافت",
    ]
    page = document[0].get_textpage()
    for headline in headlines:
        boxes = _find(page, headline)
        # its first character is the rightmost of the line it starts
        same_line = [box for box in boxes if abs(box[1] - boxes[0][1]) < 3]
        assert len(same_line) > len(headline) / 2
        assert boxes[0][2] >= max(box[2] for box in same_line) - 0.01
    assert "۳ فروردین ۱۴۰۳ (۲۲ مارس ۲۰۲۴)" in text
    assert "در این شماره" in text and "صفحه" in text
    # the Latin names keep their letters in order, inside Persian lines
    for name in ("Society", "Hoxha", "Durrës"):
        lefts = [box[0] for box in _find(page, name)]
        assert lefts == sorted(lefts), name
    # ۱۴۰۳ reads left to right in glyph positions
    lefts = [box[0] for box in _find(page, "۱۴۰۳")]
    assert lefts == sorted(lefts)


def test_a_volume_lists_persian_headlines_shaped(workspace):
    workspace.issue("2024-03.yaml", PERSIAN)
    out = workspace.root / "volume.pdf"
    assert main(["compile", "2024", "--issues", str(workspace.root), "-o", str(out), "-q"]) == 0
    document = pdfium.PdfDocument(str(out))
    index = document[len(document) - 1].get_textpage()
    # the index sets the headline right to left, its letters joined (a search
    # for the whole headline finds it only if every glyph maps back)
    boxes = _find(index, "همایش روز جهانی زن در دفتر تیرانا")
    assert boxes[0][2] >= max(box[2] for box in boxes) - 0.01


# -- the right-to-left page ---------------------------------------------------------


@pytest.fixture(scope="module")
def persian_sample(tmp_path_factory):
    from conftest import SAMPLES

    out = tmp_path_factory.mktemp("fa-page")
    sample = SAMPLES / "fa" / "2024-03.yaml"
    assert main(["build", str(sample), "-o", str(out), "-q", "--edition", "screen"]) == 0
    return out / "2024-03.pdf"


def _middle(boxes) -> float:
    return (min(box[0] for box in boxes) + max(box[2] for box in boxes)) / 2


def test_a_persian_page_fills_its_columns_from_the_right(persian_sample):
    document = pdfium.PdfDocument(str(persian_sample))
    width = document[0].get_width()
    page = document[0].get_textpage()
    # the first item opens the first column, on the right; a later one the
    # second column, on the left
    # (words of their texts: the headlines are in "In this issue" too)
    assert _middle(_find(page, "روز جمعه ۸ مارس")) > width / 2
    assert _middle(_find(page, "نخستین دیدار")) < width / 2


def test_a_persian_page_mirrors_its_masthead_and_footer(persian_sample):
    document = pdfium.PdfDocument(str(persian_sample))
    width = document[0].get_width()
    page = document[0].get_textpage()
    # the newsletter's name at the right of the band, the number and date at its left
    name = _find(page, "Ura Newsletter")
    date = _find(page, "۳ فروردین ۱۴۰۳")
    assert max(box[2] for box in name) > width * 0.7
    assert max(box[2] for box in date) < min(box[0] for box in _find(page, "News from"))
    assert max(box[2] for box in date) < width / 3
    # the web address at the left of the strip under the band
    assert max(box[2] for box in _find(page, "example")) < width / 2
    for number in range(len(document)):
        text = document[number].get_textpage()
        # the page label at the left of the footer, in Persian digits
        label = _find(text, f"صفحه\u06cc {'۱۲'[number]}")
        assert max(box[2] for box in label) < width / 3


def test_a_persian_page_sets_a_latin_box_title_at_the_right(persian_sample):
    document = pdfium.PdfDocument(str(persian_sample))
    last = document[len(document) - 1]
    title = _find(last.get_textpage(), "URA SOCIETY")
    assert min(box[0] for box in title) > last.get_width() * 0.7


def test_a_persian_page_numbers_in_this_issue_in_persian_digits(persian_sample):
    document = pdfium.PdfDocument(str(persian_sample))
    text = document[0].get_textpage().get_text_range()
    contents = text[text.index("در این شماره") : text.index("همایش", text.index("۲ جشن"))]
    assert re.findall(r"[0-9]", contents) == []
    assert contents.count("۱") >= 4 and "۲ جشن" in contents


def test_a_persian_pdf_says_fa_and_its_bookmarks_read_as_written(persian_sample):

    with pikepdf.open(persian_sample) as pdf:
        assert str(pdf.Root.Lang) == "fa"
        with pdf.open_outline() as outline:
            titles = [item.title for item in outline.root]
    assert titles == [
        "همایش روز جهانی زن در دفتر تیرانا",
        "شادباش نوروز ۱۴۰۳",
        "نوروز دور از خانه در دورس و مانز",
        "لیلا حسینی پس از ۱۴ سال مادرش را یافت",
        "جشن سیزده\u200cبه\u200cدر در پارک بزرگ تیرانا",
    ]

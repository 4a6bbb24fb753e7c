"""Persian issues and items: set right to left with joined letters, Persian
digits in their order, dates in the Solar Hijri calendar, and every character
checked against the font that will draw it, the date typeset writes included."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pikepdf
import pypdfium2 as pdfium
import pytest
from conftest import ROOT, latin_only_brand

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
    assert _middle(_find(page, "نخستین پیش")) < width / 2


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
        "پیش\u200cپرده\u200cی «نامه\u200cهایی از آن سوی آب» منتشر شد",
        "لیلا حسینی پس از ۱۴ سال مادرش را یافت",
        "پرسش و پاسخ به فارسی درباره\u200cی حقوق زنان در آلبانی",
        "فعالان شکودر و ولوره از دفتر ما دیدن کردند",
        "جشن سیزده\u200cبه\u200cدر در پارک بزرگ تیرانا",
    ]


# -- Persian paragraphs through the total-fit breaker ------------------------------

#: The Persian sample's first summary: set first-fit (as every Persian
#: paragraph was before it went through the total-fit breaker), two of its
#: lines stretch their spaces to 0.54 and 0.61 em in the sample's column.
SUMMARY = (
    "روز جمعه ۸ مارس، انجمن اورا (Ura Society) در تالار باغ دفتر خود در "
    "تیرانا همایشی به مناسبت روز جهانی زن برگزار کرد. بیش از ۴۰ فعال حقوق "
    "زنان از آلبانی و ایران، همراه با روزنامه‌نگاران و دو گروه تلویزیونی، در "
    "آن شرکت کردند. موضوع همایش *زنانی که میان خانواده‌ها، زبان‌ها و کشورها "
    "پل می‌سازند* بود."
)
BODY = (
    "الیرا هوجا (Elira Hoxha)، وکیل دادگستری، درباره‌ی حقوق قانونی زنان در "
    "آلبانی سخن گفت و نزدیک به یک ساعت به **پرسش‌های حاضران** پاسخ داد و "
    "گفت که فیلم سخنرانی‌ها با زیرنویس آلبانیایی و فارسی در ماه آوریل روی "
    "[وبگاه انجمن](https://ura-society.example.org/films) منتشر می‌شود."
)
JUSTIFIED = f"""\
number: 111
date: 2024-03-22
language: fa
items:
  - headline: همایش روز جهانی زن در دفتر تیرانا
    summary: "{SUMMARY}"
    body: "{BODY}"
"""
SUMMARY_SIZE = 9.8


@dataclass
class _Glyph:
    char: str
    x: float  # origin
    right: float  # origin + advance (pdfium's loose box)
    y: float
    size: float
    font: str


def _glyphs(pdf) -> list[_Glyph]:
    """Every character pdfium reads on page 1, with where it is drawn."""
    import ctypes

    import pypdfium2.raw as raw

    textpage = pdfium.PdfDocument(str(pdf))[0].get_textpage()
    handle = textpage.raw
    x, y = ctypes.c_double(), ctypes.c_double()
    rect = raw.FS_RECTF()
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    found = []
    for index in range(raw.FPDFText_CountChars(handle)):
        if raw.FPDFText_IsGenerated(handle, index):
            continue
        raw.FPDFText_GetCharOrigin(handle, index, ctypes.byref(x), ctypes.byref(y))
        raw.FPDFText_GetLooseCharBox(handle, index, ctypes.byref(rect))
        raw.FPDFText_GetFontInfo(handle, index, name, len(name), ctypes.byref(flags))
        found.append(
            _Glyph(
                chr(raw.FPDFText_GetUnicode(handle, index)),
                x.value,
                rect.right,
                round(y.value, 1),
                raw.FPDFText_GetFontSize(handle, index),
                name.value.decode("latin-1"),
            )
        )
    return found


def _drawn_lines(pdf, size: float) -> list[list[_Glyph]]:
    """The lines of glyphs set at `size` points on page 1, each left to right
    as drawn, in reading order: the right-hand column first, top to bottom.
    (pdfium gives a space glyph of a shaped run size 1: a line is cut where a
    gap opens that no space fills, and kept if most of its glyphs are at `size`.)"""
    rows: dict[float, list[_Glyph]] = {}
    for glyph in _glyphs(pdf):
        if glyph.char not in "\r\n":
            rows.setdefault(glyph.y, []).append(glyph)
    lines = []
    for row in rows.values():
        row.sort(key=lambda glyph: glyph.x)
        current: list[_Glyph] = []
        for glyph in row:
            if current and current[-1].char != " " and glyph.x > current[-1].right + 4:
                lines.append(current)
                current = []
            current.append(glyph)
        lines.append(current)
    kept = []
    for line in lines:
        while line and line[-1].char == " ":
            line = line[:-1]
        glyphs = [glyph for glyph in line if glyph.char != " "]
        if glyphs and sum(abs(g.size - size) < 0.05 for g in glyphs) > len(glyphs) / 2:
            kept.append(line)
    kept.sort(key=lambda line: (-round(line[-1].right / 20), -line[0].y))
    return kept


def _space_ems(line: list[_Glyph], size: float) -> list[float]:
    """Each word space of a line: from the space's origin to the origin of
    the glyph drawn right of it, in em."""
    return [
        (after.x - space.x) / size
        for space, after in zip(line, line[1:], strict=False)
        if space.char == " " and after.char != " "
    ]


def _space_bounds() -> tuple[float, float, float]:
    """The narrowest, natural and widest word space the total-fit breaker
    accepts in its first passes, in em: Noto Naskh Arabic's space, shrunk or
    stretched by the brand's shares of it, the stretch up to the tolerance's
    ratio."""
    from fontTools.ttLib import TTFont

    from typeset.brand import LineBreaking

    font = TTFont(str(ROOT / "fonts" / "noto-naskh-arabic" / "NotoNaskhArabic-Regular.ttf"))
    space = font["hmtx"][font.getBestCmap()[32]][0] / font["head"].unitsPerEm
    knobs = LineBreaking()
    ratio = (knobs.tolerance / 100) ** (1 / 3)
    return space * (1 - knobs.shrink), space, space * (1 + knobs.stretch * ratio)


def test_a_justified_persian_paragraph_reaches_both_column_edges(workspace):
    status, pdf = _build(workspace, JUSTIFIED)
    assert status == 0
    lines = _drawn_lines(pdf, SUMMARY_SIZE)
    assert len(lines) >= 4
    # the paragraph may run on into the next column (the last page balances):
    # a column is known by its right edge, where every line starts
    edges: dict[int, tuple[float, float]] = {}
    for line in lines:
        key = round(line[-1].right / 20)
        right, left = edges.get(key, (line[-1].right, line[0].x))
        edges[key] = (max(right, line[-1].right), min(left, line[0].x))
    assert all(right - left > 200 for right, left in edges.values())
    *full, last = lines
    for line in full:
        right, left = edges[round(line[-1].right / 20)]
        # the line's first glyph (its rightmost) at the right edge, its last
        # (leftmost) at the left edge
        assert line[-1].right == pytest.approx(right, abs=0.05)
        assert line[0].x == pytest.approx(left, abs=0.05)
    right, left = edges[round(last[-1].right / 20)]
    # the last line starts at the right edge and is not stretched
    last_spaces = _space_ems(last, SUMMARY_SIZE)
    assert last_spaces
    assert last[-1].right == pytest.approx(right, abs=0.05)
    assert last[0].x > left + 10
    _, natural, _ = _space_bounds()
    assert _space_ems(last, SUMMARY_SIZE) == pytest.approx([natural] * len(last_spaces), abs=0.005)


def test_justified_persian_word_spaces_stay_within_the_breakers_bounds(workspace):
    narrowest, _, widest = _space_bounds()
    _, pdf = _build(workspace, JUSTIFIED)
    spaces = [s for line in _drawn_lines(pdf, SUMMARY_SIZE)[:-1] for s in _space_ems(line, 9.8)]
    assert len(spaces) > 30
    assert narrowest - 0.005 <= min(spaces) and max(spaces) <= widest + 0.005


def test_first_fit_sets_the_same_persian_paragraph_with_loose_lines(workspace):
    # The breaker the Persian text had before, still the brand's choice with
    # `breaker: greedy`: the same paragraph in the same column has lines whose
    # spaces stretch past what total-fit accepts (and past 0.5 em).
    brand = workspace.root / "brand.yaml"
    brand.write_text(
        brand.read_text(encoding="utf-8") + "line_breaking: {breaker: greedy}\n", encoding="utf-8"
    )
    _, _, widest = _space_bounds()
    status, pdf = _build(workspace, JUSTIFIED)
    assert status == 0
    lines = _drawn_lines(pdf, SUMMARY_SIZE)[:-1]
    loose = [line for line in lines if max(_space_ems(line, SUMMARY_SIZE)) > widest + 0.05]
    assert loose and max(max(_space_ems(line, SUMMARY_SIZE)) for line in loose) > 0.5


def test_a_justified_persian_paragraph_is_found_by_search(workspace):
    _, pdf = _build(workspace, JUSTIFIED)
    textpage = _textpage(pdf)
    for phrase in ("روز جمعه ۸ مارس", "انجمن اورا", "Ura Society", "برگزار کرد."):
        assert _find(textpage, phrase)
    # the Latin name inside the Persian line keeps its order: Ura left of Society
    ura, society = _find(textpage, "Ura"), _find(textpage, "Society")
    assert ura[-1][2] < society[0][0]
    assert [box[0] for box in society] == sorted(box[0] for box in society)


def test_a_zwnj_in_a_justified_paragraph_neither_breaks_nor_adds_a_space(workspace):
    _, pdf = _build(workspace, JUSTIFIED)
    textpage = _textpage(pdf)
    for word in ("روزنامه\u200cنگاران", "خانواده\u200cها", "زبان\u200cها", "می\u200cسازند"):
        before, _ = word.split("\u200c")
        # pdfium reads the ZWNJ as nothing: the word is found without it
        start, count = textpage.search(word.replace("\u200c", "")).get_next()
        boxes = [textpage.get_charbox(i) for i in range(start, start + count)]
        # on one line: the ZWNJ was no place to break
        assert max(box[1] for box in boxes) - min(box[1] for box in boxes) < 3, word
        # the letter after the ZWNJ (drawn left of it) ends where the letter
        # before it begins: no space between them, only the join broken
        last_before = textpage.get_charbox(start + len(before) - 1, loose=True)
        first_after = textpage.get_charbox(start + len(before), loose=True)
        assert first_after[2] == pytest.approx(last_before[0], abs=0.05), word


def test_bold_and_links_keep_working_inside_justified_persian_text(workspace):
    _, pdf = _build(workspace, JUSTIFIED)
    body = [g for g in _glyphs(pdf) if abs(g.size - 9.2) < 0.05 and g.char != " "]
    # the bold words of the body, and nothing else of it, in the bold face
    # (in reading order; pdfium reads the ZWNJ as nothing)
    assert "".join(g.char for g in body if "Bold" in g.font) == "پرسشهایحاضران"
    with pikepdf.open(pdf) as document:
        links = [
            [float(v) for v in annot.Rect]
            for annot in document.pages[0].Annots
            if annot.get("/A") is not None and str(annot.A.get("/URI", "")).endswith("/films")
        ]
    # the link's words (one area per line they are set on), and only they, are linked
    assert links
    textpage = _textpage(pdf)
    for word in ("وبگاه", "انجمن"):
        found = textpage.search(word)
        linked = []
        while (match := found.get_next()) is not None:
            boxes = [textpage.get_charbox(i) for i in range(match[0], match[0] + match[1])]
            middle = [((b[0] + b[2]) / 2, (b[1] + b[3]) / 2) for b in boxes]
            linked.append(
                all(
                    any(x0 <= x <= x1 and y0 <= y <= y1 for x0, y0, x1, y1 in links)
                    for x, y in middle
                )
            )
        assert True in linked, word
    assert not any(
        x0 <= (b[0] + b[2]) / 2 <= x1 and y0 <= (b[1] + b[3]) / 2 <= y1
        for b in _find(textpage, "منتشر")
        for x0, y0, x1, y1 in links
    )


def test_a_persian_paragraph_that_can_only_be_set_loose_is_reported(workspace):
    # two numbers each nearly as wide as the column, with one short word
    # between: no way to break this without a line of one stretched space
    digits = "۱۲۳۴۵۶۷۸۹۰" * 3
    text = MINIMAL_FA.format(summary=f"الف {digits} ب {digits} پ {digits} پایان.")
    status, pdf = _build(workspace, text)
    assert status == 0
    report = json.loads(pdf.with_suffix(".layout.json").read_text(encoding="utf-8"))
    loose = [f for f in report["findings"] if f["kind"] == "loose_lines"]
    assert len(loose) == 1
    assert "الف" in loose[0]["message"]
    assert re.search("pass [34] of 4", loose[0]["message"])
    # and the same paragraph set at ordinary word lengths is not
    status, pdf = _build(workspace, MINIMAL_FA.format(summary=SUMMARY))
    report = json.loads(pdf.with_suffix(".layout.json").read_text(encoding="utf-8"))
    assert not [f for f in report["findings"] if f["kind"] == "loose_lines"]


MINIMAL_FA = """\
number: 7
date: 2024-05-01
language: fa
items:
  - headline: جشن نوروز
    summary: "{summary}"
"""


def test_a_balanced_persian_headline_keeps_to_the_right_edge(workspace):
    # a headline of three lines is set narrower than the column (balanced):
    # it starts at the column's right edge, where its summary starts
    headline = (
        "همایش روز جهانی زن در دفتر تیرانا با حضور بیش از چهل فعال حقوق زنان از آلبانی و ایران"
    )
    text = MINIMAL_FA.format(summary=SUMMARY).replace("جشن نوروز", headline)
    _, pdf = _build(workspace, text)
    heads = _drawn_lines(pdf, 15.0)
    summary = _drawn_lines(pdf, SUMMARY_SIZE)
    assert len(heads) >= 2
    right = summary[0][-1].right
    assert all(line[-1].right == pytest.approx(right, abs=0.5) for line in heads)


def test_the_spacing_measure_reads_right_to_left_lines_as_drawn(workspace):
    # the measure `bench/bench_breaking.py --rtl` reports, against the lines
    # read here: every summary line but the last is justified, with its spaces
    from typeset.preflight.spacing import measure_spacing

    _, pdf = _build(workspace, JUSTIFIED)
    lines = _drawn_lines(pdf, SUMMARY_SIZE)
    spacing = measure_spacing(pdf, "NotoNaskhArabic-Regular", rtl=True)
    justified = [line for line in spacing.justified if abs(line.size - SUMMARY_SIZE) < 0.05]
    assert len(justified) == len(lines) - 1
    for measured, line in zip(justified, lines, strict=False):
        spaces = _space_ems(line, SUMMARY_SIZE)
        assert measured.word_space == pytest.approx(sum(spaces) / len(spaces), abs=0.002)
    # the summary's last line ends its paragraph, and is no short word
    ends = [line for line, _ in spacing.last_lines if abs(line.size - SUMMARY_SIZE) < 0.05]
    assert len(ends) == 1 and ends[0].left == pytest.approx(lines[-1][0].x, abs=0.05)
    assert not spacing.short_last

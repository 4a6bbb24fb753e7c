"""The Persian sample on every page of both editions: the first column on
the right, the footer mirrored with its page label in Persian digits, Persian
numbers reading left to right in glyph positions; and its text as pdfium and
poppler (pdftotext) copy it: the letters typed, never presentation forms."""

from __future__ import annotations

import re
import subprocess

import pypdfium2 as pdfium
import pytest
from conftest import SAMPLES

from typeset.cli import main
from typeset.model import load_issue
from typeset.project import brand_for, image_root
from typeset.text.scripts import persian_digits

SAMPLE = SAMPLES / "fa" / "2024-03.yaml"
ZWNJ = "\u200c"
#: the embedding marks pdftotext puts around the runs it reorders
POPPLER_MARKS = dict.fromkeys(map(ord, "\u202a\u202b\u202c"))
#: a word of Persian letters and digits (no comma or other punctuation in it)
PERSIAN_WORD = re.compile(r"^[\u0621-\u064a\u0670-\u06d3\u06f0-\u06f9\u200c]+$")


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> dict[str, pdfium.PdfDocument]:
    out = tmp_path_factory.mktemp("fa-editions")
    assert main(["build", str(SAMPLE), "-o", str(out), "-q"]) == 0
    return {
        "print": pdfium.PdfDocument(str(out / "2024-03-print.pdf")),
        "screen": pdfium.PdfDocument(str(out / "2024-03.pdf")),
    }


def _probes() -> list[str]:
    """Words that open and close each paragraph of the sample, in the order a
    reader meets them: three words, where all are Persian (what pdfium finds
    and orders without doubt), without ZWNJ (which pdfium drops)."""
    issue = load_issue(SAMPLE, image_root=image_root(brand_for(SAMPLE)))
    texts: list[str] = []
    for item in issue.items:
        texts += [item.summary.plain, *(p.plain for p in item.body)]
    probes = []
    for text in texts:
        words = text.split()
        words[-1] = words[-1].rstrip(".!؟»")
        for three in (words[:3], words[-3:]):
            if len(words) >= 6 and all(PERSIAN_WORD.match(word) for word in three):
                probes.append(" ".join(three).replace(ZWNJ, ""))
    return probes


def _boxes(page: pdfium.PdfPage, word: str) -> list[tuple[float, float, float, float]]:
    textpage = page.get_textpage()
    searcher = textpage.search(word)
    found = []
    while (match := searcher.get_next()) is not None:
        start, count = match
        found.append([textpage.get_charbox(i) for i in range(start, start + count)])
    return [box for boxes in found for box in boxes[:1]] if found else []


@pytest.mark.parametrize("edition", ["print", "screen"])
def test_every_page_fills_its_first_column_on_the_right(editions, edition):
    """Every kicker and paragraph opening found on a page: the earliest on
    the page is in the right column, and every one in the right column comes
    before every one in the left (the left column continues the right)."""
    document = editions[edition]
    # (each found once in the whole document: not also in "In this issue")
    probes = [p for p in _probes() if sum(len(_boxes(page, p)) for page in document) == 1]
    assert len(probes) >= 8
    seen = set()
    for number, page in enumerate(document):
        left, _, right, _ = page.get_trimbox()
        middle = (left + right) / 2
        sides = []
        for order, probe in enumerate(probes):
            boxes = _boxes(page, probe)
            if boxes:
                seen.add(probe)
                sides.append((order, "right" if boxes[0][0] > middle else "left"))
        assert sides, f"page {number + 1}: no paragraph found"
        assert sides[0][1] == "right", (number + 1, sides)
        rights = [order for order, side in sides if side == "right"]
        lefts = [order for order, side in sides if side == "left"]
        assert not lefts or max(rights) < min(lefts), (number + 1, sides)
    assert seen == set(probes)  # every opening is on some page


@pytest.mark.parametrize("edition", ["print", "screen"])
def test_every_page_mirrors_its_footer_in_persian_digits(editions, edition):
    """The footer reads from the right (the newsletter's name at the right
    end of the text area) and its page label (صفحه‌ی ۲) is at the left, in
    Persian digits; the footer holds no ASCII digit at all, and no middle dot."""
    document = editions[edition]
    for number, page in enumerate(document):
        left, bottom, right, _ = page.get_trimbox()
        middle = (left + right) / 2
        textpage = page.get_textpage()
        label = _boxes(page, f"صفحهی {persian_digits(str(number + 1))}")
        assert label, f"page {number + 1}: no page label in Persian digits"
        # (pdfium reads the footer's two Latin words in its own order: see README)
        name = [box for box in _boxes(page, "Newsletter") if box[1] < bottom + 60]
        assert name, f"page {number + 1}: no footer"
        footer_top = name[0][3] + 2
        label_box = _boxes(page, "صفحهی")[-1]
        assert label_box[2] < left + (middle - left) / 2
        footer = textpage.get_text_bounded(left, bottom, right, footer_top)
        assert not re.search("[0-9]", footer), footer
        # parts apart by a bullet: a middle dot beside ۱۱۱ reads as a Persian zero
        assert "·" not in footer and footer.count("•") == 2, footer
        # the footer line's rightmost text is the newsletter's name (Latin, so
        # read left to right: "Newsletter" ends the line at the right)
        chars = sorted(
            (textpage.get_charbox(i)[2], textpage.get_text_range(i, 1))
            for i in range(textpage.count_chars())
            if bottom < textpage.get_charbox(i)[1] < footer_top
            and textpage.get_text_range(i, 1).strip()
        )
        assert "".join(char for _, char in chars[-13:]) == "UraNewsletter"
        assert chars[-1][0] > right - (right - left) * 0.1


@pytest.mark.parametrize("edition", ["print", "screen"])
def test_persian_numbers_read_left_to_right_on_every_page(editions, edition):
    """۱۴۰۳ and ۲۰۲۴ wherever they stand (headline, footer's date, text):
    each digit to the right of the one before it."""
    document = editions[edition]
    found = 0
    for page in document:
        textpage = page.get_textpage()
        for number in ("۱۴۰۳", "۲۰۲۴", "۱۱۱"):
            searcher = textpage.search(number)
            while (match := searcher.get_next()) is not None:
                start, count = match
                lefts = [textpage.get_charbox(i)[0] for i in range(start, start + count)]
                assert lefts == sorted(lefts), (number, lefts)
                found += 1
    assert found >= 6  # a footer per page holds three of them


def _poppler(path) -> str:
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.translate(POPPLER_MARKS).split())


def test_pdftotext_copies_the_letters_typed_not_presentation_forms(tmp_path):
    """A joined letterform is copied as its letter: Noto Naskh also maps the
    presentation forms (U+FEB7 …) to those glyphs, and pdftotext used to copy
    1,275 of them from the Persian sample, so that a search for شماره found
    nothing. Every headline is found whole, in the order typed."""
    assert main(["build", str(SAMPLE), "-o", str(tmp_path), "-q"]) == 0
    issue = load_issue(SAMPLE, image_root=image_root(brand_for(SAMPLE)))
    for name in ("2024-03.pdf", "2024-03-print.pdf"):
        text = _poppler(tmp_path / name)
        assert not re.search("[\ufb50-\ufdff\ufe70-\ufeff]", text)
        # (poppler sets a number inside Persian text apart with its own spaces)
        bare = re.sub(r"[\s\u200c]", "", text)
        for item in issue.items:
            assert re.sub(r"[\s\u200c]", "", item.headline) in bare
        # the footer's Persian words are there as typed, if not in the line's order
        assert "شمارهی" in text and "فروردین" in text


def test_pdfium_reads_the_footers_persian_parts_in_order(editions):
    """pdfium reorders a mixed Persian and Latin line by its own rules; the
    parts typeset isolates (the number, the date) come out as written."""
    for page in editions["screen"]:
        text = page.get_textpage().get_text_range()
        assert "شمارهی ۱۱۱ • ۳ فروردین ۱۴۰۳ (۲۲ مارس ۲۰۲۴)" in text


def test_no_middle_dot_stands_beside_a_persian_digit_in_a_volume(tmp_path):
    """The English volume's contents line of the Persian issue ("NO.111 • ۳
    فروردین ۱۴۰۳ (۲۲ مارس ۲۰۲۴) • روز جهانی …") takes the bullet, where a
    middle dot beside ۳ read as ۳۰; an all-Latin line keeps its middle dot."""
    out = tmp_path / "volume.pdf"
    assert main(["compile", "2024", "--issues", str(SAMPLES / "fa"), "-o", str(out), "-q"]) == 0
    document = pdfium.PdfDocument(str(out))
    text = "".join(page.get_textpage().get_text_range() for page in document)
    assert "۳ فروردین ۱۴۰۳ (۲۲ مارس ۲۰۲۴) •" in text
    assert not re.search("[\u06f0-\u06f9] ·|· [\u06f0-\u06f9]", text)
    assert "Ura Newsletter · Volume 2024" in text

"""The Persian sample's text as pdfium and poppler (pdftotext) copy it: the
letters typed, never presentation forms."""

from __future__ import annotations

import re
import subprocess

import pypdfium2 as pdfium
import pytest
from conftest import SAMPLES

from typeset.cli import main
from typeset.model import load_issue
from typeset.project import brand_for, image_root

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
        assert "شمارهی ۱۱۱ · ۳ فروردین ۱۴۰۳ (۲۲ مارس ۲۰۲۴)" in text

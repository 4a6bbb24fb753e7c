"""typeset's own words in Persian and Albanian: the labels a brand leaves to
the default (the placeholder of a missing issue in a volume, the web post's
words) are printed in the issue's language, checked against the brand's
fonts like the brand's own labels; a label the brand words itself is kept."""

from __future__ import annotations

import pypdf
import pypdfium2 as pdfium
import pytest
from conftest import ROOT, brand_text
from webcheck import Page

from typeset.cli import main
from typeset.defaults import LABEL_DEFAULTS, LABELS_BY_LANGUAGE
from typeset.postspec import POST_LABEL_DEFAULTS, POST_LABELS_BY_LANGUAGE

ISSUE = """\
number: {number}
date: 2024-{month:02d}-10
language: {language}
items:
  - headline: {headline}
    summary: {summary}
    link: https://example.org/{number}
"""

WORDS = {
    "fa": ("نوروز در دفتر", "سفره‌ی هفت‌سین چیدیم."),
    "sq": ("Nevruzi në zyrë", "Shtruam një tryezë."),
}

#: Each language's placeholder for a number no file has, as pdfium reads it
#: (it drops the ZWNJ of شماره‌ی; the box title is in capitals).
PLACEHOLDER = {
    "fa": ("شمارهی ۱۱۲", "ناموجود", "فایلی از این شماره برای این دفتر داده نشده است."),
    "sq": ("Nr.112", "MUNGON", "Skedari i këtij numri nuk u dha për vëllimin."),
}


def _folder(tmp_path, language: str, brand: str | None = None):
    """A brand without labels for any language, and issues No.111 and No.113
    in `language`: No.112 is a gap."""
    folder = tmp_path / language
    folder.mkdir()
    (folder / "brand.yaml").write_text(brand or brand_text(), encoding="utf-8")
    headline, summary = WORDS[language]
    for number, month in ((111, 3), (113, 5)):
        (folder / f"2024-{month:02d}.yaml").write_text(
            ISSUE.format(
                number=number, month=month, language=language, headline=headline, summary=summary
            ),
            encoding="utf-8",
        )
    return folder


@pytest.mark.parametrize("language", ["fa", "sq"])
def test_a_gap_in_a_volume_is_said_in_the_missing_issues_language(tmp_path, language):
    """The placeholder stands in for the issue, so it speaks the issue's
    language (as its date does), with typeset's own words when the brand has
    none; the volume's own pages (its contents heading) stay the brand's."""
    folder = _folder(tmp_path, language)
    out = tmp_path / "volume.pdf"
    argv = ["compile", "2024", "--issues", str(folder), "-o", str(out), "-q", "--allow-missing"]
    assert main(argv) == 0
    labels = pypdf.PdfReader(out).page_labels
    document = pdfium.PdfDocument(str(out))
    lines = [
        " ".join(line.split())
        for line in document[labels.index("112-1")].get_textpage().get_text_range().splitlines()
    ]
    number, missing, why = PLACEHOLDER[language]
    assert number in lines and why in lines
    assert any(line.endswith(missing) or line.startswith(missing) for line in lines), lines
    assert "No file of this issue" not in " ".join(lines)
    assert "Contents" in document[1].get_textpage().get_text_range()


def test_a_brands_own_word_wins_over_typesets(tmp_path):
    brand = brand_text() + "labels:\n  missing_gap: Not in the archive.\n"
    folder = _folder(tmp_path, "sq", brand)
    out = tmp_path / "volume.pdf"
    argv = ["compile", "2024", "--issues", str(folder), "-o", str(out), "-q", "--allow-missing"]
    assert main(argv) == 0
    labels = pypdf.PdfReader(out).page_labels
    page = pdfium.PdfDocument(str(out))[labels.index("112-1")].get_textpage().get_text_range()
    # written directly under labels: every issue's, Albanian ones too
    assert "Not in the archive." in page and "Nr.112" in page


@pytest.mark.parametrize("language", ["fa", "sq"])
def test_the_web_post_speaks_the_issues_language(tmp_path, language):
    folder = _folder(tmp_path, language)
    out = tmp_path / "site"
    assert main(["post", str(folder / "2024-03.yaml"), "-o", str(out), "-q"]) == 0
    html = (out / "2024-03.html").read_text(encoding="utf-8")
    page = Page(html)
    words = POST_LABELS_BY_LANGUAGE[language]
    assert [" ".join(text.split()[:-3]) for text in page.text("p.pdf")] == [words["pdf"]]
    assert words["archive"] in html and words["feed"] in html
    assert set(page.text("p.more")) == {LABELS_BY_LANGUAGE[language]["read_more"]}
    for english in POST_LABEL_DEFAULTS.values():
        assert english not in html


def test_typesets_persian_words_are_checked_against_the_brands_fonts(tmp_path, capsys):
    """A Persian font that cannot draw Persian (Lato given as fonts.arabic):
    each of typeset's own Persian labels set in it is named, with the key
    that would change it, as a brand's own label would be (those in bold
    styles come from fonts.arabic_bold, the real Persian face)."""
    lato = f"{ROOT / 'fonts'}/lato/Lato-Regular.ttf"
    brand = brand_text(
        **{
            f"arabic: {ROOT / 'fonts'}/noto-naskh-arabic/NotoNaskhArabic-Regular.ttf": (
                f"arabic: {lato}"
            )
        }
    )
    folder = tmp_path / "fa"
    folder.mkdir()
    (folder / "brand.yaml").write_text(brand, encoding="utf-8")
    (folder / "2024-03.yaml").write_text(
        ISSUE.format(number=1, month=3, language="fa", headline="Nowruz", summary="Text."),
        encoding="utf-8",
    )
    assert main(["check", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "error: labels.fa.missing_gap (typeset's own): no font can draw" in err
    assert "error: labels.fa.page (typeset's own): no font can draw 'ص'" in err


def test_every_label_has_its_persian_and_albanian_words():
    """One word for every English default (the date pattern aside, which
    Persian does not use and Albanian shares); Persian numbers come from
    the placeholders, so the texts themselves hold no Latin digit."""
    for language in ("fa", "sq"):
        assert set(LABELS_BY_LANGUAGE[language]) == set(LABEL_DEFAULTS) - {"date"}
        assert set(POST_LABELS_BY_LANGUAGE[language]) == set(POST_LABEL_DEFAULTS)
    persian = [*LABELS_BY_LANGUAGE["fa"].values(), *POST_LABELS_BY_LANGUAGE["fa"].values()]
    assert not any(char.isdigit() for text in persian for char in text)
    # a half-space (ZWNJ), never a space, between the parts of شماره‌ی and نمی‌توان
    assert "شماره\u200cی" in LABELS_BY_LANGUAGE["fa"]["number"]
    assert all("شماره ی" not in text and "نمی توان" not in text for text in persian)


def test_a_label_that_restates_the_english_default_leaves_the_language_its_words(tmp_path):
    """`typeset init` writes the English labels out to show the keys; a
    Persian issue with such a brand still gets its labels in Persian, and an
    English word of the brand's own is kept."""
    brand = brand_text() + "labels:\n  in_this_issue: In this issue\n  page: Leaf {page}\n"
    folder = _folder(tmp_path, "fa", brand)
    out = tmp_path / "out"
    assert main(["build", str(folder / "2024-03.yaml"), "-o", str(out), "-q"]) == 0
    text = pdfium.PdfDocument(str(out / "2024-03.pdf"))[0].get_textpage().get_text_range()
    assert "در این شماره" in text and "In this issue" not in text
    assert "Leaf ۱" in text

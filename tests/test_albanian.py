"""Albanian: its letters in every font role, its hyphenation, its month names
and labels, and the Albanian sample issue built like the others."""

from __future__ import annotations

import re

import pypdfium2 as pdfium
import pyphen
import pytest
from conftest import SAMPLES

from typeset import fonts
from typeset.brand import load_brand
from typeset.cli import main

#: The Albanian alphabet's letters (dh, gj, ll ... are pairs of these).
ALBANIAN = "abcçdeëfghijklmnopqrstuvxyz"

HEADLINES = [
    "Konferenca për Ditën Ndërkombëtare të Gruas në zyrën tonë në Tiranë",
    "Lule për gratë dhe nënat në qendër të Tiranës",
    "Urime për Nevruzin e vitit iranian 1403",
    "Nevruz larg shtëpisë në Durrës dhe në Manëz",
    "Leyla Hosseini gjeti nënën e saj pas katërmbëdhjetë vjetësh",
    "Piknik për Sizdah Bedar në Parkun e Madh të Tiranës",
]


BRAND = load_brand(SAMPLES / "brand.yaml")


@pytest.mark.parametrize("role", [r for r in BRAND.font_files if not r.startswith("arabic")])
def test_every_latin_font_role_draws_the_albanian_alphabet(role):
    name = BRAND.font(role)
    # lower case, and upper case for the styles that print in capitals
    assert fonts.missing(name, ALBANIAN + ALBANIAN.upper()) == []
    # and they are part of the brand's fixed subset: a volume stores them once
    assert set("ëçËÇ") <= set(fonts.brand_characters(name))


@pytest.fixture(scope="module")
def albanian(tmp_path_factory):
    out = tmp_path_factory.mktemp("sq")
    sample = SAMPLES / "sq" / "2024-03.yaml"
    assert main(["build", str(sample), "-o", str(out), "-q", "--edition", "screen"]) == 0
    return pdfium.PdfDocument(str(out / "2024-03.pdf"))


def _text(document) -> str:
    return "".join(page.get_textpage().get_text_range() for page in document)


def test_the_albanian_sample_has_its_headlines_labels_and_date(albanian):
    text = _text(albanian)
    # a headline may wrap: search it with the line breaks taken out
    flat = re.sub(r"\s+", " ", text)
    for headline in HEADLINES:
        assert headline in flat, headline
    first = albanian[0].get_textpage().get_text_range()
    assert "22 mars 2024" in first and "Nr.111" in first
    assert "NË KËTË NUMËR" in first and "Faqja 1" in first
    assert "NUMRA TË LIDHUR" in text and "Lexo në internet" in text


def test_albanian_words_break_where_the_albanian_dictionary_allows(albanian):
    dictionary = pyphen.Pyphen(lang="sq")
    text = _text(albanian)
    # a line that ends in a hyphen inside a word, "per-" then "sisht":
    # pdfium gives the hyphen it finds at a line's end as U+FFFE, the line
    # break taken out
    breaks = re.findall(r"(\w+)\ufffe(\w+)", text)
    assert breaks, "no Albanian word was hyphenated"
    source = (SAMPLES / "sq" / "2024-03.yaml").read_text(encoding="utf-8")
    for head, tail in breaks:
        if f"{head}-{tail}" in source:
            continue  # a hyphen of the text itself ("haft-sin"), a break after it
        word = head + tail
        assert len(head) in dictionary.positions(word), (head, tail)

"""Text from YAML is data: printed as typed, apart from the small inline markup."""

from __future__ import annotations

import pypdf
from conftest import MINIMAL
from pdfcheck import char_boxes, fonts_by_page, normalise, page_texts

from typeset.cli import main

LITERAL = "R&D <b>Q&A</b> & 5 < 6"


def _build(workspace, text: str):
    path = workspace.issue("issue.yaml", text)
    out = workspace.root / "out"
    assert main(["build", str(path), "-o", str(out), "-q"]) == 0
    return out / "issue.pdf"


def test_markup_looking_text_is_printed_literally(workspace):
    pdf = _build(
        workspace,
        MINIMAL.format(
            headline=f"'{LITERAL}'",
            summary="'Entities stay as typed: &amp; &bogus; &#99999999; <font size=5000> <br/>'",
        ),
    )
    text = normalise(" ".join(page_texts(pdf)))
    assert LITERAL in text
    assert "Entities stay as typed: &amp; &bogus; &#99999999; <font size=5000> <br/>" in text


def test_inline_markup_sets_italic_bold_and_links(workspace):
    pdf = _build(
        workspace,
        MINIMAL.format(
            headline="Markup",
            summary="'A *quiet* word, a **loud** one, [our site](https://example.org/a) "
            "and 2 * 3 = 6 with snake_case_names.'",
        ),
    )
    text = normalise(" ".join(page_texts(pdf)))
    assert "A quiet word, a loud one, our site and 2 * 3 = 6 with snake_case_names." in text
    fonts = {name.split("+")[1] for name in fonts_by_page(pdf)[0]}
    assert {"NotoSerif-Italic", "NotoSerif-Bold"} <= fonts
    links = [annot.get_object()["/A"]["/URI"] for annot in pypdf.PdfReader(pdf).pages[0]["/Annots"]]
    assert "https://example.org/a" in links


def test_item_link_is_printed_and_clickable(workspace):
    pdf = _build(
        workspace,
        MINIMAL.format(headline="Linked", summary="Text.")
        + "    link: https://example.org/2024/05/report\n",
    )
    assert "Read online: example.org/2024/05/report" in normalise(page_texts(pdf)[0])
    uris = [a.get_object()["/A"]["/URI"] for a in pypdf.PdfReader(pdf).pages[0]["/Annots"]]
    assert uris == ["https://example.org/2024/05/report"]


def test_a_very_long_word_breaks_inside_the_column(workspace):
    word = "Donaudampfschiff" * 40
    pdf = _build(workspace, MINIMAL.format(headline="Long word", summary=word))
    text = "".join(page_texts(pdf)).replace("\n", "").replace("-", "")
    assert word in text
    middle = 595.28 / 2  # two columns on A4: the first ends before the middle
    # The word's own letters, wherever balancing put the item.
    boxes = [b for b in char_boxes(pdf)[0] if b.char not in "-\u00ad"]
    start = "".join(b.char for b in boxes).index(word)
    letters = boxes[start : start + len(word)]
    assert all(b.right < middle or b.left > middle for b in letters)
    assert max(b.right for b in letters) < 595.28 - 40


def test_body_paragraphs_and_image_with_caption(workspace):
    workspace.image("pictures/table.png")
    pdf = _build(
        workspace,
        MINIMAL.format(headline="With a picture", summary="Summary.")
        + "    body: |\n      First paragraph.\n\n      Second paragraph.\n"
        "    image:\n      path: pictures/table.png\n"
        "      caption: A table laid for the new year.\n"
        "      credit: Drawing by us\n",
    )
    text = normalise(page_texts(pdf)[0])
    assert "First paragraph. Second paragraph." in text
    assert "A table laid for the new year. Drawing by us" in text
    page = pypdf.PdfReader(pdf).pages[0]
    images = [
        x for x in page["/Resources"]["/XObject"].values() if x.get_object()["/Subtype"] == "/Image"
    ]
    assert len(images) == 1


def test_line_breaks_around_markup_keep_their_spaces(workspace):
    pdf = _build(
        workspace,
        MINIMAL.format(headline="Spaces", summary="Placeholder.").replace(
            "summary: Placeholder.",
            "summary: |\n      The film\n      *Letters Across the Water*\n      will be shown.\n",
        ),
    )
    assert "The film Letters Across the Water will be shown." in normalise(page_texts(pdf)[0])


def test_markup_parser_cases():
    from typeset.markup import parse_inline

    def spans(text):
        return [(s.text, s.italic, s.bold, s.href) for s in parse_inline(text).spans]

    assert spans("a *b* **c**") == [
        ("a ", False, False, None),
        ("b", True, False, None),
        (" ", False, False, None),
        ("c", False, True, None),
    ]
    assert spans("_not emphasis_ and \\*literal\\*") == [
        ("_not emphasis_ and *literal*", False, False, None)
    ]
    assert spans("[*x* y](mailto:a@example.org)") == [
        ("x", True, False, "mailto:a@example.org"),
        (" y", False, False, "mailto:a@example.org"),
    ]
    assert spans("unclosed *star and [bracket") == [
        ("unclosed *star and [bracket", False, False, None)
    ]

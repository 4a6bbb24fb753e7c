"""The brand file: page size, grid, palette and fonts are data, and checked."""

from __future__ import annotations

import pypdf
import pytest
from conftest import MINIMAL, ROOT, brand_text
from pdfcheck import char_boxes, page_texts

from typeset.brand import load_brand
from typeset.cli import main
from typeset.errors import InputError

LETTER = (612.0, 792.0)


def test_letter_with_three_columns(workspace):
    (workspace.root / "brand.yaml").write_text(
        brand_text(**{"size: A4": "size: Letter", "columns: 2": "columns: 3"}), encoding="utf-8"
    )
    words = "Words fill the column. " * 30
    items = "".join(f"  - headline: Story number {n}\n    summary: {words}\n" for n in range(1, 15))
    path = workspace.issue("letter.yaml", "number: 3\ndate: 2024-05-01\nitems:\n" + items)
    out = workspace.root / "out"
    assert main(["build", str(path), "-o", str(out), "-q"]) == 0
    pdf = out / "letter.pdf"
    page = pypdf.PdfReader(pdf).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(LETTER)
    brand = load_brand(workspace.root / "brand.yaml")
    assert brand.columns == 3
    # Text starts in three distinct columns on the second page.
    boxes = char_boxes(pdf)[1]
    lefts = sorted({round(b.left) for b in boxes if 60 < b.top < 700})
    starts = [x for x in lefts if x - 1 not in lefts and x - 2 not in lefts]
    width = (LETTER[0] - brand.margins.left - brand.margins.right - 2 * brand.gutter) / 3
    for column in range(3):
        x = brand.margins.left + column * (width + brand.gutter)
        assert any(abs(start - x) < 2 for start in starts), (column, x, starts)
    for b in boxes:
        assert brand.margins.left - 1 <= b.left and b.right <= LETTER[0] - brand.margins.right + 1


def test_the_screen_edition_paints_rgb_and_the_print_edition_cmyk(workspace):
    path = workspace.issue("both.yaml", MINIMAL.format(headline="Two", summary="Editions."))
    out = workspace.root / "out"
    assert main(["build", str(path), "-o", str(out), "-q"]) == 0
    screen = pypdf.PdfReader(out / "both.pdf").pages[0].get_contents().get_data()
    assert b" k\n" not in screen and b" rg" in screen  # no CMYK fill, RGB fills
    printed = pypdf.PdfReader(out / "both-print.pdf").pages[0].get_contents().get_data()
    assert b".9 .4 .35 .4 k" in printed  # the primary colour of the masthead band
    assert b" rg" not in printed and b" RG" not in printed


def test_brand_errors_name_the_field(tmp_path):
    text = brand_text(
        **{
            'ink:     {cmyk: [0, 0, 0, 90],    rgb: "#262626"}': (
                "ink:     {cmyk: [0, 0, 0, 190],   rgb: 262626}"
            ),
            "columns: 2": "columns: 5",
            "NotoSerif-Italic.ttf": "NotoSerif-Missing.ttf",
            "headline: {font: headline,": "headline: {font: headlines,",
        }
    )
    path = tmp_path / "brand.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_brand(path)
    messages = [d.message for d in caught.value.diagnostics]
    assert "page.columns: expected 2 or 3 columns, found 5" in messages
    assert "palette.ink.cmyk: expected four percentages [c, m, y, k] from 0 to 100" in messages
    assert any(
        m.startswith("fonts.body_italic: font file ") and m.endswith("not found") for m in messages
    )
    assert "styles.headline.font: unknown font role 'headlines'" in messages
    assert all(d.location.line > 0 for d in caught.value.diagnostics)


def test_a_font_that_is_not_truetype_is_refused(tmp_path):
    bogus = tmp_path / "bogus.ttf"
    bogus.write_bytes(b"this is not a font")
    path = tmp_path / "brand.yaml"
    path.write_text(
        brand_text(**{f"caption: {ROOT}/fonts/lato/Lato-Regular.ttf": f"caption: {bogus}"}),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_brand(path)
    (problem,) = [d for d in caught.value.diagnostics if "bogus" in d.message]
    assert problem.message.endswith("is not a TrueType or OpenType font file")
    assert problem.hints == ("use a TrueType (.ttf) or OpenType (.otf) file of one style",)


def test_page_text_uses_brand_labels(workspace):
    (workspace.root / "brand.yaml").write_text(
        brand_text() + 'labels:\n  in_this_issue: Inside\n  page: "{page}"\n'
        '  number: "Issue {number}"\n',
        encoding="utf-8",
    )
    path = workspace.issue("labels.yaml", MINIMAL.format(headline="Labels", summary="Text."))
    out = workspace.root / "out"
    assert main(["build", str(path), "-o", str(out), "-q"]) == 0
    text = page_texts(out / "labels.pdf")[0]
    assert "INSIDE" in text and "Issue 7" in text


def test_brand_text_no_font_can_draw_is_reported_in_the_brand_file(workspace, capsys):
    (workspace.root / "brand.yaml").write_text(
        brand_text(**{"tagline: News from Ura Society": "tagline: 🌉 News from Ura Society"}),
        encoding="utf-8",
    )
    path = workspace.issue("t.yaml", MINIMAL.format(headline="Tagline", summary="Text."))
    assert main(["check", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{workspace.root / 'brand.yaml'}:4:10: error: tagline: no font can draw '🌉' " in err


def test_label_placeholders_are_checked_when_the_brand_is_read(tmp_path):
    from typeset.errors import InputError

    brand = tmp_path / "brand.yaml"
    brand.write_text(
        brand_text(
            spacing='labels:\n  number: "Nr. {num}"\n  page: "Seite {page"\n'
            '  volume: "Band {year}"\n\nspacing'
        ),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_brand(brand)
    text = "\n".join(d.format() for d in caught.value.diagnostics)
    assert "error: labels.number: unknown placeholder {num} in 'Nr. {num}'" in text
    assert "hint: this label takes {number}" in text
    assert "error: labels.page: 'Seite {page' has a brace without its pair" in text
    assert "labels.volume" not in text  # {year} is the volume label's own


def test_one_bad_palette_colour_gives_one_error_at_its_own_line(workspace, capsys):
    brand = workspace.root / "brand.yaml"
    brand.write_text(
        brand_text(**{'rgb: "#0F4C5C"}': 'rgb: "#00806"}', "size: A4": "size: letter"}),
        encoding="utf-8",
    )
    line = next(
        number
        for number, text in enumerate(brand.read_text(encoding="utf-8").splitlines(), 1)
        if '"#00806"' in text
    )
    path = workspace.issue("one.yaml", MINIMAL.format(headline="One", summary="Text."))
    assert main(["check", str(path)]) == 1
    errors = [e for e in capsys.readouterr().err.splitlines() if ": error: " in e]
    # the primary colour, named by six styles, is one error; `letter` is a page size
    assert errors == [
        f"{brand}:{line}:42: error: palette.primary.rgb: expected a colour such as "
        "\"#0F4C5C\", found '#00806'"
    ]
    assert main(["check", str(path)]) == 1
    assert (
        "hint: write six hex digits after # (two each for red, green, blue); found 5"
        in capsys.readouterr().err
    )


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("", 'quote the value ("#0F4C5C"): unquoted, # starts a comment in YAML'),
        ('"0F4C5C"', 'begin it with #, in quotes: "#0F4C5C"'),
        ('"#0F4G5C"', "use only the hex digits 0-9 and A-F after #"),
    ],
)
def test_a_malformed_colour_gets_a_hint_that_fits(tmp_path, value, hint):
    path = tmp_path / "brand.yaml"
    path.write_text(
        brand_text(**{'rgb: "#0F4C5C"}': f"rgb: {value}}}" if value else "rgb: }"}),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_brand(path)
    (only,) = caught.value.diagnostics
    assert only.message.startswith("palette.primary.rgb: expected a colour such as")
    assert only.hints == (hint,)

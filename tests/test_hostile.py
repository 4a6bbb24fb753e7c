"""Hostile and broken input: a correct PDF or a clear rejection, nothing else.

Cases that need bytes a YAML fixture cannot hold (encodings, raw control
characters, crafted images, sizes at the limits) are made here.
"""

from __future__ import annotations

import io
import json
import struct
import zlib
from pathlib import Path

import pypdf
import pytest
from conftest import MINIMAL, ROOT, brand_text, latin_only_brand
from pdfcheck import char_boxes, fonts_by_page, normalise, page_texts, squash, story_text
from PIL import Image

from typeset.cli import main
from typeset.errors import InputError
from typeset.limits import MAX_CHARS, MAX_FILE_BYTES, MAX_ITEMS
from typeset.model import load_issue

A4_WIDTH = 595.2756


def build(workspace, text: str, name: str = "issue.yaml") -> tuple[int, Path]:
    path = workspace.issue(name, text)
    out = workspace.root / "out"
    return main(["build", str(path), "-o", str(out), "-q"]), out / f"{Path(name).stem}.pdf"


def messages(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_issue(path)
    return [d.format() for d in caught.value.diagnostics]


def issue_with(**fields: object) -> str:
    """A one-item issue; `fields` are item keys with values as JSON strings."""
    fields = {"headline": "H"} | fields
    lines = "".join(
        f"{'  - ' if n == 0 else '    '}{key}: {json.dumps(value, ensure_ascii=False)}\n"
        for n, (key, value) in enumerate(fields.items())
    )
    return "number: 7\ndate: 2024-05-01\nitems:\n" + lines


# -- encodings and bytes ------------------------------------------------------


def test_a_byte_order_mark_is_accepted(workspace):
    path = workspace.root / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.format(headline="BOM", summary="Fine.").encode())
    assert load_issue(path).items[0].headline == "BOM"


def test_latin1_bytes_are_refused_with_offset_and_line(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("number: 7\ntitle: Durrës\n".encode("latin-1"))
    assert messages(path) == [
        f"{path}:2:12: error: the file is not UTF-8: byte 0xeb at offset 21\n"
        "  hint: save the file as UTF-8"
    ]


def test_a_raw_control_character_is_refused_at_its_place(tmp_path):
    path = tmp_path / "raw.yaml"
    path.write_bytes(b"number: 7\ntitle: bell\x07here\n")
    assert messages(path) == [
        f"{path}:2:12: error: invalid YAML: control character U+0007 is not allowed\n"
        "  hint: remove it; it prints as nothing or as a box"
    ]


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    (message,) = messages(path)
    assert message.startswith(f"{path}: error: the file is {MAX_FILE_BYTES + 3:,} bytes; ")
    assert "the limit is 1,000,000" in message


@pytest.mark.parametrize("data", [b"", b"   \n", b"# only a comment\n", b"---\n...\n"])
def test_an_empty_document_is_refused(tmp_path, data):
    path = tmp_path / "empty.yaml"
    path.write_bytes(data)
    assert messages(path) == [f"{path}:1:1: error: the file is empty"]


# -- sizes ------------------------------------------------------------------


def test_too_many_items_are_refused_with_the_limit(workspace):
    items = "".join(f"  - headline: Item {n}\n    summary: Text.\n" for n in range(500))
    path = workspace.issue("many.yaml", "number: 7\ndate: 2024-05-01\nitems:\n" + items)
    (message,) = messages(path)
    assert message == (
        f"{path}:4:3: error: items: 500 items; the limit is {MAX_ITEMS}\n"
        "  hint: split the items over several issues"
    )


@pytest.mark.parametrize("field", ["headline", "summary", "body", "kicker"])
def test_each_text_field_has_a_length_limit(workspace, field):
    limit = MAX_CHARS[field]
    fields = {"summary": "S."} | {field: "word " * (limit // 5) + "x" * (limit % 5 + 1)}
    path = workspace.issue("long.yaml", issue_with(**fields))
    found = [m for m in messages(path) if f"items[1].{field}: " in m]
    assert len(found) == 1
    assert f"items[1].{field}: {limit + 1:,} characters; the limit is {limit:,}" in found[0]


def test_twenty_thousand_br_or_a_hundred_thousand_words_are_refused_before_layout(workspace):
    for body in ("<br/>" * 20_000, "word " * 100_000):
        path = workspace.issue("huge.yaml", issue_with(summary="S.", body=body))
        (message,) = messages(path)
        assert f"items[1].body: {len(body):,} characters; the limit is 20,000" in message


# -- text -------------------------------------------------------------------

MARKUP_LOOKALIKES = [
    "R&D <b>Q&A</b> & 5 < 6",
    "&amp; &bogus; &#99999999; &#x41;",
    "<b>never closed",
    "<font size=5000>huge</font>",
    '<img src="/etc/passwd"/>',
    "<onDraw name=x label=y/>",
    "<script>alert(1)</script>",
    "<br/><br/><para>",
]


def test_markup_lookalikes_print_literally(workspace):
    items = "".join(
        f"  - headline: {json.dumps(text)}\n    summary: {json.dumps(text)}\n"
        for text in MARKUP_LOOKALIKES
    )
    status, pdf = build(workspace, "number: 7\ndate: 2024-05-01\nitems:\n" + items)
    assert status == 0
    text = normalise(" ".join(page_texts(pdf)))
    for sample in MARKUP_LOOKALIKES:
        assert text.count(sample) >= 3, sample  # contents box, headline, summary


def test_a_character_no_font_has_is_an_error_naming_field_and_code_point(workspace, capsys):
    status, pdf = build(workspace, issue_with(summary="Happy new year 🎉 from Tiranë"))
    assert status == 1 and not pdf.exists()
    err = capsys.readouterr().err
    assert "issue.yaml:5:14: error: items[1].summary: no font can draw '🎉' " in err, err
    assert "(U+1F389 PARTY POPPER) (not in NotoSerif-Regular.ttf)" in err
    assert "hint: remove the characters, or add a font that has them to the brand" in err


def test_a_fallback_font_draws_what_the_headline_font_lacks(workspace):
    symbols = "Sets ℕ, ℤ and ℝ in maths class"  # Lato lacks these; Noto Serif has them
    status, _ = build(workspace, issue_with(headline=symbols, summary="S."))
    assert status == 1
    (workspace.root / "brand.yaml").write_text(
        brand_text(
            **{
                "  body_bold_italic:": "  fallback: "
                f"{ROOT}/fonts/noto-serif/NotoSerif-Regular.ttf\n  body_bold_italic:"
            }
        ),
        encoding="utf-8",
    )
    status, pdf = build(workspace, issue_with(headline=symbols, summary="S."))
    assert status == 0
    assert normalise(page_texts(pdf)[0]).count(symbols) == 2  # contents box and headline
    assert "NotoSerif-Regular" in {n.split("+")[1] for n in fonts_by_page(pdf)[0]}


@pytest.mark.parametrize("length", [10_000])
def test_a_ten_thousand_character_word_or_url_breaks_inside_the_column(workspace, length):
    word = "Ura" * (length // 3) + "x" * (length % 3)
    url = "https://ura-society.example.org/" + "a/b" * ((length - 32) // 3)
    status, pdf = build(workspace, issue_with(summary="S.", body=f"{word}\n\n{url}"))
    assert status == 0
    text = story_text(pdf)
    assert squash(word) in text and squash(url) in text
    boxes = [b for page in char_boxes(pdf) for b in page]
    margin = 15 * 72 / 25.4
    assert all(margin - 1 <= b.left and b.right <= A4_WIDTH - margin + 1 for b in boxes)


def test_a_body_taller_than_a_page_flows_over_columns_and_pages(workspace):
    paragraph = "Families wait for news, and our volunteers answer their letters. " * 20
    body = "\n\n".join([paragraph] * 14)
    assert len(body) < MAX_CHARS["body"]
    status, pdf = build(workspace, issue_with(summary="S.", body=body))
    assert status == 0
    assert len(page_texts(pdf)) >= 3
    assert story_text(pdf).count(squash("Families wait for news")) == 14 * 20


# -- images -----------------------------------------------------------------


def _png_header_only(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + chunk(b"IEND", b"")
    )


def _jpeg_claiming(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, "JPEG")
    data = bytearray(buffer.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def _image_issue(workspace, name: str, data: bytes, capsys) -> str:
    (workspace.root / name).write_bytes(data)
    status, pdf = build(
        workspace,
        issue_with(summary="S.", image={"path": name}),
    )
    assert status == 1 and not pdf.exists()
    return capsys.readouterr().err


def test_a_png_decompression_bomb_is_refused_from_its_header(workspace, capsys):
    err = _image_issue(workspace, "bomb.png", _png_header_only(60_000, 60_000), capsys)
    assert (
        "error: items[1].image.path: the image is 60,000 x 60,000 pixels "
        "(3,600 megapixels); the limit is 40 megapixels"
    ) in err


def test_a_jpeg_decompression_bomb_is_refused_from_its_header(workspace, capsys):
    err = _image_issue(workspace, "bomb.jpg", _jpeg_claiming(60_000, 60_000), capsys)
    assert "items[1].image.path: the image is 60,000 x 60,000 pixels" in err


def test_a_truncated_image_is_refused(workspace, capsys):
    buffer = io.BytesIO()
    Image.effect_noise((400, 300), 60).convert("RGB").save(buffer, "PNG")
    err = _image_issue(workspace, "cut.png", buffer.getvalue()[:2000], capsys)
    assert "items[1].image.path: the image is damaged or truncated" in err


def test_a_file_that_is_not_an_image_is_refused(workspace, capsys):
    err = _image_issue(workspace, "notes.png", b"These are notes, not a picture.\n", capsys)
    assert "items[1].image.path: the file is not a PNG or JPEG image" in err


def test_other_image_formats_are_refused(workspace, capsys):
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(buffer, "GIF")
    err = _image_issue(workspace, "anim.gif", buffer.getvalue(), capsys)
    assert "items[1].image.path: the file is not a PNG or JPEG image" in err


def test_a_huge_photo_is_downsampled_for_each_edition(workspace):
    photo = Image.linear_gradient("L").resize((6000, 4000)).convert("RGB")
    photo.save(workspace.root / "photo.jpg", "JPEG", quality=80)
    status, pdf = build(
        workspace,
        issue_with(summary="S.", image={"path": "photo.jpg"}),
    )
    assert status == 0
    column_inches = (A4_WIDTH - 2 * 15 * 72 / 25.4 - 7 * 72 / 25.4) / 2 / 72

    def picture(path: Path) -> pypdf.generic.DictionaryObject:
        page = pypdf.PdfReader(path).pages[0]
        (found,) = [
            x.get_object()
            for x in page["/Resources"]["/XObject"].values()
            if x.get_object()["/Subtype"] == "/Image"
        ]
        return found

    screen = picture(pdf)
    assert screen["/Width"] == round(column_inches * 150)
    assert "/DCTDecode" in str(screen["/Filter"])
    assert pdf.stat().st_size < 300_000
    printed = picture(pdf.with_name("issue-print.pdf"))
    assert printed["/Width"] == round(column_inches * 300)
    assert printed["/ColorSpace"] == "/DeviceCMYK"
    assert pdf.with_name("issue-print.pdf").stat().st_size < 3_000_000


def test_an_image_taller_than_a_column_is_scaled_down_with_a_warning(workspace, capsys):
    Image.new("RGB", (100, 1000), "teal").save(workspace.root / "tall.png")
    status, pdf = build(
        workspace,
        issue_with(summary="S.", image={"path": "tall.png"}),
    )
    assert status == 0 and pdf.exists()
    err = capsys.readouterr().err
    assert "issue.yaml:6:12: warning: items[1].image: at the column's width the image " in err
    assert "(60% of a column)" in err


def test_right_to_left_text_needs_a_persian_font_in_the_brand(workspace, capsys):
    # a brand with Latin fonts only: the item and the brand key are named
    (workspace.root / "brand.yaml").write_text(latin_only_brand(), encoding="utf-8")
    status, pdf = build(workspace, issue_with(summary="Nowruz (نوروز) greetings"))
    assert status == 1 and not pdf.exists()
    err = capsys.readouterr().err
    assert (
        "error: items[1].summary: 'ن' (U+0646 ARABIC LETTER NOON) is right-to-left text "
        "(Arabic script), and the brand (brand.yaml) has no font for it" in err
    )
    assert "hint: add a font for the Arabic script (Persian) to the brand as fonts.arabic" in err

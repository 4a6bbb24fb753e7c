"""The print and screen editions, measured from the files as a printer and a
web reader would: boxes, colour, marks, output intent, metadata, images and the
page count a binding needs."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pypdf
import pypdfium2 as pdfium
import pytest
from conftest import MINIMAL, brand_text
from pdfcheck import page_texts
from PIL import Image, ImageCms

from typeset.brand import Brand
from typeset.cli import main
from typeset.production import PrintSpec

MM = 72 / 25.4


def _box(page: pikepdf.Page, key: str) -> list[float]:
    return [float(v) for v in page.obj[key]]


def _sample(built_samples: dict[str, object], stem: str, edition: str) -> Path:
    return built_samples[stem].edition(edition).path  # type: ignore[attr-defined]


def test_print_boxes_equal_the_brand_geometry(built_samples, sample_brand: Brand):
    press = sample_brand.press
    width, height = sample_brand.page_size
    outside = press.bleed + press.slug
    expected = {
        "/MediaBox": [0, 0, width + 2 * outside, height + 2 * outside],
        "/BleedBox": [
            press.slug,
            press.slug,
            press.slug + width + 2 * press.bleed,
            press.slug + height + 2 * press.bleed,
        ],
        "/TrimBox": [outside, outside, outside + width, outside + height],
    }
    for stem in built_samples:
        with pikepdf.open(_sample(built_samples, stem, "print")) as pdf:
            for page in pdf.pages:
                for key, box in expected.items():
                    assert _box(page, key) == pytest.approx(box, abs=0.01), (stem, key)


def test_screen_pages_are_the_trim_size_without_press_boxes(built_samples, sample_brand):
    width, height = sample_brand.page_size
    for stem in built_samples:
        with pikepdf.open(_sample(built_samples, stem, "screen")) as pdf:
            for page in pdf.pages:
                assert _box(page, "/MediaBox") == pytest.approx([0, 0, width, height], abs=0.01)
                assert "/BleedBox" not in page.obj


def _render(path: Path, scale: float) -> Image.Image:
    document = pdfium.PdfDocument(path)
    try:
        return document[0].render(scale=scale).to_pil().convert("RGB")
    finally:
        document.close()


def test_the_masthead_colour_runs_into_the_bleed_and_marks_sit_outside_it(
    built_samples, sample_brand
):
    path = _sample(built_samples, "2024-03", "print")
    scale = 2.0
    image = _render(path, scale)
    press = sample_brand.press
    outside = press.bleed + press.slug
    width, _ = sample_brand.page_size

    def pixel(x_pt: float, y_from_top_pt: float) -> tuple[int, int, int]:
        return image.getpixel((round(x_pt * scale), round(y_from_top_pt * scale)))

    def dark(rgb: tuple[int, int, int]) -> bool:
        return sum(rgb) < 3 * 128

    # The band is painted in the bleed strip above the trim edge, at the left
    # and right bleed, and not in the slug beyond the bleed.
    middle = outside + width / 2
    assert dark(pixel(middle, press.slug + press.bleed / 2))
    assert dark(pixel(press.slug + press.bleed / 2, outside + 10 * MM))
    assert dark(pixel(outside + width + press.bleed / 2, outside + 10 * MM))
    assert pixel(middle, press.slug / 2) == (255, 255, 255)
    # A crop mark continues the left trim edge up into the slug.
    mark_y = press.slug / 2
    assert dark(pixel(outside, mark_y)) or dark(pixel(outside + 0.3, mark_y))
    assert pixel(outside + 3 * MM, mark_y) == (255, 255, 255)


def test_crop_marks_are_in_registration_colour(built_samples):
    with pikepdf.open(_sample(built_samples, "2024-01", "print")) as pdf:
        page = pdf.pages[0]
        spaces = page.Resources.ColorSpace
        registration = [v for v in spaces.values() if v[0] == "/Separation"]
        assert registration and registration[0][1] == "/All"
        content = b"".join(
            c.read_bytes()
            for c in (
                page.Contents if isinstance(page.Contents, pikepdf.Array) else [page.Contents]
            )
        )
        assert re.search(rb"CS 1 SCN 0\.25 w", content)


def test_print_edition_is_made_to_pdfx4_with_a_cmyk_output_intent(built_samples, sample_brand):
    # Made to PDF/X-4's rules, but with no checker in the brand it does not
    # claim to be PDF/X-4 (see test_pdfx.py for the claim).
    for stem in built_samples:
        with pikepdf.open(_sample(built_samples, stem, "print")) as pdf:
            assert pdf.pdf_version == "1.6"
            assert "/GTS_PDFXVersion" not in pdf.docinfo
            assert pdf.docinfo["/Trapped"] == pikepdf.Name("/False")
            assert len(pdf.trailer.ID) == 2
            (intent,) = pdf.Root.OutputIntents
            assert intent.S == "/GTS_PDFX"
            assert str(intent.OutputConditionIdentifier) == "FOGRA39"
            assert str(intent.RegistryName) == "http://www.color.org"
            profile = intent.DestOutputProfile
            assert profile.N == 4 and profile.read_bytes()[16:20] == b"CMYK"
            meta = pdf.open_metadata()
            assert "pdfxid:GTS_PDFXVersion" not in meta
            assert meta["dc:title"] == str(pdf.docinfo["/Title"])
            assert meta["pdf:Trapped"] == "False"
            assert meta["xmp:CreateDate"].startswith("2024-")
            for page in pdf.pages:
                assert "/Annots" not in page.obj  # nothing on the printed area


def _colour_operators(path: Path) -> set[bytes]:
    found: set[bytes] = set()
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for _operands, operator in pikepdf.parse_content_stream(page):
                found.add(bytes(str(operator), "ascii"))
            for _, xobject in page.get_images().items():
                found.add(str(xobject.get("/ColorSpace")).encode())
    return found


def test_print_paints_only_cmyk_and_screen_only_rgb(built_samples):
    printed = _colour_operators(_sample(built_samples, "2024-03", "print"))
    assert not printed & {b"rg", b"RG", b"/DeviceRGB"}
    assert {b"k", b"/DeviceCMYK"} <= printed
    screen = _colour_operators(_sample(built_samples, "2024-03", "screen"))
    assert not screen & {b"k", b"K", b"/DeviceCMYK"}


def test_small_black_text_is_black_only(built_samples, sample_brand):
    """Body text is set in the ink colour, which must be a single plate."""
    c, m, y, _ = sample_brand.palette["ink"].cmyk
    assert (c, m, y) == (0, 0, 0)
    with pikepdf.open(_sample(built_samples, "2024-02", "print")) as pdf:
        for operands, operator in pikepdf.parse_content_stream(pdf.pages[0]):
            if str(operator) == "k":
                total = sum(float(v) for v in operands) * 100
                assert total <= sample_brand.press.ink_limit + 0.01


def test_images_are_separated_to_cmyk_in_print(built_samples):
    with pikepdf.open(_sample(built_samples, "2024-03", "print")) as pdf:
        spaces = [
            str(image.ColorSpace) for page in pdf.pages for image in page.get_images().values()
        ]
    assert spaces and set(spaces) <= {"/DeviceCMYK", "/DeviceGray"}


def test_screen_edition_links_bookmarks_and_metadata(built_samples):
    path = _sample(built_samples, "2024-03", "screen")
    reader = pypdf.PdfReader(path)
    links = [
        annot.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annot in page.get("/Annots", [])
        if annot.get_object().get("/Subtype") == "/Link"
    ]
    assert any(str(uri).startswith("https://ura-society.example.org/2024/03/") for uri in links)
    assert len(reader.outline) == len(built_samples["2024-03"].issue.items)
    with pikepdf.open(path) as pdf:
        meta = pdf.open_metadata()
        keywords = str(pdf.docinfo["/Keywords"])
        assert meta["pdf:Keywords"] == keywords
        assert "Nowruz greetings for the Iranian year 1403" in keywords
        assert str(pdf.Root.Lang) == "en"
        assert "/OutputIntents" not in pdf.Root
        assert "/GTS_PDFXVersion" not in pdf.docinfo


def test_a_typical_screen_edition_stays_small(built_samples):
    sizes = {stem: _sample(built_samples, stem, "screen").stat().st_size for stem in built_samples}
    assert max(sizes.values()) < 400_000, sizes


# -- images and resolution -----------------------------------------------------


def _issue_with_image(
    workspace, pixels: tuple[int, int], brand_changes: dict[str, str] | None = None
):
    if brand_changes:
        (workspace.root / "brand.yaml").write_text(brand_text(**brand_changes), encoding="utf-8")
    Image.new("RGB", pixels, (200, 80, 60)).save(workspace.root / "photo.png")
    text = MINIMAL.format(headline="A photo", summary="With a picture.") + (
        "    image: {path: photo.png, caption: Seen from the bridge.}\n"
    )
    return workspace.issue("photo.yaml", text)


def test_an_image_under_300_ppi_is_a_print_warning(workspace, capsys):
    # The column is about 83 mm wide: 650 pixels there are about 200 ppi.
    path = _issue_with_image(workspace, (650, 400))
    assert main(["build", str(path), "-o", str(workspace.root / "out"), "-q"]) == 0
    err = capsys.readouterr().err
    assert re.search(
        r"photo\.yaml:\d+:\d+: warning: items\[1\]\.image: 650 pixels wide at "
        r"\d+pt is 19\dppi|photo\.yaml:\d+:\d+: warning: items\[1\]\.image: 650 pixels"
        r" wide at \d+pt is 19\d ppi; print looks soft below 300 ppi",
        err,
    ), err


def test_an_image_under_150_ppi_is_a_print_error_unless_the_brand_allows_it(workspace, capsys):
    path = _issue_with_image(workspace, (300, 200))
    out = workspace.root / "out"
    assert main(["build", str(path), "-o", str(out), "-q", "--edition", "print"]) == 1
    err = capsys.readouterr().err
    assert "error: items[1].image: 300 pixels wide at" in err
    assert "print needs at least 150 ppi" in err
    assert "print.allow_low_resolution: true" in err
    assert not list(out.glob("*")) if out.exists() else True
    # The screen edition does not care.
    assert main(["build", str(path), "-o", str(out), "-q", "--edition", "screen"]) == 0
    allowed = _issue_with_image(
        workspace, (300, 200), {"spacing:": "print:\n  allow_low_resolution: true\n\nspacing:"}
    )
    assert main(["build", str(allowed), "-o", str(out), "-q", "--edition", "print"]) == 0
    assert "warning: items[1].image: 300 pixels wide" in capsys.readouterr().err


# -- saddle stitching ----------------------------------------------------------


def _long_issue(workspace, count: int) -> Path:
    words = "Words to fill the column with something to read. " * 12
    items = "".join(f"  - headline: Story number {n}\n    summary: {words}\n" for n in range(count))
    return workspace.issue("long.yaml", "number: 9\ndate: 2024-05-01\nitems:\n" + items)


def test_saddle_stitching_without_a_filler_reports_the_missing_pages(workspace, capsys):
    (workspace.root / "brand.yaml").write_text(
        brand_text(spacing="print:\n  saddle_stitch: true\n\nspacing"), encoding="utf-8"
    )
    path = _long_issue(workspace, 14)  # five pages
    out = workspace.root / "out"
    assert main(["build", str(path), "-o", str(out), "-q", "--edition", "print"]) == 1
    err = capsys.readouterr().err
    assert re.search(
        r"brand\.yaml:\d+:\d+: error: the print edition of No\.9 has \d+ pages; saddle "
        r"stitching needs a multiple of 4: \d pages? (is|are) missing",
        err,
    ), err
    assert "hint: add content, or set print.filler" in err
    assert not out.exists() or not list(out.iterdir())


def test_saddle_stitching_with_a_filler_pads_to_a_multiple_of_four(workspace, capsys):
    (workspace.root / "brand.yaml").write_text(
        brand_text(spacing="print:\n  saddle_stitch: true\n  filler: Notes\n\nspacing"),
        encoding="utf-8",
    )
    path = _long_issue(workspace, 14)
    out = workspace.root / "out"
    assert main(["build", str(path), "-o", str(out), "-q"]) == 0
    err = capsys.readouterr().err
    printed = page_texts(out / "long-print.pdf")
    screen = page_texts(out / "long.pdf")
    assert len(printed) % 4 == 0 and len(printed) > len(screen)
    filler = len(printed) - len(screen)
    assert f"was padded with {filler} 'Notes' page" in err
    for text in printed[len(screen) :]:
        assert "Notes" in text and "Story number" not in text


# -- brand rules a printer would insist on -------------------------------------


def test_brand_print_messages(tmp_path, capsys):
    from typeset.brand import load_brand
    from typeset.errors import InputError

    rgb_profile = tmp_path / "srgb.icc"
    rgb_profile.write_bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    brand = tmp_path / "brand.yaml"
    brand.write_text(
        brand_text(
            **{
                "left: 15mm": "left: 3mm",
                "ink:     {cmyk: [0, 0, 0, 90],": "ink:     {cmyk: [60, 40, 40, 90],",
                "accent:  {cmyk: [0, 65, 70, 15],": "accent:  {cmyk: [100, 100, 100, 15],",
                "spacing:": f"print:\n  output_intent: {{profile: {rgb_profile}}}\n"
                "  crop_marks: maybe\n  slug: 2mm\n\nspacing:",
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_brand(brand)
    text = "\n".join(d.format() for d in caught.value.diagnostics)
    for expected in (
        "page.margins.left: the margin (3.0mm) is narrower than the print safe zone (5.0mm)",
        "palette.accent.cmyk: 315% total ink is over the print limit of 300%",
        "styles.body.colour: 9.2pt text in 'ink' would print from four plates",
        "print.output_intent.profile: expected a CMYK output profile, found a RGB profile",
        "print.crop_marks: expected true or false, found text",
        "print.slug: the slug (2.0mm) is too narrow for crop marks; it needs at least 5.0mm",
    ):
        assert expected in text, text


def test_defaults_are_what_printers_ask_for():
    press = PrintSpec()
    assert press.bleed == pytest.approx(3 * MM)
    assert press.safe_zone == pytest.approx(5 * MM)
    assert press.ink_limit == 300
    assert press.crop_marks


# -- outside tools, where installed ----------------------------------------------


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_qpdf_finds_both_editions_clean(built_samples):
    for stem in built_samples:
        for edition in ("print", "screen"):
            path = _sample(built_samples, stem, edition)
            result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
            assert result.returncode == 0, (path, result.stdout, result.stderr)
            assert "No syntax or stream encoding errors found" in result.stdout


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils is not installed")
def test_pdffonts_lists_every_font_as_embedded(built_samples):
    for stem in built_samples:
        path = _sample(built_samples, stem, "print")
        lines = subprocess.run(
            ["pdffonts", str(path)], capture_output=True, text=True, check=True
        ).stdout.splitlines()[2:]
        assert lines
        for line in lines:
            # name type encoding emb sub uni object ID
            columns = line.split()
            assert columns[-5:-2] == ["yes", "yes", "yes"], line


def test_builds_of_both_editions_are_reproducible(workspace, tmp_path):
    path = workspace.issue("same.yaml", MINIMAL.format(headline="Same", summary="Bytes."))
    for folder in ("a", "b"):
        assert main(["build", str(path), "-o", str(tmp_path / folder), "-q"]) == 0
    for name in ("same.pdf", "same-print.pdf"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_a_png_with_transparency_prints_on_white(workspace):
    image = Image.new("RGBA", (1200, 800), (0, 0, 0, 0))
    image.paste((15, 76, 92, 255), (0, 0, 600, 800))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    (workspace.root / "half.png").write_bytes(buffer.getvalue())
    text = MINIMAL.format(headline="Half", summary="Transparent.") + "    image: {path: half.png}\n"
    path = workspace.issue("half.yaml", text)
    out = workspace.root / "out"
    assert main(["build", str(path), "-o", str(out), "-q", "--edition", "print"]) == 0
    with pikepdf.open(out / "half-print.pdf") as pdf:
        (xobject,) = [i for p in pdf.pages for i in p.get_images().values()]
        decoded = pikepdf.PdfImage(xobject).as_pil_image()
    assert decoded.mode == "CMYK"
    right = decoded.getpixel((decoded.width - 5, decoded.height // 2))
    assert sum(right) < 8  # transparent became paper: no ink
    left = decoded.getpixel((5, decoded.height // 2))
    assert sum(left) > 300  # the teal half is inked


def test_the_filler_heading_is_checked_for_font_coverage(workspace, capsys):
    (workspace.root / "brand.yaml").write_text(
        brand_text(spacing='print:\n  saddle_stitch: true\n  filler: "Notes ☃"\n\nspacing'),
        encoding="utf-8",
    )
    path = workspace.issue("x.yaml", MINIMAL.format(headline="H", summary="S."))
    assert main(["check", str(path)]) == 1
    err = capsys.readouterr().err
    assert "error: print.filler: no font can draw '☃' (U+2603 SNOWMAN)" in err

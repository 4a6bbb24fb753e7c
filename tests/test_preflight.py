"""`typeset preflight`: each rule caught on a PDF made to break exactly that rule.

The PDFs are made here (tests/pdfmake.py): a well-made print file that passes every
rule, and variants that each break one. Messages are asserted as a user reads them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import pikepdf
import pytest
from pdfmake import (
    BLEED,
    MM,
    TRIM,
    add_content,
    at,
    draw_pdf,
    edit,
    finish,
    icc_profile,
    image,
    print_pdf,
    type3_font,
    write_xmp,
)

from typeset.cli import main
from typeset.preflight import RULES, FileReport, Severity, preflight
from typeset.preflight import rules as rules_module


def rules(report: FileReport) -> set[str]:
    return {finding.rule for finding in report.findings}


def messages(report: FileReport, rule: str) -> list[str]:
    return [finding.format() for finding in report.findings if finding.rule == rule]


def only(report: FileReport, rule: str) -> str:
    """The one finding of a report, which must be of `rule`: its formatted text."""
    assert rules(report) == {rule}, [f.format() for f in report.findings]
    (text,) = messages(report, rule)
    return text


@pytest.fixture
def good(tmp_path: Path) -> Path:
    return print_pdf(tmp_path / "good.pdf")


# -- the well-made file -------------------------------------------------------


@pytest.mark.parametrize("profile", ["print", "screen"])
def test_a_well_made_print_pdf_has_no_findings(good, profile):
    report = preflight(good, profile=profile)
    assert report.findings == ()
    assert report.pages == 2
    assert report.passed(strict=True)


def test_every_rule_has_a_severity_in_each_profile_or_none():
    for rule in RULES.values():
        assert set(rule.severity) == {"print", "screen", "pdfa-2b"}, rule.id
    reported = {rule for _, rule_ids in rules_module.CHECKS.values() for rule in rule_ids}
    # reported on opening, before any check runs
    opening = {"file.unreadable", "file.limits", "check.failed"}
    # the validator's verdict (preflight/pdfa.py) is not one of the checks
    validator = {"pdfa.rule", "pdfa.unvalidated"}
    assert reported | opening | validator == set(RULES)


# -- structure ----------------------------------------------------------------


def test_a_missing_file_is_a_finding_not_a_traceback(tmp_path):
    report = preflight(tmp_path / "nope.pdf")
    assert only(report, "file.unreadable") == f"{tmp_path / 'nope.pdf'}: error: no such file"
    assert report.pages is None


def test_a_file_that_is_not_a_pdf(tmp_path):
    path = tmp_path / "notes.pdf"
    path.write_text("these are not the PDFs you are looking for\n", encoding="utf-8")
    text = only(preflight(path), "file.unreadable")
    assert text == f"{path}: error: not a PDF file (it does not start with %PDF-)"


def test_a_folder_is_not_a_file(tmp_path):
    assert "error: not a file" in only(preflight(tmp_path), "file.unreadable")


def _damage_xref(path: Path) -> None:
    """Point every xref entry four bytes off, as a careless editor would."""
    data = path.read_bytes()
    start = data.rindex(b"\nxref\n")
    table = data[start:].split(b"trailer")[0]
    broken = table.replace(b"0000000", b"0000001", 3)
    path.write_bytes(data[:start] + broken + data[start + len(table) :])


def test_a_damaged_cross_reference_table(good):
    _damage_xref(good)
    report = preflight(good)
    assert rules(report) == {"file.damaged"}
    (text,) = messages(report, "file.damaged")
    assert text.startswith(f"{good}: error: the file is damaged; it reads only after repair: ")
    assert "  hint: make the file again with the program that wrote it" in text


def test_a_truncated_file(good):
    data = good.read_bytes()
    good.write_bytes(data[: len(data) - 200])  # the xref table and trailer are gone
    report = preflight(good)
    assert "file.damaged" in rules(report)
    assert "can't find startxref" in messages(report, "file.damaged")[0]


def test_a_stream_that_does_not_decode(good):
    def corrupt(pdf: pikepdf.Pdf) -> None:
        add_content(pdf, 1, b"")
        pdf.pages[0].Contents[-1].write(b"not flate at all", filter=pikepdf.Name.FlateDecode)

    edit(good, corrupt)
    text = only(preflight(good), "file.damaged")
    assert "error decoding stream data" in text


def test_an_encrypted_file_without_a_user_password(good):
    edit(good, lambda pdf: None)
    with pikepdf.open(good, allow_overwriting_input=True) as pdf:
        pdf.save(good, encryption=pikepdf.Encryption(owner="secret", user=""))
    text = only(preflight(good), "file.encrypted")
    assert "error: the file is encrypted (256-bit AES; it opens without a password)" in text
    assert "hint: save an unencrypted copy (`qpdf --decrypt in.pdf out.pdf`)" in text


def test_an_encrypted_file_with_a_user_password(good):
    with pikepdf.open(good, allow_overwriting_input=True) as pdf:
        pdf.save(good, encryption=pikepdf.Encryption(owner="secret", user="open sesame"))
    locked = only(preflight(good), "file.unreadable")
    assert "the file is encrypted with a password; nothing else can be checked" in locked
    assert "hint: pass the password with --password" in locked
    wrong = only(preflight(good, password="nope"), "file.unreadable")
    assert "the password given does not open this encrypted file" in wrong
    opened = only(preflight(good, password="open sesame"), "file.encrypted")
    assert "opened with the password given" in opened


# -- actions and links --------------------------------------------------------


def test_javascript_run_when_the_document_opens(good):
    def add(pdf: pikepdf.Pdf) -> None:
        pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="app.alert(1)")

    text = only(preflight(edit(good, add)), "actions.javascript")
    assert text.startswith(f"{good}: error: the document, when opened, runs JavaScript\n")


def test_document_level_javascript(good):
    def add(pdf: pikepdf.Pdf) -> None:
        script = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="app.alert(1)")
        pdf.Root.Names = pikepdf.Dictionary(JavaScript=pikepdf.Dictionary(Names=["a", script]))

    assert "document-level JavaScript" in only(preflight(edit(good, add)), "actions.javascript")


def _annotation(pdf: pikepdf.Pdf, page: int, action: pikepdf.Dictionary, key: str = "A") -> None:
    link = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link)
    link.Rect = [50, 50, 100, 70]
    if key == "A":
        link.A = action
    else:
        link.AA = pikepdf.Dictionary({f"/{key}": action})
    pdf.pages[page - 1].Annots = pdf.make_indirect(pikepdf.Array([link]))


def test_javascript_in_a_chained_action_on_a_link(good):
    def add(pdf: pikepdf.Pdf) -> None:
        js = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="this.print()")
        uri = pikepdf.Dictionary(S=pikepdf.Name.URI, URI="https://example.org", Next=js)
        _annotation(pdf, 2, uri)

    text = only(preflight(edit(good, add)), "actions.javascript")
    assert text.startswith(f"{good}: page 2: error: a link annotation runs JavaScript\n")


def test_javascript_as_an_additional_action(good):
    def add(pdf: pikepdf.Pdf) -> None:
        js = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="app.alert(1)")
        _annotation(pdf, 1, js, key="E")

    text = only(preflight(edit(good, add)), "actions.javascript")
    assert "page 1: error: a link annotation (additional action /E) runs JavaScript" in text


def test_a_launch_action(good):
    def add(pdf: pikepdf.Pdf) -> None:
        _annotation(pdf, 1, pikepdf.Dictionary(S=pikepdf.Name.Launch, F="calc.exe"))

    text = only(preflight(edit(good, add)), "actions.launch")
    assert (
        f"{good}: page 1: error: a link annotation launches a program or file with a Launch "
        "action ('calc.exe')\n  hint: link to a web page instead" in text
    )


@pytest.mark.parametrize(
    ("uri", "why"),
    [
        ("javascript:alert(1)", "the 'javascript' scheme"),
        ("file:///etc/passwd", "the 'file' scheme"),
        ("issue-8.pdf", "no scheme"),
    ],
)
def test_links_other_than_http_https_mailto(tmp_path, uri, why):
    def link(canvas, number):
        if number == 1:
            canvas.linkURL(uri, (*at(15, 100), *at(60, 105)))

    path = print_pdf(tmp_path / "links.pdf", draw=link)
    text = only(preflight(path, profile="screen"), "links.scheme")
    assert (
        f"{path}: page 1: error: a link annotation links to {uri!r}, with {why}; "
        "only http, https and mailto links are allowed" in text
    )


def test_web_and_mail_links_are_fine(tmp_path):
    def link(canvas, number):
        canvas.linkURL("https://ura-society.example.org/", (*at(15, 100), *at(60, 105)))
        canvas.linkURL("mailto:info@ura-society.example.org", (*at(15, 90), *at(60, 95)))

    assert preflight(print_pdf(tmp_path / "links.pdf", draw=link)).findings == ()


# -- fonts --------------------------------------------------------------------


def test_an_unembedded_standard_font(tmp_path):
    def helvetica(canvas, number):
        canvas.setFont("Helvetica", 9)
        canvas.drawString(*at(15, 80), "Set in Helvetica")

    path = print_pdf(tmp_path / "helvetica.pdf", draw=helvetica)
    text = only(preflight(path), "fonts.not-embedded")
    assert text == (
        f"{path}: page 1: error: font 'Helvetica' (Type1) is not embedded (on 2 pages)\n"
        "  hint: embed every font when making the PDF (a printer would substitute another font)"
    )
    assert preflight(path, profile="screen").findings[0].severity is Severity.WARNING


def _courier(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    return pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Courier
    )


def test_an_unembedded_font_inside_nested_form_xobjects(good):
    def add(pdf: pikepdf.Pdf) -> None:
        inner = pdf.make_stream(b"BT /C 9 Tf 0 0 Td (form) Tj ET")
        inner.Subtype, inner.BBox = pikepdf.Name.Form, [0, 0, 100, 20]
        inner.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(C=_courier(pdf)))
        outer = pdf.make_stream(b"/Inner Do")
        outer.Subtype, outer.BBox = pikepdf.Name.Form, [0, 0, 100, 20]
        outer.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Inner=inner))
        add_content(pdf, 2, b"q 1 0 0 1 100 200 cm /Outer Do Q", XObject={"Outer": outer})

    text = only(preflight(edit(good, add)), "fonts.not-embedded")
    assert f"{good}: page 2: error: font 'Courier' (Type1) is not embedded\n" in text


def test_an_unembedded_font_in_an_annotation_appearance(good):
    def add(pdf: pikepdf.Pdf) -> None:
        helvetica = pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
        appearance = pdf.make_stream(b"BT /Helv 9 Tf (x) Tj ET")
        appearance.BBox = [0, 0, 50, 20]
        appearance.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(Helv=helvetica))
        note = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.FreeText)
        note.Rect = [50, 50, 100, 70]
        note.AP = pikepdf.Dictionary(N=appearance)
        pdf.pages[1].Annots = pdf.make_indirect(pikepdf.Array([note]))

    text = only(preflight(edit(good, add)), "fonts.not-embedded")
    assert "page 2: error: font 'Helvetica' (Type1) is not embedded" in text


def test_a_type3_font(good):
    def add(pdf: pikepdf.Pdf) -> None:
        add_content(pdf, 1, b"BT /T3 12 Tf 100 200 Td (a) Tj ET", Font={"T3": type3_font(pdf)})

    text = only(preflight(edit(good, add)), "fonts.type3")
    assert f"{good}: page 1: error: font 'T3' is a Type 3 font" in text


def test_a_font_without_tounicode(good):
    def strip(pdf: pikepdf.Pdf) -> None:
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                if "/ToUnicode" in font:
                    del font["/ToUnicode"]

    edit(good, strip)
    report = preflight(good)
    text = only(report, "fonts.no-tounicode")
    assert text.startswith(
        f"{good}: page 1: warning: font 'AAAAAA+NotoSerif-Regular' has no ToUnicode map: "
        "its text cannot be searched or copied (on 2 pages)\n"
    )
    assert report.passed() and not report.passed(strict=True)
    screen = preflight(good, profile="screen")
    assert [f.severity for f in screen.findings] == [Severity.ERROR]


# -- boxes --------------------------------------------------------------------


def test_no_trimbox(good):
    def drop(pdf: pikepdf.Pdf) -> None:
        del pdf.pages[1].obj["/TrimBox"]

    text = only(preflight(edit(good, drop)), "boxes.missing")
    assert text == (
        f"{good}: page 2: error: no TrimBox\n"
        "  hint: set a TrimBox on every page: a printer needs it to know where to cut"
    )


def test_boxes_missing_on_every_page_are_reported_once(good):
    def drop(pdf: pikepdf.Pdf) -> None:
        for page in pdf.pages:
            del page.obj["/BleedBox"]

    text = only(preflight(edit(good, drop)), "boxes.missing")
    assert text.startswith(f"{good}: error: no BleedBox (on all 2 pages)\n")


def test_a_trimbox_on_the_pages_node_is_not_inherited(good):
    def move(pdf: pikepdf.Pdf) -> None:
        pdf.Root.Pages.TrimBox = pdf.pages[0].obj.TrimBox
        for page in pdf.pages:
            del page.obj["/TrimBox"]

    text = only(preflight(edit(good, move)), "boxes.missing")
    assert "no TrimBox on the page; the one on its /Pages parent does not count" in text


def test_an_inherited_mediabox_is_fine(good):
    def move(pdf: pikepdf.Pdf) -> None:
        pdf.Root.Pages.MediaBox = pdf.pages[0].obj.MediaBox
        for page in pdf.pages:
            del page.obj["/MediaBox"]

    assert preflight(edit(good, move)).findings == ()


def test_a_bleed_of_one_millimetre(tmp_path):
    path = finish(draw_pdf(tmp_path / "thin.pdf", bleed=1 * MM))
    text = only(preflight(path), "boxes.bleed-too-small")
    assert text.startswith(
        f"{path}: error: the bleed is 1 mm at the left, 1 mm at the bottom, 1 mm at the "
        "right, 1 mm at the top; at least 3 mm is needed on every side (on all 2 pages)\n"
    )
    assert preflight(path, min_bleed=1 * MM).findings == ()


def test_a_bleedbox_smaller_than_the_trimbox(good):
    def shrink(pdf: pikepdf.Pdf) -> None:
        x0, y0, x1, y1 = (float(v) for v in pdf.pages[0].obj.TrimBox)
        pdf.pages[0].obj.BleedBox = [x0 + 10, y0 + 10, x1 - 10, y1 - 10]

    text = only(preflight(edit(good, shrink)), "boxes.trim-outside-bleed")
    assert "page 1: error: the BleedBox (112.9 x 162.9 mm) does not contain the TrimBox" in text


def test_a_bleedbox_outside_the_mediabox(good):
    def grow(pdf: pikepdf.Pdf) -> None:
        x0, y0, x1, y1 = (float(v) for v in pdf.pages[0].obj.BleedBox)
        pdf.pages[0].obj.BleedBox = [x0 - 9, y0 - 9, x1 + 9, y1 + 9]

    text = only(preflight(edit(good, grow)), "boxes.bleed-outside-media")
    assert "page 1: error: the BleedBox (132.4 x 182.3 mm) reaches outside the MediaBox" in text


def test_mixed_trim_sizes(good):
    def narrow(pdf: pikepdf.Pdf) -> None:
        page = pdf.pages[1].obj
        page.TrimBox = [BLEED, BLEED, BLEED + 100 * MM, BLEED + TRIM[1]]
        page.BleedBox = [0, 0, 2 * BLEED + 100 * MM, 2 * BLEED + TRIM[1]]

    text = only(preflight(edit(good, narrow)), "boxes.mixed-trim")
    assert "page 2: error: the trim size is 100 x 170 mm, but page 1's is 120 x 170 mm" in text


def test_boxes_are_not_asked_of_a_screen_pdf(good):
    def drop(pdf: pikepdf.Pdf) -> None:
        for page in pdf.pages:
            del page.obj["/TrimBox"]
            del page.obj["/BleedBox"]

    assert preflight(edit(good, drop), profile="screen").findings == ()


# -- colour -------------------------------------------------------------------


def test_an_rgb_fill_colour(tmp_path):
    def red(canvas, number):
        if number == 2:
            canvas.setFillColorRGB(0.8, 0.1, 0.1)
            canvas.rect(*at(15, 60), 20, 20, stroke=0, fill=1)

    path = print_pdf(tmp_path / "rgb.pdf", draw=red)
    text = only(preflight(path), "colour.rgb")
    assert text.startswith(
        f"{path}: page 2: error: the page content uses DeviceRGB colour: 'rg' operator x1\n"
    )
    assert preflight(path, profile="screen").findings == ()  # RGB is fine on screen


def test_a_devicergb_colour_space_inside_a_form(good):
    def add(pdf: pikepdf.Pdf) -> None:
        form = pdf.make_stream(b"/DeviceRGB cs 1 0 0 sc 0 0 10 10 re f")
        form.Type, form.Subtype, form.BBox = pikepdf.Name.XObject, pikepdf.Name.Form, [0, 0, 10, 10]
        add_content(pdf, 1, b"q 1 0 0 1 100 200 cm /Fm9 Do Q", XObject={"Fm9": form})

    text = only(preflight(edit(good, add)), "colour.rgb")
    assert "DeviceRGB colour space ('cs'/'CS') x1" in text


def test_an_rgb_image(tmp_path):
    def photo(canvas, number):
        if number == 1:
            canvas.drawImage(image("RGB", 150), *at(60, 40), width=0.5 * 72, height=0.5 * 72)

    path = print_pdf(tmp_path / "photo.pdf", draw=photo)
    text = only(preflight(path), "colour.rgb-image")
    assert "page 1: error: image 'FormXob." in text
    assert "(150 x 150 px) is DeviceRGB, not CMYK" in text


def test_an_rgb_inline_image(tmp_path):
    def inline(canvas, number):
        if number == 1:
            canvas.drawInlineImage(_pil("RGB", 40), *at(60, 40), 8, 8)

    path = print_pdf(tmp_path / "inline.pdf", draw=inline)
    text = only(preflight(path), "colour.rgb-image")
    assert "page 1: error: inline image (40 x 40 px) is DeviceRGB, not CMYK" in text


def _pil(mode, pixels):
    from PIL import Image

    return Image.new(mode, (pixels, pixels), (1, 2, 3))


def test_no_output_intent(tmp_path):
    path = finish(draw_pdf(tmp_path / "plain.pdf"), intent=False)
    text = only(preflight(path), "colour.output-intent")
    assert text.startswith(
        f"{path}: error: no PDF/X output intent (/OutputIntents with /S /GTS_PDFX)\n"
    )


def test_an_output_intent_with_an_rgb_profile(tmp_path):
    path = finish(draw_pdf(tmp_path / "plain.pdf"), profile=icc_profile(b"RGB ", b"mntr"))
    text = only(preflight(path), "colour.output-intent")
    assert "error: the output intent's ICC profile is for 'RGB' colour, not 'CMYK'" in text


def test_an_output_intent_whose_profile_is_not_icc(tmp_path):
    path = finish(draw_pdf(tmp_path / "plain.pdf"), profile=b"\0" * 200)
    text = only(preflight(path), "colour.output-intent")
    assert "is not an ICC profile (no 'acsp' signature)" in text


def test_a_file_need_not_claim_pdfx_to_be_ready_for_print(tmp_path):
    path = finish(draw_pdf(tmp_path / "plain.pdf"), pdfx=False)
    assert "colour.pdfx-version" not in {f.rule for f in preflight(path).findings}


def test_a_pdfx_claim_must_agree_in_info_and_xmp(tmp_path):
    path = finish(draw_pdf(tmp_path / "plain.pdf"))
    assert "colour.pdfx-version" not in {f.rule for f in preflight(path).findings}
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        write_xmp(pdf, **{"pdfxid:GTS_PDFXVersion": "PDF/X-1a:2001"})
        pdf.save(path)
    text = only(preflight(path), "colour.pdfx-version")
    assert "error: the PDF/X claim differs: 'PDF/X-4' in Info, 'PDF/X-1a:2001' in XMP" in text


def test_a_pdfx_claim_in_the_info_only(tmp_path):
    path = finish(draw_pdf(tmp_path / "plain.pdf"), xmp=False)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        write_xmp(pdf, **{"pdfxid:GTS_PDFXVersion": ""})
        pdf.save(path)
    text = only(preflight(path), "colour.pdfx-version")
    assert "error: the PDF/X claim 'PDF/X-4' is in the Info only" in text


# -- images -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pixels", "rule", "expected"),
    [
        (
            100,
            "images.resolution",
            "error: image '{name}' (100 x 100 px) is placed at 25.4 x 25.4 mm: 100 ppi, "
            "below the 150 ppi print needs\n"
            "  hint: use an image of at least 300 x 300 px, or place this one smaller",
        ),
        (
            200,
            "images.resolution-low",
            "warning: image '{name}' (200 x 200 px) is placed at 25.4 x 25.4 mm: 200 ppi; "
            "300 ppi is recommended for print",
        ),
    ],
)
def test_low_resolution_images(tmp_path, pixels, rule, expected):
    def photo(canvas, number):
        if number == 2:
            canvas.drawImage(image("CMYK", pixels), *at(60, 40), width=72, height=72)

    path = print_pdf(tmp_path / "photo.pdf", draw=photo)
    report = preflight(path)
    text = only(report, rule)
    name = text.split("image '")[1].split("'")[0]
    assert f"{path}: page 2: " + expected.format(name=name) in text
    screen = preflight(path, profile="screen")
    assert screen.findings == ()  # 100 ppi is enough on screen


def test_a_blurry_image_on_screen(tmp_path):
    def photo(canvas, number):
        if number == 1:
            canvas.drawImage(image("CMYK", 50), *at(60, 40), width=72, height=72)

    text = only(
        preflight(print_pdf(tmp_path / "blurry.pdf", draw=photo), profile="screen"),
        "images.resolution-low",
    )
    assert "50 ppi; 96 ppi is recommended for the screen" in text


def test_an_image_scaled_by_a_form_matrix(tmp_path):
    def form(canvas, number):
        if number == 1:
            canvas.beginForm("photo")
            canvas.drawImage(image("CMYK", 300), 0, 0, width=36, height=36)  # 600 ppi
            canvas.endForm()
            canvas.saveState()
            canvas.translate(*at(60, 40))
            canvas.scale(4, 4)  # 144 x 144 pt, so 150 ppi
            canvas.doForm("photo")
            canvas.restoreState()

    text = only(preflight(print_pdf(tmp_path / "form.pdf", draw=form)), "images.resolution-low")
    assert "(300 x 300 px) is placed at 50.8 x 50.8 mm: 150 ppi" in text


# -- safe zone ----------------------------------------------------------------


def test_text_in_the_safe_zone(tmp_path):
    def edge(canvas, number):
        if number == 2:
            canvas.setFont("PreflightSerif", 8)
            canvas.drawString(*at(2, 120), "Edge note")

    path = print_pdf(tmp_path / "edge.pdf", draw=edge)
    text = only(preflight(path), "text.safe-zone")
    assert text.startswith(
        f"{path}: page 2: error: text 'Edge note' is 2.1 mm inside the left trim edge, "
        "within the 5 mm safe zone (2 characters on this page)\n"
    )
    assert preflight(path, safe_zone=2 * MM).findings == ()
    assert preflight(path, profile="screen").findings == ()


def test_text_in_the_slug_is_left_alone(tmp_path):
    def slug(canvas, number):
        canvas.setFont("PreflightSerif", 4)
        canvas.drawString(0.5, 0.5, "x")  # partly in the bleed: reported

    report = preflight(print_pdf(tmp_path / "slug.pdf", draw=slug))
    assert rules(report) == {"text.safe-zone"}

    def outside(pdf: pikepdf.Pdf) -> None:  # grow the page: the text is now in the slug
        for page in pdf.pages:
            page.obj.MediaBox = [-20, -20, float(page.obj.MediaBox[2]), float(page.obj.MediaBox[3])]
            page.obj.TrimBox = [
                v + 8 if i < 2 else v for i, v in enumerate(map(float, page.obj.TrimBox))
            ]
            page.obj.BleedBox = [
                v + 8 if i < 2 else v for i, v in enumerate(map(float, page.obj.BleedBox))
            ]

    path = print_pdf(tmp_path / "slug2.pdf", draw=slug)
    report = preflight(edit(path, outside))
    assert "text.safe-zone" not in rules(report)


def test_page_boxes_away_from_the_origin(good):
    """Char boxes and page boxes in the same user space, whatever the MediaBox origin."""

    def shift(pdf: pikepdf.Pdf) -> None:
        for page in pdf.pages:
            for key in ("/MediaBox", "/TrimBox", "/BleedBox"):
                page.obj[key] = [float(v) + 500 for v in page.obj[key]]
            page.contents_add(pdf.make_stream(b"1 0 0 1 500 500 cm"), prepend=True)
            page.obj.Rotate = 90

    assert preflight(edit(good, shift)).findings == ()


# -- metadata -----------------------------------------------------------------


def test_no_title(tmp_path):
    path = finish(draw_pdf(tmp_path / "untitled.pdf", title=""))
    text = only(preflight(path), "metadata.title")
    assert text == (
        f"{path}: error: the document title is empty (/Title in the document information, "
        "dc:title in XMP)\n  hint: set a document title: viewers show it instead of the file name"
    )


def test_reportlabs_placeholder_title(tmp_path):
    path = finish(draw_pdf(tmp_path / "untitled.pdf", title=None))
    text = only(preflight(path, profile="screen"), "metadata.title")
    assert f"{path}: warning: the document title is the placeholder 'untitled'" in text


def test_info_and_xmp_titles_differ(good):
    edit(good, lambda pdf: write_xmp(pdf, **{"dc:title": "Ura Newsletter No.6"}))
    text = only(preflight(good), "metadata.mismatch")
    assert (
        "error: the title differs: 'Ura Newsletter No.7' in the document information, "
        "'Ura Newsletter No.6' in XMP" in text
    )


def test_info_and_xmp_dates_agree_across_time_zones(good):
    edit(good, lambda pdf: write_xmp(pdf, **{"xmp:CreateDate": "2000-01-01T02:00:00+02:00"}))
    assert preflight(good).findings == ()
    edit(good, lambda pdf: write_xmp(pdf, **{"xmp:CreateDate": "2000-01-02T00:00:00+00:00"}))
    assert "the creation date differs" in only(preflight(good), "metadata.mismatch")


def test_no_xmp(tmp_path):
    path = finish(draw_pdf(tmp_path / "plain.pdf"), xmp=False)
    text = only(preflight(path), "metadata.xmp")
    assert f"{path}: warning: no XMP metadata (PDF/X-4 requires it)" in text
    assert preflight(path, profile="screen").findings == ()


def test_no_language_on_screen(tmp_path):
    path = finish(draw_pdf(tmp_path / "plain.pdf"), language=None)
    assert preflight(path).findings == ()
    text = only(preflight(path, profile="screen"), "metadata.language")
    assert "warning: no document language (/Lang in the catalog)" in text


# -- robustness ---------------------------------------------------------------


def test_a_check_that_breaks_is_a_finding(good, monkeypatch):
    def broken(doc):
        raise RuntimeError("unexpected object")

    checks = dict(rules_module.CHECKS)
    checks["fonts"] = (broken, checks["fonts"][1])
    monkeypatch.setattr("typeset.preflight.CHECKS", checks)
    text = only(preflight(good), "check.failed")
    assert "error: the fonts check could not finish: RuntimeError: unexpected object" in text


def test_unknown_profile_is_a_value_error(good):
    with pytest.raises(ValueError, match="unknown profile 'web'; use one of print, screen"):
        preflight(good, profile="web")


def test_a_four_page_issue_takes_well_under_a_second(tmp_path):
    def photo(canvas, number):
        canvas.drawImage(image("CMYK", 600), *at(60, 40), width=144, height=144)
        for line in range(40):
            canvas.drawString(*at(15, 45 + line * 2.5), "A line of newsletter text " * 3)

    path = print_pdf(tmp_path / "issue.pdf", pages=4, draw=photo)
    start = time.perf_counter()
    report = preflight(path)
    elapsed = time.perf_counter() - start
    assert report.pages == 4
    assert elapsed < 1.0, elapsed


@pytest.mark.parametrize("edition", ["print", "screen"])
def test_both_editions_of_every_sample_issue_preflight_clean(built_samples, edition):
    for built in built_samples.values():
        report = preflight(built.edition(edition).path, profile=edition)
        assert report.findings == (), [f.format() for f in report.findings]


# -- cross-checks with qpdf and poppler ---------------------------------------


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed")
    return path


def test_qpdf_agrees_on_damage(good, tmp_path):
    qpdf = _tool("qpdf")
    assert subprocess.run([qpdf, "--check", str(good)], capture_output=True).returncode == 0
    damaged = tmp_path / "damaged.pdf"
    shutil.copy(good, damaged)
    _damage_xref(damaged)
    assert subprocess.run([qpdf, "--check", str(damaged)], capture_output=True).returncode != 0
    assert "file.damaged" in rules(preflight(damaged))


def test_pdffonts_agrees_on_embedding(tmp_path):
    pdffonts = _tool("pdffonts")

    def fonts(canvas, number):
        canvas.setFont("Helvetica", 9)
        canvas.drawString(*at(15, 80), "Helvetica")

    path = print_pdf(tmp_path / "fonts.pdf", draw=fonts)
    listing = subprocess.run([pdffonts, str(path)], capture_output=True, text=True).stdout
    unembedded = {line.split()[0] for line in listing.splitlines()[2:] if line.split()[-5] == "no"}
    found = {
        f.message.split("'")[1] for f in preflight(path).findings if f.rule == "fonts.not-embedded"
    }
    assert unembedded == found == {"Helvetica"}


def test_pdffonts_agrees_on_type3(good):
    pdffonts = _tool("pdffonts")

    def add(pdf: pikepdf.Pdf) -> None:
        add_content(pdf, 1, b"BT /T3 12 Tf 100 200 Td (a) Tj ET", Font={"T3": type3_font(pdf)})

    edit(good, add)
    listing = subprocess.run([pdffonts, str(good)], capture_output=True, text=True).stdout
    assert sum("Type 3" in line for line in listing.splitlines()) == 1
    assert rules(preflight(good)) == {"fonts.type3"}


def test_qpdf_agrees_that_a_truncated_file_needs_repair(good):
    qpdf = _tool("qpdf")
    data = good.read_bytes()
    good.write_bytes(data[: len(data) - 200])
    check = subprocess.run([qpdf, "--check", str(good)], capture_output=True, text=True)
    assert check.returncode != 0
    assert "file is damaged" in check.stderr + check.stdout
    assert "file.damaged" in rules(preflight(good))


# -- the command line ---------------------------------------------------------


def test_cli_clean_file_exits_0(good, capsys):
    assert main(["preflight", str(good)]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"{good} (2 pages, print): ok\n"
    assert captured.err == ""


def test_cli_errors_exit_1_and_say_where(tmp_path, capsys):
    def helvetica(canvas, number):
        canvas.setFont("Helvetica", 9)
        canvas.drawString(*at(15, 80), "Helvetica")

    path = print_pdf(tmp_path / "helvetica.pdf", draw=helvetica)
    assert main(["preflight", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"{path}: page 1: error: font 'Helvetica' (Type1) is not embedded (on 2 pages)",
        "  hint: embed every font when making the PDF (a printer would substitute another font)",
    ]
    assert captured.out == f"{path} (2 pages, print): 1 error\n"


def test_cli_warnings_exit_0_unless_strict(tmp_path, capsys):
    path = finish(draw_pdf(tmp_path / "plain.pdf"), xmp=False)
    assert main(["preflight", "-q", str(path)]) == 0
    assert main(["preflight", "-q", "--strict", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("warning: no XMP metadata") == 2


def test_cli_json(good, tmp_path, capsys):
    missing = tmp_path / "missing.pdf"
    assert main(["preflight", "--json", "--profile", "screen", str(good), str(missing)]) == 1
    captured = capsys.readouterr()
    assert captured.err == ""
    reports = json.loads(captured.out)
    assert [r["file"] for r in reports] == [str(good), str(missing)]
    assert reports[0] == {
        "file": str(good),
        "profile": "screen",
        "pages": 2,
        "errors": 0,
        "warnings": 0,
        "findings": [],
    }
    assert reports[1]["findings"] == [
        {
            "rule": "file.unreadable",
            "severity": "error",
            "page": None,
            "message": "no such file",
            "hints": [],
        }
    ]


def test_cli_never_shows_a_traceback(tmp_path, capsys):
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    text = tmp_path / "text.pdf"
    text.write_text("hello", encoding="utf-8")
    assert main(["preflight", str(junk), str(text), str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert f"{junk}: error: cannot be read as a PDF, even with repair" in err
    assert f"{text}: error: not a PDF file" in err
    assert f"{tmp_path}: error: not a file" in err


def test_cli_lengths_and_usage_errors(tmp_path, capsys):
    def edge(canvas, number):
        canvas.drawString(*at(3, 120), "Edge")

    path = print_pdf(tmp_path / "edge.pdf", draw=edge)
    assert main(["preflight", "-q", str(path)]) == 1
    assert main(["preflight", "-q", "--safe-zone", "2mm", str(path)]) == 0
    capsys.readouterr()
    assert main(["preflight"]) == 2
    assert main(["preflight", "--profile", "web", str(path)]) == 2
    assert main(["preflight", "--safe-zone", "3 furlongs", str(path)]) == 2
    assert main(["preflight", "--min-bleed=-1mm", str(path)]) == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'web'" in err
    assert "unknown unit 'furlongs'" in err
    assert "expected a length of 0 or more, found '-1mm'" in err


def test_cli_help_explains_profiles_and_rules(capsys):
    assert main(["preflight", "--help"]) == 0
    out = capsys.readouterr().out
    assert "usage: typeset preflight" in out
    assert "print   (default) a file for a CMYK press" in out
    assert "screen  a file to read on screen" in out
    for rule in RULES:
        assert rule in out
    assert "exit status: 0 no errors, 1 errors found" in out


def test_the_readme_lists_every_rule_with_its_severities():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Preflight", 1)[1].split("\n## ", 1)[0]
    for rule in RULES.values():
        marks = [
            "E" if level is Severity.ERROR else "W" if level is Severity.WARNING else "–"
            for level in (rule.severity["print"], rule.severity["screen"])
        ]
        assert f"| `{rule.id}` | {marks[0]} | {marks[1]} |" in section, rule.id


def test_findings_after_a_linearized_file_are_still_printed(tmp_path, capsys):
    """pikepdf's linearization check replaced sys.stderr: every finding printed
    after a linearized file, for it and the files after it, went nowhere."""
    linear = tmp_path / "linear.pdf"
    with pikepdf.open(draw_pdf(tmp_path / "plain.pdf")) as pdf:
        pdf.save(linear, linearize=True)
    other = draw_pdf(tmp_path / "other.pdf")
    assert main(["preflight", "-q", str(linear), str(other)]) == 1
    err = capsys.readouterr().err
    for path in (linear, other):
        assert f"{path}: error: no PDF/X output intent" in err, err

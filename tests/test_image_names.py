"""Preflight names an image by the file it was made from.

`typeset build` keeps the image's path, as the issue file gives it, in the
image XObject's own XMP (`dc:source`); `typeset preflight` reads it back, in
its text and `--json` output alike, and names a foreign image (with no such
metadata) by its name in the PDF, as before.
"""

from __future__ import annotations

import json
import re

import pikepdf
from conftest import MINIMAL
from PIL import Image

from typeset import xmp
from typeset.cli import main


def _build_with_photo(workspace, capsys):
    photos = workspace.root / "photos"
    photos.mkdir()
    # The column is about 83 mm wide: 650 pixels there are about 200 ppi,
    # under the 300 ppi print wants.
    Image.new("RGB", (650, 400), (200, 80, 60)).save(photos / "river.png")
    text = MINIMAL.format(headline="A river", summary="Seen from the bridge.") + (
        "    image: {path: ./photos/river.png}\n"
    )
    issue = workspace.issue("2024-05.yaml", text)
    out = workspace.root / "out"
    assert main(["build", str(issue), "-o", str(out), "-q", "--edition", "print"]) == 0
    capsys.readouterr()
    return out / "2024-05-print.pdf"


def _images(pdf: pikepdf.Pdf) -> list[pikepdf.Stream]:
    xobjects = pdf.pages[0].Resources.XObject.values()
    return [xobject for xobject in xobjects if xobject.Subtype == "/Image"]


def test_preflight_names_a_built_image_by_its_file(workspace, capsys):
    pdf = _build_with_photo(workspace, capsys)

    assert main(["preflight", str(pdf), "--profile", "print"]) == 0
    err = capsys.readouterr().err
    found = re.search(
        r'page 1: warning: image "photos/river\.png" \((FormXob\.[0-9a-f]+), 650 x 400 px\) '
        r"is placed at [\d.]+ x [\d.]+ mm: 19\d ppi; 300 ppi is recommended for print",
        err,
    )
    assert found, err
    with pikepdf.open(pdf) as opened:
        # the internal name is the one the PDF really uses for that image
        assert "/" + found[1] in opened.pages[0].Resources.XObject

    assert main(["preflight", str(pdf), "--profile", "print", "--json"]) == 0
    (report,) = json.loads(capsys.readouterr().out)
    messages = [f["message"] for f in report["findings"] if f["rule"] == "images.resolution-low"]
    assert len(messages) == 1
    assert messages[0].startswith(f'image "photos/river.png" ({found[1]}, 650 x 400 px)')


def test_the_pdf_keeps_only_the_relative_name_in_metadata_pdfa_accepts(workspace, capsys):
    pdf = _build_with_photo(workspace, capsys)
    assert str(workspace.root).encode() not in pdf.read_bytes()  # no absolute path
    with pikepdf.open(pdf) as opened:
        (image,) = _images(opened)
        metadata = image.Metadata
        # PDF/A refuses a filter on metadata streams and properties no schema
        # defines: an unfiltered packet with Dublin Core's dc:source only
        assert metadata.Type == "/Metadata" and metadata.Subtype == "/XML"
        assert "/Filter" not in metadata
        packet = metadata.read_bytes().decode()
    assert "<dc:source>photos/river.png</dc:source>" in packet
    assert re.findall(r"<(\w+:\w+)[ >]", packet) == [
        "x:xmpmeta",
        "rdf:RDF",
        "rdf:Description",
        "dc:source",
    ]


def test_an_image_without_a_source_keeps_its_pdf_name(workspace, capsys):
    pdf = _build_with_photo(workspace, capsys)
    with pikepdf.open(pdf, allow_overwriting_input=True) as opened:
        (image,) = _images(opened)
        del image.Metadata
        opened.save(pdf)

    assert main(["preflight", str(pdf), "--profile", "print"]) == 0
    err = capsys.readouterr().err
    assert re.search(r"warning: image 'FormXob\.[0-9a-f]+' \(650 x 400 px\) is placed at", err)
    assert "river" not in err


def test_a_name_that_would_garble_the_message_or_a_huge_packet_is_not_shown(workspace, capsys):
    pdf = _build_with_photo(workspace, capsys)
    for source in ("photos/river.png\nerror: forged line", "x" * 9000):
        packet = xmp.source_packet(source)
        with pikepdf.open(pdf, allow_overwriting_input=True) as opened:
            (image,) = _images(opened)
            image.Metadata.write(packet)
            opened.save(pdf)
        assert main(["preflight", str(pdf), "--profile", "print"]) == 0
        err = capsys.readouterr().err
        assert re.search(r"warning: image 'FormXob\.[0-9a-f]+' \(650 x 400 px\) is placed", err)
        assert "forged" not in err and "xxxx" not in err

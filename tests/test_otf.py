"""OpenType fonts with CFF outlines: converted once, then used like TrueType."""

from __future__ import annotations

import pytest
from conftest import MINIMAL, ROOT, brand_text
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.ttLib import TTFont
from pdfcheck import page_texts
from pypdf import PdfReader

from typeset.brand import load_brand
from typeset.cli import main
from typeset.errors import InputError

LATO = ROOT / "fonts" / "lato" / "Lato-Heavy.ttf"


def make_otf(source, target, family="Lato Heavy OTF"):
    """An OpenType font with CFF outlines, drawn from a bundled TrueType font."""
    font = TTFont(str(source))
    glyph_set = font.getGlyphSet()
    order = font.getGlyphOrder()
    charstrings = {}
    for name in order:
        pen = T2CharStringPen(glyph_set[name].width, glyph_set)
        glyph_set[name].draw(pen)
        charstrings[name] = pen.getCharString()
    builder = FontBuilder(font["head"].unitsPerEm, isTTF=False)
    builder.setupGlyphOrder(order)
    builder.setupCharacterMap(font.getBestCmap())
    ps_name = family.replace(" ", "")
    builder.setupCFF(ps_name, {"FullName": family}, charstrings, {})
    builder.setupHorizontalMetrics({name: font["hmtx"][name] for name in order})
    hhea = font["hhea"]
    builder.setupHorizontalHeader(ascent=hhea.ascent, descent=hhea.descent)
    builder.setupNameTable({"familyName": family, "styleName": "Regular"})
    os2 = font["OS/2"]
    builder.setupOS2(
        sTypoAscender=os2.sTypoAscender,
        sTypoDescender=os2.sTypoDescender,
        usWinAscent=os2.usWinAscent,
        usWinDescent=os2.usWinDescent,
        sCapHeight=getattr(os2, "sCapHeight", 700),
    )
    builder.setupPost()
    # a real creation date: fontTools warns about the epoch it would otherwise write
    builder.updateHead(created=font["head"].created, modified=font["head"].modified)
    builder.save(str(target))
    assert target.read_bytes()[:4] == b"OTTO"
    return target


def test_an_otf_font_builds_after_one_conversion(workspace, tmp_path, monkeypatch, capsys):
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    otf = make_otf(LATO, workspace.root / "LatoHeavy.otf")
    (workspace.root / "brand.yaml").write_text(
        brand_text(**{f"headline: {ROOT}/fonts/lato/Lato-Heavy.ttf": f"headline: {otf}"}),
        encoding="utf-8",
    )
    issue = workspace.issue("otf.yaml", MINIMAL.format(headline="Quartz Glyphs", summary="Text."))
    out = workspace.root / "out"
    assert main(["build", str(issue), "-o", str(out), "--edition", "screen", "-q"]) == 0
    converted = list((cache / "typeset" / "fonts").glob("LatoHeavy-*.ttf"))
    assert len(converted) == 1
    assert converted[0].read_bytes()[:4] == b"\x00\x01\x00\x00"
    assert "Quartz Glyphs" in page_texts(out / "otf.pdf")[0]
    # the headline font is embedded as a TrueType subset (FontFile2) of the converted font
    page = PdfReader(out / "otf.pdf").pages[0]
    embedded = {
        str(font["/BaseFont"]).split("+")[-1]: "/FontFile2" in font["/FontDescriptor"]
        for font in (f.get_object() for f in page["/Resources"]["/Font"].values())
    }
    assert embedded.get("Lato-Heavy-OTF") is True, embedded
    # converted once: a second build finds it in the cache, unchanged
    stamp = converted[0].stat().st_mtime_ns
    assert main(["build", str(issue), "-o", str(out), "--edition", "screen", "-q"]) == 0
    assert converted[0].stat().st_mtime_ns == stamp


@pytest.mark.parametrize(
    ("magic", "why"),
    [
        (b"wOF2", "is a WOFF2 web font; use the .ttf or .otf file it was made from"),
        (b"ttcf", "is a font collection (.ttc) holding several fonts"),
        (b"%PDF", "is not a TrueType or OpenType font file"),
    ],
)
def test_a_font_that_cannot_be_used_says_why(tmp_path, magic, why):
    bad = tmp_path / "bad.otf"
    bad.write_bytes(magic + b"\x00" * 64)
    path = tmp_path / "brand.yaml"
    path.write_text(
        brand_text(**{f"caption: {ROOT}/fonts/lato/Lato-Regular.ttf": f"caption: {bad}"}),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_brand(path)
    (problem,) = caught.value.diagnostics
    assert problem.message.startswith(f"fonts.caption: {str(bad)!r} {why}")
    assert problem.hints == ("use a TrueType (.ttf) or OpenType (.otf) file of one style",)

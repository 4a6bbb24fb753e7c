"""`typeset compile` on hostile and broken back issues: each shape found by fuzzing
gives a named error and no volume, or a volume that passes `qpdf --check`, with
whatever was repaired or removed said by name. Active content never reaches a
volume: JavaScript, Launch and the other actions that do not navigate are removed,
each with a warning; links and bookmarks that navigate are kept."""

from __future__ import annotations

import base64
import io
import random
import shutil
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pikepdf
import pytest
from conftest import Workspace
from foreign import draw, with_extras, write_issue
from hostile_pdfs import (
    add_bomb,
    bomb,
    not_xmp,
    object_stream_bomb,
    raw_pdf,
    stream,
    text_page,
)
from PIL import Image

from typeset.cli import main
from typeset.compile.inputs import Refused, read_pdf
from typeset.limits import PdfLimits

needs_qpdf = pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf judges the volume")


def compile_one(tmp_path: Path, capsys, data: bytes, *extra: str) -> tuple[int, str, Path]:  # type: ignore[no-untyped-def]
    """Compile 2024 from one back issue (`data`, one item on page 1)."""
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir(parents=True)
    Workspace(pdfs)
    write_issue(pdfs, "2024-01", data, number=1, date="2024-01-05", items=[("First", 1)])
    code = main(["compile", "2024", "--pdfs", str(pdfs), "-o", str(tmp_path / "out"), *extra])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err, tmp_path / "out" / "volume-2024.pdf"


def assert_clean(volume: Path) -> None:
    check = subprocess.run(["qpdf", "--check", str(volume)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def assert_nothing_written(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert not out.exists() or not list(out.iterdir())


# -- shapes found by fuzzing -------------------------------------------------------


@needs_qpdf
def test_a_page_without_type_page_is_repaired(tmp_path, capsys):
    objects = text_page(b"No type")
    objects[2] = objects[2].replace(b"/Type /Page ", b"")
    code, err, volume = compile_one(tmp_path, capsys, raw_pdf(objects))
    assert code == 0, err
    assert "2024-01.pdf: warning: repaired: " in err
    assert "/Type key should be /Page" in err
    assert_clean(volume)


@needs_qpdf
def test_a_page_written_directly_inside_kids(tmp_path, capsys):
    objects = text_page(b"Direct")
    page = objects[2].replace(b" /Parent 2 0 R", b"")
    objects[1] = b"<< /Type /Pages /Kids [" + page + b"] /Count 1 >>"
    objects[2] = b"null"
    code, err, volume = compile_one(tmp_path, capsys, raw_pdf(objects))
    assert code == 0, err
    assert "repaired: qpdf: object 2 0 at offset 74: kid 0 (from 0) is direct; converting" in err
    assert "BytesIO" not in err  # the name of qpdf's in-memory stream says nothing
    assert_clean(volume)
    with pikepdf.open(volume) as pdf:
        assert b"Direct" in pdf.pages[2].Contents.read_bytes()


@needs_qpdf
def test_a_damaged_endstream_keyword(tmp_path, capsys):
    data = draw([["Old headline one", "text"], ["Two", "more"]])
    at = data.index(b"endstream")
    damaged = data[:at] + b"endstrexm" + data[at + 9 :]
    code, err, volume = compile_one(tmp_path, capsys, damaged)
    assert code == 0, err
    # qpdf recovers the stream; the repair is said, and pypdf merges qpdf's rewrite
    assert "2024-01.pdf: warning: repaired: (object 4 0, offset 1214): expected endstream" in err
    assert_clean(volume)


@needs_qpdf
def test_a_dictionary_nested_400_deep(tmp_path, capsys):
    nested = b"<< /Deep " * 400 + b"1" + b" >>" * 400
    objects = text_page(b"Deep")
    objects[2] = objects[2].replace(b"/Type /Page ", b"/Type /Page /PieceInfo " + nested + b" ")
    data = raw_pdf(objects)
    code, err, volume = compile_one(tmp_path, capsys, data)
    assert code == 0, err
    assert_clean(volume)


@needs_qpdf
def test_a_long_outline_chain_still_passes(tmp_path, capsys):
    pages = [[f"Page {n}", "text"] for n in range(1, 4)]
    outline = [(f"Bookmark {n}", n % 3, []) for n in range(600)]
    code, err, volume = compile_one(tmp_path, capsys, with_extras(draw(pages), outline=outline))
    assert code == 0, err
    assert_clean(volume)
    with pikepdf.open(volume) as pdf, pdf.open_outline() as tree:
        issue = tree.root[1].children[0]
        assert len(issue.children) >= 600


def test_a_decompression_bomb_is_refused_without_inflating(tmp_path, capsys):
    objects = text_page(b"Bomb")
    objects[3] = stream(bomb(2 << 30), b"/Filter /FlateDecode ")
    data = raw_pdf(objects)
    assert len(data) < 3_000_000
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir(parents=True)
    Workspace(pdfs)
    write_issue(pdfs, "2024-01", data, number=1, date="2024-01-05", items=[("First", 1)])
    script = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1536 << 20, 1536 << 20))\n"
        "from typeset.cli import main\n"
        f"sys.exit(main(['compile', '2024', '--pdfs', {str(pdfs)!r}, '-o', "
        f"{str(tmp_path / 'out')!r}]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert (
        f"{pdfs / '2024-01.pdf'}: error: object 4 0 decodes to more than 256 MB, "
        "the limit for one stream" in done.stderr
    )
    assert_nothing_written(tmp_path)


def test_streams_over_the_limit_together_are_refused_by_the_limits_given(tmp_path):
    """Three streams of 3 MiB, each under a 4 MiB limit by its raw size alone (so
    qpdf decodes each directly), are over a 5 MiB limit together; with the default
    limits the same file opens."""
    pdf = pikepdf.open(io.BytesIO(raw_pdf(text_page(b"Three"))))
    for _ in range(3):
        add_bomb(pdf, 1, 3 << 20)
    path = tmp_path / "2024-01.pdf"
    pdf.save(path)
    limits = PdfLimits(stream_bytes=4 << 20, pdf_bytes=5 << 20)
    with pytest.raises(Refused) as refused:
        read_pdf(path, limits=limits)
    said = refused.value.diagnostic.format()
    assert said.startswith(f"{path}: error: its streams decode to more than 5 MB together")
    assert read_pdf(path).pages == 1


def test_an_object_stream_bomb_is_refused(tmp_path, capsys):
    code, err, _ = compile_one(tmp_path, capsys, object_stream_bomb(512))
    assert code == 1
    assert "2024-01.pdf: error: object 6 0 (an object stream) decodes to more than 256 MB" in err
    assert_nothing_written(tmp_path)


def test_contents_that_are_not_a_stream_are_refused_by_page(tmp_path, capsys):
    objects = text_page()
    objects[2] = objects[2].replace(b"/Contents 4 0 R", b"/Contents 42")
    code, err, _ = compile_one(tmp_path, capsys, raw_pdf(objects))
    assert code == 1
    assert "2024-01.pdf: error: page 1: its /Contents is a number, not a content stream" in err
    assert_nothing_written(tmp_path)


@needs_qpdf
def test_content_that_does_not_parse_is_rewritten_from_what_reads(tmp_path, capsys):
    objects = text_page()
    objects[3] = stream(b"BT /F1 12 Tf 20 100 Td (Hello) Tj ET q 1 0 0 1 0 0 cm (unclosed")
    code, err, volume = compile_one(tmp_path, capsys, raw_pdf(objects))
    assert code == 0, err
    assert "page 1: content read only in part" in err
    assert_clean(volume)


@needs_qpdf
def test_a_stream_that_does_not_end_cleanly_is_written_again(tmp_path, capsys):
    """Flate data without its end: qpdf reads it with a warning, and would copy it
    as it is into a volume that then fails `qpdf --check`."""
    squeeze = zlib.compressobj()
    unfinished = squeeze.compress(b"BT /F1 12 Tf 20 100 Td (Unfinished) Tj ET")
    unfinished += squeeze.flush(zlib.Z_SYNC_FLUSH)
    objects = text_page()
    objects[3] = stream(unfinished, b"/Filter /FlateDecode ")
    code, err, volume = compile_one(tmp_path, capsys, raw_pdf(objects))
    assert code == 0, err
    assert "1 stream(s) that did not end cleanly written again" in err
    assert_clean(volume)
    with pikepdf.open(volume) as pdf:
        assert b"(Unfinished) Tj" in pdf.pages[2].Contents.read_bytes()


def test_no_pages_for_qpdf_is_a_named_refusal(tmp_path, capsys):
    objects = text_page()
    objects[1] = b"<< /Type /Pages /Kids [] /Count 1 >>"
    code, err, _ = compile_one(tmp_path, capsys, raw_pdf(objects))
    assert code == 1
    assert "2024-01.pdf: error: " in err
    assert_nothing_written(tmp_path)


@needs_qpdf
def test_data_after_the_end_is_a_repair(tmp_path, capsys):
    archive = tmp_path / "extra.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("notes.bin", bytes(range(256)) * 256)
    data = draw([["Old headline one", "text"]]) + archive.read_bytes()
    code, err, volume = compile_one(tmp_path, capsys, data)
    assert code == 0, err
    assert "2024-01.pdf: warning: repaired: data after the end of the PDF, ignored" in err
    assert_clean(volume)
    code, err, _ = compile_one(tmp_path / "strict", capsys, data, "--strict")
    assert code == 1
    assert "error: damaged (--strict refuses repairs): data after the end of the PDF" in err


@needs_qpdf
def test_a_sound_back_issue_is_merged_as_it_is(tmp_path, capsys):
    """Nothing to repair or remove: its pages go into the volume as they were, and
    nothing is said about it. Its content keeps its own compression (here zlib's
    fastest level, which any rewrite compressing again would change); only the
    ASCII85 layer ReportLab puts over it is taken off, which makes it smaller."""
    content = b"BT /F1 12 Tf 20 100 Td (Sound) Tj ET"
    squeezed = zlib.compress(content, 1)
    objects = text_page()
    objects[3] = stream(base64.a85encode(squeezed) + b"~>", b"/Filter [/A85 /FlateDecode] ")
    code, err, volume = compile_one(tmp_path, capsys, raw_pdf(objects))
    assert code == 0, err
    assert "2024-01.pdf: warning" not in err
    assert_clean(volume)
    with pikepdf.open(volume) as pdf:
        page = pdf.pages[2].Contents
        assert page.read_bytes() == content
        assert _filters(page) == ("/FlateDecode",)
        assert page.read_raw_bytes() == squeezed


def _with_jpeg(data: bytes, jpeg: bytes) -> bytes:
    """`data` with a 64 x 64 JPEG (`jpeg`) drawn on its first page."""
    pdf = pikepdf.open(io.BytesIO(data))
    image = pikepdf.Stream(pdf, jpeg, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image)
    image.Width = image.Height = 64
    image.ColorSpace, image.BitsPerComponent = pikepdf.Name.DeviceRGB, 8
    image.Filter = pikepdf.Name.DCTDecode
    page = pdf.pages[0]
    page.add_resource(image, pikepdf.Name.XObject, pikepdf.Name.Im9)
    page.contents_add(pikepdf.Stream(pdf, b"q 64 0 0 64 100 100 cm /Im9 Do Q"))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


@needs_qpdf
def test_a_jpeg_that_qpdf_cannot_decode_is_refused_and_a_sound_one_kept(tmp_path, capsys):
    """`qpdf --check` decodes JPEG images, so a back issue whose JPEG is corrupt
    (though the file is otherwise sound) is refused by name, not merged."""
    rng = random.Random(1)
    picture = Image.new("RGB", (64, 64))
    picture.putdata([tuple(rng.randrange(256) for _ in "rgb") for _ in range(64 * 64)])
    saved = io.BytesIO()
    picture.save(saved, "JPEG", quality=90)
    jpeg = saved.getvalue()
    page = draw([["Old headline one", "text"]])
    code, err, volume = compile_one(tmp_path / "sound", capsys, _with_jpeg(page, jpeg))
    assert code == 0, err
    assert_clean(volume)
    with pikepdf.open(volume) as pdf:
        images = [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and "/Width" in o]
        assert [image.read_raw_bytes() for image in images] == [jpeg]
    corrupt = jpeg[:700] + b"\xff\x08" + jpeg[702:]  # a marker no JPEG has
    code, err, _ = compile_one(tmp_path / "corrupt", capsys, _with_jpeg(page, corrupt))
    assert code == 1
    assert "2024-01.pdf: error: it cannot be made sound: " in err
    assert "JPEG data is corrupt" in err
    assert_nothing_written(tmp_path / "corrupt")


def _filters(stream: pikepdf.Object) -> tuple[str, ...]:
    found = stream.get("/Filter")
    return tuple(map(str, found)) if isinstance(found, pikepdf.Array) else (str(found),)


@needs_qpdf
def test_xml_metadata_that_is_not_xmp_in_a_back_issue_that_is_rewritten(tmp_path, capsys, caplog):
    """Appended data makes qpdf rewrite the file; the rewrite leaves its XMP alone
    (pikepdf would log a traceback parsing it to update the PDF version: pytest
    takes log records, so they are looked for there)."""
    code, err, volume = compile_one(tmp_path, capsys, not_xmp(tail=b"PK\x03\x04 appended"))
    assert code == 0, err
    assert not [r.getMessage() for r in caplog.records if r.name.startswith("pikepdf")]
    assert "2024-01.pdf: warning: repaired: data after the end of the PDF, ignored" in err
    assert "Traceback" not in err and "XMP" not in err
    assert_clean(volume)


# -- active content ------------------------------------------------------------


def _active(data: bytes) -> bytes:
    """`data` given every kind of active content the issue found copied or dropped."""
    pdf = pikepdf.open(__import__("io").BytesIO(data))
    js = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    launch = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe /c calc"))
    pdf.Root.OpenAction = pdf.make_indirect(js)
    pdf.Root.AA = pikepdf.Dictionary(WC=js)
    pdf.Root.Names = pikepdf.Dictionary(
        JavaScript=pikepdf.Dictionary(Names=[pikepdf.String("x"), pdf.make_indirect(js)])
    )
    page = pdf.pages[0].obj
    page.AA = pikepdf.Dictionary(O=launch)

    def link(rect: list[int], action: pikepdf.Dictionary) -> pikepdf.Dictionary:
        return pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=rect, A=action
            )
        )

    web = pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://example.org/"))
    page.Annots = pikepdf.Array(
        [
            link([10, 10, 50, 50], launch),
            link([60, 10, 100, 50], js),
            link([110, 10, 150, 50], web),
            link([160, 10, 200, 50], pikepdf.Dictionary(S=pikepdf.Name.URI, URI="file:///etc")),
        ]
    )
    # a bookmark that runs JavaScript, with a child that navigates
    outlines = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Outlines))
    parent = pdf.make_indirect(pikepdf.Dictionary(Title="Runs a script", A=js, Parent=outlines))
    child = pdf.make_indirect(
        pikepdf.Dictionary(Title="Page two", Dest=[pdf.pages[1].obj, pikepdf.Name.Fit])
    )
    child.Parent = parent
    parent.First = parent.Last = child
    parent.Count = 1
    outlines.First = outlines.Last = parent
    outlines.Count = 2
    pdf.Root.Outlines = outlines
    out = __import__("io").BytesIO()
    pdf.save(out)
    return out.getvalue()


@needs_qpdf
@pytest.mark.parametrize("archive", [None, "--archive=best-effort"])
def test_active_content_is_removed_and_each_removal_said(tmp_path, capsys, archive):
    data = _active(draw([["Old headline one", "text"], ["Two", "more"]]))
    code, err, volume = compile_one(tmp_path, capsys, data, *([archive] if archive else []))
    assert code == 0, err
    issue = "2024-01.pdf: warning: removed "
    for said in (
        "JavaScript from the document, when opened,",
        "JavaScript from the document (additional action /WC)",
        "document-level JavaScript (/Names /JavaScript)",
        "a Launch action ('cmd.exe /c calc') from page 1 (additional action /O)",
        "a Launch action ('cmd.exe /c calc') from a link annotation on page 1",
        "JavaScript from a link annotation on page 1",
        "a link to 'file:///etc' from a link annotation on page 1",
        "JavaScript from the bookmark 'Runs a script', dropped",
    ):
        assert issue + said in err, said
    assert_clean(volume)
    with pikepdf.open(volume) as pdf:
        everything = b"".join(
            obj.unparse() for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary)
        )
        for banned in (b"/JavaScript", b"/Launch", b"/JS", b"file:///etc"):
            assert banned not in everything, banned
        links = [a for a in pdf.pages[2].get("/Annots", []) if a.get("/Subtype") == "/Link"]
        assert [str(a.A.URI) for a in links] == ["https://example.org/"]
        with pdf.open_outline() as tree:
            issue_entry = tree.root[1].children[0]
            titles = [item.title for item in issue_entry.children]
        assert "Page two" in titles and "Runs a script" not in titles

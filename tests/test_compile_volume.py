"""The volume's own pages in the brand's words and on the issues' sheet:
front matter labels from the brand, related-issue links found by the brand's
number label, and one trim size through a print volume."""

from __future__ import annotations

import gc
import io
import json
import os
import weakref
from pathlib import Path
from typing import Any

import pikepdf
import pypdf
import pytest
from conftest import Workspace
from foreign import draw, with_extras
from pdfcheck import squash
from pypdf.generic import DictionaryObject, NameObject, NumberObject

from typeset.cli import main
from typeset.compile.dedupe import SharedNames

ISSUE = """\
number: {number}
date: 2024-0{number}-10
title: Issue {number}
items:
  - headline: Headline of issue {number}
    summary: A short summary of issue {number}.
related: [{related}]
"""

GERMAN = """
labels:
  number: "Nr. {number}"
  volume: "Jahrgang {year}"
  contents: Inhalt
  index: Register der Schlagzeilen
  issue_count: "{count} Ausgaben"
"""


def _issues(workspace: Workspace) -> None:
    workspace.issue("2024-01.yaml", ISSUE.format(number=1, related=2))
    workspace.issue("2024-02.yaml", ISSUE.format(number=2, related=1))


def _compile(workspace: Workspace, out: Path, *extra: str) -> Path:
    volume = out / "volume.pdf"
    argv = ["compile", "2024", "--issues", str(workspace.root), "-o", str(volume), "-q", *extra]
    assert main(argv) == 0
    return volume


def _box_size(page: pikepdf.Page, key: str) -> tuple[float, float]:
    x0, y0, x1, y1 = (float(v) for v in page.obj[key])
    return round(x1 - x0, 2), round(y1 - y0, 2)


def test_front_matter_words_come_from_the_brand_labels(workspace, tmp_path):
    brand = workspace.root / "brand.yaml"
    brand.write_text(brand.read_text(encoding="utf-8") + GERMAN, encoding="utf-8")
    _issues(workspace)
    volume = _compile(workspace, tmp_path)
    reader = pypdf.PdfReader(volume)
    text = squash(" ".join(page.extract_text() for page in reader.pages))
    for words in ("Jahrgang 2024", "Inhalt", "Register der Schlagzeilen", "2 Ausgaben", "Nr. 1"):
        assert squash(words) in text, words
    for english in ("Volume 2024", "Contents", "Index of headlines", "No.1"):
        assert squash(english) not in text, english
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles[0] == "Inhalt" and titles[-1] == "Register der Schlagzeilen"
    # "Related issues" prints "Nr. 2": it is still found and made a link
    labels = reader.page_labels
    last = reader.pages[labels.index("1-1")]
    targets = {
        reader.get_page_number(a.get_object()["/Dest"][0].get_object())
        for a in last.get("/Annots", [])
        if "/Dest" in a.get_object()
    }
    assert labels.index("2-1") in targets


@pytest.mark.parametrize("edition", ["print", "screen"])
def test_every_page_of_a_volume_has_one_trim_size(workspace, tmp_path, edition):
    _issues(workspace)
    volume = _compile(workspace, tmp_path, "--edition", edition)
    with pikepdf.open(volume) as pdf:
        key = "/TrimBox" if edition == "print" else "/MediaBox"
        sizes = {_box_size(page, key) for page in pdf.pages}
        media = {_box_size(page, "/MediaBox") for page in pdf.pages}
        assert len(sizes) == 1 and len(media) == 1, (sizes, media)
        if edition == "print":
            assert all("/BleedBox" in page.obj for page in pdf.pages)
            assert media != sizes  # the sheet holds bleed and slug around the trim


def test_an_unchanged_issue_is_not_read_by_pdfium_again_and_binds_to_the_same_bytes(
    workspace, tmp_path, monkeypatch
):
    from typeset.compile import inputs

    _issues(workspace)
    volume = _compile(workspace, tmp_path)
    first = volume.read_bytes()
    surveyed: list[int] = []
    real = inputs._pdfium

    def counting(data, password, **wanted):
        surveyed.append(len(data))
        return real(data, password, **wanted)

    monkeypatch.setattr(inputs, "_pdfium", counting)
    assert _compile(workspace, tmp_path).read_bytes() == first
    assert surveyed == []
    # A record that cannot be read is surveyed again, with the same result.
    records = tmp_path / ".cache" / "brand-fonts" / "surveys.json"
    records.write_text("{not json", encoding="utf-8")
    assert _compile(workspace, tmp_path).read_bytes() == first
    assert len(surveyed) == 2
    # An issue whose PDF is built again is surveyed again; the other is not.
    changed = workspace.root / "2024-02.yaml"
    edited = ISSUE.format(number=2, related=1).replace("Issue 2", "Issue two")
    changed.write_text(edited, encoding="utf-8")
    later = records.stat().st_mtime + 5
    os.utime(changed, (later, later))
    surveyed.clear()
    _compile(workspace, tmp_path)
    assert len(surveyed) == 1


def test_no_input_is_held_in_memory_while_the_volume_is_written(workspace, tmp_path, monkeypatch):
    """Each issue's PDF is read, merged and let go: a volume of hundreds of
    issues would otherwise hold every file, and all pypdf parsed of it, at once."""
    for number in range(1, 5):
        workspace.issue(f"2024-0{number}.yaml", ISSUE.format(number=number, related=number % 4 + 1))
    readers: list[weakref.ref[pypdf.PdfReader]] = []
    opened = pypdf.PdfReader.__init__

    def counted(self: pypdf.PdfReader, *args: Any, **kwargs: Any) -> None:
        readers.append(weakref.ref(self))
        opened(self, *args, **kwargs)

    alive_at_write: list[int] = []
    write = pypdf.PdfWriter.write

    def writing(self: pypdf.PdfWriter, stream: Any) -> Any:
        gc.collect()
        alive_at_write.append(sum(ref() is not None for ref in readers))
        return write(self, stream)

    monkeypatch.setattr(pypdf.PdfReader, "__init__", counted)
    monkeypatch.setattr(pypdf.PdfWriter, "write", writing)
    _compile(workspace, tmp_path)
    assert len(readers) >= 4
    assert alive_at_write == [0]


def test_shared_names_change_no_byte_of_the_volume_and_keep_one_object_per_name():
    """The merged issues' names and integers are one object each (memory);
    the file written is the same."""
    source = with_extras(
        draw([["First", "Text."], ["Second", "More."]]),
        labels=True,
        named_link=(0, "sec"),
        names={"sec": 1},
    )

    def merged(*, share: bool) -> tuple[bytes, pypdf.PdfWriter]:
        writer = pypdf.PdfWriter()
        shared = SharedNames(writer)
        for _ in range(3):
            writer.append(pypdf.PdfReader(io.BytesIO(source)), import_outline=False)
            if share:
                shared.share()
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue(), writer

    plain, _ = merged(share=False)
    shared, writer = merged(share=True)
    assert shared == plain
    instances: dict[object, set[int]] = {}
    for obj in writer._objects:
        if isinstance(obj, DictionaryObject):
            for key, value in obj.items():
                instances.setdefault(key, set()).add(id(key))
                if type(value) in (NameObject, NumberObject):
                    instances.setdefault((type(value), value), set()).add(id(value))
    assert instances and all(len(ids) == 1 for ids in instances.values()), instances


def _with_private_data(data: bytes, private: bytes) -> bytes:
    """`data` with an application's private data on its first page, as PDF
    Annotator keeps its ink (1.3 MB of base64 in one string, with a NUL that
    makes it bytes rather than text to pypdf)."""
    placeholder = b"X" * len(private)  # qpdf would write the NUL's string in hex
    with pikepdf.open(io.BytesIO(data)) as pdf:
        ink = pikepdf.String(placeholder)
        pdf.pages[0].obj.PieceInfo = pikepdf.Dictionary(
            Annotator=pikepdf.Dictionary(Private=pikepdf.Dictionary(Ink=ink))
        )
        out = io.BytesIO()
        pdf.save(out)
    written = out.getvalue()
    assert written.count(b"(" + placeholder + b")") == 1
    return written.replace(b"(" + placeholder + b")", b"(" + private + b")")


def test_a_large_string_keeps_its_size_in_the_volume(tmp_path):
    """Written in hex, a string takes twice its bytes: the volume grows by no
    more than the input did (within 3%, for the volume's own pages and objects)."""
    import base64
    import random

    ink = b"base64:" + base64.b64encode(random.Random(9).randbytes(300_000)) + b"\0"
    page = draw([["Old headline one", "text"]])
    sizes = {}
    for name, data in (
        ("plain", _with_private_data(page, b"base64:")),
        ("inked", _with_private_data(page, ink)),
    ):
        (tmp_path / name).mkdir()
        workspace = Workspace(tmp_path / name)
        (workspace.root / "old.pdf").write_bytes(data)
        (workspace.root / "old.yaml").write_text(
            "number: 1\ndate: 2024-01-05\nitems: [{headline: Old, page: 1}]\n", encoding="utf-8"
        )
        volume = tmp_path / name / "out" / "volume.pdf"
        argv = ["compile", "2024", "--pdfs", str(workspace.root), "-o", str(volume), "-q"]
        assert main(argv) == 0
        sizes[name] = (len(data), volume.stat().st_size)
    grown_input = sizes["inked"][0] - sizes["plain"][0]
    grown_volume = sizes["inked"][1] - sizes["plain"][1]
    assert abs(grown_input - len(ink)) < 100  # the string and a few more digits of offsets
    assert grown_volume <= grown_input * 1.03, (grown_input, grown_volume)
    ink_in_volume = pypdf.PdfReader(volume).pages[2]["/PieceInfo"]["/Annotator"]["/Private"]["/Ink"]
    assert bytes(ink_in_volume) == ink  # the same bytes, only spelled differently


def test_strings_with_brackets_backslashes_and_line_ends_read_back_the_same(tmp_path):
    """Literal strings escape only `\\`, `(`, `)` and a carriage return: each
    must read back as written."""
    root = tmp_path / "pdfs"
    root.mkdir()
    Workspace(root)
    headline = "Balance (2) \\ report: ))(( Ура · 日本"
    (root / "old.pdf").write_bytes(draw([["Old", "text"]]))
    (root / "old.yaml").write_text(
        'number: 1\ndate: 2024-01-05\ntitle: "a) b( c\\\\"\n'
        f"items: [{{headline: {json.dumps(headline)}, page: 1}}]\n",
        encoding="utf-8",
    )
    volume = tmp_path / "volume.pdf"
    assert main(["compile", "2024", "--pdfs", str(root), "-o", str(volume), "-q"]) == 0
    reader = pypdf.PdfReader(volume)
    titles = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    assert headline in titles
    assert any(title.endswith("· a) b( c\\") for title in titles), titles


@pytest.mark.parametrize(
    "data", [b"", b"plain", b"a\\b(c)d\re\r\nf\ng", bytes(range(256)), b"\\\\((\r"]
)
def test_a_compact_spelling_parses_back_to_the_same_bytes(data):
    from pypdf.generic import read_object

    from typeset.compile.strings import spell

    spelled = spell(data)
    assert len(spelled) <= 2 * len(data) + 2
    parsed = read_object(io.BytesIO(spelled), None)  # type: ignore[arg-type]
    assert bytes(parsed.original_bytes) == data

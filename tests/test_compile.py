"""`typeset compile`: a year's issues bound into one volume, checked as an
archivist would: pages all there (two readers), contents and index numbers
where the headlines really are, outline, labels, links, metadata, catalog."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest
from conftest import SAMPLES
from foreign import draw, with_extras, write_issue
from pdfcheck import squash

from typeset.cli import main

YEAR_ISSUES = {109: "2024-01", 110: "2024-02", 111: "2024-03", 112: "2024-04", 113: "2024-05"}


def make_foreign(folder: Path) -> None:
    """No.115: own outline, page labels, a named destination and a link to it.
    No.116: encrypted (password in the sidecar), the same destination name."""
    pages = [
        ["Summer fair in the park", "Old text on page one."],
        ["A second page", "More old text."],
        ["Letters from our readers", "Readers wrote to us."],
    ]
    data = with_extras(
        draw(pages),
        outline=[("Old section A", 0, [("Sub a1", 1)]), ("Old section B", 2, [])],
        labels=True,
        names={"sec": 2},
        named_link=(0, "sec"),
    )
    write_issue(
        folder,
        "2024-07-old",
        data,
        number=115,
        date="2024-07-20",
        title="Summer",
        items=[("Summer fair in the park", 1), ("Letters from our readers", 3)],
    )
    locked = with_extras(
        draw([["Autumn programme announced", "Text."], ["Closing page", "Text."]]),
        names={"sec": 1},
        named_link=(0, "sec"),
        password="s3cret",
    )
    write_issue(
        folder,
        "2024-08-locked",
        locked,
        number=116,
        date="2024-08-15",
        items=[("Autumn programme announced", 1)],
        password="s3cret",
    )


@pytest.fixture(scope="session")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("compiled")
    make_foreign(root / "pdfs")
    out = root / "out"
    code = main(
        [
            "compile",
            "2024",
            "--issues",
            str(SAMPLES),
            "--pdfs",
            str(root / "pdfs"),
            "-o",
            str(out),
            "--catalog",
            str(out / "catalog.json"),
            "-q",
        ]
    )
    assert code == 0
    return out


def volume_of(out: Path) -> Path:
    return out / "volume-2024.pdf"


def catalog(out: Path, row: str = "item") -> list[dict[str, object]]:
    """The catalog's item rows (or its issue rows)."""
    rows: list[dict[str, object]] = json.loads((out / "catalog.json").read_text("utf-8"))
    return [r for r in rows if r["row"] == row]


def page_text(path: Path, index: int) -> str:
    document = pdfium.PdfDocument(path)
    try:
        return squash(document[index].get_textpage().get_text_range())
    finally:
        document.close()


def front_pages(path: Path) -> int:
    labels = pypdf.PdfReader(path).page_labels
    return sum(1 for label in labels if label and label.isalpha() and set(label) <= set("ivxlc"))


def test_page_count_is_front_matter_plus_every_input_page_by_two_readers(compiled):
    volume = volume_of(compiled)
    cache = compiled / ".cache" / "brand-fonts"
    inputs = [pypdf.PdfReader(cache / f"{stem}.pdf") for stem in sorted(YEAR_ISSUES.values())]
    inputs.append(pypdf.PdfReader(cache / "2024-06.pdf"))
    foreign = compiled.parent / "pdfs"
    inputs.append(pypdf.PdfReader(foreign / "2024-07-old.pdf"))
    locked = pypdf.PdfReader(foreign / "2024-08-locked.pdf")
    locked.decrypt("s3cret")
    inputs.append(locked)
    issue_pages = sum(len(r.pages) for r in inputs)
    labels = pypdf.PdfReader(volume).page_labels
    index_pages = sum(1 for label in labels if label.startswith("index-"))
    expected = front_pages(volume) + issue_pages + index_pages
    assert len(pypdf.PdfReader(volume).pages) == expected
    assert len(pdfium.PdfDocument(volume)) == expected
    assert index_pages >= 1 and front_pages(volume) >= 2


def test_contents_numbers_are_the_pages_where_headlines_land(compiled):
    volume = volume_of(compiled)
    contents = "".join(page_text(volume, i) for i in range(1, front_pages(volume)))
    rows = catalog(compiled)
    assert len(rows) > 50
    for row in rows:
        headline, page = squash(str(row["headline"])), int(str(row["volume_page"]))
        assert f"{headline}{page}" in contents, row["headline"]
        assert headline in page_text(volume, page - 1), (row["headline"], page)


def test_contents_lists_each_issue_with_its_first_page(compiled):
    volume = volume_of(compiled)
    contents = "".join(page_text(volume, i) for i in range(1, front_pages(volume)))
    labels = pypdf.PdfReader(volume).page_labels
    for number in (109, 111, 115, 116):
        first = labels.index(f"{number}-1") + 1
        assert f"NO.{number}·" in contents  # box titles are set in capitals
        assert squash(f"No.{number}") in page_text(volume, first - 1) or number >= 115
        assert str(first) in contents


def test_index_lists_every_headline_a_to_z_with_its_page(compiled):
    volume = volume_of(compiled)
    labels = pypdf.PdfReader(volume).page_labels
    index = "".join(
        page_text(volume, i) for i, label in enumerate(labels) if label.startswith("index-")
    )
    for row in catalog(compiled):
        entry = f"{squash(str(row['headline']))}(No.{row['issue']}){row['volume_page']}"
        assert entry in index, row["headline"]
    assert index.index("Adaywith") < index.index("Twomothers")


def _outline(reader: pypdf.PdfReader, nodes: list[object]) -> list[object]:
    result: list[object] = []
    for node in nodes:
        if isinstance(node, list):
            result.append(_outline(reader, node))
        else:
            result.append((node.title, reader.get_destination_page_number(node)))  # type: ignore[attr-defined]
    return result


def test_outline_is_year_issue_item_and_keeps_foreign_bookmarks_nested(compiled):
    reader = pypdf.PdfReader(volume_of(compiled))
    tree = _outline(reader, reader.outline)
    labels = reader.page_labels
    assert [entry[0] for entry in tree if isinstance(entry, tuple)] == [
        "Contents",
        "Ura Newsletter 2024",
        "Index of headlines",
    ]
    issues = tree[2]
    assert isinstance(issues, list)
    titles = [entry[0] for entry in issues if isinstance(entry, tuple)]
    assert titles[0] == "No.109 – January 2024 · A Year of Bridges"
    assert titles[6] == "No.115 – July 2024 · Summer"
    assert len(titles) == 8
    old = issues[13]  # the children of No.115
    first = labels.index("115-1")
    assert old == [
        ("Summer fair in the park", first),
        ("Letters from our readers", first + 2),
        ("Old section A", first),
        [("Sub a1", first + 1)],
        ("Old section B", first + 2),
    ]
    first_items = issues[1]
    assert first_items[0] == ("Our director looks ahead to 2024", labels.index("109-1"))


def test_page_labels_roman_then_issue_and_page_then_index(compiled):
    labels = pypdf.PdfReader(volume_of(compiled)).page_labels
    front = front_pages(volume_of(compiled))
    assert labels[:front] == ["i", "ii", "iii", "iv", "v"][:front]
    assert labels[front : front + 3] == ["109-1", "109-2", "110-1"]
    at = labels.index("115-1")
    assert labels[at : at + 3] == ["115-1", "115-2", "115-3"]  # its own i, ii, iii replaced
    assert labels[-1].startswith("index-")


def _dest_page(reader: pypdf.PdfReader, array: object) -> int:
    return reader.get_page_number(array[0].get_object())  # type: ignore[index]


def test_named_destinations_of_different_issues_do_not_collide(compiled):
    reader = pypdf.PdfReader(volume_of(compiled))
    labels = reader.page_labels
    names = reader.named_destinations
    assert reader.get_destination_page_number(names["no115.sec"]) == labels.index("115-3")
    assert reader.get_destination_page_number(names["no116.sec"]) == labels.index("116-2")
    assert reader.get_destination_page_number(names["no112"]) == labels.index("112-1")
    # each issue's own link still goes to its own page
    for number, target in ((115, "115-3"), (116, "116-2")):
        page = reader.pages[labels.index(f"{number}-1")]
        links = [a.get_object() for a in page["/Annots"]]
        assert [_dest_page(reader, link["/Dest"]) for link in links] == [labels.index(target)]


def test_related_issues_become_links_to_their_first_page(compiled):
    reader = pypdf.PdfReader(volume_of(compiled))
    labels = reader.page_labels
    last = labels.index("111-3")  # No.111 names 110, 112 and 113 as related
    targets = {
        _dest_page(reader, a.get_object()["/Dest"])
        for a in reader.pages[last].get("/Annots", [])
        if "/Dest" in a.get_object()
    }
    assert targets == {labels.index(f"{n}-1") for n in (110, 112, 113)}


def test_contents_rows_link_to_their_pages(compiled):
    reader = pypdf.PdfReader(volume_of(compiled))
    labels = reader.page_labels
    targets = [
        _dest_page(reader, a.get_object()["/Dest"]) for a in reader.pages[1].get("/Annots", [])
    ]
    assert targets[0] == labels.index("109-1")
    assert len(targets) > 10


def test_metadata_and_xmp(compiled):
    reader = pypdf.PdfReader(volume_of(compiled))
    info = reader.metadata
    assert info is not None
    assert info.title == "Ura Newsletter — 2024"
    assert info.author == "Ura Society"
    assert "No.109–No.116" in (info.subject or "")
    assert info["/CreationDate"] == "D:20240815000000+00'00'"  # the latest issue's date
    xmp = reader.xmp_metadata
    assert xmp is not None and xmp.dc_title == {"x-default": "Ura Newsletter — 2024"}


def test_same_inputs_give_the_same_bytes(compiled, tmp_path):
    again = tmp_path / "again"
    code = main(
        [
            "compile",
            "2024",
            "--issues",
            str(SAMPLES),
            "--pdfs",
            str(compiled.parent / "pdfs"),
            "-o",
            str(again),
            "-q",
        ]
    )
    assert code == 0
    assert (again / "volume-2024.pdf").read_bytes() == volume_of(compiled).read_bytes()


def test_identical_objects_are_stored_once(compiled):
    reader = pypdf.PdfReader(volume_of(compiled))
    seen: dict[bytes, int] = {}
    for number in range(1, int(reader.trailer["/Size"])):
        try:
            obj = reader.get_object(number)
        except Exception:  # a free entry
            continue
        if isinstance(obj, pypdf.generic.StreamObject) and len(obj._data) > 200:
            key = repr(sorted((k, repr(v)) for k, v in obj.items() if k != "/Length"))
            digest = key.encode() + obj._data
            assert digest not in seen, f"objects {seen.get(digest)} and {number} are identical"
            seen[digest] = number
    total = sum(p.stat().st_size for p in (compiled / ".cache" / "brand-fonts").glob("*.pdf"))
    assert volume_of(compiled).stat().st_size < total


def test_catalog_has_one_row_per_item_in_json_and_csv(compiled, tmp_path):
    rows = catalog(compiled)
    assert rows[0] == {
        "row": "item",
        "year": 2024,
        "issue": 109,
        "date": "2024-01-24",
        "issue_title": "A Year of Bridges",
        "headline": "Our director looks ahead to 2024",
        "volume_page": rows[0]["volume_page"],
        "issue_page": 1,
        "page_label": "109-1",
        "volume": "volume-2024.pdf",
        **dict.fromkeys(
            ("status", "source", "sha256", "producer", "pdf_version", "source_pages"), ""
        ),
        **dict.fromkeys(("volume_pages", "warnings"), ""),
    }
    assert [r["headline"] for r in rows if r["issue"] == 115] == [
        "Summer fair in the park",
        "Letters from our readers",
    ]
    target = tmp_path / "catalog.csv"
    code = main(
        [
            "compile",
            "2024",
            "--issues",
            str(SAMPLES),
            "--pdfs",
            str(compiled.parent / "pdfs"),
            "-o",
            str(tmp_path / "v"),
            "--catalog",
            str(target),
            "-q",
        ]
    )
    assert code == 0
    with target.open(encoding="utf-8") as stream:
        table = list(csv.DictReader(stream))
    items = [row for row in table if row["row"] == "item"]
    assert len(items) == len(rows)
    assert items[0]["headline"] == "Our director looks ahead to 2024"

"""Link lines wider than their column break as an address breaks.

An item's "Read online:" line that does not fit its column is broken after a
`/`, `.` or `-` only, never inside a word and with no hyphen added; a piece of
the address wider than the column is cut where it must be, and the layout
report says so. Checked on the page as pdfium reads it.
"""

from __future__ import annotations

import json

import pikepdf
import pypdfium2 as pdfium
from conftest import MINIMAL, brand_text

from typeset.cli import main
from typeset.text.links import break_link

ADDRESS = (
    "example.org/newsletters/2024/03/community-garden-volunteers-needed-for-the-spring-"
    "planting-season/index.html"
)
WORD = "averyveryverylongsinglewordwithoutanyplacetobreakitwhatsoeverandsomemorelettersstill"
LONG_WORD = f"example.org/archive/{WORD}/end"


def _lines(pdf, top: float, bottom: float) -> list[str]:
    """The text of each line pdfium finds between `top` and `bottom` (points
    from the page's foot), top first."""
    page = pdfium.PdfDocument(pdf)[0]
    text = page.get_textpage()
    rows: dict[float, list[tuple[float, str]]] = {}
    for index in range(text.count_chars()):
        char = text.get_text_range(index, 1)
        left, low, _, high = text.get_charbox(index, loose=True)
        if char.strip() and bottom <= low and high <= top:
            rows.setdefault(round(high, 1), []).append((left, char))
    return ["".join(c for _, c in sorted(rows[key])) for key in sorted(rows, reverse=True)]


def _build(workspace, capsys, link: str):
    text = MINIMAL.format(headline="A garden", summary="Volunteers wanted.") + (
        f"    link: https://{link}\n"
    )
    issue = workspace.issue("2024-05.yaml", text)
    out = workspace.root / "out"
    assert main(["build", str(issue), "-o", str(out), "-q", "--edition", "screen"]) == 0
    capsys.readouterr()
    pdf = out / "2024-05.pdf"
    with pikepdf.open(pdf) as opened:
        rects = [
            [float(v) for v in a.Rect]
            for a in opened.pages[0].get("/Annots", [])
            if a.get("/A", {}).get("/URI") == f"https://{link}"
        ]
    report = json.loads((out / "2024-05.layout.json").read_text(encoding="utf-8"))
    return pdf, rects, report


def _address_lines(pdf, rects) -> list[str]:
    top, bottom = max(r[3] for r in rects), min(r[1] for r in rects)
    lines = [line.replace(" ", "") for line in _lines(pdf, top + 0.5, bottom - 0.5)]
    # pdfium reports a hyphen that ends a line as U+FFFE (its guess that the
    # hyphen is soft); the page draws "-", as pdftotext reads it too
    lines = [line.replace("\ufffe", "-") for line in lines]
    assert lines[0].startswith("Readonline:")
    lines[0] = lines[0].removeprefix("Readonline:")
    return lines


def test_a_long_address_breaks_only_after_slash_dot_or_hyphen(workspace, capsys):
    pdf, rects, report = _build(workspace, capsys, ADDRESS)
    lines = _address_lines(pdf, rects)
    assert len(lines) >= 2, lines
    for line in lines[:-1]:
        assert line.endswith(("/", ".", "-")), lines
    assert "".join(lines) == ADDRESS  # nothing added, nothing lost
    # one link area per line, each over its own line
    assert len(rects) == len(lines)
    assert not [f for f in report["findings"] if f["kind"] == "link_broken_inside"]


def test_a_piece_wider_than_the_column_is_cut_and_reported(workspace, capsys):
    pdf, rects, report = _build(workspace, capsys, LONG_WORD)
    lines = _address_lines(pdf, rects)
    assert "".join(lines) == LONG_WORD
    # the word starts where the line has room and is cut where the column ends
    assert lines[0].startswith("example.org/archive/avery"), lines
    assert len(lines) == 2 and lines[-1].endswith("still/end"), lines
    (finding,) = [f for f in report["findings"] if f["kind"] == "link_broken_inside"]
    assert finding["message"] == (
        'items[1] "A garden" (link) on page 1, column 2: the link\'s address has 1 piece '
        f'wider than the column ("{WORD}/"), broken inside a word'
    )
    assert finding["over_tolerance"] is False


def test_break_link_measures_with_the_given_width():
    broken = break_link("Read online: ab.cd/efgh-ij", len, 8)
    assert broken.lines == ("Read", "online:", "ab.cd/", "efgh-ij")
    assert broken.forced == ()
    cut = break_link("Read online: a/bcdefghijkl/m", len, 8)
    assert cut.lines == ("Read", "online:", "a/bcdefg", "hijkl/m")
    assert cut.forced == ("bcdefghijkl/",)


PERSIAN_ISSUE = """\
number: 111
date: 2024-03-20
language: fa
items:
  - headline: همایش روز جهانی زن در دفتر تیرانا
    summary: روز جمعه انجمن اورا همایشی به مناسبت روز جهانی زن برگزار کرد.
    link: https://{address}
"""


def test_on_a_persian_page_the_break_stays_at_the_end_of_the_address(workspace, capsys):
    """In a line that starts with the Persian "Read online:", the `-` that ends
    the address's first part is drawn at its right end (where the Latin text
    is cut), not at the line's far left as a neutral character would be."""
    (workspace.root / "brand.yaml").write_text(brand_text(labels=True), encoding="utf-8")
    issue = workspace.issue("2024-03.yaml", PERSIAN_ISSUE.format(address=ADDRESS))
    out = workspace.root / "out"
    assert main(["build", str(issue), "-o", str(out), "-q", "--edition", "screen"]) == 0
    page = pdfium.PdfDocument(out / "2024-03.pdf")[0]
    text = page.get_textpage()
    # the Latin characters of each line, and the heights of the Persian letters
    rows: dict[float, list[tuple[float, str]]] = {}
    spans: dict[float, float] = {}
    persian: list[float] = []
    for index in range(text.count_chars()):
        char = text.get_text_range(index, 1)
        left, bottom, _, top = text.get_charbox(index, loose=True)
        if "\u0600" <= char <= "\u06ff":
            persian.append((bottom + top) / 2)
        elif char.isascii() and char.strip():
            rows.setdefault(round(top, 1), []).append((left, char))
            spans[round(top, 1)] = bottom
    # the line of the address with Persian letters beside it: the label's
    (label_line,) = [
        sorted(row)
        for top, row in rows.items()
        if any(spans[top] <= middle <= top for middle in persian)
        and "newsletters" in "".join(char for _, char in sorted(row))
    ]
    latin = "".join(char for _, char in label_line)
    assert latin.startswith("example.org/newsletters/"), latin  # the address, left to right
    assert label_line[-1][1] in "/.-", latin  # ...and its break at its right end
    page.close()

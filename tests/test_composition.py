"""Composed pages: balanced last pages, full inner columns, a lead story across
the columns, the page budget and the layout report, checked from the PDF (text
and image positions read with pdfium) and from the report."""

from __future__ import annotations

import ctypes
import json

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import yaml
from conftest import SAMPLES, brand_text
from pdfcheck import squash
from PIL import Image

from typeset.brand import Brand, load_brand
from typeset.cli import main

BODY_LINE = 12.8  # the demo brand's body leading, in points


def _page_extents(path, index):
    """(left, bottom, right, top) of every visible character and image on a page,
    and the (bottom, top) of every tinted box wider than a column."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[index]
        text = page.get_textpage()
        found = [
            text.get_charbox(i)
            for i in range(text.count_chars())
            if text.get_text_range(i, 1).strip()
        ]
        boxes = []
        for obj in page.get_objects(
            filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_PATH)
        ):
            left, bottom, right, top = obj.get_bounds()
            if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                found.append((left, bottom, right, top))
            elif right - left > 300 and 20 < top - bottom < 400:
                boxes.append((bottom, top))
        return found, boxes
    finally:
        pdf.close()


def _column_ends(path, index, brand: Brand):
    """Where each column's content ends on a page (lowest bottom), leaving out
    what is inside a box across the columns (the end matter)."""
    width = brand.page_size[0]
    column = (width - brand.margins.left - brand.margins.right - brand.gutter) / 2
    spans = [(brand.margins.left, brand.margins.left + column)]
    spans.append((width - brand.margins.right - column, width - brand.margins.right))
    extents, boxes = _page_extents(path, index)
    ends = []
    for left_edge, right_edge in spans:
        inside = [
            bottom
            for left, bottom, right, top in extents
            if left >= left_edge - 1
            and right <= right_edge + 1
            and bottom > brand.margins.bottom + 20  # above the footer
            and not any(b - 1 <= bottom and top <= t + 1 for b, t in boxes)
        ]
        ends.append(min(inside) if inside else None)
    return ends


def test_every_sample_ends_in_balanced_columns(built_samples, sample_brand):
    for stem, built in built_samples.items():
        path = built.edition("screen").path
        pages = len(pdfium.PdfDocument(str(path)))
        ends = _column_ends(path, pages - 1, sample_brand)
        assert None not in ends, f"{stem}: a column of the last page is empty"
        assert max(ends) - min(ends) <= BODY_LINE, f"{stem}: last page columns end {ends}"
        report = built.report
        assert report is not None and report.last_page_imbalance_mm <= BODY_LINE * 25.4 / 72


def test_no_inner_column_ends_short_without_a_reported_cause(built_samples, sample_brand):
    foot = sample_brand.margins.bottom + sample_brand.spacing["footer_height"]
    for stem, built in built_samples.items():
        path = built.edition("screen").path
        report = json.loads(built.report_path.read_text(encoding="utf-8"))
        reported = {
            (f["page"], f["column"])
            for f in report["findings"]
            if f["kind"] == "short_column" and ":" in f["message"]
        }
        for page in range(report["pages"] - 1):
            for number, end in enumerate(_column_ends(path, page, sample_brand), start=1):
                assert end is not None
                if end - foot > BODY_LINE + 3:  # 3pt: a descender-free last line
                    assert (page + 1, number) in reported, (stem, page + 1, number, end - foot)


def test_the_end_matter_spans_the_text_width_under_the_columns(built_samples, sample_brand):
    built = built_samples["2024-03"]
    path = built.edition("screen").path
    pages = len(pdfium.PdfDocument(str(path)))
    extents, boxes = _page_extents(path, pages - 1)
    assert boxes, "no tinted box on the last page"
    box_bottom, box_top = boxes[-1]
    ends = _column_ends(path, pages - 1, sample_brand)
    assert all(end > box_top for end in ends)
    closing = [item for item in built.report.items if item.end.page == pages]
    assert closing, "the last item ends on the last page"


def test_the_layout_report_places_every_item(built_samples):
    for built in built_samples.values():
        data = json.loads(built.report_path.read_text(encoding="utf-8"))
        assert built.report_path.name == built.issue.path.stem + ".layout.json"
        assert [entry["item"] for entry in data["items"]] == list(range(len(built.issue.items)))
        landed = built.edition("screen").landed
        for entry in data["items"]:
            assert entry["start"]["page"] == landed[entry["item"]]
            assert entry["start"]["page"] <= entry["end"]["page"]
        assert len(data["page_fill"]) == data["pages"] == built.edition("screen").pages
        assert data["passes"] >= data["pages"]


def test_build_prints_one_summary_line_per_issue(workspace, capsys):
    path = workspace.issue(
        "short.yaml",
        "number: 7\ndate: 2024-05-01\nitems:\n  - headline: Short\n    summary: Text.\n",
    )
    assert main(["build", str(path), "-o", str(workspace.root / "out")]) == 0
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if line.startswith("layout ")]
    assert len(lines) == 1
    assert "short.layout.json: 1 page," in lines[0] and "layout passes" in lines[0]


def _long_issue(items: int, *, pages: str = "") -> str:
    body = " ".join(["Volunteers met families at the office and answered letters."] * 14)
    entries = "".join(
        f"  - headline: Story number {n} of the month\n"
        f"    summary: A short summary of story {n}.\n"
        f"    body: {body}\n"
        for n in range(1, items + 1)
    )
    return f"number: 7\ndate: 2024-05-01\n{pages}items:\n{entries}"


def test_content_past_the_page_budget_names_each_item_that_does_not_fit(workspace, capsys):
    path = workspace.issue("long.yaml", _long_issue(12, pages="pages: 2\n"))
    out = workspace.root / "out"
    assert main(["build", str(path), "-o", str(out), "-q"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    past = [line for line in err.splitlines() if "fall past page 2" in line]
    assert past, err
    for line in past:
        assert "lines (" in line and " mm) fall past page 2, the last page of the budget" in line
    assert any('items[12] "Story number 12 of the month"' in line for line in past)
    assert not any('items[1] "' in line for line in past)
    assert f"{path}:3:8: error: the issue needs " in err
    assert "the budget is 2" in err
    assert not out.exists() or list(out.iterdir()) == []


def test_the_brand_sets_a_budget_the_issue_can_raise(tmp_path, capsys):
    (tmp_path / "brand.yaml").write_text(
        brand_text(**{"  columns: 2\n": "  columns: 2\n  pages: 1\n"}), encoding="utf-8"
    )
    path = tmp_path / "long.yaml"
    path.write_text(_long_issue(6), encoding="utf-8")
    assert main(["build", str(path), "-o", str(tmp_path / "out"), "-q"]) == 1
    assert "the budget is 1" in capsys.readouterr().err
    path.write_text(_long_issue(6, pages="pages: 8\n"), encoding="utf-8")
    assert main(["build", str(path), "-o", str(tmp_path / "out"), "-q"]) == 0
    report = json.loads((tmp_path / "out" / "long.layout.json").read_text(encoding="utf-8"))
    assert report["budget"] == 8
    short = [f for f in report["findings"] if f["kind"] == "budget_not_filled"]
    assert short and f"of its 8 pages: {8 - report['pages']} pages are left" in short[0]["message"]


def test_strict_fails_on_a_finding_over_tolerance_and_writes_nothing(workspace, capsys):
    # 1200 x 800 pixels across the text width, scaled to 40 % of the page
    # height: 157 mm wide, 195 ppi.
    Image.new("RGB", (1200, 800), (200, 80, 60)).save(workspace.root / "wide.png")
    text = (
        "number: 7\ndate: 2024-05-01\nitems:\n  - headline: Wide picture\n"
        "    summary: Across both columns.\n    image: {path: wide.png, span: all}\n"
    )
    path = workspace.issue("wide.yaml", text)
    out = workspace.root / "out"
    assert main(["build", str(path), "-o", str(out), "-q"]) == 0
    report = json.loads((out / "wide.layout.json").read_text(encoding="utf-8"))
    soft = [f for f in report["findings"] if f["kind"] == "image_resolution"]
    assert soft and soft[0]["over_tolerance"] and soft[0]["column"] == "all"
    assert "items[1].image: 1200 pixels across 157 mm is 195 ppi" in soft[0]["message"]
    capsys.readouterr()
    strict_out = workspace.root / "strict"
    assert main(["build", str(path), "-o", str(strict_out), "-q", "--strict"]) == 1
    err = capsys.readouterr().err
    assert f"{path}:4:5: error: layout: items[1].image: 1200 pixels across" in err
    assert "Traceback" not in err
    assert not strict_out.exists() or list(strict_out.iterdir()) == []


LEAD = """\
number: 7
date: 2024-05-01
items:
  - kicker: Lead
    headline: A lead story runs across both columns of the first page
    span: all
    summary: The summary of the lead story is set across the text width too.
    body: |
      {body}

      {body}
  - headline: A second story
    summary: It starts in a column.
"""


def test_a_lead_story_spans_the_text_width_and_its_body_flows_in_columns(workspace, sample_brand):
    body = " ".join(["The lead story's body continues in the columns below its head."] * 8)
    path = workspace.issue("lead.yaml", LEAD.format(body=body))
    out = workspace.root / "out"
    assert main(["build", str(path), "-o", str(out), "-q"]) == 0
    pdf = pdfium.PdfDocument(str(out / "lead.pdf"))
    text = pdf[0].get_textpage()
    chars = [
        (text.get_text_range(i, 1), text.get_charbox(i), pdfium_c.FPDFText_GetFontSize(text.raw, i))
        for i in range(text.count_chars())
    ]
    middle = sample_brand.page_size[0] / 2
    headline = [box for char, box, size in chars if size >= 20 and char.strip()]
    assert headline, "no lead headline set large"
    assert min(b[0] for b in headline) < middle - 100 and max(b[2] for b in headline) > middle + 50
    headline_bottom = min(b[1] for b in headline)
    body = [box for char, box, size in chars if 9 <= size <= 9.5 and char.strip()]
    body_below = [b for b in body if b[3] < headline_bottom]
    assert body_below and all(b[2] < middle or b[0] > middle for b in body_below)
    assert any(b[0] > middle for b in body_below), "the body did not reach the second column"
    report = json.loads((out / "lead.layout.json").read_text(encoding="utf-8"))
    assert report["items"][0]["start"] == {"page": 1, "column": "all"}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("    span: both\n", "items[1].span: expected one of column, all, found 'both'"),
        ("    span: 2\n", "items[1].span: expected one of column, all, found a number (2)"),
    ],
)
def test_a_wrong_span_is_a_located_error(workspace, capsys, line, message):
    text = "number: 7\ndate: 2024-05-01\nitems:\n  - headline: H\n    summary: S.\n" + line
    path = workspace.issue("bad.yaml", text)
    assert main(["build", str(path), "-o", str(workspace.root / "out"), "-q"]) == 1
    assert f"{path}:6:11: error: {message}" in capsys.readouterr().err


def test_a_wrong_budget_is_a_located_error(workspace, capsys):
    path = workspace.issue(
        "bad.yaml",
        "number: 7\ndate: 2024-05-01\npages: four\nitems:\n  - headline: H\n    summary: S.\n",
    )
    assert main(["check", str(path)]) == 1
    assert (
        f"{path}:3:8: error: pages: expected a whole number, found text" in capsys.readouterr().err
    )


def _headline_lines(path, size, page=0):
    """The text of each line set at `size` points on a page, top to bottom
    (left column first), with its width."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        text = pdf[page].get_textpage()
        rows: dict[int, list[tuple[float, float, str]]] = {}
        for i in range(text.count_chars()):
            if abs(pdfium_c.FPDFText_GetFontSize(text.raw, i) - size) > 0.1:
                continue
            left, bottom, right, _ = text.get_charbox(i, loose=True)
            column = int(left > pdf[page].get_width() / 2)
            rows.setdefault((column, round(bottom)), []).append(
                (left, right, text.get_text_range(i, 1))
            )
        lines = []
        for key in sorted(rows, key=lambda k: (k[0], -k[1])):
            row = sorted(rows[key])
            lines.append(("".join(c for _, _, c in row).strip(), row[-1][1] - row[0][0]))
        return lines
    finally:
        pdf.close()


def test_a_headline_is_broken_into_lines_of_similar_length(workspace):
    # At the full column width this breaks as "Women's group prepares for 8 / March".
    headline = "Women’s group prepares for 8 March"
    path = workspace.issue(
        "balance.yaml",
        f"number: 7\ndate: 2024-05-01\nitems:\n  - headline: {headline}\n    summary: S.\n",
    )
    out = workspace.root / "out"
    assert main(["build", str(path), "-o", str(out), "-q", "--edition", "screen"]) == 0
    lines = _headline_lines(out / "balance.pdf", 15)
    assert [text for text, _ in lines] == ["Women’s group", "prepares for 8 March"]
    widths = [width for _, width in lines]
    assert min(widths) > 0.6 * max(widths)


def test_no_sample_headline_ends_on_one_word(built_samples):
    checked = 0
    for stem, built in built_samples.items():
        path = built.edition("screen").path
        headlines = {squash(item.headline) for item in built.issue.items}
        for page in range(built.edition("screen").pages):
            for size in (15, 24):
                lines = [text for text, _ in _headline_lines(path, size, page)]
                # consecutive lines that together make one headline
                for first, second in zip(lines, lines[1:], strict=False):
                    if squash(first + second) in headlines:
                        assert len(second.split()) > 1, (stem, first, second)
                        checked += 1
    assert checked > 20


def _lines_with_boxes(path, page=0):
    """Each text line of a page as (text, left, bottom, right, top): the lines
    found by loose boxes (one bottom per line), their extent by glyph boxes."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        text = pdf[page].get_textpage()
        middle = pdf[page].get_width() / 2
        rows: dict[tuple[int, int], list] = {}
        for i in range(text.count_chars()):
            char = text.get_text_range(i, 1)
            left, line, right, _ = text.get_charbox(i, loose=True)
            if right - left <= 0:
                continue
            _, bottom, _, top = text.get_charbox(i)
            rows.setdefault((int(left > middle), round(line)), []).append(
                (left, bottom, right, top, char)
            )
        return [
            (
                "".join(c[4] for c in sorted(row)).strip(),
                min(c[0] for c in row),
                min(c[1] for c in row),
                max(c[2] for c in row),
                max(c[3] for c in row),
            )
            for _, row in sorted(rows.items(), key=lambda kv: (kv[0][0], -kv[0][1]))
        ]
    finally:
        pdf.close()


BODY = " ".join(["Families wrote to us and volunteers answered every letter."] * 6)


def test_a_pull_quote_is_set_large_between_hairlines_after_the_first_paragraph(workspace):
    text = (
        "number: 7\ndate: 2024-05-01\nitems:\n  - headline: An interview\n"
        "    summary: A conversation.\n"
        "    quote: Always call back.\n"
        f"    body: |\n      First {BODY}\n\n      Second {BODY}\n"
    )
    path = workspace.issue("quote.yaml", text)
    out = workspace.root / "out"
    assert main(["build", str(path), "-o", str(out), "-q", "--edition", "screen"]) == 0
    lines = [line[0] for line in _lines_with_boxes(out / "quote.pdf")]
    quote = lines.index("Always call back.")
    first = next(i for i, line in enumerate(lines) if line.startswith("First"))
    second = next(i for i, line in enumerate(lines) if line.startswith("Second"))
    assert first < quote < second
    sizes = _headline_lines(out / "quote.pdf", 12.5)
    assert [t for t, _ in sizes] == ["Always call back."]


def test_a_boxed_item_is_a_tinted_box_kept_whole(workspace):
    text = (
        "number: 7\ndate: 2024-05-01\nitems:\n  - headline: First story\n"
        f"    summary: {BODY}\n    body: {BODY}\n"
        "  - kicker: Call for volunteers\n    headline: Help us on Saturdays\n"
        "    summary: We need drivers and interpreters for family visits.\n"
        "    box: true\n"
    )
    path = workspace.issue("boxed.yaml", text)
    out = workspace.root / "out"
    assert main(["build", str(path), "-o", str(out), "-q", "--edition", "screen"]) == 0
    pdf = pdfium.PdfDocument(str(out / "boxed.pdf"))
    tinted = [
        obj.get_bounds()
        for obj in pdf[0].get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,))
        if obj.get_bounds()[3] - obj.get_bounds()[1] > 30
    ]
    lines = _lines_with_boxes(out / "boxed.pdf")
    headline = next(line for line in lines if line[0] == "Help us on Saturdays")
    summary = next(line for line in lines if line[0].startswith("We need drivers"))
    kicker = next(line for line in lines if line[0] == "CALL FOR VOLUNTEERS")
    holding = [
        box
        for box in tinted
        if all(
            box[0] <= line[1] and line[3] <= box[2] and box[1] <= line[2] and line[4] <= box[3]
            for line in (kicker, headline, summary)
        )
    ]
    assert holding, "the kicker, headline and summary are not inside one tinted box"


@pytest.mark.parametrize(
    ("position", "before", "after"),
    [
        ("after_headline", "Where it sits", "Summary words."),
        ("after_summary", "Summary words.", "Body words"),
        ("end", "Body words", "Read online: example.org/x"),
    ],
)
def test_an_image_sits_where_its_position_says(workspace, position, before, after):
    workspace.image("photo.png")
    text = (
        "number: 7\ndate: 2024-05-01\nitems:\n  - headline: Where it sits\n"
        "    summary: Summary words.\n    body: Body words end here.\n"
        f"    image: {{path: photo.png, position: {position}}}\n"
        "    link: https://example.org/x\n"
    )
    path = workspace.issue("placed.yaml", text)
    out = workspace.root / "out"
    assert main(["build", str(path), "-o", str(out), "-q", "--edition", "screen"]) == 0
    pdf = pdfium.PdfDocument(str(out / "placed.pdf"))
    (image,) = [o.get_bounds() for o in pdf[0].get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,))]
    # the item's own lines: in the image's column (the contents box is in the other)
    lines = [line for line in _lines_with_boxes(out / "placed.pdf") if line[1] >= image[0] - 1]
    top = next(line[2] for line in lines if line[0].startswith(before))
    bottom = next(line[4] for line in lines if line[0].startswith(after))
    assert top > image[3] and image[1] > bottom


def test_a_wrong_position_quote_or_box_is_a_located_error(workspace, capsys):
    workspace.image("photo.png")
    text = (
        "number: 7\ndate: 2024-05-01\nitems:\n  - headline: H\n    summary: S.\n"
        "    quote: [not, text]\n    box: maybe\n"
        "    image: {path: photo.png, position: top}\n"
    )
    path = workspace.issue("bad.yaml", text)
    assert main(["check", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:6:12: error: items[1].quote: expected text, found a list" in err
    assert f"{path}:7:10: error: items[1].box: expected true or false, found text" in err
    assert (
        f"{path}:8:40: error: items[1].image.position: expected one of after_headline, "
        "after_summary, end, found 'top'"
    ) in err


def _cuttable(items: int, cut: tuple[int, ...]) -> str:
    text = _long_issue(items, pages="pages: 4\n")
    for number in cut:
        marker = f"    summary: A short summary of story {number}.\n"
        text = text.replace(marker, marker + "    may_cut: true\n")
    return text


def test_fit_meets_the_budget_and_reports_each_adjustment_in_order(workspace, capsys):
    path = workspace.issue("over.yaml", _long_issue(21, pages="pages: 4\n"))
    out = workspace.root / "out"
    assert main(["build", str(path), "-o", str(out), "-q", "--edition", "screen"]) == 1
    err = capsys.readouterr().err
    assert 'items[21] "Story number 21 of the month"' in err and "fall past page 4" in err
    assert not out.exists() or list(out.iterdir()) == []
    assert main(["build", str(path), "-o", str(out), "-q", "--edition", "screen", "--fit"]) == 0
    report = json.loads((out / "over.layout.json").read_text(encoding="utf-8"))
    assert report["pages"] == 4 == len(pdfium.PdfDocument(str(out / "over.pdf")))
    assert [f["message"] for f in report["findings"] if f["kind"] == "fit"] == [
        "--fit: vertical spacing at 70% of the brand's",
        "--fit: body and summary leading 0.3pt tighter (body 12.5pt)",
    ]


def test_fit_cuts_the_items_marked_may_cut_last_first(workspace):
    path = workspace.issue("cut.yaml", _cuttable(22, (20, 22)))
    out = workspace.root / "out"
    assert main(["build", str(path), "-o", str(out), "-q", "--edition", "screen", "--fit"]) == 0
    report = json.loads((out / "cut.layout.json").read_text(encoding="utf-8"))
    changes = [f["message"] for f in report["findings"] if f["kind"] == "fit"]
    assert changes[-2:] == [
        '--fit: items[20] "Story number 20 of the month" cut to its summary and link',
        '--fit: items[22] "Story number 22 of the month" cut to its summary and link',
    ]
    text = "".join(
        page.get_textpage().get_text_range() for page in pdfium.PdfDocument(str(out / "cut.pdf"))
    )
    assert "A short summary of story 22." in text
    assert text.count("Volunteers met families") < 22 * 14


def test_a_budget_fit_cannot_meet_fails_with_what_it_tried(workspace, capsys):
    path = workspace.issue("hopeless.yaml", _long_issue(30, pages="pages: 4\n"))
    out = workspace.root / "out"
    assert main(["build", str(path), "-o", str(out), "-q", "--fit"]) == 1
    err = capsys.readouterr().err
    assert "error: --fit tried " in err and "the issue still needs" in err
    assert "fall past page 4" in err and "Traceback" not in err
    assert not out.exists() or list(out.iterdir()) == []


def test_wrong_fit_limits_are_located_errors(tmp_path, capsys):
    (tmp_path / "brand.yaml").write_text(
        brand_text() + "fit: {spacing: 2, leading: 5pt, imagescale: 0.5}\n", encoding="utf-8"
    )
    path = tmp_path / "issue.yaml"
    path.write_text("number: 7\ndate: 2024-05-01\nitems:\n  - {headline: H, summary: S.}\n")
    assert main(["check", str(path)]) == 1
    err = capsys.readouterr().err
    brand = tmp_path / "brand.yaml"
    assert f"{brand}:" in err
    assert "fit.spacing: " in err and "fit.leading: expected 0pt to 2pt, found 5pt" in err
    assert "fit.imagescale: unknown key 'imagescale'" in err


def test_a_story_across_the_columns_mid_issue_balances_the_columns_above_it(workspace):
    text = _long_issue(9).replace(
        "  - headline: Story number 6 of the month\n",
        "  - headline: Story number 6 of the month\n    span: all\n",
    )
    path = workspace.issue("middle.yaml", text)
    out = workspace.root / "out"
    assert main(["build", str(path), "-o", str(out), "-q"]) == 0
    report = json.loads((out / "middle.layout.json").read_text(encoding="utf-8"))
    lead = report["items"][5]
    assert lead["start"]["column"] == "all"
    page = lead["start"]["page"]
    assert report["page_fill"][page - 1]["spanning_mm"] > 0
    # From the PDF: the columns above the lead headline end within a line.
    lines = _lines_with_boxes(out / "middle.pdf", page - 1)
    lead_top = next(line[4] for line in lines if line[0].startswith("Story number 6"))
    middle = 595.28 / 2
    above = [line for line in lines if line[2] > lead_top]
    ends = [min(line[2] for line in above if (line[1] > middle) == side) for side in (0, 1)]
    assert abs(ends[0] - ends[1]) <= BODY_LINE, ends


def test_every_piece_is_drawn_as_composed_after_later_tries(workspace):
    # The March sample twice over (as bench/bench_typeset.py makes it): the
    # second lead story and the end matter make the composer try heights after
    # a page's fill was chosen; a try that split a paragraph placed whole on
    # that page once made it forget its lines (a traceback at drawing).
    data = yaml.safe_load((SAMPLES / "2024-03.yaml").read_text(encoding="utf-8"))
    items = [dict(item) for item in data["items"] if "image" not in item]
    data["items"] = items + [
        dict(item, headline=item["headline"] + " (continued)") for item in items[:6]
    ]
    path = workspace.issue("twice.yaml", yaml.safe_dump(data, allow_unicode=True))
    out = workspace.root / "out"
    assert main(["build", str(path), "-o", str(out), "-q"]) == 0
    text = "".join(
        page.get_textpage().get_text_range() for page in pdfium.PdfDocument(str(out / "twice.pdf"))
    )
    assert squash(items[5]["headline"] + " (continued)") in squash(text)


def test_build_json_gives_each_issue_its_report_or_its_problems(workspace, capsys):
    good = workspace.issue("good.yaml", _long_issue(2))
    over = workspace.issue("over.yaml", _long_issue(12, pages="pages: 2\n"))
    out = workspace.root / "out"
    assert main(["build", str(good), str(over), "-o", str(out), "--json"]) == 1
    results = json.loads(capsys.readouterr().out)
    assert [r["issue"] for r in results] == [str(good), str(over)]
    assert results[0]["built"] and results[0]["report"]["pages"] == 1
    assert not results[1]["built"] and results[1]["report"] is None
    past = [p for p in results[1]["problems"] if "fall past page 2" in p["message"]]
    assert past and all(p["severity"] == "error" and p["line"] > 0 for p in past)


def test_the_brand_sets_the_tolerances_strict_holds_to(tmp_path, capsys):
    issue = tmp_path / "2024-01.yaml"
    issue.write_text((SAMPLES / "2024-01.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    brand = tmp_path / "brand.yaml"
    brand.write_text(brand_text(), encoding="utf-8")
    out = tmp_path / "out"
    # Its first page holds columns that end short (named in the report).
    assert main(["build", str(issue), "-o", str(out), "-q", "--strict"]) == 1
    assert "error: layout: page 1, column " in capsys.readouterr().err
    brand.write_text(brand_text() + "tolerances: {short_column: 25mm}\n", encoding="utf-8")
    assert main(["build", str(issue), "-o", str(out), "-q", "--strict"]) == 0
    report = json.loads((out / "2024-01.layout.json").read_text(encoding="utf-8"))
    short = [f for f in report["findings"] if f["kind"] == "short_column"]
    assert short and not any(f["over_tolerance"] for f in short)


def _text_of(path):
    pdf = pdfium.PdfDocument(str(path))
    try:
        return [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()


def test_fit_pulls_a_sparse_last_page_back_and_reports_it(tmp_path, capsys):
    issue = tmp_path / "2024-02.yaml"
    issue.write_text((SAMPLES / "2024-02.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    brand = tmp_path / "brand.yaml"
    # 2024-02's last page is 28 % full: under a tolerance of a third, sparse.
    brand.write_text(brand_text() + "tolerances: {last_page: 0.34}\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(issue), "-o", str(out), "-q", "--edition", "screen"]) == 0
    report = json.loads((out / "2024-02.layout.json").read_text(encoding="utf-8"))
    assert report["pages"] == 3
    assert "sparse_last_page" in {f["kind"] for f in report["findings"]}
    assert main(["build", str(issue), "-o", str(out), "-q", "--edition", "screen", "--fit"]) == 0
    report = json.loads((out / "2024-02.layout.json").read_text(encoding="utf-8"))
    fits = [f["message"] for f in report["findings"] if f["kind"] == "fit"]
    assert report["pages"] == 2
    assert "sparse_last_page" not in {f["kind"] for f in report["findings"]}
    assert fits[0].startswith("--fit: vertical spacing at")
    assert fits[-1] == "--fit: the sparse last page pulled back: 2 pages"
    pages = _text_of(out / "2024-02.pdf")
    assert len(pages) == 2
    assert squash("Thank you to our volunteer translators") in squash(pages[1])
    assert "RELATED ISSUES" in pages[1]


def test_the_report_names_paragraphs_set_with_loose_lines(built_samples, sample_brand):
    built = built_samples["2024-01"]
    report = json.loads(built.report_path.read_text(encoding="utf-8"))
    loose = [f for f in report["findings"] if f["kind"] == "loose_lines"]
    assert loose, "2024-01 has paragraphs only the composer's emergency passes could set"
    assert not any(f["over_tolerance"] for f in loose)
    path = built.edition("screen").path
    pdf = pdfium.PdfDocument(str(path))
    try:
        for finding in loose:
            opening = finding["message"].split('the paragraph from "')[1].split('"')[0]
            page = pdf[finding["page"] - 1].get_textpage()
            assert squash(opening) in squash(page.get_text_range()), finding["message"]
            # and it is drawn in the column the finding names
            first_words = " ".join(opening.split()[:2])
            left, _, _, _ = page.get_charbox(page.search(first_words).get_next()[0])
            middle = sample_brand.page_size[0] / 2
            assert (left < middle) == (finding["column"] == 1), (finding, left)
    finally:
        pdf.close()


def _line_ends(path, index, left_of):
    """The last character of each text line left of `left_of` on a page, top down."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        text = pdf[index].get_textpage()
        lines: dict[float, tuple[float, str]] = {}
        for i in range(text.count_chars()):
            char = text.get_text_range(i, 1)
            left, bottom, right, _ = text.get_charbox(i)
            if not char.strip() or right > left_of:
                continue
            x, y = ctypes.c_double(), ctypes.c_double()
            pdfium_c.FPDFText_GetCharOrigin(text, i, x, y)
            key = round(y.value, 1)
            if key not in lines or right > lines[key][0]:
                lines[key] = (right, char)
        return [lines[key][1] for key in sorted(lines, reverse=True)]
    finally:
        pdf.close()


def test_the_report_names_hyphen_ladders_of_greedy_breaking(workspace):
    # ReportLab's greedy breaking hyphenates every line it can; the composer
    # never sets more than two hyphenated lines in a row.
    body = "  body:     {font: body, size: 9.2pt, leading: 12.8pt}"
    (workspace.root / "brand.yaml").write_text(
        brand_text(**{body: body[:-1] + ", hyphenate: true}"})
        + "line_breaking: {breaker: greedy}\n",
        encoding="utf-8",
    )
    words = (
        "Internationalisation responsibilities notwithstanding, representatives communicated "
        "extraordinarily comprehensive recommendations concerning administrative documentation. "
    ) * 6
    path = workspace.issue(
        "2024-09.yaml",
        f"number: 7\ndate: 2024-05-01\nitems:\n  - headline: Long words\n"
        f"    summary: A short summary.\n    body: {words.strip()}\n",
    )
    out = workspace.root / "out"
    assert main(["build", str(path), "-o", str(out), "-q", "--edition", "screen"]) == 0
    report = json.loads((out / "2024-09.layout.json").read_text(encoding="utf-8"))
    ladders = [f for f in report["findings"] if f["kind"] == "hyphen_ladder"]
    assert ladders and ladders[0]["page"] == 1 and ladders[0]["column"] == 1
    assert ladders[0]["message"].startswith('items[1] "Long words" (text) on page 1, column 1: 3 ')
    assert not any(f["over_tolerance"] for f in ladders)
    # and the PDF shows them: three lines in a row of column 1 end in a hyphen
    middle = load_brand(workspace.root / "brand.yaml").page_size[0] / 2
    ends = _line_ends(out / "2024-09.pdf", 0, middle)
    marks = "".join("-" if c in "-\u00ad\ufffe\u2010" else "." for c in ends)
    assert "---" in marks, marks


def test_a_lead_storys_pull_quote_spans_the_text_width(workspace, sample_brand):
    body = " ".join(["The lead story's body continues in the columns below its head."] * 8)
    quote = "A pull quote of a lead story runs across both columns, between its paragraphs."
    text = LEAD.format(body=body).replace("    body: |", f"    quote: {quote}\n    body: |", 1)
    path = workspace.issue("lead.yaml", text)
    out = workspace.root / "out"
    assert main(["build", str(path), "-o", str(out), "-q", "--edition", "screen"]) == 0
    lines = _lines_with_boxes(out / "lead.pdf")
    middle = sample_brand.page_size[0] / 2
    # the quote is one line, left of the gutter to right of it (the lines are
    # grouped per half page, so a spanning line is found in two halves)
    halves = [line for line in lines if len(line[0]) > 20 and squash(line[0]) in squash(quote)]
    assert halves, lines
    assert min(h[1] for h in halves) < middle - 100 and max(h[3] for h in halves) > middle + 100
    top = max(h[4] for h in halves)
    bottom = min(h[2] for h in halves)

    # the first paragraph in both columns above it, the second in columns below
    def is_body(line):
        return any(word in line[0] for word in ("story's body", "continues", "its head"))

    above = [line for line in lines if line[2] > top and is_body(line)]
    assert any(line[1] > middle for line in above) and any(line[3] < middle for line in above)
    below = [line for line in lines if line[4] < bottom and is_body(line)]
    assert below and all(line[3] < middle + 1 or line[1] > middle - 1 for line in below)
    report = json.loads((out / "lead.layout.json").read_text(encoding="utf-8"))
    assert report["items"][0]["start"] == {"page": 1, "column": "all"}


def _picture_issue(workspace, name: str, *, repeats: int):
    """Three stories; the second opens with a picture across the columns. The
    first story's body is `repeats` sentences long: how far down page 1 the
    picture would come."""
    Image.new("RGB", (1500, 1000), (60, 120, 160)).save(workspace.root / "wide.png")
    body = " ".join(["Volunteers met families at the office and answered letters."] * repeats)
    text = (
        "number: 7\ndate: 2024-05-01\nitems:\n"
        "  - headline: The first story of the month\n"
        "    summary: A short summary of the first story.\n"
        f"    body: {body}\n"
        "    link: https://example.org/2024/05/first-story\n"
        "  - headline: The second story has a wide picture\n"
        "    summary: A short summary of the second story.\n"
        "    image: {path: wide.png, span: all, caption: A wide picture.}\n"
        f"    body: {body}\n"
        "  - headline: The third story\n    summary: A short summary of the third story.\n"
    )
    return workspace.issue(name, text)


def test_a_picture_across_the_columns_that_moves_on_does_not_take_lines_with_it(
    workspace, sample_brand
):
    # The first story fills page 1 but for a few lines: the second story's
    # picture across the columns does not fit under it and opens page 2, where
    # the second story goes on. Page 1 keeps the first story whole, link
    # included, in balanced columns, and the report says why it ends early.
    path = _picture_issue(workspace, "moved.yaml", repeats=33)
    out = workspace.root / "out"
    assert main(["build", str(path), "-o", str(out), "-q"]) == 0
    pdf = out / "moved.pdf"
    document = pdfium.PdfDocument(str(pdf))
    try:
        first, second = (
            squash(document[i].get_textpage().get_text_range(), hyphens=False) for i in (0, 1)
        )
    finally:
        document.close()
    assert "example.org/2024/05/first-story" in first
    assert "first-story" not in second
    ends = [end for end in _column_ends(pdf, 0, sample_brand) if end is not None]
    assert len(ends) == 2 and abs(ends[0] - ends[1]) <= BODY_LINE, ends
    # the picture heads page 2, above the second story's headline
    lines = _lines_with_boxes(pdf, 1)
    head = next(line for line in lines if line[0].startswith("The second story"))
    document = pdfium.PdfDocument(str(pdf))
    try:
        images = [
            obj.get_bounds()
            for obj in document[1].get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,))
        ]
    finally:
        document.close()
    assert images and min(bottom for _, bottom, _, _ in images) > head[4]
    report = json.loads((out / "moved.layout.json").read_text(encoding="utf-8"))
    early = [f for f in report["findings"] if f["kind"] == "page_ends_early"]
    assert len(early) == 1 and early[0]["over_tolerance"] and early[0]["page"] == 1
    assert 'items[2] "The second story has a wide picture" (image)' in early[0]["message"]
    assert "opens page 2" in early[0]["message"] and "span: all" in early[0]["message"]


@pytest.mark.parametrize("repeats", [22, 24])
def test_a_picture_across_the_columns_stays_on_the_page_of_its_headline(workspace, repeats):
    # The picture over the second story's headline fits at the foot of page 1
    # but its headline would not: both go on the same page.
    path = _picture_issue(workspace, "together.yaml", repeats=repeats)
    out = workspace.root / "out"
    assert main(["build", str(path), "-o", str(out), "-q"]) == 0
    document = pdfium.PdfDocument(str(out / "together.pdf"))
    try:
        for index in range(len(document)):
            page = document[index]
            images = [
                obj.get_bounds() for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,))
            ]
            if images:
                break
    finally:
        document.close()
    lines = _lines_with_boxes(out / "together.pdf", index)
    heads = [line for line in lines if line[0].startswith("The second story has a wide")]
    # on the picture's page, under the picture (the contents box lists it higher up)
    below = [line for line in heads if line[4] < min(b for _, b, _, _ in images)]
    assert below, f"the picture is on page {index + 1}, its headline is not"

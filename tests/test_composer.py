"""The paragraph composer: total-fit line breaking of justified text, checked on
hand-made paragraphs, on random ones (hypothesis) and on the sample issues,
from the breaker's answer and from the PDF as a reader's tools see it."""

from __future__ import annotations

import ctypes
import dataclasses
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest
from conftest import MINIMAL, ROOT, SAMPLES, brand_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, KeepTogether

from typeset import markup
from typeset.brand import Brand, load_brand
from typeset.build import build_issue, related_refs
from typeset.cli import main
from typeset.errors import InputError
from typeset.paragraphs import ParagraphMaker
from typeset.preflight.spacing import Spacing, measure_spacing
from typeset.styles import Styles
from typeset.text.breaker import (
    INFINITY,
    Box,
    Glue,
    Penalty,
    compose,
    finish,
    first_fit,
    score,
)
from typeset.text.composed import ComposedParagraph

TEXT = (
    "On the afternoon of 8 March, women volunteers from Ura Society walked through "
    "Skanderbeg Square and the streets around it handing out carnations to women and "
    "mothers. Each flower came with a small card wishing a happy Women's Day in "
    "Albanian, Persian and English. Several passers-by stopped to ask about our work, "
    "and some joined in."
)

WORDS = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "our",
    "women",
    "who",
    "for",
    "with",
    "families",
    "international",
    "conference",
    "responsibility",
    "organisation",
    "understanding",
    "documentation",
    "neighbours",
    "hospitality",
    "Tiranë",
    "Durrës",
    "Shkodër",
    "passers-by",
    "well-known",
    "8",
    "March",
    "2024",
    "1403",
    "news,",
    "letters;",
    "“courage”",
    "(mothers)",
    "children.",
    "rights:",
    "again!",
    "everything?",
    "interpretation",
    "volunteers",
    "photographs",
    "grandmother",
    "extraordinary",
    "Ura",
    "Society",
]


@pytest.fixture(scope="module")
def brand() -> Brand:
    return load_brand(SAMPLES / "brand.yaml")


def make(brand: Brand, text: str, style: str = "body") -> ComposedParagraph:
    styles = Styles(brand, "en")
    maker = ParagraphMaker(link_colour=brand.colour("accent"), fallback=styles.fallback)
    paragraph = maker.make(markup.parse_inline(text), styles.paragraph(style))
    assert isinstance(paragraph, ComposedParagraph)
    return paragraph


def items_of(paragraph: ComposedParagraph, width: float) -> list:  # type: ignore[type-arg]
    return paragraph.text.items(width, (0, 0), paragraph.knobs)[0]


def draw(paragraph: ComposedParagraph, width: float, path: Path) -> tuple[float, float]:
    """The paragraph in a frame `width` wide; gives the frame's left and right edge."""
    canv = Canvas(str(path), pagesize=(width + 100, 4000), invariant=1)
    frame = Frame(50, 50, width, 3900, leftPadding=0, rightPadding=0, topPadding=0)
    frame.addFromList([paragraph], canv)
    canv.save()
    return 50.0, 50.0 + width


def pdf_char_boxes(path: Path, font: str) -> list[tuple[str, float, float]]:
    """Every character drawn: its text, its origin and where its advance ends
    (its ink, such as the hook of an f, may overhang the advance a little).
    Positions are pdfium's; advances are the font's, as every character here
    is set in `font`, in the size pdfium reports."""
    pdf = pdfium.PdfDocument(str(path))
    text = pdf[0].get_textpage()
    x, y = ctypes.c_double(), ctypes.c_double()
    chars = []
    for index in range(text.count_chars()):
        char = text.get_text_range(index, 1)
        if char.isspace() or pdfium_raw.FPDFText_IsGenerated(text.raw, index):
            continue
        pdfium_raw.FPDFText_GetCharOrigin(text.raw, index, ctypes.byref(x), ctypes.byref(y))
        size = pdfium_raw.FPDFText_GetFontSize(text.raw, index)
        drawn = "\xad" if char in "\ufffe\x02" else char
        chars.append((char, x.value, x.value + stringWidth(drawn, font, size)))
    text.close()
    pdf.close()
    return chars


def read_back(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


# -- the breaker on hand-made paragraphs ---------------------------------------------
@pytest.mark.parametrize("width", [120.0, 150.0, 180.0, 245.0, 300.0])
def test_no_line_is_wider_than_the_column(brand, width, tmp_path):
    paragraph = make(brand, TEXT + " See https://ura-society.example.org/2024/03/" + "x" * 70)
    left, right = draw(paragraph, width, tmp_path / "p.pdf")
    boxes = pdf_char_boxes(tmp_path / "p.pdf", paragraph.style.fontName)
    assert boxes
    outside = [(c, lo, hi) for c, lo, hi in boxes if lo < left - 0.01 or hi > right + 0.01]
    assert not outside


@pytest.mark.parametrize("width", [140.0, 170.0, 200.0, 245.0, 290.0])
def test_total_demerits_are_never_worse_than_greedy_breaking(brand, width):
    paragraph = make(brand, TEXT)
    items = items_of(paragraph, width)
    composed = compose(items, width)
    greedy = first_fit(items, width)
    assert composed.demerits == pytest.approx(
        score(items, [ln.end for ln in composed.lines], width)
    )
    assert composed.demerits <= score(items, greedy, width)


def test_a_paragraph_that_fits_one_line_stays_one_line(brand):
    paragraph = make(brand, "A short summary.")
    _, height = paragraph.wrap(245, 1000)
    assert height == paragraph.style.leading
    (line,) = paragraph.set_lines()
    assert line.word_space == 0  # a last line is set at its natural spacing


def test_a_forced_break_is_respected():
    items = []
    for number in range(30):
        items += [Box(20.0), Glue(4.0, 2.0, 1.0)]
        if number == 4:
            items += [Penalty(0.0, INFINITY), Glue(0.0, 1e9, 0.0), Penalty(0.0, -INFINITY)]
    forced = 10 + 2  # the forced penalty's index
    finish(items)
    lines = compose(items, 100.0).lines
    assert forced in [line.end for line in lines]


def test_breaking_is_deterministic(brand):
    first = [ln for ln in compose(items_of(make(brand, TEXT), 200), 200).lines]
    again = [ln for ln in compose(items_of(make(brand, TEXT), 200), 200).lines]
    assert first == again


def test_never_three_hyphenated_lines_in_a_row_nor_a_short_last_word(brand):
    # From 16 em up. Narrower (143 to 145pt for this text) the only way to
    # avoid a short last word is a line with word spaces over 0.8 em, and the
    # composer keeps the short word (its cost is that of a line of badness 10000).
    checked = 0
    for width in range(148, 300, 3):
        paragraph = make(brand, TEXT)
        paragraph.wrap(width, 10000)
        layout = paragraph._compose(width)
        run = 0
        for line in layout.lines:
            run = run + 1 if line.hyphenated else 0
            assert run <= 2, width
        last = paragraph.set_lines()[-1]
        words = "".join(text for _, text in last.parts).split()
        if len(words) == 1:
            assert last.natural >= 3 * paragraph.style.fontSize, (width, words)
        checked += 1
    assert checked > 30


def test_a_word_wider_than_the_column_breaks_inside_it_without_a_hyphen(brand, tmp_path):
    url = "https://ura-society.example.org/" + "a" * 80
    paragraph = make(brand, f"Read {url} today.")
    draw(paragraph, 150, tmp_path / "p.pdf")
    text = read_back(tmp_path / "p.pdf")
    assert "\xad" not in text
    assert "".join(text.split()) == "".join(f"Read {url} today.".split())


# -- random paragraphs, read back from the PDF ---------------------------------------
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=90),
    width=st.floats(min_value=90, max_value=320),
)
def test_random_paragraphs_fit_and_read_back_unchanged(brand, tmp_path, words, width):
    text = " ".join(words)
    paragraph = make(brand, text)
    path = tmp_path / "random.pdf"
    left, right = draw(paragraph, width, path)
    for char, lo, hi in pdf_char_boxes(path, paragraph.style.fontName):
        assert left - 0.01 <= lo and hi <= right + 0.01, (char, lo, hi, width)
    extracted = read_back(path)
    # an added hyphen is a soft hyphen at a line end; a typed one stays a hyphen
    assert "\xad" not in extracted.replace("\xad\n", "")
    unhyphenated = extracted.replace("\xad\n", "")
    assert "".join(unhyphenated.split()) == "".join(text.split())
    lines = extracted.split("\n")
    assert len(lines) == len(paragraph.set_lines())


# -- inside a document ---------------------------------------------------------------
def test_a_composed_paragraph_splits_and_keeps_together_like_a_paragraph(brand):
    paragraph = make(brand, TEXT * 3)
    _, height = paragraph.wrap(245, 10000)
    lines = round(height / paragraph.style.leading)
    first, rest = paragraph.split(245, 5.5 * paragraph.style.leading)
    assert first.wrap(245, 1000)[1] == 5 * paragraph.style.leading
    assert rest.wrap(245, 10000)[1] == (lines - 5) * paragraph.style.leading
    # no widow: one line left over moves a second with it
    first, rest = paragraph.split(245, (lines - 1) * paragraph.style.leading + 1)
    assert rest.wrap(245, 10000)[1] == 2 * paragraph.style.leading
    # no orphan: one line is not enough to start
    assert paragraph.split(245, 1.5 * paragraph.style.leading) == []
    # the rest, set at another width, is broken again from where it starts
    words = " ".join("".join(t for _, t in ln.parts) for ln in rest.set_lines())
    rest.wrap(180, 10000)
    again = " ".join("".join(t for _, t in ln.parts) for ln in rest.set_lines())
    assert again.replace("\xad ", "").split() == words.replace("\xad ", "").split()


def test_keep_together_moves_composed_paragraphs_as_one(brand, tmp_path):
    canv = Canvas(str(tmp_path / "k.pdf"), pagesize=(400, 400), invariant=1)
    kept = KeepTogether([make(brand, TEXT), make(brand, TEXT)])
    frame = Frame(50, 50, 245, 150, leftPadding=0, rightPadding=0, topPadding=0)
    story = [make(brand, "A short paragraph first."), kept]
    frame.addFromList(story, canv)
    # the pair did not fit below the first paragraph, so it waits whole
    assert len(story) == 1
    assert frame._y > 50


def test_links_in_justified_text_stay_clickable(workspace):
    summary = (
        "The full programme of the conference, with every speaker and the recordings, "
        "is on [our website](https://ura-society.example.org/programme) for everyone "
        "who could not be in Tiranë on the day."
    )
    issue = workspace.issue("links.yaml", MINIMAL.format(headline="Links", summary=summary))
    assert main(["build", str(issue), "-o", str(workspace.root / "out"), "-q"]) == 0
    reader = pypdf.PdfReader(workspace.root / "out" / "links.pdf")
    uris = [
        annot.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annot in page.get("/Annots", [])
        if annot.get_object().get("/Subtype") == "/Link"
    ]
    assert "https://ura-society.example.org/programme" in uris


def test_line_breaking_settings_are_checked_in_the_brand(tmp_path):
    text = brand_text() + (
        "\nline_breaking:\n"
        "  breaker: knuth\n"
        "  stretch: 3\n"
        "  hyphen_penalty: high\n"
        "  margin_kerning: sometimes\n"
        "  tolerence: 100\n"
    )
    path = tmp_path / "brand.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_brand(path)
    messages = [d.message for d in caught.value.diagnostics]
    assert "line_breaking.breaker: unknown breaker 'knuth'" in messages
    assert "line_breaking.stretch: expected a number from 0 to 2, found 3" in messages
    assert "line_breaking.hyphen_penalty: expected a number, found text" in messages
    assert any(
        m.startswith("line_breaking.margin_kerning: expected true or false") for m in messages
    )
    assert any(m.startswith("line_breaking.tolerence: unknown key") for m in messages)
    assert all(d.location.line > 0 for d in caught.value.diagnostics)


def test_the_greedy_breaker_can_still_be_chosen(tmp_path):
    path = tmp_path / "brand.yaml"
    path.write_text(brand_text() + "\nline_breaking: {breaker: greedy}\n", encoding="utf-8")
    brand = load_brand(path)
    styles = Styles(brand, "en")
    maker = ParagraphMaker(link_colour=brand.colour("accent"))
    paragraph = maker.make(markup.plain(TEXT), styles.paragraph("body"))
    assert not isinstance(paragraph, ComposedParagraph)
    assert paragraph.style.alignment == TA_JUSTIFY
    assert paragraph.role == "body"


# -- the sample issues, measured from their PDFs ----------------------------------------
@pytest.fixture(scope="module")
def sample_spacing(tmp_path_factory, brand):
    """Each sample issue's screen edition, greedy and composed: stem -> (greedy, composed)."""
    out = tmp_path_factory.mktemp("spacing")
    refs = related_refs(SAMPLES)
    greedy = dataclasses.replace(
        brand, line_breaking=dataclasses.replace(brand.line_breaking, breaker="greedy")
    )
    result = {}
    for issue in sorted(SAMPLES.glob("2024-*.yaml")):
        pair = []
        for name, variant in (("greedy", greedy), ("composed", brand)):
            built = build_issue(issue, variant, out / name, editions=("screen",), related=refs)
            pair.append(measure_spacing(built.rendered[0].path, "NotoSerif"))
        result[issue.stem] = tuple(pair)
    return result


def test_the_samples_are_spaced_better_than_greedy_breaking(sample_spacing):
    """The figures of issue 12, read from the screen PDFs (README, "Line breaking")."""
    assert len(sample_spacing) == 6
    pooled = {"greedy": Spacing([], [], []), "composed": Spacing([], [], [])}
    for stem, (greedy, composed) in sample_spacing.items():
        assert len(composed.justified) > 80, stem
        assert composed.median < greedy.median, stem
        assert composed.p95 < greedy.p95, stem
        assert composed.p95 <= 0.58, stem
        assert composed.loose < greedy.loose, stem
        assert composed.loose <= 0.10, stem
        assert composed.hyphen_runs == [], stem
        assert composed.short_last == [], (stem, [line.text for line in composed.short_last])
        for name, spacing in (("greedy", greedy), ("composed", composed)):
            pooled[name].justified += spacing.justified
    # over all six, the issue's targets: median 0.31 em, 95th percentile 0.55 em,
    # 8 % loose lines, 12 % hyphenated (per issue, hyphens and the median are
    # missed in some: README, "Line breaking")
    composed, greedy = pooled["composed"], pooled["greedy"]
    assert composed.p95 <= 0.55
    assert composed.loose <= 0.08
    assert composed.median <= 0.31 < greedy.median
    assert composed.hyphenated <= 0.12 < greedy.hyphenated


def test_margin_kerning_hangs_punctuation_partly_past_the_edge(tmp_path):
    path = tmp_path / "brand.yaml"
    path.write_text(brand_text() + "\nline_breaking: {margin_kerning: true}\n", encoding="utf-8")
    kerned = load_brand(path)
    paragraph = make(kerned, TEXT * 2)
    left, right = draw(paragraph, 200, tmp_path / "k.pdf")
    chars = pdf_char_boxes(tmp_path / "k.pdf", paragraph.style.fontName)
    hangs = {char: end - right for char, _, end in chars if end > right + 0.01}
    assert hangs, "some line ends in punctuation or a hyphen and hangs"
    size = paragraph.style.fontSize
    for char, hang in hangs.items():
        assert char in ".,:;-\ufffe\x02\u2019\u201d", char
        drawn = "\xad" if char in "\ufffe\x02" else char
        assert hang <= 0.7 * stringWidth(drawn, paragraph.style.fontName, size) + 0.01
    assert min(start for _, start, _ in chars) >= left - 0.01
    extracted = read_back(tmp_path / "k.pdf").replace("\xad\n", "")
    assert "".join(extracted.split()) == "".join((TEXT * 2).split())


def test_every_block_of_a_story_declares_its_role(brand):
    from reportlab.platypus import PageBreak, Spacer

    from typeset.flowables import Balanced, Box, ItemHead, PadTo, PullQuote, Stack
    from typeset.layout import lay_out
    from typeset.layout.compose import PageContent
    from typeset.model import load_issue
    from typeset.production import EDITIONS

    issue = load_issue(SAMPLES / "2024-03.yaml")
    screen = EDITIONS["screen"]
    story = lay_out(issue, brand.for_edition(screen), edition=screen).story
    roles: list[str] = []

    def walk(flowable: object) -> None:
        if isinstance(flowable, Spacer | PadTo | PageBreak):
            return
        if isinstance(flowable, KeepTogether):
            for part in flowable._content:
                walk(part)
            return
        roles.append(flowable.role)  # type: ignore[attr-defined]
        if isinstance(flowable, PageContent):
            for piece in flowable.page.order:
                walk(piece.block.flowable)
        if isinstance(flowable, Stack):
            for part, _ in flowable.parts:
                walk(part)
        if isinstance(flowable, Balanced | PullQuote):
            walk(flowable.paragraph)
        if isinstance(flowable, ItemHead):
            for part, _ in flowable.head:
                walk(part)
            walk(flowable.summary)
        if isinstance(flowable, Box):
            for row in flowable.rows:
                walk(row.paragraph)

    for flowable in story:
        walk(flowable)
    assert {"box", "box_entry", "item_head", "label", "headline", "summary", "body"} <= set(roles)
    assert {"figure", "caption", "credit", "page", "stack"} <= set(roles)


def test_fallback_font_runs_are_measured_and_drawn_in_their_own_font(tmp_path):
    # body text in Lato, which lacks ℕ, ℤ and ℝ; Noto Serif, the fallback, has them
    path = tmp_path / "brand.yaml"
    path.write_text(
        brand_text(
            **{
                "  body: ../fonts/noto-serif/NotoSerif-Regular.ttf".replace(
                    "../fonts/", f"{ROOT}/fonts/"
                ): f"  body: {ROOT}/fonts/lato/Lato-Regular.ttf\n"
                f"  fallback: {ROOT}/fonts/noto-serif/NotoSerif-Regular.ttf",
            }
        ),
        encoding="utf-8",
    )
    lato = load_brand(path)
    text = "In maths class the sets ℕ, ℤ and ℝ come first, " * 6
    paragraph = make(lato, text.strip())
    assert {lato.font("body"), lato.font("fallback")} <= {run.font for run in paragraph.text.runs}
    left, right = draw(paragraph, 180, tmp_path / "f.pdf")
    pdf = pdfium.PdfDocument(str(tmp_path / "f.pdf"))
    page = pdf[0].get_textpage()
    for index in range(page.count_chars()):
        lo, _, hi, _ = page.get_charbox(index)
        if page.get_text_range(index, 1).strip():
            assert left - 0.5 <= lo and hi <= right + 0.5
    page.close()
    pdf.close()
    extracted = read_back(tmp_path / "f.pdf").replace("\xad\n", "")
    assert "".join(extracted.split()) == "".join(text.split())


def test_a_column_narrower_than_a_letter_is_refused_like_a_paragraph_would_be(brand):
    paragraph = make(brand, TEXT)
    assert paragraph.wrap(3, 1000) == (0, 0x7FFFFFFF)
    assert paragraph.split(3, 1000) == []


def test_words_met_before_in_another_size_are_measured_in_this_one(brand):
    # Words are remembered across paragraphs by font and size: the same text set
    # in the body (9.2pt), the summary (9.8pt) and the body again fills each
    # justified line exactly, measured afresh from the drawn text.
    for style in ("body", "summary", "body"):
        paragraph = make(brand, "A *very* careful " + TEXT * 2, style)
        paragraph.wrap(200, 10000)
        runs = paragraph.text.runs
        lines = paragraph.set_lines()
        assert len(lines) > 5
        for line in lines[:-1]:
            drawn = sum(stringWidth(text, runs[n].font, runs[n].size) for n, text in line.parts)
            assert drawn + line.spaces * line.word_space == pytest.approx(200, abs=1e-6)


def test_a_paragraph_split_twice_keeps_every_word_once(brand):
    paragraph = make(brand, TEXT * 4)
    leading = paragraph.style.leading
    paragraph.wrap(245, 10000)
    head, rest = paragraph.split(245, 4.5 * leading)
    # the rest is set again in a narrower column, from where it starts, and
    # split there; its own rest, set again, starts where the middle ended
    rest.wrap(200, 10000)
    middle, tail = rest.split(200, 4.5 * leading)
    tail.wrap(180, 10000)
    read = " ".join(
        "".join(text for _, text in line.parts)
        for part in (head, middle, tail)
        for line in part.set_lines()
    )
    assert read.replace("\xad ", "").split() == (TEXT * 4).split()

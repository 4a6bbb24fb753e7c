"""The right-to-left layer: bidi levels and line order, HarfBuzz glyph runs,
and glyph runs drawn so that a viewer reads the text typed.

Cases in the spirit of the Unicode bidi reference (UAX #9 and its
BidiCharacterTest.txt): Persian with Persian digits, Latin names in
parentheses, sentence punctuation, the bracket-pair rule, a Latin paragraph
holding Persian, trailing whitespace, ZWNJ. Orders are compared as logical
indices and glyph ids, not only as strings."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
import uharfbuzz as hb
from reportlab.pdfgen.canvas import Canvas

from typeset.text import bidi, glyphs, shaping

ROOT = Path(__file__).resolve().parent.parent
NASKH = ROOT / "fonts" / "noto-naskh-arabic" / "NotoNaskhArabic-Regular.ttf"
SERIF = ROOT / "fonts" / "noto-serif" / "NotoSerif-Regular.ttf"


def _visual(text: str, base: bidi.Direction | None = None) -> str:
    par = bidi.paragraph(text, base)
    return "".join(text[i] for i in bidi.visual_order(par))


def test_persian_reads_right_to_left_and_its_digits_left_to_right():
    text = "سال ۱۴۰۳"
    par = bidi.paragraph(text)
    assert par.direction == "rtl"
    # digits keep their order (level 2) while the words around them reverse
    assert par.levels == (1, 1, 1, 1, 2, 2, 2, 2)
    assert bidi.visual_order(par) == [4, 5, 6, 7, 3, 2, 1, 0]


def test_sentence_punctuation_ends_at_the_left_of_a_persian_line():
    text = "سلام دنیا."
    assert bidi.visual_order(bidi.paragraph(text))[0] == len(text) - 1
    assert _visual(text)[0] == "."


def test_parentheses_go_around_the_latin_name_they_enclose():
    # rule N0 (bracket pairs): both parentheses take the paragraph's direction
    text = "انجمن (Ura Society) ۱۴۰۳."
    par = bidi.paragraph(text)
    opening, closing = text.index("("), text.index(")")
    assert par.levels[opening] == par.levels[closing] == 1
    assert par.levels[text.index("U") : closing] == (2,) * len("Ura Society")
    order = bidi.visual_order(par)
    # drawn from the left: the full stop, the digits, ")", the name, "(", the word
    assert [text[i] for i in order[:6]] == [".", "۱", "۴", "۰", "۳", " "]
    assert order.index(closing) < order.index(text.index("U")) < order.index(opening)


def test_a_latin_paragraph_keeps_a_persian_word_in_its_own_order():
    text = "The year ۱۴۰۳ starts with نوروز today."
    par = bidi.paragraph(text)
    assert par.direction == "ltr"
    word = text.index("نوروز")
    order = bidi.visual_order(par)
    assert order[word : word + 5] == [word + 4, word + 3, word + 2, word + 1, word]
    assert _visual(text).startswith("The year ۱۴۰۳ starts with ")


def test_european_digits_after_persian_letters_belong_to_the_persian_run():
    # rule W2: a number after Arabic letters is an Arabic number (level 2),
    # and the comma and space before it join the Persian words (N1), so in a
    # Latin paragraph the number is drawn left of the words it follows
    text = "Ura سلام دنیا, 2024"
    par = bidi.paragraph(text, "ltr")
    runs = bidi.visual_runs(par)
    assert [(text[r.start : r.end], r.level) for r in runs] == [
        ("Ura ", 0),
        ("2024", 2),
        ("سلام دنیا, ", 1),
    ]


def test_trailing_space_goes_back_to_the_paragraph_level():
    text = "سلام Ura "
    par = bidi.paragraph(text, "rtl")
    assert bidi.line_levels(par, 0, len(text))[-1] == 1
    assert bidi.visual_order(par)[0] == len(text) - 1


def test_a_forced_base_direction_is_kept():
    par = bidi.paragraph("Ura 2024.", "rtl")
    assert par.direction == "rtl"
    # the Latin words and digits stay one left-to-right run (level 2); the
    # full stop takes the paragraph's direction and goes to the left end
    assert bidi.visual_order(par) == [8, 0, 1, 2, 3, 4, 5, 6, 7]


def test_zwnj_stays_inside_its_word():
    text = "می‌رود"
    par = bidi.paragraph(text)
    assert set(par.levels) == {1}
    assert bidi.visual_order(par) == [5, 4, 3, 2, 1, 0]


def test_line_breaks_are_refused_inside_a_paragraph():
    with pytest.raises(ValueError, match="line break"):
        bidi.paragraph("سلام\nدنیا")


# -- shaping -----------------------------------------------------------------


def _line(text: str, base: bidi.Direction | None = None, size: float = 10):
    par = bidi.paragraph(text, base)
    return shaping.shape_line(
        par, 0, len(text), fonts=[SERIF], rtl_fonts=[NASKH], size=size, language="fa"
    )


def _nominal(font: Path, char: str) -> int:
    return int(hb.Font(hb.Face(hb.Blob.from_file_path(str(font)))).get_nominal_glyph(ord(char)))


def test_persian_digits_are_glyphs_in_reading_order():
    line = _line("سال ۱۴۰۳")
    digits = next(run for run in line.runs if not run.rtl)
    assert [glyph.cluster for glyph in digits.glyphs] == [4, 5, 6, 7]
    # (۴ may be the font's Persian form of the digit, chosen for language fa)
    assert [glyph.gid for glyph in digits.glyphs][::2] == [_nominal(NASKH, c) for c in "۱۰"]
    assert digits.font == NASKH  # the Latin font has no Persian digits
    word = line.runs[-1]
    assert word.rtl and [g.cluster for g in word.glyphs] == [3, 2, 1, 0]  # the space too


def test_letters_join_and_zwnj_keeps_them_apart_without_a_space():
    joined, apart, alone = _line("میرود"), _line("می‌رود"), _line("می")
    yeh_joined = next(g for g in joined.runs[0].glyphs if g.cluster == 1)
    yeh_apart = next(g for g in apart.runs[0].glyphs if g.cluster == 1)
    yeh_alone = next(g for g in alone.runs[0].glyphs if g.cluster == 1)
    # before ZWNJ the yeh takes its final form, as at the end of a word
    assert yeh_apart.gid == yeh_alone.gid != yeh_joined.gid
    # every letter is a contextual form, not the isolated one the cmap gives
    assert yeh_joined.gid != _nominal(NASKH, "ی")
    zwnj = [g for g in apart.runs[0].glyphs if g.cluster == 2]
    assert [g.advance for g in zwnj] == [0.0]


def test_parentheses_in_a_persian_line_are_mirrored_glyphs():
    text = "انجمن (Ura) ۱۴۰۳."
    line = _line(text)
    glyph_of = {g.cluster: (run.font, g.gid) for run in line.runs for g in run.glyphs}
    # Noto Naskh has no parentheses: they come from the Latin font, mirrored
    assert glyph_of[text.index("(")] == (SERIF, _nominal(SERIF, ")"))
    assert glyph_of[text.index(")")] == (SERIF, _nominal(SERIF, "("))
    # the spaces between Persian words keep the Persian font
    assert glyph_of[text.index(" ")][0] == NASKH


def test_runs_come_left_to_right_and_cover_the_line_once():
    text = "انجمن (Ura Society) در سال ۱۴۰۳ «نوروز» را جشن گرفت."
    line = _line(text)
    covered = sorted(g.cluster for run in line.runs for g in run.glyphs)
    assert covered == list(range(len(text)))
    # the run holding the full stop is drawn first (leftmost), the first word last
    assert line.runs[0].end == len(text) and line.runs[-1].start == 0


# -- drawing -----------------------------------------------------------------


def _draw(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "lines.pdf"
    canvas = Canvas(str(path), invariant=1)
    y = 780.0
    for text in lines:
        line = _line(text, size=14)
        par = bidi.paragraph(text)
        x = 500 - line.width if par.direction == "rtl" else 100.0
        glyphs.draw_line(canvas, line, x, y)
        y -= 30
    canvas.save()
    return path


def _page_text(path: Path) -> tuple[str, pdfium.PdfTextPage]:
    page = pdfium.PdfDocument(str(path))[0]
    textpage = page.get_textpage()
    return textpage.get_text_range(), textpage


def test_a_drawn_persian_line_extracts_as_typed_and_is_found(tmp_path):
    text = "جشن نوروز در دفتر تیرانا"
    extracted, textpage = _page_text(_draw(tmp_path, [text]))
    assert extracted == text
    found = textpage.search("نوروز").get_next()
    assert found == (text.index("نوروز"), 5)


def test_drawn_persian_digits_sit_left_to_right(tmp_path):
    extracted, textpage = _page_text(_draw(tmp_path, ["سال ۱۴۰۳"]))
    assert extracted == "سال ۱۴۰۳"
    lefts = [textpage.get_charbox(extracted.index(d))[0] for d in "۱۴۰۳"]
    assert lefts == sorted(lefts)
    # and the first word of the line sits right of them
    assert textpage.get_charbox(0)[0] > lefts[-1]


def test_every_character_of_a_mixed_line_extracts(tmp_path):
    text = "The year ۱۴۰۳ starts with نوروز today."
    extracted, textpage = _page_text(_draw(tmp_path, [text]))
    assert extracted == text
    assert textpage.search("نوروز").get_next() is not None


def test_joined_forms_map_back_to_their_letters(tmp_path):
    # the private-use codes the joined forms are encoded by never leak out
    text = "نوروز «سال نو» است؛ آیا می‌آیید؟"
    extracted, _ = _page_text(_draw(tmp_path, [text]))
    assert not any(0xE000 <= ord(c) <= 0xF8FF or ord(c) >= 0xF0000 for c in extracted)
    assert sorted(extracted.replace("\u200c", "")) == sorted(text.replace("\u200c", ""))

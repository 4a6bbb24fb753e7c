"""Properties over many generated inputs (hypothesis).

1. Any text the brand's fonts can draw, within the limits, comes back out of
   the PDF as it went in (whitespace aside).
2. Any bytes at all given as an issue file make `typeset check` answer 0 or 1,
   quickly, without a traceback.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from datetime import timedelta
from pathlib import Path

from conftest import ROOT, SAMPLES, brand_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdfcheck import page_texts, story_text

from typeset import fonts
from typeset.cli import main
from typeset.limits import MAX_CHARS

FONTS = ROOT / "fonts"


def _drawable(*paths: Path) -> list[str]:
    """Characters every one of these fonts draws with a glyph of its own,
    leaving out what is not text (controls, line separators) and what the
    inline markup would read (* [ ] \\)."""
    sets = []
    for path in paths:
        name = fonts.register(path)
        glyphs = fonts.characters(name)
        face_map = {ord(c): g for c, g in ((c, ord(c)) for c in glyphs)}
        shared = Counter(face_map.values())
        sets.append({c for c in glyphs if shared[ord(c)] == 1})
    usable = set.intersection(*sets)
    return sorted(
        c
        for c in usable
        if unicodedata.category(c)[0] in "LNPSZ"
        and unicodedata.category(c) not in ("Zl", "Zp")
        and c not in "*[]\\"
        and unicodedata.bidirectional(c) not in ("R", "AL")  # refused until shaped
    )


HEADLINE_CHARS = _drawable(FONTS / "lato/Lato-Heavy.ttf", FONTS / "lato/Lato-Regular.ttf")
SUMMARY_CHARS = _drawable(FONTS / "noto-serif/NotoSerif-Regular.ttf")


def _words(alphabet: list[str], max_size: int) -> st.SearchStrategy[str]:
    return st.text(st.sampled_from(alphabet), min_size=1, max_size=max_size).filter(
        lambda s: s.strip() != ""
    )


def _squash(text: str) -> str:
    return "".join(text.split())


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(headline=_words(HEADLINE_CHARS, 120), summary=_words(SUMMARY_CHARS, 600))
def test_drawable_text_comes_back_out_of_the_pdf(tmp_path_factory, headline, summary):
    folder = tmp_path_factory.mktemp("prop")
    # Without hyphenation, a line break adds nothing but a break.
    (folder / "brand.yaml").write_text(
        brand_text(**{"leading: 12.8pt}": "leading: 12.8pt, hyphenate: false}"}),
        encoding="utf-8",
    )
    assert len(headline) <= MAX_CHARS["headline"] and len(summary) <= MAX_CHARS["summary"]
    text = (
        "number: 1\ndate: 2024-01-01\nitems:\n"
        f"  - headline: {json.dumps(headline, ensure_ascii=False)}\n"
        f"    summary: {json.dumps(summary, ensure_ascii=False)}\n"
    )
    (folder / "issue.yaml").write_text(text, encoding="utf-8")
    status = main(["build", str(folder / "issue.yaml"), "-o", str(folder / "out"), "-q"])
    assert status == 0
    pdf = folder / "out" / "issue.pdf"
    first_page = _squash(page_texts(pdf)[0])
    assert first_page.count(_squash(headline)) >= 2  # contents box and the headline itself
    assert _squash(summary) in story_text(pdf, hyphens=False)


#: A valid issue to mutate, so that generated files reach past the YAML parser.
VALID = (SAMPLES / "2024-01.yaml").read_bytes()[:3000]


def _mutations() -> st.SearchStrategy[bytes]:
    def mutate(data: tuple[int, int, bytes]) -> bytes:
        start, length, insert = data
        start %= len(VALID)
        return VALID[:start] + insert + VALID[start + length :]

    return st.tuples(st.integers(0, 10_000), st.integers(0, 50), st.binary(max_size=40)).map(mutate)


@settings(
    max_examples=150,
    deadline=timedelta(seconds=3),
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.one_of(st.binary(max_size=3000), _mutations()))
def test_any_bytes_get_an_answer_not_a_traceback(tmp_path_factory, capsys, data):
    folder = tmp_path_factory.mktemp("bytes")
    path = folder / "issue.yaml"
    path.write_bytes(data)
    status = main(["check", str(path), "--brand", str(SAMPLES / "brand.yaml"), "-q"])
    out, err = capsys.readouterr()
    assert status in (0, 1)
    assert "Traceback" not in out + err
    if status == 1:
        assert f"{path}" in err and ": error: " in err

"""The sample issues, built as a user builds them, checked as a reader would."""

from __future__ import annotations

import re

import pypdf
import pytest
from pdfcheck import (
    char_boxes,
    fonts_by_page,
    normalise,
    overlaps,
    page_texts,
    squash,
    story_text,
)

from typeset.brand import Brand
from typeset.model import load_issue


def test_there_are_six_monthly_sample_issues(sample_files):
    issues = [load_issue(path) for path in sample_files]
    assert len(issues) >= 6
    assert all(8 <= len(issue.items) <= 12 for issue in issues)
    assert len({issue.date.month for issue in issues}) == len(issues)


def test_every_headline_and_summary_appears_in_yaml_order(built_samples):
    for stem, built in built_samples.items():
        text = story_text(built.edition("screen").path)
        issue = built.issue
        # The contents box on page 1 lists the headlines too (after a lead
        # story's head, or first): take it out of the text searched.
        box = text.index("INTHISISSUE")
        end = text.index(squash(issue.items[-1].headline), box) + 1
        text = text[:box] + text[end:]
        position = 0
        for item in issue.items:
            headline = squash(item.headline)
            found = text.find(headline, position)
            assert found >= 0, f"{stem}: headline {item.headline!r} missing or out of order"
            summary = squash(item.summary.plain)
            assert text.find(summary, found) >= 0, f"{stem}: summary of {item.headline!r}"
            position = found + len(headline)


def _landing_pages(path, headlines):
    """Page (from 1) where each headline is set in the story, not in the contents box."""
    pages = [squash(text) for text in page_texts(path)]
    landing = []
    for headline in headlines:
        key = squash(headline)
        for number, text in enumerate(pages, start=1):
            count = text.count(key) - (1 if number == 1 else 0)
            if count > 0:
                landing.append(number)
                break
        else:
            pytest.fail(f"headline {headline!r} not set in the story")
    return landing


def _contents_numbers(path, headlines):
    """The page numbers printed after each headline in 'In this issue'."""
    text = normalise(page_texts(path)[0])
    numbers = []
    position = text.index("IN THIS ISSUE")
    for headline in headlines:
        pattern = r"\s?".join(re.escape(word) for word in headline.split()) + r"\s*(\d+)"
        match = re.compile(pattern).search(text, position)
        assert match, f"{headline!r} not in the contents box"
        numbers.append(int(match.group(1)))
        position = match.end()
    return numbers


def test_contents_page_numbers_are_where_the_headlines_land(built_samples):
    for built in built_samples.values():
        headlines = [item.headline for item in built.issue.items]
        landing = _landing_pages(built.edition("screen").path, headlines)
        assert _contents_numbers(built.edition("screen").path, headlines) == landing
        assert [built.edition("screen").landed[i] for i in range(len(headlines))] == landing


@pytest.mark.parametrize("edition", ["print", "screen"])
def test_every_font_is_embedded_and_subset(built_samples, edition):
    for built in built_samples.values():
        for page, fonts in enumerate(
            by_page := fonts_by_page(built.edition(edition).path), start=1
        ):
            assert fonts, f"page {page} has no fonts"
            for name, facts in fonts.items():
                assert facts["embedded"], f"{name} on page {page} is not embedded"
                assert re.match(r"^/[A-Z]{6}\+", name), f"{name} is not a subset"
        names = {name.split("+", 1)[1] for fonts in by_page for name in fonts}
        assert "Helvetica" not in names
        assert {"Lato-Heavy", "NotoSerif-Regular"} <= names


def test_page_size_is_the_brands(built_samples, sample_brand: Brand):
    width, height = sample_brand.page_size
    for built in built_samples.values():
        for page in pypdf.PdfReader(built.edition("screen").path).pages:
            box = page.mediabox
            assert float(box.width) == pytest.approx(width, abs=0.01)
            assert float(box.height) == pytest.approx(height, abs=0.01)


def test_text_stays_inside_the_margins_and_never_overlaps(built_samples, sample_brand: Brand):
    width, height = sample_brand.page_size
    m = sample_brand.margins
    for stem, built in built_samples.items():
        for number, boxes in enumerate(char_boxes(built.edition("screen").path), start=1):
            assert boxes
            for box in boxes:
                # 1pt allows for glyphs such as f that overhang their advance width.
                assert box.left >= m.left - 1 and box.right <= width - m.right + 1, (
                    stem,
                    number,
                    box,
                )
                assert box.bottom >= m.bottom - 3 and box.top <= height - m.top + 0.5, (
                    stem,
                    number,
                    box,
                )
            assert overlaps(boxes) == [], f"{stem} page {number}: text overlaps"


def test_columns_start_at_the_same_height(built_samples, sample_brand: Brand):
    width, _ = sample_brand.page_size
    middle = width / 2
    checked = 0
    for built in built_samples.values():
        pages = char_boxes(built.edition("screen").path)
        for boxes in pages[1:-1]:  # full pages after the masthead page
            left_top = max(b.top for b in boxes if b.right < middle)
            right_top = max(b.top for b in boxes if b.left > middle)
            assert abs(left_top - right_top) < 4
            checked += 1
    assert checked


def test_masthead_footer_and_closing_box(built_samples, sample_brand: Brand):
    built = built_samples["2024-03"]
    issue = built.issue
    pages = [normalise(text) for text in page_texts(built.edition("screen").path)]
    first = pages[0]
    assert sample_brand.name in first and sample_brand.tagline in first
    assert f"No.{issue.number}" in first
    assert "22 March 2024" in first
    for number, text in enumerate(pages, start=1):
        assert f"{sample_brand.name} · No.{issue.number} · 22 March 2024" in text
        assert f"Page {number}" in text
    last = pages[-1]
    assert "RELATED ISSUES" in last
    assert "No.110 · Families and Their Rights · 21 February 2024" in last
    assert "No.112 · Spring Reunions · 18 April 2024" in last
    assert sample_brand.contact and squash(sample_brand.contact) in squash(last)
    assert "ura-society.example.org" in last


def test_document_metadata(built_samples):
    built = built_samples["2024-03"]
    reader = pypdf.PdfReader(built.edition("screen").path)
    meta = reader.metadata
    assert meta.title == "Ura Newsletter No.111"
    assert meta.author == "Ura Society"
    assert meta.subject == "Women’s Day and Nowruz"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert meta["/CreationDate"].startswith("D:20240322")
    assert [entry.title for entry in reader.outline] == [
        item.headline for item in built.issue.items
    ]

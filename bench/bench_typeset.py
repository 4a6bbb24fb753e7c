"""Typesetting speed: `typeset` against a bare ReportLab script on the same text.

Builds a four-page issue in-process with typeset, each edition on its own
(YAML loading, validation, layout, PDF writing and finishing), and lays out the
same headlines, summaries and bodies with a plain ReportLab script: two frames
as columns, the same fonts, no masthead, contents box or hyphenation. All run
after a warm-up; the script prints the median of each and their ratios
(target: typeset within 1.5x).

    python bench/bench_typeset.py [--runs N]
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

import yaml
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Spacer

from typeset import fonts
from typeset.brand import load_brand
from typeset.build import build_issue, related_refs
from typeset.model import load_issue

ROOT = Path(__file__).resolve().parent.parent

SOURCE = ROOT / "issues" / "2024-03.yaml"
TARGET_PAGES = 4


def make_issue(folder: Path, copies: int = 0, name: str = "bench") -> Path:
    """A copy of the March sample with items repeated until it fills four pages
    (or, with `copies`, with every item repeated that many times more)."""
    data = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    # Without the sample's lead story, which the bare script cannot set: the
    # same text in plain columns on both sides.
    items = [
        {key: value for key, value in item.items() if key != "span"}
        for item in data["items"]
        if "image" not in item
    ]
    if copies:
        data["items"] = items + [
            dict(
                item,
                headline=f"{item['headline']} ({number + 2})",
                body="\n\n".join([item["body"]] * 5) if item.get("body") else None,
            )
            for number in range(copies)
            for item in items
        ]
    else:
        data["items"] = items + [
            dict(item, headline=item["headline"] + " (continued)") for item in items[:6]
        ]
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (folder / "brand.yaml").write_text(
        (ROOT / "issues" / "brand.yaml")
        .read_text(encoding="utf-8")
        .replace("../fonts/", f"{ROOT / 'fonts'}/")
        .replace("logo: logo.svg", f"logo: {ROOT / 'issues' / 'logo.svg'}"),
        encoding="utf-8",
    )
    return path


def bare_reportlab(issue_path: Path, output: Path) -> Callable[[], int]:
    """The floor: the same printed text on the same pages, set by a plain script.

    Same fonts, sizes, margins, columns and vertical spacing as the brand, so
    that both make the same number of pages. Contents entries, kickers,
    headlines, summaries, bodies and link lines are plain Paragraphs and
    Spacers in frames; masthead and footer strings are drawn on the canvas.
    No validation, markup, keep-together rules, boxes, rules, page references
    or bookmarks."""
    issue = load_issue(issue_path)
    brand = load_brand(issue_path.parent / "brand.yaml")
    font = {role: fonts.register(path) for role, path in brand.font_files.items()}
    space = brand.spacing

    def style(name: str, align: int = 0) -> ParagraphStyle:
        s = brand.styles[name]
        return ParagraphStyle(
            name, fontName=font[s.font], fontSize=s.size, leading=s.leading, alignment=align
        )

    entry, kicker, headline, link = (style(n) for n in ("box_entry", "kicker", "headline", "link"))
    summary, body = style("summary", 4), style("body", 4)
    texts = [
        (
            escape(item.kicker or ""),
            escape(item.headline),
            escape(item.summary.plain),
            [escape(p.plain) for p in item.body],
            escape(item.link or ""),
        )
        for item in issue.items
    ]
    closing = [f"No.{n}" for n in issue.related] + [
        escape(line) for line in (brand.organisation, brand.contact, brand.web) if line
    ]
    width, height = brand.page_size
    m = brand.margins
    column = (width - m.left - m.right - brand.gutter) / 2
    bottom = m.bottom + space["footer_height"]
    masthead = space["masthead_height"] + space["masthead_line"] + space["masthead_after"]

    def frames(top: float) -> list[Frame]:
        return [
            Frame(
                m.left + i * (column + brand.gutter),
                bottom,
                column,
                top - bottom,
                leftPadding=0,
                rightPadding=0,
                topPadding=0,
                bottomPadding=0,
            )
            for i in range(2)
        ]

    def page(canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.setFont(font["caption"], 7.5)
        canv.drawString(m.left, m.bottom, f"{brand.name} · No.{issue.number}")
        canv.drawRightString(width - m.right, m.bottom, f"Page {doc.page}")

    def first(canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.setFont(font["headline"], 32)
        canv.drawString(m.left + 40 * mm, height - m.top - 20 * mm, brand.name)
        page(canv, doc)

    def run() -> int:
        story: list[Flowable] = [Spacer(1, 2 * space["box_padding"] + 11)]
        for _, head, _, _, _ in texts:
            story += [Paragraph(head, entry), Spacer(1, space["paragraph_after"])]
        story.append(Spacer(1, space["box_after"]))
        for kick, head, summ, paragraphs, url in texts:
            story += [Paragraph(kick, kicker), Spacer(1, space["kicker_after"])]
            story += [Paragraph(head, headline), Spacer(1, space["headline_after"])]
            story += [Paragraph(summ, summary), Spacer(1, space["summary_after"])]
            for p in paragraphs:
                story += [Paragraph(p, body), Spacer(1, space["paragraph_after"])]
            story += [Spacer(1, space["link_before"]), Paragraph(url, link)]
            story.append(Spacer(1, space["item_between"]))
        story.append(Spacer(1, 2 * space["box_padding"] + 11))
        story += [Paragraph(line, entry) for line in closing]
        doc = BaseDocTemplate(
            str(output), pagesize=(width, height), invariant=True, initialFontName=font["body"]
        )
        doc.addPageTemplates(
            [
                PageTemplate(
                    "first",
                    frames(height - m.top - masthead),
                    onPage=first,
                    autoNextPageTemplate="later",
                ),
                PageTemplate("later", frames(height - m.top), onPage=page),
            ]
        )
        doc.build(story)
        return int(doc.page)

    return run


def typeset_run(
    issue_path: Path, out: Path, edition: str, *, breaker: str | None = None
) -> Callable[[], int]:
    brand = load_brand(issue_path.parent / "brand.yaml")
    if breaker:
        brand = dataclasses.replace(
            brand, line_breaking=dataclasses.replace(brand.line_breaking, breaker=breaker)
        )
    refs = related_refs(issue_path.parent)

    def run() -> int:
        built = build_issue(issue_path, brand, out, editions=(edition,), related=refs)
        return built.rendered[0].pages

    return run


def measure(
    runs: int, clock: Callable[[], float] = time.perf_counter, **candidates: Callable[[], int]
) -> dict[str, tuple[float, int]]:
    """Median seconds and page count of each candidate, runs interleaved so that
    a change in the machine's load affects them alike."""
    pages = {name: run() for name, run in candidates.items()}  # warm-up
    times: dict[str, list[float]] = {name: [] for name in candidates}
    for _ in range(runs):
        for name, run in candidates.items():
            start = clock()
            run()
            times[name].append(clock() - start)
    return {name: (statistics.median(times[name]), pages[name]) for name in candidates}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument(
        "--long-runs", type=int, default=5, help="runs of the 64-page case (0: skip it)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        issue_path = make_issue(folder)
        results = measure(
            args.runs,
            screen=typeset_run(issue_path, folder / "out", "screen"),
            print=typeset_run(issue_path, folder / "out", "print"),
            bare=bare_reportlab(issue_path, folder / "bare.pdf"),
        )
    floor, floor_pages = results["bare"]
    print(f"bare ReportLab:   {floor * 1000:7.1f} ms median for {floor_pages} pages")
    for edition in ("screen", "print"):
        ours, our_pages = results[edition]
        print(
            f"typeset {edition + ':':8} {ours * 1000:7.1f} ms median for {our_pages} pages, "
            f"{ours / floor:5.2f}x the bare script (target <= 1.5x)"
        )
        if our_pages != TARGET_PAGES:
            print(f"note: the {edition} edition has {our_pages} pages, not {TARGET_PAGES}")
    if args.long_runs:
        long_case(args.long_runs)
    return 0


#: copies of the sample's items that fill about 64 pages of the screen edition
LONG_COPIES = 17


def long_case(runs: int) -> None:
    """The screen edition of a 64-page issue, justified text broken by ReportLab's
    greedy breaker and by the paragraph composer (target: at most 25 % slower)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        issue_path = make_issue(folder, LONG_COPIES, "long")
        # CPU time of this process: on a machine shared with other work, wall
        # time swings by more than the difference measured here
        results = measure(
            runs,
            time.process_time,
            greedy=typeset_run(issue_path, folder / "out", "screen", breaker="greedy"),
            composed=typeset_run(issue_path, folder / "out", "screen", breaker="total-fit"),
        )
    greedy, greedy_pages = results["greedy"]
    composed, composed_pages = results["composed"]
    print(f"64-page case, greedy:   {greedy * 1000:7.0f} ms CPU, median, {greedy_pages} pages")
    print(
        f"64-page case, composed: {composed * 1000:7.0f} ms CPU, median, {composed_pages} pages, "
        f"{composed / greedy - 1:+.1%} (target <= +25 %)"
    )


if __name__ == "__main__":
    sys.exit(main())

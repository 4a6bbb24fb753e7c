"""Justified text, greedy against total-fit: spacing and time, measured from the PDFs.

Builds every sample issue (issues/*.yaml) to the screen edition twice in-process,
once with ReportLab's greedy line breaking (`line_breaking.breaker: greedy`) and
once with the paragraph composer (the brand's own settings), and prints for each
the figures of issue 12, read back from the PDF with pdfium character positions
(`typeset.preflight.spacing`): median and 95th percentile word space in em, the
share of loose lines (spaces over 0.5 em), the share of lines ending in a hyphen,
runs of three or more hyphenated lines, paragraphs ending in one short word, and
the median build time of each.

    python bench/bench_breaking.py [--runs N]
    python bench/bench_breaking.py --sweep     # the trade-off curve, all issues pooled
    python bench/bench_breaking.py --png OUT.png [--issue 2024-03]
                                               # the densest page, greedy | composed
    python bench/bench_breaking.py --rtl [--runs N] [--lines]
                                               # the right-to-left samples (issues/fa/)

With `--rtl`, the same comparison for the right-to-left samples, both
editions: first-fit (`breaker: greedy`, as every shaped paragraph was set
before the total-fit breaker measured shaped runs) against total-fit, read
back as glyphs are drawn (`measure_spacing(..., rtl=True)`), for the
justified body and summary text in the Persian font; with the lines and
pages, the paragraphs' last lines (how full, how many one short word) and
the median build time of each. `--lines` prints every justified line's
word space.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from typeset.brand import Brand, LineBreaking, load_brand
from typeset.build import build_issue, related_refs
from typeset.preflight.spacing import Spacing, measure_spacing

ROOT = Path(__file__).resolve().parent.parent
ISSUES = ROOT / "issues"

#: the issue's targets: median, p95 (em), loose and hyphenated shares
TARGETS = "targets: median <= 0.31, p95 <= 0.55, loose <= 8 %, hyphens <= 12 %, runs 0, short 0"


def family(brand: Brand) -> str:
    """The font family of the body text, as its name appears in the PDF."""
    return brand.font_files[brand.styles["body"].font].stem.split("-")[0]


def build(issue: Path, brand: Brand, out: Path, runs: int) -> tuple[Path, float]:
    refs = related_refs(issue.parent)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        built = build_issue(issue, brand, out, editions=("screen",), related=refs)
        times.append(time.perf_counter() - start)
    return built.rendered[0].path, statistics.median(times)


def row(name: str, spacing: Spacing, seconds: float | None = None) -> str:
    timing = f" {seconds * 1000:7.0f} ms" if seconds is not None else ""
    return (
        f"{name:10} {len(spacing.justified):5d} {spacing.median:6.3f} {spacing.p95:6.3f} "
        f"{spacing.loose:6.1%} {spacing.hyphenated:6.1%} {len(spacing.hyphen_runs):4d} "
        f"{len(spacing.short_last):5d}{timing}"
    )


HEADER = (
    f"{'':10} {'lines':>5} {'median':>6} {'p95':>6} {'loose':>6} {'hyph':>6} "
    f"{'runs':>4} {'short':>5}"
)


def pooled(spacings: Iterable[Spacing]) -> Spacing:
    pool = Spacing([], [], [])
    for spacing in spacings:
        pool.justified += spacing.justified
        pool.short_last += spacing.short_last
        pool.hyphen_runs += spacing.hyphen_runs
    return pool


def compare(runs: int) -> None:
    issues = sorted(p for p in ISSUES.glob("*.yaml") if p.name != "brand.yaml")
    brand = load_brand(ISSUES / "brand.yaml")
    greedy = dataclasses.replace(
        brand, line_breaking=dataclasses.replace(brand.line_breaking, breaker="greedy")
    )
    print(TARGETS)
    print(f"composer settings: {brand.line_breaking}")
    totals = {"greedy": 0.0, "composed": 0.0}
    pools: dict[str, list[Spacing]] = {"greedy": [], "composed": []}
    with tempfile.TemporaryDirectory() as tmp:
        for issue in issues:
            print(f"\n{issue.name}\n{HEADER}     time")
            for name, variant in (("greedy", greedy), ("composed", brand)):
                pdf, seconds = build(issue, variant, Path(tmp) / name, runs)
                spacing = measure_spacing(pdf, family(brand))
                pools[name].append(spacing)
                totals[name] += seconds
                print(row(name, spacing, seconds))
    print(f"\nall issues\n{HEADER}     time")
    for name in ("greedy", "composed"):
        print(row(name, pooled(pools[name]), totals[name]))
    print(f"composer time cost: {totals['composed'] / totals['greedy'] - 1:+.1%}")


#: the grid of the trade-off curve: (stretch, shrink) of a word space, first-pass
#: tolerances and hyphen penalties
SPACES = ((0.5, 0.2), (0.5, 0.33), (0.35, 0.33), (0.35, 0.4))
TOLERANCES = (200.0, 2000.0)
PENALTIES = (800.0, 3200.0, 8000.0)


def sweep() -> None:
    """Loose against hyphenated lines over hyphen penalties, tolerances and shrink."""
    issues = sorted(p for p in ISSUES.glob("*.yaml") if p.name != "brand.yaml")
    brand = load_brand(ISSUES / "brand.yaml")
    print(TARGETS)
    print(f"{'penalty':>7} {'tol':>5} {'str':>4} {'shr':>4} {'kern':>5} " + HEADER[11:])
    with tempfile.TemporaryDirectory() as tmp:
        for kerning in (False, True):
            for stretch, shrink in SPACES:
                for tolerance in TOLERANCES:
                    for penalty in PENALTIES:
                        setting = LineBreaking(
                            hyphen_penalty=penalty,
                            tolerance=tolerance,
                            stretch=stretch,
                            shrink=shrink,
                            margin_kerning=kerning,
                        )
                        variant = dataclasses.replace(brand, line_breaking=setting)
                        spacings = [
                            measure_spacing(build(i, variant, Path(tmp), 1)[0], family(brand))
                            for i in issues
                        ]
                        label = (
                            f"{penalty:7.0f} {tolerance:5.0f} {stretch:4.2f} {shrink:4.2f} "
                            f"{kerning!s:>5}"
                        )
                        print(label + row("", pooled(spacings))[10:], flush=True)


def side_by_side(issue_stem: str, out: Path) -> None:
    """The page of `issue_stem` with the most justified lines, greedy on the left
    and composed on the right, at 150 dpi."""
    import pypdfium2
    from PIL import Image

    issue = ISSUES / f"{issue_stem}.yaml"
    brand = load_brand(ISSUES / "brand.yaml")
    greedy = dataclasses.replace(
        brand, line_breaking=dataclasses.replace(brand.line_breaking, breaker="greedy")
    )
    with tempfile.TemporaryDirectory() as tmp:
        pdfs = [
            build(issue, variant, Path(tmp) / name, 1)[0]
            for name, variant in (("greedy", greedy), ("composed", brand))
        ]
        spacing = measure_spacing(pdfs[0], family(brand))
        pages = [line.page for line in spacing.justified]
        densest = max(set(pages), key=pages.count)
        images = []
        for pdf in pdfs:
            document = pypdfium2.PdfDocument(str(pdf))
            images.append(document[densest - 1].render(scale=150 / 72).to_pil())
            document.close()
    gap = 24
    width = images[0].width + images[1].width + gap
    sheet = Image.new("RGB", (width, max(i.height for i in images)), "white")
    sheet.paste(images[0], (0, 0))
    sheet.paste(images[1], (images[0].width + gap, 0))
    sheet.save(out)
    print(f"{out}: page {densest} of {issue.name}, greedy (left) and composed (right)")


def rtl_spacing(pdf: Path, brand: Brand) -> tuple[Spacing, int, int]:
    """The spacing of the justified body and summary lines in the brand's
    Arabic-script font, the number of those lines and of pages."""
    family = brand.font_files["arabic"].stem
    sizes = {round(brand.styles[name].size, 1) for name in ("body", "summary")}
    spacing = measure_spacing(pdf, family, rtl=True)
    keep = [line for line in spacing.justified if round(line.size, 1) in sizes]
    last = [(line, w) for line, w in spacing.last_lines if round(line.size, 1) in sizes]
    short = [line for line in spacing.short_last if round(line.size, 1) in sizes]
    lines = sum(round(line.size, 1) in sizes for line in spacing.lines)
    pages = max((line.page for line in spacing.lines), default=0)
    return Spacing(keep, short, [], last), lines, pages


def rtl_row(name: str, spacing: Spacing, lines: int, pages: int, seconds: float) -> str:
    fills = sorted((line.right - line.left) / width for line, width in spacing.last_lines if width)
    fill = statistics.median(fills) if fills else 0.0
    widest = max(spacing.spaces, default=0.0)
    return (
        f"{name:10} {pages:5d} {lines:5d} {len(spacing.justified):5d} {spacing.median:6.3f} "
        f"{spacing.p95:6.3f} {widest:6.3f} {spacing.loose:6.1%} {len(spacing.last_lines):4d} "
        f"{fill:5.2f} {len(spacing.short_last):5d} {seconds * 1000:7.0f} ms"
    )


RTL_HEADER = (
    f"{'':10} {'pages':>5} {'lines':>5} {'just':>5} {'median':>6} {'p95':>6} {'max':>6} "
    f"{'loose':>6} {'last':>4} {'fill':>5} {'short':>5}     time"
)


def compare_rtl(runs: int, per_line: bool) -> None:
    """First-fit against total-fit on the right-to-left samples, both editions."""
    root = ISSUES / "fa"
    brand = load_brand(ISSUES / "brand.yaml")
    greedy = dataclasses.replace(
        brand, line_breaking=dataclasses.replace(brand.line_breaking, breaker="greedy")
    )
    print(f"composer settings: {brand.line_breaking}; loose: spaces over 0.5 em")
    totals = {"first-fit": 0.0, "total-fit": 0.0}
    variants = (("first-fit", greedy), ("total-fit", brand))
    with tempfile.TemporaryDirectory() as tmp:
        for issue in sorted(root.glob("*.yaml")):
            refs = related_refs(issue.parent)
            for edition in ("screen", "print"):
                times: dict[str, list[float]] = {name: [] for name, _ in variants}
                pdfs: dict[str, Path] = {}
                # one build each to warm the caches, then the timed builds,
                # interleaved so that both breakers see the same load
                for run in range(runs + 1):
                    for name, variant in variants if run % 2 else variants[::-1]:
                        start = time.process_time()
                        built = build_issue(
                            issue, variant, Path(tmp) / name, editions=(edition,), related=refs
                        )
                        if run:
                            times[name].append(time.process_time() - start)
                        pdfs[name] = built.rendered[0].path
                print(f"\n{root.name}/{issue.name}, {edition}\n{RTL_HEADER}")
                for name, _ in variants:
                    seconds = statistics.median(times[name])
                    totals[name] += seconds
                    spacing, lines, pages = rtl_spacing(pdfs[name], brand)
                    print(rtl_row(name, spacing, lines, pages, seconds))
                    if per_line:
                        for line in spacing.justified:
                            print(
                                f"{'':10} p{line.page} y={line.baseline:6.1f} "
                                f"{line.size:4.1f}pt {len(line.spaces):2d} spaces "
                                f"{line.word_space:6.3f} em"
                            )
    print(
        f"\ntotal-fit time (CPU, median of {runs}) against first-fit in the same run: "
        f"{totals['total-fit'] / totals['first-fit']:.2f}x"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="builds per issue and breaker")
    parser.add_argument("--sweep", action="store_true", help="print the trade-off curve")
    parser.add_argument("--png", type=Path, help="write the densest page side by side")
    parser.add_argument("--issue", default="2024-03", help="the sample issue for --png")
    parser.add_argument("--rtl", action="store_true", help="the right-to-left samples")
    parser.add_argument("--lines", action="store_true", help="with --rtl: every line")
    args = parser.parse_args()
    if args.rtl:
        compare_rtl(args.runs, args.lines)
    elif args.png:
        side_by_side(args.issue, args.png)
    elif args.sweep:
        sweep()
    else:
        compare(args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Preflight on a long file: does `--profile print` stay within twice `--profile screen`?

Makes a file of N pages (50,000 by default), each with a line of text, an RGB
fill and no TrimBox (so that print has a finding on every page to collapse),
then times `typeset preflight` with each profile, in this process.

    python bench/bench_preflight_pages.py [pages] [rounds]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import pikepdf

from typeset.preflight import preflight


def long_file(path: Path, pages: int) -> Path:
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont="/Helvetica"
        )
    )
    resources = pdf.make_indirect(pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)))
    tree = pdf.Root.Pages
    kids = []
    # the page tree written directly: pdf.pages.append takes minutes for 50,000 pages
    for number in range(1, pages + 1):
        content = pdf.make_stream(
            b"1 0 0 rg 0 0 20 20 re f BT /F1 12 Tf 72 720 Td (Page %d) Tj ET" % number
        )
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=[0, 0, 612, 792],
            Contents=content,
            Resources=resources,
            Parent=tree,
        )
        kids.append(pdf.make_indirect(page))
    tree.Kids = pikepdf.Array(kids)
    tree.Count = pages
    pdf.save(path)
    return path


def main() -> None:
    pages = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        path = long_file(Path(folder) / "long.pdf", pages)
        print(f"made {pages:,} pages in {time.perf_counter() - start:.1f} s")
        times: dict[str, list[float]] = {"screen": [], "print": []}
        # alternated, medians: the machine is shared, and its load drifts
        for _ in range(rounds):
            for profile in ("screen", "print"):
                start = time.perf_counter()
                report = preflight(path, profile=profile)
                times[profile].append(time.perf_counter() - start)
                print(
                    f"{profile:>6}: {times[profile][-1]:6.1f} s, {len(report.findings)} findings "
                    f"({len(report.errors)} errors)"
                )
        screen, print_ = (statistics.median(times[p]) for p in ("screen", "print"))
        print(
            f"medians: screen {screen:.1f} s, print {print_:.1f} s; "
            f"print / screen {print_ / screen:.2f}"
        )


if __name__ == "__main__":
    main()

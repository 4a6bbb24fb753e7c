"""What composing pages costs: each sample issue's build, and the share of it
spent laying out (blocks, columns poured, balanced and justified) rather than
drawing and writing the PDF.

For every issue in issues/ (or the files named), builds the screen edition
in-process after a warm-up, `--runs` times, and prints the median build time
(CPU time of this process: the machine is shared, wall time is not steady),
the median time of `lay_out` alone, the pages, and the layout passes the
layout report counts (one per page, plus each column height tried while
balancing; a `--fit` ladder adds its rungs' passes).

    python bench/bench_compose.py [--runs N] [issue.yaml ...]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from typeset.brand import load_brand
from typeset.build import build_issue, check_issue, find_issue_files, related_refs
from typeset.edition import EDITIONS
from typeset.layout import lay_out

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("issues", nargs="*", type=Path)
    args = parser.parse_args()
    files = args.issues or find_issue_files([ROOT / "issues"])
    brand = load_brand(files[0].parent / "brand.yaml")
    refs = related_refs(files[0].parent)
    screen = EDITIONS["screen"]
    painted = brand.for_edition(screen)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        for path in files:
            issue = check_issue(path, brand)
            built = build_issue(path, brand, out, editions=("screen",), related=refs)  # warm-up
            builds, layouts = [], []
            for _ in range(args.runs):
                start = time.process_time()
                build_issue(path, brand, out, editions=("screen",), related=refs)
                builds.append(time.process_time() - start)
                start = time.process_time()
                lay_out(issue, painted, edition=screen, related=refs)
                layouts.append(time.process_time() - start)
            report = built.report
            assert report is not None
            build, layout = statistics.median(builds), statistics.median(layouts)
            print(
                f"{path.name}: build {build * 1000:6.1f} ms, of which layout "
                f"{layout * 1000:6.1f} ms ({layout / build:4.0%}); {report.pages} pages, "
                f"{report.passes} layout passes"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Time `typeset find` over 520 generated issues (ten years of weekly issues).

Writes the issues into a temporary folder, then measures, each in a child
process: the first search (the index is built from nothing), a second search
(nothing changed), a search after one issue changed, and, in this process, the
cost of recording one issue's rows as `build` does. Run: python3 bench/bench_find.py
"""

from __future__ import annotations

import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from typeset import find
from typeset.model import load_issue

WORDS = [
    "families",
    "volunteers",
    "village",
    "bridge",
    "office",
    "legal",
    "aid",
    "workshop",
    "children",
    "school",
    "summer",
    "winter",
    "harvest",
    "choir",
    "library",
    "footpath",
    "council",
    "garden",
    "market",
    "letter",
    "report",
    "visit",
]
PLACES = ["Manëz", "Tiranë", "Durrës", "Korçë", "Sarandë", "Vlorë", "Elbasan", "Berat"]


def _issue(number: int, date: dt.date) -> str:
    lines = [f"number: {number}", f"date: {date.isoformat()}", "items:"]
    for item in range(6):
        seed = number * 7 + item
        words = [WORDS[(seed * (k + 3)) % len(WORDS)] for k in range(60)]
        place = PLACES[seed % len(PLACES)]
        lines += [
            f"  - headline: A {WORDS[seed % len(WORDS)]} in {place}, number {number}-{item}",
            f"    summary: {' '.join(words[:25])} in {place}.",
            "    body: |",
            f"      {' '.join(words)}.",
            "",
            f"      {' '.join(reversed(words))} {place}.",
        ]
    return "\n".join(lines) + "\n"


_ALONE = """
import sys
from pathlib import Path
from typeset import find
find.refresh(Path(sys.argv[1]), Path(sys.argv[2]))
assert find.search(Path(sys.argv[1]), "manez"), "no hits"
assert not {"reportlab", "pikepdf", "pypdf", "pypdfium2"} & set(sys.modules)
"""


def _timed(argv: list[str], *, check: bool = False) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=check, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as root:
        folder, out = Path(root) / "issues", Path(root) / "build"
        folder.mkdir()
        start = dt.date(2015, 1, 2)
        for n in range(520):
            day = start + dt.timedelta(weeks=n)
            (folder / f"{day.isoformat()}.yaml").write_text(_issue(n + 1, day), encoding="utf-8")
        command = [sys.executable, "-m", "typeset", "find", "manez", "bridge"]
        command += ["--in", str(folder), "-o", str(out)]
        first = _timed(command)
        warm = statistics.median(_timed(command) for _ in range(5))
        changed = folder / f"{start.isoformat()}.yaml"
        changed.write_text(_issue(1, start).replace("bridge", "bridges"), encoding="utf-8")
        after_change = _timed(command)
        startup = statistics.median(
            _timed([sys.executable, "-m", "typeset", "--version"]) for _ in range(5)
        )
        # What `typeset find` costs once the CLI loads only what find needs:
        # a fresh process that imports typeset.find alone, refreshes and searches.
        alone = [sys.executable, "-c", _ALONE, str(out), str(folder)]
        light = statistics.median(_timed(alone, check=True) for _ in range(5))
        bare = statistics.median(_timed([sys.executable, "-c", "pass"]) for _ in range(5))
        refreshed = []
        for _ in range(20):
            t = time.perf_counter()
            find.refresh(out, folder)
            find.search(out, "manez bridge")
            refreshed.append(time.perf_counter() - t)
        query = []
        for _ in range(20):
            t = time.perf_counter()
            find.search(out, "manez bridge")
            query.append(time.perf_counter() - t)
        issue = load_issue(changed)
        record = []
        for _ in range(20):
            t = time.perf_counter()
            find.record(out, [(changed, find.issue_entries(issue))])
            record.append(time.perf_counter() - t)
        size = (out / find.INDEX).stat().st_size
    print(f"520 issues, 3,120 items; index {size / 1e6:.1f} MB")
    print(f"first find (index built from nothing): {first:.2f} s")
    print(f"find, nothing changed (median of 5):   {warm:.2f} s")
    print(f"find after one issue changed:          {after_change:.2f} s")
    print(f"of which starting typeset (--version): {startup:.2f} s")
    print(f"find importing typeset.find alone:     {light:.2f} s (Python alone: {bare:.2f} s)")
    print(f"refresh and search, in process:        {statistics.median(refreshed) * 1000:.1f} ms")
    print(f"search alone, in process (median):     {statistics.median(query) * 1000:.1f} ms")
    print(f"recording one issue, as build does:    {statistics.median(record) * 1000:.1f} ms")


if __name__ == "__main__":
    main()

"""Save to refreshed preview under `typeset watch`: wall and CPU time per save.

    python bench/bench_watch.py [SAVES] [--dpi N]

Makes a 4-page issue in a temporary folder (the 2024-03 sample with items of
2024-04 added until it fills four pages, beside the demo brand, its logo and
images), starts `watch` on it in this process as `typeset watch` does, then
saves the issue SAVES times (default 10), each time changing one word of the
first summary for another as wide (with --reflow: adding a sentence to it, so
that the text after it moves), and measures from just before the write to the moment `watch`
reports the rebuilt PDF and its refreshed PNGs. Prints each save, then the
median and range of the wall time and of this process's CPU time, and the
machine's load (`os.getloadavg`) before and after: on a shared machine the wall
time follows the load more than the code.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from typeset.workflow.watch import Rebuilt, rebuild, watch  # noqa: E402

PAGES = 4


def _project(folder: Path) -> Path:
    """The demo brand, its logo and images, and a 4-page issue in `folder`."""
    issues = folder / "issues"
    issues.mkdir()
    (folder / "fonts").symlink_to(ROOT / "typeset" / "data" / "fonts")
    for name in ("brand.yaml", "logo.svg"):
        shutil.copy(ROOT / "issues" / name, issues / name)
    shutil.copytree(ROOT / "issues" / "images", issues / "images")
    issue = yaml.safe_load((ROOT / "issues" / "2024-03.yaml").read_text(encoding="utf-8"))
    issue.pop("related", None)
    extra = yaml.safe_load((ROOT / "issues" / "2024-04.yaml").read_text(encoding="utf-8"))
    path = issues / "bench.yaml"
    for item in [None, *extra["items"]]:
        if item is not None:
            issue["items"].append(item)
        path.write_text(yaml.safe_dump(issue, allow_unicode=True, sort_keys=False), "utf-8")
        pages = len(rebuild(path, folder / "probe").pngs) - 1  # less the cover
        if pages >= PAGES:
            return path
    raise SystemExit(f"could not make a {PAGES}-page issue")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("saves", nargs="?", type=int, default=10)
    parser.add_argument("--dpi", type=float, default=100)
    parser.add_argument(
        "--reflow", action="store_true", help="add a sentence to page 1, not swap a word"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        issue = _project(folder)
        text = issue.read_text(encoding="utf-8")
        rounds: list[tuple[float, Rebuilt]] = []
        arrived = threading.Condition()

        def report(result: Rebuilt) -> None:
            with arrived:
                rounds.append((time.perf_counter(), result))
                arrived.notify_all()

        stop = threading.Event()
        worker = threading.Thread(
            target=watch,
            args=(issue, folder / "out", report),
            kwargs={"stop": stop, "dpi": args.dpi},
        )
        load_before = os.getloadavg()
        worker.start()
        with arrived:
            arrived.wait_for(lambda: rounds, timeout=60)
        assert rounds and rounds[0][1].pdf is not None, rounds and rounds[0][1].problems
        time.sleep(0.5)  # let the watcher settle on its first snapshot
        walls, cpus = [], []
        for save in range(args.saves):
            if args.reflow:  # a sentence more: the pages after it move too
                word = "A sentence more. " * (save % 2 + 1)
            else:  # one word for another of the same length
                word = "Edit A" if save % 2 == 0 else "Edit B"
            changed = text.replace("summary: ", f"summary: {word} ", 1)
            seen = len(rounds)
            stamps = {png: png.stat().st_mtime_ns for png in rounds[-1][1].pngs}
            cpu = time.process_time()
            started = time.perf_counter()
            issue.write_text(changed, encoding="utf-8")
            with arrived:
                arrived.wait_for(lambda n=seen: len(rounds) > n, timeout=30)
            if len(rounds) == seen:
                raise SystemExit(f"save {save + 1}: no rebuild within 30 s")
            finished, result = rounds[-1]
            pages = len(result.pngs) - 1
            redrawn = sum(png.stat().st_mtime_ns != stamps.get(png) for png in result.pngs)
            walls.append(finished - started)
            cpus.append(time.process_time() - cpu)
            print(
                f"save {save + 1}: {walls[-1]:.3f} s wall, {cpus[-1]:.3f} s CPU, "
                f"{pages} pages, {redrawn} PNGs written (cover included), "
                f"rebuild {result.seconds:.3f} s"
            )
            time.sleep(0.3)
        stop.set()
        worker.join()
        load_after = os.getloadavg()
    print(
        f"wall: median {statistics.median(walls):.3f} s, "
        f"range {min(walls):.3f}-{max(walls):.3f} s over {len(walls)} saves"
    )
    print(f"CPU:  median {statistics.median(cpus):.3f} s, range {min(cpus):.3f}-{max(cpus):.3f} s")
    print(
        "load average (1, 5, 15 min): before "
        + ", ".join(f"{v:.2f}" for v in load_before)
        + "; after "
        + ", ".join(f"{v:.2f}" for v in load_after)
        + f"; {os.cpu_count()} cores"
    )


if __name__ == "__main__":
    main()

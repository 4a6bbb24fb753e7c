"""A seeded mutation fuzzer over small PDFs made here: whatever the bytes, preflight
and compile end with a report and an exit status of 0 or 1, never a traceback, a
signal or a hang, and compile leaves no file behind when it fails and writes only
volumes that pass `qpdf --check`.

The seed is printed (`pytest -s`, or in the failure): replay one with
`FUZZ_SEED=123 pytest tests/test_fuzz.py`. Longer runs: `python bench/fuzz.py`.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from foreign import draw, with_extras
from hostile_pdfs import raw_pdf, text_page

RUNS = 50


def fixtures(folder: Path) -> list[Path]:
    """Three small files of different shapes: ReportLab pages with an embedded font,
    the same with an outline, page labels and a named link, and a hand-written file."""
    pages = [["Old headline one", "text"], ["Old headline two", "more text"]]
    plain = draw(pages)
    made = {
        "drawn.pdf": plain,
        "outlined.pdf": with_extras(
            plain,
            outline=[("One", 0, [("Two", 1)])],
            labels=True,
            names={"two": 1},
            named_link=(0, "two"),
        ),  # fmt: skip
        "written.pdf": raw_pdf(text_page(b"Written by hand")),
    }
    folder.mkdir()
    for name, data in made.items():
        (folder / name).write_bytes(data)
    return sorted(folder.iterdir())


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf judges the volumes")
@pytest.mark.parametrize("command", ["preflight", "compile"])
def test_no_mutant_breaks_the_command(tmp_path, command):
    seed = int(os.environ.get("FUZZ_SEED", random.SystemRandom().randrange(2**32)))
    print(f"fuzz seed {seed} (replay: FUZZ_SEED={seed} pytest tests/test_fuzz.py)")
    files = fixtures(tmp_path / "seeds")
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "fuzz.py"),
            *map(str, files),
            "--runs",
            str(RUNS),
            "--seed",
            str(seed),
            "--commands",
            command,
            "--timeout",
            "60",
            "--memory",
            "2048",
            "--keep",
            str(tmp_path / "failed"),
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.stdout, done.stderr
    summary = json.loads(done.stdout)
    counts = summary["counts"][command]
    assert counts["ok"] == RUNS, f"seed {seed}: {counts}\n{done.stderr[-4000:]}"
    assert done.returncode == 0

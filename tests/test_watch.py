"""`typeset preview` and `typeset watch`: PNGs of the pages, refreshed on save."""

from __future__ import annotations

import threading
import time

import pypdfium2 as pdfium
from conftest import MINIMAL
from PIL import Image

from typeset.cli import main
from typeset.workflow.watch import Rebuilt, watch


def test_preview_of_an_issue_writes_pngs_of_the_right_size(workspace, capsys):
    issue = workspace.issue("one.yaml", MINIMAL.format(headline="One", summary="Text."))
    out = workspace.root / "out"
    assert main(["preview", str(issue), "-o", str(out), "--dpi", "72"]) == 0
    page = _size(out / "preview" / "one-1.png")
    # the demo brand's A4 page at 72 dpi: 595 x 842 points, one pixel each
    assert abs(page[0] - 595) <= 1 and abs(page[1] - 842) <= 1
    cover = _size(out / "preview" / "one-cover.png")
    assert cover[0] == 600 and abs(cover[1] - 849) <= 1
    assert f"wrote {out / 'preview' / 'one-cover.png'}" in capsys.readouterr().out


def test_preview_of_a_pdf_renders_only_the_pages_asked(workspace, capsys):
    issue = workspace.issue("one.yaml", MINIMAL.format(headline="One", summary="Text."))
    out = workspace.root / "out"
    assert main(["build", str(issue), "-o", str(out), "--edition", "screen", "-q"]) == 0
    assert main(["preview", str(out / "one.pdf"), "-o", str(out), "--pages", "1-1"]) == 0
    pngs = sorted(p.name for p in (out / "preview").iterdir())
    assert pngs == ["one-1.png", "one-cover.png"]
    # 100 dpi by default: 8.27 in wide
    assert abs(_size(out / "preview" / "one-1.png")[0] - 827) <= 1


def test_preview_reports_problems_like_check(workspace, capsys):
    issue = workspace.issue("bad.yaml", MINIMAL.format(headline="[1, 2]", summary="Text."))
    assert main(["preview", str(issue), "-o", str(workspace.root / "out")]) == 1
    assert f"{issue}:4:15: error: items[1].headline: expected text, found a list" in (
        capsys.readouterr().err
    )
    assert not (workspace.root / "out" / "preview").exists()


def test_preview_refuses_a_bad_page_range(workspace, capsys):
    assert main(["preview", "x.pdf", "--pages", "3-1"]) == 2
    assert "expected pages from 1 upwards, low to high, found '3-1'" in capsys.readouterr().err


def test_watch_rebuilds_after_a_change(workspace):
    issue = workspace.issue("one.yaml", MINIMAL.format(headline="Before", summary="Text."))
    out = workspace.root / "out"
    rounds: list[Rebuilt] = []
    stop = threading.Event()
    worker = threading.Thread(
        target=watch, args=(workspace.root, out, rounds.append), kwargs={"stop": stop}
    )
    worker.start()
    try:
        _wait(lambda: len(rounds) >= 1)
        first = (out / "preview" / "one-1.png").stat().st_mtime_ns
        assert rounds[0].pdf == out / "one.pdf" and rounds[0].problems == []
        time.sleep(0.3)  # let the watcher settle on its first scan
        issue.write_text(MINIMAL.format(headline="After", summary="Text."), encoding="utf-8")
        _wait(lambda: len(rounds) >= 2)
        assert rounds[1].since_save is not None and rounds[1].since_save < 30
        assert (out / "preview" / "one-1.png").stat().st_mtime_ns > first
        issue.write_text(MINIMAL.format(headline="[1]", summary="Text."), encoding="utf-8")
        _wait(lambda: len(rounds) >= 3)
        assert rounds[2].pdf is None
        assert "items[1].headline: expected text, found a list" in rounds[2].problems[0].format()
    finally:
        stop.set()
        worker.join(timeout=30)
    assert not worker.is_alive()


def _long_issue(last_word: str) -> str:
    words = "Words to fill the column with something to read on the page. " * 10
    items = "".join(f"  - headline: Story number {n}\n    summary: {words}\n" for n in range(7))
    last = f"  - headline: The last story\n    summary: It ends with {last_word}.\n"
    return "number: 9\ndate: 2024-05-01\nitems:\n" + items + last


def test_watch_writes_again_only_the_pages_that_changed(workspace):
    issue = workspace.issue("long.yaml", _long_issue("apples"))
    out = workspace.root / "out"
    preview = out / "preview"
    rounds: list[Rebuilt] = []
    stop = threading.Event()
    worker = threading.Thread(
        target=watch, args=(workspace.root, out, rounds.append), kwargs={"stop": stop}
    )
    worker.start()
    try:
        _wait(lambda: len(rounds) >= 1)
        names = [png.name for png in rounds[0].pngs]
        assert names == ["long-1.png", "long-2.png", "long-cover.png"], names
        before = {name: (preview / name).stat() for name in names}
        time.sleep(0.3)  # let the watcher settle on its first scan
        issue.write_text(_long_issue("pears"), encoding="utf-8")  # on page 2 only
        _wait(lambda: len(rounds) >= 2)
        assert rounds[1].problems == []
        after = {name: (preview / name).stat() for name in names}
    finally:
        stop.set()
        worker.join(timeout=30)
    # page 1 and the cover are the same pixels: not encoded nor written again
    for name in ("long-1.png", "long-cover.png"):
        assert after[name].st_mtime_ns == before[name].st_mtime_ns, name
        assert after[name].st_ino == before[name].st_ino, name
    assert after["long-2.png"].st_mtime_ns > before["long-2.png"].st_mtime_ns
    # and every PNG shows the PDF as it is now
    document = pdfium.PdfDocument(str(out / "long.pdf"))
    try:
        for number in (1, 2):
            fresh = document[number - 1].render(scale=100 / 72).to_pil()
            with Image.open(preview / f"long-{number}.png") as shown:
                assert shown.convert("RGB").tobytes() == fresh.convert("RGB").tobytes()
        assert "pears" in document[1].get_textpage().get_text_range()
    finally:
        document.close()


def _wait(condition, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the watcher did not rebuild in time"
        time.sleep(0.05)


def _size(png) -> tuple[int, int]:
    with Image.open(png) as image:
        return image.size

"""Output safety: same input, same bytes; a failure leaves nothing behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pikepdf
import pypdf
from conftest import MINIMAL, brand_text

from typeset.cli import main


def _build(path: Path, out: Path) -> int:
    return main(["build", str(path), "-o", str(out), "-q"])


def test_two_builds_are_byte_identical(workspace, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    path = workspace.issue("same.yaml", MINIMAL.format(headline="Same", summary="Bytes."))
    assert _build(path, tmp_path / "a") == 0
    assert _build(path, tmp_path / "b") == 0
    first, second = (tmp_path / "a" / "same.pdf").read_bytes(), (tmp_path / "b" / "same.pdf")
    assert first == second.read_bytes()
    assert pypdf.PdfReader(second).metadata["/CreationDate"].startswith("D:20240501000000")


def test_source_date_epoch_sets_the_creation_date(workspace, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    path = workspace.issue("dated.yaml", MINIMAL.format(headline="Dated", summary="Text."))
    assert _build(path, tmp_path) == 0
    meta = pypdf.PdfReader(tmp_path / "dated.pdf").metadata
    assert meta["/CreationDate"].startswith("D:20231114221320")


def _leftovers(folder: Path) -> list[str]:
    """The files in `folder`, but for the search index a good build updates."""
    if not folder.exists():
        return []
    return sorted(p.name for p in folder.iterdir() if p.name != ".typeset")


def test_a_layout_failure_leaves_no_file_and_keeps_the_old_pdf(workspace, tmp_path, capsys):
    path = workspace.issue("issue.yaml", MINIMAL.format(headline="Good", summary="Fine."))
    out = tmp_path / "out"
    assert _build(path, out) == 0
    good = (out / "issue.pdf").read_bytes()
    # With 90pt headlines, a long headline is taller than any column.
    (workspace.root / "brand.yaml").write_text(
        brand_text(**{"size: 15pt, leading: 17.5pt": "size: 90pt, leading: 100pt"}),
        encoding="utf-8",
    )
    headline = "A headline far too long to be set in ninety point type in a narrow column"
    workspace.issue("issue.yaml", MINIMAL.format(headline=headline, summary="Fine."))
    assert _build(path, out) == 1
    err = capsys.readouterr().err
    assert f"{path}:4:15: error: items[1].headline: the headline needs " in err
    assert "hint: shorten the headline, or make the brand's headline style smaller" in err
    assert "Traceback" not in err
    assert _leftovers(out) == ["issue-print.pdf", "issue.layout.json", "issue.pdf"]
    assert (out / "issue.pdf").read_bytes() == good


def test_a_folder_build_goes_on_after_a_failure(workspace, tmp_path, capsys):
    workspace.issue("a.yaml", MINIMAL.format(headline="First", summary="Fine."))
    workspace.issue("b.yaml", "number: x\n")
    workspace.issue("c.yaml", MINIMAL.format(headline="Third", summary="Fine."))
    out = tmp_path / "out"
    assert main(["build", str(workspace.root), "-o", str(out)]) == 1
    assert _leftovers(out) == [
        "a-print.pdf",
        "a.layout.json",
        "a.pdf",
        "c-print.pdf",
        "c.layout.json",
        "c.pdf",
    ]
    err = capsys.readouterr().err
    assert "b.yaml:1:9: error: number: expected a whole number, found text" in err
    assert "1 of 3 issues failed" in err


def test_interrupted_build_leaves_no_partial_file(workspace, tmp_path, monkeypatch):
    from reportlab.platypus import BaseDocTemplate

    def interrupt(self, *args, **kwargs):
        Path(self.filename).write_bytes(b"%PDF-1.4 half")
        raise KeyboardInterrupt

    monkeypatch.setattr(BaseDocTemplate, "build", interrupt)
    path = workspace.issue("issue.yaml", MINIMAL.format(headline="Stop", summary="Now."))
    out = tmp_path / "out"
    assert _build(path, out) == 130
    assert _leftovers(out) == []


def test_the_pdf_gets_ordinary_file_permissions(workspace, tmp_path):
    path = workspace.issue("perm.yaml", MINIMAL.format(headline="Perm", summary="Text."))
    assert _build(path, tmp_path) == 0
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "perm.pdf").stat().st_mode & 0o777 == 0o666 & ~umask


def test_ctrl_c_during_a_real_build_leaves_no_partial_file(workspace, tmp_path):
    body = "Volunteers answer letters from families every week. " * 30
    items = "".join(
        f"  - headline: Story {n}\n    summary: Text.\n    body: {body}\n" for n in range(150)
    )
    path = workspace.issue("long.yaml", "number: 7\ndate: 2024-05-01\nitems:\n" + items)
    out = tmp_path / "out"
    out.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "typeset", "build", str(path), "-o", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not list(out.glob(".*.part")) and process.poll() is None:
        assert time.monotonic() < deadline, "the build never started writing"
        time.sleep(0.01)
    assert process.poll() is None, "the build finished before it could be interrupted"
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "interrupted; no partial file was left behind" in err
    assert "Traceback" not in err
    # An edition finished before Ctrl-C is kept: it is complete. Nothing else is.
    assert not list(out.glob(".*"))
    for finished in out.iterdir():
        assert finished.name == "long-print.pdf"
        with pikepdf.open(finished) as pdf:
            assert len(pdf.pages) > 1 and not pdf.get_warnings()

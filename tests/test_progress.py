"""Progress lines on a terminal: `[2/3] file`, rewritten in place on standard
error, cleared at the end; nothing when standard error is not a terminal, with
-q or with --json.

One test runs the CLI under a real pseudo-terminal; the others make the
captured standard error say it is a terminal.
"""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys

import pytest
from conftest import MINIMAL, ROOT

from typeset.cli import main


def _two_issues(workspace):
    for number, stem in ((7, "2024-05"), (8, "2024-06")):
        text = MINIMAL.format(headline=f"Story {number}", summary="Some text.")
        workspace.issue(f"{stem}.yaml", text.replace("number: 7", f"number: {number}"))
    return workspace.root


def _run_in_terminal(*argv: str) -> tuple[int, str, str]:
    """The CLI in a child process whose standard error is a pseudo-terminal."""
    leader, follower = pty.openpty()
    child = subprocess.Popen(
        [sys.executable, "-m", "typeset", *argv],
        stdout=subprocess.PIPE,
        stderr=follower,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "80"},
    )
    os.close(follower)
    seen = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            child.kill()
            pytest.fail("no output from the child for 60 s")
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    assert child.stdout is not None
    with child.stdout:
        out = child.stdout.read().decode()
    return child.wait(timeout=60), out, seen.decode()


def test_build_of_a_folder_shows_one_rewritten_line_on_a_terminal(workspace, tmp_path):
    folder = _two_issues(workspace)
    code, out, terminal = _run_in_terminal(
        "build", str(folder), "-o", str(tmp_path / "out"), "--edition", "screen"
    )
    assert code == 0, terminal
    assert "\r[1/2] 2024-05.yaml" in terminal
    assert "\r[2/2] 2024-06.yaml" in terminal
    # each line is cleared (blanked, back to the line's start) before what follows
    blank = "\r" + " " * len("[2/2] 2024-06.yaml") + "\r"
    assert terminal.endswith(blank), repr(terminal[-80:])
    assert "[1/2]" not in out and "built" in out  # stdout is unchanged


def test_build_of_a_folder_says_nothing_more_when_stderr_is_not_a_terminal(
    workspace, tmp_path, capsys
):
    folder = _two_issues(workspace)
    assert main(["build", str(folder), "-o", str(tmp_path / "out"), "--edition", "screen"]) == 0
    captured = capsys.readouterr()
    assert "[1/2]" not in captured.err and "\r" not in captured.err
    assert "[1/2]" not in captured.out


def _stderr_is_a_terminal(monkeypatch) -> None:
    """Standard error, as captured while the test runs, says it is a terminal
    (called in the test itself: capsys swaps the stream in when the test starts)."""
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.setenv("COLUMNS", "300")  # a line is cut to the terminal's width


def test_preflight_of_many_files_on_a_terminal(workspace, tmp_path, capsys, monkeypatch):
    terminal = capsys
    _stderr_is_a_terminal(monkeypatch)
    folder = _two_issues(workspace)
    out = tmp_path / "out"
    assert main(["build", str(folder), "-o", str(out), "-q", "--edition", "screen"]) == 0
    terminal.readouterr()
    pdfs = [str(out / "2024-05.pdf"), str(out / "2024-06.pdf")]
    assert main(["preflight", *pdfs, "--profile", "screen"]) == 0
    err = terminal.readouterr().err
    assert f"\r[1/2] {pdfs[0]}" in err and f"\r[2/2] {pdfs[1]}" in err
    assert err.endswith("\r" + " " * len(f"[2/2] {pdfs[1]}") + "\r")

    assert main(["preflight", *pdfs, "--profile", "screen", "--json"]) == 0
    captured = terminal.readouterr()
    assert captured.err == ""  # --json: no progress line
    assert len(json.loads(captured.out)) == 2


def test_compile_on_a_terminal_shows_each_issue_then_clears(
    workspace, tmp_path, capsys, monkeypatch
):
    terminal = capsys
    _stderr_is_a_terminal(monkeypatch)
    folder = _two_issues(workspace)
    argv = ["compile", "2024", "--issues", str(folder), "-o", str(tmp_path / "out")]
    assert main(argv) == 0
    captured = terminal.readouterr()
    # building our issues, then binding them: each step rewrites the line,
    # each stage ends with the line blanked
    last = "[2/2] No.8 2024-06.pdf: 1 page"
    assert captured.err == (
        "\r[1/2] No.7 2024-05.yaml: built (1 page)\r[2/2] No.8 2024-06.yaml: built (1 page)"
        + "\r"
        + " " * len("[2/2] No.8 2024-06.yaml: built (1 page)")
        + "\r"
        + "\r[1/2] No.7 2024-05.pdf: 1 page\r"
        + last
        + "\r"
        + " " * len(last)
        + "\r"
    )
    # the log has no per-issue lines when the terminal shows them
    assert "[1/2]" not in captured.out and "wrote" in captured.out

    assert main([*argv, "--json"]) == 0
    captured = terminal.readouterr()
    assert "[1/2]" not in captured.err
    json.loads(captured.out)

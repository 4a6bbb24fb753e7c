"""The command line as a user meets it."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import MINIMAL, SAMPLES

from typeset.cli import main


@pytest.mark.parametrize("argv", [["--help"], ["check", "--help"], ["build", "--help"]])
def test_help_explains_itself(argv, capsys):
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "usage: typeset" in out
    assert "exit status" in out


def test_usage_errors_exit_2(capsys):
    assert main([]) == 2
    assert main(["frobnicate"]) == 2
    assert main(["build"]) == 2
    assert "usage:" in capsys.readouterr().err


def test_missing_path_is_an_input_error(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nope.yaml")]) == 1
    assert f"{tmp_path / 'nope.yaml'}: error: no such file or folder" in capsys.readouterr().err


def test_check_accepts_the_samples_and_makes_no_pdf(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["check", str(SAMPLES)]) == 0
    assert "6 of 6 issue files valid" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []


def test_default_output_folder_is_build(workspace, monkeypatch):
    workspace.issue("one.yaml", MINIMAL.format(headline="One", summary="Text."))
    monkeypatch.chdir(workspace.root)
    assert main(["build", "one.yaml", "-q"]) == 0
    assert (workspace.root / "build" / "one.pdf").is_file()


def test_an_issue_without_a_brand_is_told_where_to_put_one(tmp_path, capsys):
    path = tmp_path / "lonely.yaml"
    path.write_text(MINIMAL.format(headline="Alone", summary="Text."), encoding="utf-8")
    assert main(["build", str(path), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert f"{path}: error: no brand.yaml next to this issue, nor in the folder above" in err
    assert (
        "hint: put the brand file beside the issues or one folder up, or pass --brand FILE" in err
    )


def test_the_installed_command_runs(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "typeset", "check", str(SAMPLES)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr

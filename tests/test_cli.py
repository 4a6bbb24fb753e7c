"""The command line as a user meets it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL, SAMPLES, brand_text
from pypdf import PdfReader

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


def test_a_lone_issue_builds_with_the_default_brand(tmp_path, capsys):
    path = tmp_path / "lonely.yaml"
    path.write_text(MINIMAL.format(headline="Alone", summary="Text."), encoding="utf-8")
    assert main(["build", str(path), "-o", str(tmp_path / "out"), "--edition", "screen"]) == 0
    err = capsys.readouterr().err
    note = [line for line in err.splitlines() if "default brand" in line]
    assert note == [
        f"{path}: note: no brand.yaml beside it or in the folder above; using the built-in "
        "default brand (typeset init writes one to edit)"
    ]
    text = PdfReader(tmp_path / "out" / "lonely.pdf").pages[0].extract_text()
    assert "Alone" in text and "My Newsletter" in text


def test_the_installed_command_runs(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "typeset", "check", str(SAMPLES)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_check_json_gives_the_same_problems_as_the_text(workspace, capsys):
    import json

    good = workspace.issue("good.yaml", MINIMAL.format(headline="Fine", summary="Text."))
    bad = workspace.issue("bad.yaml", MINIMAL.format(headline="[1]", summary="Text."))
    assert main(["check", str(workspace.root), "--json"]) == 1
    captured = capsys.readouterr()
    results = {Path(r["issue"]).name: r for r in json.loads(captured.out)}
    assert results["good.yaml"] == {"issue": str(good), "valid": True, "problems": []}
    (problem,) = results["bad.yaml"]["problems"]
    assert results["bad.yaml"]["valid"] is False
    assert (problem["path"], problem["line"], problem["col"]) == (str(bad), 4, 15)
    assert problem["severity"] == "error"
    text = f"{bad}:4:15: error: {problem['message']}"
    assert text in captured.err


def test_a_mail_link_is_printed_without_read_online(workspace):
    from pdfcheck import page_texts

    issue = workspace.issue(
        "mail.yaml",
        "number: 7\ndate: 2024-05-01\nitems:\n"
        "  - headline: Write to us\n    summary: Letters welcome.\n"
        "    link: mailto:letters@example.org\n"
        "  - headline: Read more\n    summary: Online too.\n"
        "    link: https://example.org/story\n",
    )
    out = workspace.root / "out"
    assert main(["build", str(issue), "-o", str(out), "--edition", "screen", "-q"]) == 0
    text = page_texts(out / "mail.pdf")[0]
    assert "letters@example.org" in text
    assert "Read online: letters@example.org" not in text
    assert "Read online: example.org/story" in text


def test_compile_json_lists_the_volume_and_the_same_problems_as_the_text(workspace, capsys):
    import json

    for number, month in ((7, 5), (8, 6)):
        workspace.issue(
            f"2024-0{month}.yaml",
            f"number: {number}\ndate: 2024-0{month}-01\nitems:\n"
            f"  - headline: Story {number}\n    summary: Text.\n",
        )
    out = workspace.root / "out"
    argv = ["compile", "2024", "--issues", str(workspace.root), "-o", str(out), "--json"]
    assert main(argv) == 0
    captured = capsys.readouterr()
    result = json.loads(captured.out)
    (volume,) = result["volumes"]
    assert volume["year"] == 2024 and volume["issues"] == 2
    assert volume["pages"] == len(PdfReader(volume["path"]).pages)
    assert result["failed"] == 0
    assert len(result["problems"]) == captured.err.count(": warning: ")
    bad = workspace.issue(
        "2024-07.yaml", "number: 9\ndate: 2024-07-01\nitems:\n  - headline: [1]\n    summary: S.\n"
    )
    assert main(argv) == 1
    captured = capsys.readouterr()
    result = json.loads(captured.out)
    assert result["volumes"] == [] and result["failed"] == 1
    errors = [p for p in result["problems"] if p["severity"] == "error"]
    assert errors and all(
        f"{p['path']}:{p['line']}:{p['col']}: error: {p['message']}" in captured.err for p in errors
    )
    assert any(p["path"] == str(bad) for p in errors)


def test_two_issues_that_would_write_the_same_files_are_refused(tmp_path, capsys):
    # 2024-03 in en/ and fa/ would both become out/2024-03.pdf: nothing is built.
    for folder in ("en", "fa"):
        (tmp_path / folder).mkdir()
        text = MINIMAL.format(headline=f"A story in {folder}", summary="One line.")
        (tmp_path / folder / "2024-03.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "brand.yaml").write_text(brand_text(), encoding="utf-8")
    out = tmp_path / "out"
    code = main(["build", str(tmp_path / "en"), str(tmp_path / "fa"), "-o", str(out)])
    assert code == 1
    err = capsys.readouterr().err
    assert (
        f"{tmp_path / 'fa' / '2024-03.yaml'}: error: would be written over "
        f"{tmp_path / 'en' / '2024-03.yaml'}'s files in {out}"
    ) in err
    assert f"hint: build each folder into its own output folder, e.g. -o {out / 'fa'}" in err
    assert not out.exists()

"""`typeset init` and `typeset new`: from an empty folder to the next issue."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from pypdf import PdfReader

from typeset.cli import main
from typeset.workflow.scaffold import next_date


def test_init_then_build_works_in_an_empty_folder(tmp_path, capsys, monkeypatch):
    project = tmp_path / "news"
    assert main(["init", str(project)]) == 0
    today = dt.date.today()
    issue = project / f"{today:%Y-%m}.yaml"
    assert issue.is_file() and (project / "brand.yaml").is_file()
    assert (project / "logo.svg").is_file()
    assert (project / "fonts" / "lato" / "OFL.txt").is_file()
    # editors find the schemas the files name
    for name, kind in ((issue, "issue"), (project / "brand.yaml", "brand")):
        assert f"# yaml-language-server: $schema=schema/{kind}.json" in name.read_text(
            encoding="utf-8"
        )
        assert (project / "schema" / f"{kind}.json").is_file()
    brand = (project / "brand.yaml").read_text(encoding="utf-8")
    # every key commented: each top-level key and each font role has a comment
    for key in ("name:", "palette:", "fonts:", "body: fonts/", "print:", "cadence:", "fit:"):
        line = next(line for line in brand.splitlines() if key in line)
        assert "#" in line or brand.splitlines()[brand.splitlines().index(line) - 1].startswith(
            "#"
        ), line
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    # --strict: the starter page is a composed page (balanced, no short column)
    assert main(["build", "news", "-o", "out", "--edition", "screen", "--strict"]) == 0
    assert "default brand" not in capsys.readouterr().err
    text = PdfReader(tmp_path / "out" / f"{today:%Y-%m}.pdf").pages[0].extract_text()
    assert "This is the first issue of My Newsletter" in text
    assert (
        main(["preflight", "--profile", "screen", str(tmp_path / "out" / issue.stem) + ".pdf"]) == 0
    )


def test_init_never_overwrites(tmp_path, capsys):
    (tmp_path / "brand.yaml").write_text("name: mine\n", encoding="utf-8")
    assert main(["init", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path / 'brand.yaml'}: error: already exists; typeset never overwrites" in err
    assert (tmp_path / "brand.yaml").read_text(encoding="utf-8") == "name: mine\n"
    assert not (tmp_path / "fonts").exists()


def test_new_is_rejected_by_check_until_the_placeholders_are_written(tmp_path, capsys):
    assert main(["init", str(tmp_path)]) == 0
    (first,) = [p for p in tmp_path.glob("*.yaml") if p.name != "brand.yaml"]
    assert main(["new", str(tmp_path)]) == 0
    (second,) = [p for p in tmp_path.glob("*.yaml") if p not in (first, tmp_path / "brand.yaml")]
    text = second.read_text(encoding="utf-8")
    assert "number: 2\n" in text and "related: [1]\n" in text
    assert "# yaml-language-server: $schema=schema/issue.json\n" in text
    first_date = dt.date.fromisoformat(first.stem + "-01")
    capsys.readouterr()
    assert main(["check", str(second)]) == 1
    err = capsys.readouterr().err
    assert f"{second}:12:15: error: items[1].headline: still a placeholder" in err
    # title, kicker, headline, summary and body of item 1, headline and summary of item 2
    assert err.count("still a placeholder") == 7
    assert main(["build", str(second), "-o", str(tmp_path / "out")]) == 1
    assert "1 of 1 issue failed" in capsys.readouterr().err  # not "1 issues"
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.pdf"))
    written = re.sub(r'"TODO:[^"]*"', '"Written"', text)
    written = re.sub(r"^(\s+)TODO:.*$", r"\1Written.", written, flags=re.MULTILINE)
    second.write_text(written, encoding="utf-8")
    capsys.readouterr()
    assert main(["check", str(second)]) == 0, capsys.readouterr().err
    assert second.stem == f"{next_date(first_date, 'monthly'):%Y-%m}"


def test_new_follows_the_brand_cadence_and_lists_related_issues(workspace, capsys):
    brand = workspace.root / "brand.yaml"
    brand.write_text(brand.read_text(encoding="utf-8") + "\ncadence: weekly\n", encoding="utf-8")
    for number, day in ((7, 1), (8, 8), (9, 15), (10, 22)):
        workspace.issue(
            f"n{number}.yaml",
            f"number: {number}\ndate: 2024-05-{day:02d}\nitems:\n"
            "  - headline: H\n    summary: S.\n",
        )
    assert main(["new", "--from", str(workspace.root / "n10.yaml")]) == 0
    text = (workspace.root / "2024-05-29.yaml").read_text(encoding="utf-8")
    assert "number: 11\ndate: 2024-05-29\n" in text
    assert "related: [10, 9, 8]\n" in text


@pytest.mark.parametrize(
    ("previous", "cadence", "expected"),
    [
        ("2024-01-31", "monthly", "2024-02-29"),
        ("2024-11-15", "quarterly", "2025-02-15"),
        ("2024-12-20", "fortnightly", "2025-01-03"),
        ("2024-12-10", "bimonthly", "2025-02-10"),
    ],
)
def test_next_date_by_cadence(previous, cadence, expected):
    assert next_date(dt.date.fromisoformat(previous), cadence) == dt.date.fromisoformat(expected)

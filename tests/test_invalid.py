"""Invalid issue files: every problem reported at once, where it is, no PDF.

Each fixture in fixtures/invalid carries the messages it must produce as
`# expect: MESSAGE` comments on the line the message points at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

from typeset.cli import main
from typeset.errors import InputError
from typeset.model import load_issue

INVALID = sorted((FIXTURES / "invalid").glob("*.yaml"))
BRAND = ROOT / "issues" / "brand.yaml"


def expected(path: Path) -> set[tuple[int, str]]:
    found = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        for message in line.split("# expect: ")[1:]:
            found.add((number, message.strip()))
    assert found, f"{path.name} declares no expected message"
    return found


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_fixture_gives_exactly_the_expected_messages(path: Path):
    with pytest.raises(InputError) as caught:
        load_issue(path)
    got = {(d.location.line, d.message) for d in caught.value.diagnostics}
    assert got == expected(path)
    assert all(d.location.path == str(path) for d in caught.value.diagnostics)


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_cli_reports_everything_exits_1_and_writes_no_pdf(path: Path, tmp_path: Path, capsys):
    status = main(["build", str(path), "--brand", str(BRAND), "-o", str(tmp_path / "out")])
    out, err = capsys.readouterr()
    assert status == 1
    assert "Traceback" not in out + err
    lines = [line for line in err.splitlines() if ": error: " in line]
    assert len(lines) == len(expected(path))
    assert all(line.startswith(f"{path}:") for line in lines)
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_message_format_with_column_and_hints(capsys):
    path = FIXTURES / "invalid" / "types.yaml"
    assert main(["check", str(path), "--brand", str(BRAND)]) == 1
    err = capsys.readouterr().err
    assert (
        f"{path}:4:8: error: title: expected text, found a yes/no value (false)\n"
        '  hint: put the value in quotes: "no"\n' in err
    )
    assert (
        f"{path}:9:5: error: items[2].headlne: unknown key 'headlne'\n"
        "  hint: did you mean 'headline'?\n" in err
    )
    assert f"{path}:2:9: error: number: '0112' is not a plain whole number" in err


def test_python_tags_construct_nothing(tmp_path: Path):
    marker = tmp_path / "owned"
    path = tmp_path / "issue.yaml"
    path.write_text(
        f'number: !!python/object/apply:os.system ["touch {marker}"]\n'
        "date: 2024-03-20\nitems: []\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError):
        load_issue(path)
    assert not marker.exists()


def test_messages_are_sorted_by_line(tmp_path: Path):
    with pytest.raises(InputError) as caught:
        load_issue(FIXTURES / "invalid" / "types.yaml")
    lines = [d.location.line for d in caught.value.diagnostics]
    assert lines == sorted(lines)
    assert re.match(r".*types\.yaml:2:9: error: ", str(caught.value))

"""`typeset find`: search across every issue, ours and foreign, diacritics folded."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import brand_text
from foreign import draw, write_issue

from typeset.cli import main

ISSUE = """\
number: {number}
date: {date}
language: {language}
items:
  - headline: {headline}
    summary: {summary}
    body: |
      {body}
"""


def _issue(folder: Path, name: str, **fields: object) -> Path:
    values = {
        "number": 7,
        "date": "2024-05-03",
        "language": "en",
        "headline": "A visit to Manëz",
        "summary": "Two volunteers spent a day in the village.",
        "body": "They listened to the waiting families.",
        **fields,
    }
    path = folder / name
    path.write_text(ISSUE.format(**values), encoding="utf-8")
    return path


def _find(capsys, out: Path, folder: Path, *query: str) -> tuple[int, str, str]:
    code = main(["find", *query, "--in", str(folder), "-o", str(out)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_word_is_found_with_or_without_its_diacritics(tmp_path, capsys):
    folder = tmp_path / "issues"
    folder.mkdir()
    _issue(folder, "2024-05.yaml")
    _issue(folder, "2024-06.yaml", number=8, date="2024-06-07", headline="Harvest supper")
    out = tmp_path / "build"
    for query in ("Manez", "manëz", "MANËZ"):
        code, printed, _ = _find(capsys, out, folder, query)
        assert code == 0
        assert printed.startswith("No.7  2024-05-03  p.?  A visit to Manëz\n"), printed
        assert "No.8" not in printed
    assert (out / ".typeset" / "index.sqlite").is_file()
    code, printed, _ = _find(capsys, out, folder, "waiting", "famil*")
    assert code == 0 and "…They listened to the [waiting] [families]." in printed


def test_persian_text_is_found(tmp_path, capsys):
    folder = tmp_path / "issues"
    folder.mkdir()
    _issue(
        folder,
        "2024-03.yaml",
        language="fa",
        headline="نوروز در دورس",
        summary="جشن نوروز با خانواده‌های منتظر",
        body="داوطلبان ما سفره هفت‌سین را چیدند.",
    )
    code, printed, _ = _find(capsys, tmp_path / "build", folder, "نوروز")
    assert code == 0
    assert "No.7  2024-05-03  p.?  نوروز در دورس" in printed
    code, printed, _ = _find(capsys, tmp_path / "build", folder, "خانواده‌های")
    assert code == 0 and "[خانواده‌های]" in printed


def test_a_changed_new_or_removed_file_is_seen_by_the_next_search(tmp_path, capsys):
    folder = tmp_path / "issues"
    folder.mkdir()
    path = _issue(folder, "2024-05.yaml")
    out = tmp_path / "build"
    assert _find(capsys, out, folder, "Manez")[0] == 0
    _issue(folder, "2024-05.yaml", headline="A visit to Korçë")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    code, printed, _ = _find(capsys, out, folder, "Manez")
    assert code == 1 and "No.7" not in printed
    assert "(indexed 1 changed file)\n0 matches" in printed
    code, printed, _ = _find(capsys, out, folder, "korce")
    assert code == 0 and "indexed" not in printed
    _issue(folder, "2024-06.yaml", number=8, date="2024-06-07", headline="Korçë again")
    assert "No.8" in _find(capsys, out, folder, "korce")[1]
    path.unlink()
    code, printed, _ = _find(capsys, out, folder, "korce")
    assert "No.7" not in printed and "No.8" in printed


def test_year_limits_the_search_and_a_broken_issue_is_named(tmp_path, capsys):
    folder = tmp_path / "issues"
    folder.mkdir()
    _issue(folder, "2024-05.yaml")
    _issue(folder, "2023-05.yaml", number=2, date="2023-05-05")
    (folder / "2024-09.yaml").write_text("number: [\n", encoding="utf-8")
    code, printed, err = _find(capsys, tmp_path / "build", folder, "manez", "--year", "2023")
    assert code == 0
    assert "No.2  2023-05-05" in printed and "No.7" not in printed
    broken = folder / "2024-09.yaml"
    assert f"{broken}: warning: not searched: not a valid issue or back issue" in err


def test_a_missing_folder_is_an_error(tmp_path, capsys):
    code, _, err = _find(capsys, tmp_path / "build", tmp_path / "nowhere", "manez")
    assert code == 1
    assert f"{tmp_path / 'nowhere'}: error: no such folder" in err


def test_build_and_compile_index_what_they_wrote_with_pages(tmp_path, capsys):
    folder = tmp_path / "issues"
    folder.mkdir()
    (folder / "brand.yaml").write_text(brand_text(), encoding="utf-8")
    issue = _issue(folder, "2024-05.yaml")
    out = tmp_path / "build"
    assert main(["build", str(issue), "-o", str(out), "--edition", "screen", "-q"]) == 0
    back = folder / "back"
    write_issue(
        back,
        "2024-02-old",
        draw([["Winter lunch", "Soup for sixty."], ["Choir news", "The choir sang in Manëz."]]),
        number=5,
        date="2024-02-02",
        items=[("Winter lunch", 1), ("Choir news", 2)],
    )
    argv = ["compile", "2024", "--issues", str(folder), "--pdfs", str(back), "-o", str(out), "-q"]
    assert main(argv) == 0
    capsys.readouterr()
    code = main(["find", "manez", "--in", str(folder), "-o", str(out)])
    printed = capsys.readouterr().out
    assert code == 0
    # nothing left to read: build and compile recorded the files as they are
    assert "indexed" not in printed
    assert "No.7  2024-05-03  p.1  A visit to Manëz" in printed
    assert "No.5  2024-02-02  p.2  Choir news\n    Choir news The choir sang in [Manëz]." in printed


def test_searching_loads_no_pdf_or_layout_library(tmp_path):
    """`typeset find` must answer at once: the search (index refreshed from our
    issues, then queried) runs without ReportLab, pikepdf, pypdf or pdfium."""
    import subprocess
    import sys

    folder = tmp_path / "issues"
    folder.mkdir()
    _issue(folder, "2024-05.yaml")
    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "from typeset import find\n"
        "find.refresh(Path(sys.argv[1]), Path(sys.argv[2]))\n"
        "hits = find.search(Path(sys.argv[1]), 'manez')\n"
        "heavy = ('reportlab', 'pikepdf', 'pypdf', 'pypdfium2', 'uharfbuzz', 'fontTools',"
        " 'yaml', 'PIL')\n"
        "print(len(hits), sorted(m for m in heavy if m in sys.modules))\n"
    )

    def run() -> str:
        argv = [sys.executable, "-c", probe, str(tmp_path / "build"), str(folder)]
        done = subprocess.run(argv, capture_output=True, text=True, check=True)
        return done.stdout.strip()

    # the first search reads the new issue (YAML, and Pillow for its images)
    assert run() == "1 ['PIL', 'yaml']"
    # later ones, nothing having changed, read the index alone
    assert run() == "1 []"


def test_compile_reads_a_back_issue_again_only_when_it_or_its_sidecar_changed(
    tmp_path, capsys, monkeypatch
):
    from typeset.compile import pagetext

    read: list[int] = []
    page_text = pagetext.page_text

    def counted(document, index):  # type: ignore[no-untyped-def]
        read.append(index)
        return page_text(document, index)

    monkeypatch.setattr(pagetext, "page_text", counted)
    back = tmp_path / "back"
    back.mkdir()
    (back / "brand.yaml").write_text(brand_text(), encoding="utf-8")
    pages = [["Winter lunch", "Soup for sixty."], ["Choir news", "The choir sang in Manëz."]]
    pdf = write_issue(
        back,
        "2024-02-old",
        draw(pages),
        number=5,
        date="2024-02-02",
        items=[("Winter lunch", 1), ("Choir news", 2)],
    )
    out = tmp_path / "build"
    argv = ["compile", "2024", "--pdfs", str(back), "-o", str(out), "-q"]
    assert main(argv) == 0
    assert len(read) == 2  # its two pages' text, for the index
    assert main(argv) == 0
    assert len(read) == 2  # unchanged: not read again
    sidecar = pdf.with_suffix(".yaml")
    text = sidecar.read_text(encoding="utf-8").replace("Choir news", "Choir concert")
    sidecar.write_text(text, encoding="utf-8")
    stat = sidecar.stat()
    os.utime(sidecar, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert main(argv) == 0
    assert len(read) == 4
    capsys.readouterr()
    code, printed, _ = _find(capsys, out, back, "choir", "concert")
    assert code == 0
    assert "indexed" not in printed  # compile recorded the change
    assert "No.5  2024-02-02  p.2  Choir concert" in printed

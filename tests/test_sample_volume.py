"""The repository's own volume: the sample issues plus the sample foreign back
issue (issues/back-issues/), compiled the way the README shows."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest
from conftest import SAMPLES

from typeset.cli import main

BACK_ISSUES = SAMPLES / "back-issues"


@pytest.fixture(scope="module")
def volume(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("volume")
    code = main(
        ["compile", "2024", "--issues", str(SAMPLES), "--pdfs", str(BACK_ISSUES), "-o", str(out)]
    )
    assert code == 0
    return out / "volume-2024.pdf"


def test_the_back_issue_sample_is_what_its_script_makes(tmp_path, monkeypatch):
    """The committed PDF is reproducible from the committed script."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "make_back_issue", BACK_ISSUES / "make_back_issue.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "OUTPUT", tmp_path / "again.pdf")
    module.main()
    assert (tmp_path / "again.pdf").read_bytes() == (
        BACK_ISSUES / "2024-07-newsletter.pdf"
    ).read_bytes()


def test_the_foreign_issue_is_bound_after_ours_with_its_own_labels(volume: Path):
    reader = pypdf.PdfReader(volume)
    labels = reader.page_labels
    assert labels[:3] == ["i", "ii", "iii"]
    assert "114-3" in labels and labels[labels.index("114-3") + 1 :][:2] == ["115-1", "115-2"]
    assert not any(label.startswith("July-") for label in labels)
    first = labels.index("115-1")
    text = reader.pages[first].extract_text()
    assert "Summer school opens for forty children" in text
    assert "Thirty learners pass their Albanian exams" in reader.pages[first + 1].extract_text()
    # Two readers agree on the page count.
    document = pdfium.PdfDocument(volume)
    try:
        assert len(document) == len(reader.pages)
    finally:
        document.close()


def test_the_outline_has_the_foreign_issue_and_its_items(volume: Path):
    reader = pypdf.PdfReader(volume)
    titles: list[tuple[int, str, int]] = []

    def walk(entries: list, depth: int) -> None:  # type: ignore[type-arg]
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            else:
                titles.append((depth, entry.title, reader.get_destination_page_number(entry)))

    walk(reader.outline, 0)
    first = reader.page_labels.index("115-1")
    issue = [t for t in titles if t[1].startswith("No.115")]
    assert issue == [(1, "No.115 – July 2024 · Summer Together", first)]
    after = titles[titles.index(issue[0]) + 1 :]
    assert (2, "A day for the volunteers", first + 1) in after
    # The PDF's own bookmarks repeat the sidecar's items: each is listed once.
    assert [t[1] for t in after].count("A day for the volunteers") == 1


def test_a_print_volume_of_our_issues_is_finished_for_press_and_preflights_clean(tmp_path):
    from typeset.preflight import preflight

    out = tmp_path / "print"
    assert (
        main(
            [
                "compile",
                "2024",
                "--issues",
                str(SAMPLES),
                "-o",
                str(out),
                "-q",
                "--edition",
                "print",
            ]
        )
        == 0
    )
    volume = out / "volume-2024.pdf"
    report = preflight(volume, profile="print")
    assert report.findings == (), [f.format() for f in report.findings]
    reader = pypdf.PdfReader(volume)
    # finished to PDF/X-4's rules; with no checker in the brand it does not claim it
    assert "/GTS_PDFXVersion" not in reader.metadata
    assert reader.metadata["/Trapped"] == "/False"
    assert reader.root_object["/OutputIntents"][0]["/S"] == "/GTS_PDFX"
    assert reader.pdf_header == "%PDF-1.6"
    assert b"pdfxid:GTS_PDFXVersion" not in reader.xmp_metadata.stream.get_data()
    assert all("/Annots" not in page for page in reader.pages)


def test_a_foreign_issue_that_is_not_print_ready_leaves_the_volume_unmarked(tmp_path, capsys):
    out = tmp_path / "print"
    code = main(
        [
            "compile",
            "2024",
            "--issues",
            str(SAMPLES),
            "--pdfs",
            str(BACK_ISSUES),
            "-o",
            str(out),
            "-q",
            "--edition",
            "print",
        ]
    )
    assert code == 0
    err = capsys.readouterr().err
    assert (
        f"{BACK_ISSUES / '2024-07-newsletter.pdf'}: warning: not ready for print: no TrimBox" in err
    )
    assert "the print volume is not finished for the press: some inputs are not print-ready" in err
    reader = pypdf.PdfReader(out / "volume-2024.pdf")
    assert "/GTS_PDFXVersion" not in reader.metadata
    assert "/OutputIntents" not in reader.root_object

"""Shared fixtures: the repository's sample issues, built once per session, and
helpers to write small issues of our own next to a test brand."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from typeset.brand import Brand, load_brand
from typeset.build import build_issue, find_issue_files, related_refs

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "issues"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


#: The demo brand, with its relative font and logo paths made absolute, so a
#: test can write it into any temporary folder.
def brand_text(*, labels: bool = False, **changes: str) -> str:
    """The demo brand's text; without its `labels:` section (its Albanian and
    Persian labels, the last thing in the file) unless `labels`, so that a test
    can append labels of its own."""
    text = (SAMPLES / "brand.yaml").read_text(encoding="utf-8")
    if not labels:
        text = text[: text.index("\n# Labels:")] + "\n"
    text = text.replace("../fonts/", f"{ROOT / 'fonts'}/")
    text = text.replace("logo: logo.svg", f"logo: {SAMPLES / 'logo.svg'}")
    for old, new in changes.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


def latin_only_brand() -> str:
    """The demo brand without its Persian (Arabic-script) fonts."""
    lines = brand_text().splitlines(keepends=True)
    return "".join(line for line in lines if not line.lstrip().startswith(("arabic", "# Persian")))


@pytest.fixture(scope="session")
def sample_files() -> list[Path]:
    return find_issue_files([SAMPLES])


@pytest.fixture(scope="session")
def sample_brand() -> Brand:
    return load_brand(SAMPLES / "brand.yaml")


@pytest.fixture(scope="session")
def built_samples(
    tmp_path_factory: pytest.TempPathFactory, sample_files: list[Path], sample_brand: Brand
) -> dict[str, object]:
    """Every sample issue built once: file stem -> Built."""
    out = tmp_path_factory.mktemp("samples")
    refs = related_refs(SAMPLES)
    return {path.stem: build_issue(path, sample_brand, out, related=refs) for path in sample_files}


class Workspace:
    """A temporary folder with the demo brand, where a test writes issues."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "brand.yaml").write_text(brand_text(), encoding="utf-8")

    def issue(self, name: str, text: str) -> Path:
        path = self.root / name
        path.write_text(text, encoding="utf-8")
        return path

    def image(self, name: str) -> Path:
        target = self.root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SAMPLES / "images" / "haft-sin.png", target)
        return target


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path)


MINIMAL = """\
number: 7
date: 2024-05-01
items:
  - headline: {headline}
    summary: {summary}
"""

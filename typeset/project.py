"""Where a project's files are: an issue's brand, and where its images may live.

Takes paths; gives paths. The rules every command that reads an issue follows
(`build`, `check`, `post`, `watch`, `compile`, `find`), in one place so that
they accept the same files: an issue's brand is the file given, else
brand.yaml beside the issue, else brand.yaml one folder up (editions in
sibling folders, en/ sq/ fa/, share one brand), else the built-in brand; an
issue's images may be in its own folder or below it, or in its brand's folder
or below it (`image_root`: the pictures those editions share). Reads no file
and imports nothing of the package, so the search index (`find`) can use it
without loading the typesetting stages.
"""

from __future__ import annotations

from pathlib import Path

#: The brand file's name; found next to the issues and never taken for an issue.
BRAND_FILE = "brand.yaml"

#: The brand used when an issue has no brand file near it: the one `typeset
#: init` writes, with the bundled OFL fonts, so that a lone issue file builds.
DEFAULT_BRAND = Path(__file__).resolve().parent / "data" / BRAND_FILE


def brand_for(issue_file: Path, explicit: Path | None = None) -> Path:
    """The brand file for an issue: the one given, else brand.yaml beside the
    issue, else brand.yaml in the folder above (a project whose editions live
    in sibling folders, en/ sq/ fa/, shares one brand), else `DEFAULT_BRAND`."""
    if explicit is not None:
        return explicit
    for candidate in (issue_file.parent / BRAND_FILE, issue_file.parent.parent / BRAND_FILE):
        if candidate.is_file():
            return candidate
    return DEFAULT_BRAND


def image_root(brand_file: Path) -> Path | None:
    """Where an issue set with the brand at `brand_file` may also take its
    images from, besides its own folder: the brand's folder and below it,
    where a project keeps the pictures its editions share (None for a brand
    read from no file)."""
    return brand_file.parent if brand_file.name else None

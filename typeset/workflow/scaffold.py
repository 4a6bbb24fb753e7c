"""Starting points: a new project (`typeset init`) and the next issue (`typeset new`).

Takes a folder, or the previous issue and its brand; gives files written beside
them: the bundled brand file (every key commented), its OFL fonts and a logo
placeholder, a first issue that builds at once, or the next issue with its
number, date and related issues filled in and every text still to be written
marked with the placeholder that `check` rejects (`schema.PLACEHOLDER`). Never
overwrites a file and never reads the clock: the caller gives today's date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..brand import Brand
from ..build import find_issue_files, read_issue, related_refs
from ..errors import InputError, Location, TypesetError, error
from ..project import BRAND_FILE, DEFAULT_BRAND
from ..schema import PLACEHOLDER
from ..source import load

#: What `init` copies next to the brand file: the logo placeholder and the fonts.
DATA = DEFAULT_BRAND.parent
STARTER_FILES = ("logo.svg",)
STARTER_FONTS = ("lato", "noto-serif", "noto-naskh-arabic")
#: The JSON Schemas of the issue and brand files, for editors (`typeset schema`).
SCHEMA_FOLDER = "schema"
#: How far apart two issues are, by the brand's `cadence`: (months, days).
CADENCE_STEPS = {
    "weekly": (0, 7),
    "fortnightly": (0, 14),
    "monthly": (1, 0),
    "bimonthly": (2, 0),
    "quarterly": (3, 0),
}
#: how many of the latest issues `new` lists as related
RELATED_COUNT = 3

FIRST_ISSUE = """\
# {name} No.1: your first issue. Edit the text and run `typeset build .`;
# `typeset new` writes the next issue, `typeset watch .` previews as you type.
# Every key is explained in README.md, "Issue reference".
# yaml-language-server: $schema=schema/issue.json
number: 1
date: {date}
title: Welcome
language: en
items:
  - kicker: Start here
    headline: This is the first issue of {name}
    span: all
    summary: >-
      Every issue is one small file like this one: a number, a date and a list of
      items, each with a headline and a summary, and an optional body, image and
      link. The look (fonts, colours, columns, logo) comes from brand.yaml beside it.
    body: |
      Change the words here and build again: the columns, the contents box and
      the page numbers follow. A blank line starts a new paragraph; *stars* make
      italics and **double stars** bold.

      Replace logo.svg with your own logo and set your name, organisation and
      colours in brand.yaml; every key there is commented.

      While you write, typeset watch . builds the issue again each time you
      save, and keeps a picture of every page in build/preview.

  - kicker: Next
    headline: Write the next issue with one command
    summary: >-
      typeset new writes the next issue beside this one: its number, its date
      (by the brand's cadence, monthly unless you say otherwise) and the issues it
      follows, with every text still to be written marked TODO.
    link: https://example.org/

  - headline: What goes to the printer
    box: true
    summary: >-
      typeset build makes two PDFs of every issue: one for the printer (CMYK,
      bleed and crop marks) and one for the screen. typeset preflight checks
      either before it leaves the house.
"""

NEXT_ISSUE = """\
# {name} No.{number}. Write every text marked {marker} (or remove its key):
# `typeset check` refuses this file while one is left, so that a template is
# never printed by mistake.
# yaml-language-server: $schema={schema}
number: {number}
date: {date}
title: "{marker} the issue's title (or remove this line)"
language: {language}
related: [{related}]
items:
  - kicker: "{marker} one or two words above the headline (or remove this line)"
    headline: "{marker} the first story's headline"
    summary: >-
      {marker} two or three sentences that say what happened.
    body: |
      {marker} the story, or remove the body. A blank line starts a new paragraph.
    # link: https://example.org/the-whole-story
    # image: {{path: images/picture.jpg, caption: "What the picture shows"}}

  - headline: "{marker} the second story's headline"
    summary: >-
      {marker} two or three sentences that say what happened.
"""


@dataclass(frozen=True)
class Written:
    """The files a command wrote, in order, and the issue to edit next."""

    files: tuple[Path, ...]
    issue: Path


def _refuse_existing(paths: list[Path]) -> None:
    there = [path for path in paths if path.exists()]
    if there:
        raise InputError(
            [
                error(
                    Location(str(path)),
                    "already exists; typeset never overwrites a file",
                    "choose an empty folder, or move the file away",
                )
                for path in there
            ]
        )


def init_project(folder: Path, *, today: dt.date) -> Written:
    """Write a project into `folder` (made if missing): brand.yaml, logo.svg,
    fonts/ and a first issue dated `today` that builds as it is."""
    brand = folder / BRAND_FILE
    issue = folder / f"{today:%Y-%m}.yaml"
    copies = [folder / name for name in STARTER_FILES]
    fonts = [folder / "fonts" / family for family in STARTER_FONTS]
    schemas = folder / SCHEMA_FOLDER
    _refuse_existing([brand, issue, *copies, *fonts, schemas])
    folder.mkdir(parents=True, exist_ok=True)
    brand.write_bytes(DEFAULT_BRAND.read_bytes())
    for name in STARTER_FILES:
        shutil.copyfile(DATA / name, folder / name)
    for family, target in zip(STARTER_FONTS, fonts, strict=True):
        shutil.copytree(DATA / "fonts" / family, target)
    shutil.copytree(DATA / SCHEMA_FOLDER, schemas)
    issue.write_text(
        FIRST_ISSUE.format(name="My Newsletter", date=today.isoformat()), encoding="utf-8"
    )
    return Written((brand, *copies, *fonts, schemas, issue), issue)


def next_date(previous: dt.date, cadence: str) -> dt.date:
    """The date one `cadence` step after `previous`; a month step keeps the day
    of the month where the month has it (31 January -> 29 February 2024)."""
    months, days = CADENCE_STEPS[cadence]
    if months:
        index = previous.month - 1 + months
        year, month = previous.year + index // 12, index % 12 + 1
        day = min(previous.day, calendar.monthrange(year, month)[1])
        return dt.date(year, month, day)
    return previous + dt.timedelta(days=days)


def latest_issue(folder: Path) -> Path:
    """The issue file in `folder` with the highest number."""
    numbered = [
        (number, path)
        for path in find_issue_files([folder], skipped=[])
        if isinstance(number := _number_of(path), int)
    ]
    if not numbered:
        raise InputError(
            [
                error(
                    Location(str(folder)),
                    "no issue here to follow",
                    "name the previous issue with --from FILE, or start with typeset init",
                )
            ]
        )
    return max(numbered)[1]


def _number_of(path: Path) -> int | None:
    """The issue's number as written, even when the rest of the file is not yet valid."""
    try:
        data = load(path).data
    except TypesetError:
        return None
    number = data.get("number") if isinstance(data, dict) else None
    return number if isinstance(number, int) and not isinstance(number, bool) else None


def _schema_beside(folder: Path) -> str:
    """The issue schema for the `$schema` line: the project's copy (`init` writes
    schema/ beside the brand), else the one in the package."""
    for candidate in (folder / SCHEMA_FOLDER, folder.parent / SCHEMA_FOLDER):
        if (candidate / "issue.json").is_file():
            return Path(os.path.relpath(candidate / "issue.json", folder)).as_posix()
    return (DATA / SCHEMA_FOLDER / "issue.json").as_posix()


def new_issue(previous: Path, brand: Brand) -> Written:
    """Write the issue after `previous` beside it: number + 1, the next date by
    the brand's cadence, the latest issues as related, placeholders to write."""
    issue = read_issue(previous, brand.path)  # its images as `build` allows them
    number = issue.number + 1
    date = next_date(issue.date, brand.cadence)
    step_months, _ = CADENCE_STEPS[brand.cadence]
    name = f"{date:%Y-%m}.yaml" if step_months else f"{date:%Y-%m-%d}.yaml"
    target = previous.parent / name
    _refuse_existing([target])
    earlier = sorted(n for n in related_refs(previous.parent) if n < number)
    related = earlier[-RELATED_COUNT:][::-1]
    target.write_text(
        NEXT_ISSUE.format(
            name=brand.name,
            number=number,
            date=date.isoformat(),
            language=issue.language,
            related=", ".join(str(n) for n in related),
            marker=PLACEHOLDER,
            schema=_schema_beside(previous.parent),
        ),
        encoding="utf-8",
    )
    return Written((target,), target)

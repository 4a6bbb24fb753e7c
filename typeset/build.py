"""The public entry points: find issue files, check them, build them into PDFs.

Takes paths as a user gives them; gives loaded issues and rendered PDFs,
raising `InputError` / `LayoutError` for what the user must fix. Ties the
stages together (source -> model -> layout -> render) and decides nothing about
how a page looks. Never configures logging and never exits the process.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import coverage, pdfx
from .brand import Brand
from .errors import (
    Diagnostic,
    InputError,
    LayoutError,
    Location,
    TypesetError,
    error,
    warning,
)
from .fonts import FontSubset
from .layout import IssueRef, LayoutReport, lay_out
from .model import Issue, load_issue
from .output import atomic_path
from .production import EDITIONS, Edition

# brand_for and DEFAULT_BRAND live in `project` (find uses them without the
# stages); named here too for the code that has always imported them from build
from .project import BRAND_FILE, image_root
from .project import DEFAULT_BRAND as DEFAULT_BRAND
from .project import brand_for as brand_for
from .render import Rendered, render
from .source import load

log = logging.getLogger(__name__)

ISSUE_SUFFIXES = (".yaml", ".yml")


#: The keys that make a YAML file a brand (see `brand`), and the one an issue has.
_BRAND_KEYS = frozenset({"name", "organisation", "fonts"})


def looks_like_a_brand(path: Path) -> bool:
    """Whether `path` holds a brand (name, organisation and fonts, no items)
    rather than an issue: a second brand in a folder of issues, such as
    brand-sq.yaml, is skipped instead of read as an issue with a dozen errors."""
    try:
        stat = path.stat()
    except OSError:
        return False  # gone: reported as an issue file that cannot be read
    return _brand_like(path, stat.st_ino, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=1024)
def _brand_like(path: Path, inode: int, mtime_ns: int, size: int) -> bool:
    """`looks_like_a_brand` for the file as it is: `typeset watch` looks through
    the folder on every save, and parsing every issue in it again each time
    grows with the archive."""
    try:
        data = load(path).data
    except TypesetError:
        return False  # not even YAML: reported as an issue file that is broken
    return isinstance(data, dict) and set(data) >= _BRAND_KEYS and "items" not in data


def find_issue_files(
    paths: Iterable[Path], *, skipped: list[Diagnostic] | None = None
) -> list[Path]:
    """Issue files named directly, or found (not recursively) in named folders.

    In a folder, brand.yaml and any other brand file (`looks_like_a_brand`) are
    not issues: each other brand file gets a warning in `skipped` (or the log)."""
    found: list[Path] = []
    missing: list[str] = []
    for path in paths:
        if path.is_dir():
            for candidate in sorted(path.iterdir()):
                if (
                    candidate.suffix not in ISSUE_SUFFIXES
                    or candidate.name == BRAND_FILE
                    or not candidate.is_file()
                ):
                    continue
                if looks_like_a_brand(candidate):
                    note = warning(
                        Location(str(candidate)),
                        "skipped: a brand file (name, organisation, fonts), not an issue; "
                        f"only {BRAND_FILE} or the file given with --brand is a brand",
                    )
                    if skipped is None:
                        log.warning("%s", note.format())
                    else:
                        skipped.append(note)
                    continue
                found.append(candidate)
        elif path.is_file():
            found.append(path)
        else:
            missing.append(str(path))
    if missing:
        raise InputError([error(Location(m), "no such file or folder") for m in missing])
    return found


def related_refs(folder: Path) -> dict[int, IssueRef]:
    """Number, date and title of every readable issue in `folder`, for 'Related issues'.

    A file that does not load is simply not described; it gets its own error
    when it is built."""
    refs: dict[int, IssueRef] = {}
    for path in find_issue_files([folder], skipped=[]):  # told when the folder is built
        try:
            stat = path.stat()
        except OSError:
            continue
        ref = _ref(path, stat.st_ino, stat.st_mtime_ns, stat.st_size)
        if ref is not None:
            refs[ref.number] = ref
    return refs


@lru_cache(maxsize=1024)
def _ref(path: Path, inode: int, mtime_ns: int, size: int) -> IssueRef | None:
    """The issue `path` describes, kept for the file as it is: `typeset watch`
    asks on every save, and parsing a folder of six issues again took 9 ms."""
    try:
        data = load(path).data
    except TypesetError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("number"), int):
        return None
    date = data.get("date")
    title = data.get("title")
    return IssueRef(
        data["number"],
        date if isinstance(date, dt.date) and not isinstance(date, dt.datetime) else None,
        title if isinstance(title, str) and title.strip() else None,
    )


def epoch_time(source_date_epoch: str | None) -> dt.datetime | None:
    """SOURCE_DATE_EPOCH as a moment (None if unset); `InputError` if malformed."""
    if not source_date_epoch:
        return None
    try:
        return dt.datetime.fromtimestamp(int(source_date_epoch), dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise InputError(
            [
                error(
                    Location("SOURCE_DATE_EPOCH"),
                    f"expected whole seconds since 1970, found {source_date_epoch!r}",
                )
            ]
        ) from None


def creation_time(issue: Issue, source_date_epoch: str | None) -> dt.datetime:
    """The PDF's creation date: SOURCE_DATE_EPOCH if given, else the issue's date."""
    given = epoch_time(source_date_epoch)
    if given is not None:
        return given
    return dt.datetime(issue.date.year, issue.date.month, issue.date.day, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Built:
    issue: Issue
    #: one PDF per edition, in the order asked for
    rendered: tuple[Rendered, ...]
    #: what was repaired on the way (an image scaled down), for the user to see
    warnings: tuple[Diagnostic, ...] = ()
    #: the layout report, and where it was written (None: not written)
    report: LayoutReport | None = None
    report_path: Path | None = None

    def edition(self, name: str) -> Rendered:
        return next(r for r in self.rendered if r.edition.name == name)


def read_issue(issue_file: Path, brand_file: Path) -> Issue:
    """Load an issue whose brand is `brand_file`, its images allowed where
    `image_root` says (see `load_issue` for the rest of the checks)."""
    return load_issue(issue_file, image_root=image_root(brand_file))


def check_issue(issue_file: Path, brand: Brand) -> Issue:
    """Load an issue and check it against the brand (its fonts cover the text).
    Images may be beside the issue or in the brand's folder (see `image_root`)."""
    issue = read_issue(issue_file, brand.path)
    problems = coverage.check(issue, brand.for_language(issue.language))
    if problems:
        raise InputError(problems)
    return issue


def report_path(issue_file: Path, output_dir: Path) -> Path:
    """Where the layout report goes: `2024-03.layout.json`, beside the PDFs."""
    return output_dir / f"{issue_file.stem}.layout.json"


def clashes(issue_files: Sequence[Path], output_dir: Path) -> list[Diagnostic]:
    """One error per issue file whose PDFs and report would overwrite those of
    an earlier one: outputs are named by the file's stem alone, so 2024-03.yaml
    in en/ and fa/ would both be written to `output_dir`/2024-03.pdf."""
    first: dict[str, Path] = {}
    found = []
    for path in issue_files:
        earlier = first.setdefault(path.stem, path)
        if earlier is not path:
            found.append(
                error(
                    Location(str(path)),
                    f"would be written over {earlier}'s files in {output_dir} "
                    f"({path.stem}.pdf, {path.stem}-print.pdf, {path.stem}.layout.json)",
                    f"build each folder into its own output folder, e.g. -o "
                    f"{output_dir / path.parent.name}",
                )
            )
    return found


def output_path(issue_file: Path, output_dir: Path, edition: Edition) -> Path:
    """Where an edition of an issue goes: `2024-03.pdf` (screen), `2024-03-print.pdf`."""
    return output_dir / f"{issue_file.stem}{edition.suffix}.pdf"


def build_issue(
    issue_file: Path,
    brand: Brand,
    output_dir: Path,
    *,
    editions: Sequence[str] = ("print", "screen"),
    source_date_epoch: str | None = None,
    related: dict[int, IssueRef] | None = None,
    font_subset: FontSubset = "used",
    strict: bool = False,
    fit: bool = False,
    write_report: bool = True,
) -> Built:
    """Load an issue once, then lay out and render each of `editions` into `output_dir`,
    and write the layout report beside them (unless `write_report` is false).

    `font_subset="brand"` embeds the brand's whole character set of every font
    drawn with, the same in every issue (for volumes); "used", only what the
    issue draws (the smallest file). With `strict`, a layout finding above the
    brand's tolerance is a `LayoutError` and nothing is written. With `fit`, an
    issue over its page budget is fitted by the ladder of `layout.budget`."""
    issue = check_issue(issue_file, brand)
    brand = brand.for_language(issue.language)  # the labels of the issue's language
    refs = related if related is not None else related_refs(issue_file.parent)
    created = creation_time(issue, source_date_epoch)
    rendered: list[Rendered] = []
    warnings: dict[Diagnostic, None] = {}  # the same repair in two editions is told once
    report: LayoutReport | None = None
    for name in editions:
        edition = EDITIONS[name]
        painted = brand.for_edition(edition)
        layout = lay_out(issue, painted, edition=edition, related=refs, fit=fit)
        if report is None:
            # Both editions are composed alike (same trim, same grid): one report.
            report = layout.report
            if strict and report is not None and report.over_tolerance:
                raise LayoutError(strict_failures(issue, report))
        output = output_path(issue_file, output_dir, edition)
        result = render(
            layout,
            issue,
            painted,
            output,
            edition=edition,
            created=created,
            font_subset=font_subset,
        )
        log.info("%s -> %s (%d pages)", issue_file, output, result.pages)
        rendered.append(result)
        warnings.update(dict.fromkeys(layout.warnings))
        if result.pdfx is not None and not result.pdfx.confirmed:
            where = brand.where.get("print.pdfx_checker", Location(str(output)))
            warnings[pdfx.unconfirmed(where, output, result.pdfx)] = None
        if result.filler_pages:
            warnings[_filled(issue, brand, result)] = None
    written: Path | None = None
    if write_report and report is not None:
        written = report_path(issue_file, output_dir)
        with atomic_path(written) as temporary:
            temporary.write_text(report.to_json(), encoding="utf-8")
    return Built(issue, tuple(rendered), tuple(warnings), report, written)


def strict_failures(issue: Issue, report: LayoutReport) -> list[Diagnostic]:
    """The findings over tolerance, as errors at the item they concern."""
    return [
        error(
            issue.items[finding.item].location if finding.item is not None else issue.location,
            f"layout: {finding.message}",
            "see the layout report; build without --strict to write the PDF anyway",
        )
        for finding in report.over_tolerance
    ]


def _filled(issue: Issue, brand: Brand, rendered: Rendered) -> Diagnostic:
    count = rendered.filler_pages
    return warning(
        brand.where.get("print.filler", brand.location),
        f"the print edition of No.{issue.number} was padded with {count} "
        f"{brand.press.filler!r} {'page' if count == 1 else 'pages'} to {rendered.pages} pages "
        "for saddle stitching",
    )

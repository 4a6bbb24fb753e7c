"""Finding every issue of a year: our YAML issues and foreign back-issue PDFs.

Takes the folders a user names (`--issues`, `--pdfs`) and the years wanted;
gives, per year, the issues in number order as `Candidate`s, each with the PDF
to merge. A YAML issue whose PDF is missing or older than its YAML, brand,
fonts, logo or images is built first, into a cache folder. Numbering is
checked: a duplicate number or an issue dated outside the year it is numbered
in is an error, a gap is a warning. Every error is collected and raised once.
Must not open or merge the PDFs (`inputs` and `assemble` do).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path

from .. import production
from ..brand import Brand, load_brand
from ..build import build_issue, find_issue_files, output_path, read_issue, related_refs
from ..errors import Diagnostic, InputError, Location, Severity, TypesetError, error, warning
from ..fonts import FontSubset
from ..layout import IssueRef
from ..model import Issue
from ..project import BRAND_FILE, brand_for
from ..words import plural
from .sidecar import Sidecar, load_sidecar, sidecar_path

log = logging.getLogger(__name__)

EDITIONS = ("screen", "print")
#: Called as each issue is ready: (issues done, issues in all, what happened).
Progress = Callable[[int, int, str], None]

_YEAR_PREFIX = re.compile(r"^((?:19|20)\d\d)(?!\d)")


class Origin(StrEnum):
    """Where an issue of a volume comes from."""

    OURS = "ours"  # typeset from its YAML
    FOREIGN = "foreign"  # a PDF with a sidecar
    #: a number no file has, placed by `volume` under `--allow-missing` (its
    #: date then is its predecessor's, for ordering only, never printed)
    GAP = "gap"


@dataclass(frozen=True)
class Candidate:
    """One issue of a volume, before its PDF is opened."""

    number: int
    date: dt.date
    title: str | None
    kind: Origin
    #: the YAML issue or the sidecar: where messages about the issue point
    source: Path
    #: the PDF to merge
    pdf: Path
    #: headlines in reading order, with their page in the issue where known
    #: (sidecars give it; our issues' pages are read from their PDF's outline)
    headlines: tuple[tuple[str, int | None], ...]
    related: tuple[int, ...] = ()
    password: str | None = None
    location: Location = field(default=Location(""), compare=False)
    #: where each item was written (sidecars): messages about an item point there
    item_locations: tuple[Location, ...] = field(default=(), compare=False)
    #: the issue's language: its dates in the volume's front matter follow it
    language: str = "en"

    @property
    def ours(self) -> bool:
        return self.kind is Origin.OURS

    @property
    def named_file(self) -> Path:
        """The file a reader knows the issue by: its YAML for ours, else its PDF."""
        return self.source if self.ours else self.pdf


@dataclass
class Collection:
    """The issues found, by year, and what was noticed on the way."""

    by_year: dict[int, list[Candidate]]
    brand: Brand
    warnings: list[Diagnostic]


def _file_year_problem(path: Path, date: dt.date, location: Location) -> Diagnostic | None:
    """A file named for one year (`2024-03.yaml`) but dated in another."""
    found = _YEAR_PREFIX.match(path.name)
    if found and int(found.group(1)) != date.year:
        return error(
            location,
            f"the file name says {found.group(1)} but the issue is dated {date.isoformat()}",
            "correct the date, or rename the file",
        )
    return None


class _Finder:
    def __init__(self, brand_file: Path | None) -> None:
        self.brand_file = brand_file
        self.errors: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []
        self.brands: dict[Path, Brand | None] = {}

    def _absorb(self, exc: TypesetError) -> None:
        self.errors.extend(exc.diagnostics)

    def brand(self, path: Path) -> Brand | None:
        if path not in self.brands:
            try:
                self.brands[path] = load_brand(path)
            except TypesetError as exc:
                self._absorb(exc)
                self.brands[path] = None
        return self.brands[path]

    def ours(self, folder: Path) -> list[tuple[Issue, Path]]:
        found = []
        for path in find_issue_files([folder]):
            try:
                # images as `build` allows them: beside the issue or in its brand's folder
                issue = read_issue(path, brand_for(path, self.brand_file))
            except TypesetError as exc:
                self._absorb(exc)
                continue
            problem = _file_year_problem(path, issue.date, issue.where.get("date", issue.location))
            if problem:
                self.errors.append(problem)
            found.append((issue, path))
        return found

    def foreign(self, folder: Path) -> list[tuple[Sidecar, Path]]:
        found = []
        pdfs = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".pdf" and p.is_file())
        for pdf in pdfs:
            side = sidecar_path(pdf)
            if not side.is_file():
                self.errors.append(
                    error(
                        Location(str(pdf)),
                        f"no sidecar {side.name} describing this back issue",
                        *_draft_hints(pdf),
                    )
                )
                continue
            try:
                sidecar = load_sidecar(side)
            except TypesetError as exc:
                self._absorb(exc)
                continue
            problem = _file_year_problem(pdf, sidecar.date, sidecar.where["date"])
            if problem:
                self.errors.append(problem)
            found.append((sidecar, pdf))
        stems = {p.stem for p in pdfs}
        for orphan in sorted(folder.glob("*.yaml")):
            if orphan.stem not in stems and orphan.name != BRAND_FILE:
                self.errors.append(
                    error(
                        Location(str(orphan)),
                        f"a sidecar without its PDF: no {orphan.stem}.pdf beside it",
                        "put the back issue's PDF next to it, or remove the sidecar",
                    )
                )
        return found


def _draft_hints(pdf: Path) -> tuple[str, ...]:
    """How to write the missing sidecar, with what a draft read from the PDF."""
    from .intake import draft_sidecar, summary

    command = f"draft it with `typeset sidecar {pdf} --write`, then review it"
    try:
        return (command, f"the PDF suggests {summary(draft_sidecar(pdf))}")
    except TypesetError:
        return (command,)


def _missing_folder(path: Path, option: str) -> Diagnostic:
    return error(Location(str(path)), f"{option}: no such folder")


def choose_brand(
    explicit: Path | None, issues: Path | None, pdfs: Path | None
) -> tuple[Path | None, Diagnostic | None]:
    """The brand for the front matter: --brand, else brand.yaml in --issues or
    --pdfs, else in the folder above --issues (where `build` finds the brand of
    an edition in a sibling folder: issues/fa/ with issues/brand.yaml)."""
    if explicit is not None:
        return explicit, None
    above = issues.resolve().parent if issues is not None else None
    for folder in (issues, pdfs, above):
        if folder is not None and (folder / BRAND_FILE).is_file():
            return folder / BRAND_FILE, None
    where = Location(str(issues or pdfs or "."))
    return None, error(
        where,
        f"no {BRAND_FILE} for the volume's front matter",
        "put the brand file beside the issues, or pass --brand FILE",
    )


def check_numbering(year: int, everything: Sequence[Candidate]) -> list[Diagnostic]:
    """Duplicates and issues dated outside the year they are numbered in
    (errors), and gaps in the year's numbering (warnings)."""
    problems: list[Diagnostic] = []
    mine = sorted((c for c in everything if c.date.year == year), key=lambda c: c.number)
    seen: dict[int, Candidate] = {}
    for candidate in mine:
        first = seen.get(candidate.number)
        if first is not None:
            problems.append(
                error(
                    candidate.location,
                    f"duplicate issue No.{candidate.number}: {first.source} has the same number",
                    "give each issue its own number, or remove one of them",
                )
            )
        else:
            seen[candidate.number] = candidate
    if not seen:
        return problems
    low, high = min(seen), max(seen)
    strays = {c.number: c for c in everything if c.date.year != year and low < c.number < high}
    for number in sorted(strays):
        stray = strays[number]
        problems.append(
            error(
                stray.location,
                f"No.{number} is dated {stray.date.isoformat()}, outside {year}, "
                f"but {year} runs from No.{low} to No.{high}",
                f"correct its date, or its number if it belongs to {stray.date.year}",
            )
        )
    missing = [n for n in range(low, high + 1) if n not in seen and n not in strays]
    if missing:
        problems.append(
            warning(
                Location(str(seen[low].source.parent)),
                f"{year}: no issue numbered {_ranges(missing)} between No.{low} and No.{high}",
                "add the missing issues (a foreign PDF with a sidecar will do) if they exist",
            )
        )
    before: Candidate | None = None
    for candidate in sorted(seen.values(), key=lambda c: c.number):
        if before is not None and candidate.date < before.date:
            problems.append(
                warning(
                    candidate.location,
                    f"No.{candidate.number} is dated {candidate.date.isoformat()}, "
                    f"before No.{before.number} ({before.date.isoformat()})",
                    "check the date or the number",
                )
            )
        before = candidate
    return problems


def _ranges(numbers: Sequence[int]) -> str:
    parts: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(f"No.{start}" if start == prev else f"No.{start}–{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(parts)


def _ours_candidate(issue: Issue, path: Path, pdf: Path) -> Candidate:
    return Candidate(
        number=issue.number,
        date=issue.date,
        title=issue.title,
        kind=Origin.OURS,
        source=path,
        pdf=pdf,
        headlines=tuple((item.headline, None) for item in issue.items),
        related=issue.related,
        location=issue.where.get("number", issue.location),
        language=issue.language,
    )


def _foreign_candidate(sidecar: Sidecar, pdf: Path) -> Candidate:
    return Candidate(
        number=sidecar.number,
        date=sidecar.date,
        title=sidecar.title,
        kind=Origin.FOREIGN,
        source=sidecar.path,
        pdf=pdf,
        headlines=tuple((item.headline, item.page) for item in sidecar.items),
        password=sidecar.password,
        item_locations=tuple(item.location for item in sidecar.items),
        location=sidecar.where["number"],
    )


#: How the issues a volume binds embed their fonts: the brand's fixed character
#: set, so that every issue's font programs are identical and stored once.
CACHE_SUBSET: FontSubset = "brand"


def cache_folder(cache: Path) -> Path:
    """Where built issues are kept: named for how they embed their fonts, so
    that a PDF built another way (by an older typeset) is never taken for one."""
    return cache / f"{CACHE_SUBSET}-fonts"


def cached_pdf(cache: Path, issue_file: Path, edition: str) -> Path:
    """Where the built PDF of an issue is kept: where `build_issue` writes it."""
    return output_path(issue_file, cache_folder(cache), production.EDITIONS[edition])


def inputs_of(issue: Issue, issue_file: Path, brand: Brand) -> list[Path]:
    """Every file the issue's PDF is made from."""
    files = [issue_file, brand.path, *brand.font_files.values()]
    if brand.logo is not None:
        files.append(brand.logo)
    files.extend(item.image.path for item in issue.items if item.image is not None)
    return files


def is_stale(pdf: Path, sources: Iterable[Path]) -> bool:
    """Missing, or older than any file it is made from."""
    try:
        made = pdf.stat().st_mtime_ns
    except OSError:
        return True
    return any(made < source.stat().st_mtime_ns for source in sources if source.exists())


def collect(
    years: Sequence[int] | None,
    *,
    issues: Path | None,
    pdfs: Path | None,
    cache: Path,
    brand_file: Path | None = None,
    edition: str = "screen",
    source_date_epoch: str | None = None,
    progress: Progress | None = None,
) -> Collection:
    """Every issue of `years` (all years found when None), built where needed.

    Raises `InputError` with every problem found in every file."""
    finder = _Finder(brand_file)
    for folder, option in ((issues, "--issues"), (pdfs, "--pdfs")):
        if folder is not None and not folder.is_dir():
            finder.errors.append(_missing_folder(folder, option))
    if finder.errors:
        raise InputError(finder.errors)
    ours = finder.ours(issues) if issues is not None else []
    foreign = finder.foreign(pdfs) if pdfs is not None else []
    volume_brand_path, problem = choose_brand(brand_file, issues, pdfs)
    volume_brand = finder.brand(volume_brand_path) if volume_brand_path else None
    if problem:
        finder.errors.append(problem)

    everything = [_ours_candidate(i, p, cached_pdf(cache, p, edition)) for i, p in ours]
    everything += [_foreign_candidate(s, p) for s, p in foreign]
    wanted = sorted({c.date.year for c in everything}) if years is None else list(years)
    by_year: dict[int, list[Candidate]] = {}
    for year in wanted:
        for diagnostic in check_numbering(year, everything):
            bucket = finder.errors if diagnostic.severity is Severity.ERROR else finder.warnings
            bucket.append(diagnostic)
        chosen = sorted((c for c in everything if c.date.year == year), key=lambda c: c.number)
        if not chosen:
            finder.errors.append(
                error(
                    Location(str(issues or pdfs or ".")),
                    f"no issue dated {year} was found",
                    "check the year, or the --issues and --pdfs folders",
                )
            )
        by_year[year] = chosen
    if finder.errors:
        raise InputError([*finder.errors, *finder.warnings])
    assert volume_brand is not None

    _build_stale(
        [(i, p) for i, p in ours if i.date.year in by_year],
        finder,
        cache=cache,
        edition=edition,
        source_date_epoch=source_date_epoch,
        progress=progress,
    )
    if finder.errors:
        raise InputError([*finder.errors, *finder.warnings])
    return Collection(by_year, volume_brand, finder.warnings)


def _build_stale(
    ours: Sequence[tuple[Issue, Path]],
    finder: _Finder,
    *,
    cache: Path,
    edition: str,
    source_date_epoch: str | None,
    progress: Progress | None,
) -> None:
    refs_by_folder: dict[Path, dict[int, IssueRef]] = {}
    for done, (issue, path) in enumerate(sorted(ours, key=lambda pair: pair[0].number), 1):
        try:
            brand = finder.brand(brand_for(path, finder.brand_file))
        except TypesetError as exc:
            finder._absorb(exc)
            continue
        if brand is None:
            continue
        target = cached_pdf(cache, path, edition)
        if not is_stale(target, inputs_of(issue, path, brand)):
            if progress:
                progress(done, len(ours), f"No.{issue.number} {path.name}: up to date")
            continue
        refs = refs_by_folder.setdefault(path.parent, related_refs(path.parent))
        # the volume is judged as a whole (`volume`): a claim on the issue built
        # for it would never be read, so its checker is not run on each issue
        unjudged = replace(brand, press=replace(brand.press, pdfx_checker=()))
        try:
            built = build_issue(
                path,
                unjudged,
                cache_folder(cache),
                editions=(edition,),
                source_date_epoch=source_date_epoch,
                related=refs,
                font_subset=CACHE_SUBSET,
            )
        except TypesetError as exc:
            finder._absorb(exc)
            continue
        finder.warnings.extend(built.warnings)
        if progress:
            progress(
                done,
                len(ours),
                f"No.{issue.number} {path.name}: built ({plural(built.rendered[0].pages, 'page')})",
            )

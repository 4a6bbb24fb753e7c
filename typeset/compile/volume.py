"""Merging one year's issues into a volume: placing, then the PDF.

Takes the year's `Candidate`s (from `collect`) and the brand; gives the
`Volume` (types in `plan`). `compile_year` runs named steps: open every PDF
(`_open_all`, `inputs`); place each issue and headline once the front
matter's length is known and typeset the front matter and index (`_plan`,
`frontmatter`); merge with pypdf (`_merge`); add links, outline, names and
labels (`_navigate`, `navigation`, `related`); prepare PDF/A or PDF/X
(`_mark`, `archive`, `press`); metadata (`metadata`); store identical objects
once (`dedupe`), take ASCII filters off streams (`binary`), spell strings
compactly (`strings`) and write the volume
atomically; with `--archive`, keep the PDF/A claim only if page-validation
confirms the file (`_confirm`). Raises `InputError` naming every input
that cannot be merged whole; then no volume is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import pypdf
from pypdf.generic import ArrayObject

from .. import pdfx as pdfx_checker
from .. import production
from ..brand import Brand
from ..build import epoch_time
from ..errors import Diagnostic, InputError, Location, TypesetError, error, warning
from ..geometry import Sheet
from ..layout import page_sheet
from ..output import atomic_path
from ..production import PrintSpec
from ..words import plural
from . import frontmatter, metadata, navigation, pagetext, related
from .binary import drop_ascii_filters
from .collect import Candidate, Origin, Progress
from .dedupe import KnownObjects, SharedNames, dedupe
from .frontmatter import IssueLine, Made
from .inputs import (
    HINT_EXPORT,
    Opened,
    Refused,
    library_failure,
    open_pdf,
    pypdf_repairs,
    repair_warning,
)
from .plan import GAP, Article, Options, Placed, Volume
from .strings import compact_strings
from .survey import Surveys

log = logging.getLogger(__name__)

#: A volume for the screen, not archived, not strict.
DEFAULTS = Options()


def _open_all(
    candidates: Sequence[Candidate],
    options: Options,
    progress: Progress | None,
    brand: Brand,
) -> tuple[list[Placed], list[Diagnostic], list[Diagnostic]]:
    placed: list[Placed] = []
    errors: list[Diagnostic] = []
    warnings: list[Diagnostic] = []
    numbers = {c.number for c in candidates}
    # What pdfium saw of our issues is kept beside them, in the cache, by their bytes.
    folders = dict.fromkeys(c.pdf.parent for c in candidates if c.ours)
    surveys = {folder: Surveys(folder) for folder in folders}
    for done, candidate in enumerate(candidates, 1):
        passwords = (
            (candidate.password, *options.passwords) if candidate.password else options.passwords
        )
        ours = candidate.ours
        try:
            opened = open_pdf(
                candidate.pdf,
                passwords,
                strict=options.strict,
                # our own issues were made here a moment ago: their streams are sound
                check_streams=not ours,
                # pdfium, which confirms the page count, also reads where our
                # items start and finds the related issues' labels
                bookmarks=ours,
                texts=list(dict.fromkeys(related.labels(candidate, numbers, brand).values())),
                surveys=surveys.get(candidate.pdf.parent) if ours else None,
            )
        except Refused as refused:
            if options.allow_missing:
                placed.append(_missing(candidate, refused, warnings))
            else:
                errors.append(refused.diagnostic)
            if progress:
                state = "missing" if options.allow_missing else "refused"
                progress(
                    done, len(candidates), f"No.{candidate.number} {candidate.pdf.name}: {state}"
                )
            continue
        for note in opened.notes:
            warnings.append(warning(Location(str(candidate.pdf)), note))
        item = Placed(candidate, opened)
        if ours:
            errors.extend(_our_articles(item))
        else:
            with pypdf_repairs() as late:  # pypdf reads lazily: the outline is read only now
                try:
                    errors.extend(_articles(item))
                except Exception as exc:  # pypdf failing on a damaged outline
                    errors.append(_failed(candidate.pdf, "its bookmarks cannot be read", exc))
            known = opened.repairs
            known.extend(f"pypdf: {m}" for m in late if f"pypdf: {m}" not in known)
        opened.release()
        placed.append(item)
        if progress:
            state = "repaired, " if opened.repairs else ""
            progress(
                done,
                len(candidates),
                f"No.{candidate.number} {candidate.pdf.name}: "
                f"{state}{plural(opened.pages, 'page')}",
            )
    for kept in surveys.values():
        kept.save()
    return placed, errors, warnings


def _missing(candidate: Candidate, refused: Refused, warnings: list[Diagnostic]) -> Placed:
    """A refused input under `--allow-missing`: listed as missing, with one
    placeholder page (made by `_stand_in` once the volume's date is known)."""
    said = refused.diagnostic
    warnings.append(
        warning(
            said.location,
            f"missing from the volume: {said.message}",
            *said.hints,
            "a page saying so stands in for it; without --allow-missing the volume is refused",
        )
    )
    listed = replace(candidate, headlines=(), item_locations=())
    return Placed(listed, Opened(candidate.pdf, None, 1), missing=refused.reason)


def _fill_gaps(issues: list[Placed]) -> list[Placed]:
    """`--allow-missing`: a number no file has, between two issues of the
    volume, gets a placed issue of its own (one placeholder page) where it
    would be. Its date is its predecessor's, for ordering; it is never shown."""
    filled: list[Placed] = []
    for item in issues:
        if filled:
            before = filled[-1].candidate
            for number in range(before.number + 1, item.candidate.number):
                gap = Candidate(
                    number,
                    before.date,
                    None,
                    Origin.GAP,
                    before.source.parent,
                    before.source.parent,
                    (),
                    location=Location(str(before.source.parent)),
                    language=before.language,
                )
                filled.append(Placed(gap, Opened(gap.pdf, None, 1), missing=GAP))
        filled.append(item)
    return filled


def _stand_in(
    issues: Sequence[Placed],
    brand: Brand,
    year: int,
    edition: production.Edition,
    created: dt.datetime,
) -> None:
    """The placeholder page of each missing issue, read in its file's stead:
    its number, its date where known, and why, in the brand's words."""
    for item in issues:
        if item.missing:
            made = frontmatter.render_placeholder(
                brand,
                year,
                item.candidate.number,
                None if item.gap else item.candidate.date,
                # the reason in the missing issue's language, as the page's date
                brand.for_language(item.candidate.language).label(f"missing_{item.missing}"),
                created=created,
                language=item.candidate.language,
                page=page_sheet(brand, edition),
                press=brand.press if edition.press else None,
            )
            item.opened.rebuilt = made.data


def _our_articles(item: Placed) -> list[Diagnostic]:
    """Where each headline of our issue starts: its PDF has one top-level
    bookmark per item, in order (read by pdfium as the file was opened)."""
    candidate = item.candidate
    marks = item.opened.seen.bookmarks if item.opened.seen is not None else ()
    if len(marks) != len(candidate.headlines) or any(m is None for m in marks):
        return [
            error(
                Location(str(candidate.pdf)),
                f"the PDF has {plural(len(marks), 'bookmark')} but the issue has "
                f"{plural(len(candidate.headlines), 'item')}",
                f"delete {candidate.pdf} so that it is built again",
            )
        ]
    item.articles = [
        Article(headline, (page or 0) + 1, 0)
        for (headline, _), page in zip(candidate.headlines, marks, strict=True)
    ]
    return []


def _articles(item: Placed) -> list[Diagnostic]:
    """Where each headline of a foreign PDF starts, from its sidecar; and the
    bookmarks it had, to be kept under its issue."""
    candidate = item.candidate
    item.bookmarks = navigation.read_outline(item.opened.reader())
    problems: list[Diagnostic] = []
    where = candidate.item_locations or (candidate.location,) * len(candidate.headlines)
    pages = _pages_of(item)
    for (headline, page), found, location in zip(candidate.headlines, pages, where, strict=True):
        if page is None and found is None:
            problems.append(
                error(
                    location,
                    f"item {headline!r}: the headline is not in the text of "
                    f"{candidate.pdf.name}, so its page cannot be found",
                    "give the page it starts on (page: 3), or correct the headline",
                )
            )
            continue
        page = page or found
        assert page is not None
        if page > item.pages:
            problems.append(
                error(
                    location,
                    f"item {headline!r} is on page {page}, but {candidate.pdf.name} has "
                    f"{plural(item.pages, 'page')}",
                    "correct the page in the sidecar",
                )
            )
            continue
        item.articles.append(Article(headline, page, 0))
    # Items drafted from the outline (`typeset sidecar`: every top-level
    # bookmark is an item, same words, same page) would be listed twice: those
    # bookmarks go, but for one with bookmarks of its own under it. Otherwise
    # the outline stays whole under its issue: an item that happens to match one
    # bookmark of nine must not take it out of its place among the others.
    listed = {(" ".join(a.headline.split()), a.page_in_issue - 1) for a in item.articles}
    top = {(" ".join(b[0].split()), b[1]) for b in item.bookmarks}
    if top and top <= listed:
        item.bookmarks = [b for b in item.bookmarks if b[3]]
    return problems


def _pages_of(item: Placed) -> list[int | None]:
    """The page of each sidecar item written without one, found by searching
    the PDF's text for its headline (None elsewhere, and where not found)."""
    headlines = item.candidate.headlines
    if all(page is not None for _, page in headlines):
        return [None] * len(headlines)
    opened = item.opened
    data = opened.rebuilt if opened.rebuilt is not None else opened.path.read_bytes()
    found = pagetext.search(data, opened.password, [headline for headline, _ in headlines])
    return [
        None if page is not None else hit for (_, page), hit in zip(headlines, found, strict=True)
    ]


def _place(issues: list[Placed], front_pages: int) -> None:
    page = front_pages + 1
    for item in issues:
        item.first = page
        item.articles = [
            Article(a.headline, a.page_in_issue, page + a.page_in_issue - 1) for a in item.articles
        ]
        page += item.pages


def _lines(issues: Sequence[Placed]) -> list[IssueLine]:
    return [
        IssueLine(
            p.candidate.number,
            None if p.gap else p.candidate.date,
            p.candidate.title,
            p.first,
            tuple((a.headline, a.page) for a in p.articles),
            p.candidate.language,
            missing=bool(p.missing),
        )
        for p in issues
    ]


def _front(
    brand: Brand,
    year: int,
    issues: list[Placed],
    created: dt.datetime,
    page: Sheet,
    press: PrintSpec | None,
) -> Made:
    """The cover and contents, set in one pass: the page numbers are filled in
    once the front matter's length is known (`frontmatter.render_front`)."""
    _place(issues, 0)
    made = frontmatter.render_front(
        brand, year, _lines(issues), created=created, page=page, press=press
    )
    _place(issues, made.pages)
    return made


@dataclass
class _Plan:
    """Where everything lands: the issues placed after the front matter, and
    the front matter and index typeset with their page numbers."""

    front: Made
    index: Made | None
    #: pages of the front matter and the issues, before the index
    content_pages: int
    created: dt.datetime

    @property
    def pages(self) -> int:
        return self.content_pages + (self.index.pages if self.index else 0)


def compile_year(
    year: int,
    candidates: Sequence[Candidate],
    brand: Brand,
    output: Path,
    *,
    options: Options = DEFAULTS,
    progress: Progress | None = None,
    source_date_epoch: str | None = None,
) -> Volume:
    """Merge the year's issues into `output`; raise `InputError` if any cannot be."""
    edition = production.EDITIONS[options.edition]
    brand = brand.for_edition(edition)
    issues, errors, warnings = _open_all(candidates, options, progress, brand)
    if errors:
        raise InputError([*errors, *warnings])
    if options.allow_missing:
        issues = _fill_gaps(issues)
    created = options.created or _created(issues, source_date_epoch)
    _stand_in(issues, brand, year, edition, created)
    plan = _plan(year, issues, brand, edition, created)
    writer = pypdf.PdfWriter()
    shared = SharedNames(writer)
    names = _merge(writer, shared, plan, issues, warnings)
    if len(writer.pages) != plan.pages:
        raise InputError(
            [
                error(
                    Location(str(output)),
                    f"the volume has {plural(len(writer.pages), 'page')}, expected {plan.pages}",
                )
            ]
        )
    facts = _facts(brand, year, issues, plan)
    seconds: float | None = None
    try:  # what was repaired on the way is said even when the archive fails
        _navigate(writer, shared, plan, issues, names, brand, year, warnings)
        pdfa, pdfx = _mark(writer, issues, brand, edition, options, output, warnings)
        # a print volume states it is not trapped, as PDF/X wants (PDF/A does not)
        trapped = edition.press and not pdfa
        metadata.apply(writer, facts, pdfa=pdfa, pdfx=pdfx, trapped=trapped)
        dedupe(writer)
        drop_ascii_filters(writer)
        compact_strings(writer)
        with atomic_path(output) as temporary:
            _write(writer, temporary)
            if pdfa:
                pdfa, seconds = _confirm(
                    writer, facts, temporary, issues, options, output, warnings
                )
            if pdfx:
                pdfx = _confirm_pdfx(writer, facts, temporary, brand, output, warnings)
    except InputError as failed:
        raise InputError([*warnings, *failed.diagnostics]) from None
    except TypesetError:
        raise
    except Exception as exc:  # pypdf failing on what an input brought: no volume
        raise InputError(
            [*warnings, error(Location(str(output)), f"cannot be written: {library_failure(exc)}")]
        ) from None
    return Volume(
        year,
        output,
        plan.pages,
        plan.front.pages,
        plan.index.pages if plan.index else 0,
        issues,
        warnings,
        sum(p.candidate.pdf.stat().st_size for p in issues if not p.gap),
        output.stat().st_size,
        pdfa=pdfa,
        validated_in=seconds,
        pdfx=pdfx_checker.shown(brand.press.pdfx_checker) if pdfx else "",
    )


def _write(writer: pypdf.PdfWriter, path: Path) -> None:
    with path.open("wb") as stream:
        writer.write(stream)


def _confirm(
    writer: pypdf.PdfWriter,
    facts: metadata.Facts,
    temporary: Path,
    issues: Sequence[Placed],
    options: Options,
    output: Path,
    warnings: list[Diagnostic],
) -> tuple[bool, float]:
    """The PDF/A-2b identification stays only if page-validation confirms the
    volume as written: if not, `--archive` raises (nothing is written) and
    `--archive=best-effort` writes the volume again without it. Whether the
    volume is PDF/A, and how long the validator took."""
    from . import archive

    found, seconds = archive.confirm(
        temporary, issues, output, best_effort=options.archive == "best-effort"
    )
    if not found:
        return True, seconds
    warnings.extend(found)
    metadata.apply(writer, facts, pdfa=False)
    compact_strings(writer)
    _write(writer, temporary)
    return False, seconds


def _confirm_pdfx(
    writer: pypdf.PdfWriter,
    facts: metadata.Facts,
    temporary: Path,
    brand: Brand,
    output: Path,
    warnings: list[Diagnostic],
) -> bool:
    """The PDF/X-4 identification stays only if the brand's checker confirms
    the volume as written (see `pdfx`); if not, the volume is written again
    without it, and a warning says what the checker said."""
    verdict = pdfx_checker.judge(temporary, brand.press.pdfx_checker)
    if verdict.confirmed:
        return True
    where = brand.where.get("print.pdfx_checker", Location(str(output)))
    warnings.append(pdfx_checker.unconfirmed(where, output, verdict))
    metadata.apply(writer, facts, pdfx=False, trapped=True)
    compact_strings(writer)
    _write(writer, temporary)
    return False


def _plan(
    year: int,
    issues: list[Placed],
    brand: Brand,
    edition: production.Edition,
    created: dt.datetime,
) -> _Plan:
    """Typeset the front matter and the index, placing every issue and headline."""
    # The front matter on the issues' sheet: in print, with bleed, slug and boxes.
    page = page_sheet(brand, edition)
    press = brand.press if edition.press else None
    front = _front(brand, year, issues, created, page, press)
    content_pages = front.pages + sum(p.pages for p in issues)
    entries = [(a.headline, p.candidate.number, a.page) for p in issues for a in p.articles]

    def index_label(n: int) -> str:
        return f"index-{n}"

    index = (
        frontmatter.render_index(
            brand, year, entries, created=created, labels=index_label, page=page, press=press
        )
        if entries
        else None
    )
    return _Plan(front, index, content_pages, created)


def _merge(
    writer: pypdf.PdfWriter,
    shared: SharedNames,
    plan: _Plan,
    issues: Sequence[Placed],
    warnings: list[Diagnostic],
) -> dict[str, ArrayObject]:
    """Front matter, issues and index into `writer`, in order; the issues'
    named destinations, prefixed. A repair met while merging is a warning."""
    held = KnownObjects(writer)
    _add_pages(writer, held, plan.front.data)
    names: dict[str, ArrayObject] = {}
    failed: list[Diagnostic] = []
    for item in issues:
        try:
            names.update(_merge_issue(writer, held, item))
        except Exception as exc:  # pypdf failing on a page it cannot copy
            failed.append(_failed(item.candidate.pdf, "cannot be merged", exc))
            continue
        shared.share()
        problem = repair_warning(item.opened)
        if problem:
            warnings.append(problem)
    if failed:
        raise InputError([*failed, *warnings])
    if plan.index is not None:
        _add_pages(writer, held, plan.index.data)
    return names


def _failed(path: Path, what: str, exc: Exception) -> Diagnostic:
    """A PDF library's failure on an input, as an error naming the input."""
    return error(Location(str(path)), f"{what}: {library_failure(exc)}", HINT_EXPORT)


def _navigate(
    writer: pypdf.PdfWriter,
    shared: SharedNames,
    plan: _Plan,
    issues: Sequence[Placed],
    names: dict[str, ArrayObject],
    brand: Brand,
    year: int,
    warnings: list[Diagnostic],
) -> None:
    """Links of the contents, index and related issues; outline, named
    destinations and page labels."""
    front, index, content_pages = plan.front, plan.index, plan.content_pages
    for spot in front.spots:
        navigation.add_link(writer, spot.page, spot.rect, spot.target - 1)
    if index is not None:
        for spot in index.spots:
            navigation.add_link(writer, content_pages + spot.page, spot.rect, spot.target - 1)
    warnings.extend(related.link_related(writer, issues, brand))
    shared.share()
    _outline(writer, brand, year, issues, front.pages, content_pages, index)
    shared.share()
    navigation.set_names(writer, names)
    labels = [navigation.LabelRange(0, "/r")]
    labels += [navigation.LabelRange(p.first - 1, "/D", f"{p.candidate.number}-") for p in issues]
    if index is not None:
        labels.append(navigation.LabelRange(content_pages, "/D", "index-"))
    navigation.set_page_labels(writer, labels)


def _facts(brand: Brand, year: int, issues: Sequence[Placed], plan: _Plan) -> metadata.Facts:
    numbers = [p.candidate.number for p in issues]
    return metadata.Facts(
        title=f"{brand.name} — {year}",
        author=brand.organisation,
        subject=f"{brand.name}, {year}: "
        + f"{brand.label('number', number=numbers[0])}–{brand.label('number', number=numbers[-1])}"
        if numbers
        else f"{brand.name}, {year}",
        keywords=(
            brand.name,
            str(year),
            *(brand.label("number", number=p.candidate.number) for p in issues if not p.gap),
        ),
        created=plan.created,
        digest=_digest(issues, plan.front, plan.index),
    )


def _mark(
    writer: pypdf.PdfWriter,
    issues: Sequence[Placed],
    brand: Brand,
    edition: production.Edition,
    options: Options,
    output: Path,
    warnings: list[Diagnostic],
) -> tuple[bool, bool]:
    """Prepare PDF/A-2b (`--archive`) or PDF/X-4 (a print volume); whether
    the volume may be marked as either."""
    # a missing issue's placeholder is front matter: its refused file is not judged
    issues = [item for item in issues if not item.missing]
    if options.archive:
        from . import archive

        shortfalls = archive.make_conformant(
            writer, issues, best_effort=options.archive == "best-effort"
        )
        if shortfalls:
            shortfalls.append(
                warning(Location(str(output)), "the volume is not marked PDF/A-2b: see above")
            )
        warnings.extend(shortfalls)
        return not shortfalls, False
    if edition.press:
        from . import press as print_volume

        unready = print_volume.shortfalls(issues, output)
        warnings.extend(unready)
        if not unready:
            # finished to PDF/X-4's rules; it says so only if a checker confirms it
            print_volume.mark_pdfx(writer, brand.press.output_intent)
            return False, bool(brand.press.pdfx_checker)
    return False, False


def _merge_issue(
    writer: pypdf.PdfWriter, held: KnownObjects, item: Placed
) -> dict[str, ArrayObject]:
    """Append the issue's pages to `writer`; its named destinations, prefixed
    with its number. Its reader is let go before returning (`_let_go`)."""
    with pypdf_repairs() as messages:
        reader = item.opened.reader()
        own_names = navigation.detach_names(reader)
        start = len(writer.pages)
        if isinstance(reader.stream, io.BytesIO):
            held.before(reader, reader.stream.getvalue())
        writer.append(reader, import_outline=False)
        held.after(reader)
        offsets = {name: _page_offset(reader, array) for name, array in own_names.items()}
        _let_go(writer, reader, start)
        item.opened.release()
    known = item.opened.repairs
    known.extend(f"pypdf: {m}" for m in messages if f"pypdf: {m}" not in known)
    assert start == item.first - 1, (start, item.first)
    prefix = f"no{item.candidate.number}"
    names = {prefix: navigation.page_dest(writer, start)}
    for name, array in own_names.items():
        offset = offsets[name]
        if offset is not None:
            dest = ArrayObject([navigation.page_dest(writer, start + offset)[0], *array[1:]])
            names[f"{prefix}.{name}"] = dest
    return names


def _add_pages(writer: pypdf.PdfWriter, held: KnownObjects, data: bytes) -> None:
    """Our own pages (front matter, index): their fonts are the brand's fixed
    subsets, which the issues carry too, so they are merged as the issues are
    (`KnownObjects`): each font program is read and copied once."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    held.before(reader, data)
    writer.append(reader, import_outline=False)
    held.after(reader)
    _let_go(writer, reader, len(writer.pages) - len(reader.pages))


def _let_go(writer: pypdf.PdfWriter, reader: pypdf.PdfReader, start: int) -> None:
    """Forget `reader`, merged into `writer` from page `start` on, so that it,
    its file's bytes and all it parsed can go: the volume holds copies of what
    it needs. pypdf keeps, besides its translation table, each merged page's
    source page (`original_page`, for the merge itself) and a map from source
    pages to merged ones (`_merged_in_pages`, for links it patches when
    writing: none here, as a merge leaves the annotations to the merge
    itself). Either would keep every input in memory until the volume is
    written."""
    writer.reset_translation(reader)
    merged = writer._merged_in_pages
    for page in writer.pages[start:]:
        source = page.__dict__.pop("original_page", None)
        if source is not None:
            merged.pop(source.indirect_reference, None)


def _page_offset(reader: pypdf.PdfReader, array: ArrayObject) -> int | None:
    try:
        return reader.get_page_number(array[0].get_object())
    except Exception:
        return None


def _outline(
    writer: pypdf.PdfWriter,
    brand: Brand,
    year: int,
    issues: Sequence[Placed],
    front_pages: int,
    content_pages: int,
    index: Made | None,
) -> None:
    writer.add_outline_item(title=brand.label("contents"), page_number=min(1, front_pages - 1))
    top = writer.add_outline_item(
        title=f"{brand.name} {year}", page_number=front_pages if issues else 0
    )
    for item in issues:
        c = item.candidate
        title = brand.label("number", number=c.number)
        if not item.gap:
            title += f" – {frontmatter.month_year(c.date, c.language)}"
        if c.title:
            title += f" · {c.title}"
        if item.missing:
            title += f" · {brand.label('missing')}"
        entry = writer.add_outline_item(
            title=title, page_number=item.first - 1, parent=top, is_open=False
        )
        for article in item.articles:
            writer.add_outline_item(
                title=article.headline, page_number=article.page - 1, parent=entry
            )
        nowhere = navigation.add_bookmarks(
            writer, item.bookmarks, parent=entry, first_page=item.first - 1, pages=item.pages
        )
        if nowhere:
            log.info("%s: %d bookmarks point nowhere; kept without a destination", c.pdf, nowhere)
    if index is not None:
        writer.add_outline_item(title=brand.label("index"), page_number=content_pages)


def _created(issues: Sequence[Placed], source_date_epoch: str | None) -> dt.datetime:
    """SOURCE_DATE_EPOCH if set, else midnight UTC of the latest issue's date."""
    given = epoch_time(source_date_epoch)
    if given is not None:
        return given
    latest = max((p.candidate.date for p in issues), default=dt.date(1970, 1, 1))
    return dt.datetime(latest.year, latest.month, latest.day, tzinfo=dt.UTC)


def _digest(issues: Sequence[Placed], front: Made, index: Made | None) -> bytes:
    h = hashlib.sha256(front.data)
    for item in issues:
        # a missing issue is its placeholder page (a refused file's bytes say nothing)
        missing = item.opened.rebuilt if item.missing else None
        h.update(missing if missing is not None else item.candidate.pdf.read_bytes())
    if index is not None:
        h.update(index.data)
    return h.digest()


ProgressCallback = Callable[[int, int, str], None]

"""Sidecar drafts: what a foreign PDF tells of itself, as a sidecar to review.

Takes a foreign PDF (and passwords to try); gives a `Draft` (the number, date,
title and items `typeset sidecar` guessed, each with where it was read) and its
sidecar YAML, in which every guessed value carries a `# guess: …` comment so
that the archivist reviews it. The number and date come from the file name,
the PDF's `/Info` and its first page's text; the title from `/Info` or the
largest text on page 1; the items from the outline where there is one, else
from lines set noticeably larger or bolder than the body text. A PDF without
text whose pages are pictures (a scan) gets a draft without items and a
note to run OCR; one with almost no text and no such picture (a blank or
nearly blank page) gets a note that nothing could be drafted. Writes a
draft only where no sidecar exists. Must not change the PDF, and knows nothing
of volumes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from babel.dates import get_month_names

from ..errors import InputError, Location, error
from ..limits import MAX_CHARS
from .pagetext import Line, fold, lines
from .sidecar import sidecar_path

#: Pages read for headlines: a newsletter has far fewer; a book-length PDF is
#: drafted from its first pages (and says so).
MAX_PAGES = 200
#: A line this much larger than the body text is a headline candidate (a body
#: of 10 pt, a headline of 12 pt or more).
LARGER = 1.18
#: Fewer printed characters than this per page: no text layer to read ...
SCAN_CHARS_PER_PAGE = 20
#: ... and a scan if most pages are one picture covering more than this share
#: of the page. Without it, a nearly blank page (the corpus's 13-character
#: PyMuPDF page, sf-020) was called a scan and sent to OCR.
SCAN_PICTURE_SHARE = 0.5
#: Headlines longer than this are a paragraph set large (a pull quote, a lead).
MAX_HEADLINE = 160
#: Languages whose month names are recognised in dates ("15 März 2024").
MONTH_LOCALES = ("en", "fr", "de", "es", "it", "pt", "nl", "ro", "pl", "sv", "da", "fi", "cs")

# "No. 87", "Issue 87", "#87"; the short forms capitalised in running text
# ("no 1" in a sentence is not an issue number), in any case in a file name.
_NUMBER = re.compile(
    r"(?:\b(?:No|NO|Nr|NR|N°|Nº|(?i:number|issue|num[eé]ro|num[aă]r(?:ul)?|heft|ausgabe|"
    r"nummer))\.?|#)\s*(\d{1,4})\b"
)
_NUMBER_IN_NAME = re.compile(
    r"(?:\b(?:no|nr|number|issue|num[eé]ro|heft|ausgabe|nummer)\.?|#)\s*(\d{1,4})\b",
    re.IGNORECASE,
)
# A contents line: a title, dot leaders, a page number.
_LEADERS = re.compile(r"(?:\.\s?){5,}|…{2,}|(?:·\s?){5,}")
_CONTENTS_ENTRY = re.compile(r"^(.*\S)\s+\d{1,4}$")
#: Headings of a contents page, folded.
CONTENTS_HEADINGS = frozenset(
    (
        "contents",
        "table of contents",
        "in this issue",
        "inside",
        "inhalt",
        "inhaltsverzeichnis",
        "sommaire",
        "table des matieres",
        "dans ce numero",
        "indice",
        "sumario",
        "cuprins",
        "inhoud",
    )
)
#: Fewer outline titles than this share printed on their page: the outline
#: does not name the items (bookmarks titled "First", "Tenth" ...).
OUTLINE_FOUND = 0.5
_ISO = re.compile(r"(?<!\d)((?:19|20)\d\d)-(\d\d)(?:-(\d\d))?(?!\d)")
_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})[./](\d{1,2})[./]((?:19|20)\d\d)(?!\d)")
_WORDS_ISO_PDF = re.compile(r"D:((?:19|20)\d\d)(\d\d)(\d\d)")
_UNTITLED = re.compile(r"^(untitled|microsoft word - .*|.*\.(docx?|odt|indd|pdf|rtf))$", re.I)


@dataclass(frozen=True)
class Guess:
    """A value read from the PDF, and where: shown beside it in the draft."""

    value: object
    why: str


@dataclass(frozen=True)
class DraftItem:
    headline: str
    page: int
    why: str


@dataclass
class Draft:
    """A foreign PDF's sidecar, as far as the PDF tells it."""

    pdf: Path
    pages: int | None = None
    producer: str = ""
    number: Guess | None = None
    date: Guess | None = None
    title: Guess | None = None
    items: list[DraftItem] = field(default_factory=list)
    #: where the items came from: "outline", "text", "" (none found)
    items_from: str = ""
    #: None: not encrypted (or opens without one); "" needed and not known
    password: str | None = None
    encrypted: bool = False
    scanned: bool = False
    notes: list[str] = field(default_factory=list)


def draft_sidecar(pdf: Path, *, passwords: Sequence[str] = ()) -> Draft:
    """Draft the sidecar of `pdf`; raise `InputError` if it is not a PDF at all."""
    draft = Draft(pdf)
    try:
        data = pdf.read_bytes()
    except OSError as exc:
        raise InputError(
            [error(Location(str(pdf)), f"cannot read the file: {exc.strerror}")]
        ) from None
    document = _open(draft, data, passwords)
    try:
        if document is None:
            draft.notes.append(
                "encrypted with a password: type it in `password:` (or give it with "
                "--password) and draft again to read the items"
            )
        else:
            _read(draft, document)
    finally:
        if document is not None:
            document.close()
    _guess_from_name(draft)
    return draft


def _open(draft: Draft, data: bytes, passwords: Sequence[str]) -> pdfium.PdfDocument | None:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) != pdfium_c.FPDF_ERR_PASSWORD:
            raise InputError(
                [
                    error(
                        Location(str(draft.pdf)),
                        f"not a PDF pdfium can read ({exc})",
                        "check that the file is a complete PDF",
                    )
                ]
            ) from None
    draft.encrypted = True
    for password in passwords:
        try:
            document = pdfium.PdfDocument(data, password=password)
        except pdfium.PdfiumError:
            continue
        draft.password = password
        return document
    draft.password = ""
    return None


def _read(draft: Draft, document: pdfium.PdfDocument) -> None:
    draft.pages = len(document)
    info = {k: _clean(str(v)) for k, v in document.get_metadata_dict().items() if v}
    draft.producer = info.get("Producer", "") or info.get("Creator", "")
    printed = list(lines(document, pages=MAX_PAGES))
    if draft.pages > MAX_PAGES:
        draft.notes.append(f"only the first {MAX_PAGES} of {draft.pages} pages were read")
    characters = sum(len(line.text) for line in printed)
    read = max(1, min(draft.pages, MAX_PAGES))
    textless = characters < SCAN_CHARS_PER_PAGE * read
    draft.scanned = textless and 2 * _pictured_pages(document, read) >= read
    first = [line for line in printed if line.page == 1]
    front = " \n".join(line.text for line in first)
    _guess_number(draft, info, front)
    _guess_date(draft, info, front)
    title_lines = _guess_title(draft, info, first)
    outline = _outline_items(document)
    if len(outline) >= 2 and not draft.scanned and not _outline_named(outline, printed):
        draft.notes.append(
            "the outline's titles are not printed on their pages (bookmarks named "
            f"{outline[0].headline!r}, {outline[1].headline!r} …): items read from the text"
        )
        outline = []
    if len(outline) >= 2:
        draft.items, draft.items_from = outline, "outline"
    elif not draft.scanned:
        draft.items = _text_items(printed, title_lines)
        if not draft.items and title_lines:
            # nothing but the title stands out: one article under its title
            heading = " ".join(line.text for line in title_lines)
            draft.items = [DraftItem(heading, 1, "the title: the only large text")]
        draft.items_from = "text" if draft.items else ""
    if draft.scanned:
        draft.notes.append(
            f"no text on its {draft.pages} page{'s' if draft.pages != 1 else ''}: "
            "a scan; run OCR (for example `ocrmypdf in.pdf out.pdf`) and draft again, "
            "or type the items and their pages"
        )
    elif textless:
        draft.notes.append(
            f"almost no text ({characters} characters on {read} "
            f"page{'s' if read != 1 else ''}) and no page is a picture: not a scan, "
            "but nothing to draft items from; type them"
        )


def _pictured_pages(document: pdfium.PdfDocument, count: int) -> int:
    """How many of the first `count` pages are mostly one picture."""
    pictured = 0
    for index in range(count):
        page = document[index]
        width, height = page.get_size()
        area = max(width * height, 1.0)
        largest = 0.0
        for picture in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=3):
            left, bottom, right, top = picture.get_bounds()
            largest = max(largest, (right - left) * (top - bottom) / area)
        pictured += largest > SCAN_PICTURE_SHARE
    return pictured


def _guess_number(draft: Draft, info: dict[str, str], front: str) -> None:
    for text, why, pattern in (
        (_stem_words(draft.pdf), f"the file name {draft.pdf.name!r}", _NUMBER_IN_NAME),
        (info.get("Title", ""), "the PDF's /Info title", _NUMBER),
        (info.get("Subject", ""), "the PDF's /Info subject", _NUMBER),
        (front, "page 1", _NUMBER),
    ):
        found = pattern.search(text)
        if found and int(found.group(1)) > 0:
            quoted = " ".join(found.group(0).split())
            draft.number = Guess(int(found.group(1)), f"{quoted!r} in {why}")
            return


def _stem_words(pdf: Path) -> str:
    # "no112_march" -> "no112 march": the name's separators are word breaks
    return re.sub(r"[_\-]+", " ", pdf.stem)


def _guess_date(draft: Draft, info: dict[str, str], front: str) -> None:
    for text, why in (
        (front, "page 1"),
        (info.get("Title", "") + " \n" + info.get("Subject", ""), "the PDF's /Info"),
    ):
        found = find_date(text)
        if found is not None:
            draft.date = Guess(found[0], f"{found[1]!r} on {why}" + _day_note(found))
            return
    # the file name and the creation date come last: they date the file, not the issue
    found = find_date(draft.pdf.stem.replace("_", " "))
    if found is not None:
        draft.date = Guess(found[0], f"{found[1]!r} in the file name" + _day_note(found))
        return
    created = _WORDS_ISO_PDF.match(info.get("CreationDate", ""))
    if created:
        try:
            day = dt.date(*(int(g) for g in created.groups()))
        except ValueError:
            return
        draft.date = Guess(day, "the PDF's creation date, not the issue's: check it")


def _day_note(found: tuple[dt.date, str, bool]) -> str:
    return "" if found[2] else " (no day given: the 1st)"


def _month_names() -> dict[str, int]:
    names: dict[str, int] = {}
    for locale in MONTH_LOCALES:
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=locale).items():
                names.setdefault(fold(name).rstrip("."), number)
    return names


_MONTHS: dict[str, int] = {}


def find_date(text: str) -> tuple[dt.date, str, bool] | None:
    """The first date written in `text`: (date, as written, whether a day was
    given). ISO (2024-03-15, 2024-03), day first (15.03.2024), and month names
    in several languages (15 March 2024, March 15, 2024, März 2024)."""
    if not _MONTHS:
        _MONTHS.update(_month_names())
    spots: list[tuple[int, dt.date | None, str, bool]] = []
    for match in _ISO.finditer(text):
        year, month, day = int(match[1]), int(match[2]), int(match[3] or 1)
        spots.append((match.start(), _date(year, month, day), match[0], bool(match[3])))
    for match in _NUMERIC.finditer(text):
        a, b, year = int(match[1]), int(match[2]), int(match[3])
        day, month = (a, b) if b <= 12 else (b, a)
        spots.append((match.start(), _date(year, month, day), match[0], True))
    words = r"[^\W\d_]{3,12}\.?"
    named = re.compile(
        rf"(?:(?<!\d)(\d{{1,2}})\.?\s+({words})\s+((?:19|20)\d\d))"
        rf"|(?:({words})\s+(\d{{1,2}}),?\s+((?:19|20)\d\d))"
        rf"|(?:({words})\s+((?:19|20)\d\d))",
        re.UNICODE,
    )
    for match in named.finditer(text):
        if match[1]:
            day, name, year = int(match[1]), match[2], int(match[3])
        elif match[4]:
            name, day, year = match[4], int(match[5]), int(match[6])
        else:
            name, day, year = match[7], 0, int(match[8])
        known = _MONTHS.get(fold(name).rstrip("."))
        if known is None:
            continue
        month = known
        spots.append((match.start(), _date(year, month, day or 1), match[0], bool(day)))
    valid = sorted((s for s in spots if s[1] is not None), key=lambda s: s[0])
    if not valid:
        return None
    _, when, written, has_day = valid[0]
    assert when is not None
    return when, " ".join(written.split()), has_day


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _guess_title(draft: Draft, info: dict[str, str], first: list[Line]) -> list[Line]:
    """The title; and the lines of page 1 it was read from (not items, then)."""
    title = info.get("Title", "")
    if title and not _UNTITLED.match(title) and len(title) <= MAX_CHARS["title"]:
        draft.title = Guess(title, "the PDF's /Info title")
        return [line for line in first if fold(line.text) and fold(line.text) in fold(title)]
    texts = [line for line in first if _letters(line.text) >= 3]
    if not texts:
        return []
    largest = max(line.size for line in texts)
    body = Counter(line.size for line in texts).most_common(1)[0][0]
    if largest < body * LARGER:  # nothing on the page is set larger than the rest
        return []
    top = [line for line in texts if line.size == largest][:2]
    text = " ".join(line.text for line in top)
    if len(text) > MAX_CHARS["title"]:
        return []
    draft.title = Guess(text, "the largest text on page 1")
    return top


def _clean(text: str) -> str:
    """An /Info string without control characters (a NUL ends some)."""
    return " ".join("".join(c for c in text if c.isprintable() or c.isspace()).split())


def _letters(text: str) -> int:
    return sum(c.isalpha() for c in text)


def _outline_items(document: pdfium.PdfDocument) -> list[DraftItem]:
    """The outline's entries at the first level that has two or more (a
    single top-level bookmark for the whole issue is skipped)."""
    entries: list[tuple[int, str, int]] = []
    for bookmark in document.get_toc(max_depth=4):
        destination = bookmark.get_dest()
        index = destination.get_index() if destination is not None else None
        title = " ".join((bookmark.get_title() or "").split())
        if index is not None and title:
            entries.append((bookmark.level, title, index + 1))
    for level in sorted({e[0] for e in entries}):
        chosen = [e for e in entries if e[0] == level]
        if len(chosen) >= 2:
            return [DraftItem(title, page, "a bookmark") for _, title, page in chosen]
    return []


def _outline_named(outline: list[DraftItem], printed: list[Line]) -> bool:
    """Whether most bookmarks' titles are printed on the page they go to."""
    pages: dict[int, str] = {}
    for line in printed:
        pages[line.page] = pages.get(line.page, "") + " " + fold(line.text)
    found = sum(
        fold(item.headline) in pages.get(item.page, "") for item in outline if item.page in pages
    )
    return found >= len(outline) * OUTLINE_FOUND


def _text_items(printed: list[Line], title: list[Line]) -> list[DraftItem]:
    """Lines set noticeably larger, or bold at the body's size or larger,
    than the body text; consecutive lines of one headline joined."""
    sizes: Counter[float] = Counter()
    bold_chars = 0
    for line in printed:
        sizes[line.size] += len(line.text)
        bold_chars += len(line.text) if line.bold else 0
    if not sizes:
        return []
    body = sizes.most_common(1)[0][0]
    # A page that sets most of its text bold has no bold headlines to tell apart.
    bold_counts = bold_chars * 2 < sum(sizes.values())
    repeated = Counter(fold(line.text) for line in printed)
    many_pages = max(3, len({line.page for line in printed}) // 2)
    candidates: list[Line] = []
    for line in printed:
        larger = line.size >= body * LARGER
        bolder = bold_counts and line.bold and line.size >= body
        if not (larger or bolder) or line in title:
            continue
        if _letters(line.text) < 3 or len(line.text) > MAX_HEADLINE:
            continue
        if _LEADERS.search(line.text) or fold(line.text) in CONTENTS_HEADINGS:
            continue  # a contents page: its lines repeat the headlines
        if repeated[fold(line.text)] >= many_pages:  # a running head
            continue
        if find_date(line.text) is not None and _letters(line.text) < 25:  # a dateline
            continue
        candidates.append(line)
    set_larger = [line for line in candidates if line.size >= body * LARGER]
    # Where headlines are set larger, bold lines at the body's size are
    # subheads, table heads and labels in figures, not items.
    if len(set_larger) >= 2:
        candidates = set_larger
    return _without_contents(_join(candidates, body))


def _without_contents(items: list[DraftItem]) -> list[DraftItem]:
    """Without the lines of a contents page: a headline followed by its page
    number ("3 Baz 2") where the same headline is printed later on its own."""
    later = [fold(item.headline) for item in items]
    kept = []
    for index, item in enumerate(items):
        entry = _CONTENTS_ENTRY.match(item.headline)
        if entry and fold(entry[1]) in later[index + 1 :]:
            continue
        kept.append(item)
    return kept


def _join(candidates: list[Line], body: float) -> list[DraftItem]:
    items: list[DraftItem] = []
    previous: Line | None = None
    for line in candidates:
        why = "larger than the body text" if line.size >= body * LARGER else "bold"
        if (
            previous is not None
            and items
            and line.page == previous.page
            and line.size == previous.size
            and line.bold == previous.bold
            and abs(line.left - previous.left) < line.size * 2
            and 0 < previous.bottom - line.top < line.size * 1.2
            and len(items[-1].headline) + len(line.text) <= MAX_HEADLINE
        ):
            joined = _join_text(items[-1].headline, line.text)
            items[-1] = DraftItem(joined, items[-1].page, items[-1].why)
        else:
            items.append(DraftItem(line.text, line.page, f"{why}, on page {line.page}"))
        previous = line
    return items


def _join_text(first: str, second: str) -> str:
    if first.endswith("-") and first[-2:-1].isalpha() and second[:1].islower():
        return first[:-1] + second
    return f"{first} {second}"


def _guess_from_name(draft: Draft) -> None:
    """What the file name tells when the PDF did not: an encrypted file."""
    if draft.number is None:
        found = _NUMBER_IN_NAME.search(_stem_words(draft.pdf))
        if found:
            draft.number = Guess(int(found.group(1)), f"{found.group(0)!r} in the file name")
    if draft.date is None:
        found_date = find_date(draft.pdf.stem.replace("_", " "))
        if found_date is not None:
            draft.date = Guess(
                found_date[0], f"{found_date[1]!r} in the file name" + _day_note(found_date)
            )


def summary(draft: Draft) -> str:
    """The draft in one line, for a hint: `number: 89, date: 2019-05-01, …`."""
    parts = []
    for key, guess in (("number", draft.number), ("date", draft.date), ("title", draft.title)):
        if guess is not None:
            value = guess.value.isoformat() if isinstance(guess.value, dt.date) else guess.value
            parts.append(f"{key}: {_quote(str(value)) if key == 'title' else value}")
    if draft.password == "":
        parts.append('password: "…" (it is encrypted)')
    count = len(draft.items)
    source = {"outline": " from its outline", "text": " from its text"}.get(draft.items_from, "")
    parts.append(f"{count} item{'s' if count != 1 else ''}{source}")
    return ", ".join(parts)


# ---------------------------------------------------------------- the YAML


def _quote(text: str) -> str:
    # A JSON string is a YAML double-quoted scalar: safe for any headline.
    return json.dumps(text, ensure_ascii=False)


def render(draft: Draft) -> str:
    """The draft as sidecar YAML; every guessed value ends with `# guess: …`."""
    name = sidecar_path(draft.pdf).name
    out = [
        f"# {name}: the sidecar of {draft.pdf.name}, drafted by `typeset sidecar`.",
        "# Every value marked `guess` was read from the PDF: check it against the",
        "# pages, correct it, then delete the mark.",
    ]
    facts = []
    if draft.pages is not None:
        facts.append(f"{draft.pages} page{'s' if draft.pages != 1 else ''}")
    if draft.producer:
        facts.append(f"made with {draft.producer}")
    if facts:
        out.append(f"# The PDF: {', '.join(facts)}.")
    out.extend(f"# Note: {note}" for note in draft.notes)
    if draft.number is not None:
        out.append(f"number: {draft.number.value}  # guess: {draft.number.why}")
    else:
        out.append("number:  # not found in the file name, /Info or page 1: type it")
    if draft.date is not None:
        assert isinstance(draft.date.value, dt.date)
        out.append(f"date: {draft.date.value.isoformat()}  # guess: {draft.date.why}")
    else:
        out.append("date:  # not found in the file name, /Info or page 1: type it (2024-03-15)")
    if draft.title is not None:
        out.append(f"title: {_quote(str(draft.title.value))}  # guess: {draft.title.why}")
    if draft.password is not None:
        if draft.password:
            out.append(f"password: {_quote(draft.password)}  # opened this PDF")
        else:
            out.append('password: ""  # needed: the PDF is encrypted; type its password')
    out.extend(_render_items(draft))
    return "\n".join(out) + "\n"


def _render_items(draft: Draft) -> list[str]:
    if not draft.items:
        why = (
            "a scan without text: run OCR, or type them"
            if draft.scanned
            else "no outline and no headlines stood out: type them"
            if draft.pages is not None
            else "the PDF could not be read"
        )
        return [f"items: []  # {why}"]
    source = {
        "outline": f"from the PDF's outline ({len(draft.items)} bookmarks)",
        "text": "lines set larger or bolder than the body text",
    }[draft.items_from]
    out = [f"items:  # guess: {source}; delete what is not an item"]
    for item in draft.items:
        out.append(f"  - headline: {_quote(item.headline)}  # guess: {item.why}")
        out.append(f"    page: {item.page}  # guess")
    return out


def write_draft(draft: Draft, text: str) -> Path:
    """Write `text` beside the PDF as its sidecar; raise `InputError` if one
    exists (a reviewed sidecar is never overwritten)."""
    path = sidecar_path(draft.pdf)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        raise InputError(
            [
                error(
                    Location(str(path)),
                    "a sidecar already exists; not overwritten",
                    f"compare it with `typeset sidecar {draft.pdf}` (without --write), "
                    "or move it away to draft a new one",
                )
            ]
        ) from None
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
    return path


__all__ = [
    "Draft",
    "DraftItem",
    "Guess",
    "draft_sidecar",
    "find_date",
    "render",
    "summary",
    "write_draft",
]

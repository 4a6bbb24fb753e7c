"""The archive's full-text index: every issue's words, searchable in an instant.

Takes issue files (our YAML issues: headline, kicker, summary and body of each
item) and foreign back issues (a PDF with its sidecar: the text of each page,
under the item that starts on or before it); gives an SQLite FTS5 index in the
output folder (`OUT/.typeset/index.sqlite`) and `search`, which answers a query
in any language with diacritics folded (`Manez` finds `Manëz`: FTS5's
`unicode61 remove_diacritics 2` tokenizer folds the text and the query alike).

Each source file is a set of rows, replaced whole when the file changes:
`record` is what `build` and `compile` call for the issues they wrote, and
`refresh` (called by `find` before every search) re-reads the files of a folder
whose size or modification time differ from the index's, adds new ones and
drops vanished ones, so a missing or stale index is rebuilt on its own. Must
not import ReportLab or the layout: `find` must answer without loading them.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import Diagnostic, InputError, Location, TypesetError, error
from .project import brand_for, image_root

if TYPE_CHECKING:
    from .model import Issue

#: Where the index lives, inside the output folder.
INDEX = Path(".typeset") / "index.sqlite"
#: Bumped when the rows change shape: an index of another version is rebuilt.
SCHEMA = 2
ISSUE_SUFFIXES = (".yaml", ".yml")
BRAND_FILE = "brand.yaml"
#: Words of context on each side of a match in a snippet.
SNIPPET_WORDS = 12

_TABLES = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS sources (
    path TEXT PRIMARY KEY, mtime_ns INTEGER, size INTEGER, folder TEXT
);
CREATE TABLE IF NOT EXISTS source_rows (source TEXT, row INTEGER);
CREATE INDEX IF NOT EXISTS source_rows_by_source ON source_rows (source);
CREATE VIRTUAL TABLE IF NOT EXISTS entries USING fts5(
    headline, text,
    source UNINDEXED, number UNINDEXED, date UNINDEXED, year UNINDEXED, page UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT OR IGNORE INTO meta VALUES ('schema', '{SCHEMA}');
"""


@dataclass(frozen=True)
class Entry:
    """One searchable row: an item of our issue, or a page of a foreign one."""

    number: int
    date: dt.date
    headline: str
    text: str
    #: the page in the issue (from 1), where known
    page: int | None = None


@dataclass(frozen=True)
class Hit:
    number: int
    date: dt.date
    headline: str
    page: int | None
    snippet: str
    source: str


def index_path(output: Path) -> Path:
    return output / INDEX


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path)
    # The index can always be rebuilt from the issues: a commit need not wait
    # for the disk (with a full sync, recording one issue took 33 ms; see
    # bench/bench_find.py).
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = OFF")
    try:
        version = connection.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    except sqlite3.DatabaseError:
        version = None
    if version is not None and version[0] != str(SCHEMA):
        connection.close()
        path.unlink()
        return _connect(path)
    connection.executescript(_TABLES)
    return connection


# ---------------------------------------------------------------- the rows


def issue_entries(issue: Issue, pages: Sequence[int | None] = ()) -> list[Entry]:
    """The rows of one of our issues: one per item, with its page where known."""
    entries = []
    for index, item in enumerate(issue.items):
        parts = [item.kicker or "", item.summary.plain, *(p.plain for p in item.body)]
        if item.image is not None and item.image.caption:
            parts.append(item.image.caption.plain)
        page = pages[index] if index < len(pages) else None
        text = "\n".join(part for part in parts if part)
        entries.append(Entry(issue.number, issue.date, item.headline, text, page))
    return entries


def foreign_entries(
    number: int,
    date: dt.date,
    items: Sequence[tuple[str, int | None]],
    texts: Sequence[str],
) -> list[Entry]:
    """The rows of a foreign back issue: one per page (`texts`), under the
    headlines of the items that start on it (in the sidecar's order), else of
    the item that started last before it."""
    starts = sorted(
        ((page, order, headline) for order, (headline, page) in enumerate(items) if page),
    )
    entries = []
    for page, text in enumerate(texts, start=1):
        here = [headline for start, _, headline in starts if start == page]
        before = [headline for start, _, headline in starts if start < page]
        headline = " · ".join(here) if here else before[-1] if before else ""
        entries.append(Entry(number, date, headline, text, page))
    return entries


def record(output: Path, sources: Iterable[tuple[Path, Sequence[Entry]]]) -> int:
    """Replace the rows of each source file with `entries`; gives the rows written."""
    written = 0
    with closing(_connect(index_path(output))) as connection, connection:
        for path, entries in sources:
            written += _replace(connection, path, entries)
    return written


def record_files(output: Path, paths: Iterable[Path], *, built: Path | None = None) -> int:
    """Read and record the rows of each issue file or back-issue PDF (our
    issues' pages from their PDFs in `built`); a file that cannot be read is
    left out (its own command has reported it). A back-issue PDF recorded
    before, and unchanged since with its sidecar, is not read again: its rows
    come from those two files alone (reading its pages' text is most of what
    recording costs: 2,080 pages took 36 s on the loaded two-core machine).
    Each file is recorded as it is read, so that a volume's worth of page text
    is never held at once. Gives the files recorded."""
    recorded = 0
    with closing(_connect(index_path(output))) as connection, connection:
        for path in paths:
            if path.suffix.lower() == ".pdf" and _recorded(connection, path):
                recorded += 1
                continue
            try:
                entries = _entries_of(path, built)
            except TypesetError:
                continue
            _replace(connection, path, entries)
            recorded += 1
    return recorded


def _recorded(connection: sqlite3.Connection, path: Path) -> bool:
    """Whether `path` is in the index as it is now (same time and size)."""
    row = connection.execute(
        "SELECT mtime_ns, size FROM sources WHERE path = ?", (str(path.resolve()),)
    ).fetchone()
    return row is not None and tuple(row) == _stamp(path)


def _forget(connection: sqlite3.Connection, key: str) -> None:
    """Delete a source's rows by their row ids: a search of the unindexed
    source column would read the whole table."""
    connection.execute(
        "DELETE FROM entries WHERE rowid IN (SELECT row FROM source_rows WHERE source = ?)",
        (key,),
    )
    connection.execute("DELETE FROM source_rows WHERE source = ?", (key,))


def _stamp(path: Path) -> tuple[int, int]:
    """What tells that a source changed: its modification time and size (a
    back issue's PDF together with its sidecar)."""
    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    sidecar = path.with_suffix(".yaml")
    if path.suffix.lower() == ".pdf" and sidecar.is_file():
        side = sidecar.stat()
        stamp = (max(stat.st_mtime_ns, side.st_mtime_ns), stat.st_size + side.st_size)
    return stamp


def _replace(connection: sqlite3.Connection, path: Path, entries: Sequence[Entry]) -> int:
    key = str(path.resolve())
    _forget(connection, key)
    for e in entries:
        cursor = connection.execute(
            "INSERT INTO entries (headline, text, source, number, date, year, page)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (e.headline, e.text, key, e.number, e.date.isoformat(), e.date.year, e.page),
        )
        connection.execute("INSERT INTO source_rows VALUES (?, ?)", (key, cursor.lastrowid))
    connection.execute(
        "INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?)",
        (key, *_stamp(path), str(path.resolve().parent)),
    )
    return len(entries)


# ---------------------------------------------------------------- refreshing


def _source_files(folder: Path) -> list[Path]:
    """Our issues and foreign PDFs (those with a sidecar), in `folder` and below."""
    found = []
    for path in sorted(folder.rglob("*")):
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue  # hidden folders: caches, the index itself
        if not path.is_file():
            continue
        back_issue = path.suffix.lower() == ".pdf" and path.with_suffix(".yaml").is_file()
        ours = (
            path.suffix in ISSUE_SUFFIXES
            and path.name != BRAND_FILE
            and not path.with_suffix(".pdf").is_file()  # a sidecar: read with its PDF
        )
        if back_issue or ours:
            found.append(path)
    return found


def _entries_of(path: Path, built: Path | None) -> list[Entry]:
    """Read one source file's rows; raise `TypesetError` if it is not an issue."""
    if path.suffix.lower() == ".pdf":
        return back_issue_entries(path)
    # Only a changed file is read: a search over an unchanged index loads no
    # YAML, Pillow or Markdown (`python -X importtime`: typeset.find takes 17 ms
    # to import without them, 205 ms with them, on the shared two-core machine).
    from .model import load_issue

    # images are allowed where `build` allows them (a Persian edition's
    # ../images/ beside its brand), so that every issue that builds is searched
    issue = load_issue(path, image_root=image_root(brand_for(path)))
    pdf = built / f"{path.stem}.pdf" if built is not None else None
    fresh = pdf is not None and pdf.is_file() and pdf.stat().st_mtime_ns >= path.stat().st_mtime_ns
    return issue_entries(issue, item_pages(pdf, len(issue.items)) if fresh and pdf else ())


def item_pages(pdf: Path, items: int) -> list[int | None]:
    """Where each item of our built PDF starts: its top-level bookmarks (one
    per item, in order); none known if they do not match the items."""
    from .compile.survey import survey

    seen = survey(pdf.read_bytes(), bookmarks=True)
    if seen is None or len(seen.bookmarks) != items:
        return []
    return [None if page is None else page + 1 for page in seen.bookmarks]


def back_issue_entries(pdf: Path) -> list[Entry]:
    """The rows of a foreign back issue, from its sidecar and its pages' text;
    raise `TypesetError` if the sidecar is wrong or pdfium cannot open it."""
    import pypdfium2 as pdfium

    from .compile.pagetext import find_pages, page_text
    from .compile.sidecar import load_sidecar, sidecar_path

    sidecar = load_sidecar(sidecar_path(pdf))
    try:
        document = pdfium.PdfDocument(pdf, password=sidecar.password)
    except pdfium.PdfiumError as exc:
        raise InputError([error(Location(str(pdf)), f"pdfium cannot open it: {exc}")]) from None
    try:
        headlines = [item.headline for item in sidecar.items]
        unpaged = any(item.page is None for item in sidecar.items)
        found = find_pages(document, headlines) if unpaged else [None] * len(headlines)
        items = [(i.headline, i.page or f) for i, f in zip(sidecar.items, found, strict=True)]
        texts = [page_text(document, index) for index in range(len(document))]
    finally:
        document.close()
    return foreign_entries(sidecar.number, sidecar.date, items, texts)


@dataclass(frozen=True)
class Refreshed:
    read: int
    dropped: int
    #: files that are neither an issue nor a back issue with a valid sidecar
    skipped: tuple[str, ...]


def refresh(output: Path, folder: Path) -> Refreshed:
    """Bring the rows of every issue in `folder` (and below) up to date."""
    if not folder.is_dir():
        raise InputError([_no_folder(folder)])
    files = _source_files(folder)
    read, skipped = 0, []
    with closing(_connect(index_path(output))) as connection, connection:
        known = {
            row[0]: (row[1], row[2])
            for row in connection.execute(
                "SELECT path, mtime_ns, size FROM sources WHERE folder = ? OR folder LIKE ?",
                (str(folder.resolve()), f"{folder.resolve()}/%"),
            )
        }
        for path in files:
            key = str(path.resolve())
            if known.pop(key, None) == _stamp(path):
                continue
            try:
                entries = _entries_of(path, output if output.is_dir() else None)
            except TypesetError:
                skipped.append(str(path))
                _forget(connection, key)
                continue
            _replace(connection, path, entries)
            read += 1
        for gone in known:
            _forget(connection, gone)
            connection.execute("DELETE FROM sources WHERE path = ?", (gone,))
    return Refreshed(read, len(known), tuple(skipped))


def _no_folder(folder: Path) -> Diagnostic:
    return error(Location(str(folder)), "no such folder", "give the folder of the issues: --in DIR")


# ---------------------------------------------------------------- searching


def fts_query(text: str) -> str:
    """The user's words as an FTS5 query: every word must occur (in any
    order); a word ending in * matches as a prefix; nothing is an operator."""
    terms = []
    for word in text.split():
        prefix = word.endswith("*") and len(word) > 1
        bare = word.rstrip("*").replace('"', '""')
        if bare:
            terms.append(f'"{bare}"' + ("*" if prefix else ""))
    return " ".join(terms)


def search(output: Path, query: str, *, year: int | None = None, limit: int = 50) -> list[Hit]:
    """The rows that contain every word of `query`, best first."""
    match = fts_query(query)
    if not match:
        return []
    sql = (
        "SELECT number, date, headline, page,"
        f" snippet(entries, -1, '[', ']', '…', {SNIPPET_WORDS}), source"
        " FROM entries WHERE entries MATCH ?"
    )
    values: list[object] = [match]
    if year is not None:
        sql += " AND year = ?"
        values.append(year)
    sql += " ORDER BY rank, date DESC LIMIT ?"
    values.append(limit)
    with closing(_connect(index_path(output))) as connection:
        rows = connection.execute(sql, values).fetchall()
    return [
        Hit(int(n), dt.date.fromisoformat(d), str(h), None if p is None else int(p), str(s), str(f))
        for n, d, h, p, s, f in rows
    ]


__all__ = [
    "INDEX",
    "Entry",
    "Hit",
    "Refreshed",
    "fts_query",
    "foreign_entries",
    "index_path",
    "issue_entries",
    "record",
    "record_files",
    "refresh",
    "search",
]

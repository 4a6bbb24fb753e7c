"""What we know of a foreign back issue: the sidecar YAML next to its PDF.

Takes `<name>.yaml` beside `<name>.pdf` (a PDF made with another tool, for
which there is no issue YAML); gives a frozen `Sidecar` with the issue's
number, date, title, its items and the page each starts on in that PDF, and
an optional password. Loaded with the project's safe loader; every problem in
the file is collected and raised at once. Must not open the PDF itself.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Location
from ..limits import MAX_CHARS, MAX_ITEMS
from ..schema import Reader
from ..source import load

SIDECAR_KEYS_REQUIRED = ("number", "date")
SIDECAR_KEYS_OPTIONAL = ("title", "items", "password")
ITEM_KEYS_REQUIRED = ("headline",)
ITEM_KEYS_OPTIONAL = ("page",)
_ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d")


@dataclass(frozen=True)
class SidecarItem:
    headline: str
    #: the page the item starts on, counted from 1 in the foreign PDF; None:
    #: compile finds it by searching the PDF's text for the headline
    page: int | None
    location: Location = field(default=Location(""), compare=False)


@dataclass(frozen=True)
class Sidecar:
    number: int
    date: dt.date
    title: str | None
    items: tuple[SidecarItem, ...]
    password: str | None
    path: Path = field(default=Path(""), compare=False)
    location: Location = field(default=Location(""), compare=False)
    #: where each top-level field was written: "number", "date", ...
    where: dict[str, Location] = field(default_factory=dict, compare=False, repr=False)


def sidecar_path(pdf: Path) -> Path:
    """The sidecar of `pdf`: the same name with `.yaml`."""
    return pdf.with_suffix(".yaml")


def load_sidecar(path: Path, *, display: str | None = None) -> Sidecar:
    """Load and validate one sidecar; raise `InputError` with every problem in it."""
    source = load(path, display=display)
    reader = Reader(source)
    if (
        reader.mapping(
            (),
            required=SIDECAR_KEYS_REQUIRED,
            optional=SIDECAR_KEYS_OPTIONAL,
            what="a mapping with number and date",
        )
        is None
    ):
        reader.raise_if_errors()
    number = reader.integer(("number",), minimum=1)
    date = _date(reader)
    title = reader.text(("title",), max_length=MAX_CHARS["title"])
    password = _password(reader)
    items = _items(reader)
    reader.raise_if_errors()
    assert number is not None and date is not None
    return Sidecar(
        number=number,
        date=date,
        title=" ".join(title.split()) if title else None,
        items=tuple(items),
        password=password,
        path=path,
        location=source.loc(()),
        where={key: source.loc((key,)) for key in ("number", "date", "title", "items")},
    )


def _date(reader: Reader) -> dt.date | None:
    """A date, unquoted as YAML reads it or quoted as an archivist copies it
    from elsewhere ("2024-01-19"): a sidecar is typed by hand, not generated."""
    value = reader.get(("date",))
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            reader.error(("date",), f"{value!r} is not a date in the calendar")
            return None
    return reader.date(("date",))


def _password(reader: Reader) -> str | None:
    value = reader.get(("password",))
    if isinstance(value, int | float) and not isinstance(value, bool):
        reader.error(
            ("password",),
            "expected text, found a number",
            *(f'put the value in quotes: "{reader.source.raw.get(("password",), value)}"',),
        )
        return None
    return reader.text(("password",), max_length=1000)


def _items(reader: Reader) -> list[SidecarItem]:
    entries = reader.sequence(("items",), what="a list of items")
    if entries is None:
        return []
    if len(entries) > MAX_ITEMS:
        reader.error(("items",), f"{len(entries):,} items; the limit is {MAX_ITEMS}")
        return []
    items = []
    for index in range(len(entries)):
        path = ("items", index)
        if (
            reader.mapping(
                path,
                required=ITEM_KEYS_REQUIRED,
                optional=ITEM_KEYS_OPTIONAL,
                what="an item with a headline (and its page)",
            )
            is None
        ):
            continue
        headline = reader.text((*path, "headline"), required=True, max_length=MAX_CHARS["headline"])
        page = reader.integer((*path, "page"), minimum=1)
        if page is None and reader.present((*path, "page")):
            continue  # a page written wrong: reported by `integer`
        if headline is not None:
            items.append(SidecarItem(" ".join(headline.split()), page, reader.source.loc(path)))
    return items

"""What we know of a foreign back issue: the sidecar YAML next to its PDF.

Takes `<name>.yaml` beside `<name>.pdf` (a PDF made with another tool, for
which there is no issue YAML); gives a frozen `Sidecar` with the issue's
number, date, title, its items and the page each starts on in that PDF, and
an optional password. Loaded with the project's safe loader; every problem in
the file is collected and raised at once. Must not open the PDF itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Location
from ..limits import MAX_CHARS, MAX_ITEMS
from ..schema import Reader
from ..source import load

SIDECAR_KEYS_REQUIRED = ("number", "date")
SIDECAR_KEYS_OPTIONAL = ("title", "items", "password")
ITEM_KEYS_REQUIRED = ("headline", "page")

#: Shown to a user whose PDF has no sidecar yet.
EXAMPLE = "number: 109, date: 2024-01-19, title: …, items: [{headline: …, page: 1}]"


@dataclass(frozen=True)
class SidecarItem:
    headline: str
    #: the page the item starts on, counted from 1 in the foreign PDF
    page: int
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
    date = reader.date(("date",))
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
            reader.mapping(path, required=ITEM_KEYS_REQUIRED, what="an item with headline and page")
            is None
        ):
            continue
        headline = reader.text((*path, "headline"), required=True, max_length=MAX_CHARS["headline"])
        page = reader.integer((*path, "page"), minimum=1)
        if headline is not None and page is not None:
            items.append(SidecarItem(" ".join(headline.split()), page, reader.source.loc(path)))
    return items

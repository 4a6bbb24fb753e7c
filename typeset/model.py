"""What a newsletter issue is: frozen dataclasses, validated once at the edge.

Takes a `Source` (see `source`); gives an `Issue` or raises `InputError` with
every problem in the file. After this stage nothing sees a dict. Must not touch
ReportLab or pypdf: how an issue looks is decided by `layout` and `brand`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from . import images, markup
from .errors import Location
from .images import ImageInfo
from .limits import MAX_CHARS, MAX_ITEMS, MAX_RELATED
from .markup import RichText
from .schema import Reader
from .source import FieldPath, Source, load

ISSUE_KEYS_REQUIRED = ("number", "date", "items")
ISSUE_KEYS_OPTIONAL = ("title", "language", "related", "pages")
ITEM_KEYS_REQUIRED = ("headline", "summary")
ITEM_KEYS_OPTIONAL = (
    "kicker",
    "body",
    "image",
    "link",
    "span",
    "quote",
    "box",
    "may_cut",
    "language",
)
IMAGE_KEYS_REQUIRED = ("path",)
IMAGE_KEYS_OPTIONAL = ("caption", "credit", "span", "position")
#: `image.position`: where in its item an image sits (in the item's column)
IMAGE_POSITIONS = ("after_headline", "after_summary", "end")
#: `span`: where an item or image sits: in one column, or across all of them
SPANS = ("column", "all")
#: the most pages an issue's page budget may ask for
MAX_PAGES = 64

_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Image:
    path: Path
    info: ImageInfo
    caption: RichText | None
    credit: str | None
    location: Location = field(compare=False)
    #: runs across the text width, above its item's headline
    span: bool = False
    #: where in its item it sits: after_headline, after_summary or end
    position: str = "end"
    #: the path as the issue file gives it, relative to the issue's folder
    #: (`photos/river.jpg`): the name the PDF keeps for preflight, never absolute
    source: str = ""


@dataclass(frozen=True)
class Item:
    headline: str
    summary: RichText
    kicker: str | None = None
    body: tuple[RichText, ...] = ()
    image: Image | None = None
    link: str | None = None
    #: the lead story: kicker, headline, image and summary across the columns
    span: bool = False
    #: a sentence set large as a pull quote in the item's column
    quote: RichText | None = None
    #: set as a tinted box (a statement, dates, a call for volunteers)
    box: bool = False
    #: `build --fit` may cut it to its summary (and link) to meet the page budget
    may_cut: bool = False
    #: the item's own language, when it differs from the issue's (None: the issue's)
    language: str | None = None
    location: Location = field(default=Location(""), compare=False)
    #: where each text field was written: "headline", "image.caption", ...
    where: dict[str, Location] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Issue:
    number: int
    date: dt.date
    items: tuple[Item, ...]
    title: str | None = None
    language: str = "en"
    related: tuple[int, ...] = ()
    #: the page budget; None: the brand's (if any)
    pages: int | None = None
    path: Path = field(default=Path(""), compare=False)
    location: Location = field(default=Location(""), compare=False)
    #: where each top-level field was written: "title", ...
    where: dict[str, Location] = field(default_factory=dict, compare=False, repr=False)


def load_issue(path: Path, *, display: str | None = None, image_root: Path | None = None) -> Issue:
    """Load and validate one issue file. Images may be in the issue's folder or
    below it, or in `image_root` (the folder of the brand: a project's shared
    pictures) or below it."""
    return issue_from_source(load(path, display=display), image_root=image_root)


def issue_from_source(source: Source, *, image_root: Path | None = None) -> Issue:
    reader = Reader(source)
    top = reader.mapping(
        (),
        required=ISSUE_KEYS_REQUIRED,
        optional=ISSUE_KEYS_OPTIONAL,
        what="a mapping with number, date and items",
    )
    if top is None:
        reader.raise_if_errors()
    number = reader.integer(("number",), minimum=1)
    date = reader.date(("date",))
    title = reader.text(("title",), max_length=MAX_CHARS["title"])
    language = _language(reader, ("language",), default="en")
    items = _items(reader, image_root)
    related = _related(reader, number)
    pages = reader.integer(("pages",), minimum=1)
    if pages is not None and pages > MAX_PAGES:
        reader.error(("pages",), f"a budget of {pages} pages; the limit is {MAX_PAGES}")
    reader.raise_if_errors()
    assert number is not None and date is not None and language is not None
    return Issue(
        number=number,
        date=date,
        items=tuple(items),
        title=title,
        language=language,
        related=tuple(related),
        pages=pages,
        path=source.path,
        location=source.loc(()),
        where={key: source.loc((key,)) for key in ("title", "date", "language", "pages")},
    )


def _items(reader: Reader, image_root: Path | None) -> list[Item]:
    entries = reader.sequence(("items",), what="a list of items")
    if entries is None:
        return []
    if not entries:
        reader.error(("items",), "an issue needs at least one item")
    if len(entries) > MAX_ITEMS:
        reader.error(
            ("items",),
            f"{len(entries):,} items; the limit is {MAX_ITEMS}",
            "split the items over several issues",
        )
        return []
    items = []
    for index in range(len(entries)):
        item = _item(reader, ("items", index), image_root)
        if item is not None:
            items.append(item)
    return items


def _rich(reader: Reader, path: FieldPath, *, required: bool = False) -> RichText | None:
    text = reader.text(path, required=required, max_length=MAX_CHARS[str(path[-1])])
    if text is None:
        return None
    try:
        return markup.parse_inline(text)
    except ValueError as exc:
        reader.error(path, str(exc))
        return None


def _body(reader: Reader, path: FieldPath) -> tuple[RichText, ...]:
    text = reader.text(path, max_length=MAX_CHARS["body"])
    if text is None:
        return ()
    paragraphs = []
    for chunk in _PARAGRAPH_BREAK.split(text.strip()):
        try:
            paragraphs.append(markup.parse_inline(chunk.strip()))
        except ValueError as exc:
            reader.error(path, str(exc))
    return tuple(paragraphs)


def _item(reader: Reader, path: FieldPath, image_root: Path | None) -> Item | None:
    if (
        reader.mapping(
            path,
            required=ITEM_KEYS_REQUIRED,
            optional=ITEM_KEYS_OPTIONAL,
            what="an item with headline and summary",
        )
        is None
    ):
        return None
    headline = reader.text((*path, "headline"), required=True, max_length=MAX_CHARS["headline"])
    summary = _rich(reader, (*path, "summary"), required=True)
    kicker = reader.text((*path, "kicker"), max_length=MAX_CHARS["kicker"])
    body = _body(reader, (*path, "body"))
    image = (
        _image(reader, (*path, "image"), image_root) if reader.present((*path, "image")) else None
    )
    link = reader.convert((*path, "link"), _link)
    span = reader.choice((*path, "span"), SPANS, default="column") == "all"
    quote = _rich(reader, (*path, "quote"))
    box = reader.flag((*path, "box"), default=False)
    may_cut = reader.flag((*path, "may_cut"), default=False)
    if box and span:
        reader.error(
            (*path, "box"),
            "a boxed item cannot also be the lead story (span: all)",
            "remove one of box: true and span: all",
        )
    language = _language(reader, (*path, "language"))
    if headline is None or summary is None:
        return None
    return Item(
        headline=" ".join(headline.split()),
        summary=summary,
        kicker=" ".join(kicker.split()) if kicker else None,
        body=body,
        image=image,
        link=link,
        span=span,
        quote=quote,
        box=box,
        may_cut=may_cut,
        language=language,
        location=reader.source.loc(path),
        where={
            name: reader.source.loc((*path, *name.split(".")))
            for name in (
                "headline",
                "summary",
                "kicker",
                "body",
                "link",
                "image.caption",
                "image.credit",
                "quote",
                "language",
            )
        },
    )


def _language(reader: Reader, path: FieldPath, *, default: str | None = None) -> str | None:
    language = reader.text(path, default=default, max_length=MAX_CHARS["language"])
    if language is not None and not _LANGUAGE.match(language):
        reader.error(path, f"expected a language code such as en, sq or fa, found {language!r}")
        return default
    return language


def _link(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("expected a link such as https://example.org/page")
    if len(value) > MAX_CHARS["link"]:
        raise ValueError(f"{len(value):,} characters; the limit is {MAX_CHARS['link']:,}")
    return markup.check_link(value.strip())


def _image(reader: Reader, path: FieldPath, image_root: Path | None) -> Image | None:
    if (
        reader.mapping(
            path,
            required=IMAGE_KEYS_REQUIRED,
            optional=IMAGE_KEYS_OPTIONAL,
            what="an image with a path",
        )
        is None
    ):
        return None
    relative = reader.text((*path, "path"), required=True, max_length=MAX_CHARS["path"])
    caption = _rich(reader, (*path, "caption"))
    credit = reader.text((*path, "credit"), max_length=MAX_CHARS["credit"])
    span = reader.choice((*path, "span"), SPANS, default="column") == "all"
    position = reader.choice((*path, "position"), IMAGE_POSITIONS, default="end")
    if relative is None:
        return None
    try:
        resolved = _inside(reader.source.path.parent, relative, image_root)
        info = images.inspect(resolved)
    except ValueError as exc:
        reader.error((*path, "path"), str(exc))
        return None
    return Image(
        resolved,
        info,
        caption,
        credit,
        reader.source.loc(path),
        span=span,
        position=position,
        source=PurePosixPath(relative.replace("\\", "/")).as_posix(),
    )


_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _inside(folder: Path, relative: str, shared: Path | None = None) -> Path:
    """`relative` resolved against `folder`, refused unless it names a file in
    `folder` or below it, or in `shared` (the brand's folder, where a project
    keeps the pictures its editions share) or below it, after following
    symbolic links."""
    if _URL.match(relative):
        raise ValueError(
            f"{relative!r} is a URL; an image must be a file next to the issue (or below it)"
        )
    if relative.startswith("~"):
        raise ValueError(f"{relative!r} starts with ~; give the path relative to the issue file")
    if Path(relative).is_absolute() or relative.startswith("\\"):
        raise ValueError(f"{relative!r} is an absolute path; give it relative to the issue file")
    root = folder.resolve()
    resolved = (root / relative).resolve()
    if shared is None and not resolved.is_relative_to(root):
        raise ValueError(
            f"{relative!r} leads outside the issue's folder; images must be in it or below it"
        )
    if shared is not None and not (
        resolved.is_relative_to(root) or resolved.is_relative_to(shared.resolve())
    ):
        raise ValueError(
            f"{relative!r} leads outside the issue's folder and the brand's folder; images "
            f"must be in one of them or below it (pictures the editions share can go in "
            f"{shared.resolve()})"
        )
    if not resolved.is_file():
        raise ValueError(f"image file {relative!r} not found next to the issue file")
    return resolved


def _related(reader: Reader, own: int | None) -> list[int]:
    entries = reader.sequence(("related",), what="a list of issue numbers")
    if entries is None:
        return []
    if len(entries) > MAX_RELATED:
        reader.error(("related",), f"{len(entries):,} related issues; the limit is {MAX_RELATED}")
        return []
    numbers: list[int] = []
    for index in range(len(entries)):
        number = reader.integer(("related", index), minimum=1)
        if number is None:
            continue
        if number == own:
            reader.error(("related", index), f"issue {number} cannot be related to itself")
        elif number in numbers:
            reader.error(("related", index), f"issue {number} is listed twice")
        else:
            numbers.append(number)
    return numbers

"""The look of a newsletter, as data: names, palette, fonts, grid, text styles.

Takes a brand YAML file (see README, "Brand reference"); gives a frozen `Brand`.
Every colour, size and font the layout uses comes from here. The defaults
(in `defaults`) are data too, and a brand file overrides any of them. Must not
touch issues or their items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from string import Formatter
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER

from . import fonts
from .defaults import LABEL_DEFAULTS, PALETTE_DEFAULTS, SPACING_DEFAULTS, STYLE_DEFAULTS
from .errors import Location
from .postspec import PostSpec, read_post
from .production import Edition, PrintSpec, ScreenSpec, read_print, read_screen
from .schema import Reader
from .source import FieldPath, Source, load
from .units import parse_length

PAGE_SIZES = {"A4": A4, "Letter": LETTER}
ALIGNMENTS = ("left", "center", "right", "justify")

FONT_ROLES_REQUIRED = ("headline", "body", "body_italic", "body_bold", "caption")
FONT_ROLES_OPTIONAL = ("body_bold_italic", "caption_italic", "label", "fallback")

STYLE_KEYS = (
    "parent",
    "font",
    "size",
    "leading",
    "colour",
    "align",
    "tracking",
    "uppercase",
    "hyphenate",
)

BRAND_KEYS_REQUIRED = ("name", "organisation", "fonts")
BRAND_KEYS_OPTIONAL = (
    "tagline",
    "contact",
    "web",
    "logo",
    "page",
    "palette",
    "styles",
    "spacing",
    "labels",
    "print",
    "screen",
    "post",
)
PAGE_KEYS = ("size", "margins", "columns", "gutter")
MARGIN_KEYS = ("top", "right", "bottom", "left")

_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


@dataclass(frozen=True)
class Colour:
    name: str
    cmyk: tuple[float, float, float, float]
    rgb: str

    def for_pdf(self, space: str) -> colors.Color:
        if space == "rgb":
            return colors.HexColor(self.rgb)
        c, m, y, k = (v / 100.0 for v in self.cmyk)
        return colors.CMYKColor(c, m, y, k)


@dataclass(frozen=True)
class TextStyle:
    name: str
    font: str  # a font role, see FONT_ROLES_*
    size: float
    leading: float
    colour: str  # a palette name
    align: str = "left"
    tracking: float = 0.0
    uppercase: bool = False
    hyphenate: bool = False


@dataclass(frozen=True)
class Margins:
    top: float
    right: float
    bottom: float
    left: float


@dataclass(frozen=True)
class Brand:
    name: str
    organisation: str
    tagline: str | None
    contact: str | None
    web: str | None
    logo: Path | None
    page_size: tuple[float, float]
    margins: Margins
    columns: int
    gutter: float
    palette: dict[str, Colour] = field(compare=False)
    font_files: dict[str, Path] = field(compare=False)
    styles: dict[str, TextStyle] = field(compare=False)
    spacing: dict[str, float] = field(compare=False)
    labels: dict[str, str] = field(compare=False)
    path: Path = field(default=Path(""), compare=False)
    location: Location = field(default=Location(""), compare=False)
    #: where each text field was written: "name", "labels.page", ...
    where: dict[str, Location] = field(default_factory=dict, compare=False, repr=False)
    press: PrintSpec = field(default_factory=PrintSpec, compare=False)
    screen: ScreenSpec = field(default_factory=ScreenSpec, compare=False)
    #: the web post (`typeset post`)
    post: PostSpec = field(default_factory=PostSpec, compare=False)
    #: which palette values go into the PDF; set by the edition (see `for_edition`)
    colour_space: str = "cmyk"

    def for_edition(self, edition: Edition) -> Brand:
        """This brand as one edition paints it: CMYK for print, RGB for screen."""
        return replace(self, colour_space=edition.colour_space)

    def colour(self, name: str) -> colors.Color:
        return self.palette[name].for_pdf(self.colour_space)

    def font(self, role: str) -> str:
        """The registered ReportLab font name for a font role."""
        return fonts.register(self.font_files[role])

    def label(self, key: str, **values: object) -> str:
        return self.labels[key].format(**values)


def load_brand(path: Path, *, display: str | None = None) -> Brand:
    return brand_from_source(load(path, display=display))


def brand_from_source(source: Source) -> Brand:
    reader = Reader(source)
    if (
        reader.mapping(
            (),
            required=BRAND_KEYS_REQUIRED,
            optional=BRAND_KEYS_OPTIONAL,
            what="a brand mapping with name, organisation and fonts",
        )
        is None
    ):
        reader.raise_if_errors()
    name = reader.text(("name",), required=True)
    organisation = reader.text(("organisation",), required=True)
    logo = _logo(reader)
    page_size, margins, columns, gutter = _page(reader)
    palette = _palette(reader)
    font_files = _fonts(reader)
    styles = _styles(reader, palette, font_files)
    spacing = _lengths(reader, ("spacing",), SPACING_DEFAULTS)
    labels = _labels(reader)
    press = read_print(reader)
    screen = read_screen(reader)
    post = read_post(reader)
    _check_for_press(reader, press, margins, palette, styles)
    reader.raise_if_errors()
    assert name and organisation
    return Brand(
        name=name,
        organisation=organisation,
        tagline=reader.text(("tagline",)),
        contact=reader.text(("contact",)),
        web=reader.text(("web",)),
        logo=logo,
        page_size=page_size,
        margins=margins,
        columns=columns,
        gutter=gutter,
        palette=palette,
        font_files=font_files,
        styles=styles,
        spacing=spacing,
        labels=labels,
        press=press,
        screen=screen,
        post=post,
        path=source.path,
        location=source.loc(()),
        where={
            key: source.loc(tuple(key.split(".")))
            for key in (
                "name",
                "organisation",
                "tagline",
                "contact",
                "web",
                "print.saddle_stitch",
                "print.filler",
                *(f"labels.{label}" for label in LABEL_DEFAULTS),
            )
        },
    )


def _logo(reader: Reader) -> Path | None:
    relative = reader.text(("logo",))
    if relative is None:
        return None
    path = reader.source.resolve(relative)
    if path.suffix.lower() not in (".svg", ".png"):
        reader.error(("logo",), f"expected an .svg or .png logo, found {relative!r}")
        return None
    if not path.is_file():
        reader.error(
            ("logo",),
            f"logo file {relative!r} not found",
            "paths are relative to the brand file's folder",
        )
        return None
    return path


def _page(reader: Reader) -> tuple[tuple[float, float], Margins, int, float]:
    page = ("page",)
    if reader.present(page):
        reader.mapping(page, optional=PAGE_KEYS)
    size_value = reader.get((*page, "size"))
    size: tuple[float, float] = A4
    if isinstance(size_value, str):
        if size_value in PAGE_SIZES:
            size = PAGE_SIZES[size_value]
        else:
            reader.error(
                (*page, "size"),
                f"unknown page size {size_value!r}",
                f"use one of {', '.join(PAGE_SIZES)} or [width, height]",
            )
    elif isinstance(size_value, list) and len(size_value) == 2:
        width = reader.length((*page, "size", 0))
        height = reader.length((*page, "size", 1))
        if width and height:
            size = (width, height)
    elif reader.present((*page, "size")):
        reader.error((*page, "size"), "expected A4, Letter or [width, height]")
    if reader.present((*page, "margins")):
        reader.mapping((*page, "margins"), optional=MARGIN_KEYS)
    margin = {
        key: reader.length((*page, "margins", key), default=15 * 72 / 25.4) or 0.0
        for key in MARGIN_KEYS
    }
    columns = reader.integer((*page, "columns"), minimum=1) or 2
    if columns not in (2, 3):
        reader.error((*page, "columns"), f"expected 2 or 3 columns, found {columns}")
    gutter = reader.length((*page, "gutter"), default=6 * 72 / 25.4) or 0.0
    return size, Margins(**margin), columns, gutter


def _palette(reader: Reader) -> dict[str, Colour]:
    given = reader.mapping(("palette",), any_keys=True) if reader.present(("palette",)) else {}
    palette: dict[str, Colour] = {}
    for name in {**PALETTE_DEFAULTS, **(given or {})}:
        path: FieldPath = ("palette", name)
        if given and name in given:
            if reader.mapping(path, required=("cmyk", "rgb")) is None:
                continue
            entry: dict[str, Any] = {
                "cmyk": reader.get((*path, "cmyk")),
                "rgb": reader.get((*path, "rgb")),
            }
        else:
            entry = PALETTE_DEFAULTS[name]
        cmyk = entry["cmyk"]
        if (
            not isinstance(cmyk, list)
            or len(cmyk) != 4
            or not all(
                isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v <= 100
                for v in cmyk
            )
        ):
            reader.error((*path, "cmyk"), "expected four percentages [c, m, y, k] from 0 to 100")
            continue
        rgb = entry["rgb"]
        if not isinstance(rgb, str) or not _HEX.match(rgb):
            reader.error(
                (*path, "rgb"),
                f'expected a colour such as "#0F4C5C", found {rgb!r}',
                "quote the value: # starts a comment in YAML",
            )
            continue
        palette[name] = Colour(name, (cmyk[0], cmyk[1], cmyk[2], cmyk[3]), rgb)
    return palette


def _fonts(reader: Reader) -> dict[str, Path]:
    if (
        reader.mapping(("fonts",), required=FONT_ROLES_REQUIRED, optional=FONT_ROLES_OPTIONAL)
        is None
    ):
        return {}
    files: dict[str, Path] = {}
    for role in (*FONT_ROLES_REQUIRED, *FONT_ROLES_OPTIONAL):
        relative = reader.text(("fonts", role))
        if relative is None:
            continue
        path = reader.source.resolve(relative)
        try:
            fonts.register(path)
        except ValueError as exc:
            reader.error(("fonts", role), str(exc), "paths are relative to the brand file's folder")
            continue
        files[role] = path
    # Roles a brand may leave out fall back to a close relative.
    for role, stand_in in (
        ("body_bold_italic", "body_bold"),
        ("caption_italic", "caption"),
        ("label", "headline"),
    ):
        if role not in files and stand_in in files:
            files[role] = files[stand_in]
    family_roles = (
        "body",
        "body_bold",
        "body_italic",
        "body_bold_italic",
        "caption",
        "caption_italic",
        "label",
    )
    if all(role in files for role in family_roles):
        fonts.register_family(
            fonts.register(files["body"]),
            fonts.register(files["body_bold"]),
            fonts.register(files["body_italic"]),
            fonts.register(files["body_bold_italic"]),
        )
        fonts.register_family(
            fonts.register(files["caption"]),
            fonts.register(files["label"]),
            fonts.register(files["caption_italic"]),
            fonts.register(files["label"]),
        )
    return files


def _styles(
    reader: Reader, palette: dict[str, Colour], font_files: dict[str, Path]
) -> dict[str, TextStyle]:
    given = (
        reader.mapping(("styles",), optional=tuple(STYLE_DEFAULTS))
        if reader.present(("styles",))
        else {}
    )
    for name in given or {}:
        reader.mapping(("styles", name), optional=STYLE_KEYS)
    resolved: dict[str, TextStyle] = {}

    def settings(name: str, seen: tuple[str, ...]) -> dict[str, Any]:
        written = (given or {}).get(name)
        own = {**STYLE_DEFAULTS.get(name, {}), **(written if isinstance(written, dict) else {})}
        parent = own.get("parent")
        if parent is None:
            return own
        if parent not in STYLE_DEFAULTS or parent in seen:
            reader.error(("styles", name, "parent"), f"unknown or circular parent {parent!r}")
            return own
        return {
            **settings(parent, (*seen, name)),
            **{k: v for k, v in own.items() if k != "parent"},
        }

    for name in STYLE_DEFAULTS:
        path: FieldPath = ("styles", name)
        merged = settings(name, (name,))
        style = _style(reader, path, name, merged, palette, font_files)
        if style is not None:
            resolved[name] = style
    return resolved


def _style(
    reader: Reader,
    path: FieldPath,
    name: str,
    merged: dict[str, Any],
    palette: dict[str, Colour],
    font_files: dict[str, Path],
) -> TextStyle | None:
    problems = 0

    def length(key: str, default: str = "0pt") -> float:
        nonlocal problems
        try:
            return parse_length(merged.get(key, default))
        except ValueError as exc:
            reader.error((*path, key), str(exc))
            problems += 1
            return 0.0

    size, leading, tracking = length("size", "10pt"), length("leading", "12pt"), length("tracking")
    font = merged.get("font")
    if font not in (*FONT_ROLES_REQUIRED, *FONT_ROLES_OPTIONAL):
        reader.error(
            (*path, "font"),
            f"unknown font role {font!r}",
            "use one of " + ", ".join((*FONT_ROLES_REQUIRED, *FONT_ROLES_OPTIONAL)),
        )
        problems += 1
    colour = merged.get("colour")
    if colour not in palette:
        reader.error(
            (*path, "colour"),
            f"unknown palette colour {colour!r}",
            "use one of " + ", ".join(palette),
        )
        problems += 1
    align = merged.get("align", "left")
    if align not in ALIGNMENTS:
        reader.error((*path, "align"), f"expected one of {', '.join(ALIGNMENTS)}, found {align!r}")
        problems += 1
    if size and leading < size:
        reader.error(
            (*path, "leading"),
            f"leading ({leading:g}pt) is smaller than the size ({size:g}pt)",
            "lines would overlap; make the leading larger",
        )
        problems += 1
    if problems or not font_files:
        return None
    return TextStyle(
        name,
        str(font),
        size,
        leading,
        str(colour),
        str(align),
        tracking,
        bool(merged.get("uppercase", False)),
        bool(merged.get("hyphenate", False)),
    )


def _lengths(reader: Reader, path: FieldPath, defaults: dict[str, str]) -> dict[str, float]:
    if reader.present(path):
        reader.mapping(path, optional=tuple(defaults))
    values: dict[str, float] = {}
    for key, default in defaults.items():
        value = reader.length((*path, key), default=parse_length(default))
        values[key] = value if value is not None else 0.0
    return values


def _labels(reader: Reader) -> dict[str, str]:
    if reader.present(("labels",)):
        reader.mapping(("labels",), optional=tuple(LABEL_DEFAULTS))
    labels = dict(LABEL_DEFAULTS)
    for key in LABEL_DEFAULTS:
        text = reader.text(("labels", key))
        if text is None:
            continue
        problem = _placeholder_problem(key, text)
        if problem:
            reader.error(("labels", key), *problem)
            continue
        labels[key] = text
    return labels


def _placeholder_problem(key: str, text: str) -> tuple[str, str] | None:
    """Why `text` cannot stand for the label `key`: a placeholder the label does
    not fill, or a brace without its pair. None if it can. (The date label is a
    CLDR pattern, not a template.)"""
    if key == "date":
        return None
    allowed = {name for _, name, _, _ in Formatter().parse(LABEL_DEFAULTS[key]) if name}
    offer = ", ".join(f"{{{name}}}" for name in sorted(allowed)) or "no placeholder"
    try:
        used = {name for _, name, _, _ in Formatter().parse(text) if name is not None}
    except ValueError:
        return (
            f"{text!r} has a brace without its pair",
            "write {{ or }} for a brace that should be printed",
        )
    unknown = sorted(used - allowed)
    if unknown:
        return (
            f"unknown placeholder {{{unknown[0]}}} in {text!r}",
            f"this label takes {offer}",
        )
    return None


#: Text smaller than this must print from one plate: four-colour black would
#: show every misregistration as a coloured fringe.
SMALL_TEXT = 12.0


def _check_for_press(
    reader: Reader,
    press: PrintSpec,
    margins: Margins,
    palette: dict[str, Colour],
    styles: dict[str, TextStyle],
) -> None:
    """What a printer would refuse, found while the brand is still being read."""
    for side in MARGIN_KEYS:
        if getattr(margins, side) < press.safe_zone:
            reader.error(
                ("page", "margins", side),
                f"the margin ({getattr(margins, side) * 25.4 / 72:.1f}mm) is narrower than the "
                f"print safe zone ({press.safe_zone * 25.4 / 72:.1f}mm)",
                "text this close to the trim may be cut off; widen the margin",
            )
    for entry in palette.values():
        total = sum(entry.cmyk)
        if total > press.ink_limit:
            reader.error(
                ("palette", entry.name, "cmyk"),
                f"{total:g}% total ink is over the print limit of {press.ink_limit:g}%",
                "lower the colour's values, or raise print.ink_limit if the printer allows",
            )
    for style in styles.values():
        colour = palette.get(style.colour)
        if colour is None or style.size >= SMALL_TEXT:
            continue
        c, m, y, k = colour.cmyk
        if k >= 50 and (c or m or y):
            reader.error(
                ("styles", style.name, "colour"),
                f"{style.size:g}pt text in {colour.name!r} would print from four plates "
                f"(cmyk {c:g} {m:g} {y:g} {k:g})",
                "small dark text must be black only: give the colour cmyk [0, 0, 0, 100]",
            )

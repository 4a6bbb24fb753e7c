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
from .defaults import (
    LABEL_DEFAULTS,
    LABELS_BY_LANGUAGE,
    PALETTE_DEFAULTS,
    SPACING_DEFAULTS,
    STYLE_DEFAULTS,
)
from .edition import ColourSpace
from .errors import Location
from .postspec import PostSpec, read_post
from .production import Edition, PrintSpec, ScreenSpec, read_print, read_screen
from .schema import Reader, kind
from .source import FieldPath, Source, load
from .text.scripts import persian_digits
from .units import parse_length

PAGE_SIZES = {"A4": A4, "Letter": LETTER}
ALIGNMENTS = ("left", "center", "right", "justify")

FONT_ROLES_REQUIRED = ("headline", "body", "body_italic", "body_bold", "caption")
FONT_ROLES_OPTIONAL = (
    "body_bold_italic",
    "caption_italic",
    "label",
    "fallback",
    # right-to-left scripts (Persian): letters, digits and their punctuation,
    # in every style, shaped by HarfBuzz; bold for <b> and bold styles
    "arabic",
    "arabic_bold",
)

#: Font roles whose right-to-left letters are set in `arabic_bold`.
BOLD_ROLES = frozenset({"headline", "label", "body_bold", "body_bold_italic"})

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
    "line_breaking",
    "fit",
    "tolerances",
    "cadence",
)
#: how often an issue appears (`cadence:`), for `typeset new`: the step to the next date
CADENCES = ("weekly", "fortnightly", "monthly", "bimonthly", "quarterly")
FIT_KEYS = ("spacing", "leading", "image_scale")
TOLERANCE_KEYS = ("balance", "short_column", "last_page")
PAGE_KEYS = ("size", "margins", "columns", "gutter", "pages")
#: spacing maxima (vertical justification) and the space each one bounds
STRETCHES = {
    "item_between_max": "item_between",
    "image_before_max": "image_before",
    "paragraph_after_max": "paragraph_after",
    "box_after_max": "box_after",
}
MARGIN_KEYS = ("top", "right", "bottom", "left")

_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


@dataclass(frozen=True)
class Colour:
    name: str
    cmyk: tuple[float, float, float, float]
    rgb: str

    def for_pdf(self, space: ColourSpace) -> colors.Color:
        if space is ColourSpace.RGB:
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


BREAKERS = ("total-fit", "greedy")
LINE_BREAKING_KEYS = (
    "breaker",
    "stretch",
    "shrink",
    "hyphen_penalty",
    "tolerance",
    "margin_kerning",
)


@dataclass(frozen=True)
class LineBreaking:
    """How justified text is broken into lines (README, "Line breaking")."""

    #: "total-fit" (the paragraph composer) or "greedy" (ReportLab's own)
    breaker: str = "total-fit"
    #: how much a word space may grow and shrink, as a share of the font's space;
    #: with the hyphen penalty, chosen from the trade-off curve that
    #: `bench/bench_breaking.py --sweep` prints (README, "Line breaking")
    stretch: float = 0.35
    shrink: float = 0.42
    #: the cost of a hyphen the composer adds (TeX's \hyphenpenalty)
    hyphen_penalty: float = 9000.0
    #: the worst line badness (100 * ratio^3) accepted in the first pass
    tolerance: float = 2000.0
    #: let full stops, commas, hyphens and quotes hang partly past the right edge
    margin_kerning: bool = False


@dataclass(frozen=True)
class FitLimits:
    """How far `build --fit` may go to meet a page budget (see `layout.budget`)."""

    #: the least share of its size each vertical space may shrink to
    spacing: float = 0.7
    #: the most the body and summary leading may lose, in points (0.1pt steps)
    leading: float = 0.4
    #: the least share of their size images may shrink to
    image_scale: float = 0.8


@dataclass(frozen=True)
class Tolerances:
    """What the layout report lets pass before `build --strict` fails; None
    for a length means one line of body text."""

    #: how far apart the last page's columns may end
    balance: float | None = None
    #: how far above its foot a column may end
    short_column: float | None = None
    #: the least share of its height the last page should fill
    last_page: float = 0.25


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
    line_breaking: LineBreaking = field(default_factory=LineBreaking, compare=False)
    #: the page budget of every issue (an issue's own `pages:` wins); None: none
    pages: int | None = field(default=None, compare=False)
    fit: FitLimits = field(default_factory=FitLimits, compare=False)
    tolerances: Tolerances = field(default_factory=Tolerances, compare=False)
    #: which palette values go into the PDF; set by the edition (see `for_edition`)
    colour_space: ColourSpace = ColourSpace.CMYK
    #: labels a language changes (`labels: {fa: {...}}`); see `for_language`
    labels_by_language: dict[str, dict[str, str]] = field(
        default_factory=dict, compare=False, repr=False
    )
    #: the language `labels` are in: None for the brand's own default labels
    language: str | None = None
    #: the labels written directly under `labels:` with words of the brand's
    #: own (every language's); the others, and those that restate the English
    #: default, typeset words in each language it knows
    written_labels: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    #: the labels `for_language` took from typeset's own (`LABELS_BY_LANGUAGE`)
    builtin_labels: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    #: how often an issue appears (one of CADENCES): where `typeset new` dates the next
    cadence: str = field(default="monthly", compare=False)

    def for_edition(self, edition: Edition) -> Brand:
        """This brand as one edition paints it: CMYK for print, RGB for screen."""
        return replace(self, colour_space=edition.colour_space)

    def for_language(self, language: str) -> Brand:
        """This brand with the labels of `language` (fa-IR falls back to fa):
        the brand's own for that language (`labels: {fa: …}`), then for what
        those leave out the labels written directly under `labels:`, then
        typeset's own in that language (`LABELS_BY_LANGUAGE`, Persian and
        Albanian), then the English defaults."""
        primary = language.split("-", 1)[0]
        own = self.labels_by_language.get(language) or self.labels_by_language.get(primary) or {}
        known = LABELS_BY_LANGUAGE.get(primary, {})
        builtin = {
            label: text
            for label, text in known.items()
            if label not in own and label not in self.written_labels
        }
        if not own and not builtin:
            return self
        key = language if language in self.labels_by_language else primary
        where = {
            **self.where,
            **{f"labels.{label}": self.where[f"labels.{key}.{label}"] for label in own},
        }
        return replace(
            self,
            labels={**self.labels, **builtin, **own},
            where=where,
            language=key,
            builtin_labels=frozenset(builtin),
        )

    def colour(self, name: str) -> colors.Color:
        return self.palette[name].for_pdf(self.colour_space)

    def font(self, role: str) -> str:
        """The registered ReportLab font name for a font role."""
        return fonts.register(self.font_files[role])

    def script_font(self, role: str) -> str | None:
        """The registered font for right-to-left letters set in font `role`:
        the bold Arabic-script face for bold roles, else the regular one; None
        when the brand has no Arabic-script font."""
        wanted = "arabic_bold" if role in BOLD_ROLES else "arabic"
        return self.font(wanted) if wanted in self.font_files else None

    def label(self, key: str, **values: object) -> str:
        """A label with its placeholders filled; numbers in Persian digits
        when the labels are Persian ones (`for_language("fa")`)."""
        if self.language == "fa":
            values = {k: persian_digits(str(v)) for k, v in values.items()}
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
    _check_stretches(reader, spacing)
    pages = reader.integer(("page", "pages"), minimum=1)
    fit = _fit(reader)
    tolerances = _tolerances(reader)
    labels, labels_by_language, written_labels = _labels(reader)
    press = read_print(reader)
    screen = read_screen(reader)
    post = read_post(reader)
    line_breaking = _line_breaking(reader)
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
        pages=pages,
        fit=fit,
        tolerances=tolerances,
        labels_by_language=labels_by_language,
        written_labels=written_labels,
        press=press,
        screen=screen,
        post=post,
        line_breaking=line_breaking,
        cadence=reader.choice(("cadence",), CADENCES, default="monthly"),
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
                "page.pages",
                "print.filler",
                "print.pdfx_checker",
                *(f"labels.{label}" for label in LABEL_DEFAULTS),
                *(
                    f"labels.{language}.{label}"
                    for language, own in labels_by_language.items()
                    for label in own
                ),
            )
        },
    )


def _line_breaking(reader: Reader) -> LineBreaking:
    path: FieldPath = ("line_breaking",)
    if not reader.present(path):
        return LineBreaking()
    reader.mapping(path, optional=LINE_BREAKING_KEYS)
    defaults = LineBreaking()
    breaker = reader.text((*path, "breaker"), default=defaults.breaker) or defaults.breaker
    if breaker not in BREAKERS:
        reader.error(
            (*path, "breaker"),
            f"unknown breaker {breaker!r}",
            f"use one of {', '.join(BREAKERS)}",
        )
        breaker = defaults.breaker
    return LineBreaking(
        breaker=breaker,
        stretch=reader.number((*path, "stretch"), default=defaults.stretch, minimum=0, maximum=2),
        shrink=reader.number((*path, "shrink"), default=defaults.shrink, minimum=0, maximum=0.5),
        hyphen_penalty=reader.number(
            (*path, "hyphen_penalty"), default=defaults.hyphen_penalty, minimum=0, maximum=10000
        ),
        tolerance=reader.number(
            (*path, "tolerance"), default=defaults.tolerance, minimum=1, maximum=10000
        ),
        margin_kerning=reader.flag((*path, "margin_kerning"), default=defaults.margin_kerning),
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
        by_name = {known.lower(): value for known, value in PAGE_SIZES.items()}
        if size_value.strip().lower() in by_name:
            size = by_name[size_value.strip().lower()]
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
        rgb = entry["rgb"]
        cmyk_ok = (
            isinstance(cmyk, list)
            and len(cmyk) == 4
            and all(
                isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v <= 100
                for v in cmyk
            )
        )
        rgb_ok = isinstance(rgb, str) and bool(_HEX.match(rgb))
        if not cmyk_ok:
            reader.error((*path, "cmyk"), "expected four percentages [c, m, y, k] from 0 to 100")
        if not rgb_ok:
            reader.error(
                (*path, "rgb"),
                f'expected a colour such as "#0F4C5C", found {_found_colour(rgb)}',
                _colour_hint(rgb),
            )
        if not (cmyk_ok and rgb_ok):
            # The brand is refused anyway; a stand-in keeps the styles that name
            # this colour from each reporting it as unknown (one cause, one error:
            # a bad `primary` gave five errors, four at style lines).
            palette[name] = Colour(name, (0.0, 0.0, 0.0, 100.0), "#000000")
            continue
        palette[name] = Colour(name, (cmyk[0], cmyk[1], cmyk[2], cmyk[3]), rgb)
    return palette


def _found_colour(value: object) -> str:
    return "nothing" if value is None else repr(value) if isinstance(value, str) else kind(value)


def _colour_hint(value: object) -> str:
    """What to do about a palette `rgb:` value that is not `"#RRGGBB"`."""
    if value is None:
        return 'quote the value ("#0F4C5C"): unquoted, # starts a comment in YAML'
    if isinstance(value, str) and value.startswith("#"):
        digits = value[1:]
        if any(c not in "0123456789abcdefABCDEF" for c in digits):
            return "use only the hex digits 0-9 and A-F after #"
        return f"write six hex digits after # (two each for red, green, blue); found {len(digits)}"
    if isinstance(value, str) and _HEX.match(f"#{value}"):
        return f'begin it with #, in quotes: "#{value}"'
    return 'write it as "#" and six hex digits, in quotes: "#0F4C5C"'


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
            hint = (
                "use a TrueType (.ttf) or OpenType (.otf) file of one style"
                if path.is_file()
                else "paths are relative to the brand file's folder"
            )
            reader.error(("fonts", role), str(exc), hint)
            continue
        files[role] = path
    # Roles a brand may leave out fall back to a close relative.
    for role, stand_in in (
        ("body_bold_italic", "body_bold"),
        ("caption_italic", "caption"),
        ("label", "headline"),
        ("arabic_bold", "arabic"),
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


def _tolerances(reader: Reader) -> Tolerances:
    path: FieldPath = ("tolerances",)
    if not reader.present(path):
        return Tolerances()
    reader.mapping(path, optional=TOLERANCE_KEYS)
    lengths = {}
    for key in ("balance", "short_column"):
        value = reader.length((*path, key))
        if value is not None and value < 0:
            reader.error((*path, key), "must not be negative")
            value = None
        lengths[key] = value
    return Tolerances(
        balance=lengths["balance"],
        short_column=lengths["short_column"],
        last_page=reader.number(
            (*path, "last_page"), default=Tolerances().last_page, minimum=0, maximum=1
        ),
    )


def _fit(reader: Reader) -> FitLimits:
    defaults = FitLimits()
    if not reader.present(("fit",)):
        return defaults
    reader.mapping(("fit",), optional=FIT_KEYS)
    leading = reader.length(("fit", "leading"), default=defaults.leading)
    if leading is not None and not 0 <= leading <= 2:
        reader.error(("fit", "leading"), f"expected 0pt to 2pt, found {leading:g}pt")
        leading = defaults.leading
    return FitLimits(
        spacing=reader.number(
            ("fit", "spacing"), default=defaults.spacing, minimum=0.3, maximum=1.0
        ),
        leading=defaults.leading if leading is None else leading,
        image_scale=reader.number(
            ("fit", "image_scale"), default=defaults.image_scale, minimum=0.3, maximum=1.0
        ),
    )


def _check_stretches(reader: Reader, spacing: dict[str, float]) -> None:
    for key, base in STRETCHES.items():
        if not reader.present(("spacing", key)):
            # an unwritten maximum never holds a written space below itself
            spacing[key] = max(spacing[key], spacing[base])
        elif spacing[key] < spacing[base]:
            reader.error(
                ("spacing", key),
                f"the most {base} may grow to ({spacing[key]:g}pt) is less than "
                f"{base} itself ({spacing[base]:g}pt)",
                f"make {key} at least {spacing[base]:g}pt; equal keeps the space fixed",
            )


#: A language code as a key of `labels:` (en, sq, fa, en-GB ...).
_LANGUAGE_KEY = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def _labels(
    reader: Reader,
) -> tuple[dict[str, str], dict[str, dict[str, str]], frozenset[str]]:
    """The labels: the defaults with the brand's own on top, per language
    (`labels: {fa: {page: ...}}`) the labels a language changes, and which
    labels the brand wrote directly under `labels:`."""
    by_language: dict[str, dict[str, str]] = {}
    given = reader.get(("labels",))
    languages = (
        [
            key
            for key, value in given.items()
            if isinstance(key, str) and _LANGUAGE_KEY.match(key) and isinstance(value, dict)
        ]
        if isinstance(given, dict)
        else []
    )
    if reader.present(("labels",)):
        reader.mapping(("labels",), optional=(*LABEL_DEFAULTS, *languages))
    labels = dict(LABEL_DEFAULTS)
    given = _label_texts(reader, ("labels",))
    labels.update(given)
    # a label that restates the English default (as `typeset init`'s brand
    # does, to show the keys) chooses no words of its own: a Persian or an
    # Albanian issue still gets typeset's words in its language for it
    written = {key for key, text in given.items() if text != LABEL_DEFAULTS[key]}
    for language in languages:
        if reader.mapping(("labels", language), optional=tuple(LABEL_DEFAULTS)) is None:
            continue
        by_language[language] = _label_texts(reader, ("labels", language))
    return labels, by_language, frozenset(written)


def _label_texts(reader: Reader, path: FieldPath) -> dict[str, str]:
    texts: dict[str, str] = {}
    for key in LABEL_DEFAULTS:
        text = reader.text((*path, key))
        if text is None:
            continue
        problem = _placeholder_problem(key, text)
        if problem:
            reader.error((*path, key), *problem)
            continue
        texts[key] = text
    return texts


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

"""How a brand's issues are produced: the print and screen editions' settings.

Takes the brand file's `print:` and `screen:` sections (through `schema.Reader`);
gives frozen `PrintSpec` and `ScreenSpec` values with every default filled in.
What an edition switches (print or screen) is decided in `edition`. Knows
nothing of pages or drawing: lengths are points, resolutions pixels per inch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# The editions are decided in `edition`; named here too for older imports.
from .edition import EDITIONS as EDITIONS
from .edition import Edition as Edition
from .geometry import MIN_MARK_SLUG
from .pdfx import PLACEHOLDER
from .schema import Reader
from .source import FieldPath

#: The CMYK profile bundled for the FOGRA39 output condition (see its NOTICE).
DEFAULT_PROFILE = Path(__file__).resolve().parent / "data" / "icc" / "FOGRA39-argyll.icc"

PRINT_KEYS = (
    "bleed",
    "slug",
    "safe_zone",
    "crop_marks",
    "ink_limit",
    "output_intent",
    "saddle_stitch",
    "filler",
    "allow_low_resolution",
    "pdfx_checker",
)
OUTPUT_INTENT_KEYS = ("profile", "condition", "info", "registry")
SCREEN_KEYS = ("image_resolution",)


#: Print resolutions, in pixels per inch at the placed size.
PRINT_PPI_GOOD = 300
PRINT_PPI_MINIMUM = 150


MM = 72 / 25.4


def _mm(value: float) -> float:
    return value * MM


@dataclass(frozen=True)
class OutputIntent:
    """The printing condition the print edition is made for (PDF/X output intent)."""

    profile: Path = DEFAULT_PROFILE
    condition: str = "FOGRA39"
    info: str = "Coated FOGRA39 (ISO 12647-2:2004), offset on coated paper"
    registry: str = "http://www.color.org"


@dataclass(frozen=True)
class PrintSpec:
    bleed: float = _mm(3)
    #: room outside the bleed for crop marks: MediaBox = trim + bleed + slug
    slug: float = _mm(9)
    safe_zone: float = _mm(5)
    crop_marks: bool = True
    #: the most ink (C+M+Y+K, in percent) any colour we draw may use
    ink_limit: float = 300.0
    output_intent: OutputIntent = field(default_factory=OutputIntent)
    #: a saddle-stitched issue needs a multiple of four pages
    saddle_stitch: bool = False
    #: heading of the page added to make up a multiple of four; None: report instead
    filler: str | None = None
    allow_low_resolution: bool = False
    #: the independent checker that must confirm a print file before it is
    #: marked PDF/X-4 (see `pdfx`): a command line with "{pdf}"; () for none
    pdfx_checker: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScreenSpec:
    #: images much sharper than this (pixels per inch as placed) are resampled to it
    image_resolution: float = 150.0


def read_print(reader: Reader) -> PrintSpec:
    path: FieldPath = ("print",)
    if not reader.present(path):
        return PrintSpec()
    reader.mapping(path, optional=PRINT_KEYS)
    defaults = PrintSpec()

    def length(key: str, default: float) -> float:
        value = reader.length((*path, key), default=default)
        if value is not None and value < 0:
            reader.error((*path, key), "must not be negative")
            return default
        return default if value is None else value

    filler = reader.text((*path, "filler"), max_length=60)
    slug = length("slug", defaults.slug)
    crop_marks = reader.flag((*path, "crop_marks"), default=defaults.crop_marks)
    if crop_marks and slug < MIN_MARK_SLUG:
        reader.error(
            (*path, "slug"),
            f"the slug ({slug / MM:.1f}mm) is too narrow for crop marks; "
            f"it needs at least {MIN_MARK_SLUG / MM:.1f}mm",
            "widen the slug, or set print.crop_marks: false",
        )
    return PrintSpec(
        bleed=length("bleed", defaults.bleed),
        slug=slug,
        safe_zone=length("safe_zone", defaults.safe_zone),
        crop_marks=crop_marks,
        ink_limit=reader.number(
            (*path, "ink_limit"), default=defaults.ink_limit, minimum=100, maximum=400
        ),
        output_intent=_output_intent(reader, (*path, "output_intent")),
        saddle_stitch=reader.flag((*path, "saddle_stitch"), default=defaults.saddle_stitch),
        filler=filler,
        allow_low_resolution=reader.flag(
            (*path, "allow_low_resolution"), default=defaults.allow_low_resolution
        ),
        pdfx_checker=_checker(reader, (*path, "pdfx_checker")),
    )


def _checker(reader: Reader, path: FieldPath) -> tuple[str, ...]:
    """`print.pdfx_checker`: a command line as a list, "{pdf}" in one of its parts."""
    parts = reader.sequence(path, what='a command line as a list, such as [checker, "{pdf}"]')
    if parts is None:
        return ()
    words = [reader.text((*path, index), max_length=1000) for index in range(len(parts))]
    if any(word is None for word in words):
        return ()
    command = tuple(word for word in words if word is not None)
    if not command:
        reader.error(path, "must name a command", 'write [checker, "{pdf}"], or remove the key')
        return ()
    if not any(PLACEHOLDER in word for word in command):
        reader.error(
            path,
            f"no {PLACEHOLDER} in the command line: the checker would not be given the file",
            f'add "{PLACEHOLDER}" where the file goes, e.g. [checker, "{PLACEHOLDER}"]',
        )
        return ()
    return command


def _output_intent(reader: Reader, path: FieldPath) -> OutputIntent:
    defaults = OutputIntent()
    if not reader.present(path):
        return defaults
    reader.mapping(path, optional=OUTPUT_INTENT_KEYS)
    profile = defaults.profile
    relative = reader.text((*path, "profile"))
    if relative is not None:
        profile = reader.source.resolve(relative)
        problem = _profile_problem(profile)
        if problem:
            reader.error(
                (*path, "profile"), problem, "paths are relative to the brand file's folder"
            )
    return OutputIntent(
        profile=profile,
        condition=reader.text((*path, "condition"), default=defaults.condition, max_length=200)
        or defaults.condition,
        info=reader.text((*path, "info"), default=defaults.info, max_length=200) or defaults.info,
        registry=reader.text((*path, "registry"), default=defaults.registry, max_length=200)
        or defaults.registry,
    )


def _profile_problem(path: Path) -> str | None:
    """Why `path` cannot be a CMYK output profile, or None if it can."""
    try:
        with path.open("rb") as handle:
            header = handle.read(128)
    except OSError:
        return f"ICC profile {str(path)!r} not found"
    if len(header) < 128 or header[36:40] != b"acsp":
        return f"{str(path)!r} is not an ICC profile"
    if header[16:20] != b"CMYK":
        space = header[16:20].decode("latin-1").strip()
        return f"expected a CMYK output profile, found a {space} profile"
    return None


def read_screen(reader: Reader) -> ScreenSpec:
    path: FieldPath = ("screen",)
    if not reader.present(path):
        return ScreenSpec()
    reader.mapping(path, optional=SCREEN_KEYS)
    return ScreenSpec(
        image_resolution=reader.number(
            (*path, "image_resolution"),
            default=ScreenSpec().image_resolution,
            minimum=72,
            maximum=600,
        )
    )

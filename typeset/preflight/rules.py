"""The rules and the profiles: which checks run, and how serious each finding is.

Takes the check functions of the other preflight modules; gives `RULES` (every rule
id, what it asks of the file and its severity per profile; None: not checked) and
`CHECKS` (check functions by name, each with the rules it reports). Plain data: a
new rule is a line here and a check that returns problems with its id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from ..units import POINTS_PER
from .actions import check_actions
from .boxes import check_boxes
from .colour import check_colour
from .document import Document
from .findings import Problem, Severity
from .fonts import check_fonts
from .images import check_images
from .metadata import check_language, check_metadata
from .structure import check_structure
from .text import check_safe_zone

Check = Callable[[Document], Iterable[Problem]]

SAFE_ZONE = 5 * POINTS_PER["mm"]
MIN_BLEED = 3 * POINTS_PER["mm"]


@dataclass(frozen=True)
class Profile:
    name: str
    purpose: str
    min_ppi: float | None  # images below are errors (images.resolution)
    good_ppi: float  # images below are warnings (images.resolution-low)


PROFILES: Mapping[str, Profile] = {
    "print": Profile("print", "a PDF/X-style file for a CMYK press", min_ppi=150, good_ppi=300),
    "screen": Profile("screen", "a file to read on screen and share", min_ppi=None, good_ppi=96),
    # judged by an independent validator (page-validation), not by the rules below
    "pdfa-2b": Profile("pdfa-2b", "an archive file, PDF/A-2b", min_ppi=None, good_ppi=0),
}


@dataclass(frozen=True)
class Rule:
    id: str
    checks: str  # what the file must be, for --help and the README
    severity: Mapping[str, Severity | None]  # by profile; None: not checked


E, W = Severity.ERROR, Severity.WARNING


#: The only rules of the `pdfa-2b` profile: the validator's verdict, and a file that opens.
_PDFA = {"file.unreadable": E, "file.limits": E, "pdfa.rule": E, "pdfa.unvalidated": E}


def _rule(id: str, checks: str, print: Severity | None, screen: Severity | None) -> Rule:
    return Rule(id, checks, {"print": print, "screen": screen, "pdfa-2b": _PDFA.get(id)})


RULES: Mapping[str, Rule] = {
    rule.id: rule
    for rule in (
        _rule("file.unreadable", "the file exists and is a PDF that opens", E, E),
        _rule("file.damaged", "opens without repair; every object and stream reads", E, E),
        _rule("file.warning", "nothing qpdf must work around (e.g. broken web-view hints)", W, W),
        _rule("file.limits", "streams and pages within the limits (no decompression bomb)", E, E),
        _rule("file.encrypted", "not encrypted", E, W),
        _rule("actions.javascript", "no JavaScript (open, page, link, field, bookmark)", E, E),
        _rule("actions.launch", "no Launch actions (opening programs or files)", E, E),
        _rule("links.scheme", "links are http, https or mailto", E, E),
        _rule("fonts.not-embedded", "every font embedded", E, W),
        _rule("fonts.type3", "no Type 3 fonts", E, W),
        _rule("fonts.no-tounicode", "text can be searched: ToUnicode or known encoding", W, E),
        _rule("boxes.missing", "a TrimBox and a BleedBox on every page", E, None),
        _rule("boxes.trim-outside-bleed", "the BleedBox contains the TrimBox", E, None),
        _rule("boxes.bleed-too-small", "bleed of at least --min-bleed on every side", E, None),
        _rule("boxes.bleed-outside-media", "the MediaBox contains the BleedBox", E, None),
        _rule("boxes.mixed-trim", "every page has the same trim size", E, None),
        _rule("colour.rgb", "no DeviceRGB colour in page content", E, None),
        _rule("colour.rgb-image", "no DeviceRGB images", E, None),
        _rule("colour.output-intent", "a PDF/X output intent with a CMYK ICC profile", E, None),
        _rule(
            "colour.pdfx-version",
            "a PDF/X claim (/GTS_PDFXVersion), if made, names a version and agrees with the XMP",
            E,
            None,
        ),
        _rule("images.resolution", "images of at least 150 ppi as placed", E, None),
        _rule("images.resolution-low", "images of 300 ppi (print) or 96 ppi (screen)", W, W),
        _rule("text.safe-zone", "no text within --safe-zone of the trim edge", E, None),
        _rule("metadata.title", "a title, not empty or a placeholder", E, W),
        _rule("metadata.mismatch", "Info and XMP agree: title, dates, producer", E, W),
        _rule("metadata.xmp", "XMP metadata present and readable", W, None),
        _rule("metadata.language", "a document language (/Lang)", None, W),
        _rule("check.failed", "every check ran to its end on this file", E, E),
        _rule("pdfa.rule", "PDF/A-2b as page-validation judges it: each rule it fails", None, None),
        _rule("pdfa.unvalidated", "page-validation could judge the whole file", None, None),
    )
}

#: name -> (check, the rules it reports); a check runs if its profile wants any of them.
#: Structure comes last: it also reports what qpdf had to repair while the others read.
CHECKS: Mapping[str, tuple[Check, tuple[str, ...]]] = {
    "actions": (check_actions, ("actions.javascript", "actions.launch", "links.scheme")),
    "fonts": (check_fonts, ("fonts.not-embedded", "fonts.type3", "fonts.no-tounicode")),
    "boxes": (
        check_boxes,
        (
            "boxes.missing",
            "boxes.trim-outside-bleed",
            "boxes.bleed-too-small",
            "boxes.bleed-outside-media",
            "boxes.mixed-trim",
        ),
    ),
    "colour": (
        check_colour,
        ("colour.rgb", "colour.rgb-image", "colour.output-intent", "colour.pdfx-version"),
    ),
    "images": (check_images, ("images.resolution", "images.resolution-low")),
    "safe zone": (check_safe_zone, ("text.safe-zone",)),
    "metadata": (check_metadata, ("metadata.title", "metadata.mismatch", "metadata.xmp")),
    "language": (check_language, ("metadata.language",)),
    "structure": (check_structure, ("file.damaged", "file.warning", "file.encrypted")),
}


def severity(rule: str, profile: str) -> Severity | None:
    known = RULES.get(rule)
    return known.severity.get(profile) if known else Severity.ERROR

"""PDF/A-2b: the volume made to still open, and look the same, in twenty years.

Takes the assembled writer and the placed issues; adds what PDF/A-2b asks of
the file (an sRGB output intent; every annotation printable; no JavaScript or
other actions that run; the XMP identification is added by `metadata`) and
checks what it cannot add, with preflight's readers on each input: a font
that an input does not embed cannot be embedded afterwards, and DeviceCMYK
needs a CMYK output intent. An input that cannot be made conformant is named
with the reason: an error, or with `best_effort` a warning. Then the written
volume keeps its claim only if page-validation confirms it (`confirm`). Must
not change pages' content.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Collection, Sequence
from functools import cache
from pathlib import Path

import pypdf
from PIL import ImageCms
from pypdf.generic import (
    DictionaryObject,
    NameObject,
    NumberObject,
)

from ..errors import Diagnostic, InputError, Location, error, warning
from ..preflight import pdfa
from .metadata import set_output_intent
from .plan import Placed

#: Annotation flag bits (PDF 32000, 12.5.3): Print must be set; Hidden,
#: Invisible, NoView and ToggleNoView must not be.
_PRINT = 4
_FORBIDDEN_FLAGS = 1 | 2 | 32 | 256


#: The creation date written into the sRGB profile's header (ICC dateTimeNumber:
#: year, month, day, hour, minute, second), fixed so that the same inputs give
#: the same volume: LittleCMS would write the moment the profile is made.
PROFILE_DATE = struct.pack(">6H", 2024, 1, 1, 0, 0, 0)


@cache
def srgb_profile() -> bytes:
    """The ICC bytes of an sRGB profile, made by Pillow's LittleCMS, with a
    fixed date. The profile has no ID (bytes 84-99 are zero), so nothing else
    depends on the date."""
    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    assert not any(data[84:100]), "a profile ID would have to be computed again"
    data[24:36] = PROFILE_DATE
    return bytes(data)


#: The fix for each thing an input brings that PDF/A-2b cannot carry, by
#: preflight's rule; for our own issues and for other makers' files.
_FIXES = {
    "fonts.not-embedded": ("re-export it with every font embedded",) * 2,
    "pdfa.device-cmyk": (
        "compile the screen edition (--edition screen, the default)",
        "re-export it in RGB",
    ),
}


def _problems(item: Placed) -> list[tuple[str, str]]:
    """Why an issue cannot be PDF/A-2b, each with the fix: preflight's readers
    (fonts and colour wherever the pages draw: forms, patterns, annotation
    appearances too) on the input file."""

    c = item.candidate
    reasons = []
    for problem in pdfa.archive_shortfalls(c.pdf, c.password or item.opened.password or ""):
        ours, theirs = _FIXES[problem.rule]
        where = f" (its page {problem.page})" if problem.page is not None else ""
        reasons.append((problem.message + where, ours if c.ours else theirs))
    return reasons


def _strip_actions(writer: pypdf.PdfWriter) -> None:
    """Annotations printable; no JavaScript or launch actions; no auto actions."""
    root = writer.root_object
    for key in ("/OpenAction", "/AA"):
        if key in root:
            del root[key]
    names = root.get("/Names")
    if names is not None and isinstance(names.get_object(), DictionaryObject):
        for key in ("/JavaScript", "/EmbeddedFiles"):
            if key in names.get_object():
                del names.get_object()[key]
    for page in writer.pages:
        if "/AA" in page:
            del page["/AA"]
        annots = page.get("/Annots")
        if annots is None:
            continue
        for ref in annots.get_object():
            annot = ref.get_object()
            if not isinstance(annot, DictionaryObject):
                continue
            flags = int(annot.get("/F", 0))
            annot[NameObject("/F")] = NumberObject((flags | _PRINT) & ~_FORBIDDEN_FLAGS)
            action = annot.get("/A")
            if action is not None and action.get_object().get("/S") in (
                "/JavaScript",
                "/Launch",
                "/Sound",
                "/Movie",
                "/ResetForm",
                "/ImportData",
            ):
                del annot["/A"]
            if "/AA" in annot:
                del annot["/AA"]


def make_conformant(
    writer: pypdf.PdfWriter, issues: Sequence[Placed], *, best_effort: bool
) -> list[Diagnostic]:
    """Prepare the writer for PDF/A-2b; raise `InputError` for inputs that
    cannot be made conformant unless `best_effort`: then they are warnings, and
    the volume is not marked PDF/A (the caller checks for warnings)."""
    found: list[Diagnostic] = []
    for item in issues:
        c = item.candidate
        where = Location(str(c.named_file))
        for reason, fix in _problems(item):
            message = f"cannot be made PDF/A-2b: {reason}"
            if best_effort:
                found.append(warning(where, message, fix))
            else:
                found.append(error(where, message, fix, "or use --archive=best-effort"))
    if found and not best_effort:
        raise InputError(found)
    _strip_actions(writer)
    set_output_intent(
        writer,
        standard="/GTS_PDFA1",
        profile=srgb_profile(),
        components=3,
        condition="sRGB IEC61966-2.1",
        info="sRGB IEC61966-2.1",
    )
    if "/AcroForm" in writer.root_object:
        form = writer.root_object["/AcroForm"].get_object()
        if isinstance(form, DictionaryObject) and "/NeedAppearances" in form:
            del form["/NeedAppearances"]
    return found


def _where(item: Placed) -> Location:
    c = item.candidate
    return Location(str(c.named_file))


def _owners(pages: Sequence[int], issues: Sequence[Placed]) -> list[Placed | None]:
    """The issues that volume `pages` (from 1) belong to; None for the front
    matter and index, which are ours."""
    owners: list[Placed | None] = []
    for page in pages:
        owner = next((p for p in issues if p.first <= page < p.first + p.pages), None)
        if owner not in owners:
            owners.append(owner)
    return owners


def _suspects(rules: Collection[str], issues: Sequence[Placed]) -> dict[str, list[Placed]]:
    """For rules the validator names without a page: the inputs that, validated
    alone, break the same rule (one more child process, only on failure)."""

    found: dict[str, list[Placed]] = {rule: [] for rule in rules}
    for item, verdict in zip(issues, pdfa.validate([p.candidate.pdf for p in issues]), strict=True):
        for failure in verdict.failures:
            if failure.rule in found and item not in found[failure.rule]:
                found[failure.rule].append(item)
    return found


def _blame(
    failure: pdfa.Failure,
    issues: Sequence[Placed],
    alone: Sequence[Placed],
    output: Path,
    make: Callable[..., Diagnostic],
    fix: tuple[str, ...],
) -> list[Diagnostic]:
    """One failing rule: at the input whose page uses the failing object (or
    at the volume, when the front matter does or no page does), and at every
    other input that breaks the rule when validated alone."""

    text = f"fails PDF/A-2b in the volume: {failure.rule}: {pdfa.describe(failure)}"
    found: list[Diagnostic] = []
    owners = _owners(failure.pages, issues)
    for owner in owners:
        if owner is None:
            found.append(make(Location(str(output)), f"the front matter {text}", *fix))
            continue
        page = next(p for p in failure.pages if owner.first <= p < owner.first + owner.pages)
        where = f"its page {page - owner.first + 1}, volume page {page}"
        found.append(make(_where(owner), f"{text} ({where})", pdfa.hint(failure.rule), *fix))
    if not owners:
        found.append(
            make(
                Location(str(output)),
                f"the volume {text}; no page uses the object"
                + ("" if alone else ", and no input breaks this rule alone"),
                *fix,
            )
        )
    for other in alone:
        if other not in owners:
            found.append(
                make(
                    _where(other),
                    f"breaks PDF/A-2b rule {failure.rule} when validated alone (the "
                    "validator names only the first object that breaks a rule)",
                    pdfa.hint(failure.rule),
                    *fix,
                )
            )
    return found


def confirm(
    path: Path, issues: Sequence[Placed], output: Path, *, best_effort: bool
) -> tuple[list[Diagnostic], float]:
    """Whether the volume written to `path` with the PDF/A-2b identification is
    PDF/A-2b as page-validation judges it; and how long the validator took.
    Confirmed: no diagnostics. Not confirmed, or the validator could not judge
    the file: one diagnostic per failing rule, at the inputs the failing objects
    come from (or that could be the cause), and a last one at `output`; errors,
    raised as `InputError`, unless `best_effort`: then warnings, and the caller
    writes the volume again without the identification."""

    (verdict,) = pdfa.validate([path])
    if verdict.passed:
        return [], verdict.seconds
    make = warning if best_effort else error
    fix = () if best_effort else ("or use --archive=best-effort for a volume not marked PDF/A",)
    found: list[Diagnostic] = []
    failures = pdfa.locate(path, verdict.failures)
    # The validator names one object per rule, the first it meets: the inputs
    # that break the rule when validated alone are named too.
    suspects = _suspects({f.rule for f in failures}, issues) if failures else {}
    for failure in failures:
        found.extend(_blame(failure, issues, suspects.get(failure.rule, []), output, make, fix))
    reason = (
        verdict.unavailable
        if not verdict.judged
        else f"page-validation finds {len(failures)} rule{'s' if len(failures) != 1 else ''} "
        "of PDF/A-2b broken: " + ", ".join(f.rule for f in failures)
    )
    found.append(
        make(
            Location(str(output)),
            f"the volume is not marked PDF/A-2b: {reason}",
            pdfa.HINT_VALIDATE,
            *fix,
        )
    )
    if not best_effort:
        raise InputError(found)
    return found, verdict.seconds

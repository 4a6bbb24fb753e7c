"""PDF/A-2b: the volume made to still open, and look the same, in twenty years.

Takes the assembled writer and the placed issues; adds what PDF/A-2b asks of
the file (an sRGB output intent; every annotation printable; no JavaScript or
other actions that run; the XMP identification is added by `metadata`) and
checks what it cannot add: a font that an input does not embed cannot be
embedded afterwards. An input that cannot be made conformant is named with
the reason: an error, or with `best_effort` a warning. Must not change pages'
content.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Collection, Iterator, Sequence
from functools import cache
from pathlib import Path

import pypdf
from PIL import ImageCms
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
)

from ..errors import Diagnostic, InputError, Location, error, warning
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


def _fonts(resources: object, seen: set[int]) -> Iterator[DictionaryObject]:
    """Every font dictionary reachable from a resource dictionary, forms included."""
    if resources is None:
        return
    resources = resources.get_object()  # type: ignore[attr-defined]
    if not isinstance(resources, DictionaryObject):
        return
    fonts = resources.get("/Font")
    if fonts is not None and isinstance(fonts.get_object(), DictionaryObject):
        for font in fonts.get_object().values():
            font = font.get_object()
            if isinstance(font, DictionaryObject) and id(font) not in seen:
                seen.add(id(font))
                yield font
                if font.get("/Subtype") == "/Type3":
                    yield from _fonts(font.get("/Resources"), seen)
    xobjects = resources.get("/XObject")
    if xobjects is not None and isinstance(xobjects.get_object(), DictionaryObject):
        for xobject in xobjects.get_object().values():
            xobject = xobject.get_object()
            if (
                isinstance(xobject, StreamObject)
                and xobject.get("/Subtype") == "/Form"
                and id(xobject) not in seen
            ):
                seen.add(id(xobject))
                yield from _fonts(xobject.get("/Resources"), seen)


def _embedded(font: DictionaryObject) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True
    descriptor = font.get("/FontDescriptor")
    if descriptor is None and "/DescendantFonts" in font:
        descendants = font["/DescendantFonts"].get_object()
        if isinstance(descendants, ArrayObject) and descendants:
            descriptor = descendants[0].get_object().get("/FontDescriptor")
    if descriptor is None:
        return False
    descriptor = descriptor.get_object()
    return any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def unembedded_fonts(writer: pypdf.PdfWriter, first: int, count: int) -> list[str]:
    names: list[str] = []
    seen: set[int] = set()
    for index in range(first, first + count):
        for font in _fonts(writer.pages[index].get("/Resources"), seen):
            if not _embedded(font):
                name = str(font.get("/BaseFont", "(unnamed)")).lstrip("/")
                if name not in names:
                    names.append(name)
    return names


_CMYK_OPERATOR = re.compile(rb"(?:^|\s)(?:[-+]?[\d.]+\s+){4}[kK](?=\s|$)")


def uses_device_cmyk(writer: pypdf.PdfWriter, first: int, count: int) -> bool:
    """Whether pages paint in DeviceCMYK (the k/K operators, or a CMYK image),
    which PDF/A allows only with a CMYK output intent."""
    for index in range(first, first + count):
        page = writer.pages[index]
        try:
            content = page.get_contents()
            data = content.get_data() if content is not None else b""
        except Exception:  # an undecodable stream is judged elsewhere
            continue
        if _CMYK_OPERATOR.search(data):
            return True
        resources = page.get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources is not None else None
        for ref in xobjects.get_object().values() if xobjects is not None else ():
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Image" and xobject.get("/ColorSpace") == "/DeviceCMYK":
                return True
    return False


def _problems(writer: pypdf.PdfWriter, item: Placed) -> list[tuple[str, str]]:
    """Why an issue cannot be PDF/A-2b, each with the fix."""
    reasons = []
    if uses_device_cmyk(writer, item.first - 1, item.pages):
        fix = (
            "compile the screen edition (--edition screen, the default)"
            if item.candidate.kind == "ours"
            else "re-export it in RGB"
        )
        reasons.append(("it paints in DeviceCMYK, which needs a CMYK output intent", fix))
    missing = unembedded_fonts(writer, item.first - 1, item.pages)
    if missing:
        shown = ", ".join(missing[:4]) + (
            f" and {len(missing) - 4} more" if len(missing) > 4 else ""
        )
        reasons.append((f"fonts not embedded: {shown}", "re-export it with every font embedded"))
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
        where = Location(str(c.source if c.kind == "ours" else c.pdf))
        for reason, fix in _problems(writer, item):
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
    return Location(str(c.source if c.kind == "ours" else c.pdf))


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
    from ..preflight.pdfa import validate

    found: dict[str, list[Placed]] = {rule: [] for rule in rules}
    for item, verdict in zip(issues, validate([p.candidate.pdf for p in issues]), strict=True):
        for failure in verdict.failures:
            if failure.rule in found and item not in found[failure.rule]:
                found[failure.rule].append(item)
    return found


def _names(items: Sequence[Placed]) -> str:
    shown = ", ".join(p.candidate.pdf.name for p in items[:4])
    return shown + (f" and {len(items) - 4} more" if len(items) > 4 else "")


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
    from ..preflight.pdfa import HINT_VALIDATE, describe, hint, locate, validate

    (verdict,) = validate([path])
    if verdict.passed:
        return [], verdict.seconds
    make = warning if best_effort else error
    fix = () if best_effort else ("or use --archive=best-effort for a volume not marked PDF/A",)
    found: list[Diagnostic] = []
    failures = locate(path, verdict.failures)
    unplaced = [f.rule for f in failures if not f.pages]
    suspects = _suspects(unplaced, issues) if unplaced else {}
    for failure in failures:
        text = f"fails PDF/A-2b in the volume: {failure.rule}: {describe(failure)}"
        owners = _owners(failure.pages, issues)
        for owner in owners:
            if owner is None:
                found.append(make(Location(str(output)), f"the front matter {text}", *fix))
                continue
            page = next(p for p in failure.pages if owner.first <= p < owner.first + owner.pages)
            where = f"its page {page - owner.first + 1}, volume page {page}"
            found.append(make(_where(owner), f"{text} ({where})", hint(failure.rule), *fix))
        if owners:
            continue
        could = suspects.get(failure.rule, [])
        found.append(
            make(
                Location(str(output)),
                f"the volume {text}; no page names the object: "
                + (
                    f"the inputs that break this rule alone are {_names(could)}"
                    if could
                    else "no input breaks this rule alone"
                ),
                *fix,
            )
        )
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
            HINT_VALIDATE,
            *fix,
        )
    )
    if not best_effort:
        raise InputError(found)
    return found, verdict.seconds

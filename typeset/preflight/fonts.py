"""Whether every font travels with the file and its text can be read back.

Takes a `Document`; gives problems. Finds fonts in every resource dictionary a page
reaches (the page, form XObjects recursively, tiling patterns, Type 3 fonts and
annotation appearance streams), as `pdffonts` lists them, and reports each font name
once, at the first page that uses it: not embedded (no FontFile, FontFile2 or FontFile3,
through a Type 0 font's descendant), a Type 3 font, or no ToUnicode map where the
encoding alone does not tell which characters the codes are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pikepdf

from .content import resource_dicts
from .document import Document, each_page
from .findings import Problem

_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
_STANDARD_ENCODINGS = frozenset(
    {"/WinAnsiEncoding", "/MacRomanEncoding", "/StandardEncoding", "/MacExpertEncoding"}
)
#: Glyph names that say nothing about the character (subset tools write these).
_OPAQUE_GLYPH = re.compile(r"^/(?:g|gid|glyph|cid|index|G|c|C)?\d+$")
_HINT_EMBED = "embed every font when making the PDF (a printer would substitute another font)"
_HINT_TYPE3 = "use a TrueType or OpenType font instead of a Type 3 (bitmap or drawn) font"
_HINT_UNICODE = "make the PDF with a tool that writes ToUnicode maps for its fonts"


@dataclass
class _Font:
    name: str
    font: pikepdf.Dictionary
    pages: set[int] = field(default_factory=set)


def _name(font: pikepdf.Dictionary, resource_name: str) -> str:
    base = font.get("/BaseFont")
    return str(base)[1:] if isinstance(base, pikepdf.Name) else resource_name[1:]


def _fonts(doc: Document, found: dict[object, _Font]) -> Iterator[Problem]:
    """Fill `found`, page by page; a page that cannot be read is said and skipped."""

    def page(number: int) -> Iterator[Problem]:
        for resources in resource_dicts(doc.page_dict(number), doc.resources(number)):
            fonts = resources.get("/Font")
            if not isinstance(fonts, pikepdf.Dictionary):
                continue
            for resource_name, font in fonts.items():
                if not isinstance(font, pikepdf.Dictionary):
                    continue
                name = _name(font, resource_name)
                key: object = font.objgen if font.objgen != (0, 0) else (name, repr(font))
                entry = found.setdefault(key, _Font(name, font))
                entry.pages.add(number)
        return iter(())

    yield from each_page(doc, "fonts", page)


def _descendant(font: pikepdf.Dictionary) -> pikepdf.Dictionary:
    """A Type 0 font's CIDFont, which has the descriptor; a simple font itself."""
    descendants = font.get("/DescendantFonts")
    if isinstance(descendants, pikepdf.Array) and len(descendants):
        first = descendants[0]
        if isinstance(first, pikepdf.Dictionary):
            return first
    return font


def is_embedded(font: pikepdf.Dictionary) -> bool:
    descriptor = _descendant(font).get("/FontDescriptor")
    return isinstance(descriptor, pikepdf.Dictionary) and any(
        key in descriptor for key in _FONT_FILES
    )


def has_readable_text(font: pikepdf.Dictionary) -> bool:
    """Whether a reader can tell the characters: a ToUnicode map, a Unicode CMap, or
    a simple font whose encoding uses meaningful glyph names."""
    if "/ToUnicode" in font:
        return True
    encoding = font.get("/Encoding")
    subtype = font.get("/Subtype")
    if subtype == "/Type0":
        name = str(encoding) if isinstance(encoding, pikepdf.Name) else ""
        return name.startswith("/Uni") and ("UCS2" in name or "UTF16" in name)
    if isinstance(encoding, pikepdf.Name):
        return str(encoding) in _STANDARD_ENCODINGS
    if isinstance(encoding, pikepdf.Dictionary):
        differences = encoding.get("/Differences")
        names = [str(v) for v in differences or () if isinstance(v, pikepdf.Name)]
        return not any(_OPAQUE_GLYPH.match(name) for name in names)
    # No encoding: a Type 1 font's built-in encoding has glyph names; a TrueType
    # or Type 3 font's codes mean nothing without a map.
    return subtype in ("/Type1", "/MMType1")


#: rule -> (message, hint); {name} and {subtype} are filled in per font.
_MESSAGES = {
    "fonts.type3": (
        "font {name!r} is a Type 3 font, its glyphs drawn as PDF graphics",
        _HINT_TYPE3,
    ),
    "fonts.not-embedded": ("font {name!r} ({subtype}) is not embedded", _HINT_EMBED),
    "fonts.no-tounicode": (
        "font {name!r} has no ToUnicode map: its text cannot be searched or copied",
        _HINT_UNICODE,
    ),
}


def unembedded(doc: Document) -> dict[str, set[int]]:
    """The fonts that are not embedded (Type 3 fonts are drawn, so they are),
    by name, each with every page that uses it."""
    fonts: dict[object, _Font] = {}
    for _ in _fonts(doc, fonts):
        pass  # a page that cannot be read adds no font (the validator still judges it)
    found: dict[str, set[int]] = {}
    for entry in fonts.values():
        if entry.font.get("/Subtype") != "/Type3" and not is_embedded(entry.font):
            found.setdefault(entry.name, set()).update(entry.pages)
    return found


def _rules_broken(font: pikepdf.Dictionary) -> Iterator[str]:
    if font.get("/Subtype") == "/Type3":
        yield "fonts.type3"
    elif not is_embedded(font):
        yield "fonts.not-embedded"
    if not has_readable_text(font):
        yield "fonts.no-tounicode"


def check_fonts(doc: Document) -> Iterator[Problem]:
    """Each problem once per font name, at its first page, however many font objects
    (one per page, from some writers) share that name."""
    pages: dict[tuple[str, str, str], set[int]] = {}
    found: dict[object, _Font] = {}
    yield from _fonts(doc, found)
    for entry in found.values():
        subtype = str(entry.font.get("/Subtype", "/unknown"))[1:]
        for rule in _rules_broken(entry.font):
            pages.setdefault((rule, entry.name, subtype), set()).update(entry.pages)
    for (rule, name, subtype), on in pages.items():
        message, hint = _MESSAGES[rule]
        where = f" (on {len(on)} pages)" if len(on) > 1 else ""
        yield Problem(rule, message.format(name=name, subtype=subtype) + where, min(on), (hint,))

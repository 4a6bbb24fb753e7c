"""How a reader finds their way in the volume: outline, page labels, names, links.

Takes the pypdf writer being assembled and where each issue's pages landed;
adds the nested outline (year › issue › item, with the bookmarks a foreign
PDF already had kept under its issue), page labels (i, ii … for the front
matter, `112-1`, `112-2` … for the issues, `index-1` … at the back), named
destinations that cannot collide between issues, and link annotations. Must
not add or remove pages.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import pypdf
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    Fit,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

log = logging.getLogger(__name__)

#: An outline entry of a source PDF: title, page in that PDF (from 0, or None
#: when it points nowhere), its fit, and its children.
Bookmark = tuple[str, int | None, Fit | None, list["Bookmark"]]


def read_outline(reader: pypdf.PdfReader) -> list[Bookmark]:
    """The bookmarks of a PDF, nested as they were, each resolved to a page."""
    try:
        tree = reader.outline
    except Exception as exc:  # a broken outline is the file's problem
        log.debug("outline unreadable: %s", exc)
        return []
    return _convert(reader, tree)


def _convert(reader: pypdf.PdfReader, tree: Sequence[object]) -> list[Bookmark]:
    result: list[Bookmark] = []
    for node in tree:
        if isinstance(node, list):
            if result:
                result[-1][3].extend(_convert(reader, node))
            else:  # children without a parent: keep them at this level
                result.extend(_convert(reader, node))
            continue
        if not isinstance(node, DictionaryObject):
            continue
        title = node.get("/Title")
        text = " ".join(str(title).split()) if title is not None else ""
        page: int | None
        try:
            found = reader.get_destination_page_number(node)  # type: ignore[arg-type]
            page = found if found is not None and found >= 0 else None
        except Exception:
            page = None
        result.append((text or "(untitled)", page, _fit(node), []))
    return result


def _fit(node: DictionaryObject) -> Fit | None:
    try:
        array = node.dest_array  # type: ignore[attr-defined]
    except Exception:
        return None
    if not isinstance(array, list) or len(array) < 2:
        return None
    try:
        return Fit(str(array[1]), tuple(array[2:]))
    except (TypeError, ValueError):
        return None


def add_bookmarks(
    writer: pypdf.PdfWriter,
    bookmarks: Sequence[Bookmark],
    *,
    parent: IndirectObject,
    first_page: int,
    pages: int,
) -> int:
    """Add `bookmarks` (pages relative to `first_page`) under `parent`; the
    number of entries that pointed nowhere (kept, without a destination)."""
    nowhere = 0
    for title, page, fit, children in bookmarks:
        target = first_page + page if page is not None and page < pages else None
        nowhere += target is None
        entry = writer.add_outline_item(
            title=title,
            page_number=target,
            parent=parent,
            fit=fit or Fit.fit(),
            is_open=False,
        )
        nowhere += add_bookmarks(writer, children, parent=entry, first_page=first_page, pages=pages)
    return nowhere


# -- named destinations -------------------------------------------------------


def detach_names(reader: pypdf.PdfReader) -> dict[str, ArrayObject]:
    """Take the named destinations out of a source PDF before it is merged.

    Links inside the PDF that use a name are pointed at the page itself, so
    they keep working; the names are returned, to be added to the volume
    with the issue's prefix (names from different issues never collide)."""
    try:
        named = reader.named_destinations
    except Exception as exc:
        log.debug("named destinations unreadable: %s", exc)
        named = {}
    arrays: dict[str, ArrayObject] = {}
    for name, dest in named.items():
        try:
            array = dest.dest_array
        except Exception:
            continue
        if isinstance(array, ArrayObject) and array and isinstance(array[0], IndirectObject):
            arrays[str(name)] = array
    # With no names to resolve, no link can change: its pages are left unread.
    for page in reader.pages if arrays else ():
        for annot_ref in _annotations(page):
            annot = annot_ref.get_object()
            if not isinstance(annot, DictionaryObject) or annot.get("/Subtype") != "/Link":
                continue
            _resolve_link(annot, arrays)
    root = reader.root_object
    names = root.get("/Names")
    if names is not None:
        names = names.get_object()
        if isinstance(names, DictionaryObject) and "/Dests" in names:
            del names["/Dests"]
    if "/Dests" in root:
        del root["/Dests"]
    return arrays


def _annotations(page: pypdf.PageObject) -> list[IndirectObject]:
    annots = page.get("/Annots")
    if annots is None:
        return []
    annots = annots.get_object()
    if not isinstance(annots, list):
        return []
    return [a for a in annots if isinstance(a, IndirectObject)]


def _resolve_link(annot: DictionaryObject, arrays: dict[str, ArrayObject]) -> None:
    dest = annot.get("/Dest")
    if dest is not None and not isinstance(dest.get_object(), list):
        found = arrays.get(str(dest.get_object()))
        if found is not None:
            annot[NameObject("/Dest")] = found
        return
    action = annot.get("/A")
    if action is None:
        return
    action = action.get_object()
    if not isinstance(action, DictionaryObject) or action.get("/S") != "/GoTo":
        return
    target = action.get("/D")
    if target is not None and not isinstance(target.get_object(), list):
        found = arrays.get(str(target.get_object()))
        if found is not None:
            action[NameObject("/D")] = found


def set_names(writer: pypdf.PdfWriter, names: dict[str, ArrayObject]) -> None:
    """The volume's named destinations, as one sorted name tree leaf."""
    if not names:
        return
    flat = ArrayObject()
    for name in sorted(names):
        flat.append(TextStringObject(name))
        flat.append(names[name])
    tree = DictionaryObject({NameObject("/Names"): flat})
    root = writer.root_object
    holder = DictionaryObject({NameObject("/Dests"): writer._add_object(tree)})
    root[NameObject("/Names")] = writer._add_object(holder)


def page_dest(writer: pypdf.PdfWriter, index: int) -> ArrayObject:
    """A destination showing the whole of page `index` (from 0)."""
    page = writer.pages[index]
    assert page.indirect_reference is not None
    return ArrayObject([page.indirect_reference, NameObject("/Fit")])


# -- page labels ----------------------------------------------------------------


@dataclass(frozen=True)
class LabelRange:
    first: int  # page index from 0
    style: str | None  # "/D", "/r", …
    prefix: str | None = None


def set_page_labels(writer: pypdf.PdfWriter, ranges: Sequence[LabelRange]) -> None:
    nums = ArrayObject()
    for entry in ranges:
        label = DictionaryObject()
        if entry.style:
            label[NameObject("/S")] = NameObject(entry.style)
        if entry.prefix:
            label[NameObject("/P")] = TextStringObject(entry.prefix)
        nums.append(NumberObject(entry.first))
        nums.append(label)
    writer.root_object[NameObject("/PageLabels")] = writer._add_object(
        DictionaryObject({NameObject("/Nums"): nums})
    )


# -- links ------------------------------------------------------------------------


def add_link(
    writer: pypdf.PdfWriter,
    page_index: int,
    rect: tuple[float, float, float, float],
    target: int,
) -> None:
    """An invisible link on page `page_index` to the whole of page `target` (both from 0)."""
    page = writer.pages[page_index]
    annot = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject(FloatObject(round(v, 3)) for v in rect),
            NameObject("/Border"): ArrayObject([NumberObject(0)] * 3),
            NameObject("/F"): NumberObject(4),
            NameObject("/Dest"): page_dest(writer, target),
        }
    )
    reference = writer._add_object(annot)
    annots = page.get("/Annots")
    if annots is None:
        page[NameObject("/Annots")] = ArrayObject([reference])
    else:
        annots.get_object().append(reference)

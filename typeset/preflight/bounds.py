"""Whether a file stays within the declared limits, found before anything decodes it.

Takes an opened `pikepdf.Pdf` and the `PdfLimits`; gives `Bounds`: the streams that
decode to more than a stream may (by object number, with what they are), whether
the file as a whole decodes to more than a file may, the pages that reach an
oversized stream, and the problems to report (rule `file.limits`). Every stream is
measured incrementally (`typeset.streams`), holding at most a chunk of its output,
so a decompression bomb is found without being inflated. The checks then leave
alone what did not pass: no content scan, no pdfium, no qpdf decoding of those
pages or streams. One object that cannot be read costs only that object.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pikepdf

from ..limits import PdfLimits
from ..streams import TooLarge, measure
from .findings import Problem

ObjGen = tuple[int, int]
HINT_LIMIT = (
    "a stream this large is a damaged file or a decompression bomb; "
    "make the file again with the program that wrote it"
)
#: Keys a page's drawing does not go through: its place in the tree and where links go.
_NOT_DRAWN = frozenset(
    {"/Parent", "/P", "/Dest", "/D", "/A", "/AA", "/Next", "/Prev", "/First", "/Last", "/Kids"}
)
_MAX_SHOWN = 3


@dataclass
class Bounds:
    #: streams over the limit: object and generation -> what they decode to, in words
    oversized: dict[ObjGen, str] = field(default_factory=dict)
    #: the file together decodes to more than the limit: nothing is decoded at all
    whole_file: bool = False
    #: pages (from 1) that draw an oversized stream
    pages: set[int] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)

    @property
    def exceeded(self) -> bool:
        return self.whole_file or bool(self.oversized)

    def safe(self, obj: object) -> bool:
        """Whether `obj` may be decoded (it is not an oversized stream)."""
        if self.whole_file:
            return False
        return not isinstance(obj, pikepdf.Object) or obj.objgen not in self.oversized


def _what(stream: pikepdf.Stream) -> str:
    subtype = stream.get("/Subtype")
    kind = stream.get("/Type")
    if subtype == "/Image":
        return "an image"
    if subtype == "/Form":
        return "a form"
    if isinstance(kind, pikepdf.Name):
        return f"a {str(kind)[1:]} stream"
    return "a stream"


def check_bounds(pdf: pikepdf.Pdf, limits: PdfLimits) -> Bounds:
    bounds = Bounds()
    total = 0
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream):
            continue
        try:
            total += measure(obj, limits.stream_bytes)
        except TooLarge:
            number, generation = obj.objgen
            bounds.oversized[obj.objgen] = f"object {number} {generation} ({_what(obj)})"
            continue
        except Exception:  # noqa: S112  # unreadable: the damage check reports it
            continue
        if total > limits.pdf_bytes:
            bounds.whole_file = True
            break
    if bounds.whole_file:
        bounds.problems.append(
            Problem(
                "file.limits",
                f"the file's streams decode to more than {_mb(limits.pdf_bytes)} together, "
                "the limit for one file; its pages were not read",
                hints=(HINT_LIMIT,),
            )
        )
    if bounds.oversized:
        named = list(bounds.oversized.values())
        more = f"; and {len(named) - _MAX_SHOWN} more" if len(named) > _MAX_SHOWN else ""
        bounds.problems.append(
            Problem(
                "file.limits",
                f"{', '.join(named[:_MAX_SHOWN])}{more} "
                f"{'decodes' if len(named) == 1 else 'decode'} to more than "
                f"{_mb(limits.stream_bytes)}, the limit for one stream; not decoded, and the "
                "pages that draw them were not read",
                hints=(HINT_LIMIT,),
            )
        )
        bounds.pages = _pages_reaching(pdf, set(bounds.oversized))
    return bounds


def _pages_reaching(pdf: pikepdf.Pdf, targets: set[ObjGen]) -> set[int]:
    """The pages whose drawing reaches one of `targets` (walked without recursion)."""
    found: set[int] = set()
    for number, page in enumerate(pdf.pages, 1):
        seen: set[ObjGen] = set()
        pending: list[object] = [page.obj]
        while pending:
            current = pending.pop()
            if isinstance(current, pikepdf.Array):
                pending.extend(current)
                continue
            if not isinstance(current, pikepdf.Dictionary | pikepdf.Stream):
                continue
            key = current.objgen
            if key in targets:
                found.add(number)
                break
            if key != (0, 0):
                if key in seen:
                    continue
                seen.add(key)
            for name, value in current.items():
                if name not in _NOT_DRAWN:
                    pending.append(value)
    return found


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f} MB" if size >= 1024 * 1024 else f"{size:,} bytes"

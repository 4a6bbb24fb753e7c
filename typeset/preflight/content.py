"""What a page's content draws: images with their placed size, and RGB and CMYK colour.

Takes a page dictionary and its resources; gives a `PageScan`. Walks the content
stream with pikepdf, keeping the current transformation matrix through q/Q/cm, into
form XObjects (with their /Matrix), tiling patterns and annotation appearance streams,
so an image's placed size is known wherever it is drawn. Also lists every resource
dictionary a page reaches, for the font check. Judges nothing: it only reports what
is there.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import pikepdf

from ..xmp import read_source

Matrix = tuple[float, float, float, float, float, float]
#: A rectangle in PDF points, normalised: (left, bottom, right, top).
Rect = tuple[float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_MAX_DEPTH = 12  # forms inside forms; deeper nesting (or a cycle) is not followed
_RGB_NAMES = frozenset({"/DeviceRGB", "/RGB"})  # /RGB: the inline-image abbreviation
_CMYK_NAMES = frozenset({"/DeviceCMYK", "/CMYK"})
#: Bytes of an image's XMP read for its source file's name: ours is about 330;
#: a larger packet is not read, so that a file cannot make preflight parse
#: megabytes of XML per image drawn.
_MAX_PACKET = 8 * 1024


@dataclass(frozen=True)
class ImageUse:
    """One image drawn on a page, with its size in pixels and as placed, in points."""

    name: str
    width: int
    height: int
    placed_width: float
    placed_height: float
    colour_space: str
    rgb: bool
    inline: bool
    cmyk: bool = False
    #: the file it was made from, as its own XMP names it (`dc:source`), if it does
    source: str | None = None

    def describe(self) -> str:
        """How a message names it: by the file it was made from when it says so,
        with its name in the PDF (to find it in the file) and its pixels."""
        if self.inline:
            return f"inline image ({self.width} x {self.height} px)"
        if self.source:
            return f'image "{self.source}" ({self.name}, {self.width} x {self.height} px)'
        return f"image {self.name!r} ({self.width} x {self.height} px)"

    @property
    def ppi(self) -> float:
        """The effective resolution: the lower of the two directions."""
        if self.placed_width <= 0 or self.placed_height <= 0:
            return math.inf
        return min(self.width / (self.placed_width / 72), self.height / (self.placed_height / 72))


@dataclass
class PageScan:
    images: list[ImageUse] = field(default_factory=list)
    rgb: Counter[str] = field(default_factory=Counter)  # what used DeviceRGB -> times
    cmyk: Counter[str] = field(default_factory=Counter)  # what used DeviceCMYK -> times
    unreadable: list[str] = field(default_factory=list)  # content that could not be parsed


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """m × n in PDF's row-vector convention: apply m, then n."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (
        a * p + b * r,
        a * q + b * s,
        c * p + d * r,
        c * q + d * s,
        e * p + f * r + t,
        e * q + f * s + u,
    )


def matrix(value: object) -> Matrix:
    if isinstance(value, pikepdf.Array) and len(value) == 6:
        try:
            a, b, c, d, e, f = (float(v) for v in value)
        except (TypeError, ValueError):
            return IDENTITY
        return (a, b, c, d, e, f)
    return IDENTITY


def rect(value: object) -> Rect | None:
    """A box array as a normalised rectangle, or None if it is not four numbers."""
    if not isinstance(value, pikepdf.Array) or len(value) != 4:
        return None
    try:
        x0, y0, x1, y1 = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _get(resources: pikepdf.Dictionary | None, kind: str, name: object) -> object | None:
    if resources is None or not isinstance(name, pikepdf.Name):
        return None
    group = resources.get(kind)
    if not isinstance(group, pikepdf.Dictionary):
        return None
    return group.get(str(name))


def is_device_rgb(space: object, resources: pikepdf.Dictionary | None, depth: int = 0) -> bool:
    """Whether a colour space is DeviceRGB, directly, by resource name or as an
    indexed palette's base. ICC-based and calibrated RGB are device-independent and
    are not counted (PDF/X-4 allows them with an output intent)."""
    return _is_device(space, resources, _RGB_NAMES, depth)


def is_device_cmyk(space: object, resources: pikepdf.Dictionary | None) -> bool:
    """Whether a colour space is DeviceCMYK, as `is_device_rgb` tells DeviceRGB."""
    return _is_device(space, resources, _CMYK_NAMES, 0)


def _is_device(
    space: object, resources: pikepdf.Dictionary | None, names: frozenset[str], depth: int
) -> bool:
    if depth > 4:
        return False
    if isinstance(space, pikepdf.Name):
        if str(space) in names:
            return True
        named = _get(resources, "/ColorSpace", space)
        return named is not None and _is_device(named, resources, names, depth + 1)
    if isinstance(space, pikepdf.Array) and len(space) >= 2:
        family = str(space[0])
        if family in ("/Indexed", "/I"):
            return _is_device(space[1], resources, names, depth + 1)
    return False


def _space_name(space: object) -> str:
    if isinstance(space, pikepdf.Array) and len(space):
        return str(space[0])
    return str(space) if space is not None else "none"


class _Walker:
    def __init__(self, scan: PageScan) -> None:
        self.scan = scan
        self.active: set[tuple[int, int]] = set()  # forms being walked (cycle guard)
        # forms already walked at a scale: a form drawn a thousand times the same size
        # (a map symbol, a pattern cell) is read once
        self.done: set[tuple[tuple[int, int], tuple[float, ...]]] = set()
        # an image's source file, read once however often the page draws it
        self.sources: dict[tuple[int, int], str | None] = {}

    def walk(
        self,
        stream: pikepdf.Object,
        resources: pikepdf.Dictionary | None,
        ctm: Matrix,
        depth: int,
    ) -> None:
        try:
            instructions = pikepdf.parse_content_stream(stream)
        except (pikepdf.PdfError, ValueError, TypeError) as exc:
            self.scan.unreadable.append(str(exc))
            return
        stack: list[Matrix] = []
        for instruction in instructions:
            # operators as bytes: one that is not UTF-8 (a damaged stream) is still an
            # operator, unknown, and must not end the scan of the page
            operands = instruction.operands
            op = instruction.operator.unparse().decode("latin-1")
            if op == "q":
                stack.append(ctm)
            elif op == "Q":
                ctm = stack.pop() if stack else ctm
            elif op == "cm" and len(operands) == 6:
                ctm = multiply(matrix(pikepdf.Array(operands)), ctm)
            elif op == "Do" and operands:
                self._draw(operands[0], resources, ctm, depth)
            elif isinstance(instruction, pikepdf.ContentStreamInlineImage):
                self._inline(instruction.iimage, resources, ctm)
            elif op in ("rg", "RG"):
                self.scan.rgb[f"'{op}' operator"] += 1
            elif op in ("k", "K"):
                self.scan.cmyk[f"'{op}' operator"] += 1
            elif op in ("cs", "CS") and operands:
                if is_device_rgb(operands[0], resources):
                    self.scan.rgb["DeviceRGB colour space ('cs'/'CS')"] += 1
                elif is_device_cmyk(operands[0], resources):
                    self.scan.cmyk["DeviceCMYK colour space ('cs'/'CS')"] += 1
            elif op == "sh" and operands:
                self._shading(_get(resources, "/Shading", operands[0]), resources)
            elif op in ("scn", "SCN") and operands:
                self._pattern(_get(resources, "/Pattern", operands[-1]), resources, depth)

    def _shading(self, shading: object, resources: pikepdf.Dictionary | None) -> None:
        if not isinstance(shading, pikepdf.Dictionary | pikepdf.Stream):
            return
        if is_device_rgb(shading.get("/ColorSpace"), resources):
            self.scan.rgb["DeviceRGB shading"] += 1
        elif is_device_cmyk(shading.get("/ColorSpace"), resources):
            self.scan.cmyk["DeviceCMYK shading"] += 1

    def _pattern(self, pattern: object, resources: pikepdf.Dictionary | None, depth: int) -> None:
        if isinstance(pattern, pikepdf.Dictionary | pikepdf.Stream):
            if pattern.get("/PatternType") == 2:
                self._shading(pattern.get("/Shading"), resources)
            elif isinstance(pattern, pikepdf.Stream):
                self._form(pattern, resources, matrix(pattern.get("/Matrix")), depth)

    def _draw(
        self, name: object, resources: pikepdf.Dictionary | None, ctm: Matrix, depth: int
    ) -> None:
        xobject = _get(resources, "/XObject", name)
        if not isinstance(xobject, pikepdf.Stream):
            return
        subtype = xobject.get("/Subtype")
        if subtype == "/Image":
            self._image(str(name)[1:], xobject, resources, ctm)
        elif subtype == "/Form":
            self._form(xobject, resources, multiply(matrix(xobject.get("/Matrix")), ctm), depth)

    def _form(
        self,
        form: pikepdf.Stream,
        resources: pikepdf.Dictionary | None,
        ctm: Matrix,
        depth: int,
    ) -> None:
        key = form.objgen
        if depth >= _MAX_DEPTH or key in self.active:
            return
        if key != (0, 0):
            scale = (key, tuple(round(v, 3) for v in ctm[:4]))
            if scale in self.done:
                return
            self.done.add(scale)
            self.active.add(key)
        own = form.get("/Resources")
        try:
            inner = own if isinstance(own, pikepdf.Dictionary) else resources
            self.walk(form, inner, ctm, depth + 1)
        except Exception as exc:  # one broken form costs that form, not the page
            self.scan.unreadable.append(f"{type(exc).__name__}: {exc}")
        finally:
            self.active.discard(key)

    def _image(
        self, name: str, image: pikepdf.Stream, resources: pikepdf.Dictionary | None, ctm: Matrix
    ) -> None:
        space = image.get("/ColorSpace")
        key = image.objgen
        if key not in self.sources or key == (0, 0):
            self.sources[key] = image_source(image)
        self._record(
            name,
            image.get("/Width"),
            image.get("/Height"),
            space,
            resources,
            ctm,
            False,
            source=self.sources[key],
        )

    def _inline(self, image: object, resources: pikepdf.Dictionary | None, ctm: Matrix) -> None:
        if not isinstance(image, pikepdf.PdfInlineImage):
            return
        info = image.obj
        space = info.get("/ColorSpace", info.get("/CS"))
        width = info.get("/Width", info.get("/W"))
        height = info.get("/Height", info.get("/H"))
        self._record("inline image", width, height, space, resources, ctm, True)

    def _record(
        self,
        name: str,
        width: object,
        height: object,
        space: object,
        resources: pikepdf.Dictionary | None,
        ctm: Matrix,
        inline: bool,
        *,
        source: str | None = None,
    ) -> None:
        try:
            pixels = (int(width), int(height))  # type: ignore[call-overload]
        except (TypeError, ValueError):
            return
        a, b, c, d, _, _ = ctm
        use = ImageUse(
            name=name,
            width=pixels[0],
            height=pixels[1],
            placed_width=math.hypot(a, b),
            placed_height=math.hypot(c, d),
            colour_space=_space_name(space),
            rgb=is_device_rgb(space, resources),
            inline=inline,
            cmyk=is_device_cmyk(space, resources),
            source=source,
        )
        self.scan.images.append(use)


@lru_cache(maxsize=256)
def _read_source(packet: bytes) -> str | None:
    """`xmp.read_source`, once per packet: an image on every page of a long
    file (a logo) carries the same packet on each."""
    return read_source(packet)


def image_source(image: pikepdf.Stream) -> str | None:
    """The source file an image XObject's own XMP names (`dc:source`, as
    `typeset build` writes it), or None. Only an unfiltered packet of at most
    `_MAX_PACKET` bytes is read: ours is a few hundred bytes, and a packet of
    unknown decoded size is not worth decoding for a name."""
    metadata = image.get("/Metadata")
    if not isinstance(metadata, pikepdf.Stream) or "/Filter" in metadata:
        return None
    length = metadata.get("/Length")
    if not isinstance(length, int) or not 0 < length <= _MAX_PACKET:
        return None
    raw = metadata.read_raw_bytes()
    source = _read_source(raw) if len(raw) <= _MAX_PACKET else None
    if source is None or len(source) > 1024 or not source.isprintable():
        return None  # a name that would garble a message line is not shown
    return source


def _appearance_streams(annotation: object) -> Iterator[pikepdf.Stream]:
    """The normal appearance of an annotation: one stream, or one per state."""
    if not isinstance(annotation, pikepdf.Dictionary):
        return
    appearance = annotation.get("/AP")
    normal = appearance.get("/N") if isinstance(appearance, pikepdf.Dictionary) else None
    if isinstance(normal, pikepdf.Stream):
        yield normal
    elif isinstance(normal, pikepdf.Dictionary):
        yield from (s for s in normal.values() if isinstance(s, pikepdf.Stream))


def _appearance_matrix(annotation: pikepdf.Dictionary, form: pikepdf.Stream) -> Matrix:
    """Where an appearance stream lands: its BBox (through /Matrix) fitted to /Rect."""
    box, target = rect(form.get("/BBox")), rect(annotation.get("/Rect"))
    own = matrix(form.get("/Matrix"))
    if box is None or target is None or box[2] <= box[0] or box[3] <= box[1]:
        return own
    corners = [
        multiply((1, 0, 0, 1, x, y), own) for x in (box[0], box[2]) for y in (box[1], box[3])
    ]
    xs, ys = [m[4] for m in corners], [m[5] for m in corners]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    if width <= 0 or height <= 0:
        return own
    sx, sy = (target[2] - target[0]) / width, (target[3] - target[1]) / height
    fit: Matrix = (sx, 0.0, 0.0, sy, target[0] - min(xs) * sx, target[1] - min(ys) * sy)
    return multiply(own, fit)


def scan_page(page: pikepdf.Dictionary, resources: pikepdf.Dictionary | None) -> PageScan:
    """Images and RGB and CMYK colour drawn by the page and its annotations' appearances."""
    scan = PageScan()
    walker = _Walker(scan)
    if "/Contents" in page:
        walker.walk(page, resources, IDENTITY, 0)
    annotations = page.get("/Annots")
    if isinstance(annotations, pikepdf.Array):
        for annotation in annotations:
            for form in _appearance_streams(annotation):
                assert isinstance(annotation, pikepdf.Dictionary)
                own = form.get("/Resources")
                inner = own if isinstance(own, pikepdf.Dictionary) else None
                try:
                    walker.walk(form, inner, _appearance_matrix(annotation, form), 1)
                except Exception as exc:  # one broken appearance costs only itself
                    scan.unreadable.append(f"{type(exc).__name__}: {exc}")
    return scan


def resource_dicts(
    page: pikepdf.Dictionary, resources: pikepdf.Dictionary | None
) -> Iterator[pikepdf.Dictionary]:
    """Every resource dictionary a page reaches: its own, its forms' and patterns'
    (recursively), its Type 3 fonts' and its annotations' appearance streams'."""
    seen: set[tuple[int, int]] = set()
    pending: list[tuple[object, int]] = [(resources, 0)]
    annotations = page.get("/Annots")
    if isinstance(annotations, pikepdf.Array):
        for annotation in annotations:
            pending.extend((form.get("/Resources"), 1) for form in _appearance_streams(annotation))
    while pending:
        current, depth = pending.pop()
        if not isinstance(current, pikepdf.Dictionary) or depth > _MAX_DEPTH:
            continue
        key = current.objgen
        if key != (0, 0):
            if key in seen:
                continue
            seen.add(key)
        yield current
        for kind in ("/XObject", "/Pattern", "/Font"):
            group = current.get(kind)
            if not isinstance(group, pikepdf.Dictionary):
                continue
            for child in group.values():
                if isinstance(child, pikepdf.Dictionary | pikepdf.Stream) and (
                    kind != "/Font" or child.get("/Subtype") == "/Type3"
                ):
                    pending.append((child.get("/Resources"), depth + 1))

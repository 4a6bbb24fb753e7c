"""How large a PDF stream is once decoded, found without ever holding it whole.

Takes a stream's raw bytes, its filter chain and a byte limit; gives its decoded
size, or raises `TooLarge` as soon as the output passes the limit. A Flate stream's
decoded size is not written anywhere: a 2 MB stream can inflate to 2 GB, and both
qpdf (`read_bytes`) and pdfium decode a stream whole into memory. So the filters
that can expand (Flate, LZW, RunLength) run here incrementally, one chunk of
output at a time (zlib's `decompressobj` with `max_length`), and nothing above
`CHUNK` bytes is ever held; ASCIIHex and ASCII85 only shrink what they are given.
Image codecs (DCT, JPX, CCITT, JBIG2) are not decoded: an image is judged by the
size its dictionary declares (width x height x components x bits), which is what
a viewer allocates for it. A damaged stream counts for what decodes before the
damage (reporting damage is the caller's business). `measure` takes a pikepdf
stream; `end_of_pdf` finds where a file's PDF ends when something was appended.
Shared by preflight and compile; judges nothing and reports nothing itself.
"""

from __future__ import annotations

import binascii
import mmap
import re
import zlib
from collections.abc import Iterable, Iterator, Sequence

import pikepdf

#: Output held at once while decoding, and the size of the pieces read.
CHUNK = 1 << 20

#: Filters decoded here to count their output (long and inline-image short names).
_FLATE = ("/FlateDecode", "/Fl")
_LZW = ("/LZWDecode", "/LZW")
_RUN = ("/RunLengthDecode", "/RL")
_HEX = ("/ASCIIHexDecode", "/AHx")
_A85 = ("/ASCII85Decode", "/A85")
#: Image codecs: what they decode to is the image's declared size.
IMAGE_CODECS = frozenset(
    {"/DCTDecode", "/DCT", "/JPXDecode", "/CCITTFaxDecode", "/CCF", "/JBIG2Decode"}
)
#: Components per pixel of the colour spaces an image names directly.
_COMPONENTS = {"/DeviceGray": 1, "/G": 1, "/DeviceRGB": 3, "/RGB": 3, "/DeviceCMYK": 4, "/CMYK": 4}


class TooLarge(Exception):
    """The stream decodes to more than the limit (`size`: what was decoded by then)."""

    def __init__(self, size: int, limit: int) -> None:
        self.size = size
        self.limit = limit
        super().__init__(f"decodes to more than {limit:,} bytes")


def _flate(chunks: Iterable[bytes]) -> Iterator[bytes]:
    inflate = zlib.decompressobj()
    try:
        for chunk in chunks:
            data = chunk
            while True:
                out = inflate.decompress(data, CHUNK)
                if out:
                    yield out
                data = inflate.unconsumed_tail
                if inflate.eof or (not data and len(out) < CHUNK):
                    break
            if inflate.eof:
                return
    except zlib.error:
        return  # damaged: what came before the damage is all a reader gets


def _lzw(chunks: Iterable[bytes], early: int = 1) -> Iterator[bytes]:
    """LZW as PDF uses it (9 to 12 bit codes, 256 clears, 257 ends)."""
    table: list[bytes] = [bytes([i]) for i in range(256)] + [b"", b""]
    width, buffer, bits, previous = 9, 0, 0, b""
    out = bytearray()
    for chunk in chunks:
        for byte in chunk:
            buffer = (buffer << 8) | byte
            bits += 8
            while bits >= width:
                bits -= width
                code = (buffer >> bits) & ((1 << width) - 1)
                buffer &= (1 << bits) - 1
                if code == 256:
                    del table[258:]
                    width, previous = 9, b""
                    continue
                if code == 257:
                    if out:
                        yield bytes(out)
                    return
                if code < len(table):
                    entry = table[code]
                elif code == len(table) and previous:
                    entry = previous + previous[:1]
                else:
                    if out:
                        yield bytes(out)
                    return  # damaged
                if previous and len(table) < 4096:
                    table.append(previous + entry[:1])
                previous = entry
                out += entry
                if len(table) + early >= (1 << width) and width < 12:
                    width += 1
                if len(out) >= CHUNK:
                    yield bytes(out)
                    out.clear()
    if out:
        yield bytes(out)


def _run_length(chunks: Iterable[bytes]) -> Iterator[bytes]:
    pending = b""
    for chunk in chunks:
        data = pending + chunk
        out = bytearray()
        at = 0
        while at < len(data):
            length = data[at]
            if length == 128:
                if out:
                    yield bytes(out)
                return
            if length < 128:
                if at + 1 + length + 1 > len(data):
                    break
                out += data[at + 1 : at + 2 + length]
                at += 2 + length
            else:
                if at + 1 >= len(data):
                    break
                out += data[at + 1 : at + 2] * (257 - length)
                at += 2
            if len(out) >= CHUNK:
                yield bytes(out)
                out.clear()
        pending = data[at:]
        if out:
            yield bytes(out)


def _hex(chunks: Iterable[bytes]) -> Iterator[bytes]:
    pending = b""
    for chunk in chunks:
        digits = pending + bytes(c for c in chunk if c in b"0123456789abcdefABCDEF>")
        end = digits.find(b">")
        if end >= 0:
            digits = digits[:end] + (b"0" if end % 2 else b"")
        usable = len(digits) - len(digits) % 2
        yield binascii.unhexlify(digits[:usable])
        pending = digits[usable:]
        if end >= 0:
            return


def _a85(chunks: Iterable[bytes]) -> Iterator[bytes]:
    pending = b""
    for chunk in chunks:
        data = pending + bytes(c for c in chunk if c > 32)
        end = data.find(b"~")
        if end >= 0:
            data = data[:end]
        out = bytearray()
        group = b""
        at = 0
        for index, char in enumerate(data):
            if char == ord("z") and not group:
                out += b"\0\0\0\0"
                at = index + 1
                continue
            if not 33 <= char <= 117:
                return  # damaged
            group += bytes([char])
            if len(group) == 5:
                value = 0
                for c in group:
                    value = value * 85 + c - 33
                out += (value & 0xFFFFFFFF).to_bytes(4, "big")
                group = b""
                at = index + 1
        pending = data[at:]
        if end >= 0 and pending:
            padded = pending + b"u" * (5 - len(pending))
            value = 0
            for c in padded:
                value = value * 85 + c - 33
            out += (value & 0xFFFFFFFF).to_bytes(4, "big")[: len(pending) - 1]
        yield bytes(out)
        if end >= 0:
            return


def _pieces(raw: bytes) -> Iterator[bytes]:
    for start in range(0, len(raw), CHUNK):
        yield raw[start : start + CHUNK]


def decoded_size(
    raw: bytes,
    filters: Sequence[str],
    limit: int,
    *,
    early_change: Sequence[int] = (),
) -> int:
    """What `raw` decodes to through `filters` (names such as "/FlateDecode"), up to
    the first image codec; raises `TooLarge` once the output passes `limit`.
    `early_change` gives each filter's /EarlyChange (LZW; 1 if absent)."""
    chunks: Iterable[bytes] = _pieces(raw)
    for index, name in enumerate(filters):
        if name in _FLATE:
            chunks = _flate(chunks)
        elif name in _LZW:
            early = early_change[index] if index < len(early_change) else 1
            chunks = _lzw(chunks, 0 if early == 0 else 1)
        elif name in _RUN:
            chunks = _run_length(chunks)
        elif name in _HEX:
            chunks = _hex(chunks)
        elif name in _A85:
            chunks = _a85(chunks)
        else:
            break  # an image codec, a crypt filter, or a name no reader knows
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > limit:
            raise TooLarge(size, limit)
    return size


def image_bytes(width: object, height: object, space: object, bits: object) -> int:
    """The bytes a viewer allocates for an image of the declared size (0 if the
    dictionary does not say); an unknown colour space counts 4 components."""
    try:
        pixels = int(width) * int(height)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return 0
    try:
        depth = int(bits) if bits is not None else 8  # type: ignore[call-overload]
    except (TypeError, ValueError):
        depth = 8
    components = _COMPONENTS.get(str(space), 4)
    return int(max(pixels, 0) * components * max(depth, 1) // 8)


def _filters(stream: pikepdf.Stream) -> tuple[list[str], list[int]]:
    found = stream.get("/Filter")
    names = list(found) if isinstance(found, pikepdf.Array) else [found] if found else []
    params = stream.get("/DecodeParms")
    listed = list(params) if isinstance(params, pikepdf.Array) else [params] * len(names)
    early = []
    for param in listed:
        value = param.get("/EarlyChange", 1) if isinstance(param, pikepdf.Dictionary) else 1
        early.append(int(value) if isinstance(value, int) else 1)
    return [str(name) for name in names], early


def measure(stream: pikepdf.Stream, limit: int) -> int:
    """What one stream decodes to, up to `limit`; raises `TooLarge` past it (an image
    also when its declared size is past it)."""
    names, early = _filters(stream)
    check_declared(stream, limit, names)
    return decoded_size(stream.read_raw_bytes(), names, limit, early_change=early)


def check_declared(stream: pikepdf.Stream, limit: int, names: Sequence[str] | None = None) -> None:
    """Raise `TooLarge` if `stream` is an image whose declared size (what a viewer
    allocates for it, whatever its bytes decode to) is past `limit`."""
    if names is None:
        names = _filters(stream)[0]
    if stream.get("/Subtype") == "/Image" or any(name in IMAGE_CODECS for name in names):
        declared = image_bytes(
            stream.get("/Width"),
            stream.get("/Height"),
            stream.get("/ColorSpace"),
            stream.get("/BitsPerComponent"),
        )
        if declared > limit:
            raise TooLarge(declared, limit)


#: The most one encoded byte can become through each filter that is not an image
#: codec. Deflate's best case codes 258 bytes in 2 bits (1032:1); an LZW code of at
#: least 9 bits gives one table entry, at most 4096 - 258 + 2 = 3840 bytes long
#: (3840 per byte over-counts by 9/8); RunLength repeats a byte 128 times for 2;
#: ASCII85's "z" is 4 bytes for 1; ASCIIHex halves. Predictors never add bytes.
_EXPANSION = {
    "/FlateDecode": 1032,
    "/LZWDecode": 3840,
    "/RunLengthDecode": 64,
    "/ASCII85Decode": 4,
    "/ASCIIHexDecode": 1,
}


def filter_names(stream: pikepdf.Stream) -> list[str]:
    """The names of `stream`'s filters, in the order they decode."""
    return _filters(stream)[0]


def ceiling(stream: pikepdf.Stream, raw: int) -> int | None:
    """The most `stream`, `raw` bytes long before decoding, can decode to through its
    filters, known without decoding it (each filter's worst case, multiplied); None
    when a filter is not one of these (an image codec, a crypt filter, an
    abbreviated or unknown name): then only `measure` knows."""
    bound = raw
    for name in _filters(stream)[0]:
        factor = _EXPANSION.get(name)
        if factor is None:
            return None
        bound *= factor
    return bound


#: Bytes that may follow %%EOF in a sound file: line ends, spaces, NULs (padding).
_BLANK = b" \t\r\n\f\0"
#: What a trailing incremental update (not junk) would contain.
_UPDATE = re.compile(rb"startxref|\d+\s+\d+\s+obj\b|\bxref\b|\btrailer\b")


def end_of_pdf(data: bytes | memoryview) -> tuple[int, int] | None:
    """Where the PDF ends (just after its last %%EOF) and how many bytes of something
    else follow, when something other than blank space follows (a ZIP or a mail
    signature appended to the file) and it does not look like a PDF update (which is
    damage to report, not junk to cut); None otherwise."""
    view = bytes(data[-(1 << 20) :]) if len(data) > 1 << 20 else bytes(data)
    offset = len(data) - len(view)
    end = view.rfind(b"%%EOF")
    if end < 0:
        if offset == 0:
            return None
        view, offset = bytes(data), 0  # appended data longer than the window: read it all
        end = view.rfind(b"%%EOF")
        if end < 0:
            return None
    end += len(b"%%EOF")
    tail = view[end:]
    if not tail.strip(_BLANK) or _UPDATE.search(tail):
        return None
    return offset + end, len(tail.lstrip(_BLANK))


_OBJSTM = re.compile(rb"/Type\s*/ObjStm\b")
_OBJ_HEAD = re.compile(rb"(\d+)\s+(\d+)\s+obj\b")


def object_streams(data: bytes | memoryview | mmap.mmap) -> list[tuple[int, int]]:
    """The object and generation numbers of the object streams written in `data`,
    found by their bytes. qpdf decodes an object stream whole as soon as any object
    in it is read (the page tree, the catalog), so they are measured first, before
    anything else of the file is read."""
    found: list[tuple[int, int]] = []
    for match in _OBJSTM.finditer(data):
        window = bytes(data[max(0, match.start() - 400) : match.start()])
        heads = list(_OBJ_HEAD.finditer(window))
        if heads:
            found.append((int(heads[-1].group(1)), int(heads[-1].group(2))))
    return found


def oversized_object_stream(
    pdf: pikepdf.Pdf, data: bytes | memoryview | mmap.mmap, limit: int
) -> tuple[int, int] | None:
    """The first object stream of `pdf` (written in `data`) that decodes to more
    than `limit`, or None. Reading an object stream's dictionary does not decode it."""
    for objgen in object_streams(data):
        try:
            obj = pdf.get_object(objgen)
            if isinstance(obj, pikepdf.Stream):
                measure(obj, limit)
        except TooLarge:
            return objgen
        except Exception:  # noqa: S112  # not an object stream after all, or unreadable
            continue
    return None

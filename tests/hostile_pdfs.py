"""PDFs shaped as the hostile and broken files people send: decompression bombs,
damaged page trees, appended data. Made here, in well under a second each."""

from __future__ import annotations

import struct
import zlib

import pikepdf

_UNIT = 1 << 20


def bomb(size: int) -> bytes:
    """A zlib stream that inflates to `size` NUL bytes (rounded up to a MiB), made
    without ever holding them: one compressed MiB repeated, with a true checksum.
    2 GiB take about 2 MB."""
    units = max(1, -(-size // _UNIT))
    zeros = bytes(_UNIT)
    squeeze = zlib.compressobj(9)
    head = squeeze.compress(zeros) + squeeze.flush(zlib.Z_FULL_FLUSH)
    # after a full flush the compressor starts afresh: the same MiB, the same bytes
    unit = squeeze.compress(zeros) + squeeze.flush(zlib.Z_FULL_FLUSH)
    tail = squeeze.flush(zlib.Z_FINISH)
    # Adler-32 of n NUL bytes: the sum stays 1, the sum of sums is n (mod 65521)
    checksum = ((units * _UNIT) % 65521) << 16 | 1
    # tail ends with the checksum of the two MiB compressed: replace it
    return head + unit * (units - 1) + tail[:-4] + checksum.to_bytes(4, "big")


def _deflate_then_zeros(prefix: bytes, mib: int) -> bytes:
    """A zlib stream of `prefix` followed by `mib` MiB of NUL bytes (see `bomb`)."""
    zeros = bytes(_UNIT)
    squeeze = zlib.compressobj(9)
    head = squeeze.compress(prefix) + squeeze.flush(zlib.Z_FULL_FLUSH)
    unit = squeeze.compress(zeros) + squeeze.flush(zlib.Z_FULL_FLUSH)
    tail = squeeze.flush(zlib.Z_FINISH)
    start = zlib.adler32(prefix)
    low, high = start & 0xFFFF, start >> 16
    high = (high + mib * _UNIT * low) % 65521  # NUL bytes add the running sum each
    return head + unit * mib + tail[:-4] + ((high << 16) | low).to_bytes(4, "big")


def object_stream_bomb(mib: int) -> bytes:
    """A one-page file whose font lives in an object stream that inflates to `mib`
    MiB: qpdf decodes an object stream whole as soon as anything in it is read."""
    objects = text_page()
    inner = b"5 0 "
    packed = _deflate_then_zeros(inner + objects[4] + b" ", mib)
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in (1, 2, 3, 4):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number - 1] + b"\nendobj\n"
    offsets[6] = len(out)
    out += (
        b"6 0 obj\n"
        + stream(packed, b"/Type /ObjStm /N 1 /First %d /Filter /FlateDecode " % len(inner))
        + b"\nendobj\n"
    )
    xref = len(out)
    rows = [b"\x00" + struct.pack(">IH", 0, 65535)]
    for number in range(1, 8):
        if number == 5:
            rows.append(b"\x02" + struct.pack(">IH", 6, 0))  # in object stream 6
        else:
            rows.append(b"\x01" + struct.pack(">IH", xref if number == 7 else offsets[number], 0))
    table = b"".join(rows)
    out += b"7 0 obj\n" + stream(table, b"/Type /XRef /Size 8 /W [1 4 2] /Root 1 0 R ")
    out += b"\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def add_bomb(pdf: pikepdf.Pdf, page: int, size: int) -> pikepdf.Stream:
    """A content stream on `page` (from 1) that inflates to `size` bytes."""
    stream = pikepdf.Stream(pdf, b"")
    stream.write(bomb(size), filter=pikepdf.Name.FlateDecode)
    pdf.pages[page - 1].contents_add(stream)
    return stream


def raw_pdf(objects: list[bytes], *, root: int = 1, tail: bytes = b"") -> bytes:
    """A PDF written byte by byte: object n is `objects[n - 1]`, with a correct
    cross-reference table, so that a shape no library would write (a false /Count,
    a page inside /Kids) is the file's only oddity."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\n" % (len(objects) + 1, root)
    out += b"startxref\n%d\n%%%%EOF\n" % start + tail
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def text_page(words: bytes = b"Hello") -> list[bytes]:
    """Objects 1 to 5 of a one-page file with a line of text in Helvetica."""
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        stream(b"BT /F1 12 Tf 20 100 Td (" + words + b") Tj ET"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]


def not_xmp(tail: bytes = b"") -> bytes:
    """A one-page file whose /Metadata stream is XML but not XMP (pikepdf logs a
    traceback when it parses it), written byte by byte so that no library has
    replaced it; `tail` is appended after %%EOF."""
    objects = text_page(b"Metadata")
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R /Metadata 6 0 R >>"
    objects.append(
        stream(b'<?xml version="1.0"?><notxmp><a/></notxmp>', b"/Type /Metadata /Subtype /XML ")
    )
    return raw_pdf(objects, tail=tail)

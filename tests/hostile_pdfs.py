"""PDFs shaped as the hostile and broken files people send: decompression bombs,
damaged page trees, appended data. Made here, in well under a second each."""

from __future__ import annotations

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

"""Strings written as compactly as the PDF syntax allows.

Takes the assembled writer, just before it is written; gives each string
object the shorter of its two spellings. pypdf writes a string it could not
decode as text in hex (`<4f6c64>`: two bytes a byte) and a text string with
every character but letters, digits and spaces as an octal escape (`\\056`:
four bytes); a literal string (`(Old.)`) needs an escape only for `\\`, `(`,
`)` and a carriage return. A back issue made with PDF Annotator keeps 1.3 MB
of base64 ink data in one string: written in hex, the input grew from 2.27 MB
to 3.74 MB in the volume. Must not change what any string says: only how it
is spelled.
"""

from __future__ import annotations

from typing import Any

import pypdf
from pypdf.generic import ByteStringObject, TextStringObject

from .walk import entries


def spell(data: bytes) -> bytes:
    """The shortest spelling of a string with these bytes: literal or hex."""
    literal = (
        data.replace(b"\\", b"\\\\")
        .replace(b"(", b"\\(")
        .replace(b")", b"\\)")
        # a bare CR (or CR LF) in a literal string is read as one LF
        .replace(b"\r", b"\\r")
    )
    if len(literal) + 2 <= 2 * len(data) + 2:
        return b"(" + literal + b")"
    return b"<" + data.hex().encode() + b">"


class CompactString(ByteStringObject):
    """A string's bytes, written in their shortest spelling."""

    def write_to_stream(self, stream: Any, *args: Any, **kwargs: Any) -> None:
        stream.write(spell(bytes(self)))


def _compact(value: object) -> CompactString | None:
    if isinstance(value, CompactString):
        return None
    if isinstance(value, ByteStringObject):
        return CompactString(bytes(value))
    if isinstance(value, TextStringObject):
        return CompactString(value.get_encoded_bytes())
    return None


def compact_strings(writer: pypdf.PdfWriter) -> int:
    """Give every string of the writer's objects its shortest spelling; the
    number of strings respelled. Run last: afterwards strings are bytes."""
    objects = writer._objects
    count = 0
    for index, obj in enumerate(objects):
        replaced = _compact(obj)
        if replaced is not None:
            replaced.indirect_reference = getattr(obj, "indirect_reference", None)
            objects[index] = replaced
            count += 1
            continue
        for node, key, value in entries(obj):
            replaced = _compact(value)
            if replaced is not None:
                node[key] = replaced
                count += 1
    return count

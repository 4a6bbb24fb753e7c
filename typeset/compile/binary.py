"""Streams written without the ASCII filters a binary file has no use for.

Takes the assembled writer, just before it is written; gives every stream whose
first filter is ASCII85 or ASCIIHex its bytes with that filter undone (the rest
of the chain, Flate as a rule, kept as it was: nothing is compressed again). These
filters exist for 7-bit channels; they make a stream 25 % (ASCII85) or 100 %
(ASCIIHex) larger. ReportLab writes every content stream as ASCII85 over Flate:
a back issue merged as it is (`normalise`) would keep that, where qpdf's rewrite
used to drop it (520 bench issues: 5.05 MB of such streams in a 30.2 MB volume).
A stream whose ASCII layer does not decode is left as it is. Must not change what
any stream decodes to.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

import pypdf
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, StreamObject

_A85 = ("/ASCII85Decode", "/A85")
_HEX = ("/ASCIIHexDecode", "/AHx")
_BLANK = b" \t\r\n\f\0"
#: ASCII85 as the PDF reference defines it: whole groups of five, "z" for four zero
#: bytes, a last group of two to four; anything else is left to a viewer to judge.
_VALID_A85 = re.compile(rb"(?:z|[!-u]{5})*(?:[!-u]{2,4})?")


def undo(name: str, data: bytes) -> bytes | None:
    """`data` decoded by the ASCII filter `name`; None if it does not decode."""
    text = bytes(c for c in data if c not in _BLANK)
    try:
        if name in _A85:
            end = text.find(b"~>")
            groups = text[:end] if end >= 0 else text
            return base64.a85decode(groups) if _VALID_A85.fullmatch(groups) else None
        end = text.find(b">")
        digits = text[:end] if end >= 0 else text
        return binascii.unhexlify(digits + b"0" * (len(digits) % 2))
    except ValueError:  # binascii.Error is one
        return None


def drop_ascii_filters(writer: pypdf.PdfWriter) -> int:
    """Undo the leading ASCII filter of every stream in `writer`; how many."""
    done = 0
    for obj in writer._objects:
        if isinstance(obj, StreamObject) and _drop(obj):
            done += 1
    return done


def _drop(stream: Any) -> bool:
    found = stream.get("/Filter")
    names = list(found) if isinstance(found, ArrayObject) else [found] if found else []
    if not names or str(names[0]) not in (*_A85, *_HEX):
        return False
    data = undo(str(names[0]), stream._data)
    if data is None:
        return False
    stream._data = data
    rest = names[1:]
    if not rest:
        del stream["/Filter"]
    else:
        stream[NameObject("/Filter")] = rest[0] if len(rest) == 1 else ArrayObject(rest)
    params = stream.get("/DecodeParms")
    if isinstance(params, ArrayObject):  # one entry per filter: the first one's goes
        kept = list(params)[1:]
        if not any(isinstance(p, DictionaryObject) for p in kept):
            del stream["/DecodeParms"]
        else:
            stream[NameObject("/DecodeParms")] = kept[0] if len(kept) == 1 else ArrayObject(kept)
    elif params is not None and not rest:
        del stream["/DecodeParms"]
    return True

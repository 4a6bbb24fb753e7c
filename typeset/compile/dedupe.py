"""Storing identical objects once, in one pass over the assembled volume.

Takes the pypdf writer holding the whole volume; makes every reference to an
object that is identical to an earlier one point to that earlier one, and
drops what is then no longer reachable; and, while the volume is assembled,
holds each name and integer once in memory (`SharedNames`). Two objects are
identical when their values are, with references compared by what they point
to (worked out bottom up, so that two fonts are one when their descriptors and
font programs are, however many levels down the difference would be). A font dictionary's
obsolete `/Name` (ReportLab's resource name, which depends on the order an
issue first used its fonts) is not part of its identity. Pages, annotations,
outline entries and anything with a parent keep their identity: they are
never merged. Must not change what any page shows.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Hashable
from typing import Any

import pypdf
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    PdfObject,
    StreamObject,
)

from .walk import entries

#: Objects that are places in the document rather than resources: never merged.
_PLACES = frozenset({"/Page", "/Pages", "/Catalog", "/Annot", "/Outlines", "/StructTreeRoot"})
#: Keys that tie an object to one place in a tree (a parent, siblings, children).
_TREE_KEYS = frozenset({"/Parent", "/P", "/Kids", "/First", "/Last", "/Next", "/Prev"})
#: How deep a chain of resources (references and nested dictionaries and arrays
#: alike) is followed before its head is kept as it is: each level costs Python a few
#: frames, and a file nested 400 deep (it passes `qpdf --check`) would otherwise end
#: in a RecursionError. Real resources are a handful of levels deep.
_MAX_DEPTH = 100


class _Keys:
    def __init__(self, objects: list[Any]) -> None:
        self.objects = objects
        #: idnum -> idnum of the first object identical to it (itself if none)
        self.target: dict[int, int] = {}
        self.first: dict[Hashable, int] = {}
        self.visiting: set[int] = set()

    def of_ref(self, idnum: int, depth: int) -> Hashable:
        known = self.target.get(idnum)
        if known is not None:
            return known
        if idnum in self.visiting or depth > _MAX_DEPTH:
            return ("ref", idnum)
        obj = self.objects[idnum - 1] if 0 < idnum <= len(self.objects) else None
        if obj is None or _is_place(obj):
            self.target[idnum] = idnum
            return idnum
        self.visiting.add(idnum)
        key = self.of_value(obj, depth + 1)
        self.visiting.discard(idnum)
        target = self.first.setdefault(key, idnum)
        self.target[idnum] = target
        return target

    def of_value(self, obj: PdfObject, depth: int) -> Hashable:
        if depth > _MAX_DEPTH and isinstance(obj, DictionaryObject | ArrayObject):
            return ("deep", id(obj))  # too deep to compare: its own, never merged
        if isinstance(obj, IndirectObject):
            return ("R", self.of_ref(obj.idnum, depth))
        if isinstance(obj, StreamObject):
            return ("S", self._dict(obj, depth, skip="/Length"), type(obj).__name__, obj._data)
        if isinstance(obj, DictionaryObject):
            skip = "/Name" if obj.get("/Type") == "/Font" else ""
            return self._dict(obj, depth, skip=skip)
        if isinstance(obj, ArrayObject):
            return ("A", *(self.of_value(item, depth + 1) for item in obj))
        if isinstance(obj, BooleanObject):
            return ("B", obj.value)
        if isinstance(obj, NullObject):
            return ("N",)
        if isinstance(obj, str | int | float | bytes):
            return (type(obj).__name__, obj)
        return ("?", type(obj).__name__, repr(obj))

    def _dict(self, obj: DictionaryObject, depth: int, *, skip: str) -> Hashable:
        return (
            "D",
            *sorted(
                ((str(k), self.of_value(v, depth + 1)) for k, v in obj.items() if k != skip),
                key=lambda pair: pair[0],
            ),
        )


def _is_place(obj: PdfObject) -> bool:
    if not isinstance(obj, DictionaryObject):
        return False
    return obj.get("/Type") in _PLACES or not _TREE_KEYS.isdisjoint(obj.keys())


def dedupe(writer: pypdf.PdfWriter) -> int:
    """Store identical objects once and drop unreachable ones; the number of
    objects dropped."""
    objects = writer._objects
    keys = _Keys(objects)
    for idnum in range(1, len(objects) + 1):
        keys.of_ref(idnum, 0)
    target = keys.target
    roots = [writer.root_object.indirect_reference]
    info = writer._info
    if info is not None:
        roots.append(info.indirect_reference)
    reached = _rewrite(writer, [r.idnum for r in roots if r is not None], target)
    dropped = 0
    for index, obj in enumerate(objects):
        if obj is not None and index + 1 not in reached:
            objects[index] = None
            dropped += 1
    return dropped


def _rewrite(writer: pypdf.PdfWriter, roots: list[int], target: dict[int, int]) -> set[int]:
    """Point every reference at its object's first twin, walking from `roots`;
    the object numbers reached."""
    objects = writer._objects
    reached: set[int] = set()
    todo = list(roots)
    while todo:
        idnum = todo.pop()
        if idnum in reached:
            continue
        reached.add(idnum)
        obj = objects[idnum - 1] if 0 < idnum <= len(objects) else None
        if obj is None:
            continue
        for node, k, v in entries(obj):
            if isinstance(v, IndirectObject):
                twin = target.get(v.idnum, v.idnum)
                if twin != v.idnum:
                    node[k] = IndirectObject(twin, 0, writer)
                todo.append(twin)
    return reached


# -- before merging: not copying what the volume already holds ------------------

_OBJ = re.compile(rb"\s*(\d+)\s+(\d+)\s+obj\b")
_REF = re.compile(rb"(\d+)\s+(\d+)\s+R\b")
_STREAM = re.compile(rb">>\s*stream\r?\n")
_FONT = re.compile(rb"/Type\s*/Font\b")
_FONT_NAME = re.compile(rb"/Name\s*/[^\s/<>\[\]()%]+")


class _RawKeys:
    """Keys of a source file's objects read from its bytes, without parsing
    them: an object's bytes with each reference replaced by the key of what it
    points to. An object whose key cannot be told for certain (it holds a
    string, sits in an object stream, is part of a cycle such as a page and
    its parent) has none, and is copied as usual."""

    def __init__(self, data: bytes, offsets: dict[int, int]) -> None:
        self.data = data
        self.offsets = offsets
        ends = sorted(offsets.values()) + [len(data)]
        self.end = {start: ends[i + 1] for i, start in enumerate(ends[:-1])}
        self.keys: dict[int, bytes | None] = {}
        self.visiting: set[int] = set()

    def key(self, idnum: int) -> bytes | None:
        if idnum in self.keys:
            return self.keys[idnum]
        if idnum in self.visiting or idnum not in self.offsets or len(self.visiting) > _MAX_DEPTH:
            return None  # a cycle, or a chain too long to follow: copied as usual
        self.visiting.add(idnum)
        key = self._compute(idnum)
        self.visiting.discard(idnum)
        self.keys[idnum] = key
        return key

    def _compute(self, idnum: int) -> bytes | None:
        start = self.offsets[idnum]
        chunk = self.data[start : self.end[start]]
        head = _OBJ.match(chunk)
        if head is None or int(head.group(1)) != idnum or chunk.count(b"endobj") != 1:
            return None
        body = chunk[head.end() : chunk.rindex(b"endobj")]
        stream = _STREAM.search(body)
        words, data = (body[: stream.start() + 2], body[stream.end() :]) if stream else (body, b"")
        if b"(" in words or b"<" in words.replace(b"<<", b"").replace(b">>", b""):
            return None  # a string could look like a reference
        if _FONT.search(words):
            words = _FONT_NAME.sub(b"", words)
        parts: list[bytes] = []
        last = 0
        for ref in _REF.finditer(words):
            child = self.key(int(ref.group(1)))
            if child is None:
                return None
            parts += [words[last : ref.start()], b"@", child]
            last = ref.end()
        parts.append(words[last:])
        digest = hashlib.sha256(b"".join(parts))
        digest.update(b"stream" + hashlib.sha256(data).digest() if stream else b"")
        return digest.digest()


class KnownObjects:
    """What the volume already holds, by key, so that an object of a source
    that is byte-identical to one merged before (a font program, the logo) is
    pointed at instead of copied: no parsing, no cloning, no memory for it."""

    def __init__(self, writer: pypdf.PdfWriter) -> None:
        self.writer = writer
        self.known: dict[bytes, int] = {}
        self._pending: dict[int, bytes] = {}

    def before(self, reader: pypdf.PdfReader, data: bytes) -> int:
        """Point the source's known objects at the volume's; how many."""
        self._pending = {}
        if reader.is_encrypted or not reader.xref:
            return 0
        offsets = {n: o for gen in reader.xref.values() for n, o in gen.items()}
        for idnum in getattr(reader, "xref_objStm", {}):
            offsets.pop(idnum, None)
        # What the reader has parsed may have been changed in memory (links
        # resolved by `navigation.detach_names`): its bytes no longer tell.
        for _, idnum in reader.resolved_objects:
            offsets.pop(idnum, None)
        raw = _RawKeys(data, offsets)
        translated = self.writer._id_translated.setdefault(id(reader), {"PreventGC": reader})
        seeded = 0
        for idnum in offsets:
            key = raw.key(idnum)
            if key is None:
                continue
            if key in self.known:
                translated[idnum] = self.known[key]
                seeded += 1
            else:
                self._pending[idnum] = key
        return seeded

    def after(self, reader: pypdf.PdfReader) -> None:
        """Remember what the merge of `reader` copied into the volume."""
        translated = self.writer._id_translated.get(id(reader), {})
        for idnum, key in self._pending.items():
            target = translated.get(idnum)
            if isinstance(target, int):
                self.known.setdefault(key, target)
        self._pending = {}


# -- while merging: one instance of each name ---------------------------------


class SharedNames:
    """Every PDF name and integer in the volume as one Python object per value.

    pypdf parses and clones each `/Type`, `/Font`, `/Link` or `0` as an
    object of its own (137 bytes a name, 64 an integer), and a volume of
    hundreds of issues holds them by the hundred thousand: a third of what it
    holds in memory. `share` points the objects added since it last ran at
    one instance of each value (they are immutable); what is written does not
    change."""

    def __init__(self, writer: pypdf.PdfWriter) -> None:
        self.writer = writer
        self.names: dict[str, NameObject] = {}
        self.numbers: dict[int, NumberObject] = {}
        self.done = 0

    def _one(self, name: NameObject) -> NameObject:
        shared = self.names.get(name)
        if shared is None:
            # a fresh instance: the one given may carry attributes of its own
            shared = self.names[name] = NameObject(name)
        return shared

    def _number(self, number: NumberObject) -> NumberObject:
        shared = self.numbers.get(number)
        if shared is None:
            shared = self.numbers[number] = NumberObject(number)
        return shared

    def share(self) -> None:
        """Share the names and integers of the objects added since the last call."""
        objects = self.writer._objects
        stack: list[PdfObject] = [
            o for o in objects[self.done :] if isinstance(o, DictionaryObject | ArrayObject)
        ]
        self.done = len(objects)
        one, number = self._one, self._number
        while stack:
            node = stack.pop()
            if isinstance(node, DictionaryObject):
                # a key is kept as first inserted: the pairs are inserted again
                pairs = list(dict.items(node))
                dict.clear(node)
                for key, value in pairs:
                    if type(value) is NameObject:
                        value = one(value)
                    elif type(value) is NumberObject:
                        value = number(value)
                    elif isinstance(value, DictionaryObject | ArrayObject):
                        stack.append(value)
                    dict.__setitem__(node, one(key), value)
            elif isinstance(node, ArrayObject):
                for i, value in enumerate(node):
                    if type(value) is NameObject:
                        list.__setitem__(node, i, one(value))
                    elif type(value) is NumberObject:
                        list.__setitem__(node, i, number(value))
                    elif isinstance(value, DictionaryObject | ArrayObject):
                        stack.append(value)

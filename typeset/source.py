"""Safe YAML loading that remembers where every value came from.

Takes a file path; gives a `Source`: plain Python data (dicts, lists, strings,
numbers, dates) plus the `Location` of every key and value, addressed by a field
path such as ``("items", 3, "summary")``. Knows nothing of newsletters.

Only PyYAML's safe machinery is used, and more narrowly than `yaml.safe_load`:
anchors, aliases, merge keys and explicit tags outside YAML's core types are
refused, duplicate keys are errors (PyYAML keeps the last one silently), and the
file size and nesting depth are capped before anything walks the tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from .errors import Diagnostic, InputError, Location, error
from .limits import MAX_DEPTH, MAX_FILE_BYTES

_EventParser: type
try:  # libyaml's event parser, several times faster than the pure-Python one
    from yaml._yaml import CParser as _EventParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.loader import BaseLoader as _EventParser

FieldPath = tuple[str | int, ...]


_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_CORE + name for name in ("str", "int", "float", "bool", "null", "timestamp")}


class Invalid:
    """Stands for a value that was already reported (a bad tag, an invalid date),
    so that later checks stay silent about it instead of reporting it twice."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID = Invalid()


def describe(path: FieldPath) -> str:
    """``("items", 2, "summary")`` -> ``items[3].summary`` (items count from 1)."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else part
    return text


@dataclass(frozen=True)
class Source:
    """A loaded YAML document and the places its values came from."""

    path: Path
    display: str
    data: object
    locations: dict[FieldPath, Location] = field(repr=False)
    key_locations: dict[FieldPath, Location] = field(repr=False)
    raw: dict[FieldPath, str] = field(repr=False)
    #: problems found while reading that still left a usable document (a
    #: duplicate key, an invalid date); the model reports them with its own
    diagnostics: tuple[Diagnostic, ...] = ()

    def loc(self, path: FieldPath, *, key: bool = False) -> Location:
        """Where the value (or its key) at `path` is; the nearest known parent otherwise."""
        table = self.key_locations if key else self.locations
        for end in range(len(path), -1, -1):
            found = table.get(path[:end]) or self.locations.get(path[:end])
            if found:
                return found
        return Location(self.display)

    def resolve(self, relative: str) -> Path:
        """A path written in this file, taken relative to the file's folder."""
        return self.path.parent / relative


class _Composer(Composer, _EventParser, SafeConstructor, Resolver):  # type: ignore[misc]
    """PyYAML's safe machinery, composing in Python over libyaml's events so that
    aliases and deep nesting are refused before any node is built from them."""

    def __init__(self, text: str, display: str) -> None:
        _EventParser.__init__(self, text)  # type: ignore[misc]
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self._display = display
        self._depth = 0

    def _refuse(self, message: str, *hints: str) -> InputError:
        mark = self.peek_event().start_mark
        where = Location(self._display, mark.line + 1, mark.column + 1)
        return InputError([error(where, message, *hints)])

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            anchor = self.peek_event().anchor
            raise self._refuse(
                f"aliases (*{anchor}) are not supported",
                "write the value out in full where it is needed",
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise self._refuse(f"the document is nested more than {MAX_DEPTH} levels deep")
            node: Node | None = super().compose_node(parent, index)
            return node
        finally:
            self._depth -= 1


def _mark(display: str, node: Node) -> Location:
    return Location(display, node.start_mark.line + 1, node.start_mark.column + 1)


class _Walker:
    """Turns composed nodes into plain data, recording locations and problems."""

    def __init__(self, loader: _Composer, display: str) -> None:
        self.loader = loader
        self.display = display
        self.locations: dict[FieldPath, Location] = {}
        self.key_locations: dict[FieldPath, Location] = {}
        self.raw: dict[FieldPath, str] = {}
        self.diagnostics: list[Diagnostic] = []

    def walk(self, node: Node, path: FieldPath) -> object:
        self.locations[path] = _mark(self.display, node)
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            if node.tag != _CORE + "seq":
                return self._bad_tag(node, path)
            return [self.walk(child, (*path, i)) for i, child in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        return self._scalar(node, path)

    def _mapping(self, node: MappingNode, path: FieldPath) -> object:
        if node.tag != _CORE + "map":
            return self._bad_tag(node, path)
        result: dict[str, object] = {}
        for key_node, value_node in node.value:
            where = _mark(self.display, key_node)
            if key_node.tag == _CORE + "merge":
                self.diagnostics.append(
                    error(where, "merge keys (<<) are not supported", "write the keys out in full")
                )
                continue
            if not isinstance(key_node, ScalarNode) or not isinstance(key_node.value, str):
                self.diagnostics.append(error(where, "a key must be plain text"))
                continue
            key = key_node.value
            if key in result:
                first = self.key_locations[(*path, key)]
                self.diagnostics.append(
                    error(
                        where,
                        f"{describe((*path, key))}: duplicate key {key!r}"
                        f" (first given on line {first.line})",
                        "keep one of them",
                    )
                )
                continue
            self.key_locations[(*path, key)] = where
            result[key] = self.walk(value_node, (*path, key))
        return result

    def _scalar(self, node: ScalarNode, path: FieldPath) -> object:
        self.raw[path] = node.value
        if node.tag not in _SCALAR_TAGS:
            return self._bad_tag(node, path)
        try:
            value: object = self.loader.construct_object(node)
        except (ValueError, yaml.YAMLError) as exc:
            # The only core scalar that can fail to construct is a date like 2024-02-30.
            reason = str(exc).split("\n")[0]
            self.diagnostics.append(
                error(
                    _mark(self.display, node),
                    f"{describe(path) or 'value'}: invalid date {node.value!r}: {reason}",
                )
            )
            return INVALID
        return value

    def _bad_tag(self, node: Node, path: FieldPath) -> Invalid:
        self.diagnostics.append(
            error(
                _mark(self.display, node),
                f"{describe(path) or 'document'}: unsupported tag {node.tag!r}",
                "remove the tag; only plain YAML values are read",
            )
        )
        return INVALID


def _decode(data: bytes, display: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            [
                error(
                    Location(display, line, col),
                    f"the file is not UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start}",
                    "save the file as UTF-8",
                )
            ]
        ) from None


def load(path: Path, *, display: str | None = None) -> Source:
    """Read and compose one YAML file; raise `InputError` if it cannot be read at all.

    Problems that leave a usable document are in `Source.diagnostics`."""
    shown = display if display is not None else str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(
                [
                    error(
                        Location(shown),
                        f"the file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
                        "an issue file holds text only; images are separate files",
                    )
                ]
            )
        data = path.read_bytes()
    except OSError as exc:
        problem = f"cannot read the file: {exc.strerror}"
        raise InputError([error(Location(shown), problem)]) from None
    return parse(_decode(data, shown), path=path, display=shown)


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    if line < len(lines) and column < len(lines[line]):
        return lines[line][column]
    return ""


def parse(text: str, *, path: Path, display: str) -> Source:
    """Compose YAML text already in memory (see `load`)."""
    loader = _Composer(text, display)
    try:
        root = loader.get_single_node()
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise InputError(
            [
                error(
                    Location(display, line, col),
                    f"invalid YAML: control character U+{code:04X} is not allowed",
                    "remove it; it prints as nothing or as a box",
                )
            ]
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(display, mark.line + 1, mark.column + 1) if mark else Location(display)
        problem = exc.problem or "invalid YAML"
        hints = []
        if mark and _char_at(text, mark.line, mark.column) == "\t":
            problem = "a tab character; YAML is indented with spaces"
            hints.append("replace the tab with spaces")
        raise InputError([error(where, f"invalid YAML: {problem}", *hints)]) from None
    except yaml.YAMLError as exc:
        raise InputError([error(Location(display), f"invalid YAML: {exc}")]) from None
    finally:
        loader.dispose()
    if root is None or (root.tag == _CORE + "null" and root.value == ""):
        raise InputError([error(Location(display, 1, 1), "the file is empty")])
    walker = _Walker(loader, display)
    data = walker.walk(root, ())
    return Source(
        path,
        display,
        data,
        walker.locations,
        walker.key_locations,
        walker.raw,
        tuple(walker.diagnostics),
    )

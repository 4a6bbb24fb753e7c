"""Typed reads from a `Source`, collecting every problem instead of stopping.

Takes a `Source`; gives checked Python values or `None` where a value is wrong,
with a `Diagnostic` recorded for each problem. `model` and `brand` build their
dataclasses with it and raise once at the end. Knows nothing of newsletters.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable, Collection, Sequence
from typing import TypeVar

from .errors import Diagnostic, InputError, error
from .source import INVALID, FieldPath, Source, describe
from .units import parse_length

T = TypeVar("T")

_MISSING = object()
_PLAIN_INT = re.compile(r"^[+-]?(0|[1-9][0-9]*)$")


#: Control characters (Unicode category Cc) other than tab and line breaks,
#: lone surrogates, and the bidirectional embedding, override and isolate
#: controls, which are invisible and can make text read differently from what
#: it says ("Trojan Source").
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]"
)


def first_forbidden_character(text: str) -> tuple[int, str] | None:
    """The first forbidden character in `text` (see _FORBIDDEN), with its index."""
    found = _FORBIDDEN.search(text)
    return (found.start(), found.group()) if found else None


def describe_character(char: str) -> str:
    """``'😀' (U+1F600 GRINNING FACE)``, or the code point alone for an invisible one."""
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    category = unicodedata.category(char)
    if category.startswith("C") or category.startswith("Z"):
        return f"{'control character' if category == 'Cc' else 'character'} {code}" + (
            f" {name}" if name else ""
        )
    return f"{char!r} ({code}{' ' + name if name else ''})"


def kind(value: object) -> str:
    """How a YAML value reads to a person, for 'expected X, found Y' messages."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"a yes/no value ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, dt.datetime):
        return "a date and time"
    if isinstance(value, dt.date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        return "a mapping of keys"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


#: How `typeset new` marks text still to be written: any text that starts with it
#: is an error, so that a template can never be printed by mistake.
PLACEHOLDER = "TODO:"


class Reader:
    """Reads fields of one YAML document by path and keeps the diagnostics."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.diagnostics: list[Diagnostic] = list(source.diagnostics)

    # -- reporting ---------------------------------------------------------
    def error(self, path: FieldPath, message: str, *hints: str, key: bool = False) -> None:
        prefix = f"{describe(path)}: " if path else ""
        self.diagnostics.append(error(self.source.loc(path, key=key), prefix + message, *hints))

    def raise_if_errors(self) -> None:
        if self.diagnostics:
            raise InputError(
                sorted(self.diagnostics, key=lambda d: (d.location.line, d.location.col))
            )

    def _quote_hint(self, path: FieldPath) -> tuple[str, ...]:
        raw = self.source.raw.get(path)
        if not raw:
            return ()
        return (f'put the value in quotes: "{raw}"',)

    # -- navigation --------------------------------------------------------
    def get(self, path: FieldPath) -> object:
        value: object = self.source.data
        for part in path:
            if isinstance(part, int):
                if not isinstance(value, list) or part >= len(value):
                    return _MISSING
                value = value[part]
            else:
                if not isinstance(value, dict) or part not in value:
                    return _MISSING
                value = value[part]
        return value

    def present(self, path: FieldPath) -> bool:
        return self.get(path) is not _MISSING

    # -- containers --------------------------------------------------------
    def mapping(
        self,
        path: FieldPath,
        *,
        required: Collection[str] = (),
        optional: Collection[str] = (),
        what: str = "",
        any_keys: bool = False,
    ) -> dict[str, object] | None:
        """The mapping at `path`, after checking its keys against the allowed ones
        (unless `any_keys`: then every key is allowed, as in a palette)."""
        value = self.get(path)
        if value is INVALID:
            return None
        if not isinstance(value, dict):
            found = "nothing" if value is _MISSING else kind(value)
            self.error(path, f"expected {what or 'a mapping of keys'}, found {found}")
            return None
        allowed = [*required, *optional]
        for key in () if any_keys else value:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
                hints = [f"did you mean {close[0]!r}?"] if close else []
                hints.append("allowed keys: " + ", ".join(allowed))
                self.error((*path, key), f"unknown key {key!r}", *hints, key=True)
        for key in required:
            if key not in value:
                self.error(path, f"missing required key {key!r}")
        return value

    def sequence(self, path: FieldPath, *, what: str = "a list") -> list[object] | None:
        value = self.get(path)
        if value is _MISSING or value is INVALID:
            return None
        if not isinstance(value, list):
            self.error(path, f"expected {what}, found {kind(value)}")
            return None
        return value

    # -- scalars -----------------------------------------------------------
    def text(
        self,
        path: FieldPath,
        *,
        required: bool = False,
        default: str | None = None,
        max_length: int | None = None,
    ) -> str | None:
        value = self.get(path)
        if value is INVALID:
            return None
        if value is _MISSING or value is None and not required:
            # A missing required key is reported by `mapping`, which knows them all.
            return default
        if not isinstance(value, str):
            self.error(path, f"expected text, found {kind(value)}", *self._quote_hint(path))
            return None
        if not value.strip():
            self.error(path, "must not be blank", "write the text, or remove the key")
            return None
        if value.lstrip().startswith(PLACEHOLDER):
            self.error(
                path,
                "still a placeholder (written by typeset new)",
                f"write the text in place of {PLACEHOLDER!r}, or remove the key",
            )
            return None
        if max_length is not None and len(value) > max_length:
            self.error(
                path,
                f"{len(value):,} characters; the limit is {max_length:,}",
                "shorten the text, or split it into several items",
            )
            return None
        bad = first_forbidden_character(value)
        if bad is not None:
            index, char = bad
            self.error(
                path,
                f"{describe_character(char)} at character {index + 1} is not allowed",
                "remove it; it prints as nothing or as a box",
            )
            return None
        return value

    def integer(self, path: FieldPath, *, minimum: int | None = None) -> int | None:
        value = self.get(path)
        if value is _MISSING or value is INVALID:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(path, f"expected a whole number, found {kind(value)}")
            return None
        raw = self.source.raw.get(path, str(value))
        if not _PLAIN_INT.match(raw):
            self.error(
                path,
                f"{raw!r} is not a plain whole number (YAML reads it as {value})",
                f"write it as {value} or, if it is not a number, in quotes",
            )
            return None
        if minimum is not None and value < minimum:
            self.error(path, f"must be at least {minimum}, found {value}")
            return None
        return value

    def flag(self, path: FieldPath, *, default: bool) -> bool:
        value = self.get(path)
        if value is _MISSING or value is INVALID or value is None:
            return default
        if not isinstance(value, bool):
            self.error(path, f"expected true or false, found {kind(value)}")
            return default
        return value

    def number(self, path: FieldPath, *, default: float, minimum: float, maximum: float) -> float:
        value = self.get(path)
        if value is _MISSING or value is INVALID or value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(path, f"expected a number, found {kind(value)}")
            return default
        if not minimum <= value <= maximum:
            self.error(path, f"expected a number from {minimum:g} to {maximum:g}, found {value:g}")
            return default
        return float(value)

    def date(self, path: FieldPath) -> dt.date | None:
        value = self.get(path)
        if value is _MISSING or value is None or value is INVALID:
            return None
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            self.error(
                path,
                f"expected a date such as 2024-03-20, found {kind(value)}",
                "write the date as YYYY-MM-DD, without quotes",
            )
            return None
        return value

    def convert(
        self, path: FieldPath, parse: Callable[[object], T], *, default: T | None = None
    ) -> T | None:
        """Run a plain parser (which raises ValueError) on the value at `path`."""
        value = self.get(path)
        if value is _MISSING:
            return default
        if value is INVALID:
            return None
        try:
            return parse(value)
        except ValueError as exc:
            self.error(path, str(exc))
            return None

    def choice(self, path: FieldPath, options: Sequence[str], *, default: str) -> str:
        """One of `options` (a word), or `default` when absent or wrong."""
        value = self.get(path)
        if value is _MISSING or value is INVALID:
            return default
        if isinstance(value, str) and value in options:
            return value
        found = repr(value) if isinstance(value, str) else kind(value)
        close = difflib.get_close_matches(str(value), options, n=1)
        self.error(
            path,
            f"expected one of {', '.join(options)}, found {found}",
            *((f"did you mean {close[0]!r}?",) if close else ()),
        )
        return default

    def length(self, path: FieldPath, *, default: float | None = None) -> float | None:
        return self.convert(path, parse_length, default=default)

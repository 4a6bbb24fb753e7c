"""Walking one PDF object's own nested dictionaries and arrays.

Takes a pypdf object; gives every entry (container, key, value) held in it
directly, at any depth, without following indirect references. Callers may
replace `container[key]` while walking: the walk descends into the value as it
was when the container was read. Knows nothing of volumes or issues.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pypdf.generic import ArrayObject, DictionaryObject


def entries(obj: Any) -> Iterator[tuple[Any, Any, Any]]:
    """Every (container, key, value) inside `obj`; array keys are indices."""
    stack: list[Any] = [obj]
    while stack:
        node = stack.pop()
        if isinstance(node, DictionaryObject):
            items: Any = list(node.items())
        elif isinstance(node, ArrayObject):
            items = list(enumerate(node))
        else:
            continue
        for key, value in items:
            yield node, key, value
            if isinstance(value, DictionaryObject | ArrayObject):
                stack.append(value)

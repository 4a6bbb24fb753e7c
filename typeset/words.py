"""Counts in words for messages: "1 page", "2 pages".

Takes a count and a noun; gives the phrase. English only: messages are in
English (what a volume prints comes from the brand's labels). Must not
import anything from the package.
"""

from __future__ import annotations


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """`1 page`, `2 pages`, `1,000 pages`; `nouns` where adding an s is wrong."""
    return f"{count:,} {noun if count == 1 else nouns or noun + 's'}"


__all__ = ["plural"]

"""Which text needs the right-to-left layer, and which languages read that way.

Pure functions on strings and language codes; no font, no brand.
"""

from __future__ import annotations

import re

#: Hebrew, Arabic (Persian), Syriac, Thaana, NKo and their presentation forms:
#: the scripts that must be shaped by HarfBuzz and ordered by the bidi
#: algorithm (`shaping`, `bidi`) instead of drawn as ReportLab draws Latin.
SHAPED = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")

#: The same scripts' letters, without their digits (U+0660–0669 Arabic-Indic,
#: U+06F0–06F9 Persian): digits alone do not join and read left to right.
RIGHT_TO_LEFT_LETTERS = re.compile(
    "[\u0590-\u065f\u066a-\u06ef\u06fa-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]"
)

#: Languages written right to left, by their primary subtag.
RIGHT_TO_LEFT_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "ckb", "yi", "dv", "sd", "ug"})

_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def needs_shaping(text: str) -> bool:
    return SHAPED.search(text) is not None


def right_to_left(language: str) -> bool:
    """Whether `language` (a code such as fa or fa-IR) is written right to left."""
    return language.split("-", 1)[0].lower() in RIGHT_TO_LEFT_LANGUAGES


def persian_digits(text: str) -> str:
    """`text` with its ASCII digits written as Persian digits (۰–۹)."""
    return text.translate(_PERSIAN_DIGITS)


#: The isolate controls typeset itself puts around generated parts of a line
#: (first strong isolate, pop directional isolate). They are refused in YAML
#: (they can disguise text), drawn as nothing, and never extracted.
FIRST_STRONG_ISOLATE = "\u2068"
POP_ISOLATE = "\u2069"
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def isolate(part: str) -> str:
    """`part` as a unit of its own direction inside a line joined from
    several parts (a date in Persian inside "Ura Newsletter · No.111 · …"), so
    that its digits stay with its words. Latin text is left as it is."""
    return f"{FIRST_STRONG_ISOLATE}{part}{POP_ISOLATE}" if needs_shaping(part) else part

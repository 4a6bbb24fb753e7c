"""Dates as readers of each language write them.

Takes a date, the brand's CLDR date pattern and a language code; gives the
text printed in the masthead and beside related issues. Persian (`fa`) is
written in the Solar Hijri calendar, converted by jdatetime, with the
Gregorian date beside it, both in Persian digits: "۱ فروردین ۱۴۰۳ (۲۰ مارس
۲۰۲۴)". Every other language uses the brand's pattern with Babel's month
names. Draws nothing; the characters it gives are checked against the fonts
like any text (see `coverage`).
"""

from __future__ import annotations

import datetime as dt

import jdatetime
from babel.dates import format_date

from .text.scripts import persian_digits

#: The Solar Hijri months in Persian (jdatetime's own table, by index 1–12).
_SOLAR_HIJRI_MONTHS = jdatetime.date.j_months_fa


def written_date(date: dt.date, pattern: str, language: str) -> str:
    """The date as readers of `language` see it."""
    primary = language.split("-", 1)[0].lower()
    if primary == "fa":
        return persian_date(date)
    try:
        return str(format_date(date, pattern, locale=language.replace("-", "_")))
    except (ValueError, LookupError):
        return str(format_date(date, pattern, locale="en"))


def persian_date(date: dt.date) -> str:
    """Solar Hijri day, month and year, then the Gregorian date in brackets,
    in Persian digits and Persian month names."""
    solar = jdatetime.date.fromgregorian(date=date)
    gregorian = format_date(date, "d MMMM y", locale="fa")
    month = _SOLAR_HIJRI_MONTHS[solar.month - 1]
    return persian_digits(f"{solar.day} {month} {solar.year} ({gregorian})")


def month_year(date: dt.date, language: str) -> str:
    """The month and year alone ('March 2024', 'mars 2024'); for Persian the
    Solar Hijri month and year in Persian digits ('فروردین ۱۴۰۳')."""
    if language.split("-", 1)[0].lower() == "fa":
        solar = jdatetime.date.fromgregorian(date=date)
        return persian_digits(f"{_SOLAR_HIJRI_MONTHS[solar.month - 1]} {solar.year}")
    try:
        return str(format_date(date, "LLLL y", locale=language.replace("-", "_")))
    except (ValueError, LookupError):
        return str(format_date(date, "LLLL y", locale="en"))

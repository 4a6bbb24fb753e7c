"""Can the brand's fonts draw every character of an issue?

Takes an `Issue` and a `Brand`; gives the diagnostics for characters that no
font can draw, naming the field, the character and its code point, so that a
missing glyph is an error before layout instead of a silent box on the page.
A character the style's font lacks is fine when the brand's `fallback` font
has it (layout then sets it in the fallback font). Draws nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from . import dates, fonts
from .brand import Brand
from .errors import Diagnostic, Location, error
from .markup import RichText, plain
from .model import Issue, Item
from .schema import describe_character
from .text.scripts import RIGHT_TO_LEFT_LETTERS, SHAPED, right_to_left

#: Where each field is printed: the text styles it is set in.
FIELD_STYLES = {
    "title": ("masthead_line", "box_entry"),
    "kicker": ("kicker",),
    "headline": ("headline", "lead_headline", "box_entry"),
    "quote": ("quote",),
    "summary": ("summary", "lead_summary"),
    "body": ("body",),
    "image.caption": ("caption",),
    "image.credit": ("credit",),
    "link": ("link",),
}

#: Font roles that <i> and <b> switch to, by the role a style is set in.
_VARIANTS = {
    "body": {
        (False, False): "body",
        (True, False): "body_italic",
        (False, True): "body_bold",
        (True, True): "body_bold_italic",
    },
    "caption": {
        (False, False): "caption",
        (True, False): "caption_italic",
        (False, True): "label",
        (True, True): "label",
    },
}

#: Brand texts and the styles they are printed in.
BRAND_STYLES = {
    "name": ("masthead_name", "footer"),
    "organisation": ("box_title",),
    "tagline": ("masthead_tagline",),
    "contact": ("contact",),
    "web": ("masthead_line", "contact"),
    "labels.in_this_issue": ("box_title",),
    "labels.related": ("box_title",),
    "labels.read_more": ("link",),
    "labels.page": ("footer",),
    "labels.number": ("masthead_number", "footer", "box_entry"),
    "print.filler": ("headline",),
    # the front matter of a yearly volume
    "labels.volume": ("headline",),
    "labels.contents": ("headline",),
    "labels.index": ("headline",),
    "labels.issue_count": ("caption",),
    "labels.issue_count_one": ("caption",),
    "labels.missing": ("box_entry", "box_title"),
    "labels.missing_gap": ("box_entry",),
    "labels.missing_damaged": ("box_entry",),
    "labels.missing_password": ("box_entry",),
    "labels.missing_unreadable": ("box_entry",),
}

_SHOWN = 5

#: Where to add a font for right-to-left scripts, said in every hint about one.
_ARABIC_HINT = (
    "add a font for the Arabic script (Persian) to the brand as fonts.arabic, "
    "for example fonts/noto-naskh-arabic/NotoNaskhArabic-Regular.ttf"
)


def _at(item: Item, name: str) -> Location:
    return item.where.get(name, item.location)


def _fields(issue: Issue) -> Iterator[tuple[str, Location, RichText]]:
    """Every printed text field of the issue: (field path, where, text)."""
    if issue.title:
        yield "title", issue.where.get("title", issue.location), plain(issue.title)
    for index, item in enumerate(issue.items):
        prefix = f"items[{index + 1}]."
        if item.kicker:
            yield prefix + "kicker", _at(item, "kicker"), plain(item.kicker)
        yield prefix + "headline", _at(item, "headline"), plain(item.headline)
        yield prefix + "summary", _at(item, "summary"), item.summary
        for paragraph in item.body:
            yield prefix + "body", _at(item, "body"), paragraph
        if item.image is not None:
            if item.image.caption is not None:
                yield prefix + "image.caption", _at(item, "image.caption"), item.image.caption
            if item.image.credit:
                yield prefix + "image.credit", _at(item, "image.credit"), plain(item.image.credit)
        if item.link:
            yield prefix + "link", _at(item, "link"), plain(item.link)
        if item.quote is not None:
            yield prefix + "quote", _at(item, "quote"), item.quote


def _brand_fields(brand: Brand) -> Iterator[tuple[str, Location, RichText, tuple[str, ...]]]:
    values = {
        "name": brand.name,
        "organisation": brand.organisation,
        "tagline": brand.tagline,
        "contact": brand.contact,
        "web": brand.web,
        "print.filler": brand.press.filler,
        **{
            f"labels.{key}": brand.labels[key]
            for key in (
                "in_this_issue",
                "related",
                "read_more",
                "page",
                "number",
                "volume",
                "contents",
                "index",
                "issue_count",
                "issue_count_one",
                "missing",
                "missing_gap",
                "missing_damaged",
                "missing_password",
                "missing_unreadable",
            )
        },
    }
    for key, text in values.items():
        if text:
            where = brand.where.get(key, brand.location)
            label = key[len("labels.") :] if key.startswith("labels.") else None
            if label in brand.builtin_labels:
                # typeset's own words in the issue's language: checked like the
                # brand's, named by the key that would change them (a Persian
                # one without a Persian font is said once, by _check_languages)
                if RIGHT_TO_LEFT_LETTERS.search(text) and "arabic" not in brand.font_files:
                    continue
                yield (
                    f"labels.{brand.language}.{label} (typeset's own)",
                    brand.location,
                    plain(text),
                    BRAND_STYLES[key],
                )
                continue
            if label is not None and where == brand.location:
                continue  # an English default label: the brand did not write it
            shown = key
            own = brand.labels_by_language.get(brand.language or "", {})
            if key.startswith("labels.") and key[len("labels.") :] in own:
                shown = f"labels.{brand.language}.{key[len('labels.') :]}"
            yield shown, where, plain(text), BRAND_STYLES[key]


def check(issue: Issue, brand: Brand) -> list[Diagnostic]:
    fields = [
        (
            path,
            where,
            text,
            FIELD_STYLES[path.split(".", 1)[1] if path.startswith("items[") else path],
        )
        for path, where, text in _fields(issue)
    ]
    return [
        *_check_languages(issue, brand),
        *_check_fields([*_brand_fields(brand), *fields], brand),
        *_check_generated(issue, brand),
    ]


def _check_languages(issue: Issue, brand: Brand) -> list[Diagnostic]:
    """A right-to-left language needs a font for its script in the brand."""
    if "arabic" in brand.font_files:
        return []
    wanted = [("language", issue.where.get("language", issue.location), issue.language)]
    wanted += [
        (f"items[{index + 1}].language", _at(item, "language"), item.language)
        for index, item in enumerate(issue.items)
        if item.language
    ]
    return [
        error(
            where,
            f"{path}: {language} is written in the Arabic script, and the brand "
            f"({brand.path.name}) has no font for it",
            _ARABIC_HINT,
        )
        for path, where, language in wanted
        if right_to_left(language)
    ]


def _check_generated(issue: Issue, brand: Brand) -> list[Diagnostic]:
    """Text typeset writes itself (the date in the issue's language) must be
    drawable too: a month name no font has would print as a blank."""
    if right_to_left(issue.language) and "arabic" not in brand.font_files:
        return []  # said once, by _check_languages
    written = dates.written_date(issue.date, brand.labels["date"], issue.language)
    where = issue.where.get("date", issue.location)
    return _check_fields(
        [(f"date (printed as {written!r})", where, plain(written), ("masthead_line", "box_entry"))],
        brand,
    )


def _check_fields(
    fields: list[tuple[str, Location, RichText, tuple[str, ...]]], brand: Brand
) -> list[Diagnostic]:
    fallback = brand.font("fallback") if "fallback" in brand.font_files else None
    problems: list[Diagnostic] = []
    for path, where, text, styles in fields:
        shaped = SHAPED.search(text.plain)
        letter = RIGHT_TO_LEFT_LETTERS.search(text.plain)
        if letter and "arabic" not in brand.font_files:
            problems.append(
                error(
                    where,
                    f"{path}: {describe_character(letter.group())} is right-to-left text "
                    f"(Arabic script), and the brand ({brand.path.name}) has no font for it",
                    _ARABIC_HINT,
                )
            )
            continue
        lacking: dict[str, str] = {}  # character -> font file that lacks it
        for style_name in styles:
            style = brand.styles[style_name]
            for span in text.spans:
                role = _VARIANTS.get(style.font, {}).get((span.italic, span.bold), style.font)
                content = span.text.upper() if style.uppercase else span.text
                # shaped text is set from the style's font and the Arabic-script
                # font, whichever has the character (see text.shaping)
                script = brand.script_font(role) if shaped else None
                for char in fonts.missing(brand.font(role), content):
                    if script is not None and not fonts.missing(script, char):
                        continue
                    if fallback is None or fonts.missing(fallback, char):
                        lacking.setdefault(char, brand.font_files[role].name)
        if lacking:
            shown = [f"{describe_character(c)} (not in {font})" for c, font in lacking.items()]
            more = len(shown) - _SHOWN
            listing = "; ".join(shown[:_SHOWN]) + (f"; and {more} more" if more > 0 else "")
            hint = (
                _ARABIC_HINT
                if shaped and "arabic" not in brand.font_files
                else "remove the characters, or add a font that has them to the brand as "
                "fonts.fallback"
                if fallback is None
                else "remove the characters; the brand's fallback font lacks them too"
            )
            problems.append(error(where, f"{path}: no font can draw {listing}", hint))
    return problems

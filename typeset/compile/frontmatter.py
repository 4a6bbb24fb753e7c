"""The volume's own pages, typeset with the brand: cover, contents and index.

Takes the brand, the year and where every issue and headline lands in the
volume; gives PDF bytes made by ReportLab (invariant, brand fonts embedded),
their page count, and the spots on them that should link to a volume page.
The words it prints are the brand's labels (`volume`, `contents`, `index`,
`issue_count`, `number`, `date`); every font, size and colour comes from the
brand. Must not touch the issues' own pages.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
)

from .. import __version__, dates, markup
from ..brand import Brand
from ..finishing import finish
from ..flowables import Ink, define_number_form, draw_text
from ..furniture import (
    contact_lines,
    dated_line,
    document_info,
    draw_footer,
    draw_logo,
    joined,
    logo_paint,
    mirrored,
    separator,
    written_date,
)
from ..geometry import Rect, Sheet, sheet
from ..paragraphs import ParagraphMaker
from ..production import PrintSpec
from ..render import binary_streams, brand_fonts, canvas_maker
from ..shapedparagraph import ShapedParagraph
from ..styles import Styles
from ..text.scripts import isolate

#: Punctuation the front matter prints; its words are the brand's labels.
WORDS = {
    "range": "{first} – {last}",
    "other": "#",
}


@dataclass(frozen=True)
class IssueLine:
    """An issue as the contents lists it."""

    number: int
    #: None for a number no file has (a gap placed by `--allow-missing`)
    date: dt.date | None
    title: str | None
    #: the issue's first page in the volume, counted from 1
    page: int
    #: (headline, page in the volume)
    items: tuple[tuple[str, int], ...]
    language: str = "en"
    #: a placeholder page stands in for the issue (`--allow-missing`)
    missing: bool = False


@dataclass(frozen=True)
class Spot:
    """A place on a front-matter page that links to a page of the volume."""

    page: int  # index of the front-matter page, from 0
    rect: tuple[float, float, float, float]
    target: int  # volume page, counted from 1


@dataclass
class Made:
    data: bytes
    pages: int
    spots: list[Spot] = field(default_factory=list)


class _Row(Flowable):  # type: ignore[misc]
    """Text at the left, a page number at the right on its first line; the
    whole row becomes a link to that page."""

    def __init__(
        self,
        paragraph: Paragraph,
        number: str,
        ink: Ink,
        *,
        target: int,
        record: Callable[[Canvas, tuple[float, float, float, float], int], None],
        indent: float = 0.0,
        gap: float = 0.0,
        form: str | None = None,
    ) -> None:
        super().__init__()
        self.paragraph = paragraph
        self.number = number
        #: a form drawn instead of `number`, filled in when the page count is known
        self.form = form
        self.ink = ink
        self.target = target
        self.record = record
        self.indent = indent
        self.spaceAfter = gap
        self.number_width = ink.width("0000") + ink.size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        inner = avail_width - self.indent - self.number_width
        _, height = self.paragraph.wrap(inner, avail_height)
        self.width, self.height = avail_width, height
        return self.width, self.height

    def draw(self) -> None:
        self.paragraph.drawOn(self.canv, self.indent, 0)
        first_line = self.height - self.paragraph.style.fontSize
        baseline = first_line - (self.paragraph.style.leading - self.paragraph.style.fontSize) / 2
        if self.form is None:
            draw_text(self.canv, self.width, baseline + 1, self.number, self.ink, align="right")
        else:
            self.canv.saveState()
            self.canv.translate(self.width, baseline + 1)
            self.canv.doForm(self.form)
            self.canv.restoreState()
        x0, y0 = self.canv.absolutePosition(0, 0)
        x1, y1 = self.canv.absolutePosition(self.width, self.height)
        self.record(self.canv, (x0, y0, x1, y1), self.target)


class _PageNumbers(Flowable):  # type: ignore[misc]
    """The last thing in the contents: once the front matter's length is known
    (this is drawn on its last page), fills in every row's page number, so that
    the contents is set in one pass whatever its length."""

    def __init__(self, pages: Sequence[int], ink: Ink) -> None:
        super().__init__()
        self.pages = pages
        self.ink = ink

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0.0, 0.0

    def draw(self) -> None:
        front = self.canv.getPageNumber()
        for page in self.pages:
            define_number_form(self.canv, f"after-front-{page}", str(front + page), self.ink)


def month_year(date: dt.date, language: str) -> str:
    """'March 2024', in the issue's language ('اسفند ۱۴۰۲' in Persian)."""
    return dates.month_year(date, language)


class _Maker:
    def __init__(self, brand: Brand, year: int, language: str, page: Sheet) -> None:
        self.brand = brand
        self.year = year
        self.language = language
        #: the page's boxes: the trim is where the page's design goes
        self.page = page
        self.trim = page.trim
        self.styles = Styles(brand, language)
        # a Persian headline in the contents or the index is shaped and set
        # right to left in the brand's Arabic-script font
        self.paragraphs = ParagraphMaker(
            link_colour=brand.colour("accent"),
            fallback=self.styles.fallback,
            script_for=self.styles.script_for,
        )
        self.spots: list[Spot] = []

    def para(self, text: str, style: str) -> Paragraph | ShapedParagraph:
        ts = self.styles.text_style(style)
        return self.paragraphs.make(
            markup.plain(text), self.styles.paragraph(style), uppercase=ts.uppercase
        )

    def record(self, canv: Canvas, rect: tuple[float, float, float, float], target: int) -> None:
        self.spots.append(Spot(canv.getPageNumber() - 1, rect, target))

    def row(
        self,
        text: str,
        style: str,
        page: int,
        *,
        indent: float = 0.0,
        gap: float = 0.0,
        after_front: bool = False,
    ) -> _Row:
        """A linked row; with `after_front`, `page` counts from the first page
        after the front matter, whose length is not known until it is set."""
        return _Row(
            self.para(text, style),
            str(page),
            self.styles.ink("box_number"),
            target=page,
            record=self.record,
            indent=indent,
            gap=gap,
            form=f"after-front-{page}" if after_front else None,
        )

    # -- pages ------------------------------------------------------------
    def inside_margins(self) -> Rect:
        m, trim = self.brand.margins, self.trim
        return Rect(
            trim.x + m.left,
            trim.y + m.bottom,
            trim.width - m.left - m.right,
            trim.height - m.top - m.bottom,
        )

    def content_rect(self) -> Rect:
        area = self.inside_margins()
        footer = self.styles.space("footer_height")
        return Rect(area.x, area.y + footer, area.width, area.height - footer)

    def footer(self, canv: Canvas, label: str) -> None:
        area = self.inside_margins()
        strip = Rect(area.x, area.y, area.width, self.styles.space("footer_height"))
        left = joined((self.brand.name, self.brand.label("volume", year=self.year)))
        draw_footer(canv, strip, self.styles, left, label)

    def cover(self, canv: Canvas, issues: Sequence[IssueLine]) -> None:
        brand, styles, space = self.brand, self.styles, self.styles.space
        area = self.inside_margins()
        band_height = area.height * 0.42
        band = Rect(area.x, area.top - band_height, area.width, band_height)
        pad = space("box_padding") * 3
        canv.setFillColor(brand.colour("primary"))
        canv.rect(band.x, band.y, band.width, band.height, stroke=0, fill=1)
        name = styles.ink("masthead_name")
        tagline = styles.ink("masthead_tagline")
        if brand.logo is not None:
            side = band.height * 0.45
            draw_logo(
                canv,
                brand.logo,
                Rect(band.x + pad, band.top - pad - side, side, side),
                font=brand.font("caption"),
                paint=logo_paint(brand),
            )
        base = band.y + pad + tagline.size * 2
        draw_text(canv, band.x + pad, base, brand.name, name)
        if brand.tagline:
            leading = styles.text_style("masthead_tagline").leading
            draw_text(canv, band.x + pad, base - leading * 1.5, brand.tagline, tagline)
        # Under the band: the volume and the issues it holds.
        title = Ink(
            name.font, name.size * 1.5, brand.colour("primary"), name.tracking, name.fallback
        )
        y = band.y - pad - title.size
        draw_text(canv, area.x, y, brand.label("volume", year=self.year), title)
        number = styles.ink("masthead_number")
        accent = Ink(
            number.font, number.size, brand.colour("accent"), number.tracking, number.fallback
        )
        y -= accent.size * 2
        # a number no file has is in the range, but is not counted as an issue
        dated = [(issue, issue.date) for issue in issues if issue.date is not None]
        if dated:
            first = brand.label("number", number=issues[0].number)
            last = brand.label("number", number=issues[-1].number)
            span = first if len(issues) == 1 else WORDS["range"].format(first=first, last=last)
            draw_text(canv, area.x, y, span, accent)
            y -= styles.text_style("box_entry").leading * 2
            first_date = written_date(dated[0][1], brand, dated[0][0].language)
            last_date = written_date(dated[-1][1], brand, dated[-1][0].language)
            span_of_dates = (
                isolate(first_date)
                if first_date == last_date
                else f"{isolate(first_date)} – {isolate(last_date)}"
            )
            line = f"{_issue_count(brand, len(dated))} · {span_of_dates}"
            draw_text(canv, area.x, y, line, styles.ink("box_entry"))
        canv.setStrokeColor(brand.colour("accent"))
        canv.setLineWidth(space("rule_heavy"))
        canv.line(
            area.x, band.y - space("rule_heavy") / 2, area.right, band.y - space("rule_heavy") / 2
        )
        # At the foot: who publishes it.
        contact = styles.ink("contact")
        y = area.y + styles.text_style("contact").leading * 3
        for i, text in enumerate(contact_lines(brand)):
            draw_text(canv, area.x, y, text, styles.ink("box_title") if i == 0 else contact)
            y -= styles.text_style("contact").leading

    def contents_story(self, issues: Sequence[IssueLine]) -> list[Flowable]:
        space = self.styles.space
        story: list[Flowable] = [
            self.para(self.brand.label("contents"), "headline"),
            Spacer(1, space("box_after")),
        ]
        indent = space("box_padding") * 2
        previous: int | None = None
        for issue in issues:
            # a number with no issue between two that are bound: said where it would be
            for gap in range(previous + 1 if previous is not None else issue.number, issue.number):
                missing = (
                    f"{self.brand.label('number', number=gap)} · {self.brand.label('missing')}"
                )
                story.append(self.para(missing, "box_entry"))
                story.append(Spacer(1, space("item_between")))
            previous = issue.number
            head = (
                dated_line(self.brand, issue.number, issue.date, issue.language)
                if issue.date is not None
                else [self.brand.label("number", number=issue.number)]
            )
            if issue.title:
                head.append(issue.title)
            if issue.missing:
                head.append(self.brand.label("missing"))
            story.append(
                self.row(
                    joined(head),
                    "box_title",
                    issue.page,
                    gap=space("paragraph_after"),
                    after_front=True,
                )
            )
            for headline, page in issue.items:
                story.append(
                    self.row(
                        headline,
                        "box_entry",
                        page,
                        indent=indent,
                        gap=space("paragraph_after"),
                        after_front=True,
                    )
                )
            story.append(Spacer(1, space("item_between")))
        pages = {issue.page for issue in issues} | {p for i in issues for _, p in i.items}
        story.append(_PageNumbers(sorted(pages), self.styles.ink("box_number")))
        return story

    def index_story(self, entries: Sequence[tuple[str, int, int]]) -> list[Flowable]:
        space = self.styles.space
        story: list[Flowable] = [
            self.para(self.brand.label("index"), "headline"),
            Spacer(1, space("box_after")),
        ]
        letter = None
        language = self.language
        ordered = sorted(entries, key=lambda e: (sort_key(e[0], language), e[1], e[2]))
        for headline, number, page in ordered:
            initial = initial_of(headline, language)
            text = f"{headline} ({self.brand.label('number', number=number)})"
            row = self.row(text, "box_entry", page, gap=space("paragraph_after"))
            if initial != letter:
                # The letter stays with its first entry: never alone at a column's foot.
                before = space("paragraph_after") * 2 if letter is not None else 0.0
                story.append(
                    KeepTogether(
                        [
                            Spacer(1, before),
                            self.para(initial, "box_title"),
                            Spacer(1, space("paragraph_after")),
                            row,
                        ]
                    )
                )
                letter = initial
            else:
                story.append(row)
        return story


def _issue_count(brand: Brand, count: int) -> str:
    """'12 issues', '1 issue': the singular label unless the brand worded only
    the plural one."""
    own_plural = brand.where.get("labels.issue_count", brand.location) != brand.location
    own_singular = brand.where.get("labels.issue_count_one", brand.location) != brand.location
    one = count == 1 and (own_singular or not own_plural)
    return brand.label("issue_count_one" if one else "issue_count", count=count)


#: Articles an index files a headline without ("The model" under M), by
#: language; an elided one ("l'") is written with its apostrophe.
ARTICLES: dict[str, tuple[str, ...]] = {
    "en": ("the", "a", "an"),
    "fr": ("le", "la", "les", "l'", "un", "une"),
    "de": ("der", "die", "das", "ein", "eine"),
    "es": ("el", "la", "los", "las", "un", "una"),
    "it": ("il", "lo", "la", "i", "gli", "le", "l'", "un", "una", "uno"),
    "pt": ("o", "a", "os", "as", "um", "uma"),
    "nl": ("de", "het", "een"),
}


#: The Persian alphabet in its dictionary order (ا ب پ ت … و ه ی): the order
#: of CLDR's `fa` collation for the letters. Code points would misplace the
#: four letters Persian adds to Arabic (پ U+067E after ی U+06CC is wrong, as are
#: چ ژ گ) and put ه before و. ICU has the tailoring, but PyICU builds from
#: source (over three minutes of C++ on this machine, unfinished) and Babel
#: has no collation, so the alphabet is written here.
PERSIAN_ALPHABET = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"

#: Arabic forms a Persian index files with their Persian letter (after NFKD
#: has taken hamza and madda off: آ أ إ are filed under ا, ئ under ی).
_PERSIAN_FORMS = str.maketrans(
    {"ك": "ک", "ي": "ی", "ى": "ی", "ة": "ه", "ٱ": "ا", "\u200c": None, "\u0640": None}
)

#: Persian letters sort after every Latin one, in alphabet order, as these
#: private-use stand-ins (U+E000 + position in the alphabet).
_PERSIAN_KEYS = str.maketrans(
    {letter: chr(0xE000 + i) for i, letter in enumerate(PERSIAN_ALPHABET)}
)


def sort_key(text: str, language: str = "en") -> str:
    """Headlines sorted as a reader expects: accents, case and a leading
    article of the language ignored; Persian headlines after the Latin ones,
    in the order of the Persian alphabet."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("’", "'"))
    key = "".join(c for c in decomposed if not unicodedata.combining(c)).lstrip("\"'“‘«(")
    key = key.translate(_PERSIAN_FORMS).translate(_PERSIAN_KEYS)
    for article in ARTICLES.get(language.split("-")[0].lower(), ()):
        rest = key[len(article) :]
        follows = article.endswith("'") or rest[:1] == " "
        if key.startswith(article) and follows and rest.strip():
            return rest.lstrip(" \"'“‘«(")
    return key


def initial_of(text: str, language: str = "en") -> str:
    """The letter an index files `text` under: its first Latin letter (A–Z),
    its first Persian letter, else '#'."""
    key = sort_key(text, language)
    first = key[:1].upper()
    if first and 0 <= ord(first) - 0xE000 < len(PERSIAN_ALPHABET):
        return PERSIAN_ALPHABET[ord(first) - 0xE000]
    return first if first.isalpha() and first.isascii() else WORDS["other"]


def _build(
    maker: _Maker,
    templates: list[PageTemplate],
    story: list[Flowable],
    created: dt.datetime,
    press: PrintSpec | None,
) -> Made:
    out = io.BytesIO()
    with binary_streams():
        doc = BaseDocTemplate(
            out,
            pagesize=_size(maker.page),
            pageTemplates=templates,
            title=f"{maker.brand.name} — {maker.year}",
            author=maker.brand.organisation,
            creator=f"typeset {__version__}",
            invariant=True,
            initialFontName=maker.brand.font("body"),
            # As for the issues: a colour outside the edition's space is an error,
            # and ReportLab's default black becomes the edition's black.
            enforceColorSpace=maker.brand.colour_space,
        )
        # The brand's fixed subsets, as the issues have: the volume stores each font once.
        doc.build(
            story, canvasmaker=canvas_maker(created, brand_fonts=brand_fonts(maker.brand, "brand"))
        )
    data = out.getvalue()
    if press is not None:
        data = _for_press(data, maker, created, press)
    return Made(data, doc.page, maker.spots)


def _size(page: Sheet) -> tuple[float, float]:
    return (page.media.width, page.media.height)


def _for_press(data: bytes, maker: _Maker, created: dt.datetime, press: PrintSpec) -> bytes:
    """The pages finished as the print issues are: TrimBox, BleedBox, crop marks."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "front.pdf"
        path.write_bytes(data)
        info = document_info(
            maker.brand,
            title=f"{maker.brand.name} — {maker.year}",
            subject=maker.brand.label("volume", year=maker.year),
            keywords=(),
            language=maker.language,
            created=created,
            identity=None,
        )
        finish(path, page=maker.page, info=info, press=press)
        return path.read_bytes()


def _frame(rect: Rect, name: str) -> Frame:
    return Frame(rect.x, rect.y, rect.width, rect.height, 0, 0, 0, 0, id=name)


def render_front(
    brand: Brand,
    year: int,
    issues: Sequence[IssueLine],
    *,
    created: dt.datetime,
    language: str = "en",
    page: Sheet | None = None,
    press: PrintSpec | None = None,
) -> Made:
    """The cover and the contents (footers numbered i, ii, …), on `page`
    (default: the trim size alone) and finished for `press` when given.

    The issues' pages count from the first page after the front matter
    (`IssueLine.page` 1 is that page); the printed numbers and the returned
    link targets are pages of the volume."""
    page = page or sheet(brand.page_size)
    maker = _Maker(brand, year, language, page)

    def cover(canv: Canvas, doc: object) -> None:
        maker.cover(canv, issues)

    def contents(canv: Canvas, doc: object) -> None:
        maker.footer(canv, roman(canv.getPageNumber()))

    rect = maker.content_rect()
    templates = [
        PageTemplate("cover", [_frame(rect, "cover")], onPage=cover, pagesize=_size(page)),
        PageTemplate("contents", [_frame(rect, "contents")], onPage=contents, pagesize=_size(page)),
    ]
    story: list[Flowable] = [NextPageTemplate("contents"), PageBreak()]
    story += maker.contents_story(issues)
    made = _build(maker, templates, story, created, press)
    # The rows' targets counted from the first page after the front matter.
    made.spots = [replace(s, target=s.target + made.pages) for s in made.spots]
    return made


def render_index(
    brand: Brand,
    year: int,
    entries: Sequence[tuple[str, int, int]],
    *,
    created: dt.datetime,
    labels: Callable[[int], str],
    language: str = "en",
    page: Sheet | None = None,
    press: PrintSpec | None = None,
) -> Made:
    """The index of headlines A–Z, in the brand's columns; `entries` are
    (headline, issue number, volume page); `labels(n)` is the footer of its page n."""
    page = page or sheet(brand.page_size)
    maker = _Maker(brand, year, language, page)
    rect = maker.content_rect()
    columns = brand.columns
    gutter = brand.gutter
    width = (rect.width - gutter * (columns - 1)) / columns
    frames = [
        _frame(Rect(rect.x + i * (width + gutter), rect.y, width, rect.height), f"index{i}")
        for i in range(columns)
    ]

    def footer(canv: Canvas, doc: object) -> None:
        maker.footer(canv, labels(canv.getPageNumber()))

    templates = [PageTemplate("index", frames, onPage=footer, pagesize=_size(page))]
    return _build(maker, templates, maker.index_story(entries), created, press)


def render_placeholder(
    brand: Brand,
    year: int,
    number: int,
    date: dt.date | None,
    why: str,
    *,
    created: dt.datetime,
    language: str = "en",
    page: Sheet | None = None,
    press: PrintSpec | None = None,
) -> Made:
    """The one page that stands in for a missing issue (`--allow-missing`):
    its number, its date when known, the word for missing, and `why` (the
    label for the reason), in the brand's fonts and colours. It speaks for the
    issue, so its words are in the issue's `language`, as its date is (a
    missing Persian issue: "شماره‌ی ۱۰۵ · ناموجود"); its footer is the volume's."""
    page = page or sheet(brand.page_size)
    maker = _Maker(brand, year, language, page)
    frame = _frame(maker.content_rect(), "missing")
    words = brand.for_language(language)

    def footer(canv: Canvas, doc: object) -> None:
        maker.footer(canv, f"{number}-1")

    said = [written_date(date, brand, language)] if date is not None else []
    said.append(words.label("missing"))
    story: list[Flowable] = [
        maker.para(words.label("number", number=number), "headline"),
        Spacer(1, maker.styles.space("paragraph_after")),
        maker.para(separator(mirrored(language)).join(said), "box_title"),
        Spacer(1, maker.styles.space("box_after")),
        maker.para(why, "box_entry"),
    ]
    templates = [PageTemplate("missing", [frame], onPage=footer, pagesize=_size(page))]
    return _build(maker, templates, story, created, press)


def roman(number: int) -> str:
    """1 -> 'i', 4 -> 'iv', 14 -> 'xiv'."""
    values = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ]
    out = ""
    for value, letters in values:
        while number >= value:
            out += letters
            number -= value
    return out

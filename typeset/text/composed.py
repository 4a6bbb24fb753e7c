"""A justified paragraph set with total-fit line breaks, as a ReportLab flowable.

Takes the paragraph's styled runs (font, size, colour, link target and text,
as `paragraphs` makes them), a ReportLab paragraph style (leading, space
before and after, widow and orphan rules, the hyphenator) and `Knobs` from the
brand; gives `ComposedParagraph`, which frames, `KeepTogether` and balanced
columns treat like a ReportLab `Paragraph`: `wrap`, `split` at line
boundaries, `getSpaceBefore`/`getSpaceAfter`, `drawOn`.

The text becomes boxes (word pieces, measured by `measure`), glue (word
spaces that stretch and shrink by the brand's share of the font's space) and
penalties (hyphenation points from the style's pyphen dictionary, breaks after
typed hyphens and dashes, and, only in a word wider than the column, breaks
between any two characters); `breaker` chooses the lines. A hyphen the
composer adds is drawn as U+00AD SOFT HYPHEN (the same glyph as the hyphen in
the brand's fonts), so that text extraction can tell it from a typed one.
Drawing happens in one place, `ComposedParagraph.draw`, through ReportLab's
canvas: the same fonts, subsets and links as a ReportLab paragraph.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from .. import fonts
from .breaker import FILL, INFINITY, Box, Glue, Item, Line, Penalty, Settings, compose, finish
from .measure import Measure, ReportLabMeasure

#: Drawn where the composer hyphenates: extraction reads it as a soft hyphen.
SOFT_HYPHEN = "\u00ad"
#: Typed characters after which a line may break with nothing added.
HYPHENS = frozenset("-\u2010")
DASHES = frozenset("\u2013\u2014/")
#: In a word wider than the column (a URL), preferred places to break it.
URL_BREAKS = frozenset("/.?&=_#:")
#: How much of a character may hang past the right edge with margin kerning
#: (shares of its width, after the protrusion tables of pdfTeX's microtype).
HANG = {".": 0.7, ",": 0.7, ":": 0.5, ";": 0.5, "-": 0.7, SOFT_HYPHEN: 0.7}
HANG.update(dict.fromkeys("\u2019\u201d\"'", 0.7))
#: A hyphenated piece keeps at least this many letters before and after the hyphen.
LEFT_MIN, RIGHT_MIN = 2, 3
#: Words shorter than this are never hyphenated.
HYPHENATE_MIN = 5
#: A "word" longer than this is a URL or a string of symbols, not language:
#: never hyphenated from the dictionary, only broken where it must be.
LONG_WORD = 60
#: Penalties of breaks that add no hyphen: after a typed hyphen or dash; in a
#: word too wide for the column, at a URL's punctuation or anywhere.
TYPED_BREAK_PENALTY = 50.0
URL_BREAK_PENALTY = 500.0
CHAR_BREAK_PENALTY = 2000.0


@dataclass(frozen=True)
class Knobs:
    """The brand's settings for justified text (`brand.LineBreaking` says more)."""

    stretch: float  # share of the font's space a word space may grow
    shrink: float  # share it may shrink
    hyphen_penalty: float
    tolerance: float
    margin_kerning: bool
    #: a last line of one word narrower than this many ems costs extra
    short_last: float = 3.0

    def settings(self, size: float) -> Settings:
        """The breaker's settings for text set at `size` points."""
        return Settings(
            tolerance=self.tolerance,
            emergency_stretch=3 * size,
            short_last_width=self.short_last * size,
        )


@dataclass(frozen=True)
class Run:
    font: str
    size: float
    colour: Color
    href: str | None


Segment = tuple[int, str]  # (run index, text)


class _Word(NamedTuple):
    segments: tuple[Segment, ...]
    text: str
    #: character offsets where a hyphen may be added
    hyphens: tuple[int, ...]
    #: character offsets after a typed hyphen or dash
    typed: tuple[int, ...]


class Piece(NamedTuple):
    """A box's payload: where it starts in its word, and what it draws. (Which
    word is counted when needed: the glue between words says it.)"""

    offset: int
    segments: tuple[Segment, ...]


class _Made(NamedTuple):
    """A whole word's items, shared by every paragraph that has the word."""

    advance: float
    items: tuple[Item, ...]
    #: positions in `items` of the penalties that add a hyphen
    inserted: tuple[int, ...]


@dataclass
class ComposedText:
    """The width-independent part of a paragraph: runs, words, hyphenation."""

    runs: list[Run]
    words: list[_Word]
    base_space: float  # the width of a space in the style's own font
    measure: Measure
    #: per run: text -> advance width, filled as words are measured
    _widths: list[dict[str, float]] = field(repr=False)

    @classmethod
    def from_runs(
        cls,
        parts: Sequence[tuple[Run, str]],
        *,
        base_font: str,
        base_size: float,
        hyphenate: Callable[[str], Any] | None,
        measure: Measure | None = None,
    ) -> ComposedText:
        measure = measure or _MEASURE
        runs: list[Run] = []
        index: dict[Run, int] = {}
        words: list[_Word] = []
        current: list[Segment] = []

        def close() -> None:
            if current:
                words.append(_word(tuple(current), hyphenate))
                current.clear()

        if len(parts) == 1:  # one run: most paragraphs
            runs.append(parts[0][0])
            words = [_first_run_word(chunk, hyphenate) for chunk in parts[0][1].split(" ") if chunk]
        for run, text in parts if len(parts) > 1 else ():
            number = index.setdefault(run, len(runs))
            if number == len(runs):
                runs.append(run)
            for n, chunk in enumerate(text.split(" ")):
                if n:
                    close()
                if chunk:
                    current.append((number, chunk))
        close()
        space = measure.width(" ", base_font, base_size)
        return cls(runs, words, space, measure, [{} for _ in runs])

    @property
    def plain(self) -> str:
        return " ".join(word.text for word in self.words)

    def width(self, segments: Sequence[Segment]) -> float:
        return sum(self.advance(number, text) for number, text in segments)

    def advance(self, number: int, text: str) -> float:
        """The width of `text` in run `number` (remembered: words recur)."""
        known = self._widths[number].get(text)
        if known is None:
            run = self.runs[number]
            known = self._widths[number][text] = self.measure.width(text, run.font, run.size)
        return known

    def hyphen(self, number: int) -> str:
        font = self.runs[number].font
        return SOFT_HYPHEN if SOFT_HYPHEN in fonts.characters(font) else "-"

    def items(
        self, width: float, start: tuple[int, int], knobs: Knobs
    ) -> tuple[list[Item], dict[int, int]]:
        """Boxes, glue and penalties from `start` (word, character) on, and the
        penalties that add a hyphen (item index -> run of the hyphen)."""
        items: list[Item] = []
        inserted: dict[int, int] = {}
        stretch = knobs.stretch * self.base_space
        shrink = knobs.shrink * self.base_space
        glues: dict[int, Glue] = {}  # one per run: the space after its last word
        first_word, first_offset = start
        for number in range(first_word, len(self.words)):
            word = self.words[number]
            offset = first_offset if number == first_word else 0
            if items:
                last_run = self.words[number - 1].segments[-1][0]
                glue = glues.get(last_run)
                if glue is None:
                    space = self.advance(last_run, " ")
                    glue = glues[last_run] = Glue(space, stretch, shrink)
                if knobs.margin_kerning:
                    self._hang_before_space(items, self.words[number - 1])
                items.append(glue)
            if len(word.segments) == 1 and not offset and not knobs.margin_kerning:
                made = self._plain(word, knobs.hyphen_penalty)
                if made.advance <= width:
                    if made.inserted:
                        at, run = len(items), word.segments[0][0]
                        for relative in made.inserted:
                            inserted[at + relative] = run
                    items += made.items
                    continue
            self._word_items(items, inserted, number, word, offset, width, knobs)
        return finish(items), inserted

    def _plain(self, word: _Word, hyphen_penalty: float) -> _Made:
        """The items of a word in one run, whole, without margin kerning (most
        words of most paragraphs), made once per font, size and penalty:
        words recur across paragraphs, and their boxes carry no paragraph's
        numbering, so they are shared."""
        number, text = word.segments[0]
        run = self.runs[number]
        key = (self.measure, run.font, run.size, number, text, word.hyphens, hyphen_penalty)
        made = _MADE.get(key)
        if made is None:
            if len(_MADE) > _KNOWN_MAX:
                _MADE.clear()
            made = _MADE[key] = self._plain_word(word, hyphen_penalty)
        return made

    def _hang_before_space(self, items: list[Item], word: _Word) -> None:
        """With margin kerning, a line ending in this word may reach past the
        edge by part of its last character: a break costing nothing whose
        negative width says so (the glue after it is then no break)."""
        number, text = word.segments[-1]
        share = HANG.get(text[-1])
        if share:
            run = self.runs[number]
            items.append(Penalty(-share * self.measure.width(text[-1], run.font, run.size), 0.0))

    def _plain_word(self, word: _Word, hyphen_penalty: float) -> _Made:
        """`_word_items` for a word in one run, whole, without margin kerning:
        the same items, made faster."""
        ((run, text),) = segments = word.segments
        advance = self.advance(run, text)
        if not (word.hyphens or word.typed):
            return _Made(advance, (Box(advance, Piece(0, segments)),), ())
        items: list[Item] = []
        inserted: list[int] = []
        typed = dict.fromkeys(word.typed)
        begin = 0
        for at in sorted({*word.hyphens, *word.typed}):
            part = text[begin:at]
            items.append(Box(self.advance(run, part), Piece(begin, ((run, part),))))
            if at in typed:
                items.append(Penalty(0.0, TYPED_BREAK_PENALTY, text[at - 1] in HYPHENS))
            else:
                inserted.append(len(items))
                hyphen = self.advance(run, self.hyphen(run))
                items.append(Penalty(hyphen, hyphen_penalty, True))
            begin = at
        part = text[begin:]
        items.append(Box(self.advance(run, part), Piece(begin, ((run, part),))))
        return _Made(advance, tuple(items), tuple(inserted))

    def _word_items(
        self,
        items: list[Item],
        inserted: dict[int, int],
        number: int,
        word: _Word,
        offset: int,
        width: float,
        knobs: Knobs,
    ) -> None:
        cuts: dict[int, tuple[float, bool, bool]] = {}  # offset -> (cost, flagged, adds hyphen)
        for at in word.hyphens:
            if at > offset:
                cuts[at] = (knobs.hyphen_penalty, True, True)
        for at in word.typed:
            if at > offset:
                cuts[at] = (TYPED_BREAK_PENALTY, word.text[at - 1] in HYPHENS, False)
        if self.width(_slice(word.segments, offset, len(word.text))) > width:
            # Too wide for any line: it must break somewhere, at its URL
            # punctuation if it can, else between any two characters.
            for at in range(offset + 1, len(word.text)):
                if at not in cuts:
                    url = word.text[at - 1] in URL_BREAKS
                    cuts[at] = (URL_BREAK_PENALTY if url else CHAR_BREAK_PENALTY, False, False)
        begin = offset
        for at in sorted(cuts):
            segments = _slice(word.segments, begin, at)
            items.append(Box(self.width(segments), Piece(begin, segments)))
            cost, flagged, adds = cuts[at]
            hyphen_width = 0.0
            run = segments[-1][0]
            if adds:
                hyphen_width = self._char_width(self.hyphen(run), run)
                inserted[len(items)] = run
            if knobs.margin_kerning:
                mark = self.hyphen(run) if adds else word.text[at - 1]
                hyphen_width -= HANG.get(mark, 0.0) * self._char_width(mark, run)
            items.append(Penalty(hyphen_width, cost, flagged))
            begin = at
        segments = _slice(word.segments, begin, len(word.text))
        items.append(Box(self.width(segments), Piece(begin, segments)))

    def _char_width(self, char: str, number: int) -> float:
        run = self.runs[number]
        return self.measure.width(char, run.font, run.size)


_MEASURE = ReportLabMeasure()


#: Words of the first run as made before (immutable, so shared by paragraphs):
#: (hyphenator, text) -> word. Emptied when it grows past `_KNOWN_MAX`.
_KNOWN: dict[tuple[Callable[[str], Any] | None, str], _Word] = {}
_KNOWN_MAX = 1 << 17
#: Items of whole words (`ComposedText._plain`): (measure, font, size, run, text,
#: hyphenation points, hyphen penalty) -> items. Emptied like `_KNOWN`.
_MADE: dict[tuple[Measure, str, float, int, str, tuple[int, ...], float], _Made] = {}


def _first_run_word(text: str, hyphenate: Callable[[str], Any] | None) -> _Word:
    """`_word(((0, text),), hyphenate)`, remembered: most words of most
    paragraphs are in a paragraph's first run, and words recur."""
    key = (hyphenate, text)
    known = _KNOWN.get(key)
    if known is None:
        if len(_KNOWN) > _KNOWN_MAX:
            _KNOWN.clear()
        known = _KNOWN[key] = _word(((0, text),), hyphenate)
    return known


def _word(segments: tuple[Segment, ...], hyphenate: Callable[[str], Any] | None) -> _Word:
    text = segments[0][1] if len(segments) == 1 else "".join(part for _, part in segments)
    typed, hyphens = _breaks(text, hyphenate)
    return _Word(segments, text, hyphens, typed)


@lru_cache(maxsize=1 << 16)
def _breaks(
    text: str, hyphenate: Callable[[str], Any] | None
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Where a word may break after a typed hyphen or dash, and where a hyphen
    may be added; words recur, so each is worked out once."""
    typed = tuple(
        at + 1
        for at, char in enumerate(text[:-1])
        if (char in HYPHENS or char in DASHES) and at > 0
    )
    return typed, _hyphen_points(text, hyphenate)


def _hyphen_points(text: str, hyphenate: Callable[[str], Any] | None) -> tuple[int, ...]:
    """Where a hyphen may be added: pyphen's points in each run of letters."""
    if hyphenate is None or not HYPHENATE_MIN <= len(text) <= LONG_WORD:
        return ()
    points: list[int] = []
    start = None
    for at, char in enumerate(text + " "):
        if char.isalpha():
            if start is None:
                start = at
            continue
        if start is not None and at - start >= HYPHENATE_MIN:
            points.extend(start + cut for cut in _cuts(hyphenate, text[start:at]))
        start = None
    return tuple(sorted(set(points)))


def _cuts(hyphenate: Callable[[str], Any], letters: str) -> tuple[int, ...]:
    """The dictionary's hyphenation points in a run of letters."""
    return tuple(
        len(left)
        for left, _right in hyphenate(letters)
        if LEFT_MIN <= len(left) <= len(letters) - RIGHT_MIN
    )


def _slice(segments: Sequence[Segment], begin: int, end: int) -> tuple[Segment, ...]:
    """The part of a word's segments from character `begin` to `end`."""
    if len(segments) == 1:  # most words are in one run
        number, text = segments[0]
        return ((number, text[begin:end]),) if begin or end < len(text) else (segments[0],)
    out: list[Segment] = []
    at = 0
    for number, text in segments:
        lo, hi = max(begin - at, 0), min(end - at, len(text))
        if lo < hi:
            out.append((number, text[lo:hi]))
        at += len(text)
    return tuple(out)


@dataclass
class _Layout:
    """The lines of a paragraph at one width."""

    width: float
    items: list[Item]
    lines: list[Line]
    inserted: dict[int, int]
    passes: int = 1
    #: (word, character) where `items` begin
    origin: tuple[int, int] = (0, 0)
    #: the index of the paragraph's final break
    last: int = field(init=False)

    def __post_init__(self) -> None:
        self.last = len(self.items) - 1

    def where(self, index: int) -> tuple[int, int]:
        """(word, character) where the box at `index` begins: the words before
        it are the word spaces before it (only a paragraph's last glue fills)."""
        box = self.items[index]
        assert isinstance(box, Box) and isinstance(box.payload, Piece)
        spaces = sum(1 for item in self.items[:index] if type(item) is Glue)
        word = self.origin[0] + spaces
        return word, box.payload.offset


@dataclass(frozen=True)
class SetLine:
    """One line as drawn: text per run, its word spaces and the space added to each."""

    parts: list[Segment]
    spaces: int
    word_space: float
    natural: float


class ComposedParagraph(Flowable):  # type: ignore[misc]
    """A justified paragraph whose lines the total-fit breaker chose.

    `role` says what the block is (summary, body, caption, ...), for a tagged
    PDF to mark later. `start` is where in `text` this paragraph begins (the
    rest of a split paragraph starts mid-text); `layout` carries lines already
    chosen for a width."""

    def __init__(
        self,
        text: ComposedText,
        style: ParagraphStyle,
        *,
        role: str,
        knobs: Knobs,
        start: tuple[int, int] = (0, 0),
        layout: _Layout | None = None,
    ) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self.role = role
        self.knobs = knobs
        self.start = start
        self._layout = layout

    def __repr__(self) -> str:
        return f"<ComposedParagraph {self.role} {self.text.plain[:40]!r}>"

    # -- what frames ask ----------------------------------------------------
    def getSpaceBefore(self) -> float:
        return float(self.style.spaceBefore)

    def getSpaceAfter(self) -> float:
        return float(self.style.spaceAfter)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        try:
            layout = self._compose(avail_width)
        except ValueError:  # a character is wider than the column
            return 0, 0x7FFFFFFF  # as ReportLab answers: it cannot fit here
        self.width = avail_width
        self.height = len(layout.lines) * self.style.leading
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        if not self.text.words or avail_height < 1e-8:
            return []
        try:
            layout = self._compose(avail_width)
        except ValueError:  # a character is wider than the column
            return []
        lines = layout.lines
        fit = int(avail_height / self.style.leading)
        # ReportLab's rules, so that the brand's allowWidows/allowOrphans hold
        orphans = getattr(self.style, "allowOrphans", 0)
        widows = getattr(self.style, "allowWidows", 1)
        if (not orphans and fit <= 1) or fit == 0:
            return []
        if len(lines) <= fit:
            return [self]
        if not widows and len(lines) == fit + 1:
            if (orphans and len(lines) == 3) or len(lines) > 3:
                fit -= 1
            else:
                return []
        head = dataclasses.replace(layout, lines=lines[:fit])
        tail = dataclasses.replace(layout, lines=lines[fit:])
        rest_start = layout.where(lines[fit].start)
        return [
            ComposedParagraph(
                self.text,
                self.style,
                role=self.role,
                knobs=self.knobs,
                start=self.start,
                layout=head,
            ),
            ComposedParagraph(
                self.text,
                self.style,
                role=self.role,
                knobs=self.knobs,
                start=rest_start,
                layout=tail,
            ),
        ]

    def _compose(self, width: float) -> _Layout:
        if self._layout is not None and abs(self._layout.width - width) < 1e-6:
            return self._layout
        if not self.text.words:
            self._layout = _Layout(width, [], [], {})
            return self._layout
        items, inserted = self.text.items(width, self.start, self.knobs)
        composition = compose(items, width, self.knobs.settings(float(self.style.fontSize)))
        self._layout = _Layout(
            width, items, composition.lines, inserted, composition.passes, self.start
        )
        return self._layout

    # -- what the breaker chose ------------------------------------------------
    @property
    def passes(self) -> int:
        """1 when every line met the tolerance; 2 or 3 when it had to be relaxed."""
        return self._layout.passes if self._layout else 1

    def set_lines(self) -> list[SetLine]:
        """The lines as they are drawn (after `wrap`)."""
        assert self._layout is not None, "wrap before asking for lines"
        return [self._set_line(self._layout, line) for line in self._layout.lines]

    def _set_line(self, layout: _Layout, line: Line) -> SetLine:
        # text of consecutive pieces in one run is joined as it is collected
        parts: list[Segment] = []
        run = -1
        texts: list[str] = []
        natural = 0.0
        spaces = 0
        for item in layout.items[line.start : line.end]:
            kind = type(item)
            if kind is Box:
                for number, text in item.payload.segments:  # type: ignore[union-attr]
                    if number != run:
                        if texts:
                            parts.append((run, "".join(texts)))
                        run, texts = number, []
                    texts.append(text)
                natural += item.width
            elif kind is Glue and item.stretch < FILL:  # type: ignore[union-attr]
                texts.append(" ")
                natural += item.width
                spaces += 1
        if texts:
            parts.append((run, "".join(texts)))
        end = layout.items[line.end] if line.end < len(layout.items) else None
        if isinstance(end, Penalty) and end.cost < INFINITY:
            natural += end.width  # a hyphen added, or margin kerning's hang
        if line.end in layout.inserted:
            number = layout.inserted[line.end]
            parts = _merge([*parts, (number, self.text.hyphen(number))])
        final = line.end == layout.last
        word_space = 0.0
        if spaces and (not final or natural > layout.width):
            word_space = (layout.width - natural) / spaces
        return SetLine(parts, spaces, word_space, natural)

    # -- drawing: the one place where the block's marks are made ---------------------
    def draw(self) -> None:
        canv = self.canv
        runs = self.text.runs
        y = self.height - float(self.style.fontSize)
        text = canv.beginText()
        links: list[tuple[str, tuple[float, float, float, float]]] = []
        font: tuple[str, float] | None = None
        colour: Color | None = None
        current = -1  # the run last drawn
        linked = any(run.href for run in runs)
        for line in self.set_lines():
            text.setTextOrigin(0, y)
            text.setWordSpace(line.word_space)
            x = 0.0
            for number, part in line.parts:
                run = runs[number]
                if number != current:
                    current = number
                    if font != (run.font, run.size):
                        font = (run.font, run.size)
                        text.setFont(run.font, run.size, self.style.leading)
                    if colour is not run.colour and colour != run.colour:
                        colour = run.colour
                        text.setFillColor(run.colour)
                text.textOut(part)
                if linked:  # where each run ends, for the link areas
                    advance = self.text.advance(number, part)
                    advance += part.count(" ") * line.word_space
                    if run.href:
                        area = (x, y - 0.25 * run.size, x + advance, y + run.size)
                        links.append((run.href, area))
                    x += advance
            y -= self.style.leading
        text.setWordSpace(0)
        canv.drawText(text)
        for href, rect in links:
            canv.linkURL(href, rect, relative=1, thickness=0)


def _merge(parts: list[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for number, text in parts:
        if merged and merged[-1][0] == number:
            merged[-1] = (number, merged[-1][1] + text)
        else:
            merged.append((number, text))
    return merged

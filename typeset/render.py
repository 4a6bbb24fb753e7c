"""Running the ReportLab build reproducibly and writing the PDF safely.

Takes a `Layout` (from `layout`), the brand and the issue; gives a PDF file.
The file is written under a temporary name in the output folder and renamed
into place only when complete, so a failed or interrupted build leaves no file
and never touches an older good PDF. The same input gives the same bytes: the
creation date is an argument and ReportLab runs in invariant mode. Makes no
style choice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import reportlab
from reportlab import rl_config
from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase.pdfdoc import XMP
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, NextPageTemplate, PageBreak
from reportlab.platypus.doctemplate import LayoutError as ReportLabLayoutError

from . import __version__, fonts, furniture, pdfx
from .brand import Brand
from .errors import Diagnostic, LayoutError, error
from .finishing import finish, withdraw_claim
from .flowables import PadTo
from .layout import Layout
from .model import Issue
from .output import atomic_path
from .production import Edition
from .words import plural
from .xmp import DocumentInfo, keywords_text, packet


@dataclass(frozen=True)
class Rendered:
    path: Path
    edition: Edition
    pages: int
    #: filler pages added to reach the page count the binding needs
    filler_pages: int
    #: item index -> page where its headline landed
    landed: dict[int, int]
    #: the checker's verdict on the PDF/X-4 claim (print, with a checker); None: not asked
    pdfx: pdfx.Verdict | None = None


def _fixed_time(created: dt.datetime) -> TimeStamp:
    """A ReportLab time stamp for `created` (UTC), instead of the clock."""
    stamp = TimeStamp(invariant=True)
    utc = created.astimezone(dt.UTC) if created.tzinfo else created
    stamp.t = utc.replace(tzinfo=dt.UTC).timestamp()
    stamp.lt = utc.timetuple()
    stamp.YMDhms = tuple(stamp.lt)[:6]
    stamp.dhh = stamp.dmm = 0
    return stamp


def canvas_maker(
    created: dt.datetime,
    *,
    brand_fonts: Iterable[str] = (),
    info: DocumentInfo | None = None,
) -> type[Canvas]:
    """A canvas class for `BaseDocTemplate.build` that dates the document
    `created` instead of now, and embeds the brand's fixed character set in
    each of `brand_fonts` that it draws with (`fonts.reserve_brand_subset`).
    With `info`, it also writes an XMP packet made from the same values as the
    Info dictionary."""
    reserved = tuple(dict.fromkeys(brand_fonts))

    class _Canvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            self._doc._timeStamp = _fixed_time(created)
            if info is not None:
                xmp = packet(info)
                self._doc.Catalog.Metadata = XMP(creator=lambda doc: xmp)
            for name in reserved:
                fonts.reserve_brand_subset(name, self._doc)

    return _Canvas


def brand_fonts(brand: Brand, subset: fonts.FontSubset) -> tuple[str, ...]:
    """The fonts whose embedded subset is fixed by the brand, in role order."""
    if subset == "used":
        return ()
    return tuple(dict.fromkeys(brand.font(role) for role in sorted(brand.font_files)))


@contextmanager
def binary_streams() -> Iterator[None]:
    """Write streams as binary instead of ASCII85 text: a quarter smaller and
    quicker. ReportLab keeps this switch in its global config, so it is set
    only for the duration of one build."""
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


class _IssueDoc(BaseDocTemplate):  # type: ignore[misc]
    """ReportLab's document template, which also expands a `PadTo` marker into
    the filler pages it asks for, once the page count is known."""

    shortfall = 0
    filled = 0

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        marker = flowables[0] if flowables else None
        if not isinstance(marker, PadTo):
            super().handle_flowable(flowables)
            return
        del flowables[0]
        self.shortfall = (-self.page) % marker.multiple
        if self.shortfall and marker.make_page is not None:
            extra: list[Flowable] = []
            for _ in range(self.shortfall):
                extra += [NextPageTemplate(marker.template), PageBreak(), marker.make_page()]
            flowables[0:0] = extra
            self.filled = self.shortfall


def document_info(
    issue: Issue, brand: Brand, edition: Edition, created: dt.datetime
) -> DocumentInfo:
    """What the PDF says about itself, in Info and XMP alike."""
    return furniture.document_info(
        brand,
        title=f"{brand.name} {brand.label('number', number=issue.number)}",
        subject=issue.title or brand.tagline or brand.name,
        keywords=(
            brand.name,
            brand.label("number", number=issue.number),
            issue.date.isoformat(),
            *(item.headline for item in issue.items),
        ),
        language=issue.language,
        created=created,
        identity=f"{brand.web or brand.name}#issue-{issue.number}-{edition.name}",
        producer=(
            f"typeset {__version__} (ReportLab {reportlab.Version}, pikepdf {pikepdf.__version__})"
        ),
    )


def render(
    layout: Layout,
    issue: Issue,
    brand: Brand,
    output: Path,
    *,
    edition: Edition,
    created: dt.datetime,
    font_subset: fonts.FontSubset = "used",
) -> Rendered:
    """Build `layout` into `output` as `edition`; raise `LayoutError` if the
    content cannot be placed. `brand` is the brand as the edition paints it;
    `font_subset` says which characters of its fonts are embedded."""
    info = document_info(issue, brand, edition, created)
    media = layout.grid.sheet.media
    with atomic_path(output) as temporary, binary_streams():
        doc = _IssueDoc(
            str(temporary),
            pagesize=(media.width, media.height),
            pageTemplates=layout.templates,
            title=info.title,
            author=info.author,
            subject=info.subject,
            creator=info.creator,
            producer=info.producer,
            keywords=keywords_text(info.keywords),
            lang=info.language,
            invariant=True,
            initialFontName=brand.font("body"),
            initialFontSize=brand.styles["body"].size,
            initialLeading=brand.styles["body"].leading,
            displayDocTitle=True,
            # A guard: any colour that is not in the edition's space is an error.
            enforceColorSpace=edition.colour_space,
        )
        try:
            maker = canvas_maker(created, brand_fonts=brand_fonts(brand, font_subset), info=info)
            doc.build(layout.story, canvasmaker=maker)
        except ReportLabLayoutError as exc:
            message = f"the content cannot be laid out: {exc}"
            raise LayoutError([error(issue.location, message)]) from None
        if doc.shortfall > doc.filled:
            raise LayoutError([_shortfall(issue, brand, doc.page, doc.shortfall)])
        verdict = None
        if edition.finished_for_press:
            # The screen edition is complete as ReportLab wrote it.
            verdict = _finish_for_press(temporary, layout, info, brand)
    return Rendered(output, edition, doc.page, doc.filled, dict(layout.landed), verdict)


def _finish_for_press(
    path: Path, layout: Layout, info: DocumentInfo, brand: Brand
) -> pdfx.Verdict | None:
    """Finish the print file to PDF/X-4's rules; it says it is PDF/X-4 only if
    the brand's checker confirms it (see `pdfx`). The checker's verdict."""
    checker = brand.press.pdfx_checker
    finish(path, page=layout.grid.sheet, info=info, press=brand.press, claim=bool(checker))
    if not checker:
        return None
    verdict = pdfx.judge(path, checker)
    if not verdict.confirmed:
        withdraw_claim(path, info)
    return verdict


def _shortfall(issue: Issue, brand: Brand, pages: int, missing: int) -> Diagnostic:
    where = brand.where.get("print.saddle_stitch", issue.location)
    return error(
        where,
        f"the print edition of No.{issue.number} has {plural(pages, 'page')}; saddle stitching "
        "needs a "
        f"multiple of 4: {missing} {'page is' if missing == 1 else 'pages are'} missing",
        "add content, or set print.filler in the brand to fill the pages with a notes page",
    )

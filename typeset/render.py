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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.utils import TimeStamp
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate
from reportlab.platypus.doctemplate import LayoutError as ReportLabLayoutError

from . import __version__
from .brand import Brand
from .errors import LayoutError, error
from .layout import Layout
from .model import Issue
from .output import atomic_path


@dataclass(frozen=True)
class Rendered:
    path: Path
    pages: int
    #: item index -> page where its headline landed
    landed: dict[int, int]


def _fixed_time(created: dt.datetime) -> TimeStamp:
    """A ReportLab time stamp for `created` (UTC), instead of the clock."""
    stamp = TimeStamp(invariant=True)
    utc = created.astimezone(dt.UTC) if created.tzinfo else created
    stamp.t = utc.replace(tzinfo=dt.UTC).timestamp()
    stamp.lt = utc.timetuple()
    stamp.YMDhms = tuple(stamp.lt)[:6]
    stamp.dhh = stamp.dmm = 0
    return stamp


def _canvas_maker(created: dt.datetime) -> type[Canvas]:
    class _Canvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            self._doc._timeStamp = _fixed_time(created)

    return _Canvas


@contextmanager
def _binary_streams() -> Iterator[None]:
    """Write streams as binary instead of ASCII85 text: a quarter smaller and
    quicker. ReportLab keeps this switch in its global config, so it is set
    only for the duration of one build."""
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


def render(
    layout: Layout, issue: Issue, brand: Brand, output: Path, *, created: dt.datetime
) -> Rendered:
    """Build `layout` into `output`; raise `LayoutError` if the content cannot be placed."""
    with atomic_path(output) as temporary, _binary_streams():
        doc = BaseDocTemplate(
            str(temporary),
            pagesize=brand.page_size,
            pageTemplates=layout.templates,
            title=f"{brand.name} {brand.label('number', number=issue.number)}",
            author=brand.organisation,
            subject=issue.title or brand.tagline or brand.name,
            creator=f"typeset {__version__}",
            keywords=[brand.name, str(issue.number), issue.date.isoformat()],
            lang=issue.language,
            invariant=True,
            initialFontName=brand.font("body"),
            initialFontSize=brand.styles["body"].size,
            initialLeading=brand.styles["body"].leading,
            displayDocTitle=True,
        )
        try:
            doc.build(layout.story, canvasmaker=_canvas_maker(created))
        except ReportLabLayoutError as exc:
            message = f"the content cannot be laid out: {exc}"
            raise LayoutError([error(issue.location, message)]) from None
    return Rendered(output, doc.page, dict(layout.landed))

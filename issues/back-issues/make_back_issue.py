"""Make the sample foreign back issue: No.115 as an older tool would have made it.

The July 2024 issue was put together in a word processor while the pipeline was
being set up, so there is no YAML for it, only a PDF and a sidecar
(`2024-07-newsletter.yaml`) that tells `typeset compile` its number, date, title
and items. This script draws that PDF the way such a tool does: one column, its
own bookmarks and page labels, RGB colours, a link, fonts embedded. ReportLab runs
in invariant mode, so running it twice gives the same bytes.

Usage: python3 issues/back-issues/make_back_issue.py
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer
from reportlab.platypus.flowables import Flowable

HERE = Path(__file__).resolve().parent
FONTS = HERE.parent.parent / "fonts" / "noto-serif"
OUTPUT = HERE / "2024-07-newsletter.pdf"

ITEMS = [
    (
        "Summer school opens for forty children",
        "Our summer school began on 1 July in the courtyard of the Tiranë office. "
        "Forty children, Albanian and Iranian, spend the mornings on language games, "
        "drawing and football. Parents take turns bringing lunch.",
    ),
    (
        "Free legal clinic every second Thursday",
        "Two volunteer lawyers now answer questions on residence permits, family "
        "reunification and work contracts. No appointment is needed; an interpreter "
        "for Persian is always present.",
    ),
    (
        "Open-air screening in Durrës draws three hundred",
        "The documentary about families separated by borders was shown on the beach "
        "promenade. After the film, two of the mothers it follows answered questions "
        "from the audience until late in the evening.",
    ),
    (
        "Thirty learners pass their Albanian exams",
        "Every learner of the spring class passed the A2 exam, and eleven passed B1. "
        "The autumn classes start in September; registration opens in August.",
    ),
    (
        "A day for the volunteers",
        "We spent a Sunday at Lake Bovilla with the volunteers who carry this work: "
        "translators, drivers, teachers and cooks. Thank you, all of you.",
    ),
]


class Bookmark(Flowable):  # type: ignore[misc]
    """An outline entry at this point, as a word processor makes from headings."""

    def __init__(self, key: str, title: str) -> None:
        super().__init__()
        self.key, self.title = key, title

    def wrap(self, width: float, height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkHorizontal(self.key, 0, 0)
        self.canv.addOutlineEntry(self.title, self.key, level=0)


def main() -> None:
    for name, file in (("Serif", "NotoSerif-Regular.ttf"), ("Serif-Bold", "NotoSerif-Bold.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(FONTS / file)))
    title = ParagraphStyle("title", fontName="Serif-Bold", fontSize=22, leading=28)
    heading = ParagraphStyle(
        "heading", fontName="Serif-Bold", fontSize=15, leading=19, textColor=HexColor("#7A1F1F")
    )
    body = ParagraphStyle("body", fontName="Serif", fontSize=11.5, leading=16, spaceAfter=8)
    story = [
        Paragraph("Ura Society Newsletter — No.115, July 2024", title),
        Paragraph("Summer Together", body),
        Spacer(1, 10 * mm),
    ]
    for number, (headline, summary) in enumerate(ITEMS):
        story += [Bookmark(f"item{number}", headline), Paragraph(headline, heading)]
        story += [Paragraph(summary, body)] * 3
        story.append(Spacer(1, 14 * mm))
    story.append(
        Paragraph(
            'More at <a href="https://ura-society.example.org/2024/07/" color="blue">'
            "ura-society.example.org/2024/07</a>",
            body,
        )
    )

    def label_pages(canv, doc):  # type: ignore[no-untyped-def]
        page = canv.getPageNumber()
        if page == 1:
            # The tool numbered its pages "N-1", "N-2": labels compile replaces.
            canv.addPageLabel(0, style="D", start=1, prefix="July-")
        canv.setFont("Serif", 9)
        canv.drawRightString(A4[0] - 20 * mm, 12 * mm, f"July-{page}")

    doc = SimpleDocTemplate(
        str(OUTPUT),
        pagesize=A4,
        title="Newsletter July 2024",
        author="Ura Society",
        invariant=True,
        initialFontName="Serif",
        leftMargin=28 * mm,
        rightMargin=28 * mm,
    )
    doc.build(story, onFirstPage=label_pages, onLaterPages=label_pages)


if __name__ == "__main__":
    main()

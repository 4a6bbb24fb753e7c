"""The declared limits on input, in one place (README.md, "Limits", lists them).

Every limit is checked before layout, with a message naming the field, so that
no input can make `typeset` run for minutes or exhaust memory. The values are
generous for a newsletter: a real issue is far below each of them.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Size of an issue or brand file.
MAX_FILE_BYTES = 1_000_000
#: Nesting of mappings and lists in a YAML file.
MAX_DEPTH = 20
#: Items in one issue.
MAX_ITEMS = 200
#: Numbers in `related`.
MAX_RELATED = 50

#: Characters per text field (after YAML has joined folded lines).
MAX_CHARS = {
    "title": 200,
    "language": 35,
    "kicker": 60,
    "headline": 300,
    "summary": 2_000,
    "quote": 300,
    "body": 20_000,
    "caption": 1_000,
    "credit": 200,
    "link": 2_000,
    "path": 500,
}

#: Pixels of an image (width x height), read from its header before decoding.
MAX_IMAGE_PIXELS = 40_000_000

#: Bytes one stream of a PDF may decode to (compile's and preflight's inputs). A
#: 600 dpi CMYK page-sized image is about 140 MB; a content stream of a newsletter
#: page well under 1 MB.
MAX_STREAM_BYTES = 256 * 1024 * 1024
#: Bytes all the streams of one PDF may decode to, together.
MAX_PDF_BYTES = 1024 * 1024 * 1024
#: Pages of one PDF: a yearly volume of 520 issues of 32 pages is 16,640.
MAX_PDF_PAGES = 100_000


@dataclass(frozen=True)
class PdfLimits:
    """The limits on a PDF read by preflight or compile (tests pass smaller ones)."""

    stream_bytes: int = MAX_STREAM_BYTES
    pdf_bytes: int = MAX_PDF_BYTES
    pages: int = MAX_PDF_PAGES

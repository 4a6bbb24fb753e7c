"""A print volume finished to PDF/X-4's rules, when every page it binds can be.

Takes the merged writer, the placed issues and the brand's output intent;
finishes the volume for the press (output intent with the brand's CMYK
profile, PDF 1.6, no annotations on the printed area) only when every foreign
input passes `typeset preflight --profile print` on what the volume cannot
supply itself (boxes, fonts, colour, image resolution, the safe zone). Our own
print editions are finished so already. An input that fails is named, with its
first problems, in a warning, and the volume is then left unfinished. The
PDF/X-4 claim itself is `volume`'s, and only a confirming checker (`pdfx`)
lets it stand: a claim of PDF/X must never be false.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pypdf
from pypdf.generic import NameObject

from ..errors import Diagnostic, Location, warning
from ..finishing import compressed_profile
from ..production import OutputIntent
from .metadata import set_output_intent
from .plan import Placed

#: Rules about the document as a whole: the volume writes these itself.
VOLUME_RULES = frozenset(
    {
        "colour.output-intent",
        "colour.pdfx-version",
        "metadata.title",
        "metadata.mismatch",
        "metadata.xmp",
        "metadata.language",
        "file.warning",
    }
)
#: How many of an input's problems a warning quotes.
QUOTED = 3


def _page_problems(path: Path, password: str | None) -> list[str]:
    from ..preflight import Severity, preflight

    report = preflight(path, profile="print", password=password or "")
    return [
        finding.message if finding.page is None else f"page {finding.page}: {finding.message}"
        for finding in report.findings
        if finding.severity is Severity.ERROR and finding.rule not in VOLUME_RULES
    ]


def shortfalls(issues: Sequence[Placed], output: Path) -> list[Diagnostic]:
    """Why the volume cannot be finished for the press: one warning per foreign
    input that fails the print preflight, and a last one saying so of the volume."""
    found: list[Diagnostic] = []
    for item in issues:
        candidate = item.candidate
        if candidate.ours:
            continue
        problems = _page_problems(candidate.pdf, candidate.password or item.opened.password)
        if problems:
            quoted = "; ".join(problems[:QUOTED])
            more = f" (and {len(problems) - QUOTED} more)" if len(problems) > QUOTED else ""
            found.append(
                warning(
                    Location(str(candidate.pdf)),
                    f"not ready for print: {quoted}{more}",
                    f"run: typeset preflight {candidate.pdf}",
                )
            )
    if found:
        found.append(
            warning(
                Location(str(output)),
                "the print volume is not finished for the press: some inputs are not print-ready",
            )
        )
    return found


def mark_pdfx(writer: pypdf.PdfWriter, intent: OutputIntent) -> None:
    """The output intent and PDF version PDF/X-4 asks for; annotations (links
    from the contents and index) are removed from the pages, as in the print
    issues. Claims nothing (see `pdfx`)."""
    set_output_intent(
        writer,
        standard="/GTS_PDFX",
        profile=compressed_profile(intent.profile),
        components=4,
        condition=intent.condition,
        info=intent.info,
        registry=intent.registry,
        flate=True,
    )
    for page in writer.pages:
        if "/Annots" in page:
            del page[NameObject("/Annots")]
    writer.pdf_header = "%PDF-1.6"

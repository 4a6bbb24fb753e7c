"""The `typeset sidecar` subcommand: draft the sidecar of each foreign PDF.

Kept beside the stage it calls so that `cli` only wires it in. Takes the
parsed arguments; calls `intake.draft_sidecar` and `render`; prints each draft
on stdout, or with `--write` writes it beside its PDF (never over an existing
sidecar); diagnostics on stderr. Holds no logic beyond calling the API.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Any

from ..errors import InputError

EXIT_OK, EXIT_INPUT = 0, 1

DESCRIPTION = """\
Draft the sidecar YAML of each foreign back-issue PDF (see "Compile a yearly
volume" in README.md) from what the PDF tells of itself: the number and date
from its file name, /Info and first page; the title from /Info or the largest
text on page 1; the items from its outline, else from lines set larger or bolder
than the body text, each with its page. Every guessed value is marked with a
`# guess: ...` comment: review the draft against the pages before compiling.
A scan without text gets the number, date and page count, no items, and a note
to run OCR. An encrypted PDF needs its password (--password) for its items."""

EPILOG = """\
examples:
  typeset sidecar back-issues/2019-03.pdf           print the draft
  typeset sidecar back-issues/*.pdf --write         write NAME.yaml beside each

exit status: 0 every draft printed or written, 1 a file could not be read or a
sidecar already exists (the other drafts are still written)"""


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "sidecar",
        parents=[common],
        help="draft the sidecar YAML of foreign back-issue PDFs",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("pdfs", nargs="+", type=Path, metavar="PDF", help="foreign PDF files")
    parser.add_argument(
        "--write",
        action="store_true",
        help="write NAME.yaml beside each NAME.pdf instead of printing (never overwrites)",
    )
    parser.add_argument(
        "--password",
        action="append",
        default=[],
        metavar="PASSWORD",
        help="a password to try on encrypted PDFs (repeatable)",
    )


def run(args: argparse.Namespace, log: logging.Logger) -> int:
    from .intake import draft_sidecar, render, write_draft

    failed = 0
    for number, pdf in enumerate(args.pdfs):
        try:
            draft = draft_sidecar(pdf, passwords=tuple(args.password))
            text = render(draft)
            if args.write:
                written = write_draft(draft, text)
                log.info("wrote %s: %d items to review", written, len(draft.items))
            else:
                sys.stdout.write(("\n" if number else "") + text)
        except InputError as exc:
            for diagnostic in exc.diagnostics:
                print(diagnostic.format(), file=sys.stderr)
            failed += 1
    return EXIT_INPUT if failed else EXIT_OK


__all__ = ["add_parser", "run"]

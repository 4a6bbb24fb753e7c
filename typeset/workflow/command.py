"""The designer's subcommands: `init`, `new`, `preview` and `watch`.

Takes the parsed command line; calls `scaffold` and `watch`; prints what was
written on stdout and problems on stderr. Imports the stages only inside `run`,
so that `typeset --help` and every other command start without them. Holds no
logic beyond calling the API.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from pathlib import Path
from typing import Any

from ..errors import Diagnostic, InputError, Location, error
from ..words import plural

EXIT_OK, EXIT_INPUT = 0, 1

INIT_DESCRIPTION = """\
Start a newsletter in DIR (default: the current folder; made if missing):
  brand.yaml       the brand, every key commented, ready to edit
  logo.svg         a placeholder logo to replace with your own
  fonts/           the OFL fonts the brand uses (Lato, Noto Serif, Noto Naskh Arabic)
  YYYY-MM.yaml     a first issue, dated today, that builds as it is
Nothing is overwritten: a file already there is an error, and nothing is written."""

NEW_DESCRIPTION = """\
Write the next issue beside the previous one: the number plus one, the next
date by the brand's cadence (monthly unless the brand says weekly, fortnightly,
bimonthly or quarterly), the latest issues as related, and items whose text is
still the placeholder TODO: `typeset check` and `typeset build` refuse the file
until every placeholder is written, so that a template is never printed."""


def add_parsers(commands: Any, common: argparse.ArgumentParser) -> None:
    init = commands.add_parser(
        "init",
        parents=[common],
        help="start a newsletter: a brand, fonts, a logo placeholder and a first issue",
        description=INIT_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="exit status: 0 written, 1 a file already there (nothing written), 2 usage error",
    )
    init.add_argument(
        "folder", nargs="?", type=Path, default=Path("."), metavar="DIR", help="where to start"
    )
    new = commands.add_parser(
        "new",
        parents=[common],
        help="write the next issue, with placeholders to fill in",
        description=NEW_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="exit status: 0 written, 1 bad input or the file exists, 2 usage error",
    )
    new.add_argument(
        "folder",
        nargs="?",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="the folder of issues; the next follows its highest number (default: .)",
    )
    new.add_argument(
        "--from", dest="previous", type=Path, metavar="ISSUE", help="the issue to follow"
    )
    new.add_argument("--brand", type=Path, metavar="FILE", help="the brand file (for its cadence)")

    preview = commands.add_parser(
        "preview",
        parents=[common],
        help="PNGs of an issue's or a PDF's pages, and a cover thumbnail",
        description=PREVIEW_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="exit status: 0 written, 1 bad input, 2 usage error",
    )
    preview.add_argument(
        "source", type=Path, metavar="FILE", help="a PDF, or an issue file to build first"
    )
    _preview_options(preview)
    preview.add_argument("--pages", type=_pages, metavar="N-M", help="only these pages")
    watch = commands.add_parser(
        "watch",
        parents=[common],
        help="rebuild and preview on every save",
        description=WATCH_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="stop with Ctrl-C. exit status: 0 stopped, 1 bad input, 2 usage error",
    )
    watch.add_argument("path", type=Path, metavar="PATH", help="an issue file or a folder")
    _preview_options(watch)
    schema = commands.add_parser(
        "schema",
        parents=[common],
        help="print the JSON Schema of the issue or the brand file, for editors",
        description=SCHEMA_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="exit status: 0 printed, 2 usage error",
    )
    schema.add_argument("kind", choices=tuple(SCHEMAS), help="which file's schema")


SCHEMA_DESCRIPTION = """\
Print the JSON Schema of the issue file or the brand file, for an editor that
completes keys and flags mistakes while you type (VS Code, Neovim, Helix... with
the YAML language server). Save it and point the YAML file at it with a first line
  # yaml-language-server: $schema=issue.schema.json
The schema describes the keys and the kinds of their values; `typeset check`
still judges the rest (an image that does not exist, a colour over the ink limit)."""

#: The schemas shipped in the package, by what they describe.
SCHEMAS = {"issue": "issue.json", "brand": "brand.json"}


def schema_path(kind: str) -> Path:
    """The JSON Schema of `kind` (issue or brand) shipped in the package."""
    return Path(__file__).resolve().parent.parent / "data" / "schema" / SCHEMAS[kind]


PREVIEW_DESCRIPTION = """\
Render pages to PNG as a PDF viewer draws them (pdfium): OUTDIR/preview/NAME-N.png
for page N at --dpi (default 100), and NAME-cover.png, page 1 600 pixels wide.
An issue file is first built (the screen edition, into OUTDIR) with its brand."""

WATCH_DESCRIPTION = """\
Build the screen edition of every issue in PATH and preview it (as `preview`
does), then again each time an issue, its brand, an image, a logo or a font is
saved. Problems are printed as `check` prints them; the PNGs in OUTDIR/preview/
are replaced only by complete ones, so an image viewer can keep them open. Each
rebuild prints the time from the save to the refreshed PNGs."""


def _preview_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("build"),
        metavar="OUTDIR",
        help="folder for PDFs; the PNGs go in OUTDIR/preview/ (default: build/)",
    )
    parser.add_argument("--brand", type=Path, metavar="FILE", help="the brand file")
    parser.add_argument(
        "--dpi", type=_dpi, default=100.0, metavar="N", help="pixels per inch (default 100)"
    )


def _dpi(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, found {text!r}") from None
    if not 10 <= value <= 1200:
        raise argparse.ArgumentTypeError(f"expected 10 to 1200 dpi, found {text}")
    return value


def _pages(text: str) -> tuple[int, int]:
    from .watch import parse_pages

    try:
        return parse_pages(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def run(args: argparse.Namespace, log: logging.Logger) -> int:
    if args.command == "init":
        return _init(args, log)
    if args.command == "preview":
        return _preview(args, log)
    if args.command == "watch":
        return _watch(args, log)
    if args.command == "schema":
        sys.stdout.write(schema_path(args.kind).read_text(encoding="utf-8"))
        return EXIT_OK
    return _new(args, log)


def _preview(args: argparse.Namespace, log: logging.Logger) -> int:
    from .watch import preview_pdf, rebuild

    if not args.source.is_file():
        raise InputError([error(Location(str(args.source)), "no such file")])
    pdf = args.source
    if args.source.suffix.lower() != ".pdf":
        built = rebuild(args.source, args.output, brand_file=args.brand, dpi=args.dpi)
        _print_problems(built.problems)
        if built.pdf is None:
            return EXIT_INPUT
        pdf = built.pdf
    for png in preview_pdf(pdf, args.output / "preview", dpi=args.dpi, pages=args.pages):
        log.info("wrote %s", png)
    return EXIT_OK


def _watch(args: argparse.Namespace, log: logging.Logger) -> int:
    from .watch import Rebuilt, watch

    if not args.path.exists():
        raise InputError([error(Location(str(args.path)), "no such file or folder")])

    def report(result: Rebuilt) -> None:
        _print_problems(result.problems)
        if result.pdf is None:
            log.info("%s: not built (%s)", result.issue, plural(len(result.problems), "problem"))
            return
        took = f"built in {result.seconds:.2f} s"
        if result.since_save is not None:
            took = f"{result.since_save:.2f} s after the save"
        log.info("%s: %s previewed, %s", result.issue, plural(len(result.pngs), "PNG"), took)

    log.info("watching %s; stop with Ctrl-C", args.path)
    try:
        watch(args.path, args.output, report, brand_file=args.brand, dpi=args.dpi)
    except KeyboardInterrupt:  # the way to stop watching, not a failure
        log.info("stopped watching %s", args.path)
    return EXIT_OK


def _print_problems(problems: list[Diagnostic]) -> None:
    for diagnostic in problems:
        print(diagnostic.format(), file=sys.stderr, flush=True)


def _init(args: argparse.Namespace, log: logging.Logger) -> int:
    from .scaffold import init_project

    # the one place the clock is read: the first issue is dated today
    written = init_project(args.folder, today=dt.date.today())
    for path in written.files:
        log.info("wrote %s", path)
    log.info("next: edit %s, then: typeset build %s", written.issue, args.folder)
    return EXIT_OK


def _new(args: argparse.Namespace, log: logging.Logger) -> int:
    from ..brand import load_brand
    from ..project import brand_for
    from .scaffold import latest_issue, new_issue

    previous = args.previous if args.previous is not None else latest_issue(args.folder)
    brand = load_brand(brand_for(previous, args.brand))
    written = new_issue(previous, brand)
    log.info("wrote %s (after %s)", written.issue, previous)
    log.info("next: write every TODO: in it; typeset check %s says what is left", written.issue)
    return EXIT_OK


__all__ = ["add_parsers", "run"]

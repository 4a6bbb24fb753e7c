"""The `typeset` command: argument parsing, logging set-up and exit codes.

Takes the command line; calls `build`; prints diagnostics on stderr and progress
on stdout. Exit status: 0 success, 1 bad input or a layout failure, 2 usage
error. Holds no logic beyond calling the API.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .brand import Brand, load_brand
from .build import (
    BRAND_FILE,
    brand_for,
    build_issue,
    check_issue,
    find_issue_files,
    related_refs,
)
from .compile import command as compile_command
from .errors import InputError, LayoutError, TypesetError
from .layout import IssueRef
from .model import load_issue
from .preflight import PROFILES, preflight
from .preflight.report import exit_status, json_reports, rules_help, text_findings, text_summary
from .units import parse_length
from .web.site import post_issues

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130
EDITIONS_FOR = {"print": ("print",), "screen": ("screen",), "both": ("print", "screen")}

DESCRIPTION = """\
Typeset newsletter issues written in YAML into branded, multi-column PDFs.

An issue file holds the number, date and items of one issue; the look comes
from a brand file (brand.yaml beside the issues unless --brand is given).
See README.md for the issue and brand reference."""

EPILOG = """\
examples:
  typeset check issues/                 validate every issue in issues/
  typeset build issues/ -o build/       one PDF per issue in build/
  typeset build issues/2024-03.yaml     just one issue
  typeset preflight build/2024-03.pdf   check a finished PDF for print
  typeset post issues/ -o build/web/    the web post: pages, index.html, feed.xml

exit status: 0 success, 1 bad input or layout failure, 2 usage error"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="typeset",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"typeset {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    paths_help = "an issue file, or a folder whose *.yaml files are issues (brand.yaml excepted)"
    brand_help = f"the brand file (default: {BRAND_FILE} in each issue's folder)"

    check = commands.add_parser(
        "check",
        parents=[common],
        help="validate issue files without making PDFs",
        description=(
            "Validate issue files and their brand without making PDFs.\n"
            "Every problem is reported with its file, line, column and field."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="exit status: 0 all valid, 1 problems found, 2 usage error",
    )
    check.add_argument("paths", nargs="+", type=Path, metavar="PATH", help=paths_help)
    check.add_argument("--brand", type=Path, metavar="FILE", help=brand_help)

    build = commands.add_parser(
        "build",
        parents=[common],
        help="typeset issue files into PDFs",
        description=(
            "Typeset each issue into two editions in OUTDIR:\n"
            "  <issue file name>-print.pdf  for the printer: PDF/X-4, CMYK with the brand's\n"
            "                               output intent, bleed, crop marks, TrimBox\n"
            "  <issue file name>.pdf        for the web: RGB, trim size, clickable links\n\n"
            "A PDF is written under a temporary name and renamed only when complete:\n"
            "a failed build leaves no file and keeps an older good PDF. Builds are\n"
            "reproducible: the creation date is SOURCE_DATE_EPOCH if set, else the\n"
            "issue's date. A folder is built issue by issue; a failed issue is\n"
            "reported and the others are still built."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="exit status: 0 all built, 1 any issue failed (the others are still built), "
        "2 usage error",
    )
    build.add_argument("paths", nargs="+", type=Path, metavar="PATH", help=paths_help)
    build.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("build"),
        metavar="OUTDIR",
        help="folder for the PDFs (default: build/)",
    )
    build.add_argument("--brand", type=Path, metavar="FILE", help=brand_help)
    build.add_argument(
        "--edition",
        choices=("print", "screen", "both"),
        default="both",
        help="print: PDF/X-4 in CMYK with bleed and crop marks (<name>-print.pdf); "
        "screen: RGB, trim size, clickable links (<name>.pdf); both (default)",
    )
    _add_preflight(commands, common)
    compile_command.add_parser(commands, common)
    _add_post(commands, common, paths_help, brand_help)
    return parser


POST_DESCRIPTION = """\
Make the web post of each issue: a static HTML page per issue (its items, images,
cover thumbnail, the screen PDF beside it and "Related posts"), an index page of
all issues, newest first, and an Atom feed (feed.xml), in OUTDIR.

Every issue is checked first; if any has a problem, every problem is reported
and nothing is written. The pages need no script and read on a phone."""


def _add_post(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
    paths_help: str,
    brand_help: str,
) -> None:
    post = commands.add_parser(
        "post",
        parents=[common],
        help="make the web post: a page per issue, an index and an Atom feed",
        description=POST_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="exit status: 0 written, 1 bad input (nothing written), 2 usage error",
    )
    post.add_argument("paths", nargs="+", type=Path, metavar="ISSUE", help=paths_help)
    post.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("build/web"),
        metavar="OUTDIR",
        help="folder for the site (default: build/web/)",
    )
    post.add_argument("--brand", type=Path, metavar="FILE", help=brand_help)


def _post(args: argparse.Namespace, log: logging.Logger) -> int:
    posted = post_issues(
        args.paths,
        args.output,
        brand_file=args.brand,
        source_date_epoch=os.environ.get("SOURCE_DATE_EPOCH"),
    )
    for diagnostic in posted.warnings:
        print(diagnostic.format(), file=sys.stderr)
    for post in posted.posts:
        log.info("posted %s", args.output / post.href)
    log.info("wrote %d files in %s", len(posted.files), args.output)
    return EXIT_OK


PREFLIGHT_DESCRIPTION = """\
Check finished PDF files, ours or made by any other tool, before they go to a
printer or online. Reads only the file. Prints one line per finding (file, page,
error or warning, what is wrong) with hint lines saying what to do.

profiles:
  print   (default) a file for a CMYK press, as PDF/X-4 asks: sound structure,
          embedded fonts, TrimBox and BleedBox with enough bleed, one trim size,
          no DeviceRGB, a PDF/X output intent with a CMYK profile, images of
          150 ppi at least (300 recommended), no text in the safe zone, metadata
  screen  a file to read on screen: sound structure, no JavaScript or Launch
          actions, safe links, fonts, searchable text, images of 96 ppi or more,
          a title and a language; RGB and missing page boxes are fine
  pdfa-2b an archive file: the verdict of an independent PDF/A-2b validator
          (page-validation, run in a child process), each rule it fails with
          the page that uses the failing object; a file it cannot judge fails"""


def _length(text: str) -> float:
    try:
        value = parse_length(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a length of 0 or more, found {text!r}")
    return value


def _add_preflight(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    check = commands.add_parser(
        "preflight",
        parents=[common],
        help="check finished PDFs for print, screen or PDF/A-2b",
        description=PREFLIGHT_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=rules_help() + "\n\nexit status: 0 no errors, 1 errors found (or warnings, "
        "with --strict), 2 usage error",
    )
    check.add_argument("paths", nargs="+", type=Path, metavar="FILE.pdf", help="PDF files")
    check.add_argument(
        "--profile", choices=list(PROFILES), default="print", help="what the file is for"
    )
    check.add_argument("--json", action="store_true", help="print a JSON report on stdout")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument(
        "--safe-zone",
        type=_length,
        default="5mm",
        metavar="LENGTH",
        help="keep text this far inside the trim edge (default 5mm)",
    )
    check.add_argument(
        "--min-bleed",
        type=_length,
        default="3mm",
        metavar="LENGTH",
        help="least bleed on every side of the trim (default 3mm)",
    )
    check.add_argument(
        "--password", default="", metavar="TEXT", help="the password of an encrypted file"
    )


def _preflight(args: argparse.Namespace, log: logging.Logger) -> int:
    options = {"safe_zone": args.safe_zone, "min_bleed": args.min_bleed}
    reports = []
    for path in args.paths:
        report = preflight(path, profile=args.profile, password=args.password, **options)
        reports.append(report)
        if not args.json:
            if report.findings:
                print(text_findings(report), file=sys.stderr)
            log.info("%s", text_summary(report))
    if args.json:
        print(json_reports(reports))
    return exit_status(reports, strict=args.strict)


def _report(exc: TypesetError) -> None:
    for diagnostic in exc.diagnostics:
        print(diagnostic.format(), file=sys.stderr)


class _Brands:
    """Loads each brand file once and remembers a broken one as broken."""

    def __init__(self, explicit: Path | None) -> None:
        self.explicit = explicit
        self.loaded: dict[Path, Brand | None] = {}

    def get(self, issue_file: Path) -> Brand | None:
        try:
            path = brand_for(issue_file, self.explicit)
        except InputError as exc:
            _report(exc)
            return None
        if path not in self.loaded:
            try:
                self.loaded[path] = load_brand(path)
            except InputError as exc:
                _report(exc)
                self.loaded[path] = None
        return self.loaded[path]


def _check(args: argparse.Namespace, log: logging.Logger) -> int:
    files = find_issue_files(args.paths)
    brands = _Brands(args.brand)
    failed = 0
    for issue_file in files:
        brand = brands.get(issue_file)
        try:
            if brand is None:
                load_issue(issue_file)
            else:
                check_issue(issue_file, brand)
            ok = brand is not None
        except InputError as exc:
            _report(exc)
            ok = False
        failed += not ok
        if ok:
            log.info("%s: ok", issue_file)
    log.info("%d of %d issue files valid", len(files) - failed, len(files))
    return EXIT_INPUT if failed else EXIT_OK


def _build(args: argparse.Namespace, log: logging.Logger) -> int:
    files = find_issue_files(args.paths)
    brands = _Brands(args.brand)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    refs_by_folder: dict[Path, dict[int, IssueRef]] = {}
    failed = 0
    for issue_file in files:
        brand = brands.get(issue_file)
        if brand is None:
            failed += 1
            continue
        folder = issue_file.parent
        if folder not in refs_by_folder:
            refs_by_folder[folder] = related_refs(folder)
        try:
            built = build_issue(
                issue_file,
                brand,
                args.output,
                editions=EDITIONS_FOR[args.edition],
                source_date_epoch=epoch,
                related=refs_by_folder[folder],
            )
        except TypesetError as exc:
            _report(exc)
            failed += 1
            continue
        for diagnostic in built.warnings:
            print(diagnostic.format(), file=sys.stderr)
        for rendered in built.rendered:
            log.info("built %s (%d pages)", rendered.path, rendered.pages)
    if failed:
        print(f"{failed} of {len(files)} issues failed", file=sys.stderr)
    return EXIT_INPUT if failed else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    # Progress goes to stdout, diagnostics to stderr; a new handler each call,
    # so that main() can run repeatedly in one process (as the tests do).
    log = logging.getLogger("typeset.cli")
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(message)s"))
    log.handlers = [handler]
    log.propagate = False
    log.setLevel(logging.WARNING if args.quiet else logging.INFO)
    with _Interrupts() as interrupts:
        try:
            if args.command == "check":
                return _check(args, log)
            if args.command == "preflight":
                return _preflight(args, log)
            if args.command == "compile":
                return compile_command.run(args, log)
            if args.command == "post":
                return _post(args, log)
            return _build(args, log)
        except (InputError, LayoutError) as exc:
            _report(exc)
            return EXIT_INPUT
        except BaseException as exc:
            if not (isinstance(exc, KeyboardInterrupt) or interrupts.seen):
                raise
            print("interrupted; no partial file was left behind", file=sys.stderr)
            return EXIT_INTERRUPTED


class _Interrupts:
    """Notes that Ctrl-C was pressed. The KeyboardInterrupt it raises can land
    inside a library that turns it into another exception (ReportLab, while it
    writes the outline, then fails on an unresolved reference); an exception
    after Ctrl-C is still reported as the interruption it is."""

    def __init__(self) -> None:
        self.seen = False
        self._saved: object = None

    def _handle(self, signum: int, frame: object) -> None:
        self.seen = True
        raise KeyboardInterrupt

    def __enter__(self) -> _Interrupts:
        if threading.current_thread() is threading.main_thread():
            self._saved = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._saved is not None:
            signal.signal(signal.SIGINT, self._saved)  # type: ignore[arg-type]


if __name__ == "__main__":
    sys.exit(main())

"""The `typeset` command: argument parsing, logging set-up and exit codes.

Takes the command line; calls `build`; prints diagnostics on stderr and progress
on stdout. Exit status: 0 success, 1 bad input or a layout failure, 2 usage
error. Holds no logic beyond calling the API.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

# Only what parsing needs is imported here: each command imports its stages
# (ReportLab, pikepdf, pdfium) when it runs, so `typeset find` or `--help`
# starts in a fraction of the time (README, "Performance", has the numbers).
from . import __version__
from .compile import command as compile_command
from .compile import intake_command
from .errors import Diagnostic, InputError, LayoutError, TypesetError
from .output import INTERRUPTED
from .progress import Progress
from .units import parse_length
from .words import plural
from .workflow import command as workflow_command

if TYPE_CHECKING:
    from .brand import Brand
    from .layout import IssueRef

#: The brand file beside the issues (`build.BRAND_FILE`, which imports every stage).
BRAND_FILE = "brand.yaml"

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
  typeset sidecar old/2019-03.pdf       draft the sidecar of a foreign back issue
  typeset find bridge --in issues/      search every issue's text

exit status: 0 success, 1 bad input or layout failure, 2 usage error"""


def _parser(*, preflight_needed: bool = True) -> argparse.ArgumentParser:
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
    check.add_argument(
        "--json",
        action="store_true",
        help="print, per issue, whether it is valid and its problems as JSON on stdout",
    )

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
        "--strict",
        action="store_true",
        help="fail on any layout finding above the brand's tolerances (see the layout report)",
    )
    build.add_argument(
        "--json",
        action="store_true",
        help="print, per issue, its layout report and its problems as JSON on stdout",
    )
    build.add_argument(
        "--fit",
        action="store_true",
        help="meet the page budget by adjusting spacing, leading, image size and cutting "
        "items marked may_cut, within the brand's fit: limits; the report lists each change",
    )
    build.add_argument(
        "--edition",
        choices=("print", "screen", "both"),
        default="both",
        help="print: PDF/X-4 in CMYK with bleed and crop marks (<name>-print.pdf); "
        "screen: RGB, trim size, clickable links (<name>.pdf); both (default)",
    )
    _add_preflight(commands, common, full=preflight_needed)
    compile_command.add_parser(commands, common)
    intake_command.add_parser(commands, common)
    _add_post(commands, common, paths_help, brand_help)
    _add_find(commands, common)
    workflow_command.add_parsers(commands, common)
    return parser


FIND_DESCRIPTION = """\
Search every issue's headlines, summaries and bodies (our YAML issues) and the
text of foreign back issues (PDFs with a sidecar) in DIR and its subfolders,
in any language, ignoring case and accents (Manez finds Manëz). Every word of
QUERY must occur; end a word with * to match its beginnings (bridg*). Prints
each match's issue, date, page (where known), headline and a snippet.

The index is an SQLite full-text index in OUTDIR/.typeset/index.sqlite; build
and compile update the rows of the issues they write, and find re-reads any
file that changed since, so it is never stale."""


def _add_find(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    find = commands.add_parser(
        "find",
        parents=[common],
        help="search the text of every issue",
        description=FIND_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="exit status: 0 found, 1 nothing found or bad input, 2 usage error",
    )
    find.add_argument("query", nargs="+", metavar="QUERY", help="the words to find")
    find.add_argument("--year", type=int, metavar="YEAR", help="only issues dated in YEAR")
    find.add_argument(
        "--in",
        dest="folder",
        type=Path,
        default=Path("issues"),
        metavar="DIR",
        help="the folder of issues and back issues (default: issues/)",
    )
    find.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("build"),
        metavar="OUTDIR",
        help="the output folder that keeps the index (default: build/)",
    )
    find.add_argument(
        "--limit", type=int, default=50, metavar="N", help="show at most N matches (default 50)"
    )


def _find(args: argparse.Namespace, log: logging.Logger) -> int:
    from . import find

    refreshed = find.refresh(args.output, args.folder)
    for skipped in refreshed.skipped:
        print(
            f"{skipped}: warning: not searched: not a valid issue or back issue",
            f"  hint: typeset check {skipped} (or compile, for a back issue) says why",
            sep="\n",
            file=sys.stderr,
        )
    hits = find.search(args.output, " ".join(args.query), year=args.year, limit=args.limit)
    for hit in hits:
        page = f"p.{hit.page}" if hit.page is not None else "p.?"
        print(f"No.{hit.number}  {hit.date.isoformat()}  {page}  {hit.headline}")
        print(f"    {' '.join(hit.snippet.split())}")
    if refreshed.read:
        log.info("(indexed %s)", plural(refreshed.read, "changed file"))
    log.info("%s", plural(len(hits), "match", "matches"))
    return EXIT_OK if hits else EXIT_INPUT


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
    from .web.site import post_issues

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
    *,
    full: bool,
) -> None:
    if not full:
        # Its rules and profiles come from the preflight package, which loads
        # pikepdf and pdfium (about 0.1 s): another command only needs its name
        # and one line for `typeset --help`.
        commands.add_parser("preflight", help="check finished PDFs for print, screen or PDF/A-2b")
        return
    from .preflight import PROFILES
    from .preflight.report import rules_help

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
    from .preflight import preflight
    from .preflight.report import exit_status, json_reports, text_findings, text_summary

    options = {"safe_zone": args.safe_zone, "min_bleed": args.min_bleed}
    reports = []
    progress = _progress(args, len(args.paths))
    for number, path in enumerate(args.paths, 1):
        with progress.step(number, len(args.paths), str(path)):
            report = preflight(path, profile=args.profile, password=args.password, **options)
        reports.append(report)
        if not args.json:
            if report.findings:
                print(text_findings(report), file=sys.stderr)
            log.info("%s", text_summary(report))
    if args.json:
        print(json_reports(reports))
    return exit_status(reports, strict=args.strict)


def _progress(args: argparse.Namespace, files: int) -> Progress:
    """A progress line on standard error while many files are worked through,
    when it is a terminal; none for one file, with -q or with --json."""
    quiet = args.quiet or getattr(args, "json", False)
    return Progress(enabled=files > 1 and not quiet)


def _report(exc: TypesetError) -> None:
    for diagnostic in exc.diagnostics:
        print(diagnostic.format(), file=sys.stderr)


class _Brands:
    """Loads each brand file once and remembers a broken one as broken."""

    def __init__(self, explicit: Path | None) -> None:
        self.explicit = explicit
        self.loaded: dict[Path, Brand | None] = {}
        #: what was wrong with the brand of each issue, for --json
        self.problems: dict[Path, list[Diagnostic]] = {}

    def get(self, issue_file: Path) -> Brand | None:
        from .brand import load_brand
        from .project import DEFAULT_BRAND, brand_for

        try:
            path = brand_for(issue_file, self.explicit)
        except InputError as exc:
            _report(exc)
            self.problems[issue_file] = list(exc.diagnostics)
            return None
        if path == DEFAULT_BRAND and path not in self.loaded:
            print(
                f"{issue_file}: note: no {BRAND_FILE} beside it or in the folder above; "
                "using the built-in default brand (typeset init writes one to edit)",
                file=sys.stderr,
            )
        if path not in self.loaded:
            try:
                self.loaded[path] = load_brand(path)
            except InputError as exc:
                _report(exc)
                self.loaded[path] = None
                self.problems[path] = list(exc.diagnostics)
        self.problems[issue_file] = self.problems.get(path, [])
        return self.loaded[path]


def _check(args: argparse.Namespace, log: logging.Logger) -> int:
    from .build import check_issue, find_issue_files, read_issue
    from .project import brand_for

    skipped: list[Diagnostic] = []
    files = find_issue_files(args.paths, skipped=skipped)
    for note in skipped:
        print(note.format(), file=sys.stderr)
    brands = _Brands(args.brand)
    failed = 0
    results: list[dict[str, object]] = []
    for issue_file in files:
        brand = brands.get(issue_file)
        problems = list(brands.problems.get(issue_file, []))
        try:
            if brand is None:
                read_issue(issue_file, brand_for(issue_file, args.brand))
            else:
                check_issue(issue_file, brand)
            ok = brand is not None
        except InputError as exc:
            _report(exc)
            problems += exc.diagnostics
            ok = False
        failed += not ok
        results.append(
            {
                "issue": str(issue_file),
                "valid": ok,
                "problems": [_diagnostic_json(d) for d in problems],
            }
        )
        if ok:
            log.info("%s: ok", issue_file)
    log.info("%d of %s valid", len(files) - failed, plural(len(files), "issue file"))
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
    return EXIT_INPUT if failed else EXIT_OK


def _diagnostic_json(diagnostic: Diagnostic) -> dict[str, object]:
    return diagnostic.as_dict()


def _index_bound(output: Path, files: list[Path], built: Path) -> None:
    """What compile bound goes into the search index (its text read once)."""
    from . import find

    find.record_files(output, files, built=built)


def _build(args: argparse.Namespace, log: logging.Logger) -> int:
    from . import find
    from .build import build_issue, clashes, find_issue_files, related_refs

    skipped: list[Diagnostic] = []
    files = find_issue_files(args.paths, skipped=skipped)
    for note in skipped:
        print(note.format(), file=sys.stderr)
    clashing = clashes(files, args.output)
    if clashing:
        _report(InputError(clashing))
        if args.json:
            refused = [
                {
                    "issue": d.location.path,
                    "built": False,
                    "report": None,
                    "problems": [_diagnostic_json(d)],
                }
                for d in clashing
            ]
            print(json.dumps(refused, indent=2, ensure_ascii=False))
        return EXIT_INPUT
    results: list[dict[str, object]] = []
    brands = _Brands(args.brand)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    refs_by_folder: dict[Path, dict[int, IssueRef]] = {}
    failed = 0
    progress = _progress(args, len(files))
    for number, issue_file in enumerate(files, 1):
        brand = brands.get(issue_file)
        if brand is None:
            failed += 1
            results.append({"issue": str(issue_file), "built": False, "report": None})
            continue
        folder = issue_file.parent
        if folder not in refs_by_folder:
            refs_by_folder[folder] = related_refs(folder)
        try:
            with progress.step(number, len(files), issue_file.name):
                built = build_issue(
                    issue_file,
                    brand,
                    args.output,
                    editions=EDITIONS_FOR[args.edition],
                    source_date_epoch=epoch,
                    related=refs_by_folder[folder],
                    strict=args.strict,
                    fit=args.fit,
                )
        except TypesetError as exc:
            _report(exc)
            failed += 1
            results.append(
                {
                    "issue": str(issue_file),
                    "built": False,
                    "report": None,
                    "problems": [_diagnostic_json(d) for d in exc.diagnostics],
                }
            )
            continue
        results.append(
            {
                "issue": str(issue_file),
                "built": True,
                "report": built.report.as_dict() if built.report is not None else None,
                "problems": [_diagnostic_json(d) for d in built.warnings],
            }
        )
        for diagnostic in built.warnings:
            print(diagnostic.format(), file=sys.stderr)
        for rendered in built.rendered:
            confirmed = ""
            if rendered.pdfx is not None and rendered.pdfx.confirmed:
                confirmed = f", PDF/X-4 confirmed by `{rendered.pdfx.checker}`"
            log.info("built %s (%s%s)", rendered.path, plural(rendered.pages, "page"), confirmed)
        if built.report is not None:
            log.info("layout %s: %s", built.report_path, built.report.summary())
        # the search index learns the issue as built (where each item landed)
        landed = built.rendered[-1].landed
        pages = [landed.get(index) for index in range(len(built.issue.items))]
        find.record(args.output, [(issue_file, find.issue_entries(built.issue, pages))])
    if failed:
        print(f"{failed} of {plural(len(files), 'issue')} failed", file=sys.stderr)
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
    return EXIT_INPUT if failed else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = _parser(preflight_needed="preflight" in argv)
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
    # With --json, stdout is the JSON alone.
    quiet = args.quiet or getattr(args, "json", False)
    log.setLevel(logging.WARNING if quiet else logging.INFO)
    with _Interrupts() as interrupts:
        try:
            if args.command == "check":
                return _check(args, log)
            if args.command == "preflight":
                return _preflight(args, log)
            if args.command == "compile":
                return compile_command.run(args, log, bound=_index_bound)
            if args.command == "sidecar":
                return intake_command.run(args, log)
            if args.command == "find":
                return _find(args, log)
            if args.command == "post":
                return _post(args, log)
            if args.command in ("init", "new", "preview", "watch", "schema"):
                return workflow_command.run(args, log)  # Ctrl-C ends watch: status 0
            code = _build(args, log)
            if interrupts.seen:  # a library swallowed the KeyboardInterrupt
                raise KeyboardInterrupt
            return code
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
        INTERRUPTED.set()  # no file is put in place after this (see output)
        raise KeyboardInterrupt

    def __enter__(self) -> _Interrupts:
        INTERRUPTED.clear()
        if threading.current_thread() is threading.main_thread():
            self._saved = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._saved is not None:
            signal.signal(signal.SIGINT, self._saved)  # type: ignore[arg-type]
        INTERRUPTED.clear()


if __name__ == "__main__":
    sys.exit(main())

"""The `typeset compile` subcommand: its arguments, progress and exit status.

Kept beside the stages it calls so that `cli` only wires it in. Takes the
parsed arguments; calls `collect`, `compile_year` and `write_catalog`;
prints diagnostics on stderr and progress (one rewritten line on stderr when it
is a terminal, a line per issue on stdout otherwise). Holds no logic beyond
calling the API.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..errors import Diagnostic, InputError, Location, TypesetError, error
from ..progress import Progress
from ..words import plural

# The stages (ReportLab, pypdf, pdfium) are imported by `run`: the other
# subcommands, and `--help`, do not pay for them.
EDITIONS = ("screen", "print")
CATALOG_FORMATS = (".json", ".csv")

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2

DESCRIPTION = """\
Bind every issue of a year into one PDF volume: a cover, a contents page and
an index of headlines typeset with the brand, a nested outline (year > issue
> item), page labels (i, ii … then 112-1, 112-2 …), links, metadata.

Our issues come from --issues (YAML; a missing or out-of-date PDF is built
first into OUT/.cache). Older issues made with other tools come from --pdfs:
each PDF needs a sidecar YAML of the same name (number, date, title, items
with their page, optionally a password). See README.md, "Compile a yearly
volume"."""

EPILOG = """\
examples:
  typeset compile 2024 --issues issues/ --pdfs issues/back-issues/ -o build/
  typeset compile --all --issues issues/ --catalog build/catalog.csv
  typeset compile 2024 --issues issues/ --archive -o build/ura-2024.pdf

exit status: 0 volumes written, 1 bad input (nothing is written for that
year), 2 usage error"""


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "compile",
        parents=[common],
        help="bind a year's issues into one PDF volume",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("years", nargs="*", type=int, metavar="YEAR", help="the years to bind")
    parser.add_argument("--all", action="store_true", help="one volume for every year found")
    parser.add_argument(
        "--json",
        action="store_true",
        help="print the volumes written and every problem as JSON on stdout",
    )
    parser.add_argument("--issues", type=Path, metavar="DIR", help="folder of YAML issues")
    parser.add_argument(
        "--pdfs", type=Path, metavar="DIR", help="folder of foreign PDFs, each with a sidecar YAML"
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("build"),
        metavar="OUT",
        help="a folder for volume-YEAR.pdf (default build/), or a .pdf file for one year",
    )
    parser.add_argument("--brand", type=Path, metavar="FILE", help="brand for the front matter")
    parser.add_argument(
        "--edition",
        choices=EDITIONS,
        default="screen",
        help="which edition of our issues to bind: screen (default; RGB, with links) or "
        "print (CMYK on the print sheet; the volume is PDF/X-4 when every input is "
        "print-ready)",
    )
    parser.add_argument(
        "--archive",
        nargs="?",
        const="strict",
        choices=("strict", "best-effort"),
        help="make the volume PDF/A-2b; with =best-effort, inputs that cannot "
        "conform are warnings instead of errors",
    )
    parser.add_argument(
        "--catalog", type=Path, metavar="FILE", help="write a finding aid (.json or .csv)"
    )
    parser.add_argument(
        "--password",
        action="append",
        default=[],
        metavar="PASSWORD",
        help="a password to try on encrypted inputs (repeatable)",
    )
    parser.add_argument(
        "--strict", action="store_true", help="refuse damaged inputs instead of repairing them"
    )
    parser.add_argument(
        "--allow-missing",
        action="store_true",
        help="bind the year without an input that is refused (damaged beyond repair, wrong "
        "password, not a PDF): a page saying it is missing stands in for it, with a warning",
    )


def _report(diagnostics: Sequence[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=sys.stderr)


def _usage(message: str) -> int:
    print(f"typeset compile: error: {message}", file=sys.stderr)
    return EXIT_USAGE


class _Progress:
    """A line per issue in the log (stdout, for logs and CI) or, when standard
    error is a terminal, one line there rewritten per issue (`progress`)."""

    def __init__(self, log: logging.Logger, quiet: bool) -> None:
        self.log = log
        self.quiet = quiet
        self.line = Progress(enabled=not quiet)

    def __call__(self, done: int, total: int, message: str) -> None:
        if self.quiet:
            return
        if self.line.enabled:
            self.line.update(done, total, message)
            if done == total:
                self.line.clear()
        else:
            self.log.info("[%d/%d] %s", done, total, message)


def _destination(output: Path, year: int) -> Path:
    return output if output.suffix.lower() == ".pdf" else output / f"volume-{year}.pdf"


#: Told of each volume written: (the output folder, the issue files and
#: back-issue PDFs it bound, the folder of the issues compile built); the CLI
#: updates the search index with it.
Bound = Callable[[Path, list[Path], Path], object]


def run(args: argparse.Namespace, log: logging.Logger, *, bound: Bound | None = None) -> int:
    from .catalog import FORMATS, write_catalog
    from .collect import cache_folder, collect
    from .plan import Options, Volume
    from .volume import compile_year

    assert set(FORMATS) == set(CATALOG_FORMATS)
    if args.all == bool(args.years):
        return _usage("give one or more years, or --all")
    if args.issues is None and args.pdfs is None:
        return _usage("give --issues DIR, --pdfs DIR or both")
    if args.output.suffix.lower() == ".pdf" and (args.all or len(args.years) > 1):
        return _usage("-o FILE.pdf is for one year; give a folder for several")
    if args.catalog is not None and args.catalog.suffix.lower() not in CATALOG_FORMATS:
        return _usage(f"--catalog: expected a .json or .csv file, found {args.catalog.name!r}")
    reported: list[Diagnostic] = []
    # --json keeps standard output the JSON alone, and the terminal quiet
    progress = _Progress(log, args.quiet or args.json)

    def report(diagnostics: Sequence[Diagnostic]) -> None:
        reported.extend(diagnostics)
        progress.line.clear()
        _report(diagnostics)

    cache = (args.output.parent if args.output.suffix.lower() == ".pdf" else args.output) / ".cache"
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    try:
        found = collect(
            None if args.all else sorted(set(args.years)),
            issues=args.issues,
            pdfs=args.pdfs,
            cache=cache,
            brand_file=args.brand,
            edition=args.edition,
            source_date_epoch=epoch,
            progress=progress,
        )
    except InputError as exc:
        report(exc.diagnostics)
        if args.json:
            print(_json([], reported, failed=1))
        return EXIT_INPUT
    report(found.warnings)
    options = Options(
        passwords=tuple(args.password),
        strict=args.strict,
        archive=args.archive or "",
        edition=args.edition,
        allow_missing=args.allow_missing,
    )
    volumes: list[Volume] = []
    failed = 0
    for year, candidates in found.by_year.items():
        target = _destination(args.output, year)
        log.info("volume %d: %s -> %s", year, plural(len(candidates), "issue"), target)
        try:
            volume = compile_year(
                year,
                candidates,
                found.brand,
                target,
                options=options,
                progress=progress,
                source_date_epoch=epoch,
            )
        except TypesetError as exc:
            report(exc.diagnostics)
            print(f"volume {year}: not written", file=sys.stderr)
            failed += 1
            continue
        report(volume.warnings)
        volumes.append(volume)
        if bound is not None:
            files = [c.named_file for c in candidates]
            bound(cache.parent, files, cache_folder(cache))
        log.info(
            "wrote %s: %s (%d front matter, %d index), %s bytes from %s bytes of issues",
            volume.path,
            plural(volume.pages, "page"),
            volume.front_pages,
            volume.index_pages,
            f"{volume.size:,}",
            f"{volume.input_bytes:,}",
        )
        if volume.pdfx:
            log.info("%s: PDF/X-4 confirmed by `%s`", volume.path, volume.pdfx)
        if volume.validated_in is not None:
            log.info(
                "%s: PDF/A-2b %s by page-validation in %.1f s",
                volume.path,
                "confirmed" if volume.pdfa else "not confirmed",
                volume.validated_in,
            )
    if args.catalog is not None and volumes:
        try:
            count = write_catalog(args.catalog, volumes)
        except (OSError, ValueError) as exc:
            report([error(Location(str(args.catalog)), f"cannot write the catalog: {exc}")])
            if args.json:
                print(_json(volumes, reported, failed=failed + 1))
            return EXIT_INPUT
        log.info("wrote %s: %s", args.catalog, plural(count, "row"))
    if args.json:
        print(_json(volumes, reported, failed=failed))
    return EXIT_INPUT if failed else EXIT_OK


def _json(volumes: Sequence[Any], problems: Sequence[Diagnostic], *, failed: int) -> str:
    """`--json`: each volume written and every problem, as the text output says them."""
    return json.dumps(
        {
            "volumes": [
                {
                    "year": volume.year,
                    "path": str(volume.path),
                    "pages": volume.pages,
                    "front_pages": volume.front_pages,
                    "index_pages": volume.index_pages,
                    "issues": len(volume.issues),
                    "bytes": volume.size,
                    "pdfa": volume.pdfa,
                    "pdfx": bool(volume.pdfx),
                }
                for volume in volumes
            ],
            "failed": failed,
            "problems": [diagnostic.as_dict() for diagnostic in problems],
        },
        indent=2,
        ensure_ascii=False,
    )


__all__ = ["add_parser", "run"]

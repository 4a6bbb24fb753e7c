"""Preflight reports for people and for programs, and the exit status they mean.

Takes `FileReport`s; gives text (one line per finding, in the project's message
format, with hint lines), JSON (a list with one object per file) and the exit status
(0 clean, 1 errors, or warnings under --strict). Prints nothing itself.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from .findings import FileReport

EXIT_OK, EXIT_FINDINGS = 0, 1


def text_findings(report: FileReport) -> str:
    """Every finding of one file, errors and warnings in page order, with hints."""
    return "\n".join(finding.format() for finding in report.findings)


def text_summary(report: FileReport) -> str:
    """One line per file: ok, or how many errors and warnings."""
    pages = f"{report.pages} page{'s' if report.pages != 1 else ''}" if report.pages else ""
    errors, warnings = len(report.errors), len(report.warnings)
    if not errors and not warnings:
        verdict = "ok"
    else:
        counted = [
            f"{n} {word}{'s' if n != 1 else ''}"
            for n, word in ((errors, "error"), (warnings, "warning"))
            if n
        ]
        verdict = ", ".join(counted)
    shown = f" ({pages}, {report.profile})" if pages else f" ({report.profile})"
    return f"{report.path}{shown}: {verdict}"


def json_reports(reports: Sequence[FileReport]) -> str:
    return json.dumps([report.as_json() for report in reports], indent=2, ensure_ascii=False)


def exit_status(reports: Sequence[FileReport], *, strict: bool = False) -> int:
    return EXIT_OK if all(r.passed(strict=strict) for r in reports) else EXIT_FINDINGS


def rules_help() -> str:
    """The rules table for `typeset preflight --help`: id, severity per profile, what."""
    from .rules import PROFILES, RULES

    names = list(PROFILES)
    lines = [f"rules (E error, W warning, - not checked; in {' / '.join(names)}):"]
    for rule in RULES.values():
        levels = "/".join(
            (level.value[0].upper() if level else "-")
            for level in (rule.severity[name] for name in names)
        )
        lines.append(f"  {rule.id:<26} {levels:<4} {rule.checks}")
    return "\n".join(lines)

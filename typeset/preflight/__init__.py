"""Preflight: judge a finished PDF (ours or anyone's) before it goes to print or online.

Takes a PDF file; gives a `FileReport` of findings, each with a rule id, a severity,
a page (or none, for the whole file), a message and hints. Reads only the file: it
must not import the model, brand, layout, render or build stages, since it judges
what was made, not what was meant. Checks are plain functions listed in `rules.CHECKS`;
`rules.RULES` gives each rule its severity in the `print` and `screen` profiles.

    from typeset.preflight import preflight
    report = preflight("build/2024-03.pdf", profile="print")
    for finding in report.findings:
        print(finding.format())
"""

from __future__ import annotations

from pathlib import Path

from ..limits import PdfLimits
from .document import Document, Settings
from .findings import FileReport, Finding, Problem, Severity
from .pdfa import check_pdfa
from .rules import CHECKS, MIN_BLEED, PROFILES, RULES, SAFE_ZONE, Check, severity
from .structure import open_document

__all__ = [
    "MIN_BLEED",
    "PROFILES",
    "RULES",
    "SAFE_ZONE",
    "FileReport",
    "Finding",
    "Severity",
    "preflight",
]


def _run(name: str, check: Check, doc: Document) -> list[Problem]:
    try:
        return list(check(doc))
    except Exception as exc:  # a file can break a reader in ways no list foresees
        return [
            Problem(
                "check.failed",
                f"the {name} check could not finish: {type(exc).__name__}: {exc}",
                hints=("the file is probably damaged; the other checks still ran",),
            )
        ]


def preflight(
    path: str | Path,
    *,
    profile: str = "print",
    safe_zone: float = SAFE_ZONE,
    min_bleed: float = MIN_BLEED,
    password: str = "",
    limits: PdfLimits | None = None,
) -> FileReport:
    """Check one PDF file against a profile (`print`, `screen`, or `pdfa-2b`: the
    verdict of an independent PDF/A validator); lengths in points.

    Never raises for a bad file: a missing, unreadable or damaged file is a finding.
    Raises `ValueError` only for an unknown profile or a negative length. `limits`
    bounds what the file may decode to (`typeset.limits`); what is over them is an
    error and is never decoded."""
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; use one of {', '.join(PROFILES)}")
    if safe_zone < 0 or min_bleed < 0:
        raise ValueError("the safe zone and the minimum bleed cannot be negative")
    chosen = PROFILES[profile]
    settings = Settings(
        profile, safe_zone, min_bleed, chosen.min_ppi, chosen.good_ppi, limits or PdfLimits()
    )
    path = Path(path)
    opened = open_document(path, settings, password)
    problems = list(opened.problems)
    pages: int | None = None
    doc = opened.document
    if doc is not None and profile == "pdfa-2b":
        pages = len(doc.pages)
        over = doc.bounds.exceeded
        doc.close()
        # the validator decodes every stream whole: never a file over the limits
        if not over:
            problems.extend(check_pdfa(path))
    elif doc is not None:
        try:
            pages = len(doc.pages)
            for name, (check, rules) in CHECKS.items():
                if any(severity(rule, profile) for rule in rules):
                    problems.extend(_run(name, check, doc))
        finally:
            doc.close()
    return FileReport(str(path), profile, pages, _findings(str(path), problems, profile))


def _findings(path: str, problems: list[Problem], profile: str) -> tuple[Finding, ...]:
    findings: list[Finding] = []
    seen: set[tuple[str, int | None, str]] = set()
    for problem in problems:
        level = severity(problem.rule, profile)
        key = (problem.rule, problem.page, problem.message)
        if level is None or key in seen:
            continue
        seen.add(key)
        findings.append(
            Finding(path, level, problem.rule, problem.message, problem.page, problem.hints)
        )
    order = {rule: index for index, rule in enumerate(RULES)}
    findings.sort(key=lambda f: (0 if f.page is None else f.page, order.get(f.rule, len(order))))
    return tuple(findings)

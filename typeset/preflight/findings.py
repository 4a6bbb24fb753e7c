"""What preflight says about a file: problems seen by a check, findings with a severity.

Takes nothing from the rest of preflight. Gives `Problem` (what a check saw: a rule id,
a page or none, a message and hints), `Finding` (a problem with the severity its
profile gives that rule, and the file it is about) and `FileReport` (all findings about
one file). The one message format is the project's:

    build/2024-03-print.pdf: page 2: error: font 'Helvetica' is not embedded
      hint: embed every font when making the PDF
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import Severity

__all__ = ["FileReport", "Finding", "Problem", "Severity"]


@dataclass(frozen=True)
class Problem:
    """One thing a check saw; `page` counts from 1, None means the whole file."""

    rule: str
    message: str
    page: int | None = None
    hints: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Finding:
    """A problem as reported: in a file, with the severity its profile gives the rule."""

    path: str
    severity: Severity
    rule: str
    message: str
    page: int | None = None
    hints: tuple[str, ...] = field(default=())

    def format(self) -> str:
        where = self.path if self.page is None else f"{self.path}: page {self.page}"
        lines = [f"{where}: {self.severity.value}: {self.message}"]
        lines.extend(f"  hint: {hint}" for hint in self.hints)
        return "\n".join(lines)

    def as_json(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "page": self.page,
            "message": self.message,
            "hints": list(self.hints),
        }


@dataclass(frozen=True)
class FileReport:
    """Everything preflight found in one file under one profile."""

    path: str
    profile: str
    pages: int | None
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    def passed(self, *, strict: bool = False) -> bool:
        """No errors; with `strict`, no warnings either."""
        return not self.errors and not (strict and self.warnings)

    def as_json(self) -> dict[str, object]:
        return {
            "file": self.path,
            "profile": self.profile,
            "pages": self.pages,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "findings": [finding.as_json() for finding in self.findings],
        }


def collapse(problems: list[Problem], page_count: int) -> list[Problem]:
    """The same problem on every page of a document of several pages, said once for
    the file ("on all 12 pages") instead of once a page."""
    if page_count < 2:
        return problems
    pages: dict[tuple[str, str], set[int]] = {}
    for problem in problems:
        if problem.page is not None:
            pages.setdefault((problem.rule, problem.message), set()).add(problem.page)
    # the first page of each problem found everywhere, worked out once: a min() per
    # problem made this quadratic (51 of 58 s on a 50,000-page file)
    first = {key: min(found) for key, found in pages.items() if len(found) == page_count}
    result: list[Problem] = []
    for problem in problems:
        key = (problem.rule, problem.message)
        if key not in first:
            result.append(problem)
        elif problem.page == first[key]:
            message = f"{problem.message} (on all {page_count} pages)"
            result.append(Problem(problem.rule, message, None, problem.hints))
    return result

"""Lint, format and types: the code is checked with ruff and mypy --strict."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff_lint_and_format():
    lint = _run(sys.executable, "-m", "ruff", "check", "typeset", "tests", "bench")
    assert lint.returncode == 0, lint.stdout
    fmt = _run(sys.executable, "-m", "ruff", "format", "--check", "typeset", "tests", "bench")
    assert fmt.returncode == 0, fmt.stdout


def test_mypy_strict():
    result = _run(sys.executable, "-m", "mypy")
    assert result.returncode == 0, result.stdout

"""The compile package keeps to its stage: it merges PDFs and never re-renders
an issue's pages, never reaches back into the command line, never loads YAML
unsafely."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "typeset" / "compile"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = "typeset." * (node.level >= 2) + ("typeset.compile." * (node.level == 1))
            names.add(base + (node.module or ""))
    return names


def test_compile_never_imports_the_cli_or_the_issue_layout_flowables():
    for path in PACKAGE.glob("*.py"):
        names = _imports(path)
        assert "typeset.cli" not in names, path.name
        assert "typeset.flowables" not in names or path.stem == "frontmatter", path.name


def test_only_the_input_stage_opens_damaged_files_with_pikepdf():
    for path in PACKAGE.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "yaml.load(" not in text and "yaml.Loader" not in text, path.name
        if path.stem != "inputs":
            assert "pikepdf" not in _imports(path), path.name

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
    """The input stage: opening (`inputs`) and making safe (`normalise`)."""
    for path in PACKAGE.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "yaml.load(" not in text and "yaml.Loader" not in text, path.name
        if path.stem not in ("inputs", "normalise"):
            assert "pikepdf" not in _imports(path), path.name


def _compile_graph() -> dict[str, set[str]]:
    """Module -> the compile modules it imports, `TYPE_CHECKING` blocks included."""
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.glob("*.py"):
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                if node.module:
                    found.add(node.module)
                else:  # from . import a, b
                    found.update(alias.name for alias in node.names)
        graph[path.stem] = found
    return graph


def test_the_compile_stages_import_each_other_without_a_circle():
    graph = _compile_graph()
    state: dict[str, str] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = "open"
        for name in sorted(graph.get(module, ())):
            assert state.get(name) != "open", " -> ".join([*trail, module, name])
            if name not in state:
                visit(name, [*trail, module])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [])


def test_the_stages_read_the_plan_not_the_volume():
    graph = _compile_graph()
    for stage in ("archive", "press", "related", "catalog"):
        assert "plan" in graph[stage] and "volume" not in graph[stage], stage

"""Keep the direction of the pipeline honest: each stage imports only what it may."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "typeset"

#: module -> top-level names it must not import (package modules as "typeset.x")
FORBIDDEN = {
    "errors": {"typeset.*", "yaml", "reportlab", "pypdf"},
    "units": {"typeset.*", "yaml", "reportlab", "pypdf"},
    "source": {
        "reportlab",
        "pypdf",
        "typeset.model",
        "typeset.brand",
        "typeset.layout",
        "typeset.render",
    },
    "schema": {"reportlab", "pypdf", "typeset.model", "typeset.brand", "typeset.layout"},
    "markup": {"reportlab", "pypdf", "yaml", "typeset.*"},
    "model": {"reportlab", "pypdf", "typeset.brand", "typeset.layout", "typeset.render"},
    "geometry": {"reportlab", "pypdf", "yaml", "typeset.*"},
    "defaults": {"reportlab", "pypdf", "yaml", "typeset.*"},
    "limits": {"reportlab", "pypdf", "yaml", "typeset.*"},
    "brand": {"pypdf", "typeset.model", "typeset.layout", "typeset.render"},
    "layout": {"pypdf", "typeset.render", "typeset.cli", "yaml"},
    "render": {"pypdf", "yaml", "typeset.cli"},
    "cli": {"reportlab", "pypdf", "yaml"},
}


def imports(module: str) -> set[str]:
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                names.add(f"typeset.{node.module}" if node.module else "typeset")
            elif node.module:
                names.add(node.module)
    return names


def _matches(name: str, rule: str) -> bool:
    if rule.endswith(".*"):
        return name.startswith(rule[:-1])
    return name == rule or name.startswith(rule + ".")


@pytest.mark.parametrize("module", sorted(FORBIDDEN))
def test_stage_imports_only_what_it_may(module):
    bad = {name for name in imports(module) for rule in FORBIDDEN[module] if _matches(name, rule)}
    assert not bad, f"typeset/{module}.py imports {sorted(bad)}"


def test_only_the_entry_points_import_the_cli():
    for path in PACKAGE.glob("*.py"):
        if path.stem in ("cli", "__main__"):
            continue
        assert "typeset.cli" not in imports(path.stem), path.name


def test_no_module_uses_unsafe_yaml_loading():
    for path in PACKAGE.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "yaml.load(" not in text and "yaml.Loader" not in text, path.name
        assert "FullLoader" not in text and "UnsafeLoader" not in text, path.name

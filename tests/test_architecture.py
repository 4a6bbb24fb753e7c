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
    "words": {"reportlab", "pypdf", "yaml", "typeset.*"},
    # where an issue's brand and images are: paths only, so that find can use it
    "project": {"reportlab", "pypdf", "yaml", "typeset.*"},
    # collecting what pypdf and pikepdf log: the standard library only
    "logs": {"reportlab", "pypdf", "pikepdf", "yaml", "typeset.*"},
    # the CLI's progress line: a terminal and a stream, nothing of the stages
    "progress": {"reportlab", "pypdf", "pikepdf", "yaml", "typeset.*"},
    # converting OpenType CFF fonts knows font files only (fontTools)
    "otf": {"reportlab", "pypdf", "yaml", "typeset.*"},
    # the search index answers without loading the typesetting stages
    "find": {
        "reportlab",
        "pypdf",
        "pikepdf",
        "typeset.layout",
        "typeset.render",
        "typeset.build",
        "typeset.brand",
        "typeset.compile.volume",
        "typeset.cli",
    },
    # measuring PDF streams, shared by preflight and compile: no stage above it
    "streams": {
        "reportlab",
        "pypdf",
        "yaml",
        "typeset.model",
        "typeset.brand",
        "typeset.layout",
        "typeset.render",
        "typeset.preflight",
        "typeset.compile",
        "typeset.cli",
    },
    "brand": {"pypdf", "typeset.model", "typeset.layout", "typeset.render"},
    "layout": {"pypdf", "typeset.render", "typeset.cli", "yaml"},
    # composing knows blocks and a grid, not what an issue or a brand is
    "layout/compose": {
        "pypdf",
        "yaml",
        "typeset.model",
        "typeset.brand",
        "typeset.styles",
        "typeset.render",
        "typeset.build",
        "typeset.cli",
    },
    "layout/report": {"pypdf", "yaml", "typeset.render", "typeset.build", "typeset.cli"},
    "layout/budget": {"pypdf", "yaml", "typeset.render", "typeset.build", "typeset.cli"},
    # page furniture shared by issues and volumes: no story, no volume, no stage above it
    "furniture": {
        "pypdf",
        "yaml",
        "typeset.model",
        "typeset.layout",
        "typeset.pages",
        "typeset.render",
        "typeset.build",
        "typeset.compile",
        "typeset.preflight",
        "typeset.cli",
    },
    # what an edition switches, decided without drawing or reading anything
    "edition": {"reportlab", "pypdf", "yaml", "typeset.layout", "typeset.render", "typeset.brand"},
    "render": {"pypdf", "yaml", "typeset.cli"},
    "cli": {"reportlab", "pypdf", "yaml"},
    "postspec": {"reportlab", "pypdf", "typeset.model", "typeset.layout", "typeset.render"},
    # the web post is made with the web's tools; its PDF comes from the build API
    "web": {
        "reportlab",
        "pypdf",
        "pikepdf",
        "yaml",
        "typeset.layout",
        "typeset.render",
        "typeset.flowables",
        "typeset.pages",
        "typeset.paragraphs",
        "typeset.styles",
        "typeset.compile",
        "typeset.preflight",
        "typeset.cli",
    },
    # composing text: measured runs in, lines out; no notion of issues or pages;
    # right-to-left text (bidi, shaping, glyphs) knows fonts by file only
    "text": {
        "pypdf",
        "yaml",
        "typeset.source",
        "typeset.schema",
        "typeset.model",
        "typeset.brand",
        "typeset.styles",
        "typeset.paragraphs",
        "typeset.flowables",
        "typeset.layout",
        "typeset.render",
        "typeset.build",
        "typeset.compile",
        "typeset.preflight",
        "typeset.cli",
    },
    # the breaker sees boxes, glue and penalties only: no fonts, no ReportLab
    "text/breaker": {"reportlab", "pypdf", "yaml", "typeset.*"},
    # breaking a link line: strings, a width function and which script a
    # character is in (text.scripts); no fonts, no shaping, no ReportLab
    "text/links": {
        "reportlab",
        "pypdf",
        "pikepdf",
        "yaml",
        "uharfbuzz",
        "typeset.fonts",
        "typeset.flowables",
        "typeset.layout",
        "typeset.model",
        "typeset.brand",
        "typeset.render",
        "typeset.text.shaping",
        "typeset.text.glyphs",
        "typeset.text.measure",
        "typeset.text.breaker",
    },
    # preflight judges the finished file, never the intent: no stage that makes it
    "preflight": {
        "reportlab",
        "pypdf",
        "yaml",
        "typeset.source",
        "typeset.schema",
        "typeset.model",
        "typeset.brand",
        "typeset.defaults",
        "typeset.geometry",
        "typeset.styles",
        "typeset.flowables",
        "typeset.pages",
        "typeset.layout",
        "typeset.render",
        "typeset.build",
        "typeset.cli",
    },
    # the designer's loop calls the public entry points (build, brand, model) and
    # the web post's thumbnail; never a stage's insides, never the CLI
    "workflow": {"pypdf", "typeset.cli", "typeset.layout", "typeset.render", "typeset.compile"},
    # the volume's plan is a leaf of compile: every stage reads it, it reads no stage
    "compile/plan": {
        "reportlab",
        "pypdf",
        "pikepdf",
        "pypdfium2",
        "typeset.cli",
        "typeset.compile.volume",
        "typeset.compile.archive",
        "typeset.compile.press",
        "typeset.compile.related",
        "typeset.compile.frontmatter",
        "typeset.compile.dedupe",
        "typeset.compile.metadata",
        "typeset.compile.catalog",
        "typeset.compile.command",
    },
}


def _package_of(path: Path) -> str:
    """The dotted package a module file lives in: typeset, or typeset.preflight."""
    return ".".join(path.parent.relative_to(PACKAGE.parent).parts)


def imports_in(source: str, package: str) -> set[str]:
    """Absolute names of what `source` (a module of `package`) imports."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1])
                module = f"{base}.{node.module}" if node.module else base
                # `from . import x` imports the module x itself
                names.update(
                    [module] if node.module else [f"{module}.{alias.name}" for alias in node.names]
                )
            elif node.module:
                names.add(node.module)
    return names


def module_files(module: str) -> list[Path]:
    """The files of a stage: typeset/<module>.py, or every file of typeset/<module>/."""
    folder = PACKAGE / module
    return sorted(folder.rglob("*.py")) if folder.is_dir() else [PACKAGE / f"{module}.py"]


def imports(module: str) -> set[str]:
    names: set[str] = set()
    for path in module_files(module):
        names |= imports_in(path.read_text(encoding="utf-8"), _package_of(path))
    return names


def _matches(name: str, rule: str) -> bool:
    if rule.endswith(".*"):
        return name.startswith(rule[:-1])
    return name == rule or name.startswith(rule + ".")


@pytest.mark.parametrize("module", sorted(FORBIDDEN))
def test_stage_imports_only_what_it_may(module):
    bad = {name for name in imports(module) for rule in FORBIDDEN[module] if _matches(name, rule)}
    assert not bad, f"typeset/{module}.py imports {sorted(bad)}"


def test_relative_imports_resolve_from_their_own_package():
    source = "from . import a\nfrom .b import c\nfrom ..model import Issue\nimport pikepdf\n"
    assert imports_in(source, "typeset.preflight") == {
        "typeset.preflight.a",
        "typeset.preflight.b",
        "typeset.model",
        "pikepdf",
    }
    assert imports_in("from .errors import Location\n", "typeset") == {"typeset.errors"}


def test_a_forbidden_import_inside_a_package_is_caught():
    found = imports_in("from ..layout import build_story\n", "typeset.preflight")
    assert any(_matches(name, "typeset.layout") for name in found)


def test_only_the_entry_points_import_the_cli():
    for path in PACKAGE.rglob("*.py"):
        if path.stem in ("cli", "__main__") and path.parent == PACKAGE:
            continue
        names = imports_in(path.read_text(encoding="utf-8"), _package_of(path))
        assert "typeset.cli" not in names, path.name


def test_no_module_uses_unsafe_yaml_loading():
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "yaml.load(" not in text and "yaml.Loader" not in text, path.name
        assert "FullLoader" not in text and "UnsafeLoader" not in text, path.name

"""The packages of scripts/ are layers of the pipeline: each imports only those below it, and only the
adapter (and the measuring tools, which run builds) imports MkDocs."""

from __future__ import annotations

import ast

from conftest import ROOT

# Lowest first. commands and bench are both on top: neither is imported by the site.
LAYERS = ("content", "analysis", "search", "pages", "adapter", "commands", "bench")
MKDOCS_ALLOWED = {"adapter", "bench"}


def _imports(path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
        elif isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
    return names


def test_every_module_lives_in_a_layer():
    loose = [p.name for p in (ROOT / "scripts").glob("*.py") if p.name != "__init__.py"]
    assert loose == []
    assert sorted(p.name for p in (ROOT / "scripts").iterdir() if p.is_dir() and p.name != "__pycache__") == sorted(
        LAYERS
    )


def test_imports_run_downward_and_only_the_adapter_imports_mkdocs():
    wrong = []
    for path in sorted((ROOT / "scripts").rglob("*.py")):
        layer = path.relative_to(ROOT / "scripts").parts[0]
        if layer not in LAYERS:
            continue
        for name in _imports(path):
            parts = name.split(".")
            if parts[0] == "scripts" and len(parts) > 1 and parts[1] in LAYERS:
                other = parts[1]
                on_top = {layer, other} <= {"commands", "bench"}
                if LAYERS.index(other) > LAYERS.index(layer) and not on_top:
                    wrong.append(f"{path.relative_to(ROOT)} imports {name}")
            if parts[0] in ("mkdocs", "material") and layer not in MKDOCS_ALLOWED:
                wrong.append(f"{path.relative_to(ROOT)} imports {name}")
    assert wrong == []


def test_the_checker_flags_an_upward_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("from scripts.pages.site import generate\nimport mkdocs.config\n")
    assert _imports(module) == ["scripts.pages.site", "mkdocs.config"]

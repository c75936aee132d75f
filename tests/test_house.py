"""The house: folders in pipeline order, each importing only those before it; modules, functions
and classes kept small. Read from the source with `ast`, function-level imports included."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "docsite"
# The one-way flow: each layer may import itself and the layers before it, never one after.
LAYERS = [
    "docsite",  # the package itself: its version
    "docsite.errors",
    "docsite.config",
    "docsite.source",
    "docsite.plan",
    "docsite.render",
    "docsite.layout",
    "docsite.output",
    "docsite.build",
    "docsite.commands",
    "docsite.cli",
    "docsite.__main__",
]


def modules() -> dict[str, Path]:
    """Every module of the package by its dotted name."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = modules()


def layer(name: str) -> int:
    """The index of the layer a module belongs to."""
    return max(i for i, top in enumerate(LAYERS) if name == top or name.startswith(top + "."))


def imported(name: str, path: Path) -> set[str]:
    """The docsite modules a module imports, anywhere in it (`from x import y` may be a module)."""
    found: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            names = {f"{base}.{alias.name}" for alias in node.names}
            submodules = names & MODULES.keys()
            # `from package import module` imports the module; `from package import name`, it
            # imports the package.
            found |= submodules if submodules == names else {base, *submodules}
    return {m for m in found if m in MODULES and m != name}


GRAPH = {name: imported(name, path) for name, path in MODULES.items()}


def test_every_module_is_in_a_layer():
    assert all(layer(name) >= 0 for name in MODULES)
    assert GRAPH["docsite.errors"] == set()  # beneath them all


def test_each_folder_imports_only_the_folders_before_it():
    wrong = [
        f"{name} imports {other}"
        for name, others in GRAPH.items()
        for other in others
        if layer(other) > layer(name)
    ]
    assert wrong == []


def test_no_module_imports_in_a_circle():
    def cycle_from(start: str) -> list[str] | None:
        stack, seen = [(start, [start])], set()
        while stack:
            node, path = stack.pop()
            for other in sorted(GRAPH[node]):
                if other == start:
                    return path
                if other not in seen:
                    seen.add(other)
                    stack.append((other, [*path, other]))
        return None

    circles = {" -> ".join(c) for name in MODULES if (c := cycle_from(name))}
    assert circles == set()


def test_the_checker_sees_a_backward_import(tmp_path):
    # The checks above are only worth something if they can fail: a `render` module importing
    # `build` (inside a function, as a newcomer might write it) is seen.
    path = tmp_path / "page.py"
    path.write_text("def f():\n    from docsite.build.recipe import build\n")
    found = imported("docsite.render.page", path)
    assert "docsite.build.recipe" in found
    assert layer("docsite.build.recipe") > layer("docsite.render.page")


def spans(tree: ast.AST, kinds: tuple[type, ...]) -> list[tuple[str, int]]:
    return [
        (node.name, (node.end_lineno or node.lineno) - node.lineno + 1)  # type: ignore[attr-defined]
        for node in ast.walk(tree)
        if isinstance(node, kinds)
    ]


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_functions_and_classes_stay_small(name):
    text = MODULES[name].read_text(encoding="utf-8")
    tree = ast.parse(text)
    assert len(text.splitlines()) <= 300, f"{name} has {len(text.splitlines())} lines"
    functions = spans(tree, (ast.FunctionDef, ast.AsyncFunctionDef))
    assert [f for f in functions if f[1] > 50] == []
    assert [c for c in spans(tree, (ast.ClassDef,)) if c[1] > 250] == []
    assert ast.get_docstring(tree), f"{name} has no docstring"

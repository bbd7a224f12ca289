"""The generator's modules import each other in one direction only.

Every import of one of the generator's own modules counts, at any depth: a
function-local import that reaches back up is a circle as much as a top-level
one (it only moves the failure from import time to the first call).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "generator"


def modules(root: Path = ROOT / PACKAGE) -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its `__init__`)."""
    found: dict[str, Path] = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imported(name: str, path: Path, known: set[str]) -> Iterator[tuple[str, int, bool]]:
    """(module, line, relative?) for each of the package's own modules `name` imports."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [(alias.name, False) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            # `from pkg import module` imports the module; `from module import name` the module
            targets = [(f"{base}.{a.name}" if f"{base}.{a.name}" in known else base,
                       bool(node.level)) for a in node.names]
        else:
            continue
        for target, relative in targets:
            if target in known and target != name:
                yield target, node.lineno, relative


def graph() -> dict[str, dict[str, int]]:
    """module -> {module it imports: line of the first such import}."""
    found = modules()
    edges: dict[str, dict[str, int]] = {}
    for name, path in found.items():
        edges[name] = {}
        for target, line, _ in imported(name, path, set(found)):
            edges[name].setdefault(target, line)
    return edges


def circles(edges: dict[str, dict[str, int]]) -> list[list[str]]:
    """One import path around each circle found by a depth-first walk."""
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        path.append(name)
        for target in sorted(edges.get(name, {})):
            if state.get(target) == 1:
                found.append([*path[path.index(target):], target])
            elif target not in state:
                visit(target)
        path.pop()
        state[name] = 2

    for name in sorted(edges):
        if name not in state:
            visit(name)
    return found


def test_no_module_of_the_generator_imports_itself_back_through_others() -> None:
    edges = graph()
    described = [" -> ".join(f"{a} (line {edges[a][b]})" for a, b in zip(c, c[1:], strict=False))
                 + f" -> {c[-1]}" for c in circles(edges)]
    assert described == [], "import circles:\n" + "\n".join(described)


def test_the_generator_imports_its_own_modules_relatively() -> None:
    found = modules()
    absolute = [f"{path.relative_to(ROOT)}:{line}: {target}"
                for name, path in found.items()
                for target, line, relative in imported(name, path, set(found))
                if not relative]
    assert absolute == []


def test_the_circle_finder_finds_a_circle_through_a_local_import(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from .b import x\n")
    (package / "b.py").write_text("def f():\n    from pkg import a\n")
    (package / "c.py").write_text("from . import b\n")
    found = modules(package)
    edges = {name: {t: line for t, line, _ in imported(name, path, set(found))}
             for name, path in found.items()}
    assert edges["pkg.a"] == {"pkg.b": 1}
    assert edges["pkg.c"] == {"pkg.b": 1}
    assert circles(edges) == [["pkg.a", "pkg.b", "pkg.a"]]

"""Every public method, model and model field of the generated client has a docstring."""

from __future__ import annotations

import ast
from pathlib import Path


def _classes(path: Path) -> list[ast.ClassDef]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node for node in tree.body if isinstance(node, ast.ClassDef)]


def test_every_public_method_has_a_docstring_naming_its_scopes(generated: Path) -> None:
    missing = []
    methods = 0
    for path in sorted((generated / "src/ahasend/resources").glob("[!_]*.py")):
        for cls in _classes(path):
            for node in cls.body:
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) \
                        and not node.name.startswith("_"):
                    methods += 1
                    doc = ast.get_docstring(node) or ""
                    if "Required scopes:" not in doc or "Returns:" not in doc:
                        missing.append(f"{path.name}: {cls.name}.{node.name}")
    assert not missing, missing
    assert methods >= 80  # sync and async


def test_every_model_and_field_has_a_docstring(generated: Path) -> None:
    missing = []
    fields = 0
    for path in sorted((generated / "src/ahasend/types").glob("[!_]*.py")):
        for cls in _classes(path):
            if not ast.get_docstring(cls):
                missing.append(f"{path.name}: {cls.name}")
            body = cls.body
            for index, node in enumerate(body):
                if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) \
                        and node.target.id != "model_config":
                    fields += 1
                    after = body[index + 1] if index + 1 < len(body) else None
                    if not (isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
                            and isinstance(after.value.value, str) and after.value.value.strip()):
                        missing.append(f"{path.name}: {cls.name}.{node.target.id}")
    assert not missing, missing
    assert fields >= 300

"""`import ahasend` stays cheap: resources and models load when first used, and
then only the ones that resource needs."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.contract.conftest import CLIENT_SRC

PACKAGE = CLIENT_SRC / "ahasend"
PROBE = """
import json, sys
def loaded():
    return sorted(m for m in sys.modules
                  if m.startswith(("ahasend.resources.", "ahasend.types.")))
import ahasend
steps = {"import": loaded()}
client = ahasend.AhaSend(api_key="aha-sk-lazy", account_id="acc")
steps["construct"] = loaded()
client.messages
steps["messages"] = loaded()
print(json.dumps(steps))
"""


@pytest.fixture(scope="module")
def probe() -> dict[str, list[str]]:
    """The `ahasend.resources.*`/`ahasend.types.*` modules loaded after each step."""
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                            timeout=60, cwd=CLIENT_SRC, env={"PYTHONPATH": str(CLIENT_SRC)})
    assert result.returncode == 0, result.stderr
    steps: dict[str, list[str]] = json.loads(result.stdout)
    return steps


def type_modules_needed(module: Path) -> set[str]:
    """The `ahasend.types.*` modules `module` imports, followed transitively."""
    needed: set[str] = set()
    pending = [module]
    while pending:
        tree = ast.parse(pending.pop().read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                name = _types_module(node)
                if name and name not in needed:
                    needed.add(name)
                    pending.append(PACKAGE / "types" / f"{name.rsplit('.', 1)[1]}.py")
    return needed


def _types_module(node: ast.ImportFrom) -> str | None:
    """`from ..types.address import` (in a resource) or `from .address import` (in a
    types module) as `ahasend.types.address`; None for anything else."""
    module = node.module or ""
    if node.level == 2 and module.startswith("types."):
        return f"ahasend.{module}"
    if node.level == 1 and "." not in module and not module.startswith("_"):
        return f"ahasend.types.{module}"
    return None


def test_importing_the_package_and_making_a_client_loads_no_resource_or_model(
    probe: dict[str, list[str]],
) -> None:
    assert probe["import"] == [] and probe["construct"] == []


def test_the_first_use_of_a_resource_loads_it_and_only_the_models_it_needs(
    probe: dict[str, list[str]],
) -> None:
    loaded = set(probe["messages"])
    resources = {m for m in loaded if m.startswith("ahasend.resources.")}
    assert resources == {"ahasend.resources.messages"}
    expected = type_modules_needed(PACKAGE / "resources" / "messages.py")
    assert expected and loaded - resources == expected

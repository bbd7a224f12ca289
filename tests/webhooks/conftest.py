"""Clients generated through the CLI, with webhook events, imported in this process.

Each gets its own import name, so it can never be confused with a real
`ahasend` installed or generated elsewhere.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

from generator.cli import main

ROOT = Path(__file__).resolve().parents[2]
WEBHOOKS_SPEC = ROOT / "spec" / "ahasend-webhooks.yaml"
EVENTS_PACKAGE = "ahasend_events_test"
ENV_PREFIX = "MINI"

# A main spec with one operation: the webhooks come from another document.
MINI_API = """\
openapi: 3.1.0
info: {title: Mini API, version: 1.0.0}
paths:
  /ping:
    get:
      operationId: ping
      responses:
        '200': {description: pong}
"""


def generate(root: Path, spec: str, *, package: str, webhooks: Path | str | None = None,
             extra_files: dict[str, str] | None = None) -> Path:
    """Run `ahasend-codegen generate` on `spec` in `root`; returns the client's `src`."""
    root.mkdir(parents=True, exist_ok=True)
    for name, text in {"openapi.yaml": spec, **(extra_files or {})}.items():
        (root / name).write_text(text, encoding="utf-8")
    config = (f"[package]\ndistribution = {json.dumps(package)}\n"
              f"import_name = {json.dumps(package)}\nclient_class = \"Mini\"\n"
              f"env_prefix = {json.dumps(ENV_PREFIX)}\n")
    if webhooks is not None:
        config += f"\n[webhooks]\nspec = {json.dumps(str(webhooks))}\n"
    (root / "codegen.toml").write_text(config, encoding="utf-8")
    result = CliRunner().invoke(main, [
        "generate", "--spec", str(root / "openapi.yaml"), "--config", str(root / "codegen.toml"),
        "--out", str(root / "generated"),
    ], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return root / "generated" / "src"


@contextmanager
def imported(src: Path, package: str) -> Iterator[ModuleType]:
    sys.path.insert(0, str(src))
    try:
        yield importlib.import_module(package)
    finally:
        sys.path.remove(str(src))
        for name in [n for n in sys.modules if n.split(".")[0] == package]:
            del sys.modules[name]


@pytest.fixture(scope="session")
def events_src(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A client whose webhook events come from spec/ahasend-webhooks.yaml."""
    return generate(tmp_path_factory.mktemp("events"), MINI_API, package=EVENTS_PACKAGE,
                    webhooks=WEBHOOKS_SPEC)


@pytest.fixture(scope="session")
def events_package(events_src: Path) -> Iterator[ModuleType]:
    with imported(events_src, EVENTS_PACKAGE) as package:
        yield package

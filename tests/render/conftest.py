"""Rendered packages shared by the render tests: the hand-built sample API and,
when the build stage can read it, the real AhaSend spec."""

from __future__ import annotations

import dataclasses
import importlib
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import ModuleType

import pytest

from generator.config import Config, load_config
from generator.render import render_api
from tests.render.sample_api import sample_api

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
PYTHON = Path(sys.executable)
# The sample package is imported in-process under this name, so it can never
# be confused with a real `ahasend` installed or generated elsewhere.
SAMPLE_PACKAGE = "ahasend_render_sample"


def write_tree(root: Path, files: Mapping[str, str]) -> Path:
    for relative, text in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


def run_python(code: str, src: Path, *, env: Mapping[str, str] | None = None) -> str:
    """Run `code` in a fresh interpreter with `src` on sys.path; return its stdout."""
    result = subprocess.run(
        [str(PYTHON), "-c", code], cwd=src, capture_output=True, text=True, timeout=120,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(src), **(env or {})},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def run_mypy(package_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PYTHON), "-m", "mypy", "--strict", "--no-incremental", str(package_dir)],
        cwd=package_dir.parent, capture_output=True, text=True, timeout=600,
    )


@pytest.fixture(scope="session")
def sample_files() -> dict[str, str]:
    return render_api(sample_api(), TEMPLATES)


@pytest.fixture(scope="session")
def sample_src(sample_files: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample distribution written to disk; returns its `src` directory."""
    return write_tree(tmp_path_factory.mktemp("sample"), sample_files) / "src"


@pytest.fixture(scope="session")
def sample_module(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """The sample package imported in this process, as `ahasend_render_sample`."""
    api = dataclasses.replace(sample_api(), package=SAMPLE_PACKAGE)
    src = write_tree(tmp_path_factory.mktemp("importable"), render_api(api, TEMPLATES)) / "src"
    sys.path.insert(0, str(src))
    try:
        yield importlib.import_module(SAMPLE_PACKAGE)
    finally:
        sys.path.remove(str(src))
        for name in [n for n in sys.modules if n.split(".")[0] == SAMPLE_PACKAGE]:
            del sys.modules[name]


@pytest.fixture(scope="session")
def real_files() -> dict[str, str]:
    """The client rendered from spec/ahasend-openapi-v2.yaml."""
    from generator import build
    from generator.load import load_document
    from generator.normalise import normalise

    document, _ = normalise(load_document(ROOT / "spec" / "ahasend-openapi-v2.yaml"))
    config: Config = load_config(ROOT / "spec" / "codegen.toml")
    return render_api(build.build_api(document, config), TEMPLATES, config=config)


@pytest.fixture(scope="session")
def real_src(real_files: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tree(tmp_path_factory.mktemp("real"), real_files) / "src"
